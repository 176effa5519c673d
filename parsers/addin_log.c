/*
 * addin_log.c - Outlook and Office add-in logs, and any other log whose
 * lines start with a timestamp:
 *
 *   addin.runtime_log  the Office "Web Add-In Runtime Logging" file
 *                      (date time TAB level TAB category TAB message)
 *   addin.client_log   add-in client logs (Copilot for Sales: SPServiceException
 *                      lines with an inner JSON error)
 *   addin.sfo_trace    legacy Salesforce for Outlook Trace.log / AddinTrace.log
 *                      (log4net: date [thread] LEVEL logger - message)
 *   addin.diagnostics  copied "diagnostic details" blocks (Key: value lines)
 *   log.timestamped    any other timestamped log (ISO 8601, log4net, syslog,
 *                      US / European dates)
 *
 * The first four become addin.log records (extra source = runtime, client,
 * sfo, diagnostics), the last log.line records.
 *
 * Lines and records: a line that starts with a timestamp starts a record.
 * A line without one continues the record before it (stack traces,
 * wrapped JSON, pasted details): its text is appended to the record's
 * message (up to CONTINUATION_MAX bytes) and counted in the extra
 * `continued`.  A line before the first timestamped line is a record of
 * its own, without a time.  Blank lines are skipped.  Diagnostics blocks
 * are one record per block of non-blank lines.
 *
 * Times: ISO 8601 (with or without a zone), log4net's comma fraction,
 * syslog "Nov 24 09:14:03" (the year from a full date elsewhere in the
 * first lines, else no time and the extra clockTime), and short dates
 * M/d/yyyy or d/M/yyyy, whose order is decided per file from the values:
 * a first number over 12 means day first, a second over 12 month first.
 * Lines are held back (at most QUEUE_MAX_LINES lines / QUEUE_MAX_BYTES)
 * until the order is known; if it never is, month first, with one
 * warning.  Zone-less times are local to --tz (one warning per file).
 *
 * Every record gets what its text says (textscan.h): code, message, user,
 * app, correlation_id, and extras such as addinId, knownError, level.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"
#include "textscan.h"
#include "timefmt.h"

#define CONTINUATION_MAX (64u << 10)	/* continuation text kept per record */

enum logfmt { LOG_RUNTIME, LOG_CLIENT, LOG_SFO, LOG_DIAGNOSTICS, LOG_GENERIC };

static const struct {
	const char *format;
	enum logfmt fmt;
	const char *kind;
	const char *source;
} formats[] = {
	{"addin.runtime_log", LOG_RUNTIME, "addin.log", "runtime"},
	{"addin.client_log", LOG_CLIENT, "addin.log", "client"},
	{"addin.sfo_trace", LOG_SFO, "addin.log", "sfo"},
	{"addin.diagnostics", LOG_DIAGNOSTICS, "addin.log", "diagnostics"},
	{"log.timestamped", LOG_GENERIC, "log.line", NULL},
};

/* ---- timestamps at the start of a line ------------------------------------------ */

enum stamp_kind { STAMP_NONE, STAMP_TIME, STAMP_SYSLOG };

struct stamp {
	enum stamp_kind kind;
	size_t start, end;	/* the time text */
	size_t rest;		/* where the line goes on after it */
	int month, day;		/* syslog: the date without a year ... */
	size_t clock_start, clock_end;	/* ... and the time of day */
	int syslog_year;	/* the year, when the stamp has one */
};


