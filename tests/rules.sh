#!/bin/sh
# rules.sh - "triage rules list|check": the shipped rules load and list
# byte-exact; every kind of rule error is reported as FILE:LINE: MESSAGE
# (testdata/rules-bad holds one file per error); -R adds a directory,
# --no-default-rules leaves the shipped rules out, TRIAGE_RULES_DIR moves
# them.  Runs from the source tree so file names are stable.
. "$(dirname "$0")/lib.sh"
cd "$top_srcdir" || exit 99
TRIAGE_RULES_DIR=rules
export TRIAGE_RULES_DIR
N=$(ls rules/*.yml | wc -l | tr -d ' ')

rc 0 "rules list" "$TRIAGE" rules list
if cmp -s "$TMP/out" tests/golden/rules-list.txt; then ok; else
	bad "golden rules-list.txt differs:"; diff -u tests/golden/rules-list.txt "$TMP/out" | head -20 >&2
fi
eq "$(cat "$TMP/err")" "" "rules list: no errors"

# every rule file is installed (Makefile.am lists them for dist_rules_DATA)
for f in rules/*.yml; do
	grep -q "	$f" Makefile.am && ok || bad "$f is not in dist_rules_DATA of Makefile.am"
done
for f in rules/book/*.yml; do
	grep -q "	$f" Makefile.am && ok || bad "$f is not in dist_book_DATA of Makefile.am"
done

rc 0 "rules check" "$TRIAGE" rules check
eq "$(tail -n 1 "$TMP/out")" "$N rules, 0 errors" "rules check summary"
contains "$(head -n 1 "$TMP/out")" "error book: " "rules check: the error book's size"
eq "$(cat "$TMP/err")" "" "rules check: no errors"
rc 0 "rules check DIR" "$TRIAGE" rules check rules/
eq "$(tail -n 1 "$TMP/out")" "$N rules, 0 errors" "rules check DIR summary"

# one broken file per error kind; the one good file (dup-a) loads
rc 1 "rules check on broken rules" "$TRIAGE" rules check testdata/rules-bad
eq "$(tail -n 1 "$TMP/out")" "1 rules, 21 errors" "broken rules summary"
B=testdata/rules-bad
eq "$(cat "$TMP/err")" \
"$B/bad-condition-parse.yml:11: condition: expected a selection, 'not', '(' or '1 of', found the end
$B/bad-condition-undefined.yml:11: condition: unknown selection 'sel_filter'
$B/bad-confidence.yml:7: confidence must be a number from 0 to 1, not '2'
$B/bad-duration.yml:16: bad duration '-14x' (like -14d, 1h, 30m, 0)
$B/bad-people.yml:11: on: people needs at_least or at_most
$B/bad-people.yml:12: at_least and at_most go with on: people
$B/bad-people.yml:13: at_most must be a whole number, not 'many'
$B/bad-people.yml:13: on: people needs at_least or at_most
$B/bad-regex.yml:10: field 'message': bad regular expression '(?i)access (denied': missing closing parenthesis at offset 18
$B/bad-severity.yml:5: bad severity 'urgent' (info, low, medium, high or critical)
$B/bad-weight.yml:18: weight must be a number from 0 to 1, not '1.5'
$B/dup-b.yml:2: duplicate rule id 'dup-rule' (first in $B/dup-a.yml:2)
$B/missing-keys.yml:2: missing 'id'
$B/missing-keys.yml:2: missing 'severity'
$B/missing-keys.yml:2: missing 'owner'
$B/missing-keys.yml:2: missing 'symptom'
$B/unknown-cause.yml:4: unknown cause 'sf.connected_app.gone_fishing'
$B/unknown-key.yml:7: unknown key 'priority'
$B/unknown-modifier.yml:10: unknown field modifier 'contanes'
$B/unknown-owner.yml:6: unknown owner 'helpdesk'
$B/yaml-syntax.yml:4: YAML: did not find expected ',' or ']'" "each error as FILE:LINE: MESSAGE"

# duplicate ids across directories
rc 1 "the same directory twice" "$TRIAGE" rules check rules rules
eq "$(tail -n 1 "$TMP/out")" "$N rules, $N errors" "duplicates across directories: summary"
contains "$(cat "$TMP/err")" \
	"rules/entra-app-assignment-required.yml:6: duplicate rule id 'entra-app-assignment-required' (first in rules/entra-app-assignment-required.yml:6)" \
	"duplicates across directories: message"

# -R adds a directory to the shipped rules; --no-default-rules drops them
rc 0 "-R adds a directory" "$TRIAGE" rules list -R testdata/rules-extra
eq "$(tail -n 1 "$TMP/out" | tr -s ' ')" \
	"extra-rule vendor.transient low vendor testdata/rules-extra/extra-rule.yaml" \
	"-R: the extra rule after the shipped ones"
eq "$(wc -l <"$TMP/out" | tr -d ' ')" $((N + 2)) "-R: header, the shipped rules and one more"
rc 0 "--no-default-rules" "$TRIAGE" rules check --no-default-rules --rules testdata/rules-extra
eq "$(tail -n 1 "$TMP/out")" "1 rules, 0 errors" "--no-default-rules: only the -R directory"
rc 2 "--no-default-rules alone" "$TRIAGE" rules list --no-default-rules
eq "$(cat "$TMP/err")" "triage: no rules loaded (looked in: nowhere: --no-default-rules and no -R)" \
	"--no-default-rules alone: no rules is an error"
rc 2 "-R that is no directory" "$TRIAGE" rules list -R "$TMP/none"
eq "$(cat "$TMP/err")" "triage: $TMP/none: not a directory of rules" "-R nowhere: said"
rc 1 "-R broken rules beside the shipped ones" "$TRIAGE" rules check -R testdata/rules-bad
eq "$(tail -n 1 "$TMP/out")" "$((N + 1)) rules, 21 errors" "-R broken: summary"

# TRIAGE_RULES_DIR chooses the default directory
rc 0 "TRIAGE_RULES_DIR" env TRIAGE_RULES_DIR=testdata/rules-extra "$TRIAGE" rules check
eq "$(tail -n 1 "$TMP/out")" "1 rules, 0 errors" "TRIAGE_RULES_DIR is the default"
rc 2 "missing default directory" env TRIAGE_RULES_DIR="$TMP/none" "$TRIAGE" rules check
eq "$(cat "$TMP/err")" "triage: $TMP/none: cannot read: No such file or directory
triage: no rules loaded (looked in: $TMP/none)" "missing directory message"

# the shipped rules and error book are built into the binary: a copy of
# it alone, run elsewhere, has them all
mkdir -p "$TMP/alone"
cp "$TRIAGE" "$TMP/alone/triage"
(cd "$TMP/alone" && env -u TRIAGE_RULES_DIR ./triage rules check) >"$TMP/out" 2>"$TMP/err"
eq "$(tail -n 1 "$TMP/out")" "$N rules, 0 errors" "a copied binary: every shipped rule built in"
eq "$(head -n 1 "$TMP/out" | sed 's/ entries.*//')" "error book: $(cd rules/book && cat *.yml | grep -c '^  - match:')" \
	"a copied binary: the whole error book built in"
(cd "$TMP/alone" && env -u TRIAGE_RULES_DIR ./triage analyze -f json "$top_srcdir/testdata/demo/ticket-4711.zip") >"$TMP/out" 2>"$TMP/err"
eq "$(jq -r '[.findings[] | .cause] | join(",")' "$TMP/out")" "sf.connected_app.not_preauthorized" \
	"a copied binary analyses the demo"

# usage
# rules test: every shipped rule's scenarios
rc 0 "rules test" "$TRIAGE" rules test
tests=$(grep -c '^  - input:' rules/*.yml | awk -F: '{n += $2} END {print n}')
eq "$(tail -n 1 "$TMP/out")" "$tests passed, 0 failed" "rules test: every test of every shipped rule passes"
eq "$(grep -c '^FAIL' "$TMP/out")" 0 "rules test: no FAIL lines"
eq "$(grep -c '^note .*: no tests' "$TMP/out")" 0 "rules test: every shipped rule has tests"
# a rule whose expectations are wrong: each failure says why
rc 1 "rules test with failures" "$TRIAGE" rules test --no-default-rules -R testdata/rules-test
eq "$(cat "$TMP/out")" "ok   wrong-expectations  testdata/scenarios/sf-api-disabled
FAIL wrong-expectations  testdata/scenarios/sf-api-disabled: expected not to fire, fired at rank 1 (fired: wrong-expectations)
FAIL wrong-expectations  testdata/scenarios/entra-ca-blocked: expected to fire, did not
FAIL wrong-expectations  testdata/scenarios/no-such-scenario: input not found or not readable
1 passed, 3 failed" "rules test: failures, one line each, and the summary"
rc 2 "no rules command" "$TRIAGE" rules
# rules causes: every cause with its owner, error book entries and rules
rc 0 "rules causes" "$TRIAGE" rules causes
eq "$(head -n 1 "$TMP/out" | tr -s ' ')" "CAUSE OWNER BOOK RULES" "rules causes: header"
eq "$(grep '^entra.app.assignment_required ' "$TMP/out" | awk '{print $2, ($3 > 0), $4}')" \
	"entra-admin 1 entra-app-assignment-required" "rules causes: a cause's owner, book entries and rule"
eq "$(tail -n +2 "$TMP/out" | wc -l | tr -d ' ')" \
	"$(grep -c '^	{"[a-z]' "$top_srcdir/src/causes.c")" "rules causes: one line per cause"

# a broken error book: each problem with its file and line, the rest loads
rc 1 "rules check on a broken book" "$TRIAGE" rules check --no-default-rules testdata/book-bad
eq "$(cat "$TMP/err")" "$(cat testdata/book-bad/expected-errors.txt)" "broken book: the errors"
eq "$(head -n 1 "$TMP/out")" "error book: 1 entries (0 outside this integration) in 1 families" \
	"broken book: the good entry loads"

# a book family without its product (found by fuzz_rules: explain -f json
# wrote a NULL product): said, and its entries not loaded under it
mkdir -p "$TMP/noproduct/book"
printf 'family: x\nentries:\n  - says: Access denied\n    match: ["access denied for this user"]\n    out_of_scope: test\n' \
	>"$TMP/noproduct/book/x.yml"
rc 0 "explain with a family without product" "$TRIAGE" explain -f json -R "$TMP/noproduct" "access denied for this user"
eq "$(head -1 "$TMP/err")" "triage: $TMP/noproduct/book/x.yml:1: 'product' is missing" "no product: said"
eq "$(jq -r '[.queries[0].recognised[].family] | index("x")' "$TMP/out")" "null" "no product: not loaded"

rc 2 "unknown rules command" "$TRIAGE" rules frobnicate
contains "$(cat "$TMP/err")" "unknown rules command (list, causes, check, test): 'frobnicate'" "unknown rules command message"
rc 2 "-R without a value" "$TRIAGE" rules list -R
rc 0 "rules --help" "$TRIAGE" rules --help
contains "$(cat "$TMP/out")" "--no-default-rules" "rules --help lists the options"
finish
