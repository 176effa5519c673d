/*
 * har.c - HTTP Archive files (HAR 1.1 / 1.2) saved from a browser, Fiddler
 * or the Outlook web client's developer tools: one http.exchange record
 * per entry, read one entry at a time (HAR files reach tens of MB).
 *
 * Each record has the time the request started, the method, host, path,
 * the URL with its secrets redacted, the HTTP status, and the error
 * evidence of the exchange: OAuth error= / error_description= in the URL
 * or in the Location of a redirect, request ids and WWW-Authenticate in
 * the response headers, and the error fields of the response body (plain
 * or base64; JSON error bodies decoded; AADSTS codes in HTML).
 *
 * Secrets never reach a record: headers are read by name and the secret
 * ones (Authorization, Cookie, Set-Cookie, ...) never are; request bodies
 * are only searched for error= fields; every stored string goes through
 * redact_append() (secrets.h).
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

static const char *const paths[] = {"/log/entries", NULL};

#define BODY_MAX (1u << 20)	/* bytes of a response body that are read */
#define URL_MAX 4096		/* longest URL stored */

static int
bid(const struct sniff *s, const char **format)
{
	if (s->json != JSON_OBJECT || !sniff_has_top_key(s, "log"))
		return 0;
	if (sniff_has_key(s, "entries") || sniff_has_key(s, "creator") ||
	    sniff_has_key(s, "pages")) {
		*format = "har";
		return 90;
	}
	return 0;
}

struct har_state {
	uint64_t entries;
	uint64_t skipped;	/* entries that are not objects */
	int saw_entries;
	int warned_time;
	int warned_base64;
};

/* ---- JSON access --------------------------------------------------------------- */

static const char *
jstr(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The value of the first header called name (case-insensitive). */
static const char *
header(const cJSON *msg, const char *name)
{
	const cJSON *h;
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(msg, "headers")) {
		const char *n = jstr(h, "name");
		if (n && strcasecmp(n, name) == 0)
			return jstr(h, "value");
	}
	return NULL;
}

/* ---- URLs -------------------------------------------------------------------------- */

struct url_parts {
	const char *host;
	size_t host_len;
	const char *path;	/* after the host, up to the query or fragment */
	size_t path_len;
	const char *query;	/* after '?', without the fragment */
	size_t query_len;
	const char *fragment;	/* after '#' */
	size_t fragment_len;
};

static void
split_url(const char *url, struct url_parts *u)
{
	memset(u, 0, sizeof(*u));
	const char *p = strstr(url, "://");
	const char *q = url + strcspn(url, "?#");
	if (p && p < q) {
		/* scheme://[user:password@]host[:port]/path: never the credentials */
		p += 3;
		const char *end = p + strcspn(p, "/?#");
		const char *at = memchr(p, '@', (size_t)(end - p));
		u->host = at ? at + 1 : p;
		u->host_len = (size_t)(end - u->host);
		p = end;
	} else {
		p = url;	/* a relative URL: no host */
	}
	u->path = p;
	u->path_len = (size_t)(q - p);
	if (*q == '?') {
		u->query = q + 1;
		u->query_len = strcspn(q + 1, "#");
		q = u->query + u->query_len;
	}
	if (*q == '#') {
		u->fragment = q + 1;
		u->fragment_len = strlen(q + 1);
	}
}

/* Store a URL (or part of one, or a header) under name, secrets
 * redacted, capped. */
static void
store_redacted(struct store *st, const char *name, const char *s, size_t n)
{
	if (n == 0)
		return;
	struct buf b;
	buf_init(&b, URL_MAX + 8);
	redact_capped(&b, s, n, URL_MAX);
	rec_set(st, name, b.data, b.len);
	buf_free(&b);
}

