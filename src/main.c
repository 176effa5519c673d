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
#include <sys/ioctl.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "bundle.h"
#include "analyze.h"
#include "cmd_rules.h"
#include "engine.h"
#include "explain.h"
#include "model.h"
#include "rules.h"
#include "input.h"
#include "options.h"
#include "redact.h"
#include "report.h"
#include "store.h"
#include "timefmt.h"
#include "timeline.h"
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
static int cmd_timeline(const struct cmd *cmd, int argc, char **argv);
static int cmd_analyze(const struct cmd *cmd, int argc, char **argv);
static int cmd_explain_run(const struct cmd *cmd, int argc, char **argv);

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
	 "cause, the evidence (file and line), what is missing and who can send\n"
	 "it, the fix and which admin applies it.  Findings come ranked by\n"
	 "confidence; errors no rule explains are listed as unexplained.\n\n"
	 "Options:\n"
	 "  -f, --format FMT         text (default), json (triage.report/1), md or html\n"
	 "  -o, --output FILE        write to FILE instead of standard output\n"
	 "  -R, --rules DIR          also use the rules in DIR (repeatable)\n"
	 "      --no-default-rules   leave out the shipped rules\n"
	 "      --user NAME          only errors of NAME (any of their names)\n"
	 "      --since TIME         only errors at or after TIME (ISO 8601)\n"
	 "      --until TIME         only errors before TIME (ISO 8601)\n"
	 "      --fail-on SEVERITY   exit 1 when a finding is at least SEVERITY\n"
	 "                           (info, low, medium, high, critical)\n"
	 "      --tz ZONE            zone of local times that carry none (default UTC)\n"
	 "      --progress WHEN      auto (default: on a terminal), always, never\n"
	 "  -q, --quiet              text: the summary line only\n"
	 "      --width N            text: wrap at N columns (default: the terminal's,\n"
	 "                           else 100; 0: never)\n"
	 "      --color WHEN         text: auto (default: on a terminal, unless NO_COLOR\n"
	 "                           is set), always, never\n"
	 "      --redact             people, addresses, IPs, tenant, org and object ids,\n"
	 "                           host names replaced by person-1, ip-1, ... everywhere\n"
	 "      --redact-map FILE    also write which pseudonym stands for what to FILE\n",
	 cmd_analyze},
	{"timeline", "[OPTIONS] INPUT...", "all events, merged, in time order",
	 "Lists every record the parsers read from the inputs: events in time\n"
	 "order (UTC), then facts (configuration, no time), each with its\n"
	 "locator.\n\n"
	 "Options:\n"
	 "  -f, --format FMT         text (default), ndjson or csv\n"
	 "  -o, --output FILE        write to FILE instead of standard output\n"
	 "      --user NAME          only records about NAME (case-insensitive)\n"
	 "      --since TIME         only events at or after TIME (ISO 8601)\n"
	 "      --until TIME         only events before TIME (ISO 8601)\n"
	 "      --tz ZONE            zone of local times that carry none (default UTC)\n"
	 "      --redact             identifiers replaced by stable pseudonyms\n"
	 "      --redact-map FILE    and which stands for what, written to FILE\n"
	 "      --progress WHEN      auto (default: on a terminal), always, never\n",
	 cmd_timeline},
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
	 "      --redact             identifiers replaced by stable pseudonyms\n"
	 "      --redact-map FILE    and which stands for what, written to FILE\n"
	 "      --progress WHEN      auto (default: on a terminal), always, never\n",
	 cmd_inventory},
	{"explain", "[OPTIONS] TEXT|CODE...",
	 "what an error means, its causes and fixes (no input needed)",
	 "Looks up error texts or codes (AADSTS50105, 50105, OAUTH_APP_BLOCKED,\n"
	 "\"Access denied for this user\") in the knowledge base and prints each\n"
	 "candidate cause: what it means, the evidence that tells the causes\n"
	 "apart, the fix and who applies it.  Works offline, with no input.\n"
	 "Exit status 1 when a text matched nothing; the nearest entries of the\n"
	 "error book are shown.\n\n"
	 "Options:\n"
	 "  -f, --format FMT         text (default) or json\n"
	 "  -R, --rules DIR          also use the rules in DIR (repeatable)\n"
	 "      --no-default-rules   leave out the shipped rules\n",
	 cmd_explain_run},
	{"rules", "list|causes|check|test [DIR...]", "list the rules or the causes, check or test them",
	 "Works with the rule files of the knowledge base.\n", cmd_rules},
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
	fprintf(f, "\n  --help       this text; '%s help COMMAND' for a command\n"
		"  --version    the version\n\n"
		"Exit status: 0 done; 1 a finding at or above --fail-on, or explain\n"
		"knew nothing of a text; 2 usage error, no rules loaded, or --user\n"
		"naming nobody; 3 no input could be read, or it was empty.\n", progname);
}

