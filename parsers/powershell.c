/*
 * powershell.c - PowerShell output of any cmdlet, as admins paste or save
 * it: Format-List ("Name : Value" blocks separated by blank lines, long
 * values wrapped onto indented lines, collections as "{a, b, c...}"),
 * Format-Table (a header, a line of dashes, one row per object),
 * Export-Csv (with its "#TYPE" line) and ConvertTo-Json; a transcript
 * (Start-Transcript) holding several commands and their output; UTF-16
 * as Windows PowerShell's ">" writes it (the text layer decodes it).
 *
 * Each object becomes a fact named by the cmdlet that printed it: the
 * command in a transcript or in a "PS C:\> Get-App | fl" line, else the
 * file name ("Get-CASMailbox.txt", "Get-DistributionGroupMember_Sales
 * West.csv"), else Export-Csv's #TYPE, else the properties the object
 * has.  Known cmdlets give the kinds the rules read (exchange.app,
 * exchange.org_config, exchange.cas_mailbox, exchange.owa_policy,
 * exchange.role_assignment_policy, exchange.role_assignment,
 * exchange.mailbox, entra.user); others ps.<noun> ("Get-AuthenticationPolicy"
 * -> ps.authentication_policy); every record keeps the cmdlet's name.
 *
 * Group member lists (Get-DistributionGroupMember, Get-UnifiedGroupLinks,
 * Get-MgGroupMember, Get-AzureADGroupMember), with or without a group
 * column, become entra.group_member records: user = the member's address,
 * memberType user or group, displayName, group = the group column, else
 * the -Identity of the command, else what the file name adds to the
 * cmdlet's.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fieldmap.h"
#include "m365_audit.h"
#include "parse.h"
#include "textscan.h"

#define MAX_PROPS 4096
#define NAME_MAX_LEN 128

/* ---- recognising the layouts -------------------------------------------------- */

/* "Name   : value": the length of the name, or 0. */
static size_t
list_key(const char *l, size_t n, size_t *colon)
{
	size_t i = 0;
	if (n == 0 || !isalpha((unsigned char)l[0]))
		return 0;
	while (i < n && (isalnum((unsigned char)l[i]) || l[i] == '_' || l[i] == '-' ||
			 l[i] == '.'))
		i++;
	size_t key = i;
	while (i < n && l[i] == ' ')
		i++;
	if (i >= n || l[i] != ':' || (i + 1 < n && l[i + 1] != ' '))
		return 0;
	*colon = i;
	return key;
}

static int
is_dash_line(const char *l, size_t n)
{
	int dashes = 0;
	for (size_t i = 0; i < n; i++) {
		if (l[i] == '-')
			dashes = 1;
		else if (l[i] != ' ' && l[i] != '\r')
			return 0;
	}
	return dashes;
}

/* "PS C:\Users\admin> Get-App | fl", "[PS] C:\>Get-App", "PS>Get-App",
 * "> Get-App": the command after the prompt, or NULL. */
static const char *
prompt_command(const char *l, size_t n, size_t *len)
{
	size_t i = 0;
	if (n >= 4 && strncmp(l, "[PS]", 4) == 0)
		i = 4;
	else if (n >= 2 && strncmp(l, "PS", 2) == 0 && (n == 2 || l[2] == ' ' || l[2] == '>'))
		i = 2;
	else if (n >= 2 && l[0] == '>' && l[1] == ' ')
		i = 0;
	else
		return NULL;
	const char *gt = memchr(l + i, '>', n - i);
	if (gt == NULL)
		return NULL;
	size_t a = (size_t)(gt - l) + 1;
	while (a < n && l[a] == ' ')
		a++;
	/* a cmdlet: Verb-Noun */
	size_t k = a;
	while (k < n && (isalnum((unsigned char)l[k]) || l[k] == '-'))
		k++;
	if (k == a || !memchr(l + a, '-', k - a) || !isupper((unsigned char)l[a]))
		return NULL;
	*len = n - a;
	return l + a;
}

static int
bid(const struct sniff *s, const char **format)
{
	if (s->binary || s->xml_root)
		return 0;
	if (s->json != JSON_NONE)
		return 0;	/* ConvertTo-Json: claimed below, by its properties */
	const char *p = s->text, *end = s->text + s->text_len;
	size_t lines = 0, keyed = 0, colon_col = 0, same_col = 0, prompts = 0, wrapped = 0;
	int transcript = sniff_contains(s, "PowerShell transcript start");
	const char *prev = NULL;
	size_t prevn = 0;
	while (p < end && lines < 60) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL && !s->complete)
			break;
		const char *e = nl ? nl : end;
		size_t n = (size_t)(e - p);
		if (n && p[n - 1] == '\r')
			n--;
		size_t cl;
		if (n > 0) {
			lines++;
			size_t colon;
			if (prompt_command(p, n, &cl))
				prompts++;
			if (list_key(p, n, &colon)) {
				keyed++;
				if (colon == colon_col)
					same_col++;
				colon_col = colon;
			} else if (keyed && colon_col && n > colon_col + 2 && p[0] == ' ') {
				/* a long value wrapped onto the next line: indented
				 * to the value column */
				size_t sp = 0;
				while (sp < n && p[sp] == ' ')
					sp++;
				wrapped += sp >= colon_col;
			}
			if (lines <= 3 && prev && is_dash_line(p, n) && prevn > 0 &&
			    isalpha((unsigned char)prev[0]) && !prompts) {
				*format = "ps.table";
				return 45;
			}
			prev = p;
			prevn = n;
		}
		p = e + 1;
	}
	if (transcript || (prompts && (keyed >= 2 || lines > prompts))) {
		*format = "ps.transcript";
		return transcript ? 65 : 46;
	}
	/* most lines "Key : value" (or their wrapped values) with the colons
	 * aligned: Format-List */
	if (keyed >= 2 && (keyed + wrapped) * 3 >= lines * 2 && same_col + 1 >= keyed / 2) {
		*format = "ps.list";
		return 45;
	}
	return 0;
}

