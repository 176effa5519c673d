/* sniff.c - content detection: derived facts, bidding, descriptions. */
#include "config.h"

#include "sniff.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"

const char *
sniff_archive(const unsigned char *p, size_t n)
{
	if (n >= 4 && p[0] == 'P' && p[1] == 'K' &&
	    ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6) ||
	     (p[2] == 7 && p[3] == 8)))
		return "zip";
	if (n >= 6 && memcmp(p, "7z\xBC\xAF\x27\x1C", 6) == 0)
		return "7z";
	if (n >= 2 && p[0] == 0x1F && p[1] == 0x8B)
		return "gzip";
	if (n >= 3 && memcmp(p, "BZh", 3) == 0)
		return "bzip2";
	if (n >= 6 && memcmp(p, "\xFD" "7zXZ\0", 6) == 0)
		return "xz";
	if (n >= 4 && memcmp(p, "\x28\xB5\x2F\xFD", 4) == 0)
		return "zstd";
	if (n >= 4 && memcmp(p, "\x04\x22\x4D\x18", 4) == 0)
		return "lz4";
	if (n >= 262 && memcmp(p + 257, "ustar", 5) == 0)
		return "tar";
	if (n >= 6 && (memcmp(p, "070701", 6) == 0 || memcmp(p, "070702", 6) == 0 ||
		       memcmp(p, "070707", 6) == 0))
		return "cpio";
	if (n >= 2 && ((p[0] == 0xC7 && p[1] == 0x71) || (p[0] == 0x71 && p[1] == 0xC7)))
		return "cpio";
	if (n >= 7 && memcmp(p, "Rar!\x1A\x07", 6) == 0)
		return "rar";
	return NULL;
}

static char *
cut(const char *p, size_t n, size_t max)
{
	if (n > max) {
		/* do not split a UTF-8 sequence */
		while (max > 0 && ((unsigned char)p[max] & 0xC0) == 0x80)
			max--;
		n = max;
	}
	return xstrndup(p, n);
}

/* Add a key (once); returns its index, or -1 when the list is full. */
static int
add_key(char **v, size_t *n, const char *k, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen(v[i]) == len && memcmp(v[i], k, len) == 0)
			return (int)i;
	if (*n >= SNIFF_MAX_KEYS)
		return -1;
	v[*n] = xstrndup(k, len);
	return (int)(*n)++;
}

/* A date or clock time at t ("2025-11-24", "09:31:19"): a bracketed log
 * stamp, not a JSON number. */
static int
log_stamp(const char *t, size_t n)
{
	size_t d = 0;
	while (d < n && isdigit((unsigned char)t[d]))
		d++;
	return d < n && ((d == 4 && t[d] == '-') || (d <= 2 && d > 0 && t[d] == ':') ||
			 (d <= 2 && d > 0 && t[d] == '/'));
}

/* Can JSON start like this?  "[Deprecation] ..." (a console line) and
 * "[2025-11-24 ...] ..." (a log line) cannot: after '[' comes a value or
 * ']', after '{' a key or '}'. */
static int
json_start(const char *t, size_t n)
{
	size_t i = 1;
	while (i < n && isspace((unsigned char)t[i]))
		i++;
	if (i >= n)
		return 1;
	char c = t[i];
	if (t[0] == '{')
		return c == '"' || c == '}';
	if (c == '"' || c == '{' || c == '[' || c == ']' || c == '-' || isdigit((unsigned char)c))
		return !(isdigit((unsigned char)c) && log_stamp(t + i, n - i));
	return (n - i >= 4 && memcmp(t + i, "true", 4) == 0) ||
	       (n - i >= 5 && memcmp(t + i, "false", 5) == 0) ||
	       (n - i >= 4 && memcmp(t + i, "null", 4) == 0);
}

