/* report_html.c - the analyze and inventory reports as one self-contained
 * HTML file: no request leaves the page (a Content-Security-Policy says
 * so), readable from a phone to a desktop and on paper, colour never the
 * only sign (every severity and marker also has a word or a shape). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_int.h"
#include "words.h"

/* ---- the page ------------------------------------------------------------------- */

static const char css[] =
	":root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--card:#f6f8fa;"
	"--high:#b3261e;--medium:#8a5a00;--low:#0b5cad;--ok:#1a7f37}"
	"*{box-sizing:border-box}"
	"body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
	"color:var(--fg);background:var(--bg)}"
	"header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}"
	"header{border-bottom:1px solid var(--line);padding-top:1rem}"
	"h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .6rem;"
	"border-bottom:1px solid var(--line)}h3{font-size:1.08rem;margin:.2rem 0 .4rem}"
	"h4{font-size:.95rem;margin:.8rem 0 .2rem}"
	"p.lead{font-size:1.1rem;margin:.2rem 0 .8rem}"
	"code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}"
	"code{overflow-wrap:anywhere;word-break:break-word}"
	"pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--card);"
	"border:1px solid var(--line);border-radius:6px;padding:.6rem;margin:.3rem 0}"
	".table{overflow-x:auto}"
	"table{border-collapse:collapse;width:100%;margin:.4rem 0}"
	"th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;"
	"vertical-align:top}th{background:var(--card)}td.n{text-align:right;white-space:nowrap}"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.4rem 0}"
	"dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}"
	"article.finding{border:1px solid var(--line);border-left:6px solid var(--low);"
	"border-radius:6px;padding:.6rem 1rem;margin:1rem 0}"
	"article.sev-high,article.sev-critical{border-left-color:var(--high)}"
	"article.sev-medium{border-left-color:var(--medium)}"
	"article.resolved{border-left-style:dashed}"
	".badge{display:inline-block;font-size:.8rem;font-weight:600;border-radius:1rem;"
	"padding:0 .55rem;margin-left:.4rem;border:1px solid currentColor;vertical-align:middle}"
	".b-high,.b-critical{color:var(--high)}.b-medium{color:var(--medium)}"
	".b-low,.b-info{color:var(--low)}.b-resolved{color:var(--ok)}"
	"ul.items{padding-left:1.2rem;margin:.2rem 0}ul.items li{margin:.25rem 0}"
	".loc{display:block;color:var(--muted)}"
	".for::before{content:'for: ';font-weight:600;color:var(--ok)}"
	".against::before{content:'against: ';font-weight:600;color:var(--high)}"
	".ended::before{content:'ended: ';font-weight:600;color:var(--low)}"
	"details{margin:.3rem 0}summary{cursor:pointer;font-weight:600}"
	".handoff{border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}"
	".handoff header{display:flex;gap:1rem;align-items:center;justify-content:space-between;"
	"border:0;padding:0;margin:0;max-width:none}"
	"button.copy{font:inherit;padding:.2rem .8rem;border:1px solid var(--line);"
	"border-radius:6px;background:var(--card);cursor:pointer}"
	"svg.timeline{width:100%;height:auto;border:1px solid var(--line);border-radius:6px}"
	"svg text{font:11px system-ui,sans-serif;fill:var(--fg)}"
	".st-ok{color:var(--ok)}.st-partial{color:var(--medium)}.st-error{color:var(--high)}"
	".st-unsupported,.st-skipped{color:var(--muted)}"
	"footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);"
	"margin-top:2rem;padding-top:.5rem;padding-bottom:2rem}"
	"@media (max-width:600px){body{font-size:14px}dl.facts{grid-template-columns:1fr}"
	"dl.facts dt{font-weight:600;color:var(--fg)}article.finding{padding:.5rem .6rem}}"
	"@media print{button.copy{display:none}details>*{display:block}"
	"article.finding,.handoff{break-inside:avoid}a{color:inherit}}";

