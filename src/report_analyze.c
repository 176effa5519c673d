/* report_analyze.c - the analyze report in text and JSON, and what the
 * other formats share (report_int.h). */
#include "config.h"

#include "analyze.h"
#include "report_int.h"
#include "words.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "redact.h"
#include "sha256.h"
#include "timefmt.h"
#include "timeline.h"
#include "util.h"


/* ---- identities: numbered in order of first mention ---------------------------- */

struct idtab {
	uint32_t *v;
	size_t n;
};

static size_t
id_number(struct idtab *t, uint32_t id)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i] == id)
			return i + 1;
	GROW_BY_COUNT(t->v, t->n);
	t->v[t->n++] = id;
	return t->n;
}


static void
number_identities(struct idtab *t, const struct analysis *a)
{
	for (size_t i = 0; i < a->nfindings; i++)
		for (size_t k = 0; k < a->findings[i].nids; k++)
			if (a->findings[i].ids[k] != NO_ID)
				id_number(t, a->findings[i].ids[k]);
	for (size_t i = 0; i < a->nunexplained; i++)
		if (a->unexplained[i].id != NO_ID)
			id_number(t, a->unexplained[i].id);
}

void
rpt_systems_list(unsigned sys, const char **out, size_t *n)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{SYS_ENTRA, "entra"}, {SYS_M365, "microsoft365"}, {SYS_OUTLOOK, "outlook"},
		{SYS_SALESFORCE, "salesforce"}, {SYS_TICKET, "ticket"},
	};
	*n = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (sys & names[i].bit)
			out[(*n)++] = names[i].name;
}

/* ---- shared bits ----------------------------------------------------------------------- */

/* Locators as readers see them: without the directories the inputs were
 * given in (r->base), so "ticket-4711.zip!/salesforce/LoginHistory.csv:4"
 * rather than the engineer's home directory; JSON keeps them whole. */
static void
shorten(struct buf *b, const struct analyze_report *r)
{
	size_t n = r->base ? strlen(r->base) : 0;
	if (n == 0 || b->len <= n || strncmp(b->data, r->base, n) != 0)
		return;
	memmove(b->data, b->data + n, b->len - n + 1);
	b->len -= n;
}

/* An input's locator as readers see it (shorten() for a string). */
const char *
rpt_shown(const struct analyze_report *r, const char *locator)
{
	size_t n = r->base ? strlen(r->base) : 0;
	return n && strlen(locator) > n && strncmp(locator, r->base, n) == 0 ? locator + n : locator;
}

void
rpt_locator(struct buf *b, const struct analyze_report *r, uint32_t rec)
{
	buf_reset(b);
	record_locator(b, r->model->st, r->inputs, store_get(r->model->st, rec));
	shorten(b, r);
}

/* An evidence item's locator: the record, or for an absence the export
 * that was searched. */
void
rpt_item_locator(struct buf *b, const struct analyze_report *r, const struct evidence_item *e)
{
	const struct record *rec = store_get(r->model->st, e->rec);
	if (!e->absent) {
		rpt_locator(b, r, e->rec);
		return;
	}
	buf_reset(b);
	if (rec->input < r->inputs->n)
		buf_adds(b, r->inputs->v[rec->input].locator);
	shorten(b, r);
}

void
rpt_time(int64_t t, char *out, size_t n)
{
	if (t == TIME_NONE || t == INT64_MAX || t == INT64_MIN)
		snprintf(out, n, "-");
	else
		time_format(t, out, n);
}

const char *
rpt_user(struct model *m, uint32_t id)
{
	return id == NO_ID ? "" : model_display(m, id);
}

/* One line of text: control characters as spaces, at most max bytes. */
void
rpt_put_line(FILE *f, const char *s, size_t max)
{
	size_t n = 0;
	for (; *s && n < max; s++, n++)
		fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
	if (*s)
		fputs("...", f);
}

/* Log text without the "[session=...] [user=...]" prefixes client logs
 * put before the message: the report shows the user and the flow apart. */
const char *
rpt_display_text(const char *s)
{
	return skip_context_fields(s);
}

/* The owners in a fixed order, each once, that have a fix step. */
size_t
rpt_owners(const struct analysis *a, const char **out)
{
	size_t n = 0;
	for (size_t o = 0; o < owner_count(); o++) {
		int used = 0;
		for (size_t i = 0; i < a->nfindings && !used; i++) {
			const struct finding *fd = &a->findings[i];
			used = strcmp(fd->rule->owner, owner_id(o)) == 0;
			for (size_t k = 0; k < fd->nsteps && !used; k++)
				used = strcmp(fd->steps[k].owner, owner_id(o)) == 0;
		}
		if (used)
			out[n++] = owner_id(o);
	}
	return n;
}

int
rpt_finding_involves(const struct finding *f, const char *owner)
{
	if (strcmp(f->rule->owner, owner) == 0)
		return 1;
	for (size_t k = 0; k < f->nsteps; k++)
		if (strcmp(f->steps[k].owner, owner) == 0)
			return 1;
	return 0;
}

/* The people a finding affects: the first USERS_SHOWN, then "and N more"
 * (the JSON report lists them all). */
void
rpt_users_line(struct buf *b, struct model *m, const struct finding *f)
{
	buf_reset(b);
	size_t shown = f->nids > USERS_SHOWN + 2 ? USERS_SHOWN : f->nids;
	for (size_t k = 0; k < shown; k++) {
		if (b->len)
			buf_adds(b, ", ");
		buf_adds(b, f->ids[k] == NO_ID ? "(user unknown)" : rpt_user(m, f->ids[k]));
	}
	if (shown < f->nids)
		buf_printf(b, " and %zu more", f->nids - shown);
}

/* Does an earlier item of the same check have the same text as item j? */
int
rpt_same_text_before(const struct finding *fd, size_t j)
{
	for (size_t i = 0; i < j; i++)
		if (fd->evidence[i].check == fd->evidence[j].check &&
		    strcmp(fd->evidence[i].text, fd->evidence[j].text) == 0)
			return 1;
	return 0;
}

/* How sure a finding is, in words, from the kinds of evidence it rests
 * on: "confirmed" by configuration (a fact or a relation derived from
 * facts) or by an audit trail; "corroborated" by other records than the
 * errors (sign-ins, logins, log lines); else "consistent" with the errors
 * only.  Writes the sentence into b; returns the level. */
