/*
 * salesforce_export.c - Salesforce CSV and JSON exports: Login History
 * download, Setup Audit Trail download, Event Log Files (CSV, or rows as
 * JSON), data exports (Data Loader / Data Export: User,
 * PermissionSetAssignment, Profile, PermissionSet, SetupEntityAccess,
 * OauthToken, Organization, ConnectedApplication), and SOQL / REST query
 * results ({"totalSize","done","records"}).
 *
 * Columns are matched by name (case, spaces and '_' ignored), never by
 * position.  Known columns become common fields (user, app, status, ip,
 * org, code, message) and the time; every other column is kept under its
 * own name, so nothing in the export is lost.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>

#include "parse.h"
#include "salesforce.h"
#include "timefmt.h"

/* SOQL results: the REST answer, and the Salesforce CLI's
 * "sf data query --json" envelope {"status": 0, "result": {...}} */
static const char *const soql_paths[] = {"/records", "/result/records", NULL};

/* ---- sniffing ------------------------------------------------------------ */

static int
bid(const struct sniff *s, const char **format)
{
	if (s->json != JSON_NONE) {
		if (sniff_has_top_key(s, "totalSize") && sniff_has_top_key(s, "records") &&
		    sniff_has_key(s, "attributes")) {
			*format = "sf.soql.json";
			return 80;
		}
		if (sniff_has_top_key(s, "result") && sniff_has_key(s, "totalSize") &&
		    sniff_has_key(s, "records") && sniff_has_key(s, "attributes")) {
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
	/* the Setup download (Username, Login Time, ...) and the object
	 * exported by the API or Data Loader (UserId, LoginTime, ...) */
	if ((sniff_has_column(s, "Username") || sniff_has_column(s, "User") ||
	     sniff_has_column(s, "UserId")) &&
	    sniff_has_column(s, "Login Time") && sniff_has_column(s, "Status")) {
		*format = "sf.login_history.csv";
		return 85;
	}
	/* one user's Login History, downloaded from their user record: no
	 * user column (the file and the ticket say whose it is) */
	if (sniff_has_column(s, "Login Time") && sniff_has_column(s, "Status") &&
	    (sniff_has_column(s, "Login Type") || sniff_has_column(s, "Login URL"))) {
		*format = "sf.login_history.csv";
		return 80;
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
	     sniff_has_column(s, "UserLicenseId") || sniff_has_column(s, "OrganizationType") ||
	     sniff_has_column(s, "OptionsAllowAdminApprovedUsersOnly") ||
	     sniff_has_column(s, "IsOwnedByProfile") ||
	     sniff_has_column(s, "PermissionsApiEnabled") ||
	     sniff_has_column(s, "LicenseDefinitionKey") ||
	     sniff_has_column(s, "PermissionSetLicenseId") ||
	     (sniff_has_column(s, "UserId") && sniff_has_column(s, "IsFrozen")))) {
		*format = "sf.data.csv";
		return 70;
	}
	if ((sniff_has_column(s, "Connected App") || sniff_has_column(s, "App Name")) &&
	    (sniff_has_column(s, "Blocked") || sniff_has_column(s, "User Count") ||
	     sniff_has_column(s, "Installed"))) {
		*format = "sf.oauth_usage.csv";
		return 70;
	}
	if (sniff_has_column(s, "AppName") && sniff_has_column(s, "UserId") &&
	    (sniff_has_column(s, "UseCount") || sniff_has_column(s, "LastUsedDate"))) {
		*format = "sf.data.csv";
		return 70;
	}
	/* any object exported with Salesforce's own audit fields: the rows'
	 * Id prefix says which object it is */
	if (sniff_has_column(s, "Id") &&
	    (sniff_has_column(s, "CreatedById") || sniff_has_column(s, "CreatedBy.Username") ||
	     sniff_has_column(s, "CreatedBy.Name") || sniff_has_column(s, "LastModifiedById") ||
	     sniff_has_column(s, "SystemModstamp"))) {
		*format = "sf.data.csv";
		return 60;
	}
	return 0;
}

/* ---- column maps ---------------------------------------------------------- */

#define TIME_COL "@time"

struct colmap {
	const char *column;	/* header or API name, compared by csv_name_eq */
	const char *target;	/* common field, TIME_COL, or an extra's name */
};

/* Login History download labels, LoginHistory / LoginEvent API names,
 * Event Log Files upper-snake names. */
static const struct colmap login_map[] = {
	{"Username", "user"}, {"User Name", "user"},
	{"Login Time", TIME_COL}, {"TIMESTAMP_DERIVED", TIME_COL}, {"EventDate", TIME_COL},
	{"TIMESTAMP", TIME_COL}, {"CreatedDate", TIME_COL},
	{"Source IP", "ip"}, {"SourceIp", "ip"}, {"SOURCE_IP", "ip"}, {"CLIENT_IP", "ip"},
	{"Status", "status"}, {"LOGIN_STATUS", "status"},
	{"Application", "app"},
	/* the text every Event Log File type has for what happened */
	{"MESSAGE", "message"}, {"EXCEPTION_MESSAGE", "message"},
	{"ERROR_MESSAGE", "message"}, {"ErrorMessage", "message"},
	{"ORGANIZATION_ID", "org"}, {"OrganizationId", "org"},
	{"REQUEST_ID", "correlation_id"}, {"LoginHistoryId", "loginHistoryId"},
	{NULL, NULL},
};

static const struct colmap audit_map[] = {
	{"Date", TIME_COL}, {"CreatedDate", TIME_COL},
	{"User", "user"}, {"CreatedBy.Username", "user"}, {"CreatedBy.Name", "user"},
	{"Action", "message"}, {"Display", "message"},
	{"Section", "section"},
	{"Source Namespace Prefix", "namespace"}, {"ResponsibleNamespacePrefix", "namespace"},
	{"Delegate User", "delegateUser"}, {"DelegateUser", "delegateUser"},
	{NULL, NULL},
};

static const struct colmap user_map[] = {
	{"Username", "user"},
	{NULL, NULL},
};

static const struct colmap oauth_map[] = {
	{"AppName", "app"},
	{"User.Username", "user"},
	{NULL, NULL},
};

static const struct colmap connected_app_map[] = {
	{"Name", "app"},
	{NULL, NULL},
};

/* Setup > Connected Apps OAuth Usage, as copied or exported: one row per
 * app, with its user count, whether it is installed and blocked. */
static const struct colmap usage_map[] = {
	{"Connected App", "app"}, {"App Name", "app"}, {"ConnectedApp", "app"},
	{NULL, NULL},
};

static const struct colmap plain_map[] = {
	{NULL, NULL},
};

/* Profiles and permission sets exported as data: their API name and
 * label under the names the metadata gives them, so one spelling holds
 * each whatever the source. */
static const struct colmap setup_map[] = {
	{"Name", "name"},
	{"Label", "label"},
	{NULL, NULL},
};

struct dialect {
	const char *kind;		/* record kind; NULL: decided per row */
	const struct colmap *map;
	int event;			/* a time column makes it an event */
};

/* ---- Setup Audit Trail sentences ------------------------------------------ */

struct sentence {
	const char *pattern;	/* PCRE2, case-insensitive; named groups */
	const char *subject;	/* what kind of thing the sentence is about */
	const char *change;
};

/* Group names: s = subject, u = user, p = profile or permission set,
 * from / to, what = the setting that changed.  Wording per FORMATS.md 2.4; matched loosely. */
static const struct sentence sentences[] = {
	{"^Created connected app (?<s>.+?)\\.?$", "connected_app", "created"},
	{"^Deleted connected app (?<s>.+?)\\.?$", "connected_app", "deleted"},
	{"^Changed Permitted Users for (?:connected app )?(?<s>.+?) (?-i:from) (?<from>.+?)(?-i: to)\\b ?(?<to>.+?)\\.?$",
	 "connected_app", "permitted_users"},
	{"^Changed connected app (?<s>.+?): added profile (?<p>.+?)\\.?$", "connected_app",
	 "profile_added"},
	{"^Changed connected app (?<s>.+?): removed profile (?<p>.+?)\\.?$", "connected_app",
	 "profile_removed"},
	{"^Changed connected app (?<s>.+?): added permission set (?<p>.+?)\\.?$", "connected_app",
	 "permset_added"},
	{"^Changed connected app (?<s>.+?): removed permission set (?<p>.+?)\\.?$", "connected_app",
	 "permset_removed"},
	{"Permitted Users.* (?-i:from) (?<from>.+?)(?-i: to)\\b ?(?<to>.+?)(?: for (?:connected app )?(?<s>.+?))?\\.?$",
	 "connected_app", "permitted_users"},
	{"^Changed connected app (?<s>.+?): [^:]*?Run ?As (?:user )?changed (?-i:from) (?<from>.*?)(?-i: to)\\b ?(?<to>.*?)\\.?$",
	 "connected_app", "run_as"},
	{"Run ?As.*? (?:for|of) (?:connected app )?(?<s>.+?)(?: (?-i:from) (?<from>.*?)(?-i: to)\\b ?(?<to>.*?))?\\.?$",
	 "connected_app", "run_as"},
	{"^Changed connected app (?<s>.+?): (?<what>[^:]+?) changed (?-i:from) (?<from>.*?)(?-i: to)\\b ?(?<to>.*?)\\.?$",
	 "connected_app", "changed"},
	{"^(?:Added|Assigned) profile (?<p>.+?) to connected app (?<s>.+?)\\.?$", "connected_app",
	 "profile_added"},
	{"^Removed profile (?<p>.+?) from connected app (?<s>.+?)\\.?$", "connected_app",
	 "profile_removed"},
	{"^(?:Added|Assigned) permission set (?<p>.+?) to connected app (?<s>.+?)\\.?$",
	 "connected_app", "permset_added"},
	{"^Removed permission set (?<p>.+?) from connected app (?<s>.+?)\\.?$", "connected_app",
	 "permset_removed"},
	{"^Unblocked (?:connected )?app (?<s>.+?)\\.?$", "connected_app", "app_unblocked"},
	{"^Blocked (?:connected )?app (?<s>.+?)\\.?$", "connected_app", "app_blocked"},
	{"^Installed .*?connected app (?<s>.+?)\\.?$", "connected_app", "installed"},
	{"^Uninstalled .*?connected app (?<s>.+?)\\.?$", "connected_app", "uninstalled"},
	{"OAuth polic(?:y|ies) for (?:connected app )?(?<s>.+?)\\.?$", "connected_app",
	 "oauth_policy"},
	{"^Changed connected app (?<s>.+?)(?: ?[:.-].*)?$", "connected_app", "changed"},
	{"^Changed profile for user (?<u>.+?) (?-i:from) (?<from>.+?)(?-i: to)\\b ?(?<to>.+?)\\.?$", "user",
	 "profile_changed"},
	{"^Created new user (?<u>\\S+?)(?: with user license (?<to>.+?))?\\.?$", "user", "created"},
	{"^Changed role for user (?<u>\\S+) (?-i:from) (?<from>.*?)(?-i: to)\\b ?(?<to>.*?)\\.?$", "user",
	 "role_changed"},
	{"^(?:Frozen|Froze) user (?<u>.+?)\\.?$", "user", "frozen"},
	{"^(?:Unfrozen|Unfroze) user (?<u>.+?)\\.?$", "user", "unfrozen"},
	{"^Deactivated user (?<u>.+?)\\.?$", "user", "deactivated"},
	{"^(?:Re)?[Aa]ctivated user (?<u>.+?)\\.?$", "user", "activated"},
	{"^Reset password for (?<u>.+?)\\.?$", "user", "password_reset"},
	/* Outlook Integration and Sync > User Mapping > Delete: the person is
	 * signed out of the Outlook integration */
	{"(?:Deleted|Removed) (?:the )?(?:Outlook (?:integration )?)?user mapping (?:for |of )?(?:user )?(?:[^(]*\\()?(?<u>[^\\s()]+?)\\)?\\.?$",
	 "user", "outlook_mapping_deleted"},
	{"(?:Signed|Logged) (?:out|off) (?:user )?(?<u>\\S+?) (?:from|of) (?:the )?Outlook",
	 "user", "outlook_mapping_deleted"},
	{"^Revoked (?:the )?OAuth (?:token|access|connected app)s? .*?(?:for|of) (?:user )?(?:[^(]*\\()?(?<u>[^\\s()]+?)\\)?\\.?$",
	 "user", "oauth_revoked"},
	{"^Changed login IP ranges? for (?<s>.+?)\\.?$", "profile", "login_ip_ranges"},
	{"login IP range.* (?:profile|for) (?<s>.+?)\\.?$", "profile", "login_ip_ranges"},
	{"^Changed login hours for (?<s>.+?)\\.?$", "profile", "login_hours"},
	{"^Changed profile (?<s>.+?):", "profile", "changed"},
	{"^Created permission set (?<s>.+?): with user license (?<to>.+?)\\.?$", "permission_set",
	 "created"},
	{"^Permission set (?<s>.+?): assigned to user (?<u>.+?)\\.?$", "permission_set",
	 "assigned"},
	{"^Permission set (?<s>.+?): unassigned from user (?<u>.+?)\\.?$", "permission_set",
	 "unassigned"},
	{"^Changed permission set (?<s>.+?):", "permission_set", "changed"},
	{"^Created profile (?<s>.+?)\\.?$", "profile", "created"},
	/* anything else of the form "Changed X: Y from A to B" */
	{"^Changed (?<s>[^:]+?): (?<what>.+?) (?-i:from) (?<from>.+?)(?-i: to)\\b ?(?<to>.*?)\\.?$",
	 "setting", "changed"},
};

#define NSENT (sizeof(sentences) / sizeof(sentences[0]))

static pcre2_code *compiled[NSENT];
static pthread_once_t compiled_once = PTHREAD_ONCE_INIT;

/* Once per process, whichever thread asks first (pthread_once). */
static void
compile_all(void)
{
	for (size_t i = 0; i < NSENT; i++) {
		int err;
		PCRE2_SIZE off;
		compiled[i] = pcre2_compile((PCRE2_SPTR)sentences[i].pattern, PCRE2_ZERO_TERMINATED,
					    PCRE2_CASELESS | PCRE2_DOTALL | PCRE2_UTF |
					    PCRE2_MATCH_INVALID_UTF,
					    &err, &off, NULL);
		if (compiled[i] == NULL)
			fatal("setup audit pattern %zu does not compile at %zu", i, (size_t)off);
	}
}

static void
compile_sentences(void)
{
	pthread_once(&compiled_once, compile_all);
}

static void
set_group(struct store *st, pcre2_code *re, pcre2_match_data *md, const char *text,
	  const char *group, const char *field)
{
	int n = pcre2_substring_number_from_name(re, (PCRE2_SPTR)group);
	if (n < 0)
		return;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	if ((uint32_t)n >= pcre2_get_ovector_count(md) || ov[2 * n] == PCRE2_UNSET)
		return;
	size_t a = ov[2 * n], b = ov[2 * n + 1];
	/* names are often quoted in the sentence */
	while (a < b && (text[a] == '"' || text[a] == '\'' || text[a] == ' '))
		a++;
	while (b > a && (text[b - 1] == '"' || text[b - 1] == '\'' || text[b - 1] == ' '))
		b--;
	rec_set(st, field, text + a, b - a);
}

/* The subject and the change a Setup Audit Trail sentence names. */
static void
audit_sentence(struct store *st, const char *text)
{
	compile_sentences();
	size_t n = strlen(text);
	for (size_t i = 0; i < NSENT; i++) {
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(compiled[i], NULL);
		int rc = pcre2_match(compiled[i], (PCRE2_SPTR)text, n, 0, 0, md, NULL);
		if (rc > 0) {
			rec_set_str(st, "subjectType", sentences[i].subject);
			rec_set_str(st, "change", sentences[i].change);
			set_group(st, compiled[i], md, text, "s", "subject");
			set_group(st, compiled[i], md, text, "u", "targetUser");
			set_group(st, compiled[i], md, text, "p", "target");
			set_group(st, compiled[i], md, text, "from", "from");
			set_group(st, compiled[i], md, text, "to", "to");
			set_group(st, compiled[i], md, text, "what", "setting");
			pcre2_match_data_free(md);
			return;
		}
		pcre2_match_data_free(md);
	}
}

/* ---- one row ---------------------------------------------------------------- */

struct sfjob {
	const char *format;
	struct dialect d;
	uint64_t line;
	struct buf folded;	/* a Setup Audit Trail Action on one line */
};

static const char *
map_target(const struct colmap *map, const char *name, int *prio)
{
	for (int i = 0; map[i].column; i++) {
		if (csv_name_eq(map[i].column, name)) {
			*prio = i;
			return map[i].target;
		}
	}
	return NULL;
}

/* Salesforce's own spelling of the fields the model and the rules read:
 * Data Loader writes "FIRSTNAME", a report "First Name", the API
 * "FirstName" - one name each from here on. */
static const char *const api_names[] = {
	"Id", "Username", "Email", "FirstName", "LastName", "Name", "Alias", "IsActive",
	"IsFrozen", "IsPasswordLocked", "ProfileId", "Profile.Name", "Profile.UserLicense.Name",
	"UserType", "UserRoleId", "FederationIdentifier", "TimeZoneSidKey", "LastLoginDate",
	"LastPasswordChangeDate", "UserId", "AssigneeId", "Assignee.Username", "PermissionSetId",
	"PermissionSet.Name", "PermissionSet.Label", "PermissionSetGroupId", "Label",
	"MasterLabel", "TotalLicenses", "UsedLicenses", "LoginType", "Platform", "Browser",
	"LoginUrl", "ApiType", "ApiVersion", "CreatedDate", "CreatedById", "OrganizationType",
	"IsSandbox", "InstanceName", "ParentId", "SetupEntityId", "SetupEntityType",
	"AppName", "UseCount", "LastUsedDate", NULL,
};

static const char *
api_name(const char *name)
{
	if (strchr(name, '_'))
		return name;	/* an Event Log File's own vocabulary (USER_ID) */
	for (size_t i = 0; api_names[i]; i++)
		if (csv_name_eq(name, api_names[i]))
			return api_names[i];
	return name;
}

/* The extra's name for a source column: Salesforce's own spelling where
 * it has one, else the header as written. */
static void
set_extra(struct store *st, const char *name, const char *value)
{
	char id18[32];
	name = api_name(name);
	size_t n = strlen(name);
	/* ids: 15-character ids are normalised to 18 so joins work */
	if ((n >= 2 && strcasecmp(name + n - 2, "Id") == 0) ||
	    (n >= 3 && strcasecmp(name + n - 3, "_ID") == 0) ||
	    (n >= 11 && strcasecmp(name + n - 11, "ID_DERIVED") == 0))
		value = sf_id18(value, id18, sizeof(id18));
	const char *b = sf_bool(value);
	if (b && (strncasecmp(name, "Is", 2) == 0 || strncasecmp(name, "Options", 7) == 0 ||
		  strncasecmp(name, "Permissions", 11) == 0))
		value = b;
	rec_set_str(st, name, value);
}

/* The Setup page's OAuth Usage table offers what can be done to an app:
 * "Unblock" means it is blocked, "Block" that it is not (likewise
 * Install / Uninstall).  Said as Blocked / Installed when the table has
 * no such column. */
static void
usage_action(struct store *st, char *const *names, char *const *values, size_t n)
{
	int blocked_col = 0, installed_col = 0;
	for (size_t i = 0; i < n; i++) {
		if (names[i] == NULL)
			continue;
		blocked_col |= csv_name_eq(names[i], "Blocked");
		installed_col |= csv_name_eq(names[i], "Installed");
	}
	for (size_t i = 0; i < n; i++) {
		const char *v = values[i];
		if (names[i] == NULL || v == NULL || !csv_name_eq(names[i], "Action"))
			continue;
		/* the cell may list several links: "Unblock | Install" */
		if (!blocked_col && mem_find_ci(v, strlen(v), "Unblock"))
			rec_set_str(st, "Blocked", "true");
		else if (!blocked_col && mem_find_ci(v, strlen(v), "Block"))
			rec_set_str(st, "Blocked", "false");
		if (!installed_col && mem_find_ci(v, strlen(v), "Uninstall"))
			rec_set_str(st, "Installed", "true");
		else if (!installed_col && mem_find_ci(v, strlen(v), "Install"))
			rec_set_str(st, "Installed", "false");
	}
}

/* An IPv4 or IPv6 address (digits, dots, hex and colons only). */
static int
looks_like_ip(const char *v)
{
	size_t dots = 0, colons = 0;
	for (const char *p = v; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p == ':')
			colons++;
		else if (!isxdigit((unsigned char)*p))
			return 0;
	}
	return dots == 3 || colons >= 2;
}

