/* classify.c - which records are errors a user saw, which are successes,
 * and which errors a success followed (recovered). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "model_int.h"
#include "util.h"

/* ---- error events --------------------------------------------------------- */

/* Entra codes that interrupt a sign-in the user then completes. */
static int
interrupt_code(const char *code)
{
	static const char *const codes[] = {
		"50058", "50072", "50074", "50076", "50079", "50097", "50125",
		"50126", "50140", "50199", "81010", "81012", "700082",
		/* a token or session to renew by signing in again: a sign-in
		 * frequency limit, an expired grant or flow, a password change */
		"70043", "70008", "50089", "50132", "50133", "50173", NULL,
	};
	if (code == NULL)
		return 0;
	if (strncasecmp(code, "AADSTS", 6) == 0)
		code += 6;
	for (size_t i = 0; codes[i]; i++)
		if (strcmp(code, codes[i]) == 0)
			return 1;
	return 0;
}

static int
error_level(const char *level)
{
	static const char *const levels[] = {
		"error", "err", "fatal", "critical", "crit", "severe", "failure",
		/* as localized clients write it */
		"fehler", "erreur", "errore", "erro", "fout", "kritisch", "critique", NULL,
	};
	for (size_t i = 0; level && levels[i]; i++)
		if (strcasecmp(level, levels[i]) == 0)
			return 1;
	return 0;
}

static int
quiet_level(const char *level)
{
	static const char *const levels[] = {
		"info", "information", "debug", "verbose", "trace", "warning", "warn",
		"medium", "monitorable", "unexpected", "log", "warnung", "avertissement",
		"avviso", "aviso", "waarschuwing", NULL,
	};
	for (size_t i = 0; level && levels[i]; i++)
		if (strcasecmp(level, levels[i]) == 0)
			return 1;
	return 0;
}

/* Texts the Office host and the add-ins put in front of a user when
 * something fails (KNOWLEDGE.md sections 1 and 7). */
static int
shown_error(const char *msg)
{
	static const char *const texts[] = {
		"ADD-IN ERROR", "Add-in error:", "APP ERROR", "App error:",
		"could not be started", "requires your review and confirmation",
		"Something went wrong", "There was a problem starting",
		"We couldn't sign you in", "Access denied for this user", NULL,
	};
	size_t n = strlen(msg);
	for (size_t i = 0; texts[i]; i++)
		if (mem_find_ci(msg, n, texts[i]))
			return 1;
	return 0;
}

/* A failed Windows call in the line: an HRESULT with its failure bit
 * ("HRESULT : 0x80070005", "hr=0x80004005") or a COM error name
 * (E_ACCESSDENIED) - the Office runtime logs these at level
 * "Unexpected". */
static int
failure_hresult(const char *msg)
{
	size_t n = strlen(msg);
	static const char *const names[] = {"E_ACCESSDENIED", "E_FAIL", "E_UNEXPECTED",
					    "E_OUTOFMEMORY", "E_ABORT", NULL};
	for (size_t i = 0; names[i]; i++) {
		const char *p = strstr(msg, names[i]);
		size_t k = p ? strlen(names[i]) : 0;
		if (p && (p == msg || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[k]) && p[k] != '_')
			return 1;
	}
	const char *h = mem_find_ci(msg, n, "HRESULT");
	if (h == NULL)
		h = mem_find_ci(msg, n, "hr=");
	if (h == NULL)
		return 0;
	const char *x = mem_find_ci(h, strlen(h), "0x8");
	if (x == NULL || x - h > 24)
		return 0;
	for (int i = 2; i < 10; i++)
		if (!isxdigit((unsigned char)x[i]))
			return 0;
	return 1;
}

/* "Error: ...", "Uncaught TypeError ...", after an optional
 * "taskpane.html:1 " source prefix. */
