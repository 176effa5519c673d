/*
 * textscan.c - error evidence and secrets in free text, for the add-in log,
 * console and HAR parsers (see textscan.h).
 *
 * Everything here is a hand-written scanner over one bounded piece of
 * text: no regular expressions, no allocation per match.
 */
#include "config.h"

#include "secrets.h"
#include "textscan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- character classes and small helpers ----------------------------------- */

/* Case-insensitive search for needle (m bytes) in s (n bytes): the first
 * character is compared before anything else is, which keeps the many
 * phrase searches per line cheap. */
static const char *
find_ci(const char *s, size_t n, const char *needle, size_t m)
{
	if (m == 0 || m > n)
		return m == 0 ? s : NULL;
	char lo = (char)tolower((unsigned char)needle[0]), up = (char)toupper((unsigned char)needle[0]);
	for (size_t i = 0; i + m <= n; i++) {
		if (s[i] != lo && s[i] != up)
			continue;
		size_t k = 1;
		while (k < m && tolower((unsigned char)s[i + k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == m)
			return s + i;
	}
	return NULL;
}

static int
is_word(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static int
is_hex(char c)
{
	return isxdigit((unsigned char)c) != 0;
}

/* Is position i the start of a word (not preceded by a word character)? */
static int
word_start(const char *s, size_t i)
{
	return i == 0 || !is_word(s[i - 1]);
}

void
trim_span(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)(*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

void
copy_capped(char *out, size_t cap, const char *s, size_t n)
{
	if (cap == 0)
		return;
	if (n < cap) {
		memcpy(out, s, n);
		out[n] = '\0';
		return;
	}
	size_t k = cap > 4 ? utf8_cut(s, n, cap - 4) : 0;
	memcpy(out, s, k);
	memcpy(out + k, "...", cap > 4 ? 3 : 0);
	out[k + (cap > 4 ? 3 : 0)] = '\0';
}

void
utf8_sanitize(char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
			   : (c >> 3) == 30 ? 4 : 0;
		int ok = len > 0 && i + len <= n;
		for (size_t k = 1; ok && k < len; k++)
			ok = ((unsigned char)s[i + k] & 0xC0) == 0x80;
		if (!ok) {
			s[i++] = '?';
			continue;
		}
		i += len;
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return tolower((unsigned char)c) - 'a' + 10;
}

size_t
url_decode(const char *s, size_t n, char *out, size_t cap, int plus_space)
{
	size_t o = 0;
	if (cap == 0)
		return 0;
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		char c = s[i];
		if (c == '%' && i + 2 < n && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
			c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		out[o++] = c;
	}
	out[o] = '\0';
	utf8_sanitize(out, o);
	return o;
}

int
query_param(const char *q, size_t n, const char *name, char *out, size_t cap)
{
	size_t m = strlen(name), i = 0;
	while (i < n) {
		size_t e = i;
		while (e < n && q[e] != '&' && q[e] != ';')
			e++;
		if (e - i > m && q[i + m] == '=' && strncasecmp(q + i, name, m) == 0) {
			url_decode(q + i + m + 1, e - i - m - 1, out, cap, 1);
			return 1;
		}
		i = e + 1;
	}
	return 0;
}

size_t
guid_at(const char *s, size_t n)
{
	static const size_t groups[] = {8, 4, 4, 4, 12};
	size_t i = 0, brace = n > 0 && s[0] == '{';
	i += brace;
	for (size_t g = 0; g < 5; g++) {
		for (size_t k = 0; k < groups[g]; k++, i++)
			if (i >= n || !is_hex(s[i]))
				return 0;
		if (g < 4) {
			if (i >= n || s[i] != '-')
				return 0;
			i++;
		}
	}
	if (brace) {
		if (i >= n || s[i] != '}')
			return 0;
		i++;
	}
	if (i < n && (is_word(s[i]) || s[i] == '-'))
		return 0;
	return i;
}

int
find_iso_date(const char *s, size_t n, int *y, int *m, int *d)
{
	for (size_t i = 0; i + 10 <= n; i++) {
		if (!word_start(s, i) || !(s[i] == '1' || s[i] == '2'))
			continue;
		const char *p = s + i;
		int ok = 1;
		for (int k = 0; k < 10 && ok; k++)
			ok = (k == 4 || k == 7) ? p[k] == '-' : isdigit((unsigned char)p[k]) != 0;
		if (!ok || (i + 10 < n && isdigit((unsigned char)p[10])))
			continue;
		int yy = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
		int mm = (p[5] - '0') * 10 + (p[6] - '0');
		int dd = (p[8] - '0') * 10 + (p[9] - '0');
		if (yy < 1970 || yy > 2200 || mm < 1 || mm > 12 || dd < 1 || dd > 31)
			continue;
		*y = yy;
		*m = mm;
		*d = dd;
		return 1;
	}
	return 0;
}

/* ---- findings -------------------------------------------------------------------- */

void
findings_init(struct findings *f)
{
	memset(f, 0, sizeof(*f));
	buf_init(&f->description, FIND_TEXT_MAX + 8);
	buf_init(&f->message, FIND_TEXT_MAX + 8);
	buf_init(&f->inner_message, FIND_TEXT_MAX + 8);
	f->message_rank = -1;
}

void
findings_free(struct findings *f)
{
	buf_free(&f->description);
	buf_free(&f->message);
	buf_free(&f->inner_message);
}

/* Replace b's text with s: trimmed, redacted, cut at FIND_TEXT_MAX. */
static void
set_text(struct buf *b, const char *s, size_t n)
{
	trim_span(&s, &n);
	buf_reset(b);
	redact_capped(b, s, n, FIND_TEXT_MAX);
}

void
findings_add_code(struct findings *f, const char *code, size_t n, int rank)
{
	trim_span(&code, &n);
	if (n == 0 || n >= FIND_CODE_LEN)
		return;
	for (size_t i = 0; i < f->ncodes; i++) {
		if (strlen(f->codes[i].text) == n && strncmp(f->codes[i].text, code, n) == 0) {
			if (rank < f->codes[i].rank)
				f->codes[i].rank = rank;
			return;
		}
	}
	if (f->ncodes == FIND_MAX_CODES)
		return;
	copy_capped(f->codes[f->ncodes].text, FIND_CODE_LEN, code, n);
	f->codes[f->ncodes].rank = rank;
	f->ncodes++;
}

void
findings_offer_message(struct findings *f, const char *s, size_t n, int rank)
{
	trim_span(&s, &n);
	if (n == 0 || (f->message_rank >= 0 && f->message_rank <= rank))
		return;
	set_text(&f->message, s, n);
	f->message_rank = rank;
}

void
findings_offer_user(struct findings *f, const char *s, size_t n, int rank)
{
	trim_span(&s, &n);
	if (n == 0 || n >= FIND_USER_LEN || memchr(s, '@', n) == NULL)
		return;
	if (f->user[0] && f->user_rank <= rank)
		return;
	copy_capped(f->user, sizeof(f->user), s, n);
	f->user_rank = rank;
}

static void
set_id(char *dst, const char *s, size_t n)
{
	if (dst[0] == '\0')
		copy_capped(dst, FIND_ID_LEN, s, n);
}

/* ---- codes ----------------------------------------------------------------------- */

/* Salesforce API codes and Copilot for Sales error codes that name the
 * failure by themselves (KNOWLEDGE.md 1-3). */
static const char *const named_codes[] = {
	"INVALID_SESSION_ID", "INVALID_LOGIN", "INSUFFICIENT_ACCESS_OR_READONLY",
	"INSUFFICIENT_ACCESS", "API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED",
	"REQUEST_LIMIT_EXCEEDED", "INVALID_OPERATION_WITH_EXPIRED_PASSWORD",
	"INVALID_AUTH_HEADER", "FUNCTIONALITY_NOT_ENABLED",
	"ConnectionApiPolicyViolation", "SFTypeNotSupported", "SFInvalidField",
	NULL,
};

/* OAuth 2.0 / OpenID error words (RFC 6749, RFC 6750, OIDC) and the
 * Salesforce additions. */
static const char *const oauth_errors[] = {
	"access_denied", "invalid_grant", "invalid_client", "invalid_request",
	"invalid_scope", "unauthorized_client", "unsupported_grant_type",
	"unsupported_response_type", "server_error", "temporarily_unavailable",
	"interaction_required", "login_required", "consent_required",
	"account_selection_required", "invalid_token", "insufficient_scope",
	"redirect_uri_mismatch", "invalid_client_id", "invalid_client_credentials",
	"inactive_user", "inactive_org", "unsupported_token_type",
	NULL,
};

static int
upper_code(const char *s, size_t n)
{
	int under = 0;
	if (n < 4 || !isupper((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_')
			under = 1;
		else if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]))
			return 0;
	}
	return under;
}

static int
num_value(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n && i < 9; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

void
findings_classify_code(struct findings *f, const char *s, size_t n, int rank)
{
	trim_span(&s, &n);
	if (n == 0)
		return;
	if (n > 6 && strncasecmp(s, "AADSTS", 6) == 0 && all_digits(s + 6, n - 6)) {
		char c[FIND_CODE_LEN];
		snprintf(c, sizeof(c), "AADSTS%.*s", (int)(n - 6), s + 6);
		findings_add_code(f, c, strlen(c), RANK_AADSTS);
		return;
	}
	if (all_digits(s, n)) {
		int v = n <= 6 ? num_value(s, n) : 0;
		char c[32];
		if (v >= 13000 && v <= 13013) {
			findings_add_code(f, s, n, RANK_OFFICE);
		} else if (n == 3 && v >= 400 && v <= 599) {
			snprintf(c, sizeof(c), "HTTP %d", v);
			findings_add_code(f, c, strlen(c), RANK_HTTP);
		} else {
			findings_add_code(f, s, n, rank > RANK_LABELLED ? rank : RANK_LABELLED);
		}
		return;
	}
	if (word_in_list(oauth_errors, s, n)) {
		findings_add_code(f, s, n, RANK_OAUTH_ERROR);
		return;
	}
	if (upper_code(s, n) || word_in_list(named_codes, s, n)) {
		findings_add_code(f, s, n, rank < RANK_NAMED ? rank : RANK_NAMED);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (!is_word(s[i]) && s[i] != '.' && s[i] != '-')
			return;	/* a sentence, not a code */
	findings_add_code(f, s, n, rank);
}

/* AADSTS50105 anywhere (also inside URL-encoded text). */
static void
scan_aadsts(struct findings *f, const char *s, size_t n)
{
	for (size_t i = 0; i + 10 <= n; i++) {
		if (!(s[i] == 'A' || s[i] == 'a') || !mem_starts_ci(s + i, n - i, "AADSTS") ||
		    (i > 0 && isalnum((unsigned char)s[i - 1])))
			continue;
		size_t d = i + 6, e = d;
		while (e < n && isdigit((unsigned char)s[e]) && e - d < 8)
			e++;
		if (e - d < 4 || e - d > 7 || (e < n && isdigit((unsigned char)s[e])))
			continue;
		char c[FIND_CODE_LEN];
		snprintf(c, sizeof(c), "AADSTS%.*s", (int)(e - d), s + d);
		findings_add_code(f, c, strlen(c), RANK_AADSTS);
		if (e + 1 < n && s[e] == ':') {
			/* "AADSTS50105: The signed in user ..." up to markup or
			 * the end of the line */
			size_t k = e + 1;
			while (k < n && k - i < 600 && !strchr("<\"\\\n\r&", s[k]))
				k++;
			findings_offer_message(f, s + i, k - i, MSG_AADSTS);
		}
		i = e;
	}
}

/* OAUTH_*, LOGIN_ERROR_* and the named codes, as whole words. */
static void
scan_named(struct findings *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!word_start(s, i) || !isupper((unsigned char)s[i]))
			continue;
		size_t e = i;
		while (e < n && is_word(s[e]))
			e++;
		size_t len = e - i;
		int prefixed = (len > 6 && strncmp(s + i, "OAUTH_", 6) == 0) ||
			       (len > 12 && strncmp(s + i, "LOGIN_ERROR_", 12) == 0);
		if ((prefixed && upper_code(s + i, len)) || word_in_list(named_codes, s + i, len))
			findings_add_code(f, s + i, len, RANK_NAMED);
		i = e;
	}
}

/* Does the text just before position i mention a code or an error?  Used
 * so that 13003 counts as an Office error only where it is labelled. */
static int
labelled_before(const char *s, size_t i)
{
	size_t from = i > 40 ? i - 40 : 0;
	static const char *const labels[] = {"code", "error", "sso", "token", NULL};
	for (size_t k = 0; labels[k]; k++)
		if (find_ci(s + from, i - from, labels[k], strlen(labels[k])))
			return 1;
	return 0;
}

/* Does text end at position e with word (case-insensitive)? */
static int
ends_with_ci(const char *s, size_t e, const char *word)
{
	size_t m = strlen(word);
	return e >= m && strncasecmp(s + e - m, word, m) == 0;
}

/* Is the number at i a source line number ("app.js:13003")?  Not after
 * a JSON key ("code":13003) or "code:" / "error:". */
static int
line_number_at(const char *s, size_t i)
{
	if (i == 0 || s[i - 1] != ':')
		return 0;
	if (i >= 2 && (s[i - 2] == '"' || s[i - 2] == '\''))
		return 0;
	return !ends_with_ci(s, i - 1, "code") && !ends_with_ci(s, i - 1, "error");
}

/* Office SSO error numbers 13000-13013 where the text calls them a code or
 * an error, never a line number (app.js:13003). */
static void
scan_office(struct findings *f, const char *s, size_t n)
{
	for (size_t i = 0; i + 5 <= n; i++) {
		if (s[i] != '1' || s[i + 1] != '3' || s[i + 2] != '0' ||
		    !all_digits(s + i, 5) || (i + 5 < n && (is_word(s[i + 5]) || s[i + 5] == ':')))
			continue;
		int v = num_value(s + i, 5);
		if (v > 13013)
			continue;
		if (i > 0 && (is_word(s[i - 1]) || strchr("./-", s[i - 1])))
			continue;
		if (line_number_at(s, i))
			continue;
		if (labelled_before(s, i))
			findings_add_code(f, s + i, 5, RANK_OFFICE);
	}
}

/* "error code X", "errorCode=X", "Error Code: X". */
static void
scan_labelled(struct findings *f, const char *s, size_t n)
{
	for (size_t i = 0; i + 10 <= n; i++) {
		if (!word_start(s, i) || !mem_starts_ci(s + i, n - i, "error"))
			continue;
		size_t p = i + 5;
		if (p < n && (s[p] == ' ' || s[p] == '_' || s[p] == '-'))
			p++;
		if (!mem_starts_ci(s + p, n - p, "code"))
			continue;
		p += 4;
		if (p < n && s[p] == 's')
			continue;	/* error_codes: read from JSON */
		size_t seps = 0;
		while (p < n && seps < 5 && strchr(" :=\"'#\t", s[p])) {
			p++;
			seps++;
		}
		size_t e = p;
		while (e < n && (is_word(s[e]) || s[e] == '.' || s[e] == '-') && e - p < 64)
			e++;
		while (e > p && (s[e - 1] == '.' || s[e - 1] == '-'))
			e--;
		if (e > p)
			findings_classify_code(f, s + p, e - p, RANK_LABELLED);
	}
}

/* The value after key at s[p]: "=v", "=\"v\"", "\":\"v\"", ": v".  Returns
 * its span, unquoted. */
static int
key_value(const char *s, size_t n, size_t p, size_t *vs, size_t *ve, int *quoted)
{
	*quoted = 0;
	if (p < n && s[p] == '"')
		p++;	/* the closing quote of a JSON key */
	while (p < n && s[p] == ' ')
		p++;
	if (p >= n || (s[p] != '=' && s[p] != ':'))
		return 0;
	p++;
	while (p < n && s[p] == ' ')
		p++;
	if (p < n && (s[p] == '"' || s[p] == '\'')) {
		char q = s[p++];
		*vs = p;
		*ve = param_value_end(s, n, p, q);
		*quoted = 1;
		return *ve > p;
	}
	*vs = p;
	return 1;
}

/* error=X / "error":"X": the OAuth error word. */
static void
scan_error_param(struct findings *f, const char *s, size_t n)
{
	for (size_t i = 0; i + 6 < n; i++) {
		if (!word_start(s, i) || !mem_starts_ci(s + i, n - i, "error") || is_word(s[i + 5]))
			continue;
		size_t vs, ve;
		int quoted;
		if (!key_value(s, n, i + 5, &vs, &ve, &quoted))
			continue;
		if (!quoted) {
			ve = vs;
			while (ve < n && (is_word(s[ve]) || s[ve] == '.'))
				ve++;
		}
		size_t len = ve - vs;
		if (len == 0 || len >= FIND_CODE_LEN)
			continue;
		int known = word_in_list(oauth_errors, s + vs, len) || upper_code(s + vs, len);
		if (!known)
			continue;
		if (f->oauth_error[0] == '\0')
			copy_capped(f->oauth_error, sizeof(f->oauth_error), s + vs, len);
		findings_classify_code(f, s + vs, len, RANK_OAUTH_ERROR);
	}
}

/* An OAuth error word standing alone in a message ("400 invalid_client
 * (invalid client credentials)"): its underscore makes it unmistakable. */
static void
scan_oauth_words(struct findings *f, const char *s, size_t n)
{
	for (size_t i = 0; i + 6 < n; i++) {
		if (!word_start(s, i) || !isalpha((unsigned char)s[i]))
			continue;
		size_t e = i;
		while (e < n && is_word(s[e]))
			e++;
		size_t len = e - i;
		if (len >= 8 && memchr(s + i, '_', len) && word_in_list(oauth_errors, s + i, len)) {
			if (f->oauth_error[0] == '\0')
				copy_capped(f->oauth_error, sizeof(f->oauth_error), s + i, len);
			findings_add_code(f, s + i, len, RANK_OAUTH_ERROR);
		}
		i = e;
	}
}

/* Decode a JSON string body (\" \\ \/ \n \t; \u escapes kept as written). */
static void
json_unescape(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < n) {
			char e = s[++i];
			c = e == 'n' ? ' ' : e == 't' ? ' ' : e == 'r' ? ' ' : e;
		}
		(void)buf_addc(b, c);
	}
}

/* error_description=... (URL or prose) / "error_description":"...". */
static void
scan_description(struct findings *f, const char *s, size_t n)
{
	const char *key = "error_description";
	for (size_t i = 0; i + 18 < n; i++) {
		if (!word_start(s, i) || !mem_starts_ci(s + i, n - i, key))
			continue;
		size_t vs, ve;
		int quoted;
		if (!key_value(s, n, i + strlen(key), &vs, &ve, &quoted))
			continue;
		struct buf v;
		buf_init(&v, 2 * FIND_TEXT_MAX);
		if (quoted) {
			json_unescape(&v, s + vs, utf8_cut(s + vs, ve - vs, FIND_TEXT_MAX));
		} else {
			/* up to the next parameter: '&', a quote, the end of the
			 * line, or " key=" in prose */
			ve = vs;
			int spaces = 0;
			while (ve < n && !strchr("&\"\n\t", s[ve])) {
				if (s[ve] == ' ') {
					size_t k = ve + 1;
					while (k < n && is_word(s[k]))
						k++;
					if (k > ve + 1 && k < n && s[k] == '=')
						break;
					spaces = 1;
				}
				ve++;
			}
			size_t len = utf8_cut(s + vs, ve - vs, FIND_TEXT_MAX);
			if (spaces) {
				(void)buf_add(&v, s + vs, len);
			} else {
				char *tmp = xmalloc(len + 1);
				size_t k = url_decode(s + vs, len, tmp, len + 1, 1);
				(void)buf_add(&v, tmp, k);
				free(tmp);
			}
		}
		if (v.len) {
			if (f->description.len == 0)
				set_text(&f->description, v.data, v.len);
			findings_offer_message(f, v.data, v.len, MSG_DESCRIPTION);
			scan_aadsts(f, v.data, v.len);
		}
		buf_free(&v);
		i = ve;
	}
}

static int
http_status_ok(int v)
{
	return v >= 100 && v <= 599;
}

static const char *const reason_phrases[] = {
	"Bad Request", "Unauthorized", "Forbidden", "Not Found", "Conflict",
	"Too Many Requests", "Internal Server Error", "Bad Gateway", "BadGateway",
	"Service Unavailable", "Gateway Timeout", NULL,
};

/* Three digits at s[i], not part of a longer number. */
static int
three_digits(const char *s, size_t n, size_t i)
{
	return i + 3 <= n && all_digits(s + i, 3) &&
	       (i + 3 == n || !isdigit((unsigned char)s[i + 3])) &&
	       (i == 0 || !isdigit((unsigned char)s[i - 1]));
}

static void
note_http(struct findings *f, int v)
{
	if (!http_status_ok(v))
		return;
	if (f->http_status == 0)
		f->http_status = v;
	if (v >= 400) {
		char c[16];
		snprintf(c, sizeof(c), "HTTP %d", v);
		findings_add_code(f, c, strlen(c), RANK_HTTP);
	}
}

/* HTTP statuses: "HTTP/1.1 403", "HTTP 403", "status of 403", "status
 * code: 403", "\"status\":403", "(401) Unauthorized", "403 Forbidden". */
static void
scan_http(struct findings *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t p = 0;
		if (word_start(s, i) && mem_starts_ci(s + i, n - i, "http")) {
			p = i + 4;
			if (p < n && s[p] == '/') {
				p++;
				while (p < n && (isdigit((unsigned char)s[p]) || s[p] == '.'))
					p++;
			}
			if (p < n && s[p] == ' ')
				p++;
			else
				p = 0;
		} else if (word_start(s, i) && mem_starts_ci(s + i, n - i, "status")) {
			p = i + 6;
			if (mem_starts_ci(s + p, n - p, " of "))
				p += 4;
			else if (mem_starts_ci(s + p, n - p, " code"))
				p += 5;
			else if (mem_starts_ci(s + p, n - p, "code"))
				p += 4;
			size_t k = 0;
			while (p < n && k < 4 && strchr(" :=\"", s[p])) {
				p++;
				k++;
			}
		} else if (s[i] == '(' && three_digits(s, n, i + 1) && i + 5 < n && s[i + 4] == ')' &&
			   s[i + 5] == ' ') {
			p = i + 1;
		} else if (three_digits(s, n, i) && i + 4 < n && s[i + 3] == ' ' &&
			   (i == 0 || !is_word(s[i - 1]))) {
			for (size_t r = 0; reason_phrases[r]; r++)
				if (mem_starts_ci(s + i + 4, n - i - 4, reason_phrases[r]))
					p = i;
		}
		if (p && three_digits(s, n, p)) {
			note_http(f, num_value(s + p, 3));
			i = p + 2;
		}
	}
}

