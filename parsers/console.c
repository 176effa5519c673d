/*
 * console.c - browser console exports taken while an add-in failed:
 *
 *   console.text  Edge / Chrome DevTools "Save as..." text: one message per
 *                 line, "source.js:123 " before it and, with timestamps on,
 *                 "HH:MM:SS.mmm " before that; stack frames and expanded
 *                 objects follow on indented lines
 *   console.json  the JSON variant: an array (or NDJSON) of
 *                 {level, text | message, url, lineNumber, timestamp}
 *
 * Each message is one addin.console record (extra source = console) with
 * its level, url and lineNumber, and what the text says (textscan.h):
 * code (Office 13000-13013, AADSTS, OAUTH_*, HTTP status), message, user,
 * app, correlation_id.  Indented lines continue the message before them
 * (extra `continued`).
 *
 * Times: "Save as" timestamps are a time of day only.  The date is taken
 * from the first yyyy-mm-dd date in the file (looked for in the first
 * QUEUE_MAX_LINES lines, which are held back meanwhile), the clock read as
 * local to --tz, a day added when the clock goes back by more than 12
 * hours; without such a date a record has no time and the extra
 * clockTime.  JSON timestamps are epoch milliseconds (or seconds) or ISO
 * text.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"
#include "textscan.h"
#include "timefmt.h"

#define CONTINUATION_MAX (64u << 10)	/* continuation text kept per record */

/* ---- one line of a "Save as" export ------------------------------------------------------- */

struct console_line {
	size_t clock_start, clock_len;	/* "09:14:02.871", 0 when none */
	size_t url_start, url_len;	/* "https://host/app.js" */
	size_t src_line_start, src_line_len;	/* "123" */
	size_t msg;			/* where the message starts */
};

/* Messages the console writes without a source location. */
static const char *const console_phrases[] = {
	"Navigated to ", "Failed to load resource", "Uncaught ", "XHR failed loading",
	"Fetch failed loading", "XHR finished loading", "Fetch finished loading",
	"[Violation]", "[Deprecation]", "DevTools failed", NULL,
};


/* "HH:MM:SS[.mmm] " at the start. */
static size_t
clock_prefix(const char *s, size_t n)
{
	if (digits_run(s, n, 0) != 2 || n < 9 || s[2] != ':' || digits_run(s, n, 3) != 2 ||
	    s[5] != ':' || digits_run(s, n, 6) != 2)
		return 0;
	size_t e = 8;
	if (e < n && s[e] == '.')
		e += 1 + digits_run(s, n, e + 1);
	return e < n && s[e] == ' ' ? e : 0;
}

/* "source.js:123" / "https://host/x.js:123:45" / "VM12:1" as a whole
 * token at s[at]: sets the url and line spans. */
static int
location_token(const char *s, size_t n, struct console_line *cl, size_t at)
{
	size_t end = at;
	while (end < n && s[end] != ' ' && s[end] != '\t')
		end++;
	/* ":line" at the end, or ":line:column" */
	size_t k = end;
	while (k > at && isdigit((unsigned char)s[k - 1]))
		k--;
	if (k == end || k == at || s[k - 1] != ':')
		return 0;
	size_t line_start = k, line_len = end - k, url_end = k - 1;
	k = url_end;
	while (k > at && isdigit((unsigned char)s[k - 1]))
		k--;
	if (k < url_end && k > at && s[k - 1] == ':') {
		line_start = k;
		line_len = url_end - k;
		url_end = k - 1;
	}
	size_t ul = url_end - at;
	if (ul == 0 || !(isalpha((unsigned char)s[at]) || strchr("/<._", s[at])))
		return 0;	/* "2026-11-24T10:14:03" is a time, not a place */
	int looks = memchr(s + at, '.', ul) || memchr(s + at, '/', ul) ||
		    (ul >= 2 && strncmp(s + at, "VM", 2) == 0) ||
		    (ul >= 11 && strncmp(s + at, "<anonymous>", 11) == 0);
	if (!looks)
		return 0;
	cl->url_start = at;
	cl->url_len = ul;
	cl->src_line_start = line_start;
	cl->src_line_len = line_len;
	return 1;
}

/* Read the prefixes of a line; returns 1 when the line looks like a
 * console message (a location, or a phrase only the console writes). */