static int
console_error(const char *msg)
{
	const char *p = msg;
	const char *sp = strchr(p, ' ');
	if (sp && sp - p < 120) {
		const char *colon = memchr(p, ':', (size_t)(sp - p));
		if (colon && colon + 1 < sp && isdigit((unsigned char)colon[1]))
			p = sp + 1;
	}
	return strncmp(p, "Error:", 6) == 0 || strncmp(p, "Uncaught ", 9) == 0 ||
	       strncmp(p, "ERROR:", 6) == 0;
}

/* The extras model_classify reads (spill_policy_reads: a record that may
 * be spilled is classified before the others are interned). */
static const char *const classify_keys[] = {"statusKey", "benign", "level", "knownError", NULL};

unsigned
model_classify(const struct store *st, const struct record *r)
{
	if (r->time == TIME_NONE)
		return 0;
	const char *kind = kind_of(st, r);
	const char *code = r->field[F_CODE] ? store_str(st, r->field[F_CODE]) : NULL;
	const char *status = r->field[F_STATUS] ? store_str(st, r->field[F_STATUS]) : NULL;
	const char *msg = r->field[F_MESSAGE] ? store_str(st, r->field[F_MESSAGE]) : NULL;
	if (strcmp(kind, "entra.signin") == 0) {
		if (code == NULL || strcmp(code, "0") == 0)
			return REC_SUCCESS;
		return REC_ERROR;
	}
	if (strcmp(kind, "sf.login") == 0) {
		const char *key = get(st, r, "statusKey");
		if (key == NULL && status == NULL)
			return 0;
		if ((key && strcmp(key, "success") == 0) ||
		    (key == NULL && str_starts_with_ci(status, "success")))
			return REC_SUCCESS;
		return REC_ERROR;
	}
	if (strcmp(kind, "m365.audit") == 0) {
		if (msg && strcasecmp(msg, "UserLoginFailed") == 0)
			return REC_ERROR;
		if (msg && strcasecmp(msg, "UserLoggedIn") == 0)
			return REC_SUCCESS;
		return 0;
	}
	if (strcmp(kind, "log.line") == 0 || strcmp(kind, "addin.log") == 0 ||
	    strcmp(kind, "addin.console") == 0) {
		if (is_true(get(st, r, "benign")))
			return 0;
		const char *level = get(st, r, "level");
		if (error_level(level))
			return REC_ERROR;
		/* what Office and the add-ins show a user as an error, whatever
		 * level the log gives the line; a console line that is an error
		 * ("Error: ...", "Uncaught ...") where no level was parsed */
		if (msg && (shown_error(msg) || (level == NULL && console_error(msg)) ||
			    failure_hresult(msg)))
			return REC_ERROR;
		if (code && !quiet_level(level))
			return REC_ERROR;
		/* an error sentence users are shown (the scanner's list) */
		if (get(st, r, "knownError") && !quiet_level(level))
			return REC_ERROR;
		return 0;
	}
	if (strcmp(kind, "http.exchange") == 0) {
		if (code)
			return REC_ERROR;
		if (status && strtol(status, NULL, 10) >= 400)
			return REC_ERROR;
		return 0;
	}
	if (strcmp(kind, "ticket.note") == 0)
		return REC_ERROR | REC_COMPLAINT;
	return 0;
}

/* ---- success after an error ---------------------------------------------- */

#define RECOVER_WINDOW (30LL * 60 * 1000)

/* ---- retries in logs ---------------------------------------------------------------- */

/* What a log line is about: 1 signing in or a token ("token", "sign-in",
 * "login", "auth", "session", "credential", "connection"), else 0. */
static int
auth_operation(const char *msg)
{
	msg = skip_context_fields(msg);
	static const char *const words[] = {
		"token", "sign-in", "sign in", "signin", "signed in", "login", "log in", "logon",
		"logged in", "auth", "session", "credential", "connection", "connected", NULL,
	};
	size_t n = strlen(msg);
	for (size_t i = 0; words[i]; i++)
		if (mem_find_ci(msg, n, words[i]))
			return 1;
	return 0;
}

/* A log line that says an operation succeeded ("Interactive sign-in
 * completed", "Token acquired", "Salesforce connection active"), at a
 * level that is no warning or error. */
