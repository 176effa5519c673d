/* tzfile.c - TZif zone rules, read once and cached (tzfile.h). */
#include "config.h"

#include "tzfile.h"

#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "timefmt.h"
#include "util.h"

/* A day of the year in a POSIX TZ rule: Jn (1-365, February 29 never
 * counted), n (0-365) or Mm.w.d (day d of week w of month m, 5 = last). */
struct rule_day {
	char kind;		/* 'J', 'n' or 'M' */
	int a, b, c;		/* n; or m, w, d */
	int32_t time;		/* seconds after local midnight (may be < 0 or > 24 h) */
};

struct tzrules {
	int64_t *at;		/* transitions, UTC seconds, ascending */
	uint8_t *type;		/* the type in force from each */
	size_t n;
	int32_t *utoff;		/* seconds east of UTC, per type */
	size_t ntypes;
	/* the footer, for times after the last transition */
	int has_footer;
	int32_t std_off, dst_off;	/* east of UTC */
	int has_dst;
	struct rule_day start, end;
};

void
tzrules_free(struct tzrules *z)
{
	if (z == NULL)
		return;
	free(z->at);
	free(z->type);
	free(z->utoff);
	free(z);
}

/* ---- the POSIX TZ string of the footer ---------------------------------------- */

static const char *
tz_name(const char *p)
{
	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		return *p == '>' ? p + 1 : NULL;
	}
	const char *s = p;
	while (isalpha((unsigned char)*p))
		p++;
	return p - s >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]], hh up to max: seconds into *v. */
static const char *
tz_hms(const char *p, int max, int32_t *v)
{
	int sign = 1;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (!isdigit((unsigned char)*p))
		return NULL;
	int32_t part[3] = {0, 0, 0};
	for (int i = 0; i < 3; i++) {
		int d = 0;
		while (isdigit((unsigned char)*p) && d < 3) {
			part[i] = part[i] * 10 + (*p++ - '0');
			d++;
		}
		if (d == 0 || (i > 0 && part[i] > 59))
			return NULL;
		if (*p != ':' || i == 2)
			break;
		p++;
	}
	if (part[0] > max)
		return NULL;
	*v = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	return p;
}

static const char *
tz_num(const char *p, int lo, int hi, int *v)
{
	if (!isdigit((unsigned char)*p))
		return NULL;
	int n = 0;
	while (isdigit((unsigned char)*p) && n <= hi)
		n = n * 10 + (*p++ - '0');
	if (n < lo || n > hi)
		return NULL;
	*v = n;
	return p;
}

static const char *
tz_rule_day(const char *p, struct rule_day *r)
{
	if (*p == 'J') {
		r->kind = 'J';
		p = tz_num(p + 1, 1, 365, &r->a);
	} else if (*p == 'M') {
		r->kind = 'M';
		p = tz_num(p + 1, 1, 12, &r->a);
		if (p && *p == '.')
			p = tz_num(p + 1, 1, 5, &r->b);
		else
			p = NULL;
		if (p && *p == '.')
			p = tz_num(p + 1, 0, 6, &r->c);
		else
			p = NULL;
	} else {
		r->kind = 'n';
		p = tz_num(p, 0, 365, &r->a);
	}
	r->time = 7200;
	if (p && *p == '/')
		p = tz_hms(p + 1, 167, &r->time);
	return p;
}

/* "CET-1CEST,M3.5.0,M10.5.0/3": 0, or -1 when it is not one. */
static int
parse_footer(struct tzrules *z, const char *s)
{
	int32_t v;
	const char *p = tz_name(s);
	if (p == NULL || (p = tz_hms(p, 24, &v)) == NULL)
		return -1;
	z->std_off = -v;	/* POSIX counts west of UTC */
	if (*p == '\0') {
		z->has_footer = 1;
		return 0;
	}
	if ((p = tz_name(p)) == NULL)
		return -1;
	z->dst_off = z->std_off + 3600;
	if (*p && *p != ',') {
		if ((p = tz_hms(p, 24, &v)) == NULL)
			return -1;
		z->dst_off = -v;
	}
	if (*p != ',' || (p = tz_rule_day(p + 1, &z->start)) == NULL || *p != ',' ||
	    (p = tz_rule_day(p + 1, &z->end)) == NULL || *p != '\0')
		return -1;
	z->has_dst = 1;
	z->has_footer = 1;
	return 0;
}

