/*
 * decode.h - the text layer every text parser reads through.
 *
 * Input may be UTF-8 (with or without a BOM) or UTF-16 LE/BE (with a BOM,
 * as PowerShell and Excel write it; without one when the first bytes make
 * it plain).  Output is always valid UTF-8: each invalid byte becomes
 * U+FFFD, and NUL bytes are dropped (counted: padding after a crash, or
 * one inside a field, whose bytes around it stay together).  text_getline() also folds CRLF and lone CR line ends to LF.
 *
 * Ownership: struct text borrows its stream; text_free() releases only
 * the decoder's own buffers.  Pointers returned by text_getline() stay
 * valid until the next call on the same struct text.
 */
#ifndef TRIAGE_DECODE_H
#define TRIAGE_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "stream.h"
#include "util.h"

enum text_enc {
	ENC_UTF8,
	ENC_UTF8_BOM,
	ENC_UTF16LE,
	ENC_UTF16BE,
};

const char *text_enc_name(enum text_enc e);

/* Decide the encoding from the first bytes; *bom gets the BOM length. */
enum text_enc text_detect(const unsigned char *p, size_t n, size_t *bom);

struct text {
	struct stream *s;
	enum text_enc enc;
	int started;
	unsigned char raw[65536];	/* undecoded input */
	size_t raw_len, raw_pos;
	struct buf out;			/* decoded, not yet handed out */
	size_t out_pos;
	struct buf line;		/* the current line */
	uint64_t lineno;		/* number of the line last returned */
	size_t max_line;
	uint64_t replaced;		/* U+FFFD substitutions so far */
	uint64_t nuls;			/* NUL bytes (or UTF-16 code units) dropped */
	int pending_cr;
	uint32_t hi_surrogate;
};

void text_init(struct text *t, struct stream *s, size_t max_line);
void text_free(struct text *t);

/* Up to n bytes of decoded UTF-8 (line ends untouched); 0 at the end. */
size_t text_read(struct text *t, char *buf, size_t n);

/* The next line, without its line end.  Returns 1 and sets *line, *len;
 * 0 at the end.  A line longer than max_line is cut there and *cut is set
 * (the rest of that line is skipped). */
int text_getline(struct text *t, const char **line, size_t *len, int *cut);

/* Decode a whole buffer to a new NUL-terminated UTF-8 string (caller
 * frees); *enc and *outlen are set when not NULL.  For sniffing: a
 * truncated final character is dropped, not replaced. */
char *text_decode(const unsigned char *p, size_t n, enum text_enc *enc,
		  size_t *outlen);

#endif