/* ---- users, ids, names --------------------------------------------------------------- */

static int
local_char(char c)
{
	return isalnum((unsigned char)c) || strchr("._%+#'-", c) != NULL;
}

/* Emails and UPNs: local@domain.tld. */
static void
scan_users(struct findings *f, const char *s, size_t n)
{
	for (size_t at = 1; at + 3 < n; at++) {
		if (s[at] != '@')
			continue;
		size_t a = at;
		while (a > 0 && local_char(s[a - 1]))
			a--;
		while (a < at && (s[a] == '.' || s[a] == '\'' || s[a] == '#'))
			a++;
		size_t e = at + 1, dots = 0, last_dot = 0;
		while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '-' || s[e] == '.')) {
			if (s[e] == '.') {
				dots++;
				last_dot = e;
			}
			e++;
		}
		while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) {
			e--;
			if (s[e] == '.' && dots) {
				dots--;
				last_dot = 0;
				for (size_t k = at + 1; k < e; k++)
					if (s[k] == '.')
						last_dot = k;
			}
		}
		if (a == at || dots == 0 || last_dot == 0 || e - last_dot < 3)
			continue;
		int alpha_tld = 1;
		for (size_t k = last_dot + 1; k < e; k++)
			alpha_tld &= isalpha((unsigned char)s[k]) != 0;
		if (!alpha_tld || (a >= 1 && s[a - 1] == '/'))
			continue;	/* "//user@host" is a URL */
		findings_offer_user(f, s + a, e - a, 5);
		return;
	}
}

