#!/bin/sh
# outlook.sh - the Outlook side of a bundle: the Office runtime log (UTF-16,
# day/month order decided per file, benign lines marked), Copilot for Sales
# client logs, Salesforce for Outlook traces, copied diagnostics, console
# exports (text and JSON), generic timestamped logs and HAR captures become
# records with the right UTC time, user, code, message and line; no secret
# in a HAR or a log reaches any output; the real public samples in
# ../shared/corpus/real are read when that folder is there.
. "$(dirname "$0")/lib.sh"
O="$TD/outlook"
cd "$O" || exit 99
tl() { "$TRIAGE" timeline -f ndjson "$@"; }
# rec FILE LOCATOR JQ-EXPR: a field of the record at LOCATOR
rec() { tl "$1" | jq -r --arg l "$2" "select(.locator == \$l) | $3"; }
# row FILE JQ-EXPR: a field of FILE's inventory row
row() { "$TRIAGE" inventory -f json "$1" | jq -r ".inputs[0] | $2"; }
warnings() { row "$1" '[.warnings[] | "\(.line) \(.message)"] | join("; ")'; }

# --- the Office runtime log: a full session, UTF-16LE with BOM, CRLF -------
f=runtime-session.synthetic.log
eq "$(row $f '"\(.format) \(.encoding) \(.status) \(.records)"')" \
   "addin.runtime_log utf-16le ok 11" "runtime log read"
eq "$(warnings $f)" "1 times carry no zone; read as UTC (--tz)" "runtime log: zone warning once, no order warning"
eq "$(rec $f $f:8 '"\(.time) \(.kind) \(.code) \(.user) \(.fields.level) \(.fields.source) \(.fields.addinId)"')" \
   "2026-11-24T09:14:03.000Z addin.log 13003 alice@contoso.com Unexpected runtime 8e3b5d1f-2a9c-4f6e-b7d0-4c1a9e2f5b68" \
   "runtime error line"
contains "$(rec $f $f:9 .message)" "Access denied for this user" "runtime message"
eq "$(rec $f $f:9 .fields.knownError)" "Access denied for this user" "known error sentence"
eq "$(tl $f | jq -rs '[.[] | select(.fields.benign == "true") | .locator | sub(".*:"; "")] | join(",")')" \
   "2,3,4,5" "benign lines: Monitorable, the host-list pair, DisplayName without SolutionId"
contains "$(rec $f $f:4 .fields.benignReason)" "Current host not in add-in's host list" "benign reason names the pair"
eq "$(rec $f $f:11 '.fields.benign // "no"')" "no" "a lone 'different host' line is not benign"
eq "$(tl $f | jq -rs '[.[] | select(.fields.session == "start") | .locator | sub(".*:"; "")] | join(",")')" \
   "1,10" "session headers"
eq "$(rec $f $f:1 '"\(.message) \(.fields.category // "none")"')" \
   "Web Add-In Runtime Logging Session Started none" "session header has no category"
eq "$(tl --tz America/New_York $f | jq -r --arg l $f:8 'select(.locator == $l) | .time')" \
   "2026-11-24T14:14:03.000Z" "--tz applies to runtime times"
eq "$("$TRIAGE" inventory -f json --tz America/New_York $f | jq -r '.inputs[0].warnings[0].message')" \
   "times carry no zone; read as America/New_York (--tz)" "zone warning names the zone"

# --- day/month order, decided per file -----------------------------------
f=runtime-dmy.synthetic.log
eq "$(rec $f $f:1 .time)" "2026-12-05T08:05:01.000Z" "05/12 read day first (13/12 on line 4 decides)"
eq "$(rec $f $f:3 '"\(.code) \(.user)"')" "AADSTS50105 bob@contoso.com" "dd/MM file: code and user"
eq "$(warnings $f)" '4 dates read as day/month/year: "13/12/2026 07:30:00" is not a valid month/day date; the 3 dates that read both ways are read so too, the rows before this one included; 1 times carry no zone; read as UTC (--tz)' \
   "the order, decided against the slash's US custom, is said with the line that decided it"
f=runtime-ambiguous.synthetic.log
eq "$(rec $f $f:1 .time)" "2026-03-07T09:00:52.000Z" "ambiguous dates read month first"
eq "$(warnings $f)" \
   "1 2 dates read either way (day/month or month/day) and no date in the file decides; read as month/day/year because slash dates are month first in the US layout (a guess); 1 times carry no zone; read as UTC (--tz)" \
   "ambiguity warned once, at the first date"
# a day over 12 on line 1002 decides the order for the whole file: the
# 1001 rows before it are read day first too
awk 'BEGIN { for (i = 1; i <= 1001; i++) printf "01/02/2026 10:00:00\tMedium\tRuntime\tline %d\t\t\n", i;
	     printf "13/02/2026 11:00:00\tUnexpected\tRuntime\tlate\t\t\n" }' >"$TMP/late.log"
