/* jsonpipe.c - JSON records and CSV rows decoded on several cores (jsonpipe.h). */
#include "config.h"

#include "jsonpipe.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonmem.h"
#include "util.h"

/* ---- one record ------------------------------------------------------------ */

/* Can object o have a key twice?  Its keys' hashes in a small table
 * tell at once when no two are alike (the common case); 1 when they may
 * be. */
static int
may_repeat(const cJSON *o)
{
	uint32_t table[256] = {0};
	size_t n = 0;
	for (const cJSON *it = o->child; it; it = it->next) {
		if (it->string == NULL)
			continue;
		if (++n > 128)
			return 1;
		/* a cheap print of the key: its length and three of its bytes
		 * (a clash only means the full comparison below) */
		const unsigned char *p = (const unsigned char *)it->string;
		size_t len = strlen(it->string);
		uint32_t x = (uint32_t)len * 2654435761u;
		if (len)
			x ^= (uint32_t)p[0] << 24 ^ (uint32_t)p[len / 2] << 12 ^ p[len - 1];
		x |= 1;	/* 0 marks an empty slot */
		for (size_t k = x & 255;; k = (k + 1) & 255) {
			if (table[k] == 0) {
				table[k] = x;
				break;
			}
			if (table[k] == x)
				return 1;
		}
	}
	return 0;
}

/* A key given twice in one object keeps its last value, as most JSON
 * readers do (the earlier members are removed); counted for a warning. */
static void
drop_duplicates(struct json_prep *p, cJSON *o, int depth)
{
	if (depth > JSONSCAN_MAX_DEPTH || o == NULL)
		return;
	int check = cJSON_IsObject(o) && may_repeat(o);
	for (cJSON *it = o->child; it;) {
		cJSON *next = it->next;
		if (check && it->string) {
			for (cJSON *later = next; later; later = later->next) {
				if (later->string && strcmp(later->string, it->string) == 0) {
					if (p->duplicates++ == 0)
						p->first_duplicate = xstrdup(it->string);
					cJSON_Delete(cJSON_DetachItemViaPointer(o, it));
					it = NULL;
					break;
				}
			}
		}
		if (it)
			drop_duplicates(p, it, depth + 1);
		it = next;
	}
}

/* Every \u0000 escape in a JSON text (not one whose backslash is itself
 * escaped) rewritten in place as \ufffd; returns how many. */
static size_t
json_nul_escapes(char *s, size_t n)
{
	size_t count = 0, backslashes = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\') {
			if (backslashes % 2 == 0 && i + 5 < n && memcmp(s + i + 1, "u0000", 5) == 0) {
				memcpy(s + i + 1, "ufffd", 5);
				count++;
				i += 5;
				backslashes = 0;
				continue;
			}
			backslashes++;
		} else {
			backslashes = 0;
		}
	}
	return count;
}

void
json_prepare(const char *text, size_t n, struct json_prep *p)
{
	memset(p, 0, sizeof(*p));
	p->in_arena = json_arena_in_use();
	char *copy = NULL;
	const char *from = text;
	if (memmem(text, n, "\\u0000", 6)) {
		/* "\u0000" in a string would end it early ("adm\u0000in" read as
		 * "adm"): U+FFFD instead, so the value keeps its bytes */
		copy = xstrndup(text, n);
		p->nul = json_nul_escapes(copy, n);
		from = copy;
	}
	const char *end = NULL;
	p->item = cJSON_ParseWithLengthOpts(from, n, &end, 0);
	if (p->item == NULL)
		p->fail_at = end && end >= from && end <= from + n ? (size_t)(end - from) : 0;
	free(copy);
	drop_duplicates(p, p->item, 0);
}

void
json_prep_free(struct json_prep *p)
{
	/* a tree of an arena is given back with it: read-only since it was
	 * decoded (parsers see const trees), it holds nothing of the heap,
	 * and walking it node by node would free nothing */
	if (!p->in_arena)
		cJSON_Delete(p->item);
	free(p->first_duplicate);
	p->item = NULL;
	p->first_duplicate = NULL;
}

/* ---- the pipeline ----------------------------------------------------------- */

/* A batch is published once it holds this many records or bytes (a
 * single longer record makes a batch of its own). */