/* "user=jane", user="CONTOSO\\jane", "[user jane@x]", "upn: jane@x": a
 * user a log labels; an address is offered as one, a bare username kept
 * for when the record names no address. */
static void
scan_labelled_user(struct findings *f, const char *s, size_t n)
{
	static const char *const labels[] = {"user", "username", "upn", "userprincipalname",
					     "srcuser", "dstuser", NULL};
	for (size_t i = 0; i + 5 < n; i++) {
		if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_' || s[i - 1] == '.'))
			continue;
		size_t k = 0;
		int found = 0;
		for (size_t l = 0; labels[l] && !found; l++) {
			k = strlen(labels[l]);
			found = i + k < n && strncasecmp(s + i, labels[l], k) == 0 &&
				!isalnum((unsigned char)s[i + k]) && s[i + k] != '_';
		}
		if (!found)
			continue;
		size_t p = i + k;
		if (p < n && s[p] == '"')
			p++;	/* "user":"x" */
		if (p >= n || !(s[p] == '=' || s[p] == ':' || (s[p] == ' ' && i > 0 && s[i - 1] == '[')))
			continue;
		p++;
		while (p < n && (s[p] == ' ' || s[p] == '"' || s[p] == '\''))
			p++;
		size_t e = p;
		while (e < n && !strchr(" \t\"',;]})&", s[e]))
			e++;
		if (e - p < 2 || e - p >= FIND_USER_LEN)
			continue;
		if (memchr(s + p, '@', e - p)) {
			findings_offer_user(f, s + p, e - p, 3);
			return;
		}
		/* a username: letters, digits, . _ - and a DOMAIN\ prefix */
		int ok = isalpha((unsigned char)s[p]);
		for (size_t q = p; q < e && ok; q++)
			ok = isalnum((unsigned char)s[q]) || strchr("._-\\", s[q]);
		if (ok && !f->username[0])
			copy_capped(f->username, sizeof(f->username), s + p, e - p);
		return;
	}
}

