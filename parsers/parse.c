/* parse.c - shared record readers for the parsers. */
#include "config.h"

#include "parse.h"

#include <libxml/xmlreader.h>
#include "jsonpipe.h"
#include "textscan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void pctx_warn_at(struct parse_ctx *c, int where, uint64_t at, const char *fmt, va_list ap)
	T_PRINTF(4, 0);

static void
pctx_warn_at(struct parse_ctx *c, int where, uint64_t at, const char *fmt, va_list ap)
{
	char *m = xvasprintf(fmt, ap);
	input_warn(c->input, where, at, "%s", m);
	free(m);
}

void
pctx_warn_line(struct parse_ctx *c, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pctx_warn_at(c, WARN_LINE, line, fmt, ap);
	va_end(ap);
}

void
pctx_warn_offset(struct parse_ctx *c, uint64_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pctx_warn_at(c, WARN_OFFSET, off, fmt, ap);
	va_end(ap);
}

/* A warning that says something was guessed (listed with the inputs
 * not read). */
static void pctx_guess_line(struct parse_ctx *c, uint64_t line, const char *fmt, ...)
	T_PRINTF(3, 4);

static void
pctx_guess_line(struct parse_ctx *c, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	size_t before = c->input->nwarnings;
	input_warn(c->input, WARN_LINE, line, "%s", m);
	if (c->input->nwarnings > before)
		c->input->warnings[c->input->nwarnings - 1].guess = 1;
	c->input->guesses++;
	free(m);
}

void
pctx_text_done(struct parse_ctx *c, const struct text *t)
{
	c->input->encoding = text_enc_name(t->enc);
	int utf16 = t->enc == ENC_UTF16LE || t->enc == ENC_UTF16BE;
	if (t->replaced)
		pctx_warn_offset(c, 0, "%llu invalid %s replaced with U+FFFD",
				 (unsigned long long)t->replaced,
				 utf16 ? "UTF-16 code unit(s) (a lone surrogate)" : "UTF-8 byte(s)");
	if (t->nuls)
		pctx_warn_offset(c, 0, "%llu NUL %s removed; the text around each was kept together",
				 (unsigned long long)t->nuls, utf16 ? "character(s)" : "byte(s)");
}

/* ---- times ------------------------------------------------------------------ */

static void
pend(struct entry_dates *d, size_t rec, const struct time_read *r)
{
	GROW(d->pending, d->npending, d->cappending);
	d->pending[d->npending++] = (struct pending_time){rec, r->ms, r->mdy, r->dmy};
}

static void
zone_notes(struct parse_ctx *c, const struct time_read *r, uint64_t line, int flags)
{
	struct entry_dates *d = &c->dates;
	if (!(r->flags & TIME_HAD_ZONE) && !(flags & PT_UTC) && d->zoneless++ == 0)
		d->zoneless_line = line;
	if (!(r->flags & TIME_ZONE_AMBIGUOUS) || r->zone == NULL)
		return;
	for (size_t i = 0; i < d->nambiguous; i++)
		if (d->ambiguous_zones[i] == r->zone)
			return;
	if (d->nambiguous < sizeof(d->ambiguous_zones) / sizeof(d->ambiguous_zones[0]))
		d->ambiguous_zones[d->nambiguous++] = r->zone;
	pctx_guess_line(c, line, "zone \"%s\" read as %s; it also means %s "
			"(--tz with the zone the file was written in decides)",
			r->zone, r->zone_means, r->zone_also);
}

/* Read r's time in the entry's order so far; note what it says. */
static int64_t
settle(struct parse_ctx *c, struct time_read *r, const char *s, size_t n, uint64_t line,
       int flags)
{
	struct entry_dates *d = &c->dates;
	date_vote(&d->votes, r, line, s, n);
	int proved;
	enum date_order order = date_votes_order(&d->votes, &proved);
	if (r->sep && r->mdy != TIME_NONE && r->dmy != TIME_NONE) {
		r->ms = order == DATE_MDY ? r->mdy : r->dmy;
		if (r->mdy != r->dmy && proved != DATE_PROVED) {
			/* corrected at the end of the entry, where it is now */
			store_pin(c->store);
			pend(d, store_count(c->store), r);
		}
	}
	zone_notes(c, r, line, flags);
	return r->ms;
}

