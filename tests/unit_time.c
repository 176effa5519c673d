/* unit_time.c - every layout, zone and language the time reader promises
 * (timefmt.h), the day/month evidence of one reading, the votes of a
 * file, and finding a time inside free text. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"
#include "tzfile.h"
#include "util.h"
#include "unit.h"

int unit_pass, unit_fail;

static char got[64];
static struct time_read last;

/* The UTC time s reads as (in order, zone-less in tz), or "error". */
static const char *
rd(const char *s, enum date_order order, const char *tz)
{
	memset(&last, 0, sizeof(last));
	if (time_read(s, strlen(s), order, tz, &last) < 0)
		return "error";
	time_format(last.ms, got, sizeof(got));
	return got;
}

#define UTC(s, want) CHECK_STR(rd(s, DATE_MDY, NULL), want)

static void
test_iso(void)
{
	UTC("2026-11-24T09:14:03Z", "2026-11-24T09:14:03.000Z");
	UTC("2026-11-24T09:14:03.1234567Z", "2026-11-24T09:14:03.123Z");
	UTC("2026-11-24T10:14:03+01:00", "2026-11-24T09:14:03.000Z");
	UTC("2026-11-24 04:14:03-05", "2026-11-24T09:14:03.000Z");
	UTC("2026-11-24T09:14:03.000+0000", "2026-11-24T09:14:03.000Z");
	UTC("\"2026-01-24T06:54:24.0000000Z \"", "2026-01-24T06:54:24.000Z");
	UTC("2026-11-24", "2026-11-24T00:00:00.000Z");
	CHECK(last.flags & TIME_NO_TIME);
	UTC("20261124091403.5", "2026-11-24T09:14:03.500Z");
	UTC("20220803011210", "2022-08-03T01:12:10.000Z");
	/* Windows PowerShell's ConvertTo-Json */
	UTC("/Date(1733126293000)/", "2024-12-02T07:58:13.000Z");
	UTC("\\/Date(1733126293000+0100)\\/", "2024-12-02T07:58:13.000Z");
	CHECK_STR(rd("2026-11-24T09:14:03Q", DATE_MDY, NULL), "error");
	CHECK_STR(rd("2026-02-30T00:00:00Z", DATE_MDY, NULL), "error");
	CHECK_STR(rd("yesterday", DATE_MDY, NULL), "error");
	CHECK_STR(rd("", DATE_MDY, NULL), "error");
}

static void
test_year_first(void)
{
	UTC("2024/11/03 17:45:00", "2024-11-03T17:45:00.000Z");
	UTC("2024/11/3 5:45 PM", "2024-11-03T17:45:00.000Z");
	UTC("2025.03.04 08:00", "2025-03-04T08:00:00.000Z");
	/* Japanese and Korean */
	UTC("2025年3月4日 17:45", "2025-03-04T17:45:00.000Z");
	UTC("2025年3月4日(火) 17:45:10 JST", "2025-03-04T08:45:10.000Z");
	UTC("2025/03/04 午後 5:45:12", "2025-03-04T17:45:12.000Z");
	UTC("2025/03/04 午前 9:05", "2025-03-04T09:05:00.000Z");
	UTC("2025. 3. 4. 오후 5:45:00", "2025-03-04T17:45:00.000Z");
	UTC("2025/3/4 下午5:45", "2025-03-04T17:45:00.000Z");
}

