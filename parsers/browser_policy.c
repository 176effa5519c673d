/*
 * browser_policy.c - the policies a browser applies, as edge://policy and
 * chrome://policy export them ("Export to JSON"):
 *
 *   {"chromeMetadata": {"application": "Microsoft Edge", "version": ...},
 *    "policyValues": {"chrome": {"policies": {
 *        "BlockThirdPartyCookies": {"level": "mandatory", "scope": "machine",
 *                                   "source": "platform", "value": true}}}}}
 *
 * One fact per policy, kind browser.policy: name, value (a list as one
 * value per element), level, scope, source, browser and version.  The
 * cookie and pop-up policies decide whether an add-in's sign-in can work
 * in the browser (client.cookies_blocked, client.dialog_blocked).
 */
#include "config.h"

#include <string.h>

#include "jsonutil.h"
#include "parse.h"
#include "parser.h"

static int
bid(const struct sniff *s, const char **format)
{
	if (s->json == JSON_NONE)
		return 0;
	if (sniff_has_top_key(s, "policyValues") &&
	    (sniff_has_top_key(s, "chromeMetadata") || sniff_has_key(s, "policies"))) {
		*format = "browser.policy_export";
		return 80;
	}
	return 0;
}

static void
set_value(struct store *st, const cJSON *v)
{
	char num[64];
	if (cJSON_IsArray(v)) {
		for (const cJSON *e = v->child; e; e = e->next)
			set_value(st, e);
		return;
	}
	if (cJSON_IsObject(v)) {
		char *t = cJSON_PrintUnformatted(v);
		if (t)
			rec_set_str(st, "value", t);
		cJSON_free(t);
		return;
	}
	const char *t = json_scalar_text(v, num, sizeof(num));
	if (t)
		rec_set_str(st, "value", t);
}

static int
on_json(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	(void)ud;
	const cJSON *meta = json_member(item, "chromeMetadata");
	const char *browser = json_member_str(meta, "application");
	const char *version = json_member_str(meta, "version");
	const cJSON *values = json_member(item, "policyValues");
	/* "chrome" holds the browser's own policies; other members are
	 * extensions' (by id) */
	for (const cJSON *grp = cJSON_IsObject(values) ? values->child : NULL; grp; grp = grp->next) {
		const cJSON *pol = json_member(grp, "policies");
		for (const cJSON *p = cJSON_IsObject(pol) ? pol->child : NULL; p; p = p->next) {
			if (p->string == NULL)
				continue;
			struct store *st = c->store;
			store_begin(st, c->input_id, "browser.policy");
			rec_set_line(st, r->line);
			rec_set_str(st, "name", p->string);
			set_value(st, json_member(p, "value"));
			rec_set_str(st, "level", json_member_str(p, "level"));
			rec_set_str(st, "scope", json_member_str(p, "scope"));
			rec_set_str(st, "source", json_member_str(p, "source"));
			rec_set_str(st, "app", browser);
			rec_set_str(st, "version", version);
			if (grp->string && strcmp(grp->string, "chrome") != 0)
				rec_set_str(st, "extension", grp->string);
			store_end(st);
		}
	}
	return 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	(void)format;
	return parse_json_records(c, "browser.policy", NULL, on_json, NULL);
}

static const char *const formats_list[] = {"browser.policy_export", NULL};

const struct parser parser_browser_policy = {
	.name = "browser-policy",
	.description = "Edge and Chrome policy exports (edge://policy, chrome://policy JSON)",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