const char *
rpt_certainty(const struct analyze_report *r, const struct finding *f, struct buf *b)
{
	const struct store *st = r->model->st;
	int config = 0, audit = 0, other = 0, inferred = 0;
	for (size_t i = 0; i < f->nevidence; i++) {
		const struct evidence_item *e = &f->evidence[i];
		if (e->refutes || e->resolves || check_on_symptoms(e->check))
			continue;
		const struct record *rec = store_get(st, e->rec);
		if (e->check->no_confirm) {
			other = 1;
			continue;
		}
		const char *kind = store_str(st, rec->kind);
		if (rec->time == TIME_NONE || (r->model->flags[e->rec] & REC_DERIVED))
			config = 1;
		else if (strstr(kind, "audit"))
			audit = 1;
		else
			other = 1;
	}
	for (size_t i = 0; i < f->nsymptoms; i++)
		inferred |= (r->model->flags[f->symptoms[i]] & REC_INFERRED) != 0;
	buf_reset(b);
	const char *level;
	if (config || audit) {
		level = "confirmed";
		buf_printf(b, "confirmed by %s%s%s", config ? "configuration" : "",
			   config && audit ? " and " : "", audit ? "the audit trail" : "");
	} else {
		level = other ? "corroborated" : "consistent";
		buf_adds(b, other ? "consistent with the errors and other records, not confirmed "
				    "by configuration" :
				    "consistent with the errors, not confirmed");
		/* what would settle it: the exports a check left open names,
		 * then the ones missing */
		size_t asked = 0;
		for (size_t i = 0; i < f->nevidence; i++) {
			const struct evidence *e = f->evidence[i].check;
			if (!e->no_confirm || !e->has_needs || f->evidence[i].refutes)
				continue;
			buf_printf(b, "%s%s", asked++ ? ", " : " (ask for ", export_name(e->needs.export));
		}
		for (size_t i = 0; i < f->nmissing; i++)
			buf_printf(b, "%s%s", asked++ ? ", " : " (ask for ",
				   export_name(f->missing[i]->needs.export));
		if (asked)
			buf_addc(b, ')');
	}
	if (inferred)
		buf_adds(b, "; the person inferred from the file name");
	if (f->resolved)
		buf_adds(b, "; it has ended");
	return level;
}

/* The evidence item that shows a finding has ended. */
const struct evidence_item *
rpt_resolved_item(const struct finding *f)
{
	for (size_t i = 0; i < f->nevidence; i++)
		if (f->evidence[i].resolves && f->evidence[i].rec == f->resolved_by)
			return &f->evidence[i];
	return &f->evidence[0];
}

/* A rule whose symptom matched an unexplained error but fell short: its
 * cause and confidence, what went against it, and what would decide it. */
void
rpt_candidate(FILE *f, const struct analyze_report *r, const struct finding *c, int md)
{
	struct buf loc;
	buf_init(&loc, 1 << 16);
	fprintf(f, md ? "  - could be `%s` (%.2f, %s)" : "    could be %s (%.2f, %s)",
		c->rule->cause->name, c->confidence, owner_label(c->rule->owner));
	const char *sep = ": ";
	for (size_t k = 0; k < c->nevidence; k++) {
		const struct evidence_item *e = &c->evidence[k];
		if (!e->refutes)
			continue;
		rpt_item_locator(&loc, r, e);
		fprintf(f, "%sagainst it, %s (%s)", sep, e->text, loc.data);
		sep = "; ";
		break;
	}
	for (size_t k = 0; k < c->nmissing; k++) {
		const struct need *nd = &c->missing[k]->needs;
		fprintf(f, "%s%s %s%s%s", sep, k ? "and" : "would be decided by", export_name(nd->export),
			nd->ask ? " from the " : "", nd->ask ? owner_label(nd->ask) : "");
		sep = " ";
	}
	if (sep[0] == ':' && c->confidence < REPORT_CONFIDENCE)
		fputs(": too little in the inputs for or against it", f);
	else if (sep[0] == ':')
		fputs(": not backed by evidence beyond the error", f);
	fputc('\n', f);
	buf_free(&loc);
}

/* What the error book knows of an unexplained error: its product and
 * meaning, and why it is outside this integration when it is. */
void
rpt_recognised(FILE *f, const struct analyze_report *r, const struct unexplained *u, int md)
{
	const struct book_entry *e = u->recognised;
	if (e == NULL && u->family) {
		fputs(md ? "  - looks like: " : "    looks like: ", f);
		if (md)
			rpt_md_text(f, u->family->product);
		else
			fputs(u->family->product, f);
		fputs(" (an error the error book does not know)\n", f);
	}
	if (e == NULL || r->book == NULL)
		return;
	const struct book_family *fam = &r->book->families[e->family];
	fputs(md ? "  - recognised: " : "    recognised: ", f);
	if (md) {
		rpt_md_text(f, fam->product);
		fputs(": ", f);
		rpt_md_text(f, e->says);
	} else {
		fprintf(f, "%s: %s", fam->product, e->says);
	}
	if (e->out_of_scope) {
		fputs("; outside this integration: ", f);
		if (md)
			rpt_md_text(f, e->out_of_scope);
		else
			fputs(e->out_of_scope, f);
	}
	fputc('\n', f);
}

/* The hand-off note for one owner, as one text. */
char *
rpt_handoff_text(const struct analyze_report *r, const char *owner)
{
	struct buf b, users, loc;
	buf_init(&b, 1 << 20);
	buf_init(&users, 1 << 16);
	buf_init(&loc, 1 << 16);
	const struct analysis *a = r->analysis;
	size_t n = 0;
	for (size_t i = 0; i < a->nfindings; i++)
		n += rpt_finding_involves(&a->findings[i], owner);
	buf_printf(&b, "For the %s: %zu problem%s to act on.", owner_label(owner), n,
		   n == 1 ? "" : "s");
	size_t k = 0;
	for (size_t i = 0; i < a->nfindings; i++) {
		const struct finding *f = &a->findings[i];
		if (!rpt_finding_involves(f, owner))
			continue;
		char t[40];
		rpt_time(f->first, t, sizeof(t));
		rpt_users_line(&users, r->model, f);
		buf_printf(&b, "\n%zu. %s (cause %s; affects %s; first seen %s).", ++k,
			   f->rule->title, f->rule->cause->name, users.data, t);
		for (size_t e = 0, shown = 0; e < f->nevidence && shown < 2; e++) {
			if (f->evidence[e].refutes || f->evidence[e].resolves ||
			    check_on_symptoms(f->evidence[e].check) || rpt_same_text_before(f, e))
				continue;
			rpt_item_locator(&loc, r, &f->evidence[e]);
			buf_printf(&b, "\n   Evidence: %s (%s)", f->evidence[e].text, loc.data);
			shown++;
		}
		if (f->resolved) {
			char rt[40];
			rpt_time(f->resolved_at, rt, sizeof(rt));
			rpt_item_locator(&loc, r, rpt_resolved_item(f));
			buf_printf(&b, "\n   Resolved: it ended %s (%s)", rt, loc.data);
		}
		for (size_t s = 0; s < f->nsteps; s++)
			if (strcmp(f->steps[s].owner, owner) == 0)
				buf_printf(&b, "\n   Please: %s", f->fix[s]);
		for (size_t s = 0; s < f->nmissing; s++) {
			const struct need *nd = &f->missing[s]->needs;
			if (nd->ask && strcmp(nd->ask, owner) == 0)
				buf_printf(&b, "\n   Also send: %s%s%s", export_name(nd->export),
					   f->missing_how[s] ? " - " : "",
					   f->missing_how[s] ? f->missing_how[s] : "");
		}
	}
	buf_free(&users);
	buf_free(&loc);
	return buf_steal(&b);
}

