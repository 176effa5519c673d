/*
 * engine.h - the correlator: rules over the model (doc/rules.md, "How a
 * rule is evaluated").
 *
 * For every error event a user saw (model.h) and every rule whose symptom
 * matches it, a candidate is made per rule and identity.  Each candidate's
 * evidence checks run over the other records, scoped to the symptom (same
 * identity, app, org or tenant, a time window around the first symptom);
 * what they find moves the rule's prior confidence up (supports) or down
 * (refutes).  Candidates of one rule with the same supporting evidence are
 * one finding (one cause, one proof, several people).  Findings are sorted
 * by confidence; errors no finding explains are listed as unexplained.
 *
 * Ownership: a struct analysis owns its arrays and the texts in them; it
 * borrows the rules and the model (whose store holds every record it
 * points at).  analysis_free() releases it.
 */
#ifndef TRIAGE_ENGINE_H
#define TRIAGE_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "rules.h"

/* Below this, a candidate is not reported. */
#define REPORT_CONFIDENCE 0.3

struct evidence_item {
	uint32_t rec;		/* the record that holds it; for an absence,
				   one record of the export that was searched */
	int absent;		/* nothing matched: the locator is the export */
	int refutes;
	char *text;		/* the check's "says", filled in */
	const struct evidence *check;
};

struct finding {
	const struct rule *rule;
	double confidence;
	uint32_t *ids;		/* identities (roots), NO_ID for unknown */
	size_t nids;
	uint32_t *symptoms;	/* record indices, in time order */
	size_t nsymptoms;
	int64_t first, last;
	struct evidence_item *evidence;
	size_t nevidence;
	const struct evidence **missing;	/* checks whose export is absent */
	size_t nmissing;
	char **fix;		/* the rule's fix steps, filled in */
};

/* Errors no finding explains, grouped by kind, code, status and text. */
struct unexplained {
	uint32_t rec;		/* the first record of the group */
	uint32_t id;		/* its identity, NO_ID if unknown */
	size_t count;
	int64_t first, last;
	size_t npeople;		/* 1, or 2 for "more than one person" */
};

struct analysis {
	struct finding *findings;
	size_t nfindings;
	struct unexplained *unexplained;
	size_t nunexplained;
	size_t nerrors;		/* error events considered */
	size_t nrecovered;	/* errors followed by a success, left out */
};

struct engine_filter {
	const char *user;	/* NULL: everyone */
	int64_t since, until;
};

void analysis_run(struct analysis *a, struct model *m, const struct ruleset *rs,
		  const struct engine_filter *flt);
void analysis_free(struct analysis *a);

/* Fill "{field}" placeholders of text from record r (then from r2, which
 * may be NULL); "{user}", when neither has one, is who (may be NULL: the
 * person the model says the record is about).  Returns a new string. */
char *fill_text(const struct store *st, const char *text, const struct record *r,
		const struct record *r2, const char *who);

/* Does the check look at the symptoms themselves (on: symptom, on:
 * people) rather than at other records? */
int check_on_symptoms(const struct evidence *e);

/* The text to show for an event: its message, else its code and status. */
const char *event_text(const struct store *st, const struct record *r, char *tmp, size_t n);

#endif
