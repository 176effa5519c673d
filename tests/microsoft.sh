#!/bin/sh
# microsoft.sh - Entra sign-ins, directory audits and configuration exports
# and the Purview unified audit log become records with the right normalised
# fields in every dialect: Graph pages (concatenated), portal JSON and CSV,
# diagnostic-settings NDJSON and {"records"} blobs, Log Analytics CSV with
# JSON in cells, UAL CSV (UTF-8 BOM, UTF-16LE with #TYPE, cells over 32 KB
# and over many lines) and AuditData NDJSON.  The same sign-in or audit
# event gives the same record in each dialect; bad records are warned about
# with their line and the rest is read; the real corpus is checked when it
# is there.  Fixtures: testdata/microsoft/ (make-fixtures.py writes them).
. "$(dirname "$0")/lib.sh"
M="$TD/microsoft"
cd "$M" || exit 99
tl() { "$TRIAGE" timeline -f ndjson "$@"; }
# one field of the record of kind/user/message...: q FILE JQ-SELECT JQ-EXPR
q() { tl "$1" | jq -rs "[.[] | select($2)][0] | $3"; }

# --- detection, counts, encodings -------------------------------------------
"$TRIAGE" inventory -f json . >"$TMP/inv.json"
for row in \
	"signins-portal.synthetic.json entra.signin.array 7 utf-8" \
	"signins-graph-pages.synthetic.json entra.signin.graph 7 utf-8" \
	"signins-diag-blob.synthetic.json entra.signin.records 7 utf-8" \
	"signins-diag.synthetic.ndjson entra.signin.ndjson 7 utf-8" \
	"SigninLogs-loganalytics.synthetic.csv entra.signin.loganalytics.csv 7 utf-8" \
	"InteractiveSignIns-portal.synthetic.csv entra.signin.portal.csv 7 utf-8-bom" \
	"directoryAudits-graph.synthetic.json entra.audit.graph 7 utf-8" \
	"directoryAudits-diag.synthetic.ndjson entra.audit.ndjson 7 utf-8" \
	"AuditLogs-loganalytics.synthetic.csv entra.audit.loganalytics.csv 7 utf-8" \
	"AuditLogs-portal.synthetic.csv entra.audit.portal.csv 7 utf-8-bom" \
	"servicePrincipals.synthetic.json entra.service_principal.graph 2 utf-8" \
	"servicePrincipal-powershell.synthetic.json entra.service_principal.object 1 utf-8" \
	"appRoleAssignedTo.synthetic.json entra.app_role_assignment.graph 2 utf-8" \
	"oauth2PermissionGrants.synthetic.json entra.oauth2_grant.array 2 utf-8" \
	"conditionalAccessPolicies.synthetic.json entra.ca_policy.graph 3 utf-8" \
	"authorizationPolicy.synthetic.json entra.authorization_policy.object 1 utf-8" \
	"groupMembers.synthetic.json entra.group_member.direct.graph 3 utf-8" \
	"ual-classic.synthetic.csv m365.audit.csv 8 utf-8-bom" \
	"ual-purview.synthetic.csv m365.audit.csv 7 utf-16le" \
	"ual-auditdata.synthetic.ndjson m365.audit.ndjson 7 utf-8"; do
	set -- $row
	eq "$(inv "$TMP/inv.json" "./$1" '"\(.format) \(.records) \(.status) \(.encoding) \(.warnings | length)"')" \
	   "$2 $3 ok $4 0" "$1 detected and read"
done

# --- sign-ins: one meaning in six dialects ----------------------------------
sig='[.[] | "\(.time) \(.user) \(.app) \(.code) \(.status) \(.ip) \(.correlation_id) \(.tenant) \(.message) | \(.fields.resource) \(.fields.caPolicy) \(.fields.caGrantControls) \(.fields.conditionalAccessStatus) \(.fields["deviceDetail.isManaged"]) \(.fields["deviceDetail.isCompliant"]) \(.fields["deviceDetail.trustType"]) \(.fields.isInteractive) \(.fields["location.city"]) \(.fields["location.countryOrRegion"]) \(.fields.appId) \(.fields.resourceId) \(.fields.clientAppUsed) \(.fields.additionalDetails) \(.fields.id)"] | sort | join("\n")'
tl signins-portal.synthetic.json | jq -rs "$sig" >"$TMP/s.portal"
eq "$(grep -c . "$TMP/s.portal")" 7 "seven sign-ins"
for f in signins-graph-pages.synthetic.json signins-diag-blob.synthetic.json \
	 signins-diag.synthetic.ndjson SigninLogs-loganalytics.synthetic.csv; do
	tl "$f" | jq -rs "$sig" >"$TMP/s.other"
	cmp -s "$TMP/s.portal" "$TMP/s.other" && ok ||
		bad "$f normalises differently: $(diff "$TMP/s.portal" "$TMP/s.other" | head -3)"
