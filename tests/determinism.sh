#!/bin/sh
# determinism.sh - the same files give the same report (apart from stats,
# and from the name of the folder or archive they came in): whatever the
# order they are given in on the command line, in a folder or in a zip of
# it (its entries stored in the reverse order), whatever the locale and TZ
# of the machine, whatever --jobs is.
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

# ---- --jobs: one thread or several read the same --------------------------------------
# every JSON entry of every bundle through the threads (TRIAGE_PIPE_MIN=0:
# not only those of a megabyte or more)
n=0
for d in "$TD"/scenarios/*/bundle; do
	"$TRIAGE" analyze -f json -j1 "$d" 2>/dev/null | jq -S 'del(.stats)' >"$TMP/j1.json"
	TRIAGE_PIPE_MIN=0 "$TRIAGE" analyze -f json -j4 "$d" 2>/dev/null | jq -S 'del(.stats)' >"$TMP/j4.json"
	same j1.json j4.json "${d#"$TD"/}: -j1 and -j4 differ"
	n=$((n + 1))
done
[ "$n" -ge 100 ] && ok || bad "--jobs: only $n bundles"
# every kind of event the threads hand back, in order: records, lines
# skipped for bad JSON, records that do not decode, \u0000, keys given
# twice, a syntax error that ends a record array; batches of 256 records
python3 - "$TMP/jobs" <<'EOF2'
import json, os, sys
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
def signin(i):
    return {"id": "id-%d" % i, "createdDateTime": "2026-11-24T09:%02d:%02dZ" % (i // 60 % 60, i % 60),
            "userPrincipalName": "user%d@contoso.com" % (i % 7), "appDisplayName": "Salesforce",
            "ipAddress": "10.0.0.%d" % (i % 250), "correlationId": "c-%d" % i,
            "status": {"errorCode": 0 if i % 3 else 50126, "failureReason": "Invalid username or password"}}
with open(os.path.join(d, "signins.ndjson"), "w") as f:
    for i in range(1500):
        if i % 97 == 5:
            f.write('{"id": "broken", "createdDateTime": \n')	# skipped, the scan goes on
            continue
        s = json.dumps(signin(i))
        if i % 131 == 7:
            s = s.replace('"Salesforce"', '"Sales\\u0000force"')
        if i % 149 == 3:
            s = s[:-1] + ', "id": "again-%d"}' % i
        f.write(s + "\n")
with open(os.path.join(d, "page.json"), "w") as f:
    f.write('{"value": [')
    f.write(",".join(json.dumps(signin(i)) for i in range(700)))
    f.write(', {"id": 1,, }]}')	# ends the record array
# the Purview audit log as CSV: its rows read on a thread, AuditData
# decoded on the others; a cell that does not decode, one of white
# space, \u0000, a key given twice, a ragged row, a quote never closed
def audit(i):
    ad = {"CreationTime": "2026-11-24T10:%02d:%02d" % (i // 60 % 60, i % 60), "Id": "a-%d" % i,
          "Operation": "UserLoginFailed" if i % 4 == 0 else "UserLoggedIn", "RecordType": 15,
          "UserId": "user%d@contoso.com" % (i % 7), "ResultStatus": "Failed" if i % 4 == 0 else "Succeeded",
          "ClientIP": "10.1.0.%d" % (i % 250), "LogonError": "InvalidUserNameOrPassword" if i % 4 == 0 else "",
          "ExtendedProperties": [{"Name": "UserAgent", "Value": "Mozilla/5.0"}]}
    return json.dumps(ad)
def cell(s):
    return '"' + s.replace('"', '""') + '"'
with open(os.path.join(d, "audit.csv"), "w", newline="") as f:
    f.write("CreationDate,UserIds,Operations,AuditData\r\n")
    for i in range(900):
        ad = audit(i)
        if i % 211 == 9:
            ad = ad[:40]			# does not decode
        elif i % 223 == 11:
            ad = "  "			# nothing to decode
        elif i % 227 == 13:
            ad = ad.replace("Mozilla", "Mozi\\u0000lla")
        elif i % 229 == 17:
            ad = ad[:-1] + ', "Id": "twice-%d"}' % i
        row = ["2026-11-24T10:%02d:%02d" % (i // 60 % 60, i % 60), "user%d@contoso.com" % (i % 7),
               "UserLoggedIn", ad]
        if i % 307 == 19:
            row.append("extra")		# ragged
        f.write(",".join(cell(x) for x in row) + "\r\n")
    f.write('"2026-11-24T11:00:00","user1@contoso.com","UserLoggedIn","{\n')	# never closed
EOF2
for j in 2 3 8; do
	for c in inventory analyze; do
		"$TRIAGE" $c -f json -j1 "$TMP/jobs" 2>/dev/null | jq -S 'del(.stats)' >"$TMP/a.json"
		TRIAGE_PIPE_MIN=0 "$TRIAGE" $c -f json -j$j "$TMP/jobs" 2>/dev/null | jq -S 'del(.stats)' >"$TMP/b.json"
		same a.json b.json "$c -j$j: the events of the threads differ from one thread's"
	done
	"$TRIAGE" timeline -f csv -j1 "$TMP/jobs" >"$TMP/a.tl" 2>/dev/null
	TRIAGE_PIPE_MIN=0 "$TRIAGE" timeline -f csv -j$j "$TMP/jobs" >"$TMP/b.tl" 2>/dev/null
	same a.tl b.tl "timeline -j$j differs from -j1"
done
TRIAGE_PIPE_MIN=0 "$TRIAGE" inventory -f json -j3 "$TMP/jobs" >"$TMP/c.json" 2>/dev/null
eq "$(jq -c '[.inputs[] | .records, .status]' "$TMP/c.json")" \
	'[901,"partial",700,"partial",1452,"partial"]' \
	"-j3: the records of the audit log, of the page up to its error, of the lines but the 16 skipped"
eq "$(jq -r '.inputs[] | select(.locator | endswith("audit.csv")) | [.warnings[].message] | map(
	if test("not a JSON object") then "bad" elif test("NUL") then "nul"
	elif test("given twice") then "twice" elif test("fields, the header") then "ragged"
	elif test("not closed") then "open" else . end) | group_by(.) |
	map("\(.[0])=\(length)") | join(" ")' "$TMP/c.json")" \
	"bad=6 nul=4 open=1 ragged=3 twice=4" "-j3: the warnings the rows of an audit CSV give (the row never closed does not decode either)"
eq "$(jq -r '[.inputs[] | select(.locator | endswith(".csv") | not) | .warnings[].message] | map(
	if test("this line skipped|lines [0-9]+ to [0-9]+ were skipped") then "skip" elif test("NUL") then "nul"
	elif test("given twice") then "twice" elif test("the rest was not read") then "end"
	else . end) | group_by(.) | map("\(.[0])=\(length)") | join(" ")' "$TMP/c.json")" \
	"end=1 nul=11 skip=16 twice=1" "-j3: the warnings each kind of event gives"
# a line cut short swallows the next one: both are said to be skipped, not
# only the line where the error showed
eq "$(jq -r '.inputs[] | select(.locator | endswith("signins.ndjson")) | .warnings[0] |
	"\(.line) \(.message | sub(".*; "; ""))"' "$TMP/c.json")" \
	"6 the value begun on this line was not closed before it, so lines 6 to 8 were skipped (3 lines)" \
	"a broken line and the lines it ran into: all said"
# a bench input of a few megabytes, read as a run reads it (entries of 1 MB
# and more on the threads)
python3 "$top_srcdir/bench/gen.py" --mb 3 "$TMP/gen" >/dev/null
for f in signins-graph.json signins-diag.ndjson ual.csv; do
	"$TRIAGE" analyze -f json -j1 "$TMP/gen/$f" 2>/dev/null | jq -S 'del(.stats)' >"$TMP/a.json"
	"$TRIAGE" analyze -f json -j2 "$TMP/gen/$f" 2>/dev/null | jq -S 'del(.stats)' >"$TMP/b.json"
	same a.json b.json "$f: analyze -j2 differs from -j1"
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