static void
cmd_usage(const struct cmd *c, FILE *f)
{
	fprintf(f, "usage: %s %s %s\n\n%s\n%s", progname, c->name, c->args,
		c->help, c->run == cmd_inventory || c->run == cmd_timeline || c->run == cmd_analyze
		? limits_help : "");
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

enum {
	OPT_TZ = 256,
	OPT_PROGRESS,
	OPT_MAX_TOTAL,
	OPT_MAX_RATIO,
	OPT_MAX_DEPTH,
	OPT_MAX_ENTRIES,
	OPT_MAX_RECORD,
	OPT_USER,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_NO_DEFAULT_RULES,
	OPT_FAIL_ON,
	OPT_COLOR,
	OPT_WIDTH,
	OPT_REDACT,
	OPT_REDACT_MAP,
};

static uint64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* What inventory and timeline share: options, then a walk of the inputs. */
struct run {
	struct options opt;
	const char *output;
	const char *format;
	const char *user;
	int64_t since, until;
	const char **rule_dirs;
	size_t nrule_dirs;
	int no_default_rules;
	int fail_on;		/* a severity, or -1 */
	const char *color;	/* auto, always, never */
	int width;		/* -1: the terminal's, else 100 */
	int quiet;
	int redact;		/* --redact */
	const char *redact_map;	/* --redact-map FILE */
	FILE *report;		/* where the report is written: out, or a buffer to redact */
	char *report_buf;
	size_t report_len;
	FILE *out;
	struct inputs inputs;
	struct store *store;
	struct walker walker;
	int readable;
	int empty;		/* every input was read and held nothing */
	uint64_t t0;
};

static int
run_options(const struct cmd *cmd, int argc, char **argv, struct run *r)
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
		{"user", required_argument, NULL, OPT_USER},
		{"since", required_argument, NULL, OPT_SINCE},
		{"until", required_argument, NULL, OPT_UNTIL},
		{"rules", required_argument, NULL, 'R'},
		{"no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"color", required_argument, NULL, OPT_COLOR},
		{"colour", required_argument, NULL, OPT_COLOR},
		{"width", required_argument, NULL, OPT_WIDTH},
		{"quiet", no_argument, NULL, 'q'},
		{"redact", no_argument, NULL, OPT_REDACT},
		{"redact-map", required_argument, NULL, OPT_REDACT_MAP},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int timeline = cmd->run == cmd_timeline || cmd->run == cmd_analyze;
	int analyze = cmd->run == cmd_analyze;
	const char *progress = "auto";
	uint64_t v;
	int c;
	options_defaults(&r->opt);
	r->format = "text";
	r->since = INT64_MIN;
	r->until = INT64_MAX;
	r->fail_on = -1;
	r->color = "auto";
	r->width = -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:R:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			r->format = optarg;
			break;
		case 'o':
			r->output = optarg;
			break;
		case OPT_TZ:
			if (tz_check(optarg) < 0)
				return usage_error(cmd, "unknown time zone '%s' (an IANA name such as "
						   "Europe/Berlin, UTC, or an offset such as +02:00)", optarg);
			r->opt.tz = optarg;
			r->opt.tz_given = 1;
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
			r->opt.limits.total_bytes = v;
			break;
		case OPT_MAX_RECORD:
			if (parse_size(optarg, &v) < 0 || v < 64 || v > (1ULL << 32))
				return usage_error(cmd, "bad size for --max-record: '%s' (64 to 4G)", optarg);
			r->opt.limits.record_bytes = v;
			break;
		case OPT_MAX_RATIO:
			if (parse_uint(optarg, UINT32_MAX, &v) < 0 || v == 0)
				return usage_error(cmd, "bad number for --max-ratio: '%s'", optarg);
			r->opt.limits.ratio = v;
			break;
		case OPT_MAX_DEPTH:
			if (parse_uint(optarg, 64, &v) < 0)
				return usage_error(cmd, "bad number for --max-depth: '%s' (0 to 64)", optarg);
			r->opt.limits.depth = (unsigned)v;
			break;
		case OPT_MAX_ENTRIES:
			if (parse_uint(optarg, UINT64_MAX, &v) < 0 || v == 0)
				return usage_error(cmd, "bad number for --max-entries: '%s'", optarg);
			r->opt.limits.entries = v;
			break;
		case OPT_USER:
		case OPT_SINCE:
		case OPT_UNTIL:
			if (!timeline)
				return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
			if (c == OPT_USER) {
				r->user = optarg;
			} else {
				int64_t t;
				if (time_parse_iso(optarg, &t) < 0)
					return usage_error(cmd, "bad time for %s: '%s' (ISO 8601, "
							   "e.g. 2026-11-24 or 2026-11-24T09:00:00Z)",
							   c == OPT_SINCE ? "--since" : "--until", optarg);
				if (c == OPT_SINCE)
					r->since = t;
				else
					r->until = t;
			}
			break;
		case OPT_REDACT:
			r->redact = 1;
			break;
		case OPT_REDACT_MAP:
			r->redact = 1;
			r->redact_map = optarg;
			break;
		case OPT_COLOR:
		case OPT_WIDTH:
		case 'q':
			if (!analyze)
				return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
			if (c == 'q') {
				r->quiet = 1;
			} else if (c == OPT_WIDTH) {
				if (parse_uint(optarg, 10000, &v) < 0 || (v > 0 && v < 40))
					return usage_error(cmd, "bad width '%s' (0 for no wrapping, "
							   "else 40 to 10000 columns)", optarg);
				r->width = (int)v;
			} else if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
				   strcmp(optarg, "never")) {
				return usage_error(cmd, "--color takes auto, always or never, not '%s'",
						   optarg);
			} else {
				r->color = optarg;
			}
			break;
		case 'R':
		case OPT_NO_DEFAULT_RULES:
		case OPT_FAIL_ON:
			if (!analyze)
				return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
			if (c == 'R') {
				r->rule_dirs = xreallocarray(r->rule_dirs, r->nrule_dirs + 1,
							     sizeof(*r->rule_dirs));
				r->rule_dirs[r->nrule_dirs++] = optarg;
			} else if (c == OPT_NO_DEFAULT_RULES) {
				r->no_default_rules = 1;
			} else if ((r->fail_on = severity_parse(optarg)) < 0) {
				return usage_error(cmd, "bad severity for --fail-on: '%s' (info, low, "
						   "medium, high, critical)", optarg);
			}
			break;
		case 'h':
			cmd_usage(cmd, stdout);
			return -EXIT_DONE - 1;
		case ':':
			return usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind == 0 && isatty(0))
		return usage_error(cmd, "no input given");
	if (strcmp(progress, "auto") == 0)
		r->opt.progress = isatty(2);
	else
		r->opt.progress = strcmp(progress, "always") == 0;
	return 0;
}

