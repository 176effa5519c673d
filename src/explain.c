/* explain.c - the offline error book (explain.h). */
#include "config.h"

#include "explain.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze.h"
#include "book.h"
#include "cmd_rules.h"
#include "report.h"
#include "store.h"
#include "util.h"

#define EXIT_DONE 0
#define EXIT_NOMATCH 1	/* a text or code nothing in the book or the rules knows */
#define EXIT_USAGE 2

/* Every kind an error a user saw can be (model.c classifies them). */
static const char *const event_kinds[] = {
	"entra.signin", "sf.login", "m365.audit", "log.line", "addin.log", "addin.console",
	"http.exchange", NULL,
};

/* The made-up events for one text, in st; returns how many. */
static size_t
make_events(struct store *st, const char *text)
{
	size_t n = 0;
	char *code2 = NULL;
	if (all_digits(text, strlen(text)))
		code2 = xasprintf("AADSTS%s", text);
	else if (strncasecmp(text, "AADSTS", 6) == 0 && all_digits(text + 6, strlen(text + 6)))
		code2 = xstrdup(text + 6);
	char *key = xstrdup(text);
	for (char *p = key; *p; p++)
		*p = *p == ' ' ? '_' : (char)tolower((unsigned char)*p);
	for (size_t k = 0; event_kinds[k]; k++) {
		/* as a code, with and without its prefix; as the text a user saw;
		 * as a status */
		const char *const as[][4] = {
			{"code", text, NULL, NULL},
			{"code", code2, NULL, NULL},
			{"message", text, NULL, NULL},
			{"status", text, "statusKey", key},
		};
		for (size_t v = 0; v < sizeof(as) / sizeof(as[0]); v++) {
			if (as[v][1] == NULL)
				continue;
			store_begin(st, 0, event_kinds[k]);
			rec_set_time(st, 0);
			rec_set_str(st, "level", "Error");
			rec_set_str(st, as[v][0], as[v][1]);
			if (as[v][2]) {
				rec_set_str(st, as[v][2], as[v][3]);
				rec_set_str(st, "failureReason", text);
			}
			store_end(st);
			n++;
		}
	}
	free(code2);
	free(key);
	return n;
}

/* Every Entra code inside a longer text ("... AADSTS50105: The signed in
 * user ...") as events of its own. */
static size_t
make_code_events(struct store *st, const char *norm)
{
	size_t n = 0;
	for (const char *w = norm; *w;) {
		const char *sp = strchr(w, ' ');
		size_t len = sp ? (size_t)(sp - w) : strlen(w);
		if (len > 6 && len < 16 && strncmp(w, "aadsts", 6) == 0) {
			char code[16];
			snprintf(code, sizeof(code), "%.*s", (int)(len - 6), w + 6);
			if (all_digits(code, strlen(code)))
				n += make_events(st, code);
		}
		w += len;
		while (*w == ' ')
			w++;
	}
	return n;
}

static int
cmp_rule(const void *a, const void *b)
{
	const struct rule *x = *(const struct rule *const *)a, *y = *(const struct rule *const *)b;
	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	return strcmp(x->id, y->id);
}

const struct rule **
explain_match(const struct ruleset *rs, const char *text, size_t *n)
{
	struct store *st = store_new();
	size_t nev = make_events(st, text);
	char *decoded = book_decode(text, 1u << 16);
	if (strcmp(decoded, text) != 0)
		nev += make_events(st, decoded);
	char *norm = book_normalise(text, 1u << 16);
	nev += make_code_events(st, norm);
	free(norm);
	free(decoded);
	const struct rule **out = NULL;
	*n = 0;
	for (size_t i = 0; i < rs->n; i++) {
		for (size_t e = 0; e < nev; e++) {
			if (detect_match(&rs->v[i].symptom, st, store_get(st, e))) {
				GROW_BY_COUNT(out, *n);
				out[(*n)++] = &rs->v[i];
				break;
			}
		}
	}
	store_free(st);
	if (*n)
		qsort(out, *n, sizeof(*out), cmp_rule);
	return out;
}

/* The first rule of a cause, or NULL. */
static const struct rule *
rule_of(const struct ruleset *rs, const struct cause *c)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].cause == c)
			return &rs->v[i];
	return NULL;
}

