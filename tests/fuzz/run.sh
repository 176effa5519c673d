#!/bin/sh
# run.sh - `make fuzz`: every libFuzzer harness of a fuzz build for
# FUZZ_SECONDS each, from its seeds (the test data, the rules, and
# tests/fuzz-corpus/), a summary line per harness (executions, coverage,
# corpus), and every crash, timeout, leak or out-of-memory input written to
# tests/fuzz-corpus/NAME/ of the source tree, where `make check` replays
# it through every harness from then on.  Exits 1 when a harness found
# something.
#
# usage: run.sh BUILDDIR SRCDIR SECONDS
set -u
build=$1 src=$2 secs=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/triage-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
found=0
printf '%-16s %10s %8s %8s %s\n' HARNESS RUNS COVERAGE CORPUS FOUND
for h in "$build"/tests/fuzz/fuzz_*; do
	case $h in *.o) continue ;; esac
	[ -x "$h" ] || continue
	name=${h##*/fuzz_}
	keep=$src/tests/fuzz-corpus/$name
	mkdir -p "$keep" "$work/$name"
	case $name in
	rules) seeds="$src/rules" ;;
	time | explain) seeds="$src/tests/fuzz-corpus/time $src/testdata/readers" ;;
	*)
		# the test data but the scenario bundles (12 MB: minutes of seed
		# runs before the first mutation)
		seeds=
		for d in "$src"/testdata/*/; do
			case $d in */scenarios/) ;; *) seeds="$seeds ${d%/}" ;; esac
		done
		;;
	esac
	before=$(ls "$keep" | wc -l)
	# shellcheck disable=SC2086
	TRIAGE_RULES_DIR=$src/rules "$h" -max_total_time="$secs" -timeout=20 -report_slow_units=60 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$keep/" \
		"$work/$name" "$keep" $seeds >"$work/$name.log" 2>&1
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name.log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$work/$name.log" | tail -1 | cut -d' ' -f2)
	corp=$(ls "$work/$name" | wc -l)
	new=$(ls "$keep" | grep -E '^(crash|timeout|leak|oom|slow-unit)-' | wc -l)
	after=$(ls "$keep" | wc -l)
	what=none
	if [ "$after" -gt "$before" ] || grep -q -e '^==[0-9]*==ERROR' -e 'runtime error' "$work/$name.log"; then
		found=1
		what="see tests/fuzz-corpus/$name/ ($new kept)"
		grep -m5 -e 'ERROR' -e 'runtime error' -e 'SUMMARY' "$work/$name.log" >&2
	fi
	printf '%-16s %10s %8s %8s %s\n' "$name" "${runs:-?}" "${cov:-?}" "$corp" "$what"
done
exit "$found"
