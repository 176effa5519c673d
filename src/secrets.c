/* secrets.c - credentials found in free text (tokens, passwords,
 * authorization headers) replaced before any text reaches a record. */
#include "config.h"

#include "secrets.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int
is_word(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Is position i the start of a word (not preceded by a word character)? */
static int
word_start(const char *s, size_t i)
{
	return i == 0 || !is_word(s[i - 1]);
}

/* Parameters whose value is a secret wherever they appear (key=value,
 * "key":"value", key: value). */
static const char *const secret_always[] = {
	"access_token", "refresh_token", "id_token", "client_secret", "client_assertion",
	"assertion", "password", "passwd", "SAMLResponse", "oauth_token", "session_token",
	NULL,
};

/* Parameters that are secrets only as URL or form parameters (after ?, &
 * or #): elsewhere "code" is an error code. */
static const char *const secret_in_url[] = {"code", "sid", "token", "pw", NULL};

/* Headers whose whole value is a secret. */
static const char *const secret_headers[] = {
	"Proxy-Authorization", "Authorization", "Set-Cookie", "Cookie", NULL,
};

static int
is_b64url(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* Length of a JWT (or JWE) at s: "eyJ" segments joined by dots. */
static size_t
jwt_len(const char *s, size_t n)
{
	if (n < 3 || strncmp(s, "eyJ", 3) != 0)
		return 0;
	size_t i = 0, dots = 0, seg = 0;
	while (i < n) {
		if (is_b64url(s[i])) {
			seg++;
		} else if (s[i] == '.' && seg > 0 && i + 1 < n && is_b64url(s[i + 1])) {
			dots++;
			seg = 0;
		} else {
			break;
		}
		i++;
	}
	return dots >= 1 && i >= 20 ? i : 0;
}

/* Length of a credential after "Bearer " / "Basic " at s, or 0 when the
 * next word does not look like one ("bearer token" in prose). */
static size_t
credential_len(const char *s, size_t n, int basic)
{
	size_t i = 0;
	int marks = 0;
	while (i < n && (isalnum((unsigned char)s[i]) || strchr("-._~+/=", s[i]))) {
		if (!isalpha((unsigned char)s[i]))
			marks = 1;
		i++;
	}
	if (basic)
		return i >= 12 && marks ? i : 0;
	return (i >= 8 && marks) || i >= 20 ? i : 0;
}

/* "Bearer <credential>" / "Basic <credential>" at s[i]. */
static int
credential_at(const char *s, size_t n, size_t i, size_t *vstart, size_t *vend)
{
	size_t skip;
	int basic;
	if (mem_starts_ci(s + i, n - i, "bearer ")) {
		skip = 7;
		basic = 0;
	} else if (mem_starts_ci(s + i, n - i, "basic ")) {
		skip = 6;
		basic = 1;
	} else {
		return 0;
	}
	size_t len = credential_len(s + i + skip, n - i - skip, basic);
	if (len == 0)
		return 0;
	*vstart = i + skip;
	*vend = i + skip + len;
	return 1;
}

size_t
param_value_end(const char *s, size_t n, size_t i, char quote)
{
	if (quote) {
		while (i < n && s[i] != quote) {
			if (s[i] == '\\' && i + 1 < n)
				i++;
			i++;
		}
		return i;
	}
	while (i < n && !strchr("&\"' \t\r\n,;)]}<>", s[i]))
		i++;
	return i;
}

/* Match "name<sep>value" at s[i] for a secret name; on a match, set the
 * span of the value and return the end of the separator. */
static int
secret_assignment(const char *s, size_t n, size_t i, size_t *vstart, size_t *vend)
{
	size_t len = 0;
	while (i + len < n && is_word(s[i + len]))
		len++;
	if (len == 0)
		return 0;
	int always = word_in_list(secret_always, s + i, len);
	int url = !always && word_in_list(secret_in_url, s + i, len) && i > 0 &&
		  strchr("?&#", s[i - 1]);
	if (!always && !url)
		return 0;
	size_t p = i + len;
	char quote = 0;
	if (p < n && s[p] == '=') {
		p++;
	} else if (always && i > 0 && s[i - 1] == '"' && p < n && s[p] == '"') {
		/* "key":"value" or "key": value */
		p++;
		while (p < n && s[p] == ' ')
			p++;
		if (p >= n || s[p] != ':')
			return 0;
		p++;
	} else if (always && p + 1 < n && s[p] == ':' && s[p + 1] == ' ') {
		p += 2;
	} else {
		return 0;
	}
	while (p < n && s[p] == ' ')
		p++;
	if (p < n && (s[p] == '"' || s[p] == '\'')) {
		quote = s[p];
		p++;
	}
	size_t e = param_value_end(s, n, p, quote);
	if (e == p)
		return 0;
	*vstart = p;
	*vend = e;
	return 1;
}

/* "Authorization: ..." / "Cookie":"..." at s[i]: the value runs to the end
 * of the line or the closing quote. */
static int
secret_header_at(const char *s, size_t n, size_t i, size_t *vstart, size_t *vend)
{
	if (i > 0 && (s[i - 1] == '-' || is_word(s[i - 1])))
		return 0;
	for (size_t h = 0; secret_headers[h]; h++) {
		size_t m = strlen(secret_headers[h]);
		if (!mem_starts_ci(s + i, n - i, secret_headers[h]))
			continue;
		size_t p = i + m;
		char quote = 0;
		if (p < n && s[p] == '"')
			p++;
		while (p < n && s[p] == ' ')
			p++;
		if (p >= n || s[p] != ':')
			continue;
		p++;
		while (p < n && s[p] == ' ')
			p++;
		if (p < n && s[p] == '"') {
			quote = '"';
			p++;
		}
		size_t e = p;
		if (quote)
			e = param_value_end(s, n, p, quote);
		else
			while (e < n && s[e] != '\n' && s[e] != '\r')
				e++;
		if (e == p)
			return 0;
		*vstart = p;
		*vend = e;
		return 1;
	}
	return 0;
}

void
redact_append(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, copied = 0;
	while (i < n) {
		size_t vs, ve, len;
		if (!word_start(s, i) || !isalpha((unsigned char)s[i])) {
			i++;
			continue;
		}
		if ((len = jwt_len(s + i, n - i)) > 0) {
			vs = i;
			ve = i + len;
		} else if (secret_header_at(s, n, i, &vs, &ve) ||
			   secret_assignment(s, n, i, &vs, &ve)) {
			/* vs, ve set */
		} else if (credential_at(s, n, i, &vs, &ve)) {
			/* vs, ve set */
		} else {
			i++;
			continue;
		}
		(void)buf_add(out, s + copied, vs - copied);
		(void)buf_adds(out, REDACTED);
		copied = i = ve;
	}
	(void)buf_add(out, s + copied, n - copied);
}

#define REDACT_LOOKAHEAD (64u << 10)

void
redact_capped(struct buf *out, const char *s, size_t n, size_t max)
{
	/* redact before cutting, so that a cut never leaves half a token
	 * that no longer looks like one; a token is recognised by its start,
	 * so the text well past max is not needed */
	size_t look = max + REDACT_LOOKAHEAD < n ? max + REDACT_LOOKAHEAD : n;
	struct buf all;
	buf_init(&all, 3 * look + 64);
	redact_append(&all, s, look);
	size_t k = utf8_cut(all.data ? all.data : "", all.len, max);
	(void)buf_add(out, all.data ? all.data : "", k);
	if (k < all.len || look < n)
		(void)buf_adds(out, "...");
	buf_free(&all);
}

