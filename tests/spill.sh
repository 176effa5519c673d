#!/bin/sh
# spill.sh - analyze keeps in memory what its correlator needs, and moves
# the routine records of a large input (successful sign-ins and logins
# after each person's first in a file) to a temporary file, bringing back
# the ones its checks read.  The report must not change: every scenario,
# and generated tenant-sized inputs, give the same report with every
# routine record spilled (TRIAGE_SPILL_MIN=0) as with none;
# TRIAGE_SPILL_CHECK=1 makes analyze say whether its checks read a spilled
# record it did not bring back (never).
. "$(dirname "$0")/lib.sh"
TRIAGE_RULES_DIR=$top_srcdir/rules
export TRIAGE_RULES_DIR

# report OUT ARGS...: analyze -f json without its run time; the spill
# check's line (if any) in OUT.check
report() {
	out=$1
	shift
	TRIAGE_SPILL_CHECK=1 "$TRIAGE" analyze -f json "$@" 2>"$TMP/$out.err" |
		jq -S 'del(.stats.elapsed_ms)' >"$TMP/$out"
	grep 'spill check' "$TMP/$out.err" >"$TMP/$out.check" || :
}

# same_spilled WHAT FILE: analyze's report on FILE the same with routine
# records spilled from 1,000 kept on as with none spilled
same_spilled() {
	TRIAGE_SPILL_MIN=1000000000 report kept.json "$2"
	TRIAGE_SPILL_MIN=1000 report spilled.json "$2"
	if cmp -s "$TMP/kept.json" "$TMP/spilled.json"; then ok; else
		bad "$1: the report changes when routine records are spilled"
		diff "$TMP/kept.json" "$TMP/spilled.json" | head -6 >&2
	fi
}

# ---- every scenario: the same report spilled -------------------------------------
differ=0 spilled=0 back=0 missed=0 total=0
for d in "$TD"/scenarios/*/; do
	total=$((total + 1))
	TRIAGE_SPILL_MIN=1000000000 report kept.json "$d"
	TRIAGE_SPILL_MIN=0 report spilled.json "$d"
	if ! cmp -s "$TMP/kept.json" "$TMP/spilled.json"; then
		differ=$((differ + 1))
		bad "$(basename "$d"): the report changes when routine records are spilled"
		diff "$TMP/kept.json" "$TMP/spilled.json" | head -6 >&2
	fi
	[ -s "$TMP/kept.json.check" ] && bad "$(basename "$d"): spilled below the threshold"
	if [ -s "$TMP/spilled.json.check" ]; then
		spilled=$((spilled + 1))
		n=$(sed 's/.* \([0-9]*\) brought back.*/\1/' "$TMP/spilled.json.check")
		[ "$n" -gt 0 ] && back=$((back + 1))
		grep -q ', 0 read but not brought back' "$TMP/spilled.json.check" ||
			missed=$((missed + 1))
	fi
done
eq "$differ" 0 "scenarios whose report changes when records are spilled (of $total)"
eq "$missed" 0 "scenarios whose checks read a spilled record not brought back"
# most bundles hold sign-ins or logins; some checks read them back
[ "$spilled" -ge 80 ] && ok || bad "only $spilled of $total scenarios spilled anything"
[ "$back" -ge 5 ] && ok || bad "only $back scenarios brought spilled records back"

# ---- the person behind a log line is the person of a spilled sign-in ----------------
# The add-in's line names nobody, only a correlation id; the one sign-in
# with that id is Ana's second (spilled: her first in the file is kept).
mkdir -p "$TMP/corr/entra" "$TMP/corr/outlook"
python3 - "$TMP/corr" <<'EOF'
import json, os, sys
d = sys.argv[1]
def si(i, t, upn, name, uid, corr):
    return {"id": "00000000-0000-4000-8000-%012d" % i, "createdDateTime": t,
            "userDisplayName": name, "userPrincipalName": upn, "userId": uid,
            "appId": "a0c73c16-a7e3-4564-9a95-2bdf47383716",
            "appDisplayName": "Microsoft Copilot for Sales", "ipAddress": "198.51.100.7",
            "clientAppUsed": "Browser", "correlationId": corr,
            "status": {"errorCode": 0, "failureReason": None}}
