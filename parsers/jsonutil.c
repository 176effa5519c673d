/* jsonutil.c - small cJSON helpers the JSON-reading parsers share. */
#include "config.h"

#include "jsonutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const cJSON *
json_member(const cJSON *o, const char *key)
{
	if (!cJSON_IsObject(o))
		return NULL;
	/* the key as written, else the first member that differs from it
	 * only in case (cJSON_GetObjectItemCaseSensitive, then
	 * cJSON_GetObjectItem), in one pass that compares a first letter
	 * before the rest */
	unsigned char k0 = (unsigned char)key[0];
	unsigned char k0l = (unsigned char)tolower(k0);
	const cJSON *folded = NULL;
	for (const cJSON *it = o->child; it; it = it->next) {
		const unsigned char *s = (const unsigned char *)it->string;
		if (s == NULL)
			continue;
		if (s[0] == k0 && strcmp((const char *)s, key) == 0)
			return it;
		if (folded == NULL && (unsigned char)tolower(s[0]) == k0l &&
		    strcasecmp((const char *)s, key) == 0)
			folded = it;
	}
	return folded;
}

const char *
json_member_str(const cJSON *o, const char *key)
{
	const cJSON *v = json_member(o, key);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* ---- an object's members by name --------------------------------------------------- */

/* objects with fewer members are searched as they are */
#define INDEX_MIN 12

/* The hash of a name, case folded (a name and its other spellings
 * share a chain). */
static uint32_t
fold_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint32_t)tolower((unsigned char)*s)) * 16777619u;
	return h;
}

void
json_index_build(struct json_index *ix, const cJSON *obj)
{
	ix->obj = NULL;
	if (!cJSON_IsObject(obj))
		return;
	size_t n = 0;
	for (const cJSON *it = obj->child; it; it = it->next)
		n++;
	if (n < INDEX_MIN || n > UINT32_MAX / 4)
		return;
	size_t size = 64;
	while (size < 2 * n)
		size *= 2;
	if (size > ix->size) {
		free(ix->slot);
		ix->slot = xreallocarray(NULL, size, sizeof(*ix->slot));
		ix->size = size;
	}
	size = ix->size;
	memset(ix->slot, 0, size * sizeof(*ix->slot));
	uint32_t pos = 0;
	for (const cJSON *it = obj->child; it; it = it->next, pos++) {
		if (it->string == NULL)
			continue;
		uint32_t h = fold_hash(it->string);
		size_t i = h & (size - 1);
		while (ix->slot[i].it)
			i = (i + 1) & (size - 1);
		ix->slot[i] = (struct json_slot){it, h, pos};
	}
	ix->obj = obj;
}

const cJSON *
json_index_member(const struct json_index *ix, const cJSON *o, const char *key)
{
	if (ix == NULL || o == NULL || o != ix->obj)
		return json_member(o, key);
	/* as json_member: the first member spelt as key, else the first
	 * that differs from it only in case */
	uint32_t h = fold_hash(key);
	const struct json_slot *exact = NULL, *folded = NULL;
	for (size_t i = h & (ix->size - 1); ix->slot[i].it; i = (i + 1) & (ix->size - 1)) {
		const struct json_slot *x = &ix->slot[i];
		if (x->hash != h)
			continue;
		if (strcmp(x->it->string, key) == 0) {
			if (exact == NULL || x->pos < exact->pos)
				exact = x;
		} else if (strcasecmp(x->it->string, key) == 0) {
			if (folded == NULL || x->pos < folded->pos)
				folded = x;
		}
	}
	return exact ? exact->it : folded ? folded->it : NULL;
}

