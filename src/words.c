/* words.c - the names people know (words.h). */
#include "config.h"

#include "words.h"

#include <string.h>

static const char *const owners[][2] = {
	{"salesforce-admin", "Salesforce admin"},
	{"entra-admin", "Microsoft Entra admin"},
	{"exchange-admin", "Exchange Online / Microsoft 365 admin"},
	{"powerplatform-admin", "Power Platform admin"},
	{"end-user", "end user"},
	{"vendor", "vendor support (Microsoft or Salesforce)"},
};
#define NOWNERS (sizeof(owners) / sizeof(owners[0]))

size_t
owner_count(void)
{
	return NOWNERS;
}

const char *
owner_id(size_t i)
{
	return i < NOWNERS ? owners[i][0] : NULL;
}

const char *
owner_label(const char *owner)
{
	for (size_t i = 0; i < NOWNERS; i++)
		if (strcmp(owner, owners[i][0]) == 0)
			return owners[i][1];
	return owner;
}

int
owner_valid(const char *owner)
{
	for (size_t i = 0; i < NOWNERS; i++)
		if (strcmp(owner, owners[i][0]) == 0)
			return 1;
	return 0;
}

/* Record kinds (and the export names rules ask for), longest match of a
 * prefix ending at a dot or the end: "sf.login_history.csv" finds
 * "sf.login_history" before "sf". */
static const struct {
	const char *kind;
	const char *name;
} exports[] = {
	/* Salesforce */
	{"sf.setup_audit", "Setup Audit Trail (CSV download)"},
	{"sf.login", "Login History (CSV download)"},
	{"sf.login_history", "Login History (CSV download)"},
	{"sf.user", "User export (Data Loader or SOQL on User)"},
	{"sf.user_login", "UserLogin export (frozen users)"},
	{"sf.user_license", "User Licenses (Setup > Company Information)"},
	{"sf.profile", "profile metadata"},
	{"sf.permission_set", "permission set metadata"},
	{"sf.permission_set_group", "permission set group metadata"},
	{"sf.permset_assignment", "PermissionSetAssignment export"},
	{"sf.permset_license_assignment", "PermissionSetLicenseAssign export"},
	{"sf.connected_app", "connected app metadata"},
	{"sf.connected_app_settings", "connected app OAuth policies (Manage Connected Apps)"},
	{"sf.connected_app_usage", "Connected Apps OAuth Usage (CSV)"},
	{"sf.oauth_usage", "Connected Apps OAuth Usage (CSV)"},
	{"sf.oauth_token", "OauthToken export"},
	{"sf.external_client_app", "external client app metadata"},
	{"sf.external_client_app_policy", "external client app policies"},
	{"sf.external_client_app_settings", "external client app settings"},
	{"sf.setup_entity_access", "SetupEntityAccess export"},
	{"sf.custom_permission", "custom permission metadata"},
	{"sf.organization", "Organization export (SOQL on Organization)"},
	{"sf.metadata", "Salesforce metadata (retrieve)"},
	{"sf.package", "package.xml"},
	{"sf.object", "object metadata"},
	{"sf.api", "Salesforce API response"},
	{"sf.event", "Event Log File"},
	{"sf.elf", "Event Log File"},
	{"sf.soql", "SOQL query result"},
	{"sf.data", "Salesforce data export"},
	{"sf.row", "Salesforce data export"},
	{"sf", "Salesforce export"},
	/* Microsoft Entra */
	{"entra.signin", "Entra sign-in log"},
	{"entra.audit", "Entra audit log"},
	{"entra.diagnostic", "Entra diagnostic log"},
	{"entra.user", "Entra user (Graph /users)"},
	{"entra.service_principal", "enterprise application (Graph servicePrincipals)"},
	{"entra.application", "app registration (Graph applications)"},
	{"entra.app_role_assignment", "app role assignments (Graph)"},
	{"entra.oauth2_grant", "consent grants (Graph oauth2PermissionGrants)"},
	{"entra.subscribed_sku", "subscribed licences (Graph subscribedSkus)"},
	{"entra.license_details", "licence details (Graph licenseDetails)"},
	{"entra.ca_policy", "Conditional Access policies (Graph)"},
	{"entra.authorization_policy", "authorization policy (Graph)"},
	{"entra.identity_security_defaults_enforcement_policy", "security defaults (Graph)"},
	{"entra.group_member", "group members (Graph or Get-MgGroupMember)"},
	{"entra.domain", "domains (Graph /domains)"},
	{"entra.graph", "Microsoft Graph export"},
	{"entra.object", "Microsoft Graph export"},
	{"entra", "Microsoft Entra export"},
	/* Microsoft 365, Exchange, Power Platform */
	{"m365.audit", "Microsoft 365 audit log (Purview)"},
	{"m365", "Microsoft 365 export"},
	{"exchange.app", "Get-App (add-ins)"},
	{"exchange.cas_mailbox", "Get-CASMailbox"},
	{"exchange.mailbox", "Get-Mailbox"},
	{"exchange.recipient", "Get-Recipient"},
	{"exchange.org_config", "Get-OrganizationConfig"},
	{"exchange.owa_policy", "Get-OwaMailboxPolicy"},
	{"exchange.role_assignment", "Get-ManagementRoleAssignment"},
	{"exchange.role_assignment_policy", "Get-RoleAssignmentPolicy"},
	{"exchange", "Exchange Online PowerShell output"},
	{"pp.dlp_policy", "Power Platform data policy"},
	{"pp.environment", "Power Platform environments"},
	{"pp.tenant_settings", "Power Platform tenant settings"},
	{"pp", "Power Platform export"},
	/* clients */
	{"addin.log", "add-in log"},
	{"addin.client_log", "add-in client log"},
	{"addin.runtime_log", "Office add-in runtime log"},
	{"addin.console", "browser console"},
	{"addin.diagnostics", "add-in diagnostics"},
	{"addin.sfo_trace", "Salesforce for Outlook trace log"},
	{"addin", "add-in log"},
	{"http.exchange", "HAR capture"},
	{"http", "HAR capture"},
	{"windows.registry", "registry export (reg query or .reg)"},
	{"windows.reg", "registry export (reg query or .reg)"},
	{"windows.event", "Windows event log"},
	{"windows", "Windows export"},
	{"browser.policy", "browser policies (edge://policy)"},
	{"browser", "browser export"},
	{"ps.transcript", "PowerShell transcript"},
	{"ps.authentication_policy", "Get-AuthenticationPolicy"},
	{"ps", "PowerShell output"},
	/* tickets and anything else */
	{"ticket.note", "ticket"},
	{"ticket.comment", "ticket comment"},
	{"ticket.user", "help desk user list"},
	{"ticket", "ticket"},
	{"log", "log"},
	{"generic.json", "JSON file"},
	{"generic.csv", "CSV file"},
	{"generic.xml", "XML file"},
	{"generic.text", "text file"},
	{"generic.object", "JSON file"},
	{"generic", "file"},
	{"model", "what the exports show together"},
};

const char *
export_name(const char *kind)
{
	if (kind == NULL)
		return "";
	const char *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < sizeof(exports) / sizeof(exports[0]); i++) {
		size_t n = strlen(exports[i].kind);
		if (n > best_len && strncmp(kind, exports[i].kind, n) == 0 &&
		    (kind[n] == '\0' || kind[n] == '.')) {
			best = exports[i].name;
			best_len = n;
		}
	}
	return best ? best : kind;
}