/* After a keyword: an optional "id", separators, then a GUID. */
static size_t
guid_after(const char *s, size_t n, size_t p, size_t *at)
{
	if (p < n && (s[p] == ' ' || s[p] == '-' || s[p] == '_') && p + 2 < n &&
	    strncasecmp(s + p + 1, "id", 2) == 0)
		p += 3;
	else if (p + 1 < n && strncasecmp(s + p, "id", 2) == 0)
		p += 2;
	size_t k = 0;
	while (p < n && k < 6 && strchr(" \t:=\"'[({", s[p])) {
		p++;
		k++;
	}
	*at = p;
	return guid_at(s + p, n - p);
}

/* GUIDs named as correlation, request, client request or add-in ids. */
static void
scan_ids(struct findings *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!isalpha((unsigned char)s[i]))
			continue;
		size_t at, len, p;
		if (mem_starts_ci(s + i, n - i, "correlation")) {
			p = i + 11;
			if ((len = guid_after(s, n, p, &at)) > 0)
				set_id(f->correlation, s + at, len);
		} else if (mem_starts_ci(s + i, n - i, "request")) {
			p = i + 7;
			if ((len = guid_after(s, n, p, &at)) == 0)
				continue;
			int client = i >= 6 && strncasecmp(s + i - 6, "client", 6) == 0;
			if (!client && i >= 7 && strncasecmp(s + i - 7, "client", 6) == 0 &&
			    strchr(" -_", s[i - 1]))
				client = 1;
			set_id(client ? f->client_request : f->request, s + at, len);
		} else if (word_start(s, i) && mem_starts_ci(s + i, n - i, "add")) {
			p = i + 3;
			if (p < n && s[p] == '-')
				p++;
			if (!mem_starts_ci(s + p, n - p, "in"))
				continue;
			p += 2;
			if ((len = guid_after(s, n, p, &at)) > 0 && at > p)
				set_id(f->addin, s + at, len);
		} else if (word_start(s, i) && mem_starts_ci(s + i, n - i, "solution")) {
			if ((len = guid_after(s, n, i + 8, &at)) > 0)
				set_id(f->addin, s + at, len);
		}
	}
}

