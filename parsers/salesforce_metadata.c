/*
 * salesforce_metadata.c - Salesforce Metadata API XML, both layouts
 * (retrieve zips: X.connectedApp; SFDX source: X.connectedApp-meta.xml).
 * Recognised by the root element in the Metadata namespace, never by path.
 *
 * Each document becomes one record located at its root element.  Fields
 * are the XML element names, dotted below the root (oauthConfig.scopes,
 * samlConfig.acsUrl); a repeated element gives a repeated key (a list).
 * A few list elements are read whole and written compactly
 * (objectPermissions -> object.Account = "create,read"; ipRanges ->
 * ipRange = "start-end"; package types -> member = "Type:Member"), the big
 * irrelevant ones of profiles and permission sets are only counted.
 * Secrets and key bodies (consumerSecret, oauthConfig.certificate) are
 * stored as "present".  A leaf named like a common field (status, user)
 * is stored as Root.status, so common fields keep their one meaning.
 *
 * Reading is streaming (libxml2's xmlTextReader, never a tree of the whole
 * document), so memory is bounded by one record.  Network, DTD loading and
 * entity expansion are off: an entity reference is reported and never
 * expanded, an external entity or DTD is never opened.  Every value is cut
 * at VALUE_MAX, every record at a field cap, the depth at MAX_DEPTH; each
 * cut is a warning on the entry and makes it partial.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "parse.h"

#define SF_NS "http://soap.sforce.com/2006/04/metadata"

#define MAX_DEPTH 256		/* deeper XML is not read */
#define VALUE_MAX 65536		/* bytes kept of one value */
#define PATH_MAX_LEN 4096	/* longest dotted field name */
#define FIELDS_MAX 50000	/* fields in one record */
#define FIELDS_MAX_OTHER 2000	/* fields in one record of an unknown type */

/* How a document is read, by its root element. */
enum shape {
	SH_GENERIC,		/* every leaf, by its path */
	SH_PACKAGE,		/* package.xml: types and members */
	SH_CONNECTED_APP,
	SH_PROFILE,
	SH_PERMS,		/* permission sets, muting sets and groups */
	SH_ECA,			/* External Client App header */
	SH_ECA_POLICY,
	SH_ECA_SETTINGS,
};

#define S(x) (1u << (x))
#define S_PERMS (S(SH_PROFILE) | S(SH_PERMS))
#define S_ECA (S(SH_ECA) | S(SH_ECA_POLICY) | S(SH_ECA_SETTINGS))

static const struct root_rule {
	const char *root;
	const char *kind;
	enum shape shape;
	const char *name_key;	/* field that gets the name from the file name */
	const char *mark;	/* a field set to "true" on every record */
} roots[] = {
	{"Package", "sf.package", SH_PACKAGE, NULL, NULL},
	{"ConnectedApp", "sf.connected_app", SH_CONNECTED_APP, "fullName", NULL},
	{"Profile", "sf.profile", SH_PROFILE, "name", NULL},
	{"PermissionSet", "sf.permission_set", SH_PERMS, "name", NULL},
	{"PermissionSetGroup", "sf.permission_set_group", SH_PERMS, "name", NULL},
	{"MutingPermissionSet", "sf.permission_set", SH_PERMS, "name", "muting"},
	{"ConnectedAppSettings", "sf.connected_app_settings", SH_GENERIC, "fullName", NULL},
	{"ExternalClientApplication", "sf.external_client_app", SH_ECA, "fullName", NULL},
	{"ExtlClntAppOauthConfigurablePolicies", "sf.external_client_app_policy",
	 SH_ECA_POLICY, "fullName", NULL},
	{"ExtlClntAppOauthSettings", "sf.external_client_app_settings",
	 SH_ECA_SETTINGS, "fullName", NULL},
	{"ExtlClntAppGlobalOauthSettings", "sf.external_client_app_settings",
	 SH_ECA_SETTINGS, "fullName", NULL},
	{"CustomPermission", "sf.custom_permission", SH_GENERIC, "fullName", NULL},
};

/* Any other root in the Metadata namespace. */
static const struct root_rule other_root = {
	NULL, "sf.metadata", SH_GENERIC, "fullName", NULL,
};

static const struct root_rule *
rule_for(const char *root)
{
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		if (strcmp(roots[i].root, root) == 0)
			return &roots[i];
	return NULL;
}

static const char *
kind_for(const char *root)
{
	const struct root_rule *r = rule_for(root);
	return r ? r->kind : NULL;
}

