#!/bin/sh
# sandbox.sh - the sandbox (src/sandbox.c, doc/security.md): the test hook
# tests/sandbox_probe puts it up as a run does and tries the network,
# writing, exec, ptrace and reading outside the inputs, each of which must
# be refused; every scenario bundle gives the same report with --sandbox on
# as with it off; -o and --redact-map are still written inside it;
# --version says it is in force.  On a kernel without seccomp the test is
# skipped only when TRIAGE_TEST_NO_SANDBOX=1 says that is expected.
. "$(dirname "$0")/lib.sh"
PROBE=$top_builddir/tests/sandbox_probe

if [ "$("$PROBE" /dev/null /nonexistent /dev/null 2>&1 | head -1)" != "seccomp: on" ] &&
	[ "${TRIAGE_TEST_NO_SANDBOX:-}" = 1 ]; then
	echo "no seccomp on this kernel (TRIAGE_TEST_NO_SANDBOX=1): skipped"
	exit 77
fi

# ---- the probe --------------------------------------------------------------------
mkdir "$TMP/odir" "$TMP/else"
echo "2026-11-24T09:00:00Z ERROR AADSTS50105" >"$TMP/input.log"
echo "another customer's file" >"$TMP/else/other.txt"
: >"$TMP/odir/report.tmp"
"$PROBE" "$TMP/input.log" "$TMP/odir" "$TMP/else/other.txt" >"$TMP/probe" 2>"$TMP/probe.err"
eq $? 0 "probe exit status"
landlock=$(sed -n 's/^landlock: //p' "$TMP/probe")
ptrace=$(sed -n "3s/^ptrace: //p" "$TMP/probe")
{
	echo "seccomp: on"
	echo "landlock: $landlock"
	echo "ptrace: $ptrace"
	cat <<'EOF'
read the input: allowed
read zone rules: allowed
socket inet: refused (EPERM)
socket inet6 udp: refused (EPERM)
socket unix: refused (EPERM)
socketpair: refused (EPERM)
connect: refused (EPERM)
create a file: refused (EACCES)
create with read-only flags: refused (EACCES)
creat: refused (EPERM)
open the input for writing: refused (EACCES)
open the input read-write: refused (EACCES)
open the input to append: refused (EACCES)
truncate the input on open: refused (EACCES)
truncate the input: refused (EPERM)
make a directory: refused (EPERM)
symlink: refused (EPERM)
link: refused (EPERM)
chmod the input: refused (EPERM)
execve: refused (EPERM)
EOF
	[ "$ptrace" = refused ] && echo "ptrace: refused (EPERM)"
	echo "rename the report into place: allowed"
	if [ "$landlock" = on ]; then
		echo "read another file: refused (EACCES)"
		echo "remove another file: refused (EACCES)"
	fi
	echo "made-after exists: no"
} >"$TMP/probe.want"
if cmp -s "$TMP/probe.want" "$TMP/probe"; then ok; else
	bad "the probe's results differ:"
	diff -u "$TMP/probe.want" "$TMP/probe" >&2
	cat "$TMP/probe.err" >&2
fi
eq "$(cat "$TMP/input.log")" "2026-11-24T09:00:00Z ERROR AADSTS50105" "the input unchanged"
[ -e "$TMP/odir/report" ] && ok || bad "the report was not renamed into place"
[ -e "$TMP/else/other.txt" ] && ok || bad "another file was removed"
# where the kernel has Landlock (this machine and CI), it must be in force
if [ -e /sys/kernel/security/landlock ] || grep -q landlock /sys/kernel/security/lsm 2>/dev/null; then
	eq "$landlock" on "Landlock in force where the kernel has it"
fi

# ---- the command line ---------------------------------------------------------------
rc 0 "--version" "$TRIAGE" --version
eq "$(sed -n 1p "$TMP/out")" "triage 0.1.0" "--version: the version"
contains "$(sed -n 2p "$TMP/out")" "sandbox: seccomp filter (no network, no exec, no file opened for writing" \
	"--version: the sandbox in force"
rc 2 "--sandbox bogus" "$TRIAGE" analyze --sandbox bogus "$TMP/input.log"
eq "$(head -1 "$TMP/err")" "triage: --sandbox takes auto, on or off, not 'bogus'" "--sandbox bogus message"

# -o and --redact-map written from inside the sandbox, nothing else left
demo=$TD/demo/ticket-4711.zip
rc 0 "-o inside the sandbox" "$TRIAGE" analyze --sandbox on -f json -o "$TMP/odir/r.json" \
	--redact-map "$TMP/odir/map.csv" "$demo"
eq "$(jq -r '.findings[0].cause' "$TMP/odir/r.json")" "sf.connected_app.not_preauthorized" "-o written"
[ -s "$TMP/odir/map.csv" ] && ok || bad "--redact-map not written"
eq "$(ls -A "$TMP/odir" | tr '\n' ' ')" "map.csv r.json report " "no temporary file left"

# every scenario: the same report inside the sandbox as outside, read
# inside it on four threads (every JSON entry: TRIAGE_PIPE_MIN=0), outside
# on one
n=0
for d in "$TD"/scenarios/*/; do
	b=$d/bundle.zip
	[ -e "$b" ] || b=$d/bundle
	TRIAGE_RULES_DIR=$top_srcdir/rules TRIAGE_PIPE_MIN=0 "$TRIAGE" analyze -f json -j4 \
		--sandbox on "$b" 2>"$TMP/on.err" | jq -S 'del(.stats)' >"$TMP/on.json"
	TRIAGE_RULES_DIR=$top_srcdir/rules "$TRIAGE" analyze -f json -j1 --sandbox off "$b" \
		2>/dev/null | jq -S 'del(.stats)' >"$TMP/off.json"
	if [ -s "$TMP/on.json" ] && cmp -s "$TMP/on.json" "$TMP/off.json"; then n=$((n + 1)); else
		bad "$d: a different report inside the sandbox:"
		diff "$TMP/off.json" "$TMP/on.json" | head -10 >&2
		head -5 "$TMP/on.err" >&2
	fi
done
[ "$n" -ge 200 ] && ok || bad "only $n scenarios compared"
finish
