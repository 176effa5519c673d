/* store.c - interned strings in an arena, records in one growing array. */
#include "config.h"

#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ARENA_CHUNK (1u << 20)

struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

/* A slot of the string table: the id (0 = empty) and the string's hash,
 * so a probe that meets another string rarely looks at its text. */
struct slot {
	uint32_t hash;
	uint32_t id;
};

struct store {
	/* strings */
	struct chunk *chunks;
	const char **strs;	/* id -> text */
	uint32_t *lens;
	uint32_t nstrs, capstrs;
	struct slot *table;	/* open addressing, linear probing */
	uint32_t tabsize;	/* power of two */
	uint64_t seed;		/* of the hash, different in every run */
	size_t bytes;
	/* records */
	struct record *recs;
	size_t nrecs, caprecs;
	struct kv *kvs;
	size_t nkvs, capkvs;
	int open;
};

static const char *const field_names[F_COUNT] = {
	"user", "app", "code", "status", "message", "ip",
	"correlation_id", "tenant", "org",
};

const char *
field_name(enum field f)
{
	return (unsigned)f < F_COUNT ? field_names[f] : "?";
}

int
field_by_name(const char *name)
{
	/* asked for every field of every record: most names are none of
	 * these, and their first letter says so */
	int f;
	switch (name[0]) {
	case 'u': f = F_USER; break;
	case 'a': f = F_APP; break;
	case 'c': f = name[1] == 'o' && name[2] == 'd' ? F_CODE : F_CORRELATION_ID; break;
	case 's': f = F_STATUS; break;
	case 'm': f = F_MESSAGE; break;
	case 'i': f = F_IP; break;
	case 't': f = F_TENANT; break;
	case 'o': f = F_ORG; break;
	default: return -1;
	}
	return strcmp(name, field_names[f]) == 0 ? f : -1;
}

static inline uint64_t
load64(const char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* Eight bytes at a time, mixed by multiplication; seeded per run so that
 * no input can be made to fall on one chain (the ids, and so every
 * output, do not depend on the hash). */
static uint32_t
hash(uint64_t seed, const char *s, size_t n)
{
	uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15u);
	for (; n >= 8; s += 8, n -= 8) {
		h = (h ^ load64(s)) * 0xbf58476d1ce4e5b9u;
		h ^= h >> 31;
	}
	uint64_t t = 0;
	memcpy(&t, s, n);
	h = (h ^ t) * 0x94d049bb133111ebu;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 32;
	return (uint32_t)h;
}

static char *
arena_alloc(struct store *st, size_t n)
{
	struct chunk *c = st->chunks;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		c = xmalloc(sizeof(*c) + size);
		c->next = st->chunks;
		c->used = 0;
		c->size = size;
		st->chunks = c;
		st->bytes += sizeof(*c) + size;
	}
	char *p = c->data + c->used;
	c->used += n;
	return p;
}

struct store *
store_new(void)
{
	struct store *st = xcalloc(1, sizeof(*st));
	st->tabsize = 1024;
	st->table = xcalloc(st->tabsize, sizeof(*st->table));
	/* where the store landed in this run's address space (ASLR) */
	st->seed = (uint64_t)(uintptr_t)st * 0x9e3779b97f4a7c15u ^ (uint64_t)(uintptr_t)&hash;
	st->capstrs = 256;
	st->strs = xcalloc(st->capstrs, sizeof(*st->strs));
	st->lens = xcalloc(st->capstrs, sizeof(*st->lens));
	st->strs[0] = "";
	st->lens[0] = 0;
	st->nstrs = 1;
	return st;
}

void
store_free(struct store *st)
{
	if (st == NULL)
		return;
	struct chunk *c = st->chunks;
	while (c) {
		struct chunk *n = c->next;
		free(c);
		c = n;
	}
	free(st->strs);
	free(st->lens);
	free(st->table);
	free(st->recs);
	free(st->kvs);
	free(st);
}

static void
rehash(struct store *st)
{
	uint32_t size = st->tabsize * 2;
	struct slot *t = xcalloc(size, sizeof(*t));
	for (uint32_t i = 0; i < st->tabsize; i++) {
		struct slot x = st->table[i];
		if (x.id == 0)
			continue;
		uint32_t h = x.hash & (size - 1);
		while (t[h].id)
			h = (h + 1) & (size - 1);
		t[h] = x;
	}
	free(st->table);
	st->table = t;
	st->tabsize = size;
}

static uint32_t
find(const struct store *st, const char *s, size_t n, uint32_t hv, uint32_t *slot)
{
	uint32_t h = hv & (st->tabsize - 1);
	for (;;) {
		struct slot x = st->table[h];
		if (x.id == 0) {
			*slot = h;
			return 0;
		}
		if (x.hash == hv && st->lens[x.id] == n && memcmp(st->strs[x.id], s, n) == 0)
			return x.id;
		h = (h + 1) & (st->tabsize - 1);
	}
}

