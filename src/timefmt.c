/* timefmt.c - time parsing (ISO 8601, locale slash dates, ELF stamps,
 * zone abbreviations and IANA zones) and RFC 3339 output. */
#include "config.h"

#include "timefmt.h"

#include <ctype.h>
#include <pthread.h>
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

/* ---- small scanners ------------------------------------------------------ */

static int
digits(const char **p, int min, int max, int *out)
{
	int n = 0, v = 0;
	while (n < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n < min)
		return -1;
	*out = v;
	return 0;
}

/* ".123456789" -> milliseconds (rounded down); p at the '.' or ','. */
static int
fraction(const char **p)
{
	int ms = 0, n = 0;
	(*p)++;
	while (isdigit((unsigned char)**p)) {
		if (n < 3)
			ms = ms * 10 + (**p - '0');
		n++;
		(*p)++;
	}
	while (n < 3) {
		ms *= 10;
		n++;
	}
	return ms;
}

static const struct {
	const char *name;
	int minutes;
} zones[] = {
	{"UTC", 0}, {"GMT", 0}, {"Z", 0}, {"UT", 0},
	{"EST", -300}, {"EDT", -240}, {"CST", -360}, {"CDT", -300},
	{"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420},
	{"AKST", -540}, {"AKDT", -480}, {"HST", -600},
	{"WET", 0}, {"WEST", 60}, {"BST", 60}, {"IST", 330},
	{"CET", 60}, {"CEST", 120}, {"MET", 60}, {"MEST", 120},
	{"EET", 120}, {"EEST", 180}, {"MSK", 180},
	{"JST", 540}, {"KST", 540}, {"AEST", 600}, {"AEDT", 660},
	{"ACST", 570}, {"ACDT", 630}, {"AWST", 480}, {"NZST", 720}, {"NZDT", 780},
	{"SGT", 480}, {"HKT", 480},
};

/* A zone after the time: Z, +hh:mm, +hhmm, +hh, or an abbreviation.
 * Returns 1 with *minutes set, 0 if there is none, -1 if malformed. */
static int
zone(const char **pp, int *minutes)
{
	const char *p = *pp;
	while (*p == ' ')
		p++;
	if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1, h, m = 0;
		p++;
		if (digits(&p, 2, 2, &h) < 0)
			return -1;
		if (*p == ':')
			p++;
		if (isdigit((unsigned char)*p) && digits(&p, 2, 2, &m) < 0)
			return -1;
		if (h > 18 || m > 59)
			return -1;
		*minutes = sign * (h * 60 + m);
		*pp = p;
		return 1;
	}
	if (*p == '(')	/* "(UTC)" */
		p++;
	size_t n = 0;
	while (isalpha((unsigned char)p[n]))
		n++;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		if (strlen(zones[i].name) == n && strncasecmp(p, zones[i].name, n) == 0) {
			p += n;
			int extra = 0;
			/* "GMT+02:00" */
			if ((*p == '+' || *p == '-') && zone(&p, &extra) < 0)
				return -1;
			if (*p == ')')
				p++;
			*minutes = zones[i].minutes + extra;
			*pp = p;
			return 1;
		}
	}
	return -1;
}

/* ---- zones for zone-less times -------------------------------------------- */

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

int
tz_check(const char *tz)
{
	if (tz == NULL || strcasecmp(tz, "UTC") == 0 || strcasecmp(tz, "GMT") == 0)
		return 0;
	const char *p = tz;
	int m;
	if ((tz[0] == '+' || tz[0] == '-') && zone(&p, &m) == 1 && *p == '\0')
		return 0;
	if (strstr(tz, "..") || tz[0] == '/' || strlen(tz) > 64)
		return -1;
	for (const char *q = tz; *q; q++)
		if (!isalnum((unsigned char)*q) && *q != '/' && *q != '_' && *q != '-' && *q != '+')
			return -1;
	char path[128];
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? 0 : -1;
}

/* Seconds east of UTC that local wall time `local` (as if UTC) has in tz. */
static int
tz_offset(const char *tz, int64_t local, int *offset)
{
	if (tz == NULL || strcasecmp(tz, "UTC") == 0 || strcasecmp(tz, "GMT") == 0) {
		*offset = 0;
		return 0;
	}
	const char *p = tz;
	int m;
	if ((tz[0] == '+' || tz[0] == '-') && zone(&p, &m) == 1 && *p == '\0') {
		*offset = m * 60;
		return 0;
	}
	if (tz_check(tz) < 0)
		return -1;
	pthread_mutex_lock(&tz_lock);
	char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;
	char *val = malloc(strlen(tz) + 2);
	if (val == NULL) {
		pthread_mutex_unlock(&tz_lock);
		free(saved);
		return -1;
	}
	val[0] = ':';
	memcpy(val + 1, tz, strlen(tz) + 1);
	setenv("TZ", val, 1);
	tzset();
	time_t t = (time_t)local;
	struct tm tm;
	gmtime_r(&t, &tm);
	tm.tm_isdst = -1;
	time_t utc = mktime(&tm);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	pthread_mutex_unlock(&tz_lock);
	free(saved);
	free(val);
	if (utc == (time_t)-1)
		return -1;
	*offset = (int)(local - (int64_t)utc);
	return 0;
}

