/* fuzz_json.c - the JSON record scanner on any bytes. */
#include "config.h"

#include "fuzz.h"
#include "jsonscan.h"

static int
each(void *ud, const struct jrecord *r)
{
	(void)ud;
	volatile size_t n = r->len;
	(void)n;
	return 0;
}

static void
skip(void *ud, uint64_t line, uint64_t column, const char *message)
{
	(void)ud;
	(void)line;
	(void)column;
	(void)message;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {"/value", "/records", "/log/entries", NULL};
	struct stream s;
	struct mem_source m;
	stream_init_mem(&s, &m, data, size);
	struct text t;
	text_init(&t, &s, 4096);
	struct jscan_result res;
	jscan_run(&t, paths, 4096, each, skip, NULL, &res);
	text_free(&t);
	stream_free(&s);
	return 0;
}