uint32_t
store_intern(struct store *st, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (n > UINT32_MAX - 1)
		n = UINT32_MAX - 1;
	uint32_t slot;
	uint32_t hv = hash(st->seed, s, n);
	uint32_t id = find(st, s, n, hv, &slot);
	if (id)
		return id;
	if (st->nstrs == UINT32_MAX)
		fatal("too many distinct strings");
	if (st->nstrs == st->capstrs) {
		st->capstrs *= 2;
		st->strs = xreallocarray(st->strs, st->capstrs, sizeof(*st->strs));
		st->lens = xreallocarray(st->lens, st->capstrs, sizeof(*st->lens));
	}
	char *p = arena_alloc(st, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	id = st->nstrs++;
	st->strs[id] = p;
	st->lens[id] = (uint32_t)n;
	st->table[slot] = (struct slot){hv, id};
	if ((uint64_t)st->nstrs * 4 > (uint64_t)st->tabsize * 3)
		rehash(st);
	return id;
}

uint32_t
store_intern_str(struct store *st, const char *s)
{
	return s ? store_intern(st, s, strlen(s)) : 0;
}

uint32_t
store_lookup(const struct store *st, const char *s)
{
	uint32_t slot;
	size_t n = strlen(s);
	return n ? find(st, s, n, hash(st->seed, s, n), &slot) : 0;
}

const char *
store_str(const struct store *st, uint32_t id)
{
	return id < st->nstrs ? st->strs[id] : "";
}

static struct record *
cur(struct store *st)
{
	if (!st->open)
		fatal("store: no open record");
	return &st->recs[st->nrecs];
}

struct record *
store_begin(struct store *st, uint32_t input, const char *kind)
{
	if (st->open)
		fatal("store: record already open");
	GROW(st->recs, st->nrecs, st->caprecs);
	struct record *r = &st->recs[st->nrecs];
	memset(r, 0, sizeof(*r));
	r->kind = store_intern_str(st, kind);
	r->input = input;
	r->time = TIME_NONE;
	r->extra = (uint32_t)st->nkvs;
	st->open = 1;
	return r;
}

void
rec_set_time(struct store *st, int64_t ms)
{
	cur(st)->time = ms;
}

void
store_set_time(struct store *st, size_t i, int64_t ms)
{
	if (i < st->nrecs)
		st->recs[i].time = ms;
}

void
store_set_field(struct store *st, size_t i, enum field f, const char *value)
{
	if (i < st->nrecs && (int)f >= 0 && f < F_COUNT)
		st->recs[i].field[f] = store_intern_str(st, value);
}

void
rec_set_line(struct store *st, uint64_t line)
{
	cur(st)->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

void
rec_set_pointer(struct store *st, const char *suffix)
{
	cur(st)->pointer = store_intern_str(st, suffix);
}

void
rec_set(struct store *st, const char *name, const char *value, size_t n)
{
	struct record *r = cur(st);
	if (value == NULL || n == 0)
		return;
	int f = field_by_name(name);
	if (f >= 0) {
		r->field[f] = store_intern(st, value, n);
		return;
	}
	GROW(st->kvs, st->nkvs, st->capkvs);
	st->kvs[st->nkvs].key = store_intern_str(st, name);
	st->kvs[st->nkvs].value = store_intern(st, value, n);
	st->nkvs++;
	r = cur(st);
	r->nextra++;
}

void
rec_set_str(struct store *st, const char *name, const char *value)
{
	if (value)
		rec_set(st, name, value, strlen(value));
}

void
store_end(struct store *st)
{
	(void)cur(st);
	st->open = 0;
	st->nrecs++;
}

void
store_cancel(struct store *st)
{
	if (!st->open)
		return;
	st->nkvs = st->recs[st->nrecs].extra;
	st->open = 0;
}

void
store_renumber_inputs(struct store *st, const uint32_t *map, size_t n)
{
	int sorted = 1;
	for (size_t i = 0; i < st->nrecs; i++) {
		struct record *r = &st->recs[i];
		r->input = r->input < n ? map[r->input] : (uint32_t)n;
		if (i && r[-1].input > r->input)
			sorted = 0;
	}
	if (sorted)
		return;
	/* stable: a counting sort by input keeps each entry's order */
	size_t *start = xcalloc(n + 2, sizeof(*start));
	for (size_t i = 0; i < st->nrecs; i++)
		start[st->recs[i].input + 1]++;
	for (size_t i = 1; i <= n + 1; i++)
		start[i] += start[i - 1];
	struct record *v = xreallocarray(NULL, st->caprecs, sizeof(*v));
	for (size_t i = 0; i < st->nrecs; i++)
		v[start[st->recs[i].input]++] = st->recs[i];
	free(st->recs);
	st->recs = v;
	free(start);
}

size_t
store_count(const struct store *st)
{
	return st->nrecs;
}

const struct record *
store_get(const struct store *st, size_t i)
{
	return i < st->nrecs ? &st->recs[i] : NULL;
}

const struct kv *
rec_extras(const struct store *st, const struct record *r)
{
	/* no extras in the whole store: no array at all */
	return st->kvs ? st->kvs + r->extra : NULL;
}

const char *
rec_get(const struct store *st, const struct record *r, const char *name)
{
	int f = field_by_name(name);
	if (f >= 0)
		return r->field[f] ? store_str(st, r->field[f]) : NULL;
	uint32_t key = store_lookup(st, name);
	if (key == 0)
		return NULL;
	const struct kv *kv = rec_extras(st, r);
	for (uint32_t i = 0; i < r->nextra; i++)
		if (kv[i].key == key)
			return store_str(st, kv[i].value);
	return NULL;
}

const char *
rec_get_open(const struct store *st, const char *name)
{
	if (!st->open)
		return NULL;
	return rec_get(st, &st->recs[st->nrecs], name);
}

size_t
store_memory(const struct store *st)
{
	return st->bytes + st->capstrs * (sizeof(char *) + sizeof(uint32_t)) +
	       st->tabsize * sizeof(struct slot) + st->caprecs * sizeof(struct record) +
	       st->capkvs * sizeof(struct kv);
}