/* ---- text --------------------------------------------------------------------------------- */

/* An SGR colour sequence when the report is in colour, else "". */
#define SGR(r, code) ((r)->color ? "\033[" code "m" : "")
#define BOLD "1"
#define DIM "2"
#define RED "31"
#define GREEN "32"
#define YELLOW "33"
#define CYAN "36"
#define RESET "0"

static const char *
severity_colour(const struct analyze_report *r, enum severity sv)
{
	if (!r->color)
		return "";
	switch (sv) {
	case SEV_CRITICAL:
	case SEV_HIGH:
		return "\033[1;31m";
	case SEV_MEDIUM:
		return "\033[33m";
	default:
		return "\033[36m";
	}
}

/* Columns the first n bytes of s take: UTF-8 characters, colour
 * sequences taking none. */
static size_t
columns(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\033' && i + 1 < n && s[i + 1] == '[') {
			while (i < n && s[i] != 'm')
				i++;
			continue;
		}
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	}
	return w;
}

/* Where a wrapped line's continuation starts: under the text after the
 * indent and a marker ("+ ", "- ", "1. ") or a short label ("Please: ",
 * "affects "), else two columns in. */
static size_t
hanging_indent(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && line[i] == ' ')
		i++;
	size_t start = i;
	while (i < len && line[i] == '\033') {	/* a colour before the marker */
		while (i < len && line[i] != 'm')
			i++;
		i++;
	}
	if (i + 1 < len && strchr("+-=?", line[i]) && line[i + 1] == ' ')
		return columns(line, i + 2);
	size_t d = i;
	while (d < len && isdigit((unsigned char)line[d]))
		d++;
	if (d > i && d + 1 < len && line[d] == '.' && line[d + 1] == ' ')
		return columns(line, d + 2);
	for (size_t k = i; k < len && k < i + 20; k++) {
		if (line[k] == ':' && k + 1 < len && line[k + 1] == ' ')
			return columns(line, k + 2);	/* "how sure: ", "Please: " */
		if (!isalpha((unsigned char)line[k]) && line[k] != ' ' && line[k] != '-')
			break;
	}
	return columns(line, start) + 2;
}

/* Write text wrapped at width columns, each long line broken at spaces
 * with a hanging indent; a word longer than the room (a locator) stays
 * whole on its own line. */
static void
emit_wrapped(FILE *out, const char *text, size_t width)
{
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		if (width == 0 || columns(line, len) <= width) {
			fwrite(line, 1, len, out);
		} else {
			size_t hang = hanging_indent(line, len);
			if (hang > width / 2)
				hang = 4;
			size_t col = 0, i = 0;
			int first = 1;
			while (i < len) {
				size_t sp = i;	/* the spaces before the word */
				while (i < len && line[i] == ' ' && !(first && col == 0))
					i++;
				size_t w0 = i;
				if (first && col == 0) {
					while (i < len && line[i] == ' ')
						i++;	/* the indent is part of the first word */
				}
				while (i < len && line[i] != ' ')
					i++;
				size_t ww = columns(line + w0, i - w0);
				if (col > 0 && col + (w0 - sp) + ww > width) {
					fputc('\n', out);
					for (size_t k = 0; k < hang; k++)
						fputc(' ', out);
					col = hang;
				} else if (col > 0) {
					fwrite(line + sp, 1, w0 - sp, out);
					col += w0 - sp;
				}
				fwrite(line + w0, 1, i - w0, out);
				col += ww;
				first = 0;
			}
		}
		if (nl == NULL)
			break;
		fputc('\n', out);
		line = nl + 1;
	}
}

