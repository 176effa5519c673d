#!/bin/sh
# valgrind-check.sh DIR - after `make check TRIAGE_VALGRIND=DIR`: the runs
# memcheck watched, and every error it reported (invalid reads and writes,
# uninitialised values, bad frees, definite leaks).  Exit 1 on any.
dir=$1
runs=$(ls "$dir" | grep -c '^vg\.')
errors=$(cat "$dir"/vg.* 2>/dev/null | grep -E 'Invalid (read|write|free)|uninitialised|Mismatched free|definitely lost|Source and destination overlap|Syscall param|Process terminating' | grep -vc 'definitely lost: 0 bytes')
echo "valgrind: $runs runs of triage under memcheck, $errors errors"
if [ "$errors" -ne 0 ]; then
	grep -l -E 'Invalid|uninitialised|Mismatched|definitely lost|overlap|Syscall param|Process terminating' "$dir"/vg.* |
		head -3 | xargs cat
	exit 1
fi
[ "$runs" -gt 0 ]
