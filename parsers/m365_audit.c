/*
 * m365_audit.c - the Microsoft Purview unified audit log: the CSV export
 * (classic CreationDate,UserIds,Operations,AuditData and the newer
 * RecordId,CreationDate,RecordType,Operation,UserId,AuditData,... layout;
 * AuditData is JSON inside a cell, often multi-line and over 32 KB) and
 * AuditData objects as JSON / NDJSON, bare or wrapped as
 * Search-UnifiedAuditLog | ConvertTo-Json writes them.
 *
 * One record per audit entry (kind m365.audit), from its AuditData:
 * time = CreationTime (zone-less = UTC), user = UserId, message =
 * Operation, code = ErrorNumber, ip = ClientIP / ActorIpAddress without port
 * or brackets, tenant = OrganizationId, app = the ApplicationId's name when
 * it is a well-known Microsoft app.  Name/Value lists become
 * ext.<Name> (ExtendedProperties), param.<Name> (Parameters, with
 * cmdlet = Operation) and <List>.<Name>; ModifiedProperties become
 * modified.<Name>.old / .new with one level of JSON string encoding
 * taken off.  Every other scalar is kept under its own name.  FORMATS.md
 * section 5 lists the shapes.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonmem.h"
#include "jsonpipe.h"
#include "jsonutil.h"
#include "m365_audit.h"
#include "msapps.h"
#include "parse.h"
#include "timefmt.h"

static const char *const record_paths[] = {"/value", "/records", NULL};

#define VALUE_MAX (1u << 20)	/* cap on one decoded value */
#define NAME_LEN 256		/* cap on an extra's name */

/* ---- sniffing --------------------------------------------------------------- */

