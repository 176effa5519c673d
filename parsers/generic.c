/*
 * generic.c - the general readers beneath the specific parsers: content no
 * specific parser claims still becomes records.
 *
 *   generic.json  JSON of any shape: each element of the top array, of the
 *                 main arrays of a top object (its only members besides an
 *                 envelope of scalars: "value", "results", "tickets"...),
 *                 or the object itself; JSON lines / NDJSON line by line
 *   generic.csv   delimited text with a header row: each row
 *   generic.text  any other text: each line that holds a time, a known
 *                 error code or sentence, an error word or an address
 *
 * Every field is kept: nested objects flattened with dotted names
 * ("error.code", "user.email"), arrays as repeated fields.  The roles of
 * the fields come from their names (fieldmap.h): time, level, person,
 * message, code, app, correlation and request ids; the message goes
 * through the same scanner the log parsers use, so known codes and
 * sentences are found.  A record with a message, a code or a level is a
 * log.line (an event when it has a time); any other object or row is a
 * generic.object fact.  A text line with no time takes the time of the
 * dated line before it (timeFrom says which), as a continuation does.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fieldmap.h"
#include "flatten.h"
#include "jsonutil.h"
#include "parse.h"
#include "parser.h"
#include "sniff.h"
#include "textscan.h"


/* ---- bids ------------------------------------------------------------------- */

/* Cells of the row starting at *p (quoted cells may hold separators and
 * line breaks); *p moves past it.  0 at the end of the text. */
static size_t
row_cells(const char **p, const char *end, char sep, size_t *longest)
{
	if (*p >= end)
		return 0;
	size_t cells = 1, cell = 0;
	int q = 0;
	*longest = 0;
	for (; *p < end; (*p)++) {
		char ch = **p;
		if (ch == '"')
			q = !q;
		else if (!q && ch == sep) {
			cells++;
			cell = 0;
			continue;
		} else if (!q && ch == '\n') {
			(*p)++;
			break;
		}
		if (++cell > *longest)
			*longest = cell;
	}
	return cells;
}

/* Delimited text: a header of at least two short names, and the rows
 * after it with as many cells (a sentence with a comma is not a table). */
static int
delimited(const struct sniff *s)
{
	if (s->header_line == NULL)
		return 0;
	const char *h = s->header_line;
	char sep = csv_guess_sep(h, strlen(h));
	const char *p = strstr(s->text, h), *end = s->text + s->text_len;
	if (p == NULL)
		return 0;
	size_t longest, hc = row_cells(&p, end, sep, &longest);
	if (hc < 2 || longest > 80)
		return 0;
	int rows = 0, same = 0;
	while (p < end && rows < 20) {
		size_t dummy, n = row_cells(&p, end, sep, &dummy);
		if (n == 0)
			break;
		if (n == 1 && dummy == 0)
			continue;	/* a blank line */
		rows++;
		same += n == hc;
	}
	return rows == 0 ? hc >= 3 : same * 2 >= rows + 1;
}

static int
bid(const struct sniff *s, const char **format)
{
	if (s->binary || s->text == NULL || s->text_len == 0)
		return 0;
	if (s->json != JSON_NONE) {
		*format = "generic.json";
		return 5;
	}
	if (s->xml_root)
		return 0;
	if (delimited(s)) {
		*format = "generic.csv";
		return 4;
	}
	*format = "generic.text";
	return 3;
}

/* Serilog's "@mt" rendered with the event's own properties: "{User} got
 * {Code}" -> "jane@x got AADSTS50105". */
static void
render_template(struct buf *out, const char *t, const cJSON *obj)
{
	buf_reset(out);
	for (const char *p = t; *p; p++) {
		if (*p == '{' && p[1] == '{') {
			(void)buf_addc(out, '{');
			p++;
			continue;
		}
		if (*p == '}' && p[1] == '}') {
			(void)buf_addc(out, '}');
			p++;
			continue;
		}
		if (*p != '{') {
			(void)buf_addc(out, *p);
			continue;
		}
		const char *e = strchr(p, '}');
		if (e == NULL) {
			(void)buf_adds(out, p);
			break;
		}
		const char *name = p + 1;
		if (*name == '@' || *name == '$')
			name++;
		size_t len = strcspn(name, ":,}");
		char key[128];
		snprintf(key, sizeof(key), "%.*s", (int)(len < 127 ? len : 127), name);
		char num[64];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
		const char *txt = v ? json_scalar_text(v, num, sizeof(num)) : NULL;
		if (txt)
			(void)buf_adds(out, txt);
		else
			(void)buf_add(out, p, (size_t)(e - p) + 1);
		p = e;
	}
}

/* ---- generic.json ------------------------------------------------------------------- */

struct gjob {
	struct flat flat;
	struct buf rendered;
	uint64_t scalars;	/* records that were not objects */
	uint64_t dropped_warned;
};