done
P=signins-portal.synthetic.json
is() { q "$P" ".user == \"$1\" and .fields.isInteractive != \"false\"" "$2"; }
eq "$(is alice@contoso.com '"\(.time) \(.kind) \(.app) \(.code) \(.status) \(.ip) \(.tenant)"')" \
   "2026-11-24T09:14:07.123Z entra.signin Salesforce 0 success 203.0.113.45 9c4e2b17-3d5a-4f8e-b6c1-7a20d5e8f341" \
   "success: 7-digit fraction to ms, code 0"
eq "$(is alice@contoso.com '"\(.message) \(.fields.additionalDetails)"')" \
   "null MFA requirement satisfied by claim in the token" "no message on success, additionalDetails kept"
eq "$(is alice@contoso.com '.fields.caPolicy | join(";")')" \
   "Require MFA for Salesforce=success;Block unmanaged devices=success;Guests: terms of use=notEnabled" \
   "every applied CA policy with its result"
eq "$(is alice@contoso.com '"\(.fields["deviceDetail.isManaged"]) \(.fields["deviceDetail.isCompliant"]) \(.fields["deviceDetail.trustType"]) \(.fields["deviceDetail.operatingSystem"]) \(.fields["deviceDetail.browser"]) \(.fields["location.city"]) \(.fields["location.countryOrRegion"])"')" \
   "true true Azure AD joined Windows 10 Edge 131.0.0 Seattle US" "device and location"
eq "$(is bob@contoso.com '"\(.app) \(.code) \(.status) \(.fields.clientAppUsed) | \(.message)"')" \
   "Microsoft Office 50126 failure Mobile Apps and Desktop clients | Error validating credentials due to invalid username or password." \
   "50126: failureReason as message"
eq "$(is carol@contoso.com '"\(.app) \(.code) \(.fields.conditionalAccessStatus) \(.fields.resource)"')" \
   "Microsoft Copilot for Sales 53003 failure Salesforce" "53003 blocked by CA"
eq "$(is carol@contoso.com '[.fields.caPolicy[] | select(endswith("=failure"))] | join(";")')" \
   "Block unmanaged devices=failure" "the failed CA policy"
eq "$(is carol@contoso.com '.fields.caGrantControls | join(";")')" \
   "Require MFA for Salesforce=Mfa;Block unmanaged devices=RequireCompliantDevice" "grant controls per policy"
eq "$(is carol@contoso.com '"\(.fields["deviceDetail.isManaged"]) \(.fields["deviceDetail.isCompliant"]) \(.fields["deviceDetail.trustType"])"')" \
   "false false Azure AD registered" "unmanaged device"
eq "$(is dave@contoso.com '"\(.code) \(.app) \(.fields.resource) \(.fields.resourceId) | \(.message) | \(.fields.additionalDetails)"')" \
   "65001 Microsoft Copilot for Sales Microsoft Graph 00000003-0000-0000-c000-000000000000 | The user or administrator has not consented to use the application. | Send an interactive authorization request for this user and resource." \
   "65001 consent required"
eq "$(is erin@contoso.com '"\(.code) \(.app) \(.fields["deviceDetail.isManaged"]) \(.message)"')" \
   "50105 Salesforce null The signed in user is not assigned to a role for the application." "50105 not assigned; null flags absent"
eq "$(tl "$P" | jq -rs '[.[] | select(.user == "frank@contoso.com") | "\(.time) \(.fields.isInteractive) \(.correlation_id)"] | join(", ")')" \
   "2026-11-24T09:19:58.250Z true 5d8c2a7e-9b1f-4c3d-8e6a-0f2b7d4c9e13, 2026-11-24T09:20:01.987Z false 5d8c2a7e-9b1f-4c3d-8e6a-0f2b7d4c9e13" \
   "interactive + non-interactive pair, one correlationId, -05:00 offset honoured"