static int
console_prefix(const char *s, size_t n, struct console_line *cl)
{
	memset(cl, 0, sizeof(*cl));
	size_t p = clock_prefix(s, n);
	if (p) {
		cl->clock_len = p;
		p++;
	}
	int loc = location_token(s, n, cl, p);
	if (loc) {
		p = cl->url_start + cl->url_len + 1 + cl->src_line_len;
		while (p < n && s[p] != ' ')
			p++;
		while (p < n && s[p] == ' ')
			p++;
	}
	cl->msg = p;
	if (loc)
		return 1;
	for (size_t i = 0; console_phrases[i]; i++) {
		size_t m = strlen(console_phrases[i]);
		if (n - p >= m && strncasecmp(s + p, console_phrases[i], m) == 0)
			return 1;
	}
	return 0;
}

/* ---- sniffing ----------------------------------------------------------------------------- */

static int
text_bid(const struct sniff *s)
{
	const char *p = s->text, *end = s->text + s->text_len;
	size_t lines = 0, matched = 0, located = 0;
	while (p < end && lines < 200) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (!nl && !s->complete)
			break;
		size_t len = (size_t)(e - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len && !isspace((unsigned char)p[0])) {
			struct console_line cl;
			lines++;
			if (console_prefix(p, len, &cl)) {
				matched++;
				located += cl.url_len > 0;
			}
		}
		p = e + 1;
	}
	return lines && located && matched * 2 >= lines + 1 ? 55 : 0;
}

static int
bid(const struct sniff *s, const char **format)
{
	if (s->binary || s->xml_root)
		return 0;
	if (s->json == JSON_ARRAY || s->json == JSON_LINES) {
		/* a console export names where each message came from (url,
		 * lineNumber); an application's JSON log does not, and is the
		 * general JSON reader's */
		if (sniff_has_top_key(s, "level") &&
		    (sniff_has_top_key(s, "text") || sniff_has_top_key(s, "message")) &&
		    (sniff_has_top_key(s, "url") || sniff_has_top_key(s, "lineNumber") ||
		     sniff_has_top_key(s, "stackTrace"))) {
			*format = "console.json";
			return 75;
		}
		return 0;
	}
	if (s->json != JSON_NONE || text_bid(s) == 0)
		return 0;
	*format = "console.text";
	return 55;
}

/* ---- records -------------------------------------------------------------------------------- */

/* A level from the words a message starts with; NULL when it does not say. */
static const char *
infer_level(const char *s, size_t n)
{
	size_t head = n < 60 ? n : 60;
	if (str_starts_with_ci(s, "Uncaught") || str_starts_with_ci(s, "Error") ||
	    str_starts_with_ci(s, "Failed to load resource") || mem_find_ci(s, head, "Error:") ||
	    mem_find_ci(s, n, "net::ERR_"))
		return "error";
	if (str_starts_with_ci(s, "Warning") || str_starts_with_ci(s, "[Violation]") ||
	    str_starts_with_ci(s, "[Deprecation]") || str_starts_with_ci(s, "DevTools failed"))
		return "warning";
	return NULL;
}

/* What the message text says, into the open record. */
static void
store_text(struct store *st, const char *msg, size_t n, uint64_t continued)
{
	struct findings f;
	findings_init(&f);
	size_t at, len;
	(void)findings_json_in_text(&f, msg, n, &at, &len);
	scan_text(&f, msg, n);
	findings_offer_message(&f, msg, n, MSG_OWN);
	findings_store(&f, st);
	findings_free(&f);
	if (continued) {
		char c[32];
		snprintf(c, sizeof(c), "%llu", (unsigned long long)continued);
		rec_set_str(st, "continued", c);
	}
}

static void
store_url(struct store *st, const char *url, size_t n)
{
	struct buf b;
	buf_init(&b, FIND_TEXT_MAX + 8);
	redact_capped(&b, url, n, FIND_TEXT_MAX);
	if (b.len)
		rec_set(st, "url", b.data, b.len);
	buf_free(&b);
}

/* ---- the text export ---------------------------------------------------------------------- */

struct textjob {
	struct parse_ctx *c;
	struct line_queue held;
	int holding;
	int date_y, date_m, date_d;	/* the file's date, 0 when unknown */
	uint64_t date_line;		/* where it was found; 0: the file name */
	int64_t saved_at;		/* from the file name, TIME_NONE if not */
	int64_t last_clock;		/* ms of the day of the previous record */
	int64_t day_offset;		/* days added at midnight roll-overs */
	int warned_date, warned_zone;
	/* the record being built */
	int active;
	uint64_t line;
	struct buf text;
	size_t first_len;
	uint64_t continued;
};

