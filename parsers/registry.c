/* registry.c - the table of parsers the sniffer asks to bid, built from
 * parsers.def. */
#include "config.h"

#include <string.h>

#include "parser.h"

#define PARSER(n) extern const struct parser parser_##n;
#include "parsers.def"
#undef PARSER

const struct parser *const parser_table[] = {
#define PARSER(n) &parser_##n,
#include "parsers.def"
#undef PARSER
	NULL,
};

const struct parser *
parser_by_name(const char *name)
{
	for (size_t i = 0; parser_table[i]; i++)
		if (strcmp(parser_table[i]->name, name) == 0)
			return parser_table[i];
	return NULL;
}
