#!/bin/sh
# fuzz_regress.sh - replays every test fixture (and the fuzz corpora in
# tests/fuzz-corpus/ when present) through every fuzz harness built in
# tests/fuzz/ (found by name: fuzz_*), so the harnesses build and run clean
# under the sanitizers in make check.
. "$(dirname "$0")/lib.sh"
harnesses=$(ls "$top_builddir"/tests/fuzz/fuzz_* 2>/dev/null)
IFS='
'
set -f
files=$(find "$TD" "$top_srcdir/tests/fuzz-corpus" -type f 2>/dev/null | LC_ALL=C sort)
n=0
for h in $harnesses; do
	case $h in *.o) continue ;; esac
	[ -x "$h" ] || continue
	n=$((n + 1))
	# shellcheck disable=SC2086
	if "$h" $files >"$TMP/${h##*/}.out" 2>&1; then ok; else bad "${h##*/} failed:"; tail -20 "$TMP/${h##*/}.out" >&2; fi
done
[ "$n" -ge 11 ] && ok || bad "only $n fuzz harnesses found in tests/fuzz"
finish