static void
clock_time(struct textjob *j, const char *s, size_t n)
{
	struct store *st = j->c->store;
	char clock[24];
	copy_capped(clock, sizeof(clock), s, n);
	if (j->date_y == 0) {
		rec_set_str(st, "clockTime", clock);
		return;
	}
	char iso[64];
	snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%s", j->date_y, j->date_m, j->date_d, clock);
	int64_t ms;
	int flags = 0;
	if (time_parse(iso, DATE_MDY, j->c->opt->tz, &ms, &flags) < 0) {
		rec_set_str(st, "clockTime", clock);
		return;
	}
	int64_t of_day = ((int64_t)(s[0] - '0') * 10 + (s[1] - '0')) * 3600000 +
			 ((int64_t)(s[3] - '0') * 10 + (s[4] - '0')) * 60000;
	if (j->last_clock >= 0 && of_day + 12 * 3600000LL < j->last_clock)
		j->day_offset++;
	j->last_clock = of_day;
	ms += j->day_offset * 86400000LL;
	/* nothing was logged after the file was saved: a later time of day
	 * belongs to the day before */
	if (j->date_line == 0 && j->saved_at != TIME_NONE && ms > j->saved_at)
		ms -= 86400000LL;
	rec_set_time(st, ms);
	rec_set_str(st, "clockTime", clock);
	if (!j->warned_zone++) {
		char where[64];
		if (j->date_line)
			snprintf(where, sizeof(where), "the date on line %llu",
				 (unsigned long long)j->date_line);
		else
			snprintf(where, sizeof(where), "the save time in the file name");
		pctx_warn_line(j->c, j->line, "console times have no date or zone: read on "
			       "%04d-%02d-%02d (%s) as %s (--tz)", j->date_y, j->date_m,
			       j->date_d, where, j->c->opt->tz ? j->c->opt->tz : "UTC");
	}
}

static void
text_emit(struct textjob *j)
{
	if (!j->active)
		return;
	j->active = 0;
	struct store *st = j->c->store;
	const char *s = j->text.data ? j->text.data : "";
	struct console_line cl;
	(void)console_prefix(s, j->first_len, &cl);
	store_begin(st, j->c->input_id, "addin.console");
	rec_set_line(st, j->line);
	rec_set_str(st, "source", "console");
	if (cl.clock_len)
		clock_time(j, s, cl.clock_len);
	const char *msg = s + cl.msg;
	size_t msg_len = j->text.len - cl.msg;
	const char *level = infer_level(msg, j->first_len - cl.msg);
	if (level)
		rec_set_str(st, "level", level);
	if (cl.url_len) {
		store_url(st, s + cl.url_start, cl.url_len);
		rec_set(st, "lineNumber", s + cl.src_line_start, cl.src_line_len);
	}
	store_text(st, msg, msg_len, j->continued);
	store_end(st);
}

static void
text_line(struct textjob *j, uint64_t line, const char *s, size_t n)
{
	if (isspace((unsigned char)s[0]) && j->active) {
		j->continued++;
		if (j->text.len - j->first_len + n + 1 <= CONTINUATION_MAX) {
			(void)buf_addc(&j->text, '\n');
			(void)buf_add(&j->text, s, n);
		}
		return;
	}
	text_emit(j);
	j->active = 1;
	j->line = line;
	j->continued = 0;
	buf_reset(&j->text);
	(void)buf_add(&j->text, s, n);
	j->first_len = j->text.len;
}

static void
text_replay(struct textjob *j)
{
	if (j->date_y == 0 && j->saved_at != TIME_NONE &&
	    time_local_date(j->saved_at, j->c->opt->tz, &j->date_y, &j->date_m, &j->date_d) < 0)
		j->date_y = 0;
	if (j->date_y == 0 && !j->warned_date++)
		pctx_warn_line(j->c, j->held.n ? j->held.v[0].lineno : 1, "console times have no "
			       "date and no date in the first lines gives one; records kept "
			       "without a time (time of day in clockTime)");
	j->holding = 0;
	for (size_t i = 0; i < j->held.n; i++)
		text_line(j, j->held.v[i].lineno, j->held.v[i].text, j->held.v[i].len);
	queue_clear(&j->held);
}

/* Edge and Chrome name a saved console "<host>-<epoch ms>.log": the save
 * time, TIME_NONE when the name is not of that form. */
static int64_t
saved_at_from_name(const char *name)
{
	const char *dash = name ? strrchr(name, '-') : NULL;
	if (dash == NULL)
		return TIME_NONE;
	int64_t ms = 0;
	size_t k = 1;
	while (isdigit((unsigned char)dash[k]) && k <= 13) {
		ms = ms * 10 + (dash[k] - '0');
		k++;
	}
	/* 13 digits (2001 to 2286), then ".log" or ".txt" */
	if (k != 14 || (strcmp(dash + k, ".log") != 0 && strcmp(dash + k, ".txt") != 0))
		return TIME_NONE;
	return ms;
}

