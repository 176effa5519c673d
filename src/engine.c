/* engine.c - the correlator (engine.h). */
#include "config.h"

#include "engine.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Records this close to a symptom tell which app it was about. */
#define NEAR_MS (3LL * 60 * 1000)
/* Evidence records listed per check. */
#define ITEMS_PER_CHECK 3
/* ... and per check of a finding that holds several people */
#define ITEMS_MERGED 6

struct cand {
	size_t rule;
	uint32_t id;
	uint32_t *sym;
	size_t nsym, capsym;
	double book;		/* 0, or the error book's confidence when the
				   rule's own symptom matched none of sym */
};

struct ctx {
	struct model *m;
	struct store *st;
	const struct cand *c;
	uint32_t apps[32];
	size_t napps;
	uint32_t appids[8];	/* appId values of the symptoms, lower case */
	size_t nappids;
	uint32_t org, tenant;
	int64_t first, last;
	struct match_memo *memo;	/* answers of the checks' tests, for all candidates */
};

int
check_on_symptoms(const struct evidence *e)
{
	return strcmp(e->on, "symptom") == 0 || strcmp(e->on, "people") == 0;
}

/* ---- small helpers ------------------------------------------------------------- */

const char *
event_text(const struct store *st, const struct record *r, char *tmp, size_t n)
{
	if (r->field[F_MESSAGE])
		return store_str(st, r->field[F_MESSAGE]);
	const char *code = r->field[F_CODE] ? store_str(st, r->field[F_CODE]) : "";
	const char *status = r->field[F_STATUS] ? store_str(st, r->field[F_STATUS]) : "";
	snprintf(tmp, n, "%s%s%s", code, *code && *status ? " " : "", status);
	return tmp;
}

/* Every value of a field, joined with ", " (a repeated field is a list). */
static void
add_values(struct buf *b, const struct store *st, const struct record *r, const char *name)
{
	uint32_t key = field_by_name(name) < 0 ? store_lookup(st, name) : 0;
	if (key == 0) {
		buf_adds(b, rec_get(st, r, name));
		return;
	}
	struct extras kv = rec_extras(st, r);
	int n = 0;
	for (uint32_t i = 0; i < r->nextra; i++) {
		if (kv.key[i] != key)
			continue;
		if (n++)
			buf_adds(b, ", ");
		buf_adds(b, store_str(st, kv.value[i]));
	}
}

/* What a sentence says where a record lacks the field it names: words,
 * never the field's name in brackets. */
static const char *
missing_words(const char *name)
{
	static const struct {
		const char *field, *words;
	} table[] = {
		{"user", "the user"}, {"upn", "the user"}, {"userPrincipalName", "the user"},
		{"targetUser", "the user"}, {"Username", "the user"}, {"by", "an admin"},
		{"actor", "an admin"}, {"ip", "an address the export does not give"},
		{"ipAddress", "an address the export does not give"},
		{"SourceIp", "an address the export does not give"},
		{"app", "the app"}, {"appDisplayName", "the app"}, {"Application", "the app"},
		{"tenant", "the tenant"}, {"tenantId", "the tenant"}, {"org", "the org"},
		{"policy", "the policy"}, {"profile", "the user's profile"},
		{"permissionSet", "none"}, {"message", "(no message)"}, {"code", "(no code)"},
		{"status", "(no status)"}, {"fullName", "the rule"}, {"name", "(no name)"},
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(name, table[i].field) == 0)
			return table[i].words;
	size_t n = strlen(name);
	if ((n >= 4 && (strcmp(name + n - 4, "Time") == 0 || strcmp(name + n - 4, "Date") == 0)) ||
	    strstr(name, "DateTime") || strcmp(name, "time") == 0)
		return "a time the export does not give";
	return "(not in the export)";
}

char *
fill_text(const struct store *st, const char *text, const struct record *r,
	  const struct record *r2, const char *who)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	for (const char *p = text; *p;) {
		const char *close = p[0] == '{' ? strchr(p, '}') : NULL;
		if (close && close - p > 1 && close - p < 256) {
			char name[256];
			memcpy(name, p + 1, (size_t)(close - p - 1));
			name[close - p - 1] = '\0';
			/* {name|text}: text when the field is absent */
			char *dflt = strchr(name, '|');
			if (dflt)
				*dflt++ = '\0';
			/* {a/b/c}: the first of these fields the record has */
			char *alt = strchr(name, '/');
			if (alt && (dflt == NULL || alt < dflt)) {
				const char *pick = NULL;
				for (char *f = name, *next; f && pick == NULL; f = next) {
					next = strchr(f, '/');
					if (next)
						*next++ = '\0';
					if (r && rec_get(st, r, f))
						pick = f;
					else if (next == NULL)
						pick = f;
				}
				memmove(name, pick, strlen(pick) + 1);
			}
			/* {symptom.field}: the symptom's value, not the record's */
			const char *fname = name;
			const struct record *first = r;
			if (strncmp(name, "symptom.", 8) == 0) {
				fname = name + 8;
				first = r2;
			}
			const struct record *from = first && rec_get(st, first, fname) ? first :
						    r2 && rec_get(st, r2, fname) ? r2 : NULL;
			if (from)
				add_values(&b, st, from, fname);
			else if (who && strcmp(fname, "user") == 0)
				buf_adds(&b, who);	/* the person the record is about */
			else if (dflt)
				buf_adds(&b, dflt);
			else
				buf_adds(&b, missing_words(fname));
			p = close + 1;
			continue;
		}
		/* the text up to the next field, at once */
		size_t run = 1 + strcspn(p + 1, "{");
		buf_add(&b, p, run);
		p += run;
	}
	/* kept as long as its finding: no more than it needs (a buffer
	 * grows by doubling) */
	size_t len = b.len;
	char *s = buf_steal(&b);
	return xrealloc(s, len + 1);
}

static void
add_app(struct ctx *x, uint32_t key)
{
	if (key == 0 || x->napps == sizeof(x->apps) / sizeof(x->apps[0]))
		return;
	for (size_t i = 0; i < x->napps; i++)
		if (x->apps[i] == key)
			return;
	x->apps[x->napps++] = key;
}

static const char *const app_fields[] = {
	"label", "fullName", "displayName", "appDisplayName", "resourceDisplayName", "resource",
	"DisplayName", "Application", NULL,
};

/* Build the context of a candidate: its apps, org, tenant and times. */
/* The ticket's own words date the complaint, not the errors: they set
 * the window only when nothing else does. */
static int
words_only(const struct model *m, const struct cand *c)
{
	int only_words = 1;
	for (size_t i = 0; i < c->nsym; i++)
		only_words &= (m->flags[c->sym[i]] & REC_COMPLAINT) != 0;
	return only_words;
}

/* The time of a candidate's first and last symptom. */
static void
sym_window(const struct model *m, const struct cand *c, int64_t *first, int64_t *last)
{
	*first = INT64_MAX;
	*last = INT64_MIN;
	int only_words = words_only(m, c);
	for (size_t i = 0; i < c->nsym; i++) {
		const struct record *r = store_get(m->st, c->sym[i]);
		if (!only_words && (m->flags[c->sym[i]] & REC_COMPLAINT))
			continue;
		if (r->time < *first)
			*first = r->time;
		if (r->time > *last)
			*last = r->time;
	}
}

/* The records of kind check e of candidate c can read (in_scope): told
 * to the model, for the records spilled while reading. */
static void
demand(struct model *m, const struct evidence *e, const struct cand *c, int64_t first,
       int64_t last, uint32_t kind)
{
	/* about one person, and nobody known: no record is */
	if ((e->scope & SCOPE_USER) && c->id == NO_ID)
		return;
	int64_t from = INT64_MIN, to = INT64_MAX;
	if (e->has_window) {
		int64_t base = e->resolves ? last : first;
		from = base + e->window_from;
		to = base + e->window_to;
	}
	model_demand(m, kind, (e->scope & SCOPE_USER) ? c->id : NO_ID, from, to);
}

