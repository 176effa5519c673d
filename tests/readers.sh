#!/bin/sh
# readers.sh - the general readers and what they give, value by value
# (testdata/readers/): JSON, JSON lines, CSV with JSON in a cell, CLEF,
# logfmt and plain text of any shape; Graph entities; registry and
# browser policy exports; binaries skipped; help-desk exports and copied
# tickets; the person behind HAR requests and Salesforce ids; PowerShell
# output of any cmdlet; and the report's account of what was not read.
. "$(dirname "$0")/lib.sh"
# the shipped rules, also when the tree is not installed (distcheck)
TRIAGE_RULES_DIR=$top_srcdir/rules
export TRIAGE_RULES_DIR
R=$TD/readers
"$TRIAGE" timeline -f ndjson "$R" >"$TMP/t.ndjson" 2>/dev/null
"$TRIAGE" inventory -f json "$R" >"$TMP/i.json" 2>/dev/null

# val LOCATOR JQ-EXPR EXPECTED: a value of the (first) record at LOCATOR
val() {
	got=$(jq -r --arg l "$R/$1" "select(.locator == \$l) | $2" "$TMP/t.ndjson" | head -n 1)
	eq "$got" "$3" "$1: $2"
}
# nrec LOCATOR-PREFIX KIND COUNT: records of KIND from one file
nrec() {
	got=$(jq -r --arg l "$R/$1" --arg k "$2" \
		'select((.locator | startswith($l)) and .kind == $k) | .kind' "$TMP/t.ndjson" | wc -l)
	eq "$got" "$3" "$1: $2 records"
}
rd() { eq "$(inv "$TMP/i.json" "$R/$1" .format)" "$2" "$1: reader"; }

# -- JSON of any shape: each element an event, fields mapped by name,
#    nested objects flattened with dots, every field kept
rd generic/events.json generic.json
val 'generic/events.json#/0' .time 2025-06-02T07:15:20.250Z
val 'generic/events.json#/0' .kind log.line
val 'generic/events.json#/0' .user mia.lang@fabrikam.com
val 'generic/events.json#/0' .code AADSTS50105
val 'generic/events.json#/0' .message "The signed in user is not assigned to a role for the application"
val 'generic/events.json#/0' .correlation_id c0ffee00-1111-4222-8333-444455556666
val 'generic/events.json#/0' .fields.level error
val 'generic/events.json#/0' '.fields["user.upn"]' mia.lang@fabrikam.com
val 'generic/events.json#/0' .app sync-worker
val 'generic/events.json#/1' .fields.level info
# delimited text nobody claimed, JSON inside a cell flattened under its
# column, a +0200 offset
rd generic/splunk_export.csv generic.csv
val generic/splunk_export.csv:2 .time 2025-06-02T06:00:05.000Z
val generic/splunk_export.csv:2 .code INVALID_SESSION_ID
val generic/splunk_export.csv:2 .user mia.lang@fabrikam.com
val generic/splunk_export.csv:2 '.fields["_raw.level"]' error
val generic/splunk_export.csv:2 .fields.host web-7
# Serilog's compact JSON: the message template rendered
rd generic/bridge.clef generic.json
val generic/bridge.clef:1 .time 2025-06-02T07:30:00.500Z
val generic/bridge.clef:1 .message "Sign-in for noah.berg@fabrikam.com failed: user hasn't approved this consumer"
val generic/bridge.clef:1 .user noah.berg@fabrikam.com
# logfmt: each pair kept, the roles mapped
rd generic/gateway.logfmt generic.text
val generic/gateway.logfmt:2 .time 2025-06-02T08:10:02.000Z
val generic/gateway.logfmt:2 .fields.level error
val generic/gateway.logfmt:2 .fields.path /api/sync
val generic/gateway.logfmt:2 .status 403
val generic/gateway.logfmt:1 .fields.level warning
# plain text: a line with a time and a known sentence; a line with an
# address but no time is kept undated; a line with neither is not a record
rd generic/notes.txt generic.text
val generic/notes.txt:2 .time 2025-06-02T08:05:00.000Z
val generic/notes.txt:2 .fields.knownError "Something went wrong"
val generic/notes.txt:1 .time null
val generic/notes.txt:1 .user noah.berg@fabrikam.com
nrec generic/notes.txt: log.line 2

