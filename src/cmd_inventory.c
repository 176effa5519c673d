/* cmd_inventory.c - "triage inventory": what is in the inputs and how each
 * part was read. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "redact.h"
#include "report.h"

int
cmd_inventory(const struct cmd *cmd, int argc, char **argv)
{
	struct run r = {0};
	int rc = cli_options(cmd, argc, argv, &r);
	if (rc)
		return rc < 0 ? EXIT_DONE : rc;
	enum out_format fmt;
	if (out_format_parse(r.format, &fmt) < 0 || fmt == OUT_NDJSON)
		return usage_error(cmd, "unknown format '%s' (text, json, md, html)", r.format);
	if (argc - optind == 0 && isatty(0))
		return usage_error(cmd, "no input given");
	/* the report is what each input held and how it was read: the
	 * records are counted, not kept, unless --redact must see their
	 * values */
	r.count_only = !r.redact;
	if ((rc = run_walk(&r, argc, argv)) != 0)
		return rc;
	struct run_stats stats = {
		.bytes = r.walker.bytes,
		.records = store_read_count(r.store),
		.files = r.walker.files,
		.elapsed_ms = now_ms() - r.t0,
		.limit_reached = r.walker.bytes_hit ? "max-total" :
				 r.walker.entries_hit ? "max-entries" : NULL,
	};
	if (getenv("TRIAGE_SPILL_CHECK"))
		fprintf(stderr, "%s: spill check: %zu read, %zu kept in memory\n", progname,
			store_read_count(r.store), store_count(r.store));
	struct redactor rd;
	run_redact_prepare(&r, &rd, NULL, store_count(r.store));
	inventory_write(r.report, fmt, &r.inputs, &stats);	/* what is there, even empty */
	int red = run_redact_finish(&r, &rd);
	redact_free(&rd);
	rc = run_finish(&r);
	return rc ? rc : red;
}
