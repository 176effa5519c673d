#!/bin/sh
# html.sh - the HTML reports as people will see them: written for the demo
# and for bundles with a finding that ended, unexplained errors, unread
# inputs and nothing at all; checked by libxml2's HTML parser for
# structure, then rendered in headless Chromium (Debian's chromium, which
# CI installs): the DOM after the page's script ran holds the sections and
# the values, the console stays empty, nothing is requested from the
# network.  Screenshots of the demo report at 1280 and 414 pixels wide are
# left in tests/ of the build directory for people to look at.
. "$(dirname "$0")/lib.sh"
cd "$top_srcdir" || exit 99
TRIAGE_RULES_DIR=rules
export TRIAGE_RULES_DIR
SOURCE_DATE_EPOCH=1796083200	# 2026-12-01T00:00:00Z: a fixed "analysed" time
export SOURCE_DATE_EPOCH
S=testdata/scenarios
CHECK=$top_builddir/tests/htmlcheck

"$TRIAGE" analyze -f html testdata/demo/ticket-4711.zip >"$TMP/demo.html" 2>/dev/null
"$TRIAGE" analyze -f html "$S/entra-user-locked-decoy/bundle" >"$TMP/resolved.html" 2>/dev/null
"$TRIAGE" analyze -f html testdata/engine/connection-lost.log >"$TMP/unexplained.html" 2>/dev/null
"$TRIAGE" analyze -f html "$S/entra-mfa-interrupt-decoy/bundle" >"$TMP/clean.html" 2>/dev/null
"$TRIAGE" analyze -f html testdata/readers/report >"$TMP/unread.html" 2>/dev/null
"$TRIAGE" inventory -f html testdata/demo/ticket-4711.zip >"$TMP/inventory.html" 2>/dev/null
pages="demo resolved unexplained clean unread inventory"

# -- structure, and nothing that would load from elsewhere
for p in $pages; do
	"$CHECK" "$TMP/$p.html" 2>"$TMP/check.err"
	eq "$?:$(cat "$TMP/check.err")" "0:" "$p: libxml2 finds no structural error"
	eq "$(grep -ciE '<(link|iframe|object|embed|img)[ >]|src=|url\(|@import' "$TMP/$p.html")" 0 \
		"$p: nothing loaded from a file or the network"
	contains "$(cat "$TMP/$p.html")" "Content-Security-Policy\" content=\"default-src 'none';" \
		"$p: the policy forbids every request"
	contains "$(cat "$TMP/$p.html")" '<meta name="viewport" content="width=device-width, initial-scale=1">' \
		"$p: made for phones too"
	contains "$(cat "$TMP/$p.html")" '@media print{' "$p: a print style"
done

# -- the values, in the page as written
H=$TMP/demo.html
sum=$(sha256sum testdata/demo/ticket-4711.zip | cut -d" " -f1)
contains "$(cat "$H")" "<tr><td><code>ticket-4711.zip</code></td><td class=\"n\">$(wc -c <testdata/demo/ticket-4711.zip | tr -d ' ') bytes</td><td><code>$sum</code></td></tr>" \
	"demo: the input, its size and SHA-256"
contains "$(cat "$H")" '<dt>Analysed</dt><dd><time datetime="2026-12-01T00:00:00Z">' "demo: when"
contains "$(cat "$H")" "<dt>By</dt><dd>triage $(sed -n 's/^AC_INIT(\[triage\], \[\([^]]*\)\].*/\1/p' configure.ac), $(ls rules/*.yml | wc -l | tr -d ' ') rules" \
	"demo: the version and the rule set"
contains "$(cat "$H")" '<tr><td>Salesforce admin</td><td class="n">1</td><td class="n" title="critical">0</td><td class="n" title="high">1</td>' \
	"demo: findings by owner and severity"
contains "$(cat "$H")" '<p>1 person affected; 1 problem open, 0 ended.</p>' "demo: people affected"
contains "$(cat "$H")" '<article class="finding sev-high" id="finding-1">
<h3>1. The user is not pre-authorized for the connected app <span class="badge b-high">high</span></h3>' \
	"demo: the finding, its severity in words"