/* Open the output, walk every input.  Returns 0 or an exit status. */
static int
run_walk(struct run *r, int argc, char **argv)
{
	r->out = stdout;
	if (r->output && strcmp(r->output, "-") != 0) {
		r->out = fopen(r->output, "w");
		if (r->out == NULL) {
			fprintf(stderr, "%s: cannot write %s: %s\n", progname, r->output,
				strerror(errno));
			return EXIT_USAGE;
		}
	}
	r->report = r->out;
	if (r->redact) {
		r->report = open_memstream(&r->report_buf, &r->report_len);
		if (r->report == NULL) {
			fprintf(stderr, "%s: out of memory\n", progname);
			return EXIT_USAGE;
		}
	}
	r->t0 = now_ms();
	inputs_init(&r->inputs);
	r->store = store_new();
	walker_init(&r->walker, &r->opt, &r->inputs, r->store);
	walker_plan(&r->walker, argv + optind, (size_t)(argc - optind));
	if (argc - optind == 0) {
		r->readable += walker_add(&r->walker, "-") == 0;
	} else {
		for (int i = optind; i < argc; i++)
			r->readable += walker_add(&r->walker, argv[i]) == 0;
	}
	walker_finish(&r->walker);
	if (r->readable && r->walker.bytes == 0 && store_count(r->store) == 0) {
		r->empty = 1;
		r->readable = 0;
	}
	return 0;
}