static void
scan_json(struct sniff *s, const char *t, size_t n)
{
	int depth = 0, in_str = 0, esc = 0, top_done = 0, tops = 0;
	int nl_since_top = 0;
	char top = 0;
	size_t str_start = 0, str_end = 0;
	int have_str = 0, str_depth = 0;
	uint64_t first_elem_index = 0;	/* elements seen in a top array */
	int pending_type = -1;		/* a top key whose value comes next */
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (pending_type >= 0 && !in_str && !isspace((unsigned char)c)) {
			s->top_types[pending_type] = c;
			pending_type = -1;
		}
		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"') {
				in_str = 0;
				have_str = 1;
				str_end = i;
			}
			continue;
		}
		switch (c) {
		case '"':
			in_str = 1;
			str_start = i + 1;
			str_depth = depth;
			have_str = 0;
			break;
		case ':':
			if (have_str) {
				const char *k = t + str_start;
				size_t len = str_end - str_start;
				(void)add_key(s->all_keys, &s->nall_keys, k, len);
				if ((top == '{' && str_depth == 1) ||
				    (top == '[' && str_depth == 2 && first_elem_index == 0 && !top_done)) {
					int at = add_key(s->top_keys, &s->ntop_keys, k, len);
					if (at >= 0 && top == '{' && !s->top_types[at])
						pending_type = at;
				}
			}
			have_str = 0;
			break;
		case '{':
		case '[':
			if (depth == 0) {
				if (tops == 0)
					top = c;
				else if (nl_since_top && c == '{' && top == '{')
					s->json = JSON_LINES;
				tops++;
				nl_since_top = 0;
			}
			depth++;
			have_str = 0;
			break;
		case '}':
		case ']':
			if (depth > 0)
				depth--;
			if (depth == 0)
				top_done = tops == 1 ? 1 : top_done;
			have_str = 0;
			break;
		case ',':
			if (top == '[' && depth == 1)
				first_elem_index++;
			have_str = 0;
			break;
		case '\n':
			if (depth == 0)
				nl_since_top = 1;
			break;
		default:
			if (!isspace((unsigned char)c))
				have_str = 0;
			break;
		}
	}
	if (s->json == JSON_NONE)
		s->json = top == '[' ? JSON_ARRAY : JSON_OBJECT;
}

/* The '>' that closes a <!DOCTYPE ...> declaration starting at p: not one
 * inside a quoted literal, a comment or the internal subset [...]. */
static const char *
decl_end(const char *p, size_t n)
{
	int subset = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		if (ch == '"' || ch == '\'') {
			const char *q = memchr(p + i + 1, ch, n - i - 1);
			if (q == NULL)
				return NULL;
			i = (size_t)(q - p);
		} else if (ch == '<' && i + 3 < n && memcmp(p + i, "<!--", 4) == 0) {
			const char *e = memmem(p + i + 4, n - i - 4, "-->", 3);
			if (e == NULL)
				return NULL;
			i = (size_t)(e - p) + 2;
		} else if (ch == '[') {
			subset = 1;
		} else if (ch == ']') {
			subset = 0;
		} else if (ch == '>' && !subset) {
			return p + i;
		}
	}
	return NULL;
}

static void
scan_xml(struct sniff *s, const char *t, size_t n)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && isspace((unsigned char)t[i]))
			i++;
		if (i >= n || t[i] != '<')
			return;
		if (i + 1 < n && (t[i + 1] == '?' || t[i + 1] == '!')) {
			const char *end;
			if (i + 3 < n && strncmp(t + i, "<!--", 4) == 0) {
				/* end at the last byte of "-->" */
				end = memmem(t + i + 4, n - i - 4, "-->", 3);
				if (end)
					end += 2;
			} else if (t[i + 1] == '!') {
				end = decl_end(t + i, n - i);
			} else {
				end = memchr(t + i, '>', n - i);
			}
			if (end == NULL)
				return;
			i = (size_t)(end - t) + 1;
			continue;
		}
		break;
	}
	if (i >= n)
		return;
	size_t a = ++i;
	/* a name starts with a letter, '_' or ':' ("<189>" is a syslog
	 * priority, not an element) */
	if (i >= n || !(isalpha((unsigned char)t[i]) || t[i] == '_' || t[i] == ':' ||
			(unsigned char)t[i] >= 0x80))
		return;
	while (i < n && !isspace((unsigned char)t[i]) && t[i] != '>' && t[i] != '/')
		i++;
	if (i == a)
		return;
	const char *name = t + a;
	size_t len = i - a;
	const char *colon = memchr(name, ':', len);
	char prefix[64] = "";
	if (colon && (size_t)(colon - name) < sizeof(prefix)) {
		memcpy(prefix, name, (size_t)(colon - name));
		prefix[colon - name] = '\0';
		len -= (size_t)(colon - name) + 1;
		name = colon + 1;
	}
	s->xml_root = xstrndup(name, len);
	/* the namespace of the root: xmlns or xmlns:prefix */
	const char *end = memchr(t + i, '>', n - i);
	size_t alen = end ? (size_t)(end - (t + i)) : n - i;
	char want[80];
	if (prefix[0])
		snprintf(want, sizeof(want), "xmlns:%s=", prefix);
	else
		snprintf(want, sizeof(want), "xmlns=");
	const char *at = memmem(t + i, alen, want, strlen(want));
	if (at) {
		at += strlen(want);
		char q = *at;
		if (q == '"' || q == '\'') {
			const char *qe = memchr(at + 1, q, (size_t)(t + i + alen - at - 1));
			if (qe)
				s->xml_ns = xstrndup(at + 1, (size_t)(qe - at - 1));
		}
	}
}

