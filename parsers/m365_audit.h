/*
 * m365_audit.h - one unified audit log entry from whatever holds it: the
 * PowerShell reader hands over the objects Search-UnifiedAuditLog prints
 * in a list or a transcript.
 */
#ifndef TRIAGE_M365_AUDIT_H
#define TRIAGE_M365_AUDIT_H

#include <stdint.h>

#include <cjson/cJSON.h>

struct parse_ctx;

/* An m365.audit record at line from outer (CreationDate, UserIds,
 * Operations, ... and AuditData as a JSON string or object).  A string
 * AuditData that does not decode is warned about; the record keeps the
 * other members.  Returns 0, or -1 when it did not decode. */
int m365_audit_entry(struct parse_ctx *c, const cJSON *outer, uint64_t line);

#endif