static void
make_ctx(struct ctx *x, struct model *m, const struct cand *c)
{
	memset(x, 0, sizeof(*x));
	x->m = m;
	x->st = m->st;
	x->c = c;
	sym_window(m, c, &x->first, &x->last);
	struct store *st = m->st;
	int only_words = words_only(m, c);
	for (size_t i = 0; i < c->nsym; i++) {
		const struct record *r = store_get(st, c->sym[i]);
		if (!only_words && (m->flags[c->sym[i]] & REC_COMPLAINT))
			continue;
		if (r->field[F_APP])
			add_app(x, app_key(st, store_str(st, r->field[F_APP])));
		/* the application id, as Entra ("appId") and Purview
		 * ("ApplicationId") write it */
		static const char *const id_keys[] = {"appId", "ApplicationId", "AppId", NULL};
		for (size_t k = 0; id_keys[k]; k++) {
			const char *appid = rec_get(st, r, id_keys[k]);
			uint32_t aid = appid ? app_key(st, appid) : 0;
			int dup = 0;
			for (size_t j = 0; j < x->nappids && !dup; j++)
				dup = x->appids[j] == aid;
			if (aid && !dup && x->nappids < sizeof(x->appids) / sizeof(x->appids[0]))
				x->appids[x->nappids++] = aid;
		}
		if (r->field[F_ORG] && !x->org)
			x->org = r->field[F_ORG];
		if (r->field[F_TENANT] && !x->tenant)
			x->tenant = r->field[F_TENANT];
	}
	/* the logins and sign-ins of the same person around the symptoms,
	 * and the records of the same correlation ids, name the app */
	size_t nabout = 0;
	const uint32_t *about = c->id == NO_ID ? NULL : model_about(m, c->id, &nabout);
	for (size_t a = 0; a < nabout; a++) {
		uint32_t i = about[a];
		/* an interrupt answered at once (an MFA prompt) names no app of
		 * the problem */
		if (!(m->flags[i] & REC_ERROR) || (m->flags[i] & REC_RECOVERED))
			continue;
		const struct record *r = store_get(st, i);
		if (!r->field[F_APP] || model_rec_identity(m, i) != c->id)
			continue;
		const char *kind = store_str(st, r->kind);
		if (strcmp(kind, "sf.login") && strcmp(kind, "entra.signin"))
			continue;
		for (size_t k = 0; k < c->nsym; k++) {
			const struct record *s = store_get(st, c->sym[k]);
			int64_t d = r->time - s->time;
			if ((d <= NEAR_MS && d >= -NEAR_MS) ||
			    (s->field[F_CORRELATION_ID] &&
			     s->field[F_CORRELATION_ID] == r->field[F_CORRELATION_ID])) {
				add_app(x, app_key(st, store_str(st, r->field[F_APP])));
				break;
			}
		}
	}
	/* Copilot for Sales signs in to Salesforce through the connected
	 * app "Microsoft Power Platform" (KNOWLEDGE.md 1): an error of the
	 * one is about the other */
	for (size_t i = 0; i < x->napps; i++) {
		const char *a = store_str(st, x->apps[i]);
		if (strstr(a, "copilot for sales") || strstr(a, "sales copilot") ||
		    strstr(a, "viva sales")) {
			add_app(x, app_key(st, "Microsoft Power Platform"));
			break;
		}
	}
}

static int
ctx_has_app(const struct ctx *x, const char *name)
{
	uint32_t k = app_key(x->st, name);
	for (size_t i = 0; k && i < x->napps; i++)
		if (x->apps[i] == k)
			return 1;
	return 0;
}

/* Is record r about the candidate's app? */
static int
same_app(const struct ctx *x, const struct record *r)
{
	struct store *st = x->st;
	if (r->field[F_APP] && ctx_has_app(x, store_str(st, r->field[F_APP])))
		return 1;
	for (size_t i = 0; app_fields[i]; i++) {
		const char *v = rec_get(st, r, app_fields[i]);
		if (v && ctx_has_app(x, v))
			return 1;
	}
	/* the same application id */
	static const char *const id_fields[] = {"appId", "AppId", "ApplicationId", NULL};
	for (size_t i = 0; id_fields[i] && x->nappids; i++) {
		const char *v = rec_get(st, r, id_fields[i]);
		uint32_t k = v ? app_key(x->st, v) : 0;
		for (size_t j = 0; k && j < x->nappids; j++)
			if (x->appids[j] == k)
				return 1;
	}
	/* a change log sentence that names the app */
	const char *subject = rec_get(st, r, "subject");
	const char *msg = r->field[F_MESSAGE] ? store_str(st, r->field[F_MESSAGE]) : NULL;
	for (size_t i = 0; i < x->napps; i++) {
		const char *a = store_str(st, x->apps[i]);
		if (strlen(a) < 6)
			continue;
		if ((subject && mem_find_ci(subject, strlen(subject), a)) ||
		    (msg && mem_find_ci(msg, strlen(msg), a)))
			return 1;
	}
	return 0;
}

/* Is record i about the candidate's person? */
static int
same_user(const struct ctx *x, uint32_t i)
{
	return x->c->id != NO_ID && model_is_about(x->m, x->c->id, i);
}

/* Does a value of field a of r equal (any case) a value of field b of
 * one of the symptoms? */
static int
same_value(const struct ctx *x, const struct record *r, const char *a, const char *b)
{
	const struct store *st = x->st;
	int fa = field_by_name(a);
	uint32_t ka = fa < 0 ? store_lookup(st, a) : 0;
	for (size_t s = 0; s < x->c->nsym; s++) {
		const char *want = rec_get(st, store_get(st, x->c->sym[s]), b);
		if (want == NULL)
			continue;
		if (fa >= 0) {
			if (r->field[fa] && strcasecmp(store_str(st, r->field[fa]), want) == 0)
				return 1;
			continue;
		}
		struct extras kv = rec_extras(st, r);
		for (uint32_t k = 0; ka && k < r->nextra; k++)
			if (kv.key[k] == ka && strcasecmp(store_str(st, kv.value[k]), want) == 0)
				return 1;
	}
	return 0;
}

static int
in_scope(const struct ctx *x, const struct evidence *e, uint32_t i)
{
	const struct record *r = store_get(x->st, i);
	for (size_t k = 0; k < e->nsame; k++)
		if (!same_value(x, r, e->same_field[k], e->same_symptom[k]))
			return 0;
	if (e->has_window) {
		if (r->time == TIME_NONE)
			return 0;
		/* the end of a problem is looked for after its last symptom */
		int64_t d = r->time - (e->resolves ? x->last : x->first);
		if (d < e->window_from || d > e->window_to)
			return 0;
	}
	if ((e->scope & SCOPE_USER) && !same_user(x, i))
		return 0;
	if ((e->scope & SCOPE_APP) && !same_app(x, r))
		return 0;
	if ((e->scope & SCOPE_ORG) && x->org && r->field[F_ORG] && r->field[F_ORG] != x->org)
		return 0;
	if ((e->scope & SCOPE_TENANT) && x->tenant && r->field[F_TENANT] &&
	    r->field[F_TENANT] != x->tenant)
		return 0;
	return 1;
}

/* ---- one candidate ------------------------------------------------------------------ */

static void
add_item(struct finding *f, uint32_t rec, const struct evidence *e, struct model *m,
	 uint32_t sym)
{
	const struct store *st = m->st;
	uint32_t id = model_rec_identity(m, rec);
	/* a fact the model derived at a place, and the record there, say
	 * one thing: the first check to cite the place (the more specific
	 * sentence, rules list those first) keeps it */
	const struct record *here = store_get(st, rec);
	for (size_t i = 0; i < f->nevidence; i++) {
		uint32_t other = f->evidence[i].rec;
		if (other == rec && f->evidence[i].check == e)
			return;
		const struct record *o = store_get(st, other);
		if (f->evidence[i].refutes == e->refutes && !f->evidence[i].absent &&
		    ((m->flags[rec] | m->flags[other]) & REC_DERIVED) && o->input == here->input &&
		    o->line == here->line && o->pointer == here->pointer &&
		    o->pindex == here->pindex)
			return;
	}
	GROW_BY_COUNT(f->evidence, f->nevidence);
	struct evidence_item *it = &f->evidence[f->nevidence++];
	it->rec = rec;
	it->absent = 0;
	it->refutes = e->refutes;
	it->resolves = e->resolves;
	it->check = e;
	/* the text waits until the candidates are merged (fill_texts) */
	it->text = NULL;
	it->sym = sym;
	it->who = id;
	it->fill = e->says ? ITEM_SAYS : ITEM_EVENT;
}

