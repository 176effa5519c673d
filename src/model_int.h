/*
 * model_int.h - what the parts of the model share and nothing outside it
 * uses: reading a record's fields, the error classification and recovery
 * (classify.c), the record tables the derivations grow (derive.c).
 */
#ifndef TRIAGE_MODEL_INT_H
#define TRIAGE_MODEL_INT_H

#include <string.h>
#include <strings.h>

#include "model.h"

static inline const char *
get(const struct store *st, const struct record *r, const char *name)
{
	return rec_get(st, r, name);
}

/* The first of several field names that is present. */
static inline const char *
get_any(const struct store *st, const struct record *r, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		const char *v = rec_get(st, r, names[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

static inline int
is_true(const char *s)
{
	return s && (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0 ||
		     strcasecmp(s, "yes") == 0);
}

static inline int
is_false(const char *s)
{
	return s && (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0 ||
		     strcasecmp(s, "no") == 0);
}

static inline const char *
kind_of(const struct store *st, const struct record *r)
{
	return store_str(st, r->kind);
}

/* Salesforce ids compare on their first 15 characters. */
static inline int
same_sfid(const char *a, const char *b)
{
	if (a == NULL || b == NULL || strlen(a) < 15 || strlen(b) < 15)
		return 0;
	return strncmp(a, b, 15) == 0;
}

static inline int
streq_ci(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

/* (identity, record) pairs, sorted by identity then record. */
struct pair {
	uint32_t id, rec;
};

static inline int
cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->rec > y->rec) - (x->rec < y->rec);
}

/* key(text of value), remembered by the string id value (0 gives 0): for
 * keys that intern, asked of every row. */
uint32_t key_cached(struct store *st, struct u32map *cache, uint32_t value,
		    uint32_t (*key)(struct store *, const char *));

/* Fields that name the person a record is about besides its user
 * (model.c), NULL-terminated. */
extern const char *const about_fields[];

/* The flags (REC_ERROR, REC_SUCCESS, REC_COMPLAINT) of a record by what it
 * says, before any join (classify.c). */
unsigned model_classify(const struct store *st, const struct record *r);
/* Mark the errors a success followed (REC_RECOVERED), classify.c. */
void model_mark_recovered(struct model *m);
/* Is record i about identity id (its user or an address field)?  For
 * use while deriving, before the index exists. */
int model_is_about_slow(struct model *m, uint32_t id, uint32_t i);
/* Make room for records up to n (derived records added after the build). */
void model_grow_records(struct model *m, size_t n);

#endif
