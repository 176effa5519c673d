/* parse.c - shared record readers for the parsers. */
#include "config.h"

#include "parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void
pctx_warn_line(struct parse_ctx *c, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	input_warn(c->input, WARN_LINE, line, "%s", m);
	free(m);
}

void
pctx_warn_offset(struct parse_ctx *c, uint64_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	input_warn(c->input, WARN_OFFSET, off, "%s", m);
	free(m);
}

void
pctx_text_done(struct parse_ctx *c, const struct text *t)
{
	c->input->encoding = text_enc_name(t->enc);
	if (t->replaced)
		pctx_warn_offset(c, 0, "%llu invalid UTF-8 byte(s) replaced with U+FFFD",
				 (unsigned long long)t->replaced);
}

enum input_status
parse_lines(struct parse_ctx *c, int flags, line_fn each, void *ud)
{
	struct text t;
	text_init(&t, c->stream, (size_t)c->opt->limits.record_bytes);
	enum input_status st = ST_OK;
	const char *line;
	size_t len;
	int cut;
	while (text_getline(&t, &line, &len, &cut)) {
		if (cut) {
			pctx_warn_line(c, t.lineno, "line longer than the record limit; cut");
			st = ST_PARTIAL;
		}
		if ((flags & LINES_SKIP_BLANK) && text_blank(line, len))
			continue;
		if (each(c, t.lineno, line, len, ud))
			break;
	}
	pctx_text_done(c, &t);
	text_free(&t);
	return st;
}

void
emit_json_record(struct parse_ctx *c, const char *kind, const struct jrecord *r)
{
	store_begin(c->store, c->input_id, kind);
	if (r->pointer[0])
		rec_set_pointer(c->store, r->pointer);
	rec_set_line(c->store, r->line);
	store_end(c->store);
}

struct json_job {
	struct parse_ctx *c;
	const char *kind;
	json_each_fn each;
	void *ud;
	uint64_t bad;
};

static int
on_json(void *ud, const struct jrecord *r)
{
	struct json_job *j = ud;
	const char *end = NULL;
	cJSON *item = cJSON_ParseWithLengthOpts(r->text, r->len, &end, 0);
	if (item == NULL) {
		uint64_t line, col;
		size_t off = end && end >= r->text ? (size_t)(end - r->text) : 0;
		json_position(r->text, off, &line, &col);
		pctx_warn_line(j->c, r->line + line - 1,
			       "record %s could not be decoded (column %llu)",
			       r->pointer[0] ? r->pointer : "", (unsigned long long)col);
		j->bad++;
		return 0;
	}
	int stop = 0;
	if (j->each)
		stop = j->each(j->c, item, r, j->ud);
	else
		emit_json_record(j->c, j->kind, r);
	cJSON_Delete(item);
	return stop;
}

static void
on_json_skip(void *ud, uint64_t line, uint64_t column, const char *message)
{
	struct json_job *j = ud;
	pctx_warn_line(j->c, line, "invalid JSON at column %llu: %s; this line skipped",
		       (unsigned long long)column, message);
}

enum input_status
parse_json_records(struct parse_ctx *c, const char *kind,
		   const char *const *paths, json_each_fn each, void *ud)
{
	struct text t;
	text_init(&t, c->stream, (size_t)c->opt->limits.record_bytes);
	struct json_job j = {.c = c, .kind = kind, .each = each, .ud = ud};
	struct jscan_result res;
	jscan_run(&t, paths, (size_t)c->opt->limits.record_bytes, on_json, on_json_skip, &j,
		  &res);
	pctx_text_done(c, &t);
	text_free(&t);
	if (res.error) {
		input_warn(c->input, WARN_LINE, res.line, "invalid JSON at column %llu "
			   "(offset %llu): %s; the rest was not read",
			   (unsigned long long)res.column, (unsigned long long)res.offset,
			   res.message);
		return res.records > j.bad ? ST_PARTIAL : ST_ERROR;
	}
	if (res.skipped && res.records == j.bad)
		return ST_ERROR;	/* nothing in it could be read */
	return j.bad || res.skipped ? ST_PARTIAL : ST_OK;
}

enum input_status
parse_csv_table(struct parse_ctx *c, csv_row_fn each, void *ud)
{
	struct text t;
	text_init(&t, c->stream, (size_t)c->opt->limits.record_bytes);
	struct csv csv;
	csv_init(&csv, &t, 0, (size_t)c->opt->limits.record_bytes);
	enum input_status st = ST_OK;
	struct csv_table tab = {.csv = &csv};
	uint64_t ragged = 0;
	while (csv_next(&csv)) {
		if (csv.overflow) {
			pctx_warn_line(c, csv.line, "row longer than the record limit; cut");
			st = ST_PARTIAL;
		}
		if (tab.header == NULL) {
			tab.header = csv_copy_row(&csv);
			tab.ncols = csv_ncells(&csv);
			continue;
		}
		if (csv_ncells(&csv) != tab.ncols && ragged++ < 20)
			pctx_warn_line(c, csv.line, "row has %zu fields, the header %zu; kept",
				       csv_ncells(&csv), tab.ncols);
		if (each(c, &tab, ud))
			break;
	}
	if (ragged > 20)
		pctx_warn_line(c, csv.line, "%llu ragged rows in all",
			       (unsigned long long)ragged);
	if (csv.unterminated) {
		pctx_warn_line(c, csv.line, "quoted field not closed before the end of input");
		st = ST_PARTIAL;
	}
	pctx_text_done(c, &t);
	csv_free_row(tab.header);
	csv_free(&csv);
	text_free(&t);
	return st;
}

const char *
csv_table_get(const struct csv_table *t, const char *name)
{
	int i = csv_find(t->header, t->ncols, name);
	if (i < 0 || (size_t)i >= csv_ncells(t->csv))
		return NULL;
	return csv_cell(t->csv, (size_t)i);
}
