/* mime.c - an e-mail as its readable text and its attachments
 * (container.h): RFC 5322 headers, MIME multiparts, quoted-printable and
 * base64, RFC 2047 encoded words, RFC 2231 file names, Latin-1 and
 * Windows-1252 text. */
#include "config.h"

#include "container.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HEADER_MAX (256u << 10)	/* the header block of one part */

/* ---- charsets --------------------------------------------------------------- */

/* Windows-1252's 0x80-0x9F (0 where the code page has nothing). */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};


void
charset_to_utf8(struct buf *out, const char *charset, const char *s, size_t n)
{
	int latin = charset && (strncasecmp(charset, "iso-8859-1", 10) == 0 ||
				strcasecmp(charset, "latin1") == 0 ||
				strcasecmp(charset, "iso-8859-15") == 0 ||
				strncasecmp(charset, "windows-125", 11) == 0 ||
				strcasecmp(charset, "cp1252") == 0 ||
				strcasecmp(charset, "us-ascii") == 0);
	if (!latin) {
		(void)buf_add(out, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80)
			(void)buf_addc(out, (char)c);
		else if (c < 0xA0 && cp1252_high[c - 0x80])
			buf_add_utf8(out, cp1252_high[c - 0x80]);
		else
			buf_add_utf8(out, c);
	}
}

/* ---- decoders ----------------------------------------------------------------- */


/* Base64 text appended to out, leniently (line breaks and stray bytes
 * skipped, as mail bodies need). */
static void
b64_append(struct buf *out, const char *s, size_t n)
{
	char *tmp = xmalloc(n / 4 * 3 + 4);
	long k = base64_decode(s, n, tmp, n / 4 * 3 + 4, 0);
	if (k > 0)
		(void)buf_add(out, tmp, (size_t)k);
	free(tmp);
}

static int
hexval(unsigned char c)
{
	if (isdigit(c))
		return c - '0';
	c = (unsigned char)toupper(c);
	return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Quoted-printable; in a header (RFC 2047 "Q") '_' is a space. */
static void
qp_decode(struct buf *out, const char *s, size_t n, int header)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '=') {
			if (i + 1 < n && s[i + 1] == '\n') {
				i++;	/* soft line break */
				continue;
			}
			if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') {
				i += 2;
				continue;
			}
			int h = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
			int l = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
			if (h >= 0 && l >= 0) {
				(void)buf_addc(out, (char)(h * 16 + l));
				i += 2;
				continue;
			}
		}
		(void)buf_addc(out, header && c == '_' ? ' ' : c);
	}
}

/* ---- headers -------------------------------------------------------------------- */

struct part {
	const char *head;	/* the header block */
	size_t head_len;
	const char *body;
	size_t body_len;
};

/* Split at the first blank line. */
static void
split_part(const char *s, size_t n, struct part *p)
{
	p->head = s;
	p->head_len = n;
	p->body = s + n;
	p->body_len = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		size_t j = i + 1;
		if (j < n && s[j] == '\r')
			j++;
		if (j < n && s[j] == '\n') {
			p->head_len = i;
			p->body = s + j + 1;
			p->body_len = n - (j + 1);
			return;
		}
		if (j >= n) {
			p->head_len = i;
			p->body = s + n;
			return;
		}
	}
}

/* The value of header name, unfolded, into out; 0 when absent. */
static int
header(const struct part *p, const char *name, struct buf *out)
{
	buf_reset(out);
	size_t k = strlen(name);
	const char *s = p->head, *end = p->head + p->head_len;
	for (const char *line = s; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *le = nl ? nl : end;
		if ((size_t)(le - line) > k && strncasecmp(line, name, k) == 0 && line[k] == ':') {
			const char *v = line + k + 1;
			for (;;) {
				while (v < le && (*v == ' ' || *v == '\t'))
					v++;
				const char *ve = le;
				while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
					ve--;
				if (out->len && ve > v)
					(void)buf_addc(out, ' ');
				(void)buf_add(out, v, (size_t)(ve - v));
				if (!nl || nl + 1 >= end || (nl[1] != ' ' && nl[1] != '\t'))
					break;
				v = nl + 1;
				nl = memchr(v, '\n', (size_t)(end - v));
				le = nl ? nl : end;
			}
			return 1;
		}
		line = nl ? nl + 1 : end;
	}
	return 0;
}