static void
test_numeric(void)
{
	UTC("11/24/2026 9:14:03 AM", "2026-11-24T09:14:03.000Z");
	UTC("11/24/2026 1:14:03 AM PST", "2026-11-24T09:14:03.000Z");
	UTC("11/24/2026, 9:14:03.250 AM", "2026-11-24T09:14:03.250Z");
	UTC("11/24/2026 12:14:03 AM", "2026-11-24T00:14:03.000Z");
	UTC("11/24/2026 12:14:03 PM", "2026-11-24T12:14:03.000Z");
	UTC("9/10/2026, 4:21:14 AM PDT", "2026-09-10T11:21:14.000Z");
	/* a.m. / p. m. and ICU's narrow no-break space before AM */
	UTC("11/24/2026 9:14 p.m.", "2026-11-24T21:14:00.000Z");
	UTC("11/24/2026 9:14 p. m.", "2026-11-24T21:14:00.000Z");
	UTC("11/24/2026, 9:14\xe2\x80\xaf" "AM", "2026-11-24T09:14:00.000Z");
	CHECK_STR(rd("24/11/2026 09:14:03", DATE_DMY, NULL), "2026-11-24T09:14:03.000Z");
	CHECK_STR(rd("03.02.2025 17:45", DATE_DMY, NULL), "2025-02-03T17:45:00.000Z");
	CHECK_STR(rd("3-2-2025 17:45", DATE_DMY, NULL), "2025-02-03T17:45:00.000Z");
	CHECK_STR(rd("03.02.25 17:45", DATE_DMY, NULL), "2025-02-03T17:45:00.000Z");
	CHECK_STR(rd("24.11.2026 10:14:03", DATE_DMY, "+01:00"), "2026-11-24T09:14:03.000Z");
	CHECK_STR(rd("11/24/2026 13:00:00 PM", DATE_MDY, NULL), "error");
	/* the strict reader keeps refusing the wrong order */
	int64_t ms;
	CHECK(time_parse("24/11/2026 09:14:03", DATE_MDY, NULL, &ms, NULL) == -1);
	CHECK(time_parse("11/24/2026 09:14:03", DATE_MDY, NULL, &ms, NULL) == 0);
}

static void
test_names(void)
{
	UTC("24 Nov 2025 09:14:03", "2025-11-24T09:14:03.000Z");
	UTC("Mon, 24 Nov 2025 09:14:03 +0000", "2025-11-24T09:14:03.000Z");
	UTC("Monday, November 24, 2025 9:14 AM", "2025-11-24T09:14:00.000Z");
	UTC("November 24th, 2025 at 9:14 PM EST", "2025-11-25T02:14:00.000Z");
	UTC("Nov 24, 2025, 9:14:03 AM", "2025-11-24T09:14:03.000Z");
	UTC("Mon Nov 24 09:14:03 2025", "2025-11-24T09:14:03.000Z");
	UTC("Mon Nov 24 09:14:03 UTC 2025", "2025-11-24T09:14:03.000Z");
	UTC("24-Nov-2025 09:14", "2025-11-24T09:14:00.000Z");
	UTC("24/Nov/2025:09:14:03 +0100", "2025-11-24T08:14:03.000Z");
	/* German, French, Spanish, Portuguese, Italian, Dutch */
	UTC("Montag, 24. November 2025 09:14", "2025-11-24T09:14:00.000Z");
	UTC("3. März 2025 um 17:45 MEZ", "2025-03-03T16:45:00.000Z");
	UTC("Mo., 3. Feb. 2025 17:45", "2025-02-03T17:45:00.000Z");
	UTC("lundi 24 novembre 2025 à 09:14", "2025-11-24T09:14:00.000Z");
	UTC("3 févr. 2025 17:45", "2025-02-03T17:45:00.000Z");
	UTC("24 de noviembre de 2025, 9:14", "2025-11-24T09:14:00.000Z");
	UTC("3 de fevereiro de 2025 às 17:45", "2025-02-03T17:45:00.000Z");
	UTC("3 febbraio 2025 alle 17:45", "2025-02-03T17:45:00.000Z");
	UTC("3 februari 2025 om 17:45", "2025-02-03T17:45:00.000Z");
	UTC("3 mrt 2025 17:45", "2025-03-03T17:45:00.000Z");
	CHECK_STR(rd("Nov 24 09:14:03", DATE_MDY, NULL), "error");	/* no year */
	CHECK_STR(rd("24 Smarch 2025", DATE_MDY, NULL), "error");
}

