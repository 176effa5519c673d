#!/bin/sh
# run.sh - `make bench` (never part of `make check`): generate large
# Microsoft inputs with bench/gen.py (fixed seed) in a temporary directory,
# then time `triage inventory`, `triage timeline` and `triage analyze` (the
# whole correlator with the shipped rules) on each beside jq doing
# the least comparable work on the same file, and print throughput (MB/s),
# peak RSS (/usr/bin/time %M) and the ratios triage/jq.
#
# Environment: TRIAGE (the binary; default src/triage of this tree),
# BENCH_MB (size of the Graph file, default 1300: about 1,000,000 sign-ins), BENCH_DIR (use the files
# already there instead of generating; nothing in it is removed), TMPDIR.
# Nothing is written into the source tree.
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
TRIAGE=${TRIAGE:-$srcdir/src/triage}
MB=${BENCH_MB:-1300}
for tool in jq python3 /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 2; }
done
[ -x "$TRIAGE" ] || { echo "bench: no triage binary at $TRIAGE (make first)" >&2; exit 2; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/triage-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
if [ -n "${BENCH_DIR:-}" ]; then
	data=$BENCH_DIR
else
	data=$scratch/data
	echo "generating about $MB MB of sign-ins (and the same as NDJSON, and a UAL CSV) in $data ..."
	python3 "$srcdir/bench/gen.py" --mb "$MB" "$data"
fi

# measure LABEL FILE COMMAND...: run it once, output discarded; appends
# "label file bytes seconds kilobytes" to the results
results=$scratch/results
: >"$results"
measure() {
	label=$1 file=$2
	shift 2
	if ! /usr/bin/time -f "%e %M" -o "$scratch/time" "$@" >/dev/null 2>"$scratch/err"; then
		echo "bench: $label failed on $file:" >&2
		tail -5 "$scratch/err" >&2
		exit 1
	fi
	bytes=$(wc -c <"$data/$file")
	echo "$label $file $bytes $(tail -1 "$scratch/time")" >>"$results"
}

cd "$data"
for f in signins-graph.json signins-diag.ndjson ual.csv; do
	echo "timing $f ($(($(wc -c <"$f") / 1000000)) MB) ..."
	measure triage-inventory "$f" "$TRIAGE" inventory -f json "$f"
	measure triage-timeline "$f" "$TRIAGE" timeline -f ndjson "$f"
	measure triage-analyze "$f" env TRIAGE_RULES_DIR="$srcdir/rules" "$TRIAGE" analyze -f json "$f"
	case "$f" in
	signins-graph.json)
		measure jq "$f" jq -c '.value[] | select(.status.errorCode != 0)' "$f" ;;
	signins-diag.ndjson)
		measure jq "$f" jq -c 'select(.properties.status.errorCode != 0)' "$f" ;;
	ual.csv)
		# jq cannot read CSV: the least comparable work is a raw line
		# filter (no CSV quoting, AuditData not parsed)
		measure jq "$f" jq -R 'select(contains("UserLoginFailed"))' "$f" ;;
	esac
done

echo
awk '
{
	secs = $4 < 0.01 ? 0.01 : $4
	mbs[$2, $1] = $3 / 1e6 / secs
	rss[$2, $1] = $5 / 1024
	printf "%-20s %-18s %8.1f MB %8.2f s %8.1f MB/s %8.1f MB peak RSS\n", \
	       $2, $1, $3 / 1e6, $4, mbs[$2, $1], rss[$2, $1]
	if (!($2 in seen)) { seen[$2] = 1; files[++n] = $2 }
}
END {
	print ""
	print "ratio triage/jq (throughput: higher is faster; peak RSS: lower is smaller)"
	for (i = 1; i <= n; i++) {
		f = files[i]
		for (t = 1; t <= 3; t++) {
			l = t == 1 ? "triage-inventory" : t == 2 ? "triage-timeline" : "triage-analyze"
			printf "%-20s %-18s throughput %6.2fx   peak RSS %6.3fx\n", f, l, \
			       mbs[f, l] / mbs[f, "jq"], rss[f, l] / rss[f, "jq"]
		}
	}
}' "$results"