/* OAuth errors and the user named in a query, fragment or form body. */
static void
params_evidence(struct findings *f, const char *q, size_t n)
{
	/* login / loginfmt: the address Entra's sign-in page posts */
	static const char *const user_params[] = {"login_hint", "username", "upn", "user", "un",
						  "login", "loginfmt", NULL};
	char v[FIND_TEXT_MAX];
	if (n == 0)
		return;
	if (query_param(q, n, "error", v, sizeof(v))) {
		if (f->oauth_error[0] == '\0')
			copy_capped(f->oauth_error, sizeof(f->oauth_error), v, strlen(v));
		findings_classify_code(f, v, strlen(v), RANK_OAUTH_ERROR);
	}
	if (query_param(q, n, "error_description", v, sizeof(v))) {
		size_t len = strlen(v);
		if (f->description.len == 0)
			redact_capped(&f->description, v, len, FIND_TEXT_MAX);
		findings_offer_message(f, v, len, MSG_DESCRIPTION);
		scan_text(f, v, len);
	}
	for (size_t i = 0; user_params[i]; i++)
		if (query_param(q, n, user_params[i], v, sizeof(v)))
			findings_offer_user(f, v, strlen(v), 1);
}

static void
url_evidence(struct findings *f, const char *url)
{
	struct url_parts u;
	split_url(url, &u);
	params_evidence(f, u.query, u.query_len);
	params_evidence(f, u.fragment, u.fragment_len);
}

/* ---- bodies -------------------------------------------------------------------------- */



/* The response body as text, decoded and capped at BODY_MAX; NULL when
 * there is none.  Caller frees. */
static char *
body_text(struct parse_ctx *c, struct har_state *h, const cJSON *content,
	  const struct jrecord *r, size_t *len)
{
	const char *text = jstr(content, "text");
	if (text == NULL || text[0] == '\0')
		return NULL;
	size_t n = strlen(text);
	const char *enc = jstr(content, "encoding");
	char *out;
	if (enc && strcasecmp(enc, "base64") == 0) {
		size_t in = n > BODY_MAX / 3 * 4 + 4 ? BODY_MAX / 3 * 4 + 4 : n;
		out = xmalloc(BODY_MAX + 1);
		long k = base64_decode(text, in, out, BODY_MAX, 1);
		if (k < 0) {
			if (!h->warned_base64++)
				pctx_warn_line(c, r->line, "entry %s: response body is not valid "
					       "base64; not read", r->pointer);
			free(out);
			return NULL;
		}
		n = (size_t)k;
	} else {
		n = n > BODY_MAX ? BODY_MAX : n;
		out = xstrndup(text, n);
	}
	out[n] = '\0';
	utf8_sanitize(out, n);
	*len = n;
	return out;
}

static int
login_host(const char *host, size_t n)
{
	static const char *const hosts[] = {
		"login.microsoftonline.com", "login.microsoft.com", "login.live.com",
		"login.windows.net", "sts.windows.net", ".salesforce.com", ".force.com", NULL,
	};
	for (size_t i = 0; hosts[i]; i++) {
		size_t m = strlen(hosts[i]);
		if (n >= m && strncasecmp(host + n - m, hosts[i], m) == 0)
			return 1;
	}
	return 0;
}

/* Is this body worth reading for errors?  Error statuses always; JSON
 * (only its error fields are read) and the HTML of sign-in hosts, which
 * show AADSTS pages with status 200; never scripts, styles or images. */
static int
body_wanted(int status, const char *mime, const struct url_parts *u)
{
	if (mime && (mem_find_ci(mime, strlen(mime), "javascript") ||
		     mem_find_ci(mime, strlen(mime), "css") ||
		     str_starts_with_ci(mime, "image/") || str_starts_with_ci(mime, "font/")))
		return 0;
	if (status >= 400)
		return 1;
	if (mime && mem_find_ci(mime, strlen(mime), "json"))
		return 1;
	return mime && mem_find_ci(mime, strlen(mime), "html") && login_host(u->host, u->host_len);
}

static void json_body_user(struct findings *f, const char *text, int rank);
static void json_people(struct findings *f, const cJSON *j, int rank, int depth);
static void request_people(struct findings *f, const cJSON *req);

/* Does a JSON body have an error member? */
static int
says_error(const cJSON *j)
{
	static const char *const keys[] = {"error", "error_description", "errorCode",
					   "error_codes", NULL};
	for (size_t i = 0; keys[i]; i++)
		if (cJSON_GetObjectItem(j, keys[i]))
			return 1;
	return 0;
}