static int
cmp_explained(const void *a, const void *b)
{
	const struct explained *x = a, *y = b;
	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	if (x->by_book != y->by_book)
		return x->by_book ? -1 : 1;
	return strcmp(x->cause->name, y->cause->name);
}

void
explain_text(const struct ruleset *rs, const char *text, struct explanation *x)
{
	memset(x, 0, sizeof(*x));
	x->hits = book_lookup(&rs->book, text, &x->nhits);
	size_t nbc = 0;
	struct book_cause *bc = book_causes(x->hits, x->nhits, &nbc);
	size_t nr = 0;
	const struct rule **rules = explain_match(rs, text, &nr);
	x->v = xcalloc(nbc + nr + 1, sizeof(*x->v));
	/* the book's documented causes first, as it ranks them */
	for (size_t i = 0; i < nbc; i++) {
		struct explained *e = &x->v[x->n++];
		e->cause = bc[i].cause;
		e->confidence = bc[i].confidence;
		e->owner = bc[i].owner;
		e->by_book = 1;
		for (size_t h = 0; h < x->nhits && e->entry == NULL; h++)
			for (size_t k = 0; k < x->hits[h].entry->ncauses; k++)
				if (x->hits[h].entry->causes[k].cause == e->cause)
					e->entry = x->hits[h].entry;
	}
	/* a rule's symptom that knows the text: its cause, below the book's */
	for (size_t i = 0; i < nr; i++) {
		size_t j;
		for (j = 0; j < x->n; j++)
			if (x->v[j].cause == rules[i]->cause)
				break;
		if (j < x->n) {
			if (x->v[j].rule == NULL)
				x->v[j].rule = rules[i];
			x->v[j].by_rule = 1;
			continue;
		}
		struct explained *e = &x->v[x->n++];
		e->cause = rules[i]->cause;
		e->rule = rules[i];
		e->by_rule = 1;
		e->confidence = rules[i]->confidence * (nbc ? 0.5 : 1.0);
	}
	for (size_t i = 0; i < x->n; i++) {
		struct explained *e = &x->v[i];
		if (e->rule == NULL)
			e->rule = rule_of(rs, e->cause);
		if (e->owner == NULL)
			e->owner = e->rule ? e->rule->owner : e->cause->owner;
	}
	if (x->n)
		qsort(x->v, x->n, sizeof(*x->v), cmp_explained);
	if (x->n == 0 && x->nhits == 0)
		x->family = book_recognise(&rs->book, text);
	free(bc);
	free(rules);
}

void
explanation_free(struct explanation *x)
{
	free(x->v);
	free(x->hits);
	memset(x, 0, sizeof(*x));
}

/* "{field}" as "<field>" ("{field|default}" too, "{symptom.field}" as
 * "<field>"): a check's text without a record to fill it. */
static char *
generic(const char *s)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	for (const char *p = s; *p; p++) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (close == NULL) {
			buf_addc(&b, *p);
			continue;
		}
		const char *name = p + 1;
		if (strncmp(name, "symptom.", 8) == 0)
			name += 8;
		const char *bar = memchr(name, '|', (size_t)(close - name));
		const char *end = bar ? bar : close;
		buf_printf(&b, "<%.*s>", (int)(end - name), name);
		p = close;
	}
	return buf_steal(&b);
}

static void
text_cause(FILE *f, size_t i, const struct explained *x, const struct book *b)
{
	const struct rule *r = x->rule;
	fprintf(f, "  %zu. %s  (%s, confidence %.2f)\n", i + 1, x->cause->name, owner_label(x->owner),
		x->confidence);
	if (r)
		fprintf(f, "     %s\n", r->title);
	fprintf(f, "     Meaning: %s.\n", x->cause->meaning);
	if (x->entry) {
		const struct book_family *fam = &b->families[x->entry->family];
		fprintf(f, "     Error book: %s (%s)\n", x->entry->says, fam->product);
	}
	if (r == NULL) {
		fputs("     No rule looks for it in a bundle (doc/rules.md, \"Causes no export shows\").\n", f);
		return;
	}
	if (r->description) {
		size_t n = strlen(r->description);
		while (n && (r->description[n - 1] == '\n' || r->description[n - 1] == ' '))
			n--;
		fprintf(f, "     %.*s\n", (int)n, r->description);
	}
	if (r->nevidence)
		fputs("     What tells it apart:\n", f);
	for (size_t k = 0; k < r->nevidence; k++) {
		const struct evidence *e = &r->evidence[k];
		char *says = generic(e->says ? e->says : e->id);
		fprintf(f, "       %s %s (%s)\n",
			e->refutes ? "against:" : e->resolves ? "ended:" : "for:", says, e->on);
		free(says);
		if (e->has_needs && e->needs.how)
			fprintf(f, "         get it from the %s: %s\n",
				owner_label(e->needs.ask ? e->needs.ask : r->owner), e->needs.how);
	}
	if (r->nfix)
		fputs("     Fix:\n", f);
	for (size_t k = 0; k < r->nfix; k++) {
		char *step = generic(r->fix[k].step);
		fprintf(f, "       - %s: %s\n", owner_label(r->fix[k].owner), step);
		free(step);
	}
	for (size_t k = 0; k < r->nreferences; k++)
		fprintf(f, "     %s %s\n", k ? "   " : "See:", r->references[k]);
	fprintf(f, "     (rule %s, %s)\n", r->id, r->file);
}

