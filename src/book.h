/*
 * book.h - the error book (doc/rules.md, "The error book"): what the
 * error texts people paste mean, as data.  One YAML file per family of
 * errors (Entra sign-in codes, Salesforce OAuth and Login History, Office
 * add-ins, Exchange, Power Platform, Copilot for Sales); each entry names
 * the phrases that identify an error and the causes it means, most likely
 * first, or says it is outside this integration.
 *
 * Text is matched in a normalised form (book_normalise): URL escapes, HTML
 * entities and JSON escapes decoded, lower case, apostrophes and quotes
 * dropped, everything but letters, digits and '_' a word break, and a bare
 * Entra code after "code" / "error" also as AADSTS<code>.  A phrase
 * matches whole words.
 *
 * Ownership: a struct book owns everything in it; book_free() releases
 * it.  Lookups only read the book, so threads may share one.
 */
#ifndef TRIAGE_BOOK_H
#define TRIAGE_BOOK_H

#include <stddef.h>
#include <stdint.h>

#include "causes.h"
#include "detect.h"

/* A single cause's confidence when an entry names no other. */
#define BOOK_CONFIDENCE 0.8

struct book_cause {
	const struct cause *cause;
	double confidence;
	const char *owner;	/* who applies the fix, when not the cause's
				   owner; NULL otherwise (points into the entry) */
};

struct book_family {
	char *id;
	char *product;
	char *source;		/* NULL if not given */
	char *file;
	void **recognise;	/* pcre2_code *: the family without an entry */
	size_t nrecognise;
};

struct book_entry {
	size_t family;		/* index into book.families */
	char *says;
	char *owner;		/* NULL: the cause's owner */
	char **owners;		/* a cause's own owner (causes: {owner: ...}) */
	size_t nowners;
	char *apart;		/* NULL if not given */
	char *source;		/* NULL: the family's */
	char *out_of_scope;	/* the reason, or NULL */
	struct book_cause *causes;
	size_t ncauses;
	size_t line;
	/* match item k is phrases item[k] .. item[k + 1] - 1 of the book */
	uint32_t *item;
	size_t nitems;
};

struct book_index;

struct book {
	struct book_family *families;
	size_t nfamilies;
	struct book_entry *entries;
	size_t n;
	char **phrases;		/* normalised: words separated by one space */
	size_t nphrases;
	struct book_index *index;	/* first word of a phrase -> phrases */
};

/* An entry the text matched, through one of its items. */
struct book_hit {
	const struct book_entry *entry;
	size_t item;
	unsigned weight;	/* how specific the matched phrases are */
};

/* An entry near a text no entry matched: a phrase of it a few edits away
 * (a mistyped code: AADSTS50015 for AADSTS50105). */
struct book_near {
	const struct book_entry *entry;
	const char *phrase;	/* normalised, the book's */
	size_t distance;	/* edits */
	uint64_t gap;		/* between the numbers of the text and the phrase */
};

void book_init(struct book *b);
void book_free(struct book *b);
/* Load every *.yml of dir (a missing dir is no error); each problem goes
 * to errors as "file:line: message".  Returns the number added. */
size_t book_load_dir(struct book *b, const char *dir, struct diag *errors);
/* Load one file. */
size_t book_load_file(struct book *b, const char *path, struct diag *errors);
/* The same for a book file held in memory, named name in messages. */
size_t book_load_memory(struct book *b, const char *name, const unsigned char *data, size_t len,
			struct diag *errors);

/* text with its URL escapes, HTML entities and JSON escapes decoded
 * (caller frees), at most max bytes read. */
char *book_decode(const char *text, size_t max);

/* The normalised form of text (caller frees): words separated by one
 * space, at most max bytes of text read. */
char *book_normalise(const char *text, size_t max);

/* The entries text matches, most specific first, an entry whose phrases
 * a more specific match contains left out; *n their number.  Caller
 * frees the array. */
struct book_hit *book_lookup(const struct book *b, const char *text, size_t *n);

/* The causes the hits name, most likely first, each once with its best
 * confidence; *n their number.  Caller frees. */
struct book_cause *book_causes(const struct book_hit *hits, size_t nhits, size_t *n);

/* The family whose recognise patterns match text, or NULL. */
const struct book_family *book_recognise(const struct book *b, const char *text);

/* Up to max entries nearest to text (by the edit distance of a phrase to
 * the whole text, or of a code to a code-like word of it), nearest first;
 * returns how many. */
size_t book_nearest(const struct book *b, const char *text, struct book_near *out, size_t max);

#endif