/* "--user NAME matches nobody": said with the people who are there. */
static void
say_nobody(const char *user, const char **names, size_t n, struct redactor *rd)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (f == NULL)
		return;
	fprintf(f, "%s: --user '%s' matches nobody in the inputs", progname, user);
	if (n == 0) {
		fprintf(f, " (they name no person)\n");
	} else {
		fprintf(f, "; the people in them:");
		size_t shown = n > 10 ? 8 : n;
		for (size_t i = 0; i < shown; i++)
			fprintf(f, "%s %s", i ? "," : "", names[i]);
		if (shown < n)
			fprintf(f, " and %zu more", n - shown);
		fprintf(f, "\n");
	}
	if (fclose(f) == 0) {
		char *red = rd && rd->n ? redact_text(rd, text, len) : NULL;
		fputs(red ? red : text, stderr);
		free(red);
	}
	free(text);
}

/* --redact: the identifiers of the first nrec records (m, when given,
 * joins each person's names) into rd. */
static void
redact_prepare(struct run *r, struct redactor *rd, struct model *m, size_t nrec)
{
	redact_init(rd);
	if (!r->redact)
		return;
	struct model own;
	if (m == NULL) {
		model_build(&own, r->store, &r->inputs);
		m = &own;
	}
	redact_collect(rd, r->store, nrec, m, &r->inputs);
	if (m == &own)
		model_free(&own);
}

/* The report written to r->report, redacted, to the output; the mapping
 * to --redact-map.  Returns 0 or an exit status. */
static int
redact_finish(struct run *r, struct redactor *rd)
{
	if (!r->redact)
		return 0;
	int rc = 0;
	if (fclose(r->report) != 0) {
		fprintf(stderr, "%s: out of memory\n", progname);
		rc = EXIT_NOINPUT;
	} else {
		char *text = redact_text(rd, r->report_buf ? r->report_buf : "", r->report_len);
		fputs(text, r->out);
		free(text);
	}
	r->report = NULL;
	free(r->report_buf);
	r->report_buf = NULL;
	if (r->redact_map) {
		FILE *f = fopen(r->redact_map, "w");
		if (f == NULL || redact_write_map(rd, f) < 0 || fclose(f) != 0) {
			fprintf(stderr, "%s: cannot write %s: %s\n", progname, r->redact_map,
				strerror(errno));
			rc = EXIT_NOINPUT;
		}
	}
	return rc;
}

