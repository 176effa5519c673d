/* main.c - the command line: a table of subcommands, each with its own
 * options (DESIGN.md, Command line). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "bundle.h"
#include "input.h"
#include "options.h"
#include "report.h"
#include "store.h"
#include "util.h"

#define EXIT_DONE 0
#define EXIT_FINDING 1
#define EXIT_USAGE 2
#define EXIT_NOINPUT 3

struct cmd {
	const char *name;
	const char *args;
	const char *summary;
	const char *help;	/* options and details */
	int (*run)(const struct cmd *cmd, int argc, char **argv);
};

static int cmd_inventory(const struct cmd *cmd, int argc, char **argv);
static int cmd_unbuilt(const struct cmd *cmd, int argc, char **argv);

static const char limits_help[] =
	"Limits (each hit is reported on its entry; the rest goes on):\n"
	"      --max-total SIZE     uncompressed bytes in all (default 16G)\n"
	"      --max-ratio N        compression ratio per entry, checked after\n"
	"                           the first 16M (default 1000)\n"
	"      --max-depth N        archive nesting depth (default 8)\n"
	"      --max-entries N      entries in all (default 1000000)\n"
	"      --max-record SIZE    longest line or record (default 64M)\n";

static const struct cmd commands[] = {
	{"analyze", "[OPTIONS] INPUT...",
	 "root causes and fixes for the errors in the inputs",
	 "Finds every error a user saw in the inputs and explains it: the root\n"
	 "cause, the evidence (file and line), the fix and who applies it.\n",
	 cmd_unbuilt},
	{"timeline", "[OPTIONS] INPUT...", "all events, merged, in time order",
	 "Lists every event in the inputs in time order (text, ndjson, csv).\n",
	 cmd_unbuilt},
	{"inventory", "[OPTIONS] INPUT...",
	 "what is in the inputs and how each part was read",
	 "Lists every entry in the inputs (files, directories, archives nested to\n"
	 "any depth, \"-\" for standard input) with its size, detected format,\n"
	 "number of records and status: ok, partial, unsupported or error, with\n"
	 "the reason and the line or offset.\n\n"
	 "Options:\n"
	 "  -f, --format FMT         text (default), json, md or html\n"
	 "  -o, --output FILE        write to FILE instead of standard output\n"
	 "      --tz ZONE            zone of local times that carry none (default UTC)\n"
	 "      --progress WHEN      auto (default: on a terminal), always, never\n",
	 cmd_inventory},
	{"explain", "TEXT|CODE...",
	 "what an error means, its causes and fixes (no input needed)",
	 "Looks up an error text or code (AADSTS50105, OAUTH_APP_ACCESS_DENIED,\n"
	 "\"Access denied for this user\") in the knowledge base.\n",
	 cmd_unbuilt},
	{"rules", "list|check|test [DIR...]", "list, check or test the rules",
	 "Works with the rule files of the knowledge base.\n", cmd_unbuilt},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *f)
{
	fprintf(f, "usage: %s COMMAND [OPTIONS] [INPUT...]\n\n"
		"Explains why Salesforce in Outlook fails, from the support bundle\n"
		"(Salesforce exports, Outlook / add-in logs, Entra and Microsoft 365\n"
		"audit logs; folders and archives nested to any depth). Offline.\n\n"
		"Commands:\n", progname);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n  --help       this text; '%s COMMAND --help' for a command\n"
		"  --version    the version\n\n"
		"Exit status: 0 done, 1 a finding at or above --fail-on, 2 usage\n"
		"error, 3 no input could be read.\n", progname);
}

static void
cmd_usage(const struct cmd *c, FILE *f)
{
	fprintf(f, "usage: %s %s %s\n\n%s\n%s", progname, c->name, c->args,
		c->help, c->run == cmd_inventory ? limits_help : "");
}

static int usage_error(const struct cmd *c, const char *fmt, ...) T_PRINTF(2, 3);

static int
usage_error(const struct cmd *c, const char *fmt, ...)
{
	fprintf(stderr, "%s: ", progname);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s %s --help'.\n", progname, c ? c->name : "");
	return EXIT_USAGE;
}

static int
cmd_unbuilt(const struct cmd *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			cmd_usage(cmd, stdout);
			printf("\nNot built yet in triage %s.\n", PACKAGE_VERSION);
			return EXIT_DONE;
		}
	}
	fprintf(stderr, "%s: '%s' is not built yet in triage %s; "
		"'%s inventory' shows what the inputs hold.\n",
		progname, cmd->name, PACKAGE_VERSION, progname);
	return EXIT_USAGE;
}

enum {
	OPT_TZ = 256,
	OPT_PROGRESS,
	OPT_MAX_TOTAL,
	OPT_MAX_RATIO,
	OPT_MAX_DEPTH,
	OPT_MAX_ENTRIES,
	OPT_MAX_RECORD,
};

