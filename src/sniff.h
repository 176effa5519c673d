/*
 * sniff.h - decide what an entry is from its first bytes.
 *
 * sniff_build() derives, once per entry, the facts every parser's bid()
 * looks at (decoded text, XML root, JSON keys, header line); sniff_choose()
 * asks every parser in parser_table to bid and returns the winner, or
 * NULL; sniff_describe() says in a few words what unrecognised content
 * looked like, for the inventory.
 *
 * Ownership: struct sniff owns everything sniff_build() allocates;
 * sniff_free() releases it.  The raw bytes are borrowed.
 */
#ifndef TRIAGE_SNIFF_H
#define TRIAGE_SNIFF_H

#include "parser.h"

void sniff_build(struct sniff *s, const char *name, const unsigned char *raw,
		 size_t n, int complete);
void sniff_free(struct sniff *s);
const struct parser *sniff_choose(const struct sniff *s, const char **format,
				  int *bid);
/* A short description (caller frees). */
char *sniff_describe(const struct sniff *s);

/* Archive formats are recognised here, by magic numbers; NULL if none. */
const char *sniff_archive(const unsigned char *p, size_t n);

#endif