static void
test_zones(void)
{
	UTC("2025-07-01 12:00 CEST", "2025-07-01T10:00:00.000Z");
	UTC("2025-01-01 12:00 CET", "2025-01-01T11:00:00.000Z");
	UTC("2025-07-01 12:00 EEST", "2025-07-01T09:00:00.000Z");
	UTC("2025-07-01 12:00 BST", "2025-07-01T11:00:00.000Z");
	/* NZDT is UTC+13: 12:00 on 15 January is 23:00 on the 14th */
	UTC("2025-01-15 12:00 NZDT", "2025-01-14T23:00:00.000Z");
	UTC("2025-01-15 12:00 AEDT", "2025-01-15T01:00:00.000Z");
	UTC("2025-01-15 12:00 ACDT", "2025-01-15T01:30:00.000Z");
	UTC("2025-01-15 12:00 BRT", "2025-01-15T15:00:00.000Z");
	UTC("2025-01-15 12:00 ART", "2025-01-15T15:00:00.000Z");
	UTC("2025-01-15 12:00 SAST", "2025-01-15T10:00:00.000Z");
	UTC("2025-01-15 12:00 NPT", "2025-01-15T06:15:00.000Z");
	UTC("2025-01-15 12:00 NST", "2025-01-15T15:30:00.000Z");
	UTC("2025-01-15 12:00 GMT+2", "2025-01-15T10:00:00.000Z");
	UTC("2025-01-15 12:00 UTC-05:00", "2025-01-15T17:00:00.000Z");
	UTC("2025-01-15 12:00 (UTC)", "2025-01-15T12:00:00.000Z");
	UTC("2025-07-15 12:00 Pacific Daylight Time", "2025-07-15T19:00:00.000Z");
	UTC("2025-01-15 12:00 (W. Europe Standard Time)", "2025-01-15T11:00:00.000Z");
	/* IST means India by default, with a word about the others */
	UTC("2025-01-15 12:00 IST", "2025-01-15T06:30:00.000Z");
	CHECK(last.flags & TIME_ZONE_AMBIGUOUS);
	CHECK(strstr(last.zone_also, "Irish") != NULL);
	/* ... and Irish when --tz says the file is Dublin's */
	CHECK_STR(rd("2025-07-15 12:00 IST", DATE_MDY, "Europe/Dublin"), "2025-07-15T11:00:00.000Z");
	CHECK(!(last.flags & TIME_ZONE_AMBIGUOUS));
	CHECK_STR(rd("2025-07-15 12:00 CST", DATE_MDY, "Asia/Shanghai"), "2025-07-15T04:00:00.000Z");
	/* zone-less: --tz, else UTC */
	CHECK_STR(rd("2026-11-24T10:14:03", DATE_MDY, "Europe/Berlin"), "2026-11-24T09:14:03.000Z");
	CHECK_STR(rd("2026-07-01T12:00:00", DATE_MDY, "Europe/Berlin"), "2026-07-01T10:00:00.000Z");
	CHECK(!(last.flags & TIME_HAD_ZONE));
	/* "est" in lower case is a word, not a zone */
	CHECK_STR(rd("2025-01-15 12:00 est", DATE_MDY, NULL), "error");
}

static void
test_evidence(void)
{
	/* both readings valid: reported with both */
	CHECK_STR(rd("12/8/2025, 11:54:14 CEST", DATE_MDY, NULL), "2025-12-08T09:54:14.000Z");
	CHECK(last.flags & TIME_AMBIGUOUS);
	time_format(last.dmy, got, sizeof(got));
	CHECK_STR(got, "2025-08-12T09:54:14.000Z");
	CHECK_INT(last.season_mdy, 0);	/* CEST in December cannot be */
	CHECK_INT(last.season_dmy, 1);
	CHECK_INT(last.locale_hint, 1);
	CHECK(!(last.flags & TIME_24H_PM));	/* 11:54 is not past noon */
	/* only one reading valid: read that way, and flagged */
	CHECK_STR(rd("25/7/2025, 11:54:14 CEST", DATE_MDY, NULL), "2025-07-25T09:54:14.000Z");
	CHECK(last.flags & TIME_ORDER_FORCED);
	CHECK(!(last.flags & TIME_AMBIGUOUS));
	/* the same day either way is not ambiguous */
	rd("5/5/2025 10:00", DATE_MDY, NULL);
	CHECK(!(last.flags & TIME_AMBIGUOUS));
	rd("3/2/2025 17:45", DATE_MDY, NULL);
	CHECK(last.flags & TIME_24H_PM);
	rd("3/2/2025 5:45 PM EST", DATE_MDY, NULL);
	CHECK(last.flags & TIME_12H);
	CHECK_INT(last.locale_hint, -1);
	CHECK_INT(last.season_mdy, 1);	/* EST in March */
	CHECK_INT(last.season_dmy, 1);	/* EST in February */
}

