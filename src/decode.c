/* decode.c - BOM sniffing, UTF-16 to UTF-8, invalid UTF-8 repair, lines. */
#include "config.h"

#include "decode.h"

#include <string.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

const char *
text_enc_name(enum text_enc e)
{
	switch (e) {
	case ENC_UTF8: return "utf-8";
	case ENC_UTF8_BOM: return "utf-8-bom";
	case ENC_UTF16LE: return "utf-16le";
	case ENC_UTF16BE: return "utf-16be";
	}
	return "?";
}

enum text_enc
text_detect(const unsigned char *p, size_t n, size_t *bom)
{
	*bom = 0;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		*bom = 3;
		return ENC_UTF8_BOM;
	}
	if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		*bom = 2;
		return ENC_UTF16LE;
	}
	if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		*bom = 2;
		return ENC_UTF16BE;
	}
	/* No BOM: UTF-16 text of mostly ASCII has a zero in every other byte. */
	if (n >= 4) {
		size_t pairs = n / 2 > 64 ? 64 : n / 2, even0 = 0, odd0 = 0;
		for (size_t i = 0; i < pairs; i++) {
			even0 += p[2 * i] == 0;
			odd0 += p[2 * i + 1] == 0;
		}
		if (odd0 * 10 >= pairs * 9 && even0 == 0)
			return ENC_UTF16LE;
		if (even0 * 10 >= pairs * 9 && odd0 == 0)
			return ENC_UTF16BE;
	}
	return ENC_UTF8;
}

/* Length of the valid UTF-8 sequence at p (1..4), 0 if invalid, or -1 if
 * it may be valid but is cut off by the end of the buffer. */
static int
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	int len;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		unsigned char lim_lo = i == 1 ? lo : 0x80;
		unsigned char lim_hi = i == 1 ? hi : 0xBF;
		if (p[i] < lim_lo || p[i] > lim_hi)
			return 0;
	}
	return len;
}

/* Decode as much of p[0..n) as is complete into out; returns bytes used.
 * With final set, incomplete tails are decoded too (as U+FFFD). */
static size_t
decode_chunk(enum text_enc enc, const unsigned char *p, size_t n, int final,
	     struct buf *out, uint64_t *replaced, uint32_t *hi_sur, uint64_t *nuls)
{
	size_t i = 0;
	if (enc == ENC_UTF8 || enc == ENC_UTF8_BOM) {
		while (i < n) {
			size_t start = i;
			while (i < n && p[i] < 0x80 && p[i] != 0)
				i++;
			if (i > start)
				(void)buf_add(out, p + start, i - start);
			if (i >= n)
				break;
			if (p[i] == 0) {
				/* a NUL byte (padding, or inside a field): dropped,
				 * so the text around it stays whole; counted */
				(*nuls)++;
				i++;
				continue;
			}
			int len = utf8_seq(p + i, n - i);
			if (len < 0 && !final)
				break;
			if (len <= 0) {
				(void)buf_add(out, REPLACEMENT, 3);
				(*replaced)++;
				i++;
			} else {
				(void)buf_add(out, p + i, (size_t)len);
				i += (size_t)len;
			}
		}
		return i;
	}
	while (i + 1 < n) {
		uint32_t u = enc == ENC_UTF16LE ? (uint32_t)(p[i] | p[i + 1] << 8)
					       : (uint32_t)(p[i] << 8 | p[i + 1]);
		i += 2;
		if (*hi_sur) {
			if (u >= 0xDC00 && u <= 0xDFFF) {
				buf_add_utf8(out, 0x10000 + ((*hi_sur - 0xD800) << 10) + (u - 0xDC00));
				*hi_sur = 0;
				continue;
			}
			(void)buf_add(out, REPLACEMENT, 3);
			(*replaced)++;
			*hi_sur = 0;
		}
		if (u == 0) {
			(*nuls)++;
		} else if (u >= 0xD800 && u <= 0xDBFF) {
			*hi_sur = u;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			(void)buf_add(out, REPLACEMENT, 3);
			(*replaced)++;
		} else {
			buf_add_utf8(out, u);
		}
	}
	if (final && (i < n || *hi_sur)) {
		(void)buf_add(out, REPLACEMENT, 3);
		(*replaced)++;
		*hi_sur = 0;
		i = n;
	}
	return i;
}

