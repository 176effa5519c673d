/*
 * explain.h - "triage explain TEXT|CODE...": the rules run backwards.
 *
 * Each argument becomes a few made-up events (the text as a message, as a
 * code with and without its AADSTS prefix, as a status) of every kind a
 * symptom can be, and every rule whose symptom matches one of them is a
 * candidate cause.  Nothing is read but the rules.
 */
#ifndef TRIAGE_EXPLAIN_H
#define TRIAGE_EXPLAIN_H

#include "rules.h"

/* argv[0] is "explain".  Returns the exit status. */
int cmd_explain(int argc, char **argv);

/* The rules of rs whose symptom matches text; *n is set.  The caller
 * frees the array. */
const struct rule **explain_match(const struct ruleset *rs, const char *text, size_t *n);

#endif
