#!/bin/sh
# cli.sh - the command line contract: help, version, exit statuses, usage
# errors, and byte-exact golden outputs of `inventory` on the demo bundle
# in every output format.  Regenerate goldens with UPDATE_GOLDEN=1.
. "$(dirname "$0")/lib.sh"
SOURCE_DATE_EPOCH=1796083200	# a fixed "analysed" time in the Markdown and HTML reports
export SOURCE_DATE_EPOCH
G="$top_srcdir/tests/golden"

golden() {	# golden NAME FILE: compare FILE with tests/golden/NAME
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$2" "$G/$1"
	fi
	if cmp -s "$2" "$G/$1"; then ok; else bad "golden $1 differs:"; diff -u "$G/$1" "$2" | head -20 >&2; fi
}

rc 0 "--help" "$TRIAGE" --help
golden help.txt "$TMP/out"
rc 0 "--version" "$TRIAGE" --version
eq "$(head -1 "$TMP/out")" "triage 0.1.0" "--version text"
rc 2 "no command" "$TRIAGE"
contains "$(cat "$TMP/err")" "usage: triage COMMAND" "no command prints usage"
rc 2 "unknown option" "$TRIAGE" --frobnicate
eq "$(head -1 "$TMP/err")" "triage: unknown option '--frobnicate'" "unknown option message"
rc 2 "unknown command" "$TRIAGE" frobnicate
eq "$(head -1 "$TMP/err")" "triage: unknown command 'frobnicate'" "unknown command message"
rc 2 "unknown inventory option" "$TRIAGE" inventory --frobnicate x
eq "$(head -1 "$TMP/err")" "triage: unknown option '--frobnicate'" "unknown inventory option message"
rc 2 "bad format" "$TRIAGE" inventory -f yaml x
eq "$(head -1 "$TMP/err")" "triage: unknown format 'yaml' (text, json, md, html)" "bad format message"
rc 2 "option without its value" "$TRIAGE" inventory x -f
eq "$(head -1 "$TMP/err")" "triage: option '-f' needs a value" "missing value message"
rc 2 "bad limit" "$TRIAGE" inventory --max-depth 99 x
contains "$(cat "$TMP/err")" "bad number for --max-depth: '99'" "bad limit message"
rc 2 "bad size" "$TRIAGE" inventory --max-total 12Q x
contains "$(cat "$TMP/err")" "bad size for --max-total: '12Q'" "bad size message"

for c in analyze timeline inventory explain rules; do
	rc 0 "$c --help" "$TRIAGE" "$c" --help
	contains "$(cat "$TMP/out")" "usage: triage $c" "$c --help text"
	cp "$TMP/out" "$TMP/help-$c"
	rc 0 "help $c" "$TRIAGE" help "$c"
	eq "$(cat "$TMP/out")" "$(cat "$TMP/help-$c")" "help $c is $c --help"
done
# the help of each command comes from the option table: every option it
# lists is accepted, every other one refused
for c in analyze timeline inventory explain rules; do
	"$TRIAGE" help $c | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | sed 's/.*--/--/' | sort -u >"$TMP/has-$c"
done
sort -u "$TMP"/has-* >"$TMP/all-options"
for c in analyze timeline inventory explain rules; do
	while read -r o; do
		(cd "$TMP" && "$TRIAGE" $c "$o" x) >/dev/null 2>"$TMP/err"	# -o x is written there
		if grep -qx -- "$o" "$TMP/has-$c"; then
			eq "$(grep -c "unknown option '$o'" "$TMP/err")" 0 "$c takes $o, as its help says"
		else
			eq "$(grep -c "unknown option '$o'" "$TMP/err")" 1 "$c refuses $o, not in its help"
		fi
	done <"$TMP/all-options"