eq "$(tl "$TMP/late.log" | jq -rs '"\(.[0].time) \(.[-1].time)"')" \
   "2026-02-01T10:00:00.000Z 2026-02-13T11:00:00.000Z" "rows before the deciding row are read the same way"
contains "$(warnings "$TMP/late.log")" \
   '1002 dates read as day/month/year: "13/02/2026 11:00:00" is not a valid month/day date; the 1001 dates that read both ways are read so too, the rows before this one included' "the deciding row warned at its line"

# --- Copilot for Sales client log ----------------------------------------------
f=copilot-client.synthetic.log
eq "$(row $f '"\(.format) \(.records)"')" "addin.client_log 6" "client log: continuation lines join their record"
eq "$(rec $f $f:4 '"\(.time) \(.user) \(.code) \(.correlation_id) \(.fields.source) \(.fields.level) \(.fields.continued)"')" \
   "2026-11-24T09:14:03.120Z alice@contoso.com OAUTH_APP_ACCESS_DENIED 2d7f9a1c-4e8b-4c3d-b5a6-8e1f0c9d7b24 client ERROR 2" \
   "SPServiceException line"
eq "$(rec $f $f:4 '"\(.message) | \(.fields.innerMessage) | \(.fields.errorSource) | \(.fields.operation)"')" \
   "Access denied for this user | user is not admin approved to access this app | Salesforce.Common | VivaSalesContacts/GetContactsByEmailAddress" \
   "inner JSON error"
eq "$(rec $f $f:7 '"\(.code) | \(.fields.errorDescription)"')" \
   "OAUTH_APP_ACCESS_DENIED | user is not admin approved to access this app" "redirect failure line"
eq "$(rec $f $f:8 '"\(.code) \(.user) \(.message)"')" \
   "ConnectionApiPolicyViolation bob@contoso.com Something went wrong" "ConnectionApiPolicyViolation"
eq "$(rec $f $f:2 .message)" \
   "Entra token acquired for alice@contoso.com: Authorization=Bearer [redacted] correlationId=2d7f9a1c-4e8b-4c3d-b5a6-8e1f0c9d7b24" \
   "a token in a log line is redacted"

# --- Salesforce for Outlook Trace.log (log4net) --------------------------------
f=Trace.synthetic.log
eq "$(row $f '"\(.format) \(.records)"')" "addin.sfo_trace 4" "Trace.log read"
eq "$(tl --tz Europe/Berlin $f | jq -r --arg l $f:3 'select(.locator == $l) | "\(.time) \(.user) \(.code) \(.fields.otherCode) \(.fields.thread) \(.fields.logger) \(.fields.continued)"')" \
   "2026-11-24T08:14:03.123Z carol@contoso.com INVALID_SESSION_ID HTTP 401 12 SalesforceForOutlook.Connection.SalesforceConnection 2" \
   "log4net line with a stack trace"
eq "$(rec $f $f:6 '"\(.code) \(.fields.otherCode) | \(.fields.appStatus | join(","))"')" \
   "SalesforceCredentialsInvalid SalesforceNotConnected | SalesforceNotConnected,SalesforceCredentialsInvalid" \
   "application status names: the specific one is the code, the others otherCode"

