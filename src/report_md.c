/* report_md.c - the analyze report as Markdown, to paste into a ticket
 * (GitHub, GitLab, Jira, ServiceNow): what was analysed, a summary
 * table, each finding, a hand-off per owner, what could not be read. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "words.h"

static const char *const severities[] = {"info", "low", "medium", "high", "critical"};

/* "1 high, 2 medium" */
static void
severity_counts(struct buf *b, const size_t *n)
{
	buf_reset(b);
	for (int s = 4; s >= 0; s--)
		if (n[s])
			buf_printf(b, "%s%zu %s", b->len ? ", " : "", n[s], severities[s]);
}

static void
write_header(FILE *f, const struct analyze_report *r, const struct rpt_summary *s)
{
	const struct analysis *a = r->analysis;
	fprintf(f, "## triage: %zu finding%s, %zu unexplained error%s\n\n", a->nfindings,
		a->nfindings == 1 ? "" : "s", a->nunexplained, a->nunexplained == 1 ? "" : "s");
	fprintf(f, "Analysed %s by triage %s with %zu rules and an error book of %zu entries.\n\n",
		s->when, PACKAGE_VERSION, r->nrules, r->book ? r->book->n : 0);
	if (s->ninputs) {
		fputs("| Input | Size | SHA-256 |\n|---|---|---|\n", f);
		for (size_t i = 0; i < s->ninputs; i++) {
			const struct rpt_input *in = &s->inputs[i];
			fputs("| `", f);
			fputs(in->name, f);
			fputs("` | ", f);
			if (in->sha256[0])
				fprintf(f, "%llu bytes | `%s` |\n", (unsigned long long)in->size, in->sha256);
			else
				fprintf(f, "%s, %zu file%s | - |\n", in->what, in->files,
					in->files == 1 ? "" : "s");
		}
		fputc('\n', f);
	}
	fprintf(f, "Read %llu file%s, %llu record%s; %zu error%s a user saw, %zu followed by a "
		"success and left out.",
		(unsigned long long)r->stats->files, r->stats->files == 1 ? "" : "s",
		(unsigned long long)r->stats->records, r->stats->records == 1 ? "" : "s", a->nerrors,
		a->nerrors == 1 ? "" : "s", a->nrecovered);
	if (s->not_read)
		fprintf(f, " **%zu input%s could not be read** (below).", s->not_read,
			s->not_read == 1 ? "" : "s");
	if (r->stats->limit_reached)
		fprintf(f, " **The run's budget ran out (--%s): inputs after that were not read.**",
			r->stats->limit_reached);
	fputc('\n', f);
	if (a->nfindings == 0 && a->nunexplained == 0) {
		fputs("\nNo errors a user saw were found in the inputs.\n", f);
		return;
	}
	if (a->nfindings == 0)
		return;
	struct buf b;
	buf_init(&b, 1 << 12);
	fputs("\n| Owner | Findings | Severity |\n|---|---|---|\n", f);
	for (size_t o = 0; o < owner_count(); o++) {
		size_t n = 0;
		for (int k = 0; k < 5; k++)
			n += s->by_owner[o][k];
		if (n == 0)
			continue;
		severity_counts(&b, s->by_owner[o]);
		fprintf(f, "| %s | %zu | %s |\n", owner_label(owner_id(o)), n, b.data);
	}
	buf_free(&b);
	fprintf(f, "\n%zu %s affected", s->people, s->people == 1 ? "person" : "people");
	if (s->resolved)
		fprintf(f, "; %zu problem%s ended on %s own", s->resolved, s->resolved == 1 ? "" : "s",
			s->resolved == 1 ? "its" : "their");
	fputs(".\n", f);
}

