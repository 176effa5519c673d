/*
 * cmd_rules.h - "triage rules list|check|test": the rule files of the
 * knowledge base (doc/rules.md).
 *
 * Ownership: borrows argv; everything it loads is freed before it returns.
 */
#ifndef TRIAGE_CMD_RULES_H
#define TRIAGE_CMD_RULES_H

#include <stddef.h>


struct ruleset;

/* Load the rules a command runs with: the defaults (built in, or
 * $TRIAGE_RULES_DIR) unless no_default, then each of dirs.  A dir that
 * is not a directory, or no rule loaded at all, is an error said on
 * standard error; returns 0, or the exit status (2) of that error. */
int rules_load(struct ruleset *rs, int no_default, const char *const *dirs, size_t ndirs);

#endif
