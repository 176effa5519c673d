/* store.c - interned strings in an arena, records in one growing array. */
#include "config.h"

#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define ARENA_CHUNK (1u << 20)
/* entries of the spilled records' index per block written out (224 KiB) */
#define SPILL_BLOCK 4096
/* bytes of spilled records read back at once */
#define UNSPILL_BATCH (4u << 20)
/* what store_peek() reads of the spill file at once, and how many such
 * windows it keeps */
#define PEEK_WINDOW (256u << 10)
#define PEEK_WINDOWS 4

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

/* A list of keys, in order: those of the extras of every record that has
 * these keys in this order (a source's records mostly share a few). */
struct shape {
	uint32_t off;		/* its first key in skeys */
	uint32_t n;
	uint32_t hash;
};

struct store {
	/* strings */
	struct chunk *chunks;
	struct chunk *spare;	/* a chunk given back, for the next one needed */
	const char **strs;	/* id -> text, its length in the 4 bytes before
				   (slen) */
	uint32_t nstrs, capstrs;
	struct slot *table;	/* open addressing, linear probing */
	uint32_t tabsize;	/* power of two */
	uint64_t seed;		/* of the hash, different in every run */
	size_t bytes;
	/* records */
	struct record *recs;
	size_t nrecs, caprecs;
	uint32_t *vals;		/* the extras' values, a record's in a run */
	size_t nvals, capvals;
	/* the extras' keys: one copy of each list of keys (struct shape) */
	uint32_t *skeys;
	size_t nskeys, capskeys;
	struct shape *shapes;
	uint32_t nshapes, capshapes;
	uint32_t *shtab;	/* shape index + 1 (0 = empty), linear probing */
	uint32_t shtabsize;	/* power of two, or 0 before the first */
	int open;
	int pinned;		/* the open record must stay (store_pin) */
	int pin_next;		/* store_pin() before the record was begun */
	int count_only;		/* records are counted, not kept (store_count_only) */
	int by_input;		/* records are in the order of their inputs */
	size_t ncounted;
	uint32_t nread;		/* records committed or spilled: the next seq */
	/* spilling (store_spill_start) */
	store_keep_fn keep;
	store_reads_fn reads;	/* NULL: keep() may read any extra */
	void *keep_ud;
	size_t spill_min;
	int spill_fd;		/* -1: not spilling */
	int spill_on;		/* still spilling (not stopped, no write error) */
	size_t nspilled;
	struct spilled *iblock;	/* the entries of the index not written yet */
	size_t niblock;
	uint64_t *blocks;	/* where each block of the index went */
	size_t nblocks, capblocks;
	uint32_t *inmap;	/* store_renumber_inputs(), applied as entries
				   are read back */
	size_t ninmap;
	int nameless;		/* a record without a user may be spilled */
	int peeking;		/* store_peek() put a record past the last */
	char *peekbuf;
	size_t peekcap;
	/* windows of the spill file store_peek() read, the oldest replaced:
	 * records asked for in time order come from a few runs of the file
	 * (one per input read), so most are in one already */
	struct window {
		char *data;
		uint64_t off;
		size_t len;
		uint64_t used;	/* when it was last read from */
	} win[PEEK_WINDOWS];
	uint64_t peeks;
	char *wbuf;		/* spilled bytes not yet written */
	size_t wlen, wcap;
	uint64_t written;	/* bytes in the file; wbuf holds those after */
	/* the strings and key lists as they were when the open record began */
	uint32_t mark_strs, mark_shapes;
	struct chunk *mark_chunk;
	size_t mark_used;
	/* the open record's pointer, fields and extras as set, interned in
	 * that order when it ends (intern_pending) */
	struct pending *pend;
	size_t npend, cappend;
	char *ptext;		/* their texts, each key and value in turn */
	size_t nptext, capptext;
};

/* What rec_set() was given, before it is interned: a common field, an
 * extra (key and value) or the pointer; texts at offsets of ptext. */
struct pending {
	int32_t what;		/* enum field; PEND_EXTRA; PEND_POINTER */
	uint32_t index;		/* PEND_POINTER: the index cut off it + 1, or 0 */
	uint32_t klen, vlen;
	uint32_t khash, vhash;
	uint32_t kid, vid;	/* interned: the ids; 0: not yet */
	size_t koff, voff;
};

enum { PEND_EXTRA = -1, PEND_POINTER = -2 };

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
		if (size == ARENA_CHUNK && st->spare) {
			/* the one a record given back left */
			c = st->spare;
			st->spare = NULL;
		} else {
			c = xmalloc(sizeof(*c) + size);
		}
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
	st->strs[0] = "";
	st->nstrs = 1;
	st->spill_fd = -1;
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
	free(st->spare);
	free(st->strs);
	free(st->table);
	free(st->recs);
	free(st->vals);
	free(st->skeys);
	free(st->shapes);
	free(st->shtab);
	free(st->iblock);
	free(st->blocks);
	free(st->inmap);
	free(st->peekbuf);
	free(st->pend);
	free(st->ptext);
	for (int i = 0; i < PEEK_WINDOWS; i++)
		free(st->win[i].data);
	free(st->wbuf);
	if (st->spill_fd >= 0)
		close(st->spill_fd);
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