static void
write_text_body(FILE *f, const struct analyze_report *r)
{
	const struct analysis *a = r->analysis;
	struct model *m = r->model;
	const struct store *st = m->st;
	struct buf loc, users;
	buf_init(&loc, 1 << 16);
	buf_init(&users, 1 << 16);
	char t1[40], t2[40], tmp[200];
	struct buf sure;
	buf_init(&sure, 1 << 16);
	fprintf(f, "%zu finding%s, %zu unexplained error%s (%zu error%s seen, %zu followed by a "
		"success and left out; %llu record%s from %llu file%s)\n",
		a->nfindings, a->nfindings == 1 ? "" : "s", a->nunexplained,
		a->nunexplained == 1 ? "" : "s", a->nerrors, a->nerrors == 1 ? "" : "s",
		a->nrecovered, (unsigned long long)r->stats->records,
		r->stats->records == 1 ? "" : "s", (unsigned long long)r->stats->files,
		r->stats->files == 1 ? "" : "s");
	if (r->stats->limit_reached)
		fprintf(f, "%sThe run's budget ran out (--%s): inputs after that were not read; "
			"see \"Inputs not read\" below.%s\n", SGR(r, RED), r->stats->limit_reached,
			SGR(r, RESET));
	if (r->base) {
		/* the inputs, and where the locators below start from */
		fprintf(f, "Inputs in %s:", r->base);
		for (size_t i = 0; i < r->nargs; i++)
			fprintf(f, " %s", r->args[i] + (strncmp(r->args[i], r->base, strlen(r->base)) ?
							 0 : strlen(r->base)));
		fputc('\n', f);
	}
	if (a->nfindings == 0 && a->nunexplained == 0)
		fputs("\nNo errors a user saw were found in the inputs.\n", f);
	for (size_t i = 0; i < a->nfindings; i++) {
		const struct finding *fd = &a->findings[i];
		const struct rule *ru = fd->rule;
		fprintf(f, "\n%s%zu. %s%s\n", SGR(r, BOLD), i + 1, ru->title, SGR(r, RESET));
		fprintf(f, "   cause %s, %s%s severity%s, confidence %.2f, owner: %s%s%s\n",
			ru->cause->name, severity_colour(r, ru->severity), severity_name(ru->severity),
			SGR(r, RESET), fd->confidence, SGR(r, BOLD), owner_label(ru->owner),
			SGR(r, RESET));
		rpt_users_line(&users, m, fd);
		rpt_time(fd->first, t1, sizeof(t1));
		rpt_time(fd->last, t2, sizeof(t2));
		fprintf(f, "   affects %s\n", users.data);
		(void)rpt_certainty(r, fd, &sure);
		fprintf(f, "   how sure: %s\n", sure.data);
		if (fd->resolved) {
			char rt[40];
			rpt_time(fd->resolved_at, rt, sizeof(rt));
			rpt_item_locator(&loc, r, rpt_resolved_item(fd));
			fprintf(f, "   resolved %s: ", rt);
			rpt_put_line(f, rpt_resolved_item(fd)->text, 300);
			fprintf(f, "\n       %s\n", loc.data);
		}
		if (fd->nsymptoms == 1)
			fprintf(f, "   seen once, %s\n", t1);
		else
			fprintf(f, "   seen %zu times, %s to %s\n", fd->nsymptoms, t1, t2);
		fputs("   what was seen:\n", f);
		for (size_t k = 0; k < fd->nsymptoms && k < SYMPTOMS_SHOWN; k++) {
			const struct record *s = store_get(st, fd->symptoms[k]);
			rpt_time(s->time, t1, sizeof(t1));
			fprintf(f, "     %s  %s  ", t1, export_name(store_str(st, s->kind)));
			rpt_put_line(f, rpt_display_text(event_text(st, s, tmp, sizeof(tmp))), 160);
			if (s->field[F_APP])
				fprintf(f, "  [%s]", store_str(st, s->field[F_APP]));
			rpt_locator(&loc, r, fd->symptoms[k]);
			fprintf(f, "\n       %s%s%s%s\n", SGR(r, DIM), loc.data, SGR(r, RESET),
				m->flags[fd->symptoms[k]] & REC_INFERRED ?
				" (the person inferred from the file name)" : "");
		}
		if (fd->nsymptoms > SYMPTOMS_SHOWN)
			fprintf(f, "     ... and %zu more\n", fd->nsymptoms - SYMPTOMS_SHOWN);
		int why = 0;
		for (size_t k = 0; k < fd->nevidence; k++) {
			const struct evidence_item *e = &fd->evidence[k];
			if (strcmp(e->check->on, "symptom") == 0 && !e->refutes && e->check->says == NULL)
				continue;
			/* two different texts per check here; the JSON report has
			 * every record */
			size_t before = 0, total = 0, same = 0;
			for (size_t j = 0; j < fd->nevidence; j++) {
				const struct evidence_item *o = &fd->evidence[j];
				if (o->check != e->check)
					continue;
				if (j < k && strcmp(o->text, e->text) == 0)
					same++;
				before += j < k && !rpt_same_text_before(fd, j);
				total++;
			}
			if (same || before >= EVIDENCE_SHOWN)
				continue;
			if (!why++)
				fputs("   why:\n", f);
			fprintf(f, "     %s%s%s ", e->refutes ? SGR(r, RED) : e->resolves ? SGR(r, CYAN) :
				SGR(r, GREEN), e->refutes ? "-" : e->resolves ? "=" : "+", SGR(r, RESET));
			rpt_put_line(f, e->text, 300);
			rpt_item_locator(&loc, r, e);
			fprintf(f, "\n       %s%s%s\n", SGR(r, DIM), loc.data, SGR(r, RESET));
			size_t shown = 0;
			for (size_t j = 0; j < fd->nevidence; j++)
				shown += fd->evidence[j].check == e->check && j <= k &&
					 !rpt_same_text_before(fd, j);
			if (shown == EVIDENCE_SHOWN && total > EVIDENCE_SHOWN)
				fprintf(f, "       ... and %zu more like this\n", total - EVIDENCE_SHOWN);
		}
		if (fd->nmissing) {
			fputs("   missing (ask for it):\n", f);
			for (size_t k = 0; k < fd->nmissing; k++) {
				const struct need *nd = &fd->missing[k]->needs;
				fprintf(f, "     %s", export_name(nd->export));
				if (nd->ask)
					fprintf(f, " from the %s", owner_label(nd->ask));
				if (fd->missing_how[k])
					fprintf(f, ": %s", fd->missing_how[k]);
				fputc('\n', f);
			}
		}
		for (size_t o = 0; o < owner_count(); o++) {
			int head = 0;
			for (size_t k = 0; k < fd->nsteps; k++) {
				if (strcmp(fd->steps[k].owner, owner_id(o)) != 0)
					continue;
				if (!head++)
					fprintf(f, "   fix (%s):\n", owner_label(owner_id(o)));
				fprintf(f, "     - %s\n", fd->fix[k]);
			}
		}
	}
	if (a->nunexplained) {
		fprintf(f, "\n%sUnexplained errors (no rule explains them):%s\n", SGR(r, BOLD),
			SGR(r, RESET));
		for (size_t i = 0; i < a->nunexplained; i++) {
			const struct unexplained *u = &a->unexplained[i];
			const struct record *s = store_get(st, u->rec);
			rpt_time(u->first, t1, sizeof(t1));
			fprintf(f, "  %s  %s  %s  ", t1, export_name(store_str(st, s->kind)),
				u->npeople > 1 ? "(several people)" :
				u->id == NO_ID ? "(user unknown)" : rpt_user(m, u->id));
			rpt_put_line(f, rpt_display_text(event_text(st, s, tmp, sizeof(tmp))), 160);
			if (u->count > 1)
				fprintf(f, "  (%zu times)", u->count);
			rpt_locator(&loc, r, u->rec);
			fprintf(f, "\n    %s\n", loc.data);
			rpt_recognised(f, r, u, 0);
			for (size_t c = 0; c < u->ncandidates && c < CANDIDATES_SHOWN; c++)
				rpt_candidate(f, r, &u->candidates[c], 0);
		}
	}
	const char *os[OWNERS_MAX];
	size_t no = rpt_owners(a, os);
	if (no)
		fprintf(f, "\n%sHand-off:%s\n", SGR(r, BOLD), SGR(r, RESET));
	for (size_t o = 0; o < no; o++) {
		char *h = rpt_handoff_text(r, os[o]);
		fprintf(f, "\n%s\n", h);
		free(h);
	}
	rpt_unread(f, r, 0);
	buf_free(&loc);
	buf_free(&users);
	buf_free(&sure);
}

/* The text report: wrapped at r->width, or only its summary line. */
static void
write_text(FILE *f, const struct analyze_report *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&text, &len);
	if (mf == NULL) {
		write_text_body(f, r);
		return;
	}
	write_text_body(mf, r);
	if (fclose(mf) != 0) {
		free(text);
		write_text_body(f, r);
		return;
	}
	if (r->redact) {
		/* before wrapping, which could part a name in two */
		char *red = redact_text(r->redact, text, len);
		free(text);
		text = red;
		len = strlen(text);
	}
	if (r->quiet) {
		const char *nl = strchr(text, '\n');
		fwrite(text, 1, nl ? (size_t)(nl - text) + 1 : len, f);
	} else {
		emit_wrapped(f, text, r->width > 0 ? (size_t)r->width : 0);
	}
	free(text);
}

/* ---- what could not be read -------------------------------------------------------------- */


int
rpt_not_read(const struct input *in)
{
	return in->status == ST_UNSUPPORTED || in->status == ST_PARTIAL || in->status == ST_ERROR;
}

/* The reason an entry was not read: what it looked like, else its first
 * warning. */