# --- copied diagnostics ------------------------------------------------------------
f=copied-details.synthetic.txt
eq "$(row $f '"\(.format) \(.records)"')" "addin.diagnostics 2" "one record per block"
eq "$(rec $f $f:1 '"\(.time) \(.code) \(.user) \(.app) \(.correlation_id) \(.message)"')" \
   "2026-11-24T09:20:11.000Z ConnectionApiPolicyViolation bob@contoso.com Copilot for Sales 6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b Something went wrong" \
   "diagnostics block"
eq "$(rec $f $f:9 '"\(.time) \(.code) \(.message)"')" \
   "2026-11-24T09:25:00.000Z 13003 There was a problem starting Copilot for Sales" "second block"

# --- console exports -------------------------------------------------------------------
f=console-edge.synthetic.log
eq "$(row $f '"\(.format) \(.records)"')" "console.text 6" "Edge 'Save as' export"
eq "$(rec $f $f:4 '"\(.time) \(.kind) \(.code) \(.fields.level) \(.fields.url):\(.fields.lineNumber) \(.fields.continued)"')" \
   "2026-11-24T09:14:03.015Z addin.console 13003 error https://sales-addin.contoso.example/taskpane.js:131 2" \
   "Office.js 13003 error with its stack"
eq "$(rec $f $f:7 '"\(.code) \(.user) \(.correlation_id)"')" \
   "AADSTS50105 alice@contoso.com 5b8e2c71-3d4f-4a9b-8c6d-1e2f3a4b5c6d" "AADSTS50105 in the console"
eq "$(rec $f $f:8 '"\(.code) \(.fields.level)"')" "HTTP 403 error" "failed resource load"
eq "$(warnings $f)" \
   "1 console times have no date or zone: read on 2026-11-24 (the date on line 3) as UTC (--tz)" "console date taken from the file"
eq "$(tl --tz Europe/Berlin $f | jq -r --arg l $f:4 'select(.locator == $l) | .time')" \
   "2026-11-24T08:14:03.015Z" "console clock times are local to --tz"
f=console-nodate.synthetic.log
eq "$(rec $f $f:1 '"\(.time) \(.fields.clockTime) \(.code)"')" "null 10:02:11.514 13007" "no date: clock time only"
contains "$(warnings $f)" "records kept without a time" "no date warned"
f=console-export.synthetic.json
eq "$(row $f '"\(.format) \(.records)"')" "console.json 3" "JSON console export"
eq "$(rec $f "$f#/1" '"\(.time) \(.code) \(.fields.level) \(.fields.lineNumber)"')" \
   "2026-11-24T09:14:03.015Z 13003 error 131" "JSON console message"
eq "$(rec $f "$f#/2" '"\(.time) \(.code) \(.user)"')" "2026-11-24T09:14:05.442Z AADSTS50105 alice@contoso.com" "ISO timestamp"
contains "$(rec $f "$f#/2" .fields.url)" "&code=[redacted]&state=st-1" "authorization code redacted in a console URL"

# --- generic timestamped logs -------------------------------------------------------
f=generic-syslog.synthetic.log
eq "$(row $f '"\(.format) \(.records)"')" "log.timestamped 3" "syslog-style log"
eq "$(rec $f $f:2 '"\(.time) \(.kind) \(.fields.level) \(.user) \(.code) \(.fields.otherCode) \(.correlation_id) \(.fields.host) \(.fields.program)"')" \
   "2026-11-24T09:14:03.000Z log.line ERROR alice@contoso.com invalid_token HTTP 401 7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f wks-alice outlook-helper" \
   "syslog line: year from the file, level, user, the OAuth error as the code (HTTP status after it), client-request-id"
f=generic-app.synthetic.log
eq "$(rec $f $f:1 '"\(.time) \(.message)"')" "null === Contoso CRM sync agent 2.1 ===" "a line before the first timestamp is its own record"
eq "$(rec $f $f:2 '"\(.time) \(.fields.level) \(.code) \(.fields.continued) | \(.fields.errorDescription)"')" \
   "2026-11-24T09:14:03.120Z ERR invalid_grant 1 | expired access/refresh token" "offset time, OAuth error in JSON, continuation"
