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
	const char *colon = memchr(s, ':', n);
	return words >= 8 && (colon == NULL || colon - s > 40);
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

/* "2025-11-24 16:47 UTC" or "2025-11-24T16:47:05Z" somewhere in the line. */
static int64_t
line_time(const char *s, size_t n)
{
	for (size_t i = 0; i + 10 <= n; i++) {
		if (!(isdigit((unsigned char)s[i]) && i + 4 < n && s[i + 4] == '-'))
			continue;
		char buf[64];
		size_t k = 0;
		while (i + k < n && k < sizeof(buf) - 1 && (isdigit((unsigned char)s[i + k]) ||
							    strchr("-:T .Z+", s[i + k])))
			k++;
		memcpy(buf, s + i, k);
		buf[k] = '\0';
		while (k && (buf[k - 1] == ' ' || buf[k - 1] == '.'))
			buf[--k] = '\0';
		if (k > 10 && buf[10] == ' ')
			buf[10] = 'T';
		int64_t t;
		if (k >= 16 && time_parse_iso(buf, &t) == 0)
			return t;
		if (k >= 10) {
			buf[10] = '\0';
			if (time_parse_iso(buf, &t) == 0)
				return t;
		}
		return TIME_NONE;
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
				when = line_time(line, len);
			continue;
		}
		/* the time may be on a header line of its own ("Created: ...") */
		if (when == TIME_NONE && t.lineno <= NOTE_LINES && !prose_line(line, len))
			when = line_time(line, len);
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

const struct parser parser_ticket = {
	"ticket",
	"the ticket note of a bundle: who reported the problem and when",
	bid,
	parse,
};