static int
bid(const struct sniff *s, const char **format)
{
	if (s->xml_root == NULL)
		return 0;
	int ns = s->xml_ns && strcmp(s->xml_ns, SF_NS) == 0;
	const char *kind = kind_for(s->xml_root);
	if (kind && ns) {
		*format = kind;
		return 90;
	}
	if (ns) {
		*format = "sf.metadata";
		return 60;
	}
	if (kind && (str_has_suffix_ci(s->name, "-meta.xml") ||
		     strcmp(s->xml_root, "Package") == 0)) {
		/* the right root without the namespace: say it is ours, weakly */
		*format = kind;
		return 30;
	}
	return 0;
}

/* ---- list elements read whole ------------------------------------------ */

enum group {
	G_SKIP,			/* only counted */
	G_TYPES,		/* package.xml <types> */
	G_IPRANGE,		/* start/end(/description) */
	G_ATTRIBUTE,		/* key/formula */
	G_USERPERM,		/* name/enabled */
	G_OBJECT,		/* object + allow* flags */
	G_FIELD,		/* field + readable/editable */
};

/* Children of the root that are read whole, by the root's shape. */
static const struct group_rule {
	unsigned shapes;
	const char *element;
	enum group kind;
	const char *field;	/* the field it writes */
} groups[] = {
	{S(SH_PACKAGE), "types", G_TYPES, NULL},
	{S(SH_CONNECTED_APP), "ipRanges", G_IPRANGE, "ipRange"},
	{S(SH_CONNECTED_APP), "attributes", G_ATTRIBUTE, "attribute"},
	{S_ECA, "trustedIpRanges", G_IPRANGE, "ipRange"},
	{S_ECA, "customAttributes", G_ATTRIBUTE, "attribute"},
	{S_PERMS, "userPermissions", G_USERPERM, NULL},
	{S_PERMS, "objectPermissions", G_OBJECT, NULL},
	{S_PERMS, "fieldPermissions", G_FIELD, NULL},
	{S_PERMS, "loginIpRanges", G_IPRANGE, "loginIpRange"},
	/* large and irrelevant to access problems: counted, not kept */
	{S_PERMS, "layoutAssignments", G_SKIP, NULL},
	{S_PERMS, "classAccesses", G_SKIP, NULL},
	{S_PERMS, "pageAccesses", G_SKIP, NULL},
	{S_PERMS, "tabVisibilities", G_SKIP, NULL},
	{S_PERMS, "tabSettings", G_SKIP, NULL},
	{S_PERMS, "recordTypeVisibilities", G_SKIP, NULL},
	{S_PERMS, "applicationVisibilities", G_SKIP, NULL},
	{S_PERMS, "customMetadataTypeAccesses", G_SKIP, NULL},
	{S_PERMS, "customSettingAccesses", G_SKIP, NULL},
	{S_PERMS, "flowAccesses", G_SKIP, NULL},
};

static const struct group_rule *
group_for(enum shape sh, const char *element)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if ((groups[i].shapes & S(sh)) && strcmp(groups[i].element, element) == 0)
			return &groups[i];
	return NULL;
}

/* ---- leaves with a meaning beyond their path --------------------------- */

enum leaf_action {
	L_APP,			/* also the common field app */
	L_PLUGIN,		/* a Custom Connected App Handler is set */
	L_RUN_AS,		/* the handler's execution user */
	L_PRESENT,		/* a secret or a key body: only say it is there */
	L_RENAME,		/* stored under another name */
	L_SPLIT,		/* a comma-separated list: also one value per item */
	L_NONE_IF_EMPTY,	/* an empty element means "none" */
};

static const struct leaf_rule {
	unsigned shapes;
	const char *path;
	enum leaf_action act;
	const char *field;
} leaves[] = {
	{S(SH_CONNECTED_APP) | S(SH_ECA), "label", L_APP, NULL},
	{S(SH_CONNECTED_APP), "plugin", L_PLUGIN, NULL},
	{S(SH_CONNECTED_APP), "pluginExecutionUser", L_RUN_AS, "runAs"},
	{S(SH_CONNECTED_APP), "oauthConfig.certificate", L_PRESENT, NULL},
	{S(SH_ECA_SETTINGS), "certificate", L_PRESENT, NULL},
	{S(SH_ECA_POLICY), "commaSeparatedProfile", L_SPLIT, "profileName"},
	{S(SH_ECA_POLICY), "commaSeparatedPermissionSet", L_SPLIT, "permissionSetName"},
	{S(SH_ECA_SETTINGS), "commaSeparatedOauthScopes", L_SPLIT, "scopes"},
	{S(SH_PERMS), "permissionSets", L_RENAME, "permissionSet"},
	{S(SH_PERMS), "mutingPermissionSets", L_RENAME, "mutingPermissionSet"},
	{S_PERMS, "loginHours", L_NONE_IF_EMPTY, NULL},
};