void
rpt_reason(const struct input *in, struct buf *b)
{
	buf_reset(b);
	if (in->looks_like && in->status == ST_UNSUPPORTED) {
		(void)buf_printf(b, "looks like %s", in->looks_like);
		return;
	}
	for (size_t k = 0; k < in->nwarnings; k++) {
		const struct warning *w = &in->warnings[k];
		if (w->guess)
			continue;
		if (w->where == WARN_LINE && w->at)
			(void)buf_printf(b, "line %llu: ", (unsigned long long)w->at);
		else if (w->where == WARN_OFFSET)
			(void)buf_printf(b, "offset %llu: ", (unsigned long long)w->at);
		(void)buf_adds(b, w->message);
		return;
	}
	(void)buf_adds(b, in->looks_like ? in->looks_like : "no reason given");
}

/* The inputs that were not read, or read in part, or read with a guessed
 * time, zone or date order; and the binary ones skipped.  md: as
 * Markdown. */
void
rpt_unread(FILE *f, const struct analyze_report *r, int md)
{
	const struct inputs *ins = r->inputs;
	size_t bad = 0, guessed = 0, skipped = 0;
	for (size_t i = 0; ins && i < ins->n; i++) {
		bad += rpt_not_read(&ins->v[i]);
		guessed += ins->v[i].guesses > 0 && !rpt_not_read(&ins->v[i]);
		skipped += ins->v[i].status == ST_SKIPPED;
	}
	if (!bad && !guessed && !skipped)
		return;
	struct buf why;
	buf_init(&why, 1 << 16);
	if (bad) {
		fprintf(f, md ? "\n### Inputs not read (%zu of %zu)\n\n" :
				"\nInputs not read, or read in part (%zu of %zu):\n", bad, ins->n);
		for (size_t i = 0; i < ins->n; i++) {
			const struct input *in = &ins->v[i];
			if (!rpt_not_read(in))
				continue;
			rpt_reason(in, &why);
			if (md) {
				fprintf(f, "- `%s` %s: ", rpt_shown(r, in->locator), input_status_name(in->status));
				rpt_md_text(f, why.data);
				fputc('\n', f);
			} else {
				fprintf(f, "  %s  %s: %s\n", rpt_shown(r, in->locator), input_status_name(in->status),
					why.data);
			}
		}
	}
	if (guessed) {
		fprintf(f, md ? "\n### Read with a guess (%zu)\n\n" :
				"\nRead with a guess about times (%zu):\n", guessed);
		for (size_t i = 0; i < ins->n; i++) {
			const struct input *in = &ins->v[i];
			if (in->guesses == 0 || rpt_not_read(in))
				continue;
			for (size_t k = 0; k < in->nwarnings; k++) {
				const struct warning *w = &in->warnings[k];
				if (!w->guess)
					continue;
				buf_reset(&why);
				if (w->where == WARN_LINE && w->at)
					(void)buf_printf(&why, "line %llu: ", (unsigned long long)w->at);
				(void)buf_adds(&why, w->message);
				if (md) {
					fprintf(f, "- `%s`: ", rpt_shown(r, in->locator));
					rpt_md_text(f, why.data);
					fputc('\n', f);
				} else {
					fprintf(f, "  %s  %s\n", rpt_shown(r, in->locator), why.data);
				}
			}
		}
	}
	if (skipped) {
		fprintf(f, md ? "\n### Skipped (binary, %zu)\n\n" : "\nSkipped (binary, %zu):\n",
			skipped);
		for (size_t i = 0; i < ins->n; i++) {
			const struct input *in = &ins->v[i];
			if (in->status != ST_SKIPPED)
				continue;
			const char *what = in->looks_like ? in->looks_like : "binary";
			if (strncmp(what, "binary: ", 8) == 0)
				what += 8;
			if (md)
				fprintf(f, "- `%s` (%s)\n", rpt_shown(r, in->locator), what);
			else
				fprintf(f, "  %s  (%s)\n", rpt_shown(r, in->locator), what);
		}
	}
	buf_free(&why);
}

void
analyze_summary_stderr(const struct analyze_report *r)
{
	if (r->redact) {
		char *text = NULL;
		size_t len = 0;
		FILE *mf = open_memstream(&text, &len);
		if (mf == NULL)
			return;
		analyze_summary(mf, r);
		if (fclose(mf) == 0 && len) {
			char *red = redact_text(r->redact, text, len);
			fputs(red, stderr);
			free(red);
		}
		free(text);
		return;
	}
	analyze_summary(stderr, r);
}

void
analyze_summary(FILE *out, const struct analyze_report *r)
{
	const struct inputs *ins = r->inputs;
	size_t bad = 0, guessed = 0, shown = 0;
	for (size_t i = 0; ins && i < ins->n; i++) {
		bad += rpt_not_read(&ins->v[i]);
		guessed += ins->v[i].guesses > 0 && !rpt_not_read(&ins->v[i]);
	}
	if (bad) {
		fprintf(out, "%s: %zu of %zu inputs could not be read:", progname, bad, ins->n);
		for (size_t i = 0; i < ins->n && shown < 3; i++) {
			if (!rpt_not_read(&ins->v[i]))
				continue;
			const char *b = strrchr(ins->v[i].locator, '/');
			fprintf(out, "%s %s (%s)", shown ? "," : "", b ? b + 1 : ins->v[i].locator,
				input_status_name(ins->v[i].status));
			shown++;
		}
		if (bad > shown)
			fprintf(out, " and %zu more", bad - shown);
		fputc('\n', out);
	}
	if (guessed)
		fprintf(out, "%s: %zu input%s read with a guess about times or zones (see the "
			"report)\n", progname, guessed, guessed == 1 ? "" : "s");
}

/* ---- JSON ------------------------------------------------------------------------------------ */

/* What a finding or candidate lacks, as the "missing" array: the export
 * (its id and its name), who can send it, how, and the check that asked. */
static void
json_missing(FILE *f, const struct finding *fd)
{
	fputc('[', f);
	for (size_t k = 0; k < fd->nmissing; k++) {
		const struct need *nd = &fd->missing[k]->needs;
		fputs(k ? ", {\"needs\": " : "{\"needs\": ", f);
		json_string(f, nd->export);
		fputs(", \"export\": ", f);
		json_string(f, export_name(nd->export));
		fputs(", \"ask\": ", f);
		if (nd->ask)
			json_string(f, nd->ask);
		else
			fputs("null", f);
		fputs(", \"how\": ", f);
		if (fd->missing_how[k])
			json_string(f, fd->missing_how[k]);
		else
			fputs("null", f);
		fputs(", \"check\": ", f);
		json_string(f, fd->missing[k]->id);
		fputc('}', f);
	}
	fputc(']', f);
}

static void
json_time_or_null(FILE *f, int64_t t)
{
	char b[40];
	if (t == TIME_NONE || t == INT64_MAX || t == INT64_MIN) {
		fputs("null", f);
		return;
	}
	time_format(t, b, sizeof(b));
	json_string(f, b);
}

