/*
 * ticket.c - the ticket that comes with a bundle, in the shapes help desks
 * produce: who reported the problem, when, about what, in their words,
 * and the errors they pasted into it.
 *
 *   ticket.note  copied text: a plain note ("Reported 2025-11-24 16:47 UTC
 *                by Tomas Berg <tomas.berg@contoso.com>"), an e-mail or a
 *                thread of them (From / Sent / Subject, in English,
 *                German, French, Spanish, Portuguese, Italian and Dutch;
 *                quoted replies; forwards), a portal's or desk's copied
 *                fields (Caller:, Requested by:, Reporter:, Opened by:,
 *                Opened:), a chat transcript ("[9:14 AM] Name")
 *   ticket.json  a desk's API JSON: ServiceNow Table API ({"result": ...},
 *                reference fields as {"display_value", "value"}), Zendesk
 *                (ticket, side-loaded users, comments), Jira Service
 *                Management (fields.reporter, Atlassian document bodies),
 *                Freshdesk (requester, conversations); one ticket or a list
 *   ticket.csv   a desk's list export (Number / Caller / Opened / Short
 *                description, Requester / Subject / Created at, ...)
 *
 * Records:
 *   ticket.note  one per ticket: user = the reporter's address, else
 *                their name (reporterName keeps the name), time = when the
 *                ticket was opened (an e-mail thread: its first message),
 *                subject, ticketId, message = subject and complaint (the
 *                user's words are a symptom for the rules that ask for
 *                them; a note is never itself an unexplained error)
 *   log.line     one per error pasted into the ticket (a line or block
 *                with a known error code or sentence), source = ticket:
 *                its own time when the block has one, else the ticket's;
 *                the person the block names, else the reporter
 *
 * Who reported: a caller-type field (Caller, Requested for, Affected
 * user, Requester, Customer) first; then "reported ... by Name
 * <address>"; then the sender of the first message of an e-mail thread
 * (the one who started it: a forward or a reply does not change who
 * reported), then its latest sender.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "container.h"
#include "jsonutil.h"
#include "parse.h"
#include "parser.h"
#include "textscan.h"
#include "timefmt.h"
#include "util.h"

#define NOTE_MAX 4000		/* bytes of the note kept as its message */
#define NOTE_LINES 60		/* a reporter line must be among the first */
#define TEXT_MAX (4u << 20)	/* text of one ticket looked at */
#define FIELD_MAX 512

/* ---- field names ----------------------------------------------------------------- */

enum fkind { F_NONE, F_SENDER, F_CALLER, F_TIME, F_SUBJECT, F_ID };

static const struct {
	const char *key;	/* lower case */
	enum fkind kind;
} field_keys[] = {
	/* the sender of a message, in the languages Outlook writes headers in */
	{"from", F_SENDER}, {"von", F_SENDER}, {"de", F_SENDER}, {"da", F_SENDER},
	{"van", F_SENDER}, {"sender", F_SENDER}, {"från", F_SENDER}, {"fra", F_SENDER},
	{"od", F_SENDER},
	/* the person a desk's ticket is for */
	{"caller", F_CALLER}, {"requested for", F_CALLER}, {"requested by", F_CALLER},
	{"requester", F_CALLER}, {"reporter", F_CALLER}, {"affected user", F_CALLER},
	{"end user", F_CALLER}, {"customer", F_CALLER}, {"contact", F_CALLER},
	{"opened by", F_CALLER}, {"raised by", F_CALLER}, {"submitted by", F_CALLER},
	{"created by", F_CALLER}, {"reported by", F_CALLER}, {"user", F_CALLER},
	{"requestor", F_CALLER}, {"customer email", F_CALLER}, {"requester email", F_CALLER},
	/* ... as desks label it in French, German, Spanish, Portuguese,
	 * Italian and Dutch */
	{"demandeur", F_CALLER}, {"appelant", F_CALLER}, {"utilisateur", F_CALLER},
	{"signalé par", F_CALLER}, {"ouvert par", F_CALLER}, {"bénéficiaire", F_CALLER},
	{"anforderer", F_CALLER}, {"anrufer", F_CALLER}, {"melder", F_CALLER},
	{"gemeldet von", F_CALLER}, {"benutzer", F_CALLER}, {"betroffener benutzer", F_CALLER},
	{"erstellt von", F_CALLER}, {"solicitante", F_CALLER}, {"usuario", F_CALLER},
	{"usuário", F_CALLER}, {"informante", F_CALLER}, {"richiedente", F_CALLER},
	{"utente", F_CALLER}, {"segnalato da", F_CALLER}, {"aanvrager", F_CALLER},
	{"gebruiker", F_CALLER}, {"gemeld door", F_CALLER},
	/* when */
	{"sent", F_TIME}, {"date", F_TIME}, {"gesendet", F_TIME}, {"envoyé", F_TIME},
	{"envoye", F_TIME}, {"enviado", F_TIME}, {"enviada", F_TIME}, {"inviato", F_TIME},
	{"verzonden", F_TIME}, {"datum", F_TIME}, {"date de création", F_TIME},
	{"opened", F_TIME}, {"opened at", F_TIME}, {"opened on", F_TIME}, {"created", F_TIME},
	{"created at", F_TIME}, {"created on", F_TIME}, {"submitted", F_TIME},
	{"reported", F_TIME}, {"date opened", F_TIME}, {"received", F_TIME},
	{"creation date", F_TIME},
	{"ouvert le", F_TIME}, {"ouvert", F_TIME}, {"créé le", F_TIME}, {"date d'ouverture", F_TIME},
	{"erstellt am", F_TIME}, {"erstellt", F_TIME}, {"eröffnet am", F_TIME},
	{"geöffnet", F_TIME}, {"gemeldet am", F_TIME}, {"abierto", F_TIME},
	{"fecha de apertura", F_TIME}, {"fecha de creación", F_TIME}, {"creado", F_TIME},
	{"aberto em", F_TIME}, {"criado em", F_TIME}, {"data de abertura", F_TIME},
	{"aperto il", F_TIME}, {"creato il", F_TIME}, {"data apertura", F_TIME},
	{"geopend", F_TIME}, {"aangemaakt", F_TIME}, {"aangemaakt op", F_TIME},
	/* what about */
	{"subject", F_SUBJECT}, {"betreff", F_SUBJECT}, {"objet", F_SUBJECT},
	{"asunto", F_SUBJECT}, {"assunto", F_SUBJECT}, {"oggetto", F_SUBJECT},
	{"onderwerp", F_SUBJECT}, {"short description", F_SUBJECT}, {"summary", F_SUBJECT},
	{"title", F_SUBJECT}, {"ticket title", F_SUBJECT}, {"titre", F_SUBJECT},
	{"titel", F_SUBJECT}, {"kurzbeschreibung", F_SUBJECT}, {"título", F_SUBJECT},
	{"titolo", F_SUBJECT}, {"résumé", F_SUBJECT}, {"zusammenfassung", F_SUBJECT},
	/* which ticket */
	{"number", F_ID}, {"ticket", F_ID}, {"ticket id", F_ID}, {"ticket number", F_ID},
	{"incident", F_ID}, {"case", F_ID}, {"case number", F_ID}, {"request", F_ID},
	{"issue key", F_ID}, {"key", F_ID},
};