struct name {
	const char *text;
	int exact_case;		/* "Salesforce" in prose, not in host names */
};

/* Connected apps and add-ins, the most specific first (KNOWLEDGE.md 1-4). */
static const struct name apps[] = {
	{"Copilot for Sales Connected App", 0},
	{"Sales Connected App", 0},
	{"Microsoft Copilot for Sales", 0},
	{"Copilot for Sales", 0},
	{"Microsoft Sales Copilot", 0},
	{"Viva Sales", 0},
	{"Microsoft Power Platform", 0},
	{"Salesforce for Outlook", 0},
	{"Salesforce Outlook Integration", 0},
	{"Einstein Activity Capture", 0},
	{"Salesforce", 1},
	{NULL, 0},
};

/* Error sentences users and support see, verbatim (KNOWLEDGE.md), the
 * most specific first. */
static const char *const known_errors[] = {
	"User doesn't have admin permission to access the connected app",
	"user is not admin approved to access this app",
	"this app is blocked by admin",
	"Access denied for this user",
	"The connection is disabled so it cannot be used",
	"Request your CRM administrator permissions to access Salesforce using APIs",
	"API is disabled for this User",
	"API is not enabled for this Organization or Partner",
	"Client credentials flow is disabled in Salesforce",
	"Couldn't get access token for client credentials flow in Salesforce",
	"Couldn't get client credentials to access Salesforce",
	"Session ID isn't allowed for use REST API access at Salesforce",
	"Couldn't get Client ID for access token retrieval from Salesforce",
	"Couldn't assign permission set because the integration user is inactive in Salesforce",
	"Salesforce integration license limit reached",
	"Server-to-server authentication failed",
	"Server-to-server authorization failed",
	"Unauthorized access denied",
	"Access token expired or invalid",
	"Session expired or invalid",
	"user hasn't approved this consumer",
	"expired access/refresh token",
	"app must be installed into org",
	"ip restricted or invalid login hours",
	"Failure passed to redirect url",
	"There was a problem starting Copilot for Sales",
	"Error occurred in the authentication request from Office",
	"This add-in could not be started",
	"This app could not be started",
	"Catalog could not be reached",
	"Activities aren't being captured or synced from this account",
	"Review disabled Einstein Activity Capture accounts",
	"An update to this add-in is available that requires your review",
	"To update Salesforce, ask for edit access for this object",
	"Update settings in Salesforce",
	"Error from token exchange",
	"OAuth2 authorization flow failed",
	"Required fields are missing",
	"The profile name is already in use",
	"Couldn't complete the connected app or permission set deployment",
	"Couldn't get deployment status",
	"Couldn't get user license ID",
	"Couldn't find the connected app",
	"Couldn't remove the connected app",
	"Couldn't remove the permission set",
	"Couldn't get connected app details",
	"Couldn't find the connection user",
	"Couldn't remove the permission assignment",
	"insufficient access rights on cross-reference id",
	"Invalid username, password, security token",
	"Could not refresh the access token",
	"You've been logged out of Salesforce based on your organization's security settings",
	"is not assigned to a role for the application",
	"hasn't consented to use the application",
	"Need admin approval",
	"Misconfigured application",
	"was not found in the directory",
	"was not found in the tenant",
	"The security settings in your browser prevent us from creating a dialog box",
	"This might be a temporary error",
	"Trouble connecting to Salesforce",
	"authentication failure",
	"Connection lost",
	"Something went wrong",
	NULL,
};

/* ---- what a complaint is about ---------------------------------------------------- */

/* The things a missing add-in is described by ... */
static const char *const addin_things[] = {
	"add-in", "addin", "add in", "icon", "button", "ribbon", "pane",
	"ícone", "icone", "botão", "botao", "suplemento", "complemento", "botón", "boton",
	"icono", "bouton", "icône", "complément", "complement", "compagnon",
	"schaltfläche", "symbol", "erweiterung", "pulsante", "icona", "componente aggiuntivo",
	"knop", "pictogram", "invoegtoepassing", NULL,
};