static void
vote(struct date_votes *v, const char *s)
{
	struct time_read r;
	if (time_read(s, strlen(s), DATE_MDY, NULL, &r) == 0)
		date_vote(v, &r, 1, s, strlen(s));
}

static void
test_votes(void)
{
	int proved;
	/* a day over 12 proves day first */
	struct date_votes v = {0};
	vote(&v, "12/8/2025, 11:54:14");
	vote(&v, "11/8/2025, 10:00:00");
	CHECK_INT(date_votes_order(&v, &proved), DATE_MDY);
	CHECK_INT(proved, 0);
	vote(&v, "25/7/2025, 11:54:14");
	CHECK_INT(date_votes_order(&v, &proved), DATE_DMY);
	CHECK_INT(proved, 1);
	CHECK_INT(v.ambiguous, 2);
	CHECK_STR(v.proof_text[DATE_DMY], "25/7/2025, 11:54:14");
	/* a summer zone in winter proves it too */
	memset(&v, 0, sizeof(v));
	vote(&v, "12/8/2025, 11:54:14 CEST");
	CHECK_INT(date_votes_order(&v, &proved), DATE_DMY);
	CHECK_INT(proved, 1);
	CHECK_INT(v.season[DATE_DMY], 1);
	/* hints only: a day-first zone and a 24-hour clock are a guess */
	memset(&v, 0, sizeof(v));
	vote(&v, "3/2/2025 10:45 CET");
	CHECK_INT(date_votes_order(&v, &proved), DATE_DMY);
	CHECK_INT(proved, 0);
	/* ... and a day-first zone with a 24-hour clock past noon is that
	 * locale's order */
	vote(&v, "2/3/2025 17:45 CET");
	CHECK_INT(date_votes_order(&v, &proved), DATE_DMY);
	CHECK_INT(proved, DATE_BY_LOCALE);
	/* a US zone and AM/PM: month first, by the locale */
	memset(&v, 0, sizeof(v));
	vote(&v, "3/2/2025 5:45 PM EST");
	CHECK_INT(date_votes_order(&v, &proved), DATE_MDY);
	CHECK_INT(proved, DATE_BY_LOCALE);
	/* a US zone with a 24-hour clock: the hints disagree, a guess */
	memset(&v, 0, sizeof(v));
	vote(&v, "3/2/2025 17:45 EST");
	CHECK_INT(date_votes_order(&v, &proved), DATE_MDY);
	CHECK_INT(proved, 0);
	/* nothing but the separator: dots are day first, slashes month first */
	memset(&v, 0, sizeof(v));
	vote(&v, "03.02.2025 10:45");
	CHECK_INT(date_votes_order(&v, &proved), DATE_DMY);
	CHECK_INT(proved, 0);
	memset(&v, 0, sizeof(v));
	vote(&v, "03/02/2025 10:45");
	CHECK_INT(date_votes_order(&v, &proved), DATE_MDY);
}

static const char *
find(const char *s)
{
	struct time_read r;
	size_t at;
	if (!time_find(s, strlen(s), DATE_MDY, NULL, &r, &at))
		return "none";
	time_format(r.ms, got, sizeof(got));
	return got;
}

static void
test_find(void)
{
	CHECK_STR(find("Sent: Monday, November 24, 2025 9:14 AM"), "2025-11-24T09:14:00.000Z");
	CHECK_STR(find("[2025-11-24 09:14:03] ERROR something"), "2025-11-24T09:14:03.000Z");
	CHECK_STR(find("opened on 24.11.2025 um 10:14 MEZ by Dana"), "2025-11-24T09:14:00.000Z");
	CHECK_STR(find("Gesendet: Montag, 3. Februar 2025 17:45"), "2025-02-03T17:45:00.000Z");
	/* not dates: versions, addresses, numbers */
	CHECK_STR(find("client 16.0.19045.2965 on 10.1.20.30"), "none");
	CHECK_STR(find("build v1.2.2025 ready"), "none");
	CHECK_STR(find("total 1,234 items"), "none");
	CHECK_STR(find("the meeting may 2 people"), "none");
	/* where it was found */
	struct time_read r;
	size_t at;
	const char *s = "at 2025-01-02T03:04:05Z done";
	CHECK(time_find(s, strlen(s), DATE_MDY, NULL, &r, &at));
	CHECK_INT(at, 3);
	CHECK_INT(r.len, 20);
}