/* "Key: value" where the key is a short label: its kind, and where the
 * value starts. */
static enum fkind
field_line(const char *s, size_t n, size_t *value)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '>' || s[i] == '*'))
		i++;
	const char *colon = memchr(s + i, ':', n - i);
	if (colon == NULL || colon - (s + i) > 30 || colon == s + i)
		return F_NONE;
	char key[40];
	size_t k = 0;
	for (const char *p = s + i; p < colon && k + 1 < sizeof(key); p++)
		key[k++] = (char)tolower((unsigned char)*p);
	while (k && key[k - 1] == ' ')
		k--;
	key[k] = '\0';
	for (size_t f = 0; f < sizeof(field_keys) / sizeof(field_keys[0]); f++) {
		if (strcmp(field_keys[f].key, key) == 0) {
			*value = (size_t)(colon - s) + 1;
			while (*value < n && (s[*value] == ' ' || s[*value] == '\t'))
				(*value)++;
			return field_keys[f].kind;
		}
	}
	return F_NONE;
}

/* A desk's copied header may hold several fields on one line, apart by
 * runs of spaces or tabs: "Opened: 27/03/2025 9:14 AM   Caller: x@y".
 * The segments of such a line: their starts and lengths, at most max;
 * one segment (the whole line) when it has no such gaps. */
static size_t
field_segments(const char *s, size_t n, size_t *at, size_t *len, size_t max)
{
	size_t k = 0, a = 0;
	for (size_t i = 0; i < n && k + 1 < max; i++) {
		int gap = s[i] == '\t' || (i + 2 < n && s[i] == ' ' && s[i + 1] == ' ' && s[i + 2] == ' ');
		if (!gap)
			continue;
		size_t e = i;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (e > a) {
			at[k] = a;
			len[k++] = e - a;
		}
		a = i;
		i--;
	}
	if (a < n) {
		at[k] = a;
		len[k++] = n - a;
	}
	return k;
}

/* ---- people --------------------------------------------------------------------------- */

/* An e-mail address in s[0..n): its start and length, or 0. */
static size_t
find_address(const char *s, size_t n, size_t *at)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '@' || i == 0)
			continue;
		size_t b = i, e = i + 1;
		while (b > 0 && (isalnum((unsigned char)s[b - 1]) || strchr("._%+-'", s[b - 1])))
			b--;
		while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '.' || s[e] == '-'))
			e++;
		while (e > i + 1 && s[e - 1] == '.')
			e--;
		if (b < i && memchr(s + i, '.', e - i)) {
			*at = b;
			return e - b;
		}
	}
	return 0;
}

struct person {
	char addr[256];
	char name[256];
};

/* "Name <address>", "Name (address)", "Name [mailto:address]",
 * "address", "Last, First", "Name": the address and the name. */
static int
read_person(const char *s, size_t n, struct person *p)
{
	memset(p, 0, sizeof(*p));
	trim_span(&s, &n);
	if (n == 0 || n > FIELD_MAX)
		return 0;
	size_t at, len = find_address(s, n, &at);
	if (len)
		copy_capped(p->addr, sizeof(p->addr), s + at, len);
	/* a mailbox no person reads sends notices, not complaints */
	if (len && robot_address(p->addr))
		return 0;
	/* the name: what stands before the address or its bracket */
	size_t e = len ? at : n;
	while (e > 0 && strchr("<([ \t\"'", s[e - 1]))
		e--;
	if (len && e == 0) {
		/* "address (Name, Team)": the name in the brackets after it */
		size_t a = at + len;
		while (a < n && strchr(">] \t", s[a]))
			a++;
		if (a < n && s[a] == '(') {
			size_t z = a + 1;
			while (z < n && s[z] != ')' && s[z] != ',')
				z++;
			copy_capped(p->name, sizeof(p->name), s + a + 1, z - a - 1);
			return 1;
		}
	}
	if (len && e >= 7 && strncasecmp(s + e - 7, "mailto:", 7) == 0) {
		e -= 7;
		while (e > 0 && strchr("<([ \t\"'", s[e - 1]))
			e--;
	}
	size_t b = 0;
	while (b < e && strchr(" \t\"'", s[b]))
		b++;
	if (e > b) {
		copy_capped(p->name, sizeof(p->name), s + b, e - b);
		/* a name is words, not a sentence or a time */
		size_t words = 1;
		for (const char *c = p->name; *c; c++) {
			words += *c == ' ';
			if (isdigit((unsigned char)*c) || *c == ':' || *c == '/')
				p->name[0] = '\0';
		}
		if (words > 5)
			p->name[0] = '\0';
	}
	return p->addr[0] || p->name[0];
}

/* ---- errors pasted into a ticket -------------------------------------------------------- */

struct pasted {
	uint64_t line;
	int64_t time;		/* TIME_NONE: the ticket's */
	struct findings f;
};

struct note {
	struct parse_ctx *c;
	/* who, when, what */
	struct person caller;		/* a caller-type field */
	struct person reported;		/* "reported ... by Name <address>" */
	struct person first_sender;	/* the oldest message of a thread */
	struct person last_sender;	/* the newest */
	int64_t caller_time, first_time, last_time;
	uint64_t where;			/* the line naming the reporter */
	char subject[512];
	char id[128];
	char requester_id[64];		/* the desk's id of the requester */
	struct buf text;		/* the words, for the message */
	/* the paragraph being read and the errors found */
	struct findings para;
	int para_has;
	size_t para_bytes;		/* its length */
	int para_leads;			/* it starts with a known sentence */
	int64_t para_time;
	uint64_t para_line;
	struct pasted *errors;
	size_t nerrors, caperrors;
	int in_header;			/* inside a block of header lines */
	int64_t block_time;		/* the time of the header block */
	uint64_t lines;
	int chat;			/* a chat transcript */
};

