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

enum out_format { OUT_TEXT, OUT_JSON, OUT_MD, OUT_HTML };

int out_format_parse(const char *s, enum out_format *f);

struct run_stats {
	uint64_t bytes;
	uint64_t records;
	uint64_t files;
	uint64_t elapsed_ms;
};

/* Write s as a JSON string (with quotes). */
void json_string(FILE *f, const char *s);
void html_text(FILE *f, const char *s);

/* The report's "inputs" member (two-space indent), with a trailing comma. */
void report_json_inputs(FILE *f, const struct inputs *ins);

void inventory_write(FILE *f, enum out_format fmt, const struct inputs *ins,
		     const struct run_stats *stats);

#endif