static const struct leaf_rule *
leaf_for(enum shape sh, const char *path)
{
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++)
		if ((leaves[i].shapes & S(sh)) && strcmp(leaves[i].path, path) == 0)
			return &leaves[i];
	return NULL;
}

/* Standard profiles are stored under an API name, but connected apps list
 * them by label (FORMATS.md 1.0). */
static const struct {
	const char *name;
	const char *label;
} std_profiles[] = {
	{"Admin", "System Administrator"},
	{"Standard", "Standard User"},
	{"ReadOnly", "Read Only"},
	{"SolutionManager", "Solution Manager"},
	{"MarketingProfile", "Marketing User"},
	{"ContractManager", "Contract Manager"},
	{"StandardAul", "Standard Platform User"},
};

/* ---- the document being read ------------------------------------------- */

struct meta {
	struct parse_ctx *c;
	const struct root_rule *rule;
	char *root;			/* root element name (owned) */
	int open;			/* the record is begun */
	size_t nfields, max_fields;
	/* where the reader is */
	struct buf path;		/* dotted path of the element below the root */
	size_t path_len[MAX_DEPTH + 1];	/* path length before depth d's name */
	unsigned char has_child[MAX_DEPTH + 1];
	int path_over;			/* depth whose name did not fit, or 0 */
	struct buf text;		/* text of the innermost element */
	int text_cut;
	int collect;			/* keep the text of this element */
	/* a child of the root read whole */
	const struct group_rule *group;
	struct buf gbuf;		/* its leaves: "name\0value\0" ... */
	struct buf key;			/* scratch for field names */
	/* what the document said */
	int plugin, run_as, complete, doctype;
	uint64_t objects, fields, skipped;
	/* trouble */
	int warned_fields, warned_value, warned_path, warned_group;
	uint64_t entities, entity_line;
	int errors;			/* errors libxml2 reported */
	char *xmsg;			/* its last message, not yet a warning */
	uint64_t xline;
	unsigned xrepeats;
	int xerr;
	int partial;			/* something was cut or dropped */
	char *file_name;		/* the name taken from the file name */
};

/* The line of the reader's current node: where the element starts, or
 * where the parser is when the node does not know. */
static uint64_t
node_line(xmlTextReaderPtr r)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(r);
	long line = n ? xmlGetLineNo(n) : -1;
	if (line <= 0 || line >= 65535)
		line = xmlTextReaderGetParserLineNumber(r);
	return line > 0 ? (uint64_t)line : 0;
}

/* Add one field to the open record, within the record's field cap. */
static void
put(struct meta *m, const char *key, const char *v, size_t n, uint64_t line)
{
	if (!m->open || v == NULL || n == 0)
		return;
	if (m->nfields >= m->max_fields) {
		if (!m->warned_fields++)
			pctx_warn_line(m->c, line, "more than %zu fields in this "
				       "document; the rest were dropped", m->max_fields);
		m->partial = 1;
		return;
	}
	m->nfields++;
	rec_set(m->c->store, key, v, n);
}

static void
put_str(struct meta *m, const char *key, const char *v, uint64_t line)
{
	if (v)
		put(m, key, v, strlen(v), line);
}

/* key = prefix + name, in m->key; NULL when it does not fit. */
static const char *
join_key(struct meta *m, const char *prefix, const char *name)
{
	buf_reset(&m->key);
	if (buf_adds(&m->key, prefix) < 0 || buf_adds(&m->key, name) < 0)
		return NULL;
	return m->key.data;
}

/* Store a leaf under its path.  A path that is a common field name
 * ("status", "user", ...) is prefixed with the root element so that the
 * common fields only ever hold what they mean. */
static void
put_path(struct meta *m, const char *path, const char *v, size_t n, uint64_t line)
{
	/* <fullName> repeating the file's name says it once */
	if (m->file_name && m->rule->name_key && strcmp(path, m->rule->name_key) == 0 &&
	    strlen(m->file_name) == n && memcmp(m->file_name, v, n) == 0)
		return;
	if (field_by_name(path) >= 0) {
		const char *k = join_key(m, m->root, ".");
		if (k == NULL || buf_adds(&m->key, path) < 0)
			return;
		path = m->key.data;
	}
	put(m, path, v, n, line);
}