static void
scan_lines(struct sniff *s, const char *t, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t a = i;
		while (i < n && t[i] != '\n')
			i++;
		size_t e = i;
		if (e > a && t[e - 1] == '\r')
			e--;
		i++;
		int blank = 1;
		for (size_t k = a; k < e; k++)
			if (!isspace((unsigned char)t[k]))
				blank = 0;
		if (blank)
			continue;
		if (s->first_line == NULL)
			s->first_line = cut(t + a, e - a, 4096);
		if ((e - a >= 4 && strncasecmp(t + a, "sep=", 4) == 0 && e - a <= 6) ||
		    (e - a >= 5 && strncmp(t + a, "#TYPE", 5) == 0))
			continue;
		s->header_line = cut(t + a, e - a, 4096);
		return;
	}
}

void
sniff_build(struct sniff *s, const char *name, const unsigned char *raw,
	    size_t n, int complete)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->raw = raw;
	s->raw_len = n;
	s->complete = complete;
	size_t tl;
	char *text = text_decode(raw, n, &s->enc, &tl);
	s->text = text;
	s->text_len = tl;
	size_t ctl = 0;
	for (size_t i = 0; i < tl; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == 0)
			ctl += 8;
		else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
			ctl++;
	}
	if (tl == 0 ? n > 0 : ctl * 20 > tl)
		s->binary = 1;
	if (s->binary)
		return;
	size_t i = 0;
	while (i < tl && isspace((unsigned char)text[i]))
		i++;
	if (i < tl && (text[i] == '{' || text[i] == '[') && json_start(text + i, tl - i))
		scan_json(s, text + i, tl - i);
	else if (i < tl && text[i] == '<')
		scan_xml(s, text + i, tl - i);
	scan_lines(s, text, tl);
}

void
sniff_free(struct sniff *s)
{
	free((char *)s->text);
	free(s->xml_root);
	free(s->xml_ns);
	for (size_t i = 0; i < s->ntop_keys; i++)
		free(s->top_keys[i]);
	for (size_t i = 0; i < s->nall_keys; i++)
		free(s->all_keys[i]);
	free(s->first_line);
	free(s->header_line);
	memset(s, 0, sizeof(*s));
}

int
sniff_has_top_key(const struct sniff *s, const char *key)
{
	for (size_t i = 0; i < s->ntop_keys; i++)
		if (strcmp(s->top_keys[i], key) == 0)
			return 1;
	return 0;
}

char
sniff_top_type(const struct sniff *s, const char *key)
{
	for (size_t i = 0; i < s->ntop_keys; i++)
		if (strcmp(s->top_keys[i], key) == 0)
			return s->top_types[i];
	return 0;
}

int
sniff_has_key(const struct sniff *s, const char *key)
{
	for (size_t i = 0; i < s->nall_keys; i++)
		if (strcmp(s->all_keys[i], key) == 0)
			return 1;
	return 0;
}

int
sniff_contains(const struct sniff *s, const char *needle)
{
	return mem_find_ci(s->text, s->text_len, needle) != NULL;
}

