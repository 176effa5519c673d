/*
 * timefmt.h - reading the many ways exports write a time, and writing
 * RFC 3339 UTC with milliseconds.
 *
 * Times are int64 milliseconds since 1970-01-01T00:00:00Z.  A time without
 * a zone is local to the zone given (an IANA name from the system's
 * zoneinfo, "UTC", or a fixed offset such as "+02:00").
 *
 * Layouts read (doc/records.md, "Times"): ISO 8601 (T or space, any
 * fraction, Z / +hh:mm / +hhmm / +hh); yyyy/M/d and yyyy.M.d; yyyy年M月d日
 * (and the Korean 년 월 일); numeric d/M/yyyy or M/d/yyyy with / . or -
 * and an optional comma after the year; month names in English, German,
 * French, Spanish, Portuguese, Italian and Dutch ("24 Nov 2025", "November
 * 24, 2025", "24. November 2025", "24 de noviembre de 2025", RFC 2822,
 * ctime), with an optional weekday; 12- and 24-hour clocks (AM/PM, a.m.,
 * p. m., 午前/午後, 上午/下午, 오전/오후); zone abbreviations of North and
 * South America, Europe, Africa, Asia, Australia and New Zealand, "GMT+2",
 * "UTC-05:00", "(UTC)" and the Windows long names ("Pacific Standard
 * Time"); Event Log File stamps yyyyMMddHHmmss[.SSS].
 *
 * Day and month: a numeric date whose first two numbers are both 12 or
 * less reads either way.  time_read() reads it in the order asked for and
 * reports both readings; struct date_votes gathers, over a whole file,
 * what decides the order: a date valid only one way, a summer-time zone
 * that cannot fall in the month one reading gives (CEST in December), and
 * weaker hints (a day-first locale's zone, a 24-hour clock past noon, an
 * AM/PM clock, a US zone).
 */
#ifndef TRIAGE_TIMEFMT_H
#define TRIAGE_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#ifndef TIME_NONE
#define TIME_NONE INT64_MIN
#endif

enum date_order {
	DATE_MDY,	/* 11/24/2026: US */
	DATE_DMY,	/* 24/11/2026: most other locales */
};

/* struct time_read flags */
#define TIME_HAD_ZONE 1		/* the text carried its own zone */
#define TIME_AMBIGUOUS 2	/* a numeric date that reads both ways, differently */
#define TIME_ORDER_FORCED 4	/* valid only in the other order than asked */
#define TIME_12H 8		/* an AM/PM clock */
#define TIME_24H_PM 16		/* a 24-hour clock past 12:59 */
#define TIME_ZONE_AMBIGUOUS 32	/* the abbreviation names more than one zone */
#define TIME_NO_TIME 64		/* a date without a time of day */

struct time_read {
	int64_t ms;		/* the reading used */
	int64_t mdy, dmy;	/* numeric d/m dates: each reading (TIME_NONE
				   when that reading is not a valid date) */
	int flags;
	char sep;		/* separator of a numeric d/m date, else 0 */
	const char *zone;	/* the abbreviation read (static), or NULL */
	const char *zone_means;	/* what it was read as, for warnings */
	const char *zone_also;	/* its other meanings, when ambiguous */
	int season_mdy, season_dmy;	/* 1: the zone fits that reading's
					   month; 0: it cannot (CEST in
					   January); -1: the zone says nothing */
	int locale_hint;	/* +1 day-first zone, -1 month-first zone, 0 */
	size_t len;		/* bytes of the text the time took */
};

/* Read the time that is the whole of s[0, n) (leading spaces and quotes
 * skipped, trailing blanks allowed).  Numeric day/month dates are read in
 * order when that reading is valid, else the other way (TIME_ORDER_FORCED).
 * tz is the zone of zone-less times (NULL = UTC); where an abbreviation
 * means several zones, the one tz is in at that time wins.  0, or -1. */
int time_read(const char *s, size_t n, enum date_order order, const char *tz,
	      struct time_read *out);
/* A time at the start of s[0, n) that ends at a word boundary (what
 * follows is left alone): 0 with out->len set, or -1. */
int time_at(const char *s, size_t n, enum date_order order, const char *tz,
	    struct time_read *out);
/* The first time in free text s[0, n): a date, optionally followed by a
 * time and zone, starting at a word boundary.  Returns 1 with *at set to
 * where it starts and out->len to its length. */
int time_find(const char *s, size_t n, enum date_order order, const char *tz,
	      struct time_read *out, size_t *at);

/* Strict, as before: the order given only; returns 0 and sets *ms (and
 * *flags: TIME_HAD_ZONE), or -1. */
int time_parse(const char *s, enum date_order order, const char *tz,
	       int64_t *ms, int *flags);
/* ISO 8601 only, zone-less = UTC (command-line --since / --until). */
int time_parse_iso(const char *s, int64_t *ms);

/* ---- the day/month order of a file ------------------------------------------- */

struct date_votes {
	int proof[2];		/* rows valid only one way, per order */
	int weak[2];		/* hints, per order */
	int ambiguous;		/* rows that read both ways */
	uint64_t ambiguous_line;	/* the first of them */
	char sep;		/* separator of the first numeric date */
	uint64_t proof_line[2];	/* the first row that proved each order */
	char proof_text[2][64];
	char proof_why[2][96];	/* "not a valid month/day date", "CEST in December" */
	int season[2];		/* proofs that came from a zone's season */
	int zone_hint[2];	/* ambiguous rows whose zone is a day-first
				   locale's (or a US one) */
	int clock_hint[2];	/* ... whose clock is 24-hour past noon (or AM/PM) */
};

/* Count what one reading says about the file's order. */
void date_vote(struct date_votes *v, const struct time_read *r, uint64_t line,
	       const char *text, size_t n);
/* The order the evidence so far gives; *proved is set to DATE_PROVED
 * when a row proved it, DATE_BY_LOCALE when the zones and the clock of
 * the ambiguous rows all point to one locale's order, 0 when it is a
 * guess (mixed or single hints, or the separator's custom). */
#define DATE_PROVED 1
#define DATE_BY_LOCALE 2
enum date_order date_votes_order(const struct date_votes *v, int *proved);

/* ---- zones and output ---------------------------------------------------------- */

/* Is tz a zone time_read can apply?  0 yes, -1 no. */
int tz_check(const char *tz);
/* Seconds east of UTC of zone tz (NULL: UTC) at UTC instant secs; 0, or
 * -1 for an unknown zone. */
int tz_offset_at(const char *tz, int64_t secs, int *offset);
/* Seconds east of UTC that local wall time `local` (seconds, as if UTC)
 * has in tz; 0, or -1. */
int tz_offset_local(const char *tz, int64_t local, int *offset);
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
/* Is y-m-d h:mi:sec a real date and time? */
int date_valid(int y, int m, int d, int h, int mi, int sec);

#endif
