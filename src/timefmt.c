/* timefmt.c - calendar arithmetic, zone-less times in IANA zones and
 * fixed offsets, RFC 3339 output.  The layouts are read in timeparse.c. */
#include "config.h"

#include "timefmt.h"

#include "tzfile.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (int64_t)d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int
date_valid(int y, int mo, int d, int h, int mi, int sec)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return 0;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 60;
}

void
time_format(int64_t ms, char *out, size_t outlen)
{
	int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
	int64_t rem = ms - days * 86400000;
	int64_t y;
	unsigned mo, d;
	civil_from_days(days, &y, &mo, &d);
	snprintf(out, outlen, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ", (long long)y, mo, d,
		 (unsigned)(rem / 3600000), (unsigned)(rem / 60000 % 60),
		 (unsigned)(rem / 1000 % 60), (unsigned)(rem % 1000));
}

/* "+hh[:mm]", "-hhmm" as a whole string: minutes east of UTC. */
static int
fixed_offset(const char *tz, int *minutes)
{
	if (tz[0] != '+' && tz[0] != '-')
		return -1;
	const char *p = tz + 1;
	int h = 0, m = 0, n = 0;
	while (isdigit((unsigned char)*p) && n < 2) {
		h = h * 10 + (*p++ - '0');
		n++;
	}
	if (n != 2)
		return -1;
	if (*p == ':')
		p++;
	if (*p) {
		n = 0;
		while (isdigit((unsigned char)*p) && n < 2) {
			m = m * 10 + (*p++ - '0');
			n++;
		}
		if (n != 2 || *p)
			return -1;
	}
	if (h > 18 || m > 59)
		return -1;
	*minutes = (tz[0] == '-' ? -1 : 1) * (h * 60 + m);
	return 0;
}

/* ---- zones for zone-less times -------------------------------------------- */

int
tz_check(const char *tz)
{
	if (tz == NULL || strcasecmp(tz, "UTC") == 0 || strcasecmp(tz, "GMT") == 0)
		return 0;
	int m;
	if (fixed_offset(tz, &m) == 0)
		return 0;
	if (strstr(tz, "..") || tz[0] == '/' || strlen(tz) > 64)
		return -1;
	for (const char *q = tz; *q; q++)
		if (!isalnum((unsigned char)*q) && *q != '/' && *q != '_' && *q != '-' && *q != '+')
			return -1;
	return tzrules_get(tz) ? 0 : -1;	/* a zone file that reads as TZif */
}

/* UTC, GMT and fixed offsets need no zoneinfo: 1 with *offset set. */
static int
simple_offset(const char *tz, int *offset)
{
	int m;
	if (tz == NULL || strcasecmp(tz, "UTC") == 0 || strcasecmp(tz, "GMT") == 0) {
		*offset = 0;
		return 1;
	}
	if (fixed_offset(tz, &m) == 0) {
		*offset = m * 60;
		return 1;
	}
	return 0;
}

int
tz_offset_local(const char *tz, int64_t local, int *offset)
{
	if (simple_offset(tz, offset))
		return 0;
	const struct tzrules *z = tz_check(tz) == 0 ? tzrules_get(tz) : NULL;
	if (z == NULL)
		return -1;
	*offset = tzrules_offset_local(z, local);
	return 0;
}

int
tz_offset_at(const char *tz, int64_t secs, int *offset)
{
	if (simple_offset(tz, offset))
		return 0;
	const struct tzrules *z = tz_check(tz) == 0 ? tzrules_get(tz) : NULL;
	if (z == NULL)
		return -1;
	*offset = tzrules_offset_at(z, secs);
	return 0;
}

int
time_local_date(int64_t ms, const char *tz, int *y, int *m, int *d)
{
	int64_t secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	int off;
	if (tz_offset_at(tz, secs, &off) < 0)
		return -1;
	int64_t local = secs + off;
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int64_t yy;
	unsigned mm, dd;
	civil_from_days(days, &yy, &mm, &dd);
	*y = (int)yy;
	*m = (int)mm;
	*d = (int)dd;
	return 0;
}

int
time_local_clock(int64_t ms, const char *tz, int *wday, int *minute)
{
	int64_t secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	int off;
	if (tz_offset_at(tz, secs, &off) < 0)
		return -1;
	int64_t local = secs + off;
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int64_t rest = local - days * 86400;
	/* 1 January 1970 was a Thursday */
	*wday = (int)(((days % 7) + 11) % 7);
	*minute = (int)(rest / 60);
	return 0;
}