/* An item's text, as add_item() left it to be filled. */
static void
fill_item(struct evidence_item *it, struct model *m)
{
	const struct store *st = m->st;
	const char *who = it->who != NO_ID ? model_display(m, it->who) : NULL;
	const struct record *r = store_get(st, it->rec), *sym = store_get(st, it->sym);
	char tmp[160];
	switch (it->fill) {
	case ITEM_SAYS:
		it->text = fill_text(st, it->check->says, r, sym, who);
		break;
	case ITEM_ABSENT:
		it->text = fill_text(st, it->check->says, sym, sym, who);
		break;
	case ITEM_EVENT:
		it->text = xstrdup(event_text(st, r, tmp, sizeof(tmp)));
		break;
	default:
		return;
	}
	it->fill = ITEM_FILLED;
}

/* The check listed as many records as it shows.  Another record it
 * found takes the place of one listed, so that the report cites as many
 * files as it can (one line of each rather than three of one log) and
 * the configuration behind log lines (a fact beside events). */
static void
make_room(struct finding *f, uint32_t rec, const struct evidence *e, struct model *m,
	  uint32_t sym)
{
	const struct store *st = m->st;
	const struct record *r = store_get(st, rec);
	size_t last_dup = SIZE_MAX, last_event = SIZE_MAX;
	int fact_listed = 0;
	for (size_t i = 0; i < f->nevidence; i++) {
		if (f->evidence[i].check != e)
			continue;
		const struct record *x = store_get(st, f->evidence[i].rec);
		if (x->input == r->input)
			return;	/* its file is cited already */
		if (x->time == TIME_NONE)
			fact_listed = 1;
		else
			last_event = i;
		for (size_t j = 0; j < i; j++)
			if (f->evidence[j].check == e &&
			    store_get(st, f->evidence[j].rec)->input == x->input)
				last_dup = i;
	}
	size_t drop = last_dup;
	if (drop == SIZE_MAX && r->time == TIME_NONE && !fact_listed)
		drop = last_event;
	if (drop == SIZE_MAX)
		return;
	free(f->evidence[drop].text);
	memmove(&f->evidence[drop], &f->evidence[drop + 1],
		(f->nevidence - drop - 1) * sizeof(*f->evidence));
	f->nevidence--;
	add_item(f, rec, e, m, sym);
}

/* Does record rec already count for f, with this effect? */
static int
used_for(const struct finding *f, uint32_t rec, int refutes)
{
	for (size_t i = 0; i < f->nevidence; i++)
		if (f->evidence[i].rec == rec && f->evidence[i].refutes == refutes &&
		    !f->evidence[i].absent && !check_on_symptoms(f->evidence[i].check))
			return 1;
	return 0;
}

/* on: people - how many people this rule's symptom matched */
static int
people_check(struct finding *f, const struct evidence *e, size_t people,
	     const struct store *st, uint32_t sym0)
{
	if ((e->at_least >= 0 && people < (size_t)e->at_least) ||
	    (e->at_most >= 0 && people > (size_t)e->at_most))
		return 0;
	char count[32];
	snprintf(count, sizeof(count), "%zu", people);
	const char *says = e->says ? e->says : "{count} people see this error";
	struct buf b;
	buf_init(&b, 1 << 16);
	for (const char *p = says; *p; p++) {
		if (strncmp(p, "{count}", 7) == 0) {
			buf_adds(&b, count);
			p += 6;
		} else {
			buf_addc(&b, *p);
		}
	}
	GROW_BY_COUNT(f->evidence, f->nevidence);
	struct evidence_item *it = &f->evidence[f->nevidence++];
	memset(it, 0, sizeof(*it));
	it->rec = sym0;
	it->refutes = e->refutes;
	it->check = e;
	it->fill = ITEM_FILLED;
	it->text = fill_text(st, b.data, store_get(st, sym0), NULL, NULL);
	buf_free(&b);
	return 1;
}

/* The records of one kind a check matches (hits so far: the items kept
 * are capped across the check's kinds); returns how many matched. */
static size_t
scan_kind(struct finding *f, struct model *m, const struct ctx *x, const struct evidence *e,
	  const struct cand *c, uint32_t kind, size_t hits)
{
	struct store *st = m->st;
	size_t n, found = 0;
	/* told again, so that a run can check it asked for them all
	 * (analysis_demands) */
	if (m->nspilled)
		demand(m, e, c, x->first, x->last, kind);
	const uint32_t *v = model_kind(m, kind, &n);
	/* about one person: only their records, not the whole kind */
	if ((e->scope & SCOPE_USER) && c->id != NO_ID)
		v = model_about(m, c->id, &n);
	for (size_t i = 0; i < n; i++) {
		const struct record *r = store_get(st, v[i]);
		if (r->kind != kind || !in_scope(x, e, v[i]))
			continue;
		if (e->has_where && !selection_match_memo(&e->where, st, r, x->memo))
			continue;
		/* an error a success followed (an MFA prompt answered) shows no
		 * problem, so it refutes nothing */
		if (e->refutes && (m->flags[v[i]] & REC_RECOVERED))
			continue;
		/* a derived record states one relation: a second check with the
		 * same effect on it adds nothing */
		if (!e->absent && (m->flags[v[i]] & REC_DERIVED) && used_for(f, v[i], e->refutes))
			continue;
		if (!e->absent && hits + found < ITEMS_PER_CHECK)
			add_item(f, v[i], e, m, c->sym[0]);
		else if (!e->absent)
			make_room(f, v[i], e, m, c->sym[0]);
		found++;
	}
	return found;
}

/* A resolves check found records: those after the last symptom show the
 * problem has ended (the earliest of them is when); one before it showed
 * an end the problem came back from, and says nothing. */
static void
resolve(struct finding *f, struct model *m, const struct evidence *e, int64_t last)
{
	const struct store *st = m->st;
	for (size_t i = f->nevidence; i-- > 0;) {
		struct evidence_item *it = &f->evidence[i];
		if (it->check != e)
			continue;
		int64_t t = store_get(st, it->rec)->time;
		if (t == TIME_NONE || t <= last) {
			free(it->text);
			memmove(it, it + 1, (f->nevidence - i - 1) * sizeof(*it));
			f->nevidence--;
			continue;
		}
		if (!f->resolved || t < f->resolved_at) {
			f->resolved = 1;
			f->resolved_at = t;
			f->resolved_by = it->rec;
		}
	}
}