static int
parse_time(struct parse_ctx *c, struct sfjob *j, const char *v, int64_t *ms)
{
	*ms = pctx_time(c, v, strlen(v), j->line, 0);
	return *ms == TIME_NONE ? -1 : 0;
}

static const char *
elf_kind(const char *event_type)
{
	if (event_type == NULL)
		return "sf.event";
	if (strcasecmp(event_type, "Login") == 0 || strcasecmp(event_type, "LoginAs") == 0 ||
	    strcasecmp(event_type, "Logout") == 0 || strcasecmp(event_type, "LoginEvent") == 0)
		return "sf.login";
	if (strcasecmp(event_type, "API") == 0 || strcasecmp(event_type, "RestApi") == 0 ||
	    strcasecmp(event_type, "ApiTotalUsage") == 0 || strcasecmp(event_type, "BulkApi") == 0)
		return "sf.api";
	return "sf.event";
}

/* Build one record from parallel name / value arrays. */
static void
emit_row(struct parse_ctx *c, struct sfjob *j, const char *kind, char *const *names,
	 char *const *values, size_t n, uint64_t line, const char *pointer)
{
	struct store *st = c->store;
	j->line = line;
	store_begin(st, c->input_id, kind);
	if (pointer && pointer[0])
		rec_set_pointer(st, pointer);
	rec_set_line(st, line);
	int best_time = 1 << 30;
	int64_t t = TIME_NONE;
	const char *status = NULL, *message = NULL;
	/* the API's SetupAuditTrail has an Action code beside the Display
	 * sentence; the download's Action is the sentence */
	int has_display = 0;
	for (size_t i = 0; i < n; i++)
		has_display |= names[i] && values[i] && values[i][0] &&
			       strcasecmp(names[i], "Display") == 0;
	for (size_t i = 0; i < n; i++) {
		const char *v = values[i];
		if (v == NULL || v[0] == '\0' || names[i] == NULL || names[i][0] == '\0')
			continue;
		int prio = 0;
		const char *target = map_target(j->d.map, names[i], &prio);
		if (target && has_display && strcasecmp(names[i], "Action") == 0)
			target = "actionCode";
		if (target == NULL) {
			set_extra(st, names[i], v);
			continue;
		}
		if (strcmp(target, TIME_COL) == 0) {
			int64_t ms;
			/* a zone the header names ("Login Time (Central Daylight
			 * Time)") for times that carry none */
			size_t ql;
			const char *q = csv_name_qualifier(names[i], &ql);
			char *zoned = q ? xasprintf("%s %.*s", v, (int)ql, q) : NULL;
			if (zoned && prio < best_time && parse_time(c, j, zoned, &ms) == 0) {
				t = ms;
				best_time = prio;
			} else if (prio < best_time && parse_time(c, j, v, &ms) == 0) {
				t = ms;
				best_time = prio;
			}
			free(zoned);
			rec_set_str(st, names[i], v);	/* the original text too */
			continue;
		}
		if (strcmp(target, "ip") == 0 && !looks_like_ip(v)) {
			/* "Salesforce.com IP": a note, not an address */
			set_extra(st, names[i], v);
			continue;
		}
		if (strcasecmp(v, "N/A") == 0) {
			/* "N/A" says nothing about a user or an app: keep it only
			 * under the column's own name */
			set_extra(st, names[i], v);
			continue;
		}
		if (strcmp(target, "status") == 0)
			status = v;
		if (strcmp(target, "message") == 0 && strcmp(kind, "sf.setup_audit") == 0) {
			/* an Action wrapped over lines is one sentence */
			fold_spaces(&j->folded, v);
			v = j->folded.data ? j->folded.data : "";
		}
		if (strcmp(target, "message") == 0)
			message = v;
		if (strcmp(target, "org") == 0) {
			char id18[32];
			v = sf_id18(v, id18, sizeof(id18));
			rec_set_str(st, target, v);
			continue;
		}
		rec_set_str(st, target, v);
	}
	if (t != TIME_NONE && j->d.event)
		rec_set_time(st, t);
	if (status) {
		const char *key = sf_status_key(status);
		if (key)
			rec_set_str(st, "statusKey", key);
		if (strncmp(status, "LOGIN_", 6) == 0)
			rec_set_str(st, "code", status);
	}
	if (strcmp(kind, "sf.connected_app_usage") == 0)
		usage_action(st, names, values, n);
	if (message && strcmp(kind, "sf.setup_audit") == 0)
		audit_sentence(st, message);
	store_end(st);
}