/* The cached TZif rules against the C library reading the same files:
 * the offset of every zone below at an instant every 7 h 13 min from 1970
 * to 2060 (past 2037 the footer's POSIX rule decides), and local wall
 * times back to the same offsets (the earlier instant where a wall time
 * is there twice). */
static void
test_tzfile(void)
{
	static const char *const zones[] = {
		"Europe/Berlin", "America/New_York", "America/St_Johns", "Australia/Lord_Howe",
		"Pacific/Chatham", "Asia/Kolkata", "Asia/Tehran", "America/Sao_Paulo",
		"Africa/Casablanca", "Europe/Dublin", "Pacific/Apia", "America/Santiago",
		"Antarctica/Troll", "Asia/Gaza", "Australia/Sydney", "America/Nuuk",
		"Africa/Cairo", "America/Los_Angeles", "Asia/Tokyo", "Europe/London",
	};
	char *old = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;
	for (size_t i = 0; i < sizeof(zones) / sizeof(*zones); i++) {
		const struct tzrules *z = tzrules_get(zones[i]);
		CHECK(z != NULL);
		if (z == NULL)
			continue;
		char *tz = xasprintf(":%s", zones[i]);
		setenv("TZ", tz, 1);
		tzset();
		long wrong = 0, wrong_local = 0, n = 0;
		for (int64_t t = 0; t < 2871763200; t += 7 * 3600 + 13 * 60, n++) {
			time_t tt = (time_t)t;
			struct tm tm;
			localtime_r(&tt, &tm);
			int off = tzrules_offset_at(z, t);
			if (off != (int)tm.tm_gmtoff && wrong++ == 0)
				fprintf(stderr, "%s at %lld: %d, the C library %ld\n", zones[i], (long long)t,
					off, (long)tm.tm_gmtoff);
			int64_t local = t + off;
			int a = tzrules_offset_at(z, local - 30 * 3600),
			    b = tzrules_offset_at(z, local + 30 * 3600);
			int twice = a != b && tzrules_offset_at(z, local - a) == a &&
				    tzrules_offset_at(z, local - b) == b;
			int want = twice ? (a > b ? a : b) : off;
			if (tzrules_offset_local(z, local) != want && wrong_local++ == 0)
				fprintf(stderr, "%s local %lld: %d, want %d\n", zones[i], (long long)local,
					tzrules_offset_local(z, local), want);
		}
		CHECK_INT(wrong, 0);
		CHECK_INT(wrong_local, 0);
		CHECK(n > 100000);
		free(tz);
	}
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	/* the clocks turned forward and back in Berlin, 2025 */
	const struct tzrules *be = tzrules_get("Europe/Berlin");
	int64_t gap = days_from_civil(2025, 3, 30) * 86400 + 2 * 3600 + 1800;	/* 02:30 */
	int64_t twice = days_from_civil(2025, 10, 26) * 86400 + 2 * 3600 + 1800;
	CHECK_INT(tzrules_offset_local(be, gap), 3600);	/* as mktime: 03:30 CEST */
	CHECK_INT(tzrules_offset_local(be, twice), 7200);	/* the first 02:30: CEST */
	CHECK_INT(tzrules_offset_at(be, days_from_civil(2050, 7, 1) * 86400), 7200);	/* the footer */
	/* not zones */
	CHECK(tzrules_get("Nowhere/Atlantis") == NULL);
	CHECK(tzrules_get("../../etc/passwd") == NULL);
	CHECK(tzrules_get("zone.tab") == NULL);	/* a file there, not TZif */
	CHECK(tzrules_parse((const unsigned char *)"TZif2", 5) == NULL);
	unsigned char junk[200];
	memset(junk, 0xff, sizeof(junk));
	memcpy(junk, "TZif2", 5);
	CHECK(tzrules_parse(junk, sizeof(junk)) == NULL);
}

int
main(void)
{
	test_tzfile();
	test_iso();
	test_year_first();
	test_numeric();
	test_names();
	test_zones();
	test_evidence();
	test_votes();
	test_find();
	printf("%d passed, %d failed\n", unit_pass, unit_fail);
	return unit_fail ? 1 : 0;
}
