/* jsonmem.c - cJSON's memory: the heap, or a thread's arena (jsonmem.h). */
#include "config.h"

#include "jsonmem.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>

#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
/* a tree used after its arena was reset is reported as ASan reports a
 * use after free */
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* Every allocation made through the hooks starts with this header, so the
 * free hook knows where it came from (and notices a pointer that never
 * came from either). */
#define TAG_HEAP  UINT64_C(0x7472696167656870)
#define TAG_ARENA UINT64_C(0x7472696167656172)
#define HEADER sizeof(uint64_t)

#define CHUNK (256u << 10)	/* an arena grows by chunks of this size */
#define KEEP_CHUNKS 16		/* ... and keeps up to this many on reset */

struct chunk {
	struct chunk *next;
	size_t size, used;
	uint64_t data[];	/* 8-byte aligned, as cJSON's doubles need */
};

struct json_arena {
	struct chunk *head;	/* being filled */
	struct chunk *spare;	/* kept from before the last reset */
	size_t bytes;
};

static _Thread_local struct json_arena *current;

static void *
arena_alloc(struct json_arena *a, size_t n)
{
	size_t need = (n + 7) & ~(size_t)7;
	struct chunk *c = a->head;
	if (c == NULL || c->size - c->used < need) {
		if (need <= CHUNK && a->spare) {
			c = a->spare;
			a->spare = c->next;
		} else {
			size_t size = need > CHUNK ? need : CHUNK;
			c = xmalloc(sizeof(*c) + size);
			c->size = size;
			a->bytes += size;
			POISON(c->data, size);
		}
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += need;
	UNPOISON(p, need);
	return p;
}

static void *
hook_malloc(size_t n)
{
	uint64_t *h;
	if (n > SIZE_MAX - 2 * HEADER)
		return NULL;
	if (current) {
		h = arena_alloc(current, n + HEADER);
		*h = TAG_ARENA;
	} else {
		h = xmalloc(n + HEADER);
		*h = TAG_HEAP;
	}
	return h + 1;
}

static void
hook_free(void *p)
{
	if (p == NULL)
		return;
	uint64_t *h = (uint64_t *)p - 1;
	if (*h == TAG_HEAP) {
		*h = 0;
		free(h);
	} else if (*h != TAG_ARENA) {
		abort();	/* not from cJSON's allocator: a bug, stop here */
	}
}

__attribute__((constructor)) static void
jsonmem_install(void)
{
	cJSON_Hooks hooks = {.malloc_fn = hook_malloc, .free_fn = hook_free};
	cJSON_InitHooks(&hooks);
}

int
json_arena_in_use(void)
{
	return current != NULL;
}

struct json_arena *
json_arena_new(void)
{
	return xcalloc(1, sizeof(struct json_arena));
}

static void
chunks_free(struct json_arena *a, struct chunk *c)
{
	while (c) {
		struct chunk *next = c->next;
		a->bytes -= c->size;
		UNPOISON(c->data, c->size);
		free(c);
		c = next;
	}
}

void
json_arena_reset(struct json_arena *a)
{
	size_t kept = 0;
	for (struct chunk *c = a->spare; c; c = c->next)
		kept++;
	while (a->head) {
		struct chunk *c = a->head;
		a->head = c->next;
		if (c->size == CHUNK && kept < KEEP_CHUNKS) {
			POISON(c->data, c->size);
			c->next = a->spare;
			a->spare = c;
			kept++;
		} else {
			c->next = NULL;
			chunks_free(a, c);
		}
	}
}

void
json_arena_free(struct json_arena *a)
{
	if (a == NULL)
		return;
	if (current == a)
		current = NULL;
	chunks_free(a, a->head);
	chunks_free(a, a->spare);
	free(a);
}

void
json_arena_use(struct json_arena *a)
{
	current = a;
}

const char *
json_arena_top(const struct json_arena *a)
{
	return a->head ? (const char *)a->head->data + a->head->used : NULL;
}

size_t
json_arena_size(const struct json_arena *a)
{
	return a->bytes;
}