int64_t
pctx_time(struct parse_ctx *c, const char *s, size_t n, uint64_t line, int flags)
{
	struct time_read r;
	const char *tz = flags & PT_UTC ? NULL : c->opt->tz;
	int proved;
	if (time_read(s, n, date_votes_order(&c->dates.votes, &proved), tz, &r) < 0) {
		if (c->dates.unreadable++ < 3)
			pctx_warn_line(c, line, "time \"%.*s\" not understood; record kept "
				       "without a time", (int)(n > 80 ? 80 : n), s);
		return TIME_NONE;
	}
	return settle(c, &r, s, n, line, flags);
}

int64_t
pctx_find_time(struct parse_ctx *c, const char *s, size_t n, uint64_t line, size_t *at,
	       size_t *len)
{
	struct time_read r;
	int proved;
	if (!time_find(s, n, date_votes_order(&c->dates.votes, &proved), c->opt->tz, &r, at))
		return TIME_NONE;
	*len = r.len;
	return settle(c, &r, s + *at, r.len, line, 0);
}

static const char *
order_name(enum date_order o)
{
	return o == DATE_DMY ? "day/month/year" : "month/day/year";
}

static int
xml_read(void *ctx, char *buf, int len)
{
	return (int)stream_read(ctx, buf, len > 0 ? (size_t)len : 0);
}

static int
xml_close(void *ctx)
{
	(void)ctx;
	return 0;
}

struct _xmlTextReader *
pctx_xml_reader(struct parse_ctx *c)
{
	xmlTextReaderPtr r = xmlReaderForIO(xml_read, xml_close, c->stream, c->name, NULL,
					    XML_PARSE_NONET | XML_PARSE_NOWARNING |
						    XML_PARSE_COMPACT);
	if (r == NULL)
		pctx_warn_offset(c, 0, "cannot start the XML reader");
	return r;
}

void
pctx_language(struct parse_ctx *c, const char *s, size_t n)
{
	const char *lang = text_language(s, n);
	if (lang == NULL || strcmp(lang, "English") == 0 || c->dates.language)
		return;
	c->dates.language = lang;
	c->dates.votes.weak[DATE_DMY] += 2;
}

