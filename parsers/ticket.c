/*
 * ticket.c - the ticket note that comes with a bundle: who reported the
 * problem, when, in their words.
 *
 *   Reported 2025-11-24 16:47 UTC by Tomas Berg <tomas.berg@contoso.com>
 *   From: Dana Whitfield <dana@contoso.com>
 *   Requester: dana@contoso.com
 *
 * One record, kind ticket.note: user = the reporter's address, time = the
 * reported time when the line has one, message = the note's text.  The
 * model attributes errors that name no user (a browser console export,
 * a runtime log) to the reporter when the bundle has exactly one.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parser.h"
#include "parse.h"
#include "textscan.h"
#include "timefmt.h"
#include "util.h"

#define NOTE_MAX 2000		/* bytes of the note kept as its message */
#define NOTE_LINES 40		/* the reporter line must be among the first */

static const char *const reporter_words[] = {
	"reported", "submitted", "opened", "raised", "created", "from:", "reporter:",
	"requester:", "requested by", "contact:", "customer:", "affected user:", "user:",
	NULL,
};

/* An e-mail address in s[0..n): its start and length, or 0. */
static size_t
find_address(const char *s, size_t n, size_t *at)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '@' || i == 0)
			continue;
		size_t b = i, e = i + 1;
		while (b > 0 && (isalnum((unsigned char)s[b - 1]) || strchr("._%+-'", s[b - 1])))
			b--;
		while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '.' || s[e] == '-'))
			e++;
		while (e > i + 1 && s[e - 1] == '.')
			e--;
		if (b < i && memchr(s + i, '.', e - i)) {
			*at = b;
			return e - b;
		}
	}
	return 0;
}

/* Is this line where the note names its reporter? */
static int
reporter_line(const char *s, size_t n, size_t *at, size_t *len)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '*' || *s == '>')) {
		s++;
		n--;
	}
	int word = 0;
	for (size_t i = 0; reporter_words[i] && !word; i++) {
		size_t k = strlen(reporter_words[i]);
		word = n >= k && strncasecmp(s, reporter_words[i], k) == 0;
	}
	if (!word)
		return 0;
	*len = find_address(s, n, at);
	return *len != 0;
}

/* A line of prose: eight words or more, not "Name : Value". */
static int
prose_line(const char *s, size_t n)
{
	size_t words = 0;
	int in_word = 0;
	for (size_t i = 0; i < n; i++) {
		int sp = s[i] == ' ' || s[i] == '\t';
		if (!sp && !in_word)
			words++;
		in_word = !sp;
	}
	if (words < 8)
		return 0;
	/* "Subject: ..." and "Name  : Value" are headers: one to four words of
	 * letters before the first colon */
	const char *colon = memchr(s, ':', n);
	if (colon == NULL || colon - s > 40)
		return 1;
	size_t kw = 0;
	int in_key = 0;
	for (const char *p = s; p < colon; p++) {
		if (!isalpha((unsigned char)*p) && *p != ' ' && *p != '-' && *p != '\t')
			return 1;
		int sp = *p == ' ' || *p == '\t';
		if (!sp && !in_key)
			kw++;
		in_key = !sp;
	}
	return kw == 0 || kw > 4;
}

static int
bid(const struct sniff *s, const char **format)
{
	if (s->binary || s->json != JSON_NONE || s->xml_root || s->text == NULL)
		return 0;
	const char *p = s->text, *end = s->text + s->text_len;
	int reporter = 0, prose = 0;
	for (int lines = 0; p < end && lines < NOTE_LINES; lines++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t at, len;
		reporter |= reporter_line(p, n, &at, &len);
		prose |= prose_line(p, n);
		if (!nl)
			break;
		p = nl + 1;
	}
	if (!reporter)
		return 0;
	*format = "ticket.note";
	/* a reporter line and sentences: a note, even if its header lines
	 * look like PowerShell's "Name: Value" (45); a pasted diagnostics
	 * block (55) wins */
	return prose ? 50 : 15;
}

/* The longest prefix of s (cut at spaces, at most 48 bytes) that
 * time_parse reads: "2025-10-14 09:30 PDT ..." -> 16:30Z. */
static int
parse_prefix(const char *s, size_t n, const char *tz, int64_t *ms)
{
	char buf[64];
	if (n > 48)
		n = 48;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (size_t k = n; k >= 8; k--) {
		if (k < n && buf[k] != ' ' && buf[k] != ',' && buf[k] != ')' && buf[k] != ';')
			continue;
		char c = buf[k];
		buf[k] = '\0';
		int flags = 0;
		size_t e = k;
		while (e > 0 && (buf[e - 1] == ' ' || buf[e - 1] == ','))
			buf[--e] = '\0';
		int ok = time_parse(buf, DATE_MDY, tz, ms, &flags) == 0;
		buf[k] = c;
		if (ok)
			return 0;
	}
	return -1;
}

