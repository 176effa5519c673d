/*
 * causes.h - the cause taxonomy every finding carries one of (DESIGN.md,
 * CONTRACT; the list is ../shared/CAUSES.md).  Add causes, never rename or
 * remove one.
 */
#ifndef TRIAGE_CAUSES_H
#define TRIAGE_CAUSES_H

#include "words.h"	/* owner_valid() */

struct cause {
	const char *name;	/* "sf.connected_app.not_preauthorized" */
	const char *owner;	/* who usually applies the fix */
	const char *meaning;
	const char *entries;	/* knowledge-base entry ids */
};

extern const struct cause cause_table[];	/* ends with a NULL name */

const struct cause *cause_find(const char *name);
/* salesforce-admin, entra-admin, exchange-admin, powerplatform-admin,
 * end-user or vendor. */


#endif
