/*
 * container.h - documents that hold other documents: an e-mail (its text
 * and its attachments) and an HTML page (its text and its tables).
 *
 * The walker opens them as it opens an archive: each part becomes an entry
 * of its own ("ticket.eml!/message.txt", "ticket.eml!/signin.har",
 * "usage.html!/table-2.csv"), sniffed by content and read by whichever
 * parser claims it.  So a HAR attached to the ticket mail, a zip inside
 * it, or the table of a saved Setup page are read like any other file.
 *
 *   e-mail (RFC 5322 with MIME headers): message.txt is the message as a
 *     person reads it - the From, To, Cc, Date and Subject headers
 *     (encoded words decoded), a blank line, the text (quoted-printable and
 *     base64 decoded, ISO-8859-1 / Windows-1252 turned into UTF-8; the
 *     HTML part as text when there is no plain one); every attachment by
 *     its file name; a forwarded message (message/rfc822) as an .eml of
 *     its own.
 *   HTML: text.txt (the visible text, a line per block) and table-N.csv
 *     for each table of two rows or more.
 *
 * Ownership: the part callback gets bytes valid only during the call.
 */
#ifndef TRIAGE_CONTAINER_H
#define TRIAGE_CONTAINER_H

#include <stddef.h>

#include "util.h"

#define CONTAINER_MAX_PARTS 1000
#define CONTAINER_MAX_DEPTH 16

/* "email", "html" or NULL, from the first bytes. */
const char *container_kind(const unsigned char *p, size_t n);

/* Called for each part; name is a file name (no '/'). */
typedef void (*part_fn)(void *ud, const char *name, const char *data, size_t len);

/* Split a whole container; returns the number of parts, or -1 with a
 * message in err. */
int mime_split(const char *data, size_t len, part_fn fn, void *ud, char *err, size_t errlen);
int html_split(const char *data, size_t len, part_fn fn, void *ud, char *err, size_t errlen);

/* The visible text of an HTML document, a line per block (caller frees). */
char *html_visible_text(const char *data, size_t len);

/* Append s (n bytes) in charset to out as UTF-8: UTF-8 and ASCII as they
 * are, ISO-8859-1 and Windows-1252 (and their aliases) converted. */
void charset_to_utf8(struct buf *out, const char *charset, const char *s, size_t n);

#endif