static void
evaluate(struct finding *f, struct model *m, const struct rule *rule, const struct cand *c,
	 size_t people, struct match_memo *memo)
{
	struct ctx x;
	make_ctx(&x, m, c);
	x.memo = memo;
	struct store *st = m->st;
	double conf = rule->confidence, against = 1.0;
	/* known only through the error book: as sure as the book is */
	if (c->book > 0 && c->book < BOOK_CONFIDENCE)
		conf *= c->book / BOOK_CONFIDENCE;
	f->first = x.first;
	f->last = x.last;
	for (size_t k = 0; k < rule->nevidence; k++) {
		const struct evidence *e = &rule->evidence[k];
		size_t hits = 0;
		if (strcmp(e->on, "people") == 0) {
			hits = (size_t)people_check(f, e, people, st, c->sym[0]);
		} else if (strcmp(e->on, "symptom") == 0) {
			for (size_t i = 0; i < c->nsym; i++) {
				const struct record *r = store_get(st, c->sym[i]);
				if (e->has_window && (r->time - x.first < e->window_from ||
						      r->time - x.first > e->window_to))
					continue;
				if (e->has_where && !selection_match_memo(&e->where, st, r, x.memo))
					continue;
				if (hits++ < ITEMS_PER_CHECK)
					add_item(f, c->sym[i], e, m, c->sym[i]);
			}
		} else {
			/* the kinds the check reads (on: a, or on: [a, b]) */
			uint32_t kinds[9];
			size_t nk = 0;
			uint32_t searched = NO_ID;
			for (size_t q = 0; q <= e->non_more && nk < 9; q++) {
				uint32_t kind = store_lookup(st, q ? e->on_more[q - 1] : e->on);
				size_t kn = 0;
				const uint32_t *kv = kind ? model_kind(m, kind, &kn) : NULL;
				if (kn == 0)
					continue;
				kinds[nk++] = kind;
				if (searched == NO_ID)
					searched = kv[0];
			}
			if (nk == 0) {
				if (e->has_needs) {
					GROW_BY_COUNT(f->missing, f->nmissing);
					f->missing[f->nmissing++] = e;
				}
				continue;
			}
			for (size_t q = 0; q < nk; q++)
				hits += scan_kind(f, m, &x, e, c, kinds[q], hits);
			/* match: none - the export is there and holds no such record */
			if (e->absent) {
				if (hits)
					continue;
				add_item(f, searched, e, m, c->sym[0]);
				struct evidence_item *it = &f->evidence[f->nevidence - 1];
				it->absent = 1;
				/* nothing was found: the sentence is about the
				 * symptom and its person, not the export's first row */
				if (e->says && it->rec == searched && it->check == e) {
					it->fill = ITEM_ABSENT;
					it->who = c->id;
				}
				hits = 1;
			}
		}
		if (hits == 0)
			continue;
		if (e->resolves) {
			resolve(f, m, e, x.last);
			continue;
		}
		if (e->refutes)
			against *= 1.0 - e->weight;
		else
			conf += e->weight * (1.0 - conf);
	}
	/* refutations apply last, so the order of the checks does not matter */
	conf *= against;
	if (conf > 0.99)
		conf = 0.99;
	f->confidence = conf;
	/* the fix, with the names from the first supporting evidence; what
	 * is left to do once the problem has ended, when the rule says */
	f->fix_rec = c->sym[0];
	for (size_t i = 0; i < f->nevidence; i++)
		if (!f->evidence[i].refutes && !f->evidence[i].resolves &&
		    f->evidence[i].check->on && !check_on_symptoms(f->evidence[i].check)) {
			f->fix_rec = f->evidence[i].rec;
			break;
		}
	f->fix_sym = c->sym[0];
	/* {user} in a step is the person it is about (the first, when the
	 * candidates of several people merge later: their step reads alike) */
	f->fix_who = f->nids ? f->ids[0] : NO_ID;
	f->steps = rule->fix;
	f->nsteps = rule->nfix;
	if (f->resolved && rule->nresolved_fix) {
		f->steps = rule->resolved_fix;
		f->nsteps = rule->nresolved_fix;
	}
}

/* The texts of a finding's evidence, its fix and what it misses, filled
 * in once the candidates are merged: only those left take the memory (on a tenant's
 * month, thousands of candidates become a few findings). */
static void
fill_fix(struct finding *f, struct model *m)
{
	for (size_t i = 0; i < f->nevidence; i++)
		fill_item(&f->evidence[i], m);
	const struct store *st = m->st;
	const struct record *sym0 = store_get(st, f->fix_sym);
	const char *who = f->fix_who != NO_ID ? model_display(m, f->fix_who) : NULL;
	f->fix = xcalloc(f->nsteps ? f->nsteps : 1, sizeof(*f->fix));
	for (size_t i = 0; i < f->nsteps; i++)
		f->fix[i] = fill_text(st, f->steps[i].step, store_get(st, f->fix_rec), sym0, who);
	/* what is missing: this finding's own first symptom and person */
	sym0 = store_get(st, f->symptoms[0]);
	who = f->nids && f->ids[0] != NO_ID ? model_display(m, f->ids[0]) : NULL;
	f->missing_how = xcalloc(f->nmissing ? f->nmissing : 1, sizeof(*f->missing_how));
	for (size_t i = 0; i < f->nmissing; i++)
		if (f->missing[i]->needs.how)
			f->missing_how[i] = fill_text(st, f->missing[i]->needs.how, sym0, NULL, who);
}

static void
finding_free(struct finding *f)
{
	free(f->ids);
	free(f->symptoms);
	for (size_t i = 0; i < f->nevidence; i++)
		free(f->evidence[i].text);
	free(f->evidence);
	if (f->missing_how)
		for (size_t i = 0; i < f->nmissing; i++)
			free(f->missing_how[i]);
	free(f->missing_how);
	free(f->missing);
	if (f->fix)
		for (size_t i = 0; i < f->nsteps; i++)
			free(f->fix[i]);
	free(f->fix);
}

void
analysis_free(struct analysis *a)
{
	for (size_t i = 0; i < a->nfindings; i++)
		finding_free(&a->findings[i]);
	free(a->findings);
	for (size_t i = 0; i < a->nunexplained; i++) {
		for (size_t k = 0; k < a->unexplained[i].ncandidates; k++)
			finding_free(&a->unexplained[i].candidates[k]);
		free(a->unexplained[i].candidates);
	}
	free(a->unexplained);
	memset(a, 0, sizeof(*a));
}

/* ---- merging, ranking ------------------------------------------------------------------ */

/* Is this supporting evidence part of a finding's proof: a check on
 * other records than the symptom? */
static int
proof_item(const struct evidence_item *it)
{
	return !it->refutes && !it->resolves && !check_on_symptoms(it->check);
}

/* Do two records come from the same place (a derived record per person
 * stands for the file it points at)? */
static int
same_place(const struct store *st, uint32_t a, uint32_t b)
{
	if (a == b)
		return 1;
	const struct record *x = store_get(st, a), *y = store_get(st, b);
	return x->input == y->input && x->line == y->line && x->pointer == y->pointer &&
	       x->pindex == y->pindex;
}

/* Does f have the supporting check e, and (for a fact) from the place of
 * record rec? */
static int
has_item(const struct store *st, const struct finding *f, const struct evidence *e,
	 uint32_t rec, int fact)
{
	for (size_t j = 0; j < f->nevidence; j++)
		if (f->evidence[j].check == e && (!fact || same_place(st, f->evidence[j].rec, rec)))
			return 1;
	return 0;
}

/* One rule, one proof: the same checks found something, and the same
 * configuration records (facts).  Events differ from person to person
 * (each one's own sign-ins) and do not keep people apart. */
static int
same_proof(const struct store *st, const struct finding *a, const struct finding *b)
{
	if (a->rule != b->rule)
		return 0;
	for (int pass = 0; pass < 2; pass++) {
		const struct finding *x = pass ? b : a, *y = pass ? a : b;
		for (size_t i = 0; i < x->nevidence; i++) {
			const struct evidence_item *it = &x->evidence[i];
			if (!proof_item(it))
				continue;
			int fact = store_get(st, it->rec)->time == TIME_NONE;
			if (!has_item(st, y, it->check, it->rec, fact))
				return 0;
		}
	}
	return 1;
}

