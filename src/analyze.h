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

struct redactor;

struct analyze_report {
	struct model *model;
	const struct analysis *analysis;
	const struct inputs *inputs;
	const struct run_stats *stats;
	size_t nrules;
	const struct book *book;	/* the error book (may be NULL) */
	/* how the report reads (text, Markdown, HTML; JSON is the contract) */
	const char *base;	/* taken off the front of locators ("/home/x/"), or NULL */
	char *const *args;	/* the inputs as given on the command line */
	size_t nargs;
	int width;		/* text: wrap at this many columns; 0: never */
	int color;		/* text: ANSI colours */
	int quiet;		/* text: the summary line only */
	struct redactor *redact;	/* --redact: the text report is redacted before it is
					   wrapped (the caller redacts the rest), or NULL */
};

/* The directory the inputs were given in, to take off the front of every
 * locator: the longest directory all of paths begin with ("/home/x/t/"
 * for /home/x/t/a.zip and /home/x/t/b/), or NULL.  Caller frees. */
char *inputs_base(char *const *paths, size_t n);

void analyze_write(FILE *f, enum out_format fmt, const struct analyze_report *r);
/* One line on standard error when inputs could not be read ("2 of 18
 * inputs could not be read: a.json (unsupported), ...") or were read
 * with a guess; nothing otherwise. */
void analyze_summary_stderr(const struct analyze_report *r);
/* The same to out, never redacted. */
void analyze_summary(FILE *out, const struct analyze_report *r);


#endif