static int
log_success(const struct store *st, const struct record *r)
{
	const char *msg = r->field[F_MESSAGE] ? store_str(st, r->field[F_MESSAGE]) : NULL;
	const char *level = get(st, r, "level");
	if (msg == NULL || error_level(level) || r->field[F_CODE] ||
	    (level && (strcasecmp(level, "warning") == 0 || strcasecmp(level, "warn") == 0 ||
		       strcasecmp(level, "wrn") == 0)))
		return 0;
	static const char *const said[] = {
		"completed", "succeeded", "successful", "success", "acquired", "connected",
		"connection active", "signed in", "logged in", "authenticated", "established", NULL,
	};
	msg = skip_context_fields(msg);
	size_t n = strlen(msg);
	if (mem_find_ci(msg, n, "fail") || mem_find_ci(msg, n, "error") ||
	    mem_find_ci(msg, n, "not "))
		return 0;
	for (size_t i = 0; said[i]; i++)
		if (mem_find_ci(msg, n, said[i]))
			return auth_operation(msg);
	return 0;
}

#define RECUR_WINDOW (24LL * 60 * 60 * 1000)

/* Does error i come back in the file within a day after the success at
 * j, or come the same way within a day before it?  A sign-in that must
 * be redone every hour is a problem, not a retry that worked. */
static int
recurs(const struct model *m, size_t start, size_t i, size_t j, size_t end)
{
	const struct store *st = m->st;
	const struct record *r = store_get(st, i);
	const struct record *s = store_get(st, j);
	/* ... or came before, the same way */
	for (size_t k = start; k < i; k++) {
		const struct record *o = store_get(st, k);
		if (o->time == TIME_NONE || r->time - o->time > RECUR_WINDOW || o->time > r->time)
			continue;
		if ((m->flags[k] & REC_ERROR) && o->kind == r->kind &&
		    o->field[F_CODE] == r->field[F_CODE] && o->field[F_MESSAGE] == r->field[F_MESSAGE])
			return 1;
	}
	for (size_t k = j + 1; k < end; k++) {
		const struct record *o = store_get(st, k);
		if (o->time == TIME_NONE || o->time < s->time)
			continue;
		if (o->time - s->time > RECUR_WINDOW)
			break;
		if ((m->flags[k] & REC_ERROR) && o->kind == r->kind &&
		    o->field[F_CODE] == r->field[F_CODE] && o->field[F_MESSAGE] == r->field[F_MESSAGE])
			return 1;
	}
	return 0;
}

/* A failed sign-in or token request in a log, followed in the same file
 * within the window by a success of the same kind of operation for the
 * same person (or a line naming nobody), was retried and worked. */
static void
mark_retried(struct model *m)
{
	struct store *st = m->st;
	/* the log lines of each file in order: records of one entry are
	 * stored in the order read, so one pass per entry suffices */
	size_t start = 0;
	while (start < m->nrec) {
		uint32_t input = store_get(st, start)->input;
		size_t end = start;
		while (end < m->nrec && store_get(st, end)->input == input)
			end++;
		for (size_t i = start; i < end; i++) {
			const struct record *r = store_get(st, i);
			const char *kind = kind_of(st, r);
			if (!(m->flags[i] & REC_ERROR) || (m->flags[i] & REC_RECOVERED) ||
			    r->time == TIME_NONE ||
			    (strcmp(kind, "log.line") && strcmp(kind, "addin.log") &&
			     strcmp(kind, "addin.console")))
				continue;
			const char *msg = r->field[F_MESSAGE] ? store_str(st, r->field[F_MESSAGE]) : "";
			const char *code = r->field[F_CODE] ? store_str(st, r->field[F_CODE]) : "";
			if (!auth_operation(msg) && strncasecmp(code, "AADSTS", 6) != 0)
				continue;
			uint32_t who = model_rec_identity(m, i);
			for (size_t j = i + 1; j < end; j++) {
				const struct record *s = store_get(st, j);
				if (s->time == TIME_NONE || s->time < r->time)
					continue;
				if (s->time - r->time > RECOVER_WINDOW)
					break;
				if (m->flags[j] & REC_ERROR)
					break;	/* failed again before any success */
				if (!log_success(st, s))
					continue;
				uint32_t sw = model_rec_identity(m, j);
				if ((who == NO_ID || sw == NO_ID || who == sw) &&
				    !recurs(m, start, i, j, end))
					m->flags[i] |= REC_RECOVERED;
				break;
			}
		}
		start = end;
	}
}