/* Did a check find something other than the symptom itself? */
static int
has_proof(const struct finding *f)
{
	for (size_t i = 0; i < f->nevidence; i++)
		if (proof_item(&f->evidence[i]))
			return 1;
	return 0;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static void
merge_into(struct finding *to, struct finding *from)
{
	for (size_t i = 0; i < from->nids; i++) {
		size_t j;
		for (j = 0; j < to->nids; j++)
			if (to->ids[j] == from->ids[i])
				break;
		if (j == to->nids) {
			GROW_BY_COUNT(to->ids, to->nids);
			to->ids[to->nids++] = from->ids[i];
		}
	}
	for (size_t i = 0; i < from->nsymptoms; i++) {
		GROW_BY_COUNT(to->symptoms, to->nsymptoms);
		to->symptoms[to->nsymptoms++] = from->symptoms[i];
	}
	if (from->first < to->first)
		to->first = from->first;
	if (from->last > to->last)
		to->last = from->last;
	/* the other people's evidence, a few per check */
	for (size_t i = 0; i < from->nevidence; i++) {
		struct evidence_item *it = &from->evidence[i];
		size_t j, same = 0;
		for (j = 0; j < to->nevidence; j++) {
			if (to->evidence[j].rec == it->rec && to->evidence[j].check == it->check)
				break;
			same += to->evidence[j].check == it->check;
		}
		if (j < to->nevidence || same >= ITEMS_MERGED)
			continue;
		/* what the symptoms say about themselves, once */
		if (it->check && strcmp(it->check->on, "people") == 0 && same)
			continue;
		GROW_BY_COUNT(to->evidence, to->nevidence);
		to->evidence[to->nevidence++] = *it;
		it->text = NULL;
	}
	if (from->confidence > to->confidence)
		to->confidence = from->confidence;
	/* ended only when it ended for everyone; then the open one's steps */
	if (!from->resolved && to->resolved && to->steps != from->steps) {
		to->steps = from->steps;
		to->nsteps = from->nsteps;
		to->fix_rec = from->fix_rec;
		to->fix_sym = from->fix_sym;
		to->fix_who = from->fix_who;
	}
	if (!from->resolved)
		to->resolved = 0;
	else if (to->resolved && from->resolved_at > to->resolved_at) {
		to->resolved_at = from->resolved_at;
		to->resolved_by = from->resolved_by;
	}
	finding_free(from);
	memset(from, 0, sizeof(*from));
}

/* qsort_r: symptoms by time, with the store as context */
static int
cmp_sym_time(const void *a, const void *b, void *ctx)
{
	const struct store *st = ctx;
	const struct record *x = store_get(st, *(const uint32_t *)a);
	const struct record *y = store_get(st, *(const uint32_t *)b);
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return cmp_u32(a, b);
}

int
engine_order(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	if (x->resolved != y->resolved)
		return x->resolved ? 1 : -1;
	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	if (x->rule->severity != y->rule->severity)
		return x->rule->severity > y->rule->severity ? -1 : 1;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return strcmp(x->rule->id, y->rule->id);
}

/* ---- the run ------------------------------------------------------------------------------ */

/* The identities --user asks for: the one named, else every one with a
 * name containing the text (case-insensitive); NULL = everyone. */
static unsigned char *
wanted_ids(struct model *m, const char *user)
{
	if (user == NULL)
		return NULL;
	unsigned char *w = xcalloc(m->nnodes ? m->nnodes : 1, 1);
	uint32_t exact = model_find(m, user);
	if (exact != NO_ID) {
		w[exact] = 1;
		return w;
	}
	for (uint32_t i = 0; i < m->nnodes; i++) {
		const char *name = store_str(m->st, m->name[i]);
		if (!m->hidden[i] && mem_find_ci(name, strlen(name), user))
			w[model_find(m, name)] = 1;
	}
	return w;
}

int
analysis_user_known(struct model *m, const char *user)
{
	unsigned char *w = wanted_ids(m, user);
	int known = 0;
	for (uint32_t i = 0; w && i < m->nnodes && !known; i++)
		known = w[i];
	free(w);
	return known;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

const char **
analysis_people(struct model *m, size_t *n)
{
	unsigned char *seen = xcalloc(m->nnodes ? m->nnodes : 1, 1);
	const char **v = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t i = 0; i < store_count(m->st); i++) {
		uint32_t id = model_rec_identity(m, i);
		if (id == NO_ID || id >= m->nnodes || seen[id])
			continue;
		seen[id] = 1;
		const char *name = model_display(m, id);
		if (*name) {
			GROW(v, *n, cap);
			v[(*n)++] = name;
		}
	}
	free(seen);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_name);
	return v;
}

/* Add an error no finding explains to its group (the same kind, code,
 * message and status); returns the group's index. */
static size_t
add_unexplained(struct analysis *a, struct model *m, uint32_t rec)
{
	const struct store *st = m->st;
	const struct record *r = store_get(st, rec);
	uint32_t id = model_rec_identity(m, rec);
	for (size_t i = 0; i < a->nunexplained; i++) {
		struct unexplained *u = &a->unexplained[i];
		const struct record *o = store_get(st, u->rec);
		if (o->kind == r->kind && o->field[F_CODE] == r->field[F_CODE] &&
		    o->field[F_MESSAGE] == r->field[F_MESSAGE] &&
		    o->field[F_STATUS] == r->field[F_STATUS]) {
			if (u->id != id && u->npeople < 2)
				u->npeople++;
			u->count++;
			if (r->time < u->first)
				u->first = r->time;
			if (r->time > u->last)
				u->last = r->time;
			return i;
		}
	}
	GROW_BY_COUNT(a->unexplained, a->nunexplained);
	memset(&a->unexplained[a->nunexplained], 0, sizeof(*a->unexplained));
	struct unexplained *u = &a->unexplained[a->nunexplained];
	u->rec = rec;
	u->id = id;
	u->count = 1;
	u->first = u->last = r->time;
	u->npeople = 1;
	return a->nunexplained++;
}

/* ---- the phases of a run --------------------------------------------------------------- */

/* The errors in view (time range, the people asked for), recovered ones
 * counted and left out. */
static uint32_t *
errors_in_view(struct analysis *a, struct model *m, const struct engine_filter *flt, size_t *n)
{
	const struct store *st = m->st;
	unsigned char *wanted = wanted_ids(m, flt->user);
	uint32_t *errs = NULL;
	size_t nerrs = 0, caperrs = 0;
	for (size_t i = 0; i < m->nrec; i++) {
		if (!(m->flags[i] & REC_ERROR))
			continue;
		const struct record *r = store_get(st, i);
		if (r->time < flt->since || r->time > flt->until)
			continue;
		if (wanted) {
			uint32_t id = model_rec_identity(m, i);
			if (id == NO_ID || !wanted[id])
				continue;
		}
		if (m->flags[i] & REC_RECOVERED) {
			a->nrecovered++;
			continue;
		}
		GROW(errs, nerrs, caperrs);
		errs[nerrs++] = (uint32_t)i;
		/* the ticket's own words are not counted as an error seen */
		a->nerrors += !(m->flags[i] & REC_COMPLAINT);
	}
	free(wanted);
	*n = nerrs;
	return errs;
}

/* The derived relations of the people the errors happened to. */
static void
derive_for(struct model *m, const uint32_t *errs, size_t nerrs)
{
	uint32_t *ids = NULL;
	size_t nids = 0, capids = 0;
	unsigned char *seen = xcalloc(m->nnodes ? m->nnodes : 1, 1);
	for (size_t i = 0; i < nerrs; i++) {
		uint32_t id = model_rec_identity(m, errs[i]);
		if (id == NO_ID || seen[id])
			continue;
		seen[id] = 1;
		GROW(ids, nids, capids);
		ids[nids++] = id;
	}
	free(seen);
	model_derive(m, ids, nids);
	model_index(m);
	free(ids);
}

/* The text of an error as the error book reads it: its code (a bare
 * Entra code as one), status and message. */
static char *
error_text(const struct store *st, const struct record *r)
{
	const char *f[3] = {
		r->field[F_CODE] ? store_str(st, r->field[F_CODE]) : NULL,
		r->field[F_STATUS] ? store_str(st, r->field[F_STATUS]) : NULL,
		r->field[F_MESSAGE] ? store_str(st, r->field[F_MESSAGE]) : NULL,
	};
	return xasprintf("%s%s %s %s", f[0] && isdigit((unsigned char)f[0][0]) ? "error code " : "",
			 f[0] ? f[0] : "", f[1] ? f[1] : "", f[2] ? f[2] : "");
}

/* The candidate of each (rule, identity), so that adding an error to
 * one does not search them all. */
struct cand_index {
	uint64_t *keys;		/* (rule << 32 | identity) + 1; 0 = empty */
	size_t *vals;
	size_t cap, n;
};

static size_t *
cand_slot(struct cand_index *x, size_t rule, uint32_t id)
{
	if (x->n * 2 >= x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 256;
		uint64_t *keys = xcalloc(cap, sizeof(*keys));
		size_t *vals = xcalloc(cap, sizeof(*vals));
		for (size_t i = 0; i < x->cap; i++) {
			if (x->keys[i] == 0)
				continue;
			size_t h = (size_t)(x->keys[i] * 0x9e3779b97f4a7c15u >> 20) & (cap - 1);
			while (keys[h])
				h = (h + 1) & (cap - 1);
			keys[h] = x->keys[i];
			vals[h] = x->vals[i];
		}
		free(x->keys);
		free(x->vals);
		x->keys = keys;
		x->vals = vals;
		x->cap = cap;
	}
	uint64_t key = ((uint64_t)rule << 32 | id) + 1;
	size_t h = (size_t)(key * 0x9e3779b97f4a7c15u >> 20) & (x->cap - 1);
	while (x->keys[h] && x->keys[h] != key)
		h = (h + 1) & (x->cap - 1);
	if (x->keys[h] == 0) {
		x->keys[h] = key;
		x->vals[h] = SIZE_MAX;
		x->n++;
	}
	return &x->vals[h];
}

