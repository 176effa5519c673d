#!/bin/sh
# run.sh - `make bench` (never part of `make check`): generate large
# Microsoft inputs with bench/gen.py (fixed seed) in a temporary directory,
# then time `triage inventory` and `triage analyze` (the whole correlator
# with the shipped rules) with one thread (-j1) and two (-j2), and
# `triage timeline`, on each beside jq doing the least comparable work on
# the same file in the same run, and print throughput (MB/s), peak RSS
# (/usr/bin/time %M) and the ratios triage/jq; and, for reference, the
# reading ceiling: cJSON alone parsing each NDJSON line (bench/ceiling).
#
# Environment: TRIAGE (the binary; default src/triage of this tree),
# CEILING (bench/ceiling), BENCH_MB (sizes of the Graph file in MB,
# default "200 1300": about 140,000 and 900,000 sign-ins), BENCH_DIR (use
# the files already there, for one size, instead of generating; nothing in
# it is removed), TMPDIR.  Nothing is written into the source tree.
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
TRIAGE=${TRIAGE:-$srcdir/src/triage}
CEILING=${CEILING:-$srcdir/bench/ceiling}
SIZES=${BENCH_MB:-200 1300}
for tool in jq python3 /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 2; }
done
[ -x "$TRIAGE" ] || { echo "bench: no triage binary at $TRIAGE (make first)" >&2; exit 2; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/triage-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
results=$scratch/results
: >"$results"

# measure LABEL FILE COMMAND...: run it once, output discarded; appends
# "file label bytes seconds kilobytes" to the results
measure() {
	label=$1 file=$2
	shift 2
	if ! /usr/bin/time -f "%e %M" -o "$scratch/time" "$@" >/dev/null 2>"$scratch/err"; then
		echo "bench: $label failed on $file:" >&2
		tail -5 "$scratch/err" >&2
		exit 1
	fi
	echo "$tag/$file $label $(wc -c <"$file") $(tail -1 "$scratch/time")" >>"$results"
}

for mb in $SIZES; do
	if [ -n "${BENCH_DIR:-}" ]; then
		data=$BENCH_DIR
	else
		data=$scratch/data
		rm -rf "$data"
		echo "generating about $mb MB of sign-ins (and the same as NDJSON, and a UAL CSV) ..."
		python3 "$srcdir/bench/gen.py" --mb "$mb" "$data"
	fi
	tag=${mb}MB
	cd "$data"
	for f in signins-graph.json signins-diag.ndjson ual.csv; do
		echo "timing $f ($(($(wc -c <"$f") / 1000000)) MB) ..."
		for j in 1 2; do
			measure "inventory-j$j" "$f" "$TRIAGE" inventory -j$j -f json "$f"
			measure "analyze-j$j" "$f" env TRIAGE_RULES_DIR="$srcdir/rules" \
				"$TRIAGE" analyze -j$j -f json "$f"
		done
		measure timeline "$f" "$TRIAGE" timeline -f ndjson "$f"
		case "$f" in
		signins-graph.json)
			measure jq "$f" jq -c '.value[] | select(.status.errorCode != 0)' "$f" ;;
		signins-diag.ndjson)
			measure jq "$f" jq -c 'select(.resultType != "0")' "$f"
			if [ -x "$CEILING" ]; then
				set -- $("$CEILING" "$f")
				echo "$tag/$f cjson-ceiling $(wc -c <"$f") $2 0" >>"$results"
			fi ;;
		ual.csv)
			# jq cannot read CSV: the least comparable work is a raw line
			# filter (no CSV quoting, AuditData not parsed)
			measure jq "$f" jq -R 'select(contains("UserLoginFailed"))' "$f" ;;
		esac
	done
	cd "$scratch"
	[ -n "${BENCH_DIR:-}" ] && break
done

echo
awk '
{
	secs = $4 < 0.01 ? 0.01 : $4
	mbs[$1, $2] = $3 / 1e6 / secs
	rss[$1, $2] = $5 / 1024
	if ($5 > 0)
		printf "%-30s %-15s %8.1f MB %8.2f s %8.1f MB/s %8.1f MB peak RSS\n", \
		       $1, $2, $3 / 1e6, $4, mbs[$1, $2], rss[$1, $2]
	else
		printf "%-30s %-15s %8.1f MB %8.2f s %8.1f MB/s   (cJSON alone, one core)\n", \
		       $1, $2, $3 / 1e6, $4, mbs[$1, $2]
	if (!($1 in seen)) { seen[$1] = 1; files[++n] = $1 }
}
END {
	print ""
	print "ratio triage/jq (throughput: higher is faster; peak RSS: lower is smaller)"
	split("inventory-j1 inventory-j2 analyze-j1 analyze-j2 timeline", labels, " ")
	for (i = 1; i <= n; i++) {
		f = files[i]
		for (t = 1; t <= 5; t++) {
			l = labels[t]
			printf "%-30s %-15s throughput %6.2fx   peak RSS %7.3fx\n", f, l, \
			       mbs[f, l] / mbs[f, "jq"], rss[f, l] / rss[f, "jq"]
		}
		if ((f, "cjson-ceiling") in mbs)
			printf "%-30s %-15s analyze -j1 reads at %.2f of the cJSON ceiling\n", f, "", \
			       mbs[f, "analyze-j1"] / mbs[f, "cjson-ceiling"]
	}
}' "$results"