/* The dialect of a data export, from its header. */
static struct dialect
data_dialect(char *const *h, size_t n)
{
	struct dialect d = {"sf.row", plain_map, 0};
#define HAS(x) (csv_find(h, n, x) >= 0)
	if ((HAS("AssigneeId") || HAS("Assignee.Username")) &&
	    (HAS("PermissionSetId") || HAS("PermissionSetGroupId") || HAS("PermissionSet.Name") ||
	     HAS("PermissionSet.Label")))
		d.kind = "sf.permset_assignment";
	else if (HAS("AssigneeId") && HAS("PermissionSetLicenseId"))
		d.kind = "sf.permset_license_assignment";
	else if (HAS("LicenseDefinitionKey") || (HAS("TotalLicenses") && HAS("UsedLicenses")))
		d.kind = "sf.user_license";
	else if (HAS("SetupEntityId") && HAS("ParentId"))
		d.kind = "sf.setup_entity_access";
	else if (HAS("UserId") && (HAS("IsFrozen") || HAS("IsPasswordLocked")))
		d.kind = "sf.user_login";	/* UserLogin: frozen and locked state */
	else if (HAS("Username"))
		d.kind = "sf.user", d.map = user_map;
	else if ((HAS("Connected App") || HAS("App Name")) &&
		 (HAS("Blocked") || HAS("User Count") || HAS("Installed")))
		d.kind = "sf.connected_app_usage", d.map = usage_map;
	else if (HAS("AppName") && HAS("UserId"))
		d.kind = "sf.oauth_token", d.map = oauth_map;
	else if (HAS("OrganizationType") || HAS("InstanceName"))
		d.kind = "sf.organization";
	else if (HAS("OptionsAllowAdminApprovedUsersOnly"))
		d.kind = "sf.connected_app", d.map = connected_app_map;
	else if (HAS("IsOwnedByProfile") || (HAS("Label") && HAS("LicenseId")) ||
		 (HAS("Label") && HAS("PermissionsApiEnabled")))
		d.kind = "sf.permission_set", d.map = setup_map;
	else if (HAS("UserLicenseId") || HAS("UserType") ||
		 (HAS("Name") && HAS("PermissionsApiEnabled")))
		d.kind = "sf.profile", d.map = setup_map;
#undef HAS
	return d;
}

