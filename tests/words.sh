#!/bin/sh
# words.sh - what readers see is in their words: every scenario bundle
# (testdata/scenarios/*/, and ../shared/scenarios/*/ when it is beside the
# project) analysed in every reader-facing format, and no output holds an
# unfilled placeholder ("<user>", "<profile>"), an internal record kind
# ("sf.setup_audit", "log.line" where "Setup Audit Trail (CSV download)"
# or "log" belongs) or a catalogue id ("(CFS-01)").  Cause ids such as
# sf.user.inactive are the taxonomy, shown on purpose, and are allowed.
. "$(dirname "$0")/lib.sh"
cd "$top_srcdir" || exit 99
TRIAGE_RULES_DIR=rules
export TRIAGE_RULES_DIR

"$TRIAGE" rules causes | awk 'NR > 1 {print $1}' >"$TMP/causes"
eq "$(wc -l <"$TMP/causes" | tr -d ' ')" "$(grep -c '^	{"' src/causes.c)" "the cause list"

# the words that must not reach a reader
PLACEHOLDER='<[A-Za-z_][A-Za-z0-9_.]*>|&lt;[A-Za-z_][A-Za-z0-9_.]*&gt;'
KIND='(^|[ ("'"'"'])(sf|entra|m365|addin|log|http|ticket|model|windows|ps|generic|browser|exchange|pp)\.[a-z_]+([.][a-z_]+)*([ ,;:)"'"'"']|$)'
CATALOGUE='\b(ADD|CFS|EXO|OI|EAC|SC|KB|S2S|CA|SF|AAD)-[0-9]{2}\b'

n=0
for d in testdata/scenarios/*/ ../shared/scenarios/*/; do
	[ -d "$d" ] || continue
	b=${d}bundle.zip
	[ -e "$b" ] || b=${d}bundle
	[ -e "$b" ] || continue
	n=$((n + 1))
	for f in text md html; do
		"$TRIAGE" analyze -f "$f" "$b" >"$TMP/out" 2>/dev/null
		[ "$f" = html ] && sed 's/<[^>]*>//g' "$TMP/out" >"$TMP/out.txt" || cp "$TMP/out" "$TMP/out.txt"
		got=$(grep -oE "$PLACEHOLDER" "$TMP/out.txt" | sort -u | tr '\n' ' ')
		eq "$got" "" "$d ($f): no unfilled placeholder"
		got=$(grep -oE "$KIND" "$TMP/out.txt" | sed -E 's/^[ ("'"'"']//; s/[ ,;:)"'"'"']$//' |
			grep -vxFf "$TMP/causes" | sort -u | tr '\n' ' ')
		eq "$got" "" "$d ($f): no internal record kind"
		got=$(grep -oE "$CATALOGUE" "$TMP/out.txt" | sort -u | tr '\n' ' ')
		eq "$got" "" "$d ($f): no catalogue id"
	done
done
[ "$n" -ge 200 ] && ok || bad "only $n scenario bundles found"

# the words themselves: where the ids were, the names people know
S=testdata/scenarios
"$TRIAGE" analyze --width 0 testdata/demo/ticket-4711.zip >"$TMP/out" 2>/dev/null
contains "$(cat "$TMP/out")" "     Setup Audit Trail (CSV download) from the Salesforce admin: Setup > View Setup Audit Trail > Download" \
	"missing: the export's name"
contains "$(cat "$TMP/out")" "2026-11-24T09:14:03.000Z  Login History (CSV download)  Failed: Not approved for access" \
	"seen: the source's name"
contains "$(cat "$TMP/out")" "and add their profile (the Profile column of the User export) or a permission set" \
	"a fix step whose value the bundle lacks says where to find it"
"$TRIAGE" analyze -f json testdata/demo/ticket-4711.zip >"$TMP/out" 2>/dev/null
eq "$(jq -r '.findings[0].missing[0] | "\(.needs) \(.export)"' "$TMP/out")" \
	"sf.setup_audit Setup Audit Trail (CSV download)" "JSON: the id (contract) and the name"
eq "$(jq -r '.findings[0].symptoms[0] | "\(.kind) \(.source)"' "$TMP/out")" \
	"sf.login Login History (CSV download)" "JSON: a symptom's kind and source"
# a person in a fix step and in what to ask for
"$TRIAGE" analyze --width 0 "$S/m365-ews-disabled/bundle" >"$TMP/out" 2>/dev/null
contains "$(cat "$TMP/out")" "Set-CASMailbox " "EWS fix step"
eq "$(grep -c 'Set-CASMailbox USER@DOMAIN' "$TMP/out")" 0 "EWS fix: the person, not a stand-in"
finish
