/*
 * store.h - the record store: every record every parser emits.
 *
 * A record is an event (it has a time) or a fact (configuration at export
 * time, no time).  It has a kind ("entra.signin"), the common fields that
 * mean the same in every source (user, app, code, ...), any other source
 * field as key/value, and where it came from (the input entry plus a line
 * number or a JSON pointer).
 *
 * Ownership: the store owns every string in it.  Functions that take a
 * string copy (intern) it; the store never keeps a caller's pointer.
 * Strings and records returned by the store stay valid until store_free().
 * Equal strings share one copy and one id, so comparing ids compares text.
 *
 * Emitting: store_begin() opens a record, rec_set*() fill it, store_end()
 * commits it.  One record is open at a time per store.
 */
#ifndef TRIAGE_STORE_H
#define TRIAGE_STORE_H

#include <stddef.h>
#include <stdint.h>

#define TIME_NONE INT64_MIN

/* The common fields, normalised across sources (DESIGN.md, Records). */
enum field {
	F_USER,
	F_APP,
	F_CODE,
	F_STATUS,
	F_MESSAGE,
	F_IP,
	F_CORRELATION_ID,
	F_TENANT,
	F_ORG,
	F_COUNT
};

/* A record's extras: key[i] and value[i] (string ids), i < nextra.  The
 * keys are shared by every record with the same keys in the same order. */
struct extras {
	const uint32_t *key;
	const uint32_t *value;
};

struct record {
	uint32_t kind;		/* string id */
	uint32_t input;		/* index of the input entry */
	int64_t time;		/* ms since 1970 UTC, or TIME_NONE */
	uint32_t field[F_COUNT];/* string ids, 0 = absent */
	uint32_t line;		/* 1-based line, 0 = none */
	uint32_t pointer;	/* string id of a "#/value/3" style suffix, */
	uint32_t pindex;	/* less its last index ("#/value/", 4); 0: whole */
	uint32_t extra;		/* its first value in the store's values */
	uint32_t keys;		/* its first key in the store's key lists */
	uint32_t nextra;
	uint32_t seq;		/* the order it was read in, among all records */
};

struct store;

struct store *store_new(void);
void store_free(struct store *st);

/* Intern n bytes (need not be NUL-terminated); id 0 is the empty string. */
uint32_t store_intern(struct store *st, const char *s, size_t n);
uint32_t store_intern_str(struct store *st, const char *s);
const char *store_str(const struct store *st, uint32_t id);
/* The id of s if it is already interned, else 0. */
uint32_t store_lookup(const struct store *st, const char *s);

const char *field_name(enum field f);
/* The field for a common name ("user", "correlation_id"), or -1. */
int field_by_name(const char *name);

/* After the inputs were renumbered (inputs_sort: map[old] = new, of n):
 * each record's input renumbered, and the records put in the order of
 * their inputs, each entry's records in the order they were read. */
void store_renumber_inputs(struct store *st, const uint32_t *map, size_t n);

struct record *store_begin(struct store *st, uint32_t input, const char *kind);
void rec_set_time(struct store *st, int64_t ms);
void rec_set_line(struct store *st, uint64_t line);
/* The open record's JSON pointer suffix (NULL or empty: none given).
 * An array index that ends it is kept as a number: a page of sign-ins
 * then has one pointer string, not one per record. */
void rec_set_pointer(struct store *st, const char *suffix);
/* The open record at the place of record from: its line and pointer. */
void rec_set_place(struct store *st, const struct record *from);
/* Record r's pointer suffix, whole, in buf (cut to cap bytes, cap > 0);
 * "" if it has none.  Returns the length of the whole text. */
size_t rec_pointer(const struct store *st, const struct record *r, char *buf, size_t cap);
/* Set a common field when name is one, else add an extra key/value.
 * Empty values are not stored. */
void rec_set(struct store *st, const char *name, const char *value, size_t n);
void rec_set_str(struct store *st, const char *name, const char *value);
void store_end(struct store *st);
/* The open record stays in memory, at the index store_count() gives now
 * (a parser that will correct it later); called before store_begin(),
 * the record begun next. */
void store_pin(struct store *st);
/* Drop the open record, if any (a parser that gave up half way). */
void store_cancel(struct store *st);

size_t store_count(const struct store *st);
/* Correct the time of committed record i (a day/month order decided
 * after the record was read). */
void store_set_time(struct store *st, size_t i, int64_t ms);
/* Set common field f of committed record i (the model naming an app
 * that a record gave only by its id). */
void store_set_field(struct store *st, size_t i, enum field f, const char *value);
const struct record *store_get(const struct store *st, size_t i);
/* The value of field name in r: a common field or an extra; NULL if absent. */
const char *rec_get(const struct store *st, const struct record *r,
		    const char *name);
struct extras rec_extras(const struct store *st, const struct record *r);
/* How many different lists of extras' keys the store holds. */
size_t store_nkeylists(const struct store *st);
/* The value of field name in the open record, or NULL; valid until the
 * record is given another field or ends. */
const char *rec_get_open(const struct store *st, const char *name);

