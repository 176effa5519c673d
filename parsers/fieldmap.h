/*
 * fieldmap.h - what a field of an unknown export means, from its name.
 *
 * The general readers (generic.c, graph.c, the help-desk exports in
 * ticket.c) meet field names nobody wrote a parser for: "ts", "@t",
 * "TimeGenerated", "user.email", "error.code", "LogLevel".  Names are
 * compared without case and without separators ("created_at" ==
 * "createdAt" == "Created At"); a dotted name (a flattened nested object)
 * is tried whole, then by its last part.  Each role has its names in
 * order of preference, so when a record has several ("time" and
 * "receivedAt") the better one wins.
 *
 * struct roles gathers, over the fields of one record, the best value of
 * each role; roles_store() writes them into the open record (time through
 * pctx_time, the message and error fields through the text scanner, so
 * known codes and sentences are found as in the log parsers).
 *
 * Ownership: struct roles keeps pointers to the caller's values; they
 * must stay valid until roles_store().  roles_free() releases its own
 * copies.
 */
#ifndef TRIAGE_FIELDMAP_H
#define TRIAGE_FIELDMAP_H

#include <stddef.h>
#include <stdint.h>

#include "parser.h"

enum role {
	ROLE_NONE,
	ROLE_TIME,
	ROLE_LEVEL,
	ROLE_USER,
	ROLE_MESSAGE,
	ROLE_ERROR_TEXT,	/* an exception or error detail beside the message */
	ROLE_CODE,
	ROLE_STATUS,
	ROLE_APP,
	ROLE_CORRELATION,
	ROLE_REQUEST,
	ROLE_IP,
	ROLE_TENANT,
	ROLE_ORG,
	ROLE_COUNT
};

/* The role of a field name, and its preference within the role (lower is
 * better); ROLE_NONE for a field that is only kept. */
enum role field_role(const char *name, int *rank);

/* "createdDateTime", "created_date_time", "Created Date Time" ->
 * "createddatetime" (at most cap - 1 bytes). */
void field_key(const char *name, char *out, size_t cap);

struct role_value {
	const char *v;
	size_t n;
	int rank;
	int64_t num_time;	/* ROLE_TIME: an epoch number, else TIME_NONE */
};

struct roles {
	struct role_value r[ROLE_COUNT];
	const char *clock;	/* a clock-only time column ("Time": "09:14:03") */
	size_t clock_n;
	const char *zone;	/* a zone given apart from them (tz="+0100") */
	size_t zone_n;
	char numbuf[ROLE_COUNT][24];	/* numbers offered, as text */
};

void roles_init(struct roles *rs);
/* Offer field name = value (n bytes); kept when better than the role's. */
void roles_offer(struct roles *rs, const char *name, const char *v, size_t n);
/* A number field (JSON): times given as epoch seconds, milliseconds,
 * microseconds or nanoseconds, numeric levels (syslog 0-7, pino/bunyan
 * 10-60, OpenTelemetry severity 1-24) and codes. */
void roles_offer_number(struct roles *rs, const char *name, double v);

/* Write the roles into the open record: time (TIME_NONE when none),
 * level (normalised: error, warning, info, debug, fatal), user, message
 * (with the error text after it), code (+ the codes the text names),
 * status, app, correlation_id, requestId, ip, tenant, org.  Returns the
 * time set.  line locates warnings. */
int64_t roles_store(struct parse_ctx *c, const struct roles *rs, uint64_t line);

/* Does the record look like an event of a log (a message, a code or a
 * level beside its time)? */
int roles_is_event(const struct roles *rs);

/* Do the roles say something failed: an error level, a failure status,
 * an error code or error text, or a message naming a known error code or
 * sentence? */
int roles_error(const struct roles *rs);

/* An object that is a fact (a Graph entity, a cmdlet's output) but holds
 * an error with a time ("lastError", "errorInformation", "status":
 * "failure"): the error as an event of its own, a log.line at line (and
 * pointer) with the roles and source = source, so it is seen like any
 * error in a log.  Nothing when the roles hold no error or no time.
 * Returns 1 when one was written.  Call with no record open. */
int roles_error_event(struct parse_ctx *c, const struct roles *rs, uint64_t line,
		      const char *pointer, const char *source, const char *kind);

#endif
