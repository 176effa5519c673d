/*
 * timefmt.h - reading the many ways exports write a time, and writing
 * RFC 3339 UTC with milliseconds.
 *
 * Times are int64 milliseconds since 1970-01-01T00:00:00Z.  A time without
 * a zone is local to the zone given (an IANA name from the system's
 * zoneinfo, "UTC", or a fixed offset such as "+02:00"); time_parse() says
 * whether the text carried its own zone so callers can warn once.
 */
#ifndef TRIAGE_TIMEFMT_H
#define TRIAGE_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

enum date_order {
	DATE_MDY,	/* 11/24/2026: US */
	DATE_DMY,	/* 24/11/2026: most other locales */
};

#define TIME_HAD_ZONE 1

/* Parse s: ISO 8601 (T or space, any fraction, Z, +hh:mm, +hhmm, +hh),
 * slash dates (order decides M/d or d/M; optional ", "; h:mm[:ss[.f]];
 * AM/PM; a zone abbreviation or offset), ELF yyyyMMddHHmmss[.SSS].
 * tz is the zone of zone-less times (NULL = UTC).  Returns 0 and sets *ms
 * (and *flags), or -1. */
int time_parse(const char *s, enum date_order order, const char *tz,
	       int64_t *ms, int *flags);
/* ISO 8601 only, zone-less = UTC (command-line --since / --until). */
int time_parse_iso(const char *s, int64_t *ms);
/* Is tz a zone time_parse can apply?  0 yes, -1 no. */
int tz_check(const char *tz);
/* The calendar date of instant ms in zone tz; 0, or -1 for an unknown
 * zone. */
int time_local_date(int64_t ms, const char *tz, int *y, int *m, int *d);
/* "2026-11-24T09:14:03.120Z"; out must hold 32 bytes. */
void time_format(int64_t ms, char *out, size_t outlen);
/* The local weekday (0 = Sunday) and minute of the day of ms in zone tz
 * (NULL: UTC); 0, or -1 for an unknown zone. */
int time_local_clock(int64_t ms, const char *tz, int *wday, int *minute);
/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
