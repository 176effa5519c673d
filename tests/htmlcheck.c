/* htmlcheck.c - libxml2's HTML parser over a report: prints every
 * structural error (an end tag that closes nothing, a tag left open, bad
 * nesting) and exits 1 when there is one.  HTML5 elements libxml2's
 * HTML 4 parser does not know (section, details, svg, ...) are not
 * errors.
 *
 *   htmlcheck FILE...
 */
#include "config.h"

#include <stdio.h>

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>

static int errors;
static const char *current;

static void
on_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	if (e == NULL || e->code == XML_HTML_UNKNOWN_TAG)
		return;
	fprintf(stderr, "%s:%d: %s", current, e->line, e->message ? e->message : "error\n");
	errors++;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: htmlcheck FILE...\n");
		return 2;
	}
	xmlInitParser();
	xmlSetStructuredErrorFunc(NULL, on_error);
	for (int i = 1; i < argc; i++) {
		current = argv[i];
		htmlDocPtr doc = htmlReadFile(argv[i], "utf-8", HTML_PARSE_NONET);
		if (doc == NULL) {
			fprintf(stderr, "%s: cannot parse\n", argv[i]);
			errors++;
			continue;
		}
		xmlFreeDoc(doc);
	}
	xmlCleanupParser();
	return errors ? 1 : 0;
}
