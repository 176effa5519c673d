#!/bin/sh
# banned.sh - the unbounded or unsafe C library calls the project does
# not use (see doc/bundle.md): sprintf, vsprintf, strcpy, strcat, gets,
# atoi, strtok; and no call that opens a socket or runs a program.
. "$(dirname "$0")/lib.sh"
hits=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|strtok)[[:space:]]*\(' \
	"$top_srcdir"/src/*.c "$top_srcdir"/parsers/*.c "$top_srcdir"/tests/*.c "$top_srcdir"/tests/fuzz/*.c 2>/dev/null |
	grep -vE '\b(snprintf|vsnprintf)\(' )
if [ -z "$hits" ]; then ok; else bad "banned calls:"; echo "$hits" >&2; fi
# no network and no other program: triage has no code that could reach
# either (doc/security.md)
hits=$(grep -nE '\b(socket|connect|getaddrinfo|gethostbyname|bind|sendto|recvfrom|execve|execvp|execl|system|popen|fork)[[:space:]]*\(' \
	"$top_srcdir"/src/*.c "$top_srcdir"/parsers/*.c "$top_srcdir"/tools/*.c 2>/dev/null)
if [ -z "$hits" ]; then ok; else bad "network or process calls:"; echo "$hits" >&2; fi
finish