done
eq "$(wc -l <"$TMP/has-analyze" | tr -d " ")" 23 "analyze: its options"
eq "$(tr '\n' ' ' <"$TMP/has-explain")" "--format --no-default-rules --rules --sandbox " "explain: its options"
rc 2 "help of no command" "$TRIAGE" help nothing
eq "$(head -1 "$TMP/err")" "triage: unknown command 'nothing'" "help of no command: said"
rc 0 "inventory --help" "$TRIAGE" inventory --help
golden inventory-help.txt "$TMP/out"
rc 3 "analyze of a missing file" "$TRIAGE" analyze "$TMP/no-such-file"
rc 2 "analyze without input on a terminal-less run is standard input" "$TRIAGE" analyze --fail-on x

# missing input: exit 3 with the reason
rc 3 "missing input" "$TRIAGE" inventory "$TMP/no-such-file"
contains "$(cat "$TMP/err")" "no-such-file: cannot read: No such file or directory" "missing input message"
contains "$(cat "$TMP/err")" "no input could be read" "missing input summary"
eq "$(grep -c ' error$' "$TMP/out")" 1 "missing input listed as error"
# one good input among missing ones is enough to go on
rc 0 "one readable input" "$TRIAGE" inventory "$TMP/no-such-file" "$TD/samples/sf-package.synthetic.xml"

# golden outputs of the demo bundle (run from testdata/ so locators are stable)
cd "$TD" || exit 99
for f in text md html; do
	rc 0 "inventory -f $f" "$TRIAGE" inventory -f "$f" demo/ticket-4711.zip
	golden "demo-inventory.$f" "$TMP/out"
done
rc 0 "inventory -f json" "$TRIAGE" inventory -f json demo/ticket-4711.zip
sed 's/"elapsed_ms": [0-9]*/"elapsed_ms": 0/' "$TMP/out" >"$TMP/demo.json"
golden demo-inventory.json "$TMP/demo.json"
jq -e . "$TMP/demo.json" >/dev/null && ok || bad "JSON output parses"
eq "$(jq -r .schema "$TMP/demo.json")" triage.report/1 "report schema"

# -o writes the file and nothing to standard output
rc 0 "-o FILE" "$TRIAGE" inventory -f json -o "$TMP/o.json" demo/ticket-4711.zip
eq "$(wc -c <"$TMP/out")" 0 "-o leaves standard output empty"
eq "$(jq -r '.inputs | length' "$TMP/o.json")" 12 "-o file holds the inventory"
rc 2 "-o into a missing directory" "$TRIAGE" inventory -o "$TMP/nodir/x" demo/ticket-4711.zip
contains "$(cat "$TMP/err")" "cannot write" "-o error message"
# what is not a plain file is written in place, never replaced by one
# (a rename over /dev/null run as root made it a file)
mkdir -p "$TMP/place"
: >"$TMP/place/target.json"
ln -s target.json "$TMP/place/link.json"
rc 0 "-o through a symbolic link" "$TRIAGE" inventory -f json -o "$TMP/place/link.json" demo/ticket-4711.zip
test -L "$TMP/place/link.json" && ok || bad "-o replaced the symbolic link with a file"
eq "$(jq -r '.inputs | length' "$TMP/place/target.json")" 12 "-o through a link: written to its target"
mkfifo "$TMP/place/fifo"
cat "$TMP/place/fifo" >"$TMP/place/from-fifo" &
rc 0 "-o a named pipe" "$TRIAGE" inventory -f json -o "$TMP/place/fifo" demo/ticket-4711.zip
wait
test -p "$TMP/place/fifo" && ok || bad "-o replaced the named pipe with a file"
eq "$(jq -r '.inputs | length' "$TMP/place/from-fifo")" 12 "-o a named pipe: the report came through it"
eq "$(ls -A "$TMP/place" | tr '\n' ' ')" "fifo from-fifo link.json target.json " "-o in place: no temporary file left"

