/* fuzz_json.c - the JSON record scanner on any bytes, and the records it
 * finds decoded on one thread (jpipe_serial) and on three (jpipe_run):
 * both must hand over the same records, skips and result. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "jsonpipe.h"
#include "jsonscan.h"
#include "util.h"

static int
each(void *ud, const struct jrecord *r)
{
	(void)ud;
	volatile size_t n = r->len;
	(void)n;
	return 0;
}

static void
skip(void *ud, uint64_t first, uint64_t line, uint64_t column, const char *message)
{
	(void)ud;
	(void)first;
	(void)line;
	(void)column;
	(void)message;
}

struct seen {
	struct buf b;
	unsigned n;
	unsigned stop_at;
};

static int
take(void *ud, const struct jrecord *r, struct json_prep *p)
{
	struct seen *s = ud;
	char line[128];
	snprintf(line, sizeof(line), "%s %llu %llu %d %zu %zu %llu|", r->pointer,
		 (unsigned long long)r->line, (unsigned long long)r->offset, p->item != NULL,
		 p->fail_at, p->nul, (unsigned long long)p->duplicates);
	buf_add(&s->b, line, strlen(line));
	json_prep_free(p);
	return s->stop_at && ++s->n == s->stop_at;
}

static void
took_skip(void *ud, uint64_t first, uint64_t line, uint64_t column, const char *message)
{
	struct seen *s = ud;
	char text[340];
	snprintf(text, sizeof(text), "skip %llu %llu %llu %s|", (unsigned long long)first,
		 (unsigned long long)line, (unsigned long long)column, message);
	buf_add(&s->b, text, strlen(text));
}

static const char *const paths[] = {"/value", "/records", "/log/entries", NULL};

static void
piped(const uint8_t *data, size_t size, unsigned jobs, unsigned stop_at, struct seen *s,
      struct jscan_result *res)
{
	struct stream st;
	struct mem_source m;
	stream_init_mem(&st, &m, data, size);
	struct text t;
	text_init(&t, &st, 4096);
	buf_init(&s->b, SIZE_MAX / 2);
	s->n = 0;
	s->stop_at = stop_at;
	if (jobs == 1)
		jpipe_serial(&t, paths, 4096, take, took_skip, s, res);
	else
		jpipe_run(&t, paths, 4096, jobs, take, took_skip, s, res);
	text_free(&t);
	stream_free(&st);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s;
	struct mem_source m;
	stream_init_mem(&s, &m, data, size);
	struct text t;
	text_init(&t, &s, 4096);
	struct jscan_result res;
	jscan_run(&t, paths, 4096, each, skip, NULL, &res);
	text_free(&t);
	stream_free(&s);

	/* the first byte picks where take() stops (0: never) */
	unsigned stop_at = size ? data[0] % 8 : 0;
	struct seen one, three;
	struct jscan_result r1, r3;
	piped(data, size, 1, stop_at, &one, &r1);
	piped(data, size, 3, stop_at, &three, &r3);
	if (one.b.len != three.b.len ||
	    (one.b.len && memcmp(one.b.data, three.b.data, one.b.len) != 0) ||
	    r1.records != r3.records || r1.skipped != r3.skipped || r1.error != r3.error ||
	    r1.stopped != r3.stopped || strcmp(r1.message, r3.message) != 0 ||
	    (r1.error && (r1.line != r3.line || r1.column != r3.column || r1.offset != r3.offset)))
		abort();	/* three threads read what one does not */
	buf_free(&one.b);
	buf_free(&three.b);
	return 0;
}