/* ---- cmdlets and kinds --------------------------------------------------------------- */

static const struct {
	const char *noun;	/* the cmdlet's noun, as written after "Get-" */
	const char *kind;
} nouns[] = {
	{"App", "exchange.app"},
	{"OrganizationConfig", "exchange.org_config"},
	{"CASMailbox", "exchange.cas_mailbox"},
	{"EXOCASMailbox", "exchange.cas_mailbox"},
	{"OwaMailboxPolicy", "exchange.owa_policy"},
	{"RoleAssignmentPolicy", "exchange.role_assignment_policy"},
	{"ManagementRoleAssignment", "exchange.role_assignment"},
	{"Mailbox", "exchange.mailbox"},
	{"EXOMailbox", "exchange.mailbox"},
	{"MgUser", "entra.user"},
	{"AzureADUser", "entra.user"},
	{"DistributionGroupMember", "entra.group_member"},
	{"UnifiedGroupLinks", "entra.group_member"},
	{"MgGroupMember", "entra.group_member"},
	{"MgGroupTransitiveMember", "entra.group_member"},
	{"AzureADGroupMember", "entra.group_member"},
	{"MsolGroupMember", "entra.group_member"},
	{"GroupMember", "entra.group_member"},
};

/* Properties only Exchange Online configuration objects have. */
static const char *const exchange_props[] = {
	"AssignedRoles", "RoleAssignments", "ProvidedTo", "DefaultStateForUser",
	"OWAEnabled", "EwsEnabled", "OAuth2ClientProfileEnabled", "AppsForOfficeEnabled",
	"DirectFileAccessOnPublicComputersEnabled", "WacViewingOnPublicComputersEnabled",
	"RoleAssigneeName", "MarketplaceAssetID", NULL,
};

struct prop {
	char *name;
	char *value;
};

struct object {
	struct prop *v;
	size_t n, cap;
	uint64_t line;
};

struct psjob {
	struct parse_ctx *c;
	struct object o;
	char cmdlet[NAME_MAX_LEN];	/* "Get-App", or "" */
	char group[NAME_MAX_LEN];	/* the group a member list is of */
	/* Format-List */
	char *last_name;
	struct buf last;
	size_t value_col;
	int last_spaced;		/* the value's last physical line had a space */
	/* Format-Table */
	char *header;
	size_t header_n;
	struct column *cols;
	size_t ncols;
	int in_table;
	int in_error;			/* an error record of a transcript */
	/* the error record being read: "Get-X : message", "At ...", "+ ..." */
	char *err_src;
	struct buf err;
	uint64_t err_line;
	char err_cat[NAME_MAX_LEN], err_id[NAME_MAX_LEN];
	char who[NAME_MAX_LEN];		/* who ran the session */
	enum input_status st;
};

static const char *
object_get(const struct object *o, const char *name)
{
	for (size_t i = 0; i < o->n; i++)
		if (strcasecmp(o->v[i].name, name) == 0)
			return o->v[i].value;
	return NULL;
}

/* The kind from the properties, when nothing names the cmdlet. */
static const char *
kind_by_props(const struct object *o)
{
	int assigned_roles = 0, role_assignments = 0, owa = 0, provided_to = 0, app_id = 0,
	    role = 0, assignee = 0, ews = 0, org = 0;
	for (size_t i = 0; i < o->n; i++) {
		const char *k = o->v[i].name;
		assigned_roles |= strcasecmp(k, "AssignedRoles") == 0;
		role_assignments |= strcasecmp(k, "RoleAssignments") == 0;
		owa |= strncasecmp(k, "WacViewing", 10) == 0 ||
		       strncasecmp(k, "DirectFileAccess", 16) == 0 ||
		       strcasecmp(k, "AdditionalStorageProvidersAvailable") == 0;
		provided_to |= strcasecmp(k, "ProvidedTo") == 0 || strcasecmp(k, "DefaultStateForUser") == 0;
		app_id |= strcasecmp(k, "AppId") == 0 || strcasecmp(k, "MarketplaceAssetID") == 0;
		role |= strcasecmp(k, "Role") == 0;
		assignee |= strcasecmp(k, "RoleAssigneeName") == 0 || strcasecmp(k, "RoleAssignee") == 0;
		ews |= strcasecmp(k, "OWAEnabled") == 0 || strcasecmp(k, "EwsEnabled") == 0;
		org |= strcasecmp(k, "OAuth2ClientProfileEnabled") == 0 ||
		       strcasecmp(k, "AppsForOfficeEnabled") == 0;
	}
	if (assigned_roles || role_assignments)
		return "exchange.role_assignment_policy";
	if (role && assignee)
		return "exchange.role_assignment";
	if (owa)
		return "exchange.owa_policy";
	if (provided_to || app_id)
		return "exchange.app";
	if (org)
		return "exchange.org_config";
	if (ews)
		return "exchange.cas_mailbox";
	return NULL;
}

/* "Get-AuthenticationPolicy" -> "ps.authentication_policy". */
static void
noun_kind(const char *cmdlet, char *out, size_t cap)
{
	const char *dash = strchr(cmdlet, '-');
	const char *noun = dash ? dash + 1 : cmdlet;
	size_t k = (size_t)snprintf(out, cap, "ps.");
	for (const char *p = noun; *p && k + 2 < cap; p++) {
		if (!isalnum((unsigned char)*p))
			continue;
		if (isupper((unsigned char)*p) && p != noun && islower((unsigned char)p[-1]))
			out[k++] = '_';
		out[k++] = (char)tolower((unsigned char)*p);
	}
	out[k] = '\0';
}

