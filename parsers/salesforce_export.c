/*
 * salesforce_export.c - Salesforce CSV and JSON exports: Login History
 * download, Setup Audit Trail download, Event Log Files (CSV, or rows as
 * JSON), data exports (User, PermissionSetAssignment, ...), SOQL / REST
 * query results ({"totalSize","done","records"}).
 * Columns are matched by name, never by position.
 */
#include "config.h"

#include <string.h>

#include "parse.h"

static const char *const soql_paths[] = {"/records", NULL};

static int
bid(const struct sniff *s, const char **format)
{
	if (s->json != JSON_NONE) {
		if (sniff_has_top_key(s, "totalSize") && sniff_has_top_key(s, "records") &&
		    sniff_has_key(s, "attributes")) {
			*format = "sf.soql.json";
			return 80;
		}
		if (sniff_has_top_key(s, "EVENT_TYPE") &&
		    (sniff_has_top_key(s, "TIMESTAMP") || sniff_has_top_key(s, "TIMESTAMP_DERIVED"))) {
			*format = "sf.elf.json";
			return 80;
		}
		return 0;
	}
	if (s->header_line == NULL || s->xml_root)
		return 0;
	if (sniff_has_column(s, "EVENT_TYPE") &&
	    (sniff_has_column(s, "TIMESTAMP") || sniff_has_column(s, "TIMESTAMP_DERIVED"))) {
		*format = "sf.elf.csv";
		return 85;
	}
	if (sniff_has_column(s, "Username") && sniff_has_column(s, "Login Time") &&
	    sniff_has_column(s, "Status")) {
		*format = "sf.login_history.csv";
		return 85;
	}
	if (sniff_has_column(s, "Date") && sniff_has_column(s, "User") &&
	    sniff_has_column(s, "Action") && sniff_has_column(s, "Section")) {
		*format = "sf.setup_audit.csv";
		return 85;
	}
	if (sniff_has_column(s, "CreatedDate") && sniff_has_column(s, "Display") &&
	    sniff_has_column(s, "Section")) {
		*format = "sf.setup_audit.csv";
		return 80;
	}
	if (sniff_has_column(s, "Id") &&
	    (sniff_has_column(s, "Username") || sniff_has_column(s, "AssigneeId") ||
	     sniff_has_column(s, "PermissionSetId") || sniff_has_column(s, "SetupEntityId") ||
	     sniff_has_column(s, "UserLicenseId"))) {
		*format = "sf.data.csv";
		return 70;
	}
	return 0;
}

static const char *
kind_of(const char *format)
{
	if (strncmp(format, "sf.elf", 6) == 0 || strcmp(format, "sf.login_history.csv") == 0)
		return "sf.login";
	if (strcmp(format, "sf.setup_audit.csv") == 0)
		return "sf.setup_audit";
	if (strcmp(format, "sf.soql.json") == 0)
		return "sf.object";
	return "sf.row";
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	const char *kind = kind_of(format);
	if (strstr(format, ".json"))
		return parse_json_records(c, kind, soql_paths, NULL, NULL);
	return parse_csv_rows(c, kind);
}

const struct parser parser_salesforce_export = {
	.name = "salesforce-export",
	.description = "Salesforce CSV / JSON exports: Login History, Setup Audit "
		       "Trail, Event Log Files, data exports, SOQL results",
	.bid = bid,
	.parse = parse,
};