static void
body_evidence(struct findings *f, const char *text, size_t n, int status)
{
	const char *p = text;
	size_t k = n;
	trim_span(&p, &k);
	if (k && (p[0] == '{' || p[0] == '[')) {
		cJSON *j = cJSON_ParseWithLength(p, k);
		if (j) {
			/* a 2xx JSON body is data; read it only when it says error */
			if (status >= 400 || says_error(j))
				findings_json(f, j);
			json_people(f, j, 3, 0);	/* the signed-in user it names */
			cJSON_Delete(j);
			return;
		}
	}
	/* HTML or text: codes, ids and known sentences, never users or
	 * numbers from page scripts */
	struct findings body;
	findings_init(&body);
	scan_text(&body, p, k);
	for (size_t i = 0; i < body.ncodes; i++)
		if (body.codes[i].rank != RANK_HTTP && body.codes[i].rank != RANK_OFFICE)
			findings_add_code(f, body.codes[i].text, strlen(body.codes[i].text),
					  body.codes[i].rank);
	if (body.message.len && body.message_rank <= MSG_AADSTS)
		findings_offer_message(f, body.message.data, body.message.len, body.message_rank);
	if (body.known)
		findings_offer_message(f, body.known, strlen(body.known), MSG_KNOWN);
	if (f->known == NULL)
		f->known = body.known;
	if (f->correlation[0] == '\0')
		memcpy(f->correlation, body.correlation, sizeof(f->correlation));
	if (f->request[0] == '\0')
		memcpy(f->request, body.request, sizeof(f->request));
	if (f->oauth_error[0] == '\0')
		memcpy(f->oauth_error, body.oauth_error, sizeof(f->oauth_error));
	findings_free(&body);
}

/* ---- one entry -------------------------------------------------------------------------- */

static void
request_part(struct store *st, struct findings *f, const cJSON *req, struct url_parts *u,
	     const char **url)
{
	*url = jstr(req, "url");
	const char *method = jstr(req, "method");
	if (method)
		rec_set_str(st, "method", method);
	/* whether and how the request was authenticated: the scheme word
	 * only ("Bearer"), never the credential after it */
	const char *auth = header(req, "Authorization");
	size_t scheme = 0;
	while (auth && isalpha((unsigned char)auth[scheme]) && scheme < 20)
		scheme++;
	if (scheme)
		rec_set(st, "authScheme", auth, scheme);
	if (*url == NULL)
		return;
	split_url(*url, u);
	store_redacted(st, "host", u->host, u->host_len);
	store_redacted(st, "path", u->path, u->path_len);
	store_redacted(st, "url", *url, strlen(*url));
	url_evidence(f, *url);
	/* a form_post response (Entra's response_mode=form_post) carries
	 * error= in the request body; nothing else of a body is read */
	const cJSON *post = cJSON_GetObjectItemCaseSensitive(req, "postData");
	const char *mime = jstr(post, "mimeType");
	const char *text = jstr(post, "text");
	if (mime && text && mem_find_ci(mime, strlen(mime), "x-www-form-urlencoded"))
		params_evidence(f, text, strlen(text) > BODY_MAX ? BODY_MAX : strlen(text));
	else if (text && strlen(text) < BODY_MAX)
		json_body_user(f, text, 2);
	request_people(f, req);
}

/* Members of a JSON body that name a person (at its top, or one object
 * down: {"user": {"email": ...}}). */
static void
json_people(struct findings *f, const cJSON *j, int rank, int depth)
{
	static const char *const keys[] = {"userPrincipalName", "upn", "email", "mail",
					   "username", "userName", "loginHint", "login_hint",
					   "preferred_username", "unique_name", "emailAddress",
					   NULL};
	if (!cJSON_IsObject(j) || depth > 1)
		return;
	for (size_t i = 0; keys[i]; i++) {
		const char *v = jstr(j, keys[i]);
		if (v && strchr(v, '@'))
			findings_offer_user(f, v, strlen(v), rank);
	}
	for (const cJSON *it = j->child; it; it = it->next)
		if (cJSON_IsObject(it))
			json_people(f, it, rank + 1, depth + 1);
}

