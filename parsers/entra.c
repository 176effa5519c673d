/*
 * entra.c - Microsoft Entra sign-in and directory audit logs in the shapes
 * users hand over: Graph pages ({"value":[...]}, several concatenated),
 * bare arrays (portal download, PowerShell), NDJSON and {"records":[...]}
 * from Azure Monitor diagnostic settings, and CSV from Log Analytics or the
 * portal; plus configuration exports (service principals, app role
 * assignments, OAuth2 grants, conditional access policies).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "parse.h"

static const char *const paths[] = {"/value", "/records", NULL};

static const char *
shape(const struct sniff *s)
{
	if (sniff_has_top_key(s, "value"))
		return "graph";
	if (sniff_has_top_key(s, "records"))
		return "records";
	if (s->json == JSON_LINES)
		return "ndjson";
	if (s->json == JSON_ARRAY)
		return "array";
	return "object";
}

static int
bid(const struct sniff *s, const char **format)
{
	static char fmt[64];
	if (s->json != JSON_NONE) {
		const char *what = NULL;
		int score = 0;
		if (sniff_contains(s, "\"SignInLogs\"") ||
		    sniff_contains(s, "SignInLogs\"")) {
			what = "entra.signin";
			score = 85;
		} else if (sniff_contains(s, "\"AuditLogs\"") && sniff_has_key(s, "operationName")) {
			what = "entra.audit";
			score = 85;
		} else if (sniff_has_key(s, "createdDateTime") &&
			   (sniff_has_key(s, "userPrincipalName") || sniff_has_key(s, "appDisplayName")) &&
			   (sniff_has_key(s, "conditionalAccessStatus") || sniff_has_key(s, "status") ||
			    sniff_has_key(s, "ipAddress"))) {
			what = "entra.signin";
			score = 80;
		} else if (sniff_has_key(s, "activityDisplayName") &&
			   (sniff_has_key(s, "activityDateTime") || sniff_has_key(s, "loggedByService"))) {
			what = "entra.audit";
			score = 80;
		} else if (sniff_has_key(s, "appRoleAssignmentRequired") ||
			   sniff_has_key(s, "servicePrincipalType")) {
			what = "entra.service_principal";
			score = 70;
		} else if (sniff_has_key(s, "principalId") && sniff_has_key(s, "appRoleId")) {
			what = "entra.app_role_assignment";
			score = 70;
		} else if (sniff_has_key(s, "consentType") && sniff_has_key(s, "scope")) {
			what = "entra.oauth2_grant";
			score = 70;
		} else if (sniff_has_key(s, "grantControls") || (sniff_has_key(s, "conditions") &&
			   sniff_has_key(s, "state"))) {
			what = "entra.ca_policy";
			score = 60;
		} else if (sniff_has_key(s, "defaultUserRolePermissions")) {
			what = "entra.authorization_policy";
			score = 70;
		}
		if (!what)
			return 0;
		snprintf(fmt, sizeof(fmt), "%s.%s", what, shape(s));
		*format = fmt;
		return score;
	}
	if (s->header_line == NULL || s->xml_root)
		return 0;
	/* Log Analytics / Sentinel: PascalCase columns */
	if ((sniff_has_column(s, "TimeGenerated [UTC]") || sniff_has_column(s, "TimeGenerated")) &&
	    sniff_has_column(s, "ResultType") && sniff_has_column(s, "UserPrincipalName")) {
		*format = "entra.signin.loganalytics.csv";
		return 85;
	}
	if ((sniff_has_column(s, "TimeGenerated [UTC]") || sniff_has_column(s, "TimeGenerated")) &&
	    sniff_has_column(s, "OperationName") && sniff_has_column(s, "TargetResources")) {
		*format = "entra.audit.loganalytics.csv";
		return 85;
	}
	/* portal downloads */
	if (sniff_has_column(s, "Date (UTC)") && sniff_has_column(s, "Request ID") &&
	    (sniff_has_column(s, "User") || sniff_has_column(s, "Username"))) {
		*format = "entra.signin.portal.csv";
		return 80;
	}
	if (sniff_has_column(s, "Date (UTC)") && sniff_has_column(s, "Activity") &&
	    sniff_has_column(s, "Category")) {
		*format = "entra.audit.portal.csv";
		return 75;
	}
	return 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	char kind[64];
	const char *dot = strchr(format, '.');
	dot = dot ? strchr(dot + 1, '.') : NULL;
	size_t n = dot ? (size_t)(dot - format) : strlen(format);
	if (n >= sizeof(kind))
		n = sizeof(kind) - 1;
	memcpy(kind, format, n);
	kind[n] = '\0';
	if (strstr(format, ".csv"))
		return parse_csv_rows(c, kind);
	return parse_json_records(c, kind, paths, NULL, NULL);
}

const struct parser parser_entra = {
	.name = "entra",
	.description = "Microsoft Entra sign-in and audit logs (Graph, portal, "
		       "diagnostic settings, Log Analytics) and configuration exports",
	.bid = bid,
	.parse = parse,
};