/* A parameter of a structured header ("boundary", "charset", "name",
 * "filename"), RFC 2231 name*=charset''value too, into out. */
static int
param(const char *h, const char *name, struct buf *out)
{
	buf_reset(out);
	size_t k = strlen(name);
	for (const char *p = strchr(h, ';'); p; p = strchr(p + 1, ';')) {
		const char *q = p + 1;
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncasecmp(q, name, k) != 0)
			continue;
		q += k;
		int ext = 0;
		if (*q == '*') {
			ext = 1;
			q++;
			while (isdigit((unsigned char)*q) || *q == '*')
				q++;
		}
		if (*q != '=')
			continue;
		q++;
		const char *e;
		if (*q == '"') {
			q++;
			e = strchr(q, '"');
			if (e == NULL)
				e = q + strlen(q);
		} else {
			e = q + strcspn(q, "; \t");
		}
		if (ext) {
			/* utf-8''na%C3%AFve.txt */
			const char *tick = memchr(q, '\'', (size_t)(e - q));
			if (tick) {
				const char *t2 = memchr(tick + 1, '\'', (size_t)(e - tick - 1));
				q = t2 ? t2 + 1 : tick + 1;
			}
			for (const char *c = q; c < e; c++) {
				int hi, lo;
				if (*c == '%' && c + 2 < e && (hi = hexval((unsigned char)c[1])) >= 0 &&
				    (lo = hexval((unsigned char)c[2])) >= 0) {
					(void)buf_addc(out, (char)(hi * 16 + lo));
					c += 2;
				} else {
					(void)buf_addc(out, *c);
				}
			}
		} else {
			(void)buf_add(out, q, (size_t)(e - q));
		}
		return out->len > 0;
	}
	return 0;
}

/* RFC 2047: =?charset?B?...?= and =?charset?Q?...?= words decoded;
 * whitespace between two encoded words dropped. */
static void
decode_words(struct buf *out, const char *s)
{
	buf_reset(out);
	int last_encoded = 0;
	const char *p = s;
	while (*p) {
		const char *w = strstr(p, "=?");
		const char *q1 = w ? strchr(w + 2, '?') : NULL;
		const char *q2 = q1 && q1[1] && q1[2] == '?' ? q1 + 2 : NULL;
		const char *end = q2 ? strstr(q2 + 1, "?=") : NULL;
		if (!end) {
			(void)buf_adds(out, p);
			return;
		}
		/* the text before the word, unless only blanks between two words */
		size_t gap = (size_t)(w - p);
		int blank = 1;
		for (size_t i = 0; i < gap; i++)
			if (p[i] != ' ' && p[i] != '\t')
				blank = 0;
		if (!(blank && last_encoded))
			(void)buf_add(out, p, gap);
		char charset[40];
		size_t cl = (size_t)(q1 - (w + 2));
		snprintf(charset, sizeof(charset), "%.*s", (int)(cl < 39 ? cl : 39), w + 2);
		char *star = strchr(charset, '*');	/* RFC 2231 language */
		if (star)
			*star = '\0';
		struct buf raw;
		buf_init(&raw, 1u << 16);
		if (toupper((unsigned char)q1[1]) == 'B')
			b64_append(&raw, q2 + 1, (size_t)(end - (q2 + 1)));
		else
			qp_decode(&raw, q2 + 1, (size_t)(end - (q2 + 1)), 1);
		charset_to_utf8(out, charset, raw.data ? raw.data : "", raw.len);
		buf_free(&raw);
		last_encoded = 1;
		p = end + 2;
	}
}

/* ---- walking the parts ------------------------------------------------------------ */

struct job {
	part_fn fn;
	void *ud;
	int parts;
	int attachments;
	struct buf text;	/* the readable text of the message */
	struct buf html;	/* its HTML, when it has no plain text */
	struct buf tmp, tmp2;
};

static void
decode_body(const struct part *p, struct buf *out, struct buf *tmp)
{
	buf_reset(out);
	header(p, "Content-Transfer-Encoding", tmp);
	const char *enc = tmp->data ? tmp->data : "";
	if (strncasecmp(enc, "base64", 6) == 0)
		b64_append(out, p->body, p->body_len);
	else if (strncasecmp(enc, "quoted-printable", 16) == 0)
		qp_decode(out, p->body, p->body_len, 0);
	else
		(void)buf_add(out, p->body, p->body_len);
}