static const char *
object_kind(const struct psjob *j, char *buf, size_t cap)
{
	if (j->cmdlet[0]) {
		const char *dash = strchr(j->cmdlet, '-');
		const char *noun = dash ? dash + 1 : j->cmdlet;
		for (size_t i = 0; i < sizeof(nouns) / sizeof(nouns[0]); i++)
			if (strcasecmp(noun, nouns[i].noun) == 0)
				return nouns[i].kind;
	}
	const char *k = kind_by_props(&j->o);
	if (k)
		return k;
	if (j->cmdlet[0]) {
		noun_kind(j->cmdlet, buf, cap);
		return buf;
	}
	/* no cmdlet: a member list still says what it is */
	if (object_get(&j->o, "RecipientType") && object_get(&j->o, "PrimarySmtpAddress"))
		return "entra.group_member";
	return "ps.object";
}

/* The cmdlet and its -Identity / -GroupId / first argument, from a
 * command line. */
static void
read_command(struct psjob *j, const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '-'))
		k++;
	copy_capped(j->cmdlet, sizeof(j->cmdlet), s, k);
	j->group[0] = '\0';
	/* the argument: -Identity X, -GroupId X, or the first positional one */
	const char *p = s + k, *end = s + n;
	const char *pipe = memchr(p, '|', (size_t)(end - p));
	if (pipe)
		end = pipe;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			break;
		if (*p == '-') {
			const char *q = p;
			while (q < end && *q != ' ')
				q++;
			int wanted = (q - p == 9 && strncasecmp(p, "-Identity", 9) == 0) ||
				     (q - p == 8 && strncasecmp(p, "-GroupId", 8) == 0) ||
				     (q - p == 7 && strncasecmp(p, "-Object", 7) == 0);
			p = q;
			if (!wanted) {
				/* skip the switch's value unless another switch follows */
				while (p < end && *p == ' ')
					p++;
				if (p < end && *p != '-') {
					char qc = (*p == '\'' || *p == '"') ? *p : 0;
					p++;
					while (p < end && (qc ? *p != qc : *p != ' '))
						p++;
					if (p < end)
						p++;
				}
				continue;
			}
			while (p < end && *p == ' ')
				p++;
		}
		char qc = (*p == '\'' || *p == '"') ? *p : 0;
		const char *a = p + (qc ? 1 : 0);
		const char *e = a;
		while (e < end && (qc ? *e != qc : *e != ' '))
			e++;
		copy_capped(j->group, sizeof(j->group), a, (size_t)(e - a));
		return;
	}
}

/* The cmdlet a file is named after: "Get-App.txt", "get-casmailbox.json",
 * "Get-DistributionGroupMember_Sales West.csv" (the rest is the group). */
static size_t members_name(const char *name);

static void
cmdlet_from_name(struct psjob *j, const char *name)
{
	if (name == NULL)
		return;
	size_t g = members_name(name);
	if (g && strncasecmp(name, "Get-", 4) != 0) {
		snprintf(j->cmdlet, sizeof(j->cmdlet), "Get-GroupMember");
		copy_capped(j->group, sizeof(j->group), name, g);
		return;
	}
	static const char *const verbs[] = {"Get-", "Export-", NULL};
	for (size_t v = 0; verbs[v]; v++) {
		size_t vl = strlen(verbs[v]);
		if (strncasecmp(name, verbs[v], vl) != 0)
			continue;
		size_t k = vl;
		while (name[k] && isalnum((unsigned char)name[k]))
			k++;
		if (k == vl)
			return;
		char cmd[NAME_MAX_LEN];
		snprintf(cmd, sizeof(cmd), "Get-%.*s", (int)(k - vl), name + vl);
		/* the noun as spelled in the table, whatever the file's case */
		for (size_t i = 0; i < sizeof(nouns) / sizeof(nouns[0]); i++)
			if (strcasecmp(cmd + 4, nouns[i].noun) == 0)
				snprintf(cmd, sizeof(cmd), "Get-%s", nouns[i].noun);
		snprintf(j->cmdlet, sizeof(j->cmdlet), "%s", cmd);
		const char *rest = name + k;
		while (*rest == '_' || *rest == ' ' || *rest == '-')
			rest++;
		const char *dot = strrchr(rest, '.');
		size_t gl = members_name(rest);	/* "..._Sales Team_Members.csv" */
		if (gl)
			copy_capped(j->group, sizeof(j->group), rest, gl);
		else if (*rest && dot && dot > rest)
			copy_capped(j->group, sizeof(j->group), rest, (size_t)(dot - rest));
		return;
	}
}

/* "Get-AuthenticationPolicy.json", "export-casmailbox_all.csv": a file
 * named after the cmdlet that wrote it. */
static int
named_after_cmdlet(const char *name)
{
	static const char *const verbs[] = {"Get-", "Export-", NULL};
	for (size_t v = 0; name && verbs[v]; v++) {
		size_t vl = strlen(verbs[v]);
		if (strncasecmp(name, verbs[v], vl) == 0 && isupper((unsigned char)name[vl]) &&
		    isalpha((unsigned char)name[vl + 1]))
			return 1;
	}
	return 0;
}

/* "SG Sales_members.csv", "SG Sales.members.json", "SG Sales members.txt":
 * the length of the group's name, or 0. */
static size_t
members_name(const char *name)
{
	static const char *const suffixes[] = {"_members.", ".members.", " members.", "-members.",
					       NULL};
	if (name == NULL)
		return 0;
	for (size_t i = 0; suffixes[i]; i++) {
		const char *p = mem_find_ci(name, strlen(name), suffixes[i]);
		if (p && p > name)
			return (size_t)(p - name);
	}
	return 0;
}

/* ---- objects --------------------------------------------------------------------- */