/* ---- names from the file name ------------------------------------------ */

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Is s[0..n) well-formed UTF-8? */
static int
utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char b = s[i];
		size_t k = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2
			 : (b & 0xF8) == 0xF0 ? 3 : 4;
		if (k == 4 || (k == 1 && b < 0xC2) || i + k >= n)
			return 0;
		for (size_t j = 1; j <= k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
		i += k + 1;
	}
	return 1;
}

/* Decode %XX escapes ("Sales%2FService User" -> "Sales/Service User");
 * %00, control characters and results that are not UTF-8 are left as
 * written.  Returns a new string. */
static char *
url_decode(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *out = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		int hi = s[i] == '%' && i + 2 < n ? hexval(s[i + 1]) : -1;
		int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
		int v = hi * 16 + lo;
		if (hi >= 0 && lo >= 0 && v >= 0x20 && v != 0x7F) {
			out[o++] = (char)v;
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	if (!utf8_ok((const unsigned char *)out, o)) {
		free(out);
		return xstrdup(s);
	}
	return out;
}

/* The component name from the entry name: "Sales%2FService User.profile"
 * and "X.connectedApp-meta.xml" -> "Sales/Service User", "X".  NULL when
 * the name has no metadata suffix to strip (standard input). */
static char *
component_name(const char *file)
{
	if (file == NULL)
		return NULL;
	size_t n = strlen(file);
	if (str_has_suffix_ci(file, "-meta.xml"))
		n -= strlen("-meta.xml");
	const char *dot = NULL;
	for (size_t i = 0; i < n; i++)
		if (file[i] == '.')
			dot = file + i;
	if (dot == NULL || dot == file)
		return NULL;
	char *base = xstrndup(file, (size_t)(dot - file));
	char *name = url_decode(base);
	free(base);
	return name;
}

static const char *
profile_label(const char *name)
{
	for (size_t i = 0; i < sizeof(std_profiles) / sizeof(std_profiles[0]); i++)
		if (strcmp(std_profiles[i].name, name) == 0)
			return std_profiles[i].label;
	return name;
}

/* ---- the root: the record begins --------------------------------------- */

static void
begin_record(struct meta *m, const char *root, uint64_t line)
{
	const struct root_rule *rule = rule_for(root);
	m->rule = rule ? rule : &other_root;
	m->root = xstrdup(root);
	m->max_fields = rule ? FIELDS_MAX : FIELDS_MAX_OTHER;
	store_begin(m->c->store, m->c->input_id, m->rule->kind);
	rec_set_line(m->c->store, line);
	m->open = 1;
	if (rule == NULL)
		put_str(m, "metadataType", root, line);
	if (m->rule->mark)
		put_str(m, m->rule->mark, "true", line);
	/* source format: objects/<Object>/validationRules/<name>...: the
	 * object a part of an object belongs to */
	const char *where = m->c->input ? m->c->input->locator : NULL;
	const char *obj = where ? strstr(where, "objects/") : NULL;
	if (obj && (obj == where || obj[-1] == '/')) {
		obj += strlen("objects/");
		const char *slash = strchr(obj, '/');
		if (slash && slash > obj && strchr(slash + 1, '/')) {
			char *o = xstrndup(obj, (size_t)(slash - obj));
			put_str(m, "object", o, line);
			free(o);
		}
	}
	char *name = m->rule->name_key ? component_name(m->c->name) : NULL;
	if (name == NULL)
		return;
	put_str(m, m->rule->name_key, name, line);
	if (m->rule->shape == SH_PROFILE)
		put_str(m, "label", profile_label(name), line);
	free(m->file_name);
	m->file_name = name;
}

/* ---- list elements: collect, then write -------------------------------- */

/* The first value of child name in the collected group, or NULL. */
static const char *
gget(const struct meta *m, const char *name)
{
	if (m->gbuf.data == NULL)
		return NULL;
	const char *p = m->gbuf.data, *end = p + m->gbuf.len;
	while (p < end) {
		const char *v = p + strlen(p) + 1;
		if (strcmp(p, name) == 0)
			return v;
		p = v + strlen(v) + 1;
	}
	return NULL;
}

static int
is_true(const char *v)
{
	return v && strcmp(v, "true") == 0;
}

static void
put_flags(struct meta *m, const char *key, const char *flags, uint64_t line)
{
	put_str(m, key, flags[0] ? flags : "none", line);
}

/* objectPermissions -> object.Account = "create,read,edit,...". */
static void
emit_object(struct meta *m, uint64_t line)
{
	static const char *const flags[][2] = {
		{"allowCreate", "create"}, {"allowRead", "read"},
		{"allowEdit", "edit"}, {"allowDelete", "delete"},
		{"viewAllRecords", "viewAll"}, {"modifyAllRecords", "modifyAll"},
		{"viewAllFields", "viewAllFields"},
	};
	const char *obj = gget(m, "object");
	if (obj == NULL || *obj == '\0')
		return;
	char set[96] = "";
	size_t o = 0;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (!is_true(gget(m, flags[i][0])))
			continue;
		int w = snprintf(set + o, sizeof(set) - o, "%s%s", o ? "," : "", flags[i][1]);
		if (w > 0 && (size_t)w < sizeof(set) - o)
			o += (size_t)w;
	}
	m->objects++;
	const char *k = join_key(m, "object.", obj);
	if (k)
		put_flags(m, k, set, line);
}