#define BATCH_RECORDS 256
#define BATCH_BYTES (256u << 10)
/* a record's tree or CSV row asked for ahead is at most this long */
#define TREE_NEAR (64u << 10)
/* An arena grown past this by one long record is given back once read. */
#define ARENA_KEEP (4u << 20)
/* The scanner waits while this much record text is handed over and not
 * yet read, so memory holds a few batches, not a slot's worth of the
 * longest records for every thread (--max-record is 64 MiB). */
#define INFLIGHT_MAX (8u << 20)

enum slot_state { S_FREE, S_FILLING, S_FILLED, S_WORKING, S_DONE };

struct event {
	int skip;		/* a top-level value skipped for an error (from line first) */
	uint64_t first;
	size_t text, len;	/* the record's text, the skip's message, or a CSV row's
				 * cells (each NUL-terminated), in the arena */
	size_t pointer;		/* its JSON pointer in the arena */
	size_t offs, ncells;	/* a CSV row: its cells' offsets (size_t) in the arena */
	int overflow;		/* a CSV row cut at the record limit */
	int decode;		/* json_prepare the json_len bytes at json */
	size_t json, json_len;
	uint64_t line, offset, page, column;
	struct json_prep prep;
	uintptr_t tree;		/* the bytes of prep's tree in the batch's */
	size_t tree_len;	/* arena, when they are together (else 0) */
};

struct batch {
	uint64_t seq;
	enum slot_state state;
	struct event *ev;
	size_t n, cap;
	char *arena;
	size_t used, acap;
	struct json_arena *trees;	/* the records' cJSON trees */
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *slot;
	size_t nslot;
	uint64_t published;	/* batches the scanner handed over */
	uint64_t consumed;	/* batches the caller has read */
	size_t inflight;	/* bytes of record text in batches handed over, not read */
	int scan_done;
	int quit;
	int stop;		/* take() asked to stop: the scanner ends */
	struct batch *cur;	/* the scanner's, being filled */
	void (*produce)(struct pipe *);	/* the scanner: events into batches */
	struct text *t;
	const char *const *paths;
	size_t max_record;
	struct jscan_result res;
	struct csv *csv;	/* CSV: the reader, and the column decoded as JSON */
	const char *json_column;
	uint64_t records, skipped;	/* handed to the caller */
	int stopped;
};

static size_t
arena_put(struct batch *b, const char *s, size_t n)
{
	return bytes_put_str(&b->arena, &b->used, &b->acap, 64u << 10, s, n);
}

/* n bytes at an offset aligned for a size_t (CSV cell offsets). */
static size_t
arena_put_aligned(struct batch *b, const void *v, size_t n)
{
	static const char zeros[sizeof(size_t)];
	size_t pad = (sizeof(size_t) - b->used % sizeof(size_t)) % sizeof(size_t);
	if (pad)
		(void)arena_put(b, zeros, pad - 1);	/* and its NUL: pad bytes */
	return arena_put(b, v, n);
}