const char *
json_index_str(const struct json_index *ix, const cJSON *o, const char *key)
{
	const cJSON *v = json_index_member(ix, o, key);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

const char *
json_index_text(const struct json_index *ix, const cJSON *o, const char *key, char *buf,
		size_t n)
{
	const char *t = json_scalar_text(json_index_member(ix, o, key), buf, n);
	return t && t[0] ? t : NULL;
}

void
json_index_free(struct json_index *ix)
{
	free(ix->slot);
	*ix = (struct json_index){0};
}

/* d written as "%.15g" writes it, when it has at most six decimals and
 * an integer part of at most nine digits (a latitude, a duration): the
 * decimal S of those digits that reads back as d (strtod) has at most 15
 * significant digits, and every such decimal is what rounding its double
 * to 15 digits gives back (DBL_DIG), so %.15g writes S too.  0 when d is
 * not such a number (the caller uses snprintf). */
static int
short_decimal(double d, char *buf, size_t n)
{
	double a = d < 0 ? -d : d;
	if (!(a >= 1e-4 && a < 1e9) || n < 32)
		return 0;
	double scale = 1;
	for (int k = 1; k <= 6; k++) {
		scale *= 10;
		double x = a * scale;
		unsigned long long u = (unsigned long long)(x + 0.5);
		double off = x - (double)u;
		if (off > x * 1e-9 || off < -x * 1e-9)
			continue;	/* more decimals than k */
		char digits[24];
		int nd = 0;
		do
			digits[nd++] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		while (nd <= k)
			digits[nd++] = '0';	/* 0.25: a zero before the point */
		int low = 0;	/* trailing zeros of the decimals left out */
		while (low < k && digits[low] == '0')
			low++;
		size_t o = 0;
		if (d < 0)
			buf[o++] = '-';
		for (int i = nd - 1; i >= k; i--)
			buf[o++] = digits[i];
		if (low < k) {
			buf[o++] = '.';
			for (int i = k - 1; i >= low; i--)
				buf[o++] = digits[i];
		}
		buf[o] = '\0';
		return strtod(buf, NULL) == d;
	}
	return 0;
}

const char *
json_scalar_text(const cJSON *v, char *buf, size_t n)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "true" : "false";
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		int integral = d > -9e15 && d < 9e15 && d == (double)(long long)d;
		if (integral && n >= 24) {
			/* an integer, as "%lld" writes it (most numbers in these
			 * exports: codes, types, counts) */
			long long x = (long long)d;
			unsigned long long u = x < 0 ? 0ull - (unsigned long long)x :
					       (unsigned long long)x;
			char digits[24];
			size_t k = 0, o = 0;
			do
				digits[k++] = (char)('0' + u % 10);
			while ((u /= 10) != 0);
			if (x < 0)
				buf[o++] = '-';
			while (k)
				buf[o++] = digits[--k];
			buf[o] = '\0';
		} else if (integral) {
			snprintf(buf, n, "%lld", (long long)d);
		} else if (!short_decimal(d, buf, n)) {
			snprintf(buf, n, "%.15g", d);
		}
		return buf;
	}
	return NULL;
}

cJSON *
json_parse_whole(const char *s)
{
	/* the length counts the NUL: that is how cJSON checks nothing follows */
	return cJSON_ParseWithLengthOpts(s, strlen(s) + 1, NULL, 1);
}

void
json_decode_value(struct buf *out, const cJSON *v)
{
	char num[64];
	buf_reset(out);
	if (!cJSON_IsString(v)) {
		const char *t = json_scalar_text(v, num, sizeof(num));
		if (t)
			(void)buf_adds(out, t);
		return;
	}
	const char *s = v->valuestring;
	cJSON *inner = s[0] ? json_parse_whole(s) : NULL;
	if (inner == NULL || cJSON_IsObject(inner)) {
		(void)buf_adds(out, s);
	} else if (cJSON_IsArray(inner)) {
		for (const cJSON *e = inner->child; e; e = e->next) {
			const char *t = json_scalar_text(e, num, sizeof(num));
			char *printed = t ? NULL : cJSON_PrintUnformatted(e);
			if (out->len)
				(void)buf_addc(out, ',');
			(void)buf_adds(out, t ? t : printed ? printed : "");
			cJSON_free(printed);
		}
	} else {
		const char *t = json_scalar_text(inner, num, sizeof(num));
		if (t)
			(void)buf_adds(out, t);
	}
	cJSON_Delete(inner);
}