/* Copy buttons, and every collapsed section open when printing. */
static const char js[] =
	"document.querySelectorAll('button.copy').forEach(function(b){"
	"b.addEventListener('click',function(){"
	"var t=document.getElementById(b.getAttribute('data-copy')).textContent;"
	"function done(){b.textContent='Copied';setTimeout(function(){b.textContent='Copy'},1500)}"
	"if(navigator.clipboard&&navigator.clipboard.writeText){"
	"navigator.clipboard.writeText(t).then(done,function(){})}"
	"else{var r=document.createRange();"
	"r.selectNodeContents(document.getElementById(b.getAttribute('data-copy')));"
	"var s=window.getSelection();s.removeAllRanges();s.addRange(r);"
	"try{document.execCommand('copy');done()}catch(e){}}})});"
	"window.addEventListener('beforeprint',function(){"
	"document.querySelectorAll('details').forEach(function(d){d.open=true})});";

void
html_page_begin(FILE *f, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"generator\" content=\"triage " PACKAGE_VERSION "\">\n<title>", f);
	html_text(f, title);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
}

void
html_page_end(FILE *f)
{
	fprintf(f, "<footer><p>Written by triage %s, offline: this page loads nothing from "
		"the network.</p></footer>\n<script>%s</script>\n</body>\n</html>\n",
		PACKAGE_VERSION, js);
}

/* The inputs table: every entry (up to max), its size, format, records,
 * status and why; base is taken off the locators. */
