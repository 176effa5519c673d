/* salesforce.c - login status keys, 18-character ids, booleans. */
#include "config.h"

#include "salesforce.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Event Log Files LOGIN_STATUS codes (Salesforce's table, FORMATS.md 2.3). */
static const struct {
	const char *code;
	const char *key;
} codes[] = {
	{"LOGIN_NO_ERROR", "success"},
	{"LOGIN_ERROR_INVALID_PASSWORD", "invalid_password"},
	{"LOGIN_ERROR_SSO_PWD_INVALID", "invalid_password"},
	{"LOGIN_ERROR_INVALID_USERNAME", "invalid_login"},
	{"LOGIN_ERROR_UNKNOWN_ERROR", "invalid_login"},
	{"LOGIN_ERROR_PASSWORD_LOCKOUT", "lockout"},
	{"LOGIN_ERROR_USER_FROZEN", "frozen"},
	{"LOGIN_ERROR_USER_INACTIVE", "inactive"},
	{"LOGIN_ERROR_RESTRICTED_DOMAIN", "restricted_ip"},
	{"LOGIN_OAUTH_INVALID_IP", "restricted_ip"},
	{"LOGIN_ERROR_RESTRICTED_TIME", "login_hours"},
	{"LOGIN_ERROR_EXPORT_RESTRICTED", "restricted_country"},
	{"LOGIN_ERROR_GLOBAL_BLOCK_DOMAIN", "restricted_domain"},
	{"LOGIN_ERROR_ORG_DOMAIN_ONLY", "restricted_domain"},
	{"LOGIN_CHALLENGE_ISSUED", "verification"},
	{"LOGIN_CHALLENGE_PENDING", "verification"},
	{"LOGIN_TWOFACTOR_REQ", "verification"},
	{"LOGIN_LIGHTNING_LOGIN", "verification"},
	{"LOGIN_ERROR_MUST_USE_API_TOKEN", "api_token"},
	{"LOGIN_ERROR_USER_API_ONLY", "api_only"},
	{"LOGIN_ERROR_OUTLOOK_DISABLED", "outlook_disabled"},
	{"LOGIN_OAUTH_API_DISABLED", "oauth_api_disabled"},
	{"LOGIN_OAUTH_CONSUMER_DELETED", "app_deleted"},
	{"LOGIN_OAUTH_PACKAGE_MISSING", "app_not_installed"},
	{"LOGIN_OAUTH_EXCEED_GET_AT_LMT", "token_limit"},
	{"LOGIN_ERROR_RATE_EXCEEDED", "rate_limit"},
	{"LOGIN_ERROR_ORG_LOCKOUT", "org_unavailable"},
	{"LOGIN_ERROR_ORG_SUSPENDED", "org_unavailable"},
	{"LOGIN_ERROR_ORG_INACTIVE", "org_unavailable"},
	{"LOGIN_ERROR_ORG_CLOSED", "org_unavailable"},
	{"LOGIN_SAML_INVALID_USERNAME", "saml_user"},
};