static void
note_init(struct note *nt, struct parse_ctx *c)
{
	memset(nt, 0, sizeof(*nt));
	nt->c = c;
	nt->caller_time = nt->first_time = nt->last_time = TIME_NONE;
	buf_init(&nt->text, NOTE_MAX);
	findings_init(&nt->para);
	nt->para_time = TIME_NONE;
}

static void
note_free(struct note *nt)
{
	buf_free(&nt->text);
	findings_free(&nt->para);
	for (size_t i = 0; i < nt->nerrors; i++)
		findings_free(&nt->errors[i].f);
	free(nt->errors);
}

/* Does a paragraph hold machine text - an error code, not only a known
 * sentence a user quotes in their own words (that is the complaint)? */
static int
pasted_error(const struct findings *f)
{
	for (size_t i = 0; i < f->ncodes; i++)
		if (f->codes[i].rank < RANK_HTTP)
			return 1;
	return 0;
}

/* A known error sentence standing (nearly) alone in its paragraph:
 * the dialog's text pasted, not the user's words around it. */
static int
pasted_sentence(const struct findings *f, size_t para_bytes, int leads)
{
	return f->known && leads && para_bytes <= strlen(f->known) + 160;
}

/* The paragraph ends: keep it when it holds a pasted error. */
static void
para_end(struct note *nt)
{
	if (nt->para_has &&
	    (pasted_error(&nt->para) ||
	     pasted_sentence(&nt->para, nt->para_bytes, nt->para_leads))) {
		GROW(nt->errors, nt->nerrors, nt->caperrors);
		struct pasted *p = &nt->errors[nt->nerrors++];
		p->line = nt->para_line;
		p->time = nt->para_time;
		p->f = nt->para;	/* the findings move into the list */
		findings_init(&nt->para);
	} else {
		findings_free(&nt->para);
		findings_init(&nt->para);
	}
	nt->para_has = 0;
	nt->para_bytes = 0;
	nt->para_leads = 0;
	nt->para_time = TIME_NONE;
	nt->para_line = 0;
}

static void
note_words(struct note *nt, const char *s, size_t n)
{
	if (nt->text.len >= NOTE_MAX - 1)
		return;
	if (nt->text.len)
		(void)buf_addc(&nt->text, ' ');
	size_t room = NOTE_MAX - 1 - nt->text.len;
	(void)buf_add(&nt->text, s, utf8_cut(s, n, room));
}

/* A header field of a message or a desk's copied form. */
static void
note_field(struct note *nt, enum fkind k, const char *v, size_t n, uint64_t line)
{
	struct person p;
	switch (k) {
	case F_SENDER:
		if (!read_person(v, n, &p))
			return;
		if (!nt->last_sender.addr[0] && !nt->last_sender.name[0]) {
			nt->last_sender = p;
			if (!nt->where)
				nt->where = line;
		}
		nt->first_sender = p;	/* the last one read is the oldest message */
		nt->first_time = TIME_NONE;
		nt->in_header = 1;
		break;
	case F_CALLER:
		if (!nt->caller.addr[0] && !nt->caller.name[0] && read_person(v, n, &p)) {
			nt->caller = p;
			nt->where = line;
			/* "Reported by: x@y (Name), 24 Nov 2026 09:20 GMT" */
			size_t at, len;
			int64_t t = pctx_find_time(nt->c, v, n, line, &at, &len);
			if (t != TIME_NONE)
				nt->caller_time = t;
		}
		nt->in_header = 1;
		break;
	case F_TIME: {
		size_t at, len;
		int64_t t = pctx_find_time(nt->c, v, n, line, &at, &len);
		if (t == TIME_NONE)
			return;
		if (nt->last_time == TIME_NONE)
			nt->last_time = t;
		nt->first_time = t;
		if (nt->caller_time == TIME_NONE && nt->in_header)
			nt->caller_time = t;
		nt->in_header = 1;
		break;
	}
	case F_SUBJECT:
		if (!nt->subject[0])
			copy_capped(nt->subject, sizeof(nt->subject), v, n);
		nt->in_header = 1;
		break;
	case F_ID:
		if (!nt->id[0] && n < 64)
			copy_capped(nt->id, sizeof(nt->id), v, n);
		nt->in_header = 1;
		break;
	case F_NONE:
		break;
	}
}

/* "Reported 2025-11-24 16:47 UTC by Name <address>": the reporter and
 * the time, when the line starts with a reporting verb. */
static int
reported_line(struct note *nt, const char *s, size_t n, uint64_t line)
{
	static const char *const verbs[] = {"reported", "submitted", "opened", "raised",
					    "created", "logged", NULL};
	while (n && (*s == ' ' || *s == '\t' || *s == '*' || *s == '>')) {
		s++;
		n--;
	}
	int verb = 0;
	for (size_t i = 0; verbs[i] && !verb; i++)
		verb = mem_starts_ci(s, n, verbs[i]);
	if (!verb)
		return 0;
	const char *by = mem_find_ci(s, n, " by ");
	size_t at, len = find_address(s, n, &at);
	if (by == NULL && len == 0)
		return 0;
	struct person p;
	if (!read_person(by ? by + 4 : s + at, by ? (size_t)(s + n - (by + 4)) : len, &p))
		return 0;
	if (!nt->reported.addr[0] && !nt->reported.name[0]) {
		nt->reported = p;
		if (!nt->where)
			nt->where = line;
		size_t ta, tl;
		int64_t t = pctx_find_time(nt->c, s, by ? (size_t)(by - s) : n, line, &ta, &tl);
		if (t != TIME_NONE)
			nt->caller_time = t;
	}
	return 1;
}

/* "[Yesterday 5:03 PM] Name", "[10:14] Name:": a chat message header -
 * a clock in brackets, then only a name.  Returns the bracket's end. */
static const char *
chat_header(const char *s, size_t n)
{
	if (n < 8 || n > 100 || s[0] != '[')
		return NULL;
	const char *close = memchr(s, ']', n);
	if (close == NULL || close - s > 40)
		return NULL;
	int clock = 0;
	for (const char *p = s + 1; p + 2 < close; p++)
		if (isdigit((unsigned char)p[0]) && p[1] == ':' && isdigit((unsigned char)p[2]))
			clock = 1;
	if (!clock)
		return NULL;
	/* the rest: one to five words of a name, an optional ':' at the end */
	size_t words = 0;
	int in_word = 0;
	for (const char *p = close + 1; p < s + n; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ':' && p + 1 == s + n)
			break;
		if (c == ' ') {
			in_word = 0;
			continue;
		}
		if (!(isalpha(c) || c >= 0x80 || c == ',' || c == '.' || c == '-' || c == '\''))
			return NULL;
		if (!in_word)
			words++;
		in_word = 1;
	}
	return words >= 1 && words <= 5 ? close : NULL;
}

