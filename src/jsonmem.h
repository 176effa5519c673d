/*
 * jsonmem.h - where cJSON's memory comes from.
 *
 * A month of sign-ins is millions of small cJSON trees, each freed node by
 * node once its record is read.  A reader that sets an arena on its
 * thread (json_arena_use) gets the nodes and strings of the trees it
 * parses from the arena, by bumping a pointer, and gives them all back
 * at once with json_arena_reset; cJSON_Delete on such a tree frees only
 * what was added to it from the heap.  Without an arena, cJSON allocates
 * from the heap as usual (through xmalloc: out of memory ends the run).
 *
 * The hooks are installed before main() in every program linked with
 * this file, so every cJSON allocation carries the small header that
 * says which of the two it came from.
 *
 * Ownership: the arena owns what was allocated from it; a tree parsed
 * from it must not be used after json_arena_reset or json_arena_free.
 * Only the thread that set an arena allocates from it.
 */
#ifndef TRIAGE_JSONMEM_H
#define TRIAGE_JSONMEM_H

#include <stddef.h>

struct json_arena;

struct json_arena *json_arena_new(void);
void json_arena_free(struct json_arena *a);
/* Everything allocated from a given back (its first chunks kept). */
void json_arena_reset(struct json_arena *a);
/* cJSON allocations on this thread come from a (NULL: the heap). */
void json_arena_use(struct json_arena *a);
/* Does this thread allocate from an arena now? */
int json_arena_in_use(void);
/* Where a's next allocation would start if it fits in the chunk being
 * filled (NULL before the first): what lies between two calls was
 * allocated in between, when the second is above the first and near. */
const char *json_arena_top(const struct json_arena *a);
/* Bytes the arena holds, for statistics and tests. */
size_t json_arena_size(const struct json_arena *a);

#endif