/* Status texts, by meaning: the first rule whose words all appear wins. */
static const struct {
	const char *words[3];
	const char *key;
} texts[] = {
	{{"not approved"}, "not_approved"},
	{{"admin approved"}, "not_approved"},
	{{"oauth approval"}, "approval_error"},
	{{"OAUTH_APP_ACCESS_DENIED"}, "not_approved"},
	{{"OAUTH_APP_BLOCKED"}, "app_blocked"},
	{{"app", "blocked"}, "app_blocked"},
	{{"username-password flow"}, "password_flow_blocked"},
	{{"username password flow"}, "password_flow_blocked"},
	{{"password", "lockout"}, "lockout"},
	{{"locked out"}, "lockout"},
	{{"password", "expired"}, "password_expired"},
	{{"password"}, "invalid_password"},
	{{"frozen"}, "frozen"},
	{{"inactive", "user"}, "inactive"},
	{{"deactivated"}, "inactive"},
	{{"ip address not allowed"}, "restricted_ip"},
	{{"restricted ip"}, "restricted_ip"},
	{{"login hours"}, "login_hours"},
	{{"restricted time"}, "login_hours"},
	{{"restricted country"}, "restricted_country"},
	{{"restricted domain"}, "restricted_domain"},
	{{"activation"}, "verification"},
	{{"verification"}, "verification"},
	{{"two-factor"}, "verification"},
	{{"lightning login"}, "verification"},
	{{"security token"}, "api_token"},
	{{"api-only"}, "api_only"},
	{{"api only"}, "api_only"},
	{{"outlook", "disabled"}, "outlook_disabled"},
	{{"api", "disabled"}, "oauth_api_disabled"},
	{{"consumer deleted"}, "app_deleted"},
	{{"not installed"}, "app_not_installed"},
	{{"token limit"}, "token_limit"},
	{{"rate exceeded"}, "rate_limit"},
	{{"maximum logins"}, "rate_limit"},
	{{"organization", "locked"}, "org_unavailable"},
	{{"organization", "suspended"}, "org_unavailable"},
	{{"organization", "inactive"}, "org_unavailable"},
	{{"organization", "closed"}, "org_unavailable"},
	{{"username or sso id"}, "saml_user"},
	{{"saml"}, "saml"},
	{{"audience invalid"}, "saml"},
	{{"issuer mismatch"}, "saml"},
	{{"assertion expired"}, "saml"},
	{{"signature invalid"}, "saml"},
	{{"invalid timestamp"}, "saml"},
	{{"decryption error"}, "saml"},
	{{"recipient mismatch"}, "saml"},
	{{"invalid login"}, "invalid_login"},
	{{"login invalid"}, "invalid_login"},
	{{"no salesforce"}, "no_access"},
	{{"client update"}, "client_update"},
	{{"insecure channel"}, "insecure_channel"},
	{{"api version"}, "api_version"},
	{{"invalid http method"}, "invalid_http_method"},
	{{"unable to process"}, "failed"},
};

const char *
sf_status_key(const char *text)
{
	if (text == NULL)
		return NULL;
	while (isspace((unsigned char)*text))
		text++;
	if (*text == '\0')
		return NULL;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcasecmp(text, codes[i].code) == 0)
			return codes[i].key;
	size_t n = strlen(text);
	if (strncasecmp(text, "success", 7) == 0)
		return "success";
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		int all = 1;
		for (size_t w = 0; w < 3 && texts[i].words[w]; w++)
			if (mem_find_ci(text, n, texts[i].words[w]) == NULL)
				all = 0;
		if (all)
			return texts[i].key;
	}
	if (strncasecmp(text, "LOGIN_SAML", 10) == 0)
		return "saml";
	if (strncasecmp(text, "LOGIN_", 6) == 0 || strncasecmp(text, "failed", 6) == 0 ||
	    mem_find_ci(text, n, "error") || mem_find_ci(text, n, "invalid"))
		return "failed";
	return "other";
}

char *
sf_id18(const char *id, char *out, size_t outlen)
{
	size_t n = strlen(id);
	int ok = n == 15;
	for (size_t i = 0; ok && i < 15; i++)
		ok = isalnum((unsigned char)id[i]);
	if (!ok || outlen < 19) {
		snprintf(out, outlen, "%s", id);
		return out;
	}
	static const char map[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
	memcpy(out, id, 15);
	for (int chunk = 0; chunk < 3; chunk++) {
		unsigned bits = 0;
		for (int i = 0; i < 5; i++) {
			char ch = id[chunk * 5 + i];
			if (ch >= 'A' && ch <= 'Z')
				bits |= 1u << i;
		}
		out[15 + chunk] = map[bits];
	}
	out[18] = '\0';
	return out;
}

const char *
sf_bool(const char *v)
{
	if (v == NULL)
		return NULL;
	if (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0)
		return "true";
	if (strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0 || strcasecmp(v, "no") == 0)
		return "false";
	return NULL;
}
