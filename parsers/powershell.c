/*
 * powershell.c - PowerShell's formatted text output, as admins paste it
 * into tickets: `Get-RoleAssignmentPolicy | Format-List` ("Name : Value"
 * blocks separated by blank lines, long values wrapped onto indented
 * lines) and `Get-App` / `Get-ManagementRoleAssignment` tables (a header,
 * a line of dashes under each column, one row per object).
 *
 * The same objects exported with Export-Csv or ConvertTo-Json are read
 * too (one object per row or per JSON object).
 *
 * Each object becomes a record.  Its kind comes from the properties it
 * has (an Exchange role assignment policy, OWA mailbox policy, add-in,
 * ...), else `ps.object`.  Collections printed as "{a, b, c}" become one
 * value per element.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"

#define MAX_PROPS 4096

/* ---- recognising the two layouts -------------------------------------------- */

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

/* Properties only Exchange Online configuration objects have. */
static const char *const exchange_props[] = {
	"AssignedRoles", "RoleAssignments", "ProvidedTo", "DefaultStateForUser",
	"OWAEnabled", "EwsEnabled", "OAuth2ClientProfileEnabled", "AppsForOfficeEnabled",
	"DirectFileAccessOnPublicComputersEnabled", "WacViewingOnPublicComputersEnabled",
	"RoleAssigneeName", "MarketplaceAssetID", NULL,
};

static int
exported_objects(const struct sniff *s)
{
	for (size_t i = 0; exchange_props[i]; i++) {
		if (s->json != JSON_NONE ? sniff_has_top_key(s, exchange_props[i])
					 : sniff_has_column(s, exchange_props[i]))
			return 1;
	}
	return 0;
}

static int
bid(const struct sniff *s, const char **format)
{
	if (s->binary || s->xml_root)
		return 0;
	if (s->json != JSON_NONE) {
		/* ConvertTo-Json of Exchange cmdlets' objects */
		if (exported_objects(s)) {
			*format = "ps.json";
			return 60;
		}
		return 0;
	}
	if (s->header_line && exported_objects(s) &&
	    (strchr(s->header_line, ',') || strchr(s->header_line, ';'))) {
		/* Export-Csv of Exchange cmdlets' objects */
		*format = "ps.csv";
		return 60;
	}
	const char *p = s->text, *end = s->text + s->text_len;
	size_t lines = 0, keyed = 0, colon_col = 0, same_col = 0;
	const char *prev = NULL;
	size_t prevn = 0;
	while (p < end && lines < 40) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL && !s->complete)
			break;
		const char *e = nl ? nl : end;
		size_t n = (size_t)(e - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n > 0) {
			lines++;
			size_t colon;
			if (list_key(p, n, &colon)) {
				keyed++;
				if (colon == colon_col)
					same_col++;
				colon_col = colon;
			}
			if (lines == 2 && prev && is_dash_line(p, n) && prevn > 0 &&
			    isalpha((unsigned char)prev[0])) {
				*format = "ps.table";
				return 45;
			}
			prev = p;
			prevn = n;
		}
		p = e + 1;
	}
	/* most lines "Key : value" with the colons aligned: Format-List */
	if (keyed >= 2 && keyed * 3 >= lines * 2 && same_col + 1 >= keyed / 2) {
		*format = "ps.list";
		return 45;
	}
	return 0;
}

/* ---- kinds ---------------------------------------------------------------------- */

struct prop {
	char *name;
	char *value;
};

struct object {
	struct prop *v;
	size_t n, cap;
	uint64_t line;
};

static const char *
object_kind(const struct object *o)
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
	return "ps.object";
}

static void
object_add(struct object *o, const char *name, size_t nn, const char *value, size_t vn)
{
	if (o->n >= MAX_PROPS)
		return;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 32;
		o->v = xreallocarray(o->v, o->cap, sizeof(*o->v));
	}
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