static void
object_add(struct object *o, const char *name, size_t nn, const char *value, size_t vn)
{
	if (o->n >= MAX_PROPS)
		return;
	GROW(o->v, o->n, o->cap);
	while (vn > 0 && (value[vn - 1] == ' ' || value[vn - 1] == '\r'))
		vn--;
	o->v[o->n].name = xstrndup(name, nn);
	o->v[o->n].value = xstrndup(value, vn);
	o->n++;
}

static void
object_clear(struct object *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].name);
		free(o->v[i].value);
	}
	o->n = 0;
}

/* One property: "{a, b, c}" becomes one value per element; "{a, b...}"
 * (cut by $FormatEnumerationLimit) says so in <name>Truncated. */
static void
set_prop(struct store *st, const char *name, const char *value)
{
	size_t n = strlen(value);
	/* {"a":1} is JSON a property holds, not a collection */
	if (n >= 2 && value[0] == '{' && value[n - 1] == '}' && value[1] != '"') {
		const char *p = value + 1, *end = value + n - 1;
		if (end - p >= 3 && memcmp(end - 3, "...", 3) == 0) {
			end -= 3;
			char t[NAME_MAX_LEN + 16];
			snprintf(t, sizeof(t), "%sTruncated", name);
			rec_set_str(st, t, "true");
		}
		while (p < end) {
			const char *comma = memchr(p, ',', (size_t)(end - p));
			const char *e = comma ? comma : end;
			const char *a = p;
			while (a < e && *a == ' ')
				a++;
			const char *b = e;
			while (b > a && b[-1] == ' ')
				b--;
			if (b > a)
				rec_set(st, name, a, (size_t)(b - a));
			p = e + 1;
		}
		return;
	}
	rec_set_str(st, name, value);
}

/* A member of a group member list: who, of what type, in which group. */
static void
member_fields(struct psjob *j, struct store *st)
{
	const struct object *o = &j->o;
	/* the member's columns, bare or prefixed ("MemberUserPrincipalName"
	 * beside "GroupDisplayName" in a list of several groups) */
	static const char *const addr_keys[] = {
		"PrimarySmtpAddress", "UserPrincipalName", "WindowsLiveID", "Mail", "EmailAddress",
		"MemberUserPrincipalName", "MemberPrimarySmtpAddress", "MemberMail",
		"MemberEmailAddress", NULL,
	};
	static const char *const type_keys[] = {
		"RecipientTypeDetails", "RecipientType", "ObjectType", "Type", "@odata.type",
		"MemberObjectType", "MemberType", "MemberRecipientType", "Member@odata.type", NULL,
	};
	const char *addr = NULL, *type = NULL;
	for (size_t i = 0; addr_keys[i] && addr == NULL; i++)
		addr = object_get(o, addr_keys[i]);
	for (size_t i = 0; type_keys[i] && type == NULL; i++)
		type = object_get(o, type_keys[i]);
	int group = type && mem_find_ci(type, strlen(type), "group") != NULL;
	rec_set_str(st, "memberType", group ? "group" : "user");
	if (addr && strchr(addr, '@') && !group) {
		rec_set_str(st, "user", addr);
		rec_set_str(st, "userPrincipalName", addr);
	}
	const char *dn = object_get(o, "DisplayName");
	if (dn == NULL)
		dn = object_get(o, "MemberDisplayName");
	if (dn == NULL)
		dn = object_get(o, "Name");
	if (dn == NULL)
		dn = object_get(o, "MemberName");
	if (rec_get_open(st, "displayName") == NULL)
		rec_set_str(st, "displayName", dn);
	const char *g = object_get(o, "Group");
	if (g == NULL)
		g = object_get(o, "GroupName");
	if (g == NULL)
		g = object_get(o, "GroupDisplayName");
	if (g == NULL && j->group[0])
		g = j->group;
	rec_set_str(st, "group", g);
	if (j->cmdlet[0] && mem_find_ci(j->cmdlet, strlen(j->cmdlet), "Transitive"))
		rec_set_str(st, "membership", "transitive");
}

/* A Windows event (Get-WinEvent, Get-EventLog, Event Viewer saved as a
 * table): a log.line at its time, with its level, provider, event id and
 * message, like any other log.  Returns 1 when the object was one. */
static int
event_record(struct psjob *j, const char *pointer)
{
	const struct object *o = &j->o;
	static const char *const whens[] = {"TimeCreated", "TimeGenerated", "TimeWritten",
					    "Date and Time", NULL};
	static const char *const ids[] = {"Id", "EventID", "Event ID", "InstanceId", NULL};
	const char *when = NULL, *id = NULL, *msg = object_get(o, "Message");
	for (size_t i = 0; whens[i] && !when; i++)
		when = object_get(o, whens[i]);
	for (size_t i = 0; ids[i] && !id; i++)
		id = object_get(o, ids[i]);
	if (msg == NULL || when == NULL || id == NULL)
		return 0;
	struct store *st = j->c->store;
	store_begin(st, j->c->input_id, "log.line");
	if (pointer && pointer[0])
		rec_set_pointer(st, pointer);
	rec_set_line(st, o->line);
	int64_t t = pctx_time(j->c, when, strlen(when), o->line, 0);
	if (t != TIME_NONE)
		rec_set_time(st, t);
	const char *level = object_get(o, "LevelDisplayName");
	if (level == NULL)
		level = object_get(o, "EntryType");
	if (level == NULL)
		level = object_get(o, "Level");
	if (level && *level)
		rec_set_str(st, "level", level);
	rec_set_str(st, "message", msg);
	rec_set_str(st, "code", id);
	const char *src = object_get(o, "ProviderName");
	if (src == NULL)
		src = object_get(o, "Source");
	rec_set_str(st, "source", src && *src ? src : "windows.event");
	const char *machine = object_get(o, "MachineName");
	if (machine && *machine)
		rec_set_str(st, "machine", machine);
	const char *logname = object_get(o, "LogName");
	if (logname && *logname)
		rec_set_str(st, "logName", logname);
	store_end(st);
	return 1;
}