/* Add error err to the candidate of rule k and identity id. */
static size_t
cand_add(struct cand **cands, size_t *ncands, struct cand_index *ix, size_t k, uint32_t id,
	 uint32_t err, double book)
{
	size_t *slot = cand_slot(ix, k, id);
	size_t j = *slot;
	if (j == SIZE_MAX) {
		j = *slot = *ncands;
		GROW_BY_COUNT(*cands, *ncands);
		(*cands)[(*ncands)++] = (struct cand){k, id, NULL, 0, 0, book};
	}
	struct cand *c = &(*cands)[j];
	GROW(c->sym, c->nsym, c->capsym);
	c->sym[c->nsym++] = err;
	/* one error its own symptom matched makes it the rule's own */
	if (book == 0 || c->book == 0)
		c->book = 0;
	else if (book > c->book)
		c->book = book;
	return j;
}

/* An error no rule's symptom matched (a ticket's words aside): the rules
 * of the causes the error book names for its text become candidates,
 * their prior scaled by how sure the book is.  Texts repeat, so each is
 * looked up once. */
struct book_memo {
	char **text;
	struct book_cause **causes;
	size_t *ncauses;
	size_t n;
};

static const struct book_cause *
book_memo_get(struct book_memo *bm, const struct book *b, const char *text, size_t *n)
{
	for (size_t i = 0; i < bm->n; i++)
		if (strcmp(bm->text[i], text) == 0) {
			*n = bm->ncauses[i];
			return bm->causes[i];
		}
	size_t nhits = 0, nc = 0;
	struct book_hit *hits = book_lookup(b, text, &nhits);
	struct book_cause *c = book_causes(hits, nhits, &nc);
	free(hits);
	/* a bounded memo: the oldest text makes room */
	if (bm->n == 64) {
		free(bm->text[0]);
		free(bm->causes[0]);
		memmove(bm->text, bm->text + 1, 63 * sizeof(*bm->text));
		memmove(bm->causes, bm->causes + 1, 63 * sizeof(*bm->causes));
		memmove(bm->ncauses, bm->ncauses + 1, 63 * sizeof(*bm->ncauses));
		bm->n--;
	}
	if (bm->text == NULL) {
		bm->text = xcalloc(64, sizeof(*bm->text));
		bm->causes = xcalloc(64, sizeof(*bm->causes));
		bm->ncauses = xcalloc(64, sizeof(*bm->ncauses));
	}
	bm->text[bm->n] = xstrdup(text);
	bm->causes[bm->n] = c;
	bm->ncauses[bm->n++] = nc;
	*n = nc;
	return c;
}

static void
book_memo_free(struct book_memo *bm)
{
	for (size_t i = 0; i < bm->n; i++) {
		free(bm->text[i]);
		free(bm->causes[i]);
	}
	free(bm->text);
	free(bm->causes);
	free(bm->ncauses);
}

/* The errors sorted into kinds: errors alike in everything the rules'
 * symptoms read (detect_classes) are of one kind, so every symptom answers
 * them alike.  Returns kind[i] for errs[i]; *rep[k] is the index in errs
 * of the first error of kind k, *nkinds the number of kinds.  The caller
 * frees both arrays. */
static uint32_t *
error_kinds(const struct store *st, const struct ruleset *rs, const uint32_t *errs,
	    size_t nerrs, uint32_t **rep, size_t *nkinds)
{
	struct detect_classes *dc = detect_classes_new(st);
	for (size_t k = 0; k < rs->n; k++)
		detect_classes_add(dc, &rs->v[k].symptom);
	uint32_t *kind = xcalloc(nerrs ? nerrs : 1, sizeof(*kind));
	/* open addressing over the kinds' hashes, at most half full */
	size_t cap = 16;
	while (cap < 2 * nerrs)
		cap *= 2;
	uint64_t *hashes = xcalloc(cap, sizeof(*hashes));
	uint32_t *slot_kind = xmalloc(cap * sizeof(*slot_kind));
	memset(slot_kind, 0xff, cap * sizeof(*slot_kind));
	uint32_t *reps = NULL;
	size_t n = 0, capreps = 0;
	for (size_t i = 0; i < nerrs; i++) {
		const struct record *r = store_get(st, errs[i]);
		uint64_t h = detect_classes_hash(dc, r);
		size_t j = (size_t)h & (cap - 1);
		while (slot_kind[j] != UINT32_MAX &&
		       (hashes[j] != h ||
			!detect_classes_equal(dc, r, store_get(st, errs[reps[slot_kind[j]]]))))
			j = (j + 1) & (cap - 1);
		if (slot_kind[j] == UINT32_MAX) {
			GROW(reps, n, capreps);
			reps[n] = (uint32_t)i;
			hashes[j] = h;
			slot_kind[j] = (uint32_t)n++;
		}
		kind[i] = slot_kind[j];
	}
	free(hashes);
	free(slot_kind);
	detect_classes_free(dc);
	*rep = reps;
	*nkinds = n;
	return kind;
}

/* One candidate per rule and identity, holding the errors it matches. */
static struct cand *
candidates(struct model *m, const struct ruleset *rs, const uint32_t *errs, size_t nerrs,
	   size_t *n)
{
	const struct store *st = m->st;
	struct cand *cands = NULL;
	size_t ncands = 0;
	unsigned char *matched = xcalloc(nerrs ? nerrs : 1, 1);
	struct cand_index ix = {0};
	struct match_memo *mm = match_memo_new(st);
	/* errors alike in all the symptoms read are asked once per rule */
	size_t nkinds;
	uint32_t *rep = NULL, *kind = error_kinds(st, rs, errs, nerrs, &rep, &nkinds);
	unsigned char *answer = xmalloc(nkinds ? nkinds : 1);
	for (size_t k = 0; k < rs->n; k++) {
		memset(answer, 0, nkinds);
		for (size_t i = 0; i < nerrs; i++) {
			unsigned char *a = &answer[kind[i]];
			if (*a == 0) {
				const struct record *r = store_get(st, errs[rep[kind[i]]]);
				*a = detect_match_memo(&rs->v[k].symptom, st, r, mm) ? 2 : 1;
			}
			if (*a == 1)
				continue;
			matched[i] = 1;
			cand_add(&cands, &ncands, &ix, k, model_rec_identity(m, errs[i]), errs[i], 0);
		}
	}
	free(answer);
	free(kind);
	free(rep);
	struct book_memo bm = {0};
	for (size_t i = 0; rs->book.n && i < nerrs; i++) {
		/* a ticket's words count only where a rule asks for them */
		if (matched[i] || (m->flags[errs[i]] & REC_COMPLAINT))
			continue;
		char *text = error_text(st, store_get(st, errs[i]));
		size_t nc = 0;
		const struct book_cause *bc = book_memo_get(&bm, &rs->book, text, &nc);
		free(text);
		for (size_t c = 0; c < nc; c++)
			for (size_t k = 0; k < rs->n; k++)
				if (rs->v[k].cause == bc[c].cause)
					cand_add(&cands, &ncands, &ix, k, model_rec_identity(m, errs[i]),
						 errs[i], bc[c].confidence);
	}
	book_memo_free(&bm);
	match_memo_free(mm);
	free(ix.keys);
	free(ix.vals);
	free(matched);
	*n = ncands;
	return cands;
}

/* Each candidate weighed against the evidence, a finding each, and
 * merged at once into the first finding before it with the same proof:
 * what engine_merge() does to them all, one candidate at a time, so that
 * only the findings left are held (thousands of per-person candidates
 * become a few findings).  Returns those, in the order of their first
 * candidate; *n is set. */