/* A chat message header; the speaker of the first one reported. */
static int
chat_line(struct note *nt, const char *s, size_t n, uint64_t line)
{
	const char *close = chat_header(s, n);
	if (close == NULL)
		return 0;
	size_t rest = n - (size_t)(close + 1 - s);
	struct person p;
	const char *who = close + 1;
	size_t wn = rest;
	const char *colon = memchr(who, ':', wn);
	if (colon)
		wn = (size_t)(colon - who);
	if (!read_person(who, wn, &p) || (p.name[0] == '\0' && p.addr[0] == '\0'))
		return 0;
	nt->chat = 1;
	if (!nt->first_sender.addr[0] && !nt->first_sender.name[0]) {
		nt->first_sender = p;
		nt->where = line;
		size_t ta, tl;
		nt->first_time = pctx_find_time(nt->c, s + 1, (size_t)(close - s - 1), line,
						&ta, &tl);
	}
	return 1;
}

/* One line of a copied note. */
static void
note_line(struct note *nt, const char *s, size_t n, uint64_t line)
{
	nt->lines++;
	/* quoted text is read as the text it quotes */
	while (n && (*s == '>' || (*s == ' ' && n > 1 && s[1] == '>'))) {
		s++;
		n--;
		if (n && *s == ' ') {
			s++;
			n--;
		}
	}
	if (text_blank(s, n)) {
		para_end(nt);
		nt->in_header = 0;
		return;
	}
	size_t v;
	enum fkind k = field_line(s, n, &v);
	if (k != F_NONE && (k != F_TIME || nt->lines <= NOTE_LINES || nt->in_header)) {
		size_t at[8], len[8], ns = field_segments(s, n, at, len, 8);
		if (ns > 1 && field_line(s + at[1], len[1], &v) != F_NONE) {
			for (size_t i = 0; i < ns; i++) {
				enum fkind fk = field_line(s + at[i], len[i], &v);
				if (fk != F_NONE)
					note_field(nt, fk, s + at[i] + v, len[i] - v, line);
			}
			return;
		}
		k = field_line(s, n, &v);
		note_field(nt, k, s + v, n - v, line);
		if (k == F_SUBJECT)
			note_words(nt, s + v, n - v);
		return;
	}
	if (nt->lines <= NOTE_LINES && reported_line(nt, s, n, line))
		return;
	if (chat_line(nt, s, n, line))
		return;
	nt->in_header = 0;
	note_words(nt, s, n);
	/* the words may hold an error the user pasted */
	if (!nt->para_has) {
		nt->para_has = 1;
		nt->para_line = line;
	}
	const char *known_before = nt->para.known;
	scan_text(&nt->para, s, n);
	if (nt->para_bytes == 0 && nt->para.known && !known_before) {
		/* "ADD-IN ERROR This add-in could not be started...": the
		 * sentence at the head of the paragraph, not quoted in a
		 * sentence of the user's own */
		const char *hit = mem_find_ci(s, n, nt->para.known);
		size_t at = hit ? (size_t)(hit - s) : n;
		nt->para_leads = at <= 16 && (at == 0 || (s[at - 1] != '"' && s[at - 1] != '\''));
	}
	nt->para_bytes += n;
	if (nt->para.message_rank < 0 && (nt->para.ncodes || nt->para.known))
		findings_offer_message(&nt->para, s, n, MSG_OWN);
	if (nt->para_time == TIME_NONE) {
		size_t at, len;
		nt->para_time = pctx_find_time(nt->c, s, n, line, &at, &len);
	}
}

/* ---- the records ---------------------------------------------------------------------- */

/* Who reported, by the order in the header comment. */
static const struct person *
reporter(const struct note *nt)
{
	if (nt->caller.addr[0] || nt->caller.name[0])
		return &nt->caller;
	if (nt->reported.addr[0] || nt->reported.name[0])
		return &nt->reported;
	if (nt->first_sender.addr[0] || nt->first_sender.name[0])
		return &nt->first_sender;
	return &nt->last_sender;
}

static int64_t
opened(const struct note *nt)
{
	if (nt->caller_time != TIME_NONE && (nt->caller.addr[0] || nt->caller.name[0] ||
					     nt->reported.addr[0]))
		return nt->caller_time;
	if (nt->first_time != TIME_NONE)
		return nt->first_time;
	if (nt->last_time != TIME_NONE)
		return nt->last_time;
	return nt->caller_time;
}

static void
set_person(struct store *st, const struct person *p)
{
	if (p->addr[0])
		rec_set_str(st, "user", p->addr);
	else if (p->name[0])
		rec_set_str(st, "user", p->name);
	if (p->name[0])
		rec_set_str(st, "reporterName", p->name);
}

/* One pasted error as a log.line at line (and pointer): its own time,
 * else fallback (said in timeFrom when from is given); the person it
 * names, else the reporter (who) or the author's address (addr). */
static void
pasted_emit(struct parse_ctx *c, const struct pasted *p, uint64_t line, const char *pointer,
	    int64_t fallback, const char *from, const struct person *who, const char *addr)
{
	struct store *st = c->store;
	store_begin(st, c->input_id, "log.line");
	rec_set_line(st, line);
	if (pointer && pointer[0])
		rec_set_pointer(st, pointer);
	int64_t t = p->time != TIME_NONE ? p->time : fallback;
	if (t != TIME_NONE)
		rec_set_time(st, t);
	rec_set_str(st, "source", "ticket");
	rec_set_str(st, "level", "error");
	if (from && p->time == TIME_NONE && t != TIME_NONE)
		rec_set_str(st, "timeFrom", from);
	findings_store(&p->f, st);
	if (!p->f.user[0] && who)
		set_person(st, who);
	else if (!p->f.user[0] && addr)
		rec_set_str(st, "user", addr);
	store_end(st);
}

