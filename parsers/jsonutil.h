/*
 * jsonutil.h - small cJSON helpers the JSON-reading parsers share.
 *
 * Ownership: json_member returns a pointer into o; json_parse_whole
 * returns a tree the caller frees with cJSON_Delete.
 */
#ifndef TRIAGE_JSONUTIL_H
#define TRIAGE_JSONUTIL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "util.h"

/* Member key of o, case-insensitively (the exact spelling is tried first:
 * it is the common case and cJSON's case-insensitive compare is slower);
 * NULL when o is not an object. */
const cJSON *json_member(const cJSON *o, const char *key);
/* Member key of o when it is a non-empty string, else NULL. */
const char *json_member_str(const cJSON *o, const char *key);
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