/* fieldPermissions -> field.Account.Name = "read", "read,edit" or "none". */
static void
emit_field(struct meta *m, uint64_t line)
{
	const char *f = gget(m, "field");
	if (f == NULL || *f == '\0')
		return;
	int rd = is_true(gget(m, "readable")), ed = is_true(gget(m, "editable"));
	m->fields++;
	const char *k = join_key(m, "field.", f);
	if (k)
		put_flags(m, k, rd && ed ? "read,edit" : rd ? "read" : ed ? "edit" : "", line);
}

/* userPermissions -> userPermission = "ApiEnabled=true", perm.ApiEnabled. */
static void
emit_userperm(struct meta *m, uint64_t line)
{
	const char *name = gget(m, "name"), *on = gget(m, "enabled");
	if (name == NULL || *name == '\0')
		return;
	if (on == NULL || *on == '\0')
		on = "false";
	char *both = xasprintf("%s=%s", name, on);
	put_str(m, "userPermission", both, line);
	free(both);
	const char *k = join_key(m, "perm.", name);
	if (k)
		put_str(m, k, on, line);
}

/* The first collected child whose name starts with prefix ("start" finds
 * start, startAddress and startIpAddress). */
static const char *
gget_prefix(const struct meta *m, const char *prefix)
{
	if (m->gbuf.data == NULL)
		return NULL;
	const char *p = m->gbuf.data, *end = p + m->gbuf.len;
	size_t n = strlen(prefix);
	while (p < end) {
		const char *v = p + strlen(p) + 1;
		if (strncmp(p, prefix, n) == 0)
			return v;
		p = v + strlen(v) + 1;
	}
	return NULL;
}

/* ipRanges / loginIpRanges -> ipRange = "start-end" (+ .description). */
static void
emit_iprange(struct meta *m, const char *field, uint64_t line)
{
	const char *a = gget_prefix(m, "start"), *b = gget_prefix(m, "end");
	const char *d = gget(m, "description");
	if ((a && *a) || (b && *b)) {
		char *range = xasprintf("%s-%s", a ? a : "", b ? b : "");
		put_str(m, field, range, line);
		free(range);
	}
	const char *k = join_key(m, field, ".description");
	if (k && d)
		put_str(m, k, d, line);
}

/* attributes -> attribute = "key=formula". */
static void
emit_attribute(struct meta *m, const char *field, uint64_t line)
{
	const char *k = gget(m, "key"), *f = gget(m, "formula");
	if ((k == NULL || *k == '\0') && (f == NULL || *f == '\0'))
		return;
	char *both = xasprintf("%s=%s", k ? k : "", f ? f : "");
	put_str(m, field, both, line);
	free(both);
}

/* package.xml <types>: type = name, member = "Name:Member" each. */
static void
emit_types(struct meta *m, uint64_t line)
{
	const char *type = gget(m, "name");
	if (type == NULL)
		type = "";
	put_str(m, "type", type, line);
	if (m->gbuf.data == NULL)
		return;
	const char *p = m->gbuf.data, *end = p + m->gbuf.len;
	while (p < end) {
		const char *v = p + strlen(p) + 1;
		if (strcmp(p, "members") == 0 && *v) {
			const char *k = join_key(m, type, ":");
			if (k && buf_adds(&m->key, v) == 0)
				put_str(m, "member", m->key.data, line);
		}
		p = v + strlen(v) + 1;
	}
}

static void
emit_group(struct meta *m, uint64_t line)
{
	const struct group_rule *g = m->group;
	switch (g->kind) {
	case G_SKIP: break;
	case G_TYPES: emit_types(m, line); break;
	case G_IPRANGE: emit_iprange(m, g->field, line); break;
	case G_ATTRIBUTE: emit_attribute(m, g->field, line); break;
	case G_USERPERM: emit_userperm(m, line); break;
	case G_OBJECT: emit_object(m, line); break;
	case G_FIELD: emit_field(m, line); break;
	}
}