eq "$(tl "$P" | jq -rs '[.[].app] | unique | join(",")')" \
   "Microsoft Copilot for Sales,Microsoft Office,Outlook Mobile,Salesforce" "app names"

# locators: array index, page and index, NDJSON and CSV lines
eq "$(q "$P" '.user == "bob@contoso.com"' .locator)" "$P#/1" "bare array locator"
G=signins-graph-pages.synthetic.json
eq "$(q "$G" '.user == "dave@contoso.com"' .locator)" "$G#/value/3" "page 1 locator"
eq "$(q "$G" '.user == "erin@contoso.com"' .locator)" "$G#page2/value/0" "page 2 locator"
eq "$(q signins-diag-blob.synthetic.json '.user == "carol@contoso.com"' .locator)" \
   "signins-diag-blob.synthetic.json#/records/2" "records blob locator"
eq "$(q signins-diag.synthetic.ndjson '.user == "carol@contoso.com"' '"\(.locator) \(.fields.category)"')" \
   "signins-diag.synthetic.ndjson:3 SignInLogs" "NDJSON line locator, diagnostic category"
eq "$(q signins-diag.synthetic.ndjson '.fields.isInteractive == "false"' .fields.category)" \
   "NonInteractiveUserSignInLogs" "non-interactive category"
L=SigninLogs-loganalytics.synthetic.csv
eq "$(q "$L" '.user == "carol@contoso.com"' '"\(.locator) \(.fields.workspaceId) \(.fields.table)"')" \
   "$L:4 0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b null" \
   "Log Analytics row locator; TenantId is the workspace (column 33 of 35)"

# the portal's CSV download (column names unverified): same facts, second precision
C=InteractiveSignIns-portal.synthetic.csv
psig='[.[] | "\(.time[0:19]) \(.user) \(.app) \(.code) \(.status) \(.ip) \(.correlation_id) \(.message) \(.fields.conditionalAccessStatus) \(.fields["deviceDetail.isManaged"]) \(.fields["deviceDetail.isCompliant"]) \(.fields["deviceDetail.trustType"]) \(.fields["location.city"]) \(.fields["location.countryOrRegion"])"] | sort | join("\n")'
tl "$P" | jq -rs "$psig" >"$TMP/p.json"
tl "$C" | jq -rs "$psig" >"$TMP/p.csv"
cmp -s "$TMP/p.json" "$TMP/p.csv" && ok || bad "portal CSV differs: $(diff "$TMP/p.json" "$TMP/p.csv" | head -4)"
eq "$(q "$C" '.user == "carol@contoso.com"' '"\(.locator) \(.fields.conditionalAccessStatus) \(.fields.statusText)"')" \
   "$C:4 failure Failure" "portal CSV: line, Conditional Access spelled as Graph"

# --- directory audits: Graph, diagnostic NDJSON, Log Analytics, portal CSV ----
aud='[.[] | "\(.time) \(.user) \(.app) \(.status) \(.message) \(.ip) \(.correlation_id) | \(.fields.target) \(.fields.targetType) \(.fields.targetUpn) \(.fields.initiatedByApp) \(.fields.category) \(.fields.result) \(.fields.resultReason) \(.fields.loggedByService) | \(.fields | with_entries(select(.key | startswith("modified.") or startswith("detail."))) | tojson)"] | sort | join("\n")'
tl directoryAudits-graph.synthetic.json | jq -rs "$aud" >"$TMP/a.graph"
eq "$(grep -c . "$TMP/a.graph")" 7 "seven audits"
for f in directoryAudits-diag.synthetic.ndjson AuditLogs-loganalytics.synthetic.csv AuditLogs-portal.synthetic.csv; do
	tl "$f" | jq -rs "$aud" >"$TMP/a.other"
	cmp -s "$TMP/a.graph" "$TMP/a.other" && ok ||
		bad "$f normalises differently: $(diff "$TMP/a.graph" "$TMP/a.other" | head -3)"
done
A=directoryAudits-graph.synthetic.json
aq() { q "$A" ".message == \"$1\"" "$2"; }
eq "$(aq "Consent to application" '"\(.time) \(.kind) \(.user) \(.app) \(.status) \(.ip) \(.fields.operationType)"')" \
   "2026-11-20T14:31:07.552Z entra.audit admin@contoso.com Microsoft Copilot for Sales success 203.0.113.10 Assign" \
   "consent: initiator, app from the service principal target"