static int
on_json(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	struct gjob *j = ud;
	if (!cJSON_IsObject(item)) {
		j->scalars++;
		return 0;
	}
	flat_json(&j->flat, item);
	const char *rendered = NULL;
	const cJSON *mt = cJSON_GetObjectItemCaseSensitive(item, "@mt");
	if (cJSON_IsString(mt) && !cJSON_GetObjectItemCaseSensitive(item, "@m")) {
		render_template(&j->rendered, mt->valuestring, item);
		rendered = j->rendered.data;
	}
	if (j->flat.dropped && !j->dropped_warned++)
		pctx_warn_line(c, r->line, "record %s has more than %d fields or is nested "
			       "deeper than %d; the rest not kept", r->pointer[0] ? r->pointer : "",
			       FLAT_MAX_FIELDS, FLAT_MAX_DEPTH);
	(void)flat_emit(c, &j->flat, NULL, rendered, r->line, r->pointer);
	return 0;
}

/* Top members that are an envelope around the records, not records. */
static int
envelope_key(const char *k)
{
	return k[0] == '@' || strcasecmp(k, "nextLink") == 0 || strcasecmp(k, "count") == 0 ||
	       strcasecmp(k, "total") == 0 || strcasecmp(k, "totalSize") == 0 ||
	       strcasecmp(k, "done") == 0 || strcasecmp(k, "next_page") == 0 ||
	       strcasecmp(k, "previous_page") == 0 || strcasecmp(k, "page") == 0 ||
	       strcasecmp(k, "meta") == 0 || strcasecmp(k, "links") == 0 ||
	       strcasecmp(k, "cursor") == 0 || strcasecmp(k, "status") == 0 ||
	       strcasecmp(k, "startAt") == 0 || strcasecmp(k, "maxResults") == 0 ||
	       strcasecmp(k, "expand") == 0 || strcasecmp(k, "nextRecordsUrl") == 0 ||
	       strcasecmp(k, "end_of_stream") == 0 || strcasecmp(k, "after_cursor") == 0;
}

/* The record arrays of a top object: every member that is an array, when
 * the rest are scalars or an envelope; none (the object is the record)
 * when it holds other objects. */
static size_t
record_paths(const struct sniff *s, char **paths, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < s->ntop_keys; i++) {
		char t = s->top_types[i];
		if (t == '[') {
			if (n + 1 < max)
				paths[n++] = xasprintf("/%s", s->top_keys[i]);
		} else if (t == '{' && !envelope_key(s->top_keys[i])) {
			for (size_t k = 0; k < n; k++)
				free(paths[k]);
			return 0;
		}
	}
	return n;
}

static enum input_status
parse_json(struct parse_ctx *c)
{
	/* the shape again, from the first bytes: the walker's sniff is gone */
	const unsigned char *head;
	size_t hn = stream_peek(c->stream, SNIFF_BYTES, &head);
	struct sniff s;
	sniff_build(&s, c->name, head, hn, c->stream->eof && hn < SNIFF_BYTES);
	char *paths[16] = {0};
	size_t np = s.json == JSON_OBJECT ? record_paths(&s, paths, 16) : 0;
	sniff_free(&s);
	struct gjob j = {0};
	flat_init(&j.flat, 0);
	buf_init(&j.rendered, FIND_TEXT_MAX);
	enum input_status st = parse_json_records(c, "generic.object",
						  np ? (const char *const *)paths : NULL, on_json, &j);
	if (j.scalars)
		pctx_warn_line(c, 0, "%llu value(s) that are not objects (numbers, strings, "
			       "arrays) not kept as records", (unsigned long long)j.scalars);
	for (size_t i = 0; i < np; i++)
		free(paths[i]);
	flat_free(&j.flat);
	buf_free(&j.rendered);
	return st;
}

/* ---- generic.csv ---------------------------------------------------------------------- */

/* A row: every cell a field; a cell holding a JSON object or array
 * (Log Analytics, Splunk and Kusto exports put whole events in one)
 * flattened under the column's name. */
struct cjob {
	struct flat flat;
	cJSON *cells[64];	/* the JSON cells of the current row */
	size_t ncells;
};

