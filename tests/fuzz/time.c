/* fuzz_time.c - any bytes as a time: every reader of timeparse.c (a whole
 * value, a time at the start of a text, the first time in free text, the
 * strict and the ISO ones) in both day/month orders and in three zones,
 * the file's order vote, a zone name the way --tz takes one, and the bytes
 * as a TZif zone file (tzfile.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "timefmt.h"
#include "tzfile.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *z = xstrndup(s, size);	/* the NUL-terminated readers */
	static const char *const zones[] = {NULL, "Europe/Berlin", "Australia/Lord_Howe"};
	struct date_votes v;
	memset(&v, 0, sizeof(v));
	for (int o = 0; o < 2; o++) {
		enum date_order order = o ? DATE_DMY : DATE_MDY;
		for (size_t i = 0; i < sizeof(zones) / sizeof(*zones); i++) {
			struct time_read r;
			if (time_read(s, size, order, zones[i], &r) == 0) {
				date_vote(&v, &r, 1, s, size);
				char out[32];
				time_format(r.ms, out, sizeof(out));
			}
			(void)time_at(s, size, order, zones[i], &r);
			size_t at;
			if (time_find(s, size, order, zones[i], &r, &at) == 1 && at > size)
				abort();
			int64_t ms;
			int flags;
			(void)time_parse(z, order, zones[i], &ms, &flags);
		}
	}
	int proved;
	(void)date_votes_order(&v, &proved);
	int64_t ms;
	(void)time_parse_iso(z, &ms);
	if (size <= 64 && tz_check(z) == 0) {
		int off, y, m, d, wday, minute;
		(void)tz_offset_at(z, 1796083200, &off);
		(void)tz_offset_local(z, 1796083200, &off);
		(void)time_local_date(1796083200000, z, &y, &m, &d);
		(void)time_local_clock(1796083200000, z, &wday, &minute);
	}
	free(z);
	/* and the same bytes as a TZif zone file */
	struct tzrules *rules = tzrules_parse(data, size);
	if (rules) {
		for (int64_t t = -4000000000; t < 8000000000; t += 123456789) {
			(void)tzrules_offset_at(rules, t);
			(void)tzrules_offset_local(rules, t);
		}
		tzrules_free(rules);
	}
	return 0;
}
