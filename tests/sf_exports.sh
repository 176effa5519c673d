#!/bin/sh
# sf_exports.sh - Salesforce CSV and JSON exports become records with the
# right common fields, UTC times, status keys and extracted changes, in
# every dialect (ISO or US dates, comma or semicolon, UTF-8, BOM, UTF-16).
. "$(dirname "$0")/lib.sh"
E="$TD/salesforce/exports"
cd "$E" || exit 99
tl() { "$TRIAGE" timeline -f ndjson "$@"; }

# --- Login History: three dialects, one meaning ---------------------------
key='[.[] | "\(.time) \(.user) \(.status) \(.fields.statusKey) \(.ip) \(.app)"] | sort | join("\n")'
tl LoginHistory-iso.csv | jq -rs "$key" >"$TMP/iso"
tl LoginHistory-us-semicolon.csv | jq -rs "$key" >"$TMP/us"
tl LoginHistory-utf16.csv | jq -rs "$key" >"$TMP/u16"
cmp -s "$TMP/iso" "$TMP/us" && ok || bad "US/semicolon/BOM dialect differs: $(diff "$TMP/iso" "$TMP/us" | head -3)"
cmp -s "$TMP/iso" "$TMP/u16" && ok || bad "UTF-16/PST dialect differs: $(diff "$TMP/iso" "$TMP/u16" | head -3)"
eq "$(grep -c . "$TMP/iso")" 7 "seven logins"
contains "$(cat "$TMP/iso")" "2026-11-24T09:14:03.000Z alice@contoso.com Failed: Not approved for access not_approved 203.0.113.45 Microsoft Copilot for Sales" "alice's denied login"
contains "$(cat "$TMP/iso")" "Wong, Grace Success success" "quoted comma in a username"
for k in lockout restricted_ip login_hours inactive frozen; do
	contains "$(cat "$TMP/iso")" " $k " "status key $k"
done
tl LoginHistory-iso.csv | jq -s '[.[] | select(.user == "alice@contoso.com")][0]' >"$TMP/first.json"
eq "$(jq -r .locator "$TMP/first.json")" "LoginHistory-iso.csv:2" "first row located at line 2"
eq "$(jq -r .kind "$TMP/first.json")" sf.login "kind"
"$TRIAGE" inventory -f json LoginHistory-us-semicolon.csv LoginHistory-iso.csv >"$TMP/inv.json"
eq "$(inv "$TMP/inv.json" LoginHistory-us-semicolon.csv '.warnings[0] | "\(.line) \(.message)"')" \
   "2 times carry no zone; read as UTC (--tz)" "zone-less warning once per file"
eq "$(inv "$TMP/inv.json" LoginHistory-iso.csv '.warnings | length')" 0 "no warning when times carry a zone"
eq "$(tl --tz America/Los_Angeles --user alice LoginHistory-us-semicolon.csv | jq -r .time)" \
   "2026-11-24T17:14:03.000Z" "--tz applies to zone-less times"

# a ragged row is kept, with a warning naming its line
printf 'Username,Login Time,Status\nann@contoso.com,2026-11-24T09:00:00Z,Success,extra\nbea@contoso.com,2026-11-24T09:01:00Z\n' >"$TMP/ragged.csv"
"$TRIAGE" inventory -f json "$TMP/ragged.csv" >"$TMP/rg.json"
eq "$(inv "$TMP/rg.json" "$TMP/ragged.csv" '"\(.status) \(.records)"')" "ok 2" "ragged rows kept"
eq "$(inv "$TMP/rg.json" "$TMP/ragged.csv" '[.warnings[] | "\(.line) \(.message)"] | join("; ")')" \
   "2 row has 4 fields, the header 3; kept; 3 row has 2 fields, the header 3; kept" "ragged rows warned with their lines"
eq "$(tl "$TMP/ragged.csv" | jq -rs '[.[] | "\(.user) \(.status)"] | join(",")')" "ann@contoso.com Success,bea@contoso.com null" "ragged rows' cells"

# --- Setup Audit Trail --------------------------------------------------------
tl SetupAuditTrail.csv >"$TMP/sat.json"
eq "$(jq -s length "$TMP/sat.json")" 13 "audit rows (one spans three lines)"
q() { jq -rs --arg c "$1" "[.[] | select(.fields.change == \$c)][0] | $2" "$TMP/sat.json"; }
eq "$(q permitted_users '"\(.time) \(.user) \(.fields.subject) | \(.fields.from) | \(.fields.to)"')" \
   "2026-11-24T16:55:10.000Z admin@contoso.com Microsoft Copilot for Sales | All users may self-authorize | Admin approved users are pre-authorized" "permitted users changed"
eq "$(q profile_removed '"\(.fields.subjectType) \(.fields.subject) / \(.fields.target)"')" \
   "connected_app Microsoft Copilot for Sales / Sales User" "profile removed from app"
eq "$(q profile_changed '"\(.fields.targetUser) \(.fields.from) -> \(.fields.to)"')" \
   "alice@contoso.com Standard User -> Sales User" "user profile changed"
eq "$(q frozen .fields.targetUser)" frank@contoso.com "user frozen"
eq "$(q deactivated .fields.targetUser)" erin@contoso.com "user deactivated"
eq "$(q login_ip_ranges '"\(.fields.subjectType) \(.fields.subject)"')" "profile Sales User" "login IP ranges changed"
eq "$(q assigned '"\(.fields.subject) \(.fields.targetUser) \(.fields.delegateUser)"')" \
   "Copilot for Sales Users bob@contoso.com admin@contoso.com" "permission set assigned, with delegate user"
