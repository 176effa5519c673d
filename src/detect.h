/*
 * detect.h - Sigma-style detection over records (doc/rules.md): named
 * selections plus a condition.  A selection is a map of field tests (all
 * must hold) or a list of such maps (any must hold); the condition combines
 * selections with and / or / not, parentheses, "1 of sel_*", "all of them".
 *
 * Ownership: a struct detection or struct selection owns everything in it
 * (strings copied from the YAML document, compiled regular expressions);
 * detection_free() / selection_free() release it.  Matching borrows the
 * store and the record.  A parsed detection is read-only, so one may be
 * matched from several threads at once.
 *
 * Errors: parsing never stops at the first problem; each one is added to a
 * struct diag as "file:line: message" and the parse returns -1.
 */
#ifndef TRIAGE_DETECT_H
#define TRIAGE_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "store.h"
#include "util.h"

/* Error messages, each "file:line: message"; the list owns them. */
struct diag {
	char **v;
	size_t n;
};

void diag_add(struct diag *d, const char *file, size_t line, const char *fmt, ...)
	T_PRINTF(4, 5);
void diag_free(struct diag *d);

enum match_op {
	OP_EQ,
	OP_CONTAINS,
	OP_STARTSWITH,
	OP_ENDSWITH,
	OP_RE,
	OP_EXISTS,
	OP_CIDR,
	OP_GT,
	OP_GTE,
	OP_LT,
	OP_LTE,
	OP_SAME_AS,	/* the value names another field of the same record */
};

struct match_value {
	char *text;
	void *re;		/* pcre2_code *, for OP_RE */
	double num;		/* OP_GT .. OP_LTE */
	unsigned char addr[16];	/* OP_CIDR: network, prefix bits, family */
	int bits;
	int family;
	int field;		/* OP_SAME_AS: the other field (enum field, or
				   FIELD_EXTRA / FIELD_KIND) */
};

#define FIELD_KIND (-2)		/* the record kind */
#define FIELD_EXTRA (-1)	/* an extra key */

struct field_test {
	char *name;		/* as written, without modifiers */
	int field;		/* enum field, FIELD_KIND or FIELD_EXTRA */
	enum match_op op;
	int cased;		/* exact case */
	int negate;		/* |not */
	int all;		/* |all: every value must match */
	int exists;		/* OP_EXISTS: the wanted presence */
	struct match_value *values;
	size_t nvalues;
};

/* One map of field tests, all of which must hold. */
struct test_map {
	struct field_test *tests;
	size_t ntests;
};

/* Any of its maps must hold. */
struct selection {
	char *name;
	struct test_map *maps;
	size_t nmaps;
};

struct cond;

struct detection {
	struct selection *sels;
	size_t nsels;
	struct cond *cond;
};

/* Parse a detection (a map of selections plus "condition") or a single
 * selection (an evidence "where") from node of doc.  file names the
 * source in errors.  0 on success, -1 after adding errors to diag (the
 * output is then freed and empty). */
int detection_parse(yaml_document_t *doc, yaml_node_t *node, const char *file,
		    struct detection *d, struct diag *diag);
int selection_parse(yaml_document_t *doc, yaml_node_t *node, const char *file,
		    const char *name, struct selection *s, struct diag *diag);
void detection_free(struct detection *d);
void selection_free(struct selection *s);

/* 1 if record r of store st matches, else 0. */
int detect_match(const struct detection *d, const struct store *st,
		 const struct record *r);
/* The same, the answers of tests of the store's strings kept in mm (from
 * match_memo_new(st), bounded in size) for the next records: for a loop
 * over many records while the store does not change. */
struct match_memo;
struct match_memo *match_memo_new(const struct store *st);
void match_memo_free(struct match_memo *mm);
/* Answers it holds now (at most 131072), for tests. */
size_t match_memo_entries(const struct match_memo *mm);
int detect_match_memo(const struct detection *d, const struct store *st,
		      const struct record *r, struct match_memo *mm);
int selection_match_memo(const struct selection *s, const struct store *st,
			 const struct record *r, struct match_memo *mm);
int selection_match(const struct selection *s, const struct store *st,
		    const struct record *r);

/* ---- records alike to a set of detections -----------------------------------
 *
 * A detection answers from a record's kind, common fields and extras
 * alone, and from each value only through its tests' answers (a value
 * another field is compared with, |same_as, by its text).  Two records
 * whose values answer every test alike, field by field and in the same
 * order, get the same answer from every detection of the set: the
 * correlator asks the rules' symptoms once per class of errors, not once
 * per error.  Each distinct value is tested once; the answers are kept
 * until detect_classes_free(), and hold while the store does not change
 * (a key no record had when the set was made is read by none). */
struct detect_classes;

struct detect_classes *detect_classes_new(const struct store *st);
/* Add what d reads; all detections are added before the first hash. */
void detect_classes_add(struct detect_classes *dc, const struct detection *d);
void detect_classes_free(struct detect_classes *dc);
/* A hash of what r answers (the same for records alike). */
uint64_t detect_classes_hash(struct detect_classes *dc, const struct record *r);
/* Do a and b answer every test of the set alike? */
int detect_classes_equal(struct detect_classes *dc, const struct record *a,
			 const struct record *b);

/* The scalar text of a node, or NULL if it is not a scalar. */
const char *yaml_scalar(yaml_node_t *node);

#endif
