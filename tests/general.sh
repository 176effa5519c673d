#!/bin/sh
# general.sh - testdata/general/bundle: files in shapes no specific parser
# claims, each holding an error.  Every error must reach the report (a
# finding's symptom or an unexplained error) at its place, with its UTC
# time and its person; and each file is read by the reader expected of it.
. "$(dirname "$0")/lib.sh"
# the shipped rules, also when the tree is not installed (distcheck)
TRIAGE_RULES_DIR=$top_srcdir/rules
export TRIAGE_RULES_DIR
B=$TD/general/bundle
"$TRIAGE" analyze -f json "$B" >"$TMP/a.json" 2>"$TMP/a.err"
st=$?
[ "$st" -le 1 ] && ok || bad "analyze exit status $st"
"$TRIAGE" inventory -f json "$B" >"$TMP/i.json" 2>/dev/null || bad "inventory failed"

# every error of the report: locator, time, user
jq -r '[(.findings[].symptoms[]), (.unexplained[])] | .[] |
	"\(.locator) \(.time) \(.user)"' "$TMP/a.json" | sort -u >"$TMP/seen"

# seen LOCATOR TIME USER
seen() {
	if grep -qxF "$B/$1 $2 $3" "$TMP/seen"; then ok; else
		bad "$1: no error at $2 for $3 (seen: $(grep -F "$B/$1 " "$TMP/seen" | tr '\n' ';'))"
	fi
}
seen logs/crm-bridge.jsonl:2 2025-03-03T08:14:03.480Z anna.kowalski@contoso.com
seen logs/ecs-events.ndjson:1 2025-03-03T08:20:11.000Z anna.kowalski@contoso.com
seen logs/worker.pino.log:2 2025-03-03T11:14:10.000Z b.nowak@contoso.com
seen logs/gateway.log:2 2025-03-03T08:31:09.000Z b.nowak@contoso.com
seen logs/LogAnalytics_SigninLogs.csv:2 2025-03-03T08:40:12.345Z anna.kowalski@contoso.com
seen logs/client-de.log:1 2025-03-03T08:45:30.000Z anna.kowalski@contoso.com
seen logs/client-in.log:1 2025-03-03T08:50:05.000Z c.rao@contoso.com
seen logs/client-nz.log:1 2025-03-03T08:55:00.000Z d.walker@contoso.com
seen logs/client-jp.log:1 2025-03-03T08:50:00.000Z e.sato@contoso.com
seen client/j.doe/CopilotForSales.txt:1 2025-03-03T10:02:44.000Z jane.doe@contoso.com
seen helpdesk/incident.json:1 2025-03-03T08:55:00.000Z anna.kowalski@contoso.com
seen helpdesk/freshdesk_tickets.csv:2 2025-03-03T09:05:00.000Z b.nowak@contoso.com
seen 'helpdesk/mail.eml!/message.txt:10' 2025-03-03T09:40:00.000Z c.rao@contoso.com
seen exchange/Get-Connection_fl.txt:2 2025-03-03T09:58:00.000Z f.meyer@contoso.com
seen 'graph/provisioning.json#/value/0' 2025-03-03T07:30:00.000Z g.lopez@contoso.com
seen 'browser/error-page.html!/text.txt:2' 2025-03-03T11:15:00.000Z h.kim@contoso.com

# the person behind the client log comes from its folder, and says so
eq "$(jq -r --arg l "$B/client/j.doe/CopilotForSales.txt:1" \
	'[(.findings[].symptoms[]), (.unexplained[])] | map(select(.locator == $l)) | .[0].user_from' \
	"$TMP/a.json")" "file name" "j.doe: person inferred from the file name"

# the readers that took them
rd() { eq "$(inv "$TMP/i.json" "$B/$1" .format)" "$2" "$1: reader"; }
rd logs/crm-bridge.jsonl generic.json
rd logs/ecs-events.ndjson generic.json
rd logs/worker.pino.log generic.json
rd logs/gateway.log generic.text
rd exchange/Get-Connection_fl.txt ps.list
rd graph/provisioning.json entra.graph
rd graph/users.json entra.graph
rd helpdesk/incident.json ticket.json
rd helpdesk/freshdesk_tickets.csv ticket.csv
rd 'helpdesk/mail.eml!/message.txt' ticket.note
rd 'browser/error-page.html!/text.txt' generic.text
# an abbreviation with several meanings is read as documented and said
contains "$(inv "$TMP/i.json" "$B/logs/client-in.log" '[.warnings[].message] | join(" ")')" \
	'zone "IST" read as India Standard Time (UTC+05:30)' "IST: the choice is said"
# nothing in the bundle went unread
eq "$(jq '[.inputs[] | select(.status != "ok")] | length' "$TMP/i.json")" 0 "all inputs read"
finish
