/* flatten.c - JSON objects as flat records (flatten.h). */
#include "config.h"

#include "flatten.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldmap.h"
#include "jsonutil.h"
#include "textscan.h"

void
flat_init(struct flat *f, int flags)
{
	memset(f, 0, sizeof(*f));
	buf_init(&f->names, 1u << 20);
	buf_init(&f->nums, 1u << 20);
	f->flags = flags;
}

void
flat_free(struct flat *f)
{
	free(f->v);
	buf_free(&f->names);
	buf_free(&f->nums);
	memset(f, 0, sizeof(*f));
}

static void
flat_reset(struct flat *f)
{
	f->n = 0;
	buf_reset(&f->names);
	buf_reset(&f->nums);
	f->dropped = 0;
}

static const char *
pair_name(const struct flat *f, const struct pair *p)
{
	return f->names.data + p->name;
}

const char *
flat_name(const struct flat *f, size_t i)
{
	return pair_name(f, &f->v[i]);
}

static void
flat_add(struct flat *f, const char *name, const char *v, size_t n, const cJSON *num,
	 size_t num_at)
{
	if (f->n >= FLAT_MAX_FIELDS) {
		f->dropped++;
		return;
	}
	GROW(f->v, f->n, f->cap);
	struct pair *p = &f->v[f->n];
	p->name = f->names.len;
	if (buf_adds(&f->names, name) < 0 || buf_addc(&f->names, '\0') < 0) {
		f->dropped++;
		return;
	}
	p->value = v;
	p->n = n;
	p->num_at = num_at;
	p->is_num = num != NULL;
	p->num = num ? num->valuedouble : 0;
	f->n++;
}

static void
flatten(struct flat *f, const cJSON *v, char *name, size_t len, int depth)
{
	if (depth > FLAT_MAX_DEPTH) {
		f->dropped++;
		return;
	}
	if (cJSON_IsObject(v)) {
		for (const cJSON *it = v->child; it; it = it->next) {
			if (it->string == NULL)
				continue;
			const char *key = it->string;
			/* Graph PowerShell's bag of the properties it has no model for */
			if ((f->flags & FLAT_CAMEL) && strcmp(key, "AdditionalProperties") == 0) {
				flatten(f, it, name, len, depth + 1);
				continue;
			}
			size_t k = strlen(key);
			if (len + k + 2 >= FLAT_NAME_MAX) {
				f->dropped++;
				continue;
			}
			size_t at = len;
			if (len)
				name[at++] = '.';
			memcpy(name + at, key, k + 1);
			if ((f->flags & FLAT_CAMEL) && isupper((unsigned char)name[at]) &&
			    !(k > 1 && isupper((unsigned char)name[at + 1])))
				name[at] = (char)tolower((unsigned char)name[at]);
			flatten(f, it, name, at + k, depth + 1);
			name[len] = '\0';
		}
		return;
	}
	if (cJSON_IsArray(v)) {
		for (const cJSON *it = v->child; it; it = it->next)
			flatten(f, it, name, len, depth + 1);
		return;
	}
	if (len == 0)
		return;
	if (cJSON_IsString(v) && v->valuestring) {
		flat_add(f, name, v->valuestring, strlen(v->valuestring), NULL, 0);
	} else if (cJSON_IsNumber(v)) {
		char num[64];
		const char *t = json_scalar_text(v, num, sizeof(num));
		size_t off = f->nums.len;
		if (t && buf_adds(&f->nums, t) == 0 && buf_addc(&f->nums, '\0') == 0)
			flat_add(f, name, NULL, strlen(t), v, off);
	} else if (cJSON_IsBool(v)) {
		flat_add(f, name, cJSON_IsTrue(v) ? "true" : "false", cJSON_IsTrue(v) ? 4 : 5, NULL,
			 0);
	}
}

/* Number texts live in f->nums, which moves as it grows: by offset. */
static const char *
pair_value(const struct flat *f, const struct pair *p)
{
	return p->is_num ? f->nums.data + p->num_at : p->value;
}

/* ---- emitting ---------------------------------------------------------------------- */

/* A field whose name is a common field's ("user", "message") is that
 * field, set by the roles; the source's own value is kept beside it. */
void
flat_set_field(struct store *st, const char *name, const char *v, size_t n)
{
	if (field_by_name(name) >= 0 || strcmp(name, "level") == 0) {
		char other[FLAT_NAME_MAX + 8];
		snprintf(other, sizeof(other), "src.%s", name);
		rec_set(st, other, v, n);
		return;
	}
	rec_set(st, name, v, n);
}

int64_t
flat_emit(struct parse_ctx *c, const struct flat *f, const char *kind, const char *rendered,
	  uint64_t line, const char *pointer)
{
	struct roles rs;
	roles_init(&rs);
	for (size_t i = 0; i < f->n; i++) {
		const struct pair *p = &f->v[i];
		if (p->is_num)
			roles_offer_number(&rs, pair_name(f, p), p->num);
		else
			roles_offer(&rs, pair_name(f, p), pair_value(f, p), p->n);
	}
	if (rendered && *rendered)
		roles_offer(&rs, "message", rendered, strlen(rendered));
	struct store *st = c->store;
	if (kind == NULL)
		kind = roles_is_event(&rs) ? "log.line" : "generic.object";
	store_begin(st, c->input_id, kind);
	rec_set_line(st, line);
	if (pointer && pointer[0])
		rec_set_pointer(st, pointer);
	for (size_t i = 0; i < f->n; i++) {
		const struct pair *p = &f->v[i];
		size_t n = p->n > FIND_TEXT_MAX ? FIND_TEXT_MAX : p->n;
		flat_set_field(st, pair_name(f, p), pair_value(f, p), n);
	}
	int64_t t = roles_store(c, &rs, line);
	if (f->dropped) {
		char d[32];
		snprintf(d, sizeof(d), "%llu", (unsigned long long)f->dropped);
		rec_set_str(st, "fieldsDropped", d);
	}
	store_end(st);
	return t;
}


const char *
flat_value(const struct flat *f, size_t i)
{
	return pair_value(f, &f->v[i]);
}

const char *
flat_get(const struct flat *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(pair_name(f, &f->v[i]), name) == 0)
			return pair_value(f, &f->v[i]);
	return NULL;
}

void
flat_json(struct flat *f, const cJSON *v)
{
	flat_reset(f);
	char name[FLAT_NAME_MAX];
	name[0] = '\0';
	flatten(f, v, name, 0, 0);
}

void
flat_begin(struct flat *f)
{
	flat_reset(f);
}

void
flat_add_text(struct flat *f, const char *name, const char *v, size_t n)
{
	flat_add(f, name, v, n, NULL, 0);
}

void
flat_add_json(struct flat *f, const char *prefix, const cJSON *v)
{
	char name[FLAT_NAME_MAX];
	snprintf(name, sizeof(name), "%s", prefix);
	flatten(f, v, name, strlen(name), 1);
}