/* The normalised app of a name id, cached (app_key interns). */
static uint32_t
app_key_of(struct store *st, struct u32map *cache, uint32_t app)
{
	return key_cached(st, cache, app, app_key);
}

static uint64_t
corr_hash(const struct store *st, uint32_t corr)
{
	const char *s = store_str(st, corr);
	return store_hash64(s, strlen(s));
}

/* What error i asks of the successes to count as recovered: bit 1, a
 * success with its correlation id (*corr, hashed); bit 2, one of its
 * person in its app (*who); 0, nothing (not an error, or not of a kind
 * that recovers). */
static int
recovery_keys(struct model *m, struct u32map *apps, size_t i, uint64_t *corr, uint64_t *who)
{
	struct store *st = m->st;
	if (!(m->flags[i] & REC_ERROR))
		return 0;
	const struct record *r = store_get(st, i);
	const char *kind = kind_of(st, r);
	int signin = strcmp(kind, "entra.signin") == 0;
	int login = strcmp(kind, "sf.login") == 0 || strcmp(kind, "m365.audit") == 0;
	if (!signin && !login)
		return 0;
	int asks = 0;
	if (r->field[F_CORRELATION_ID]) {
		*corr = corr_hash(st, r->field[F_CORRELATION_ID]);
		asks |= 1;
	}
	const char *code = r->field[F_CODE] ? store_str(st, r->field[F_CODE]) : NULL;
	if ((signin || strcmp(kind, "m365.audit") == 0) && !interrupt_code(code))
		return asks;
	uint32_t id = model_rec_identity(m, i);
	if (id == NO_ID)
		return asks;
	*who = ((uint64_t)id << 32) | app_key_of(st, apps, r->field[F_APP]);
	return asks | 2;
}

/* An error asking whether a success followed it: its key (a correlation
 * id's hash, or person and app), its time and record, and how long after
 * it the earliest success with the key came, in ms (NO_GAP: none yet, or
 * later than a gap can say, far past the window).  24 bytes: the asks of
 * a tenant's errors are the largest thing the model holds for a moment. */
struct ask {
	uint64_t key;
	int64_t time;
	uint32_t gap;
	uint32_t rec;
};

#define NO_GAP UINT32_MAX

/* The time of the earliest success after ask a, INT64_MAX if none. */
static int64_t
ask_next(const struct ask *a)
{
	return a->gap == NO_GAP || a->time == TIME_NONE ? INT64_MAX : a->time + a->gap;
}

/* Ask a's gap to a success at t (after it), if that is the earliest. */
static void
ask_told(struct ask *a, int64_t t)
{
	if (a->time == TIME_NONE || t <= a->time)
		return;
	uint64_t d = (uint64_t)t - (uint64_t)a->time;
	if (d < a->gap)
		a->gap = (uint32_t)d;
}

static int
cmp_ask(const void *a, const void *b)
{
	const struct ask *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return (x->rec > y->rec) - (x->rec < y->rec);
}

/* A success with key at time t: the last error with the key before t
 * remembers it, if it is the earliest so far.  Once every success was
 * told, suffix_next() hands it on to the errors before (a success after
 * a later error is after them too). */
