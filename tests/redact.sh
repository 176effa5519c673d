#!/bin/sh
# redact.sh - --redact: no identifier of a bundle reaches any output.  For
# every scenario bundle the identifiers are taken from what triage read
# (its unredacted timeline and inventory): mail addresses, IPv4 addresses
# (not versions such as Edg/131.0.0.0, not networks ending .0.0) and
# GUIDs (not Microsoft's first-party app ids, the same in every tenant);
# then analyze (JSON, with standard error) and timeline (CSV) run with --redact, and not
# one of them may appear.  The demo and the shared scenarios go through
# every format.  The pseudonyms are stable across commands, and
# --redact-map says which stands for what.
. "$(dirname "$0")/lib.sh"
cd "$top_srcdir" || exit 99
TRIAGE_RULES_DIR=rules
export TRIAGE_RULES_DIR

# ids FILE...: the identifiers in the files, one per line
ids() {
	cat "$@" | grep -oE "[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}" | sed "s/^[.'-]*//" |
		grep -v '@odata\.'	# "grantControls@odata.context" is a JSON key
	cat "$@" | grep -oE '(^|[^/0-9.])([0-9]{1,3}\.){3}[0-9]{1,3}([^.0-9]|\.[^0-9]|$)' |
		grep -oE '([0-9]{1,3}\.){3}[0-9]{1,3}' | grep -vE '\.0\.0$' |
		awk -F. '$1 <= 255 && $2 <= 255 && $3 <= 255 && $4 <= 255'
	cat "$@" | grep -oE '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}' |
		grep -viE '^0000000.-0000-(0000-c000|0ff1-ce00)-000000000000$'
}

# leaks NAME: the identifiers of $TMP/ids found in $TMP/red.*
leaks() {
	sort -u "$TMP/ids" | grep -v '^$' >"$TMP/ids.u"
	if [ -s "$TMP/ids.u" ]; then
		got=$(cat "$TMP"/red.* | grep -oiwF -f "$TMP/ids.u" | sort -u | head -5 | tr '\n' ' ')
	else
		got=
	fi
	eq "$got" "" "$1: no identifier left"
}

n=0
total=0
for d in testdata/scenarios/*/ ../shared/scenarios/*/ testdata/demo/ticket-4711.zip; do
	case $d in
	*.zip) b=$d ;;
	*) b=${d}bundle.zip; [ -e "$b" ] || b=${d}bundle ;;
	esac
	[ -e "$b" ] || continue
	n=$((n + 1))
	"$TRIAGE" timeline -f ndjson "$b" >"$TMP/plain.ndjson" 2>/dev/null
	"$TRIAGE" inventory -f json "$b" >"$TMP/plain.inv" 2>/dev/null
	ids "$TMP/plain.ndjson" "$TMP/plain.inv" >"$TMP/ids"
	total=$((total + $(sort -u "$TMP/ids" | wc -l)))
	rm -f "$TMP"/red.*
	"$TRIAGE" analyze --redact -f json "$b" >"$TMP/red.json" 2>"$TMP/red.err"
	"$TRIAGE" timeline --redact -f csv "$b" >"$TMP/red.csv" 2>/dev/null
	case $d in
	../shared/*|*.zip)
		"$TRIAGE" analyze --redact "$b" >"$TMP/red.txt" 2>/dev/null
		for f in md html; do
			"$TRIAGE" analyze --redact -f $f "$b" >"$TMP/red.$f" 2>/dev/null
		done
		"$TRIAGE" timeline --redact -f ndjson "$b" >"$TMP/red.ndjson" 2>/dev/null
		"$TRIAGE" timeline --redact "$b" >"$TMP/red.tl" 2>/dev/null
		"$TRIAGE" inventory --redact -f json "$b" >"$TMP/red.inv" 2>/dev/null
		"$TRIAGE" inventory --redact -f html "$b" >"$TMP/red.invhtml" 2>/dev/null
		;;
	esac
	leaks "$d"
done
[ "$n" -ge 200 ] && ok || bad "only $n bundles"
[ "$total" -ge 2000 ] && ok || bad "only $total identifiers looked for"

# the demo in detail: who became what, the same in every command
D=testdata/demo/ticket-4711.zip
rc 0 "analyze --redact-map" "$TRIAGE" analyze --redact -f json --redact-map "$TMP/map.tsv" "$D"
eq "$(jq -r '.identities[] | select(.id == "id-1") | .names | join(",")' "$TMP/out")" "person-1" \
	"the person the finding is about is person-1"
eq "$(grep -P '^person-1\t' "$TMP/map.tsv" | cut -f2 | sort | tr '\n' ',')" \
	"4b8f1c2e-6a3d-4e9f-8b17-2c5d9e0a7f13,alice wong,alice@contoso.com," "the map: every name of person-1"
eq "$(grep -cP '^host-[0-9]+\tcontoso\.com$' "$TMP/map.tsv")" 1 "the map: the customer's domain"
eq "$(grep -cP '^tenant-[0-9]+\tcontoso\.onmicrosoft\.com$' "$TMP/map.tsv")" 1 "the map: the tenant's domain"
rc 0 "timeline --redact" "$TRIAGE" timeline --redact -f csv "$D"
eq "$(grep -c 'Failed: Not approved for access' "$TMP/out")" 2 "timeline: the rows are there"
eq "$(grep 'Failed: Not approved for access' "$TMP/out" | cut -d, -f3 | sort -u)" "person-1" \
	"timeline: the same pseudonym as the report"
rc 0 "analyze --redact text" "$TRIAGE" analyze --redact --width 0 "$D"
contains "$(cat "$TMP/out")" "   affects person-1
" "text: the person"
contains "$(cat "$TMP/out")" "Failed: Not approved for access\" for person-1 on Microsoft Copilot for Sales" \
	"text: inside evidence sentences"
# a name cut by wrapping is still redacted: the text is redacted first
rc 0 "analyze --redact narrow" "$TRIAGE" analyze --redact --width 40 "$D"
eq "$(grep -ci 'alice' "$TMP/out")" 0 "text at 40 columns: no name"
rc 2 "--redact-map needs a file" "$TRIAGE" analyze --redact-map
rc 2 "no --redact for explain" "$TRIAGE" explain --redact 50105
finish
