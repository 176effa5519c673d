/* sha256.h - SHA-256 of the files given on the command line, so a report
 * says exactly which bundle it is about. */
#ifndef TRIAGE_SHA256_H
#define TRIAGE_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t n;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
/* Finish: the digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(struct sha256 *c, char out[65]);
/* The digest and size of a file; -1 (errno set) when it cannot be read. */
int sha256_file(const char *path, char out[65], uint64_t *size);
/* The digest of a directory: SHA-256 of the lines "DIGEST  PATH\n" that
 * sha256sum prints for each regular file beneath it (symbolic links not
 * followed), PATH relative to it, in byte order of PATH; what
 *   cd DIR && find . -type f | sed 's|^\./||' | LC_ALL=C sort |
 *     xargs -d '\n' sha256sum | sha256sum
 * prints for names without a backslash or newline.  -1 when it cannot be
 * listed. */
int sha256_tree(const char *path, char out[65]);

#endif