# -- Graph entities of any type, named by type
rd graph/users.json entra.graph
val 'graph/users.json#/value/0' .kind entra.user
val 'graph/users.json#/value/0' .user mia.lang@fabrikam.com
val 'graph/users.json#/value/0' .fields.accountEnabled false
val 'graph/users.json#/value/0' .fields.passwordPolicies DisablePasswordExpiration
val 'graph/users.json#/value/0' '.fields["licenseAssignmentStates.error"]' CountViolation
val 'graph/users.json#/value/0' '.fields["licenseAssignmentStates.state"]' Error
val 'graph/domains.json#/value/0' .kind entra.domain
val 'graph/domains.json#/value/0' .fields.passwordValidityPeriodInDays 90
val 'graph/skus.json#/0' .kind entra.subscribed_sku
val 'graph/skus.json#/0' '.fields["prepaidUnits.enabled"]' 25
val graph/group.json:1 .kind entra.group
val graph/group.json:1 .fields.displayName "CRM Sellers"

# -- registry exports (.reg in UTF-16, reg query) and browser policies
rd registry/office-privacy.reg windows.reg
val registry/office-privacy.reg:4 .kind windows.registry
val registry/office-privacy.reg:4 .fields.key 'HKEY_CURRENT_USER\Software\Policies\Microsoft\Office\16.0\Common\Privacy'
val registry/office-privacy.reg:4 .fields.name disconnectedstate
val registry/office-privacy.reg:4 .fields.type REG_DWORD
val registry/office-privacy.reg:4 .fields.value 2
val registry/office-privacy.reg:8 .fields.value "Contoso catalog"
rd registry/reg-query.txt windows.reg_query
val registry/reg-query.txt:3 .fields.name ThirdPartyCookiesBlocked
val registry/reg-query.txt:3 .fields.value 1
val registry/reg-query.txt:4 .fields.value https://login.salesforce.com
rd browser/edge-policy.json browser.policy_export
nrec browser/edge-policy.json browser.policy 2
val browser/edge-policy.json:1 .app "Microsoft Edge"
val browser/edge-policy.json:1 .fields.name BlockThirdPartyCookies
val browser/edge-policy.json:1 .fields.value true

# -- binary content is listed as skipped with its type
eq "$(inv "$TMP/i.json" "$R/skipped/screenshot.png" .status)" skipped "png: skipped"
eq "$(inv "$TMP/i.json" "$R/skipped/screenshot.png" .looks_like)" "binary: PNG image" "png: its type"
eq "$(inv "$TMP/i.json" "$R/skipped/notes.docx" .status)" skipped "docx: skipped"
eq "$(inv "$TMP/i.json" "$R/skipped/notes.docx" .looks_like)" \
	"binary: Office document (Word, Excel or PowerPoint)" "docx: its type"

# -- tickets: the desks' JSON and CSV, copied fields, e-mail threads, chats
rd tickets/zendesk.json ticket.json
val tickets/zendesk.json:1 .kind ticket.note
val tickets/zendesk.json:1 .user noah.berg@fabrikam.com
val tickets/zendesk.json:1 .time 2025-06-02T06:45:00.000Z
val tickets/zendesk.json:1 .fields.subject "Copilot for Sales sign-in fails"
val tickets/zendesk.json:1 .message \
	"Copilot for Sales sign-in fails Every time I open Copilot for Sales I get Error occurred in the authentication request from Office. Thanks, we are looking into it."
rd tickets/jsm.json ticket.json
val tickets/jsm.json:1 .user mia.lang@fabrikam.com
val tickets/jsm.json:1 .time 2025-06-02T07:12:44.000Z
val tickets/jsm.json:1 .fields.ticketId ITSM-812
nrec tickets/jsm.json log.line 1
eq "$(jq -r --arg l "$R/tickets/jsm.json:1" 'select(.locator == $l and .kind == "log.line") | "\(.code) \(.fields.source) \(.user)"' "$TMP/t.ndjson")" \
	"OAUTH_APP_ACCESS_DENIED ticket mia.lang@fabrikam.com" "jsm: the pasted code block is an error of the reporter"
