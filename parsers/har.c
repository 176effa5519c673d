/*
 * har.c - HTTP Archive files (HAR 1.1 / 1.2) saved from a browser, Fiddler
 * or the Outlook web client's developer tools: one record per entry.
 */
#include "config.h"

#include <string.h>

#include "parse.h"

static const char *const paths[] = {"/log/entries", NULL};

static int
bid(const struct sniff *s, const char **format)
{
	if (s->json != JSON_OBJECT || !sniff_has_top_key(s, "log"))
		return 0;
	if (sniff_has_key(s, "entries") || sniff_has_key(s, "creator") ||
	    sniff_has_key(s, "pages")) {
		*format = "har";
		return 90;
	}
	return 0;
}

struct har_state {
	uint64_t entries;
	int saw_entries;
};

static int
on_entry(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	struct har_state *h = ud;
	if (r->pointer[0] == '\0') {
		/* a top-level object with no log.entries array in it */
		const cJSON *log = cJSON_GetObjectItemCaseSensitive(item, "log");
		if (!cJSON_IsObject(log))
			pctx_warn_line(c, r->line, "not a HAR file: no \"log\" object");
		else
			pctx_warn_line(c, r->line, "invalid HAR: \"log\" has no \"entries\" array");
		return 0;
	}
	h->saw_entries = 1;
	h->entries++;
	emit_json_record(c, "http.exchange", r);
	return 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	(void)format;
	struct har_state h = {0};
	enum input_status st = parse_json_records(c, "http.exchange", paths, on_entry, &h);
	if (!h.saw_entries && st == ST_OK) {
		/* valid JSON, but nothing in it is a HAR entry list */
		if (c->input->nwarnings == 0)
			pctx_warn_line(c, 1, "invalid HAR: no \"log\" with an \"entries\" array");
		return ST_ERROR;
	}
	return st;
}

const struct parser parser_har = {
	.name = "har",
	.description = "HTTP Archive (HAR) captures",
	.bid = bid,
	.parse = parse,
};