eq "$(aq "Consent to application" '"\(.fields["modified.ConsentContext.IsAdminConsent.new"]) \(.fields["modified.ConsentContext.IsAdminConsent.old"]) \(.fields["modified.TargetId.ServicePrincipalNames.new"])"')" \
   "True null a3f6c1e8-5d2b-4f7a-9e04-6b1c8d3f2a95,api://copilot-sales" \
   "JSON-in-string decoded: \"\\\"True\\\"\" -> True, null -> absent, array -> joined"
contains "$(aq "Consent to application" '.fields["modified.ConsentAction.Permissions.new"]')" \
   "ConsentType: AllPrincipals, Scope:  User.Read Mail.Read" "consent permissions text kept whole"
eq "$(aq "Consent to application" '.fields["detail.AppId"]')" "a3f6c1e8-5d2b-4f7a-9e04-6b1c8d3f2a95" "additionalDetails as detail.<key>"
eq "$(aq "Add service principal" '"\(.user) \(.fields.initiatedByApp) \(.fields["modified.AccountEnabled.new"]) \(.fields["modified.AccountEnabled.old"])"')" \
   "null Microsoft_Azure_AppManagement true null" "app initiator; [true] -> true, [] -> absent"
eq "$(aq "Add member to role" '"\(.fields.target) \(.fields.targetType) \(.fields.targetUpn) \(.fields["modified.Role.DisplayName.new"])"')" \
   "erin@contoso.com User erin@contoso.com Application Administrator" "target without a display name: its UPN"
eq "$(aq "Add delegated permission grant" '"\(.fields["modified.DelegatedPermissionGrant.Scope.old"]) [\(.fields["modified.DelegatedPermissionGrant.Scope.new"])]"')" \
   "null [ User.Read Mail.Read offline_access]" "\"\\\"\\\"\" decodes to nothing"
eq "$(aq "Add app role assignment to service principal" '.fields.target | join(";")')" \
   "Microsoft Graph;Microsoft Copilot for Sales" "repeated targets"
eq "$(aq "Add app role assignment grant to user" '"\(.status) \(.fields.resultReason)"')" \
   "failure Microsoft.Online.Workflows.ObjectAlreadyExistsException" "failed audit"
contains "$(aq "Update application – Certificates and secrets management" '.fields["modified.KeyDescription.old"]')" \
   "DisplayName=old secret" "old value decoded"
eq "$(q directoryAudits-diag.synthetic.ndjson '.message == "Add member to role"' '"\(.locator) \(.tenant)"')" \
   "directoryAudits-diag.synthetic.ndjson:5 9c4e2b17-3d5a-4f8e-b6c1-7a20d5e8f341" "diagnostic audit: line, tenant"
eq "$(q AuditLogs-portal.synthetic.csv '.message == "Add app role assignment to service principal"' '.fields.target | join(";")')" \
   "Microsoft Graph;Microsoft Copilot for Sales" "portal audit CSV: Target2 columns (past column 32)"

# --- configuration facts ------------------------------------------------------
eq "$(tl servicePrincipals.synthetic.json | jq -rs '[.[] | "\(.kind) \(.time) \(.app) \(.fields.appId) \(.fields.appRoleAssignmentRequired) \(.fields.accountEnabled) \(.fields.servicePrincipalType)"] | join("\n")')" \
"entra.service_principal null Salesforce d5b2e8f1-7c4a-4b9e-8d36-0a1f5c7e9b42 true true Application
entra.service_principal null Microsoft Copilot for Sales a3f6c1e8-5d2b-4f7a-9e04-6b1c8d3f2a95 false true Application" "service principals"
eq "$(tl servicePrincipal-powershell.synthetic.json | jq -r '"\(.kind) \(.app) \(.fields.appId) \(.fields.appRoleAssignmentRequired) \(.fields.accountEnabled) \(.fields.id)"')" \
   "entra.service_principal Salesforce Sandbox b7e2d9c4-1f6a-4e3b-8d5c-9a0f2e7b1c63 true false 3e9a1c7f-5b2d-4f8e-a6c4-7d0b9e2f1a35" \
   "ConvertTo-Json PascalCase read as camelCase"