static int
month_number(const char *s, size_t *len)
{
	static const char *const names[] = {
		"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
	};
	for (int i = 0; i < 12; i++) {
		if (strncasecmp(s, names[i], 3) != 0)
			continue;
		size_t k = 3;
		while (isalpha((unsigned char)s[k]))
			k++;
		*len = k;
		return i + 1;
	}
	return 0;
}

/* The time a line names: ISO dates, slash dates, or "15 Sep 2025" /
 * "Sep 15, 2025", each with a clock time and zone when they follow. */
static int64_t
line_time(const char *s, size_t n, const char *tz)
{
	int64_t ms;
	for (size_t i = 0; i + 8 <= n; i++) {
		if (i > 0 && isalnum((unsigned char)s[i - 1]))
			continue;
		const char *p = s + i;
		size_t rest = n - i;
		/* 2025-10-14 ..., 9/15/2025 ... */
		if (isdigit((unsigned char)p[0]) && parse_prefix(p, rest, tz, &ms) == 0)
			return ms;
		/* 15 Sep 2025 08:10 PDT, Sep 15, 2025 08:10 */
		int day = 0, mon = 0, year = 0;
		size_t k = 0, ml;
		if (isdigit((unsigned char)p[0])) {
			while (k < rest && isdigit((unsigned char)p[k]) && k < 2)
				day = day * 10 + (p[k++] - '0');
			while (k < rest && p[k] == ' ')
				k++;
			if (k < rest && (mon = month_number(p + k, &ml)) != 0)
				k += ml;
		} else if ((mon = month_number(p, &ml)) != 0) {
			k = ml;
			while (k < rest && p[k] == ' ')
				k++;
			while (k < rest && isdigit((unsigned char)p[k]) && day < 100)
				day = day * 10 + (p[k++] - '0');
			if (k < rest && p[k] == ',')
				k++;
		}
		if (!mon || day < 1 || day > 31)
			continue;
		while (k < rest && (p[k] == ' ' || p[k] == ','))
			k++;
		size_t y0 = k;
		while (k < rest && isdigit((unsigned char)p[k]) && k - y0 < 4)
			year = year * 10 + (p[k++] - '0');
		if (k - y0 != 4)
			continue;
		/* as a US slash date, which also takes "10:05 AM" and a zone */
		char iso[80];
		int w = snprintf(iso, sizeof(iso), "%02d/%02d/%04d", mon, day, year);
		size_t tail = rest - k > 40 ? 40 : rest - k;
		memcpy(iso + w, p + k, tail);
		iso[(size_t)w + tail] = '\0';
		if (parse_prefix(iso, strlen(iso), tz, &ms) == 0)
			return ms;
	}
	return TIME_NONE;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	(void)format;
	struct text t;
	text_init(&t, c->stream, (size_t)c->opt->limits.record_bytes);
	struct buf note;
	buf_init(&note, NOTE_MAX);
	const char *line;
	size_t len, at = 0, alen = 0;
	int cut;
	uint64_t where = 0;
	int64_t when = TIME_NONE;
	char who[256] = "";
	while (text_getline(&t, &line, &len, &cut)) {
		if (!where && t.lineno <= NOTE_LINES && reporter_line(line, len, &at, &alen)) {
			/* reporter_line skipped leading marks: find the address again */
			size_t a2, l2 = find_address(line, len, &a2);
			copy_capped(who, sizeof(who), line + a2, l2);
			where = t.lineno;
			if (when == TIME_NONE)
				when = line_time(line, len, c->opt->tz);
			continue;
		}
		/* the time may be on a header line of its own ("Created: ...") */
		if (when == TIME_NONE && t.lineno <= NOTE_LINES && !prose_line(line, len))
			when = line_time(line, len, c->opt->tz);
		if (text_blank(line, len))
			continue;
		if (note.len)
			(void)buf_addc(&note, ' ');
		(void)buf_add(&note, line, len > NOTE_MAX ? NOTE_MAX : len);
	}
	enum input_status st = ST_OK;
	if (where) {
		struct store *s = c->store;
		store_begin(s, c->input_id, "ticket.note");
		rec_set_line(s, where);
		if (when != TIME_NONE)
			rec_set_time(s, when);
		rec_set_str(s, "user", who);
		if (note.len)
			rec_set(s, "message", note.data, note.len);
		store_end(s);
	} else {
		pctx_warn_line(c, 1, "no reporter line with an address in the first %d lines",
			       NOTE_LINES);
		st = ST_UNSUPPORTED;
	}
	pctx_text_done(c, &t);
	text_free(&t);
	buf_free(&note);
	return st;
}

static const char *const formats_list[] = {
	"ticket.note",
	NULL,
};

const struct parser parser_ticket = {
	"ticket",
	"the ticket note of a bundle: who reported the problem and when",
	bid,
	parse,
	.formats = formats_list,
};