/* One record for the object (located at its line, or at a JSON pointer
 * when pointer is not NULL), and the object emptied for the next one. */
static void
emit_object(struct psjob *j, const char *pointer)
{
	struct object *o = &j->o;
	if (o->n == 0)
		return;
	struct store *st = j->c->store;
	if (object_get(o, "AuditData") &&
	    (object_get(o, "Operations") || object_get(o, "Operation") ||
	     object_get(o, "CreationDate"))) {
		/* Search-UnifiedAuditLog: an audit entry like the portal's */
		cJSON *outer = cJSON_CreateObject();
		for (size_t i = 0; i < o->n; i++)
			if (o->v[i].value[0] && !cJSON_GetObjectItemCaseSensitive(outer, o->v[i].name))
				cJSON_AddItemToObject(outer, o->v[i].name,
						      cJSON_CreateString(o->v[i].value));
		if (m365_audit_entry(j->c, outer, o->line) != 0 && j->st == ST_OK)
			j->st = ST_PARTIAL;
		cJSON_Delete(outer);
		object_clear(o);
		return;
	}
	if (event_record(j, pointer)) {
		object_clear(o);
		return;
	}
	char buf[NAME_MAX_LEN + 8];
	const char *kind = object_kind(j, buf, sizeof(buf));
	store_begin(st, j->c->input_id, kind);
	if (pointer && pointer[0])
		rec_set_pointer(st, pointer);
	rec_set_line(st, o->line);
	int camel = strncmp(kind, "entra.", 6) == 0;
	for (size_t i = 0; i < o->n; i++) {
		const char *k = o->v[i].name, *v = o->v[i].value;
		if (v[0] == '\0')
			continue;
		/* the add-in's name is what a person calls the app */
		if (strcasecmp(k, "DisplayName") == 0 && strcmp(kind, "exchange.app") == 0)
			rec_set_str(st, "app", v);
		char cname[NAME_MAX_LEN + 1];
		if (camel && isupper((unsigned char)k[0]) && strlen(k) < sizeof(cname)) {
			/* Graph's spelling, as the Graph reader gives it */
			snprintf(cname, sizeof(cname), "%s", k);
			cname[0] = (char)tolower((unsigned char)cname[0]);
			k = cname;
		}
		if (field_by_name(k) >= 0)
			continue;	/* "User", "Status": kept by the common fields below */
		set_prop(st, k, v);
	}
	if (strcmp(kind, "entra.group_member") == 0)
		member_fields(j, st);
	else if (strcmp(kind, "entra.user") == 0 && object_get(o, "UserPrincipalName"))
		rec_set_str(st, "user", object_get(o, "UserPrincipalName"));
	if (j->cmdlet[0])
		rec_set_str(st, "cmdlet", j->cmdlet);
	store_end(st);
	/* an object that holds a failure (LastError, a failed status) is
	 * also an error seen, dated by the object's own time */
	struct roles rs;
	roles_init(&rs);
	for (size_t i = 0; i < o->n; i++)
		roles_offer(&rs, o->v[i].name, o->v[i].value, strlen(o->v[i].value));
	if (rs.r[ROLE_USER].n == 0 && j->who[0])
		roles_offer(&rs, "user", j->who, strlen(j->who));
	(void)roles_error_event(j->c, &rs, o->line, pointer, "powershell", kind);
	object_clear(o);
}

/* ---- Format-List ------------------------------------------------------------------ */

static void
list_flush_value(struct psjob *j)
{
	if (j->last_name) {
		object_add(&j->o, j->last_name, strlen(j->last_name),
			   j->last.data ? j->last.data : "", j->last.len);
		free(j->last_name);
		j->last_name = NULL;
	}
}

static void
list_line(struct psjob *j, uint64_t lineno, const char *line, size_t n)
{
	size_t colon;
	size_t kn = list_key(line, n, &colon);
	if (text_blank(line, n)) {
		list_flush_value(j);
		emit_object(j, NULL);
		return;
	}
	if (kn) {
		list_flush_value(j);
		if (j->o.n == 0)
			j->o.line = lineno;
		j->last_name = xstrndup(line, kn);
		j->value_col = colon + 2;
		buf_reset(&j->last);
		if (j->value_col < n)
			(void)buf_add(&j->last, line + j->value_col, n - j->value_col);
		j->last_spaced = j->value_col < n &&
				 memchr(line + j->value_col, ' ', n - j->value_col) != NULL;
	} else if (j->last_name && line[0] == ' ') {
		/* a long value wrapped onto the next line.  PowerShell wraps at
		 * a space and drops it; a word longer than the line (a line with
		 * no space in it) is cut where the line ends.  No space after a
		 * hyphen or a slash either, where long names and URLs break. */
		size_t i = 0;
		while (i < n && i < j->value_col && line[i] == ' ')
			i++;
		char prevc = j->last.len ? j->last.data[j->last.len - 1] : ' ';
		/* JSON (an audit entry's AuditData) is cut where the line ends */
		int json = j->last.len > 1 && (j->last.data[0] == '{' || j->last.data[0] == '[') &&
			   (j->last.data[1] == '"' || j->last.data[1] == '{');
		if (prevc != ' ' && prevc != '-' && prevc != '/' && j->last_spaced && !json)
			(void)buf_addc(&j->last, ' ');
		(void)buf_add(&j->last, line + i, n - i);
		j->last_spaced = memchr(line + i, ' ', n - i) != NULL;
	} else {
		pctx_warn_line(j->c, lineno, "not a \"Name : Value\" line; skipped");
	}
}

/* ---- Format-Table ------------------------------------------------------------------ */

struct column {
	size_t start;
	char *name;
};