void
pctx_dates_finish(struct parse_ctx *c)
{
	struct entry_dates *d = &c->dates;
	struct date_votes *v = &d->votes;
	int proved;
	enum date_order order = date_votes_order(v, &proved);
	size_t fixed = 0;
	for (size_t i = 0; i < d->npending; i++) {
		const struct pending_time *p = &d->pending[i];
		int64_t want = order == DATE_MDY ? p->mdy : p->dmy;
		if (want == p->used || p->rec >= store_count(c->store) ||
		    store_get(c->store, p->rec)->time != p->used)
			continue;
		store_set_time(c->store, p->rec, want);
		fixed++;
	}
	if (v->proof[DATE_MDY] && v->proof[DATE_DMY]) {
		enum date_order other = order == DATE_MDY ? DATE_DMY : DATE_MDY;
		pctx_guess_line(c, v->proof_line[other], "dates in both orders: \"%s\" %s, "
				"but line %llu (\"%s\") %s; each date read the way it is valid, "
				"those that read both ways as %s", v->proof_text[other],
				v->proof_why[other], (unsigned long long)v->proof_line[order],
				v->proof_text[order], v->proof_why[order], order_name(order));
	} else if (proved == DATE_BY_LOCALE) {
		if ((order == DATE_DMY) != (v->sep == '.' || v->sep == '-'))
			pctx_warn_line(c, 0, "dates read as %s: the zones and the clock the file "
				       "prints are those of a %s locale", order_name(order),
				       order == DATE_DMY ? "day-first" : "US");
	} else if (proved && (order == DATE_DMY) != (v->sep == '.' || v->sep == '-')) {
		/* proved against the separator's custom: say so */
		if (v->ambiguous)
			pctx_warn_line(c, v->proof_line[order], "dates read as %s: \"%s\" %s; "
				       "the %d dates that read both ways are read so too%s",
				       order_name(order), v->proof_text[order], v->proof_why[order],
				       v->ambiguous, fixed ? ", the rows before this one included" : "");
		else
			pctx_warn_line(c, v->proof_line[order], "dates read as %s: \"%s\" %s",
				       order_name(order), v->proof_text[order], v->proof_why[order]);
	} else if (!proved && v->ambiguous) {
		char lang[64];
		if (d->language)
			snprintf(lang, sizeof(lang), "the text is in %s", d->language);
		const char *why = order == DATE_DMY && d->language ? lang :
			v->weak[order] ? "the zones and clocks the file prints suggest it" :
			order == DATE_DMY ? "dates written with dots or dashes are day first" :
			"slash dates are month first in the US layout";
		pctx_guess_line(c, v->ambiguous_line, "%d dates read either way (day/month or "
				"month/day) and no date in the file decides; read as %s because %s "
				"(a guess)", v->ambiguous, order_name(order), why);
	}
	if (d->zoneless && c->opt->tz_given)
		pctx_warn_line(c, d->zoneless_line, "times carry no zone; read as %s (--tz)",
			       c->opt->tz);
	else if (d->zoneless)
		pctx_guess_line(c, d->zoneless_line, "times carry no zone; read as UTC (--tz)");
	if (d->unreadable > 3)
		pctx_warn_line(c, 0, "%llu time texts not understood in all",
			       (unsigned long long)d->unreadable);
	free(d->pending);
	memset(d, 0, sizeof(*d));
}

enum input_status
pctx_run(struct parse_ctx *c, const struct parser *p, const char *format)
{
	enum input_status st = p->parse(c, format);
	store_cancel(c->store);
	pctx_dates_finish(c);
	return st;
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
	uint64_t duplicates;	/* keys given twice in one object */
	char first_duplicate[64];
	uint64_t first_duplicate_line;
};

/* The record decoded (jsonpipe.h, json_prepare) handed to the parser, in
 * the order of the input, with the warnings its decoding gave. */
static int
json_consume(struct json_job *j, const struct jrecord *r, struct json_prep *p)
{
	if (p->nul)
		pctx_warn_line(j->c, r->line, "record %s: %zu \\u0000 (NUL) in a string "
			       "kept as U+FFFD", r->pointer[0] ? r->pointer : "", p->nul);
	if (p->item == NULL) {
		uint64_t line, col;
		json_position(r->text, p->fail_at, &line, &col);
		pctx_warn_line(j->c, r->line + line - 1,
			       "record %s could not be decoded (column %llu)",
			       r->pointer[0] ? r->pointer : "", (unsigned long long)col);
		j->bad++;
		json_prep_free(p);
		return 0;
	}
	if (p->duplicates) {
		if (j->duplicates == 0) {
			snprintf(j->first_duplicate, sizeof(j->first_duplicate), "%s",
				 p->first_duplicate);
			j->first_duplicate_line = r->line;
		}
		j->duplicates += p->duplicates;
	}
	int stop = 0;
	if (j->each)
		stop = j->each(j->c, p->item, r, j->ud);
	else
		emit_json_record(j->c, j->kind, r);
	json_prep_free(p);
	return stop;
}

static int
on_json_take(void *ud, const struct jrecord *r, struct json_prep *p)
{
	return json_consume(ud, r, p);
}