static int
on_row(struct parse_ctx *c, const struct csv_table *t, void *ud)
{
	struct cjob *j = ud;
	flat_begin(&j->flat);
	size_t n = csv_ncells(t->csv);
	char extra[32];
	for (size_t i = 0; i < n; i++) {
		const char *v = csv_cell(t->csv, i);
		size_t len = strlen(v);
		if (len == 0)
			continue;
		const char *name = i < t->ncols && t->header[i][0] ? t->header[i] : NULL;
		if (name == NULL) {
			snprintf(extra, sizeof(extra), "column%zu", i + 1);
			name = extra;
		}
		const char *p = v;
		while (*p == ' ')
			p++;
		if ((*p == '{' || *p == '[') && j->ncells < 64) {
			cJSON *js = json_parse_whole(p);
			if (js && (cJSON_IsObject(js) || cJSON_IsArray(js))) {
				j->cells[j->ncells++] = js;
				flat_add_json(&j->flat, name, js);
				continue;
			}
			cJSON_Delete(js);
		}
		flat_add_text(&j->flat, name, v, len);
	}
	(void)flat_emit(c, &j->flat, NULL, NULL, t->csv->line, NULL);
	for (size_t i = 0; i < j->ncells; i++)
		cJSON_Delete(j->cells[i]);
	j->ncells = 0;
	return 0;
}

static enum input_status
parse_csv(struct parse_ctx *c)
{
	struct cjob j;
	memset(&j, 0, sizeof(j));
	flat_init(&j.flat, 0);
	enum input_status st = parse_csv_table(c, on_row, &j);
	flat_free(&j.flat);
	return st;
}

/* ---- generic.text ---------------------------------------------------------------------- */

#define PROSE_SAMPLE 16384	/* bytes of text the language is told from */

struct tjob {
	int64_t last_time;
	uint64_t last_line;
	uint64_t kept, skipped;
	struct buf prose;	/* the first lines, for pctx_language */
};

/* Is s[0, at) a status label and its colon: "status: ", "Statut : ",
 * "Estado:", "Zustand :"? */
static int
after_status_label(const char *s, size_t at)
{
	static const char *const labels[] = {"status", "statut", "estado", "stato", "zustand",
					     "state", "état", "etat", "result", "résultat",
					     "ergebnis", "resultado", "risultato", NULL};
	size_t i = at;
	while (i > 0 && s[i - 1] == ' ')
		i--;
	if (i == 0 || s[i - 1] != ':')
		return 0;
	i--;
	while (i > 0 && s[i - 1] == ' ')
		i--;
	for (size_t k = 0; labels[k]; k++) {
		size_t m = strlen(labels[k]);
		if (i >= m && strncasecmp(s + i - m, labels[k], m) == 0 &&
		    (i == m || !isalnum((unsigned char)s[i - m - 1])))
			return 1;
	}
	return 0;
}

/* A level word where a log puts one: "ERROR", "Error:", "[error]",
 * "<fatal>", "level=error", "E/", "status: Error" - not "0 errors" in
 * prose; the word in the languages a localized client or portal writes. */
static const char *
level_marker(const char *s, size_t n)
{
	static const struct {
		const char *word, *level;
	} words[] = {
		{"error", "error"}, {"err", "error"}, {"fatal", "fatal"}, {"critical", "fatal"},
		{"exception", "error"}, {"erreur", "error"}, {"fehler", "error"},
		{"errore", "error"}, {"erro", "error"}, {"fout", "error"}, {"failed", "error"},
		{"échec", "error"}, {"fehlgeschlagen", "error"}, {"fallido", "error"},
		{"falha", "error"}, {"non riuscito", "error"}, {"mislukt", "error"},
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t k = strlen(words[i].word);
		for (const char *p = s; (p = mem_find_ci(p, (size_t)(s + n - p), words[i].word));
		     p += k) {
			size_t at = (size_t)(p - s);
			char before = at ? s[at - 1] : ' ', after = at + k < n ? s[at + k] : ' ';
			if (isalnum((unsigned char)before) || isalnum((unsigned char)after))
				continue;
			if (after_status_label(s, at))
				return words[i].level;
			if (i >= 5)	/* the other words only after a status label */
				continue;
			int upper = isupper((unsigned char)p[0]) && isupper((unsigned char)p[1]);
			if (before == '[' || before == '<' || before == '=' || after == ':' ||
			    after == ']' || after == '>' || (upper && i < 4) || at == 0)
				return words[i].level;
		}
	}
	return NULL;
}

/* key=value pairs of a logfmt / syslog-KV line (key="quoted value"
 * too); returns how many, with their spans in kv (unquoted values). */
#define KV_MAX 128
struct kvspan {
	const char *k, *v;
	size_t kn, vn;
};

static size_t
kv_pairs(const char *s, size_t n, struct kvspan *kv)
{
	size_t nk = 0, i = 0;
	if (n > 2 && s[0] == '<') {
		/* a syslog priority: "<189>date=..." */
		size_t d = 1;
		while (d < n && d < 5 && isdigit((unsigned char)s[d]))
			d++;
		if (d > 1 && d < n && s[d] == '>')
			i = d + 1;
	}
	while (i < n && nk < KV_MAX) {
		while (i < n && s[i] == ' ')
			i++;
		size_t a = i;
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '.' ||
				 s[i] == '-' || s[i] == '@'))
			i++;
		if (i == a || i >= n || s[i] != '=') {
			/* not a pair: skip the word */
			while (i < n && s[i] != ' ')
				i++;
			continue;
		}
		kv[nk].k = s + a;
		kv[nk].kn = i - a;
		i++;
		if (i < n && s[i] == '"') {
			size_t b = ++i;
			while (i < n && s[i] != '"') {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				i++;
			}
			kv[nk].v = s + b;
			kv[nk].vn = i - b;
			if (i < n)
				i++;
		} else {
			size_t b = i;
			while (i < n && s[i] != ' ')
				i++;
			kv[nk].v = s + b;
			kv[nk].vn = i - b;
		}
		nk++;
	}
	return nk;
}