static void
table_reset(struct psjob *j)
{
	for (size_t k = 0; k < j->ncols; k++)
		free(j->cols[k].name);
	free(j->cols);
	free(j->header);
	j->cols = NULL;
	j->ncols = 0;
	j->header = NULL;
	j->header_n = 0;
}

/* A table line; returns 0 when the line is not one of a table (no dash
 * line under the header). */
static int
table_line(struct psjob *j, uint64_t lineno, const char *line, size_t n)
{
	if (text_blank(line, n))
		return 1;
	if (j->header == NULL) {
		j->header = xstrndup(line, n);
		j->header_n = n;
		return 1;
	}
	if (j->cols == NULL) {
		if (!is_dash_line(line, n))
			return 0;
		j->cols = xcalloc(n / 2 + 2, sizeof(*j->cols));
		for (size_t i = 0; i < n;) {
			while (i < n && line[i] == ' ')
				i++;
			if (i >= n)
				break;
			size_t a = i;
			while (i < n && line[i] == '-')
				i++;
			size_t he = i < j->header_n ? i : j->header_n;
			size_t hs = a < j->header_n ? a : j->header_n;
			while (he > hs && j->header[he - 1] == ' ')
				he--;
			j->cols[j->ncols].start = a;
			j->cols[j->ncols].name = xstrndup(j->header + hs, he - hs);
			j->ncols++;
		}
		return 1;
	}
	/* a row: each column from its start to the next column's start */
	j->o.line = lineno;
	for (size_t k = 0; k < j->ncols; k++) {
		size_t a = j->cols[k].start;
		size_t e = k + 1 < j->ncols ? j->cols[k + 1].start : n;
		if (a >= n)
			break;
		if (e > n)
			e = n;
		while (a < e && line[a] == ' ')
			a++;
		/* Format-Table cuts long values with "..." */
		object_add(&j->o, j->cols[k].name, strlen(j->cols[k].name), line + a, e - a);
	}
	emit_object(j, NULL);
	return 1;
}

/* ---- the text layouts and transcripts -------------------------------------------------- */

static int
on_list_line(struct parse_ctx *c, uint64_t lineno, const char *line, size_t n, void *ud)
{
	(void)c;
	list_line(ud, lineno, line, n);
	return 0;
}

static int
on_table_line(struct parse_ctx *c, uint64_t lineno, const char *line, size_t n, void *ud)
{
	struct psjob *j = ud;
	if (!table_line(j, lineno, line, n)) {
		pctx_warn_line(c, lineno, "no line of dashes under the header");
		j->st = ST_ERROR;
		return 1;
	}
	return 0;
}

/* ---- error records ---------------------------------------------------------------- */

/* The pending "Name : value" was the first line of an error record. */
static void
error_begin(struct psjob *j)
{
	free(j->err_src);
	j->err_src = j->last_name;
	j->last_name = NULL;
	buf_reset(&j->err);
	(void)buf_add(&j->err, j->last.data ? j->last.data : "", j->last.len);
	j->err_line = j->o.line;
	j->err_cat[0] = j->err_id[0] = '\0';
	j->in_error = 1;
}

/* "    + CategoryInfo          : NotSpecified: (:) [Get-CASMailbox], X"
 * and "    + FullyQualifiedErrorId : ..."; other lines of the record (the
 * command and its underline) say nothing new. */
static void
error_line(struct psjob *j, const char *line, size_t n)
{
	size_t i = 0;
	while (i < n && line[i] == ' ')
		i++;
	if (i + 2 > n || line[i] != '+' || line[i + 1] != ' ')
		return;
	i += 2;
	const char *colon = memchr(line + i, ':', n - i);
	if (colon == NULL)
		return;
	size_t kn = (size_t)(colon - (line + i));
	while (kn && line[i + kn - 1] == ' ')
		kn--;
	size_t v = (size_t)(colon - line) + 1;
	while (v < n && line[v] == ' ')
		v++;
	if (kn == 12 && strncmp(line + i, "CategoryInfo", 12) == 0)
		copy_capped(j->err_cat, sizeof(j->err_cat), line + v, n - v);
	else if (kn == 21 && strncmp(line + i, "FullyQualifiedErrorId", 21) == 0)
		copy_capped(j->err_id, sizeof(j->err_id), line + v, n - v);
}

/* The error record as a log.line: level error, the message (Exchange
 * Online's "|Exception type|message" split into code and message), the
 * cmdlet from CategoryInfo's "[Get-X]", a time from the error id's
 * "TimeStamp=...", and the person who ran the session. */
static void
error_end(struct psjob *j)
{
	if (!j->in_error)
		return;
	j->in_error = 0;
	if (j->err_src == NULL)
		return;	/* "+" lines with no record before them */
	struct store *st = j->c->store;
	char *msg = j->err.data ? xstrndup(j->err.data, j->err.len) : xstrdup("");
	const char *text = msg;
	char code[NAME_MAX_LEN] = "";
	if (text[0] == '|') {
		const char *bar = strchr(text + 1, '|');
		if (bar) {
			const char *type = text + 1;
			const char *dot = memrchr(type, '.', (size_t)(bar - type));
			if (dot)
				type = dot + 1;
			copy_capped(code, sizeof(code), type, (size_t)(bar - type));
			text = bar + 1;
		}
	}
	char cmd[NAME_MAX_LEN] = "";
	const char *lb = strchr(j->err_cat, '[');
	const char *rb = lb ? strchr(lb, ']') : NULL;
	if (lb && rb)
		copy_capped(cmd, sizeof(cmd), lb + 1, (size_t)(rb - lb - 1));
	if (code[0] == '\0' && rb && rb[1] == ',') {
		const char *t = rb + 2;
		while (*t == ' ')
			t++;
		copy_capped(code, sizeof(code), t, strlen(t));
	}
	store_begin(st, j->c->input_id, "log.line");
	rec_set_line(st, j->err_line);
	const char *ts = strstr(j->err_id, "TimeStamp=");
	if (ts) {
		size_t at = 0, tl = 0;
		int64_t t = pctx_find_time(j->c, ts + 10, strlen(ts + 10), j->err_line, &at, &tl);
		if (t != TIME_NONE)
			rec_set_time(st, t);
	}
	rec_set_str(st, "level", "error");
	rec_set_str(st, "message", text);
	if (code[0])
		rec_set_str(st, "code", code);
	rec_set_str(st, "cmdlet", cmd[0] ? cmd : j->cmdlet[0] ? j->cmdlet : j->err_src);
	if (j->err_cat[0])
		rec_set_str(st, "categoryInfo", j->err_cat);
	if (j->err_id[0])
		rec_set_str(st, "errorId", j->err_id);
	if (j->who[0])
		rec_set_str(st, "user", j->who);
	rec_set_str(st, "source", "powershell");
	store_end(st);
	free(msg);
	free(j->err_src);
	j->err_src = NULL;
}