static void
on_json_skip(void *ud, uint64_t first, uint64_t line, uint64_t column, const char *message)
{
	struct json_job *j = ud;
	if (first < line)
		/* a line cut short: the lines after it were read into its value */
		pctx_warn_line(j->c, first, "invalid JSON on line %llu at column %llu: %s; the "
			       "value begun on this line was not closed before it, so lines "
			       "%llu to %llu were skipped (%llu lines)", (unsigned long long)line,
			       (unsigned long long)column, message, (unsigned long long)first,
			       (unsigned long long)line, (unsigned long long)(line - first + 1));
	else
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
	if (c->opt->jobs > 1 && (c->size_hint < 0 || c->size_hint >= (int64_t)c->opt->pipe_min))
		jpipe_run(&t, paths, (size_t)c->opt->limits.record_bytes, c->opt->jobs,
			  on_json_take, on_json_skip, &j, &res);
	else
		jpipe_serial(&t, paths, (size_t)c->opt->limits.record_bytes, on_json_take,
			     on_json_skip, &j, &res);
	pctx_text_done(c, &t);
	text_free(&t);
	if (j.duplicates)
		pctx_warn_line(c, j.first_duplicate_line, "%llu key(s) given twice in one object "
			       "(the first: \"%s\"); the last value kept",
			       (unsigned long long)j.duplicates, j.first_duplicate);
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

struct csv_job {
	struct parse_ctx *c;
	csv_row_fn each;
	void *ud;
	struct csv_table tab;
	uint64_t ragged;
	enum input_status st;
};

/* A row from the reader (jsonpipe.h), in the order of the input: the
 * first is the header, the others go to the parser. */
static int
csv_take(void *ud, const struct csv *row, struct json_prep *p)
{
	struct csv_job *j = ud;
	if (row->overflow) {
		pctx_warn_line(j->c, row->line, "row longer than the record limit; cut");
		j->st = ST_PARTIAL;
	}
	j->tab.csv = row;
	j->tab.json = p;
	if (j->tab.header == NULL) {
		j->tab.header = csv_copy_row(row);
		j->tab.ncols = csv_ncells(row);
		return 0;
	}
	if (csv_ncells(row) != j->tab.ncols && j->ragged++ < 20)
		pctx_warn_line(j->c, row->line, "row has %zu fields, the header %zu; kept",
			       csv_ncells(row), j->tab.ncols);
	return j->each(j->c, &j->tab, j->ud);
}

enum input_status
parse_csv_table_json(struct parse_ctx *c, const char *json_column, csv_row_fn each, void *ud)
{
	struct text t;
	text_init(&t, c->stream, (size_t)c->opt->limits.record_bytes);
	struct csv csv;
	csv_init(&csv, &t, 0, (size_t)c->opt->limits.record_bytes);
	struct csv_job j = {.c = c, .each = each, .ud = ud, .st = ST_OK};
	if (c->opt->jobs > 1 && (c->size_hint < 0 || c->size_hint >= (int64_t)c->opt->pipe_min))
		cpipe_run(&csv, json_column, c->opt->jobs, csv_take, &j);
	else
		cpipe_serial(&csv, json_column, csv_take, &j);
	if (j.ragged > 20)
		pctx_warn_line(c, csv.line, "%llu ragged rows in all",
			       (unsigned long long)j.ragged);
	if (csv.unterminated) {
		pctx_warn_line(c, csv.line, "quoted field not closed before the end of input");
		j.st = ST_PARTIAL;
	}
	pctx_text_done(c, &t);
	csv_free_row(j.tab.header);
	csv_free(&csv);
	text_free(&t);
	return j.st;
}

enum input_status
parse_csv_table(struct parse_ctx *c, csv_row_fn each, void *ud)
{
	return parse_csv_table_json(c, NULL, each, ud);
}

const char *
csv_table_get(const struct csv_table *t, const char *name)
{
	int i = csv_find(t->header, t->ncols, name);
	if (i < 0 || (size_t)i >= csv_ncells(t->csv))
		return NULL;
	return csv_cell(t->csv, (size_t)i);
}