static void
tell_success(struct ask *v, size_t n, uint64_t key, int64_t t)
{
	size_t lo = 0, hi = n;	/* the first ask at or after (key, t) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].key < key || (v[mid].key == key && v[mid].time < t))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && v[lo - 1].key == key)
		ask_told(&v[lo - 1], t);
}

/* Each ask's next: the earliest success after it, from its own and those
 * of the later asks with the same key. */
static void
suffix_next(struct ask *v, size_t n)
{
	int64_t run = INT64_MAX;
	for (size_t i = n; i-- > 0;) {
		if (i + 1 < n && v[i + 1].key != v[i].key)
			run = INT64_MAX;
		if (run != INT64_MAX)
			ask_told(&v[i], run);
		if (ask_next(&v[i]) < run)
			run = ask_next(&v[i]);
	}
}

static void
mark_asks(struct model *m, const struct ask *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].time != TIME_NONE && v[i].gap <= RECOVER_WINDOW)
			m->flags[v[i].rec] |= REC_RECOVERED;
}

void
model_mark_recovered(struct model *m)
{
	struct store *st = m->st;
	struct u32map apps = {0};
	/* what the errors ask, first; then every success, in memory or
	 * spilled, is told to the error it may follow: what this holds
	 * follows the errors, whatever the number of successes */
	struct ask *by_user = NULL, *by_corr = NULL;
	size_t nu = 0, nc = 0;
	for (size_t i = 0; i < m->nrec; i++) {
		uint64_t corr = 0, who = 0;
		int asks = recovery_keys(m, &apps, i, &corr, &who);
		int64_t t = store_get(st, i)->time;
		if (asks & 1) {
			GROW_BY_COUNT(by_corr, nc);
			by_corr[nc++] = (struct ask){corr, t, NO_GAP, (uint32_t)i};
		}
		if (asks & 2) {
			GROW_BY_COUNT(by_user, nu);
			by_user[nu++] = (struct ask){who, t, NO_GAP, (uint32_t)i};
		}
	}
	/* in place: qsort() would take a copy of them for a moment */
	sort_in_place(by_user, nu, sizeof(*by_user), cmp_ask);
	sort_in_place(by_corr, nc, sizeof(*by_corr), cmp_ask);
	for (size_t i = 0; nu + nc && i < m->nrec; i++) {
		if (!(m->flags[i] & REC_SUCCESS))
			continue;
		const struct record *r = store_get(st, i);
		uint32_t id = model_rec_identity(m, i);
		if (id != NO_ID && nu)
			tell_success(by_user, nu, ((uint64_t)id << 32) |
					  app_key_of(st, &apps, r->field[F_APP]), r->time);
		if (r->field[F_CORRELATION_ID] && nc)
			tell_success(by_corr, nc, corr_hash(st, r->field[F_CORRELATION_ID]),
				     r->time);
	}
	/* the successes spilled: what recovery needs of them stayed */
	struct spilled_iter it;
	store_spilled_begin(st, &it, nu + nc ? 0 : store_nspilled(st));
	for (const struct spilled *sp; (sp = store_spilled_next(&it)) != NULL;) {
		uint32_t id = model_name_identity(m, sp->user);
		if (id != NO_ID && nu)
			tell_success(by_user, nu, ((uint64_t)id << 32) |
					  app_key_of(st, &apps, sp->app), sp->time);
		if (sp->corr && nc)
			tell_success(by_corr, nc, sp->corr, sp->time);
	}
	store_spilled_end(&it);
	suffix_next(by_user, nu);
	suffix_next(by_corr, nc);
	mark_asks(m, by_corr, nc);
	mark_asks(m, by_user, nu);
	free(by_user);
	free(by_corr);
	u32map_free(&apps);
	mark_retried(m);
}

/* ---- what analyze may spill --------------------------------------------------- */

enum { KEY_OTHER = 1, KEY_NAME, KEY_ID, KEY_ABOUT };

struct spill_policy {
	struct u32map keys;	/* key id -> KEY_* */
	uint64_t *seen;		/* (file, kind, names) signatures, 0 = empty */
	size_t nseen, capseen;
};

struct spill_policy *
spill_policy_new(void)
{
	return xcalloc(1, sizeof(struct spill_policy));
}

void
spill_policy_free(struct spill_policy *p)
{
	if (p == NULL)
		return;
	u32map_free(&p->keys);
	free(p->seen);
	free(p);
}

/* What a field says of identity: a name the model links (KEY_NAME), the
 * person the record is about (KEY_ABOUT), or nothing. */