/* The object of a record by its Id's key prefix, for an export whose
 * columns do not say it ("Id, Name, CreatedDate" of a Profile query). */
static void
dialect_by_id(struct dialect *d, const char *id)
{
	static const struct {
		const char *prefix, *kind;
	} prefixes[] = {
		{"00e", "sf.profile"}, {"0PS", "sf.permission_set"}, {"0PG", "sf.permission_set_group"},
		{"005", "sf.user"}, {"00D", "sf.organization"}, {"0Pa", "sf.permset_assignment"},
		{"100", "sf.user_license"}, {"0H4", "sf.connected_app"},
	};
	size_t n = id ? strlen(id) : 0;
	if (n != 15 && n != 18)
		return;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		if (strncmp(id, prefixes[i].prefix, 3) != 0)
			continue;
		d->kind = prefixes[i].kind;
		if (strcmp(d->kind, "sf.user") == 0)
			d->map = user_map;
		else if (strcmp(d->kind, "sf.profile") == 0 || strcmp(d->kind, "sf.permission_set") == 0)
			d->map = setup_map;
		else if (strcmp(d->kind, "sf.connected_app") == 0)
			d->map = connected_app_map;
		return;
	}
}

static int
on_csv_row(struct parse_ctx *c, const struct csv_table *t, void *ud)
{
	struct sfjob *j = ud;
	if (j->d.map == NULL)
		j->d = data_dialect(t->header, t->ncols);
	if (j->d.kind && strcmp(j->d.kind, "sf.row") == 0 && j->d.event == 0)
		dialect_by_id(&j->d, csv_table_get(t, "Id"));
	size_t n = csv_ncells(t->csv);
	char **values = xcalloc(n + 1, sizeof(*values));
	char **names = xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++) {
		values[i] = (char *)csv_cell(t->csv, i);
		names[i] = i < t->ncols ? t->header[i] : NULL;
	}
	const char *kind = j->d.kind;
	if (kind == NULL)
		kind = elf_kind(csv_table_get(t, "EVENT_TYPE"));
	emit_row(c, j, kind, names, values, n, t->csv->line, NULL);
	free(values);
	free(names);
	return 0;
}

