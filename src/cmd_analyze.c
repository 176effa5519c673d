/* cmd_analyze.c - "triage analyze": root causes and fixes for the errors
 * in the inputs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "analyze.h"
#include "cli.h"
#include "cmd_rules.h"
#include "engine.h"
#include "model.h"
#include "redact.h"
#include "rules.h"

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

/* For the tests (TRIAGE_SPILL_CHECK): the analysis read no spilled record
 * that was not brought back. */
static void
spill_check(struct model *m, const struct engine_plan *plan)
{
	size_t nback, missed = engine_plan_missed(m, plan, &nback);
	fprintf(stderr, "%s: spill check: %zu spilled, %zu brought back, %zu read but not "
		"brought back\n", progname, m->nspilled, nback, missed);
}

int
cmd_analyze(const struct cmd *cmd, int argc, char **argv)
{
	struct run r = {0};
	int rc = cli_options(cmd, argc, argv, &r);
	enum out_format fmt;
	if (rc == 0 && out_format_parse(r.format, &fmt) < 0)
		rc = usage_error(cmd, "unknown format '%s' (text, json, md, html, ndjson)",
				 r.format);
	if (rc == 0 && argc - optind == 0 && isatty(0))
		rc = usage_error(cmd, "no input given");
	if (rc) {
		free(r.rule_dirs);
		return rc < 0 ? EXIT_DONE : rc;
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
	/* routine records may be spilled, unless every value is to be
	 * numbered in the order of the records (--redact) */
	r.spill = !r.redact;
	if ((rc = run_walk(&r, argc, argv)) != 0) {
		ruleset_free(&rs);
		free(r.rule_dirs);
		return rc;
	}
	struct redactor rd;
	if (r.empty) {
		redact_init(&rd);
		run_redact_finish(&r, &rd);
		ruleset_free(&rs);
		return run_finish(&r);
	}
	size_t nread = store_read_count(r.store);
	struct model m;
	struct engine_filter flt = {.user = r.user, .since = r.since, .until = r.until};
	struct engine_plan *plan = analysis_prepare(&m, r.store, &r.inputs, &rs, &flt);
	/* the records read (and brought back), before the analysis derives
	 * its own */
	run_redact_prepare(&r, &rd, &m, m.nrec);
	if (r.user && !analysis_user_known(&m, r.user)) {
		size_t n;
		const char **people = analysis_people(&m, &n);
		say_nobody(r.user, people, n, &rd);
		free(people);
		redact_free(&rd);
		engine_plan_free(plan);
		model_free(&m);
		ruleset_free(&rs);
		run_finish(&r);
		return EXIT_USAGE;
	}
	struct analysis a;
	analysis_run_plan(&a, &m, &rs, &flt, plan);
	if (m.nspilled && getenv("TRIAGE_SPILL_CHECK"))
		spill_check(&m, plan);
	engine_plan_free(plan);
	struct run_stats stats = {
		.bytes = r.walker.bytes,
		.records = nread,
		.files = r.walker.files,
		.elapsed_ms = now_ms() - r.t0,
		.limit_reached = r.walker.bytes_hit ? "max-total" :
				 r.walker.entries_hit ? "max-entries" : NULL,
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
	int red = run_redact_finish(&r, &rd);
	redact_free(&rd);
	/* a run that could not read everything cannot say all is well */
	int failed = r.fail_on >= 0 && stats.limit_reached != NULL;
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