eq "$(tl appRoleAssignedTo.synthetic.json | jq -rs '[.[] | "\(.user) \(.app) \(.fields.principalType) \(.fields.principalDisplayName) \(.fields.appRoleId) \(.fields.createdDateTime)"] | join("\n")')" \
"Alice Wong Salesforce User Alice Wong 18d14569-c3bd-439b-9a66-3a2aee01d14f 2026-10-01T08:00:00Z
null Salesforce Group Sales Team 18d14569-c3bd-439b-9a66-3a2aee01d14f 2026-10-02T08:00:00Z" "app role assignments"
eq "$(tl oauth2PermissionGrants.synthetic.json | jq -rs '[.[] | "\(.kind) \(.fields.consentType) [\(.fields.scope)] \(.fields.principalId)"] | join("\n")')" \
"entra.oauth2_grant AllPrincipals [User.Read Mail.Read offline_access openid profile] null
entra.oauth2_grant Principal [User.Read] 7dc78b3a-94c3-4c64-a72b-0a51b91072e6" "OAuth2 grants, scopes trimmed"
eq "$(tl conditionalAccessPolicies.synthetic.json | jq -rs '[.[] | "\(.fields.displayName) \(.fields.state) \(.fields["conditions.applications.includeApplications"]) \(.fields["grantControls.builtInControls"])"] | join("\n")')" \
"Require MFA for Salesforce enabled d5b2e8f1-7c4a-4b9e-8d36-0a1f5c7e9b42,a3f6c1e8-5d2b-4f7a-9e04-6b1c8d3f2a95 mfa
Block unmanaged devices enabled All compliantDevice,domainJoinedDevice
Guests: terms of use disabled All null" "conditional access policies"
eq "$(tl authorizationPolicy.synthetic.json | jq -r '"\(.kind) \(.fields["defaultUserRolePermissions.permissionGrantPoliciesAssigned"]) \(.fields.allowUserConsentForRiskyApps)"')" \
   "entra.authorization_policy ManagePermissionGrantsForSelf.microsoft-user-default-low,ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team false" \
   "authorization policy: consent policies"
eq "$(tl groupMembers.synthetic.json | jq -rs '[.[] | "\(.user) \(.fields.memberType) \(.fields.membership) \(.fields.displayName)"] | join("\n")')" \
"alice@contoso.com user direct Alice Wong
carol@contoso.com user direct Carol Diaz
null group direct Sales EMEA" "group members"

# --- unified audit log ------------------------------------------------------------
U=ual-classic.synthetic.csv
uq() { q "$U" ".message == \"$1\"" "$2"; }
eq "$(uq New-App '"\(.time) \(.kind) \(.user) \(.status) \(.ip) \(.tenant) \(.fields.cmdlet) \(.fields.RecordType) \(.fields.RecordTypeName) \(.fields.Workload)"')" \
   "2026-11-20T14:52:19.000Z m365.audit admin@contoso.com success 2001:db8::10 9c4e2b17-3d5a-4f8e-b6c1-7a20d5e8f341 New-App 1 ExchangeAdmin Exchange" \
   "New-App: zone-less UTC, [IPv6]:port stripped"
eq "$(uq New-App '"\(.fields["param.ProvidedTo"]) \(.fields["param.UserList"]) \(.fields["param.DefaultStateForUser"]) \(.fields["param.Enabled"])"')" \
   "SpecificUsers alice@contoso.com;bob@contoso.com Enabled True" "cmdlet parameters"
eq "$(uq Set-App '"\(.locator) \(.fields["param.ProvidedTo"])"')" "$U:3 Everyone" "AuditData over many lines"
eq "$(uq Remove-App .locator)" "$U:41" "the row after the multi-line cell"
eq "$(uq Set-OrganizationAddIn '"\(.fields["param.Enabled"]) \(.fields.ObjectId)"')" \
   "False b8f2c4a1-6d3e-4f7b-9a05-1c2e3d4f5a6b" "Set-OrganizationAddIn"
big=$(uq Set-OrganizationConfig '.fields["param.AllowedDomains"]')
[ "${#big}" -gt 32768 ] && ok || bad "AuditData over 32 KB: parameter is ${#big} bytes"
contains "$big" ";partner1799.example.com" "AuditData over 32 KB read to its end"
eq "$(uq UserLoginFailed '"\(.code) \(.status) \(.ip) \(.app) \(.fields.LogonError) \(.fields.RecordType) \(.fields.RecordTypeName) \(.fields["ext.RequestType"])"')" \
   "50126 failure 198.51.100.23 Microsoft Office InvalidUserNameOrPassword 15 AzureActiveDirectoryStsLogon OAuth2:Authorize" \
   "UserLoginFailed: ErrorNumber, LogonError, known app id"
