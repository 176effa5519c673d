/* builtin.h - the shipped rules and error book, compiled into the binary
 * (src/rules_builtin.c, written by tools/embed at build time). */
#ifndef TRIAGE_BUILTIN_H
#define TRIAGE_BUILTIN_H

#include <stddef.h>

struct builtin_file {
	const char *name;		/* "rules/sf-user-inactive.yml", "rules/book/entra.yml" */
	const unsigned char *data;	/* NUL-terminated */
	size_t len;
};

/* Ends with a {NULL, NULL, 0} row. */
extern const struct builtin_file builtin_rules[];

#endif