/* The value of k digits at s. */
static int
digits_value(const char *s, size_t k)
{
	int v = 0;
	for (size_t i = 0; i < k; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* h:mm[:ss[.fff]] at i; returns the end or 0. */
static size_t
clock_at(const char *s, size_t n, size_t i, int short_hour)
{
	size_t h = digits_run(s, n, i);
	if (h < (short_hour ? 1u : 2u) || h > 2 || i + h >= n || s[i + h] != ':')
		return 0;
	i += h + 1;
	if (digits_run(s, n, i) != 2)
		return 0;
	i += 2;
	if (i < n && s[i] == ':' && digits_run(s, n, i + 1) == 2) {
		i += 3;
		if (i < n && (s[i] == '.' || s[i] == ',') && digits_run(s, n, i + 1) > 0)
			i += 1 + digits_run(s, n, i + 1);
	}
	return i;
}

static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static int
month_at(const char *s, size_t n, size_t i)
{
	if (i + 4 > n || s[i + 3] != ' ')
		return 0;
	for (int m = 0; m < 12; m++)
		if (strncmp(s + i, month_names[m], 3) == 0)
			return m + 1;
	return 0;
}

/* Nov 24 09:14:03[.fff][ 2026] */
static size_t
syslog_at(const char *s, size_t n, size_t i, struct stamp *st)
{
	int month = month_at(s, n, i);
	if (month == 0)
		return 0;
	size_t p = i + 4;
	if (p < n && s[p] == ' ')
		p++;
	size_t d = digits_run(s, n, p);
	if (d < 1 || d > 2 || p + d >= n || s[p + d] != ' ')
		return 0;
	size_t e = clock_at(s, n, p + d + 1, 0);
	if (e == 0)
		return 0;
	st->month = month;
	st->day = digits_value(s + p, d);
	st->clock_start = p + d + 1;
	st->clock_end = e;
	st->syslog_year = 0;
	if (e + 5 <= n && s[e] == ' ' && digits_run(s, n, e + 1) == 4 &&
	    (e + 5 == n || !isdigit((unsigned char)s[e + 5]))) {
		st->syslog_year = digits_value(s + e + 1, 4);
		e += 5;
	}
	return e;
}

/* Syslog's "<34>" priority and RFC 5424's version "1 " before the time. */
static size_t
skip_priority(const char *s, size_t n)
{
	if (n < 3 || s[0] != '<')
		return 0;
	size_t d = digits_run(s, n, 1);
	if (d < 1 || d > 3 || 1 + d >= n || s[1 + d] != '>')
		return 0;
	size_t i = d + 2;
	if (i + 1 < n && s[i] == '1' && s[i + 1] == ' ')
		i += 2;
	return i;
}

/* Does the line start with a timestamp?  Fills st. */
static int
stamp_scan(const char *s, size_t n, struct stamp *st)
{
	memset(st, 0, sizeof(*st));
	size_t i = skip_priority(s, n);
	int bracket = i < n && s[i] == '[';
	i += (size_t)bracket;
	size_t e;
	struct time_read tr;
	if (time_at(s + i, n - i, DATE_MDY, NULL, &tr) == 0 && !(tr.flags & TIME_NO_TIME)) {
		st->kind = STAMP_TIME;
		e = i + tr.len;
	} else if ((e = syslog_at(s, n, i, st)) > 0) {
		st->kind = STAMP_SYSLOG;
	} else {
		return 0;
	}
	st->start = i;
	st->end = e;
	if (bracket) {
		while (e < n && s[e] == ' ')
			e++;
		if (e >= n || s[e] != ']')
			return 0;
		e++;
	}
	st->rest = e;
	return 1;
}

/* ---- levels --------------------------------------------------------------------- */

static const char *const levels[] = {
	"TRACE", "TRC", "DEBUG", "DBG", "VERBOSE", "VRB", "INFO", "INF", "INFORMATION",
	"NOTICE", "WARN", "WRN", "WARNING", "ERROR", "ERR", "FATAL", "FTL", "CRITICAL",
	"CRIT", "SEVERE", "ALERT", "EMERG", "EMERGENCY",
	/* localized clients */
	"FEHLER", "WARNUNG", "ERREUR", "AVERTISSEMENT", "ERRORE", "AVVISO", "FOUT",
	"WAARSCHUWING", "ERRO", "AVISO", NULL,
};

/* Is s[0..n) a level word ("ERROR", "[Info]", "<warn>", "ERROR:")?  Sets
 * the span of the word itself. */
static int
level_word(const char *s, size_t n, size_t *ws, size_t *wn)
{
	size_t a = 0, b = n;
	if (b && (s[0] == '[' || s[0] == '<' || s[0] == '('))
		a++;
	if (b > a && (s[b - 1] == ']' || s[b - 1] == '>' || s[b - 1] == ')' || s[b - 1] == ':'))
		b--;
	for (size_t i = 0; levels[i]; i++) {
		if (strlen(levels[i]) == b - a && strncasecmp(s + a, levels[i], b - a) == 0) {
			*ws = a;
			*wn = b - a;
			return 1;
		}
	}
	return 0;
}

/* The next space-separated token at *p; returns its length (0 at the end). */
static size_t
token(const char *s, size_t n, size_t *p)
{
	while (*p < n && (s[*p] == ' ' || s[*p] == '\t'))
		(*p)++;
	size_t e = *p;
	while (e < n && s[e] != ' ' && s[e] != '\t')
		e++;
	return e - *p;
}

/* ---- the job ------------------------------------------------------------------------- */

/* One record being built: its first line and any continuation lines. */
struct entry {
	int active;
	uint64_t line;
	int stamped;
	struct stamp stamp;
	struct buf text;	/* first line, then "\n" + each continuation line */
	size_t first_len;
	uint64_t continued;
	int truncated;
};

struct logjob {
	struct parse_ctx *c;
	enum logfmt fmt;
	const char *kind;
	const char *source;
	/* the year of syslog stamps that carry none */
	int year;
	int year_needed;
	int seen_stamp;
	/* lines held back until those are decided */
	struct line_queue held;
	int holding;
	struct entry cur;
	int warned_year;
	/* the runtime log's benign pair */
	int prev_host_list;
	char prev_addin[FIND_ID_LEN];
};

/* The time of a stamp, or -1 (then clockTime may be set for syslog). */
static int
stamp_time(struct logjob *j, const char *s, const struct stamp *sp, uint64_t line,
	   int64_t *ms)
{
	char text[80];
	size_t n = sp->end - sp->start;
	if (n >= 48)
		return -1;
	if (sp->kind == STAMP_SYSLOG) {
		int year = sp->syslog_year ? sp->syslog_year : j->year;
		if (year == 0)
			return -1;
		snprintf(text, sizeof(text), "%04d-%02d-%02dT%.*s", year, sp->month, sp->day,
			 (int)(sp->clock_end - sp->clock_start), s + sp->clock_start);
	} else {
		memcpy(text, s + sp->start, n);
		text[n] = '\0';
	}
	*ms = pctx_time(j->c, text, strlen(text), line, 0);
	if (*ms != TIME_NONE)
		return 0;
	return -1;
}

/* ---- the window of held lines ---------------------------------------------------------- */

/* Learn what a held line says about the whole file. */
static void
window_inspect(struct logjob *j, const char *s, size_t n)
{
	struct stamp sp;
	int y, m, d;
	if (j->year == 0 && find_iso_date(s, n, &y, &m, &d))
		j->year = y;	/* for syslog stamps without one */
	if (n == 0 || isspace((unsigned char)s[0]) || !stamp_scan(s, n, &sp))
		return;
	j->seen_stamp = 1;
	if (sp.kind == STAMP_SYSLOG && sp.syslog_year == 0 && j->year == 0)
		j->year_needed = 1;
}

static int
window_decided(const struct logjob *j)
{
	return j->seen_stamp && (!j->year_needed || j->year != 0);
}

/* The window closes: settle what is still open, with warnings. */
static void
window_close(struct logjob *j)
{
	if (j->year_needed && j->year == 0 && !j->warned_year++)
		pctx_warn_line(j->c, j->held.n ? j->held.v[0].lineno : 0,
			       "syslog times carry no year and no date in the first lines gives "
			       "one; records kept without a time (time of day in clockTime)");
	j->holding = 0;
}

/* ---- the header of a line: thread, level, category, logger ------------------------------ */

static void
set_span(struct store *st, const char *name, const char *s, size_t n)
{
	trim_span(&s, &n);
	if (n)
		rec_set(st, name, s, n);
}

/* logfmt / JSON style "level=error", "\"level\":\"error\"". */
static void
keyed_level(struct store *st, const char *s, size_t n)
{
	const char *k = mem_find_ci(s, n, "level");
	if (k == NULL || (k > s && isalnum((unsigned char)k[-1])))
		return;
	size_t p = (size_t)(k - s) + 5;
	if (p < n && s[p] == '"')
		p++;
	if (p >= n || (s[p] != '=' && s[p] != ':'))
		return;
	p++;
	if (p < n && s[p] == '"')
		p++;
	size_t e = p;
	while (e < n && isalpha((unsigned char)s[e]))
		e++;
	size_t ws, wn;
	if (e > p && level_word(s + p, e - p, &ws, &wn))
		rec_set(st, "level", s + p + ws, wn);
}

/* "host program[pid]:" after a syslog stamp. */
static int
syslog_header(struct store *st, const char *s, size_t n, size_t *p)
{
	size_t q = *p, hl = token(s, n, &q), hs = q;
	if (hl == 0 || memchr(s + hs, ':', hl))
		return 0;
	size_t r = hs + hl, pl = token(s, n, &r), ps = r;
	if (pl < 2 || s[ps + pl - 1] != ':')
		return 0;
	size_t name = pl - 1;
	const char *br = memchr(s + ps, '[', name);
	if (br)
		name = (size_t)(br - (s + ps));
	for (size_t i = 0; i < name; i++)
		if (!isalnum((unsigned char)s[ps + i]) && !strchr("._-/", s[ps + i]))
			return 0;
	rec_set(st, "host", s + hs, hl);
	rec_set(st, "program", s + ps, name);
	*p = ps + pl;
	return 1;
}

/* Read "[thread] LEVEL [Category] logger - " after the stamp; returns where
 * the message starts. */
static size_t
line_header(struct store *st, const char *s, size_t n)
{
	size_t p = 0, len = token(s, n, &p), ws, wn;
	int level = 0;
	/* log4net pads the thread inside its brackets: "[13152     ]" */
	if (len && s[p] == '[' && s[p + len - 1] != ']') {
		size_t e = p + len;
		while (e < n && e < p + 48 && s[e] != ']')
			e++;
		if (e < n && s[e] == ']')
			len = e + 1 - p;
	}
	int bracketed = len >= 3 && (s[p] == '[' || s[p] == '(') &&
			(s[p + len - 1] == ']' || s[p + len - 1] == ')');
	if (bracketed && !level_word(s + p, len, &ws, &wn)) {
		/* "[user jane@contoso.com]", "[jane@contoso.com]": who, not a thread */
		const char *in = s + p + 1;
		size_t il = len - 2;
		if (il > 5 && strncasecmp(in, "user", 4) == 0 && (in[4] == ' ' || in[4] == '=' ||
								    in[4] == ':')) {
			in += 5;
			il -= 5;
			while (il && *in == ' ') {
				in++;
				il--;
			}
			set_span(st, "user", in, il);
		} else if (memchr(in, '@', il) && !memchr(in, ' ', il)) {
			set_span(st, "user", in, il);
		} else {
			set_span(st, "thread", in, il);
		}
		p += len;
		len = token(s, n, &p);
	}
	if (len == 0 || !level_word(s + p, len, &ws, &wn)) {
		size_t q = p;
		if (syslog_header(st, s, n, &q)) {
			p = q;
			len = token(s, n, &p);
		}
	}
	if (len && level_word(s + p, len, &ws, &wn)) {
		rec_set(st, "level", s + p + ws, wn);
		level = 1;
		p += len;
		len = token(s, n, &p);
	}
	if (!level)
		keyed_level(st, s, n);
	if (len >= 3 && s[p] == '[' && s[p + len - 1] == ']') {
		set_span(st, "category", s + p + 1, len - 2);
		p += len;
	} else if (level && len && p + len + 3 <= n && strncmp(s + p + len, " - ", 3) == 0) {
		rec_set(st, "logger", s + p, len);
		p += len + 3;
	} else if (level && len && p + len + 2 < n && s[p + len] == ' ' && s[p + len + 1] == ' ' &&
		   len <= 32) {
		/* a logger name padded to a column ("%-15logger"), no dash */
		int name = 1;
		for (size_t i = 0; i < len && name; i++)
			name = isalnum((unsigned char)s[p + i]) || strchr("._-", s[p + i]);
		if (name) {
			rec_set(st, "logger", s + p, len);
			p += len;
		}
	}
	while (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == ':' || s[p] == '-') &&
	       !(s[p] == '-' && p + 1 < n && s[p + 1] != ' '))
		p++;
	return p;
}

/* ---- format specifics ------------------------------------------------------------------- */

/* The runtime log's columns after the stamp: level, category, message.
 * Sets the spans of the level and the message. */
static void
runtime_columns(struct store *st, const char *s, size_t n, size_t *lvl, size_t *lvl_len,
		size_t *msg, size_t *msg_len)
{
	const char *col[4] = {0};
	size_t len[4] = {0}, k = 0, p = 0;
	if (p < n && s[p] == '\t')
		p++;
	while (k < 4 && p <= n) {
		size_t e = p;
		while (e < n && s[e] != '\t')
			e++;
		col[k] = s + p;
		len[k] = e - p;
		k++;
		p = e + 1;
	}
	/* the session header has no category: its text is in that column */
	if (len[2] == 0 && len[1] && memchr(col[1], ' ', len[1])) {
		col[2] = col[1];
		len[2] = len[1];
		len[1] = 0;
	}
	set_span(st, "level", col[0], len[0]);
	set_span(st, "category", col[1], len[1]);
	*lvl = len[0] ? (size_t)(col[0] - s) : 0;
	*lvl_len = len[0];
	/* the message runs to the end of the line: a tab inside it is kept */
	*msg = len[2] ? (size_t)(col[2] - s) : n;
	*msg_len = n - *msg;
	while (*msg_len && isspace((unsigned char)s[*msg + *msg_len - 1]))
		(*msg_len)--;
}

/* FORMATS.md 3.1: runtime-log lines that look alarming and are not.
 * Returns why a line is benign, or NULL. */
static const char *
runtime_benign(struct logjob *j, const char *level, size_t level_len, const char *msg,
	       size_t n, const struct findings *f)
{
	int host_list = mem_find_ci(msg, n, "Current host not in add-in's host list") != NULL;
	const char *reason = NULL;
	if (host_list) {
		reason = "the current host is not in the add-in's host list: the add-in "
			 "targets other hosts";
	} else if (mem_find_ci(msg, n, "Parsed manifest targeting different host") &&
		   j->prev_host_list &&
		   (j->prev_addin[0] == '\0' || f->addin[0] == '\0' ||
		    strcasecmp(j->prev_addin, f->addin) == 0)) {
		reason = "follows \"Current host not in add-in's host list\": the manifest "
			 "targets another host";
	} else if (mem_find_ci(msg, n, "missing required manifest fields DisplayName") &&
		   !mem_find_ci(msg, n, "SolutionId") && !mem_find_ci(msg, n, "Solution=")) {
		reason = "DisplayName missing without a SolutionId: usually another add-in's "
			 "manifest";
	} else if (level_len == 11 && strncasecmp(level, "Monitorable", 11) == 0) {
		reason = "Monitorable lines are expected";
	}
	j->prev_host_list = host_list;
	memcpy(j->prev_addin, f->addin, sizeof(j->prev_addin));
	return reason;
}

/* Copilot for Sales: "Exception thrown in <operation> - <Type>Exception:
 * Salesforce failed to complete task: Message: <text> {inner JSON}". */
static void
client_exception(struct store *st, struct findings *f, const char *s, size_t n,
		 size_t json_at)
{
	const char *in = mem_find_ci(s, n, "Exception thrown in ");
	if (in) {
		const char *op = in + 20, *end = s + n;
		const char *dash = op;
		while (dash < end && *dash != ' ')
			dash++;
		set_span(st, "operation", op, (size_t)(dash - op));
	}
	/* the exception type: the word ending in "Exception" before a colon */
	for (size_t i = 0; i + 10 <= n; i++) {
		if (s[i] != ':' || i < 9 || strncmp(s + i - 9, "Exception", 9) != 0)
			continue;
		size_t a = i - 9;
		while (a > 0 && (isalnum((unsigned char)s[a - 1]) || s[a - 1] == '.'))
			a--;
		set_span(st, "exception", s + a, i - a);
		break;
	}
	const char *m = mem_find_ci(s, n, "Message:");
	if (m) {
		size_t a = (size_t)(m - s) + 8;
		size_t e = json_at > a ? json_at : n;
		findings_offer_message(f, s + a, e - a, MSG_KNOWN);
	}
}

/* Salesforce for Outlook: "Application status changed to SalesforceNotConnected,
 * SalesforceCredentialsInvalid": the status names are the code. */
/* Salesforce for Outlook writes "LEVEL logger message" with the logger
 * ("sfdcsession", "adxsidepanel", "general") as one lower-case word and
 * no separator: it is not part of the message.  Returns its length with
 * the space after it (0 when the line has none, or a logger was read). */
static size_t
sfo_logger(struct store *st, const char *s, size_t n)
{
	if (rec_get_open(st, "logger"))
		return 0;
	size_t k = 0;
	while (k < n && (islower((unsigned char)s[k]) || isdigit((unsigned char)s[k]) ||
			 s[k] == '.' || s[k] == '_'))
		k++;
	if (k < 2 || k > 40 || k >= n || s[k] != ' ')
		return 0;
	rec_set(st, "logger", s, k);
	return k + 1;
}

static void
sfo_status(struct store *st, struct findings *f, const char *s, size_t n)
{
	const char *k = mem_find_ci(s, n, "status changed to ");
	size_t skip = 18;
	if (k == NULL) {
		k = mem_find_ci(s, n, "status:");	/* "cannot sync now Status:X, Y" */
		skip = 7;
	}
	if (k == NULL)
		return;
	const char *p = k + skip, *end = s + n;
	const char *e = p;
	while (e < end && (isalnum((unsigned char)*e) || *e == ',' || *e == ' ' || *e == '_'))
		e++;
	size_t len = (size_t)(e - p);
	trim_span(&p, &len);
	if (len == 0)
		return;
	/* each status by itself; the last one is the most specific (the
	 * reason after SalesforceNotConnected) and is the code; "Normal" is
	 * the healthy state, not an error code */
	const char *last = memrchr(p, ',', len);
	size_t last_len = last ? len - (size_t)(last - p) - 1 : len;
	last = last ? last + 1 : p;
	trim_span(&last, &last_len);
	for (size_t i = 0; i < len;) {
		size_t w = i;
		while (w < len && p[w] != ',')
			w++;
		const char *v = p + i;
		size_t vn = w - i;
		trim_span(&v, &vn);
		if (vn)
			set_span(st, "appStatus", v, vn);
		if (vn && !(vn == 6 && strncasecmp(v, "Normal", 6) == 0))
			findings_add_code(f, v, vn, v == last ? RANK_GIVEN : RANK_NAMED);
		i = w + 1;
	}
}

/* ---- building a record ---------------------------------------------------------------- */

static void
entry_start(struct logjob *j, uint64_t line, const char *s, size_t n, const struct stamp *sp)
{
	struct entry *e = &j->cur;
	e->active = 1;
	e->line = line;
	e->stamped = sp != NULL;
	if (sp)
		e->stamp = *sp;
	else
		memset(&e->stamp, 0, sizeof(e->stamp));
	buf_reset(&e->text);
	(void)buf_add(&e->text, s, n);
	e->first_len = e->text.len;
	e->continued = 0;
	e->truncated = 0;
}

static void
entry_continue(struct logjob *j, const char *s, size_t n)
{
	struct entry *e = &j->cur;
	e->continued++;
	if (e->truncated || e->text.len - e->first_len + n + 1 > CONTINUATION_MAX) {
		e->truncated = 1;
		return;
	}
	(void)buf_addc(&e->text, '\n');
	(void)buf_add(&e->text, s, n);
}

/* The message: the first line's message and the continuation lines. */
static void
offer_message(struct findings *f, const char *msg, size_t msg_len, const char *cont,
	      size_t cont_len, int rank)
{
	if (cont_len == 0) {
		findings_offer_message(f, msg, msg_len, rank);
		return;
	}
	struct buf b;
	buf_init(&b, FIND_TEXT_MAX + CONTINUATION_MAX + msg_len);
	(void)buf_add(&b, msg, msg_len);
	(void)buf_add(&b, cont, cont_len);
	findings_offer_message(f, b.data, b.len, rank);
	buf_free(&b);
}

/* The record's time from the entry's stamp.  A syslog stamp without a
 * year keeps its time of day as clockTime; a stamp that cannot be read is
 * kept as timeText. */
static void
entry_time(struct logjob *j, const struct entry *e, const char *s)
{
	struct store *st = j->c->store;
	int64_t ms;
	if (!e->stamped)
		return;
	if (stamp_time(j, s, &e->stamp, e->line, &ms) == 0) {
		rec_set_time(st, ms);
		return;
	}
	set_span(st, e->stamp.kind == STAMP_SYSLOG ? "clockTime" : "timeText",
		 s + e->stamp.start, e->stamp.end - e->stamp.start);
}

/* What the format adds once the text has been scanned: the Copilot for
 * Sales exception parts, Salesforce for Outlook status names, the runtime
 * log's session headers and benign lines. */
static void
format_extras(struct logjob *j, struct findings *f, const char *lvl, size_t lvl_len,
	      const char *msg, size_t msg_len, size_t json_at)
{
	struct store *st = j->c->store;
	if (j->fmt == LOG_CLIENT && mem_find_ci(msg, msg_len, "Message:"))
		client_exception(st, f, msg, msg_len, json_at);
	if (j->fmt == LOG_SFO || j->fmt == LOG_GENERIC)
		sfo_status(st, f, msg, msg_len);
	if (j->fmt != LOG_RUNTIME)
		return;
	if (mem_find_ci(msg, msg_len, "Runtime Logging Session Started"))
		rec_set_str(st, "session", "start");
	const char *why = runtime_benign(j, lvl, lvl_len, msg, msg_len, f);
	if (why) {
		rec_set_str(st, "benign", "true");
		rec_set_str(st, "benignReason", why);
	}
}

/* Write the record of the entry being built. */
static void
entry_emit(struct logjob *j)
{
	struct entry *e = &j->cur;
	if (!e->active)
		return;
	e->active = 0;
	struct store *st = j->c->store;
	const char *s = e->text.data ? e->text.data : "";
	const char *rest = s + (e->stamped ? e->stamp.rest : 0);
	size_t rest_len = e->first_len - (size_t)(rest - s);
	size_t cont_len = e->text.len - e->first_len;

	store_begin(st, j->c->input_id, j->kind);
	rec_set_line(st, e->line);
	if (j->source)
		rec_set_str(st, "source", j->source);
	entry_time(j, e, s);
	size_t msg, msg_len, lvl = 0, lvl_len = 0;
	if (j->fmt == LOG_RUNTIME) {
		runtime_columns(st, rest, rest_len, &lvl, &lvl_len, &msg, &msg_len);
	} else {
		msg = line_header(st, rest, rest_len);
		if (j->fmt == LOG_SFO)
			msg += sfo_logger(st, rest + msg, rest_len - msg);
		msg_len = rest_len - msg;
	}
	/* the message and everything after it: continuation lines too */
	const char *text = rest + msg;
	size_t text_len = (size_t)(s + e->text.len - text);
	struct findings f;
	findings_init(&f);
	size_t json_at = 0, json_len = 0;
	if (!findings_json_in_text(&f, text, text_len, &json_at, &json_len))
		json_at = 0;
	scan_text(&f, text, text_len);
	/* a client exception's message is the inner JSON's or the text after
	 * "Message:" (offered by format_extras); any other line's is its own */
	int rank = j->fmt == LOG_CLIENT && mem_find_ci(text, msg_len, "Message:") ? MSG_FALLBACK
										   : MSG_OWN;
	offer_message(&f, text, msg_len, s + e->first_len, cont_len, rank);
	format_extras(j, &f, rest + lvl, lvl_len, text, msg_len, json_at);
	findings_store(&f, st);
	findings_free(&f);
	if (e->continued) {
		char n[32];
		snprintf(n, sizeof(n), "%llu", (unsigned long long)e->continued);
		rec_set_str(st, "continued", n);
	}
	store_end(st);
}

/* One line of a line-oriented log (not diagnostics). */
static void
handle_line(struct logjob *j, uint64_t line, const char *s, size_t n)
{
	struct stamp sp;
	if (!isspace((unsigned char)s[0]) && stamp_scan(s, n, &sp)) {
		entry_emit(j);
		entry_start(j, line, s, n, &sp);
		return;
	}
	if (j->cur.active) {
		entry_continue(j, s, n);
		return;
	}
	/* before the first timestamped line: a record of its own */
	entry_start(j, line, s, n, NULL);
	entry_emit(j);
}

static void
replay_held(struct logjob *j)
{
	window_close(j);
	for (size_t i = 0; i < j->held.n; i++)
		handle_line(j, j->held.v[i].lineno, j->held.v[i].text, j->held.v[i].len);
	queue_clear(&j->held);
}

/* ---- diagnostics blocks ------------------------------------------------------------------ */

enum diag_target { D_TIME, D_CODE, D_MESSAGE, D_USER, D_APP, D_SCANNED };

static const struct {
	const char *key;
	enum diag_target target;
} diag_keys[] = {
	{"Timestamp", D_TIME}, {"Time", D_TIME}, {"Date", D_TIME}, {"Time (UTC)", D_TIME},
	{"UTC time", D_TIME}, {"Date/Time", D_TIME}, {"Occurred", D_TIME},
	{"Error code", D_CODE}, {"ErrorCode", D_CODE}, {"Code", D_CODE}, {"Status code", D_CODE},
	{"Message", D_MESSAGE}, {"Error message", D_MESSAGE}, {"Error", D_MESSAGE},
	{"Details", D_MESSAGE}, {"Error details", D_MESSAGE}, {"Description", D_MESSAGE},
	{"User", D_USER}, {"UPN", D_USER}, {"User ID", D_USER}, {"Username", D_USER},
	{"User principal name", D_USER}, {"Signed in as", D_USER}, {"Account", D_USER},
	{"Add-in", D_APP}, {"Add-in name", D_APP}, {"App", D_APP}, {"Application", D_APP},
	/* ids: found by scan_text, stored as correlation_id, addinId, ... */
	{"Correlation ID", D_SCANNED}, {"CorrelationId", D_SCANNED}, {"Request ID", D_SCANNED},
	{"Client request ID", D_SCANNED}, {"Add-in ID", D_SCANNED}, {"Solution ID", D_SCANNED},
};

/* Keys that mark a pasted diagnostics block (for the bid). */
static const char *const diag_markers[] = {
	"Correlation ID", "Error code", "Session ID", "Request ID", "Client request ID",
	"Activity ID", "Trace ID", "Timestamp", "Add-in ID", "Solution ID", "Error message",
	NULL,
};

/* "Key: value" -> spans; 0 when the line is not one. */
static int
key_value_line(const char *s, size_t n, size_t *key_len, size_t *val)
{
	const char *colon = memchr(s, ':', n);
	if (colon == NULL || colon == s || (size_t)(colon - s) > 40 || !isalpha((unsigned char)s[0]))
		return 0;
	size_t k = (size_t)(colon - s);
	for (size_t i = 0; i < k; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr(" ()/-_.", s[i]))
			return 0;
	if (k + 1 < n && s[k + 1] != ' ' && s[k + 1] != '\t')
		return 0;	/* "https://..." */
	*key_len = k;
	*val = k + 1;
	return 1;
}

static void
diag_time(struct logjob *j, struct store *st, const char *v, size_t n, uint64_t line)
{
	struct stamp sp;
	int64_t ms;
	if (!stamp_scan(v, n, &sp))
		return;
	if (stamp_time(j, v, &sp, line, &ms) == 0)
		rec_set_time(st, ms);
}

static void
diag_field(struct logjob *j, struct store *st, struct findings *f, const char *key,
	   size_t kn, const char *v, size_t vn, uint64_t line, const char **app, size_t *app_len)
{
	trim_span(&v, &vn);
	if (vn == 0)
		return;
	for (size_t i = 0; i < sizeof(diag_keys) / sizeof(diag_keys[0]); i++) {
		if (strlen(diag_keys[i].key) != kn || strncasecmp(diag_keys[i].key, key, kn) != 0)
			continue;
		switch (diag_keys[i].target) {
		case D_TIME:
			diag_time(j, st, v, vn, line);
			break;
		case D_CODE:
			findings_classify_code(f, v, vn, RANK_GIVEN);
			break;
		case D_MESSAGE:
			findings_offer_message(f, v, vn, MSG_OWN);
			break;
		case D_USER:
			findings_offer_user(f, v, vn, 1);
			break;
		case D_APP:
			*app = v;
			*app_len = vn;
			break;
		case D_SCANNED:
			break;
		}
		return;
	}
	/* any other key is kept under its own name, secrets redacted */
	struct buf b;
	buf_init(&b, FIND_TEXT_MAX + 8);
	redact_capped(&b, v, vn, FIND_TEXT_MAX);
	char name[48];
	copy_capped(name, sizeof(name), key, kn);
	if (b.len)
		rec_set(st, name, b.data, b.len);
	buf_free(&b);
}

/* One block of "Key: value" lines (and title lines) becomes one record. */
static void
diag_emit(struct logjob *j)
{
	struct entry *e = &j->cur;
	if (!e->active)
		return;
	e->active = 0;
	struct store *st = j->c->store;
	store_begin(st, j->c->input_id, j->kind);
	rec_set_line(st, e->line);
	rec_set_str(st, "source", j->source);
	struct findings f;
	findings_init(&f);
	const char *s = e->text.data ? e->text.data : "", *end = s + e->text.len;
	const char *app = NULL;
	size_t app_len = 0;
	uint64_t line = e->line;
	for (const char *p = s; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t kn, val;
		if (key_value_line(p, n, &kn, &val))
			diag_field(j, st, &f, p, kn, p + val, n - val, line, &app, &app_len);
		else
			findings_offer_message(&f, p, n, MSG_KNOWN);	/* a title line */
		p += n + 1;
	}
	scan_text(&f, s, e->text.len);
	findings_store(&f, st);
	if (app)
		set_span(st, "app", app, app_len);
	findings_free(&f);
	store_end(st);
}

static void
diag_line(struct logjob *j, uint64_t line, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i == n) {
		diag_emit(j);
		return;
	}
	if (!j->cur.active)
		entry_start(j, line, s, n, NULL);
	else
		entry_continue(j, s, n);
}

