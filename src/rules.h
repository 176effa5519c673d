/*
 * rules.h - the rule language (doc/rules.md): one YAML rule per file, each
 * naming a cause from the taxonomy, the symptom that shows it, the evidence
 * for and against it, the fix, references and test cases.
 *
 * Ownership: a struct ruleset owns its rules and everything in them, and
 * its error list; ruleset_free() releases it all.  The cause pointer of a
 * rule points into the static cause_table.
 *
 * Loading never stops at a bad file: every error is kept as
 * "file:line: message", the rule with errors is left out, and the other
 * files load.
 */
#ifndef TRIAGE_RULES_H
#define TRIAGE_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "book.h"
#include "causes.h"
#include "detect.h"

enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL };
/* Scope bits of an evidence check; 0 is "any". */
#define SCOPE_USER 1u
#define SCOPE_APP 2u
#define SCOPE_ORG 4u
#define SCOPE_TENANT 8u

#define CONFIDENCE_DEFAULT 0.2

/* Where the evidence for a missing check would come from. */
struct need {
	char *export;		/* a record kind or export name */
	char *ask;		/* an owner; NULL if not given */
	char *how;		/* how to get it; NULL if not given */
};

struct evidence {
	char *id;
	char *on;		/* a record kind, or "symptom" */
	char **on_more;		/* more kinds holding the same fact (on: [a, b]) */
	size_t non_more;
	unsigned scope;		/* SCOPE_* bits */
	int has_window;
	int64_t window_from;	/* ms relative to the symptom */
	int64_t window_to;
	int has_where;
	struct selection where;
	int refutes;		/* else supports (or resolves) */
	int resolves;		/* the problem has ended: confidence unchanged */
	int no_confirm;		/* confirms: false - supports, but leaves the
				   question open (a relation still unknown) */
	double weight;
	char *says;		/* NULL if not given; {field} placeholders */
	int has_needs;
	struct need needs;
	int absent;		/* match: none - holds when no record matches */
	long at_least, at_most;	/* on: people - how many people; -1 = unset */
	char **same_field;	/* same: the record's field ... */
	char **same_symptom;	/* ... equals the symptom's field */
	size_t nsame;
	size_t line;
};

struct fix_step {
	char *owner;
	char *step;
};

struct rule_test {
	char *input;		/* a scenario directory */
	int fires;
	int rank;		/* 0 when not given */
	int state;		/* 0 any, 1 open, 2 resolved */
};

struct rule {
	char *id;
	char *title;
	char *description;	/* NULL if not given */
	const struct cause *cause;
	enum severity severity;
	char *owner;
	double confidence;
	struct detection symptom;
	struct evidence *evidence;
	size_t nevidence;
	struct fix_step *fix;
	size_t nfix;
	struct fix_step *resolved_fix;	/* what is left once it has ended */
	size_t nresolved_fix;
	char **references;
	size_t nreferences;
	struct rule_test *tests;
	size_t ntests;
	char *file;		/* as loaded: DIR/NAME */
	size_t line;		/* of the id */
};

struct ruleset {
	struct rule *v;
	size_t n;
	struct book book;	/* the error book of the rule directories */
	struct diag errors;
};

void ruleset_init(struct ruleset *rs);
void ruleset_free(struct ruleset *rs);
/* Load every *.yml / *.yaml file of dir, in name order, and the error
 * book in dir/book when there is one.  Returns the number of errors
 * added. */
size_t ruleset_load_dir(struct ruleset *rs, const char *dir);
/* Load one file (what ruleset_load_dir does per file). */
size_t ruleset_load_file(struct ruleset *rs, const char *path);
/* Load one rule file held in memory, named name in messages. */
size_t ruleset_load_memory(struct ruleset *rs, const char *name, const unsigned char *data,
			   size_t len);
/* Load the rules and error book built into the binary. */
size_t ruleset_load_builtin(struct ruleset *rs);
/* The default rules: the directory $TRIAGE_RULES_DIR when it is set (for
 * people writing rules), else the built-in ones. */
size_t ruleset_load_defaults(struct ruleset *rs);
/* Where the default rules come from, for messages. */
const char *ruleset_defaults_name(void);

const char *severity_name(enum severity s);
/* The severity named s (any case), or -1. */
int severity_parse(const char *s);
/* "-14d", "1h", "30m", "45s", "2w", "0" into milliseconds; 0 on success. */
int parse_duration(const char *s, int64_t *ms);

#endif