/* Connect-ExchangeOnline / Connect-IPPSSession -UserPrincipalName x,
 * Connect-MgGraph -AccountId x: the session's person, by address. */
static void
session_user(struct psjob *j, const char *cmd, size_t n)
{
	if (n < 8 || strncasecmp(cmd, "Connect-", 8) != 0)
		return;
	static const char *const opts[] = {"-UserPrincipalName ", "-AccountId ", "-Account ",
					   NULL};
	for (size_t i = 0; opts[i]; i++) {
		const char *p = mem_find_ci(cmd, n, opts[i]);
		if (p == NULL)
			continue;
		p += strlen(opts[i]);
		const char *end = cmd + n;
		while (p < end && (*p == ' ' || *p == '\'' || *p == '"'))
			p++;
		const char *e = p;
		while (e < end && *e != ' ' && *e != '\'' && *e != '"')
			e++;
		if (memchr(p, '@', (size_t)(e - p)))
			copy_capped(j->who, sizeof(j->who), p, (size_t)(e - p));
		return;
	}
}

/* A transcript: each command's output read as a list or a table. */
static int
on_transcript_line(struct parse_ctx *c, uint64_t lineno, const char *line, size_t n, void *ud)
{
	(void)c;
	struct psjob *j = ud;
	size_t cl;
	const char *cmd = prompt_command(line, n, &cl);
	if (cmd) {
		error_end(j);
		list_flush_value(j);
		emit_object(j, NULL);
		table_reset(j);
		j->in_table = 0;
		read_command(j, cmd, cl);
		session_user(j, cmd, cl);
		return 0;
	}
	if (n >= 10 && (strncmp(line, "**********", 10) == 0 || strncmp(line, "PS>TerminatingError", 19) == 0)) {
		error_end(j);
		list_flush_value(j);
		emit_object(j, NULL);
		table_reset(j);
		j->in_table = 0;
		return 0;
	}
	/* an error record: "Get-X : message", "At line:1 char:1" (or a
	 * script's path), the command, "+ CategoryInfo ..." */
	if (j->last_name && j->o.n == 0 && n > 8 && strncmp(line, "At ", 3) == 0 &&
	    mem_find_ci(line, n, " char:")) {
		error_begin(j);
		return 0;
	}
	if (n > 2 && line[0] == '+' && line[1] == ' ' && !j->in_error) {
		j->in_error = 1;
		return 0;
	}
	if (j->in_error) {
		if (text_blank(line, n)) {
			error_end(j);
			return 0;
		}
		error_line(j, line, n);
		return 0;
	}
	if (j->cmdlet[0] == '\0') {
		/* the transcript's own header block: who ran it */
		if (n > 10 && strncmp(line, "Username: ", 10) == 0 && j->who[0] == '\0')
			copy_capped(j->who, sizeof(j->who), line + 10, n - 10);
		return 0;
	}
	if (j->in_table) {
		if (!table_line(j, lineno, line, n)) {
			table_reset(j);
			j->in_table = 0;
		}
		return 0;
	}
	size_t colon;
	if (!list_key(line, n, &colon) && !text_blank(line, n) && j->last_name == NULL &&
	    j->o.n == 0) {
		/* a header line: a table starts when dashes follow */
		j->in_table = 1;
		(void)table_line(j, lineno, line, n);
		return 0;
	}
	list_line(j, lineno, line, n);
	return 0;
}

/* ---- Export-Csv and ConvertTo-Json ---------------------------------------------------- */

static int
on_csv_object(struct parse_ctx *c, const struct csv_table *t, void *ud)
{
	(void)c;
	struct psjob *j = ud;
	j->o.line = t->csv->line;
	for (size_t i = 0; i < csv_ncells(t->csv) && i < t->ncols; i++) {
		const char *v = csv_cell(t->csv, i);
		object_add(&j->o, t->header[i], strlen(t->header[i]), v, strlen(v));
	}
	emit_object(j, NULL);
	return 0;
}

/* A JSON property: scalars as text, arrays one value per element. */
static void
json_prop(struct object *o, const char *name, const cJSON *v)
{
	if (cJSON_IsArray(v)) {
		for (const cJSON *e = v->child; e; e = e->next)
			json_prop(o, name, e);
		return;
	}
	if (cJSON_IsString(v)) {
		object_add(o, name, strlen(name), v->valuestring, strlen(v->valuestring));
	} else if (cJSON_IsBool(v)) {
		const char *b = cJSON_IsTrue(v) ? "True" : "False";
		object_add(o, name, strlen(name), b, strlen(b));
	} else if (cJSON_IsNumber(v)) {
		char *num = cJSON_PrintUnformatted(v);
		if (num)
			object_add(o, name, strlen(name), num, strlen(num));
		cJSON_free(num);
	}
	/* nested objects: PowerShell's own structures, not configuration */
}

