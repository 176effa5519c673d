#!/bin/sh
# faults.sh - fault injection (a build configured with --enable-faults;
# util.h): the Nth allocation, read or write of a run made to fail, N
# looped over a spread of the run's own counts, on a zip bundle and a
# folder bundle.  Each run must end cleanly: its exit status (70 out of
# memory, 3 a read or write error), a message that says what failed, no
# sanitizer report (crash, leak, undefined behaviour), and in the -o
# directory nothing but the report: the earlier one untouched when the
# run failed, a whole JSON report when only an input was lost.
# Without the build switch the test is skipped, unless TRIAGE_TEST_FAULTS=1
# (CI) says the switch is on.
. "$(dirname "$0")/lib.sh"
if ! TRIAGE_FAULT=count "$TRIAGE" explain AADSTS50105 2>&1 >/dev/null | grep -q "faults:"; then
	if [ "${TRIAGE_TEST_FAULTS:-}" = 1 ]; then
		bad "TRIAGE_TEST_FAULTS=1 but $TRIAGE has no fault injection (--enable-faults)"
		finish
		exit 1
	fi
	echo "triage built without --enable-faults: skipped"
	exit 77
fi
mkdir "$TMP/o"
runs=0

# spread KIND TOTAL: 1 to 6, then about 14 more spread up to TOTAL
spread() {
	awk -v t="$2" 'BEGIN { for (i = 1; i <= 6 && i <= t; i++) print i;
		if (t > 6) for (k = 1; k <= 14; k++) { n = int(6 + (t - 6) * k / 14); if (n > p) print n; p = n } }'
}

# one KIND N CMD...: the run with the Nth KIND failing, judged
one() {
	kind=$1 n=$2
	shift 2
	echo "earlier report" >"$TMP/o/r.json"
	TRIAGE_FAULT=$kind:$n "$@" -o "$TMP/o/r.json" >"$TMP/out" 2>"$TMP/err"
	st=$?
	runs=$((runs + 1))
	what="$kind:$n $*"
	if grep -q -e "Sanitizer" -e "runtime error" -e "Segmentation" "$TMP/err"; then
		bad "$what: a sanitizer report:"
		head -20 "$TMP/err" >&2
		return
	fi
	left=$(ls -A "$TMP/o" | tr '\n' ' ')
	[ "$left" = "r.json " ] || bad "$what: left in the output directory: $left"
	case $kind in
	alloc)
		[ "$st" = 70 ] || bad "$what: exit status $st, not 70"
		tail -1 "$TMP/err" | grep -q "^triage: out of memory (asked for [0-9]* bytes)$" ||
			bad "$what: no 'out of memory' message: $(tail -1 "$TMP/err")"
		[ "$(cat "$TMP/o/r.json")" = "earlier report" ] || bad "$what: the earlier report was replaced"
		;;
	write)
		[ "$st" = 3 ] || bad "$what: exit status $st, not 3"
		grep -q "^triage: cannot write $TMP/o/r.json: Input/output error$" "$TMP/err" ||
			bad "$what: no 'cannot write' message: $(tail -1 "$TMP/err")"
		[ "$(cat "$TMP/o/r.json")" = "earlier report" ] || bad "$what: the earlier report was replaced"
		;;
	read)
		[ "$st" = 3 ] || bad "$what: exit status $st, not 3"
		grep -q "could not be read" "$TMP/err" || bad "$what: no 'could not be read' message"
		# the report of what could be read, whole, naming what could not
		if jq -e '[.inputs[] | select(.status != "ok")] | length > 0' "$TMP/o/r.json" >/dev/null 2>&1; then
			ok
		else
			bad "$what: no whole JSON report naming the input lost"
		fi
		;;
	esac
	ok
}

for b in "$TD/demo/ticket-4711.zip" "$TD/scenarios/blind-a-05-email-password-expired/bundle"; do
	TRIAGE_FAULT=count "$TRIAGE" analyze -f json -o "$TMP/o/r.json" "$b" >/dev/null 2>"$TMP/count"
	counts=$(sed -n 's/^triage: faults: \([0-9]*\) alloc, \([0-9]*\) read, \([0-9]*\) write$/\1 \2 \3/p' "$TMP/count")
	set -- $counts
	[ "$#" = 3 ] && [ "$1" -gt 1000 ] && [ "$2" -gt 0 ] && [ "$3" -gt 10 ] && ok ||
		bad "$b: implausible counts: [$counts]"
	allocs=$1 reads=$2 writes=$3
	for n in $(spread alloc "$allocs"); do one alloc "$n" "$TRIAGE" analyze -f json "$b"; done
	for n in $(spread read "$reads"); do one read "$n" "$TRIAGE" analyze -f json "$b"; done
	for n in $(spread write "$writes"); do one write "$n" "$TRIAGE" analyze -f json "$b"; done
done
# a run with a fault asked for reads on one thread, whatever --jobs says,
# so the Nth allocation is the same one in every run
for j in 1 4; do
	TRIAGE_FAULT=count TRIAGE_PIPE_MIN=0 "$TRIAGE" analyze -j$j -f json -o "$TMP/o/r.json" \
		"$TD/demo/ticket-4711.zip" >/dev/null 2>"$TMP/count.j$j"
done
eq "$(cat "$TMP/count.j4")" "$(cat "$TMP/count.j1")" "--jobs 4 under TRIAGE_FAULT: the counts of one thread"
# the other writers: timeline and inventory
for n in 1 7 40; do
	one write "$n" "$TRIAGE" timeline -f csv "$TD/demo/ticket-4711.zip"
	one write "$n" "$TRIAGE" inventory -f json "$TD/demo/ticket-4711.zip"
done
[ "$runs" -ge 100 ] && ok || bad "only $runs runs"
finish