void
html_inputs_table(FILE *f, const struct inputs *ins, const char *base, size_t max)
{
	size_t bl = base ? strlen(base) : 0;
	fputs("<div class=\"table\"><table>\n<thead><tr><th>Entry</th><th>Size</th><th>Format</th>"
	      "<th>Records</th><th>Status</th></tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < ins->n && i < max; i++) {
		const struct input *in = &ins->v[i];
		const char *loc = in->locator;
		if (bl && strncmp(loc, base, bl) == 0 && loc[bl])
			loc += bl;
		fputs("<tr><td><code>", f);
		html_text(f, loc);
		fprintf(f, "</code></td><td class=\"n\">%llu</td><td>", (unsigned long long)in->size);
		html_text(f, in->format ? in->format : "-");
		fprintf(f, "</td><td class=\"n\">%llu</td><td><span class=\"st-%s\">%s</span>",
			(unsigned long long)in->records, input_status_name(in->status),
			input_status_name(in->status));
		if (in->looks_like && in->status != ST_OK) {
			fputs("<br>looks like: ", f);
			html_text(f, in->looks_like);
		}
		for (size_t j = 0; j < in->nwarnings && j < 5; j++) {
			const struct warning *w = &in->warnings[j];
			fputs("<br>", f);
			if (w->where == WARN_LINE && w->at)
				fprintf(f, "line %llu: ", (unsigned long long)w->at);
			else if (w->where == WARN_OFFSET)
				fprintf(f, "offset %llu: ", (unsigned long long)w->at);
			html_text(f, w->message);
		}
		if (in->nwarnings > 5)
			fprintf(f, "<br>and %zu more warnings", in->nwarnings - 5);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
	if (ins->n > max)
		fprintf(f, "<p>and %zu more entries (the JSON report lists them all).</p>\n",
			ins->n - max);
}

/* ---- the analyze report --------------------------------------------------------- */

#define INPUTS_SHOWN 1000

static const char *
confidence_words(double c)
{
	return c >= 0.8 ? "very likely" : c >= 0.6 ? "likely" : c >= 0.4 ? "possible" : "unlikely";
}

static void
write_header(FILE *f, const struct analyze_report *r, const struct rpt_summary *s)
{
	const struct analysis *a = r->analysis;
	fputs("<header>\n<h1>triage report</h1>\n<p class=\"lead\">", f);
	fprintf(f, "%zu finding%s, %zu unexplained error%s", a->nfindings,
		a->nfindings == 1 ? "" : "s", a->nunexplained, a->nunexplained == 1 ? "" : "s");
	fputs("</p>\n<dl class=\"facts\">\n", f);
	fprintf(f, "<dt>Analysed</dt><dd><time datetime=\"%s\">%s</time></dd>\n", s->when, s->when);
	fprintf(f, "<dt>By</dt><dd>triage %s, %zu rules, an error book of %zu entries</dd>\n",
		PACKAGE_VERSION, r->nrules, r->book ? r->book->n : 0);
	if (r->base) {
		fputs("<dt>In</dt><dd><code>", f);
		html_text(f, r->base);
		fputs("</code></dd>\n", f);
	}
	fputs("</dl>\n", f);
	if (s->ninputs) {
		fputs("<div class=\"table\"><table class=\"analysed\">\n<thead><tr><th>Input</th>"
		      "<th>Size</th><th>SHA-256</th></tr></thead>\n<tbody>\n", f);
		for (size_t i = 0; i < s->ninputs; i++) {
			const struct rpt_input *in = &s->inputs[i];
			fputs("<tr><td><code>", f);
			html_text(f, in->name);
			fputs("</code></td>", f);
			if (in->sha256[0])
				fprintf(f, "<td class=\"n\">%llu bytes</td><td><code>%s</code></td></tr>\n",
					(unsigned long long)in->size, in->sha256);
			else
				fprintf(f, "<td class=\"n\">%s, %zu file%s</td><td>-</td></tr>\n", in->what,
					in->files, in->files == 1 ? "" : "s");
		}
		fputs("</tbody></table></div>\n", f);
	}
	fputs("</header>\n", f);
}

static void
write_summary(FILE *f, const struct analyze_report *r, const struct rpt_summary *s)
{
	static const char *const sev[] = {"info", "low", "medium", "high", "critical"};
	const struct analysis *a = r->analysis;
	fputs("<section id=\"summary\">\n<h2>Summary</h2>\n", f);
	fprintf(f, "<p>Read %llu file%s, %llu record%s: %zu error%s a user saw, %zu followed by a "
		"success and left out.",
		(unsigned long long)r->stats->files, r->stats->files == 1 ? "" : "s",
		(unsigned long long)r->stats->records, r->stats->records == 1 ? "" : "s", a->nerrors,
		a->nerrors == 1 ? "" : "s", a->nrecovered);
	if (s->not_read)
		fprintf(f, " <strong>%zu input%s could not be read</strong> (see <a href=\"#unread\">"
			"Inputs not read</a>).", s->not_read, s->not_read == 1 ? "" : "s");
	fputs("</p>\n", f);
	if (r->stats->limit_reached)
		fprintf(f, "<p class=\"budget\"><strong>The run's budget ran out (--%s): inputs after "
			"that were not read.</strong></p>\n", r->stats->limit_reached);
	if (a->nfindings == 0 && a->nunexplained == 0) {
		fputs("<p class=\"clean\">No errors a user saw were found in the inputs.</p>\n"
		      "</section>\n", f);
		return;
	}
	if (a->nfindings) {
		fputs("<div class=\"table\"><table class=\"owners\">\n<thead><tr><th>Owner</th>"
		      "<th>Findings</th><th>Critical</th><th>High</th><th>Medium</th><th>Low</th>"
		      "<th>Info</th></tr></thead>\n<tbody>\n", f);
		for (size_t o = 0; o < owner_count(); o++) {
			size_t n = 0;
			for (int k = 0; k < 5; k++)
				n += s->by_owner[o][k];
			if (n == 0)
				continue;
			fputs("<tr><td>", f);
			html_text(f, owner_label(owner_id(o)));
			fprintf(f, "</td><td class=\"n\">%zu</td>", n);
			for (int k = 4; k >= 0; k--)
				fprintf(f, "<td class=\"n\" title=\"%s\">%zu</td>", sev[k], s->by_owner[o][k]);
			fputs("</tr>\n", f);
		}
		fputs("</tbody></table></div>\n", f);
		fprintf(f, "<p>%zu %s affected; %zu problem%s open, %zu ended.</p>\n", s->people,
			s->people == 1 ? "person" : "people", s->open, s->open == 1 ? "" : "s",
			s->resolved);
	}
	fputs("</section>\n", f);
}

/* A locator under the text it backs. */
static void
loc_span(FILE *f, const struct buf *loc)
{
	fputs("<code class=\"loc\">", f);
	html_text(f, loc->data ? loc->data : "");
	fputs("</code>", f);
}

static void
write_finding(FILE *f, const struct analyze_report *r, size_t i, struct buf *loc, struct buf *b)
{
	const struct finding *fd = &r->analysis->findings[i];
	const struct rule *ru = fd->rule;
	struct model *m = r->model;
	const struct store *st = m->st;
	char t1[40], t2[40], tmp[200];
	const char *sv = severity_name(ru->severity);
	fprintf(f, "<article class=\"finding sev-%s%s\" id=\"finding-%zu\">\n<h3>%zu. ", sv,
		fd->resolved ? " resolved" : "", i + 1, i + 1);
	html_text(f, ru->title);
	fprintf(f, " <span class=\"badge b-%s\">%s</span>", sv, sv);
	if (fd->resolved)
		fputs("<span class=\"badge b-resolved\">resolved</span>", f);
	fputs("</h3>\n<dl class=\"facts\">\n<dt>Cause</dt><dd><code>", f);
	html_text(f, ru->cause->name);
	fputs("</code>", f);
	if (ru->cause->meaning && *ru->cause->meaning) {
		fputs(": ", f);
		html_text(f, ru->cause->meaning);
	}
	fprintf(f, "</dd>\n<dt>Confidence</dt><dd>%s (%.2f)</dd>\n<dt>Owner</dt><dd>",
		confidence_words(fd->confidence), fd->confidence);
	html_text(f, owner_label(ru->owner));
	fputs("</dd>\n<dt>How sure</dt><dd>", f);
	(void)rpt_certainty(r, fd, b);
	html_text(f, b->data);
	fputs("</dd>\n<dt>Affects</dt><dd>", f);
	rpt_users_line(b, m, fd);
	html_text(f, b->data);
	rpt_time(fd->first, t1, sizeof(t1));
	rpt_time(fd->last, t2, sizeof(t2));
	if (fd->nsymptoms == 1)
		fprintf(f, "</dd>\n<dt>Seen</dt><dd>once, %s</dd>\n", t1);
	else
		fprintf(f, "</dd>\n<dt>Seen</dt><dd>%zu times, %s to %s</dd>\n", fd->nsymptoms, t1, t2);
	if (fd->resolved) {
		rpt_time(fd->resolved_at, t1, sizeof(t1));
		rpt_item_locator(loc, r, rpt_resolved_item(fd));
		fprintf(f, "<dt>Resolved</dt><dd>%s: ", t1);
		html_text(f, rpt_resolved_item(fd)->text);
		loc_span(f, loc);
		fputs("</dd>\n", f);
	}
	fputs("</dl>\n<h4>What was seen</h4>\n<ul class=\"items\">\n", f);
	for (size_t k = 0; k < fd->nsymptoms && k < SYMPTOMS_SHOWN; k++) {
		const struct record *s = store_get(st, fd->symptoms[k]);
		rpt_time(s->time, t1, sizeof(t1));
		rpt_locator(loc, r, fd->symptoms[k]);
		fprintf(f, "<li><time>%s</time> ", t1);
		html_text(f, export_name(store_str(st, s->kind)));
		fputs(": ", f);
		html_text(f, rpt_display_text(event_text(st, s, tmp, sizeof(tmp))));
		loc_span(f, loc);
		fputs("</li>\n", f);
	}
	if (fd->nsymptoms > SYMPTOMS_SHOWN)
		fprintf(f, "<li>and %zu more</li>\n", fd->nsymptoms - SYMPTOMS_SHOWN);
	fputs("</ul>\n", f);
	size_t nwhy = 0;
	for (size_t k = 0; k < fd->nevidence; k++)
		nwhy += !rpt_same_text_before(fd, k);
	if (nwhy) {
		fprintf(f, "<details open>\n<summary>Why: %zu piece%s of evidence</summary>\n"
			"<ul class=\"items evidence\">\n", nwhy, nwhy == 1 ? "" : "s");
		for (size_t k = 0; k < fd->nevidence; k++) {
			const struct evidence_item *e = &fd->evidence[k];
			if (rpt_same_text_before(fd, k))
				continue;
			rpt_item_locator(loc, r, e);
			fprintf(f, "<li class=\"%s\">", e->refutes ? "against" : e->resolves ? "ended" : "for");
			html_text(f, e->text);
			loc_span(f, loc);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n</details>\n", f);
	}
	if (fd->nmissing) {
		fputs("<h4>Missing: ask for it</h4>\n<ul class=\"items\">\n", f);
		for (size_t k = 0; k < fd->nmissing; k++) {
			const struct need *nd = &fd->missing[k]->needs;
			fputs("<li><strong>", f);
			html_text(f, export_name(nd->export));
			fputs("</strong>", f);
			if (nd->ask) {
				fputs(" from the ", f);
				html_text(f, owner_label(nd->ask));
			}
			if (fd->missing_how[k]) {
				fputs(": ", f);
				html_text(f, fd->missing_how[k]);
			}
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	if (fd->nsteps) {
		fprintf(f, "<h4>%s</h4>\n<ol>\n", fd->resolved ? "Left to do" : "Fix");
		for (size_t k = 0; k < fd->nsteps; k++) {
			fputs("<li><strong>", f);
			html_text(f, owner_label(fd->steps[k].owner));
			fputs(":</strong> ", f);
			html_text(f, fd->fix[k]);
			fputs("</li>\n", f);
		}
		fputs("</ol>\n", f);
	}
	if (ru->nreferences) {
		fputs("<details>\n<summary>References</summary>\n<ul class=\"items\">\n", f);
		for (size_t k = 0; k < ru->nreferences; k++) {
			fputs("<li><a href=\"", f);
			html_text(f, ru->references[k]);
			fputs("\" rel=\"noreferrer\">", f);
			html_text(f, ru->references[k]);
			fputs("</a></li>\n", f);
		}
		fputs("</ul>\n</details>\n", f);
	}
	fputs("</article>\n", f);
}

/* ---- the time line: the symptoms of each finding and the changes before them --------- */

struct mark {
	int64_t t;
	int kind;	/* 0 a symptom, 1 a change or other evidence, 2 the end */
};

static void
svg_marker(FILE *f, double x, double y, int kind, const char *sv)
{
	if (kind == 0)
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" class=\"m-%s\"/>", x, y, sv);
	else if (kind == 1)
		fprintf(f, "<path d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\" class=\"m-change\"/>", x, y - 6);
	else
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" class=\"m-end\"/>",
			x - 5, y - 5);
}

static void
write_timeline(FILE *f, const struct analyze_report *r)
{
	const struct analysis *a = r->analysis;
	const struct store *st = r->model->st;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (size_t i = 0; i < a->nfindings; i++) {
		const struct finding *fd = &a->findings[i];
		for (size_t k = 0; k < fd->nsymptoms; k++) {
			int64_t t = store_get(st, fd->symptoms[k])->time;
			if (t == TIME_NONE)
				continue;
			lo = t < lo ? t : lo;
			hi = t > hi ? t : hi;
		}
		for (size_t k = 0; k < fd->nevidence; k++) {
			int64_t t = store_get(st, fd->evidence[k].rec)->time;
			if (t == TIME_NONE || fd->evidence[k].absent)
				continue;
			lo = t < lo ? t : lo;
			hi = t > hi ? t : hi;
		}
	}
	if (lo == INT64_MAX)
		return;
	if (hi == lo)
		hi = lo + 60000;
	const double left = 40, right = 780, row = 30;
	double height = 40 + row * (double)a->nfindings;
	char t1[40], t2[40];
	rpt_time(lo, t1, sizeof(t1));
	rpt_time(hi, t2, sizeof(t2));
	fputs("<section id=\"timeline\">\n<h2>Time line</h2>\n", f);
	fprintf(f, "<p>Each finding's errors (circles), the changes and other records that explain "
		"them (diamonds) and when a problem ended (squares), from %s to %s.</p>\n", t1, t2);
	fprintf(f, "<svg class=\"timeline\" viewBox=\"0 0 800 %.0f\" role=\"img\" "
		"aria-label=\"Time line of the findings from %s to %s\" "
		"xmlns=\"http://www.w3.org/2000/svg\">\n"
		"<style>.m-critical,.m-high{fill:#b3261e}.m-medium{fill:#8a5a00}"
		".m-low,.m-info{fill:#0b5cad}.m-change{fill:#fff;stroke:#1b1f24;stroke-width:1.5}"
		".m-end{fill:#1a7f37}line{stroke:#d0d7de}</style>\n", height, t1, t2);
	fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>", left, height - 22, right,
		height - 22);
	fprintf(f, "<text x=\"%.0f\" y=\"%.0f\">%s</text>", left, height - 6, t1);
	fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%s</text>\n", right, height - 6, t2);
	for (size_t i = 0; i < a->nfindings; i++) {
		const struct finding *fd = &a->findings[i];
		const char *sv = severity_name(fd->rule->severity);
		double y = 20 + row * (double)i;
		fprintf(f, "<g><title>");
		html_text(f, fd->rule->title);
		fprintf(f, "</title><text x=\"4\" y=\"%.1f\">%zu</text>", y + 4, i + 1);
		fprintf(f, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>", left, y, right, y);
		for (int pass = 0; pass < 3; pass++) {
			size_t n = pass == 0 ? fd->nsymptoms : pass == 1 ? fd->nevidence : (size_t)(fd->resolved != 0);
			for (size_t k = 0; k < n; k++) {
				int64_t t;
				if (pass == 0) {
					t = store_get(st, fd->symptoms[k])->time;
				} else if (pass == 1) {
					const struct evidence_item *e = &fd->evidence[k];
					if (e->absent || e->refutes || e->resolves)
						continue;
					t = store_get(st, e->rec)->time;
				} else {
					t = fd->resolved_at;
				}
				if (t == TIME_NONE)
					continue;
				double x = left + (right - left) * (double)(t - lo) / (double)(hi - lo);
				svg_marker(f, x, y, pass, sv);
			}
		}
		fputs("</g>\n", f);
	}
	fputs("</svg>\n</section>\n", f);
}

/* ---- the rest ------------------------------------------------------------------- */

static void
write_unexplained(FILE *f, const struct analyze_report *r, struct buf *loc)
{
	const struct analysis *a = r->analysis;
	const struct store *st = r->model->st;
	char t1[40], tmp[200];
	if (a->nunexplained == 0)
		return;
	fputs("<section id=\"unexplained\">\n<h2>Unexplained errors</h2>\n"
	      "<p>Errors no rule explains, with what could explain them.</p>\n"
	      "<ul class=\"items\">\n", f);
	for (size_t i = 0; i < a->nunexplained; i++) {
		const struct unexplained *u = &a->unexplained[i];
		const struct record *s = store_get(st, u->rec);
		rpt_time(u->first, t1, sizeof(t1));
		rpt_locator(loc, r, u->rec);
		fprintf(f, "<li><time>%s</time> ", t1);
		html_text(f, u->npeople > 1 ? "(several people)" :
			     u->id == NO_ID ? "(user unknown)" : rpt_user(r->model, u->id));
		fputs(": ", f);
		html_text(f, rpt_display_text(event_text(st, s, tmp, sizeof(tmp))));
		if (u->count > 1)
			fprintf(f, " (%zu times)", u->count);
		loc_span(f, loc);
		/* what the book knows and the candidates, as the text report says it */
		char *text = NULL;
		size_t len = 0;
		FILE *mf = open_memstream(&text, &len);
		if (mf) {
			rpt_recognised(mf, r, u, 0);
			for (size_t c = 0; c < u->ncandidates && c < CANDIDATES_SHOWN; c++)
				rpt_candidate(mf, r, &u->candidates[c], 0);
			if (fclose(mf) == 0 && len) {
				fputs("<ul class=\"items\">", f);
				for (const char *p = text; *p;) {
					const char *nl = strchr(p, '\n');
					size_t n = nl ? (size_t)(nl - p) : strlen(p);
					char *line = xstrndup(p, n);
					const char *q = line;
					while (*q == ' ')
						q++;
					fputs("<li>", f);
					html_text(f, q);
					fputs("</li>", f);
					free(line);
					p += n + (nl != NULL);
				}
				fputs("</ul>", f);
			}
			free(text);
		}
		fputs("</li>\n", f);
	}
	fputs("</ul>\n</section>\n", f);
}

static void
write_handoff(FILE *f, const struct analyze_report *r)
{
	const char *os[OWNERS_MAX];
	size_t no = rpt_owners(r->analysis, os);
	if (no == 0)
		return;
	fputs("<section id=\"handoff\">\n<h2>Hand-off</h2>\n"
	      "<p>One note per admin, to copy into a message or a ticket.</p>\n", f);
	for (size_t o = 0; o < no; o++) {
		char *h = rpt_handoff_text(r, os[o]);
		fprintf(f, "<div class=\"handoff\">\n<header><h3>For the ");
		html_text(f, owner_label(os[o]));
		fprintf(f, "</h3><button type=\"button\" class=\"copy\" data-copy=\"handoff-%s\">Copy"
			"</button></header>\n<pre id=\"handoff-%s\">", os[o], os[o]);
		html_text(f, h);
		fputs("</pre>\n</div>\n", f);
		free(h);
	}
	fputs("</section>\n", f);
}

static void
write_unread_html(FILE *f, const struct analyze_report *r, const struct rpt_summary *s)
{
	if (s->not_read == 0 && s->guessed == 0 && s->skipped == 0)
		return;
	char *text = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&text, &len);
	if (mf == NULL)
		return;
	rpt_unread(mf, r, 0);
	if (fclose(mf) != 0) {
		free(text);
		return;
	}
	fputs("<section id=\"unread\">\n<h2>Inputs not read</h2>\n", f);
	int open = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		if (n == 0) {
			/* a blank line between lists */
		} else if (line[0] != ' ') {
			if (open)
				fputs("</ul>\n", f);
			fputs("<h3>", f);
			html_text(f, line);
			fputs("</h3>\n<ul class=\"items\">\n", f);
			open = 1;
		} else {
			fputs("<li><code>", f);
			html_text(f, line + 2);
			fputs("</code></li>\n", f);
		}
		free(line);
		p += n + (nl != NULL);
	}
	if (open)
		fputs("</ul>\n", f);
	fputs("</section>\n", f);
	free(text);
}