static void
json_event(FILE *f, const struct analyze_report *r, struct buf *loc, uint32_t rec, uint32_t id)
{
	const struct store *st = r->model->st;
	const struct record *s = store_get(st, rec);
	char t[40], tmp[200];
	rpt_locator(loc, r, rec);
	fputs("{\"locator\": ", f);
	json_string(f, loc->data);
	rpt_time(s->time, t, sizeof(t));
	fputs(", \"time\": ", f);
	if (s->time == TIME_NONE)
		fputs("null", f);
	else
		json_string(f, t);
	fputs(", \"kind\": ", f);
	json_string(f, store_str(st, s->kind));
	fputs(", \"source\": ", f);
	json_string(f, export_name(store_str(st, s->kind)));
	fputs(", \"text\": ", f);
	json_string(f, event_text(st, s, tmp, sizeof(tmp)));
	if (id != NO_ID) {
		fputs(", \"user\": ", f);
		json_string(f, rpt_user(r->model, id));
		if (r->model->flags[rec] & REC_INFERRED)
			fputs(", \"user_from\": \"file name\"", f);
	}
	if (s->field[F_APP]) {
		fputs(", \"app\": ", f);
		json_string(f, store_str(st, s->field[F_APP]));
	}
	if (s->field[F_CODE]) {
		fputs(", \"code\": ", f);
		json_string(f, store_str(st, s->field[F_CODE]));
	}
}

static void
write_json(FILE *f, const struct analyze_report *r, const struct idtab *ids)
{
	const struct analysis *a = r->analysis;
	struct model *m = r->model;
	struct buf loc;
	buf_init(&loc, 1 << 16);
	fputs("{\n  \"schema\": \"triage.report/1\",\n", f);
	fprintf(f, "  \"tool\": {\"name\": \"triage\", \"version\": \"%s\"},\n", PACKAGE_VERSION);
	report_json_inputs(f, r->inputs);
	fputs("  \"identities\": [", f);
	for (size_t i = 0; i < ids->n; i++) {
		size_t n;
		const char **names = model_names(m, ids->v[i], &n);
		fprintf(f, "%s\n    {\"id\": \"id-%zu\", \"names\": [", i ? "," : "", i + 1);
		for (size_t k = 0; k < n; k++) {
			if (k)
				fputs(", ", f);
			json_string(f, names[k]);
		}
		free(names);
		const char *sys[8];
		size_t ns;
		rpt_systems_list(model_systems(m, ids->v[i]), sys, &ns);
		fputs("], \"systems\": [", f);
		for (size_t k = 0; k < ns; k++)
			fprintf(f, "%s\"%s\"", k ? ", " : "", sys[k]);
		fputs("]}", f);
	}
	fputs(ids->n ? "\n  ],\n" : "],\n", f);
	fputs("  \"findings\": [", f);
	for (size_t i = 0; i < a->nfindings; i++) {
		const struct finding *fd = &a->findings[i];
		const struct rule *ru = fd->rule;
		fputs(i ? ",\n    {" : "\n    {", f);
		fputs("\n      \"rule\": ", f);
		json_string(f, ru->id);
		fputs(",\n      \"cause\": ", f);
		json_string(f, ru->cause->name);
		fputs(",\n      \"title\": ", f);
		json_string(f, ru->title);
		fprintf(f, ",\n      \"severity\": \"%s\",\n      \"confidence\": %.2f,\n",
			severity_name(ru->severity), fd->confidence);
		fputs("      \"owner\": ", f);
		json_string(f, ru->owner);
		fprintf(f, ",\n      \"state\": \"%s\"", fd->resolved ? "resolved" : "open");
		{
			struct buf sure;
			buf_init(&sure, 1 << 16);
			const char *level = rpt_certainty(r, fd, &sure);
			fprintf(f, ",\n      \"certainty\": {\"level\": \"%s\", \"text\": ", level);
			json_string(f, sure.data);
			fputc('}', f);
			buf_free(&sure);
		}
		if (fd->resolved) {
			fputs(",\n      \"resolved_at\": ", f);
			json_time_or_null(f, fd->resolved_at);
			fputs(",\n      \"resolved_by\": ", f);
			rpt_item_locator(&loc, r, rpt_resolved_item(fd));
			json_string(f, loc.data);
		}
		fputs(",\n      \"identities\": [", f);
		int firstid = 1;
		for (size_t k = 0; k < fd->nids; k++) {
			if (fd->ids[k] == NO_ID)
				continue;
			size_t no = 0;
			for (size_t j = 0; j < ids->n; j++)
				if (ids->v[j] == fd->ids[k])
					no = j + 1;
			fprintf(f, "%s\"id-%zu\"", firstid ? "" : ", ", no);
			firstid = 0;
		}
		fprintf(f, "],\n      \"count\": %zu,\n      \"first\": ", fd->nsymptoms);
		json_time_or_null(f, fd->first);
		fputs(",\n      \"last\": ", f);
		json_time_or_null(f, fd->last);
		fputs(",\n      \"symptoms\": [", f);
		for (size_t k = 0; k < fd->nsymptoms; k++) {
			fputs(k ? ",\n        " : "\n        ", f);
			json_event(f, r, &loc, fd->symptoms[k],
				   model_rec_identity(m, fd->symptoms[k]));
			fputc('}', f);
		}
		fputs(fd->nsymptoms ? "\n      ],\n" : "],\n", f);
		fputs("      \"evidence\": [", f);
		for (size_t k = 0; k < fd->nevidence; k++) {
			const struct evidence_item *e = &fd->evidence[k];
			rpt_item_locator(&loc, r, e);
			fputs(k ? ",\n        {" : "\n        {", f);
			fprintf(f, "\"effect\": \"%s\", \"check\": ",
				e->refutes ? "refutes" : e->resolves ? "resolves" : "supports");
			json_string(f, e->check->id);
			fputs(", \"locator\": ", f);
			json_string(f, loc.data);
			fputs(", \"kind\": ", f);
			json_string(f, store_str(m->st, store_get(m->st, e->rec)->kind));
			fputs(", \"source\": ", f);
			json_string(f, export_name(store_str(m->st, store_get(m->st, e->rec)->kind)));
			fputs(", \"text\": ", f);
			json_string(f, e->text);
			fputc('}', f);
		}
		fputs(fd->nevidence ? "\n      ],\n" : "],\n", f);
		fputs("      \"missing\": ", f);
		json_missing(f, fd);
		fputs(",\n      \"fix\": [", f);
		for (size_t k = 0; k < fd->nsteps; k++) {
			fputs(k ? ", {" : "{", f);
			fputs("\"owner\": ", f);
			json_string(f, fd->steps[k].owner);
			fputs(", \"step\": ", f);
			json_string(f, fd->fix[k]);
			fputc('}', f);
		}
		fputs("],\n      \"references\": [", f);
		for (size_t k = 0; k < ru->nreferences; k++) {
			if (k)
				fputs(", ", f);
			json_string(f, ru->references[k]);
		}
		fputs("]\n    }", f);
	}
	fputs(a->nfindings ? "\n  ],\n" : "],\n", f);
	fputs("  \"unexplained\": [", f);
	for (size_t i = 0; i < a->nunexplained; i++) {
		const struct unexplained *u = &a->unexplained[i];
		fputs(i ? ",\n    " : "\n    ", f);
		json_event(f, r, &loc, u->rec, u->npeople > 1 ? NO_ID : u->id);
		fprintf(f, ", \"count\": %zu, \"people\": \"%s\", \"last\": ", u->count,
			u->npeople > 1 ? "several" : "one");
		json_time_or_null(f, u->last);
		fputs(", \"recognised\": ", f);
		if (u->recognised && r->book) {
			const struct book_entry *be = u->recognised;
			const struct book_family *fam = &r->book->families[be->family];
			fputs("{\"family\": ", f);
			json_string(f, fam->id);
			fputs(", \"product\": ", f);
			json_string(f, fam->product);
			fputs(", \"says\": ", f);
			json_string(f, be->says);
			if (be->out_of_scope) {
				fputs(", \"out_of_scope\": ", f);
				json_string(f, be->out_of_scope);
			}
			fputc('}', f);
		} else if (u->family) {
			fputs("{\"family\": ", f);
			json_string(f, u->family->id);
			fputs(", \"product\": ", f);
			json_string(f, u->family->product);
			fputc('}', f);
		} else {
			fputs("null", f);
		}
		fputs(", \"candidates\": [", f);
		for (size_t c = 0; c < u->ncandidates; c++) {
			const struct finding *cd = &u->candidates[c];
			fputs(c ? ", {" : "{", f);
			fputs("\"cause\": ", f);
			json_string(f, cd->rule->cause->name);
			fputs(", \"rule\": ", f);
			json_string(f, cd->rule->id);
			fprintf(f, ", \"confidence\": %.2f, \"owner\": ", cd->confidence);
			json_string(f, cd->rule->owner);
			fputs(", \"refuted_by\": [", f);
			int nref = 0;
			for (size_t k = 0; k < cd->nevidence; k++) {
				const struct evidence_item *e = &cd->evidence[k];
				if (!e->refutes)
					continue;
				rpt_item_locator(&loc, r, e);
				fputs(nref++ ? ", {" : "{", f);
				fputs("\"check\": ", f);
				json_string(f, e->check->id);
				fputs(", \"locator\": ", f);
				json_string(f, loc.data);
				fputs(", \"text\": ", f);
				json_string(f, e->text);
				fputc('}', f);
			}
			fputs("], \"missing\": ", f);
			json_missing(f, cd);
			fputc('}', f);
		}
		fputs("]}", f);
	}
	fputs(a->nunexplained ? "\n  ],\n" : "],\n", f);
	fputs("  \"handoff\": [", f);
	const char *os[OWNERS_MAX];
	size_t no = rpt_owners(a, os);
	for (size_t o = 0; o < no; o++) {
		char *h = rpt_handoff_text(r, os[o]);
		fputs(o ? ",\n    {" : "\n    {", f);
		fprintf(f, "\"owner\": \"%s\", \"text\": ", os[o]);
		json_string(f, h);
		fputc('}', f);
		free(h);
	}
	fputs(no ? "\n  ],\n" : "],\n", f);
	fprintf(f, "  \"stats\": {\"bytes\": %llu, \"records\": %llu, \"files\": %llu, "
		"\"rules\": %zu, \"errors\": %zu, \"recovered\": %zu, \"elapsed_ms\": %llu, "
		"\"limit_reached\": ",
		(unsigned long long)r->stats->bytes, (unsigned long long)r->stats->records,
		(unsigned long long)r->stats->files, r->nrules, a->nerrors, a->nrecovered,
		(unsigned long long)r->stats->elapsed_ms);
	if (r->stats->limit_reached)
		json_string(f, r->stats->limit_reached);
	else
		fputs("null", f);
	fputs("}\n}\n", f);
	buf_free(&loc);
}