static int
on_json_object(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	(void)c;
	struct psjob *j = ud;
	if (!cJSON_IsObject(item))
		return 0;
	j->o.line = r->line;
	for (const cJSON *it = item->child; it; it = it->next)
		if (it->string)
			json_prop(&j->o, it->string, it);
	emit_object(j, r->pointer);
	return 0;
}

/* Export-Csv's "#TYPE Deserialized.Microsoft.Exchange....Mailbox": the
 * object type's last part, as a noun. */
static void
cmdlet_from_type(struct psjob *j)
{
	const unsigned char *head;
	size_t n = stream_peek(j->c->stream, 512, &head);
	char line[120];
	size_t k = 0, i = 0;
	if (n >= 3 && head[0] == 0xEF)
		i = 3;
	while (i < n && k + 1 < sizeof(line) && head[i] != '\n' && head[i] != '\r')
		line[k++] = (char)head[i++];
	line[k] = '\0';
	if (strncmp(line, "#TYPE ", 6) != 0)
		return;
	const char *dot = strrchr(line, '.');
	const char *noun = dot ? dot + 1 : line + 6;
	if (*noun)
		snprintf(j->cmdlet, sizeof(j->cmdlet), "Get-%s", noun);
}

/* ---- entry point ---------------------------------------------------------------------- */

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	static const char *const paths[] = {"/value", NULL};
	struct psjob j = {.c = c, .st = ST_OK};
	buf_init(&j.last, (size_t)c->opt->limits.record_bytes);
	buf_init(&j.err, (size_t)c->opt->limits.record_bytes);
	cmdlet_from_name(&j, c->name);
	enum input_status st;
	if (strcmp(format, "ps.csv") == 0) {
		if (!j.cmdlet[0])
			cmdlet_from_type(&j);
		st = parse_csv_table(c, on_csv_object, &j);
	} else if (strcmp(format, "ps.json") == 0) {
		st = parse_json_records(c, "ps.object", paths, on_json_object, &j);
	} else if (strcmp(format, "ps.table") == 0) {
		st = parse_lines(c, 0, on_table_line, &j);
		if (j.header && j.cols == NULL && j.st == ST_OK) {
			pctx_warn_line(c, 1, "a table header with no rows");
			j.st = ST_PARTIAL;
		}
	} else if (strcmp(format, "ps.transcript") == 0) {
		st = parse_lines(c, 0, on_transcript_line, &j);
	} else {
		st = parse_lines(c, 0, on_list_line, &j);
	}
	error_end(&j);
	list_flush_value(&j);
	emit_object(&j, NULL);
	table_reset(&j);
	object_clear(&j.o);
	free(j.o.v);
	free(j.err_src);
	buf_free(&j.last);
	buf_free(&j.err);
	if (j.st > st)
		st = j.st;
	return st;
}

/* ConvertTo-Json and Export-Csv of Exchange objects are claimed by their
 * properties; the text layouts by their shape (bid above). */
static int
bid_exported(const struct sniff *s, const char **format)
{
	for (size_t i = 0; exchange_props[i]; i++) {
		if (s->json != JSON_NONE ? sniff_has_top_key(s, exchange_props[i])
					 : sniff_has_column(s, exchange_props[i])) {
			*format = s->json != JSON_NONE ? "ps.json" : "ps.csv";
			return 60;
		}
	}
	/* a member list: RecipientType beside an address column */
	if (s->json == JSON_NONE && s->header_line && sniff_has_column(s, "RecipientType") &&
	    (sniff_has_column(s, "PrimarySmtpAddress") || sniff_has_column(s, "WindowsLiveID"))) {
		*format = "ps.csv";
		return 60;
	}
	/* Export-Csv of Graph PowerShell's objects ("#TYPE
	 * Microsoft.Graph.PowerShell.Models...."), and member lists named so
	 * ("<group>_members.csv") */
	if (s->json == JSON_NONE && s->header_line &&
	    (sniff_contains(s, "#TYPE Microsoft.Graph.PowerShell.") ||
	     (members_name(s->name) && (sniff_has_column(s, "UserPrincipalName") ||
					sniff_has_column(s, "PrimarySmtpAddress") ||
					sniff_has_column(s, "Mail"))))) {
		*format = "ps.csv";
		return 55;
	}
	if (s->json != JSON_NONE && sniff_has_key(s, "RecipientType") &&
	    sniff_has_key(s, "PrimarySmtpAddress")) {
		*format = "ps.json";
		return 60;
	}
	/* Export-Csv of any object says its type ("#TYPE ..."); a file named
	 * after the cmdlet that wrote it ("Get-AuthenticationPolicy.json") */
	if (s->json == JSON_NONE && s->header_line && s->first_line &&
	    strncmp(s->first_line, "#TYPE ", 6) == 0) {
		*format = "ps.csv";
		return 40;
	}
	if (named_after_cmdlet(s->name) &&
	    (s->json != JSON_NONE ||
	     (s->header_line && s->header_line[0] == '"' && strchr(s->header_line, ',')))) {
		*format = s->json != JSON_NONE ? "ps.json" : "ps.csv";
		return 30;
	}
	return 0;
}

static int
bid_all(const struct sniff *s, const char **format)
{
	if (s->binary || s->xml_root)
		return 0;
	int b = bid_exported(s, format);
	return b ? b : bid(s, format);
}

static const char *const formats_list[] = {
	"ps.list", "ps.table", "ps.csv", "ps.json", "ps.transcript", NULL,
};

const struct parser parser_powershell = {
	.name = "powershell",
	.description = "PowerShell output of any cmdlet: Format-List, Format-Table, "
		       "Export-Csv, ConvertTo-Json, transcripts; group member lists",
	.bid = bid_all,
	.parse = parse,
	.formats = formats_list,
};