/* Keep one leaf of the group being collected. */
static void
group_add(struct meta *m, const char *name, const char *v, size_t n, uint64_t line)
{
	size_t at = m->gbuf.len;
	if (buf_adds(&m->gbuf, name) < 0 || buf_addc(&m->gbuf, '\0') < 0 ||
	    buf_add(&m->gbuf, v, n) < 0 || buf_addc(&m->gbuf, '\0') < 0) {
		m->gbuf.len = at;
		if (!m->warned_group++)
			pctx_warn_line(m->c, line, "<%s> longer than the record "
				       "limit; the rest of it was dropped", m->group->element);
		m->partial = 1;
	}
}

/* ---- leaves ------------------------------------------------------------ */

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Split "a, b,c" and store each item under field. */
static void
put_split(struct meta *m, const char *field, const char *v, size_t n, uint64_t line)
{
	size_t i = 0;
	while (i < n) {
		size_t a = i;
		while (i < n && v[i] != ',')
			i++;
		size_t b = i;
		while (a < b && is_space(v[a]))
			a++;
		while (b > a && is_space(v[b - 1]))
			b--;
		put(m, field, v + a, b - a, line);
		i++;
	}
}

/* A certificate body or a secret is never kept, only its presence. */
static int
is_secret(const char *local, const char *v, size_t n)
{
	if (strcmp(local, "consumerSecret") == 0 || strcmp(local, "privateKey") == 0)
		return 1;
	return strcmp(local, "certificate") == 0 &&
	       (n > 255 || mem_find_ci(v, n, "-----BEGIN") != NULL);
}

static void
on_leaf(struct meta *m, const char *local, const char *v, size_t n, uint64_t line)
{
	const char *path = m->path.data ? m->path.data : "";
	const struct leaf_rule *lr = leaf_for(m->rule->shape, path);
	if ((lr && lr->act == L_PRESENT) || is_secret(local, v, n)) {
		if (n)
			put_path(m, path, "present", strlen("present"), line);
		return;
	}
	if (m->text_cut && !m->warned_value++)
		pctx_warn_line(m->c, line, "<%s> longer than %d bytes; cut", local, VALUE_MAX);
	if (m->text_cut)
		m->partial = 1;
	if (lr == NULL) {
		put_path(m, path, v, n, line);
		return;
	}
	switch (lr->act) {
	case L_APP:
		put(m, "app", v, n, line);
		break;
	case L_PLUGIN:
		m->plugin = m->plugin || n > 0;
		break;
	case L_RUN_AS:
		if (n) {
			m->run_as = 1;
			put(m, lr->field, v, n, line);
		}
		break;
	case L_RENAME:
		put(m, lr->field, v, n, line);
		return;
	case L_SPLIT:
		put_split(m, lr->field, v, n, line);
		break;
	case L_NONE_IF_EMPTY:
		if (n == 0)
			put_path(m, path, "none", strlen("none"), line);
		break;
	case L_PRESENT:
		break;
	}
	put_path(m, path, v, n, line);
}

/* ---- reader events ----------------------------------------------------- */

static void
add_text(struct meta *m, const char *s, size_t n)
{
	if (!m->collect || m->text_cut || s == NULL)
		return;
	size_t room = VALUE_MAX - m->text.len;
	if (n > room) {
		/* cut at a character boundary */
		while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
			room--;
		n = room;
		m->text_cut = 1;
	}
	(void)buf_add(&m->text, s, n);
}

/* The collected text without surrounding white space. */
static const char *
trimmed(struct meta *m, size_t *n)
{
	const char *s = m->text.data ? m->text.data : "";
	size_t a = 0, b = m->text.len;
	while (a < b && is_space(s[a]))
		a++;
	while (b > a && is_space(s[b - 1]))
		b--;
	*n = b - a;
	return s + a;
}