void
text_init(struct text *t, struct stream *s, size_t max_line)
{
	memset(t, 0, sizeof(*t));
	t->s = s;
	t->max_line = max_line;
	buf_init(&t->out, SIZE_MAX / 2);
	buf_init(&t->line, max_line);
}

void
text_free(struct text *t)
{
	buf_free(&t->out);
	buf_free(&t->line);
}

/* Decode the next chunk of input into t->out; 0 when nothing is left. */
static int
fill(struct text *t)
{
	if (!t->started) {
		const unsigned char *p;
		size_t n = stream_peek(t->s, 4096, &p);
		size_t bom;
		t->enc = text_detect(p, n, &bom);
		unsigned char skip[4];
		(void)stream_read(t->s, skip, bom);
		t->started = 1;
	}
	if (t->out_pos == t->out.len) {
		buf_reset(&t->out);
		t->out_pos = 0;
	}
	for (;;) {
		if (t->raw_pos > 0) {
			memmove(t->raw, t->raw + t->raw_pos, t->raw_len - t->raw_pos);
			t->raw_len -= t->raw_pos;
			t->raw_pos = 0;
		}
		size_t r = stream_read(t->s, t->raw + t->raw_len, sizeof(t->raw) - t->raw_len);
		t->raw_len += r;
		int final = r == 0;
		if (t->raw_len == 0 && !t->hi_surrogate)
			return t->out_pos < t->out.len;
		size_t before = t->out.len;
		t->raw_pos = decode_chunk(t->enc, t->raw, t->raw_len, final,
					  &t->out, &t->replaced, &t->hi_surrogate, &t->nuls);
		if (final && t->raw_pos == t->raw_len) {
			t->raw_len = t->raw_pos = 0;
		}
		if (t->out.len > before)
			return 1;
		if (final)
			return t->out_pos < t->out.len;
	}
}

size_t
text_read(struct text *t, char *dst, size_t n)
{
	if (t->out_pos == t->out.len && !fill(t))
		return 0;
	size_t have = t->out.len - t->out_pos;
	if (have > n)
		have = n;
	memcpy(dst, t->out.data + t->out_pos, have);
	t->out_pos += have;
	return have;
}

int
text_getline(struct text *t, const char **line, size_t *len, int *cut)
{
	buf_reset(&t->line);
	*cut = 0;
	int any = 0;
	for (;;) {
		if (t->out_pos == t->out.len && !fill(t))
			break;
		const char *p = t->out.data + t->out_pos;
		size_t n = t->out.len - t->out_pos;
		if (t->pending_cr) {
			t->pending_cr = 0;
			if (p[0] == '\n') {
				t->out_pos++;
				continue;
			}
		}
		any = 1;
		size_t i = 0;
		while (i < n && p[i] != '\n' && p[i] != '\r')
			i++;
		if (!*cut) {
			size_t room = t->max_line - t->line.len;
			size_t take = i < room ? i : room;
			/* never cut inside a UTF-8 sequence */
			if (take < i)
				while (take > 0 && ((unsigned char)p[take] & 0xC0) == 0x80)
					take--;
			(void)buf_add(&t->line, p, take);
			if (take < i)
				*cut = 1;
		}
		t->out_pos += i;
		if (i < n) {
			if (p[i] == '\r')
				t->pending_cr = 1;
			t->out_pos++;
			goto done;
		}
	}
	if (!any)
		return 0;
done:
	t->lineno++;
	*line = t->line.data ? t->line.data : "";
	*len = t->line.len;
	return 1;
}

char *
text_decode(const unsigned char *p, size_t n, enum text_enc *encp,
	    size_t *outlen)
{
	size_t bom;
	enum text_enc enc = text_detect(p, n, &bom);
	struct buf out;
	buf_init(&out, SIZE_MAX / 2);
	uint64_t replaced = 0, nuls = 0;
	uint32_t hi = 0;
	(void)decode_chunk(enc, p + bom, n - bom, 0, &out, &replaced, &hi, &nuls);
	if (encp)
		*encp = enc;
	if (outlen)
		*outlen = out.len;
	return buf_steal(&out);
}