eq "$(rec $f $f:4 .fields.level)" "INF" "three-letter levels"

# --- HAR: an Outlook add-in sign-in ------------------------------------------------------
f=addin-signin.synthetic.har
eq "$(row $f '"\(.format) \(.status) \(.records)"')" "har ok 5" "sign-in HAR"
e() { rec $f "$f#/log/entries/$1" "$2"; }
eq "$(e 1 '"\(.time) \(.kind) \(.status) \(.code) \(.user) \(.fields.method) \(.fields.host) \(.fields.path)"')" \
   "2026-11-24T09:14:02.988Z http.exchange 302 OAUTH_APP_ACCESS_DENIED alice@contoso.com GET login.salesforce.com /services/oauth2/authorize" \
   "Salesforce authorize redirect"
eq "$(e 1 .message)" "user is not admin approved to access this app" "error_description of the Location"
eq "$(e 3 '"\(.time) \(.status) \(.code) \(.fields.otherCode) \(.correlation_id) | \(.message)"')" \
   "2026-11-24T09:14:03.120Z 403 access_denied HTTP 403 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d | Access denied for this user" \
   "add-in API 403 with a JSON error body"
eq "$(e 4 '"\(.code) \(.correlation_id) \(.fields.requestId)"')" \
   "AADSTS50105 7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a 0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b" "AADSTS page"
eq "$(e 0 '.code // "none"')" "none" "a successful exchange has no code"

# --- HAR: secrets never leave the parser ----------------------------------------------------
f=secrets.synthetic.har
eq "$(row $f '"\(.status) \(.records)"')" "ok 5" "secrets HAR read"
eq "$(rec $f "$f#/log/entries/2" '"\(.status) \(.code) \(.message)"')" \
   "401 INVALID_SESSION_ID Session expired or invalid" "base64 JSON error body (Salesforce REST)"
eq "$(rec $f "$f#/log/entries/3" '"\(.code) \(.correlation_id)"')" \
   "AADSTS70008 3c4d5e6f-7081-4293-a4b5-c6d7e8f90a12" "base64 JSON error body (Entra)"
contains "$(rec $f "$f#/log/entries/1" .fields.location)" "#access_token=[redacted]&token_type=Bearer&id_token=[redacted]" \
   "tokens in a redirect fragment redacted"
contains "$(rec $f "$f#/log/entries/2" .fields.url)" "&access_token=[redacted]" "token in a query redacted"
eq "$(tl $f | jq -rs '[.[] | .fields.authScheme // "-"] | join(",")')" "Basic,-,Bearer,-,-" \
   "the Authorization scheme is kept, never the credential"
# some secrets below are only in the input base64- or URL-encoded: the
# parser decodes bodies and forms, so the decoded form is looked for too
for fmt in text ndjson csv; do
	"$TRIAGE" timeline -f $fmt $f copilot-client.synthetic.log console-export.synthetic.json >"$TMP/out.$fmt"
done
"$TRIAGE" inventory -f text $f copilot-client.synthetic.log >"$TMP/out.inv"
"$TRIAGE" inventory -f json $f copilot-client.synthetic.log >"$TMP/out.invjson"
for secret in \
	c2FsZXMtYWRkaW46Y2xpZW50LXNlY3JldC05ZjhlN2Q synthetic-session-cookie-value synthetic-browser-id \
	synthetic-set-cookie-value synthetic-set-cookie-sid synthetic-ests-cookie-value \
	aPrxSyntheticAuthCode4711 client-secret-9f8e7d6c5b4a synthetic-access-token \
	5Aep861synthetic-refresh-token synthetic-query-token 0.ARsynthetic-ms-refresh \
	P@ssw0rd-synthetic-4711 P%40ssw0rd-synthetic-4711 PHNhbWxwOlJlc3BvbnNlIHN5bnRoZXRpYz0idHJ1ZSIvPg \
	synthetic-frontdoor-sid AXsynthetic-console-code \
	eyJzdWIiOiJzeW50aGV0aWMtYWNjZXNzIn0 eyJzdWIiOiJzeW50aGV0aWMtaWQifQ eyJpc3MiOiJzeW50aGV0aWMtYXNzZXJ0aW9uIn0 \
	eyJ1cG4iOiJhbGljZUBjb250b3NvLmNvbSJ9 c3ludGhldGljLXNpZ25hdHVyZS; do
	if grep -F -l -- "$secret" "$TMP"/out.* >/dev/null; then
		bad "secret $secret appears in $(grep -F -l -- "$secret" "$TMP"/out.* | tr '\n' ' ')"
	else
		ok
	fi