static void
json_body_user(struct findings *f, const char *text, int rank)
{
	const char *p = text;
	size_t k = strlen(text);
	trim_span(&p, &k);
	if (k == 0 || p[0] != '{')
		return;
	cJSON *j = cJSON_ParseWithLength(p, k);
	if (j) {
		json_people(f, j, rank, 0);
		cJSON_Delete(j);
	}
}

/* The mailbox an Outlook request is for (X-AnchorMailbox: "alice@x",
 * "SMTP:alice@x", "UPN:alice@x"; not "PUID:...@tenant" or "Oid:..."),
 * and the request id it sends, which Entra's sign-in log keeps as its
 * correlation id. */
static void
request_people(struct findings *f, const cJSON *req)
{
	static const char *const mailbox_headers[] = {"X-AnchorMailbox", "X-AnchorMailbox-Upn",
						      "X-OWA-Mailbox", NULL};
	for (size_t i = 0; mailbox_headers[i]; i++) {
		const char *v = header(req, mailbox_headers[i]);
		if (v == NULL)
			continue;
		if (strncasecmp(v, "SMTP:", 5) == 0 || strncasecmp(v, "UPN:", 4) == 0)
			v = strchr(v, ':') + 1;
		if (strncasecmp(v, "PUID:", 5) == 0 || strncasecmp(v, "Oid:", 4) == 0)
			continue;
		if (strchr(v, '@'))
			findings_offer_user(f, v, strlen(v), 2);
	}
	const char *id = header(req, "client-request-id");
	size_t n = id ? strlen(id) : 0;
	if (n && guid_at(id, n) == n && f->client_request[0] == '\0')
		copy_capped(f->client_request, FIND_ID_LEN, id, n);
}

/* A request id header, when its value is a GUID. */
static void
header_id(char *dst, const cJSON *res, const char *name)
{
	const char *v = header(res, name);
	size_t n = v ? strlen(v) : 0;
	if (n && guid_at(v, n) == n && dst[0] == '\0')
		copy_capped(dst, FIND_ID_LEN, v, n);
}

/* Evidence in the response headers: a redirect's Location, request ids,
 * WWW-Authenticate; the secret ones (Set-Cookie) are never read. */
static void
response_headers(struct store *st, struct findings *f, const cJSON *res, int status)
{
	const char *location = header(res, "Location");
	if (location == NULL || location[0] == '\0')
		location = jstr(res, "redirectURL");
	if (location && location[0] && status >= 300 && status < 400) {
		store_redacted(st, "location", location, strlen(location));
		url_evidence(f, location);
	}
	header_id(f->client_request, res, "client-request-id");
	header_id(f->request, res, "x-ms-request-id");
	header_id(f->request, res, "request-id");
	header_id(f->request, res, "x-request-id");
	header_id(f->correlation, res, "x-ms-correlation-id");
	header_id(f->correlation, res, "x-correlation-id");
	const char *auth = header(res, "WWW-Authenticate");
	if (auth && auth[0]) {
		store_redacted(st, "wwwAuthenticate", auth, strlen(auth));
		scan_text(f, auth, strlen(auth));
	}
}

/* The response: status, headers, network error, body. */
static void
response_part(struct parse_ctx *c, struct har_state *h, struct findings *f,
	      const cJSON *res, const struct url_parts *u, const struct jrecord *r)
{
	struct store *st = c->store;
	const cJSON *sv = cJSON_GetObjectItemCaseSensitive(res, "status");
	int status = cJSON_IsNumber(sv) && sv->valuedouble >= 0 && sv->valuedouble < 1000
			     ? (int)sv->valuedouble : -1;
	if (status >= 0) {
		char s[16];
		snprintf(s, sizeof(s), "%d", status);
		rec_set_str(st, "status", s);
	}
	response_headers(st, f, res, status);
	const char *net = jstr(res, "_error");	/* Chrome: net::ERR_... */
	if (net && net[0]) {
		rec_set_str(st, "netError", net);
		findings_offer_message(f, net, strlen(net), MSG_FALLBACK);
	}
	const cJSON *content = cJSON_GetObjectItemCaseSensitive(res, "content");
	const char *mime = jstr(content, "mimeType");
	if (mime && mime[0])
		rec_set_str(st, "mimeType", mime);
	if (body_wanted(status, mime, u)) {
		size_t n = 0;
		char *body = body_text(c, h, content, r, &n);
		if (body)
			body_evidence(f, body, n, status);
		free(body);
	}
	if (status >= 400) {
		char code[16];
		snprintf(code, sizeof(code), "HTTP %d", status);
		findings_add_code(f, code, strlen(code), RANK_HTTP);
		const char *text = jstr(res, "statusText");
		char *m = xasprintf("%s%s%s", code, text && text[0] ? " " : "", text ? text : "");
		findings_offer_message(f, m, strlen(m), MSG_FALLBACK);
		free(m);
	}
}