/* ---- sniffing ----------------------------------------------------------------------------- */

static const char *const runtime_levels[] = {"Medium", "Monitorable", "Verbose", "Unexpected",
					     "High", "Low", "Unknown", NULL};

/* The runtime log: "date time<TAB>level<TAB>" on the first line. */
static int
runtime_bid(const char *l)
{
	size_t n = strlen(l);
	struct stamp sp;
	if (!stamp_scan(l, n, &sp) || sp.kind != STAMP_TIME || sp.rest >= n || l[sp.rest] != '\t')
		return 0;
	for (size_t i = 0; runtime_levels[i]; i++) {
		size_t m = strlen(runtime_levels[i]);
		if (strncmp(l + sp.rest + 1, runtime_levels[i], m) == 0 && l[sp.rest + 1 + m] == '\t')
			return 90;
	}
	return 50;
}

/* Counts over the first lines: lines that start a record, those with a
 * timestamp, and diagnostics keys. */
static void
count_lines(const struct sniff *s, size_t *lines, size_t *stamped, size_t *markers)
{
	const char *p = s->text, *end = s->text + s->text_len;
	*lines = *stamped = *markers = 0;
	unsigned seen = 0;
	while (p < end && *lines < 200) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (!nl && !s->complete)
			break;	/* a cut-off last line */
		size_t len = (size_t)(e - p);
		if (len && p[len - 1] == '\r')
			len--;
		struct stamp sp;
		if (len > 0 && !isspace((unsigned char)p[0])) {
			(*lines)++;
			if (stamp_scan(p, len, &sp))
				(*stamped)++;
			for (unsigned i = 0; diag_markers[i]; i++) {
				size_t m = strlen(diag_markers[i]);
				if (len > m && strncasecmp(p, diag_markers[i], m) == 0 && p[m] == ':' &&
				    !(seen & (1u << i))) {
					seen |= 1u << i;
					(*markers)++;
				}
			}
		}
		p = e + 1;
	}
}

