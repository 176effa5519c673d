/* jsonscan.c - a syntax-checking JSON scanner that cuts out records. */
#include "config.h"

#include "jsonscan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 64

enum expect {
	X_VALUE,		/* a value */
	X_VALUE_OR_END,		/* after '[' */
	X_KEY,			/* after ',' in an object */
	X_KEY_OR_END,		/* after '{' */
	X_COLON,
	X_COMMA_OR_END,
	X_TOP,			/* between top-level values */
};

struct level {
	char type;		/* '{' or '[' */
	uint64_t index;		/* array: next element index */
	char key[KEY_MAX];	/* object: current key (cut) */
	int record_array;	/* elements are records */
};

struct scan {
	struct level stack[JSONSCAN_MAX_DEPTH];
	int depth;
	enum expect expect;
	/* token in progress */
	int in_string, escape, string_is_key;
	char keybuf[KEY_MAX];
	size_t keylen;
	int in_literal;
	char lit[16];		/* the first chars, for messages */
	size_t litlen;
	int num;		/* number grammar state, see num_step() */
	/* capture */
	int capturing;		/* 1: a record; 2: a top-level value that may be one */
	int cap_depth;		/* depth at which the captured value started */
	struct buf cap;
	int cap_overflow;
	int pending_emit;	/* the captured value ended with this char */
	int saw_record_array;	/* records are array elements: no resync */
	int skip_line;		/* resyncing: drop input up to the next LF */
	char pointer[KEY_MAX * 8 + 64];
	uint64_t cap_line, cap_offset;
	/* position */
	uint64_t line, col, offset;
	uint64_t page;
	const char *const *paths;
	struct jscan_result *res;
	jrecord_fn fn;
	void *ud;
	size_t max_record;
};