int
sniff_has_column(const struct sniff *s, const char *col)
{
	if (s->header_line == NULL)
		return 0;
	const char *h = s->header_line;
	size_t n = strlen(h);
	char sep = csv_guess_sep(h, n);
	size_t i = 0;
	while (i <= n) {
		size_t a = i;
		int q = 0;
		while (i < n && (q || h[i] != sep)) {
			if (h[i] == '"')
				q = !q;
			i++;
		}
		size_t e = i;
		while (a < e && (h[a] == '"' || h[a] == ' '))
			a++;
		while (e > a && (h[e - 1] == '"' || h[e - 1] == ' '))
			e--;
		char cell[256];
		size_t len = e - a < sizeof(cell) - 1 ? e - a : sizeof(cell) - 1;
		memcpy(cell, h + a, len);
		cell[len] = '\0';
		if (csv_name_eq(cell, col))
			return 1;
		i++;
	}
	return 0;
}

const struct parser *
sniff_choose(const struct sniff *s, const char **format, int *bidp)
{
	const struct parser *best = NULL;
	int best_bid = 0;
	const char *best_fmt = NULL;
	for (size_t i = 0; parser_table[i]; i++) {
		const char *fmt = NULL;
		int b = parser_table[i]->bid(s, &fmt);
		if (b > best_bid) {
			best = parser_table[i];
			best_bid = b;
			best_fmt = fmt;
		}
	}
	*format = best_fmt;
	if (bidp)
		*bidp = best_bid;
	return best;
}

static void
list_keys(struct buf *b, char *const *keys, size_t n)
{
	for (size_t i = 0; i < n && i < 6; i++)
		(void)buf_printf(b, "%s%s", i ? ", " : "", keys[i]);
	if (n > 6)
		(void)buf_printf(b, ", ... (%zu keys)", n);
}

char *
sniff_describe(const struct sniff *s)
{
	struct buf b;
	buf_init(&b, 1024);
	if (s->raw_len == 0) {
		(void)buf_adds(&b, "empty");
	} else if (s->binary) {
		static const struct {
			const char *magic;
			size_t len;
			const char *what;
		} magics[] = {
			{"\x89PNG", 4, "PNG image"},
			{"\xFF\xD8\xFF", 3, "JPEG image"},
			{"GIF8", 4, "GIF image"},
			{"%PDF", 4, "PDF document"},
			{"\xD0\xCF\x11\xE0", 4, "OLE compound file (.msg, .doc, .xls)"},
			{"\x7F" "ELF", 4, "ELF executable"},
			{"MZ", 2, "Windows executable"},
			{"SQLite format 3", 15, "SQLite database"},
		};
		const char *what = NULL;
		for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
			if (s->raw_len >= magics[i].len &&
			    memcmp(s->raw, magics[i].magic, magics[i].len) == 0)
				what = magics[i].what;
		if (what)
			(void)buf_printf(&b, "binary: %s", what);
		else {
			(void)buf_adds(&b, "binary data, starts");
			for (size_t i = 0; i < s->raw_len && i < 8; i++)
				(void)buf_printf(&b, " %02x", s->raw[i]);
		}
	} else if (s->xml_root) {
		(void)buf_printf(&b, "XML, root <%s>", s->xml_root);
		if (s->xml_ns)
			(void)buf_printf(&b, " in %s", s->xml_ns);
	} else if (s->json != JSON_NONE) {
		(void)buf_adds(&b, s->json == JSON_ARRAY ? "JSON array" :
				   s->json == JSON_LINES ? "JSON lines" : "JSON object");
		if (s->ntop_keys) {
			(void)buf_adds(&b, s->json == JSON_ARRAY ? " of objects with keys " :
					   " with keys ");
			list_keys(&b, s->top_keys, s->ntop_keys);
		}
	} else if (s->header_line && csv_guess_sep(s->header_line, strlen(s->header_line)) &&
		   (strchr(s->header_line, ',') || strchr(s->header_line, ';') ||
		    strchr(s->header_line, '\t'))) {
		char *h = cut(s->header_line, strlen(s->header_line), 120);
		(void)buf_printf(&b, "delimited text, first line: %s%s", h,
				 strlen(s->header_line) > 120 ? "..." : "");
		free(h);
	} else if (s->first_line) {
		char *h = cut(s->first_line, strlen(s->first_line), 120);
		(void)buf_printf(&b, "text, first line: %s%s", h,
				 strlen(s->first_line) > 120 ? "..." : "");
		free(h);
	} else {
		(void)buf_adds(&b, "blank text");
	}
	return buf_steal(&b);
}