static struct event *
event_add(struct batch *b)
{
	GROW(b->ev, b->n, b->cap);
	struct event *e = &b->ev[b->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

/* The scanner's next slot, once the caller has read what it held. */
static struct batch *
slot_take(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	struct batch *b = &p->slot[p->published % p->nslot];
	while (b->state != S_FREE || (p->inflight >= INFLIGHT_MAX && p->published > p->consumed))
		pthread_cond_wait(&p->cv, &p->mu);
	b->seq = p->published;
	b->state = S_FILLING;
	pthread_mutex_unlock(&p->mu);
	return b;
}

static void
publish(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->cur->state = S_FILLED;
	p->inflight += p->cur->used;
	p->published++;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	p->cur = NULL;
}

static int
stopping(struct pipe *p)
{
	return __atomic_load_n(&p->stop, __ATOMIC_RELAXED);
}

static void
batch_full(struct pipe *p)
{
	struct batch *b = p->cur;
	if (b->n >= BATCH_RECORDS || b->used >= BATCH_BYTES)
		publish(p);
}

static int
scan_record(void *ud, const struct jrecord *r)
{
	struct pipe *p = ud;
	if (stopping(p))
		return 1;
	if (p->cur == NULL)
		p->cur = slot_take(p);
	struct batch *b = p->cur;
	struct event *e = event_add(b);
	e->text = arena_put(b, r->text, r->len);
	e->len = r->len;
	e->pointer = arena_put(b, r->pointer, strlen(r->pointer));
	e->line = r->line;
	e->offset = r->offset;
	e->page = r->page;
	e->decode = 1;
	e->json = e->text;
	e->json_len = r->len;
	batch_full(p);
	return 0;
}

static void
scan_skip(void *ud, uint64_t first, uint64_t line, uint64_t column, const char *message)
{
	struct pipe *p = ud;
	if (p->cur == NULL)
		p->cur = slot_take(p);
	struct batch *b = p->cur;
	struct event *e = event_add(b);
	e->skip = 1;
	e->first = first;
	e->text = arena_put(b, message, strlen(message));
	e->line = line;
	e->column = column;
	batch_full(p);
}

static void
produce_json(struct pipe *p)
{
	jscan_run(p->t, p->paths, p->max_record, scan_record, scan_skip, p, &p->res);
}

static void *
scanner(void *arg)
{
	struct pipe *p = arg;
	p->produce(p);
	if (p->cur)
		publish(p);
	pthread_mutex_lock(&p->mu);
	p->scan_done = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void
work(struct batch *b)
{
	if (b->trees == NULL)
		b->trees = json_arena_new();
	json_arena_use(b->trees);
	for (size_t i = 0; i < b->n; i++) {
		struct event *e = &b->ev[i];
		if (!e->decode)
			continue;
		uintptr_t lo = (uintptr_t)json_arena_top(b->trees);
		json_prepare(b->arena + e->json, e->json_len, &e->prep);
		uintptr_t hi = (uintptr_t)json_arena_top(b->trees);
		/* in one chunk, or the tree went on in a new one */
		e->tree = lo;
		e->tree_len = lo && hi > lo && hi - lo <= TREE_NEAR ? hi - lo : 0;
	}
	json_arena_use(NULL);
}

static void *
worker(void *arg)
{
	struct pipe *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->quit) {
		/* the oldest batch waiting: the caller needs it first */
		struct batch *b = NULL;
		for (uint64_t s = p->consumed; s < p->published; s++) {
			struct batch *x = &p->slot[s % p->nslot];
			if (x->seq == s && x->state == S_FILLED) {
				b = x;
				break;
			}
		}
		if (b == NULL) {
			pthread_cond_wait(&p->cv, &p->mu);
			continue;
		}
		b->state = S_WORKING;
		pthread_mutex_unlock(&p->mu);
		work(b);
		pthread_mutex_lock(&p->mu);
		b->state = S_DONE;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The next batch in order, decoded (by this thread when no worker has
 * taken it yet); NULL at the end. */
static struct batch *
next_batch(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct batch *b = &p->slot[p->consumed % p->nslot];
		if (b->seq == p->consumed && b->state == S_DONE)
			break;
		if (b->seq == p->consumed && b->state == S_FILLED) {
			b->state = S_WORKING;
			pthread_mutex_unlock(&p->mu);
			work(b);
			pthread_mutex_lock(&p->mu);
			b->state = S_DONE;
			break;
		}
		if (p->scan_done && p->consumed == p->published) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		pthread_cond_wait(&p->cv, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return &p->slot[p->consumed % p->nslot];
}

static void
batch_release(struct pipe *p, struct batch *b)
{
	size_t used = b->used;
	b->n = 0;
	b->used = 0;
	if (b->trees)
		json_arena_reset(b->trees);
	if (b->acap > ARENA_KEEP) {
		free(b->arena);
		b->arena = NULL;
		b->acap = 0;
	}
	pthread_mutex_lock(&p->mu);
	b->state = S_FREE;
	p->inflight -= used;
	p->consumed++;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

struct serial {
	jpipe_take_fn take;
	jskip_fn skip;
	void *ud;
	struct json_arena *trees;
};

static void
serial_skip(void *ud, uint64_t first, uint64_t line, uint64_t column, const char *message)
{
	struct serial *s = ud;
	if (s->skip)
		s->skip(s->ud, first, line, column, message);
}

static int
serial_record(void *ud, const struct jrecord *r)
{
	struct serial *s = ud;
	struct json_prep prep;
	json_arena_use(s->trees);
	json_prepare(r->text, r->len, &prep);
	json_arena_use(NULL);
	int stop = s->take(s->ud, r, &prep);
	json_arena_reset(s->trees);
	return stop;
}

void
jpipe_serial(struct text *t, const char *const *paths, size_t max_record,
	     jpipe_take_fn take, jskip_fn skip, void *ud, struct jscan_result *res)
{
	struct serial s = {take, skip, ud, json_arena_new()};
	jscan_run(t, paths, max_record, serial_record, skip ? serial_skip : NULL, &s, res);
	json_arena_free(s.trees);
}

/* One event to the caller, in order; non-zero to stop. */
typedef int (*deliver_fn)(struct pipe *p, struct batch *b, struct event *e, void *ud);

/* Ask for an event's text and tree before it is delivered: a worker on
 * another core wrote them, and the parser walks the tree member by
 * member, a cache miss at a time, while the record before is read. */
static void
prefetch_event(const struct batch *b, const struct event *e)
{
	/* a CSV row's cells are read there; a JSON record's text is not */
	const char *text = b->arena + e->text;
	for (size_t off = 0; e->ncells && off < e->len && off < TREE_NEAR; off += 64)
		__builtin_prefetch(text + off);
	for (size_t off = 0; off < e->tree_len; off += 64)
		__builtin_prefetch((const char *)e->tree + off);
}

/* Run p->produce on a thread of its own and the decoding on jobs - 1
 * workers, handing every event to deliver on this thread in order; -1
 * (nothing read) when no thread could be started. */
static int
pipe_run(struct pipe *p, unsigned jobs, deliver_fn deliver, void *ud)
{
	unsigned nworkers = jobs > 1 ? jobs - 1 : 1;
	/* enough slots that every worker and the scanner have one each while
	 * the caller reads another */
	p->nslot = 2 * (size_t)nworkers + 4;
	p->slot = xcalloc(p->nslot, sizeof(*p->slot));
	for (size_t i = 0; i < p->nslot; i++)
		p->slot[i].seq = UINT64_MAX;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	pthread_t scan_thread;
	if (pthread_create(&scan_thread, NULL, scanner, p) != 0) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		free(p->slot);
		return -1;
	}
	pthread_t *workers = xcalloc(nworkers, sizeof(*workers));
	unsigned started = 0;
	for (unsigned i = 0; i < nworkers; i++)
		if (pthread_create(&workers[started], NULL, worker, p) == 0)
			started++;
	struct batch *b;
	while ((b = next_batch(p)) != NULL) {
		if (b->n)
			prefetch_event(b, &b->ev[0]);
		for (size_t i = 0; i < b->n; i++) {
			struct event *e = &b->ev[i];
			if (i + 1 < b->n)
				prefetch_event(b, &b->ev[i + 1]);
			if (p->stopped) {
				json_prep_free(&e->prep);
				continue;
			}
			if (deliver(p, b, e, ud)) {
				p->stopped = 1;
				__atomic_store_n(&p->stop, 1, __ATOMIC_RELAXED);
			}
		}
		batch_release(p, b);
	}
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(scan_thread, NULL);
	for (unsigned i = 0; i < started; i++)
		pthread_join(workers[i], NULL);
	free(workers);
	for (size_t i = 0; i < p->nslot; i++) {
		free(p->slot[i].ev);
		free(p->slot[i].arena);
		json_arena_free(p->slot[i].trees);
	}
	free(p->slot);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	return 0;
}

struct json_deliver {
	jpipe_take_fn take;
	jskip_fn skip;
	void *ud;
};

static int
deliver_json(struct pipe *p, struct batch *b, struct event *e, void *ud)
{
	struct json_deliver *d = ud;
	if (e->skip) {
		p->skipped++;
		if (d->skip)
			d->skip(d->ud, e->first, e->line, e->column, b->arena + e->text);
		return 0;
	}
	struct jrecord r = {
		.text = b->arena + e->text,
		.len = e->len,
		.pointer = b->arena + e->pointer,
		.line = e->line,
		.offset = e->offset,
		.page = e->page,
	};
	p->records++;
	return d->take(d->ud, &r, &e->prep);
}

void
jpipe_run(struct text *t, const char *const *paths, size_t max_record, unsigned jobs,
	  jpipe_take_fn take, jskip_fn skip, void *ud, struct jscan_result *res)
{
	struct pipe p = {.t = t, .paths = paths, .max_record = max_record,
			 .produce = produce_json};
	struct json_deliver d = {take, skip, ud};
	if (pipe_run(&p, jobs, deliver_json, &d) < 0) {
		/* no thread to be had: read it here, in turn */
		jpipe_serial(t, paths, max_record, take, skip, ud, res);
		return;
	}
	*res = p.res;
	/* what jscan_run says when its callback stops it: the records up to
	 * that one, and no error from text it would not have read */
	res->records = p.records;
	res->skipped = p.skipped;
	if (p.stopped) {
		res->stopped = 1;
		res->error = 0;
		res->message[0] = '\0';
	}
}

/* ---- CSV ------------------------------------------------------------------------ */

/* The index of the column called name in the header row the reader holds,
 * or -1. */
static int
json_column_index(const struct csv *csv, const char *name)
{
	if (name == NULL)
		return -1;
	for (size_t i = 0; i < csv_ncells(csv); i++)
		if (csv_name_eq(csv_cell(csv, i), name))
			return (int)i;
	return -1;
}

/* Where the JSON of column k is in the current row: 0 when the row has
 * no such cell or it holds nothing but white space (not decoded). */
static int
row_json(const struct csv *csv, int k, size_t *off, size_t *len)
{
	if (k < 0 || (size_t)k >= csv_ncells(csv))
		return 0;
	const char *cell = csv_cell(csv, (size_t)k);
	if (cell[strspn(cell, " \t\r\n")] == '\0')
		return 0;
	*off = (size_t)(cell - csv->row.data);
	*len = strlen(cell);
	return 1;
}

static void
produce_csv(struct pipe *p)
{
	int k = -1, header = 1;
	while (!stopping(p) && csv_next(p->csv)) {
		const struct csv *csv = p->csv;
		if (header)
			k = json_column_index(csv, p->json_column);
		if (p->cur == NULL)
			p->cur = slot_take(p);
		struct batch *b = p->cur;
		struct event *e = event_add(b);
		e->text = arena_put(b, csv->row.data ? csv->row.data : "", csv->row.len);
		e->len = csv->row.len;
		e->ncells = csv->ncells;
		e->offs = arena_put_aligned(b, csv->offs, csv->ncells * sizeof(*csv->offs));
		e->overflow = csv->overflow;
		e->line = csv->line;
		size_t off, len;
		if (!header && row_json(csv, k, &off, &len)) {
			e->decode = 1;
			e->json = e->text + off;
			e->json_len = len;
		}
		header = 0;
		batch_full(p);
	}
}

struct csv_deliver {
	cpipe_take_fn take;
	void *ud;
	struct csv *view;	/* the row handed over, pointing into the batch */
};

static int
deliver_csv(struct pipe *p, struct batch *b, struct event *e, void *ud)
{
	(void)p;
	struct csv_deliver *d = ud;
	struct csv *v = d->view;
	v->row.data = b->arena + e->text;
	v->row.len = e->len;
	v->offs = (size_t *)(void *)(b->arena + e->offs);
	v->ncells = e->ncells;
	v->overflow = e->overflow;
	v->line = e->line;
	int stop = d->take(d->ud, v, e->decode ? &e->prep : NULL);
	json_prep_free(&e->prep);
	return stop;
}

void
cpipe_serial(struct csv *csv, const char *json_column, cpipe_take_fn take, void *ud)
{
	struct json_arena *trees = json_arena_new();
	int k = -1, header = 1;
	while (csv_next(csv)) {
		if (header)
			k = json_column_index(csv, json_column);
		struct json_prep prep;
		size_t off, len;
		int decode = !header && row_json(csv, k, &off, &len);
		if (decode) {
			json_arena_use(trees);
			json_prepare(csv->row.data + off, len, &prep);
			json_arena_use(NULL);
		}
		header = 0;
		int stop = take(ud, csv, decode ? &prep : NULL);
		if (decode)
			json_prep_free(&prep);
		json_arena_reset(trees);
		if (stop)
			break;
	}
	json_arena_free(trees);
}

void
cpipe_run(struct csv *csv, const char *json_column, unsigned jobs, cpipe_take_fn take,
	  void *ud)
{
	struct pipe p = {.csv = csv, .json_column = json_column, .produce = produce_csv};
	struct csv *view = xcalloc(1, sizeof(*view));
	struct csv_deliver d = {take, ud, view};
	if (pipe_run(&p, jobs, deliver_csv, &d) < 0)
		cpipe_serial(csv, json_column, take, ud);
	free(view);
}
