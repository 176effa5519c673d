#!/bin/sh
# banned.sh - the unbounded or unsafe C library calls the project does
# not use (see doc/bundle.md): sprintf, vsprintf, strcpy, strcat, gets,
# atoi, strtok.
. "$(dirname "$0")/lib.sh"
hits=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|strtok)[[:space:]]*\(' \
	"$top_srcdir"/src/*.c "$top_srcdir"/parsers/*.c "$top_srcdir"/tests/*.c "$top_srcdir"/tests/fuzz/*.c 2>/dev/null |
	grep -vE '\b(snprintf|vsnprintf)\(' )
if [ -z "$hits" ]; then ok; else bad "banned calls:"; echo "$hits" >&2; fi
finish
