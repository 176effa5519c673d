/*
 * stream.h - the bytes of one input entry, read once from front to back.
 *
 * A stream is a read callback plus a peek buffer, so the sniffer can look
 * at the first bytes and the chosen parser still reads from byte 0.
 * Ownership: the creator of a stream owns its callback context; stream_free
 * releases only what the stream allocated itself (peek buffer, message).
 */
#ifndef TRIAGE_STREAM_H
#define TRIAGE_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Returns bytes read (> 0), 0 at the end, -1 on error (after calling
 * stream_fail with a message). */
typedef ssize_t (*stream_read_fn)(void *ctx, void *buf, size_t n);

struct stream {
	stream_read_fn read;
	void *ctx;
	unsigned char *peek;	/* bytes read ahead for sniffing */
	size_t peek_len;
	size_t peek_pos;
	uint64_t pos;		/* bytes handed to the reader so far */
	int eof;
	int failed;		/* a read error or a limit: see message */
	int limit_hit;		/* failed because a configured limit was hit */
	char *message;
};

void stream_init(struct stream *s, stream_read_fn read, void *ctx);
void stream_free(struct stream *s);

/* Make at least n bytes (fewer at the end) available without consuming
 * them; *out points at them.  Returns the count. */
size_t stream_peek(struct stream *s, size_t n, const unsigned char **out);
/* Read up to n bytes; 0 at the end or after a failure. */
size_t stream_read(struct stream *s, void *buf, size_t n);
/* Read and drop the rest; returns the number of bytes dropped. */
uint64_t stream_drain(struct stream *s);
/* Record a failure (first message wins). */
void stream_fail(struct stream *s, int limit, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A stream over a memory block (not copied, must outlive the stream). */
struct mem_source {
	const unsigned char *data;
	size_t len;
	size_t pos;
};
void stream_init_mem(struct stream *s, struct mem_source *m,
		     const void *data, size_t len);

#endif
