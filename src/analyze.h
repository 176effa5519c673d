/*
 * analyze.h - the report of "triage analyze": text (what a support
 * engineer reads first), JSON (the report contract of DESIGN.md, schema
 * triage.report/1), Markdown (to paste into a ticket) and HTML.
 *
 * Ownership: borrows everything; writes to f.
 */
#ifndef TRIAGE_ANALYZE_H
#define TRIAGE_ANALYZE_H

#include <stdio.h>

#include "engine.h"
#include "input.h"
#include "report.h"

struct analyze_report {
	struct model *model;
	const struct analysis *analysis;
	const struct inputs *inputs;
	const struct run_stats *stats;
	size_t nrules;
	const struct book *book;	/* the error book (may be NULL) */
};

void analyze_write(FILE *f, enum out_format fmt, const struct analyze_report *r);
/* One line on standard error when inputs could not be read ("2 of 18
 * inputs could not be read: a.json (unsupported), ...") or were read
 * with a guess; nothing otherwise. */
void analyze_summary_stderr(const struct analyze_report *r);

/* "Salesforce admin" for "salesforce-admin". */

#endif