eq "$(uq UserLoggedIn '"\(.status) \(.ip) \(.app) \(.fields.ApplicationId) \(.fields.target)"')" \
   "success 203.0.113.45 null d5b2e8f1-7c4a-4b9e-8d36-0a1f5c7e9b42 d5b2e8f1-7c4a-4b9e-8d36-0a1f5c7e9b42" \
   "UserLoggedIn: IPv4 port stripped, unknown app kept as ApplicationId"
eq "$(uq "Consent to application." '"\(.fields.RecordTypeName) \(.fields["modified.ConsentContext.IsAdminConsent.new"]) \(.fields["modified.TargetId.ServicePrincipalNames.new"]) \(.fields.target | join(";")) \(.fields["ext.extendedAuditEventCategory"])"')" \
   "AzureActiveDirectory True a3f6c1e8-5d2b-4f7a-9e04-6b1c8d3f2a95 ServicePrincipal_8e1d4b7a-2c9f-4a6e-b3d5-1f0a7c9e2b48;Microsoft Copilot for Sales ServicePrincipal" \
   "Azure AD consent in the UAL"
ual='[.[] | "\(.time) \(.user) \(.message) \(.code) \(.status) \(.ip) \(.tenant) \(.app) | \(.fields | with_entries(select(.key | test("^(param|ext|modified)\\.|^(RecordType|RecordTypeName|LogonError|cmdlet|target)$"))) | tojson)"] | sort | join("\n")'
tl ual-auditdata.synthetic.ndjson | jq -rs "$ual" >"$TMP/u.nd"
tl ual-purview.synthetic.csv | jq -rs "$ual" >"$TMP/u.new"
tl "$U" | jq -rs "$ual" | grep -v Set-OrganizationConfig >"$TMP/u.classic"
cmp -s "$TMP/u.nd" "$TMP/u.new" && ok || bad "UTF-16 8-column export differs: $(diff "$TMP/u.nd" "$TMP/u.new" | head -3)"
cmp -s "$TMP/u.nd" "$TMP/u.classic" && ok || bad "classic export differs: $(diff "$TMP/u.nd" "$TMP/u.classic" | head -3)"
eq "$(q ual-purview.synthetic.csv '.message == "Remove-App"' '"\(.locator) \(.fields.RecordId)"')" \
   "ual-purview.synthetic.csv:5 563e0a3e-3d8e-4024-a7c4-188002148022" "8-column export: #TYPE line counted, RecordId kept"
eq "$(tl --tz America/Los_Angeles "$U" | jq -rs '[.[].time] | sort | .[0]')" \
   "2026-11-19T11:00:00.000Z" "--tz does not move UAL times (they are UTC)"

# RecordType given only by the CSV column, as a name
printf '"RecordId","CreationDate","RecordType","Operation","UserId","AuditData"\r\n"r1","11/24/2026 9:14:07 AM","ExchangeAdmin","Set-App","admin@contoso.com",""\r\n' >"$TMP/rt.csv"
eq "$(tl "$TMP/rt.csv" | jq -r '"\(.time) \(.user) \(.message) \(.fields.RecordType) \(.fields.RecordTypeName)"')" \
   "2026-11-24T09:14:07.000Z admin@contoso.com Set-App 1 ExchangeAdmin" "RecordType name -> number; US CreationDate"

# --- bad records: warned with their line, the rest read ------------------------
{ sed -n 1p signins-diag.synthetic.ndjson; echo '{"time": "2026-11-24T09:00:00Z" "category": "SignInLogs"}'; sed -n 2,3p signins-diag.synthetic.ndjson; } >"$TMP/broken.ndjson"
"$TRIAGE" inventory -f json "$TMP/broken.ndjson" >"$TMP/b.json"
eq "$(inv "$TMP/b.json" "$TMP/broken.ndjson" '"\(.status) \(.records) \(.warnings[0].line)"')" "partial 3 2" "broken NDJSON line skipped, named"
printf '"CreationDate","UserIds","Operations","AuditData"\r\n"2026-11-20T10:00:00Z","a@contoso.com","New-App","{""Operation"":""New-App"",}"\r\n"2026-11-20T11:00:00Z","b@contoso.com","Set-App","{""Operation"":""Set-App"",""UserId"":""b@contoso.com"",""CreationTime"":""2026-11-20T11:00:00""}"\r\n' >"$TMP/badual.csv"
"$TRIAGE" inventory -f json "$TMP/badual.csv" >"$TMP/b.json"
eq "$(inv "$TMP/b.json" "$TMP/badual.csv" '"\(.status) \(.records) \(.warnings[0].line) \(.warnings[0].message)"')" \
   "partial 2 2 AuditData is not a JSON object (column 24); record kept with the other columns only" "bad AuditData warned with its line"