void
json_position(const char *text, size_t off, uint64_t *line, uint64_t *col)
{
	uint64_t l = 1, c = 1;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static void fail(struct scan *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
fail(struct scan *s, const char *fmt, ...)
{
	if (s->res->error)
		return;
	s->res->error = 1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->res->message, sizeof(s->res->message), fmt, ap);
	va_end(ap);
	s->res->line = s->line;
	s->res->column = s->col;
	s->res->offset = s->offset;
}

static int
path_is_record_array(struct scan *s)
{
	/* the path of the array just opened at s->depth (1-based levels) */
	char path[KEY_MAX * 8 + 8];
	size_t n = 0;
	path[0] = '\0';
	if (s->depth == 1)
		return 1;		/* top-level array */
	for (int i = 0; i < s->depth - 1; i++) {
		struct level *l = &s->stack[i];
		if (l->type != '{')
			return 0;	/* arrays of arrays are not record paths */
		int w = snprintf(path + n, sizeof(path) - n, "/%s", l->key);
		if (w < 0 || (size_t)w >= sizeof(path) - n)
			return 0;
		n += (size_t)w;
	}
	for (const char *const *p = s->paths; p && *p; p++)
		if (strcmp(*p, path) == 0)
			return 1;
	return 0;
}

static void
make_pointer(struct scan *s)
{
	size_t n = 0;
	int w = snprintf(s->pointer, sizeof(s->pointer), "#");
	n = (size_t)w;
	if (s->page > 1) {
		w = snprintf(s->pointer + n, sizeof(s->pointer) - n, "page%llu",
			     (unsigned long long)s->page);
		n += (size_t)w;
	}
	for (int i = 0; i < s->depth && n < sizeof(s->pointer); i++) {
		struct level *l = &s->stack[i];
		if (l->type == '{')
			w = snprintf(s->pointer + n, sizeof(s->pointer) - n, "/%s", l->key);
		else
			w = snprintf(s->pointer + n, sizeof(s->pointer) - n, "/%llu",
				     (unsigned long long)l->index);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

/* A value is about to start at the current position. */
static void
value_start(struct scan *s)
{
	if (s->capturing == 1)
		return;
	if (s->depth == 0) {
		s->capturing = 2;
		s->cap_depth = 0;
		s->pointer[0] = '\0';
	} else if (s->stack[s->depth - 1].record_array) {
		s->capturing = 1;
		s->cap_depth = s->depth;
		make_pointer(s);
	} else {
		return;
	}
	buf_reset(&s->cap);
	s->cap_overflow = 0;
	s->cap_line = s->line;
	s->cap_offset = s->offset;
}

static void
emit(struct scan *s)
{
	if (s->cap_overflow) {
		if (!s->res->error) {
			char msg[64];
			snprintf(msg, sizeof(msg), "%zu", s->max_record);
			fail(s, "record longer than the limit of %s bytes", msg);
			s->res->line = s->cap_line;
			s->res->offset = s->cap_offset;
		}
		return;
	}
	struct jrecord r = {
		.text = s->cap.data ? s->cap.data : "",
		.len = s->cap.len,
		.pointer = s->pointer,
		.line = s->cap_line,
		.offset = s->cap_offset,
		.page = s->page,
	};
	s->res->records++;
	if (s->fn && s->fn(s->ud, &r))
		s->res->stopped = 1;
}

/* A value just ended (the last char of it was consumed). */
static void
value_end(struct scan *s)
{
	if (s->capturing && s->depth == s->cap_depth) {
		s->capturing = 0;
		s->pending_emit = 1;
	}
	if (s->depth == 0) {
		s->expect = X_TOP;
	} else {
		s->expect = X_COMMA_OR_END;
	}
}

static int
literal_ok(const char *t, size_t n)
{
	if ((n == 4 && memcmp(t, "true", 4) == 0) ||
	    (n == 5 && memcmp(t, "false", 5) == 0) ||
	    (n == 4 && memcmp(t, "null", 4) == 0))
		return 1;
	/* number: -?digits(.digits)?([eE][+-]?digits)? */
	size_t i = 0;
	if (i < n && t[i] == '-')
		i++;
	size_t d = i;
	while (i < n && t[i] >= '0' && t[i] <= '9')
		i++;
	if (i == d)
		return 0;
	if (t[d] == '0' && i - d > 1)
		return 0;
	if (i < n && t[i] == '.') {
		i++;
		d = i;
		while (i < n && t[i] >= '0' && t[i] <= '9')
			i++;
		if (i == d)
			return 0;
	}
	if (i < n && (t[i] == 'e' || t[i] == 'E')) {
		i++;
		if (i < n && (t[i] == '+' || t[i] == '-'))
			i++;
		d = i;
		while (i < n && t[i] >= '0' && t[i] <= '9')
			i++;
		if (i == d)
			return 0;
	}
	return i == n;
}

/* Number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
 * States: 1 after '-', 2 after a leading 0, 3 in integer digits, 4 after
 * '.', 5 in fraction digits, 6 after 'e', 7 after the exponent sign,
 * 8 in exponent digits, -1 invalid.  Accepting: 2, 3, 5, 8. */
static int
num_step(int st, char c)
{
	int digit = c >= '0' && c <= '9';
	switch (st) {
	case 0: return c == '-' ? 1 : c == '0' ? 2 : digit ? 3 : -1;
	case 1: return c == '0' ? 2 : digit ? 3 : -1;
	case 2: return c == '.' ? 4 : (c == 'e' || c == 'E') ? 6 : -1;
	case 3: return digit ? 3 : c == '.' ? 4 : (c == 'e' || c == 'E') ? 6 : -1;
	case 4: return digit ? 5 : -1;
	case 5: return digit ? 5 : (c == 'e' || c == 'E') ? 6 : -1;
	case 6: return (c == '+' || c == '-') ? 7 : digit ? 8 : -1;
	case 7: return digit ? 8 : -1;
	case 8: return digit ? 8 : -1;
	default: return -1;
	}
}

static int
is_literal_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '-' || c == '+' || c == '.';
}

static const char *
expect_name(enum expect e)
{
	switch (e) {
	case X_VALUE: return "a value";
	case X_VALUE_OR_END: return "a value or ']'";
	case X_KEY: return "a key string";
	case X_KEY_OR_END: return "a key string or '}'";
	case X_COLON: return "':'";
	case X_COMMA_OR_END: return "',' or a closing bracket";
	case X_TOP: return "the end of the document";
	}
	return "?";
}

static void
unexpected(struct scan *s, char c)
{
	char what[80];
	if (c == ']' || c == '}') {
		if (s->expect == X_VALUE || s->expect == X_KEY) {
			snprintf(what, sizeof(what), "'%c' after a trailing comma", c);
			fail(s, "syntax error: %s", what);
			return;
		}
	}
	if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
		snprintf(what, sizeof(what), "'%c' where %s was expected", c,
			 expect_name(s->expect));
	else
		snprintf(what, sizeof(what), "byte 0x%02x where %s was expected",
			 (unsigned char)c, expect_name(s->expect));
	fail(s, "syntax error: %s", what);
}

static int
expects_value(enum expect e)
{
	return e == X_VALUE || e == X_VALUE_OR_END || e == X_TOP;
}

static void
finish_literal(struct scan *s)
{
	s->in_literal = 0;
	int ok;
	if (s->lit[0] == '-' || (s->lit[0] >= '0' && s->lit[0] <= '9'))
		ok = s->num == 2 || s->num == 3 || s->num == 5 || s->num == 8;
	else
		ok = s->litlen < sizeof(s->lit) && literal_ok(s->lit, s->litlen);
	if (!ok) {
		char t[20];
		size_t n = s->litlen < 15 ? s->litlen : 15;
		memcpy(t, s->lit, n);
		t[n] = '\0';
		fail(s, "syntax error: bad literal '%s%s'", t, s->litlen > 15 ? "..." : "");
		return;
	}
	value_end(s);
}

/* Process one char; returns 0 to go on. */
static int
step(struct scan *s, char c)
{
	if (s->in_string) {
		if (s->escape) {
			s->escape = 0;
		} else if (c == '\\') {
			s->escape = 1;
		} else if (c == '"') {
			s->in_string = 0;
			if (s->string_is_key) {
				struct level *l = &s->stack[s->depth - 1];
				memcpy(l->key, s->keybuf, s->keylen);
				l->key[s->keylen] = '\0';
				s->expect = X_COLON;
			} else {
				value_end(s);
			}
			return 0;
		} else if ((unsigned char)c < 0x20) {
			fail(s, "syntax error: %s inside a string",
			     c == '\n' ? "line break" : "control character");
			return -1;
		}
		if (s->string_is_key && s->keylen < KEY_MAX - 1)
			s->keybuf[s->keylen++] = c;
		return 0;
	}
	if (s->in_literal) {
		if (s->litlen < sizeof(s->lit))
			s->lit[s->litlen] = c;
		s->litlen++;
		s->num = num_step(s->num, c);
		return 0;
	}
	switch (c) {
	case ' ': case '\t': case '\n': case '\r':
		return 0;
	case '{':
	case '[':
		if (!expects_value(s->expect)) {
			unexpected(s, c);
			return -1;
		}
		if (s->depth == 0 && s->expect == X_TOP)
			s->page++;
		value_start(s);
		if (s->depth >= JSONSCAN_MAX_DEPTH) {
			fail(s, "nesting deeper than %s levels", "512");
			return -1;
		}
		{
			struct level *l = &s->stack[s->depth++];
			l->type = c;
			l->index = 0;
			l->key[0] = '\0';
			l->record_array = 0;
			if (c == '[' && s->capturing != 1 && path_is_record_array(s)) {
				l->record_array = 1;
				s->saw_record_array = 1;
				if (s->capturing == 2)
					s->capturing = 0;	/* a page, not a record */
			}
		}
		s->expect = c == '{' ? X_KEY_OR_END : X_VALUE_OR_END;
		return 0;
	case '}':
	case ']':
		if (s->depth == 0 || s->stack[s->depth - 1].type != (c == '}' ? '{' : '[') ||
		    !(s->expect == X_COMMA_OR_END ||
		      (c == '}' && s->expect == X_KEY_OR_END) ||
		      (c == ']' && s->expect == X_VALUE_OR_END))) {
			unexpected(s, c);
			return -1;
		}
		s->depth--;
		value_end(s);
		return 0;
	case ':':
		if (s->expect != X_COLON) {
			unexpected(s, c);
			return -1;
		}
		s->expect = X_VALUE;
		return 0;
	case ',':
		if (s->expect != X_COMMA_OR_END) {
			unexpected(s, c);
			return -1;
		}
		if (s->stack[s->depth - 1].type == '[') {
			s->stack[s->depth - 1].index++;
			s->expect = X_VALUE;
		} else {
			s->expect = X_KEY;
		}
		return 0;
	case '"':
		if (s->expect == X_KEY || s->expect == X_KEY_OR_END) {
			s->string_is_key = 1;
			s->keylen = 0;
		} else if (expects_value(s->expect)) {
			if (s->depth == 0 && s->expect == X_TOP)
				s->page++;
			s->string_is_key = 0;
			value_start(s);
		} else {
			unexpected(s, c);
			return -1;
		}
		s->in_string = 1;
		s->escape = 0;
		return 0;
	default:
		if (is_literal_char(c) && expects_value(s->expect)) {
			if (s->depth == 0 && s->expect == X_TOP)
				s->page++;
			value_start(s);
			s->in_literal = 1;
			s->lit[0] = c;
			s->litlen = 1;
			s->num = num_step(0, c);
			return 0;
		}
		unexpected(s, c);
		return -1;
	}
}

/* Append chunk[from, to) to the record being captured. */
static void
capture_span(struct scan *s, const char *chunk, size_t from, size_t to)
{
	if (to > from && !s->cap_overflow && buf_add(&s->cap, chunk + from, to - from) < 0)
		s->cap_overflow = 1;
}

/* After an error in a top-level value: report it, forget the value and
 * go on from the next line.  Returns 1 if the scan can go on. */
static int
resync(struct scan *s, jskip_fn skip, void *ud)
{
	if (s->saw_record_array || skip == NULL || !s->res->error)
		return 0;
	uint64_t first = s->capturing && s->cap_line < s->res->line ? s->cap_line : s->res->line;
	skip(ud, first, s->res->line, s->res->column, s->res->message);
	s->res->skipped++;
	s->res->error = 0;
	s->res->message[0] = '\0';
	s->depth = 0;
	s->expect = X_TOP;
	s->in_string = s->escape = s->in_literal = 0;
	s->capturing = 0;
	s->pending_emit = 0;
	s->cap_overflow = 0;
	s->skip_line = 1;
	return 1;
}

/* Move the position over n bytes that hold no line break. */
static void
advance_plain(struct scan *s, size_t n)
{
	s->col += n;
	s->offset += n;
}

void
jscan_run(struct text *t, const char *const *paths, size_t max_record,
	  jrecord_fn fn, jskip_fn skip, void *ud, struct jscan_result *res)
{
	struct scan *s = xcalloc(1, sizeof(*s));
	memset(res, 0, sizeof(*res));
	s->paths = paths;
	s->res = res;
	s->fn = fn;
	s->ud = ud;
	s->max_record = max_record;
	s->expect = X_TOP;
	s->line = 1;
	s->col = 1;
	buf_init(&s->cap, max_record);
	char *chunk = xmalloc(65536);
	size_t n;
	while (!res->error && !res->stopped && (n = text_read(t, chunk, 65536)) > 0) {
		/* a record being captured is copied in spans, not byte by byte:
		 * cap_from is where its part in this chunk starts */
		size_t cap_from = 0;
		size_t i = 0;
		while (i < n && !res->error && !res->stopped) {
			if (s->skip_line) {
				const char *nl = memchr(chunk + i, '\n', n - i);
				size_t j = nl ? (size_t)(nl - chunk) : n;
				advance_plain(s, j - i);
				i = j;
				if (nl == NULL)
					break;
				s->skip_line = 0;
				s->line++;
				s->col = 1;
				s->offset++;
				i++;
				continue;
			}
			if (s->in_string && !s->escape) {
				/* the body of a string: nothing to do until a quote, a
				 * backslash or a control character (a key's first
				 * bytes are kept for the path) */
				size_t j = i;
				while (j < n) {
					unsigned char ch = (unsigned char)chunk[j];
					if (ch == '"' || ch == '\\' || ch < 0x20)
						break;
					j++;
				}
				if (s->string_is_key && s->keylen < KEY_MAX - 1) {
					size_t k = KEY_MAX - 1 - s->keylen;
					if (k > j - i)
						k = j - i;
					memcpy(s->keybuf + s->keylen, chunk + i, k);
					s->keylen += k;
				}
				advance_plain(s, j - i);
				i = j;
				if (s->capturing && s->cap.len + (i - cap_from) > s->max_record) {
					s->cap_overflow = 1;
					s->capturing = 0;
					s->in_string = 0;
					emit(s);
					if (resync(s, skip, ud))
						continue;
					break;
				}
				if (i == n)
					break;
			}
			char c = chunk[i];
			if (s->in_literal && !is_literal_char(c)) {
				int was = s->capturing;
				finish_literal(s);
				if (s->pending_emit) {
					/* a bare literal record ends before c */
					s->pending_emit = 0;
					if (was)
						capture_span(s, chunk, cap_from, i);
					emit(s);
				}
				if (res->error && resync(s, skip, ud) && c != '\n') {
					advance_plain(s, 1);
					i++;
					continue;
				}
				if (res->error || res->stopped)
					break;
			}
			int was_capturing = s->capturing;
			if (step(s, c)) {
				if (resync(s, skip, ud)) {
					if (c == '\n')
						s->skip_line = 0;
					goto advance;
				}
				break;
			}
			if (!was_capturing && s->capturing)
				cap_from = i;
			if (s->pending_emit) {
				s->pending_emit = 0;
				capture_span(s, chunk, cap_from, i + 1);
				emit(s);
				if (res->error && resync(s, skip, ud)) {
					s->skip_line = 0;	/* the value ended cleanly */
					goto advance;
				}
			} else if (s->capturing && s->cap.len + (i - cap_from) > s->max_record) {
				/* too long already: say so now rather than at its end */
				s->cap_overflow = 1;
				s->capturing = 0;
				emit(s);
				if (resync(s, skip, ud))
					goto advance;
				break;
			}
		advance:
			if (c == '\n') {
				s->line++;
				s->col = 1;
			} else {
				s->col++;
			}
			s->offset++;
			i++;
		}
		if (s->capturing && !res->error)
			capture_span(s, chunk, cap_from, n);
	}
	free(chunk);
	if (!res->error && !res->stopped) {
		if (s->in_literal) {
			finish_literal(s);
			if (s->pending_emit) {
				s->pending_emit = 0;
				emit(s);
			}
		}
		if (!res->error && !s->skip_line && (s->in_string || s->depth > 0))
			fail(s, "unexpected end of input %s",
			     s->in_string ? "inside a string" : "before the closing brackets");
		if (res->error)
			(void)resync(s, skip, ud);
		if (!res->error && s->page == 0 && res->skipped == 0)
			fail(s, "no JSON value in the input");
	}
	res->documents = s->page;
	buf_free(&s->cap);
	free(s);
}