# --progress always writes progress to standard error only
rc 0 "--progress always" "$TRIAGE" inventory --progress always -f json demo/ticket-4711.zip
contains "$(cat "$TMP/err")" "entries," "progress on standard error"
jq -e . "$TMP/out" >/dev/null && ok || bad "progress keeps standard output clean"
eq "$(tr '\r' '\n' <"$TMP/err" | tail -1 | sed -E 's/, [0-9.]+ [KMG]?i?B\/s//')" \
	"triage: 100% of $(stat -c %s demo/ticket-4711.zip | awk '{printf "%.1f KiB", $1 / 1024}') read, 12 entries, 26 records   " \
	"progress: how much of the bytes on disk, then the records"
# within one large file: lines before the end, each with its share, rate
# and time left (five a second at most: a file that takes over a second)
i=0
while [ $i -lt 4000 ]; do
	printf '{"time": "2026-11-24T09:14:%02dZ", "level": "info", "user": "u%d@contoso.com", "message": "routine sync of batch %d completed in 41 ms with 0 errors and 12 items"}\n' $((i % 60)) $((i % 50)) $i
	i=$((i + 1))
done >"$TMP/chunk.ndjson"
for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do cat "$TMP/chunk.ndjson"; done >"$TMP/big.ndjson"
for k in 1 2 3 4; do cat "$TMP/big.ndjson"; done >"$TMP/bigger.ndjson"
rc 0 "--progress within one file" "$TRIAGE" inventory --progress always "$TMP/bigger.ndjson"
tr '\r' '\n' <"$TMP/err" | grep -E '^triage: +[0-9]+% of [0-9.]+ MiB read, [0-9.]+ [KM]iB/s, [0-9]+ s left, 1 entries, [0-9]+ records' >"$TMP/lines"
[ "$(wc -l <"$TMP/lines")" -ge 1 ] && ok || bad "progress within one file: no line before the end ($(tr '\r' '\n' <"$TMP/err" | head -3))"
rc 0 "--progress never" "$TRIAGE" inventory --progress never demo/ticket-4711.zip
eq "$(cat "$TMP/err")" "" "--progress never: nothing"
rc 0 "--progress auto, not a terminal" "$TRIAGE" inventory demo/ticket-4711.zip
eq "$(cat "$TMP/err")" "" "--progress auto into a file: nothing"
rc 2 "bad --progress" "$TRIAGE" inventory --progress sometimes x

# timeline: formats, filters, exit statuses
rc 2 "timeline bad format" "$TRIAGE" timeline -f html demo/ticket-4711.zip
eq "$(head -1 "$TMP/err")" "triage: unknown format 'html' (text, ndjson, csv)" "timeline bad format message"
rc 2 "timeline bad --since" "$TRIAGE" timeline --since yesterday demo/ticket-4711.zip
contains "$(cat "$TMP/err")" "bad time for --since: 'yesterday'" "bad --since message"
rc 2 "inventory has no --since" "$TRIAGE" inventory --since 2026-01-01 demo/ticket-4711.zip
rc 2 "unknown --tz" "$TRIAGE" timeline --tz Mars/Olympus_Mons demo/ticket-4711.zip
contains "$(cat "$TMP/err")" "unknown time zone 'Mars/Olympus_Mons'" "unknown zone message"
rc 0 "known --tz" "$TRIAGE" timeline --tz Europe/Berlin -f ndjson demo/ticket-4711.zip
rc 0 "timeline -f ndjson" "$TRIAGE" timeline -f ndjson demo/ticket-4711.zip
eq "$(jq -s length "$TMP/out")" 26 "one NDJSON line per record"
eq "$(jq -rs '[.[].kind] | unique | join(",")' "$TMP/out")" \
   "addin.log,entra.audit,entra.signin,m365.audit,sf.connected_app,sf.login,sf.package,sf.profile,ticket.note" "record kinds"
