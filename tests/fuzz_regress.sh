#!/bin/sh
# fuzz_regress.sh - replays every test fixture (and the fuzz corpora in
# tests/fuzz-corpus/ when present) through every fuzz harness, so the
# harnesses build and run clean under the sanitizers in make check.
. "$(dirname "$0")/lib.sh"
IFS='
'
set -f
files=$(find "$TD" "$top_srcdir/tests/fuzz-corpus" -type f 2>/dev/null | LC_ALL=C sort)
for h in fuzz_bundle fuzz_parsers fuzz_json fuzz_csv fuzz_decode fuzz_sf_metadata fuzz_sf_export fuzz_entra fuzz_m365_audit fuzz_har fuzz_addin_log fuzz_console fuzz_powershell fuzz_ticket fuzz_powerplatform fuzz_analyze; do
	# shellcheck disable=SC2086
	if "$top_builddir/tests/fuzz/$h" $files >"$TMP/$h.out" 2>&1; then ok; else bad "$h failed:"; tail -20 "$TMP/$h.out" >&2; fi
done
finish