static struct finding *
evaluate_all(struct model *m, const struct ruleset *rs, struct cand *cands, size_t ncands,
	     size_t *n)
{
	/* how many people each rule's symptom matched (org-wide or one user) */
	size_t *people = xcalloc(rs->n ? rs->n : 1, sizeof(*people));
	for (size_t i = 0; i < ncands; i++)
		people[cands[i].rule] += cands[i].id != NO_ID;
	struct finding *fs = NULL;
	size_t nfs = 0, cap = 0;
	/* the store does not change from here on: one memo for every check */
	struct match_memo *memo = match_memo_new(m->st);
	for (size_t i = 0; i < ncands; i++) {
		struct finding f = {0};
		f.rule = &rs->v[cands[i].rule];
		GROW_BY_COUNT(f.ids, f.nids);
		f.ids[f.nids++] = cands[i].id;
		f.symptoms = cands[i].sym;
		f.nsymptoms = cands[i].nsym;
		evaluate(&f, m, f.rule, &cands[i], people[cands[i].rule], memo);
		cands[i].sym = NULL;
		size_t k;
		for (k = 0; k < nfs; k++)
			if (fs[k].rule && same_proof(m->st, &fs[k], &f))
				break;
		if (k < nfs) {
			merge_into(&fs[k], &f);
			continue;
		}
		GROW(fs, nfs, cap);
		fs[nfs++] = f;
	}
	match_memo_free(memo);
	free(people);
	*n = nfs;
	return fs;
}

void
engine_merge(const struct store *st, struct finding *fs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (fs[i].rule == NULL)
			continue;
		for (size_t j = i + 1; j < n; j++)
			if (fs[j].rule && same_proof(st, &fs[i], &fs[j]))
				merge_into(&fs[i], &fs[j]);
	}
}

int
engine_keep(const struct finding *f, const double *best, const unsigned char *flags)
{
	if (f->rule == NULL || f->confidence < REPORT_CONFIDENCE)
		return 0;
	/* close to the best explanation of one of its symptoms, and either
	 * backed by evidence or that best explanation itself */
	int proof = has_proof(f), near = 0, top = 0, words = 1;
	for (size_t k = 0; k < f->nsymptoms; k++) {
		near |= f->confidence >= 0.5 * best[f->symptoms[k]];
		top |= f->confidence >= best[f->symptoms[k]];
		words &= (flags[f->symptoms[k]] & REC_COMPLAINT) != 0;
	}
	/* the ticket's words alone are no error: they need evidence */
	return near && (proof || (top && !words));
}

/* The findings worth reporting move into a; the others stay in fs (rule
 * kept) as candidates for the errors left unexplained.  explained[i] is
 * set for their symptoms. */
static void
keep_findings(struct analysis *a, struct model *m, struct finding *fs, size_t n, size_t nbase,
	      unsigned char *explained)
{
	const struct store *st = m->st;
	double *best = xcalloc(nbase ? nbase : 1, sizeof(*best));
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; fs[i].rule && k < fs[i].nsymptoms; k++)
			if (fs[i].confidence > best[fs[i].symptoms[k]])
				best[fs[i].symptoms[k]] = fs[i].confidence;
	for (size_t i = 0; i < n; i++) {
		struct finding *f = &fs[i];
		if (!engine_keep(f, best, m->flags))
			continue;
		qsort_r(f->symptoms, f->nsymptoms, sizeof(*f->symptoms), cmp_sym_time, (void *)st);
		qsort(f->ids, f->nids, sizeof(*f->ids), cmp_u32);
		for (size_t k = 0; k < f->nsymptoms; k++)
			explained[f->symptoms[k]] = 1;
		/* an error it cites in its support (the wrong passwords before a
		 * lockout) is part of the same story */
		for (size_t k = 0; k < f->nevidence; k++)
			if (!f->evidence[k].refutes && !f->evidence[k].resolves &&
			    f->evidence[k].rec < nbase && (m->flags[f->evidence[k].rec] & REC_ERROR))
				explained[f->evidence[k].rec] = 1;
		GROW_BY_COUNT(a->findings, a->nfindings);
		a->findings[a->nfindings++] = *f;
		f->rule = NULL;	/* moved */
	}
	free(best);
	if (a->nfindings)
		qsort(a->findings, a->nfindings, sizeof(*a->findings), engine_order);
}

/* A kept symptom: whose, when, of which finding, from which file. */
struct moment {
	uint32_t who;
	int64_t time;
	uint32_t finding;
	uint32_t input;
};

static int
cmp_moment(const void *a, const void *b)
{
	const struct moment *x = a, *y = b;
	if (x->who != y->who)
		return x->who < y->who ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->finding < y->finding ? -1 : x->finding > y->finding;
}

/* Within this of a finding's symptom, the same person's error in another
 * file is the same failure seen from another side (the client's
 * invalid_grant and Login History's "Invalid Password" of one login). */
#define SAME_MOMENT_MS 2000

/* Errors no finding explains, of a person a finding is about, at the
 * moment of one of its symptoms but written by another file: that
 * failure seen again, one of the finding's symptoms (the most likely
 * finding's, when several fit). */
static void
same_moment(struct analysis *a, struct model *m, const uint32_t *errs, size_t nerrs,
	    unsigned char *explained, size_t *added)
{
	const struct store *st = m->st;
	struct moment *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t k = 0; k < a->nfindings; k++)
		for (size_t q = 0; q < a->findings[k].nsymptoms; q++) {
			uint32_t sym = a->findings[k].symptoms[q];
			const struct record *r = store_get(st, sym);
			uint32_t who = model_rec_identity(m, sym);
			if (who == NO_ID || r->time == TIME_NONE || (m->flags[sym] & REC_COMPLAINT))
				continue;
			GROW(v, n, cap);
			v[n++] = (struct moment){who, r->time, (uint32_t)k, r->input};
		}
	if (n == 0) {
		free(v);
		return;
	}
	/* in place (a moment per symptom: as many as the errors); which
	 * moments are equal in the order does not change what is found */
	sort_in_place(v, n, sizeof(*v), cmp_moment);
	for (size_t i = 0; i < nerrs; i++) {
		uint32_t e = errs[i];
		const struct record *r = store_get(st, e);
		if (explained[e] || r->time == TIME_NONE || (m->flags[e] & REC_COMPLAINT))
			continue;
		uint32_t who = model_rec_identity(m, e);
		if (who == NO_ID)
			continue;
		/* the first moment of this person not before time - SAME_MOMENT_MS */
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (v[mid].who < who || (v[mid].who == who && v[mid].time < r->time - SAME_MOMENT_MS))
				lo = mid + 1;
			else
				hi = mid;
		}
		uint32_t best = NO_ID;
		for (size_t j = lo; j < n && v[j].who == who && v[j].time <= r->time + SAME_MOMENT_MS; j++)
			if (v[j].input != r->input && (best == NO_ID || v[j].finding < best))
				best = v[j].finding;
		if (best == NO_ID)
			continue;
		struct finding *f = &a->findings[best];
		GROW_BY_COUNT(f->symptoms, f->nsymptoms);
		f->symptoms[f->nsymptoms++] = e;
		added[best]++;
		if (r->time > f->last)
			f->last = r->time;
		if (r->time < f->first)
			f->first = r->time;
		explained[e] = 1;
	}
	free(v);
}

/* An error of the same request as a finding's symptom (the banner shown
 * after the sign-in failed, with the same correlation id), or of the same
 * person at the same moment in another file, is that failure seen again:
 * one of the finding's symptoms. */
