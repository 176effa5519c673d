/*
 * jsonscan.h - find the records inside a JSON input of any size.
 *
 * cJSON parses a whole document at once; a month of sign-ins is gigabytes.
 * This scanner reads the text once, checks its syntax, and hands each
 * record to a callback as its own small JSON text, so memory stays
 * bounded by the largest record.  A record is:
 *   - an element of a record array: the top-level array, or an array at
 *     one of the paths the caller gives ("/value", "/records",
 *     "/log/entries"), in every document when several are concatenated;
 *   - otherwise each top-level value (NDJSON, or a single object).
 * Each record comes with where it is: a JSON pointer ("#/value/17",
 * "#page2/value/3" for the second of concatenated documents) for array
 * elements, and the line it starts on.
 *
 * Ownership: the record text passed to the callback is valid only during
 * the call.
 */
#ifndef TRIAGE_JSONSCAN_H
#define TRIAGE_JSONSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"

#define JSONSCAN_MAX_DEPTH 512

struct jrecord {
	const char *text;
	size_t len;
	const char *pointer;	/* "" for top-level values */
	uint64_t line;		/* line the record starts on */
	uint64_t offset;	/* offset of its first byte in the decoded text */
	uint64_t page;		/* 1-based document number */
};

/* Return 0 to go on, non-zero to stop. */
typedef int (*jrecord_fn)(void *ud, const struct jrecord *r);
/* A top-level value (an NDJSON line) that was skipped for an error; the
 * scan goes on at the next line.  The value began on first and the error
 * is on line: when first < line, the lines between were read as part of
 * the broken value (an NDJSON line cut short runs into the next ones) and
 * are skipped with it. */
typedef void (*jskip_fn)(void *ud, uint64_t first, uint64_t line, uint64_t column,
			 const char *message);

struct jscan_result {
	uint64_t records;
	uint64_t documents;
	int error;		/* syntax error or a limit: see message/line */
	char message[256];
	uint64_t line, column, offset;
	int stopped;		/* the callback asked to stop */
	uint64_t skipped;	/* top-level values skipped for errors */
};

/* paths: NULL-terminated list of record array paths ("/value"); the
 * top-level array is always one.  An error inside a record array ends
 * the scan (res->error); an error in a top-level value, as in NDJSON, is
 * passed to skip (when not NULL) and the scan resumes at the next line. */
void jscan_run(struct text *t, const char *const *paths, size_t max_record,
	       jrecord_fn fn, jskip_fn skip, void *ud, struct jscan_result *res);

/* Line and column (1-based) of byte off in text. */
void json_position(const char *text, size_t off, uint64_t *line, uint64_t *col);

#endif