/* What the book recognised in the text: each entry once. */
static void
text_recognised(FILE *f, const struct explanation *x, const struct book *b)
{
	for (size_t h = 0; h < x->nhits; h++) {
		const struct book_entry *e = x->hits[h].entry;
		const struct book_family *fam = &b->families[e->family];
		fprintf(f, "  recognised: %s: %s\n", fam->product, e->says);
		if (e->out_of_scope)
			fprintf(f, "    outside this integration: %s\n", e->out_of_scope);
		if (e->ncauses > 1 && e->apart)
			fprintf(f, "    what tells the causes apart: %s\n", e->apart);
	}
}

/* A book entry: its family, what it says and where it comes from. */
static void
json_entry(FILE *f, const struct book_entry *e, const struct book *b)
{
	const struct book_family *fam = &b->families[e->family];
	fputs("{\"family\": ", f);
	json_string(f, fam->id);
	fputs(", \"product\": ", f);
	json_string(f, fam->product);
	fputs(", \"says\": ", f);
	json_string(f, e->says);
	if (e->out_of_scope) {
		fputs(", \"out_of_scope\": ", f);
		json_string(f, e->out_of_scope);
	}
	if (e->apart) {
		fputs(", \"apart\": ", f);
		json_string(f, e->apart);
	}
	const char *src = e->source ? e->source : fam->source;
	if (src) {
		fputs(", \"source\": ", f);
		json_string(f, src);
	}
	fputs(", \"file\": ", f);
	json_string(f, fam->file);
	fprintf(f, ", \"line\": %zu}", e->line);
}

static void
json_cause(FILE *f, const struct explained *x, const struct book *b)
{
	const struct rule *r = x->rule;
	fputs("{\"rule\": ", f);
	if (r)
		json_string(f, r->id);
	else
		fputs("null", f);
	fputs(", \"cause\": ", f);
	json_string(f, x->cause->name);
	fprintf(f, ", \"confidence\": %.2f, \"owner\": ", x->confidence);
	json_string(f, x->owner);
	fputs(", \"meaning\": ", f);
	json_string(f, x->cause->meaning);
	if (x->entry) {
		fputs(", \"book\": ", f);
		json_entry(f, x->entry, b);
	}
	if (r == NULL) {
		fputc('}', f);
		return;
	}
	fputs(", \"title\": ", f);
	json_string(f, r->title);
	fprintf(f, ", \"severity\": \"%s\", \"prior\": %.2f", severity_name(r->severity),
		r->confidence);
	fputs(", \"evidence\": [", f);
	for (size_t k = 0; k < r->nevidence; k++) {
		const struct evidence *e = &r->evidence[k];
		fputs(k ? ", {" : "{", f);
		fprintf(f, "\"id\": ");
		json_string(f, e->id);
		fprintf(f, ", \"on\": ");
		json_string(f, e->on);
		fprintf(f, ", \"effect\": \"%s\", \"weight\": %.2f",
			e->refutes ? "refutes" : e->resolves ? "resolves" : "supports", e->weight);
		if (e->says) {
			fputs(", \"says\": ", f);
			json_string(f, e->says);
		}
		if (e->has_needs) {
			fputs(", \"needs\": ", f);
			json_string(f, e->needs.export);
			if (e->needs.ask) {
				fputs(", \"ask\": ", f);
				json_string(f, e->needs.ask);
			}
			if (e->needs.how) {
				fputs(", \"how\": ", f);
				json_string(f, e->needs.how);
			}
		}
		fputc('}', f);
	}
	fputs("], \"fix\": [", f);
	for (size_t k = 0; k < r->nfix; k++) {
		fputs(k ? ", {\"owner\": " : "{\"owner\": ", f);
		json_string(f, r->fix[k].owner);
		fputs(", \"step\": ", f);
		json_string(f, r->fix[k].step);
		fputc('}', f);
	}
	fputs("], \"references\": [", f);
	for (size_t k = 0; k < r->nreferences; k++) {
		if (k)
			fputs(", ", f);
		json_string(f, r->references[k]);
	}
	fputs("]}", f);
}

