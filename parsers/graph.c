/*
 * graph.c - Microsoft Graph objects of any entity type, as Graph, Graph
 * Explorer and Graph PowerShell (ConvertTo-Json of Get-Mg*) give them:
 * single objects ("@odata.context": "...$metadata#users/$entity") and
 * collections ({"value": [...]}, or a bare array).
 *
 * The entity type comes from each object's "@odata.type"
 * ("#microsoft.graph.user"), else from "@odata.context" ("#users",
 * "#users('...')/licenseDetails", "#domains"), else from the keys an
 * object has (a user has a userPrincipalName and accountEnabled or
 * assignedLicenses; a domain isVerified; a SKU has a skuPartNumber and
 * prepaidUnits).  Records are facts named by it: entra.user,
 * entra.group, entra.domain, entra.subscribed_sku, entra.license_details,
 * entra.organization, entra.named_location, entra.application,
 * entra.directory_role, ... (the types entra.c reads - sign-ins, audits,
 * service principals, role assignments, grants, members, CA policies -
 * stay its own).
 *
 * Every field is kept, flattened, with Graph's spelling whatever wrote it
 * (flatten.h, FLAT_CAMEL): accountEnabled, assignedLicenses.skuId,
 * licenseAssignmentStates.state / .error, passwordPolicies,
 * lastPasswordChangeDateTime, passwordValidityPeriodInDays, ...  The
 * user field is the object's userPrincipalName (else its mail).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fieldmap.h"
#include "flatten.h"
#include "jsonutil.h"
#include "parse.h"
#include "parser.h"

static const char *const record_paths[] = {"/value", NULL};

/* Key signatures of the common entity types, for objects that do not say
 * their type; keys compared without case. */
static const struct {
	const char *entity;
	const char *must;	/* a key the object has */
	const char *any[4];	/* and one of these */
} signatures[] = {
	{"user", "userPrincipalName", {"accountEnabled", "assignedLicenses", "userType",
				       "givenName"}},
	{"subscribedSku", "skuPartNumber", {"prepaidUnits", "consumedUnits", "capabilityStatus",
					    NULL}},
	{"licenseDetails", "skuPartNumber", {"servicePlans", NULL, NULL, NULL}},
	{"domain", "isVerified", {"authenticationType", "passwordValidityPeriodInDays",
				  "isDefault", "supportedServices"}},
	{"organization", "verifiedDomains", {"tenantType", "displayName", NULL, NULL}},
	{"group", "securityEnabled", {"mailEnabled", "groupTypes", NULL, NULL}},
	{"namedLocation", "isTrusted", {"ipRanges", NULL, NULL, NULL}},
	{"namedLocation", "countriesAndRegions", {"includeUnknownCountriesAndRegions", NULL,
						  NULL, NULL}},
	{"application", "signInAudience", {"appId", NULL, NULL, NULL}},
	{"directoryRole", "roleTemplateId", {"displayName", NULL, NULL, NULL}},
};

/* Types entra.c reads: not bid on here. */
static const char *const entra_types[] = {
	"signIn", "directoryAudit", "servicePrincipal", "appRoleAssignment",
	"oAuth2PermissionGrant", "conditionalAccessPolicy", "authorizationPolicy", NULL,
};

static int
any_key(const struct sniff *s, const char *key)
{
	for (size_t i = 0; i < s->nall_keys; i++)
		if (strcasecmp(s->all_keys[i], key) == 0)
			return 1;
	return 0;
}

/* The entity an @odata.context names: "...$metadata#users('x')/licenseDetails"
 * -> "licenseDetails"; "#users/$entity" -> "user" (out: singular). */
static int
context_entity(const char *ctx, char *out, size_t cap)
{
	const char *h = strchr(ctx, '#');
	if (h == NULL)
		return 0;
	h++;
	char seg[128] = "";
	/* the last path segment that is not $entity, without (...) */
	for (const char *p = h; *p;) {
		size_t k = strcspn(p, "/");
		if (k && !(k >= 7 && strncmp(p, "$entity", 7) == 0)) {
			size_t j = 0;
			for (size_t i = 0; i < k && j + 1 < sizeof(seg); i++) {
				if (p[i] == '(')
					break;
				seg[j++] = p[i];
			}
			seg[j] = '\0';
		}
		p += k;
		if (*p == '/')
			p++;
	}
	size_t n = strlen(seg);
	if (n == 0)
		return 0;
	/* singular: users -> user, policies -> policy, licenseDetails stays */
	if (n > 3 && strcmp(seg + n - 3, "ies") == 0) {
		seg[n - 3] = 'y';
		seg[n - 2] = '\0';
	} else if (n > 1 && seg[n - 1] == 's' && strcmp(seg, "licenseDetails") != 0 &&
		   strcmp(seg, "directoryObjects") != 0) {
		seg[n - 1] = '\0';
	}
	snprintf(out, cap, "%s", seg);
	return 1;
}

/* "servicePrincipal" -> "entra.service_principal". */
static void
kind_of_entity(const char *entity, char *out, size_t cap)
{
	size_t k = (size_t)snprintf(out, cap, "entra.");
	for (const char *p = entity; *p && k + 2 < cap; p++) {
		if (isupper((unsigned char)*p)) {
			if (p != entity && k + 2 < cap)
				out[k++] = '_';
			out[k++] = (char)tolower((unsigned char)*p);
		} else {
			out[k++] = *p;
		}
	}
	out[k] = '\0';
}

static int
is_entra_type(const char *entity)
{
	for (size_t i = 0; entra_types[i]; i++)
		if (strcasecmp(entity, entra_types[i]) == 0)
			return 1;
	return 0;
}