/* Write the ticket and the errors pasted into it. */
static void
note_emit(struct note *nt, uint64_t line, const char *pointer)
{
	para_end(nt);
	struct store *st = nt->c->store;
	const struct person *who = reporter(nt);
	int64_t when = opened(nt);
	store_begin(st, nt->c->input_id, "ticket.note");
	rec_set_line(st, nt->where ? nt->where : line);
	if (pointer && pointer[0])
		rec_set_pointer(st, pointer);
	if (when != TIME_NONE)
		rec_set_time(st, when);
	set_person(st, who);
	if (nt->subject[0])
		rec_set_str(st, "subject", nt->subject);
	if (nt->id[0])
		rec_set_str(st, "ticketId", nt->id);
	if (nt->requester_id[0])
		rec_set_str(st, "deskUserId", nt->requester_id);
	if (nt->chat)
		rec_set_str(st, "source", "chat");
	if (nt->text.len) {
		rec_set(st, "message", nt->text.data, nt->text.len);
		rec_set_str(st, "complaint", complaint_class(nt->text.data, nt->text.len));
	}
	store_end(st);
	for (size_t i = 0; i < nt->nerrors; i++)
		pasted_emit(nt->c, &nt->errors[i], nt->errors[i].line, pointer, when, "the ticket",
			    who, NULL);
}

/* ---- copied text ------------------------------------------------------------------------ */

static int
on_line(struct parse_ctx *c, uint64_t lineno, const char *line, size_t len, void *ud)
{
	(void)c;
	struct note *nt = ud;
	if (nt->text.len + 1 >= TEXT_MAX)
		return 1;
	note_line(nt, line, len, lineno);
	return 0;
}

static enum input_status
parse_text(struct parse_ctx *c)
{
	struct note nt;
	note_init(&nt, c);
	enum input_status st = parse_lines(c, 0, on_line, &nt);
	pctx_language(c, nt.text.data, nt.text.len);
	const struct person *who = reporter(&nt);
	if (who->addr[0] || who->name[0]) {
		note_emit(&nt, 1, NULL);
	} else {
		pctx_warn_line(c, 1, "no reporter (an address, a From or Caller line) in the "
			       "first %d lines", NOTE_LINES);
		st = ST_UNSUPPORTED;
	}
	note_free(&nt);
	return st;
}

/* ---- a desk's JSON ------------------------------------------------------------------------- */

/* The value at a dotted path ("fields.reporter.emailAddress"), any case;
 * a ServiceNow reference {"display_value", "value", "link"} gives its
 * display value. */
static const cJSON *
path(const cJSON *o, const char *p)
{
	char part[64];
	while (o && *p) {
		size_t k = strcspn(p, ".");
		snprintf(part, sizeof(part), "%.*s", (int)(k < 63 ? k : 63), p);
		o = json_member(o, part);
		p += k;
		if (*p == '.')
			p++;
	}
	if (cJSON_IsObject(o)) {
		const cJSON *d = json_member(o, "display_value");
		if (cJSON_IsString(d) && d->valuestring[0])
			return d;
	}
	return o;
}

static const char *
first_str(const cJSON *o, const char *const *paths)
{
	for (size_t i = 0; paths[i]; i++) {
		const cJSON *v = path(o, paths[i]);
		if (cJSON_IsString(v) && v->valuestring && v->valuestring[0])
			return v->valuestring;
	}
	return NULL;
}

static const char *const subject_paths[] = {
	"subject", "short_description", "fields.summary", "summary", "title", NULL,
};
static const char *const created_paths[] = {
	"opened_at", "created_at", "fields.created", "created", "sys_created_on",
	"createdDate", "creation_date", "date", NULL,
};
static const char *const reporter_addr_paths[] = {
	"requester.email", "caller_id.email", "fields.reporter.emailAddress",
	"reporter.emailAddress", "requester_email", "email", "from_email",
	"caller_id.user_name", "requested_for.email", "u_affected_user.email",
	"contact.email", NULL,
};
static const char *const reporter_name_paths[] = {
	"caller_id", "requested_for", "u_affected_user", "requester.name",
	"fields.reporter.displayName", "reporter.displayName", "requester_name",
	"opened_by", "contact.name", "fields.creator.displayName", NULL,
};
static const char *const id_paths[] = {
	"number", "key", "id", "ticket_id", NULL,
};
static const char *const body_paths[] = {
	"description_text", "description", "fields.description", "body", "comments",
	"work_notes", "close_notes", NULL,
};
static const char *const comment_lists[] = {
	"comments", "conversations", "fields.comment.comments", "comment.comments",
	"work_notes_list", NULL,
};
static const char *const comment_paths[] = {
	"plain_body", "body_text", "body", "value", "html_body", NULL,
};

/* Atlassian document format: the text leaves, a line per paragraph. */
static void
adf_text(const cJSON *n, struct buf *out, int depth)
{
	if (depth > 64 || n == NULL)
		return;
	const cJSON *t = json_member(n, "text");
	if (cJSON_IsString(t))
		(void)buf_adds(out, t->valuestring);
	const cJSON *content = json_member(n, "content");
	for (const cJSON *c = cJSON_IsArray(content) ? content->child : NULL; c; c = c->next)
		adf_text(c, out, depth + 1);
	const char *type = json_member_str(n, "type");
	if (type && (strcmp(type, "paragraph") == 0 || strcmp(type, "codeBlock") == 0 ||
		     strcmp(type, "heading") == 0 || strcmp(type, "listItem") == 0))
		(void)buf_addc(out, '\n');
}

/* A body as lines of text: a string (HTML made text), or an ADF doc. */
static void
body_text(const cJSON *v, struct buf *out)
{
	if (cJSON_IsString(v) && v->valuestring) {
		const char *s = v->valuestring;
		if (strstr(s, "</") || strstr(s, "<br") || strstr(s, "<p>")) {
			char *t = html_visible_text(s, strlen(s));
			if (t) {
				(void)buf_adds(out, t);
				free(t);
				return;
			}
		}
		(void)buf_adds(out, s);
	} else if (cJSON_IsObject(v)) {
		adf_text(v, out, 0);
	}
	(void)buf_addc(out, '\n');
}

/* Feed text to the note line by line (as copied text is read). */
static void
note_lines(struct note *nt, const char *s, size_t n, uint64_t line)
{
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) : n;
		size_t e = k;
		if (e && s[e - 1] == '\r')
			e--;
		note_line(nt, s, e, line);
		if (!nl)
			break;
		s = nl + 1;
		n -= k + 1;
	}
	para_end(nt);
}

/* Side-loaded users (Zendesk "users"): the one with this id. */
static const cJSON *
user_by_id(const cJSON *users, const cJSON *id)
{
	if (!cJSON_IsArray(users) || id == NULL)
		return NULL;
	for (const cJSON *u = users->child; u; u = u->next) {
		const cJSON *uid = json_member(u, "id");
		if (uid && cJSON_IsNumber(uid) && cJSON_IsNumber(id) &&
		    uid->valuedouble == id->valuedouble)
			return u;
		if (cJSON_IsString(uid) && cJSON_IsString(id) &&
		    strcmp(uid->valuestring, id->valuestring) == 0)
			return u;
	}
	return NULL;
}

