#!/bin/sh
# streaming.sh - an archive inside an archive is read as it comes out of
# the outer one (from 64 MB, or TRIAGE_STREAM_MIN), not held in memory:
# the same inventory as when it is held, in a fraction of the memory; a
# plain tar of more than 16 MB inside a zip is not taken for a zip bomb;
# what must be held (a 7z, anything under the threshold) is capped by
# --max-buffer.
. "$(dirname "$0")/lib.sh"

# outer.zip holds inner.tar: 50 sign-in lines and 30 MB of random text
python3 - "$TMP" <<'EOF'
import base64, json, os, random, sys, tarfile, zipfile
d = sys.argv[1]
random.seed(14)
with open(os.path.join(d, "noise.txt"), "wb") as f:
    for i in range(30 * 1024 * 1024 // 4096):
        f.write(base64.b64encode(random.randbytes(3000)) + b"\n")
with open(os.path.join(d, "signins.ndjson"), "w") as f:
    for i in range(50):
        f.write(json.dumps({"time": "2026-11-24T09:14:%02dZ" % i, "resultType": "50126",
                            "resultDescription": "Invalid username or password",
                            "category": "SignInLogs", "operationName": "Sign-in activity",
                            "properties": {"userPrincipalName": "ana@contoso.com",
                                           "appDisplayName": "Salesforce",
                                           "status": {"errorCode": 50126}}}) + "\n")
with tarfile.open(os.path.join(d, "inner.tar"), "w") as t:
    t.add(os.path.join(d, "signins.ndjson"), "signins.ndjson")
    t.add(os.path.join(d, "noise.txt"), "noise.txt")
with zipfile.ZipFile(os.path.join(d, "outer.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.write(os.path.join(d, "inner.tar"), "inner.tar")
EOF

# peak KB of a run (0 where /usr/bin/time is not there)
peak() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%M" -o "$TMP/peak" "$@" >"$TMP/out" 2>"$TMP/err"
		tail -1 "$TMP/peak"
	else
		"$@" >"$TMP/out" 2>"$TMP/err"
		echo 0
	fi
}

held=$(peak "$TRIAGE" inventory -f json -j1 "$TMP/outer.zip")
jq -S 'del(.stats.elapsed_ms)' "$TMP/out" >"$TMP/held.json"
streamed=$(TRIAGE_STREAM_MIN=1048576 peak "$TRIAGE" inventory -f json -j1 "$TMP/outer.zip")
jq -S 'del(.stats.elapsed_ms)' "$TMP/out" >"$TMP/streamed.json"
if cmp -s "$TMP/held.json" "$TMP/streamed.json"; then ok; else
	bad "the inventory differs when the inner tar is streamed"
	diff "$TMP/held.json" "$TMP/streamed.json" | head -10 >&2
fi
eq "$(jq -c '[.inputs[] | [(.locator | sub(".*/"; "")), (if .locator | endswith("outer.zip") then 0 else .size end), .records, .status]]' "$TMP/streamed.json")" \
	'[["outer.zip",0,0,"ok"],["inner.tar",30750720,0,"ok"],["noise.txt",30727680,0,"ok"],["signins.ndjson",14600,50,"ok"]]' \
	"every entry of the inner tar read, the 30 MB one whole (no zip bomb seen in a plain tar)"
if [ "$held" -gt 0 ]; then
	# held: the 30 MB tar in memory; streamed: a few buffers (compared, not
	# absolute: a sanitizer build takes more of everything)
	[ "$held" -gt 30000 ] && ok || bad "held in memory, yet only $held KB at the peak"
	[ $((held - streamed)) -gt 20000 ] && ok ||
		bad "streamed, yet $streamed KB at the peak (held: $held KB)"
fi

# the same through every writer and the analysis
for c in "analyze -f json" "timeline -f csv"; do
	# shellcheck disable=SC2086
	"$TRIAGE" $c "$TMP/outer.zip" 2>/dev/null | grep -v elapsed_ms >"$TMP/a"
	# shellcheck disable=SC2086
	TRIAGE_STREAM_MIN=0 "$TRIAGE" $c "$TMP/outer.zip" 2>/dev/null | grep -v elapsed_ms >"$TMP/b"
	if [ -s "$TMP/a" ] && cmp -s "$TMP/a" "$TMP/b"; then ok; else bad "$c differs streamed"; fi
done

# a streamed archive still answers to the limits of the outer one
rc 1 "streamed: --max-total" env TRIAGE_STREAM_MIN=0 "$TRIAGE" inventory -f json --max-total 20M \
	"$TMP/outer.zip"
eq "$(jq -r '.stats.limit_reached' "$TMP/out")" "max-total" "streamed: the budget said"

# long records on many threads: a few batches in flight, not a slot of the
# longest records for every thread (and blocks of a megabyte or more given
# back when freed); a sanitizer build keeps what is freed, so it is not
# measured there
python3 - "$TMP/long.ndjson" <<'EOF2'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(12):
        f.write(json.dumps({"time": "2026-11-24T09:14:%02dZ" % i, "level": "error",
                            "msg": "%d " % i + "x" * (8 << 20)}) + "\n")
EOF2
if [ -x /usr/bin/time ] && ! ldd "$TRIAGE" 2>/dev/null | grep -q -e libasan -e libtsan; then
	one=$(peak "$TRIAGE" inventory -f json -j1 "$TMP/long.ndjson")
	eight=$(peak "$TRIAGE" inventory -f json -j8 "$TMP/long.ndjson")
	[ $((eight - one)) -lt 24576 ] && ok ||
		bad "-j8 on 8 MB records: $eight KB at the peak, -j1: $one KB"
fi

# what must be held in memory is capped
rc 0 "--max-buffer" "$TRIAGE" inventory -f json --max-buffer 1M "$TD/demo/ticket-4711.zip"
rc 0 "--max-buffer smaller than the inner tar" "$TRIAGE" inventory -f json --max-buffer 1M "$TMP/outer.zip"
eq "$(jq -r '.inputs[] | select(.locator | endswith("inner.tar")) | .status + ": " + .warnings[0].message' "$TMP/out")" \
	"error: a tar archive inside another is read from memory, and this one is larger than 1.0 MiB; not opened (--max-buffer)" \
	"--max-buffer: the archive not opened, and why"
eq "$(jq -r '.inputs[] | select(.locator | endswith("inner.tar")) | .size' "$TMP/out")" 30750720 \
	"--max-buffer: its size still counted"
rc 2 "--max-buffer too small" "$TRIAGE" inventory --max-buffer 10 "$TMP/outer.zip"
finish