/* ... and the ways people say it is not there. */
static const char *const missing_words[] = {
	/* English */
	"missing", "not showing", "not visible", "not there", "not appearing", "not available",
	"disappeared", "vanished", "gone", "doesn't appear", "doesn't show", "does not appear",
	"does not show", "can't see", "cannot see", "can not see", "don't see", "do not see",
	"don't have", "never appears", "never appeared", "never shows", "no longer",
	"isn't there", "is not there", "there is no", "there's no", "no add-in", "no button",
	"no icon",
	/* Portuguese */
	"não aparece", "nao aparece", "sumiu", "sumiram", "desapareceu", "desapareceram",
	"não está aparecendo", "não vejo", "não consigo ver", "não mostra", "não é exibido",
	"não está visível", "não está mais", "ausente",
	/* Spanish */
	"no aparece", "desapareció", "desaparecio", "ha desaparecido", "ya no está",
	"ya no esta", "no veo", "no puedo ver", "no se muestra", "falta",
	/* French */
	"n'apparaît plus", "n'apparait plus", "n'apparaît pas", "n'apparait pas", "disparu",
	"ne s'affiche plus", "ne s'affiche pas", "ne vois plus", "ne vois pas", "introuvable",
	"manquant", "absent",
	/* German */
	"verschwunden", "nicht mehr sichtbar", "nicht sichtbar", "nicht mehr angezeigt",
	"nicht angezeigt", "fehlt", "nicht mehr da", "sehe ich nicht", "ist weg", "sind weg",
	/* Italian */
	"scomparso", "scomparsa", "sparito", "sparita", "non appare", "non compare",
	"non è più visibile", "non vedo", "manca",
	/* Dutch */
	"verdwenen", "niet meer zichtbaar", "niet zichtbaar", "niet weergegeven", "ontbreekt",
	"zie ik niet", "is weg", NULL,
};

/* Words that say it is not there only when they come before it: "no
 * Copilot for Sales icon", "kein Symbol", "sem o botão". */
static const char *const missing_before[] = {
	"no", "kein", "keine", "keinen", "pas de", "plus de", "sem", "sin", "nessun",
	"nessuna", "geen", NULL,
};
#define BEFORE_REACH 40

/* Said without naming the thing. */
static const char *const missing_alone[] = {"don't have it", "do not have it", NULL};

#define COMPLAINT_REACH 100	/* bytes between the thing and the words */

/* Occurrences of list's phrases in low[0, n) at word boundaries, as
 * offsets; at most max. */
static size_t
phrase_hits(const char *low, size_t n, const char *const *list, size_t *at, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; list[i] && k < max; i++) {
		size_t m = strlen(list[i]);
		for (const char *p = low; k < max && (p = memmem(p, n - (size_t)(p - low), list[i], m));
		     p++) {
			size_t a = (size_t)(p - low);
			if ((a > 0 && isalnum((unsigned char)low[a - 1])) ||
			    (a + m < n && isalpha((unsigned char)low[a + m]) &&
			     list[i][m - 1] != ' '))
				continue;
			at[k++] = a;
		}
	}
	return k;
}

/* No sentence ends between a and b. */
static int
same_sentence(const char *low, size_t a, size_t b)
{
	if (a > b) {
		size_t t = a;
		a = b;
		b = t;
	}
	for (size_t i = a; i + 1 < b; i++)
		if ((low[i] == '.' || low[i] == '!' || low[i] == '?') && low[i + 1] == ' ')
			return 0;
	return 1;
}

const char *
complaint_class(const char *s, size_t n)
{
	if (n == 0)
		return NULL;
	/* lower case; a typographic apostrophe reads as a plain one */
	char *low = xmalloc(n + 1);
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + 2 < n && memcmp(s + i, "\xe2\x80\x99", 3) == 0) {
			low[w++] = '\'';
			i += 2;
			continue;
		}
		low[w++] = (char)tolower((unsigned char)s[i]);
	}
	n = w;
	low[n] = '\0';
	const char *cls = NULL;
	size_t things[64], words[64];
	size_t nt = phrase_hits(low, n, addin_things, things, 64);
	size_t nw = phrase_hits(low, n, missing_words, words, 64);
	for (size_t i = 0; i < nt && !cls; i++)
		for (size_t k = 0; k < nw && !cls; k++) {
			size_t d = things[i] > words[k] ? things[i] - words[k] : words[k] - things[i];
			if (d <= COMPLAINT_REACH && same_sentence(low, things[i], words[k]))
				cls = "addin_missing";
		}
	nw = cls ? 0 : phrase_hits(low, n, missing_before, words, 64);
	for (size_t i = 0; i < nt && !cls; i++)
		for (size_t k = 0; k < nw && !cls; k++)
			if (words[k] < things[i] && things[i] - words[k] <= BEFORE_REACH &&
			    same_sentence(low, words[k], things[i]))
				cls = "addin_missing";
	if (!cls && phrase_hits(low, n, missing_alone, words, 1))
		cls = "addin_missing";
	free(low);
	return cls;
}

/* ---- the language of a text ------------------------------------------------------- */

/* Small words frequent in one language and rare in the others. */
static const struct {
	const char *name;
	const char *const words[24];
} languages[] = {
	{"English", {"the", "and", "is", "not", "with", "for", "this", "that", "since", "today",
		     "yesterday", "still", "but", "have", "it", "my", "can't", "doesn't",
		     "thanks", "please", "of", "was", "are", NULL}},
	{"German", {"der", "die", "das", "und", "ist", "nicht", "ich", "mit", "auf", "für",
		    "ein", "eine", "seit", "heute", "gestern", "danke", "bitte", "wird", "noch",
		    "kein", "mehr", "auch", "wir", NULL}},
	{"French", {"le", "les", "des", "une", "est", "pas", "je", "vous", "avec", "pour",
		    "dans", "sur", "ce", "qui", "plus", "merci", "depuis", "hier", "mais",
		    "aujourd'hui", "ne", "j'ai", "au", NULL}},
	{"Spanish", {"el", "los", "las", "del", "está", "con", "una", "también", "hoy",
		     "ayer", "gracias", "pero", "usted", "porque", "muy", "ya", "sigue", "puedo",
		     "tengo", "al", "es", "y", "lo", NULL}},
	{"Portuguese", {"não", "você", "está", "também", "hoje", "ontem", "obrigado",
			"obrigada", "ainda", "então", "isso", "mas", "pelo", "pela", "com", "uma",
			"do", "da", "em", "nao", "mais", "meu", "minha", NULL}},
	{"Italian", {"il", "gli", "della", "che", "non", "sono", "per", "anche", "oggi",
		     "ieri", "grazie", "ma", "più", "questo", "questa", "ancora", "nel", "mi",
		     "ho", "è", "si", "alla", "dal", NULL}},
	{"Dutch", {"het", "een", "en", "niet", "ik", "met", "voor", "op", "van", "dat",
		   "sinds", "vandaag", "gisteren", "bedankt", "maar", "nog", "geen", "ook",
		   "wij", "mijn", "heb", "wordt", "zijn", NULL}},
};

#define LANGUAGE_MIN 6		/* words that must tell */

