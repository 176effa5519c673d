/*
 * powerplatform.c - Power Platform admin exports, as JSON (PowerShell's
 * ConvertTo-Json of Get-DlpPolicy / Get-AdminDlpPolicy and
 * Get-AdminPowerAppEnvironment, or the admin API's {"value": [...]}).
 *
 * Kinds:
 *   pp.dlp_policy   a data policy: name, environmentType, lastModified,
 *                   blockedConnector (repeated: each connector the policy
 *                   puts in its Blocked group, by name and by id), and
 *                   businessConnector / nonBusinessConnector likewise
 *   pp.environment  an environment: name, displayName, environmentType,
 *                   isDefault, location, created
 *
 * Both are facts.  A Blocked Salesforce connector is what CFS-03 / CFS-04
 * come down to (KNOWLEDGE.md); a missing msdyn_viva environment is CFS-16.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "jsonutil.h"
#include "parse.h"
#include "parser.h"
#include "store.h"

static const char *const record_paths[] = {"/value", NULL};

static int
has_any_key(const struct sniff *s, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++)
		if (sniff_has_key(s, keys[i]))
			return 1;
	return 0;
}

static const char *const dlp_keys[] = {
	"connectorGroups", "BusinessDataGroup", "NonBusinessDataGroup", "BlockedGroup",
	"policyDefinition", "defaultConnectorsClassification", NULL,
};
static const char *const env_keys[] = {"EnvironmentName", "environmentSku", NULL};

static int
bid(const struct sniff *s, const char **format)
{
	if (s->json == JSON_NONE)
		return 0;
	if (has_any_key(s, dlp_keys)) {
		*format = "pp.dlp_policy.json";
		return 70;
	}
	if (has_any_key(s, env_keys) &&
	    (sniff_has_key(s, "EnvironmentType") || sniff_has_key(s, "environmentType") ||
	     sniff_has_key(s, "environmentSku") || sniff_has_key(s, "IsDefault"))) {
		*format = "pp.environment.json";
		return 70;
	}
	return 0;
}


/* Every connector of a group, by name and by the last part of its id
 * ("/providers/Microsoft.PowerApps/apis/shared_salesforce" ->
 * "shared_salesforce"). */
static void
connectors(struct store *st, const char *field, const cJSON *list)
{
	for (const cJSON *c = cJSON_IsArray(list) ? list->child : NULL; c; c = c->next) {
		const char *name = json_member_str(c, "name");
		const char *id = json_member_str(c, "id");
		if (name)
			rec_set_str(st, field, name);
		if (id) {
			const char *slash = strrchr(id, '/');
			rec_set_str(st, field, slash ? slash + 1 : id);
		}
	}
}

static void
dlp_policy(struct store *st, const cJSON *o)
{
	/* the admin API's current shape wraps the policy in policyDefinition,
	 * single ({"policyDefinition": ...}) and in lists ({"value": [...]}) */
	const cJSON *def = json_member(o, "policyDefinition");
	if (cJSON_IsObject(def))
		o = def;
	const char *name = json_member_str(o, "displayName");
	if (name == NULL)
		name = json_member_str(o, "DisplayName");
	rec_set_str(st, "name", name);
	rec_set_str(st, "id", json_member_str(o, "name"));
	rec_set_str(st, "environmentType", json_member_str(o, "environmentType"));
	const char *when = json_member_str(o, "lastModifiedTime");
	rec_set_str(st, "lastModified", when ? when : json_member_str(o, "LastModifiedTime"));
	rec_set_str(st, "defaultClassification", json_member_str(o, "defaultConnectorsClassification"));
	/* the environments the policy covers (or, with ExceptEnvironments,
	 * does not) */
	const cJSON *envs = json_member(o, "environments");
	for (const cJSON *e = cJSON_IsArray(envs) ? envs->child : NULL; e; e = e->next)
		rec_set_str(st, "environment", json_member_str(e, "name"));
	/* the current shape: connectorGroups[] with a classification */
	const cJSON *groups = json_member(o, "connectorGroups");
	for (const cJSON *g = cJSON_IsArray(groups) ? groups->child : NULL; g; g = g->next) {
		const char *cls = json_member_str(g, "classification");
		const char *field = cls == NULL ? NULL :
				    strcasecmp(cls, "Blocked") == 0 ? "blockedConnector" :
				    strcasecmp(cls, "Confidential") == 0 ? "businessConnector" :
				    strcasecmp(cls, "General") == 0 ? "nonBusinessConnector" : NULL;
		if (field)
			connectors(st, field, json_member(g, "connectors"));
	}
	/* the older shape: one member per group */
	static const struct {
		const char *group, *field;
	} old[] = {
		{"BlockedGroup", "blockedConnector"},
		{"BusinessDataGroup", "businessConnector"},
		{"NonBusinessDataGroup", "nonBusinessConnector"},
	};
	for (size_t i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
		const cJSON *g = json_member(o, old[i].group);
		connectors(st, old[i].field, cJSON_IsArray(g) ? g : json_member(g, "connectors"));
	}
}

static void
environment(struct store *st, const cJSON *o)
{
	const cJSON *props = json_member(o, "properties");
	const char *name = json_member_str(o, "EnvironmentName");
	rec_set_str(st, "name", name ? name : json_member_str(o, "name"));
	const char *display = json_member_str(o, "DisplayName");
	rec_set_str(st, "displayName", display ? display : json_member_str(props, "displayName"));
	const char *type = json_member_str(o, "EnvironmentType");
	rec_set_str(st, "environmentType", type ? type : json_member_str(props, "environmentSku"));
	const cJSON *def = json_member(o, "IsDefault");
	if (def == NULL)
		def = json_member(props, "isDefault");
	if (cJSON_IsBool(def))
		rec_set_str(st, "isDefault", cJSON_IsTrue(def) ? "true" : "false");
	const char *loc = json_member_str(o, "Location");
	rec_set_str(st, "location", loc ? loc : json_member_str(o, "location"));
	const char *created = json_member_str(o, "CreatedTime");
	rec_set_str(st, "created", created ? created : json_member_str(props, "createdTime"));
}

static int
on_record(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	const char *kind = ud;
	if (!cJSON_IsObject(item))
		return 0;
	struct store *st = c->store;
	store_begin(st, c->input_id, kind);
	if (r->pointer[0])
		rec_set_pointer(st, r->pointer);
	rec_set_line(st, r->line);
	if (strcmp(kind, "pp.dlp_policy") == 0)
		dlp_policy(st, item);
	else
		environment(st, item);
	store_end(st);
	return 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	const char *kind = strncmp(format, "pp.dlp_policy", 13) == 0 ? "pp.dlp_policy"
								     : "pp.environment";
	return parse_json_records(c, kind, record_paths, on_record, (void *)kind);
}

static const char *const formats_list[] = {
	"pp.dlp_policy.json", "pp.environment.json",
	NULL,
};

const struct parser parser_powerplatform = {
	"power-platform",
	"Power Platform admin exports: data (DLP) policies and environments (JSON)",
	bid,
	parse,
	.formats = formats_list,
};
