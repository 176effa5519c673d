/* cmd_rules.c - "triage rules list|check|test [OPTIONS] [DIR...]". */
#include "config.h"

#include "cmd_rules.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules.h"
#include "util.h"

#ifndef TRIAGE_RULES_DIR
#define TRIAGE_RULES_DIR "rules"
#endif

#define EXIT_DONE 0
#define EXIT_ERRORS 1
#define EXIT_USAGE 2

enum { OPT_NO_DEFAULT = 256 };

struct rules_args {
	const char **dirs;	/* -R DIRs, then the DIR arguments */
	size_t ndirs;
	int no_default;
	int positional;		/* DIR arguments were given */
};

static void
rules_usage(FILE *f)
{
	fprintf(f, "usage: %s rules list|check|test [OPTIONS] [DIR...]\n\n"
		"Works with the rule files of the knowledge base (doc/rules.md).\n\n"
		"  list     id, cause, severity, owner and file of every rule\n"
		"  check    validate every rule file: each error as FILE:LINE: MESSAGE on\n"
		"           standard error, then \"N rules, N errors\"; exit 1 on errors\n"
		"  test     run each rule's test scenarios (not built yet)\n\n"
		"Options:\n"
		"  -R, --rules DIR          also read the rules in DIR (repeatable)\n"
		"      --no-default-rules   leave out the shipped rules\n\n"
		"Without DIR arguments the shipped rules are read too: from\n"
		"$TRIAGE_RULES_DIR when it is set, else %s.\n", progname, TRIAGE_RULES_DIR);
}

static int
rules_usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "%s: %s", progname, msg);
	if (arg)
		fprintf(stderr, " '%s'", arg);
	fprintf(stderr, "\nTry '%s rules --help'.\n", progname);
	return EXIT_USAGE;
}

static void
add_dir(struct rules_args *a, const char *dir)
{
	a->dirs = xreallocarray(a->dirs, a->ndirs + 1, sizeof(*a->dirs));
	a->dirs[a->ndirs++] = dir;
}

/* Options into a; returns -1 to go on, else an exit status. */
static int
rules_options(int argc, char **argv, struct rules_args *a)
{
	static const struct option longopts[] = {
		{"rules", required_argument, NULL, 'R'},
		{"no-default-rules", no_argument, NULL, OPT_NO_DEFAULT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":R:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'R':
			add_dir(a, optarg);
			break;
		case OPT_NO_DEFAULT:
			a->no_default = 1;
			break;
		case 'h':
			rules_usage(stdout);
			return EXIT_DONE;
		case ':':
			return rules_usage_error("option needs a value:", argv[optind - 1]);
		default:
			return rules_usage_error("unknown option", argv[optind - 1]);
		}
	}
	return -1;
}

static int
is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

const char *
rules_default_dir(void)
{
	static char beside[4096];
	const char *env = getenv("TRIAGE_RULES_DIR");
	if (env && *env)
		return env;
	if (is_dir(TRIAGE_RULES_DIR))
		return TRIAGE_RULES_DIR;
	/* not installed: the rules of the source tree the program was built in
	 * (src/triage -> rules/) */
	ssize_t n = readlink("/proc/self/exe", beside, sizeof(beside) - 16);
	if (n > 0) {
		beside[n] = '\0';
		char *slash = strrchr(beside, '/');
		if (slash) {
			strcpy(slash, "/../rules");
			if (is_dir(beside))
				return beside;
		}
	}
	return TRIAGE_RULES_DIR;
}

static void
load_all(const struct rules_args *a, struct ruleset *rs)
{
	if (!a->no_default && !a->positional)
		ruleset_load_dir(rs, rules_default_dir());
	for (size_t i = 0; i < a->ndirs; i++)
		ruleset_load_dir(rs, a->dirs[i]);
}

static void
print_errors(const struct ruleset *rs)
{
	for (size_t i = 0; i < rs->errors.n; i++)
		fprintf(stderr, "%s\n", rs->errors.v[i]);
}

static int
width(int w, const char *s)
{
	int n = (int)strlen(s);
	return n > w ? n : w;
}

static void
list_rules(const struct ruleset *rs)
{
	int wi = 2, wc = 5, ws = 8, wo = 5;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->v[i];
		wi = width(wi, r->id);
		wc = width(wc, r->cause->name);
		ws = width(ws, severity_name(r->severity));
		wo = width(wo, r->owner);
	}
	printf("%-*s  %-*s  %-*s  %-*s  %s\n", wi, "ID", wc, "CAUSE", ws, "SEVERITY",
	       wo, "OWNER", "FILE");
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->v[i];
		printf("%-*s  %-*s  %-*s  %-*s  %s\n", wi, r->id, wc, r->cause->name, ws,
		       severity_name(r->severity), wo, r->owner, r->file);
	}
}

static int
run_subcommand(const char *sub, const struct rules_args *a)
{
	struct ruleset rs;
	ruleset_init(&rs);
	load_all(a, &rs);
	print_errors(&rs);
	int rc = EXIT_DONE;
	if (strcmp(sub, "list") == 0) {
		list_rules(&rs);
	} else {
		printf("%zu rules, %zu errors\n", rs.n, rs.errors.n);
		rc = rs.errors.n ? EXIT_ERRORS : EXIT_DONE;
	}
	ruleset_free(&rs);
	return rc;
}

int
cmd_rules(const struct cmd *cmd, int argc, char **argv)
{
	(void)cmd;
	struct rules_args a = {0};
	int rc = rules_options(argc, argv, &a);
	if (rc >= 0) {
		free(a.dirs);
		return rc;
	}
	const char *sub = optind < argc ? argv[optind] : NULL;
	if (sub == NULL) {
		rc = rules_usage_error("rules needs a command: list, check or test", NULL);
	} else if (strcmp(sub, "test") == 0) {
		fprintf(stderr, "%s: 'rules test' is not built yet in triage %s\n", progname,
			PACKAGE_VERSION);
		rc = EXIT_USAGE;
	} else if (strcmp(sub, "list") != 0 && strcmp(sub, "check") != 0) {
		rc = rules_usage_error("unknown rules command (list, check, test):", sub);
	} else {
		a.positional = optind + 1 < argc;
		for (int i = optind + 1; i < argc; i++)
			add_dir(&a, argv[i]);
		rc = run_subcommand(sub, &a);
	}
	free(a.dirs);
	return rc;
}
