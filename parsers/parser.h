/*
 * parser.h - the one interface every source family implements.
 *
 * Like a libarchive format reader, a parser is a small table: bid() looks
 * at the first bytes of an entry (already decoded to UTF-8, plus a few
 * facts the sniffer derived once: XML root, JSON keys, CSV header) and
 * says how sure it is that the content is its own (0 = not mine, 100 =
 * certain); the highest bid wins, the entry name only breaks ties.
 * parse() then reads the whole entry from ctx->stream and emits records
 * into ctx->store.  Adding a family is one file and one line in
 * parsers/parsers.def.
 *
 * Results are graded as in the inventory: a parser warns (with a line or
 * offset) and goes on where it can; it returns the entry's status.
 *
 * Ownership: the sniff and the context belong to the caller; a parser
 * keeps no pointer into them after parse() returns.
 */
#ifndef TRIAGE_PARSER_H
#define TRIAGE_PARSER_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "input.h"
#include "options.h"
#include "store.h"
#include "stream.h"
#include "timefmt.h"

#define SNIFF_BYTES 65536
#define SNIFF_MAX_KEYS 256

enum json_shape {
	JSON_NONE,
	JSON_OBJECT,		/* one top-level object (or concatenated ones) */
	JSON_ARRAY,		/* top-level array */
	JSON_LINES,		/* one object per line (NDJSON) */
};

struct sniff {
	const char *name;		/* entry base name: a tie-breaker only */
	const unsigned char *raw;	/* first bytes, as stored */
	size_t raw_len;
	int complete;			/* raw holds the whole entry */
	const char *text;		/* the same, decoded to UTF-8, no BOM */
	size_t text_len;
	enum text_enc enc;
	int binary;			/* NULs or control bytes: not text */
	/* XML */
	char *xml_root;			/* local name of the root element */
	char *xml_ns;			/* its namespace URI */
	/* JSON */
	enum json_shape json;
	char *top_keys[SNIFF_MAX_KEYS];	/* keys of the top object, or of the
					   first element of a top array */
	char top_types[SNIFF_MAX_KEYS];	/* for a top object: the first character
					   of each key's value ('[', '{', '"',
					   a digit...), 0 if not seen */
	size_t ntop_keys;
	char *all_keys[SNIFF_MAX_KEYS];	/* every distinct key seen, any depth */
	size_t nall_keys;
	/* text lines */
	char *first_line;		/* first non-empty line */
	char *header_line;		/* first line that is not #TYPE or sep= */
};

int sniff_has_top_key(const struct sniff *s, const char *key);
/* The first character of top key's value ('[' an array, '{' an object),
 * or 0 when the key was not seen. */
char sniff_top_type(const struct sniff *s, const char *key);
int sniff_has_key(const struct sniff *s, const char *key);
/* Case-insensitive: does the text (first bytes) contain needle? */
int sniff_contains(const struct sniff *s, const char *needle);
/* Does the CSV header line hold a column named col (case- and
 * space-insensitive)? */
int sniff_has_column(const struct sniff *s, const char *col);

/* A record whose numeric date read both ways, before the file's order
 * was known (parse.h, pctx_time). */
struct pending_time {
	size_t rec;
	int64_t used, mdy, dmy;
};

/* What an entry's times said, for pctx_time and the warnings at its end. */
struct entry_dates {
	struct date_votes votes;
	struct pending_time *pending;
	size_t npending, cappending;
	uint64_t zoneless;		/* zone-less times read (in --tz or UTC) */
	uint64_t zoneless_line;
	uint64_t unreadable;		/* time texts that were no time */
	const char *ambiguous_zones[8];	/* abbreviations warned about */
	size_t nambiguous;
	const char *language;		/* of the entry's prose, when day-first
					   (pctx_language) */
};

struct parse_ctx {
	struct stream *stream;
	struct input *input;
	uint32_t input_id;
	struct store *store;
	const struct options *opt;
	const char *name;		/* entry base name */
	int64_t size_hint;		/* the entry's size when known before reading, else -1 */
	struct entry_dates dates;	/* zeroed at the start */
};

/* Warnings on the current entry. */
void pctx_warn_line(struct parse_ctx *c, uint64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void pctx_warn_offset(struct parse_ctx *c, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct parser {
	const char *name;		/* family, e.g. "salesforce-metadata" */
	const char *description;
	/* 0..100; *format gets the detected format, e.g. "entra.signin.graph" */
	int (*bid)(const struct sniff *s, const char **format);
	/* Returns the entry's status. */
	enum input_status (*parse)(struct parse_ctx *c, const char *format);
	/* Every format parse() reads (NULL-terminated): each is one reading
	 * path, and the fuzz harness drives every one of them. */
	const char *const *formats;
};

/* Every family, from parsers.def, NULL-terminated. */
extern const struct parser *const parser_table[];
/* The family called name ("entra"), or NULL. */
const struct parser *parser_by_name(const char *name);

#endif