rc 3 "timeline of nothing readable" "$TRIAGE" timeline "$TMP/none"
# the text format keeps one record on one line, whatever its message holds
printf '2026-11-24T09:14:03Z ERROR first\n  at stack frame one\n  at stack frame two\n2026-11-24T09:14:04Z INFO next\n' >"$TMP/trace.log"
rc 0 "timeline of a multi-line message" "$TRIAGE" timeline "$TMP/trace.log"
eq "$(wc -l <"$TMP/out")" 2 "two records, two lines"
contains "$(head -1 "$TMP/out")" 'first\n  at stack frame one\n  at stack frame two' "line breaks escaped"

# the CSV timeline people open in a spreadsheet: documented columns, the
# level and every other field as JSON, and no cell that runs as a formula
printf '%s\n' '{"time": "2026-11-24T09:14:03Z", "level": "error", "user": "a@contoso.com", "message": "=HYPERLINK(\"http://x.example/\",\"open\")", "detail": "+1 more"}' \
	'{"time": "2026-11-24T09:14:04Z", "level": "info", "user": "@a", "message": "-rm", "code": "=1+1"}' >"$TMP/formula.ndjson"
rc 0 "timeline -f csv" "$TRIAGE" timeline -f csv "$TMP/formula.ndjson"
eq "$(head -1 "$TMP/out" | tr -d '\r')" \
	"time,kind,user,app,code,status,message,ip,correlation_id,tenant,org,locator,level,source,fields" "CSV columns"
eq "$(sed -n 2p "$TMP/out" | tr -d '\r')" \
	"2026-11-24T09:14:03.000Z,log.line,a@contoso.com,,,,\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"open\"\")\",,,,,$TMP/formula.ndjson:1,error,log,\"{\"\"time\"\": \"\"2026-11-24T09:14:03Z\"\", \"\"src.level\"\": \"\"error\"\", \"\"src.user\"\": \"\"a@contoso.com\"\", \"\"src.message\"\": \"\"=HYPERLINK(\\\"\"http://x.example/\\\"\",\\\"\"open\\\"\")\"\", \"\"detail\"\": \"\"+1 more\"\", \"\"level\"\": \"\"error\"\"}\"" \
	"CSV: a formula guarded, the level, the source, the other fields as JSON"
eq "$(sed -n 3p "$TMP/out" | cut -d, -f1-7 | tr -d '\r')" \
	"2026-11-24T09:14:04.000Z,log.line,\"'@a\",,,,\"'-rm\"" "CSV: every cell starting with =, +, - or @ guarded"
eq "$(grep -c '^[^,]*,[^,]*,[=+@-]' "$TMP/out")" 0 "CSV: no cell a spreadsheet runs"

# JSON output is valid UTF-8 whatever bytes a file name holds
mkdir -p "$TMP/names"
bad=$(printf 'caf\351-\377.log')
printf '2026-11-24T09:14:03Z ERROR Access denied for this user\n' >"$TMP/names/$bad"
rc 0 "inventory of a file named in Latin-1" "$TRIAGE" inventory -f json "$TMP/names"
eq "$(jq -r '.inputs[0].locator' "$TMP/out" | sed 's|.*/||')" "caf�-�.log" "inventory JSON: bytes that are not UTF-8 become U+FFFD"
rc 0 "timeline of a file named in Latin-1" "$TRIAGE" timeline -f ndjson "$TMP/names"
eq "$(jq -r '.locator' "$TMP/out" | sed 's|.*/||')" "caf�-�.log:1" "NDJSON: valid UTF-8"
rc 0 "analyze of a file named in Latin-1" "$TRIAGE" analyze -f json "$TMP/names"
eq "$(jq -r '[.findings[].symptoms[].locator, .unexplained[].locator][0]' "$TMP/out" | sed 's|.*/||')" "caf�-�.log:1" "report JSON: valid UTF-8"
if command -v iconv >/dev/null; then
	iconv -f UTF-8 -t UTF-8 "$TMP/out" >/dev/null 2>&1 && ok || bad "report JSON is not UTF-8"
fi

finish