done
eq "$(grep -o -F '[redacted]' "$TMP/out.ndjson" | wc -l | tr -d ' ')" 6 "redaction marks where secrets were"
# a token where a long message is cut is redacted before the cut
x=$(awk 'BEGIN { while (n++ < 8180) printf "x" }')
printf '2026-11-24T09:00:00Z ERROR %s Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjdXQifQ.c2lnbmF0dXJl\n' "$x" >"$TMP/cut.log"
tl "$TMP/cut.log" >"$TMP/cut.json"
if grep -q -F eyJzdWIiOiJjdXQifQ "$TMP/cut.json"; then bad "a token across the message cut leaks"; else ok; fi
eq "$(jq -r '.message | "\(length) \(.[-14:])"' "$TMP/cut.json")" "8195 Bearer [red..." "long messages are cut at 8 KiB"

# --- damaged input: a bad entry is warned about, the rest read ---------------------------------
printf '{"log":{"version":"1.2","entries":[\n{"startedDateTime":"2026-11-24T09:00:00Z","request":{"method":"GET","url":"https://a.example/x"},"response":{"status":500,"statusText":"Server Error","content":{}}},\n42,\n{"startedDateTime":"yesterday","request":{"method":"GET","url":"https://a.example/y"},"response":{"status":200,"content":{}}}]}}\n' >"$TMP/bad.har"
eq "$(row "$TMP/bad.har" '"\(.status) \(.records)"')" "partial 2" "a non-object entry is skipped"
eq "$(warnings "$TMP/bad.har")" \
   '3 entry #/log/entries/1 is not an object; skipped; 4 entry #/log/entries/2: startedDateTime "yesterday" not understood; kept without a time' \
   "bad entries warned with their lines"
eq "$(tl "$TMP/bad.har" | jq -rs '.[0] | "\(.code) \(.message)"')" "HTTP 500 HTTP 500 Server Error" "a 500 without a body"
printf '2026-11-24T09:00:00Z ERROR first\n2026-11-24T09:00:01Z INFO second\n\377\376 broken bytes\n' >"$TMP/bytes.log"
eq "$(row "$TMP/bytes.log" '"\(.status) \(.records) \(.warnings[0].message)"')" \
   "ok 2 2 invalid UTF-8 byte(s) replaced with U+FFFD" "invalid bytes in a log"

