# lib.sh - helpers for the shell tests: assertions that count, and the
# paths of the binary and the test data.  Each test script sources this,
# runs its checks and ends with `finish`, which prints "N passed, N failed".
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${TRIAGE:=$top_builddir/src/triage}"
TD="$top_srcdir/testdata"
PASS=0
FAIL=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/triage-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

command -v jq >/dev/null 2>&1 || { echo "jq is needed for this test"; exit 99; }

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# eq ACTUAL EXPECTED DESCRIPTION
eq() {
	if [ "$1" = "$2" ]; then ok; else bad "$3: expected [$2], got [$1]"; fi
}

# contains HAYSTACK NEEDLE DESCRIPTION
contains() {
	case "$1" in *"$2"*) ok ;; *) bad "$3: [$2] not in [$1]" ;; esac
}

# rc EXPECTED DESCRIPTION COMMAND...: the exit status of COMMAND
rc() {
	want=$1 desc=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	eq "$got" "$want" "$desc (exit status)"
}

# inv JSONFILE LOCATOR JQ-EXPR: one field of the inventory row for LOCATOR
inv() {
	jq -r --arg l "$2" ".inputs[] | select(.locator == \$l) | $3" "$1"
}

finish() {
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}
