#!/bin/sh
# walker.sh - the bundle walker on real archive shapes: nesting, every
# archive format, directories, standard input, damaged archives, hostile
# entry names and every limit.  Asserts exact statuses, sizes and reasons
# in `inventory -f json`.
. "$(dirname "$0")/lib.sh"
W="$TD/walker"
cd "$W" || exit 99

run() { out=$1; shift; "$TRIAGE" inventory -f json "$@" >"$TMP/$out" 2>"$TMP/$out.err"; echo $? >"$TMP/$out.rc"; }

# --- nested zip, three levels --------------------------------------------
run n.json nested3.zip
L='nested3.zip!/level1.zip!/level2.zip!/signins.json'
eq "$(inv "$TMP/n.json" "$L" .status)" ok "nested3 innermost status"
eq "$(inv "$TMP/n.json" "$L" .records)" 6 "nested3 innermost records"
eq "$(inv "$TMP/n.json" "$L" .size)" 15859 "nested3 innermost size"
eq "$(inv "$TMP/n.json" "$L" .format)" entra.signin.graph "nested3 innermost format"
eq "$(inv "$TMP/n.json" 'nested3.zip!/level1.zip!/level2.zip' .format)" zip "nested3 level2 is a zip"
eq "$(jq -r '[.inputs[].locator] | join(" ")' "$TMP/n.json")" \
   "nested3.zip nested3.zip!/README.txt nested3.zip!/level1.zip nested3.zip!/level1.zip!/level2.zip $L" \
   "nested3 lists every entry in order"
eq "$(inv "$TMP/n.json" 'nested3.zip!/README.txt' '"\(.status) \(.format)"')" "ok generic.text" \
   "plain text no parser claims is read by the general text reader"