static void
emit_json_ticket(struct parse_ctx *c, const cJSON *t, const cJSON *users,
		 const cJSON *comments, const struct jrecord *r)
{
	struct note nt;
	note_init(&nt, c);
	const char *s;
	if ((s = first_str(t, subject_paths)))
		copy_capped(nt.subject, sizeof(nt.subject), s, strlen(s));
	char num[64];
	for (size_t i = 0; id_paths[i] && !nt.id[0]; i++) {
		const char *v = json_scalar_text(path(t, id_paths[i]), num, sizeof(num));
		if (v && *v)
			copy_capped(nt.id, sizeof(nt.id), v, strlen(v));
	}
	if ((s = first_str(t, created_paths)))
		nt.caller_time = pctx_time(c, s, strlen(s), r->line, 0);
	/* the reporter: an address, else a side-loaded user, else a name */
	const char *addr = first_str(t, reporter_addr_paths);
	const cJSON *u = user_by_id(users, json_member(t, "requester_id"));
	/* the requester by the desk's id, for a user list in another file */
	const char *rid = json_scalar_text(json_member(t, "requester_id"), num, sizeof(num));
	if (rid && *rid)
		copy_capped(nt.requester_id, sizeof(nt.requester_id), rid, strlen(rid));
	if (addr == NULL && u)
		addr = json_member_str(u, "email");
	/* a desk's custom field holding the person's address (Zendesk's
	 * custom_fields, Freshdesk's custom_fields map) */
	for (const char *const *cf = (const char *const[]){"custom_fields", "fields", NULL};
	     addr == NULL && *cf; cf++) {
		const cJSON *list = json_member(t, *cf);
		for (const cJSON *it = list ? list->child : NULL; it && addr == NULL; it = it->next) {
			const cJSON *v = cJSON_IsObject(it) ? json_member(it, "value") : it;
			size_t at = 0, n = cJSON_IsString(v) ? strlen(v->valuestring) : 0;
			/* the whole value an address, nothing else */
			if (n && find_address(v->valuestring, n, &at) == n && at == 0)
				addr = v->valuestring;
		}
	}
	/* ServiceNow's caller is a reference without a name; whoever
	 * created the record in the portal is then the caller */
	if (addr == NULL) {
		const char *creator = json_member_str(t, "sys_created_by");
		if (creator && strchr(creator, '@') && !robot_address(creator))
			addr = creator;
	}
	const char *name = u ? json_member_str(u, "name") : first_str(t, reporter_name_paths);
	if (addr)
		copy_capped(nt.caller.addr, sizeof(nt.caller.addr), addr, strlen(addr));
	if (name && !strchr(name, '@') && strlen(name) < 128 && !guid_at(name, strlen(name)))
		copy_capped(nt.caller.name, sizeof(nt.caller.name), name, strlen(name));
	if (nt.subject[0])
		note_words(&nt, nt.subject, strlen(nt.subject));
	struct buf body;
	buf_init(&body, TEXT_MAX);
	size_t desc_at = 0, desc_len = 0;
	for (size_t i = 0; body_paths[i]; i++) {
		const cJSON *v = path(t, body_paths[i]);
		if (cJSON_IsString(v) || cJSON_IsObject(v)) {
			desc_at = body.len;
			body_text(v, &body);
			if (cJSON_IsString(v))
				desc_len = strlen(v->valuestring);
			break;
		}
	}
	/* comments: in the ticket, or beside it */
	const cJSON *lists[2] = {NULL, comments};
	for (size_t i = 0; comment_lists[i] && !lists[0]; i++) {
		const cJSON *l = path(t, comment_lists[i]);
		if (cJSON_IsArray(l))
			lists[0] = l;
	}
	for (int li = 0; li < 2; li++) {
		for (const cJSON *cm = cJSON_IsArray(lists[li]) ? lists[li]->child : NULL; cm;
		     cm = cm->next) {
			for (size_t i = 0; comment_paths[i]; i++) {
				const cJSON *v = json_member(cm, comment_paths[i]);
				/* Zendesk's first comment is the description again */
				if (cJSON_IsString(v) && desc_len &&
				    strlen(v->valuestring) == desc_len && body.data &&
				    desc_at + desc_len <= body.len &&
				    memcmp(v->valuestring, body.data + desc_at, desc_len) == 0)
					break;
				if (cJSON_IsString(v) || cJSON_IsObject(v)) {
					body_text(v, &body);
					break;
				}
			}
		}
	}
	note_lines(&nt, body.data ? body.data : "", body.len, r->line);
	buf_free(&body);
	if (!nt.caller.addr[0] && !nt.caller.name[0])
		pctx_warn_line(c, r->line, "ticket %s names no requester or caller",
			       nt.id[0] ? nt.id : r->pointer);
	note_emit(&nt, r->line, r->pointer);
	note_free(&nt);
}

/* Comments without their ticket: each a ticket.comment fact (who wrote
 * it, when, its words), and the errors pasted into it as for a note. */
static void
emit_comments(struct parse_ctx *c, const cJSON *list, const cJSON *users, const struct jrecord *r)
{
	int i = 0;
	for (const cJSON *cm = cJSON_IsArray(list) ? list->child : NULL; cm; cm = cm->next, i++) {
		struct note nt;
		note_init(&nt, c);
		struct buf body;
		buf_init(&body, TEXT_MAX);
		for (size_t k = 0; comment_paths[k]; k++) {
			const cJSON *v = json_member(cm, comment_paths[k]);
			if (cJSON_IsString(v) || cJSON_IsObject(v)) {
				body_text(v, &body);
				break;
			}
		}
		note_lines(&nt, body.data ? body.data : "", body.len, r->line);
		buf_free(&body);
		para_end(&nt);
		const char *who = json_member_str(cm, "from_email");
		if (who == NULL)
			who = json_member_str(json_member(cm, "author"), "emailAddress");
		if (who == NULL)
			who = json_member_str(user_by_id(users, json_member(cm, "author_id")), "email");
		const char *when = json_member_str(cm, "created_at");
		if (when == NULL)
			when = json_member_str(cm, "created");
		int64_t t = when ? pctx_time(c, when, strlen(when), r->line, 0) : TIME_NONE;
		char ptr[64];
		snprintf(ptr, sizeof(ptr), "%s/%d", r->pointer[0] ? r->pointer : "#/comments", i);
		struct store *st = c->store;
		store_begin(st, c->input_id, "ticket.comment");
		rec_set_line(st, r->line);
		rec_set_pointer(st, ptr);
		if (t != TIME_NONE)
			rec_set_time(st, t);
		if (who)
			rec_set_str(st, "user", who);
		char num[64];
		const char *author = json_scalar_text(json_member(cm, "author_id"), num, sizeof(num));
		if (author)
			rec_set_str(st, "authorId", author);
		if (nt.text.len)
			rec_set(st, "message", nt.text.data, nt.text.len);
		store_end(st);
		/* the pasted errors, dated by the comment */
		for (size_t e = 0; e < nt.nerrors; e++)
			pasted_emit(c, &nt.errors[e], r->line, ptr, t, NULL, NULL, who);
		note_free(&nt);
	}
}