/* ---- JSON: SOQL results and ELF rows ------------------------------------------ */

struct flat {
	char **names, **values;
	size_t n, cap;
};

static void
flat_add(struct flat *f, const char *name, const char *value)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->names = xreallocarray(f->names, f->cap, sizeof(*f->names));
		f->values = xreallocarray(f->values, f->cap, sizeof(*f->values));
	}
	f->names[f->n] = xstrdup(name);
	f->values[f->n] = xstrdup(value);
	f->n++;
}

/* Scalars of a SOQL record, relationship fields dotted (Profile.Name). */
static void
flatten(struct flat *f, const cJSON *obj, const char *prefix, int depth)
{
	for (const cJSON *it = obj ? obj->child : NULL; it; it = it->next) {
		if (it->string == NULL || strcmp(it->string, "attributes") == 0)
			continue;
		char *name = prefix ? xasprintf("%s.%s", prefix, it->string) : xstrdup(it->string);
		if (cJSON_IsObject(it) && depth < 4) {
			flatten(f, it, name, depth + 1);
		} else if (cJSON_IsString(it)) {
			flat_add(f, name, it->valuestring);
		} else if (cJSON_IsBool(it)) {
			flat_add(f, name, cJSON_IsTrue(it) ? "true" : "false");
		} else if (cJSON_IsNumber(it)) {
			char *num = cJSON_PrintUnformatted(it);
			flat_add(f, name, num ? num : "");
			cJSON_free(num);
		}
		free(name);
	}
}

