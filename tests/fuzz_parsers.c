/* fuzz_parsers.c - any bytes through every parser's bid and, whatever the
 * bid, every format each parser knows, so no parser is shielded by its
 * sniffing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "parser.h"
#include "sniff.h"

static const char *const formats[] = {
	"sf.connected_app", "sf.elf.csv", "sf.soql.json", "entra.signin.graph",
	"entra.audit.loganalytics.csv", "m365.audit.csv", "m365.audit.json", "har",
	"addin.runtime_log", "log.timestamped", NULL,
};

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
	char *d = sniff_describe(&s);
	free(d);
	sniff_free(&s);
	for (size_t p = 0; parser_table[p]; p++) {
		for (size_t f = 0; formats[f]; f++) {
			struct inputs ins;
			inputs_init(&ins);
			size_t idx = inputs_add(&ins, "fuzz", 0);
			struct store *st = store_new();
			struct stream str;
			struct mem_source m;
			stream_init_mem(&str, &m, data, size);
			struct parse_ctx c = {.stream = &str, .input = &ins.v[idx],
					      .input_id = 0, .store = st, .opt = &opt,
					      .name = "fuzz"};
			(void)parser_table[p]->parse(&c, formats[f]);
			store_cancel(st);
			stream_free(&str);
			store_free(st);
			inputs_free(&ins);
		}
	}
	return 0;
}