/* The users a desk side-loads beside comments, each a ticket.user fact
 * (address, name and the desk's id), so that a ticket in another file
 * that names its requester only by that id finds the person. */
static void
desk_users(struct parse_ctx *c, const cJSON *users, const struct jrecord *r)
{
	int i = 0;
	char num[64], ptr[64];
	for (const cJSON *u = cJSON_IsArray(users) ? users->child : NULL; u; u = u->next, i++) {
		const char *id = json_scalar_text(json_member(u, "id"), num, sizeof(num));
		const char *email = json_member_str(u, "email");
		if (id == NULL || email == NULL || !strchr(email, '@'))
			continue;
		struct store *st = c->store;
		snprintf(ptr, sizeof(ptr), "#/users/%d", i);
		store_begin(st, c->input_id, "ticket.user");
		rec_set_line(st, r->line);
		rec_set_pointer(st, ptr);
		rec_set_str(st, "user", email);
		rec_set_str(st, "deskUserId", id);
		const char *name = json_member_str(u, "name");
		if (name)
			rec_set_str(st, "name", name);
		store_end(st);
	}
}

/* Is o one ticket (a subject and when it was opened)? */
static int
is_ticket(const cJSON *o)
{
	return cJSON_IsObject(o) && first_str(o, subject_paths) && first_str(o, created_paths);
}

static int
on_json(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	(void)ud;
	if (is_ticket(item)) {
		emit_json_ticket(c, item, NULL, NULL, r);
		return 0;
	}
	/* an envelope: {"result": ...}, {"ticket": ..., "users": [...]},
	 * {"tickets": [...]}, {"issues": [...]} */
	static const char *const holders[] = {"result", "ticket", "tickets", "issues",
					      "records", "data", "value", "request", NULL};
	const cJSON *users = json_member(item, "users");
	const cJSON *comments = json_member(item, "comments");
	int found = 0;
	for (size_t i = 0; holders[i]; i++) {
		const cJSON *h = json_member(item, holders[i]);
		found |= is_ticket(h) || cJSON_IsArray(h);
	}
	if (!found) {
		const cJSON *list = cJSON_IsArray(comments) ? comments : json_member(item, "conversations");
		emit_comments(c, list, users, r);
		desk_users(c, users, r);
		return 0;
	}
	for (size_t i = 0; holders[i]; i++) {
		const cJSON *h = json_member(item, holders[i]);
		if (is_ticket(h)) {
			emit_json_ticket(c, h, users, comments, r);
		} else if (cJSON_IsArray(h)) {
			for (const cJSON *t = h->child; t; t = t->next)
				if (is_ticket(t))
					emit_json_ticket(c, t, users, NULL, r);
		}
	}
	return 0;
}

/* ---- a desk's CSV ---------------------------------------------------------------------------- */

