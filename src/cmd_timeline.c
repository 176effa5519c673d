/* cmd_timeline.c - "triage timeline": every record, merged, in time
 * order. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "redact.h"
#include "timeline.h"

int
cmd_timeline(const struct cmd *cmd, int argc, char **argv)
{
	struct run r = {0};
	int rc = cli_options(cmd, argc, argv, &r);
	if (rc)
		return rc < 0 ? EXIT_DONE : rc;
	enum timeline_format fmt;
	if (timeline_format_parse(r.format, &fmt) < 0)
		return usage_error(cmd, "unknown format '%s' (text, ndjson, csv)", r.format);
	if (argc - optind == 0 && isatty(0))
		return usage_error(cmd, "no input given");
	/* a large input's records go to a temporary file as they are read
	 * and come back one at a time in their turn, unless every value is
	 * to be numbered in the order of the records (--redact) */
	r.spill = !r.redact;
	r.spill_all = 1;
	if ((rc = run_walk(&r, argc, argv)) != 0)
		return rc;
	if (getenv("TRIAGE_SPILL_CHECK"))
		fprintf(stderr, "%s: spill check: %zu read, %zu spilled\n", progname,
			store_read_count(r.store), store_nspilled(r.store));
	struct timeline_filter filter = {.user = r.user, .since = r.since, .until = r.until};
	struct redactor rd;
	run_redact_prepare(&r, &rd, NULL, store_count(r.store));
	if (!r.empty && r.user) {
		size_t n;
		const char **users = timeline_users(r.store, r.user, &n);
		if (users) {
			say_nobody(r.user, users, n, &rd);
			free(users);
			redact_free(&rd);
			run_finish(&r);
			return EXIT_USAGE;
		}
	}
	if (!r.empty)
		timeline_write(r.report, fmt, r.store, &r.inputs, &filter);
	int red = run_redact_finish(&r, &rd);
	redact_free(&rd);
	rc = run_finish(&r);
	return rc ? rc : red;
}