/* The entity of one object: its @odata.type, else the keys it has. */
static const char *
object_entity(const cJSON *o, const char *context, char *buf, size_t cap)
{
	const char *t = json_member_str(o, "@odata.type");
	if (t) {
		const char *dot = strrchr(t, '.');
		snprintf(buf, cap, "%s", dot ? dot + 1 : t);
		return buf;
	}
	for (size_t i = 0; i < sizeof(signatures) / sizeof(signatures[0]); i++) {
		if (!json_member(o, signatures[i].must))
			continue;
		for (size_t k = 0; k < 4 && signatures[i].any[k]; k++)
			if (json_member(o, signatures[i].any[k]))
				return signatures[i].entity;
	}
	return context && context[0] ? context : NULL;
}

static int
bid(const struct sniff *s, const char **format)
{
	if (s->json == JSON_NONE)
		return 0;
	char entity[128] = "";
	int found = 0;
	if (sniff_contains(s, "@odata.context") || sniff_contains(s, "@odata.type")) {
		found = 1;
		const char *ctx = strstr(s->text, "$metadata#");
		if (ctx && context_entity(ctx, entity, sizeof(entity)) && is_entra_type(entity))
			return 0;
	}
	for (size_t i = 0; !found && i < sizeof(signatures) / sizeof(signatures[0]); i++) {
		if (!any_key(s, signatures[i].must))
			continue;
		for (size_t k = 0; k < 4 && signatures[i].any[k]; k++)
			if (any_key(s, signatures[i].any[k]))
				found = 1;
	}
	if (!found)
		return 0;
	*format = "entra.graph";
	return 50;
}

struct gjob {
	struct flat flat;
	char context[128];	/* the collection's entity */
	int context_read;
};

static int
on_json(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	struct gjob *j = ud;
	if (!cJSON_IsObject(item))
		return 0;
	const char *ctx = json_member_str(item, "@odata.context");
	if (ctx && !j->context_read) {
		(void)context_entity(ctx, j->context, sizeof(j->context));
		j->context_read = 1;
	}
	/* a collection that was not cut into records by its /value */
	const cJSON *value = json_member(item, "value");
	if (cJSON_IsArray(value) && ctx) {
		for (const cJSON *it = value->child; it; it = it->next)
			(void)on_json(c, it, r, ud);
		return 0;
	}
	char buf[128];
	const char *entity = object_entity(item, j->context, buf, sizeof(buf));
	char kind[160];
	kind_of_entity(entity ? entity : "object", kind, sizeof(kind));
	flat_json(&j->flat, item);
	struct store *st = c->store;
	store_begin(st, c->input_id, kind);
	rec_set_line(st, r->line);
	if (r->pointer[0])
		rec_set_pointer(st, r->pointer);
	for (size_t i = 0; i < j->flat.n; i++) {
		const char *name = flat_name(&j->flat, i);
		if (name[0] == '@')
			continue;	/* @odata.* bookkeeping */
		const char *v = flat_value(&j->flat, i);
		flat_set_field(st, name, v, strlen(v));
	}
	/* an empty list says something ("assignedLicenses": [] is a user
	 * without a licence): kept as "[]" */
	for (const cJSON *m = item->child; m; m = m->next)
		if (m->string && m->string[0] != '@' && cJSON_IsArray(m) && m->child == NULL)
			flat_set_field(st, m->string, "[]", 2);
	const char *upn = flat_get(&j->flat, "userPrincipalName");
	if (upn == NULL && strcmp(kind, "entra.user") == 0)
		upn = flat_get(&j->flat, "mail");
	if (upn && strchr(upn, '@'))
		rec_set_str(st, "user", upn);
	const char *tid = flat_get(&j->flat, "tenantId");
	if (tid)
		rec_set_str(st, "tenant", tid);
	store_end(st);
	/* an entity that records a failure (a provisioning event's
	 * errorInformation, a status of "failure") is also an error seen */
	struct roles rs;
	roles_init(&rs);
	for (size_t i = 0; i < j->flat.n; i++) {
		const char *name = flat_name(&j->flat, i);
		if (name[0] != '@') {
			const char *v = flat_value(&j->flat, i);
			roles_offer(&rs, name, v, strlen(v));
		}
	}
	(void)roles_error_event(c, &rs, r->line, r->pointer, "graph", kind);
	return 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	(void)format;
	struct gjob j = {0};
	flat_init(&j.flat, FLAT_CAMEL);
	/* a page's @odata.context is in its envelope, not in the records */
	const unsigned char *head;
	size_t hn = stream_peek(c->stream, SNIFF_BYTES, &head);
	const char *m = hn > 10 ? memmem(head, hn, "$metadata#", 10) : NULL;
	if (m) {
		size_t k = 0;
		char ctx[256];
		while ((size_t)((const unsigned char *)m - head) + k < hn && k + 1 < sizeof(ctx) &&
		       m[k] != '"')
			k++;
		memcpy(ctx, m, k);
		ctx[k] = '\0';
		if (context_entity(ctx, j.context, sizeof(j.context)))
			j.context_read = 1;
	}
	enum input_status st = parse_json_records(c, "entra.object", record_paths, on_json, &j);
	flat_free(&j.flat);
	return st;
}

static const char *const formats_list[] = {"entra.graph", NULL};

const struct parser parser_graph = {
	.name = "graph",
	.description = "Microsoft Graph objects of any entity type (users, groups, "
		       "domains, subscribed SKUs, licence details, organization, ...)",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