/* One property: "{a, b, c}" becomes one value per element. */
static void
set_prop(struct store *st, const char *name, const char *value)
{
	size_t n = strlen(value);
	if (n >= 2 && value[0] == '{' && value[n - 1] == '}') {
		const char *p = value + 1, *end = value + n - 1;
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

/* One record for the object (located at its line, or at a JSON pointer
 * when pointer is not NULL), and the object emptied for the next one. */
static void
emit_object(struct parse_ctx *c, struct object *o, const char *pointer)
{
	if (o->n == 0)
		return;
	store_begin(c->store, c->input_id, object_kind(o));
	if (pointer && pointer[0])
		rec_set_pointer(c->store, pointer);
	rec_set_line(c->store, o->line);
	for (size_t i = 0; i < o->n; i++) {
		const char *k = o->v[i].name, *v = o->v[i].value;
		if (v[0] == '\0')
			continue;
		/* the add-in's name is what a person calls the app */
		if (strcasecmp(k, "DisplayName") == 0 && strcmp(object_kind(o), "exchange.app") == 0)
			rec_set_str(c->store, "app", v);
		set_prop(c->store, k, v);
	}
	store_end(c->store);
	object_clear(o);
}

/* ---- Format-List ------------------------------------------------------------------ */

static enum input_status
parse_list(struct parse_ctx *c, struct text *t)
{
	struct object o = {0};
	struct buf last;	/* the value being built, for wrapped lines */
	buf_init(&last, (size_t)c->opt->limits.record_bytes);
	char *last_name = NULL;
	size_t value_col = 0;
	const char *line;
	size_t n;
	int cut;
	enum input_status st = ST_OK;
	while (text_getline(t, &line, &n, &cut)) {
		if (cut) {
			pctx_warn_line(c, t->lineno, "line longer than the record limit; cut");
			st = ST_PARTIAL;
		}
		size_t colon;
		size_t kn = list_key(line, n, &colon);
		int blank = 1;
		for (size_t i = 0; i < n; i++)
			if (line[i] != ' ' && line[i] != '\t')
				blank = 0;
		if (blank) {
			if (last_name) {
				object_add(&o, last_name, strlen(last_name), last.data ? last.data : "", last.len);
				free(last_name);
				last_name = NULL;
			}
			emit_object(c, &o, NULL);
			continue;
		}
		if (kn) {
			if (last_name) {
				object_add(&o, last_name, strlen(last_name), last.data ? last.data : "", last.len);
				free(last_name);
			}
			if (o.n == 0)
				o.line = t->lineno;
			last_name = xstrndup(line, kn);
			value_col = colon + 2;
			buf_reset(&last);
			if (value_col < n)
				(void)buf_add(&last, line + value_col, n - value_col);
		} else if (last_name && line[0] == ' ') {
			/* a long value wrapped onto the next line: PowerShell breaks
			 * at a space and drops it, so put one back (not after a
			 * hyphen or a slash, where long names and URLs break) */
			size_t i = 0;
			while (i < n && i < value_col && line[i] == ' ')
				i++;
			char prevc = last.len ? last.data[last.len - 1] : ' ';
			if (prevc != ' ' && prevc != '-' && prevc != '/')
				(void)buf_addc(&last, ' ');
			(void)buf_add(&last, line + i, n - i);
		} else {
			pctx_warn_line(c, t->lineno, "not a \"Name : Value\" line; skipped");
		}
	}
	if (last_name) {
		object_add(&o, last_name, strlen(last_name), last.data ? last.data : "", last.len);
		free(last_name);
	}
	emit_object(c, &o, NULL);
	free(o.v);
	buf_free(&last);
	return st;
}

/* ---- Format-Table ------------------------------------------------------------------ */

struct column {
	size_t start, end;	/* end = SIZE_MAX for the last column */
	char *name;
};

static enum input_status
parse_table(struct parse_ctx *c, struct text *t)
{
	const char *line;
	size_t n;
	int cut;
	char *header = NULL;
	size_t header_n = 0;
	struct column *cols = NULL;
	size_t ncols = 0;
	struct object o = {0};
	enum input_status st = ST_OK;
	while (text_getline(t, &line, &n, &cut)) {
		int blank = 1;
		for (size_t i = 0; i < n; i++)
			if (line[i] != ' ')
				blank = 0;
		if (blank)
			continue;
		if (header == NULL) {
			header = xstrndup(line, n);
			header_n = n;
			continue;
		}
		if (cols == NULL) {
			if (!is_dash_line(line, n)) {
				pctx_warn_line(c, t->lineno, "no line of dashes under the header");
				free(header);
				return ST_ERROR;
			}
			cols = xcalloc(n / 2 + 2, sizeof(*cols));
			for (size_t i = 0; i < n;) {
				while (i < n && line[i] == ' ')
					i++;
				if (i >= n)
					break;
				size_t a = i;
				while (i < n && line[i] == '-')
					i++;
				cols[ncols].start = a;
				cols[ncols].end = i;
				size_t he = i < header_n ? i : header_n;
				size_t hs = a < header_n ? a : header_n;
				while (he > hs && header[he - 1] == ' ')
					he--;
				cols[ncols].name = xstrndup(header + hs, he - hs);
				ncols++;
			}
			if (ncols)
				cols[ncols - 1].end = SIZE_MAX;
			continue;
		}
		/* a row: each column from its start to the next column's start */
		o.line = t->lineno;
		for (size_t k = 0; k < ncols; k++) {
			size_t a = cols[k].start;
			size_t e = k + 1 < ncols ? cols[k + 1].start : n;
			if (a >= n)
				break;
			if (e > n)
				e = n;
			while (a < e && line[a] == ' ')
				a++;
			object_add(&o, cols[k].name, strlen(cols[k].name), line + a, e - a);
		}
		emit_object(c, &o, NULL);
	}
	if (header && cols == NULL) {
		pctx_warn_line(c, 1, "a table header with no rows");
		st = ST_PARTIAL;
	}
	for (size_t k = 0; k < ncols; k++)
		free(cols[k].name);
	free(cols);
	free(header);
	free(o.v);
	return st;
}

/* ---- Export-Csv and ConvertTo-Json ---------------------------------------------------- */

static int
on_csv_object(struct parse_ctx *c, const struct csv_table *t, void *ud)
{
	struct object *o = ud;
	o->line = t->csv->line;
	for (size_t i = 0; i < csv_ncells(t->csv) && i < t->ncols; i++) {
		const char *v = csv_cell(t->csv, i);
		object_add(o, t->header[i], strlen(t->header[i]), v, strlen(v));
	}
	emit_object(c, o, NULL);
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
	struct object *o = ud;
	if (!cJSON_IsObject(item))
		return 0;
	o->line = r->line;
	for (const cJSON *it = item->child; it; it = it->next)
		if (it->string)
			json_prop(o, it->string, it);
	emit_object(c, o, r->pointer);
	return 0;
}

static enum input_status
parse_exported(struct parse_ctx *c, const char *format)
{
	static const char *const paths[] = {"/value", NULL};
	struct object o = {0};
	enum input_status st = strcmp(format, "ps.csv") == 0
		? parse_csv_table(c, on_csv_object, &o)
		: parse_json_records(c, "ps.object", paths, on_json_object, &o);
	object_clear(&o);
	free(o.v);
	return st;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	if (strcmp(format, "ps.csv") == 0 || strcmp(format, "ps.json") == 0)
		return parse_exported(c, format);
	struct text t;
	text_init(&t, c->stream, (size_t)c->opt->limits.record_bytes);
	enum input_status st = strcmp(format, "ps.table") == 0 ? parse_table(c, &t)
							       : parse_list(c, &t);
	pctx_text_done(c, &t);
	text_free(&t);
	return st;
}

static const char *const formats_list[] = {
	"ps.list", "ps.table", "ps.csv", "ps.json",
	NULL,
};

const struct parser parser_powershell = {
	.name = "powershell",
	.description = "PowerShell Format-List / Format-Table output (Exchange Online "
		       "cmdlets: Get-App, Get-RoleAssignmentPolicy, Get-OwaMailboxPolicy, ...)",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