rd tickets/freshdesk.json ticket.json
val tickets/freshdesk.json:1 .user lea.sommer@fabrikam.com
val tickets/freshdesk.json:1 .fields.complaint addin_missing
rd tickets/desk_export.csv ticket.csv
val tickets/desk_export.csv:2 .user "Noah Berg"
val tickets/desk_export.csv:2 .time 2025-06-02T10:20:00.000Z
val tickets/desk_export.csv:2 .fields.ticketId INC0010042
rd tickets/copied.txt ticket.note
val tickets/copied.txt:3 .user lea.sommer@fabrikam.com
val tickets/copied.txt:3 .fields.reporterName "Lea Sommer"
val tickets/copied.txt:3 .time 2025-06-02T12:40:00.000Z
val tickets/copied.txt:3 .fields.subject "Salesforce side pane empty"
# the thread's first message (German headers) says who reported and when
rd tickets/thread.txt ticket.note
eq "$(jq -r --arg l "$R/tickets/thread.txt" 'select(.locator | startswith($l)) | "\(.user) \(.time)"' "$TMP/t.ndjson")" \
	"mia.lang@fabrikam.com 2025-06-02T13:50:00.000Z" "thread: reporter and time of the first message"
rd tickets/chat.txt ticket.note
val tickets/chat.txt:1 .user "Noah Berg"
val tickets/chat.txt:1 .fields.source chat

# -- the person behind each record
"$TRIAGE" analyze -f json "$R/har" >"$TMP/har.json" 2>/dev/null
who() {
	got=$(jq -r --arg l "$2" '[(.findings[].symptoms[]), (.unexplained[])] | map(select(.locator | endswith($l))) | .[0].user' "$1")
	eq "$got" "$3" "$2: person"
}
who "$TMP/har.json" 'outlook-web.har#/log/entries/0' lea.sommer@fabrikam.com
who "$TMP/har.json" 'outlook-web.har#/log/entries/1' noah.berg@fabrikam.com
who "$TMP/har.json" 'outlook-web.har#/log/entries/2' mia.lang@fabrikam.com
# no name in the request: its client-request-id is the Entra sign-in's
who "$TMP/har.json" 'outlook-web.har#/log/entries/3' lea.sommer@fabrikam.com
"$TRIAGE" analyze -f json "$R/person" >"$TMP/p.json" 2>/dev/null
# a Login History row with only the 15-character UserId, joined through
# the User export's 18-character Id; "user=n.berg" joined to Noah Berg
who "$TMP/p.json" 'LoginHistory.csv:2' noah.berg@fabrikam.com
who "$TMP/p.json" 'worker.log:1' noah.berg@fabrikam.com
eq "$(jq -r '.identities | length' "$TMP/p.json")" 1 "person: one identity"
rd person/LoginHistory.csv sf.login_history.csv
# a permission set exported as data: its API name and label in the
# metadata's spelling, one spelling for the model
val person/PermissionSet.csv:2 .kind sf.permission_set
val person/PermissionSet.csv:2 .fields.name Copilot_for_Sales_Users
val person/PermissionSet.csv:2 .fields.label "Copilot for Sales Users"
val person/PermissionSet.csv:2 .fields.Name null

# -- PowerShell output of any cmdlet
rd ps/Get-App.txt ps.list
val ps/Get-App.txt:2 .kind exchange.app
val ps/Get-App.txt:2 '.fields.UserList | join(",")' "Mia Lang,Noah Berg,Lea Sommer,Jonas Wolf"
val ps/Get-App.txt:2 .fields.UserListTruncated true
val ps/Get-App.txt:2 .fields.Description \
	"Bring Salesforce into Outlook: log e-mails and meetings, see contacts and opportunities next to the message."