static void
write_finding(FILE *f, const struct analyze_report *r, size_t i, struct buf *loc, struct buf *tmpb)
{
	const struct finding *fd = &r->analysis->findings[i];
	const struct rule *ru = fd->rule;
	struct model *m = r->model;
	const struct store *st = m->st;
	char t1[40], tmp[200];
	fprintf(f, "\n### %zu. ", i + 1);
	rpt_md_text(f, ru->title);
	if (fd->resolved)
		fputs(" (resolved)", f);
	fprintf(f, "\n\n- **Cause:** `%s` (%s severity, confidence %.2f)\n", ru->cause->name,
		severity_name(ru->severity), fd->confidence);
	fprintf(f, "- **Owner:** %s\n", owner_label(ru->owner));
	(void)rpt_certainty(r, fd, tmpb);
	fputs("- **How sure:** ", f);
	rpt_md_text(f, tmpb->data);
	fputc('\n', f);
	if (fd->resolved) {
		char rt[40];
		rpt_time(fd->resolved_at, rt, sizeof(rt));
		rpt_item_locator(loc, r, rpt_resolved_item(fd));
		fprintf(f, "- **Resolved:** %s: ", rt);
		rpt_md_text(f, rpt_resolved_item(fd)->text);
		fprintf(f, " (`%s`)\n", loc->data);
	}
	rpt_users_line(tmpb, m, fd);
	rpt_time(fd->first, t1, sizeof(t1));
	fputs("- **Affects:** ", f);
	rpt_md_text(f, tmpb->data);
	fprintf(f, " (%zu time%s, first %s)\n", fd->nsymptoms, fd->nsymptoms == 1 ? "" : "s", t1);
	fputs("\n**Seen:**\n\n", f);
	for (size_t k = 0; k < fd->nsymptoms && k < SYMPTOMS_SHOWN; k++) {
		const struct record *s = store_get(st, fd->symptoms[k]);
		rpt_time(s->time, t1, sizeof(t1));
		rpt_locator(loc, r, fd->symptoms[k]);
		fprintf(f, "- %s, %s: ", t1, export_name(store_str(st, s->kind)));
		rpt_md_text(f, rpt_display_text(event_text(st, s, tmp, sizeof(tmp))));
		fputs(" (`", f);
		fputs(loc->data, f);
		fputs(m->flags[fd->symptoms[k]] & REC_INFERRED ?
		      "`; the person inferred from the file name)\n" : "`)\n", f);
	}
	if (fd->nsymptoms > SYMPTOMS_SHOWN)
		fprintf(f, "- ... and %zu more\n", fd->nsymptoms - SYMPTOMS_SHOWN);
	int why = 0;
	for (size_t k = 0; k < fd->nevidence; k++) {
		const struct evidence_item *e = &fd->evidence[k];
		if (rpt_same_text_before(fd, k))
			continue;
		size_t before = 0;
		for (size_t j = 0; j < k; j++)
			before += fd->evidence[j].check == e->check && !rpt_same_text_before(fd, j);
		if (before >= EVIDENCE_SHOWN)
			continue;
		if (!why++)
			fputs("\n**Why:**\n\n", f);
		rpt_item_locator(loc, r, e);
		fprintf(f, "- %s ", e->refutes ? "against:" : e->resolves ? "ended:" : "for:");
		rpt_md_text(f, e->text);
		fprintf(f, " (`%s`)\n", loc->data);
	}
	if (fd->nmissing)
		fputs("\n**Missing (ask for it):**\n\n", f);
	for (size_t k = 0; k < fd->nmissing; k++) {
		const struct need *nd = &fd->missing[k]->needs;
		fputs("- ", f);
		rpt_md_text(f, export_name(nd->export));
		if (nd->ask)
			fprintf(f, " from the %s", owner_label(nd->ask));
		if (fd->missing_how[k]) {
			fputs(": ", f);
			rpt_md_text(f, fd->missing_how[k]);
		}
		fputc('\n', f);
	}
	if (fd->nsteps)
		fputs(fd->resolved ? "\n**Left to do:**\n\n" : "\n**Fix:**\n\n", f);
	for (size_t k = 0; k < fd->nsteps; k++) {
		fprintf(f, "%zu. %s: ", k + 1, owner_label(fd->steps[k].owner));
		rpt_md_text(f, fd->fix[k]);
		fputc('\n', f);
	}
}

void
rpt_write_md(FILE *f, const struct analyze_report *r)
{
	const struct analysis *a = r->analysis;
	const struct store *st = r->model->st;
	struct rpt_summary sum;
	rpt_summary(&sum, r);
	struct buf loc, tmpb;
	buf_init(&loc, 1 << 16);
	buf_init(&tmpb, 1 << 16);
	char t1[40], tmp[200];
	write_header(f, r, &sum);
	for (size_t i = 0; i < a->nfindings; i++)
		write_finding(f, r, i, &loc, &tmpb);
	if (a->nunexplained) {
		fputs("\n### Unexplained errors\n\n", f);
		for (size_t i = 0; i < a->nunexplained; i++) {
			const struct unexplained *u = &a->unexplained[i];
			const struct record *s = store_get(st, u->rec);
			rpt_time(u->first, t1, sizeof(t1));
			rpt_locator(&loc, r, u->rec);
			fprintf(f, "- %s ", t1);
			rpt_md_text(f, rpt_display_text(event_text(st, s, tmp, sizeof(tmp))));
			if (u->count > 1)
				fprintf(f, " (%zu times)", u->count);
			fprintf(f, " (`%s`)\n", loc.data);
			rpt_recognised(f, r, u, 1);
			for (size_t c = 0; c < u->ncandidates && c < CANDIDATES_SHOWN; c++)
				rpt_candidate(f, r, &u->candidates[c], 1);
		}
	}
	const char *os[OWNERS_MAX];
	size_t no = rpt_owners(a, os);
	if (no)
		fputs("\n### Hand-off\n", f);
	for (size_t o = 0; o < no; o++) {
		/* each note as a quote, to copy into a message to that admin */
		char *h = rpt_handoff_text(r, os[o]);
		fputc('\n', f);
		for (const char *p = h; *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			char *line = xstrndup(p, len);
			fputs("> ", f);
			rpt_md_text(f, line);
			fputs("  \n", f);
			free(line);
			p += len + (nl != NULL);
		}
		free(h);
	}
	rpt_unread(f, r, 1);
	buf_free(&loc);
	buf_free(&tmpb);
	rpt_summary_free(&sum);
}