static void
on_start(struct meta *m, xmlTextReaderPtr r, int d)
{
	const char *local = (const char *)xmlTextReaderConstLocalName(r);
	if (local == NULL)
		local = "";
	buf_reset(&m->text);
	m->text_cut = 0;
	if (d == 0) {
		uint64_t line = node_line(r);
		/* the declaration node knows no line of its own: name the root's */
		if (m->doctype)
			pctx_warn_line(m->c, line, "document type declaration before the "
				       "root element ignored (no DTD is loaded, no entity "
				       "is expanded)");
		if (!m->open)
			begin_record(m, local, line);
		m->has_child[0] = 0;
		m->collect = 0;
		return;
	}
	m->has_child[d - 1] = 1;
	m->has_child[d] = 0;
	m->path_len[d] = m->path.len;
	if (m->path_over == 0 &&
	    ((d > 1 && buf_addc(&m->path, '.') < 0) || buf_adds(&m->path, local) < 0))
		m->path_over = d;
	if (d == 1) {
		m->group = group_for(m->rule->shape, local);
		buf_reset(&m->gbuf);
		if (m->group && m->group->kind == G_SKIP)
			m->skipped++;
	}
	/* text is kept for plain leaves and for the direct children of a
	 * group; nothing inside a skipped element is kept */
	m->collect = m->group == NULL || (m->group->kind != G_SKIP && d == 2);
}

static void
on_end(struct meta *m, xmlTextReaderPtr r, int d)
{
	if (d == 0) {
		m->complete = 1;
		return;
	}
	const char *local = (const char *)xmlTextReaderConstLocalName(r);
	uint64_t line = node_line(r);
	int leaf = !m->has_child[d];
	size_t n;
	const char *v = trimmed(m, &n);
	if (m->path_over && m->path_over <= d) {
		if (leaf && !m->warned_path++)
			pctx_warn_line(m->c, line, "element path longer than %d bytes; "
				       "not kept", PATH_MAX_LEN);
		m->partial = m->partial || leaf;
	} else if (m->group && d == 2 && leaf && m->collect) {
		group_add(m, local ? local : "", v, n, line);
	} else if (m->group && d == 1) {
		emit_group(m, line);
	} else if (m->group == NULL && leaf) {
		on_leaf(m, local ? local : "", v, n, line);
	}
	if (m->path_over == d)
		m->path_over = 0;
	m->path.len = m->path_len[d];
	if (m->path.data)
		m->path.data[m->path.len] = '\0';
	if (d == 1)
		m->group = NULL;
	buf_reset(&m->text);
	m->text_cut = 0;
}

static void
on_entity(struct meta *m, xmlTextReaderPtr r)
{
	/* never expanded: the value around it is incomplete */
	if (m->entities++ == 0) {
		m->entity_line = node_line(r);
		pctx_warn_line(m->c, m->entity_line, "entity reference &%s; not expanded",
			       (const char *)xmlTextReaderConstName(r));
	}
	m->partial = 1;
}

/* One node of the reader; returns -1 to stop reading. */
static int
on_node(struct meta *m, xmlTextReaderPtr r)
{
	int type = xmlTextReaderNodeType(r);
	int d = xmlTextReaderDepth(r);
	if (d > MAX_DEPTH) {
		pctx_warn_line(m->c, node_line(r), "XML nested deeper than %d levels; "
			       "the rest was not read", MAX_DEPTH);
		m->errors++;
		return -1;
	}
	switch (type) {
	case XML_READER_TYPE_ELEMENT:
		on_start(m, r, d);
		if (xmlTextReaderIsEmptyElement(r))
			on_end(m, r, d);
		break;
	case XML_READER_TYPE_END_ELEMENT:
		on_end(m, r, d);
		break;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
		const char *s = (const char *)xmlTextReaderConstValue(r);
		if (s)
			add_text(m, s, strlen(s));
		break;
	}
	case XML_READER_TYPE_ENTITY_REFERENCE:
		on_entity(m, r);
		break;
	case XML_READER_TYPE_DOCUMENT_TYPE:
		m->doctype = 1;
		break;
	default:
		break;
	}
	return 0;
}

/* ---- the end: computed fields ------------------------------------------ */

static void
put_count(struct meta *m, const char *key, uint64_t n)
{
	char num[24];
	snprintf(num, sizeof(num), "%llu", (unsigned long long)n);
	rec_set_str(m->c->store, key, num);
}

/* Fields that need the whole document; outside the field cap. */
static void
finish_record(struct meta *m)
{
	enum shape sh = m->rule->shape;
	/* a handler with no execution user runs as the Automated Process
	 * user; only say so when the whole document was read */
	if (sh == SH_CONNECTED_APP && m->complete && m->plugin && !m->run_as)
		rec_set_str(m->c->store, "runAsBlank", "true");
	if (sh == SH_PROFILE || sh == SH_PERMS) {
		put_count(m, "objects", m->objects);
		put_count(m, "fields", m->fields);
		put_count(m, "skippedElements", m->skipped);
	}
	if (m->entities > 1)
		pctx_warn_line(m->c, m->entity_line, "%llu entity references in all "
			       "were not expanded", (unsigned long long)m->entities);
	store_end(m->c->store);
	m->open = 0;
}