static const char *
cell_of(const struct csv_table *t, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		const char *v = csv_table_get(t, names[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

static const char *const csv_subject[] = {
	"Short description", "short_description", "Subject", "Summary", "Title", NULL,
};
static const char *const csv_created[] = {
	"Opened", "opened_at", "Created", "Created at", "Created time", "Created date",
	"sys_created_on", "Date opened", "Submitted", NULL,
};
static const char *const csv_reporter[] = {
	"Requester email", "Contact email", "Email", "Caller email", "Reporter email",
	"Caller", "caller_id", "Requested for", "Requester", "Reporter", "Requester name",
	"Contact", "Opened by", "Customer", NULL,
};
static const char *const csv_id[] = {
	"Number", "number", "Ticket ID", "Id", "Issue key", "Key", "Case number", NULL,
};
static const char *const csv_body[] = {
	"Description", "description", "Comments and Work notes", "Comments",
	"Additional comments", "Work notes", NULL,
};

static int
on_row(struct parse_ctx *c, const struct csv_table *t, void *ud)
{
	(void)ud;
	struct note nt;
	note_init(&nt, c);
	const char *v;
	uint64_t line = t->csv->line;
	if ((v = cell_of(t, csv_subject)))
		copy_capped(nt.subject, sizeof(nt.subject), v, strlen(v));
	if ((v = cell_of(t, csv_id)))
		copy_capped(nt.id, sizeof(nt.id), v, strlen(v));
	if ((v = cell_of(t, csv_created)))
		nt.caller_time = pctx_time(c, v, strlen(v), line, 0);
	for (size_t i = 0; csv_reporter[i]; i++) {
		const char *r = csv_table_get(t, csv_reporter[i]);
		struct person p;
		if (r == NULL || !read_person(r, strlen(r), &p))
			continue;
		if (p.addr[0] && !nt.caller.addr[0])
			copy_capped(nt.caller.addr, sizeof(nt.caller.addr), p.addr, strlen(p.addr));
		if (p.name[0] && !nt.caller.name[0])
			copy_capped(nt.caller.name, sizeof(nt.caller.name), p.name, strlen(p.name));
	}
	if (nt.subject[0])
		note_words(&nt, nt.subject, strlen(nt.subject));
	if ((v = cell_of(t, csv_body)))
		note_lines(&nt, v, strlen(v), line);
	nt.where = line;
	note_emit(&nt, line, NULL);
	note_free(&nt);
	return 0;
}

/* ---- bids ------------------------------------------------------------------------------------ */

/* What the first lines of a text say: a reporter line, e-mail headers,
 * a chat, sentences. */
static void
text_signals(const struct sniff *s, int *reporter, int *mail, int *chat, int *prose)
{
	const char *p = s->text, *end = s->text + s->text_len;
	*reporter = *mail = *chat = *prose = 0;
	size_t list_col = 0, list_same = 0, list_lines = 0, nonblank = 0;
	for (int lines = 0; p < end && lines < NOTE_LINES; lines++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n && p[n - 1] == '\r')
			n--;
		size_t v, at;
		enum fkind k = field_line(p, n, &v);
		size_t sat[8], slen[8], ns = k != F_NONE ? field_segments(p, n, sat, slen, 8) : 0;
		for (size_t i = 1; i < ns; i++) {
			/* "Opened: ...   Caller: x@y" */
			enum fkind fk = field_line(p + sat[i], slen[i], &v);
			struct person per;
			if ((fk == F_SENDER || fk == F_CALLER) &&
			    read_person(p + sat[i] + v, slen[i] - v, &per) &&
			    (per.addr[0] || fk == F_CALLER))
				(*reporter)++;
			if (fk != F_NONE)
				(*mail)++;
		}
		k = field_line(p, n, &v);
		if (k == F_SENDER || k == F_CALLER) {
			struct person per;
			if (read_person(p + v, n - v, &per) && (per.addr[0] || k == F_CALLER))
				(*reporter)++;
			if (k == F_SENDER)
				(*mail)++;
		} else if (k == F_TIME || k == F_SUBJECT) {
			(*mail)++;
		} else if (n > 8 && find_address(p, n, &at)) {
			static const char *const verbs[] = {"reported", "submitted", "opened",
							    "raised", "created", "logged", NULL};
			const char *q = p;
			size_t qn = n;
			while (qn && (*q == ' ' || *q == '*' || *q == '>')) {
				q++;
				qn--;
			}
			for (size_t i = 0; verbs[i]; i++)
				if (mem_starts_ci(q, qn, verbs[i]))
					(*reporter)++;
		}
		if (chat_header(p, n))
			(*chat)++;
		size_t words = 0;
		int in_word = 0;
		for (size_t i = 0; i < n; i++) {
			int sp = p[i] == ' ' || p[i] == '\t';
			if (!sp && !in_word)
				words++;
			in_word = !sp;
		}
		if (words >= 8 && k == F_NONE && !(n > 0 && p[0] == ' '))
			*prose = 1;
		/* PowerShell's Format-List: "Name        : value", the colons
		 * of a record in one column */
		const char *col = n > 3 ? memmem(p, n, " : ", 3) : NULL;
		if (col && col > p && p[0] != ' ') {
			size_t c = (size_t)(col - p);
			if (c == list_col)
				list_same++;
			list_col = c;
			list_lines++;
		}
		if (n)
			nonblank++;
		if (!nl)
			break;
		p = nl + 1;
	}
	/* mostly aligned "Name : value" lines: a cmdlet's output, whatever
	 * its values say */
	if (list_same >= 2 && list_lines * 3 >= nonblank * 2)
		*prose = 0;
}

static int
has_any(const struct sniff *s, const char *const *keys, int column)
{
	for (size_t i = 0; keys[i]; i++)
		if (column ? sniff_has_column(s, keys[i]) : sniff_has_key(s, keys[i]))
			return 1;
	return 0;
}

static int
bid(const struct sniff *s, const char **format)
{
	if (s->binary || s->xml_root || s->text == NULL)
		return 0;
	if (s->json != JSON_NONE) {
		static const char *const subj[] = {"subject", "short_description", "summary",
						   NULL};
		static const char *const who[] = {"requester_id", "requester", "caller_id",
						  "reporter", "opened_by", "from_email",
						  "requested_for", NULL};
		static const char *const when[] = {"created_at", "opened_at", "created",
						   "sys_created_on", NULL};
		if (has_any(s, subj, 0) && has_any(s, who, 0) && has_any(s, when, 0)) {
			*format = "ticket.json";
			return 65;
		}
		/* a ticket's comments on their own (Zendesk's ticket comments,
		 * Jira's issue comments, Freshdesk's conversations) */
		static const char *const lists[] = {"comments", "conversations", NULL};
		static const char *const bodies[] = {"body", "plain_body", "body_text", NULL};
		static const char *const authors[] = {"author_id", "author", "user_id",
						      "from_email", NULL};
		for (size_t i = 0; lists[i]; i++)
			if (sniff_top_type(s, lists[i]) == '[' && has_any(s, bodies, 0) &&
			    has_any(s, authors, 0)) {
				*format = "ticket.json";
				return 60;
			}
		return 0;
	}
	if (s->header_line && has_any(s, csv_subject, 1) && has_any(s, csv_created, 1) &&
	    has_any(s, csv_reporter, 1)) {
		*format = "ticket.csv";
		return 65;
	}
	/* an event log saved as a table (Get-WinEvent | Export-Csv, Event
	 * Viewer's "Save All Events As") or as a list (Format-List): its
	 * messages hold "User:" lines and sentences, but it is a log */
	if (s->header_line && (sniff_has_column(s, "Message") || sniff_has_column(s, "Description")) &&
	    (sniff_has_column(s, "TimeCreated") || sniff_has_column(s, "Date and Time") ||
	     sniff_has_column(s, "TimeGenerated") || sniff_has_column(s, "Event ID") ||
	     sniff_has_column(s, "LevelDisplayName")))
		return 0;
	if (sniff_contains(s, "TimeCreated") && sniff_contains(s, "ProviderName") &&
	    sniff_contains(s, "Message"))
		return 0;
	int reporter, mail, chat, prose;
	text_signals(s, &reporter, &mail, &chat, &prose);
	*format = "ticket.note";
	/* an e-mail (sender and date or subject headers) outbids a pasted
	 * diagnostics block inside it (55); a reporter line with sentences
	 * outbids PowerShell's "Name : Value" (45) */
	if (reporter && mail >= 2)
		return 60;
	if (reporter && prose)
		return 50;
	if (chat >= 2)
		return 40;
	return reporter ? 15 : 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	if (strcmp(format, "ticket.json") == 0)
		return parse_json_records(c, "ticket.note", NULL, on_json, NULL);
	if (strcmp(format, "ticket.csv") == 0)
		return parse_csv_table(c, on_row, NULL);
	return parse_text(c);
}

static const char *const formats_list[] = {
	"ticket.note", "ticket.json", "ticket.csv", NULL,
};

const struct parser parser_ticket = {
	.name = "ticket",
	.description = "the ticket: a copied note, e-mail or chat, or a help desk's JSON "
		       "or CSV export (ServiceNow, Zendesk, Jira Service Management, "
		       "Freshdesk); who reported, when, about what, and the errors "
		       "pasted into it",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
