/*
 * salesforce.h - what the Salesforce parsers share: login status keys,
 * record ids, booleans.
 */
#ifndef TRIAGE_SALESFORCE_H
#define TRIAGE_SALESFORCE_H

#include <stddef.h>

/* A status key for a Login History status text or an Event Log File
 * LOGIN_STATUS code, by meaning and case-insensitively: "success",
 * "not_approved", "invalid_password", "restricted_ip", "login_hours",
 * "inactive", "frozen", "lockout", ... ; "failed" for other failures,
 * "other" when nothing fits. */
const char *sf_status_key(const char *text);

/* A 15-character record id as its 18-character form in out (19 bytes);
 * other values are copied unchanged.  Returns out. */
char *sf_id18(const char *id, char *out, size_t outlen);

/* "true" / "false" for true/false/1/0/yes/no (any case), else NULL. */
const char *sf_bool(const char *v);

#endif