eq "$(tl "$TMP/badual.csv" | jq -rs '[.[] | "\(.time) \(.user) \(.message)"] | join(", ")')" \
   "2026-11-20T10:00:00.000Z a@contoso.com New-App, 2026-11-20T11:00:00.000Z b@contoso.com Set-App" "both rows kept"
{ sed -n 1,2p "$L"; sed -n 3p "$L" | sed 's/""isCompliant""/isCompliant/'; } >"$TMP/badla.csv"
"$TRIAGE" inventory -f json "$TMP/badla.csv" >"$TMP/b.json"
eq "$(inv "$TMP/b.json" "$TMP/badla.csv" '"\(.status) \(.records) \(.warnings[0].line) \(.warnings[0].message)"')" \
   "partial 2 3 column DeviceDetail holds invalid JSON; kept as text" "bad JSON cell warned"
printf '{"value": [{"createdDateTime": "2026-11-24T09:00:00Z", "userPrincipalName": "x@contoso.com", "status": {"errorCode": 0}},\n 17,\n {"createdDateTime": "2026-11-24T09:01:00Z", "userPrincipalName": "y@contoso.com", "status": {"errorCode": 50126}},]}\n' >"$TMP/comma.json"
"$TRIAGE" inventory -f json "$TMP/comma.json" >"$TMP/b.json"
eq "$(inv "$TMP/b.json" "$TMP/comma.json" '"\(.format) \(.status) \(.records) \([.warnings[] | "\(.line) \(.message)"] | join("; "))"')" \
   "entra.signin.graph partial 2 2 record #/value/1 is not an object; skipped; 3 invalid JSON at column 116 (offset 242): syntax error: ']' after a trailing comma; the rest was not read" \
   "non-object element and trailing comma: line and column"
printf '{"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges to complete the operation."}, "createdDateTime": "", "userPrincipalName": "", "status": ""}\n' >"$TMP/err.json"
"$TRIAGE" inventory -f json "$TMP/err.json" >"$TMP/b.json"
eq "$(inv "$TMP/b.json" "$TMP/err.json" '"\(.records) \(.warnings[0].message)"')" \
   "0 Graph error response: Authorization_RequestDenied: Insufficient privileges to complete the operation." "Graph error response"
# Log Analytics shown in local time: --tz applies, once warned
sed '1s/TimeGenerated \[UTC\]/TimeGenerated [Local Time]/; 1s/CreatedDateTime \[UTC\]/CreatedDateTime [Local Time]/' "$L" >"$TMP/local.csv"
eq "$(tl --tz Europe/Berlin "$TMP/local.csv" | jq -rs '[.[] | select(.user == "alice@contoso.com")][0].time')" \
   "2026-11-24T08:14:07.123Z" "Log Analytics local-time columns read in --tz"

# --- the real corpus, when it is there ------------------------------------------
R="${TRIAGE_CORPUS:-$top_srcdir/../shared/corpus/real}"
if [ -d "$R/entra-signin" ]; then
	f="$R/entra-signin/elastic__test-signinlogs-raw.first2lines.log"
	eq "$(tl "$f" | jq -rs '[.[] | "\(.time) \(.fields.category) \(.user) \(.code) \(.status) \(.fields.isInteractive) \(.ip) \(.tenant)"] | join("\n")')" \