contains "$(cat "$H")" '<dt>Confidence</dt><dd>likely (0.70)</dd>' "demo: confidence in words and number"
contains "$(cat "$H")" '<code class="loc">ticket-4711.zip!/salesforce/LoginHistory.csv:4</code>' "demo: a locator"
contains "$(cat "$H")" '<details open>
<summary>Why: 2 pieces of evidence</summary>' "demo: evidence collapsible"
contains "$(cat "$H")" '<li><strong>Setup Audit Trail (CSV download)</strong> from the Salesforce admin: Setup &gt; View Setup Audit Trail &gt; Download</li>' \
	"demo: what is missing and who sends it"
contains "$(cat "$H")" '<button type="button" class="copy" data-copy="handoff-salesforce-admin">Copy</button></header>
<pre id="handoff-salesforce-admin">For the Salesforce admin: 1 problem to act on.' "demo: a hand-off with a copy button"
eq "$(grep -c '<svg class="timeline"' "$H")" 1 "demo: the time line"
eq "$(grep -o '<circle ' "$H" | wc -l | tr -d ' ')" 4 "demo: the four errors on the time line"
contains "$(cat "$TMP/resolved.html")" '<span class="badge b-resolved">resolved</span>' "resolved: marked in words"
contains "$(cat "$TMP/resolved.html")" '<rect x=' "resolved: its end on the time line"
contains "$(cat "$TMP/unexplained.html")" '<section id="unexplained">' "unexplained: its section"
contains "$(cat "$TMP/unexplained.html")" 'could be sf.connected_app.refresh_token_policy (0.25, Salesforce admin)' \
	"unexplained: the candidates"
contains "$(cat "$TMP/clean.html")" '<p class="clean">No errors a user saw were found in the inputs.</p>' "clean: said"
contains "$(cat "$TMP/clean.html")" '<section id="inputs">' "clean: what was read"
contains "$(cat "$TMP/unread.html")" '<section id="unread">
<h2>Inputs not read</h2>
<h3>Inputs not read, or read in part (3 of 6):</h3>' "unread: the inputs not read"
contains "$(cat "$TMP/unread.html")" '<span class="st-error">error</span>' "unread: the status in words"
contains "$(cat "$TMP/inventory.html")" '<h1>triage inventory</h1>' "inventory: the same page"

# -- rendered in Chromium
BROWSER=
for b in chromium chromium-browser google-chrome; do
	command -v "$b" >/dev/null 2>&1 && { BROWSER=$b; break; }
done
if [ -z "$BROWSER" ]; then
	echo "chromium is not installed: the rendering checks are left out" >&2
	finish
fi
render() {	# FILE OUT: the DOM after scripts ran; the console in OUT.log
	timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-extensions --disable-background-networking --enable-logging=stderr --v=0 \
		--user-data-dir="$TMP/chromium" --dump-dom "file://$1" >"$2" 2>"$2.log"
}
for p in $pages; do
	render "$TMP/$p.html" "$TMP/$p.dom"
	eq "$(grep -c '</html>' "$TMP/$p.dom")" 1 "$p: Chromium rendered it"
	eq "$(grep -c ':CONSOLE' "$TMP/$p.dom.log")" 0 "$p: no console message (errors, refused requests)"
	eq "$(grep -c 'net::ERR' "$TMP/$p.dom.log")" 0 "$p: no network request"
done
D=$TMP/demo.dom
for id in summary timeline findings handoff inputs; do
	eq "$(grep -c "<section id=\"$id\">" "$D")" 1 "rendered demo: section $id"
done
contains "$(cat "$D")" '<dt>Confidence</dt><dd>likely (0.70)</dd>' "rendered demo: the confidence"
contains "$(cat "$D")" "<code>$sum</code>" "rendered demo: the SHA-256"
eq "$(grep -c '<button type="button" class="copy"' "$D")" 2 "rendered demo: a copy button per admin"
OUT=$top_builddir/tests
for w in 1280 414; do
	rm -f "$OUT/report-demo-$w.png"
	timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
		--user-data-dir="$TMP/chromium" --window-size=$w,2400 \
		--screenshot="$OUT/report-demo-$w.png" "file://$H" >/dev/null 2>&1
	[ -s "$OUT/report-demo-$w.png" ] && ok || bad "no screenshot at $w pixels"
done
finish