/* ---- spilling: routine records written out while a large input is read --
 *
 * `analyze` keeps in memory what its correlator needs: errors, facts,
 * changes and the first record of each person in each file.  The other
 * records a policy (keep) calls routine - successful sign-ins, mostly - are
 * written to an unlinked temporary file and their strings given back, so
 * memory follows what is kept, not the input.  What recovery needs of
 * them (struct spilled, an entry per record) goes to the same file a
 * block of entries at a time and is read back in order
 * (store_spilled_begin); the analysis then asks for the records its
 * checks read (store_unspill) and they come back in their place.
 */
struct spilled {
	int64_t time;
	uint64_t corr;		/* store_hash64() of its correlation id, 0: none */
	uint64_t off;		/* where it is in the spill file */
	uint32_t len;		/* the bytes it took there */
	uint32_t kind, user, app;	/* string ids (app 0: none), kept in memory */
	uint32_t about;		/* the other person it names (string id), or 0 */
	uint32_t input, seq;
	uint32_t nextra;	/* its extras (what it takes back in memory) */
};

/* Reading the entries back in the order spilled, a block at a time: a
 * pass holds one block whatever the size of the input.  The iterator owns
 * its block; store_spilled_end() frees it.  A spill file that cannot be
 * read back ends the run (fatal), as it does in store_unspill's caller. */
struct spilled_iter {
	const struct store *st;
	size_t next;		/* index of the next entry */
	size_t base;		/* index of block[0] */
	size_t nblock;		/* entries in block */
	struct spilled *block;
};

/* Is committed record r needed in memory?  0: it may be spilled; then
 * *about is the value of the one field naming another person than its
 * user, or 0. */
typedef int (*store_keep_fn)(void *ud, const struct store *st, const struct record *r,
			     uint32_t *about);

/* Does keep() read the value of extra key of a record?  A record that
 * may be spilled is given to keep() with those extras and the common
 * fields (but its correlation id and address) interned, the rest
 * interned only if it stays: a value seen once (an id, a time) costs a
 * cache miss to intern, and most records that may go do. */
typedef int (*store_reads_fn)(void *ud, const struct store *st, uint32_t key);

/* A temporary file in TMPDIR (else /tmp), already unlinked; -1 (errno
 * set) if none could be made. */
int store_spill_open(void);
/* From now on, once min records are kept, a record keep() says is routine
 * is spilled to fd (from store_spill_open(); the store then owns it).
 * keep() is asked of every record, from the first. */
void store_spill_start(struct store *st, int fd, size_t min, store_keep_fn keep, void *ud);
/* What keep() reads of records (store_spill_start's ud is given to it);
 * without it, keep() is given every extra. */
void store_spill_reads(struct store *st, store_reads_fn reads);
/* Reading is over: spill no more (what is pending is written). */
void store_spill_stop(struct store *st);
/* The first string id of the record being (or last) emitted: ids from
 * it on were new in that record, and go if it is spilled. */
uint32_t store_first_new(const struct store *st);
/* How many records were spilled. */
size_t store_nspilled(const struct store *st);
/* The entries from the i-th on (0: all) in the order read: next() gives
 * each, then NULL; an entry stays valid until the next call. */
void store_spilled_begin(const struct store *st, struct spilled_iter *it, size_t i);
const struct spilled *store_spilled_next(struct spilled_iter *it);
void store_spilled_end(struct spilled_iter *it);
/* Bring back spilled records which[0..n) (indexes in the order of
 * store_spilled_next()) and put every record where it would be with
 * nothing spilled: in the order of reading, or, once the inputs were
 * renumbered, of its input and then of reading.  If moved is not NULL,
 * *moved[i] is where record i went (the caller frees it; NULL when
 * n is 0).  Returns 0, or -1 if the spill file could not be read back
 * (errno set; nothing changed). */
int store_unspill(struct store *st, const size_t *which, size_t n, uint32_t **moved);
/* Spilled record e read back on its own, past the last record (not one
 * of them: store_count() is unchanged), for a command that reads each
 * once (timeline); store_peek_end() gives back what it took.  One at a
 * time; a spill file that cannot be read ends the run (fatal). */
const struct record *store_peek(struct store *st, const struct spilled *e);
void store_peek_end(struct store *st);
/* Are records (and so their places) in the order of their inputs, then
 * of reading (after store_renumber_inputs), or of reading alone? */
int store_in_input_order(const struct store *st);
/* From now on a record without a user may be spilled too (timeline:
 * recovery does not read the spilled records, nothing needs their
 * person). */
void store_spill_nameless(struct store *st);
/* Drop committed records from n on (records the model derived). */
void store_truncate(struct store *st, size_t n);
/* From now on records are counted and given back as they are committed,
 * all but those pinned (`inventory`, which reports only the counts). */
void store_count_only(struct store *st);
/* Records read: those in memory, those spilled and those only counted. */
size_t store_read_count(const struct store *st);
/* A hash of n bytes that is the same in every run (for keys that must be
 * compared across the store and the spill file). */
uint64_t store_hash64(const char *s, size_t n);

/* Bytes held by the store, for statistics. */
size_t store_memory(const struct store *st);

#endif