eq "$(jq -rs '[.[] | select(.fields.namespace)][0] | "\(.fields.change) \(.fields.subject) \(.fields.namespace) \(.locator)"' "$TMP/sat.json")" \
   "changed Outlook Integration sfdc_outlook SetupAuditTrail.csv:10" "multi-line quoted action"
contains "$(jq -rs '[.[] | select(.fields.namespace)][0].message' "$TMP/sat.json")" "description changed from \"old text\" to" \
   "an Action wrapped over lines is one sentence; quotes kept"
eq "$(q app_blocked .fields.subject)" "Legacy Sync" "app blocked"
eq "$(jq -rs '[.[] | select(.fields.change == "run_as") | "\(.time) \(.fields.subject) | \(.fields.from) | \(.fields.to)"] | join("\n")' "$TMP/sat.json")" \
"2026-11-24T16:00:00.000Z Outlook Sync | integration.user@contoso.com | null
2026-11-24T16:05:00.000Z Copilot for Sales Connected App | integration.user@contoso.com | admin@contoso.com" "Run As changed, and blanked"
eq "$(jq -rs '[.[] | select(.fields.setting)][0] | "\(.fields.change) \(.fields.subject) | \(.fields.setting) | \(.fields.to)"' "$TMP/sat.json")" \
   "changed Outlook Sync | Refresh Token Policy | Immediately expire refresh token" "a connected app setting changed"

# --- data exports -----------------------------------------------------------
tl User.csv >"$TMP/u.json"
eq "$(jq -rs '[.[] | "\(.kind) \(.user) \(.fields.Id) \(.fields.IsActive) \(.fields["Profile.Name"])"] | join("\n")' "$TMP/u.json")" \
"sf.user alice@contoso.com 0055g00000F1bObAAJ true Sales User
sf.user erin@contoso.com 0055g00000F1bOcAAJ false Standard User
sf.user integration.user@contoso.com 0055g00000F1bOdAAJ true Salesforce API Only System Integrations" "users: ids to 18, 1/0 to booleans, dotted headers"
eq "$(jq -rs '.[0].time' "$TMP/u.json")" null "users are facts"
eq "$(tl PermissionSetAssignment.csv | jq -rs '[.[] | "\(.kind) \(.fields.AssigneeId) \(.fields.PermissionSetId) \(.fields.IsActive)"] | join("\n")')" \
"sf.permset_assignment 0055g00000F1bObAAJ 0PS5g000000XyZ1GAK true
sf.permset_assignment 0055g00000F1bOdAAJ 0PS5g000000XyZ2GAK true" "permission set assignments"
eq "$(tl SetupEntityAccess.csv | jq -r '"\(.kind) \(.fields.ParentId) \(.fields.SetupEntityId)"')" \
   "sf.setup_entity_access 0PS5g000000XyZ1GAK 0H45g000000Q1w2CAC" "setup entity access"
eq "$(tl OauthToken.csv | jq -r '"\(.kind) \(.app) \(.fields.UseCount)"')" \
   "sf.oauth_token Microsoft Copilot for Sales 12" "OAuth token usage"

eq "$(tl UserLicense.csv | jq -rs '[.[] | "\(.kind) \(.fields.Id) \(.fields.LicenseDefinitionKey) \(.fields.UsedLicenses)/\(.fields.TotalLicenses)"] | join("\n")')" \
"sf.user_license 1005g000000AbCdAAK SFDC 48/50
sf.user_license 1005g000000AbCeAAK PID_Salesforce_Integration 5/5" "user licences"

# --- the synthetic ELF sample ----------------------------------------------
eq "$(tl "$TD/samples/sf-elf-login.synthetic.csv" | jq -rs '.[0] | "\(.time) \(.kind) \(.user) \(.code) \(.fields.statusKey) \(.org) \(.fields.USER_ID)"')" \
   "2026-11-24T08:41:17.402Z sf.login bob@contoso.com LOGIN_ERROR_INVALID_PASSWORD invalid_password 00D5g000008ZkQmEAK 0055g00000F1bObAAJ" "ELF login row"

# --- the real corpus, when it is there ---------------------------------------
C="$top_srcdir/../shared/corpus/real/sf-eventlogfile"
if [ -d "$C" ]; then
	eq "$(tl "$C/elastic-beats__Login_ELF_from_input_test.csv" | jq -r '"\(.time) \(.user) \(.code) \(.fields.statusKey) \(.ip) \(.fields.CLIENT_IP) \(.fields.URI)"')" \
	   "2023-12-18T05:48:31.655Z salesforceinstance@devtest.in LOGIN_NO_ERROR success 103.108.207.58 Salesforce.com IP /services/oauth2/token" "real ELF CSV row"
	eq "$(tl "$C/elastic-beats__LoginEvent_object_query_response.json" | jq -r '"\(.time) \(.kind) \(.user) \(.app) \(.status) \(.ip) \(.fields.LoginType) \(.locator | split("sf-eventlogfile/")[1])"')" \
	   "2023-12-06T05:44:24.973Z sf.login salesforceinstance@devtest.in salesforce_test Success 134.238.252.19 Remote Access 2.0 elastic-beats__LoginEvent_object_query_response.json#/records/0" "real LoginEvent SOQL record (+0000 offset)"
	eq "$(tl "$C/elastic-integrations__test-login-eventlogfile.log" | jq -r '"\(.time) \(.org) \(.fields.USER_ID)"')" \
	   "2022-09-13T05:22:43.429Z 00D5j000000VI3nEAG 0055j000000utlPAAQ" "real ELF JSON row: ids widened"
else
	echo "corpus not found; real-sample checks skipped"
fi
finish