static int
bid(const struct sniff *s, const char **format)
{
	if (s->json != JSON_NONE) {
		int audit_data = sniff_has_key(s, "CreationTime") && sniff_has_key(s, "Operation") &&
				 (sniff_has_key(s, "Workload") || sniff_has_key(s, "RecordType"));
		/* Search-UnifiedAuditLog | ConvertTo-Json: AuditData is a string */
		int search_result = sniff_has_key(s, "AuditData") &&
				    (sniff_has_key(s, "CreationDate") || sniff_has_key(s, "Operations"));
		if (audit_data || search_result) {
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

/* ---- reading JSON values ------------------------------------------------------ */

/* A non-empty scalar member as text, or NULL. */
static const char *
member_text(const cJSON *o, const char *key, char *buf, size_t n)
{
	return json_index_text(NULL, o, key, buf, n);
}

/* ---- vocabularies ---------------------------------------------------------------- */

struct code_name {
	int code;
	const char *name;
};

/* AuditLogRecordType (Office 365 Management Activity API schema): the
 * ones an add-in or sign-in investigation meets. */
static const struct code_name record_types[] = {
	{1, "ExchangeAdmin"},
	{2, "ExchangeItem"},
	{3, "ExchangeItemGroup"},
	{4, "SharePoint"},
	{6, "SharePointFileOperation"},
	{7, "OneDrive"},
	{8, "AzureActiveDirectory"},
	{9, "AzureActiveDirectoryAccountLogon"},
	{10, "DataCenterSecurityCmdlet"},
	{11, "ComplianceDLPSharePoint"},
	{13, "ComplianceDLPExchange"},
	{14, "SharePointSharingOperation"},
	{15, "AzureActiveDirectoryStsLogon"},
	{18, "SecurityComplianceCenterEOPCmdlet"},
	{20, "PowerBIAudit"},
	{25, "MicrosoftTeams"},
	{50, "ExchangeItemAggregated"},
	{0, NULL},
};

/* RecordType as a number (text) and its name; it comes as 1, "15" or
 * "ExchangeAdmin". */
static void
set_record_type(struct store *st, const cJSON *v)
{
	char num[64];
	const char *t = json_scalar_text(v, num, sizeof(num));
	if (t == NULL || t[0] == '\0')
		return;
	int code = -1;
	if (isdigit((unsigned char)t[0])) {
		uint64_t n;
		if (parse_uint(t, 100000, &n) == 0)
			code = (int)n;
	}
	for (size_t i = 0; record_types[i].name; i++) {
		if (code == record_types[i].code || (code < 0 && strcasecmp(t, record_types[i].name) == 0)) {
			snprintf(num, sizeof(num), "%d", record_types[i].code);
			rec_set_str(st, "RecordType", num);
			rec_set_str(st, "RecordTypeName", record_types[i].name);
			return;
		}
	}
	rec_set_str(st, "RecordType", t);
}

/* "203.0.113.10:51532" -> "203.0.113.10", "[2001:db8::1]:443" ->
 * "2001:db8::1"; a bare IPv6 address stays as it is. */
static void
set_ip(struct store *st, const char *s)
{
	if (s == NULL)
		return;
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		s++;
		n = close ? (size_t)(close - s) : n - 1;
	} else {
		const char *colon = strchr(s, ':');
		if (colon && strchr(colon + 1, ':') == NULL)
			n = (size_t)(colon - s);	/* one colon: IPv4 and a port */
	}
	while (n && s[n - 1] == ' ')
		n--;
	rec_set(st, "ip", s, n);
}

/* ResultStatus says it in several words: Succeeded, Success, True,
 * Failed, Failure, False, PartiallySucceeded. */
static const char *
result_status(const char *rs, const char *operation)
{
	if (operation && strcasecmp(operation, "UserLoginFailed") == 0)
		return "failure";
	if (rs == NULL)
		return NULL;
	if (strcasecmp(rs, "Succeeded") == 0 || strcasecmp(rs, "Success") == 0 ||
	    strcasecmp(rs, "True") == 0)
		return "success";
	if (strcasecmp(rs, "Failed") == 0 || strcasecmp(rs, "Failure") == 0 ||
	    strcasecmp(rs, "False") == 0)
		return "failure";
	return NULL;
}

/* ---- one entry --------------------------------------------------------------------- */

struct ujob {
	struct parse_ctx *c;
	uint64_t line;
	uint64_t bad;		/* AuditData that could not be decoded */
	struct buf tmp;
	char *const *header;	/* the CSV header data_col was found in */
	int data_col;		/* its AuditData column */
	struct json_arena *cells;	/* the other columns of a CSV row, as JSON */
	struct json_index ix;	/* the members of the AuditData being read */
};

/* Members mapped by name; every other scalar is kept as it is. */
static const char *const mapped[] = {
	"UserId", "Operation", "OrganizationId", "RecordType", "ErrorNumber",
	"ExtendedProperties", "Parameters", "ModifiedProperties", "Target", "Actor", NULL,
};

static int
is_mapped(const char *key)
{
	int k0 = tolower((unsigned char)key[0]);
	for (size_t i = 0; mapped[i]; i++)
		if (tolower((unsigned char)mapped[i][0]) == k0 && strcasecmp(key, mapped[i]) == 0)
			return 1;
	return 0;
}

/* "<a>.<b>" into key (of NAME_LEN bytes), a and b cut at amax and bmax
 * bytes as "%.Ns.%.Ms" would; called for every member of every entry. */
static void
dotted(char *key, const char *a, size_t amax, const char *b, size_t bmax)
{
	size_t la = strnlen(a, amax), lb = strnlen(b, bmax);
	if (la + 1 + lb >= NAME_LEN)
		lb = NAME_LEN - 2 - la;
	memcpy(key, a, la);
	key[la] = '.';
	memcpy(key + la + 1, b, lb);
	key[la + 1 + lb] = '\0';
}

/* [{Name, Value}] as prefix.<Name> = Value. */
static void
set_name_values(struct store *st, const cJSON *list, const char *prefix)
{
	char key[NAME_LEN], num[64];
	for (const cJSON *e = cJSON_IsArray(list) ? list->child : NULL; e; e = e->next) {
		const char *name = member_text(e, "Name", num, sizeof(num));
		if (name == NULL)
			name = member_text(e, "Key", num, sizeof(num));
		if (name == NULL)
			continue;
		dotted(key, prefix, 20, name, 200);
		rec_set_str(st, key, json_scalar_text(json_member(e, "Value"), num, sizeof(num)));
	}
}

static void
set_modified(struct ujob *j, struct store *st, const cJSON *list)
{
	char key[NAME_LEN], num[64];
	for (const cJSON *e = cJSON_IsArray(list) ? list->child : NULL; e; e = e->next) {
		const char *name = member_text(e, "Name", num, sizeof(num));
		const char *dot = name ? "." : "";
		snprintf(key, sizeof(key), "modified%s%.200s.old", dot, name ? name : "");
		json_decode_value(&j->tmp, json_member(e, "OldValue"));
		rec_set(st, key, j->tmp.data, j->tmp.len);
		snprintf(key, sizeof(key), "modified%s%.200s.new", dot, name ? name : "");
		json_decode_value(&j->tmp, json_member(e, "NewValue"));
		rec_set(st, key, j->tmp.data, j->tmp.len);
	}
}

/* [{ID, Type}] as repeated name = ID. */
static void
set_ids(struct store *st, const cJSON *list, const char *name)
{
	char num[64];
	for (const cJSON *e = cJSON_IsArray(list) ? list->child : NULL; e; e = e->next)
		rec_set_str(st, name, member_text(e, "ID", num, sizeof(num)));
}

static int
is_name_value_list(const cJSON *a)
{
	return cJSON_IsArray(a) && cJSON_IsObject(a->child) &&
	       (json_member(a->child, "Name") || json_member(a->child, "Key")) &&
	       json_member(a->child, "Value");
}

/* A nested object's scalars as <prefix>.<member>, nested objects below it
 * the same way (a few levels). */
static void
set_object(struct store *st, const char *prefix, const cJSON *o, int depth)
{
	char key[NAME_LEN], num[64];
	for (const cJSON *it = o->child; it && depth < 4; it = it->next) {
		if (it->string == NULL)
			continue;
		dotted(key, prefix, 120, it->string, 120);
		if (cJSON_IsObject(it))
			set_object(st, key, it, depth + 1);
		else if (!cJSON_IsArray(it))
			rec_set_str(st, key, json_scalar_text(it, num, sizeof(num)));
	}
}

/* The rest of AuditData: scalars under their own names, other Name/Value
 * lists as <List>.<Name>, arrays of scalars joined. */
static void
set_rest(struct ujob *j, struct store *st, const cJSON *ad)
{
	char num[64];
	for (const cJSON *it = ad->child; it; it = it->next) {
		if (it->string == NULL || is_mapped(it->string))
			continue;
		if (is_name_value_list(it)) {
			set_name_values(st, it, it->string);
		} else if (cJSON_IsArray(it)) {
			buf_reset(&j->tmp);
			for (const cJSON *e = it->child; e; e = e->next) {
				const char *t = json_scalar_text(e, num, sizeof(num));
				if (t && t[0]) {
					if (j->tmp.len)
						buf_addc(&j->tmp, ',');
					buf_adds(&j->tmp, t);
				}
			}
			rec_set(st, it->string, j->tmp.data, j->tmp.len);
		} else if (cJSON_IsObject(it)) {
			set_object(st, it->string, it, 0);
		} else {
			rec_set_str(st, it->string, json_scalar_text(it, num, sizeof(num)));
		}
	}
}

static void
set_time(struct ujob *j, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	/* the audit log writes UTC, with or without a Z */
	int64_t ms = pctx_time(j->c, text, strlen(text), j->line, PT_UTC);
	if (ms != TIME_NONE)
		rec_set_time(j->c->store, ms);
}

/* The columns of the export around AuditData (or the members of a
 * ConvertTo-Json search result); ad may be NULL when it did not decode. */
static const char *const outer_extras[] = {
	"RecordId", "AssociatedAdminUnits", "AssociatedAdminUnitsNames", "ResultIndex",
	"ResultCount", "Identity", NULL,
};

static void
emit_entry(struct ujob *j, const cJSON *ad, const cJSON *outer, const struct jrecord *r,
	   uint64_t line)
{
	char num[64], n2[64];
	struct store *st = j->c->store;
	j->line = line;
	store_begin(st, j->c->input_id, "m365.audit");
	json_index_build(&j->ix, ad);
	if (r && r->pointer[0])
		rec_set_pointer(st, r->pointer);
	rec_set_line(st, line);

	const char *t = json_index_text(&j->ix, ad, "CreationTime", num, sizeof(num));
	set_time(j, t ? t : member_text(outer, "CreationDate", num, sizeof(num)));
	const char *user = json_index_text(&j->ix, ad, "UserId", num, sizeof(num));
	if (user == NULL)
		user = member_text(outer, "UserIds", num, sizeof(num));
	if (user == NULL)
		user = member_text(outer, "UserId", num, sizeof(num));
	rec_set_str(st, "user", user);
	const char *op = json_index_text(&j->ix, ad, "Operation", n2, sizeof(n2));
	if (op == NULL)
		op = member_text(outer, "Operations", n2, sizeof(n2));
	if (op == NULL)
		op = member_text(outer, "Operation", n2, sizeof(n2));
	rec_set_str(st, "message", op);
	rec_set_str(st, "code", json_index_text(&j->ix, ad, "ErrorNumber", num, sizeof(num)));
	rec_set_str(st, "status",
		    result_status(json_index_text(&j->ix, ad, "ResultStatus", num, sizeof(num)), op));
	const char *ip = json_index_text(&j->ix, ad, "ClientIP", num, sizeof(num));
	if (ip == NULL)
		ip = json_index_text(&j->ix, ad, "ActorIpAddress", num, sizeof(num));
	if (ip == NULL)
		ip = json_index_text(&j->ix, ad, "ClientIPAddress", num, sizeof(num));
	set_ip(st, ip);
	rec_set_str(st, "tenant", json_index_text(&j->ix, ad, "OrganizationId", num, sizeof(num)));
	rec_set_str(st, "app",
		    ms_app_name(json_index_text(&j->ix, ad, "ApplicationId", num, sizeof(num))));

	const cJSON *rt = json_index_member(&j->ix, ad, "RecordType");
	set_record_type(st, rt ? rt : json_member(outer, "RecordType"));
	set_name_values(st, json_index_member(&j->ix, ad, "ExtendedProperties"), "ext");
	const cJSON *params = json_index_member(&j->ix, ad, "Parameters");
	if (cJSON_IsArray(params)) {
		rec_set_str(st, "cmdlet", op);
		set_name_values(st, params, "param");
	}
	set_modified(j, st, json_index_member(&j->ix, ad, "ModifiedProperties"));
	set_ids(st, json_index_member(&j->ix, ad, "Target"), "target");
	set_ids(st, json_index_member(&j->ix, ad, "Actor"), "actor");
	if (ad)
		set_rest(j, st, ad);
	for (size_t i = 0; outer_extras[i]; i++)
		rec_set_str(st, outer_extras[i], member_text(outer, outer_extras[i], num, sizeof(num)));
	store_end(st);
}

/* AuditData decoded (p, json_prepare over text): the object, or NULL and
 * a warning when it is not one.  The tree stays p's. */
static const cJSON *
audit_object(struct ujob *j, const char *text, const struct json_prep *p, uint64_t line)
{
	if (cJSON_IsObject(p->item)) {
		if (p->nul)
			pctx_warn_line(j->c, line, "AuditData: %zu \\u0000 (NUL) in a string kept "
				       "as U+FFFD", p->nul);
		if (p->duplicates)
			pctx_warn_line(j->c, line, "AuditData: %llu key(s) given twice (the first: "
				       "\"%.60s\"); the last value kept",
				       (unsigned long long)p->duplicates, p->first_duplicate);
		return p->item;
	}
	uint64_t l = 1, col = 1;
	if (p->item == NULL)
		json_position(text, p->fail_at, &l, &col);
	j->bad++;
	pctx_warn_line(j->c, line + l - 1, "AuditData is not a JSON object (column %llu); record "
		       "kept with the other columns only", (unsigned long long)col);
	return NULL;
}

/* AuditData given as a JSON string: decoded as a CSV cell is (nothing
 * for white space), emitted with the members around it. */
static int
emit_text(struct ujob *j, const char *text, const cJSON *outer, const struct jrecord *r,
	  uint64_t line)
{
	if (text[strspn(text, " \t\r\n")] == '\0') {
		emit_entry(j, NULL, outer, r, line);
		return 0;
	}
	struct json_prep p;
	json_prepare(text, strlen(text), &p);
	const cJSON *ad = audit_object(j, text, &p, line);
	emit_entry(j, ad, outer, r, line);
	json_prep_free(&p);
	return ad ? 0 : -1;
}

/* ---- CSV ----------------------------------------------------------------------------- */

static int
on_csv_row(struct parse_ctx *c, const struct csv_table *t, void *ud)
{
	struct ujob *j = ud;
	(void)c;
	uint64_t line = t->csv->line;
	j->line = line;
	if (t->header != j->header) {
		j->header = t->header;
		j->data_col = csv_find(t->header, t->ncols, "AuditData");
	}
	json_arena_use(j->cells);
	cJSON *outer = cJSON_CreateObject();
	size_t n = csv_ncells(t->csv);
	for (size_t i = 0; i < n && i < t->ncols; i++) {
		const char *v = csv_cell(t->csv, i);
		if (v[0] != '\0' && (int)i != j->data_col && t->header[i][0] != '\0')
			cJSON_AddItemToObject(outer, t->header[i], cJSON_CreateString(v));
	}
	json_arena_use(NULL);
	const cJSON *ad = NULL;
	if (t->json)
		ad = audit_object(j, csv_cell(t->csv, (size_t)j->data_col), t->json, line);
	emit_entry(j, ad, outer, NULL, line);
	/* outer is the arena's, every node of it: the reset gives it back */
	json_arena_reset(j->cells);
	return 0;
}

/* ---- from another reader --------------------------------------------------------------- */

int
m365_audit_entry(struct parse_ctx *c, const cJSON *outer, uint64_t line)
{
	struct ujob j = {.c = c, .line = line};
	buf_init(&j.tmp, VALUE_MAX);
	const cJSON *data = json_member(outer, "AuditData");
	int rc = 0;
	if (cJSON_IsString(data))
		rc = emit_text(&j, data->valuestring, outer, NULL, line);
	else
		emit_entry(&j, cJSON_IsObject(data) ? data : NULL, outer, NULL, line);
	buf_free(&j.tmp);
	json_index_free(&j.ix);
	return rc;
}

/* ---- JSON ------------------------------------------------------------------------------ */

static int
on_json(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	struct ujob *j = ud;
	j->line = r->line;
	if (!cJSON_IsObject(item)) {
		pctx_warn_line(c, r->line, "record %s is not an object; skipped", r->pointer);
		return 0;
	}
	const cJSON *data = json_member(item, "AuditData");
	if (cJSON_IsObject(data)) {
		emit_entry(j, data, item, r, r->line);
	} else if (cJSON_IsString(data)) {
		(void)emit_text(j, data->valuestring, item, r, r->line);
	} else {
		emit_entry(j, item, NULL, r, r->line);
	}
	return 0;
}

/* ---- entry point ------------------------------------------------------------------------- */

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	struct ujob j = {.c = c};
	buf_init(&j.tmp, VALUE_MAX);
	enum input_status st;
	if (strcmp(format, "m365.audit.csv") == 0) {
		j.cells = json_arena_new();
		st = parse_csv_table_json(c, "AuditData", on_csv_row, &j);
		json_arena_free(j.cells);
	} else
		st = parse_json_records(c, "m365.audit", record_paths, on_json, &j);
	buf_free(&j.tmp);
	json_index_free(&j.ix);
	if (j.bad && st == ST_OK)
		st = ST_PARTIAL;
	return st;
}

static const char *const formats_list[] = {
	"m365.audit.csv", "m365.audit.json", "m365.audit.ndjson",
	NULL,
};

const struct parser parser_m365_audit = {
	.name = "m365-audit",
	.description = "Microsoft Purview unified audit log (CSV export, AuditData JSON)",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
