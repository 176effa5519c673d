/*
 * salesforce_metadata.c - Salesforce Metadata API XML, both layouts
 * (retrieve zips: X.connectedApp; SFDX source: X.connectedApp-meta.xml).
 * Recognised by the root element in the Metadata namespace, never by path.
 */
#include "config.h"

#include <string.h>

#include "parse.h"

#define SF_NS "http://soap.sforce.com/2006/04/metadata"

static const struct {
	const char *root;
	const char *kind;
} roots[] = {
	{"Package", "sf.package"},
	{"ConnectedApp", "sf.connected_app"},
	{"Profile", "sf.profile"},
	{"PermissionSet", "sf.permission_set"},
	{"PermissionSetGroup", "sf.permission_set_group"},
	{"MutingPermissionSet", "sf.permission_set"},
	{"ConnectedAppSettings", "sf.connected_app_settings"},
	{"ExternalClientApplication", "sf.external_client_app"},
	{"ExtlClntAppOauthConfigurablePolicies", "sf.external_client_app_policy"},
	{"ExtlClntAppOauthSettings", "sf.external_client_app_settings"},
	{"CustomPermission", "sf.custom_permission"},
};

static const char *
kind_for(const char *root)
{
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		if (strcmp(roots[i].root, root) == 0)
			return roots[i].kind;
	return NULL;
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

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	return parse_xml_document(c, format);
}

const struct parser parser_salesforce_metadata = {
	.name = "salesforce-metadata",
	.description = "Salesforce Metadata API XML (package.xml, ConnectedApp, "
		       "Profile, PermissionSet, ...), retrieve zip or SFDX layout",
	.bid = bid,
	.parse = parse,
};