static void
flat_free(struct flat *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->names[i]);
		free(f->values[i]);
	}
	free(f->names);
	free(f->values);
}

static int
on_json(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	struct sfjob *j = ud;
	if (!cJSON_IsObject(item)) {
		pctx_warn_line(c, r->line, "record %s is not an object; skipped", r->pointer);
		return 0;
	}
	if (strcmp(j->format, "sf.soql.json") == 0 && r->pointer[0] == '\0') {
		/* a page without a records array */
		return 0;
	}
	struct flat f = {0};
	flatten(&f, item, NULL, 0);
	const cJSON *attr = cJSON_GetObjectItemCaseSensitive(item, "attributes");
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(attr, "type");
	const char *sobject = cJSON_IsString(type) ? type->valuestring : NULL;
	struct dialect d = {NULL, login_map, 1};
	const char *kind;
	if (sobject == NULL) {
		const cJSON *et = cJSON_GetObjectItemCaseSensitive(item, "EVENT_TYPE");
		kind = elf_kind(cJSON_IsString(et) ? et->valuestring : NULL);
	} else if (strcmp(sobject, "LoginEvent") == 0 || strcmp(sobject, "LoginHistory") == 0) {
		kind = "sf.login";
	} else if (strcmp(sobject, "SetupAuditTrail") == 0) {
		kind = "sf.setup_audit";
		d.map = audit_map;
	} else {
		d = data_dialect(f.names, f.n);
		if (strcmp(d.kind, "sf.row") == 0)
			d.kind = "sf.object";
		kind = d.kind;
	}
	j->d = d;
	if (sobject)
		flat_add(&f, "sobject", sobject);
	emit_row(c, j, kind, f.names, f.values, f.n, r->line, r->pointer);
	flat_free(&f);
	return 0;
}