/* ---- libxml2 glue ------------------------------------------------------ */

/* Emit the held libxml2 message, if any. */
static void
flush_xml_msg(struct meta *m)
{
	if (m->xmsg == NULL)
		return;
	char times[40] = "";
	if (m->xrepeats)
		snprintf(times, sizeof(times), " (%u more times)", m->xrepeats);
	pctx_warn_line(m->c, m->xline, "%s: %s%s",
		       m->xerr ? "invalid XML" : "XML warning", m->xmsg, times);
	free(m->xmsg);
	m->xmsg = NULL;
	m->xrepeats = 0;
}

/* libxml2's messages become warnings on the entry, with their line.  A
 * message is held until the next one: libxml2 repeats an error once per
 * entity level (billion laughs), and such a run becomes one warning at
 * the last line known. */
static void
xml_error(void *arg, const char *msg, xmlParserSeverities sev,
	  xmlTextReaderLocatorPtr loc)
{
	struct meta *m = arg;
	int line = xmlTextReaderLocatorLineNumber(loc);
	char *s = xstrdup(msg ? msg : "XML error");
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	int err = sev == XML_PARSER_SEVERITY_ERROR ||
		  sev == XML_PARSER_SEVERITY_VALIDITY_ERROR;
	m->errors += err;
	if (m->xmsg && m->xerr == err && strcmp(m->xmsg, s) == 0) {
		m->xrepeats++;
		if (line > 0)
			m->xline = (uint64_t)line;
		free(s);
		return;
	}
	flush_xml_msg(m);
	m->xmsg = s;
	m->xerr = err;
	m->xline = line > 0 ? (uint64_t)line : 0;
}

static void
meta_init(struct meta *m, struct parse_ctx *c)
{
	memset(m, 0, sizeof(*m));
	m->c = c;
	m->rule = &other_root;
	buf_init(&m->path, PATH_MAX_LEN);
	buf_init(&m->text, VALUE_MAX + 1);
	/* room for "Type:Member", "object." + a value, root + "." + path */
	buf_init(&m->key, 2 * VALUE_MAX + PATH_MAX_LEN + 16);
	uint64_t rb = c->opt ? c->opt->limits.record_bytes : 0;
	buf_init(&m->gbuf, rb && rb < SIZE_MAX ? (size_t)rb : 64u << 20);
}

static void
meta_free(struct meta *m)
{
	buf_free(&m->path);
	buf_free(&m->text);
	buf_free(&m->key);
	buf_free(&m->gbuf);
	free(m->root);
	free(m->file_name);
	free(m->xmsg);
}

/* The entry's status once the reader has stopped (ret: its last result). */
static enum input_status
grade(struct meta *m, int ret, int emitted)
{
	if (ret < 0 && m->errors == 0) {
		pctx_warn_offset(m->c, m->c->stream->pos, "invalid XML");
		m->errors++;
	}
	if (m->errors)
		return emitted ? ST_PARTIAL : ST_ERROR;
	if (!emitted) {
		pctx_warn_offset(m->c, 0, "no root element");
		return ST_ERROR;
	}
	return m->partial ? ST_PARTIAL : ST_OK;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	(void)format;	/* the root element read decides, as the bid did */
	xmlTextReaderPtr r = pctx_xml_reader(c);	/* no entity, nothing loaded */
	if (r == NULL)
		return ST_ERROR;
	struct meta m;
	meta_init(&m, c);
	xmlTextReaderSetErrorHandler(r, xml_error, &m);
	int ret;
	while ((ret = xmlTextReaderRead(r)) == 1)
		if (on_node(&m, r) < 0)
			break;
	flush_xml_msg(&m);
	if (m.open && !m.complete) {
		int at = xmlTextReaderGetParserLineNumber(r);
		pctx_warn_line(c, at > 0 ? (uint64_t)at : 0, "<%s> is not complete: "
			       "what follows this line is missing from the record", m.root);
	}
	xmlFreeTextReader(r);
	int emitted = m.open;
	if (m.open)
		finish_record(&m);
	enum input_status st = grade(&m, ret, emitted);
	meta_free(&m);
	return st;
}

static const char *const formats_list[] = {
	"sf.connected_app", "sf.profile", "sf.package", "sf.metadata",
	NULL,
};

const struct parser parser_salesforce_metadata = {
	.name = "salesforce-metadata",
	.description = "Salesforce Metadata API XML (package.xml, ConnectedApp, "
		       "Profile, PermissionSet, ...), retrieve zip or SFDX layout",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
