#!/bin/sh
# taxonomy.sh - every cause of the taxonomy is diagnosable or says why not.
#
# Each cause has a rule that looks for it, with a scenario where it fires
# and one where it must not (or where the problem has ended), or is listed
# in doc/rules.md under "Causes no export shows" with the reason, and the
# error book still names it so that explain describes it.  When the shared
# CAUSES.md is beside the project, its causes and triage's are the same.
. "$(dirname "$0")/lib.sh"
export TRIAGE_RULES_DIR="$top_srcdir/rules"
DOC="$top_srcdir/doc/rules.md"

rc 0 "rules causes" "$TRIAGE" rules causes
cp "$TMP/out" "$TMP/causes"
# the documented exceptions: "- `cause`: reason" in their section
sed -n '/^## Causes no export shows/,/^## /p' "$DOC" |
	sed -n 's/^- `\([a-z0-9_.]*\)`: .*/\1/p' >"$TMP/exceptions"
tail -n +2 "$TMP/causes" | while read -r cause owner book rules; do
	if [ "$rules" = "-" ]; then
		if grep -qx "$cause" "$TMP/exceptions"; then
			[ "$book" -ge 1 ] && echo ok ||
				echo "bad $cause: no rule, and the error book does not name it"
		else
			echo "bad $cause: no rule and no reason in doc/rules.md"
		fi
	else
		grep -qx "$cause" "$TMP/exceptions" &&
			echo "bad $cause: has a rule but is listed as not diagnosable" || echo ok
	fi
done >"$TMP/verdicts"
while read -r verdict rest; do
	if [ "$verdict" = ok ]; then ok; else bad "$rest"; fi
done <"$TMP/verdicts"
eq "$(wc -l <"$TMP/verdicts" | tr -d ' ')" "$(tail -n +2 "$TMP/causes" | wc -l | tr -d ' ')" \
	"a verdict for every cause"

# each rule has a scenario where it fires and one where it must not (or
# where it ends)
for f in "$top_srcdir"/rules/*.yml; do
	name=$(basename "$f" .yml)
	grep -q 'fires: true' "$f" && ok || bad "$name: no scenario where it fires"
	grep -Eq 'fires: false|state: resolved' "$f" && ok || bad "$name: no decoy"
done

# the shared taxonomy, when it is beside the project
SHARED="$top_srcdir/../shared/CAUSES.md"
if [ -f "$SHARED" ]; then
	grep -o '`[a-z0-9_]*\.[a-z0-9_.]*`' "$SHARED" | tr -d '`' | sort -u >"$TMP/shared"
	tail -n +2 "$TMP/causes" | awk '{print $1}' | sort -u >"$TMP/ours"
	eq "$(comm -3 "$TMP/shared" "$TMP/ours" | tr -d '\t' | tr '\n' ' ')" "" \
		"the causes of CAUSES.md and of triage are the same"
fi
finish