rd ps/Get-Mailbox.txt ps.table
val ps/Get-Mailbox.txt:5 .fields.Alias noah.berg
rd ps/cas.csv ps.csv
val ps/cas.csv:3 .kind exchange.cas_mailbox
val ps/cas.csv:3 .fields.EwsEnabled False
rd ps/Get-AuthenticationPolicy.json ps.json
val ps/Get-AuthenticationPolicy.json:1 .kind ps.authentication_policy
val ps/Get-AuthenticationPolicy.json:1 .fields.AllowBasicAuthWebServices False
# member lists: the group from the file name, and from the command line
val 'ps/CRM Sellers_members.csv:2' .kind entra.group_member
val 'ps/CRM Sellers_members.csv:2' .fields.group "CRM Sellers"
val 'ps/CRM Sellers_members.csv:2' .user mia.lang@fabrikam.com
val 'ps/CRM Sellers_members.csv:3' .fields.memberType group
val 'ps/CRM Sellers_members.csv:3' .user null
val ps/transcript.txt:10 .fields.group "CRM Sellers NZ"
val ps/transcript.txt:10 .fields.displayName "Noah Berg"

# -- what could not be read, in every format, and on standard error
P=$R/report
"$TRIAGE" analyze --width 0 "$P" >"$TMP/r.txt" 2>"$TMP/r.err"
"$TRIAGE" analyze -f md "$P" >"$TMP/r.md" 2>/dev/null
"$TRIAGE" analyze -f html "$P" >"$TMP/r.html" 2>/dev/null
"$TRIAGE" analyze -f json "$P" >"$TMP/r.json" 2>/dev/null
eq "$(head -n 1 "$TMP/r.err")" \
	"triage: 3 of 6 inputs could not be read: broken.har (error), empty.log (unsupported), signins-cut.json (partial)" \
	"stderr: the one-line summary"
eq "$(sed -n 2p "$TMP/r.err")" "triage: 1 input read with a guess about times or zones (see the report)" \
	"stderr: the guesses"
contains "$(cat "$TMP/r.txt")" "Inputs not read, or read in part (3 of 6):
  report/broken.har  error: line 1: invalid HAR: \"log\" has no \"entries\" array
  report/empty.log  unsupported: looks like empty
  report/signins-cut.json  partial: line 2: invalid JSON at column 84 (offset 392): unexpected end of input inside a string; the rest was not read" "text: not read"
contains "$(cat "$TMP/r.txt")" "Skipped (binary, 1):
  report/blob.bin  (binary data, starts 00 01 02 03 ff fe fd 10)" "text: skipped"
contains "$(cat "$TMP/r.txt")" "Read with a guess about times (1):
  report/ambiguous.log  line 1: 2 dates read either way" "text: guesses"
contains "$(cat "$TMP/r.md")" "### Inputs not read (3 of 6)

- \`report/broken.har\` error: line 1: invalid HAR: \"log\" has no \"entries\" array" "md: not read"
contains "$(cat "$TMP/r.md")" "### Read with a guess (1)" "md: guesses"
contains "$(cat "$TMP/r.html")" "report/empty.log  unsupported: looks like empty" "html: not read"
contains "$(cat "$TMP/r.html")" "invalid HAR: &quot;log&quot; has no &quot;entries&quot; array" "html: escaped"
eq "$(jq -r '[.inputs[] | select(.status != "ok") | "\(.status) \(.locator | sub(".*/"; ""))"] | join(", ")' "$TMP/r.json")" \
	"skipped blob.bin, error broken.har, unsupported empty.log, partial signins-cut.json" "json: inputs not read"
eq "$(jq -r '.inputs[] | select(.locator | endswith("ambiguous.log")) | [.warnings[] | select(.guess) | .line] | join(",")' "$TMP/r.json")" \
	"1,1" "json: guesses flagged"
# the errors of a file read in part still count
eq "$(jq -r '[.findings[].symptoms[] | select(.locator | endswith("signins-cut.json#/value/0"))] | length' "$TMP/r.json")" \
	1 "partial file: its error kept"
finish
