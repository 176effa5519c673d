/*
 * secrets.h - credentials that must never reach a record or a report.
 *
 * Every text a parser keeps from a log line, a URL, a header or a body
 * goes through redact_append() first: JWTs, Bearer / Basic credentials,
 * the values of access_token, refresh_token, id_token, client_secret,
 * client_assertion, assertion, password, SAMLResponse (anywhere) and
 * code, sid, token (as URL / form parameters), and the values of
 * Authorization, Cookie and Set-Cookie headers become "[redacted]".
 *
 * Ownership: the caller owns the buffers; nothing is kept.
 */
#ifndef TRIAGE_SECRETS_H
#define TRIAGE_SECRETS_H

#include <stddef.h>

#include "util.h"

#define REDACTED "[redacted]"

/* Append s (n bytes) to out with every secret replaced by REDACTED. */
void redact_append(struct buf *out, const char *s, size_t n);

/* The same, with the result cut at max bytes (on a character boundary,
 * "..." added).  The whole text is redacted before it is cut. */
void redact_capped(struct buf *out, const char *s, size_t n, size_t max);

/* The end of a parameter value starting at s[i] (n bytes in all): a
 * quoted string (quote is '"' or '\'') to its closing quote, else up to
 * a delimiter (& " ' space , ; ) ] } < > or a line end). */
size_t param_value_end(const char *s, size_t n, size_t i, char quote);

#endif
