#!/bin/sh
# hostile.sh - bundles that are broken by accident or on purpose: NUL
# padding before a compressed log, bzip2 magic over random bytes, NUL bytes
# inside fields, -o naming an input.  Each gives the documented status and
# message, keeps every byte around a NUL, and leaves a good bundle beside
# it analysed.
. "$(dirname "$0")/lib.sh"
cd "$top_srcdir" || exit 99
TRIAGE_RULES_DIR=rules
export TRIAGE_RULES_DIR
H=testdata/hostile

# a compressed log that starts with NUL bytes (libarchive takes the zero
# block for an empty tar): read as the one file it is, the NULs skipped
for f in leading-512-nul.log.gz leading-1000-nul-then-logline.log.xz; do
	rc 0 "inventory $f" "$TRIAGE" inventory -f json "$H/$f"
	eq "$(jq -r '[.inputs[] | "\(.status) \(.records)"] | join(",")' "$TMP/out")" "ok 0,ok 1" \
		"$f: the log inside read, one record"
	eq "$(jq -r '.inputs[0].warnings[0].message' "$TMP/out")" \
		"the stream starts with NUL bytes (a tar block of zeros); read as one file" "$f: said"
	contains "$(jq -r '.inputs[1].warnings[0].message' "$TMP/out")" "NUL bytes before the text skipped" \
		"$f: the padding said"
	rc 0 "timeline $f" "$TRIAGE" timeline -f ndjson "$H/$f"
	eq "$(jq -r '"\(.time) \(.message)"' "$TMP/out")" "2025-01-01T00:00:00.000Z hello" "$f: the line"
done
"$TRIAGE" inventory -f json "$H/leading-1000-nul-then-logline.log.xz" >"$TMP/inv.json"
eq "$(jq -r '.inputs[1].warnings[0] | "\(.offset) \(.message)"' "$TMP/inv.json")" \
	"0 1000 NUL bytes before the text skipped" "1,000 NUL bytes counted"

# bzip2 magic, then random bytes: an error that says so, not 'ok' eight
# archives deep
rc 3 "bzip2 garbage" "$TRIAGE" inventory -f json "$H/bzh9-garbage-4k.bz2"
eq "$(jq -r '.inputs | length' "$TMP/out")" 1 "bzip2 garbage: one entry, not a nest"
eq "$(jq -r '.inputs[0] | "\(.status): \(.warnings[0].message)"' "$TMP/out")" \
	"error: not valid bzip2 data: the bzip2 header is there but the decompressor does not accept what follows" \
	"bzip2 garbage: the decompressor's refusal"

# a NUL byte inside a CSV field: the bytes around it kept together, said
rc 0 "NUL in a username" "$TRIAGE" timeline -f ndjson "$H/nul-in-username-LoginHistory.csv"
eq "$(jq -r '.user' "$TMP/out" | grep -c '^admin@contoso.com$')" 17 "NUL in a field: the name whole"
eq "$(jq -r '.user' "$TMP/out" | grep -c '^adm$')" 0 "NUL in a field: never cut short"
"$TRIAGE" inventory -f json "$H/nul-in-username-LoginHistory.csv" >"$TMP/inv.json"
eq "$(jq -r '.inputs[0] | "\(.status) \(.warnings[0].message)"' "$TMP/inv.json")" \
	"ok 1 NUL byte(s) removed; the text around each was kept together" "NUL in a field: said"
# \u0000 inside a JSON string: U+FFFD, the rest of the value kept
rc 0 "\\u0000 in a UPN" "$TRIAGE" timeline -f ndjson "$H/u0000-in-upn-signins.json"
eq "$(jq -r '.user' "$TMP/out" | grep -c '^ev�dana@contoso.com$')" 1 "\\u0000 in a string: the value whole"
"$TRIAGE" inventory -f json "$H/u0000-in-upn-signins.json" >"$TMP/inv.json"
eq "$(jq -r '.inputs[0].warnings[0] | "\(.line): \(.message)"' "$TMP/inv.json")" \
	"1: record #/value/0: 1 \\u0000 (NUL) in a string kept as U+FFFD" "\\u0000: said with the record"