/* A book phrase as people write it: Entra codes in capitals. */
static const char *
near_phrase(const char *p, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s", p);
	if (strncmp(buf, "aadsts", 6) == 0)
		for (char *c = buf; *c && *c != ' '; c++)
			*c = (char)toupper((unsigned char)*c);
	return buf;
}

int
explain_write(FILE *out, const struct ruleset *rs, char *const *texts, size_t ntexts, int json)
{
	if (json)
		fputs("{\"schema\": \"triage.explain/1\", \"queries\": [", out);
	int unmatched = 0;
	for (size_t a = 0; a < ntexts; a++) {
		struct explanation x;
		explain_text(rs, texts[a], &x);
		struct book_near near[3];
		size_t nnear = 0;
		if (x.n == 0 && x.nhits == 0) {
			unmatched = 1;
			nnear = book_nearest(&rs->book, texts[a], near, 3);
		}
		if (json) {
			fputs(a > 0 ? ",\n  {\"query\": " : "\n  {\"query\": ", out);
			json_string(out, texts[a]);
			fputs(", \"recognised\": [", out);
			for (size_t h = 0; h < x.nhits; h++) {
				fputs(h ? ", " : "", out);
				json_entry(out, x.hits[h].entry, &rs->book);
			}
			fputc(']', out);
			if (x.family) {
				fputs(", \"family\": {\"family\": ", out);
				json_string(out, x.family->id);
				fputs(", \"product\": ", out);
				json_string(out, x.family->product);
				fputc('}', out);
			}
			fputs(", \"causes\": [", out);
			for (size_t i = 0; i < x.n; i++) {
				fputs(i ? ",\n    " : "\n    ", out);
				json_cause(out, &x.v[i], &rs->book);
			}
			fputs(x.n ? "\n  ]" : "]", out);
			if (x.n == 0 && x.nhits == 0) {
				fputs(", \"nearest\": [", out);
				for (size_t i = 0; i < nnear; i++) {
					char shown[128];
					fputs(i ? ", {\"phrase\": " : "{\"phrase\": ", out);
					json_string(out, near_phrase(near[i].phrase, shown, sizeof(shown)));
					fputs(", \"says\": ", out);
					json_string(out, near[i].entry->says);
					fprintf(out, ", \"edits\": %zu}", near[i].distance);
				}
				fputc(']', out);
			}
			fputc('}', out);
		} else {
			if (a > 0)
				fputc('\n', out);
			fprintf(out, "%s\n", texts[a]);
			text_recognised(out, &x, &rs->book);
			if (x.n == 0 && x.family)
				fprintf(out, "  no entry of the error book knows this text; it looks like %s\n"
				       "  (a code or message of that family that this integration does not "
				       "produce, or one the book lacks)\n", x.family->product);
			else if (x.n == 0 && x.nhits)
				fprintf(out, "  no cause in this integration fits\n");
			else if (x.n == 0)
				fprintf(out, "  no rule or error book entry knows this text or code; try a shorter "
				       "part of it, or 'triage rules causes'\n");
			else
				fprintf(out, "  %zu candidate cause%s:\n", x.n,
				       x.n == 1 ? "" : "s, most likely first");
			for (size_t i = 0; i < nnear; i++) {
				char shown[128];
				fprintf(out, "%s%s: %s\n", i ? "    " : "  nearest in the error book: ",
				       near_phrase(near[i].phrase, shown, sizeof(shown)), near[i].entry->says);
			}
			for (size_t i = 0; i < x.n; i++)
				text_cause(out, i, &x.v[i], &rs->book);
		}
		explanation_free(&x);
	}
	if (json)
		fputs("\n]}\n", out);
	return unmatched;
}