/* A line of key=value pairs (three or more): its fields by their roles,
 * every pair kept. */
static int
kv_line(struct parse_ctx *c, uint64_t lineno, const char *line, size_t len)
{
	struct kvspan kv[KV_MAX];
	size_t nk = kv_pairs(line, len, kv);
	if (nk < 3)
		return 0;
	struct roles rs;
	roles_init(&rs);
	char name[FLAT_NAME_MAX];
	for (size_t i = 0; i < nk; i++) {
		snprintf(name, sizeof(name), "%.*s", (int)kv[i].kn, kv[i].k);
		roles_offer(&rs, name, kv[i].v, kv[i].vn);
	}
	struct store *st = c->store;
	store_begin(st, c->input_id, "log.line");
	rec_set_line(st, lineno);
	for (size_t i = 0; i < nk; i++) {
		snprintf(name, sizeof(name), "%.*s", (int)kv[i].kn, kv[i].k);
		if (kv[i].vn)
			flat_set_field(st, name, kv[i].v, kv[i].vn);
	}
	(void)roles_store(c, &rs, lineno);
	store_end(st);
	return 1;
}

static int
on_text_line(struct parse_ctx *c, uint64_t lineno, const char *line, size_t len, void *ud)
{
	struct tjob *j = ud;
	if (j->prose.len + len + 1 < PROSE_SAMPLE) {
		(void)buf_add(&j->prose, line, len);
		(void)buf_addc(&j->prose, '\n');
	}
	if (kv_line(c, lineno, line, len)) {
		j->kept++;
		return 0;
	}
	size_t at = 0, tl = 0;
	int64_t t = pctx_find_time(c, line, len, lineno, &at, &tl);
	struct findings f;
	findings_init(&f);
	scan_text(&f, line, len);
	const char *level = level_marker(line, len);
	int informative = t != TIME_NONE || f.ncodes || f.known || f.user[0] || level;
	if (!informative) {
		findings_free(&f);
		j->skipped++;
		return 0;
	}
	struct store *st = c->store;
	store_begin(st, c->input_id, "log.line");
	rec_set_line(st, lineno);
	if (t != TIME_NONE) {
		rec_set_time(st, t);
		j->last_time = t;
		j->last_line = lineno;
	} else if (j->last_line) {
		rec_set_time(st, j->last_time);
		char from[32];
		snprintf(from, sizeof(from), "line %llu", (unsigned long long)j->last_line);
		rec_set_str(st, "timeFrom", from);
	}
	/* the message is the line without its time */
	const char *m = line;
	size_t mn = len;
	if (t != TIME_NONE && at == 0) {
		m += tl;
		mn -= tl;
		while (mn && (*m == ' ' || *m == ']' || *m == '-' || *m == '|' || *m == '\t')) {
			m++;
			mn--;
		}
	}
	findings_offer_message(&f, m, mn, MSG_OWN);
	if (level)
		rec_set_str(st, "level", level);
	findings_store(&f, st);
	findings_free(&f);
	store_end(st);
	j->kept++;
	return 0;
}

static enum input_status
parse_text(struct parse_ctx *c)
{
	struct tjob j = {.last_time = TIME_NONE};
	buf_init(&j.prose, PROSE_SAMPLE);
	enum input_status st = parse_lines(c, LINES_SKIP_BLANK, on_text_line, &j);
	pctx_language(c, j.prose.data, j.prose.len);
	buf_free(&j.prose);
	if (j.skipped && j.kept == 0)
		pctx_warn_line(c, 0, "no line holds a time, an error code, a known error text or "
			       "an address: nothing to correlate (%llu lines)",
			       (unsigned long long)j.skipped);
	return st;
}

/* ---- entry point ------------------------------------------------------------------------ */

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	if (strcmp(format, "generic.json") == 0)
		return parse_json(c);
	if (strcmp(format, "generic.csv") == 0)
		return parse_csv(c);
	return parse_text(c);
}

static const char *const formats_list[] = {
	"generic.json", "generic.csv", "generic.text", NULL,
};

const struct parser parser_generic = {
	.name = "generic",
	.description = "anything no specific parser claims: JSON and JSON lines of any shape, "
		       "delimited text with a header, plain text lines",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