int
time_local_date(int64_t ms, const char *tz, int *y, int *m, int *d)
{
	int64_t secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	int off;
	if (tz_offset(tz, secs, &off) < 0)
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
	if (tz_offset(tz, secs, &off) < 0)
		return -1;
	int64_t local = secs + off;
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int64_t rest = local - days * 86400;
	/* 1 January 1970 was a Thursday */
	*wday = (int)(((days % 7) + 11) % 7);
	*minute = (int)(rest / 60);
	return 0;
}

/* ---- the parser ------------------------------------------------------------ */

/* "hh:mm[:ss[.fff]]" (the hour min_hour to 2 digits); -1 if malformed. */
static int
clock_part(const char **pp, int min_hour, int *h, int *mi, int *sec, int *ms)
{
	const char *p = *pp;
	if (digits(&p, min_hour, 2, h) < 0 || *p++ != ':' || digits(&p, 2, 2, mi) < 0)
		return -1;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, 2, sec) < 0)
			return -1;
		if (*p == '.' || *p == ',')
			*ms = fraction(&p);
	}
	*pp = p;
	return 0;
}

static int
valid(int y, int mo, int d, int h, int mi, int sec)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return 0;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 60;
}

static int
finish(int y, int mo, int d, int h, int mi, int sec, int ms, int has_zone,
       int zmin, const char *tz, int64_t *out, int *flags)
{
	if (sec == 60)
		sec = 59;	/* leap second */
	if (!valid(y, mo, d, h, mi, sec))
		return -1;
	int64_t secs = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
		       h * 3600 + mi * 60 + sec;
	if (has_zone) {
		secs -= (int64_t)zmin * 60;
	} else {
		int off;
		if (tz_offset(tz, secs, &off) < 0)
			return -1;
		secs -= off;
	}
	*out = secs * 1000 + ms;
	if (flags)
		*flags = has_zone ? TIME_HAD_ZONE : 0;
	return 0;
}

static int
rest_is_blank(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return *p == '\0';
}

int
time_parse(const char *s, enum date_order order, const char *tz, int64_t *out,
	   int *flags)
{
	const char *p = s;
	int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0, zmin = 0, hz;
	while (*p == ' ' || *p == '"')
		p++;
	const char *start = p;
	size_t n = 0;
	while (isdigit((unsigned char)start[n]))
		n++;
	if (n == 0 || (n > 4 && n != 14))
		return -1;
	int a = 0;
	if (n <= 4)
		(void)digits(&p, 1, 4, &a);
	else
		p += n;
	if (n == 14) {
		/* ELF: yyyyMMddHHmmss[.SSS] (GMT) */
		const char *q = start;
		digits(&q, 4, 4, &y);
		digits(&q, 2, 2, &mo);
		digits(&q, 2, 2, &d);
		digits(&q, 2, 2, &h);
		digits(&q, 2, 2, &mi);
		digits(&q, 2, 2, &sec);
		if (*p == '.')
			ms = fraction(&p);
		hz = zone(&p, &zmin);
		if (hz < 0 || !rest_is_blank(p))
			return -1;
		return finish(y, mo, d, h, mi, sec, ms, 1, hz ? zmin : 0, tz, out, flags);
	}
	if (n == 4 && *p == '-') {
		/* ISO 8601 */
		y = a;
		p++;
		if (digits(&p, 2, 2, &mo) < 0 || *p++ != '-' || digits(&p, 2, 2, &d) < 0)
			return -1;
		if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
			p++;
			if (clock_part(&p, 2, &h, &mi, &sec, &ms) < 0)
				return -1;
		}
		hz = zone(&p, &zmin);
		if (hz < 0 || !rest_is_blank(p))
			return -1;
		return finish(y, mo, d, h, mi, sec, ms, hz, zmin, tz, out, flags);
	}
	if (n >= 1 && n <= 2 && (*p == '/' || *p == '.' || *p == '-')) {
		/* slash dates: 11/24/2026 9:14:03 AM PST, 24.11.2026 09:14 */
		char sep = *p++;
		int b, c;
		if (digits(&p, 1, 2, &b) < 0 || *p++ != sep || digits(&p, 2, 4, &c) < 0)
			return -1;
		if (c < 100)
			c += 2000;
		y = c;
		if (order == DATE_MDY) {
			mo = a;
			d = b;
		} else {
			d = a;
			mo = b;
		}
		if (*p == ',')
			p++;
		while (*p == ' ')
			p++;
		if (isdigit((unsigned char)*p)) {
			if (clock_part(&p, 1, &h, &mi, &sec, &ms) < 0)
				return -1;
			while (*p == ' ')
				p++;
			if ((p[0] == 'A' || p[0] == 'a' || p[0] == 'P' || p[0] == 'p') &&
			    (p[1] == 'M' || p[1] == 'm') && !isalpha((unsigned char)p[2])) {
				if (h < 1 || h > 12)
					return -1;
				int pm = p[0] == 'P' || p[0] == 'p';
				h = h % 12 + (pm ? 12 : 0);
				p += 2;
			}
		}
		hz = zone(&p, &zmin);
		if (hz < 0 || !rest_is_blank(p))
			return -1;
		return finish(y, mo, d, h, mi, sec, ms, hz, zmin, tz, out, flags);
	}
	return -1;
}

int
time_parse_iso(const char *s, int64_t *ms)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	if (!(isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	      isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) && p[4] == '-'))
		return -1;
	return time_parse(s, DATE_MDY, NULL, ms, NULL);
}