static int
on_text_line(struct parse_ctx *c, uint64_t lineno, const char *line, size_t len, void *ud)
{
	(void)c;
	struct textjob *j = ud;
	if (!j->holding) {
		text_line(j, lineno, line, len);
		return 0;
	}
	if (find_iso_date(line, len, &j->date_y, &j->date_m, &j->date_d))
		j->date_line = lineno;
	queue_push(&j->held, lineno, line, len);
	if (j->date_y || queue_full(&j->held))
		text_replay(j);
	return 0;
}

static enum input_status
parse_text(struct parse_ctx *c)
{
	struct textjob j;
	memset(&j, 0, sizeof(j));
	j.c = c;
	j.holding = 1;
	j.last_clock = -1;
	j.saved_at = saved_at_from_name(c->name);
	size_t max = (size_t)c->opt->limits.record_bytes;
	buf_init(&j.text, max + CONTINUATION_MAX + 16);
	enum input_status st = parse_lines(c, LINES_SKIP_BLANK, on_text_line, &j);
	if (j.holding)
		text_replay(&j);
	text_emit(&j);
	queue_free(&j.held);
	buf_free(&j.text);
	return st;
}

/* ---- the JSON export ------------------------------------------------------------------------ */

struct jsonjob {
	int warned_time;
	int warned_zone;
};

static const char *
jstr(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void
json_time(struct parse_ctx *c, struct jsonjob *j, const cJSON *ts, uint64_t line)
{
	if (cJSON_IsNumber(ts) && isfinite(ts->valuedouble) && ts->valuedouble > 0 &&
	    ts->valuedouble < 1e15) {
		double v = ts->valuedouble;
		rec_set_time(c->store, (int64_t)(v > 1e11 ? v : v * 1000.0));
		return;
	}
	if (!cJSON_IsString(ts) || ts->valuestring == NULL)
		return;
	int64_t ms;
	int flags = 0;
	if (time_parse(ts->valuestring, DATE_MDY, c->opt->tz, &ms, &flags) == 0) {
		rec_set_time(c->store, ms);
		if (!(flags & TIME_HAD_ZONE) && !j->warned_zone++)
			pctx_warn_line(c, line, "times carry no zone; read as %s (--tz)",
				       c->opt->tz ? c->opt->tz : "UTC");
	} else if (!j->warned_time++) {
		pctx_warn_line(c, line, "timestamp \"%.40s\" not understood; kept without a time",
			       ts->valuestring);
	}
}

static int
on_message(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	struct jsonjob *j = ud;
	if (!cJSON_IsObject(item)) {
		pctx_warn_line(c, r->line, "record %s is not an object; skipped", r->pointer);
		return 0;
	}
	struct store *st = c->store;
	store_begin(st, c->input_id, "addin.console");
	if (r->pointer[0])
		rec_set_pointer(st, r->pointer);
	rec_set_line(st, r->line);
	rec_set_str(st, "source", "console");
	json_time(c, j, cJSON_GetObjectItemCaseSensitive(item, "timestamp"), r->line);
	const char *level = jstr(item, "level");
	if (level && level[0])
		rec_set_str(st, "level", level);
	const char *url = jstr(item, "url");
	const char *origin = jstr(item, "source");
	if (url == NULL && origin && strstr(origin, "://"))
		url = origin;
	else if (origin && origin[0])
		rec_set_str(st, "consoleSource", origin);
	if (url && url[0])
		store_url(st, url, strlen(url));
	const cJSON *ln = cJSON_GetObjectItemCaseSensitive(item, "lineNumber");
	if (cJSON_IsNumber(ln) && ln->valuedouble >= 0 && ln->valuedouble < 1e9) {
		char n[32];
		snprintf(n, sizeof(n), "%d", (int)ln->valuedouble);
		rec_set_str(st, "lineNumber", n);
	}
	const char *text = jstr(item, "text");
	if (text == NULL)
		text = jstr(item, "message");
	if (text) {
		size_t n = strlen(text);
		if (level == NULL && (level = infer_level(text, n)) != NULL)
			rec_set_str(st, "level", level);
		store_text(st, text, n > CONTINUATION_MAX ? CONTINUATION_MAX : n, 0);
	}
	store_end(st);
	return 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	if (strcmp(format, "console.json") == 0) {
		struct jsonjob j = {0};
		return parse_json_records(c, "addin.console", NULL, on_message, &j);
	}
	return parse_text(c);
}

static const char *const formats_list[] = {
	"console.text", "console.json",
	NULL,
};

const struct parser parser_console = {
	.name = "console",
	.description = "Browser console exports (Edge / Chrome \"Save as...\" text, JSON)",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