static unsigned
key_class(struct spill_policy *p, const struct store *st, uint32_t key)
{
	uint32_t c = u32map_get(&p->keys, key);
	if (c != NO_ID)
		return c;
	/* what link_record() and link_display_names() read of these kinds */
	static const char *const names[] = {
		"userId", "userDisplayName", "UserId", "USER_ID_DERIVED", "USER_ID", "mail",
		"deskUserId", NULL,
	};
	const char *k = store_str(st, key);
	/* an object id links; Purview's other user keys (PUIDs) do not */
	c = strcmp(k, "UserKey") == 0 ? KEY_ID : KEY_OTHER;
	for (size_t i = 0; names[i] && c == KEY_OTHER; i++)
		if (strcmp(k, names[i]) == 0)
			c = KEY_NAME;
	for (size_t i = 0; about_fields[i] && c == KEY_OTHER; i++)
		if (strcmp(k, about_fields[i]) == 0)
			c = KEY_ABOUT;
	/* a key first seen in this record loses its id if it is spilled */
	if (key < store_first_new(st))
		u32map_put(&p->keys, key, c);
	return c;
}

/* Add signature s; 1 if it is new. */
static int
seen_add(struct spill_policy *p, uint64_t s)
{
	if (p->nseen * 2 >= p->capseen) {
		size_t cap = p->capseen ? p->capseen * 2 : 1024;
		uint64_t *t = xcalloc(cap, sizeof(*t));
		for (size_t i = 0; i < p->capseen; i++) {
			if (p->seen[i] == 0)
				continue;
			size_t h = p->seen[i] & (cap - 1);
			while (t[h])
				h = (h + 1) & (cap - 1);
			t[h] = p->seen[i];
		}
		free(p->seen);
		p->seen = t;
		p->capseen = cap;
	}
	size_t h = s & (p->capseen - 1);
	while (p->seen[h]) {
		if (p->seen[h] == s)
			return 0;
		h = (h + 1) & (p->capseen - 1);
	}
	p->seen[h] = s;
	p->nseen++;
	return 1;
}

int
spill_policy_reads(void *ud, const struct store *st, uint32_t key)
{
	if (key_class(ud, st, key) != KEY_OTHER)
		return 1;
	const char *k = store_str(st, key);
	for (size_t i = 0; classify_keys[i]; i++)
		if (strcmp(k, classify_keys[i]) == 0)
			return 1;
	return 0;
}

int
spill_policy_keep(void *ud, const struct store *st, const struct record *r, uint32_t *about)
{
	struct spill_policy *p = ud;
	const char *kind = kind_of(st, r);
	if (strcmp(kind, "entra.signin") && strcmp(kind, "sf.login") && strcmp(kind, "m365.audit"))
		return 1;
	/* the file, the kind and the names */
	uint64_t sig = mix64(((uint64_t)r->input << 32) | r->kind);
	static const enum field named[] = {F_USER, F_TENANT, F_ORG};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		sig += mix64(((uint64_t)named[i] << 32) | r->field[named[i]]);
	const char *user = r->field[F_USER] ? store_str(st, r->field[F_USER]) : NULL;
	int others = 0;
	struct extras kv = rec_extras(st, r);
	for (uint32_t e = 0; e < r->nextra; e++) {
		unsigned c = key_class(p, st, kv.key[e]);
		if (c == KEY_NAME || (c == KEY_ID && strchr(store_str(st, kv.value[e]), '-')))
			sig += mix64(((uint64_t)(kv.key[e] | 0x80000000u) << 32) | kv.value[e]);
		/* another person it may be about: one is remembered */
		if (c == KEY_ABOUT && kv.value[e] != *about &&
		    (user == NULL || strcasecmp(store_str(st, kv.value[e]), user) != 0)) {
			*about = kv.value[e];
			others++;
		}
	}
	sig = mix64(sig) | 1;
	if (seen_add(p, sig))
		return 1;
	return user == NULL || others > 1 || model_classify(st, r) != REC_SUCCESS;
}
