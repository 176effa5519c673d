/*
 * jsonutil.h - small cJSON helpers the JSON-reading parsers share.
 *
 * Ownership: json_member returns a pointer into o; json_parse_whole
 * returns a tree the caller frees with cJSON_Delete.
 */
#ifndef TRIAGE_JSONUTIL_H
#define TRIAGE_JSONUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "util.h"

/* Member key of o, case-insensitively (the exact spelling is tried first:
 * it is the common case and cJSON's case-insensitive compare is slower);
 * NULL when o is not an object. */
const cJSON *json_member(const cJSON *o, const char *key);
/* Member key of o when it is a non-empty string, else NULL. */
const char *json_member_str(const cJSON *o, const char *key);

/* The members of one object found by name in one step, for a normaliser
 * that asks an object of tens of members for tens of them (a sign-in, an
 * audit record): the answers are json_member's.  The index borrows obj;
 * its slots are reused from one object to the next and freed by
 * json_index_free(). */
struct json_index {
	const cJSON *obj;	/* indexed; NULL: none (a small object) */
	struct json_slot {
		const cJSON *it;	/* NULL: empty */
		uint32_t hash;		/* of the name, case folded */
		uint32_t pos;		/* its place among the members */
	} *slot;
	size_t size;		/* slots, a power of two */
};
void json_index_build(struct json_index *ix, const cJSON *obj);
/* json_member(o, key), through the index when o is the object indexed
 * (ix may be NULL). */
const cJSON *json_index_member(const struct json_index *ix, const cJSON *o, const char *key);
/* json_member_str(o, key), likewise. */
const char *json_index_str(const struct json_index *ix, const cJSON *o, const char *key);
/* Member key of o as a scalar's text (json_scalar_text, into buf of n
 * bytes) when it is not empty, else NULL; through ix as above. */
const char *json_index_text(const struct json_index *ix, const cJSON *o, const char *key,
			    char *buf, size_t n);
void json_index_free(struct json_index *ix);
/* A scalar as text: strings as they are, whole numbers without a
 * fraction, booleans as true / false; NULL for null, objects and arrays.
 * buf (n bytes) holds a number's text. */
const char *json_scalar_text(const cJSON *v, char *buf, size_t n);
/* s as one JSON value, or NULL when anything follows the value. */
cJSON *json_parse_whole(const char *s);
/* One level of JSON string encoding taken off a value, into out:
 * "\"x\"" -> x, "[\"a\",\"b\"]" -> a,b, "\"\"" and null -> nothing;
 * text that is not JSON stays as it is. */
void json_decode_value(struct buf *out, const cJSON *v);

#endif