ana = ("ana.lima@contoso.com", "Ana Lima", "11111111-2222-4333-8444-555555555555")
bob = ("bob.ng@contoso.com", "Bob Ng", "66666666-7777-4888-9999-000000000000")
v = [si(1, "2026-11-24T09:00:00Z", *ana, "aaaaaaaa-0000-4000-8000-000000000001"),
     si(2, "2026-11-24T09:05:00Z", *bob, "bbbbbbbb-0000-4000-8000-000000000002"),
     si(3, "2026-11-24T09:10:00Z", *ana, "cccccccc-0000-4000-8000-000000000003"),
     si(4, "2026-11-24T09:12:00Z", *bob, "dddddddd-0000-4000-8000-000000000004")]
with open(os.path.join(d, "entra", "signIns.json"), "w") as f:
    json.dump({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",
               "value": v}, f, indent=1)
with open(os.path.join(d, "outlook", "CopilotForSales.log"), "w") as f:
    f.write("2026-11-24T09:10:01.000Z [Info] [Sales.OutlookAddin.Shell] [session=s1] "
            "Copilot for Sales pane opened\n"
            "2026-11-24T09:10:05.000Z [Error] [Sales.Crm.Salesforce] [session=s1] "
            "[correlationId=cccccccc-0000-4000-8000-000000000003] Token refresh for service "
            "'Salesforce' failed. Response body: {\"error\":\"inactive_org\","
            "\"error_description\":\"inactive organization\"}\n")
EOF
TRIAGE_SPILL_MIN=0 report corr.json "$TMP/corr"
eq "$(cat "$TMP/corr.json.check")" \
	"triage: spill check: 2 spilled, 0 brought back, 0 read but not brought back" \
	"the second sign-in of each person spilled"
eq "$(jq -c '[.findings[] | [.cause, [.identities[] as $i | $i]]]' "$TMP/corr.json")" \
	'[["sf.org.inactive",["id-1"]]]' "the log line's error is the person's of the spilled sign-in"
eq "$(jq -r '.identities[] | select(.id == "id-1") | .names[0]' "$TMP/corr.json")" \
	"ana.lima@contoso.com" "that person is Ana"
eq "$(jq -c '[.stats.records, [.inputs[].records]]' "$TMP/corr.json")" '[6,[4,2]]' \
	"records counted where they were read, spilled or not"

# ---- tenant-sized inputs: the bench's generator, small --------------------------------
python3 "$top_srcdir/bench/gen.py" --mb 6 --seed 7 "$TMP/gen" >/dev/null 2>&1
for f in signins-graph.json signins-diag.ndjson ual.csv; do
	same_spilled "$f" "$TMP/gen/$f"
	n=$(sed -n 's/.*check: \([0-9]*\) spilled.*/\1/p' "$TMP/spilled.json.check")
	records=$(jq '.stats.records' "$TMP/spilled.json")
	# successes after each person's first in the file (5,000 people:
	# at this size most are seen once or twice)
	[ "${n:-0}" -gt $((records / 8)) ] && ok || bad "$f: ${n:-no} records of $records spilled"
	contains "$(cat "$TMP/spilled.json.check")" ", 0 read but not brought back" \
		"$f: every spilled record the checks read came back"
done
# on threads, the same
TRIAGE_SPILL_MIN=1000 report threads.json -j3 "$TMP/gen/signins-graph.json"
TRIAGE_SPILL_MIN=1000 report spilled.json -j1 "$TMP/gen/signins-graph.json"
if cmp -s "$TMP/threads.json" "$TMP/spilled.json"; then ok; else
	bad "spilled: -j3 and -j1 differ"
fi

