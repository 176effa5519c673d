/*
 * entra.c - Microsoft Entra sign-in and directory audit logs in the shapes
 * users hand over: Graph pages ({"value":[...]}, several concatenated),
 * bare arrays (portal download, PowerShell), NDJSON and {"records":[...]}
 * from Azure Monitor diagnostic settings, and CSV from Log Analytics or the
 * portal; plus configuration exports (service principals, app role
 * assignments, OAuth2 grants, group members, conditional access and
 * authorization policies) as Graph Explorer or Get-Mg* | ConvertTo-Json
 * write them.
 *
 * Every dialect becomes the Graph object it was made from (a CSV row is
 * turned back into a signIn or directoryAudit object, JSON-in-cells
 * parsed), and one normaliser per kind reads that object, so the same
 * sign-in gives the same record whatever shape it came in.  Field names are
 * looked up case-insensitively: Graph writes camelCase, ConvertTo-Json
 * PascalCase.  Fields the normaliser does not map are kept as extras under
 * their camelCase name, nested objects with dotted names
 * (deviceDetail.isManaged, location.city), arrays of scalars joined with
 * commas.  FORMATS.md section 4 lists the shapes.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "jsonutil.h"
#include "msapps.h"
#include "parse.h"
#include "timefmt.h"

static const char *const record_paths[] = {"/value", "/records", NULL};

#define JOIN_MAX (1u << 20)	/* cap on one joined or decoded value */
#define NAME_MAX_LEN 256	/* cap on an extra's name */
#define FLATTEN_DEPTH 4		/* nested objects kept as dotted names */

/* ---- sniffing --------------------------------------------------------------- */

/* Any key, case-insensitively (PowerShell writes PascalCase). */
static int
has_key(const struct sniff *s, const char *key)
{
	for (size_t i = 0; i < s->nall_keys; i++)
		if (strcasecmp(s->all_keys[i], key) == 0)
			return 1;
	return 0;
}

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

/* Which Entra record kind the JSON keys say, and how sure that is. */
static const char *
json_kind(const struct sniff *s, int *score)
{
	*score = 85;
	if (sniff_contains(s, "SignInLogs\"") && has_key(s, "properties"))
		return "entra.signin";
	if (sniff_contains(s, "\"AuditLogs\"") && has_key(s, "operationName"))
		return "entra.audit";
	*score = 80;
	if (has_key(s, "activityDisplayName") &&
	    (has_key(s, "activityDateTime") || has_key(s, "loggedByService")))
		return "entra.audit";
	if (has_key(s, "createdDateTime") &&
	    (has_key(s, "userPrincipalName") || has_key(s, "appDisplayName")) &&
	    (has_key(s, "conditionalAccessStatus") || has_key(s, "status") ||
	     has_key(s, "ipAddress")) &&
	    !has_key(s, "servicePrincipalType") && !has_key(s, "appRoleId"))
		return "entra.signin";
	*score = 70;
	if (has_key(s, "appRoleAssignmentRequired") || has_key(s, "servicePrincipalType"))
		return "entra.service_principal";
	if (has_key(s, "principalId") && has_key(s, "appRoleId"))
		return "entra.app_role_assignment";
	if (has_key(s, "consentType") && (has_key(s, "scope") || has_key(s, "clientId")))
		return "entra.oauth2_grant";
	if (has_key(s, "defaultUserRolePermissions"))
		return "entra.authorization_policy";
	/* GET /groups/{id}/members (or transitiveMembers) answers with
	 * directoryObjects, each with its @odata.type; Get-MgGroupMember puts
	 * the type in AdditionalProperties */
	if (has_key(s, "@odata.type") &&
	    (sniff_contains(s, "#directoryObjects") || sniff_contains(s, "members") ||
	     has_key(s, "AdditionalProperties"))) {
		*score = 60;
		return "entra.group_member";
	}
	*score = 60;
	if (has_key(s, "grantControls") || (has_key(s, "conditions") && has_key(s, "state")))
		return "entra.ca_policy";
	return NULL;
}

static int
has_time_generated(const struct sniff *s)
{
	return sniff_has_column(s, "TimeGenerated [UTC]") ||
	       sniff_has_column(s, "TimeGenerated [Local Time]") ||
	       sniff_has_column(s, "TimeGenerated");
}