/* ---- key lists ------------------------------------------------------------------- */

static uint32_t
keys_hash(const uint32_t *k, uint32_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ n;
	for (uint32_t i = 0; i < n; i++) {
		h ^= k[i];
		h *= 0xbf58476d1ce4e5b9u;
		h ^= h >> 29;
	}
	return (uint32_t)(h ^ (h >> 32));
}

static void
shapes_rehash(struct store *st)
{
	uint32_t size = st->shtabsize ? st->shtabsize * 2 : 64;
	uint32_t *t = xcalloc(size, sizeof(*t));
	for (uint32_t s = 0; s < st->nshapes; s++) {
		uint32_t h = st->shapes[s].hash & (size - 1);
		while (t[h])
			h = (h + 1) & (size - 1);
		t[h] = s + 1;
	}
	free(st->shtab);
	st->shtab = t;
	st->shtabsize = size;
}

/* Room for n keys past the key lists, where a record's keys are written
 * before shape_add() looks them up. */
static uint32_t *
shape_room(struct store *st, size_t n)
{
	if (st->nskeys + n > st->capskeys) {
		size_t cap = st->capskeys ? st->capskeys : 64;
		while (cap < st->nskeys + n)
			cap *= 2;
		st->skeys = xreallocarray(st->skeys, cap, sizeof(*st->skeys));
		st->capskeys = cap;
	}
	return st->skeys + st->nskeys;
}

/* The offset of the list of the n keys written at shape_room(): the same
 * list seen before, or this one, kept. */
static uint32_t
shape_add(struct store *st, uint32_t n)
{
	const uint32_t *k = st->skeys + st->nskeys;
	uint32_t h = keys_hash(k, n);
	if (st->shtabsize == 0)
		shapes_rehash(st);
	uint32_t mask = st->shtabsize - 1, i = h & mask;
	for (; st->shtab[i]; i = (i + 1) & mask) {
		const struct shape *x = &st->shapes[st->shtab[i] - 1];
		if (x->hash == h && x->n == n && memcmp(st->skeys + x->off, k, n * sizeof(*k)) == 0)
			return x->off;
	}
	if (st->nskeys + n > UINT32_MAX || st->nshapes == UINT32_MAX - 1)
		fatal("too many distinct lists of fields");
	GROW(st->shapes, st->nshapes, st->capshapes);
	uint32_t off = (uint32_t)st->nskeys;
	st->shapes[st->nshapes] = (struct shape){off, n, h};
	st->shtab[i] = ++st->nshapes;
	st->nskeys += n;
	if ((uint64_t)st->nshapes * 2 > st->shtabsize)
		shapes_rehash(st);
	return off;
}

/* Remove the newest key list (backward-shift deletion, as for strings). */
static void
shape_remove_last(struct store *st)
{
	uint32_t mask = st->shtabsize - 1, last = st->nshapes;
	uint32_t i = st->shapes[last - 1].hash & mask;
	while (st->shtab[i] != last)
		i = (i + 1) & mask;
	for (uint32_t j = i;;) {
		j = (j + 1) & mask;
		if (st->shtab[j] == 0)
			break;
		uint32_t home = st->shapes[st->shtab[j] - 1].hash & mask;
		int stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			st->shtab[i] = st->shtab[j];
			i = j;
		}
	}
	st->shtab[i] = 0;
	st->nskeys = st->shapes[last - 1].off;
	st->nshapes--;
}

/* The length of string id (0: the empty string, which has no prefix). */
static inline uint32_t
slen(const struct store *st, uint32_t id)
{
	uint32_t n = 0;
	if (id)
		memcpy(&n, st->strs[id] - 4, sizeof(n));
	return n;
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
		if (x.hash == hv && slen(st, x.id) == n && memcmp(st->strs[x.id], s, n) == 0)
			return x.id;
		h = (h + 1) & (st->tabsize - 1);
	}
}

/* Intern n bytes (0 < n < UINT32_MAX) whose hash is hv. */
static uint32_t
intern_hashed(struct store *st, const char *s, size_t n, uint32_t hv)
{
	uint32_t slot;
	uint32_t id = find(st, s, n, hv, &slot);
	if (id)
		return id;
	if (st->nstrs == UINT32_MAX)
		fatal("too many distinct strings");
	if (st->nstrs == st->capstrs) {
		st->capstrs *= 2;
		st->strs = xreallocarray(st->strs, st->capstrs, sizeof(*st->strs));
	}
	/* the length first, so that a probe reads one place, not two */
	char *p = arena_alloc(st, n + 5);
	uint32_t len = (uint32_t)n;
	memcpy(p, &len, sizeof(len));
	memcpy(p + 4, s, n);
	p[4 + n] = '\0';
	id = st->nstrs++;
	st->strs[id] = p + 4;
	st->table[slot] = (struct slot){hv, id};
	if ((uint64_t)st->nstrs * 4 > (uint64_t)st->tabsize * 3)
		rehash(st);
	return id;
}

