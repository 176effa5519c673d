#!/bin/sh
# determinism.sh - the same files give the same report (apart from stats,
# and from the name of the folder or archive they came in): whatever the
# order they are given in on the command line, in a folder or in a zip of
# it (its entries stored in the reverse order), whatever the locale and TZ
# of the machine.  (--jobs does not exist yet; when it does, -j1 and -jN
# belong here.)
. "$(dirname "$0")/lib.sh"
TRIAGE_RULES_DIR=$top_srcdir/rules
SOURCE_DATE_EPOCH=1796083200
export TRIAGE_RULES_DIR SOURCE_DATE_EPOCH

# zip DIR ZIP: DIR's files into ZIP, in reverse name order
zipdir() {
	python3 - "$1" "$2" <<'EOF'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
files = sorted((os.path.relpath(os.path.join(r, f), src) for r, _, fs in os.walk(src) for f in fs),
               reverse=True)
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for f in files:
        z.write(os.path.join(src, f), f)
EOF
}

# report NAME PREFIX ARGS...: analyze -f json (no stats) with PREFIX made "B/"
json_report() {
	out=$1 prefix=$2
	shift 2
	"$TRIAGE" analyze -f json "$@" 2>/dev/null | jq -S 'del(.stats)' |
		sed "s#$prefix#B/#g" >"$TMP/$out"
}

same() {	# same A B WHAT
	if [ -s "$TMP/$1" ] && cmp -s "$TMP/$1" "$TMP/$2"; then ok; else
		bad "$3:"
		diff "$TMP/$1" "$TMP/$2" | head -8 >&2
	fi
}

# ---- a folder and its zip: every folder-shaped scenario ---------------------------
n=0
for d in "$TD"/scenarios/*/bundle; do
	zipdir "$d" "$TMP/bundle.zip"
	json_report folder.json "$d/" "$d"
	json_report zip.json "$TMP/bundle.zip!/" "$TMP/bundle.zip"
	# the zip itself is an entry of its own in the inputs
	jq 'del(.inputs[] | select(.locator == "'"$TMP/bundle.zip"'"))' "$TMP/zip.json" >"$TMP/zip2.json"
	jq -S . "$TMP/zip2.json" >"$TMP/zip.json"
	jq -S . "$TMP/folder.json" >"$TMP/folder2.json"
	same folder2.json zip.json "${d#"$TD"/}: the folder and its zip differ"
	n=$((n + 1))
done
[ "$n" -ge 100 ] && ok || bad "only $n folder bundles"

# ---- the order on the command line: the files of a bundle forwards and back ----------
for s in blind-a-05-email-password-expired entra-consent-missing sf-ip-enforced; do
	d=$TD/scenarios/$s/bundle
	find "$d" -type f | LC_ALL=C sort >"$TMP/fwd"
	LC_ALL=C sort -r "$TMP/fwd" >"$TMP/rev"
	for f in text json md html; do
		# shellcheck disable=SC2046
		(IFS='
'; "$TRIAGE" analyze -f $f $(cat "$TMP/fwd")) 2>/dev/null | grep -v '"elapsed_ms"' >"$TMP/fwd.$f"
		(IFS='
'; "$TRIAGE" analyze -f $f $(cat "$TMP/rev")) 2>/dev/null | grep -v '"elapsed_ms"' >"$TMP/rev.$f"
		same fwd.$f rev.$f "$s: analyze -f $f differs with the files in the other order"
	done
	(IFS='
'; "$TRIAGE" timeline -f csv $(cat "$TMP/fwd")) >"$TMP/fwd.tl" 2>/dev/null
	(IFS='
'; "$TRIAGE" timeline -f csv $(cat "$TMP/rev")) >"$TMP/rev.tl" 2>/dev/null
	same fwd.tl rev.tl "$s: the timeline differs with the files in the other order"
done

# ---- the machine's locale and zone ----------------------------------------------------
demo=$TD/demo/ticket-4711.zip
for f in text json html; do
	LC_ALL=C TZ=UTC "$TRIAGE" analyze -f $f "$demo" 2>/dev/null | grep -v '"elapsed_ms"' >"$TMP/base.$f"
	for env in "LC_ALL=C.UTF-8" "LC_ALL=POSIX" "LANG=tr_TR.UTF-8" "LC_ALL=de_DE.UTF-8" \
		"TZ=Pacific/Chatham" "TZ=America/St_Johns" "TZ=Asia/Kolkata" "TZ=:/etc/localtime"; do
		env "$env" "$TRIAGE" analyze -f $f "$demo" 2>/dev/null | grep -v '"elapsed_ms"' >"$TMP/env.$f"
		same base.$f env.$f "analyze -f $f differs under $env"
	done
done
LC_ALL=C TZ=UTC "$TRIAGE" timeline -f csv --tz Europe/Berlin "$demo" >"$TMP/base.tl" 2>/dev/null
TZ=Australia/Lord_Howe LC_ALL=C.UTF-8 "$TRIAGE" timeline -f csv --tz Europe/Berlin "$demo" >"$TMP/env.tl" 2>/dev/null
same base.tl env.tl "the timeline differs under another TZ and locale"
finish
