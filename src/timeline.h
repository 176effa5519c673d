/*
 * timeline.h - every record, in time order: events first (UTC, oldest
 * first, ties in input order), then facts (no time).  Text, NDJSON or CSV.
 */
#ifndef TRIAGE_TIMELINE_H
#define TRIAGE_TIMELINE_H

#include <stdint.h>
#include <stdio.h>

#include "input.h"
#include "store.h"
#include "util.h"

enum timeline_format { TL_TEXT, TL_NDJSON, TL_CSV };

struct timeline_filter {
	const char *user;	/* case-insensitive substring of the user field */
	int64_t since, until;	/* events in [since, until); facts always */
};

int timeline_format_parse(const char *s, enum timeline_format *f);
/* The records in memory and those spilled (store.h: each read back in
 * its turn, and given back). */
void timeline_write(FILE *f, enum timeline_format fmt, struct store *st,
		    const struct inputs *ins, const struct timeline_filter *flt);
/* NULL when a record's user (in memory or spilled) contains user; else
 * the users there are,
 * sorted, *n set (an array the caller frees, even when *n is 0). */
const char **timeline_users(const struct store *st, const char *user, size_t *n);
/* The locator of a record: its entry's locator plus ":line" or a JSON
 * pointer.  Appends to b. */
void record_locator(struct buf *b, const struct store *st,
		    const struct inputs *ins, const struct record *r);

#endif
