/* parser.c - one parser family on any bytes, through each of its reading
 * paths regardless of what it would bid.  Built once per family with
 * FUZZ_PARSER (the struct parser) and FUZZ_FORMATS (its formats). */
#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "parser.h"
#include "sniff.h"

static const char *const formats[] = {FUZZ_FORMATS, NULL};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct parser *p = &FUZZ_PARSER;
	struct options opt;
	options_defaults(&opt);
	opt.limits.record_bytes = 1u << 20;
	struct sniff s;
	sniff_build(&s, "fuzz", data, size < SNIFF_BYTES ? size : SNIFF_BYTES,
		    size <= SNIFF_BYTES);
	const char *fmt = NULL;
	(void)p->bid(&s, &fmt);
	sniff_free(&s);
	for (size_t f = 0; formats[f]; f++) {
		struct inputs ins;
		inputs_init(&ins);
		size_t idx = inputs_add(&ins, "fuzz", 0);
		struct store *st = store_new();
		struct stream str;
		struct mem_source m;
		stream_init_mem(&str, &m, data, size);
		struct parse_ctx c = {.stream = &str, .input = &ins.v[idx], .input_id = 0,
				      .store = st, .opt = &opt, .name = "fuzz"};
		(void)p->parse(&c, formats[f]);
		store_cancel(st);
		stream_free(&str);
		store_free(st);
		inputs_free(&ins);
	}
	return 0;
}
