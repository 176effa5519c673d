/*
 * redact.h - --redact: every identifier of the customer's in the output
 * replaced by a stable pseudonym, so a report can leave the customer.
 *
 * The identifiers come from what was read: the people (every name the
 * model joined to one person: addresses, usernames, display names, object
 * and Salesforce ids, the name part of an address in a file name) become
 * person-N; other mail addresses mailbox-N; IP addresses ip-N; tenant ids
 * and domains tenant-N; Salesforce org ids org-N; other GUIDs and record
 * ids object-N; the customer's host and domain names host-N.  Numbers follow
 * the order the records were read in, so the same bundle gives the same
 * pseudonyms in every command and format.  Matching ignores case and
 * needs a word boundary on both sides; the longest identifier wins.
 *
 * Ownership: a struct redactor owns its tables and the strings in them.
 */
#ifndef TRIAGE_REDACT_H
#define TRIAGE_REDACT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct inputs;
struct model;
struct store;

struct redact_entry {
	char *find;		/* lower case */
	size_t len;
	uint32_t alias;		/* index into aliases */
};

struct redactor {
	struct redact_entry *v;
	size_t n, cap;
	char **aliases;		/* "person-1", ... */
	size_t naliases, capaliases;
	unsigned counters[8];
	uint32_t *hash;		/* find -> entry + 1, open addressing */
	size_t hcap;
	uint32_t *bucket;	/* first 2 lower-case bytes -> first entry, once sealed */
	int sealed;
};

void redact_init(struct redactor *rd);
void redact_free(struct redactor *rd);
/* Collect the identifiers of the first nrec records of st and of the
 * names of the inputs (ins, may be NULL); m (may be NULL) joins the names
 * of one person. */
void redact_collect(struct redactor *rd, struct store *st, size_t nrec, struct model *m,
		    const struct inputs *ins);
/* text with every identifier replaced; a new string. */
char *redact_text(struct redactor *rd, const char *text, size_t n);
/* The mapping, one "pseudonym<TAB>original" line each, for the engineer. */
int redact_write_map(const struct redactor *rd, FILE *f);

#endif