const char *
text_language(const char *s, size_t n)
{
	enum { NLANG = sizeof(languages) / sizeof(languages[0]) };
	unsigned score[NLANG] = {0};
	char w[32];
	for (size_t i = 0; i < n;) {
		/* a word: letters (any UTF-8 byte counts as one) and apostrophes */
		while (i < n && !(isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80))
			i++;
		size_t k = 0;
		while (i < n && (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80 ||
				 s[i] == '\'')) {
			if (k + 1 < sizeof(w))
				w[k++] = (char)tolower((unsigned char)s[i]);
			i++;
		}
		w[k] = '\0';
		if (k == 0 || k + 1 >= sizeof(w))
			continue;
		for (size_t l = 0; l < NLANG; l++)
			for (size_t j = 0; languages[l].words[j]; j++)
				if (strcmp(w, languages[l].words[j]) == 0)
					score[l]++;
	}
	size_t best = 0, second = NLANG;
	for (size_t l = 1; l < NLANG; l++)
		if (score[l] > score[best])
			best = l;
	for (size_t l = 0; l < NLANG; l++)
		if (l != best && (second == NLANG || score[l] > score[second]))
			second = l;
	if (score[best] < LANGUAGE_MIN || score[best] * 2 < score[second] * 3)
		return NULL;
	return languages[best].name;
}

/* A lower-case copy of s, for memmem() searches (caller frees). */
static char *
lower_copy(const char *s, size_t n)
{
	char *low = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[n] = '\0';
	return low;
}

/* Where the lower-case form of text occurs in low (n bytes), from from. */
static const char *
find_lower(const char *low, size_t n, size_t from, const char *text, size_t m)
{
	char needle[128];
	if (m >= sizeof(needle) || from > n)
		return NULL;
	for (size_t i = 0; i < m; i++)
		needle[i] = (char)tolower((unsigned char)text[i]);
	return memmem(low + from, n - from, needle, m);
}

/* The first name of list in s (low: its lower-case copy), as a whole word. */
static const char *
find_name(const char *s, const char *low, size_t n, const struct name *list)
{
	for (size_t k = 0; list[k].text; k++) {
		size_t m = strlen(list[k].text), from = 0;
		const char *hit;
		while ((hit = find_lower(low, n, from, list[k].text, m)) != NULL) {
			size_t i = (size_t)(hit - low);
			from = i + 1;
			if (list[k].exact_case && strncmp(s + i, list[k].text, m) != 0)
				continue;
			if ((i > 0 && isalnum((unsigned char)s[i - 1])) ||
			    (i + m < n && isalnum((unsigned char)s[i + m])))
				continue;
			return list[k].text;
		}
	}
	return NULL;
}

static const char *
find_known_lower(const char *low, size_t n)
{
	for (size_t k = 0; known_errors[k]; k++)
		if (find_lower(low, n, 0, known_errors[k], strlen(known_errors[k])))
			return known_errors[k];
	return NULL;
}

static const char *
find_known(const char *s, size_t n)
{
	char *low = lower_copy(s, n);
	const char *k = find_known_lower(low, n);
	free(low);
	return k;
}

void
scan_text(struct findings *f, const char *s, size_t n)
{
	if (n == 0)
		return;
	scan_named(f, s, n);
	scan_aadsts(f, s, n);
	scan_office(f, s, n);
	scan_labelled(f, s, n);
	scan_error_param(f, s, n);
	scan_oauth_words(f, s, n);
	scan_description(f, s, n);
	scan_http(f, s, n);
	scan_users(f, s, n);
	scan_labelled_user(f, s, n);
	scan_ids(f, s, n);
	char *low = lower_copy(s, n);
	if (f->app == NULL)
		f->app = find_name(s, low, n, apps);
	if (f->known == NULL)
		f->known = find_known_lower(low, n);
	free(low);
}

/* ---- JSON error bodies --------------------------------------------------------------- */

static const cJSON *
member(const cJSON *obj, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		const cJSON *v = cJSON_GetObjectItem(obj, names[i]);	/* case-insensitive */
		if (v)
			return v;
	}
	return NULL;
}

static void
json_code(struct findings *f, const cJSON *v, int rank)
{
	if (cJSON_IsString(v) && v->valuestring) {
		findings_classify_code(f, v->valuestring, strlen(v->valuestring), rank);
	} else if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e9) {
		char c[32];
		snprintf(c, sizeof(c), "%d", (int)v->valuedouble);
		findings_classify_code(f, c, strlen(c), rank);
	}
}

static void
json_id(char *dst, const cJSON *v)
{
	if (cJSON_IsString(v) && v->valuestring) {
		size_t n = strlen(v->valuestring);
		if (guid_at(v->valuestring, n) == n)
			set_id(dst, v->valuestring, n);
	}
}