/* Close the output and free; returns the exit status. */
static int
run_finish(struct run *r)
{
	int rc = r->readable ? EXIT_DONE : EXIT_NOINPUT;
	if (r->empty) {
		fprintf(stderr, "%s: the input is empty: nothing to read\n", progname);
	} else if (rc == EXIT_NOINPUT) {
		for (size_t i = 0; i < r->inputs.n; i++)
			if (r->inputs.v[i].status == ST_ERROR && r->inputs.v[i].nwarnings)
				fprintf(stderr, "%s: %s: %s\n", progname, r->inputs.v[i].locator,
					r->inputs.v[i].warnings[0].message);
		fprintf(stderr, "%s: no input could be read\n", progname);
	}
	if (r->out != stdout) {
		if (fclose(r->out) != 0) {
			fprintf(stderr, "%s: cannot write %s: %s\n", progname, r->output,
				strerror(errno));
			rc = EXIT_NOINPUT;
		}
	} else if (fflush(stdout) != 0) {
		rc = EXIT_NOINPUT;
	}
	inputs_free(&r->inputs);
	store_free(r->store);
	free(r->rule_dirs);
	return rc;
}

static int
cmd_inventory(const struct cmd *cmd, int argc, char **argv)
{
	struct run r = {0};
	int rc = run_options(cmd, argc, argv, &r);
	if (rc)
		return rc < 0 ? -rc - 1 : rc;
	enum out_format fmt;
	if (out_format_parse(r.format, &fmt) < 0)
		return usage_error(cmd, "unknown format '%s' (text, json, md, html)", r.format);
	if ((rc = run_walk(&r, argc, argv)) != 0)
		return rc;
	struct run_stats stats = {
		.bytes = r.walker.bytes,
		.records = store_count(r.store),
		.files = r.walker.files,
		.elapsed_ms = now_ms() - r.t0,
	};
	struct redactor rd;
	redact_prepare(&r, &rd, NULL, store_count(r.store));
	inventory_write(r.report, fmt, &r.inputs, &stats);	/* what is there, even empty */
	int red = redact_finish(&r, &rd);
	redact_free(&rd);
	rc = run_finish(&r);
	return rc ? rc : red;
}

static int
cmd_timeline(const struct cmd *cmd, int argc, char **argv)
{
	struct run r = {0};
	int rc = run_options(cmd, argc, argv, &r);
	if (rc)
		return rc < 0 ? -rc - 1 : rc;
	enum timeline_format fmt;
	if (timeline_format_parse(r.format, &fmt) < 0)
		return usage_error(cmd, "unknown format '%s' (text, ndjson, csv)", r.format);
	if ((rc = run_walk(&r, argc, argv)) != 0)
		return rc;
	struct timeline_filter filter = {.user = r.user, .since = r.since, .until = r.until};
	struct redactor rd;
	redact_prepare(&r, &rd, NULL, store_count(r.store));
	if (r.empty) {
		redact_finish(&r, &rd);
		redact_free(&rd);
		return run_finish(&r);
	}
	if (r.user) {
		size_t n;
		const char **users = timeline_users(r.store, r.user, &n);
		if (users) {
			say_nobody(r.user, users, n, &rd);
			free(users);
			redact_finish(&r, &rd);
			redact_free(&rd);
			run_finish(&r);
			return EXIT_USAGE;
		}
	}
	timeline_write(r.report, fmt, r.store, &r.inputs, &filter);
	int red = redact_finish(&r, &rd);
	redact_free(&rd);
	rc = run_finish(&r);
	return rc ? rc : red;
}

/* How the text report looks where it goes: the terminal's width (100
 * columns elsewhere, or --width), colour on a terminal unless NO_COLOR is
 * set or TERM is dumb (--color). */
static void
report_look(const struct run *r, struct analyze_report *rep)
{
	int tty = r->out == stdout && isatty(1);
	rep->width = r->width >= 0 ? r->width : 100;
	if (r->width < 0 && tty) {
		struct winsize ws;
		if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
			rep->width = ws.ws_col;
	}
	if (strcmp(r->color, "always") == 0) {
		rep->color = 1;
	} else if (strcmp(r->color, "auto") == 0) {
		const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
		rep->color = tty && (no == NULL || *no == '\0') &&
			     (term == NULL || strcmp(term, "dumb") != 0);
	}
}

