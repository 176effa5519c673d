/* cmd_explain.c - "triage explain TEXT|CODE...": the error book, offline. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_rules.h"
#include "explain.h"
#include "rules.h"

int
cmd_explain(const struct cmd *cmd, int argc, char **argv)
{
	struct run r = {0};
	int rc = cli_options(cmd, argc, argv, &r);
	if (rc) {
		free(r.rule_dirs);
		return rc < 0 ? EXIT_DONE : rc;
	}
	int json = strcmp(r.format, "json") == 0;
	if (!json && strcmp(r.format, "text") != 0)
		rc = usage_error(cmd, "unknown format '%s' (text, json)", r.format);
	else if (optind >= argc)
		rc = usage_error(cmd, "explain needs an error text or code, e.g. AADSTS50105");
	if (rc) {
		free(r.rule_dirs);
		return rc;
	}
	struct ruleset rs;
	ruleset_init(&rs);
	rc = rules_load(&rs, r.no_default_rules, r.rule_dirs, r.nrule_dirs);
	free(r.rule_dirs);
	if (rc) {
		ruleset_free(&rs);
		return rc;
	}
	for (size_t i = 0; i < rs.errors.n; i++)
		fprintf(stderr, "%s: %s\n", progname, rs.errors.v[i]);
	if ((rc = run_sandbox(&r, NULL, 0)) != 0) {
		ruleset_free(&rs);
		return rc;
	}
	int unmatched = explain_write(stdout, &rs, argv + optind, (size_t)(argc - optind), json);
	ruleset_free(&rs);
	if (fflush(stdout) != 0)
		return EXIT_NOINPUT;
	return unmatched ? EXIT_FINDING : EXIT_DONE;
}