/* A file name for a part: its own, else part-N with an extension for its
 * type; never a path. */
static void
part_name(struct job *j, const struct part *p, const char *type, char *out, size_t cap)
{
	struct buf h, v;
	buf_init(&h, HEADER_MAX);
	buf_init(&v, HEADER_MAX);
	int have = (header(p, "Content-Disposition", &h) && param(h.data, "filename", &v)) ||
		   (header(p, "Content-Type", &h) && param(h.data, "name", &v));
	if (have) {
		struct buf d;
		buf_init(&d, HEADER_MAX);
		decode_words(&d, v.data);
		const char *base = d.data ? d.data : "";
		const char *slash = strrchr(base, '/'), *bs = strrchr(base, '\\');
		if (slash && (!bs || slash > bs))
			base = slash + 1;
		else if (bs)
			base = bs + 1;
		snprintf(out, cap, "%s", *base ? base : "attachment");
		buf_free(&d);
	} else {
		const char *ext = strncasecmp(type, "message/rfc822", 14) == 0 ? "eml" :
				  strncasecmp(type, "text/html", 9) == 0 ? "html" :
				  strncasecmp(type, "text/", 5) == 0 ? "txt" : "bin";
		snprintf(out, cap, "part-%d.%s", j->parts + 1, ext);
	}
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == '/')
			*c = '_';
	buf_free(&h);
	buf_free(&v);
}

static void walk(struct job *j, const char *s, size_t n, int depth, int top);

static void
walk_multipart(struct job *j, const struct part *p, const char *boundary, int depth)
{
	size_t bl = strlen(boundary);
	const char *s = p->body, *end = p->body + p->body_len;
	const char *start = NULL;
	for (const char *line = s; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *le = nl ? nl : end;
		if ((size_t)(le - line) >= bl + 2 && line[0] == '-' && line[1] == '-' &&
		    memcmp(line + 2, boundary, bl) == 0) {
			int last = (size_t)(le - line) >= bl + 4 && line[bl + 2] == '-' &&
				   line[bl + 3] == '-';
			if (start && j->parts < CONTAINER_MAX_PARTS) {
				const char *pe = line;
				if (pe > start && pe[-1] == '\n')
					pe--;
				if (pe > start && pe[-1] == '\r')
					pe--;
				walk(j, start, (size_t)(pe - start), depth + 1, 0);
			}
			if (last)
				return;
			start = nl ? nl + 1 : end;
		}
		line = nl ? nl + 1 : end;
	}
	if (start && start < end && j->parts < CONTAINER_MAX_PARTS)
		walk(j, start, (size_t)(end - start), depth + 1, 0);	/* no closing line */
}

static void
walk(struct job *j, const char *s, size_t n, int depth, int top)
{
	if (depth > CONTAINER_MAX_DEPTH || j->parts >= CONTAINER_MAX_PARTS)
		return;
	struct part p;
	split_part(s, n, &p);
	struct buf ct, v;
	buf_init(&ct, HEADER_MAX);
	buf_init(&v, HEADER_MAX);
	if (!header(&p, "Content-Type", &ct))
		(void)buf_adds(&ct, "text/plain");
	const char *type = ct.data;
	if (strncasecmp(type, "multipart/", 10) == 0 && param(type, "boundary", &v)) {
		char *b = xstrdup(v.data);
		walk_multipart(j, &p, b, depth);
		free(b);
		goto done;
	}
	header(&p, "Content-Disposition", &v);
	int attachment = v.data && strncasecmp(v.data, "attachment", 10) == 0;
	/* a part with a file name is a file, whatever its disposition */
	struct buf fname;
	buf_init(&fname, HEADER_MAX);
	if ((v.data && param(v.data, "filename", &fname)) || param(type, "name", &fname))
		attachment = 1;
	buf_free(&fname);
	int text = strncasecmp(type, "text/plain", 10) == 0;
	int html = strncasecmp(type, "text/html", 9) == 0;
	if (!attachment && (text || html) && (top || !j->attachments || text)) {
		decode_body(&p, &j->tmp, &j->tmp2);
		char cs[64] = "";
		if (param(type, "charset", &v))
			snprintf(cs, sizeof(cs), "%s", v.data);
		struct buf *dst = text ? &j->text : &j->html;
		if (text && j->text.len)
			(void)buf_adds(dst, "\n");
		if (text || j->html.len == 0)
			charset_to_utf8(dst, cs, j->tmp.data ? j->tmp.data : "", j->tmp.len);
		goto done;
	}
	/* an attachment (or a forwarded message): a part of its own */
	char name[256];
	part_name(j, &p, type, name, sizeof(name));
	decode_body(&p, &j->tmp, &j->tmp2);
	j->parts++;
	j->attachments++;
	j->fn(j->ud, name, j->tmp.data ? j->tmp.data : "", j->tmp.len);
done:
	buf_free(&ct);
	buf_free(&v);
}

