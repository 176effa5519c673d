/* fuzz_rules.c - any bytes as a rule file and as an error book file (the
 * YAML loader, the rule language's expressions and patterns), then the
 * rules that loaded asked to explain a few texts, as `triage explain`
 * does with a -R directory. */
#include "config.h"

#include <stdio.h>

#include "book.h"
#include "explain.h"
#include "fuzz.h"
#include "rules.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset rs;
	ruleset_init(&rs);
	ruleset_load_memory(&rs, "fuzz.yml", data, size);
	book_load_memory(&rs.book, "book/fuzz.yml", data, size, &rs.errors);
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		char *texts[] = {(char *)"AADSTS50105: access denied for this user",
				 (char *)"INVALID_SESSION_ID", (char *)"0x80070005"};
		explain_write(null, &rs, texts, 3, 0);
		explain_write(null, &rs, texts, 3, 1);
		fclose(null);
	}
	ruleset_free(&rs);
	return 0;
}
