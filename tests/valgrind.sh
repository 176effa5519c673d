#!/bin/sh
# valgrind.sh - stands in for triage when make check runs with
# TRIAGE_VALGRIND=DIR (CI, a build without sanitizers): runs $TRIAGE_BIN
# under memcheck, each run's report in DIR/vg.PID.  tests/valgrind-check.sh
# then fails on any invalid access, use of uninitialised memory or
# definite leak in them.
exec valgrind -q --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
	--track-origins=no --log-file="$TRIAGE_VALGRIND/vg.%p" "$TRIAGE_BIN" "$@"