static int
leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The day (since 1970-01-01) a rule names in year y. */
static int64_t
rule_date(const struct rule_day *r, int64_t y)
{
	int64_t jan1 = days_from_civil(y, 1, 1);
	if (r->kind == 'J')
		return jan1 + r->a - 1 + (leap(y) && r->a >= 60);
	if (r->kind == 'n')
		return jan1 + r->a;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t first = days_from_civil(y, (unsigned)r->a, 1);
	int wday = (int)(((first % 7) + 11) % 7);	/* 1970-01-01 was a Thursday */
	int64_t d = first + (r->c - wday + 7) % 7 + 7 * (r->b - 1);
	int len = mdays[r->a - 1] + (r->a == 2 && leap(y));
	while (d >= first + len)
		d -= 7;
	return d;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int32_t
footer_offset(const struct tzrules *z, int64_t t)
{
	if (!z->has_dst)
		return z->std_off;
	int64_t day = floor_div(t + z->std_off, 86400);
	/* the year of the day: days_from_civil's inverse through a guess */
	int64_t y = 1970 + floor_div(day * 400, 146097);
	while (days_from_civil(y + 1, 1, 1) <= day)
		y++;
	while (days_from_civil(y, 1, 1) > day)
		y--;
	int64_t start = rule_date(&z->start, y) * 86400 + z->start.time - z->std_off;
	int64_t end = rule_date(&z->end, y) * 86400 + z->end.time - z->dst_off;
	int dst = start < end ? t >= start && t < end : t < end || t >= start;
	return dst ? z->dst_off : z->std_off;
}

/* ---- TZif ------------------------------------------------------------------------ */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzrules *
tzrules_parse(const unsigned char *data, size_t n)
{
	if (n < 44 || memcmp(data, "TZif", 4) != 0)
		return NULL;
	/* the version 1 block is skipped: its 32-bit times end in 2038 */
	uint32_t c[6];
	for (int i = 0; i < 6; i++)
		c[i] = be32(data + 20 + 4 * i);
	size_t v1 = (size_t)c[3] * 5 + (size_t)c[4] * 6 + c[5] + (size_t)c[2] * 8 + c[1] + c[0];
	if (data[4] < '2' || v1 > n - 44 || n - 44 - v1 < 44)
		return NULL;
	const unsigned char *h = data + 44 + v1;
	if (memcmp(h, "TZif", 4) != 0)
		return NULL;
	for (int i = 0; i < 6; i++)
		c[i] = be32(h + 20 + 4 * i);
	uint32_t isut = c[0], isstd = c[1], leapc = c[2], timec = c[3], typec = c[4], charc = c[5];
	if (typec == 0 || typec > 256 || timec > 100000 || charc > 100000 || leapc > 100000 ||
	    (isut && isut != typec) || (isstd && isstd != typec))
		return NULL;
	size_t body = (size_t)timec * 9 + (size_t)typec * 6 + charc + (size_t)leapc * 12 + isstd + isut;
	size_t left = (size_t)(data + n - h) - 44;
	if (body > left)
		return NULL;
	const unsigned char *p = h + 44;
	struct tzrules *z = xcalloc(1, sizeof(*z));
	z->n = timec;
	z->ntypes = typec;
	z->at = xcalloc(timec ? timec : 1, sizeof(*z->at));
	z->type = xcalloc(timec ? timec : 1, 1);
	z->utoff = xcalloc(typec, sizeof(*z->utoff));
	int ok = 1;
	for (size_t i = 0; i < timec; i++) {
		z->at[i] = be64(p + 8 * i);
		ok &= i == 0 || z->at[i] > z->at[i - 1];
	}
	p += (size_t)timec * 8;
	for (size_t i = 0; i < timec; i++) {
		z->type[i] = p[i];
		ok &= p[i] < typec;
	}
	p += timec;
	for (size_t i = 0; i < typec; i++) {
		int32_t off = (int32_t)be32(p + 6 * i);
		ok &= off > -26 * 3600 && off < 26 * 3600;
		z->utoff[i] = off;
	}
	p += (size_t)typec * 6 + charc + (size_t)leapc * 12 + isstd + isut;
	/* the footer: "\n" POSIX-TZ "\n" */
	const unsigned char *end = data + n;
	if (ok && p < end && *p == '\n') {
		const unsigned char *q = memchr(p + 1, '\n', (size_t)(end - p - 1));
		if (q && q - p - 1 > 0 && q - p - 1 < 128) {
			char tz[128];
			memcpy(tz, p + 1, (size_t)(q - p - 1));
			tz[q - p - 1] = '\0';
			if (parse_footer(z, tz) < 0)
				z->has_footer = 0;
		}
	}
	if (!ok) {
		tzrules_free(z);
		return NULL;
	}
	return z;
}

int
tzrules_offset_at(const struct tzrules *z, int64_t secs)
{
	if (z->n == 0)
		return z->has_footer ? footer_offset(z, secs) : z->utoff[0];
	if (secs < z->at[0])
		return z->utoff[0];	/* RFC 8536: type 0 before the first transition */
	if (secs >= z->at[z->n - 1] && z->has_footer)
		return footer_offset(z, secs);
	size_t lo = 0, hi = z->n;	/* the last transition at or before secs */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->at[mid] <= secs)
			lo = mid;
		else
			hi = mid;
	}
	return z->utoff[z->type[lo]];
}