static void
entry_time(struct parse_ctx *c, struct har_state *h, const cJSON *item,
	   const struct jrecord *r)
{
	const char *started = jstr(item, "startedDateTime");
	int64_t ms;
	int flags = 0;
	if (started == NULL) {
		if (!h->warned_time++)
			pctx_warn_line(c, r->line, "entry %s has no startedDateTime; kept "
				       "without a time", r->pointer);
		return;
	}
	if (time_parse(started, DATE_MDY, c->opt->tz, &ms, &flags) == 0) {
		rec_set_time(c->store, ms);
		return;
	}
	if (!h->warned_time++)
		pctx_warn_line(c, r->line, "entry %s: startedDateTime \"%.40s\" not "
			       "understood; kept without a time", r->pointer, started);
}

static void
emit_exchange(struct parse_ctx *c, struct har_state *h, const cJSON *item,
	      const struct jrecord *r)
{
	struct store *st = c->store;
	store_begin(st, c->input_id, "http.exchange");
	rec_set_pointer(st, r->pointer);
	rec_set_line(st, r->line);
	entry_time(c, h, item, r);
	struct findings f;
	findings_init(&f);
	struct url_parts u;
	memset(&u, 0, sizeof(u));
	const char *url = NULL;
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(item, "request");
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(item, "response");
	if (cJSON_IsObject(req))
		request_part(st, &f, req, &u, &url);
	if (cJSON_IsObject(res))
		response_part(c, h, &f, res, &u, r);
	const char *ip = jstr(item, "serverIPAddress");
	if (ip && ip[0])
		rec_set_str(st, "serverIp", ip);
	f.http_status = 0;	/* the status is a field of its own here */
	findings_store(&f, st);
	findings_free(&f);
	store_end(st);
	if (url == NULL)
		pctx_warn_line(c, r->line, "entry %s has no request URL", r->pointer);
}

static int
on_entry(struct parse_ctx *c, const cJSON *item, const struct jrecord *r, void *ud)
{
	struct har_state *h = ud;
	if (r->pointer[0] == '\0') {
		/* a top-level object with no log.entries array in it */
		const cJSON *log = cJSON_GetObjectItem(item, "log");
		if (!cJSON_IsObject(log))
			pctx_warn_line(c, r->line, "not a HAR file: no \"log\" object");
		else
			pctx_warn_line(c, r->line, "invalid HAR: \"log\" has no \"entries\" array");
		return 0;
	}
	h->saw_entries = 1;
	h->entries++;
	if (!cJSON_IsObject(item)) {
		pctx_warn_line(c, r->line, "entry %s is not an object; skipped", r->pointer);
		h->skipped++;
		return 0;
	}
	emit_exchange(c, h, item, r);
	return 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	(void)format;
	struct har_state h = {0};
	enum input_status st = parse_json_records(c, "http.exchange", paths, on_entry, &h);
	if (!h.saw_entries && st == ST_OK) {
		/* valid JSON, but nothing in it is a HAR entry list */
		if (c->input->nwarnings == 0)
			pctx_warn_line(c, 1, "invalid HAR: no \"log\" with an \"entries\" array");
		return ST_ERROR;
	}
	return st == ST_OK && h.skipped ? ST_PARTIAL : st;
}

static const char *const formats_list[] = {
	"har",
	NULL,
};

const struct parser parser_har = {
	.name = "har",
	.description = "HTTP Archive (HAR) captures",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
