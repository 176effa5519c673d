/*
 * textscan.h - what a piece of log text says, for the Outlook-side parsers
 * (add-in logs, console exports, HAR): error codes, users, ids, known
 * error sentences, the error fields of JSON error bodies.
 *
 * A parser collects findings for one record from every piece of text it
 * has (a log line and its continuation lines; a HAR entry's URL, headers
 * and body), each tagged with how trustworthy its source is, and stores
 * the best of each at the end with findings_store().  Every string that
 * findings_store() writes has been through redact_append() (secrets.h).
 *
 * Codes are normalised: "AADSTS50105", "OAUTH_APP_ACCESS_DENIED", Office
 * SSO errors as the bare number ("13003"), HTTP errors as "HTTP 403",
 * OAuth error words as written ("access_denied").
 *
 * Ownership: struct findings owns its buffers (findings_free()); app and
 * known-error names point to static tables.  struct line_queue owns copies
 * of the lines it holds.
 */
#ifndef TRIAGE_TEXTSCAN_H
#define TRIAGE_TEXTSCAN_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "secrets.h"
#include "store.h"
#include "util.h"

/* How much a code is worth as "the" code of a record: lower is better. */
enum code_rank {
	RANK_GIVEN,		/* the source's own code field ("code" in an error body) */
	RANK_NAMED,		/* OAUTH_*, Salesforce API codes, Copilot codes */
	RANK_AADSTS,		/* AADSTS50105 */
	RANK_OFFICE,		/* Office SSO 13000-13013 */
	RANK_LABELLED,		/* the word after "error code" */
	RANK_OAUTH_ERROR,	/* error=access_denied */
	RANK_HTTP,		/* HTTP 403 */
};

/* How much a message is worth: lower is better. */
enum message_rank {
	MSG_OWN,		/* what the source calls its message */
	MSG_DESCRIPTION,	/* OAuth error_description */
	MSG_JSON,		/* "message" of an error body */
	MSG_AADSTS,		/* the sentence after an AADSTS code */
	MSG_KNOWN,		/* a known error sentence found in a body */
	MSG_FALLBACK,		/* status text, network error */
};

#define FIND_MAX_CODES 8
#define FIND_CODE_LEN 80
#define FIND_ID_LEN 40		/* a GUID with braces fits */
#define FIND_USER_LEN 256
#define FIND_TEXT_MAX 8192	/* messages and descriptions are cut here */

struct found_code {
	char text[FIND_CODE_LEN];
	int rank;
};

struct findings {
	struct found_code codes[FIND_MAX_CODES];
	size_t ncodes;
	char user[FIND_USER_LEN];
	int user_rank;			/* lower is better; 0 = none yet */
	char username[FIND_USER_LEN];	/* a labelled user that is no address
					   ("user=a.kowalski"), for when there
					   is no address */
	char correlation[FIND_ID_LEN];	/* next to "correlation" */
	char client_request[FIND_ID_LEN];	/* next to "client-request-id" */
	char request[FIND_ID_LEN];	/* next to "request id" */
	char addin[FIND_ID_LEN];	/* next to "add-in ID", SolutionId, Solution= */
	const char *app;		/* connected app or add-in named */
	const char *known;		/* known error sentence found */
	char oauth_error[FIND_CODE_LEN];	/* the value of error= */
	struct buf description;		/* error_description, decoded */
	struct buf message;
	int message_rank;		/* -1 = none yet */
	struct buf inner_message;	/* innerError.message */
	char error_source[FIND_CODE_LEN];	/* "source" of an error body */
	int http_status;		/* an HTTP status the text names */
};

void findings_init(struct findings *f);
void findings_free(struct findings *f);

/* Scan text for everything above (codes, users, ids, apps, known
 * sentences, error= / error_description= parameters). */
void scan_text(struct findings *f, const char *s, size_t n);
/* Add a code the caller found; duplicates are ignored. */
void findings_add_code(struct findings *f, const char *code, size_t n, int rank);
/* Add a code read from a labelled place (a JSON "code", an error=
 * value), normalised by what it looks like: AADSTS, Office, HTTP, OAuth
 * word, named code; a sentence is not a code and is ignored. */