static int
bid(const struct sniff *s, const char **format)
{
	static _Thread_local char fmt[80];	/* copied by the caller before its next bid */
	if (s->json != JSON_NONE) {
		int score;
		const char *what = json_kind(s, &score);
		if (!what)
			return 0;
		const char *membership = "";
		/* direct or nested members: only the request URL says, when the
		 * export kept it (@odata.nextLink, @odata.context) */
		if (strcmp(what, "entra.group_member") == 0)
			membership = sniff_contains(s, "transitiveMembers") ? ".transitive" :
				     sniff_contains(s, "/members") ? ".direct" : "";
		snprintf(fmt, sizeof(fmt), "%s%s.%s", what, membership, shape(s));
		*format = fmt;
		return score;
	}
	if (s->header_line == NULL || s->xml_root)
		return 0;
	/* Log Analytics / Sentinel: PascalCase columns */
	if (has_time_generated(s) && sniff_has_column(s, "ResultType") &&
	    (sniff_has_column(s, "UserPrincipalName") || sniff_has_column(s, "ServicePrincipalId"))) {
		*format = "entra.signin.loganalytics.csv";
		return 85;
	}
	if (has_time_generated(s) && sniff_has_column(s, "OperationName") &&
	    sniff_has_column(s, "TargetResources")) {
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

/* ---- reading JSON values ------------------------------------------------------ */


/* A non-empty scalar member as text, or NULL. */
static const char *
member_text(const cJSON *o, const char *key, char *buf, size_t n)
{
	return json_index_text(NULL, o, key, buf, n);
}

/* "true" / "false" from a JSON boolean or the texts exports write
 * (true, True, Yes, 1); NULL when it says neither. */
static const char *
bool_text(const cJSON *v)
{
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "true" : "false";
	if (!cJSON_IsString(v))
		return NULL;
	const char *s = v->valuestring;
	if (strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0 || strcmp(s, "1") == 0)
		return "true";
	if (strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0 || strcmp(s, "0") == 0)
		return "false";
	return NULL;
}

/* The scalars of array a, joined with commas into b. */
static void
join_scalars(struct buf *b, const cJSON *a)
{
	char num[64];
	buf_reset(b);
	for (const cJSON *e = cJSON_IsArray(a) ? a->child : NULL; e; e = e->next) {
		const char *t = json_scalar_text(e, num, sizeof(num));
		if (t == NULL || t[0] == '\0')
			continue;
		if (b->len)
			buf_addc(b, ',');
		buf_adds(b, t);
	}
}

/* A source name as a stable extra name: PascalCase becomes camelCase
 * ("AppId" -> "appId", "IPAddress" -> "ipAddress", "AADTenantId" ->
 * "aadTenantId"); camelCase stays. */
static void
camel_name(const char *s, char *out, size_t n)
{
	size_t len = strlen(s), up = 0;
	while (up < len && isupper((unsigned char)s[up]))
		up++;
	size_t lower = up;
	if (up > 1 && up < len && islower((unsigned char)s[up]))
		lower = up - 1;	/* the last capital starts the next word */
	size_t i = 0;
	for (; i < len && i + 1 < n; i++)
		out[i] = i < lower ? (char)tolower((unsigned char)s[i]) : s[i];
	out[i] = '\0';
}

static int
in_list(const char *key, const char *const *list)
{
	/* asked of every member of every record: two letters compared
	 * before the rest (the second is a NUL at most, as the first is not) */
	int first = tolower((unsigned char)key[0]);
	if (first == 0)
		return 0;
	int second = tolower((unsigned char)key[1]);
	for (size_t i = 0; list && list[i]; i++)
		if (tolower((unsigned char)list[i][0]) == first &&
		    tolower((unsigned char)list[i][1]) == second && strcasecmp(key, list[i]) == 0)
			return 1;
	return 0;
}

/* prefix.camelCase(key) into name (capped); a top-level name that is a
 * common field ("status") is kept apart as source.<name>. */
static void
extra_name(char *name, size_t n, const char *prefix, const char *key)
{
	size_t used = 0;
	/* the common names are short and lowercase: test those only */
	if (prefix == NULL && islower((unsigned char)key[0]) && strlen(key) <= 14 &&
	    field_by_name(key) >= 0)
		prefix = "source";
	if (prefix) {
		size_t len = strlen(prefix);
		if (len > n / 2)
			len = n / 2;
		memcpy(name, prefix, len);
		name[len] = '.';
		used = len + 1;
	}
	camel_name(key, name + used, n - used);
}

/* Every member of obj not in skip, as extras: scalars under their
 * camelCase name (prefixed with the path of the objects they are in),
 * arrays of scalars joined, nested objects flattened up to depth levels.
 * Arrays of objects and OData annotations ("@odata.type") are left out. */
static void
add_fields(struct store *st, struct buf *tmp, const cJSON *obj, const char *prefix,
	   const char *const *skip, int depth)
{
	char num[64], name[NAME_MAX_LEN];
	for (const cJSON *it = cJSON_IsObject(obj) ? obj->child : NULL; it; it = it->next) {
		if (it->string == NULL || it->string[0] == '@' || cJSON_IsNull(it) ||
		    (cJSON_IsString(it) && it->valuestring[0] == '\0') || in_list(it->string, skip))
			continue;
		extra_name(name, sizeof(name), prefix, it->string);
		if (cJSON_IsObject(it)) {
			if (depth > 0)
				add_fields(st, tmp, it, name, NULL, depth - 1);
		} else if (cJSON_IsArray(it)) {
			join_scalars(tmp, it);
			rec_set(st, name, tmp->data, tmp->len);
		} else {
			rec_set_str(st, name, json_scalar_text(it, num, sizeof(num)));
		}
	}
}

/* ---- the job ---------------------------------------------------------------------- */

enum csv_dialect {
	CSV_LOG_ANALYTICS,	/* PascalCase columns, JSON in cells */
	CSV_PORTAL_SIGNIN,	/* the portal's download: human column names */
	CSV_PORTAL_AUDIT,
};

struct ejob {
	struct parse_ctx *c;
	const char *kind;	/* the format's kind, for records of no clearer shape */
	const char *membership;	/* group members: "direct", "transitive" or NULL */
	char *group;		/* the group a member list is of (from the entry name) */
	char *member;		/* the user a memberOf list is of (from the entry name) */
	const char *tz;		/* zone of zone-less times; NULL = UTC */
	uint64_t line;		/* of the record being read, for warnings */
	int warned_cell;
	uint64_t bad_cells;	/* JSON cells that did not parse: the entry is partial */
	struct buf tmp;		/* joined / decoded values */
	struct json_index ix;	/* the members of the record being read */
	/* CSV: the dialect; for Log Analytics the member name of each column,
	 * decided at the first row */
	enum csv_dialect csv;
	int csv_started;
	char **keys;
	size_t nkeys;
};

static struct store *
begin(struct ejob *j, const char *kind, const struct jrecord *r, uint64_t line)
{
	struct store *st = j->c->store;
	store_begin(st, j->c->input_id, kind);
	if (r && r->pointer[0])
		rec_set_pointer(st, r->pointer);
	rec_set_line(st, line);
	j->line = line;
	return st;
}

/* Parse a time (ISO 8601 with any fraction and offset, or the US dates
 * of Log Analytics exports) and set it on the open record. */
static void
set_time(struct ejob *j, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	/* zone-less times are UTC, but where the export wrote local time */
	int64_t ms = pctx_time(j->c, text, strlen(text), j->line, j->tz ? 0 : PT_UTC);
	if (ms == TIME_NONE)
		return;
	rec_set_time(j->c->store, ms);
}

/* ---- sign-ins --------------------------------------------------------------------- */

/* Members the sign-in normaliser maps itself; the rest become extras. */
static const char *const signin_mapped[] = {
	"userPrincipalName", "appDisplayName", "resourceDisplayName", "ipAddress",
	"correlationId", "tenantId", "status", "appliedConditionalAccessPolicies",
	"isInteractive", "category", "resultType", "resultDescription", "table", NULL,
};

/* code = errorCode as decimal text, status success / failure, message =
 * the failure reason, extra additionalDetails. */
static void
signin_status(struct ejob *j, struct store *st, const cJSON *si, const cJSON *diag)
{
	char num[64];
	const cJSON *s = json_index_member(&j->ix, si, "status");
	const char *code = member_text(s, "errorCode", num, sizeof(num));
	if (code == NULL)
		code = json_index_text(&j->ix, si, "resultType", num, sizeof(num));
	if (code == NULL)
		code = member_text(diag, "resultType", num, sizeof(num));
	int ok = code && strcmp(code, "0") == 0;
	if (code) {
		rec_set_str(st, "code", code);
		rec_set_str(st, "status", ok ? "success" : "failure");
	}
	const char *why = json_member_str(s, "failureReason");
	if (why == NULL && !ok)
		why = json_index_str(&j->ix, si, "resultDescription");
	if (why == NULL && !ok)
		why = json_member_str(diag, "resultDescription");
	if (why && !(ok && strcmp(why, "Other.") == 0))
		rec_set_str(st, "message", why);
	rec_set_str(st, "additionalDetails", json_member_str(s, "additionalDetails"));
}

/* Each applied policy as caPolicy = "name=result", and the grant controls
 * it enforced as caGrantControls = "name=control,control"; the policies
 * that were enforced and failed also as caFailed = "name" (report-only
 * results never are). */
static void
signin_policies(struct ejob *j, struct store *st, const cJSON *si)
{
	const cJSON *list = json_index_member(&j->ix, si, "appliedConditionalAccessPolicies");
	for (const cJSON *p = cJSON_IsArray(list) ? list->child : NULL; p; p = p->next) {
		const char *name = json_member_str(p, "displayName");
		if (name == NULL)
			name = json_member_str(p, "id");
		const char *result = json_member_str(p, "result");
		if (name == NULL)
			continue;
		char *v = xasprintf("%s=%s", name, result ? result : "");
		rec_set_str(st, "caPolicy", v);
		free(v);
		if (result && strcasecmp(result, "failure") == 0)
			rec_set_str(st, "caFailed", name);
		join_scalars(&j->tmp, json_member(p, "enforcedGrantControls"));
		if (j->tmp.len) {
			v = xasprintf("%s=%s", name, j->tmp.data);
			rec_set_str(st, "caGrantControls", v);
			free(v);
		}
	}
}

/* Azure Monitor sends each kind of sign-in to its own category;
 * only SignInLogs holds interactive ones. */
static int
non_interactive_category(const char *cat)
{
	return cat && (strcasestr(cat, "NonInteractive") || strcasestr(cat, "ServicePrincipal") ||
		       strcasestr(cat, "ManagedIdentity"));
}

static void
emit_signin(struct ejob *j, const cJSON *si, const cJSON *diag, const struct jrecord *r,
	    uint64_t line)
{
	struct store *st = begin(j, "entra.signin", r, line);
	if (j->ix.obj != si)
		json_index_build(&j->ix, si);
	const char *t = json_index_str(&j->ix, si, "createdDateTime");
	if (t == NULL)
		t = json_member_str(diag, "time");
	if (t == NULL)
		t = json_index_str(&j->ix, si, "timeGenerated");
	set_time(j, t);
	rec_set_str(st, "user", json_index_str(&j->ix, si, "userPrincipalName"));
	const char *app = json_index_str(&j->ix, si, "appDisplayName");
	if (app == NULL)
		app = json_index_str(&j->ix, si, "servicePrincipalName");
	/* no name: a well-known id's, else the id itself (the model names it
	 * from a service principal export) */
	const char *appid = json_index_str(&j->ix, si, "appId");
	if (app == NULL && appid)
		app = ms_app_name(appid) ? ms_app_name(appid) : appid;
	rec_set_str(st, "app", app);
	rec_set_str(st, "resource", json_index_str(&j->ix, si, "resourceDisplayName"));
	const char *ip = json_index_str(&j->ix, si, "ipAddress");
	rec_set_str(st, "ip", ip ? ip : json_member_str(diag, "callerIpAddress"));
	const char *corr = json_index_str(&j->ix, si, "correlationId");
	rec_set_str(st, "correlation_id", corr ? corr : json_member_str(diag, "correlationId"));
	const char *tenant = json_index_str(&j->ix, si, "tenantId");
	if (tenant == NULL)
		tenant = json_member_str(diag, "tenantId");
	if (tenant == NULL)
		tenant = json_index_str(&j->ix, si, "homeTenantId");
	rec_set_str(st, "tenant", tenant);
	signin_status(j, st, si, diag);
	signin_policies(j, st, si);
	const char *cat = json_member_str(diag, "category");
	if (cat == NULL)
		cat = json_index_str(&j->ix, si, "category");
	const char *interactive = bool_text(json_index_member(&j->ix, si, "isInteractive"));
	if (non_interactive_category(cat))
		interactive = "false";
	else if (interactive == NULL && cat && strcasecmp(cat, "SignInLogs") == 0)
		interactive = "true";
	rec_set_str(st, "isInteractive", interactive);
	rec_set_str(st, "category", cat);
	add_fields(st, &j->tmp, si, NULL, signin_mapped, FLATTEN_DEPTH);
	store_end(st);
}

/* ---- directory audits ---------------------------------------------------------------- */

static const char *const audit_mapped[] = {
	"activityDisplayName", "initiatedBy", "targetResources", "additionalDetails",
	"correlationId", "tenantId", "table", NULL,
};

/* user = the initiating user's UPN; an app initiator as initiatedByApp. */
static void
audit_initiator(struct store *st, const cJSON *a)
{
	char num[64];
	const cJSON *by = json_member(a, "initiatedBy");
	const cJSON *u = json_member(by, "user");
	if (cJSON_IsObject(u)) {
		rec_set_str(st, "user", json_member_str(u, "userPrincipalName"));
		rec_set_str(st, "ip", json_member_str(u, "ipAddress"));
		rec_set_str(st, "initiatedByUserId", json_member_str(u, "id"));
		rec_set_str(st, "initiatedByUserName", json_member_str(u, "displayName"));
		rec_set_str(st, "initiatedByRoles", member_text(u, "roles", num, sizeof(num)));
	}
	const cJSON *app = json_member(by, "app");
	if (cJSON_IsObject(app)) {
		rec_set_str(st, "initiatedByApp", json_member_str(app, "displayName"));
		rec_set_str(st, "initiatedByAppId", json_member_str(app, "appId"));
		rec_set_str(st, "initiatedByServicePrincipalId", json_member_str(app, "servicePrincipalId"));
	}
}

/* modified.<name>.old / .new, the values decoded from JSON-in-strings. */
static void
audit_modified(struct ejob *j, struct store *st, const cJSON *props, const char *name_key,
	       const char *old_key, const char *new_key)
{
	char key[NAME_MAX_LEN];
	for (const cJSON *m = cJSON_IsArray(props) ? props->child : NULL; m; m = m->next) {
		const char *name = json_member_str(m, name_key);
		const char *dot = name ? "." : "";
		if (name == NULL)
			name = "";
		snprintf(key, sizeof(key), "modified%s%.200s.old", dot, name);
		json_decode_value(&j->tmp, json_member(m, old_key));
		rec_set(st, key, j->tmp.data, j->tmp.len);
		snprintf(key, sizeof(key), "modified%s%.200s.new", dot, name);
		json_decode_value(&j->tmp, json_member(m, new_key));
		rec_set(st, key, j->tmp.data, j->tmp.len);
	}
}

/* Each target as repeated target / targetType / targetId / targetUpn; the
 * first service principal or application named is the record's app. */
static void
audit_targets(struct ejob *j, struct store *st, const cJSON *a)
{
	const cJSON *list = json_member(a, "targetResources");
	int have_app = 0;
	for (const cJSON *t = cJSON_IsArray(list) ? list->child : NULL; t; t = t->next) {
		const char *name = json_member_str(t, "displayName");
		const char *upn = json_member_str(t, "userPrincipalName");
		const char *id = json_member_str(t, "id");
		const char *type = json_member_str(t, "type");	/* "Type" in some samples */
		rec_set_str(st, "target", name ? name : upn ? upn : id);
		rec_set_str(st, "targetType", type);
		rec_set_str(st, "targetId", id);
		rec_set_str(st, "targetUpn", upn);
		rec_set_str(st, "targetGroupType", json_member_str(t, "groupType"));
		if (!have_app && name && type &&
		    (strcasecmp(type, "ServicePrincipal") == 0 || strcasecmp(type, "Application") == 0)) {
			rec_set_str(st, "app", name);
			have_app = 1;
		}
		audit_modified(j, st, json_member(t, "modifiedProperties"), "displayName", "oldValue",
			       "newValue");
	}
}

static void
audit_details(struct store *st, const cJSON *a)
{
	char key[NAME_MAX_LEN], num[64];
	const cJSON *list = json_member(a, "additionalDetails");
	for (const cJSON *d = cJSON_IsArray(list) ? list->child : NULL; d; d = d->next) {
		const char *k = json_member_str(d, "key");
		if (k == NULL)
			continue;
		snprintf(key, sizeof(key), "detail.%.200s", k);
		rec_set_str(st, key, json_scalar_text(json_member(d, "value"), num, sizeof(num)));
	}
}

static void
emit_audit(struct ejob *j, const cJSON *a, const cJSON *diag, const struct jrecord *r,
	   uint64_t line)
{
	struct store *st = begin(j, "entra.audit", r, line);
	const char *t = json_member_str(a, "activityDateTime");
	if (t == NULL)
		t = json_member_str(diag, "time");
	if (t == NULL)
		t = json_member_str(a, "timeGenerated");
	set_time(j, t);
	const char *what = json_member_str(a, "activityDisplayName");
	if (what == NULL)
		what = json_member_str(diag, "operationName");
	if (what == NULL)
		what = json_member_str(a, "operationName");
	rec_set_str(st, "message", what);
	const char *result = json_member_str(a, "result");
	rec_set_str(st, "status", result);
	const char *corr = json_member_str(a, "correlationId");
	rec_set_str(st, "correlation_id", corr ? corr : json_member_str(diag, "correlationId"));
	const char *tenant = json_member_str(a, "tenantId");
	rec_set_str(st, "tenant", tenant ? tenant : json_member_str(diag, "tenantId"));
	audit_initiator(st, a);
	audit_targets(j, st, a);
	audit_details(st, a);
	add_fields(st, &j->tmp, a, NULL, audit_mapped, FLATTEN_DEPTH);
	store_end(st);
}

/* ---- configuration facts ------------------------------------------------------------ */

static const char *const fact_mapped[] = {"scope", NULL};

/* "#microsoft.graph.user" -> "user" */
static const char *
odata_type(const cJSON *o)
{
	const char *t = json_member_str(o, "@odata.type");
	if (t == NULL)
		t = json_member_str(json_member(o, "additionalProperties"), "@odata.type");
	if (t == NULL)
		return NULL;
	const char *dot = strrchr(t, '.');
	return dot ? dot + 1 : t;
}

static void
emit_fact(struct ejob *j, const char *kind, const cJSON *o, const struct jrecord *r,
	  uint64_t line)
{
	struct store *st = begin(j, kind, r, line);
	if (strcmp(kind, "entra.service_principal") == 0) {
		rec_set_str(st, "app", json_member_str(o, "displayName"));
	} else if (strcmp(kind, "entra.app_role_assignment") == 0) {
		const char *type = json_member_str(o, "principalType");
		if (type && strcasecmp(type, "User") == 0)
			rec_set_str(st, "user", json_member_str(o, "principalDisplayName"));
		rec_set_str(st, "app", json_member_str(o, "resourceDisplayName"));
	} else if (strcmp(kind, "entra.group_member") == 0) {
		const cJSON *more = json_member(o, "additionalProperties");
		const char *upn = json_member_str(o, "userPrincipalName");
		rec_set_str(st, "user", upn ? upn : json_member_str(more, "userPrincipalName"));
		rec_set_str(st, "memberType", odata_type(o));
		rec_set_str(st, "membership", j->membership);
		if (j->group)
			rec_set_str(st, "group", j->group);
		if (j->member)
			rec_set_str(st, "member", j->member);
	}
	/* Graph pads scopes with spaces: " User.Read Mail.Read " */
	const char *scope = json_member_str(o, "scope");
	if (scope) {
		while (*scope == ' ')
			scope++;
		size_t n = strlen(scope);
		while (n && scope[n - 1] == ' ')
			n--;
		rec_set(st, "scope", scope, n);
	}
	add_fields(st, &j->tmp, o, NULL, fact_mapped, FLATTEN_DEPTH);
	store_end(st);
}

/* ---- one JSON record ------------------------------------------------------------------ */

/* An Azure Monitor diagnostic-settings record: the log entry is in
 * "properties", with category, time and operationName around it. */
static int
is_diagnostic(const cJSON *o)
{
	return cJSON_IsObject(json_member(o, "properties")) &&
	       (json_member(o, "category") || json_member(o, "operationName")) &&
	       (json_member(o, "time") || json_member(o, "resourceId"));
}

/* Has o (indexed by ix, or not) a member key? */
static int
has(const struct json_index *ix, const cJSON *o, const char *key)
{
	return json_index_member(ix, o, key) != NULL;
}

/* The kind a record's own members say (o indexed by ix, or not);
 * fallback when they say nothing. */
static const char *
record_kind(const struct json_index *ix, const cJSON *o, const cJSON *diag, const char *fallback)
{
	const char *cat = json_member_str(diag, "category");
	if (cat && strcasecmp(cat, "AuditLogs") == 0)
		return "entra.audit";
	if (cat && strcasestr(cat, "SignInLogs"))
		return "entra.signin";
	if (has(ix, o, "activityDisplayName") || has(ix, o, "activityDateTime"))
		return "entra.audit";
	if (has(ix, o, "servicePrincipalType") || has(ix, o, "appRoleAssignmentRequired"))
		return "entra.service_principal";
	if (has(ix, o, "appRoleId") && has(ix, o, "principalId"))
		return "entra.app_role_assignment";
	if (has(ix, o, "consentType") && has(ix, o, "clientId"))
		return "entra.oauth2_grant";
	if (has(ix, o, "defaultUserRolePermissions"))
		return "entra.authorization_policy";
	if (has(ix, o, "conditions") &&
	    (has(ix, o, "grantControls") || has(ix, o, "sessionControls")))
		return "entra.ca_policy";
	if (has(ix, o, "createdDateTime") &&
	    (has(ix, o, "userPrincipalName") || has(ix, o, "appDisplayName")))
		return "entra.signin";
	if (diag)
		return "entra.diagnostic";	/* another category: kept as it is */
	return fallback;
}

static void
emit_kind(struct ejob *j, const char *kind, const cJSON *o, const cJSON *diag,
	  const struct jrecord *r, uint64_t line)
{
	if (strcmp(kind, "entra.signin") == 0) {
		emit_signin(j, o, diag, r, line);
	} else if (strcmp(kind, "entra.audit") == 0) {
		emit_audit(j, o, diag, r, line);
	} else if (strcmp(kind, "entra.diagnostic") == 0) {
		struct store *st = begin(j, kind, r, line);
		set_time(j, json_member_str(diag, "time"));
		rec_set_str(st, "category", json_member_str(diag, "category"));
		rec_set_str(st, "message", json_member_str(diag, "operationName"));
		add_fields(st, &j->tmp, o, NULL, NULL, FLATTEN_DEPTH);
		store_end(st);
	} else {
		emit_fact(j, kind, o, r, line);
	}
}

static int
on_json(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	struct ejob *j = ud;
	j->line = r->line;
	if (!cJSON_IsObject(item)) {
		pctx_warn_line(c, r->line, "record %s is not an object; skipped", r->pointer);
		return 0;
	}
	if (r->pointer[0] == '\0' && cJSON_IsObject(json_member(item, "error")) &&
	    json_member(json_member(item, "error"), "code")) {
		/* a Graph error response saved in place of the data */
		pctx_warn_line(c, r->line, "Graph error response: %s: %s",
			       json_member_str(json_member(item, "error"), "code") ?
			       json_member_str(json_member(item, "error"), "code") : "?",
			       json_member_str(json_member(item, "error"), "message") ?
			       json_member_str(json_member(item, "error"), "message") : "");
		return 0;
	}
	const cJSON *body = item, *diag = NULL;
	if (is_diagnostic(item)) {
		diag = item;
		body = json_member(item, "properties");
	}
	/* the members of most records are asked for by name, from here on */
	json_index_build(&j->ix, body);
	emit_kind(j, record_kind(&j->ix, body, diag, j->kind), body, diag, r, r->line);
	/* the tree goes, and the next may be where it was */
	j->ix.obj = NULL;
	return 0;
}

/* ---- CSV: Log Analytics ---------------------------------------------------------------- */

struct rename {
	const char *column;
	const char *key;
};

/* Log Analytics columns whose Graph name is not their camelCase; in
 * Log Analytics TenantId is the workspace, AADTenantId the tenant. */
static const struct rename la_renames[] = {
	{"ConditionalAccessPolicies", "appliedConditionalAccessPolicies"},
	{"LocationDetails", "location"},
	{"Location", "locationCode"},
	{"ResourceIdentity", "resourceId"},
	{"ResourceId", "azureResourceId"},
	{"AADTenantId", "tenantId"},
	{"TenantId", "workspaceId"},
	{"AADOperationType", "operationType"},
	{"Type", "table"},
	{NULL, NULL},
};

/* "TimeGenerated [UTC]" -> "TimeGenerated"; *local is set when the
 * bracket names another zone ("[Local Time]"). */
static char *
strip_zone_suffix(const char *h, int *local)
{
	const char *b = strrchr(h, '[');
	size_t n = b ? (size_t)(b - h) : strlen(h);
	while (n && h[n - 1] == ' ')
		n--;
	if (b && strncasecmp(b, "[UTC]", 5) != 0)
		*local = 1;
	return xstrndup(h, n);
}

static void
free_keys(struct ejob *j)
{
	for (size_t i = 0; i < j->nkeys; i++)
		free(j->keys[i]);
	free(j->keys);
	j->keys = NULL;
	j->nkeys = 0;
}

static void
la_keys(struct ejob *j, const struct csv_table *t)
{
	int local = 0;
	j->keys = xcalloc(t->ncols + 1, sizeof(*j->keys));
	j->nkeys = t->ncols;
	for (size_t i = 0; i < t->ncols; i++) {
		char *col = strip_zone_suffix(t->header[i], &local);
		const char *key = NULL;
		for (size_t k = 0; la_renames[k].column; k++)
			if (strcasecmp(col, la_renames[k].column) == 0)
				key = la_renames[k].key;
		char camel[NAME_MAX_LEN];
		camel_name(col, camel, sizeof(camel));
		j->keys[i] = xstrdup(key ? key : camel);
		free(col);
	}
	if (local)
		j->tz = j->c->opt->tz ? j->c->opt->tz : "UTC";
}

/* A cell as a JSON value: nested columns hold JSON text.  Text that
 * looks like JSON but is not stays a string, with a warning (once). */
static cJSON *
cell_value(struct ejob *j, const char *column, const char *v)
{
	const char *p = v;
	while (*p == ' ')
		p++;
	if (*p == '{' || *p == '[') {
		cJSON *parsed = json_parse_whole(v);
		if (parsed)
			return parsed;
		j->bad_cells++;
		if (!j->warned_cell++)
			pctx_warn_line(j->c, j->line, "column %s holds invalid JSON; kept as text",
				       column);
	}
	return cJSON_CreateString(v);
}

static cJSON *
la_object(struct ejob *j, const struct csv_table *t)
{
	cJSON *o = cJSON_CreateObject();
	size_t n = csv_ncells(t->csv);
	for (size_t i = 0; i < n && i < j->nkeys; i++) {
		const char *v = csv_cell(t->csv, i);
		if (v[0] == '\0' || j->keys[i][0] == '\0')
			continue;
		cJSON_AddItemToObject(o, j->keys[i], cell_value(j, t->header[i], v));
	}
	return o;
}

/* ---- CSV: portal downloads (column names unverified) ---------------------------------- */

/* The portal's sign-in CSV, per FORMATS.md 4.1 and the download as we
 * remember it: UNVERIFIED against a real file.  Targets are dotted
 * paths into the signIn object; other columns keep their header as name. */
static const struct rename portal_signin_map[] = {
	{"Date (UTC)", "createdDateTime"},
	{"Request ID", "id"},
	{"User agent", "userAgent"},
	{"Correlation ID", "correlationId"},
	{"User ID", "userId"},
	{"User", "userDisplayName"},
	{"Username", "userPrincipalName"},
	{"User type", "userType"},
	{"Cross tenant access type", "crossTenantAccessType"},
	{"Incoming token type", "incomingTokenType"},
	{"Authentication Protocol", "authenticationProtocol"},
	{"Unique token identifier", "uniqueTokenIdentifier"},
	{"Client credential type", "clientCredentialType"},
	{"Application", "appDisplayName"},
	{"Application ID", "appId"},
	{"Resource", "resourceDisplayName"},
	{"Resource ID", "resourceId"},
	{"Resource tenant ID", "resourceTenantId"},
	{"Home tenant ID", "homeTenantId"},
	{"Home tenant name", "homeTenantName"},
	{"IP address", "ipAddress"},
	{"Location", "@location"},
	{"Status", "statusText"},
	{"Sign-in error code", "status.errorCode"},
	{"Failure reason", "status.failureReason"},
	{"Additional Details", "status.additionalDetails"},
	{"Client app", "clientAppUsed"},
	{"Device ID", "deviceDetail.deviceId"},
	{"Browser", "deviceDetail.browser"},
	{"Operating System", "deviceDetail.operatingSystem"},
	{"Compliant", "@bool:deviceDetail.isCompliant"},
	{"Managed", "@bool:deviceDetail.isManaged"},
	{"Join Type", "deviceDetail.trustType"},
	{"Authentication requirement", "authenticationRequirement"},
	{"Conditional Access", "@enum:conditionalAccessStatus"},
	{"Token issuer type", "tokenIssuerType"},
	{"Token issuer name", "tokenIssuerName"},
	{"Latency", "processingTimeInMilliseconds"},
	{"Is Interactive", "@bool:isInteractive"},
	{NULL, NULL},
};

/* Set a dotted path ("status.errorCode") in o, creating the objects on
 * the way; an existing member is replaced. */
static void
set_path(cJSON *o, const char *path, cJSON *value)
{
	const char *dot;
	while ((dot = strchr(path, '.')) != NULL) {
		char part[NAME_MAX_LEN];
		snprintf(part, sizeof(part), "%.*s", (int)(dot - path), path);
		cJSON *next = cJSON_GetObjectItemCaseSensitive(o, part);
		if (!cJSON_IsObject(next)) {
			next = cJSON_CreateObject();
			cJSON_DeleteItemFromObjectCaseSensitive(o, part);
			cJSON_AddItemToObject(o, part, next);
		}
		o = next;
		path = dot + 1;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(o, path);
	cJSON_AddItemToObject(o, path, value);
}

/* "Redmond, Washington, US" -> location.city / state / countryOrRegion */
static void
portal_location(cJSON *o, const char *v)
{
	char *parts[3] = {NULL, NULL, NULL};
	size_t n = 0;
	const char *p = v;
	while (*p && n < 3) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		while (len && p[len - 1] == ' ')
			len--;
		parts[n++] = xstrndup(p, len);
		if (!comma)
			break;
		p = comma + 1;
		while (*p == ' ')
			p++;
	}
	if (n >= 1)
		set_path(o, n == 1 ? "location.countryOrRegion" : "location.city",
			 cJSON_CreateString(parts[0]));
	if (n == 3)
		set_path(o, "location.state", cJSON_CreateString(parts[1]));
	if (n >= 2)
		set_path(o, "location.countryOrRegion", cJSON_CreateString(parts[n - 1]));
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
}

/* "Not Applied" -> "notApplied", the Graph spelling. */
static cJSON *
enum_value(const char *v)
{
	char out[NAME_MAX_LEN];
	size_t k = 0;
	int up = 0;
	for (const char *p = v; *p && k + 1 < sizeof(out); p++) {
		if (*p == ' ') {
			up = 1;
			continue;
		}
		out[k] = k == 0 ? (char)tolower((unsigned char)*p) :
			 up ? (char)toupper((unsigned char)*p) : *p;
		k++;
		up = 0;
	}
	out[k] = '\0';
	return cJSON_CreateString(out);
}

static void
portal_signin_cell(cJSON *o, const char *header, const char *v)
{
	for (size_t k = 0; portal_signin_map[k].column; k++) {
		if (!csv_name_eq(header, portal_signin_map[k].column))
			continue;
		const char *target = portal_signin_map[k].key;
		if (strcmp(target, "@location") == 0) {
			portal_location(o, v);
		} else if (strncmp(target, "@bool:", 6) == 0) {
			cJSON *s = cJSON_CreateString(v);
			const char *b = bool_text(s);
			cJSON_Delete(s);
			set_path(o, target + 6, b ? cJSON_CreateBool(b[0] == 't') : cJSON_CreateString(v));
		} else if (strncmp(target, "@enum:", 6) == 0) {
			set_path(o, target + 6, enum_value(v));
		} else {
			set_path(o, target, cJSON_CreateString(v));
		}
		return;
	}
	cJSON_AddItemToObject(o, header, cJSON_CreateString(v));
}

/* The n-th (1-based) object of array a, added when missing. */
static cJSON *
nth_object(cJSON *a, long n)
{
	while (cJSON_GetArraySize(a) < n)
		cJSON_AddItemToArray(a, cJSON_CreateObject());
	return cJSON_GetArrayItem(a, (int)(n - 1));
}

static cJSON *
array_member(cJSON *o, const char *key)
{
	cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsArray(a)) {
		a = cJSON_CreateArray();
		cJSON_AddItemToObject(o, key, a);
	}
	return a;
}

/* A 1..50 index at *p, advancing past it; 0 when there is none. */
static long
index_at(const char **p)
{
	long n = 0;
	while (isdigit((unsigned char)**p) && n < 1000)
		n = n * 10 + (*(*p)++ - '0');
	return n >= 1 && n <= 50 ? n : 0;
}

/* The portal's audit CSV flattens targets and their modified properties
 * into numbered columns (Target1DisplayName, Target1ModifiedProperty2NewValue,
 * AdditionalDetail1Key): UNVERIFIED against a real file. */
static int
portal_audit_numbered(cJSON *o, const char *h, const char *v)
{
	const char *p = h;
	if (strncasecmp(p, "AdditionalDetail", 16) == 0) {
		p += 16;
		long n = index_at(&p);
		if (!n)
			return 0;
		cJSON *d = nth_object(array_member(o, "additionalDetails"), n);
		set_path(d, strcasecmp(p, "Key") == 0 ? "key" : "value", cJSON_CreateString(v));
		return 1;
	}
	if (strncasecmp(p, "Target", 6) != 0)
		return 0;
	p += 6;
	long n = index_at(&p);
	if (!n)
		return 0;
	cJSON *t = nth_object(array_member(o, "targetResources"), n);
	if (strncasecmp(p, "ModifiedProperty", 16) == 0) {
		p += 16;
		long m = index_at(&p);
		if (!m)
			return 0;
		cJSON *mp = nth_object(array_member(t, "modifiedProperties"), m);
		const char *key = strcasecmp(p, "Name") == 0 ? "displayName" :
				  strcasecmp(p, "OldValue") == 0 ? "oldValue" : "newValue";
		set_path(mp, key, cJSON_CreateString(v));
		return 1;
	}
	const char *key = strcasecmp(p, "Type") == 0 ? "type" :
			  strcasecmp(p, "DisplayName") == 0 ? "displayName" :
			  strcasecmp(p, "ObjectId") == 0 ? "id" :
			  strcasecmp(p, "UserPrincipalName") == 0 ? "userPrincipalName" : NULL;
	if (key == NULL)
		return 0;
	set_path(t, key, cJSON_CreateString(v));
	return 1;
}

static const struct rename portal_audit_map[] = {
	{"Date (UTC)", "activityDateTime"},
	{"CorrelationId", "correlationId"},
	{"Service", "loggedByService"},
	{"Category", "category"},
	{"Activity", "activityDisplayName"},
	{"Result", "result"},
	{"ResultReason", "resultReason"},
	{"ActorDisplayName", "@actor:displayName"},
	{"ActorObjectId", "@actor:id"},
	{"ActorUserPrincipalName", "@actor:userPrincipalName"},
	{"ActorServicePrincipalName", "@actor:servicePrincipalName"},
	{"ActorAppId", "@actor:appId"},
	{"IPAddress", "@actor:ipAddress"},
	{NULL, NULL},
};

static cJSON *
portal_audit_object(const struct csv_table *t)
{
	cJSON *o = cJSON_CreateObject(), *actor = cJSON_CreateObject();
	const char *actor_type = NULL;
	size_t n = csv_ncells(t->csv);
	for (size_t i = 0; i < n && i < t->ncols; i++) {
		const char *h = t->header[i], *v = csv_cell(t->csv, i);
		if (v[0] == '\0' || h[0] == '\0')
			continue;
		if (csv_name_eq(h, "ActorType")) {
			actor_type = v;
			continue;
		}
		if (portal_audit_numbered(o, h, v))
			continue;
		const char *target = NULL;
		for (size_t k = 0; portal_audit_map[k].column; k++)
			if (csv_name_eq(h, portal_audit_map[k].column))
				target = portal_audit_map[k].key;
		if (target && strncmp(target, "@actor:", 7) == 0)
			set_path(actor, target + 7, cJSON_CreateString(v));
		else
			set_path(o, target ? target : h, cJSON_CreateString(v));
	}
	int is_app = actor_type && (strcasestr(actor_type, "app") ||
				    strcasestr(actor_type, "ServicePrincipal"));
	cJSON *by = cJSON_CreateObject();
	cJSON_AddItemToObject(by, is_app ? "app" : "user", actor);
	cJSON_AddItemToObject(o, "initiatedBy", by);
	return o;
}

static cJSON *
portal_signin_object(const struct csv_table *t)
{
	cJSON *o = cJSON_CreateObject();
	size_t n = csv_ncells(t->csv);
	for (size_t i = 0; i < n && i < t->ncols; i++) {
		const char *v = csv_cell(t->csv, i);
		if (v[0] != '\0' && t->header[i][0] != '\0')
			portal_signin_cell(o, t->header[i], v);
	}
	return o;
}

/* ---- one CSV row --------------------------------------------------------------------------- */

static int
on_csv_row(struct parse_ctx *c, const struct csv_table *t, void *ud)
{
	struct ejob *j = ud;
	(void)c;
	j->line = t->csv->line;
	if (!j->csv_started) {
		j->csv_started = 1;
		if (j->csv == CSV_LOG_ANALYTICS)
			la_keys(j, t);
	}
	cJSON *o;
	switch (j->csv) {
	case CSV_LOG_ANALYTICS:
		o = la_object(j, t);
		break;
	case CSV_PORTAL_AUDIT:
		o = portal_audit_object(t);
		break;
	default:
		o = portal_signin_object(t);
		break;
	}
	emit_kind(j, j->kind, o, NULL, NULL, t->csv->line);
	cJSON_Delete(o);
	return 0;
}

/* ---- entry point ---------------------------------------------------------------------------- */

/* "entra.signin.graph" -> "entra.signin" */
static void
format_kind(const char *format, char *kind, size_t n)
{
	const char *dot = strchr(format, '.');
	dot = dot ? strchr(dot + 1, '.') : NULL;
	size_t len = dot ? (size_t)(dot - format) : strlen(format);
	snprintf(kind, n, "%.*s", (int)len, format);
}

/* A member list names neither its group nor (for memberOf) its user;
 * exports saved per object carry them in the entry name:
 * "<group>.members.json", "<group>.transitiveMembers.json",
 * "<user>.memberOf.json", "<user>.transitiveMemberOf.json", or in the
 * folder: "<group>/members.json", "<user>/memberOf.json". */
static void
membership_names(struct ejob *j, const char *name, const char *locator)
{
	static const struct {
		const char *file;
		int of_user;
	} bare[] = {
		{"members.json", 0}, {"transitiveMembers.json", 0},
		{"memberOf.json", 1}, {"transitiveMemberOf.json", 1},
	};
	const char *b = name ? strrchr(name, '/') : NULL;
	b = b ? b + 1 : name;
	for (size_t i = 0; b && locator && i < sizeof(bare) / sizeof(bare[0]); i++) {
		size_t lb = strlen(locator), lf = strlen(bare[i].file);
		if (strcasecmp(b, bare[i].file) != 0 || lb <= lf + 1)
			continue;
		/* the folder the file is in: ".../<name>/members.json" */
		const char *end = locator + lb - lf - 1;
		const char *start = end;
		while (start > locator && start[-1] != '/' && start[-1] != '!')
			start--;
		if (end <= start)
			return;
		char *v = xstrndup(start, (size_t)(end - start));
		if (bare[i].of_user)
			j->member = v;
		else
			j->group = v;
		if (strncasecmp(bare[i].file, "transitive", 10) == 0)
			j->membership = "transitive";
		return;
	}
	static const struct {
		const char *suffix;
		int of_user;
	} forms[] = {
		{".transitiveMembers.json", 0}, {".members.json", 0}, {"_members.json", 0},
		{".transitiveMemberOf.json", 1}, {".memberOf.json", 1}, {"_memberOf.json", 1},
	};
	if (name == NULL)
		return;
	/* Graph PowerShell output named after the cmdlet:
	 * "Get-MgGroupMember_<group>.json", "Get-MgUserMemberOf_<user>.json" */
	static const struct {
		const char *prefix;
		int of_user;
	} cmdlets[] = {
		{"Get-MgGroupTransitiveMember_", 0}, {"Get-MgGroupMember_", 0},
		{"Get-MgUserTransitiveMemberOf_", 1}, {"Get-MgUserMemberOf_", 1},
	};
	const char *b2 = strrchr(name, '/');
	b2 = b2 ? b2 + 1 : name;
	for (size_t i = 0; i < sizeof(cmdlets) / sizeof(cmdlets[0]); i++) {
		size_t k = strlen(cmdlets[i].prefix);
		const char *dot = strrchr(b2, '.');
		if (strncasecmp(b2, cmdlets[i].prefix, k) != 0 || dot == NULL || dot <= b2 + k)
			continue;
		char *v = xstrndup(b2 + k, (size_t)(dot - b2 - (ptrdiff_t)k));
		if (cmdlets[i].of_user)
			j->member = v;
		else
			j->group = v;
		if (mem_find_ci(cmdlets[i].prefix, k, "Transitive"))
			j->membership = "transitive";
		return;
	}
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t n = strlen(base);
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		size_t k = strlen(forms[i].suffix);
		if (n > k && strcasecmp(base + n - k, forms[i].suffix) == 0) {
			char *v = xstrndup(base, n - k);
			if (forms[i].of_user)
				j->member = v;
			else
				j->group = v;
			if (strncasecmp(forms[i].suffix, ".transitive", 11) == 0)
				j->membership = "transitive";
			return;
		}
	}
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	char kind[64];
	format_kind(format, kind, sizeof(kind));
	struct ejob j = {.c = c, .kind = kind};
	buf_init(&j.tmp, JOIN_MAX);
	if (strstr(format, ".transitive."))
		j.membership = "transitive";
	else if (strstr(format, ".direct."))
		j.membership = "direct";
	if (strcmp(kind, "entra.group_member") == 0)
		membership_names(&j, c->name, c->input ? c->input->locator : NULL);
	enum input_status st;
	if (strstr(format, ".csv")) {
		if (strstr(format, ".loganalytics."))
			j.csv = CSV_LOG_ANALYTICS;
		else if (strcmp(kind, "entra.audit") == 0)
			j.csv = CSV_PORTAL_AUDIT;
		else
			j.csv = CSV_PORTAL_SIGNIN;
		st = parse_csv_table(c, on_csv_row, &j);
		free_keys(&j);
	} else {
		st = parse_json_records(c, kind, record_paths, on_json, &j);
	}
	buf_free(&j.tmp);
	json_index_free(&j.ix);
	free(j.group);
	free(j.member);
	if (j.bad_cells && st == ST_OK)
		st = ST_PARTIAL;
	return st;
}

static const char *const formats_list[] = {
	"entra.signin.graph", "entra.signin.ndjson", "entra.signin.loganalytics.csv", "entra.signin.portal.csv", "entra.audit.portal.csv", "entra.audit.loganalytics.csv", "entra.group_member.transitive.graph",
	NULL,
};

const struct parser parser_entra = {
	.name = "entra",
	.description = "Microsoft Entra sign-in and audit logs (Graph, portal, "
		       "diagnostic settings, Log Analytics) and configuration exports",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
