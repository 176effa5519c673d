#!/bin/sh
# fleet.sh - analyze -f ndjson, for running triage over many bundles: a
# line per finding (triage.finding/1) and one per bundle
# (triage.bundle/1), each valid JSON on one line with the bundle's name and
# SHA-256 (a file's, or a directory's tree digest, which the shell pipeline
# in src/sha256.h reproduces); a clean bundle still gives its bundle line;
# the lines of several runs concatenate into one table; --redact applies.
. "$(dirname "$0")/lib.sh"
cd "$top_srcdir" || exit 99
TRIAGE_RULES_DIR=rules
export TRIAGE_RULES_DIR
D=testdata/demo/ticket-4711.zip

rc 0 "ndjson of the demo" "$TRIAGE" analyze -f ndjson "$D"
eq "$(wc -l <"$TMP/out" | tr -d ' ')" 2 "a line per finding and one for the bundle"
jq -e . "$TMP/out" >/dev/null 2>&1 && ok || bad "a line is not JSON"
eq "$(jq -r .schema "$TMP/out" | tr '\n' ' ')" "triage.finding/1 triage.bundle/1 " "the schemas, in order"
sum=$(sha256sum "$D" | cut -d' ' -f1)
eq "$(jq -r '"\(.bundle) \(.sha256)"' "$TMP/out" | sort -u)" "$D $sum" "every line: the bundle's name and SHA-256"
eq "$(sed -n 1p "$TMP/out" | jq -r '"\(.cause) \(.owner) \(.severity) \(.people[0][0])"')" \
	"sf.connected_app.not_preauthorized salesforce-admin high alice@contoso.com" "the finding line"
eq "$(sed -n 1p "$TMP/out" | jq -c '[.evidence[0].locator]')" \
	"$("$TRIAGE" analyze -f json "$D" 2>/dev/null | jq -c '[.findings[0].evidence[0].locator]')" \
	"the finding as in the JSON report"
eq "$(sed -n 2p "$TMP/out" | jq -c '[.findings, .unexplained, .causes, .inputs_not_read, .limit_reached, .tool.version]')" \
	'[1,0,["sf.connected_app.not_preauthorized"],[],null,"0.1.0"]' "the bundle line"

# a folder: its tree digest, as the shell pipeline computes it
d=testdata/scenarios/blind-a-05-email-password-expired/bundle
"$TRIAGE" analyze -f ndjson "$d" >"$TMP/dir.ndjson" 2>/dev/null
tree=$(cd "$d" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1)
eq "$(tail -1 "$TMP/dir.ndjson" | jq -r .sha256)" "$tree" "a folder's tree digest"

# a clean bundle: only its bundle line, with no finding
c=testdata/scenarios/blind2-e-07-clean-lookalikes
b=$c/bundle.zip
[ -e "$b" ] || b=$c/bundle
"$TRIAGE" analyze -f ndjson "$b" >"$TMP/clean.ndjson" 2>/dev/null
eq "$(jq -r '"\(.schema) \(.findings)"' "$TMP/clean.ndjson")" "triage.bundle/1 0" "a clean bundle: its bundle line"

# many runs, one table: the lines concatenate and group by bundle
cat "$TMP/out" "$TMP/dir.ndjson" "$TMP/clean.ndjson" >"$TMP/all.ndjson"
eq "$(jq -s -c '[.[] | select(.schema == "triage.bundle/1") | .findings] | add' "$TMP/all.ndjson")" \
	"$(jq -s '[.[] | select(.schema == "triage.finding/1")] | length' "$TMP/all.ndjson")" \
	"the findings of the bundle lines add up to the finding lines"

# redacted: no address of the bundle left
"$TRIAGE" analyze -f ndjson --redact "$D" >"$TMP/red.ndjson" 2>/dev/null
jq -e . "$TMP/red.ndjson" >/dev/null 2>&1 && ok || bad "--redact: not JSON lines"
grep -q "contoso.com" "$TMP/red.ndjson" && bad "--redact: an address left" || ok

# analyze only
rc 2 "inventory -f ndjson" "$TRIAGE" inventory -f ndjson "$D"
eq "$(head -1 "$TMP/err")" "triage: unknown format 'ndjson' (text, json, md, html)" "inventory: refused"
finish