/* ---- Markdown and HTML --------------------------------------------------------------------- */

void
rpt_md_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|", *s))
			fputc('\\', f);
		fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
	}
}

/* The bundle an NDJSON line is about: the operand's name as given and its
 * SHA-256 (a file's, or a directory's tree digest, sha256.h); several
 * operands are named together, their digest taken over their
 * "DIGEST  NAME" lines.  *sha is "" for standard input. */
static char *
bundle_id(const struct analyze_report *r, char sha[65])
{
	struct buf name;
	buf_init(&name, 1 << 20);
	struct sha256 all;
	sha256_init(&all);
	sha[0] = '\0';
	int known = r->nargs > 0;
	for (size_t i = 0; i < r->nargs; i++) {
		const char *arg = r->args[i];
		char one[65] = "";
		struct stat sb;
		if (strcmp(arg, "-") == 0)
			known = 0;
		else if (stat(arg, &sb) == 0 && S_ISDIR(sb.st_mode) ? sha256_tree(arg, one) < 0
								     : sha256_file(arg, one, NULL) < 0)
			known = 0;
		if (i)
			buf_addc(&name, ' ');
		buf_adds(&name, arg);
		if (r->nargs == 1)
			memcpy(sha, one, sizeof(one));
		sha256_update(&all, one, strlen(one));
		sha256_update(&all, "  ", 2);
		sha256_update(&all, arg, strlen(arg));
		sha256_update(&all, "\n", 1);
	}
	if (r->nargs > 1)
		sha256_hex(&all, sha);
	if (!known)
		sha[0] = '\0';
	return buf_steal(&name);
}

/* A line of NDJSON: what the object holds, after schema, bundle and
 * sha256. */
static void
ndjson_line(FILE *f, const char *schema, const char *bundle, const char *sha, cJSON *body)
{
	cJSON *line = cJSON_CreateObject();
	cJSON_AddStringToObject(line, "schema", schema);
	cJSON_AddStringToObject(line, "bundle", bundle);
	if (*sha)
		cJSON_AddStringToObject(line, "sha256", sha);
	else
		cJSON_AddNullToObject(line, "sha256");
	for (cJSON *it = body ? body->child : NULL; it; it = it->next)
		cJSON_AddItemToObject(line, it->string, cJSON_Duplicate(it, 1));
	char *text = cJSON_PrintUnformatted(line);
	if (text) {
		fputs(text, f);
		fputc('\n', f);
	}
	cJSON_free(text);
	cJSON_Delete(line);
}

/* -f ndjson, for fleets of tickets: a line per finding (triage.finding/1:
 * the finding as in the JSON report, its identities' names under
 * "people"), then one line for the bundle (triage.bundle/1: the counts,
 * the inputs not read, the budget), each with the bundle's name and
 * SHA-256, so thousands of runs concatenate into one table. */
