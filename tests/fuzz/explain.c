/* fuzz_explain.c - any bytes as the text pasted into `triage explain`,
 * against the built-in rules and error book, in text and JSON. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "explain.h"
#include "fuzz.h"
#include "rules.h"
#include "util.h"

static struct ruleset rules;
static int loaded;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!loaded) {
		ruleset_init(&rules);
		ruleset_load_builtin(&rules);
		loaded = 1;
	}
	char *text = xstrndup((const char *)data, size);
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		explain_write(null, &rules, &text, 1, 0);
		explain_write(null, &rules, &text, 1, 1);
		fclose(null);
	}
	free(text);
	return 0;
}