static uint64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
cmd_inventory(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"tz", required_argument, NULL, OPT_TZ},
		{"progress", required_argument, NULL, OPT_PROGRESS},
		{"max-total", required_argument, NULL, OPT_MAX_TOTAL},
		{"max-ratio", required_argument, NULL, OPT_MAX_RATIO},
		{"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
		{"max-entries", required_argument, NULL, OPT_MAX_ENTRIES},
		{"max-record", required_argument, NULL, OPT_MAX_RECORD},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct options opt;
	options_defaults(&opt);
	enum out_format fmt = OUT_TEXT;
	const char *output = NULL;
	const char *progress = "auto";
	uint64_t v;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (out_format_parse(optarg, &fmt) < 0)
				return usage_error(cmd, "unknown format '%s' (text, json, md, html)", optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_TZ:
			opt.tz = optarg;
			break;
		case OPT_PROGRESS:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never"))
				return usage_error(cmd, "--progress takes auto, always or never, not '%s'", optarg);
			progress = optarg;
			break;
		case OPT_MAX_TOTAL:
			if (parse_size(optarg, &v) < 0 || v == 0)
				return usage_error(cmd, "bad size for --max-total: '%s'", optarg);
			opt.limits.total_bytes = v;
			break;
		case OPT_MAX_RECORD:
			if (parse_size(optarg, &v) < 0 || v < 64 || v > (1ULL << 32))
				return usage_error(cmd, "bad size for --max-record: '%s' (64 to 4G)", optarg);
			opt.limits.record_bytes = v;
			break;
		case OPT_MAX_RATIO:
			if (parse_uint(optarg, UINT32_MAX, &v) < 0 || v == 0)
				return usage_error(cmd, "bad number for --max-ratio: '%s'", optarg);
			opt.limits.ratio = v;
			break;
		case OPT_MAX_DEPTH:
			if (parse_uint(optarg, 64, &v) < 0)
				return usage_error(cmd, "bad number for --max-depth: '%s' (0 to 64)", optarg);
			opt.limits.depth = (unsigned)v;
			break;
		case OPT_MAX_ENTRIES:
			if (parse_uint(optarg, UINT64_MAX, &v) < 0 || v == 0)
				return usage_error(cmd, "bad number for --max-entries: '%s'", optarg);
			opt.limits.entries = v;
			break;
		case 'h':
			cmd_usage(cmd, stdout);
			return EXIT_DONE;
		case ':':
			return usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	int nin = argc - optind;
	if (nin == 0 && isatty(0))
		return usage_error(cmd, "no input given%s", "");
	if (strcmp(progress, "auto") == 0)
		opt.progress = isatty(2);
	else
		opt.progress = strcmp(progress, "always") == 0;

	FILE *out = stdout;
	if (output && strcmp(output, "-") != 0) {
		out = fopen(output, "w");
		if (out == NULL) {
			fprintf(stderr, "%s: cannot write %s: %s\n", progname, output,
				strerror(errno));
			return EXIT_USAGE;
		}
	}

	uint64_t t0 = now_ms();
	struct inputs ins;
	inputs_init(&ins);
	struct store *st = store_new();
	struct walker w;
	walker_init(&w, &opt, &ins, st);
	int readable = 0;
	if (nin == 0) {
		readable += walker_add(&w, "-") == 0;
	} else {
		for (int i = optind; i < argc; i++)
			readable += walker_add(&w, argv[i]) == 0;
	}
	walker_finish(&w);
	struct run_stats stats = {
		.bytes = w.bytes,
		.records = store_count(st),
		.files = w.files,
		.elapsed_ms = now_ms() - t0,
	};
	inventory_write(out, fmt, &ins, &stats);
	int rc = readable ? EXIT_DONE : EXIT_NOINPUT;
	if (rc == EXIT_NOINPUT) {
		for (size_t i = 0; i < ins.n; i++)
			if (ins.v[i].status == ST_ERROR && ins.v[i].nwarnings)
				fprintf(stderr, "%s: %s: %s\n", progname, ins.v[i].locator,
					ins.v[i].warnings[0].message);
		fprintf(stderr, "%s: no input could be read\n", progname);
	}
	if (out != stdout) {
		if (fclose(out) != 0) {
			fprintf(stderr, "%s: cannot write %s: %s\n", progname, output,
				strerror(errno));
			rc = EXIT_NOINPUT;
		}
	} else if (fflush(stdout) != 0) {
		rc = EXIT_NOINPUT;
	}
	inputs_free(&ins);
	store_free(st);
	return rc;
}

int
main(int argc, char **argv)
{
	xmlInitParser();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *a = argv[1];
	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0 || strcmp(a, "help") == 0) {
		usage(stdout);
		return EXIT_DONE;
	}
	if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
		printf("triage %s\n", PACKAGE_VERSION);
		return EXIT_DONE;
	}
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(a, commands[i].name) == 0) {
			int rc = commands[i].run(&commands[i], argc - 1, argv + 1);
			xmlCleanupParser();
			return rc;
		}
	}
	if (a[0] == '-')
		fprintf(stderr, "%s: unknown option '%s'\n", progname, a);
	else
		fprintf(stderr, "%s: unknown command '%s'\n", progname, a);
	fprintf(stderr, "Try '%s --help'.\n", progname);
	return EXIT_USAGE;
}
