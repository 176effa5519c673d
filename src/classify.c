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
		"50126", "50140", "50199", "81010", "81012", "700082", NULL,
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
		if (msg && (shown_error(msg) || (level == NULL && console_error(msg))))
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

struct timed {
	uint64_t key;
	int64_t time;
};

static int
cmp_timed(const void *a, const void *b)
{
	const struct timed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->time > y->time) - (x->time < y->time);
}

/* Is there an entry with key in (t, t + within]? */
static int
later(const struct timed *v, size_t n, uint64_t key, int64_t t, int64_t within)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].key < key || (v[mid].key == key && v[mid].time <= t))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].key == key && (within < 0 || v[lo].time - t <= within);
}

#define RECOVER_WINDOW (30LL * 60 * 1000)

void
model_mark_recovered(struct model *m)
{
	struct store *st = m->st;
	struct timed *by_user = NULL, *by_corr = NULL;
	size_t nu = 0, nc = 0, capu = 0, capc = 0;
	for (size_t i = 0; i < m->nrec; i++) {
		if (!(m->flags[i] & REC_SUCCESS))
			continue;
		const struct record *r = store_get(st, i);
		uint32_t id = model_rec_identity(m, i);
		uint32_t app = r->field[F_APP] ? app_key(st, store_str(st, r->field[F_APP])) : 0;
		if (id != NO_ID) {
			GROW(by_user, nu, capu);
			by_user[nu++] = (struct timed){((uint64_t)id << 32) | app, r->time};
		}
		if (r->field[F_CORRELATION_ID]) {
			GROW(by_corr, nc, capc);
			by_corr[nc++] = (struct timed){r->field[F_CORRELATION_ID], r->time};
		}
	}
	if (nu)
		qsort(by_user, nu, sizeof(*by_user), cmp_timed);
	if (nc)
		qsort(by_corr, nc, sizeof(*by_corr), cmp_timed);
	for (size_t i = 0; i < m->nrec; i++) {
		if (!(m->flags[i] & REC_ERROR))
			continue;
		const struct record *r = store_get(st, i);
		const char *kind = kind_of(st, r);
		int signin = strcmp(kind, "entra.signin") == 0;
		int login = strcmp(kind, "sf.login") == 0 || strcmp(kind, "m365.audit") == 0;
		if (!signin && !login)
			continue;
		if (r->field[F_CORRELATION_ID] &&
		    later(by_corr, nc, r->field[F_CORRELATION_ID], r->time, RECOVER_WINDOW)) {
			m->flags[i] |= REC_RECOVERED;
			continue;
		}
		const char *code = r->field[F_CODE] ? store_str(st, r->field[F_CODE]) : NULL;
		if (signin && !interrupt_code(code))
			continue;
		if (strcmp(kind, "m365.audit") == 0 && !interrupt_code(code))
			continue;
		uint32_t id = model_rec_identity(m, i);
		if (id == NO_ID)
			continue;
		uint32_t app = r->field[F_APP] ? app_key(st, store_str(st, r->field[F_APP])) : 0;
		if (later(by_user, nu, ((uint64_t)id << 32) | app, r->time, RECOVER_WINDOW))
			m->flags[i] |= REC_RECOVERED;
	}
	free(by_user);
	free(by_corr);
}
