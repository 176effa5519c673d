#!/bin/sh
# corpus.sh - every real public sample in ../shared/corpus/real/ (when that
# folder is there; its files are not copied into the project) is detected
# as its family and read without error, except the ones SOURCES.md notes
# as invalid as published, which must give an error with the position.
. "$(dirname "$0")/lib.sh"
C="${TRIAGE_CORPUS:-$top_srcdir/../shared/corpus/real}"
if [ ! -d "$C" ]; then
	echo "SKIP: no corpus at $C"
	exit 77
fi
"$TRIAGE" inventory -f json "$C" >"$TMP/c.json" || bad "inventory of the corpus failed"

family() {
	case "$1" in
	sf-connectedapp) echo '^sf\.connected_app$' ;;
	sf-profile) echo '^sf\.profile$' ;;
	sf-permissionset) echo '^sf\.permission_set$' ;;
	sf-package-xml) echo '^sf\.package$' ;;
	sf-eventlogfile) echo '^sf\.(elf\.csv|elf\.json|soql\.json)$' ;;
	entra-signin) echo '^entra\.signin\.' ;;
	entra-audit) echo '^entra\.audit\.' ;;
	purview-ual) echo '^m365\.audit\.' ;;
	har) echo '^har$' ;;
	office-addin-runtime-log) echo '^addin\.runtime_log$' ;;
	*) echo '^UNKNOWN FAMILY$' ;;
	esac
}

n=0
for dir in "$C"/*/; do
	fam=$(basename "$dir")
	re=$(family "$fam")
	for f in "$dir"*; do
		n=$((n + 1))
		row=$(jq -c --arg l "$f" '.inputs[] | select(.locator == $l)' "$TMP/c.json")
		fmt=$(echo "$row" | jq -r .format)
		if echo "$fmt" | grep -Eq "$re"; then ok; else bad "$f: detected as $fmt, not $fam"; fi
		st=$(echo "$row" | jq -r .status)
		case "$(basename "$f")" in
		harviewer__not-valid.har)
			eq "$st" error "$f status"
			eq "$(echo "$row" | jq -r '.warnings[0] | "\(.line) \(.message)"')" \
			   '1 invalid HAR: "log" has no "entries" array' "$f reason" ;;
		msgraph-docs__signin-list_v1_example1.response.json)
			eq "$st" error "$f status"
			eq "$(echo "$row" | jq -r '.warnings[0] | "\(.line) \(.message)"')" \
			   "64 invalid JSON at column 15 (offset 2710): syntax error: ']' after a trailing comma; the rest was not read" "$f reason" ;;
		*)
			eq "$st" ok "$f status"
			r=$(echo "$row" | jq -r .records)
			[ "$r" -gt 0 ] && ok || bad "$f: no records" ;;
		esac
	done
done
[ "$n" -ge 40 ] && ok || bad "only $n corpus files found"
finish
