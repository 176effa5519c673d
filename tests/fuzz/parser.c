/* parser.c - any bytes through the sniffer (every bid, the description)
 * and through every reading path (each format of parsers.def's families)
 * regardless of what they would bid, so no parser is shielded by its
 * sniffing.  FUZZ_PARSER=<family> in the environment restricts a fuzzing
 * campaign to one family ("entra", "salesforce-export", ...). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "parse.h"
#include "parser.h"
#include "sniff.h"

static const struct parser *only;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *name = getenv("FUZZ_PARSER");
	if (name && *name) {
		only = parser_by_name(name);
		if (only == NULL) {
			fprintf(stderr, "FUZZ_PARSER: no parser family \"%s\"\n", name);
			exit(2);
		}
	}
	return 0;
}

static void
run(const struct parser *p, const char *format, const uint8_t *data, size_t size,
    const struct options *opt)
{
	struct inputs ins;
	inputs_init(&ins);
	size_t idx = inputs_add(&ins, "fuzz", 0);
	struct store *st = store_new();
	struct stream str;
	struct mem_source m;
	stream_init_mem(&str, &m, data, size);
	struct parse_ctx c = {.stream = &str, .input = &ins.v[idx], .input_id = 0,
			      .store = st, .opt = opt, .name = "fuzz"};
	(void)pctx_run(&c, p, format);
	stream_free(&str);
	store_free(st);
	inputs_free(&ins);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options opt;
	options_defaults(&opt);
	opt.limits.record_bytes = 1u << 20;
	struct sniff s;
	sniff_build(&s, "fuzz", data, size < SNIFF_BYTES ? size : SNIFF_BYTES,
		    size <= SNIFF_BYTES);
	const char *fmt;
	(void)sniff_choose(&s, &fmt, NULL);
	free(sniff_describe(&s));
	sniff_free(&s);
	for (size_t i = 0; parser_table[i]; i++) {
		const struct parser *p = parser_table[i];
		if (only && p != only)
			continue;
		for (size_t f = 0; p->formats && p->formats[f]; f++)
			run(p, p->formats[f], data, size, &opt);
	}
	return 0;
}