int
tzrules_offset_local(const struct tzrules *z, int64_t local)
{
	/* offsets lie within a day of UTC, and zones change at most once in
	 * a day and a half: the offsets before and after that window are
	 * the candidates */
	int32_t a = tzrules_offset_at(z, local - 30 * 3600);
	int32_t b = tzrules_offset_at(z, local + 30 * 3600);
	if (a == b)
		return a;
	int va = tzrules_offset_at(z, local - a) == a;
	int vb = tzrules_offset_at(z, local - b) == b;
	if (va && vb)
		return a > b ? a : b;	/* there twice: the earlier instant */
	if (vb)
		return b;
	return a;	/* only before the change, or not there at all */
}

/* ---- the cache ---------------------------------------------------------------------- */

struct cached {
	char *name;
	struct tzrules *z;	/* NULL: no such zone */
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cached *cache;
static size_t ncache, capcache;

static struct tzrules *
load(const char *name)
{
	char path[160];
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct buf b;
	buf_init(&b, 1 << 20);
	char tmp[8192];
	ssize_t r;
	while ((r = read(fd, tmp, sizeof(tmp))) > 0)
		if (buf_add(&b, tmp, (size_t)r) < 0)
			break;
	close(fd);
	struct tzrules *z = tzrules_parse((const unsigned char *)b.data, b.len);
	buf_free(&b);
	return z;
}

const struct tzrules *
tzrules_get(const char *name)
{
	if (name == NULL || strlen(name) > 100 || strstr(name, "..") || name[0] == '/')
		return NULL;
	pthread_mutex_lock(&cache_lock);
	struct tzrules *z = NULL;
	size_t i;
	for (i = 0; i < ncache; i++)
		if (strcmp(cache[i].name, name) == 0)
			break;
	if (i < ncache) {
		z = cache[i].z;
	} else {
		z = load(name);
		GROW(cache, ncache, capcache);
		cache[ncache++] = (struct cached){xstrdup(name), z};
	}
	pthread_mutex_unlock(&cache_lock);
	return z;
}
