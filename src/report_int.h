/*
 * report_int.h - what the writers of the analyze report share (text and
 * JSON in report_analyze.c, Markdown in report_md.c, HTML in
 * report_html.c): locators as readers see them, people, certainty in
 * words, the hand-off, the inputs not read, and what was analysed.
 *
 * Ownership: as analyze.h; functions writing to a struct buf reset it.
 */
#ifndef TRIAGE_REPORT_INT_H
#define TRIAGE_REPORT_INT_H

#include <stdint.h>
#include <stdio.h>

#include "analyze.h"
#include "util.h"

/* How much of each list the reader-facing formats show; the rest is
 * counted (the JSON report lists everything). */
#define SYMPTOMS_SHOWN 5
#define EVIDENCE_SHOWN 2
#define CANDIDATES_SHOWN 3
#define USERS_SHOWN 8

void rpt_systems_list(unsigned sys, const char **out, size_t *n);
const char *rpt_shown(const struct analyze_report *r, const char *locator);
void rpt_locator(struct buf *b, const struct analyze_report *r, uint32_t rec);
void rpt_item_locator(struct buf *b, const struct analyze_report *r, const struct evidence_item *e);
void rpt_time(int64_t t, char *out, size_t n);
const char *rpt_user(struct model *m, uint32_t id);
void rpt_put_line(FILE *f, const char *s, size_t max);
const char *rpt_display_text(const char *s);
size_t rpt_owners(const struct analysis *a, const char **out);
int rpt_finding_involves(const struct finding *f, const char *owner);
void rpt_users_line(struct buf *b, struct model *m, const struct finding *f);
int rpt_same_text_before(const struct finding *fd, size_t j);
const char *rpt_certainty(const struct analyze_report *r, const struct finding *f, struct buf *b);
const struct evidence_item *rpt_resolved_item(const struct finding *f);
void rpt_candidate(FILE *f, const struct analyze_report *r, const struct finding *c, int md);
void rpt_recognised(FILE *f, const struct analyze_report *r, const struct unexplained *u, int md);
char *rpt_handoff_text(const struct analyze_report *r, const char *owner);
int rpt_not_read(const struct input *in);
void rpt_reason(const struct input *in, struct buf *b);
void rpt_unread(FILE *f, const struct analyze_report *r, int md);
void rpt_md_text(FILE *f, const char *s);

/* What was analysed, for the header of the Markdown and HTML reports. */
struct rpt_input {
	const char *name;	/* as given, from the inputs' directory */
	const char *what;	/* "file", "directory", "standard input" */
	uint64_t size;		/* bytes of a file */
	char sha256[65];	/* of a file; "" otherwise */
	size_t files;		/* entries read from it */
};

struct rpt_summary {
	struct rpt_input *inputs;
	size_t ninputs;
	char when[40];		/* the analysis time, UTC ($SOURCE_DATE_EPOCH when set) */
	size_t people;		/* affected by a finding */
	size_t by_owner[OWNERS_MAX][5];	/* findings per owner and severity */
	size_t not_read, guessed, skipped;
	size_t open, resolved;
};

void rpt_summary(struct rpt_summary *s, const struct analyze_report *r);
void rpt_summary_free(struct rpt_summary *s);

void rpt_write_md(FILE *f, const struct analyze_report *r);
void rpt_write_html(FILE *f, const struct analyze_report *r);

#endif
