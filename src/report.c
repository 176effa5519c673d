/* report.c - what every writer shares: the output formats, and the one
 * JSON string writer and HTML escaping all outputs use (report.h). */
#include "config.h"

#include "report.h"

#include <string.h>

#include "util.h"

int
out_format_parse(const char *s, enum out_format *f)
{
	if (strcmp(s, "text") == 0)
		*f = OUT_TEXT;
	else if (strcmp(s, "json") == 0)
		*f = OUT_JSON;
	else if (strcmp(s, "md") == 0 || strcmp(s, "markdown") == 0)
		*f = OUT_MD;
	else if (strcmp(s, "html") == 0)
		*f = OUT_HTML;
	else if (strcmp(s, "ndjson") == 0)
		*f = OUT_NDJSON;	/* analyze only */
	else
		return -1;
	return 0;
}

void
json_string(FILE *f, const char *s)
{
	if (s == NULL) {
		fputs("null", f);	/* never a crash on a value that is not there */
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* the printable ASCII that needs no escape, at once (a
		 * timeline writes millions of values) */
		const unsigned char *run = p;
		while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			p++;
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), f);
		if (*p == '\0')
			break;
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				fprintf(f, "\\u%04x", *p);
			} else if (*p < 0x80) {
				fputc(*p, f);
			} else {
				/* bytes that are not UTF-8 (a file name from an
				 * archive) become U+FFFD: the output stays JSON */
				size_t n = utf8_valid_seq(p);
				if (n == 0) {
					fputs("\\ufffd", f);
				} else {
					fwrite(p, 1, n, f);
					p += n - 1;
				}
			}
		}
	}
	fputc('"', f);
}

void
html_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}
