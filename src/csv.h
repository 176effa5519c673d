/*
 * csv.h - an RFC 4180 reader over the text layer.
 *
 * Quoted cells may hold separators, "" and line breaks; CRLF, LF and CR
 * row ends; the separator is given or sniffed from the header (',' ';'
 * TAB); a leading Excel "sep=X" line and a PowerShell "#TYPE" line are
 * honoured and skipped.  Ragged rows are returned as they are (the caller
 * compares csv_ncells() with the header).  Cells may be of any size up to
 * the record limit; a longer row is cut and flagged.
 *
 * Ownership: struct csv borrows its struct text; cell pointers stay valid
 * until the next csv_next().
 */
#ifndef TRIAGE_CSV_H
#define TRIAGE_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"

struct csv {
	struct text *t;
	char sep;
	struct buf row;		/* cells, each NUL-terminated */
	size_t *offs;
	size_t ncells, capcells;
	uint64_t line;		/* line where the current row started */
	uint64_t next_line;	/* line the next row starts on */
	int overflow;		/* the current row was longer than the limit */
	int unterminated;	/* the input ended inside a quoted cell */
	int preamble_done;
	char in[65536];
	size_t in_len, in_pos;
	int eof;
	int pending;		/* a char pushed back (-1 none) */
	int skip_lf;
};

/* sep: ',' ';' '\t', or 0 to sniff it from the first row. */
void csv_init(struct csv *c, struct text *t, char sep, size_t max_record);
void csv_free(struct csv *c);
/* Next row: 1, or 0 at the end.  Blank lines are skipped. */
int csv_next(struct csv *c);
size_t csv_ncells(const struct csv *c);
const char *csv_cell(const struct csv *c, size_t i);	/* "" past the end */
/* Index of the column whose name matches (case- and space-insensitive)
 * in the header row hdr (a copy from csv_copy_row), or -1. */
int csv_find(char *const *hdr, size_t n, const char *name);
/* A NULL-terminated malloc'd copy of the current row (free with
 * csv_free_row). */
char **csv_copy_row(const struct csv *c);
void csv_free_row(char **row);
/* Same comparison csv_find uses. */
int csv_name_eq(const char *a, const char *b);
/* The qualifier in brackets at the end of a header name ("Login Time
 * (Central Daylight Time)" -> "Central Daylight Time", *len set), or
 * NULL. */
const char *csv_name_qualifier(const char *name, size_t *len);
/* Pick a separator for a header line: the most frequent of , ; TAB outside
 * quotes (',' when none). */
char csv_guess_sep(const char *line, size_t n);

#endif
