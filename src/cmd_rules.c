/* cmd_rules.c - "triage rules list|check|test [OPTIONS] [DIR...]". */
#include "config.h"

#include "cmd_rules.h"

#include "causes.h"
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "engine.h"
#include "input.h"
#include "model.h"
#include "options.h"
#include "rules.h"
#include "store.h"
#include "util.h"

#define EXIT_ERRORS 1


struct rules_args {
	const char **dirs;	/* -R DIRs, then the DIR arguments */
	size_t ndirs;
	int no_default;
	int positional;		/* DIR arguments were given */
};

static void
add_dir(struct rules_args *a, const char *dir)
{
	GROW_BY_COUNT(a->dirs, a->ndirs);
	a->dirs[a->ndirs++] = dir;
}

static int
is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int
rules_load(struct ruleset *rs, int no_default, const char *const *dirs, size_t ndirs)
{
	for (size_t i = 0; i < ndirs; i++) {
		if (!is_dir(dirs[i])) {
			fprintf(stderr, "%s: %s: not a directory of rules\n", progname, dirs[i]);
			return EXIT_USAGE;
		}
	}
	if (!no_default)
		ruleset_load_defaults(rs);
	for (size_t i = 0; i < ndirs; i++)
		ruleset_load_dir(rs, dirs[i]);
	if (rs->n == 0) {
		for (size_t i = 0; i < rs->errors.n; i++)
			fprintf(stderr, "%s: %s\n", progname, rs->errors.v[i]);
		fprintf(stderr, "%s: no rules loaded (looked in: ", progname);
		const char *sep = "";
		if (!no_default) {
			fprintf(stderr, "%s", ruleset_defaults_name());
			sep = ", ";
		}
		for (size_t i = 0; i < ndirs; i++, sep = ", ")
			fprintf(stderr, "%s%s", sep, dirs[i]);
		fprintf(stderr, "%s)\n", no_default && ndirs == 0 ? "nowhere: --no-default-rules and no -R" : "");
		return EXIT_USAGE;
	}
	return 0;
}

static int
load_all(const struct rules_args *a, struct ruleset *rs)
{
	if (a->positional) {
		/* rules check DIR: the directories as they are, even empty */
		for (size_t i = 0; i < a->ndirs; i++)
			ruleset_load_dir(rs, a->dirs[i]);
		return 0;
	}
	return rules_load(rs, a->no_default, a->dirs, a->ndirs);
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

/* ---- rules test ------------------------------------------------------------- */

/* The rule ids that fired on one input, best first. */
struct outcome {
	char *input;
	char **fired;
	int *resolved;		/* per fired rule: the problem has ended */
	size_t nfired;
	int readable;
};

static int
exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* Where a test's input is: as given, else beside the rule's directory
 * (rules/x.yml names testdata/... of the tree rules/ is in); a scenario
 * directory holds bundle.zip or bundle/.  Returns a new string. */
static char *
test_input(const struct rule *r, const char *input)
{
	char *p = NULL;
	if (input[0] == '/' || exists(input)) {
		p = xstrdup(input);
	} else {
		const char *slash = strrchr(r->file, '/');
		int len = slash ? (int)(slash - r->file) : 1;
		p = xasprintf("%.*s/../%s", len, slash ? r->file : ".", input);
	}
	char *zip = xasprintf("%s/bundle.zip", p), *tree = xasprintf("%s/bundle", p);
	char *use = exists(zip) ? zip : exists(tree) ? tree : NULL;
	if (use) {
		free(p);
		p = xstrdup(use);
	}
	free(zip);
	free(tree);
	return p;
}

static void
run_input(struct outcome *o, const struct ruleset *rs)
{
	struct options opt;
	options_defaults(&opt);
	struct inputs ins;
	inputs_init(&ins);
	struct store *st = store_new();
	struct walker w;
	walker_init(&w, &opt, &ins, st);
	o->readable = exists(o->input) && walker_add(&w, o->input) == 0;
	walker_finish(&w);
	struct model m;
	model_build(&m, st, &ins);
	struct analysis a;
	struct engine_filter flt = {NULL, INT64_MIN, INT64_MAX};
	analysis_run(&a, &m, rs, &flt);
	o->fired = xcalloc(a.nfindings + 1, sizeof(*o->fired));
	o->resolved = xcalloc(a.nfindings + 1, sizeof(*o->resolved));
	for (size_t i = 0; i < a.nfindings; i++) {
		o->resolved[o->nfired] = a.findings[i].resolved;
		o->fired[o->nfired++] = xstrdup(a.findings[i].rule->id);
	}
	analysis_free(&a);
	model_free(&m);
	store_free(st);
	inputs_free(&ins);
}

static int
test_rules(const struct ruleset *rs)
{
	struct outcome *done = NULL;
	size_t ndone = 0, passed = 0, failed = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->v[i];
		if (r->ntests == 0)
			printf("note %s: no tests\n", r->id);
		for (size_t k = 0; k < r->ntests; k++) {
			const struct rule_test *t = &r->tests[k];
			char *input = test_input(r, t->input);
			struct outcome *o = NULL;
			for (size_t j = 0; j < ndone && !o; j++)
				if (strcmp(done[j].input, input) == 0)
					o = &done[j];
			if (o == NULL) {
				GROW_BY_COUNT(done, ndone);
				o = &done[ndone++];
				memset(o, 0, sizeof(*o));
				o->input = input;
				input = NULL;
				run_input(o, rs);
			}
			free(input);
			size_t rank = 0;
			for (size_t j = 0; j < o->nfired && !rank; j++)
				if (strcmp(o->fired[j], r->id) == 0)
					rank = j + 1;
			const char *why = NULL;
			char tmp[160];
			if (!o->readable)
				why = "input not found or not readable";
			else if (t->fires && !rank)
				why = "expected to fire, did not";
			else if (!t->fires && rank) {
				snprintf(tmp, sizeof(tmp), "expected not to fire, fired at rank %zu", rank);
				why = tmp;
			} else if (t->fires && t->rank && rank > (size_t)t->rank) {
				snprintf(tmp, sizeof(tmp), "fired at rank %zu, expected %d or better",
					 rank, t->rank);
				why = tmp;
			} else if (t->fires && t->state && (t->state == 2) != o->resolved[rank - 1]) {
				why = t->state == 2 ? "fired as an open problem, expected resolved" :
						      "fired as resolved, expected open";
			}
			if (why) {
				failed++;
				printf("FAIL %s  %s: %s", r->id, t->input, why);
				if (o->nfired)
					printf(" (fired: %s%s)", o->fired[0], o->nfired > 1 ? ", ..." : "");
				putchar('\n');
			} else {
				passed++;
				printf("ok   %s  %s\n", r->id, t->input);
			}
		}
	}
	for (size_t j = 0; j < ndone; j++) {
		for (size_t k = 0; k < done[j].nfired; k++)
			free(done[j].fired[k]);
		free(done[j].fired);
		free(done[j].resolved);
		free(done[j].input);
	}
	free(done);
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? EXIT_ERRORS : EXIT_DONE;
}

