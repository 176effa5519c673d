/* fuzz_analyze.c - any bytes as a bundle, then the whole correlator: the
 * model (identities, derived relations) and every shipped rule, and the
 * report in each format (to /dev/null), redacted; the inventory and the
 * timeline in each of theirs.  Then the same bundle read again with every
 * routine record spilled (store_spill_start, as analyze does on large
 * inputs): its JSON report must be the same, byte for byte (abort
 * otherwise).  The rules come from $TRIAGE_RULES_DIR, else rules/ of the
 * source tree. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "bundle.h"
#include "engine.h"
#include "fuzz.h"
#include "model.h"
#include "redact.h"
#include "report.h"
#include "rules.h"
#include "timeline.h"

static struct ruleset rules;
static int loaded;

/* The JSON report of the bundle in data, read with routine records
 * spilled or not; the caller frees it. */
static char *
json_report(const uint8_t *data, size_t size, int spill, size_t *len)
{
	struct options opt;
	options_defaults(&opt);
	opt.limits.total_bytes = 256u << 10;
	opt.limits.record_bytes = 256u << 10;
	opt.limits.entries = 1000;
	struct inputs ins;
	inputs_init(&ins);
	struct store *st = store_new();
	struct spill_policy *pol = NULL;
	int fd = spill ? store_spill_open() : -1;
	if (fd >= 0) {
		pol = spill_policy_new();
		store_spill_start(st, fd, 0, spill_policy_keep, pol);
	}
	struct walker w;
	walker_init(&w, &opt, &ins, st);
	walker_add_memory(&w, "fuzz", data, size);
	walker_finish(&w);
	store_spill_stop(st);
	size_t nread = store_read_count(st);
	struct model m;
	struct engine_filter flt = {NULL, INT64_MIN, INT64_MAX};
	struct engine_plan *plan = analysis_prepare(&m, st, &ins, &rules, &flt);
	struct analysis a;
	analysis_run_plan(&a, &m, &rules, &flt, plan);
	size_t nback;
	if (plan && engine_plan_missed(&m, plan, &nback) != 0)
		abort();	/* a check read a spilled record left out */
	engine_plan_free(plan);
	char *text = NULL;
	*len = 0;
	FILE *f = open_memstream(&text, len);
	if (f) {
		struct run_stats stats = {0, nread, 0, 0, NULL};
		char *args[] = {(char *)"fuzz/bundle"};
		struct analyze_report rep = {
			.model = &m, .analysis = &a, .inputs = &ins, .stats = &stats,
			.nrules = rules.n, .book = &rules.book, .base = "fuzz/", .args = args,
			.nargs = 1,
		};
		analyze_write(f, OUT_JSON, &rep);
		fclose(f);
	}
	analysis_free(&a);
	model_free(&m);
	inputs_free(&ins);
	store_free(st);
	spill_policy_free(pol);
	return text;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!loaded) {
		const char *dir = getenv("TRIAGE_RULES_DIR");
		ruleset_init(&rules);
		ruleset_load_dir(&rules, dir && *dir ? dir : TOP_SRCDIR "/rules");
		loaded = 1;
	}
	struct options opt;
	options_defaults(&opt);
	opt.limits.total_bytes = 256u << 10;	/* coverage, not volume: a bomb stops fast */
	opt.limits.record_bytes = 256u << 10;
	opt.limits.entries = 1000;
	struct inputs ins;
	inputs_init(&ins);
	struct store *st = store_new();
	struct walker w;
	walker_init(&w, &opt, &ins, st);
	walker_add_memory(&w, "fuzz", data, size);
	walker_finish(&w);
	struct model m;
	model_build(&m, st, &ins);
	struct analysis a;
	struct engine_filter flt = {NULL, INT64_MIN, INT64_MAX};
	analysis_run(&a, &m, &rules, &flt);
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		/* every format, the text one narrow, coloured and redacted */
		struct redactor rd;
		redact_init(&rd);
		redact_collect(&rd, st, store_count(st), &m, &ins);
		struct run_stats stats = {0, 0, 0, 0, NULL};
		char *args[] = {(char *)"fuzz/bundle"};
		struct analyze_report rep = {
			.model = &m, .analysis = &a, .inputs = &ins, .stats = &stats,
			.nrules = rules.n, .book = &rules.book, .base = "fuzz/", .args = args,
			.nargs = 1, .width = 40, .color = 1, .redact = &rd,
		};
		analyze_write(null, OUT_TEXT, &rep);
		analyze_write(null, OUT_JSON, &rep);
		analyze_write(null, OUT_MD, &rep);
		analyze_write(null, OUT_HTML, &rep);
		/* and what inventory and timeline write of the same records */
		inventory_write(null, OUT_TEXT, &ins, &stats);
		inventory_write(null, OUT_JSON, &ins, &stats);
		inventory_write(null, OUT_MD, &ins, &stats);
		inventory_write(null, OUT_HTML, &ins, &stats);
		struct timeline_filter tf = {NULL, INT64_MIN, INT64_MAX};
		timeline_write(null, TL_TEXT, st, &ins, &tf);
		timeline_write(null, TL_NDJSON, st, &ins, &tf);
		timeline_write(null, TL_CSV, st, &ins, &tf);
		char *red = redact_text(&rd, (const char *)data, size);
		free(red);
		redact_free(&rd);
		fclose(null);
	}
	analysis_free(&a);
	model_free(&m);
	inputs_free(&ins);
	store_free(st);
	/* spilling changes nothing */
	size_t n1, n2;
	char *kept = json_report(data, size, 0, &n1);
	char *spilled = json_report(data, size, 1, &n2);
	if (kept && spilled && (n1 != n2 || memcmp(kept, spilled, n1) != 0)) {
		fprintf(stderr, "fuzz_analyze: the report changes when records are spilled\n");
		if (getenv("FUZZ_DUMP")) {
			FILE *f = fopen("/tmp/fz_kept.json", "w");
			fputs(kept, f);
			fclose(f);
			f = fopen("/tmp/fz_spilled.json", "w");
			fputs(spilled, f);
			fclose(f);
		}
		abort();
	}
	free(kept);
	free(spilled);
	return 0;
}