"2019-10-18T09:45:48.072Z SignInLogs test@elastic.co 50140 failure false 81.2.69.144 8a4de8b5-095c-47d0-a96f-a75130c61d53
2019-10-18T09:45:48.072Z NonInteractiveUserSignInLogs c3813493-bf92-5123-2717-8a8b2979c38b 50140 failure false 81.2.69.144 8a4de8b5-095c-47d0-a96f-a75130c61d53" \
	   "elastic sign-ins: category, UPN, resultType 50140, offset time"
	eq "$(tl "$f" | jq -rs '.[1] | "\(.fields.additionalDetails) \(.correlation_id)"')" \
	   "MFA required 8a4de8b5-095c-47d0-a96f-a75130c61d53" "the sign-in's own correlationId wins over the wrapper's"
	f="$R/entra-signin/msgraph-docs__signin-list_v1_example1.response.json"
	"$TRIAGE" inventory -f json "$f" >"$TMP/r.json" 2>/dev/null
	eq "$(inv "$TMP/r.json" "$f" '"\(.format) \(.status) \(.warnings[0].line)"')" "entra.signin.graph error 64" \
	   "published Graph example: trailing comma, line 64"
	contains "$(inv "$TMP/r.json" "$f" '.warnings[0].message')" "column 15" "and its column"
	f="$R/entra-audit/msgraph-docs__directoryaudit-list_v1_example1.response.json"
	eq "$(tl "$f" | jq -r '"\(.user) \(.ip) \(.fields.targetType | join(",")) \(.fields.target | join(",")) \(.fields["modified.Action Client Name.new"]) \(.fields["detail.Additional Detail Name"])"')" \
	   "bob@wingtiptoysonline.com 127.0.0.1 Group,User Example.com,bob@contoso.com DirectorySync Additional Detail Value" \
	   "Graph audit example 1: capital Type, null displayName"
	f="$R/entra-audit/msgraph-docs__directoryaudit-list_v1_example2.response.json"
	eq "$(tl "$f" | jq -r '"\(.user) \(.ip) \(.fields.targetType) \(.message) \(.fields.loggedByService)"')" \
	   "null 10.0.0.0 N/A GroupLifecyclePolicies_Get Self-service Group Management" "Graph audit example 2: lowercase type, null UPN"
	f="$R/entra-audit/elastic__test-auditlogs-raw.log"
	eq "$(tl "$f" | jq -rs '[.[] | "\(.user) \(.fields.initiatedByApp) \(.fields.initiatedByUserName) \(.fields.initiatedByRoles) \(.fields.target) \(.tenant)"] | join("\n")')" \
"null Device Registration Service null null LAPTOP-12 8a4de8b5-095c-47d0-a96f-a75130c61d53
UserName null User Registration Service admin LAPTOP-12 8a4de8b5-095c-47d0-a96f-a75130c61d53
UserName null null admin LAPTOP-12 8a4de8b5-095c-47d0-a96f-a75130c61d53" \
	   "elastic audits: app vs user initiator, null displayName, roles as a string"
	f="$R/purview-ual/elastic-o365__azuread-sts-logon.AuditData.first2.ndjson"
	eq "$(tl "$f" | jq -rs '[.[] | "\(.time) \(.user) \(.message) \(.status) \(.ip) \(.app) \(.fields.RecordType) \(.fields.RecordTypeName) \(.fields["ext.ResultStatusDetail"])"] | join("\n")')" \
"2020-02-10T15:13:13.000Z asr@testsiem.onmicrosoft.com UserLoggedIn success 67.43.156.15 O365 Suite UX 15 AzureActiveDirectoryStsLogon Success
2020-02-12T10:53:24.000Z asr@testsiem.onmicrosoft.com UserLoggedIn success 67.43.156.13 Office365 Shell WCSS-Client 15 AzureActiveDirectoryStsLogon Redirect" \
	   "UAL STS logons: RecordType \"15\" as a string"
	f="$R/purview-ual/elastic-o365__test-exchange-admin.first2.ndjson"
	eq "$(tl "$f" | jq -rs '[.[] | "\(.message) \(.fields.cmdlet) \(.fields.RecordType) \(.fields.RecordTypeName) \(.fields["param.Organization"] // .fields["param.Identity"][0:24]) \(.status)"] | join("\n")')" \
"Set-Mailbox Set-Mailbox 1 ExchangeAdmin EURPR01A002.prod.outlook success
Install-DefaultSharingPolicy Install-DefaultSharingPolicy 1 ExchangeAdmin testsiem.onmicrosoft.com success" \
	   "UAL Exchange admin: RecordType 1 as a number, Parameters"
else
	echo "SKIP: no corpus at $R (real-corpus checks)"
fi

finish