# a lone surrogate in UTF-16 is a UTF-16 fault, not a UTF-8 one
printf '\377\376h\000i\000 \000\000\330\n\000' >"$TMP/utf16.txt"
"$TRIAGE" inventory -f json "$TMP/utf16.txt" >"$TMP/inv.json" 2>/dev/null
contains "$(jq -r '[.inputs[0].warnings[].message] | join("; ")' "$TMP/inv.json")" \
	"invalid UTF-16 code unit(s) (a lone surrogate) replaced with U+FFFD" "UTF-16: its own words"

# zip bombs: 250 entries sharing one compressed block (55 KB to 8 GB) and
# zips nested four deep (21 KB to 4 TiB) stop at --max-ratio for the
# archive as a whole, within a second, and leave the run's budget to the rest
for f in fifield-overlap-250x32MiB.zip nested-42-16x16x16x16x64MiB.zip; do
	rc 0 "$f" "$TRIAGE" inventory -f json "$H/$f"
	eq "$(jq -r '[.inputs[] | select(.warnings[]?.message | test("inflates over 1000:1 \\(")) | .status] | unique | join(",")' "$TMP/out")" \
		"partial" "$f: stopped as a whole, said"
	[ "$(jq '[.inputs[].size] | add' "$TMP/out")" -lt 200000000 ] && ok || bad "$f: inflated too far"
done
eq "$(jq -r '.inputs[0].warnings[0].message' "$TMP/out" | sed -E 's/\([0-9]+ bytes/(N bytes/')" \
	"the archive as a whole inflates over 1000:1 (N bytes from 21382: overlapping entries or nested bombs); the rest of it was not read (--max-ratio)" \
	"the nest: stopped at its outermost archive"

# each beside a good bundle: the good one still analysed
mkdir -p "$TMP/bundle"
cp "$H"/leading-* "$H"/bzh9-garbage-4k.bz2 "$H"/nul-in-username-LoginHistory.csv "$H"/u0000-in-upn-signins.json \
	"$H"/fifield-overlap-250x32MiB.zip "$H"/nested-42-16x16x16x16x64MiB.zip \
	testdata/demo/ticket-4711.zip "$TMP/bundle/"
rc 0 "the hostile files beside the demo" "$TRIAGE" analyze -f json "$TMP/bundle"
eq "$(jq -r '[.findings[].cause] | index("sf.connected_app.not_preauthorized") != null' "$TMP/out")" true \
	"beside them, the demo's finding"

# one archive may not starve the files after it: a zip of a million empty
# entries takes half the entry budget, is said to, costs no memory per
# entry past the first thousand, and the good bundle after it is analysed
mkdir "$TMP/million"
python3 "$top_srcdir/tests/mkzip_entries.py" "$TMP/million/a-empty.zip" 1000000
cp testdata/demo/ticket-4711.zip "$TMP/million/b-ticket.zip"
rc 0 "a million empty entries beside a bundle" "$TRIAGE" analyze -f json "$TMP/million"
eq "$(jq -r '[.findings[].cause] | join(",")' "$TMP/out")" "sf.connected_app.not_preauthorized" \
	"a million empty entries: the bundle after it analysed"
eq "$(jq -r '.inputs[0] | "\(.status) \(.warnings[0].message)"' "$TMP/out")" \
	"partial this archive reached its share of the entry budget (500001 entries in the run, half of what was left, since files come after it); the rest of it was not read (--max-entries)" \
	"a million empty entries: its share, said"
eq "$(jq -r '.inputs[0].warnings[1].message' "$TMP/out")" \
	"499000 more entries (after the first 1000) held nothing to read (empty, links, or neither a log nor an export); not listed one by one" \
	"a million empty entries: counted, not listed"
eq "$(jq -r '.inputs | length' "$TMP/out")" 1013 "a million empty entries: 1000 listed"
eq "$(jq -r '.stats.limit_reached' "$TMP/out")" null "a million empty entries: the run's budget not spent"
# the size budget likewise: an archive with a file after it gets half
mkdir "$TMP/share"
cp testdata/demo/ticket-4711.zip "$TMP/share/a.zip"
printf '2026-11-24T09:00:00Z ERROR AADSTS50105: not assigned\n' >"$TMP/share/b.log"
rc 0 "an archive's share of --max-total" "$TRIAGE" inventory -f json --max-total 20K "$TMP/share"
eq "$(jq -r '.inputs[0].warnings[-1].message' "$TMP/out")" \
	"this archive reached its share of the size budget (10.0 KiB uncompressed in the run, half of what was left, since files come after it); the rest of it was not read (--max-total)" \
	"--max-total: the archive's share, said"
eq "$(jq -r '.inputs[] | select(.locator | endswith("b.log")) | "\(.status) \(.records)"' "$TMP/out")" \
	"ok 1" "--max-total: the file after it read"

# a run whose budget ran out says so in every report, and --fail-on
# counts it: an answer from half a bundle is not a clean one
D=testdata/demo/ticket-4711.zip
rc 1 "budget spent, --fail-on" "$TRIAGE" analyze --max-total 2K --fail-on critical "$D"
contains "$(cat "$TMP/out")" "The run's budget ran out (--max-total): inputs after that were not read;" \
	"budget: the text report says so"
rc 1 "budget spent, no --fail-on (DESIGN.md: exit 1)" "$TRIAGE" analyze --max-total 2K -f json "$D"
eq "$(jq -r '.stats.limit_reached' "$TMP/out")" "max-total" "budget: JSON"
eq "$(tail -1 "$TMP/err")" "triage: the run's budget ran out (--max-total); inputs after that were not read" \
	"budget: said on standard error"
rc 1 "budget spent: inventory too" "$TRIAGE" inventory --max-entries 3 -f json "$D"
rc 1 "budget spent: timeline too" "$TRIAGE" timeline --max-total 2K "$D"
"$TRIAGE" analyze --max-total 2K -f md "$D" >"$TMP/b.md" 2>/dev/null
contains "$(cat "$TMP/b.md")" "**The run's budget ran out (--max-total): inputs after that were not read.**" "budget: Markdown"
"$TRIAGE" analyze --max-total 2K -f html "$D" >"$TMP/b.html" 2>/dev/null
contains "$(cat "$TMP/b.html")" '<p class="budget"><strong>The run' "budget: HTML"
"$TRIAGE" inventory --max-entries 3 -f json "$D" >"$TMP/b.json" 2>/dev/null
eq "$(jq -r '.stats.limit_reached' "$TMP/b.json")" "max-entries" "budget: the inventory, entries"
rc 0 "a budget not spent" "$TRIAGE" analyze -f json --fail-on critical "$D"
eq "$(jq -r '.stats.limit_reached' "$TMP/out")" "null" "budget not spent: null"

# -o naming an input: refused, the input untouched; otherwise written
# through a temporary file beside it, renamed when complete
cp testdata/demo/ticket-4711.zip "$TMP/in.zip"
rc 2 "-o naming an input" "$TRIAGE" analyze -o "$TMP/in.zip" "$TMP/in.zip"
eq "$(cat "$TMP/err")" "triage: -o $TMP/in.zip is one of the inputs ($TMP/in.zip); not overwriting it" \
	"-o naming an input: said"
cmp -s "$TMP/in.zip" testdata/demo/ticket-4711.zip && ok || bad "-o naming an input: the input changed"
ln -s in.zip "$TMP/link.zip"
rc 2 "-o naming an input through a link" "$TRIAGE" inventory -o "$TMP/link.zip" "$TMP/in.zip"
cmp -s "$TMP/in.zip" testdata/demo/ticket-4711.zip && ok || bad "-o through a link: the input changed"
mkdir -p "$TMP/outdir"
echo "an earlier report" >"$TMP/outdir/report.txt"
chmod 644 "$TMP/outdir/report.txt"
rc 0 "-o" sh -c "umask 022; '$TRIAGE' analyze -o '$TMP/outdir/report.txt' '$TMP/in.zip'"
eq "$(head -1 "$TMP/outdir/report.txt" | cut -c1-9)" "1 finding" "-o: the report replaced the earlier one"
eq "$(ls -A "$TMP/outdir")" "report.txt" "-o: no temporary file left"
eq "$(stat -c %a "$TMP/outdir/report.txt")" 644 "-o: the mode a plain file gets"
rc 2 "-o where nothing can be written" "$TRIAGE" analyze -o "$TMP/no/such/dir/r.txt" "$TMP/in.zip"
eq "$(ls -A "$TMP/outdir")" "report.txt" "a failed -o leaves nothing"
finish