static void
json_error(struct findings *f, const cJSON *obj, int depth)
{
	static const char *const code_keys[] = {"code", "errorCode", "error_code", NULL};
	static const char *const message_keys[] = {"message", "errorMessage", "error_message", NULL};
	static const char *const inner_keys[] = {"innerError", "inner_error", NULL};
	static const char *const user_keys[] = {"userPrincipalName", "upn", "username",
						"preferred_username", "login_hint", "loginHint",
						"email", NULL};
	if (depth > 4)
		return;
	if (cJSON_IsArray(obj)) {
		/* Salesforce REST: [{"message": ..., "errorCode": ...}] */
		json_error(f, cJSON_GetArrayItem(obj, 0), depth + 1);
		return;
	}
	if (!cJSON_IsObject(obj))
		return;
	json_code(f, member(obj, code_keys), RANK_GIVEN);
	const cJSON *err = cJSON_GetObjectItem(obj, "error");
	if (cJSON_IsString(err) && err->valuestring) {
		size_t n = strlen(err->valuestring);
		if (n < FIND_CODE_LEN && f->oauth_error[0] == '\0')
			copy_capped(f->oauth_error, sizeof(f->oauth_error), err->valuestring, n);
		findings_classify_code(f, err->valuestring, n, RANK_OAUTH_ERROR);
	} else if (cJSON_IsObject(err)) {
		json_error(f, err, depth + 1);	/* Graph: {"error": {"code", "message"}} */
	}
	const cJSON *d = cJSON_GetObjectItem(obj, "error_description");
	if (cJSON_IsString(d) && d->valuestring) {
		size_t n = strlen(d->valuestring);
		if (f->description.len == 0)
			set_text(&f->description, d->valuestring, n);
		findings_offer_message(f, d->valuestring, n, MSG_DESCRIPTION);
		scan_aadsts(f, d->valuestring, n);
	}
	const cJSON *m = member(obj, message_keys);
	if (cJSON_IsString(m) && m->valuestring) {
		size_t n = strlen(m->valuestring);
		findings_offer_message(f, m->valuestring, n, MSG_JSON);
		scan_aadsts(f, m->valuestring, n);
		if (f->known == NULL)
			f->known = find_known(m->valuestring, n);
	}
	const cJSON *inner = member(obj, inner_keys);
	const cJSON *im = cJSON_GetObjectItem(inner, "message");
	if (cJSON_IsString(im) && im->valuestring && f->inner_message.len == 0) {
		size_t n = strlen(im->valuestring);
		set_text(&f->inner_message, im->valuestring, n);
		if (f->known == NULL)
			f->known = find_known(im->valuestring, n);
	}
	if (cJSON_IsObject(inner))
		json_code(f, cJSON_GetObjectItem(inner, "code"), RANK_LABELLED);
	const cJSON *src = cJSON_GetObjectItem(obj, "source");
	if (cJSON_IsString(src) && src->valuestring && f->error_source[0] == '\0')
		copy_capped(f->error_source, sizeof(f->error_source), src->valuestring,
			    strlen(src->valuestring));
	const cJSON *codes = cJSON_GetObjectItem(obj, "error_codes");
	const cJSON *c;
	cJSON_ArrayForEach(c, codes) {
		if (cJSON_IsNumber(c) && c->valuedouble > 0 && c->valuedouble < 1e8) {
			char s[32];
			snprintf(s, sizeof(s), "AADSTS%d", (int)c->valuedouble);
			findings_add_code(f, s, strlen(s), RANK_AADSTS);
		}
	}
	json_id(f->correlation, cJSON_GetObjectItem(obj, "correlation_id"));
	json_id(f->correlation, cJSON_GetObjectItem(obj, "correlationId"));
	json_id(f->request, cJSON_GetObjectItem(obj, "trace_id"));
	json_id(f->request, cJSON_GetObjectItem(obj, "requestId"));
	json_id(f->client_request, cJSON_GetObjectItem(obj, "client-request-id"));
	const cJSON *u = member(obj, user_keys);
	if (cJSON_IsString(u) && u->valuestring)
		findings_offer_user(f, u->valuestring, strlen(u->valuestring), 2);
	const cJSON *errors = cJSON_GetObjectItem(obj, "errors");
	if (cJSON_IsArray(errors))
		json_error(f, cJSON_GetArrayItem(errors, 0), depth + 1);
}

void
findings_json(struct findings *f, const cJSON *obj)
{
	json_error(f, obj, 0);
}

int
findings_json_in_text(struct findings *f, const char *s, size_t n, size_t *at, size_t *len)
{
	int tries = 0;
	for (size_t i = 0; i < n && tries < 8; i++) {
		if (s[i] != '{' && s[i] != '[')
			continue;
		if (s[i] == '[' && (i + 1 >= n || s[i + 1] != '{'))
			continue;	/* "[12]" thread ids, "[Shell]" categories */
		tries++;
		const char *end = NULL;
		cJSON *j = cJSON_ParseWithLengthOpts(s + i, n - i, &end, 0);
		if (j == NULL)
			continue;
		int found = cJSON_IsObject(j) || cJSON_IsArray(j);
		if (found) {
			json_error(f, j, 0);
			*at = i;
			*len = end && end > s + i ? (size_t)(end - (s + i)) : n - i;
		}
		cJSON_Delete(j);
		if (found)
			return 1;
	}
	return 0;
}

/* ---- storing ---------------------------------------------------------------------------- */

static void
store_redacted(struct store *st, const char *name, const char *s)
{
	struct buf b;
	buf_init(&b, FIND_TEXT_MAX + 8);
	redact_capped(&b, s, strlen(s), FIND_TEXT_MAX);
	if (b.len)
		rec_set(st, name, b.data, b.len);
	buf_free(&b);
}

void
findings_store(const struct findings *f, struct store *st)
{
	size_t best = 0;
	for (size_t i = 1; i < f->ncodes; i++)
		if (f->codes[i].rank < f->codes[best].rank)
			best = i;
	if (f->ncodes) {
		rec_set_str(st, "code", f->codes[best].text);
		for (size_t i = 0; i < f->ncodes; i++)
			if (i != best)
				rec_set_str(st, "otherCode", f->codes[i].text);
	}
	if (f->message.len)
		rec_set(st, "message", f->message.data, f->message.len);
	if (f->user[0])
		store_redacted(st, "user", f->user);
	else if (f->username[0])
		store_redacted(st, "user", f->username);
	if (f->app)
		rec_set_str(st, "app", f->app);
	const char *corr = f->correlation[0] ? f->correlation
			   : f->client_request[0] ? f->client_request : f->request;
	if (corr[0])
		rec_set_str(st, "correlation_id", corr);
	if (f->request[0] && strcasecmp(f->request, corr) != 0)
		rec_set_str(st, "requestId", f->request);
	if (f->client_request[0] && strcasecmp(f->client_request, corr) != 0)
		rec_set_str(st, "clientRequestId", f->client_request);
	if (f->addin[0])
		rec_set_str(st, "addinId", f->addin);
	if (f->known)
		rec_set_str(st, "knownError", f->known);
	if (f->oauth_error[0])
		store_redacted(st, "error", f->oauth_error);
	if (f->description.len)
		rec_set(st, "errorDescription", f->description.data, f->description.len);
	if (f->inner_message.len)
		rec_set(st, "innerMessage", f->inner_message.data, f->inner_message.len);
	if (f->error_source[0])
		store_redacted(st, "errorSource", f->error_source);
	if (f->http_status) {
		char s[16];
		snprintf(s, sizeof(s), "%d", f->http_status);
		rec_set_str(st, "httpStatus", s);
	}
}

/* ---- the line window ---------------------------------------------------------------------- */

void
queue_push(struct line_queue *q, uint64_t lineno, const char *s, size_t n)
{
	GROW(q->v, q->n, q->cap);
	q->v[q->n].lineno = lineno;
	q->v[q->n].text = xstrndup(s, n);
	q->v[q->n].len = n;
	q->n++;
	q->bytes += n;
}

int
queue_full(const struct line_queue *q)
{
	return q->n >= QUEUE_MAX_LINES || q->bytes >= QUEUE_MAX_BYTES;
}

void
queue_clear(struct line_queue *q)
{
	for (size_t i = 0; i < q->n; i++)
		free(q->v[i].text);
	q->n = 0;
	q->bytes = 0;
}

void
queue_free(struct line_queue *q)
{
	queue_clear(q);
	free(q->v);
	q->v = NULL;
	q->cap = 0;
}

size_t
digits_run(const char *s, size_t n, size_t i)
{
	size_t k = 0;
	while (i + k < n && isdigit((unsigned char)s[i + k]))
		k++;
	return k;
}