void findings_classify_code(struct findings *f, const char *s, size_t n, int rank);
/* Offer a message; kept when better than the one held (redacted, cut). */
void findings_offer_message(struct findings *f, const char *s, size_t n, int rank);
/* Offer a user (an email or UPN); rank 1 is best. */
void findings_offer_user(struct findings *f, const char *s, size_t n, int rank);
/* The error fields of a JSON error body or inner error object: code,
 * errorCode, error (string or object), error_description, message,
 * innerError, error_codes, correlation / trace ids, user names. */
void findings_json(struct findings *f, const cJSON *obj);
/* Find a JSON object inside text and read it as findings_json() does.
 * Returns 1 when one was found; *at and *len give where it is. */
int findings_json_in_text(struct findings *f, const char *s, size_t n, size_t *at,
			  size_t *len);
/* Write the findings into the open record: code (+ otherCode), message,
 * user, app, correlation_id, and the extras addinId, requestId,
 * clientRequestId, knownError, error, errorDescription, innerMessage,
 * errorSource, httpStatus. */
void findings_store(const struct findings *f, struct store *st);

/* What a person's own words complain of, in English, German, French,
 * Spanish, Portuguese, Italian or Dutch: "addin_missing" (the add-in,
 * its button or icon is not there: "the Salesforce button is gone", "o
 * botão não aparece mais", "das Add-In ist verschwunden"), or NULL. */
const char *complaint_class(const char *s, size_t n);

/* The language of prose s[0, n) by its commonest small words: "English",
 * "German", "French", "Spanish", "Portuguese", "Italian", "Dutch", or
 * NULL when too few words tell. */
const char *text_language(const char *s, size_t n);

/* ---- small text helpers ----------------------------------------------------- */

/* Percent-decoding into out (capped, NUL-terminated); '+' is a space when
 * plus_space.  Returns the length written. */
size_t url_decode(const char *s, size_t n, char *out, size_t cap, int plus_space);
/* The decoded value of parameter name in a query or form string
 * ("a=1&b=2", no leading '?').  Returns 1 when found. */
int query_param(const char *q, size_t n, const char *name, char *out, size_t cap);
/* A GUID at s (8-4-4-4-12 hex, optional braces); returns its length. */
size_t guid_at(const char *s, size_t n);
/* How many decimal digits stand at s[i] (within n). */
size_t digits_run(const char *s, size_t n, size_t i);
/* The first yyyy-mm-dd date in s; returns 1 with the parts set. */
int find_iso_date(const char *s, size_t n, int *y, int *m, int *d);
/* Copy s into out as a capped string, cut at a UTF-8 boundary, with "..."
 * when cut. */
void copy_capped(char *out, size_t cap, const char *s, size_t n);
/* Replace every byte that is not part of valid UTF-8 with '?'. */
void utf8_sanitize(char *s, size_t n);
/* Strip spaces at both ends: *s and *n are adjusted. */
void trim_span(const char **s, size_t *n);

/* ---- a bounded window of lines ------------------------------------------------ */

/* Lines held back while a parser decides something about the whole file
 * (the day/month order of its dates, the date of clock-only times). */
struct held_line {
	uint64_t lineno;
	char *text;
	size_t len;
};

struct line_queue {
	struct held_line *v;
	size_t n, cap;
	size_t bytes;
};

#define QUEUE_MAX_LINES 1000
#define QUEUE_MAX_BYTES (4u << 20)

void queue_free(struct line_queue *q);
/* Hold a copy of a line. */
void queue_push(struct line_queue *q, uint64_t lineno, const char *s, size_t n);
/* Is the window full (the decision must be made now)? */
int queue_full(const struct line_queue *q);
/* Drop every held line (after the caller has replayed them). */
void queue_clear(struct line_queue *q);

#endif
