#!/bin/sh
# errorbook.sh - the error book against errors as people paste them.
#
# testdata/errorbook/*.jsonl hold (error as pasted, cause, owner) triples
# gathered from public issue trackers, knowledge articles and the error
# references, each with its source.  Every text goes through "triage
# explain"; the test counts how often the expected cause comes first (and
# with the expected owner) and how often it is among the candidates.  A
# triple whose cause is out_of_scope is right when no cause is offered.
# The floors below are the scores the book has reached: a change that
# loses one fails here, and a change that wins one raises the floor.
. "$(dirname "$0")/lib.sh"
export TRIAGE_RULES_DIR="$top_srcdir/rules"

FIRST_MIN=190
OWNER_MIN=177
AMONG_MIN=202

cat "$TD"/errorbook/*.jsonl | jq -s . >"$TMP/book.json"
jq -j '.[] | .text + "\u0000"' "$TMP/book.json" >"$TMP/texts"
xargs -0 "$TRIAGE" explain -f json -- <"$TMP/texts" >"$TMP/ans.json" 2>"$TMP/err"
st=$?
# explain exits 1 when a text matched nothing (xargs then says 123)
unmatched=$(jq '[.queries[] | select((.causes | length) == 0 and (.recognised | length) == 0)] | length' "$TMP/ans.json")
eq "$st" "$([ "$unmatched" -gt 0 ] && echo 123 || echo 0)" "explain of every text (exit status)"
eq "$(cat "$TMP/err")" "" "explain of every text: nothing on standard error"
# one line per triple: expected cause, expected owner, causes offered, first owner
jq -r --slurpfile ans "$TMP/ans.json" '
	[., $ans[0].queries] | transpose[] |
	[.[0].cause, .[0].owner, ([.[1].causes[].cause] | join(" ")),
	 (.[1].causes[0].owner // "")] | @tsv' "$TMP/book.json" >"$TMP/rows"
total=0 first=0 among=0 owner=0
tab=$(printf '\t')
while IFS="$tab" read -r want want_owner got got_owner; do
	total=$((total + 1))
	if [ "$want" = out_of_scope ]; then
		[ -z "$got" ] && first=$((first + 1)) among=$((among + 1)) owner=$((owner + 1))
		continue
	fi
	case " $got " in *" $want "*) among=$((among + 1)) ;; esac
	if [ "${got%% *}" = "$want" ]; then
		first=$((first + 1))
		[ "$got_owner" = "$want_owner" ] && owner=$((owner + 1))
	fi
done <"$TMP/rows"
echo "error book: $total triples; documented cause first $first (with its owner $owner); among the candidates $among"
eq "$total" "$(jq length "$TMP/book.json")" "one answer per triple"
[ "$first" -ge "$FIRST_MIN" ] && ok || bad "cause first: $first, was $FIRST_MIN"
[ "$owner" -ge "$OWNER_MIN" ] && ok || bad "cause first with its owner: $owner, was $OWNER_MIN"
[ "$among" -ge "$AMONG_MIN" ] && ok || bad "cause among the candidates: $among, was $AMONG_MIN"
finish
