/*
 * parse.h - reading helpers shared by the parsers in parsers/: JSON records
 * of any size (via jsonscan) and CSV rows with their header, each handed
 * to the parser's callback with its line or JSON pointer; warnings on the
 * entry; the entry graded.
 */
#ifndef TRIAGE_PARSE_H
#define TRIAGE_PARSE_H

#include <cjson/cJSON.h>

#include "csv.h"
#include "jsonscan.h"
#include "parser.h"

/* Run parser p on the entry (c zero-initialised but for stream, input,
 * input_id, store, opt and name): p->parse, then the entry's times
 * settled (pctx_dates_finish).  Returns the status. */
enum input_status pctx_run(struct parse_ctx *c, const struct parser *p, const char *format);

/* The UTC time of the time text s (n bytes) of the entry's row at line,
 * or TIME_NONE when it is no time (warned about, with the first few
 * texts).  Numeric dates are read in the entry's day/month order as the
 * rows so far give it; a row read before the order is decided is
 * corrected when the entry ends, so every row is read the same way.
 * Zone-less times are in --tz, else UTC, with one warning; with PT_UTC
 * the format itself says they are UTC (no warning, no --tz).  An
 * abbreviation that names several zones is warned about once. */
#define PT_UTC 1
int64_t pctx_time(struct parse_ctx *c, const char *s, size_t n, uint64_t line, int flags);
/* The same for a time found inside free text (the first one, by
 * time_find); *at and *len say where it was.  No warning when none. */
int64_t pctx_find_time(struct parse_ctx *c, const char *s, size_t n, uint64_t line,
		       size_t *at, size_t *len);
/* The prose of the entry (a ticket, a note) is a hint for its dates:
 * written in a language whose countries put the day first (German,
 * French, Spanish, Portuguese, Italian, Dutch), ambiguous dates lean
 * day first - still a guess, and reported as one.  English says
 * nothing (the US and the UK differ). */
void pctx_language(struct parse_ctx *c, const char *s, size_t n);
/* Settle the entry's day/month order: correct the rows read the other
 * way, say what decided it (or that it was a guess).  Done by pctx_run. */
void pctx_dates_finish(struct parse_ctx *c);

/* An XML reader over the entry's stream that loads nothing from outside
 * and expands no entity (XML_PARSE_NONET, neither NOENT nor DTDLOAD);
 * NULL, with a warning, when it cannot start.  Free with xmlFreeTextReader. */
struct _xmlTextReader;
struct _xmlTextReader *pctx_xml_reader(struct parse_ctx *c);

/* Called for each line of a line-oriented entry (no line end); return
 * non-zero to stop. */
typedef int (*line_fn)(struct parse_ctx *c, uint64_t lineno, const char *line,
		       size_t len, void *ud);
#define LINES_SKIP_BLANK 1	/* do not pass lines of white space only */
/* Read an entry line by line through the text layer: a line longer than
 * the record limit is cut there with a warning (the entry is then
 * partial); the encoding is noted at the end.  Returns the status. */
enum input_status parse_lines(struct parse_ctx *c, int flags, line_fn each, void *ud);

/* Called for each JSON record (already parsed); return 0 to go on. */
typedef int (*json_each_fn)(struct parse_ctx *c, const cJSON *item,
			    const struct jrecord *r, void *ud);

/* After reading an entry through the text layer: note its encoding and
 * warn (once) about bytes that were not valid UTF-8. */
void pctx_text_done(struct parse_ctx *c, const struct text *t);

/* Emit a record of kind at r's locator, with no fields yet. */
void emit_json_record(struct parse_ctx *c, const char *kind,
		      const struct jrecord *r);

enum input_status parse_json_records(struct parse_ctx *c, const char *kind,
				     const char *const *paths, json_each_fn each,
				     void *ud);
/* A CSV being read: its header (a copy) and the current row. */
struct json_prep;
struct csv_table {
	const struct csv *csv;	/* the current row */
	char **header;
	size_t ncols;
	struct json_prep *json;	/* parse_csv_table_json: its column decoded, or NULL */
};
/* Called for each data row; return non-zero to stop. */
typedef int (*csv_row_fn)(struct parse_ctx *c, const struct csv_table *t, void *ud);
/* Read a CSV with a header row, calling each for every data row (ragged
 * rows are warned about and kept).  A large input is read on a thread of
 * its own when --jobs allows (jsonpipe.h), the rows still handed over in
 * order on this one. */
enum input_status parse_csv_table(struct parse_ctx *c, csv_row_fn each, void *ud);
/* The same, with the cell under json_column decoded as JSON (json_prepare,
 * on the other cores when there are several) before each sees the row:
 * t->json, NULL when the cell is empty or white space. */
enum input_status parse_csv_table_json(struct parse_ctx *c, const char *json_column,
				       csv_row_fn each, void *ud);
/* The current row's cell under the column called name (matched as
 * csv_find does), or NULL when there is no such column. */
const char *csv_table_get(const struct csv_table *t, const char *name);

#endif
