/*
 * flatten.h - a JSON object as the flat fields of one record: nested
 * objects as dotted names ("error.code", "user.email"), arrays as the
 * same name repeated, numbers and booleans as text; and the record
 * written with the roles of its fields (fieldmap.h).
 *
 * With FLAT_CAMEL, names are written the way Microsoft Graph writes them
 * whatever produced them: PowerShell's PascalCase ("AccountEnabled",
 * "AssignedLicenses.SkuId") becomes "accountEnabled", "assignedLicenses.skuId",
 * and Graph PowerShell's "AdditionalProperties." wrapper is dropped.
 *
 * Ownership: struct flat owns its names and number texts; string values
 * point into the cJSON tree, which must outlive flat_emit().
 */
#ifndef TRIAGE_FLATTEN_H
#define TRIAGE_FLATTEN_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "parser.h"
#include "util.h"

#define FLAT_MAX_FIELDS 2000	/* fields kept per record */
#define FLAT_MAX_DEPTH 32
#define FLAT_NAME_MAX 256
#define FLAT_CAMEL 1

struct pair {
	size_t name;		/* offset in the names buffer */
	const char *value;	/* into the cJSON tree (strings) */
	size_t n;
	size_t num_at;		/* numbers: offset of their text in nums */
	double num;
	int is_num;
};

struct flat {
	struct pair *v;
	size_t n, cap;
	struct buf names;	/* NUL-separated names */
	struct buf nums;	/* number texts, NUL-separated */
	uint64_t dropped;	/* fields over the caps */
	int flags;
};

void flat_init(struct flat *f, int flags);
void flat_free(struct flat *f);
/* Flatten object v (after emptying f). */
void flat_json(struct flat *f, const cJSON *v);
/* Or build a record field by field: empty f, then add text fields (the
 * values must outlive flat_emit) and JSON values under a name prefix
 * ("ResultDescription" -> "ResultDescription.LogLevel"). */
void flat_begin(struct flat *f);
void flat_add_text(struct flat *f, const char *name, const char *v, size_t n);
void flat_add_json(struct flat *f, const char *prefix, const cJSON *v);
const char *flat_name(const struct flat *f, size_t i);
const char *flat_value(const struct flat *f, size_t i);
/* The value of the first field called name (exactly), or NULL. */
const char *flat_get(const struct flat *f, const char *name);

/* Set field name of the open record; a name of a common field ("user"),
 * and "level", is kept as "src.<name>" (the roles set the common field
 * and the level, normalised). */
void flat_set_field(struct store *st, const char *name, const char *v, size_t n);

/* Write f as one record at line / pointer: kind, or when kind is NULL a
 * log.line when it has a message, code or level and a generic.object
 * otherwise; every field kept (a field named like a common field is
 * kept as "src.<name>" beside it); the roles stored; rendered (may be
 * NULL) offered as the message.  Returns the record's time. */
int64_t flat_emit(struct parse_ctx *c, const struct flat *f, const char *kind,
		  const char *rendered, uint64_t line, const char *pointer);

#endif