# ---- more spilled than one block of their index ----------------------------------------
# 40 people: nearly every success after each one's first is spilled, more
# than the 4,096 entries of the block of the index held in memory, so the
# entries are read back from the file (under valgrind in CI: every byte
# written is set)
python3 "$top_srcdir/bench/gen.py" --mb 10 --people 40 --seed 3 "$TMP/few" >/dev/null 2>&1
same_spilled "40 people" "$TMP/few/signins-graph.json"
n=$(sed -n 's/.*check: \([0-9]*\) spilled.*/\1/p' "$TMP/spilled.json.check")
[ "${n:-0}" -gt 4500 ] && ok || bad "40 people: only ${n:-no} records spilled"
contains "$(cat "$TMP/spilled.json.check")" ", 0 read but not brought back" \
	"40 people: every spilled record the checks read came back"

# ---- timeline: every record may go, each comes back in its turn -----------------------
# the same bytes in every format with every record spilled as with none,
# on every scenario (several inputs, facts, archives), with the filters
differ=0 spilled=0 total=0
for d in "$TD"/scenarios/*/; do
	total=$((total + 1))
	for args in "-f text" "-f ndjson" "-f csv --since 2026-01-01T00:00:00Z"; do
		TRIAGE_SPILL_MIN=1000000000 "$TRIAGE" timeline $args "$d" >"$TMP/tk" 2>/dev/null
		TRIAGE_SPILL_MIN=0 TRIAGE_SPILL_CHECK=1 "$TRIAGE" timeline $args "$d" \
			>"$TMP/ts" 2>"$TMP/ts.err"
		cmp -s "$TMP/tk" "$TMP/ts" || {
			differ=$((differ + 1))
			bad "$(basename "$d") timeline $args: changes when records are spilled"
		}
	done
	grep -q 'spill check: [0-9]* read, [1-9][0-9]* spilled' "$TMP/ts.err" && spilled=$((spilled + 1))
done
eq "$differ" 0 "scenario timelines that change when records are spilled (of $total)"
[ "$spilled" -ge 80 ] && ok || bad "only $spilled of $total scenario timelines spilled anything"
# the generated files: more spilled than a block of the index; a person,
# a window; a person nobody is (the same list of the people there are)
for f in signins-graph.json signins-diag.ndjson ual.csv; do
	for args in "-f text" "-f ndjson --user user00007" "-f csv --since 2026-11-01T06:00:00Z --until 2026-11-01T09:00:00Z" "--user nobody-at-all"; do
		TRIAGE_SPILL_MIN=1000000000 "$TRIAGE" timeline $args "$TMP/few/$f" >"$TMP/tk" 2>"$TMP/tk.err"
		TRIAGE_SPILL_MIN=100 TRIAGE_SPILL_CHECK=1 "$TRIAGE" timeline $args "$TMP/few/$f" \
			>"$TMP/ts" 2>"$TMP/ts.err"
		if cmp -s "$TMP/tk" "$TMP/ts" && [ "$(cat "$TMP/tk.err")" = "$(grep -v 'spill check' "$TMP/ts.err")" ]; then
			ok
		else
			bad "$f timeline $args: changes when records are spilled"
		fi
	done
	n=$(sed -n 's/.*read, \([0-9]*\) spilled.*/\1/p' "$TMP/ts.err")
	[ "${n:-0}" -gt 4500 ] && ok || bad "$f timeline: only ${n:-no} records spilled"
done
eq "$(TRIAGE_SPILL_MIN=100 "$TRIAGE" timeline -f ndjson --user user00007 "$TMP/few/signins-graph.json" | wc -l | tr -d ' ')" \
	"$(jq -c '.value[] | select(.userPrincipalName | test("user00007"))' "$TMP/few/signins-graph.json" | wc -l | tr -d ' ')" \
	"timeline --user: every sign-in of the person, spilled or not"
# --redact numbers values in the order of the records: nothing spilled
TRIAGE_SPILL_MIN=0 TRIAGE_SPILL_CHECK=1 "$TRIAGE" timeline --redact "$TMP/few/ual.csv" >/dev/null 2>"$TMP/err"
eq "$(cat "$TMP/err")" "triage: spill check: 4674 read, 0 spilled" "timeline --redact spills nothing"

