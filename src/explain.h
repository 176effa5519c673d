/*
 * explain.h - "triage explain TEXT|CODE...": the error book and the rules
 * run backwards.
 *
 * The error book (book.h) names the causes a text means, most likely
 * first.  Each argument also becomes a few made-up events (the text, and
 * the text decoded, as a message; as a code with and without its AADSTS
 * prefix; as a status; every Entra code inside it as a code) of every kind
 * a symptom can be, and every rule whose symptom matches one of them adds
 * its cause, below the book's.  Nothing is read but the rules and the
 * book.
 */
#ifndef TRIAGE_EXPLAIN_H
#define TRIAGE_EXPLAIN_H

#include "rules.h"

#include <stdio.h>

/* Each of texts explained to out, as text or JSON (triage.explain/1).
 * Returns 1 when a text matched nothing (nor a book entry), else 0. */
int explain_write(FILE *out, const struct ruleset *rs, char *const *texts, size_t ntexts,
		  int json);

/* The rules of rs whose symptom matches text; *n is set.  The caller
 * frees the array. */
const struct rule **explain_match(const struct ruleset *rs, const char *text, size_t *n);

/* One candidate cause of a text. */
struct explained {
	const struct cause *cause;
	const struct rule *rule;	/* the rule that looks for it, or NULL */
	const struct book_entry *entry;	/* the book entry naming it, or NULL */
	const char *owner;		/* who applies the fix */
	double confidence;
	int by_book;			/* the error book names it */
	int by_rule;			/* a rule's symptom knows the text */
};

struct explanation {
	struct explained *v;		/* most likely first */
	size_t n;
	struct book_hit *hits;		/* what the book recognised */
	size_t nhits;
	const struct book_family *family;	/* no entry, but this family */
};

/* What text means, by the book and the rules of rs. */
void explain_text(const struct ruleset *rs, const char *text, struct explanation *x);
void explanation_free(struct explanation *x);

#endif
