#!/bin/sh
# scenarios.sh - the scenario bundles with their expected answers:
# testdata/scenarios/*/ always, and ../shared/scenarios/*/ when the shared
# directory sits beside the project.  Each is checked by
# ../shared/tools/check-scenarios when it is there (python3), else by the
# project's own reading of expected.json with jq: every expected cause
# found for its user and owner (and state, when expected.json gives one:
# open or resolved) with its evidence locators, no forbidden
# cause ranked at or above it, nothing at all for a clean bundle.
. "$(dirname "$0")/lib.sh"
cd "$top_srcdir" || exit 99
TRIAGE_RULES_DIR=rules
export TRIAGE_RULES_DIR
SHARED=$top_srcdir/../shared
CHECK=$SHARED/tools/check-scenarios

# own_check DIR: expected.json of DIR against triage analyze -f json
own_check() {
	d=$1
	b=$d/bundle.zip
	[ -e "$b" ] || b=$d/bundle
	"$TRIAGE" analyze -f json "$b" >"$TMP/r.json" 2>"$TMP/r.err"
	st=$?
	if [ "$st" -gt 1 ]; then bad "$d: exit status $st"; return; fi
	if [ "$(jq -r '.clean // false' "$d/expected.json")" = true ]; then
		eq "$(jq -r '.findings | length' "$TMP/r.json")" 0 "$d: clean bundle, no findings"
		return
	fi
	n=$(jq '.expect | length' "$d/expected.json")
	i=0
	while [ "$i" -lt "$n" ]; do
		got=$(jq -r --slurpfile e "$d/expected.json" --argjson i "$i" '
			($e[0].expect[$i]) as $x
			| (.identities | map({(.id): .names}) | add // {}) as $ids
			| [.findings[]
			   | .cause as $c
			   | select($c == $x.cause or ((($x.accept // []) | index($c)) != null))
			   | select(($x.owner // .owner) == .owner)
			   | select(($x.state // .state) == .state)
			   | select(($x.user // "") == "" or
				([.identities[] | $ids[.][]?] + [.symptoms[] | .user // "", .text]
				 | map(ascii_downcase) | any(contains($x.user | ascii_downcase))))
			   | select([($x.evidence // [])[] as $sub
				| ([.evidence[], .symptoms[] | .locator] | any(contains($sub)))] | all)
			  ] as $m
			| if ($m | length) == 0 then "missing"
			  else ($m | max_by(.confidence)) as $best
			  | if [.findings[] | .cause as $c
				| select(($e[0].forbid | index($c)) != null
				and .confidence >= $best.confidence)
				| select(($x.user // "") == "" or
				([.identities[] | $ids[.][]?] + [.symptoms[] | .user // "", .text]
				 | map(ascii_downcase) | any(contains($x.user | ascii_downcase))))
				] | length > 0
			    then "decoy ranks at or above" else "ok" end end' "$TMP/r.json")
		eq "$got" ok "$d: expected cause $(jq -r ".expect[$i].cause" "$d/expected.json")"
		i=$((i + 1))
	done
}

dirs=$(ls -d testdata/scenarios/*/)
if [ -d "$SHARED/scenarios" ]; then
	dirs="$dirs $(ls -d "$SHARED"/scenarios/*/)"
fi
if [ -x "$CHECK" ] && command -v python3 >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	"$CHECK" --triage "$TRIAGE" $dirs >"$TMP/check.out" 2>&1
	if [ $? -eq 0 ]; then ok; else bad "check-scenarios:"; grep -v '^ok' "$TMP/check.out" >&2; fi
	eq "$(tail -n 1 "$TMP/check.out" | sed 's/.*passed, //')" "0 failed" "check-scenarios: none failed"
fi
for d in $dirs; do
	own_check "${d%/}"
done
finish