static void
write_ndjson(FILE *f, const struct analyze_report *r, const struct idtab *ids)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (m == NULL)
		return;
	write_json(m, r, ids);
	if (fclose(m) != 0) {
		free(text);
		return;
	}
	cJSON *doc = cJSON_ParseWithLength(text, len);
	free(text);
	if (doc == NULL)
		return;
	char sha[65];
	char *bundle = bundle_id(r, sha);
	const cJSON *people = cJSON_GetObjectItemCaseSensitive(doc, "identities");
	cJSON *fd;
	cJSON_ArrayForEach(fd, cJSON_GetObjectItemCaseSensitive(doc, "findings")) {
		cJSON *names = cJSON_CreateArray();
		const cJSON *id;
		cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(fd, "identities")) {
			const cJSON *p;
			cJSON_ArrayForEach(p, people) {
				const cJSON *pid = cJSON_GetObjectItemCaseSensitive(p, "id");
				if (cJSON_IsString(pid) && cJSON_IsString(id) &&
				    strcmp(pid->valuestring, id->valuestring) == 0)
					cJSON_AddItemToArray(names, cJSON_Duplicate(
						cJSON_GetObjectItemCaseSensitive(p, "names"), 1));
			}
		}
		cJSON_AddItemToObject(fd, "people", names);
		ndjson_line(f, "triage.finding/1", bundle, sha, fd);
	}
	cJSON *sum = cJSON_CreateObject();
	cJSON_AddItemToObject(sum, "tool", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(doc, "tool"), 1));
	cJSON_AddNumberToObject(sum, "findings",
				cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "findings")));
	cJSON_AddNumberToObject(sum, "unexplained",
				cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "unexplained")));
	cJSON *causes = cJSON_AddArrayToObject(sum, "causes");
	cJSON_ArrayForEach(fd, cJSON_GetObjectItemCaseSensitive(doc, "findings"))
		cJSON_AddItemToArray(causes, cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(fd, "cause"), 1));
	cJSON *notread = cJSON_AddArrayToObject(sum, "inputs_not_read");
	const cJSON *in;
	cJSON_ArrayForEach(in, cJSON_GetObjectItemCaseSensitive(doc, "inputs")) {
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(in, "status");
		if (cJSON_IsString(st) && strcmp(st->valuestring, "ok") != 0 &&
		    strcmp(st->valuestring, "skipped") != 0)
			cJSON_AddItemToArray(notread, cJSON_Duplicate(
				cJSON_GetObjectItemCaseSensitive(in, "locator"), 1));
	}
	const cJSON *stats = cJSON_GetObjectItemCaseSensitive(doc, "stats");
	cJSON_AddItemToObject(sum, "limit_reached", cJSON_Duplicate(
		cJSON_GetObjectItemCaseSensitive(stats, "limit_reached"), 1));
	cJSON_AddItemToObject(sum, "stats", cJSON_Duplicate(stats, 1));
	ndjson_line(f, "triage.bundle/1", bundle, sha, sum);
	cJSON_Delete(sum);
	free(bundle);
	cJSON_Delete(doc);
}

void
analyze_write(FILE *f, enum out_format fmt, const struct analyze_report *r)
{
	struct idtab ids = {0};
	number_identities(&ids, r->analysis);
	struct analyze_report whole = *r;
	whole.base = NULL;	/* the contract's locators are whole */
	switch (fmt) {
	case OUT_JSON:
		write_json(f, &whole, &ids);
		break;
	case OUT_NDJSON:
		write_ndjson(f, &whole, &ids);
		break;
	case OUT_MD:
		rpt_write_md(f, r);
		break;
	case OUT_HTML:
		rpt_write_html(f, r);
		break;
	default:
		write_text(f, r);
		break;
	}
	free(ids.v);
}

char *
inputs_base(char *const *paths, size_t n)
{
	char *base = NULL;
	size_t blen = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = paths[i];
		if (strcmp(p, "-") == 0)
			continue;
		size_t len = strlen(p);
		while (len > 1 && p[len - 1] == '/')
			len--;	/* "bundle/" is named by "bundle" */
		while (len > 0 && p[len - 1] != '/')
			len--;	/* its directory, with the slash */
		if (base == NULL) {
			base = xstrdup(p);
			base[len] = '\0';
			blen = len;
			continue;
		}
		size_t k = 0;
		while (k < blen && k < len && base[k] == p[k])
			k++;
		while (k > 0 && base[k - 1] != '/')
			k--;	/* a whole directory */
		base[k] = '\0';
		blen = k;
	}
	if (base && blen == 0) {
		free(base);
		base = NULL;
	}
	return base;
}

/* ---- what was analysed ---------------------------------------------------------------- */

void
rpt_summary(struct rpt_summary *s, const struct analyze_report *r)
{
	memset(s, 0, sizeof(*s));
	s->inputs = xcalloc(r->nargs ? r->nargs : 1, sizeof(*s->inputs));
	for (size_t i = 0; i < r->nargs; i++) {
		struct rpt_input *in = &s->inputs[s->ninputs++];
		const char *arg = r->args[i];
		in->name = rpt_shown(r, arg);
		struct stat sb;
		if (strcmp(arg, "-") == 0) {
			in->what = "standard input";
		} else if (stat(arg, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			in->what = "directory";
		} else {
			in->what = "file";
			if (sha256_file(arg, in->sha256, &in->size) < 0)
				in->sha256[0] = '\0';
		}
		size_t n = strlen(arg);
		for (size_t k = 0; r->inputs && k < r->inputs->n; k++) {
			const char *loc = r->inputs->v[k].locator;
			if (strcmp(arg, "-") == 0 || (strncmp(loc, arg, n) == 0 &&
						      (loc[n] == '\0' || loc[n] == '/' || loc[n] == '!')))
				in->files += !r->inputs->v[k].is_archive;
		}
	}
	/* the time of the analysis: SOURCE_DATE_EPOCH makes it reproducible */
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	char *end = NULL;
	if (sde && *sde) {
		long long v = strtoll(sde, &end, 10);
		if (end && *end == '\0' && v >= 0)
			now = (time_t)v;
	}
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(s->when, sizeof(s->when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	const struct analysis *a = r->analysis;
	size_t nn = r->model->nnodes;
	unsigned char *seen = xcalloc(nn ? nn : 1, 1);
	size_t nseen = 0;
	for (size_t i = 0; i < a->nfindings; i++) {
		const struct finding *f = &a->findings[i];
		for (size_t o = 0; o < owner_count(); o++)
			if (strcmp(f->rule->owner, owner_id(o)) == 0)
				s->by_owner[o][f->rule->severity]++;
		if (f->resolved)
			s->resolved++;
		else
			s->open++;
		for (size_t k = 0; k < f->nids; k++) {
			if (f->ids[k] == NO_ID || f->ids[k] >= nn || seen[f->ids[k]])
				continue;
			seen[f->ids[k]] = 1;
			nseen++;
		}
	}
	free(seen);
	s->people = nseen;
	for (size_t i = 0; r->inputs && i < r->inputs->n; i++) {
		const struct input *in = &r->inputs->v[i];
		s->not_read += rpt_not_read(in);
		s->guessed += in->guesses > 0 && !rpt_not_read(in);
		s->skipped += in->status == ST_SKIPPED;
	}
}

void
rpt_summary_free(struct rpt_summary *s)
{
	free(s->inputs);
	s->inputs = NULL;
}
