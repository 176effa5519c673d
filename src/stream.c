/* stream.c - entry byte streams with a peek buffer. */
#include "config.h"

#include "stream.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void
stream_init(struct stream *s, stream_read_fn read, void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->read = read;
	s->ctx = ctx;
}

void
stream_free(struct stream *s)
{
	free(s->peek);
	free(s->message);
	s->peek = NULL;
	s->message = NULL;
}

void
stream_fail(struct stream *s, int limit, const char *fmt, ...)
{
	s->eof = 1;
	if (s->failed)
		return;
	s->failed = 1;
	s->limit_hit = limit;
	va_list ap;
	va_start(ap, fmt);
	s->message = xvasprintf(fmt, ap);
	va_end(ap);
}

static ssize_t
raw_read(struct stream *s, void *buf, size_t n)
{
	if (s->eof)
		return 0;
	ssize_t r = s->read(s->ctx, buf, n);
	if (r <= 0) {
		s->eof = 1;
		if (r < 0 && !s->failed)
			stream_fail(s, 0, "read error");
		return 0;
	}
	return r;
}

size_t
stream_peek(struct stream *s, size_t n, const unsigned char **out)
{
	size_t have = s->peek_len - s->peek_pos;
	if (have < n && !s->eof) {
		unsigned char *p = xmalloc(n);
		if (have)
			memcpy(p, s->peek + s->peek_pos, have);
		free(s->peek);
		s->peek = p;
		s->peek_pos = 0;
		s->peek_len = have;
		while (s->peek_len < n) {
			ssize_t r = raw_read(s, p + s->peek_len, n - s->peek_len);
			if (r <= 0)
				break;
			s->peek_len += (size_t)r;
		}
		have = s->peek_len;
	}
	*out = s->peek ? s->peek + s->peek_pos : (const unsigned char *)"";
	return have < n ? have : n;
}

size_t
stream_read(struct stream *s, void *buf, size_t n)
{
	if (n == 0)
		return 0;
	if (s->peek_pos < s->peek_len) {
		size_t have = s->peek_len - s->peek_pos;
		if (have > n)
			have = n;
		memcpy(buf, s->peek + s->peek_pos, have);
		s->peek_pos += have;
		s->pos += have;
		if (s->peek_pos == s->peek_len) {
			free(s->peek);
			s->peek = NULL;
			s->peek_pos = s->peek_len = 0;
		}
		return have;
	}
	ssize_t r = raw_read(s, buf, n);
	if (r <= 0)
		return 0;
	s->pos += (uint64_t)r;
	return (size_t)r;
}

uint64_t
stream_drain(struct stream *s)
{
	unsigned char tmp[65536];
	uint64_t total = 0;
	size_t r;
	while ((r = stream_read(s, tmp, sizeof(tmp))) > 0)
		total += r;
	return total;
}

static ssize_t
mem_read(void *ctx, void *buf, size_t n)
{
	struct mem_source *m = ctx;
	size_t left = m->len - m->pos;
	if (n > left)
		n = left;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

void
stream_init_mem(struct stream *s, struct mem_source *m, const void *data,
		size_t len)
{
	m->data = data;
	m->len = len;
	m->pos = 0;
	stream_init(s, mem_read, m);
}
