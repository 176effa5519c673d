/*
 * m365_audit.c - the Microsoft Purview unified audit log: the CSV export
 * (classic CreationDate,UserIds,Operations,AuditData and the newer
 * RecordId,...,AuditData,... layout; AuditData is JSON inside a cell) and
 * AuditData objects as JSON / NDJSON.
 */
#include "config.h"

#include <string.h>

#include "parse.h"

static const char *const paths[] = {"/value", "/records", NULL};

static int
bid(const struct sniff *s, const char **format)
{
	if (s->json != JSON_NONE) {
		if (sniff_has_key(s, "CreationTime") && sniff_has_key(s, "Operation") &&
		    (sniff_has_key(s, "Workload") || sniff_has_key(s, "RecordType"))) {
			*format = s->json == JSON_LINES ? "m365.audit.ndjson" : "m365.audit.json";
			return 80;
		}
		return 0;
	}
	if (s->header_line == NULL || s->xml_root)
		return 0;
	if (sniff_has_column(s, "AuditData") &&
	    (sniff_has_column(s, "CreationDate") || sniff_has_column(s, "Operations") ||
	     sniff_has_column(s, "Operation"))) {
		*format = "m365.audit.csv";
		return 90;
	}
	return 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	if (strcmp(format, "m365.audit.csv") == 0)
		return parse_csv_rows(c, "m365.audit");
	return parse_json_records(c, "m365.audit", paths, NULL, NULL);
}

const struct parser parser_m365_audit = {
	.name = "m365-audit",
	.description = "Microsoft Purview unified audit log (CSV export, AuditData JSON)",
	.bid = bid,
	.parse = parse,
};