# ---- inventory: counted, not kept ------------------------------------------------------
# what each input held, the same as when every record is kept
differ=0
for d in "$TD"/scenarios/*/; do
	TRIAGE_SPILL_MIN=1000000000 "$TRIAGE" analyze -f json "$d" 2>/dev/null |
		jq -c '[.stats.records, [.inputs[] | [.locator, .records, .status]]]' >"$TMP/a"
	"$TRIAGE" inventory -f json "$d" 2>/dev/null |
		jq -c '[.stats.records, [.inputs[] | [.locator, .records, .status]]]' >"$TMP/i"
	cmp -s "$TMP/a" "$TMP/i" || { differ=$((differ + 1)); bad "$(basename "$d"): inventory counts differ"; }
done
eq "$differ" 0 "scenarios whose inventory counts differ from analyze's"
TRIAGE_SPILL_CHECK=1 "$TRIAGE" inventory -f json "$TMP/gen/signins-graph.json" >/dev/null 2>"$TMP/err"
eq "$(cat "$TMP/err")" "triage: spill check: 4206 read, 0 kept in memory" "inventory keeps no record"
# a record whose date is settled at the end of its file stays until then
printf 'Username,LoginTime,Status,SourceIp\n' >"$TMP/dates.csv"
for i in 1 2 3 4 5 6; do
	printf 'ana@contoso.com,0%d/02/2026 09:00:00,Success,198.51.100.7\n' "$i" >>"$TMP/dates.csv"
done
TRIAGE_SPILL_CHECK=1 "$TRIAGE" inventory -f json "$TMP/dates.csv" >/dev/null 2>"$TMP/err"
eq "$(cat "$TMP/err")" "triage: spill check: 6 read, 5 kept in memory" \
	"inventory keeps the records whose dates are settled later"
TRIAGE_SPILL_CHECK=1 "$TRIAGE" inventory -f json --redact "$TMP/corr" >/dev/null 2>"$TMP/err"
eq "$(cat "$TMP/err")" "triage: spill check: 6 read, 6 kept in memory" "inventory --redact keeps them"

# ---- where it cannot or must not spill ---------------------------------------------
# no temporary file: said, once the input is large enough to have needed
# one, and the report is the same
TMPDIR="$TMP/none" TRIAGE_SPILL_MIN=1000 report nodir.json "$TMP/gen/signins-graph.json"
if cmp -s "$TMP/kept.json" "$TMP/nodir.json" || cmp -s "$TMP/threads.json" "$TMP/nodir.json"
then ok; else bad "no temporary file: the report changed"; fi
contains "$(cat "$TMP/nodir.json.err")" \
	"warning: no temporary file could be made in $TMP/none (No such file or directory): every record was kept in memory" \
	"no temporary file: said"
TMPDIR="$TMP/none" report small.json "$TMP/corr"
eq "$(cat "$TMP/small.json.err")" "" "no temporary file, a small input: nothing to say"
# --redact numbers every value in the order of the records: nothing spilled
TRIAGE_SPILL_MIN=0 report redacted.json --redact "$TMP/corr"
eq "$(cat "$TMP/redacted.json.check")" "" "--redact: nothing spilled"
# no file is left behind (the temporary file is unlinked at once)
mkdir "$TMP/spilldir"
TMPDIR="$TMP/spilldir" TRIAGE_SPILL_MIN=0 report left.json "$TMP/corr"
eq "$(ls -A "$TMP/spilldir")" "" "no temporary file left"
# inside the sandbox: the file was opened before it went up
if "$TRIAGE" --sandbox on inventory "$TMP/corr" >/dev/null 2>&1; then
	TRIAGE_SPILL_MIN=0 report sandboxed.json --sandbox on "$TMP/corr"
	if cmp -s "$TMP/corr.json" "$TMP/sandboxed.json"; then ok; else
		bad "in the sandbox: the report changed"
	fi
	contains "$(cat "$TMP/sandboxed.json.check")" "2 spilled" "in the sandbox: spilled"
fi

finish
