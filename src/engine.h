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
	int resolves;		/* shows the problem has ended */
	char *text;		/* the check's "says", filled in (once the
				   candidates are merged: from rec, sym and
				   who, as fill says) */
	const struct evidence *check;
	uint32_t sym;		/* the symptom it was found for */
	uint32_t who;		/* the identity its text names, or NO_ID */
	unsigned char fill;	/* ITEM_SAYS, ITEM_EVENT, ITEM_ABSENT, or
				   ITEM_FILLED */
};

/* How an evidence item's text is filled: the check's "says" from the
 * record (then the symptom); the record's own event text; the "says" of
 * a check that found nothing, from the symptom; already filled. */
enum { ITEM_FILLED, ITEM_SAYS, ITEM_EVENT, ITEM_ABSENT };

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
	char **missing_how;	/* their needs.how, filled in (NULL: none) */
	const struct fix_step *steps;	/* the rule's fix, or its resolved_fix
					   when the problem has ended */
	size_t nsteps;
	char **fix;		/* those steps, filled in (once candidates
				   are merged: from fix_rec, fix_sym and
				   fix_who, the record, symptom and person of
				   the candidate whose steps they are) */
	uint32_t fix_rec, fix_sym, fix_who;
	int resolved;		/* a resolves check found the end, after the
				   last symptom */
	int64_t resolved_at;
	uint32_t resolved_by;	/* the record that shows it */
};

/* Errors no finding explains, grouped by kind, code, status and text. */
struct unexplained {
	uint32_t rec;		/* the first record of the group */
	uint32_t id;		/* its identity, NO_ID if unknown */
	size_t count;
	int64_t first, last;
	size_t npeople;		/* 1, or 2 for "more than one person" */
	/* the rules whose symptom matched but fell short: each with what
	 * refuted it and the exports that would decide it; most likely
	 * first */
	struct finding *candidates;
	size_t ncandidates;
	/* what the error book knows of its text (its most specific entry),
	 * or NULL: a cause no rule could confirm, or an error outside this
	 * integration */
	const struct book_entry *recognised;
	/* no entry, but the family its text belongs to, or NULL */
	const struct book_family *family;
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
/* What the checks of analysis_run() would read of the records spilled
 * while reading, told to the model (model_demand), without weighing
 * anything; returns the candidates found on the way, for
 * analysis_run_plan(). */
struct engine_plan;
struct engine_plan *analysis_demands(struct model *m, const struct ruleset *rs,
				     const struct engine_filter *flt);
/* The records moved (store_unspill: moved[old] = new): the plan's too. */
void engine_plan_moved(struct engine_plan *p, const uint32_t *moved);
void engine_plan_free(struct engine_plan *p);
/* analysis_run() with the candidates of a plan of the same model's errors
 * (NULL: found again); they are taken from the plan, which the caller
 * still frees. */
void analysis_run_plan(struct analysis *a, struct model *m, const struct ruleset *rs,
		       const struct engine_filter *flt, struct engine_plan *plan);
/* Build the model of st; when records were spilled while reading, bring
 * back those the checks of an analysis with these rules and filter would
 * read, and build it again.  Returns the plan to give analysis_run_plan()
 * (NULL when nothing was spilled); the caller frees it. */
struct engine_plan *analysis_prepare(struct model *m, struct store *st, const struct inputs *ins,
				     const struct ruleset *rs, const struct engine_filter *flt);
/* After analysis_run_plan(): how many spilled records its checks read that
 * the plan did not bring back (always 0); *nback: how many it did. */
size_t engine_plan_missed(struct model *m, const struct engine_plan *p, size_t *nback);
/* Does --user NAME name anybody in the model (exactly, or as part of a
 * name)? */
int analysis_user_known(struct model *m, const char *user);
/* The people the records are about, by the name shown for each, sorted;
 * *n is set.  The caller frees the array, not the strings. */
const char **analysis_people(struct model *m, size_t *n);

/* ---- the policy analysis_run applies, on its own for the tests ---------------- */

/* Is finding f worth reporting?  best[i] is the best confidence any
 * finding has for symptom record i; flags are the model's per record.  At
 * least REPORT_CONFIDENCE, at least half of the best explanation of one
 * of its symptoms, and backed by evidence beyond the symptom or that best
 * explanation itself (the ticket's words alone never are). */
int engine_keep(const struct finding *f, const double *best, const unsigned char *flags);
/* Findings of one rule whose supporting records are the same are one
 * finding: merge fs[j] into fs[i] (rule set to NULL in the merged one). */
void engine_merge(const struct store *st, struct finding *fs, size_t n);
/* Order of the report: open before resolved, then confidence, severity,
 * first time, rule id (a qsort comparator). */
int engine_order(const void *a, const void *b);

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
