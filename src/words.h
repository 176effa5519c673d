/*
 * words.h - the names people know, for what the code calls by an id: the
 * owners who apply fixes, and the exports and logs records come from
 * ("Setup Audit Trail (CSV download)" where the code says sf.setup_audit).
 * Reports show these; JSON keeps the ids (the contract) beside them.
 *
 * Ownership: every string returned is static.
 */
#ifndef TRIAGE_WORDS_H
#define TRIAGE_WORDS_H

#include <stddef.h>

/* The owners, in report order: "salesforce-admin", ..., "vendor". */
#define OWNERS_MAX 8	/* at least owner_count() */
size_t owner_count(void);
const char *owner_id(size_t i);
/* "Salesforce admin" for "salesforce-admin"; an unknown id as it is. */
const char *owner_label(const char *owner);
/* Is owner one of the ids? */
int owner_valid(const char *owner);

/* The export or log a record kind comes from, as people call it:
 * "Setup Audit Trail (CSV download)", "Entra sign-in log", "add-in log".
 * A kind the table lacks gets its family's name ("Salesforce export"). */
const char *export_name(const char *kind);

#endif