/* Every cause with its owner, its rules and its error book entries. */
static void
list_causes(const struct ruleset *rs)
{
	printf("%-46s %-18s %-5s %s\n", "CAUSE", "OWNER", "BOOK", "RULES");
	for (const struct cause *c = cause_table; c->name; c++) {
		size_t book = 0;
		for (size_t i = 0; i < rs->book.n; i++)
			for (size_t k = 0; k < rs->book.entries[i].ncauses; k++)
				book += rs->book.entries[i].causes[k].cause == c;
		printf("%-46s %-18s %-5zu", c->name, c->owner, book);
		size_t n = 0;
		for (size_t i = 0; i < rs->n; i++)
			if (rs->v[i].cause == c)
				printf("%s%s", n++ ? ", " : " ", rs->v[i].id);
		printf("%s\n", n ? "" : " -");
	}
}

static int
run_subcommand(const char *sub, const struct rules_args *a)
{
	struct ruleset rs;
	ruleset_init(&rs);
	int rc = load_all(a, &rs);
	if (rc) {
		ruleset_free(&rs);
		return rc;
	}
	print_errors(&rs);
	if (strcmp(sub, "list") == 0) {
		list_rules(&rs);
	} else if (strcmp(sub, "causes") == 0) {
		list_causes(&rs);
	} else if (strcmp(sub, "test") == 0) {
		rc = test_rules(&rs);
		if (rs.errors.n)
			rc = EXIT_ERRORS;
	} else {
		size_t out = 0;
		for (size_t i = 0; i < rs.book.n; i++)
			out += rs.book.entries[i].out_of_scope != NULL;
		printf("error book: %zu entries (%zu outside this integration) in %zu families\n",
		       rs.book.n, out, rs.book.nfamilies);
		printf("%zu rules, %zu errors\n", rs.n, rs.errors.n);
		rc = rs.errors.n ? EXIT_ERRORS : EXIT_DONE;
	}
	ruleset_free(&rs);
	return rc;
}

int
cmd_rules(const struct cmd *cmd, int argc, char **argv)
{
	struct run r = {0};
	int rc = cli_options(cmd, argc, argv, &r);
	if (rc) {
		free(r.rule_dirs);
		return rc < 0 ? EXIT_DONE : rc;
	}
	struct rules_args a = {0};
	for (size_t i = 0; i < r.nrule_dirs; i++)
		add_dir(&a, r.rule_dirs[i]);
	a.no_default = r.no_default_rules;
	free(r.rule_dirs);
	const char *sub = optind < argc ? argv[optind] : NULL;
	if (sub == NULL) {
		rc = usage_error(cmd, "rules needs a command: list, causes, check or test");
	} else if (strcmp(sub, "list") != 0 && strcmp(sub, "check") != 0 &&
		   strcmp(sub, "test") != 0 && strcmp(sub, "causes") != 0) {
		rc = usage_error(cmd, "unknown rules command (list, causes, check, test): '%s'", sub);
	} else {
		a.positional = optind + 1 < argc;
		for (int i = optind + 1; i < argc; i++)
			add_dir(&a, argv[i]);
		rc = run_subcommand(sub, &a);
	}
	free(a.dirs);
	return rc;
}