/* The headers a person reads, decoded. */
static void
readable_headers(const struct part *top, struct buf *out)
{
	static const char *const names[] = {"From", "Sender", "To", "Cc", "Date", "Subject", NULL};
	struct buf v, d;
	buf_init(&v, HEADER_MAX);
	buf_init(&d, HEADER_MAX);
	for (size_t i = 0; names[i]; i++) {
		if (!header(top, names[i], &v))
			continue;
		decode_words(&d, v.data ? v.data : "");
		(void)buf_printf(out, "%s: %s\n", names[i], d.data ? d.data : "");
	}
	buf_free(&v);
	buf_free(&d);
}

int
mime_split(const char *data, size_t len, part_fn fn, void *ud, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	struct job j = {.fn = fn, .ud = ud};
	buf_init(&j.text, len + 4096);
	buf_init(&j.html, len + 4096);
	buf_init(&j.tmp, len + 4096);
	buf_init(&j.tmp2, HEADER_MAX);
	struct part top;
	split_part(data, len, &top);
	walk(&j, data, len, 0, 1);
	struct buf msg;
	buf_init(&msg, 2 * len + 8192);
	readable_headers(&top, &msg);
	(void)buf_adds(&msg, "\n");
	if (j.text.len) {
		(void)buf_add(&msg, j.text.data, j.text.len);
	} else if (j.html.len) {
		char *t = html_visible_text(j.html.data, j.html.len);
		if (t)
			(void)buf_adds(&msg, t);
		free(t);
	}
	fn(ud, "message.txt", msg.data ? msg.data : "", msg.len);
	int parts = j.parts + 1;
	buf_free(&msg);
	buf_free(&j.text);
	buf_free(&j.html);
	buf_free(&j.tmp);
	buf_free(&j.tmp2);
	return parts;
}

/* ---- recognising containers ---------------------------------------------------------- */

static int
header_name_line(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);
	return n > k && strncasecmp(s, name, k) == 0 && s[k] == ':';
}

const char *
container_kind(const unsigned char *p, size_t n)
{
	const char *s = (const char *)p;
	size_t i = 0;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	/* HTML */
	if (n - i >= 9 && (strncasecmp(s + i, "<!DOCTYPE", 9) == 0 || strncasecmp(s + i, "<html", 5) == 0)) {
		if (strncasecmp(s + i, "<html", 5) == 0 ||
		    (n - i >= 14 && strncasecmp(s + i + 10, "html", 4) == 0))
			return "html";
	}
	/* an e-mail: header lines first, one of them MIME's */
	int headers = 0, mime = 0, mail = 0;
	for (size_t lines = 0; i < n && lines < 500; lines++) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (s + i)) : n - i;
		const char *l = s + i;
		if (len == 0 || (len == 1 && l[0] == '\r'))
			break;	/* the end of the header block */
		if (l[0] == ' ' || l[0] == '\t') {
			/* a folded header */
		} else {
			size_t k = 0;
			/* a field name: printable ASCII but ':' (RFC 5322) */
			while (k < len && l[k] > 32 && l[k] < 127 && l[k] != ':')
				k++;
			if (k == 0 || k >= len || l[k] != ':')
				return NULL;
			headers++;
			mime |= header_name_line(l, len, "MIME-Version") ||
				header_name_line(l, len, "Content-Type");
			mail |= header_name_line(l, len, "From") || header_name_line(l, len, "Date") ||
				header_name_line(l, len, "Subject") ||
				header_name_line(l, len, "Received") ||
				header_name_line(l, len, "Message-ID") ||
				header_name_line(l, len, "Return-Path");
		}
		if (!nl)
			break;
		i += len + 1;
	}
	return headers >= 2 && mime && mail ? "email" : NULL;
}
