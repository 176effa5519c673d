/*
 * report.h - writing what triage found: the inventory now, the analysis
 * report later, in text, JSON (the report contract in DESIGN.md),
 * Markdown and HTML.
 */
#ifndef TRIAGE_REPORT_H
#define TRIAGE_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "input.h"

enum out_format { OUT_TEXT, OUT_JSON, OUT_MD, OUT_HTML, OUT_NDJSON };

int out_format_parse(const char *s, enum out_format *f);

struct run_stats {
	uint64_t bytes;
	uint64_t records;
	uint64_t files;
	uint64_t elapsed_ms;
	const char *limit_reached;	/* "max-total", "max-entries" when the run's
					   budget ran out (later inputs not read), or NULL */
};

/* Write s as a JSON string (with quotes). */
void json_string(FILE *f, const char *s);
void html_text(FILE *f, const char *s);

/* The report's "inputs" member (two-space indent), with a trailing comma. */
void report_json_inputs(FILE *f, const struct inputs *ins);

void inventory_write(FILE *f, enum out_format fmt, const struct inputs *ins,
		     const struct run_stats *stats);

/* The frame of an HTML report (report_html.c): a self-contained page
 * that loads nothing, with its style and script. */
void html_page_begin(FILE *f, const char *title);
void html_page_end(FILE *f);
/* Every entry of ins (up to max) as a table; base is taken off the
 * locators (may be NULL). */
void html_inputs_table(FILE *f, const struct inputs *ins, const char *base, size_t max);

#endif