static int
cmd_analyze(const struct cmd *cmd, int argc, char **argv)
{
	struct run r = {0};
	int rc = run_options(cmd, argc, argv, &r);
	if (rc) {
		free(r.rule_dirs);
		return rc < 0 ? -rc - 1 : rc;
	}
	enum out_format fmt;
	if (out_format_parse(r.format, &fmt) < 0) {
		free(r.rule_dirs);
		return usage_error(cmd, "unknown format '%s' (text, json, md, html)", r.format);
	}
	struct ruleset rs;
	ruleset_init(&rs);
	if ((rc = rules_load(&rs, r.no_default_rules, r.rule_dirs, r.nrule_dirs)) != 0) {
		ruleset_free(&rs);
		free(r.rule_dirs);
		return rc;
	}
	for (size_t i = 0; i < rs.errors.n; i++)
		fprintf(stderr, "%s: %s\n", progname, rs.errors.v[i]);
	if ((rc = run_walk(&r, argc, argv)) != 0) {
		ruleset_free(&rs);
		free(r.rule_dirs);
		return rc;
	}
	struct redactor rd;
	if (r.empty) {
		redact_init(&rd);
		redact_finish(&r, &rd);
		ruleset_free(&rs);
		return run_finish(&r);
	}
	size_t parsed = store_count(r.store);	/* before the model adds its own */
	struct model m;
	model_build(&m, r.store, &r.inputs);
	redact_prepare(&r, &rd, &m, parsed);
	if (r.user && !analysis_user_known(&m, r.user)) {
		size_t n;
		const char **people = analysis_people(&m, &n);
		say_nobody(r.user, people, n, &rd);
		free(people);
		redact_finish(&r, &rd);
		redact_free(&rd);
		model_free(&m);
		ruleset_free(&rs);
		run_finish(&r);
		return EXIT_USAGE;
	}
	struct analysis a;
	struct engine_filter flt = {.user = r.user, .since = r.since, .until = r.until};
	analysis_run(&a, &m, &rs, &flt);
	struct run_stats stats = {
		.bytes = r.walker.bytes,
		.records = parsed,
		.files = r.walker.files,
		.elapsed_ms = now_ms() - r.t0,
	};
	char *base = inputs_base(argv + optind, (size_t)(argc - optind));
	struct analyze_report rep = {
		.model = &m, .analysis = &a, .inputs = &r.inputs, .stats = &stats, .nrules = rs.n,
		.book = &rs.book, .base = base, .quiet = r.quiet, .args = argv + optind,
		.nargs = (size_t)(argc - optind), .redact = r.redact ? &rd : NULL,
	};
	report_look(&r, &rep);
	analyze_write(r.report, fmt, &rep);
	free(base);
	analyze_summary_stderr(&rep);
	int red = redact_finish(&r, &rd);
	redact_free(&rd);
	int failed = 0;
	for (size_t i = 0; r.fail_on >= 0 && i < a.nfindings; i++)
		failed |= (int)a.findings[i].rule->severity >= r.fail_on;
	analysis_free(&a);
	model_free(&m);
	ruleset_free(&rs);
	rc = run_finish(&r);
	if (rc == EXIT_DONE && red)
		rc = red;
	return rc == EXIT_DONE && failed ? EXIT_FINDING : rc;
}

static int
cmd_explain_run(const struct cmd *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			cmd_usage(cmd, stdout);
			return EXIT_DONE;
		}
	}
	return cmd_explain(argc, argv);
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
	if (strcmp(a, "help") == 0 && argc > 2) {
		/* triage help COMMAND: as triage COMMAND --help */
		for (size_t i = 0; i < NCOMMANDS; i++) {
			if (strcmp(argv[2], commands[i].name) == 0) {
				char *args[] = {argv[2], (char *)"--help", NULL};
				int rc = commands[i].run(&commands[i], 2, args);
				xmlCleanupParser();
				return rc;
			}
		}
		fprintf(stderr, "%s: unknown command '%s'\nTry '%s --help'.\n", progname, argv[2],
			progname);
		return EXIT_USAGE;
	}
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