static int
bid(const struct sniff *s, const char **format)
{
	if (s->binary || s->json != JSON_NONE || s->xml_root || s->first_line == NULL)
		return 0;
	int r = runtime_bid(s->first_line);
	if (r) {
		*format = "addin.runtime_log";
		return r;
	}
	size_t lines, stamped, markers;
	count_lines(s, &lines, &stamped, &markers);
	if (lines > 0 && stamped * 2 >= lines + 1) {
		if (sniff_contains(s, "Salesforce failed to complete task") ||
		    sniff_contains(s, "SPServiceException"))
			*format = "addin.client_log";
		else if (sniff_contains(s, "SalesforceNotConnected") ||
			 sniff_contains(s, "Salesforce for Outlook") ||
			 sniff_contains(s, "Application status changed to"))
			*format = "addin.sfo_trace";
		else
			*format = "log.timestamped";
		return strcmp(*format, "log.timestamped") == 0 ? 20 : 60;
	}
	if (markers >= 2) {
		/* above a ticket note that quotes a user: the markers are specific */
		*format = "addin.diagnostics";
		return 55;
	}
	return 0;
}

/* ---- reading --------------------------------------------------------------------------------- */

static int
on_line(struct parse_ctx *c, uint64_t lineno, const char *line, size_t len, void *ud)
{
	(void)c;
	struct logjob *j = ud;
	if (j->fmt == LOG_DIAGNOSTICS) {
		diag_line(j, lineno, line, len);
		return 0;
	}
	if (text_blank(line, len))
		return 0;
	if (!j->holding) {
		handle_line(j, lineno, line, len);
		return 0;
	}
	window_inspect(j, line, len);
	queue_push(&j->held, lineno, line, len);
	if (window_decided(j) || queue_full(&j->held))
		replay_held(j);
	return 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	struct logjob j;
	memset(&j, 0, sizeof(j));
	j.c = c;
	j.holding = 1;
	j.fmt = LOG_GENERIC;
	j.kind = "log.line";
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(format, formats[i].format) == 0) {
			j.fmt = formats[i].fmt;
			j.kind = formats[i].kind;
			j.source = formats[i].source;
		}
	}
	size_t max = (size_t)c->opt->limits.record_bytes;
	buf_init(&j.cur.text, max + CONTINUATION_MAX + 16);
	enum input_status st = parse_lines(c, 0, on_line, &j);
	if (j.fmt == LOG_DIAGNOSTICS) {
		diag_emit(&j);
	} else {
		if (j.holding)
			replay_held(&j);
		entry_emit(&j);
	}
	queue_free(&j.held);
	buf_free(&j.cur.text);
	return st;
}

static const char *const formats_list[] = {
	"addin.runtime_log", "addin.client_log", "addin.sfo_trace", "addin.diagnostics", "log.timestamped",
	NULL,
};

const struct parser parser_addin_log = {
	.name = "addin-log",
	.description = "Outlook / Office add-in logs: runtime logging file, add-in "
		       "client logs, Salesforce for Outlook traces, diagnostics blocks, "
		       "timestamped logs",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