/* The length a string is interned with. */
static inline size_t
clamp_len(size_t n)
{
	return n > UINT32_MAX - 1 ? UINT32_MAX - 1 : n;
}

uint32_t
store_intern(struct store *st, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	n = clamp_len(n);
	return intern_hashed(st, s, n, hash(st->seed, s, n));
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
	st->pinned = st->pin_next;
	st->pin_next = 0;
	st->mark_strs = st->nstrs;
	st->mark_shapes = st->nshapes;
	st->mark_chunk = st->chunks;
	st->mark_used = st->chunks ? st->chunks->used : 0;
	struct record *r = &st->recs[st->nrecs];
	memset(r, 0, sizeof(*r));
	r->kind = store_intern_str(st, kind);
	r->input = input;
	r->time = TIME_NONE;
	r->extra = (uint32_t)st->nvals;
	st->npend = 0;
	st->nptext = 0;
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

/* Keep n bytes of s for the open record, NUL-terminated; their offset
 * in ptext. */
static size_t
pend_text(struct store *st, const char *s, size_t n)
{
	return bytes_put_str(&st->ptext, &st->nptext, &st->capptext, 4096, s, n);
}

/* Set what of the open record (a field, an extra named key, or the
 * pointer) to the n bytes of value (n > 0), interned when it ends. */
static void
pend(struct store *st, int32_t what, const char *key, const char *value, size_t n)
{
	cur(st);
	GROW(st->pend, st->npend, st->cappend);
	struct pending *e = &st->pend[st->npend++];
	memset(e, 0, sizeof(*e));
	e->what = what;
	if (key) {
		e->klen = (uint32_t)clamp_len(strlen(key));
		e->koff = pend_text(st, key, e->klen);
	}
	e->vlen = (uint32_t)clamp_len(n);
	e->voff = pend_text(st, value, e->vlen);
}

/* Where the index that ends pointer p (n bytes) begins, and the index
 * + 1 in *index; n and 0 if it ends in none: "/" and up to nine digits,
 * without a leading zero, after at least one byte. */
static size_t
pointer_cut(const char *p, size_t n, uint32_t *index)
{
	size_t i = n;
	while (i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9')
		i--;
	*index = 0;
	if (i == n || n - i > 9 || i < 2 || p[i - 1] != '/' || (p[i] == '0' && n - i > 1))
		return n;
	uint32_t v = 0;
	for (size_t k = i; k < n; k++)
		v = v * 10 + (uint32_t)(p[k] - '0');
	*index = v + 1;
	return i;
}

void
rec_set_pointer(struct store *st, const char *suffix)
{
	cur(st);
	if (suffix == NULL || suffix[0] == '\0')
		return;
	uint32_t index;
	size_t n = pointer_cut(suffix, strlen(suffix), &index);
	pend(st, PEND_POINTER, NULL, suffix, n);
	st->pend[st->npend - 1].index = index;
}

void
rec_set_place(struct store *st, const struct record *from)
{
	cur(st);
	if (from->line)
		rec_set_line(st, from->line);
	if (from->pointer) {
		uint32_t id = from->pointer;
		pend(st, PEND_POINTER, NULL, store_str(st, id), slen(st, id));
		st->pend[st->npend - 1].index = from->pindex;
	}
}

size_t
rec_pointer(const struct store *st, const struct record *r, char *buf, size_t cap)
{
	const char *pre = r->pointer ? store_str(st, r->pointer) : "";
	int n = r->pointer && r->pindex ? snprintf(buf, cap, "%s%u", pre, r->pindex - 1)
					: snprintf(buf, cap, "%s", pre);
	return n < 0 ? 0 : (size_t)n;
}

void
rec_set(struct store *st, const char *name, const char *value, size_t n)
{
	cur(st);
	if (value == NULL || n == 0)
		return;
	int f = field_by_name(name);
	pend(st, f >= 0 ? f : PEND_EXTRA, f >= 0 ? NULL : name, value, n);
}

/* Is what a common field interned before the policy is asked (all but
 * the correlation id, hashed from its text, and the address)? */
static int
field_first(int32_t what)
{
	return what >= 0 && what != F_CORRELATION_ID && what != F_IP;
}

/* Intern what was set of the open record: every key, and the values of
 * the entries all or the policy's needs ask for (a common field but the
 * correlation id and the address, an extra whose key reads() names), in
 * the order they were set.  A record has tens of strings, most of them
 * in a table too large for the cache: their slots are asked for first,
 * all of them, then the place and text of those already there, and only
 * then are they compared and added. */
static void
intern_pending(struct store *st, int all)
{
	const char *t = st->ptext;
	uint32_t mask = st->tabsize - 1;
	/* the values hashed and asked for here; an extra's, when not all
	 * are wanted, once its key says it is */
	for (size_t i = 0; i < st->npend; i++) {
		struct pending *e = &st->pend[i];
		if (e->klen && e->kid == 0) {
			e->khash = hash(st->seed, t + e->koff, e->klen);
			__builtin_prefetch(&st->table[e->khash & mask]);
		}
		if (e->vid == 0 && (all || field_first(e->what))) {
			e->vhash = hash(st->seed, t + e->voff, e->vlen);
			__builtin_prefetch(&st->table[e->vhash & mask]);
		}
	}
	for (int step = 0; step < 2; step++) {
		for (size_t i = 0; i < st->npend; i++) {
			const struct pending *e = &st->pend[i];
			if (e->vid || !(all || field_first(e->what)))
				continue;
			struct slot x = st->table[e->vhash & mask];
			if (x.id && x.hash == e->vhash) {
				if (step == 0)
					__builtin_prefetch(&st->strs[x.id]);
				else
					__builtin_prefetch(st->strs[x.id] - 4);
			}
		}
	}
	for (size_t i = 0; i < st->npend; i++) {
		struct pending *e = &st->pend[i];
		if (e->klen && e->kid == 0)
			e->kid = intern_hashed(st, t + e->koff, e->klen, e->khash);
		if (e->vid)
			continue;
		if (!all && e->what == PEND_EXTRA) {
			if (st->reads && !st->reads(st->keep_ud, st, e->kid))
				continue;
			e->vhash = hash(st->seed, t + e->voff, e->vlen);
		} else if (!all && !field_first(e->what)) {
			continue;
		}
		e->vid = intern_hashed(st, t + e->voff, e->vlen, e->vhash);
	}
}

/* The open record's fields and extras from what of it is interned, in
 * the order they were set (a common field set twice: the last). */
static void
assemble(struct store *st)
{
	struct record *r = cur(st);
	memset(r->field, 0, sizeof(r->field));
	r->pointer = 0;
	r->pindex = 0;
	st->nvals = r->extra;
	uint32_t n = 0;
	for (size_t i = 0; i < st->npend; i++) {
		const struct pending *e = &st->pend[i];
		if (e->vid == 0)
			continue;
		if (e->what == PEND_EXTRA) {
			GROW(st->vals, st->nvals, st->capvals);
			st->vals[st->nvals++] = e->vid;
			shape_room(st, n + 1)[n] = e->kid;
			n++;
		} else if (e->what == PEND_POINTER) {
			r->pointer = e->vid;
			r->pindex = e->index;
		} else {
			r->field[e->what] = e->vid;
		}
	}
	r->nextra = n;
	r->keys = n ? shape_add(st, n) : 0;
}

void
rec_set_str(struct store *st, const char *name, const char *value)
{
	if (value)
		rec_set(st, name, value, strlen(value));
}

static int spill(struct store *st, struct record *r, uint32_t about);
static void give_back(struct store *st, const struct record *r);

/* No record is open any more; what it was given is forgotten. */
static void
close_open(struct store *st)
{
	st->open = 0;
	st->npend = 0;
	st->nptext = 0;
}

void
store_end(struct store *st)
{
	struct record *r = cur(st);
	if (st->nread == UINT32_MAX)
		fatal("too many records");
	r->seq = st->nread++;
	/* counted, not kept: its strings are never needed */
	if (st->count_only && !st->pinned) {
		close_open(st);
		give_back(st, r);
		st->ncounted++;
		return;
	}
	/* a record that may be spilled: what the policy reads of it first,
	 * the rest only if it stays */
	int may_spill = st->keep && !st->pinned && st->spill_on && st->nrecs >= st->spill_min;
	intern_pending(st, !may_spill);
	assemble(st);
	uint32_t about = 0;
	/* the policy sees every record, so that it knows what came first */
	int keep = st->keep == NULL || st->keep(st->keep_ud, st, r, &about);
	if (!keep && may_spill && spill(st, r, about)) {
		close_open(st);
		return;
	}
	if (may_spill) {
		intern_pending(st, 1);
		assemble(st);
	}
	close_open(st);
	st->nrecs++;
}

void
store_pin(struct store *st)
{
	/* a parser may read the time before it begins the record */
	if (st->open)
		st->pinned = 1;
	else
		st->pin_next = 1;
}

void
store_cancel(struct store *st)
{
	if (!st->open)
		return;
	st->nvals = st->recs[st->nrecs].extra;
	close_open(st);
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
	if (st->nspilled) {
		/* the entries are in the file: renumbered as they are read
		 * (m[input], and m[the last] for any input past it) */
		size_t size = st->inmap ? st->ninmap : n;
		uint32_t *m = xreallocarray(NULL, size + 1, sizeof(*m));
		for (size_t i = 0; i <= size; i++) {
			/* renumbered before: the two maps in turn */
			uint32_t was = st->inmap ? st->inmap[i] : (uint32_t)i;
			m[i] = was < n ? map[was] : (uint32_t)n;
		}
		free(st->inmap);
		st->inmap = m;
		st->ninmap = size;
	}
	st->by_input = 1;
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

/* ---- spilling ---------------------------------------------------------------------- */

uint64_t
store_hash64(const char *s, size_t n)
{
	uint64_t h = 0x243f6a8885a308d3u ^ (n * 0x9e3779b97f4a7c15u);
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
	return h ? h : 1;
}

int
store_spill_open(void)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/triage-spill-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	int err = errno;
	if (fd >= 0)
		unlink(path);	/* gone with the process, whatever happens */
	free(path);
	errno = err;
	return fd;
}

void
store_spill_reads(struct store *st, store_reads_fn reads)
{
	st->reads = reads;
}

void
store_spill_start(struct store *st, int fd, size_t min, store_keep_fn keep, void *ud)
{
	st->spill_fd = fd;
	st->spill_on = 1;
	st->spill_min = min;
	st->keep = keep;
	st->keep_ud = ud;
}

/* Write what is pending; on an error, spill no more (what could not be
 * written stays in wbuf, where store_unspill() finds it). */
static void
spill_flush(struct store *st)
{
	size_t done = 0;
	while (done < st->wlen) {
		ssize_t w = write(st->spill_fd, st->wbuf + done, st->wlen - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0 || fault_hit(FAULT_WRITE)) {
			if (st->spill_on)
				fprintf(stderr, "%s: warning: the temporary file records are moved to "
					"could not be written (%s); the rest are kept in memory\n",
					progname, w < 0 ? strerror(errno) : "no space");
			st->spill_on = 0;
			break;
		}
		done += (size_t)w;
	}
	st->written += done;
	if (done && done < st->wlen)
		memmove(st->wbuf, st->wbuf + done, st->wlen - done);
	st->wlen -= done;
}

void
store_spill_stop(struct store *st)
{
	if (st->spill_fd >= 0 && st->spill_on)
		spill_flush(st);
	st->spill_on = 0;
	st->keep = NULL;
}

static void
put_bytes(struct store *st, const void *p, size_t n)
{
	while (st->wlen + n > st->wcap) {
		st->wcap = st->wcap ? st->wcap * 2 : 1 << 16;
		st->wbuf = xrealloc(st->wbuf, st->wcap);
	}
	memcpy(st->wbuf + st->wlen, p, n);
	st->wlen += n;
}

static void
put_u32(struct store *st, uint32_t v)
{
	put_bytes(st, &v, sizeof(v));
}

static void
put_str(struct store *st, uint32_t id)
{
	put_u32(st, slen(st, id));
	put_bytes(st, st->strs[id], slen(st, id));
}

/* Remove the newest string (backward-shift deletion: the probe chains
 * stay as if it had never been added). */
static void
unintern_last(struct store *st)
{
	uint32_t id = st->nstrs - 1, mask = st->tabsize - 1;
	uint32_t i = hash(st->seed, st->strs[id], slen(st, id)) & mask;
	while (st->table[i].id != id)
		i = (i + 1) & mask;
	for (uint32_t j = i;;) {
		j = (j + 1) & mask;
		if (st->table[j].id == 0)
			break;
		uint32_t home = st->table[j].hash & mask;
		/* stays if its home is cyclically in (i, j] */
		int stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			st->table[i] = st->table[j];
			i = j;
		}
	}
	st->table[i] = (struct slot){0, 0};
	st->nstrs--;
}

/* Give back what record r (the last one begun) took: its pairs and the
 * strings first seen in it. */
static void
give_back(struct store *st, const struct record *r)
{
	st->nvals = r->extra;
	while (st->nshapes > st->mark_shapes)
		shape_remove_last(st);
	while (st->nstrs > st->mark_strs)
		unintern_last(st);
	while (st->chunks != st->mark_chunk) {
		struct chunk *c = st->chunks;
		st->chunks = c->next;
		st->bytes -= sizeof(*c) + c->size;
		/* kept for the next record: when the chunk before is nearly
		 * full, every record given back would take and free one */
		if (c->size == ARENA_CHUNK && st->spare == NULL)
			st->spare = c;
		else
			free(c);
	}
	if (st->chunks)
		st->chunks->used = st->mark_used;
}

/* n bytes of text as a string of the spill file. */
static void
put_text(struct store *st, const char *t, uint32_t n)
{
	put_u32(st, n);
	put_bytes(st, t, n);
}

/* The open record r out, from the text it was given (what is interned
 * of it is what the policy read), and what it took given back; 0 if it
 * must stay. */
static int
spill(struct store *st, struct record *r, uint32_t about)
{
	uint32_t user = r->field[F_USER], app = r->field[F_APP];
	/* what recovery and the analysis read of it must outlive it */
	if ((user == 0 && !st->nameless) || user >= st->mark_strs || app >= st->mark_strs ||
	    r->kind >= st->mark_strs || about >= st->mark_strs)
		return 0;
	/* each common field and the pointer as last set; the extras */
	const struct pending *last[F_COUNT] = {0}, *pointer = NULL;
	uint32_t nextra = 0;
	for (size_t i = 0; i < st->npend; i++) {
		const struct pending *p = &st->pend[i];
		if (p->what >= 0)
			last[p->what] = p;
		else if (p->what == PEND_POINTER)
			pointer = p;
		else
			nextra++;
	}
	const char *t = st->ptext;
	const struct pending *corr = last[F_CORRELATION_ID];
	/* written to the file as it is: its padding too, so zeroed */
	struct spilled e;
	memset(&e, 0, sizeof(e));
	e.time = r->time;
	e.corr = corr ? store_hash64(t + corr->voff, corr->vlen) : 0;
	e.off = st->written + st->wlen;
	e.kind = r->kind;
	e.user = user;
	e.app = app;
	e.about = about;
	e.input = r->input;
	e.seq = r->seq;
	e.nextra = nextra;
	put_u32(st, r->line);
	put_bytes(st, &r->time, sizeof(r->time));
	put_u32(st, nextra);
	put_str(st, r->kind);
	put_text(st, pointer ? t + pointer->voff : "", pointer ? pointer->vlen : 0);
	put_u32(st, pointer ? pointer->index : 0);
	for (int f = 0; f < F_COUNT; f++)
		put_text(st, last[f] ? t + last[f]->voff : "", last[f] ? last[f]->vlen : 0);
	for (size_t i = 0; i < st->npend; i++) {
		const struct pending *p = &st->pend[i];
		if (p->what != PEND_EXTRA)
			continue;
		put_text(st, t + p->koff, p->klen);
		put_text(st, t + p->voff, p->vlen);
	}
	if (st->written + st->wlen - e.off > UINT32_MAX) {
		st->wlen = (size_t)(e.off - st->written);	/* not one of ours */
		return 0;
	}
	e.len = (uint32_t)(st->written + st->wlen - e.off);
	if (st->iblock == NULL)
		st->iblock = xreallocarray(NULL, SPILL_BLOCK, sizeof(*st->iblock));
	st->iblock[st->niblock++] = e;
	st->nspilled++;
	if (st->niblock == SPILL_BLOCK) {
		/* a block of the index, out with the records */
		GROW(st->blocks, st->nblocks, st->capblocks);
		st->blocks[st->nblocks++] = st->written + st->wlen;
		put_bytes(st, st->iblock, SPILL_BLOCK * sizeof(*st->iblock));
		st->niblock = 0;
	}
	give_back(st, r);
	if (st->wlen >= (1u << 20))
		spill_flush(st);
	return 1;
}

uint32_t
store_first_new(const struct store *st)
{
	return st->mark_strs;
}

size_t
store_nspilled(const struct store *st)
{
	return st->nspilled;
}

static int read_back(const struct store *st, uint64_t off, size_t len, char *out);

/* Entries [b * SPILL_BLOCK, ...) of the index into out (the last block
 * from memory), renumbered; how many, or -1 (errno set). */
static ssize_t
load_block(const struct store *st, size_t b, struct spilled *out)
{
	size_t n;
	if (b < st->nblocks) {
		n = SPILL_BLOCK;
		if (read_back(st, st->blocks[b], n * sizeof(*out), (char *)out) < 0)
			return -1;
	} else {
		n = st->niblock;
		if (n)
			memcpy(out, st->iblock, n * sizeof(*out));
	}
	for (size_t i = 0; st->inmap && i < n; i++) {
		uint32_t in = out[i].input;
		out[i].input = st->inmap[in < st->ninmap ? in : st->ninmap];
	}
	return (ssize_t)n;
}

void
store_spilled_begin(const struct store *st, struct spilled_iter *it, size_t i)
{
	*it = (struct spilled_iter){.st = st, .next = i};
}

const struct spilled *
store_spilled_next(struct spilled_iter *it)
{
	const struct store *st = it->st;
	if (it->next >= st->nspilled)
		return NULL;
	if (it->block == NULL || it->next < it->base || it->next >= it->base + it->nblock) {
		if (it->block == NULL)
			it->block = xreallocarray(NULL, SPILL_BLOCK, sizeof(*it->block));
		ssize_t n = load_block(st, it->next / SPILL_BLOCK, it->block);
		if (n < 0)
			fatal("the temporary file of large inputs could not be read back: %s",
			      strerror(errno));
		it->base = it->next / SPILL_BLOCK * SPILL_BLOCK;
		it->nblock = (size_t)n;
	}
	return &it->block[it->next++ - it->base];
}

void
store_spilled_end(struct spilled_iter *it)
{
	free(it->block);
	it->block = NULL;
}

size_t
store_read_count(const struct store *st)
{
	return st->nrecs + st->nspilled + st->ncounted;
}

void
store_count_only(struct store *st)
{
	st->count_only = 1;
}

void
store_truncate(struct store *st, size_t n)
{
	if (n >= st->nrecs || st->open)
		return;
	st->nvals = st->recs[n].extra;
	st->nrecs = n;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* The order of the store: that of reading, or, once the inputs were
 * renumbered, of the inputs and then of reading. */
static int
cmp_place(const void *a, const void *b, void *ctx)
{
	const struct store *st = ctx;
	const struct record *x = &st->recs[*(const uint32_t *)a];
	const struct record *y = &st->recs[*(const uint32_t *)b];
	if (st->by_input && x->input != y->input)
		return x->input < y->input ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static uint32_t
get_u32(const char **p)
{
	uint32_t v;
	memcpy(&v, *p, sizeof(v));
	*p += sizeof(v);
	return v;
}

static uint32_t
get_str(struct store *st, const char **p)
{
	uint32_t n = get_u32(p);
	uint32_t id = store_intern(st, *p, n);
	*p += n;
	return id;
}

/* len bytes of the spill file from off, into out (what was never
 * written comes from wbuf); 0, or -1 (errno set). */
static int
read_back(const struct store *st, uint64_t off, size_t len, char *out)
{
	size_t done = 0;
	while (off + done < st->written && done < len) {
		size_t want = len - done;
		if (off + done + want > st->written)
			want = (size_t)(st->written - off - done);
		ssize_t r = pread(st->spill_fd, out + done, want, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || fault_hit(FAULT_READ)) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)r;
	}
	if (done < len)	/* the part never written */
		memcpy(out + done, st->wbuf + (off + done - st->written), len - done);
	return 0;
}

/* Spilled record e, from its bytes at *p, into the place past the last
 * record (recs has room for it); its values go at the end of vals, its
 * keys are looked up among the key lists. */
static void
decode(struct store *st, const char **p, const struct spilled *e)
{
	struct record *r = &st->recs[st->nrecs];
	memset(r, 0, sizeof(*r));
	r->line = get_u32(p);
	memcpy(&r->time, *p, sizeof(r->time));
	*p += sizeof(r->time);
	r->nextra = get_u32(p);
	r->kind = get_str(st, p);
	r->pointer = get_str(st, p);
	r->pindex = get_u32(p);
	for (int f = 0; f < F_COUNT; f++)
		r->field[f] = get_str(st, p);
	r->extra = (uint32_t)st->nvals;
	for (uint32_t k = 0; k < r->nextra; k++) {
		GROW(st->vals, st->nvals, st->capvals);
		/* get_str may move skeys: the room asked for after it */
		uint32_t key = get_str(st, p);
		shape_room(st, k + 1)[k] = key;
		st->vals[st->nvals++] = get_str(st, p);
	}
	r = &st->recs[st->nrecs];
	r->keys = r->nextra ? shape_add(st, r->nextra) : 0;
	r->input = e->input;
	r->seq = e->seq;
}

/* The bytes of spilled record e: from a window that holds them, else
 * from a window read from e on (the oldest one), or, for a record longer
 * than a window, on their own. */
static const char *
peek_bytes(struct store *st, const struct spilled *e)
{
	st->peeks++;
	struct window *w = &st->win[0];
	for (int i = 0; i < PEEK_WINDOWS; i++) {
		struct window *x = &st->win[i];
		if (x->data && e->off >= x->off && e->off + e->len <= x->off + x->len) {
			x->used = st->peeks;
			return x->data + (e->off - x->off);
		}
		if (x->used < w->used)
			w = x;
	}
	if (e->len > PEEK_WINDOW) {
		if (e->len > st->peekcap) {
			free(st->peekbuf);
			st->peekbuf = xmalloc(e->len);
			st->peekcap = e->len;
		}
		if (read_back(st, e->off, e->len, st->peekbuf) < 0)
			fatal("the temporary file of large inputs could not be read back: %s",
			      strerror(errno));
		return st->peekbuf;
	}
	uint64_t end = st->written + st->wlen;
	size_t len = end - e->off < PEEK_WINDOW ? (size_t)(end - e->off) : PEEK_WINDOW;
	if (w->data == NULL)
		w->data = xmalloc(PEEK_WINDOW);
	w->off = e->off;
	w->len = 0;
	if (read_back(st, e->off, len, w->data) < 0)
		fatal("the temporary file of large inputs could not be read back: %s",
		      strerror(errno));
	w->len = len;
	w->used = st->peeks;
	return w->data;
}

const struct record *
store_peek(struct store *st, const struct spilled *e)
{
	if (st->open || st->peeking)
		fatal("store: a record is open");
	const char *bytes = peek_bytes(st, e);
	GROW(st->recs, st->nrecs, st->caprecs);
	/* what it adds goes again at store_peek_end(), as a record given
	 * back when it is spilled */
	st->mark_strs = st->nstrs;
	st->mark_shapes = st->nshapes;
	st->mark_chunk = st->chunks;
	st->mark_used = st->chunks ? st->chunks->used : 0;
	const char *p = bytes;
	decode(st, &p, e);
	st->peeking = 1;
	return &st->recs[st->nrecs];
}

void
store_peek_end(struct store *st)
{
	if (!st->peeking)
		return;
	give_back(st, &st->recs[st->nrecs]);
	st->peeking = 0;
}

int
store_in_input_order(const struct store *st)
{
	return st->by_input;
}

void
store_spill_nameless(struct store *st)
{
	st->nameless = 1;
}

int
store_unspill(struct store *st, const size_t *which, size_t n, uint32_t **moved)
{
	if (moved)
		*moved = NULL;
	if (n == 0 || st->open)
		return 0;
	/* read in file order (that of the entries), a batch of bytes at a
	 * time (what comes back may be large); a failure takes back the
	 * records added, so the store's records are as they were */
	size_t *order = xreallocarray(NULL, n, sizeof(*order));
	memcpy(order, which, n * sizeof(*order));
	qsort(order, n, sizeof(*order), cmp_size);
	struct spilled *ents = xreallocarray(NULL, n, sizeof(*ents));
	struct spilled *blk = xreallocarray(NULL, SPILL_BLOCK, sizeof(*blk));
	size_t loaded = SIZE_MAX;
	char *bytes = NULL;
	size_t old_n = st->nrecs, old_nvals = st->nvals;
	for (size_t i = 0; i < n; i++) {
		size_t b = order[i] / SPILL_BLOCK;
		if (b != loaded && load_block(st, b, blk) < 0)
			goto fail;
		loaded = b;
		ents[i] = blk[order[i] % SPILL_BLOCK];
	}
	free(blk);
	blk = NULL;
	/* room for them all at once: growing by doubling would copy the
	 * arrays, and leave them up to twice what they hold */
	size_t nkv = 0;
	for (size_t i = 0; i < n; i++)
		nkv += ents[i].nextra;
	if (st->caprecs < st->nrecs + n) {
		st->caprecs = st->nrecs + n;
		st->recs = xreallocarray(st->recs, st->caprecs, sizeof(*st->recs));
	}
	if (st->capvals < st->nvals + nkv) {
		st->capvals = st->nvals + nkv;
		st->vals = xreallocarray(st->vals, st->capvals, sizeof(*st->vals));
	}
	size_t cap = 0;
	for (size_t i = 0; i < n;) {
		/* records [i, end): at least one, up to UNSPILL_BATCH bytes */
		size_t end = i, total = 0;
		while (end < n && (end == i || total + ents[end].len <= UNSPILL_BATCH))
			total += ents[end++].len;
		if (total > cap) {
			free(bytes);
			bytes = xmalloc(total);
			cap = total;
		}
		size_t at = 0;
		for (size_t k = i; k < end; k++) {
			if (read_back(st, ents[k].off, ents[k].len, bytes + at) < 0)
				goto fail;
			at += ents[k].len;
		}
		const char *p = bytes;
		for (; i < end; i++) {
			GROW(st->recs, st->nrecs, st->caprecs);
			decode(st, &p, &ents[i]);
			st->nrecs++;
		}
	}
	free(bytes);
	free(order);
	free(ents);
	/* every record to its place: an order of indexes, then the records */
	uint32_t *perm = xreallocarray(NULL, st->nrecs, sizeof(*perm));
	for (size_t i = 0; i < st->nrecs; i++)
		perm[i] = (uint32_t)i;
	qsort_r(perm, st->nrecs, sizeof(*perm), cmp_place, st);
	if (moved) {
		*moved = xreallocarray(NULL, old_n ? old_n : 1, sizeof(**moved));
		for (size_t i = 0; i < st->nrecs; i++)
			if (perm[i] < old_n)
				(*moved)[perm[i]] = (uint32_t)i;
	}
	/* in place, a cycle of the permutation at a time (a second array
	 * of records would double them for a moment); a place done is
	 * marked by perm[j] = j */
	for (size_t i = 0; i < st->nrecs; i++) {
		if (perm[i] == i)
			continue;
		struct record first = st->recs[i];
		size_t j = i;
		for (;;) {
			size_t k = perm[j];
			perm[j] = (uint32_t)j;
			if (k == i) {
				st->recs[j] = first;
				break;
			}
			st->recs[j] = st->recs[k];
			j = k;
		}
	}
	free(perm);
	return 0;
fail:;
	int err = errno;
	st->nrecs = old_n;
	st->nvals = old_nvals;
	free(blk);
	free(bytes);
	free(ents);
	free(order);
	errno = err;
	return -1;
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

struct extras
rec_extras(const struct store *st, const struct record *r)
{
	/* no extras in the whole store: no arrays at all */
	if (r->nextra == 0)
		return (struct extras){NULL, NULL};
	return (struct extras){st->skeys + r->keys, st->vals + r->extra};
}

size_t
store_nkeylists(const struct store *st)
{
	return st->nshapes;
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
	struct extras x = rec_extras(st, r);
	for (uint32_t i = 0; i < r->nextra; i++)
		if (x.key[i] == key)
			return store_str(st, x.value[i]);
	return NULL;
}

const char *
rec_get_open(const struct store *st, const char *name)
{
	if (!st->open)
		return NULL;
	/* not interned yet: a common field as last set, an extra as first */
	int f = field_by_name(name);
	size_t klen = strlen(name);
	const char *found = NULL;
	for (size_t i = 0; i < st->npend; i++) {
		const struct pending *e = &st->pend[i];
		if (f >= 0 ? e->what == f
			   : e->what == PEND_EXTRA && e->klen == klen &&
				     memcmp(st->ptext + e->koff, name, klen) == 0) {
			found = st->ptext + e->voff;
			if (f < 0)
				break;
		}
	}
	if (found == NULL)
		return NULL;
	return found;
}

size_t
store_memory(const struct store *st)
{
	return st->bytes + st->capstrs * sizeof(char *) +
	       st->tabsize * sizeof(struct slot) + st->caprecs * sizeof(struct record) +
	       st->capvals * sizeof(*st->vals) + st->capskeys * sizeof(*st->skeys) +
	       st->capshapes * sizeof(struct shape) + st->shtabsize * sizeof(*st->shtab) +
	       (st->iblock ? SPILL_BLOCK * sizeof(struct spilled) : 0) +
	       st->capblocks * sizeof(*st->blocks) +
	       st->wcap + st->cappend * sizeof(struct pending) + st->capptext;
}