static void
join_same_request(struct analysis *a, struct model *m, const uint32_t *errs, size_t nerrs,
		  unsigned char *explained)
{
	const struct store *st = m->st;
	struct u32map by_corr = {0}, corr_sym = {0};	/* correlation id -> finding, symptom */
	for (size_t k = 0; k < a->nfindings; k++)
		for (size_t q = 0; q < a->findings[k].nsymptoms; q++) {
			uint32_t sym = a->findings[k].symptoms[q];
			uint32_t cid = store_get(st, sym)->field[F_CORRELATION_ID];
			if (cid && u32map_get(&by_corr, cid) == NO_ID) {
				u32map_put(&by_corr, cid, (uint32_t)k);
				u32map_put(&corr_sym, cid, sym);
			}
		}
	size_t *added = xcalloc(a->nfindings ? a->nfindings : 1, sizeof(*added));
	for (size_t i = 0; i < nerrs && by_corr.n; i++) {
		uint32_t e = errs[i];
		const struct record *r = store_get(st, e);
		uint32_t cid = r->field[F_CORRELATION_ID];
		if (explained[e] || !cid || (m->flags[e] & REC_COMPLAINT))
			continue;
		uint32_t k = u32map_get(&by_corr, cid);
		if (k == NO_ID)
			continue;
		uint32_t who = model_rec_identity(m, e);
		uint32_t sw = model_rec_identity(m, u32map_get(&corr_sym, cid));
		if (who != NO_ID && sw != NO_ID && who != sw)
			continue;
		struct finding *f = &a->findings[k];
		GROW_BY_COUNT(f->symptoms, f->nsymptoms);
		f->symptoms[f->nsymptoms++] = e;
		added[k]++;
		if (r->time != TIME_NONE && r->time > f->last)
			f->last = r->time;
		explained[e] = 1;
	}
	same_moment(a, m, errs, nerrs, explained, added);
	for (size_t k = 0; k < a->nfindings; k++)
		if (added[k]) {
			qsort_r(a->findings[k].symptoms, a->findings[k].nsymptoms,
				sizeof(*a->findings[k].symptoms), cmp_sym_time, (void *)st);
		}
	free(added);
	u32map_free(&by_corr);
	u32map_free(&corr_sym);
}

static int
cmp_candidate(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	return strcmp(x->rule->id, y->rule->id);
}

/* Every error no finding explains, grouped; each group with the findings
 * left out that matched it (one per rule, the most likely), as candidate
 * causes with what refuted them and what is missing. */
static void
list_unexplained(struct analysis *a, struct model *m, const uint32_t *errs, size_t nerrs,
		 const unsigned char *explained, struct finding *fs, size_t nfs, size_t nbase,
		 const struct book *book)
{
	uint32_t *group = xmalloc((nbase ? nbase : 1) * sizeof(*group));
	for (size_t i = 0; i < nbase; i++)
		group[i] = NO_ID;
	for (size_t i = 0; i < nerrs; i++) {
		if (explained[errs[i]])
			continue;
		/* the ticket's own words are no error: a rule may take them as
		 * its symptom, but they are never listed as unexplained */
		if (m->flags[errs[i]] & REC_COMPLAINT)
			continue;
		group[errs[i]] = (uint32_t)add_unexplained(a, m, errs[i]);
	}
	for (size_t i = 0; i < nfs; i++) {
		struct finding *f = &fs[i];
		if (f->rule == NULL)
			continue;
		uint32_t g = NO_ID;
		for (size_t k = 0; k < f->nsymptoms && g == NO_ID; k++)
			g = group[f->symptoms[k]];
		if (g == NO_ID) {
			finding_free(f);
			continue;
		}
		struct unexplained *u = &a->unexplained[g];
		size_t j;
		for (j = 0; j < u->ncandidates; j++)
			if (u->candidates[j].rule == f->rule)
				break;
		if (j < u->ncandidates) {
			/* one per rule: the more likely */
			if (f->confidence > u->candidates[j].confidence) {
				finding_free(&u->candidates[j]);
				u->candidates[j] = *f;
			} else {
				finding_free(f);
			}
			continue;
		}
		GROW_BY_COUNT(u->candidates, u->ncandidates);
		u->candidates[u->ncandidates++] = *f;
	}
	for (size_t g = 0; g < a->nunexplained; g++)
		if (a->unexplained[g].ncandidates > 1)
			qsort(a->unexplained[g].candidates, a->unexplained[g].ncandidates,
			      sizeof(*a->unexplained[g].candidates), cmp_candidate);
	/* what the error book knows of each */
	for (size_t g = 0; book && book->n && g < a->nunexplained; g++) {
		char *text = error_text(m->st, store_get(m->st, a->unexplained[g].rec));
		size_t nh = 0;
		struct book_hit *hits = book_lookup(book, text, &nh);
		if (nh)
			a->unexplained[g].recognised = hits[0].entry;
		else
			a->unexplained[g].family = book_recognise(book, text);
		free(hits);
		free(text);
	}
	free(group);
}

struct engine_plan {
	struct cand *cands;
	size_t n;
	size_t *back;		/* the spilled records brought back, in order */
	size_t nback;
};

struct engine_plan *
analysis_demands(struct model *m, const struct ruleset *rs, const struct engine_filter *flt)
{
	struct analysis a;
	memset(&a, 0, sizeof(a));
	size_t nerrs;
	uint32_t *errs = errors_in_view(&a, m, flt, &nerrs);
	struct engine_plan *p = xcalloc(1, sizeof(*p));
	p->cands = candidates(m, rs, errs, nerrs, &p->n);
	free(errs);
	for (size_t i = 0; i < p->n; i++) {
		const struct cand *c = &p->cands[i];
		const struct rule *rule = &rs->v[c->rule];
		int64_t first, last;
		sym_window(m, c, &first, &last);
		for (size_t k = 0; k < rule->nevidence; k++) {
			const struct evidence *e = &rule->evidence[k];
			if (check_on_symptoms(e))
				continue;
			for (size_t q = 0; q <= e->non_more; q++) {
				uint32_t kind = store_lookup(m->st, q ? e->on_more[q - 1] : e->on);
				if (kind)
					demand(m, e, c, first, last, kind);
			}
		}
	}
	return p;
}

void
engine_plan_moved(struct engine_plan *p, const uint32_t *moved)
{
	for (size_t i = 0; moved && i < p->n; i++)
		for (size_t k = 0; k < p->cands[i].nsym; k++)
			p->cands[i].sym[k] = moved[p->cands[i].sym[k]];
}

void
engine_plan_free(struct engine_plan *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->cands[i].sym);
	free(p->cands);
	free(p->back);
	free(p);
}

struct engine_plan *
analysis_prepare(struct model *m, struct store *st, const struct inputs *ins,
		 const struct ruleset *rs, const struct engine_filter *flt)
{
	model_build(m, st, ins);
	if (m->nspilled == 0)
		return NULL;
	struct engine_plan *p = analysis_demands(m, rs, flt);
	p->back = model_wanted(m, &p->nback);
	if (p->nback == 0)
		return p;
	model_free(m);
	uint32_t *moved;
	if (store_unspill(st, p->back, p->nback, &moved) < 0)
		fatal("the temporary file of large inputs could not be read back: %s",
		      strerror(errno));
	engine_plan_moved(p, moved);
	free(moved);
	model_build(m, st, ins);
	return p;
}

size_t
engine_plan_missed(struct model *m, const struct engine_plan *p, size_t *nback)
{
	size_t n, missed = 0;
	size_t *v = model_wanted(m, &n);
	size_t nb = p ? p->nback : 0;
	for (size_t i = 0, j = 0; i < n; i++) {
		while (j < nb && p->back[j] < v[i])
			j++;
		missed += j == nb || p->back[j] != v[i];
	}
	free(v);
	*nback = nb;
	return missed;
}

void
analysis_run(struct analysis *a, struct model *m, const struct ruleset *rs,
	     const struct engine_filter *flt)
{
	analysis_run_plan(a, m, rs, flt, NULL);
}

void
analysis_run_plan(struct analysis *a, struct model *m, const struct ruleset *rs,
		  const struct engine_filter *flt, struct engine_plan *plan)
{
	memset(a, 0, sizeof(*a));
	size_t nbase = m->nrec;
	size_t nerrs, ncands;
	uint32_t *errs = errors_in_view(a, m, flt, &nerrs);
	derive_for(m, errs, nerrs);
	struct cand *cands;
	if (plan) {
		/* the candidates were found before: the same errors */
		cands = plan->cands;
		ncands = plan->n;
		plan->cands = NULL;
		plan->n = 0;
	} else {
		cands = candidates(m, rs, errs, nerrs, &ncands);
	}
	size_t nfs;
	struct finding *fs = evaluate_all(m, rs, cands, ncands, &nfs);
	free(cands);
	for (size_t i = 0; i < nfs; i++)
		fill_fix(&fs[i], m);
	unsigned char *explained = xcalloc(nbase ? nbase : 1, 1);
	keep_findings(a, m, fs, nfs, nbase, explained);
	join_same_request(a, m, errs, nerrs, explained);
	list_unexplained(a, m, errs, nerrs, explained, fs, nfs, nbase, &rs->book);
	free(fs);
	free(explained);
	free(errs);
}
