/* fuzz_parsers.c - any bytes through every parser's bid and, whatever the
 * bid, through every parser's parse, so no parser is shielded by its
 * sniffing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "parser.h"
#include "sniff.h"

/* Each parser with every reading path it has (XML, CSV, JSON, lines). */
static const struct {
	const struct parser *parser;
	const char *format;
} runs[] = {
	{&parser_salesforce_metadata, "sf.connected_app"},
	{&parser_salesforce_export, "sf.elf.csv"},
	{&parser_salesforce_export, "sf.soql.json"},
	{&parser_entra, "entra.signin.graph"},
	{&parser_entra, "entra.audit.loganalytics.csv"},
	{&parser_m365_audit, "m365.audit.csv"},
	{&parser_m365_audit, "m365.audit.json"},
	{&parser_har, "har"},
	{&parser_addin_log, "addin.runtime_log"},
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
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		{
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
			(void)runs[i].parser->parse(&c, runs[i].format);
			store_cancel(st);
			stream_free(&str);
			store_free(st);
			inputs_free(&ins);
		}
	}
	return 0;
}