void
rpt_write_html(FILE *f, const struct analyze_report *r)
{
	const struct analysis *a = r->analysis;
	struct rpt_summary sum;
	rpt_summary(&sum, r);
	struct buf loc, b;
	buf_init(&loc, 1 << 16);
	buf_init(&b, 1 << 16);
	char title[256];
	snprintf(title, sizeof(title), "triage: %zu finding%s%s%s", a->nfindings,
		 a->nfindings == 1 ? "" : "s", sum.ninputs ? " - " : "",
		 sum.ninputs ? sum.inputs[0].name : "");
	html_page_begin(f, title);
	write_header(f, r, &sum);
	fputs("<main>\n", f);
	write_summary(f, r, &sum);
	if (a->nfindings) {
		write_timeline(f, r);
		fputs("<section id=\"findings\">\n<h2>Findings</h2>\n", f);
		for (size_t i = 0; i < a->nfindings; i++)
			write_finding(f, r, i, &loc, &b);
		fputs("</section>\n", f);
	}
	write_unexplained(f, r, &loc);
	write_handoff(f, r);
	write_unread_html(f, r, &sum);
	fputs("<section id=\"inputs\">\n<h2>Inputs</h2>\n", f);
	html_inputs_table(f, r->inputs, r->base, INPUTS_SHOWN);
	fputs("</section>\n</main>\n", f);
	html_page_end(f);
	buf_free(&loc);
	buf_free(&b);
	rpt_summary_free(&sum);
}
