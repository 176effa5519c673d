/*
 * cmd_rules.h - "triage rules list|check|test": the rule files of the
 * knowledge base (doc/rules.md).
 *
 * Ownership: borrows argv; everything it loads is freed before it returns.
 */
#ifndef TRIAGE_CMD_RULES_H
#define TRIAGE_CMD_RULES_H

struct cmd;

/* argv[0] is "rules".  Returns the exit status. */
int cmd_rules(const struct cmd *cmd, int argc, char **argv);

/* The shipped rules: $TRIAGE_RULES_DIR, else the compiled-in directory. */
const char *rules_default_dir(void);

#endif