# --- every archive format -------------------------------------------------
for a in bundle.tar.gz:tar.gz bundle.tar.bz2:tar.bz2 bundle.tar.xz:tar.xz bundle.7z:7z bundle.cpio:cpio; do
	f=${a%%:*} kind=${a#*:}
	run a.json "$f"
	eq "$(inv "$TMP/a.json" "$f" .format)" "$kind" "$f format"
	eq "$(inv "$TMP/a.json" "$f!/exports/signins.json" '"\(.status) \(.size) \(.records) \(.format)"')" \
	   "ok 15859 6 entra.signin.graph" "$f signins.json"
	eq "$(inv "$TMP/a.json" "$f!/logs/addin-client.log" '"\(.status) \(.size) \(.records) \(.format)"')" \
	   "ok 1585 7 addin.client_log" "$f addin-client.log"
	eq "$(inv "$TMP/a.json" "$f!/sf/loginhistory.csv" '"\(.status) \(.size) \(.records) \(.format)"')" \
	   "ok 1433 7 sf.login_history.csv" "$f loginhistory.csv"
	eq "$(jq '.inputs | length' "$TMP/a.json")" 4 "$f entry count"
done

# --- single compressed files ----------------------------------------------
for a in addin-client.log.gz:gzip:addin-client.log:7 loginhistory.csv.bz2:bzip2:loginhistory.csv:7 signins.json.xz:xz:signins.json:6; do
	f=$(echo "$a" | cut -d: -f1) kind=$(echo "$a" | cut -d: -f2)
	inner=$(echo "$a" | cut -d: -f3) n=$(echo "$a" | cut -d: -f4)
	run s.json "$f"
	eq "$(inv "$TMP/s.json" "$f" .format)" "$kind" "$f format"
	eq "$(inv "$TMP/s.json" "$f!/$inner" '"\(.status) \(.records)"')" "ok $n" "$f content"
done

# --- a directory tree: recursive and sorted --------------------------------
cd "$TD" || exit 99
run d.json samples
eq "$(jq -r '[.inputs[].locator] | join(" ")' "$TMP/d.json")" \
   "$(ls samples | sed 's|^|samples/|' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')" "directory entries sorted"
eq "$(jq -r '[.inputs[] | select(.status != "ok")] | length' "$TMP/d.json")" 0 "every sample reads ok"
eq "$(inv "$TMP/d.json" samples/addin-runtime.synthetic.log .encoding)" utf-16le "UTF-16LE runtime log decoded"
cd "$W" || exit 99

# --- standard input ---------------------------------------------------------
"$TRIAGE" inventory -f json - <nested3.zip >"$TMP/i.json"
eq "$(inv "$TMP/i.json" 'stdin!/level1.zip!/level2.zip!/signins.json' .records)" 6 "archive on standard input"
"$TRIAGE" inventory -f json <addin-client.log.gz >"$TMP/i2.json"
eq "$(inv "$TMP/i2.json" 'stdin!/addin-client.log' .records)" 7 "no INPUT with a pipe reads standard input"
cat "$TD/samples/sf-loginhistory.synthetic.csv" | "$TRIAGE" inventory -f json - >"$TMP/i3.json"
eq "$(inv "$TMP/i3.json" stdin '"\(.format) \(.records)"')" "sf.login_history.csv 7" "plain file on standard input"

# --- a truncated zip: what precedes the cut still comes through -----------
run t.json truncated.zip
eq "$(inv "$TMP/t.json" truncated.zip .status)" partial "truncated zip is partial"
contains "$(inv "$TMP/t.json" truncated.zip '.warnings[0].message')" "Truncated input file" "truncated zip reason"
eq "$(inv "$TMP/t.json" truncated.zip '.warnings[0].offset')" 1924 "truncated zip offset"
eq "$(inv "$TMP/t.json" 'truncated.zip!/loginhistory.csv' '"\(.status) \(.records)"')" "ok 7" "entry before the cut"
eq "$(inv "$TMP/t.json" 'truncated.zip!/addin-client.log' '"\(.status) \(.records)"')" "ok 7" "second entry before the cut"
eq "$(inv "$TMP/t.json" 'truncated.zip!/signins.json' .status)" error "entry cut in the middle"
contains "$(inv "$TMP/t.json" 'truncated.zip!/signins.json' '[.warnings[].message] | join(" | ")')" "decompression failed" "cut entry reason"

# --- a corrupt entry among good ones ---------------------------------------
run c.json corrupt-entry.zip
eq "$(inv "$TMP/c.json" 'corrupt-entry.zip!/a.json' '"\(.status) \(.records)"')" "ok 2" "good entry before the corrupt one"
eq "$(inv "$TMP/c.json" 'corrupt-entry.zip!/b.csv' .status)" error "corrupt entry status"
contains "$(inv "$TMP/c.json" 'corrupt-entry.zip!/b.csv' '.warnings[0].message')" "wrong size" "corrupt entry reason"
eq "$(inv "$TMP/c.json" 'corrupt-entry.zip!/c.log' '"\(.status) \(.records)"')" "ok 7" "good entry after the corrupt one"
eq "$(cat "$TMP/c.json.rc")" 0 "a corrupt entry does not fail the run"

# --- hostile entry names are data, never paths ------------------------------
mkdir -p "$TMP/cwd"
before=$(cksum /etc/passwd)
(cd "$TMP/cwd" && "$TRIAGE" inventory -f json "$W/evil-names.zip" >"$TMP/e.json")
eq "$(cksum /etc/passwd)" "$before" "/etc/passwd untouched"
eq "$(ls -A "$TMP/cwd" | wc -l)" 0 "nothing written in the working directory"
[ ! -e /abs/x.json ] && ok || bad "/abs/x.json was created"
eq "$(inv "$TMP/e.json" "$W/evil-names.zip!/../../etc/passwd" '"\(.status) \(.size)"')" "ok 41" "../../etc/passwd read as data"
eq "$(inv "$TMP/e.json" "$W/evil-names.zip!//abs/x.json" '"\(.status) \(.records)"')" "ok 6" "/abs/x.json read as data"
eq "$(inv "$TMP/e.json" "$W/evil-names.zip!/ok.log" .status)" ok "entry after hostile names"

# --- limits -----------------------------------------------------------------
run b.json --max-ratio 100 bomb.zip
eq "$(inv "$TMP/b.json" 'bomb.zip!/huge.csv' .status)" partial "zip bomb status: read up to the limit"
eq "$(inv "$TMP/b.json" 'bomb.zip!/huge.csv' '.warnings[-1].message')" \
   "compression ratio over 100:1 (possible zip bomb); rest not read (--max-ratio)" "zip bomb reason"
eq "$(inv "$TMP/b.json" bomb.zip .status)" ok "the archive around a bomb is fine"
run b2.json bomb.zip
eq "$(inv "$TMP/b2.json" 'bomb.zip!/huge.csv' '"\(.status) \(.size)"')" "ok 25165848" "411:1 is under the default ratio"

run dp.json --max-depth 3 depth.zip
eq "$(inv "$TMP/dp.json" 'depth.zip!/d4.zip!/d3.zip' .status)" ok "depth 2 opened"
eq "$(inv "$TMP/dp.json" 'depth.zip!/d4.zip!/d3.zip!/d2.zip' .status)" error "depth limit status"
eq "$(inv "$TMP/dp.json" 'depth.zip!/d4.zip!/d3.zip!/d2.zip' '.warnings[0].message')" \
   "archive nesting depth limit (3) reached; not opened (--max-depth)" "depth limit reason"
eq "$(jq '.inputs | length' "$TMP/dp.json")" 4 "nothing below the depth limit"
run dp2.json depth.zip
eq "$(inv "$TMP/dp2.json" 'depth.zip!/d4.zip!/d3.zip!/d2.zip!/d1.zip!/deep.log' .status)" ok "default depth reads 5 levels"

run m.json --max-entries 10 many.zip
eq "$(inv "$TMP/m.json" many.zip .status)" partial "entry limit status"
eq "$(inv "$TMP/m.json" many.zip '.warnings[0].message')" \
   "entry limit (10) reached; the rest of this archive was not read (--max-entries)" "entry limit reason"
eq "$(jq '.inputs | length' "$TMP/m.json")" 10 "entries up to the limit are listed"
eq "$(inv "$TMP/m.json" 'many.zip!/f08.log' .status)" ok "last entry under the limit"

run tb.json --max-total 17000 bundle.tar.gz
eq "$(inv "$TMP/tb.json" 'bundle.tar.gz!/exports/signins.json' .status)" ok "under the byte limit"
eq "$(inv "$TMP/tb.json" 'bundle.tar.gz!/logs/addin-client.log' '"\(.status) \(.size) \(.records)"')" "partial 512 4" "entry that crosses the byte limit"
contains "$(inv "$TMP/tb.json" 'bundle.tar.gz!/logs/addin-client.log' '.warnings[0].message')" \
   "total uncompressed size limit (16.6 KiB) reached" "byte limit reason"
eq "$(inv "$TMP/tb.json" 'bundle.tar.gz!/sf/loginhistory.csv' .status)" error "entry after the byte limit"
contains "$(inv "$TMP/tb.json" 'bundle.tar.gz!/sf/loginhistory.csv' '.warnings[0].message')" \
   "not read: the total uncompressed size limit" "entries after the limit still listed"

printf '2026-11-24T09:14:03Z short line\n2026-11-24T09:14:04Z %0300d\n' 0 >"$TMP/long.log"
"$TRIAGE" inventory -f json --max-record 100 "$TMP/long.log" >"$TMP/r.json"
eq "$(inv "$TMP/r.json" "$TMP/long.log" '"\(.status) \(.records)"')" "partial 2" "record limit status"
eq "$(inv "$TMP/r.json" "$TMP/long.log" '"\(.warnings[0].line) \(.warnings[0].message)"')" \
   "2 line longer than the record limit; cut" "record limit reason and line"

# --- symbolic links are not followed out of the tree -----------------------
mkdir -p "$TMP/tree/sub"
cp "$TD/samples/sf-package.synthetic.xml" "$TMP/tree/sub/package.xml"
ln -s /etc/hostname "$TMP/tree/out-link"
ln -s sub/package.xml "$TMP/tree/in-link.xml"
ln -s sub "$TMP/tree/dir-link"
"$TRIAGE" inventory -f json "$TMP/tree" >"$TMP/l.json"
eq "$(inv "$TMP/l.json" "$TMP/tree/out-link" '"\(.status) \(.looks_like)"')" \
   "unsupported symbolic link out of the input directory, not followed" "link out of the tree"
eq "$(inv "$TMP/l.json" "$TMP/tree/in-link.xml" '"\(.status) \(.format)"')" "ok sf.package" "link inside the tree"
eq "$(inv "$TMP/l.json" "$TMP/tree/dir-link" .status)" unsupported "link to a directory"
eq "$(inv "$TMP/l.json" "$TMP/tree/sub/package.xml" .status)" ok "file in a subdirectory"

# --- archives inside archives streamed (as from 64 MiB) read the same -----------
# (in CI under valgrind too: the read callback libarchive pulls them through)
for z in nested3.zip depth.zip bomb.zip corrupt-entry.zip evil-names.zip; do
	"$TRIAGE" inventory -f json "$W/$z" 2>/dev/null | jq -S 'del(.stats.elapsed_ms)' >"$TMP/held.json"
	TRIAGE_STREAM_MIN=0 "$TRIAGE" inventory -f json "$W/$z" 2>/dev/null |
		jq -S 'del(.stats.elapsed_ms)' >"$TMP/streamed.json"
	if [ -s "$TMP/held.json" ] && cmp -s "$TMP/held.json" "$TMP/streamed.json"; then ok; else
		bad "$z: streamed, the inventory differs"
		diff "$TMP/held.json" "$TMP/streamed.json" | head -6 >&2
	fi
done

finish