# --- the real public samples, when they are there ----------------------------------------------
C="${TRIAGE_CORPUS:-$top_srcdir/../shared/corpus/real}"
if [ -d "$C/har" ] && [ -d "$C/office-addin-runtime-log" ]; then
	"$TRIAGE" inventory -f json "$C/har" "$C/office-addin-runtime-log" >"$TMP/c.json"
	for p in "$C"/har/* "$C"/office-addin-runtime-log/*; do
		r=$(jq -c --arg l "$p" '.inputs[] | select(.locator == $l)' "$TMP/c.json")
		case "$(basename "$p")" in
		harviewer__not-valid.har)
			eq "$(echo "$r" | jq -r '"\(.status) \(.warnings[0].line) \(.warnings[0].message)"')" \
			   'error 1 invalid HAR: "log" has no "entries" array' "$p" ;;
		*)
			eq "$(echo "$r" | jq -r '.status')" ok "$p status"
			[ "$(echo "$r" | jq -r '.records')" -gt 0 ] && ok || bad "$p: no records" ;;
		esac
	done
	R="$C/office-addin-runtime-log"
	f4391="$R/office-js-issue-4391__outlook-classic-runtime-log.excerpt.log"
	eq "$(tl "$f4391" | jq -rs '.[0] | "\(.time) \(.fields.session)"')" "2024-03-07T09:00:52.000Z start" \
	   "4391: 03/07/2024 is ambiguous, read month first"
	eq "$(jq -r --arg l "$f4391" '.inputs[] | select(.locator == $l) | .warnings[0].message' "$TMP/c.json")" \
	   "5 dates read either way (day/month or month/day) and no date in the file decides; read as month/day/year because slash dates are month first in the US layout (a guess)" "4391 ambiguity warning"
	eq "$(tl "$f4391" | jq -rs '[.[].fields.addinId // empty] | unique | join(",")')" \
	   "bc13b9d0-5ba2-446a-956b-c583bdc94d5e" "4391 add-in id"
	eq "$(tl "$f4391" | jq -rs '[.[] | select(.fields.benign == "true")] | length')" 4 "4391 Monitorable lines benign"
	eq "$(tl "$R/office-js-issue-3451__outlook-windows-runtime-log.excerpt.log" | jq -rs '.[1] | "\(.time) \(.fields.addinId)"')" \
	   "2023-06-23T08:41:09.000Z 9fd38622-d9b4-4401-b1b9-1ce14c5e435a" "3451: 6/23/2023 decides month first"
	eq "$(tl "$R/office-js-issue-1579__excel-OfficeAddins.log.excerpt.txt" | jq -rs '[.[].fields.addinId // empty] | unique | join(",")')" \
	   "16d0e6ab-4073-48e9-932c-e6c73ae6b37a" "1579: Solution= gives the add-in id"
	fid="$C/har/harviewer__issue-61_ie11.fiddler.har"
	eq "$(jq -r --arg l "$fid" '.inputs[] | select(.locator == $l) | "\(.format) \(.encoding) \(.records)"' "$TMP/c.json")" \
	   "har utf-8-bom 11" "Fiddler HAR with a BOM"
	eq "$(tl "$fid" | jq -rs '.[0] | "\(.time) \(.status) \(.fields.host)"')" \
	   "2016-06-28T20:42:02.722Z 200 gitgrimbo.github.io" "Fiddler entry time with a +01:00 offset"
	eq "$(tl "$C/har/harviewer__issue-49_chrome51.har" | jq -rs '[.[] | .message // empty] | unique | join(",")')" \
	   "net::ERR_BLOCKED_BY_CLIENT,net::ERR_INSECURE_RESPONSE" "Chrome network errors"
else
	echo "note: no corpus at $C; real samples not checked"
fi
# a console saved by Edge or Chrome is named <host>-<epoch ms>.log: its
# date dates the clock-only lines, and a time of day after the save time
# belongs to the day before
cp "$TD/outlook/console-nodate.synthetic.log" "$TMP/outlook.office.com-1795512000000.log"
eq "$("$TRIAGE" timeline -f ndjson "$TMP/outlook.office.com-1795512000000.log" | jq -rs '.[0] | "\(.time) \(.code)"')" \
   "2026-11-23T10:02:11.514Z 13007" "date from the file name; 10:02 is after the 09:20 save, so the day before"
eq "$("$TRIAGE" timeline -f ndjson --tz +02:00 "$TMP/outlook.office.com-1795512000000.log" | jq -rs '.[0].time')" \
   "2026-11-24T08:02:11.514Z" "--tz: the save was 11:20 local, 10:02 local is the same day"
"$TRIAGE" inventory -f json "$TMP/outlook.office.com-1795512000000.log" >"$TMP/cn.json"
contains "$(jq -r '.inputs[0].warnings[0].message' "$TMP/cn.json")" "(the save time in the file name)" "the warning says where the date came from"

finish