/* ---- entry point ---------------------------------------------------------------- */

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	struct sfjob j = {.format = format};
	buf_init(&j.folded, (size_t)c->opt->limits.record_bytes + 1);
	if (strstr(format, ".json")) {
		enum input_status st = parse_json_records(c, "sf.object", soql_paths, on_json, &j);
		buf_free(&j.folded);
		return st;
	}
	if (strcmp(format, "sf.elf.csv") == 0)
		j.d = (struct dialect){NULL, login_map, 1};
	else if (strcmp(format, "sf.login_history.csv") == 0)
		j.d = (struct dialect){"sf.login", login_map, 1};
	else if (strcmp(format, "sf.setup_audit.csv") == 0)
		j.d = (struct dialect){"sf.setup_audit", audit_map, 1};
	/* data exports: decided from the header at the first row */
	enum input_status st = parse_csv_table(c, on_csv_row, &j);
	buf_free(&j.folded);
	return st;
}

static const char *const formats_list[] = {
	"sf.login_history.csv", "sf.elf.csv", "sf.setup_audit.csv", "sf.data.csv", "sf.oauth_usage.csv", "sf.soql.json", "sf.elf.json",
	NULL,
};

const struct parser parser_salesforce_export = {
	.name = "salesforce-export",
	.description = "Salesforce CSV / JSON exports: Login History, Setup Audit "
		       "Trail, Event Log Files, data exports, SOQL results",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
