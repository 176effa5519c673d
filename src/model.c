/* model.c - identities, error events and derived relations (model.h). */
#include "config.h"

#include "model.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "timefmt.h"
#include "util.h"

/* ---- a small hash map -------------------------------------------------- */

static size_t
hash32(uint32_t k)
{
	k ^= k >> 16;
	k *= 0x7feb352dU;
	k ^= k >> 15;
	k *= 0x846ca68bU;
	k ^= k >> 16;
	return k;
}

static void
u32map_grow(struct u32map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	uint32_t *keys = xcalloc(cap, sizeof(*keys));
	uint32_t *vals = xcalloc(cap, sizeof(*vals));
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] == 0)
			continue;
		size_t j = hash32(m->keys[i]) & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
}

void
u32map_put(struct u32map *m, uint32_t key, uint32_t val)
{
	if ((m->n + 1) * 2 > m->cap)
		u32map_grow(m);
	size_t j = hash32(key) & (m->cap - 1);
	while (m->keys[j] && m->keys[j] != key)
		j = (j + 1) & (m->cap - 1);
	if (m->keys[j] == 0)
		m->n++;
	m->keys[j] = key;
	m->vals[j] = val;
}

uint32_t
u32map_get(const struct u32map *m, uint32_t key)
{
	if (m->cap == 0 || key == 0)
		return NO_ID;
	size_t j = hash32(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (m->keys[j] == key)
			return m->vals[j];
		j = (j + 1) & (m->cap - 1);
	}
	return NO_ID;
}

void
u32map_free(struct u32map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* Fields that name the person a record is about (besides its user). */
static const char *const about_fields[] = {
	"targetUser", "target", "targetUpn", "member", "Username", "Email", "userPrincipalName",
	"UserPrincipalName", "PrimarySmtpAddress", "WindowsEmailAddress", "param.Identity",
	"UserList", NULL,
};

/* ---- names -------------------------------------------------------------- */

static uint32_t
intern_lower(struct store *st, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 512)
		return 0;
	char *t = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		t[i] = (char)tolower((unsigned char)s[i]);
	t[n] = '\0';
	uint32_t id = store_intern(st, t, n);
	free(t);
	return id;
}

uint32_t
app_key(struct store *st, const char *name)
{
	if (name == NULL)
		return 0;
	size_t n = strlen(name);
	if (n > 512)
		n = 512;
	char *t = xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c == '_' || c == '-' || isspace(c))
			c = ' ';
		if (c == ' ' && (k == 0 || t[k - 1] == ' '))
			continue;
		t[k++] = (char)tolower(c);
	}
	while (k && t[k - 1] == ' ')
		k--;
	uint32_t id = k ? store_intern(st, t, k) : 0;
	free(t);
	return id;
}

unsigned
kind_system(const char *kind)
{
	if (strncmp(kind, "sf.", 3) == 0)
		return SYS_SALESFORCE;
	if (strncmp(kind, "entra.", 6) == 0)
		return SYS_ENTRA;
	if (strncmp(kind, "m365.", 5) == 0 || strncmp(kind, "exchange.", 9) == 0)
		return SYS_M365;
	if (strncmp(kind, "log.", 4) == 0 || strncmp(kind, "addin.", 6) == 0 ||
	    strncmp(kind, "http.", 5) == 0)
		return SYS_OUTLOOK;
	if (strncmp(kind, "ticket.", 7) == 0)
		return SYS_TICKET;
	return 0;
}

static uint32_t
node_root(struct model *m, uint32_t x)
{
	while (m->parent[x] != x) {
		m->parent[x] = m->parent[m->parent[x]];
		x = m->parent[x];
	}
	return x;
}

/* The node of a (lowercased) name, created on first sight. */
static uint32_t
node_of(struct model *m, uint32_t name, int hidden)
{
	uint32_t n = u32map_get(&m->byname, name);
	if (n != NO_ID) {
		if (!hidden)
			m->hidden[n] = 0;
		return n;
	}
	if (m->nnodes == m->capnodes) {
		m->capnodes = m->capnodes ? m->capnodes * 2 : 256;
		m->parent = xreallocarray(m->parent, m->capnodes, sizeof(*m->parent));
		m->name = xreallocarray(m->name, m->capnodes, sizeof(*m->name));
		m->hidden = xreallocarray(m->hidden, m->capnodes, sizeof(*m->hidden));
		m->systems = xreallocarray(m->systems, m->capnodes, sizeof(*m->systems));
	}
	n = (uint32_t)m->nnodes++;
	m->parent[n] = n;
	m->name[n] = name;
	m->hidden[n] = (unsigned char)(hidden != 0);
	m->systems[n] = 0;
	u32map_put(&m->byname, name, n);
	return n;
}

static void
node_union(struct model *m, uint32_t a, uint32_t b)
{
	if (a == NO_ID || b == NO_ID)
		return;
	a = node_root(m, a);
	b = node_root(m, b);
	if (a == b)
		return;
	/* the older node stays the root, so identities number stably */
	if (b < a) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	m->parent[b] = a;
	m->systems[a] |= m->systems[b];
}

/* A name worth a node: an address, or (hidden) an id or display name. */
static uint32_t
name_node(struct model *m, const char *s, int hidden)
{
	if (s == NULL || *s == '\0')
		return NO_ID;
	if (!hidden && strchr(s, '@') == NULL)
		hidden = 1;
	uint32_t id = intern_lower(m->st, s);
	return id ? node_of(m, id, hidden) : NO_ID;
}

uint32_t
model_find(struct model *m, const char *name)
{
	if (name == NULL)
		return NO_ID;
	char *t = xstrdup(name);
	for (char *p = t; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	uint32_t id = store_lookup(m->st, t);
	free(t);
	uint32_t n = id ? u32map_get(&m->byname, id) : NO_ID;
	return n == NO_ID ? NO_ID : node_root(m, n);
}

uint32_t
model_rec_identity(struct model *m, size_t i)
{
	if (i >= m->nrec || m->rec_node[i] == NO_ID)
		return NO_ID;
	return node_root(m, m->rec_node[i]);
}

unsigned
model_systems(struct model *m, uint32_t id)
{
	return id == NO_ID ? 0 : m->systems[node_root(m, id)];
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static struct model *root_model;	/* for cmp_by_root */

static int
cmp_by_root(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint32_t rx = node_root(root_model, x), ry = node_root(root_model, y);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The nodes ordered by root, once: each identity's names are then a
 * range found by binary search, not a scan of every node. */
static void
build_by_root(struct model *m)
{
	if (m->by_root && m->nby_root == m->nnodes)
		return;
	free(m->by_root);
	m->by_root = xcalloc(m->nnodes ? m->nnodes : 1, sizeof(*m->by_root));
	for (uint32_t i = 0; i < m->nnodes; i++)
		m->by_root[i] = i;
	root_model = m;
	qsort(m->by_root, m->nnodes, sizeof(*m->by_root), cmp_by_root);
	m->nby_root = m->nnodes;
}

const char **
model_names(struct model *m, uint32_t id, size_t *n)
{
	const char **v = NULL;
	size_t k = 0;
	*n = 0;
	if (id == NO_ID)
		return NULL;
	id = node_root(m, id);
	build_by_root(m);
	size_t lo = 0, hi = m->nby_root;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (node_root(m, m->by_root[mid]) < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < m->nby_root && node_root(m, m->by_root[end]) == id)
		end++;
	/* the names people use; only hidden ones (ids) when there are none */
	for (int pass = 0; pass < 2 && k == 0; pass++) {
		for (size_t j = lo; j < end; j++) {
			uint32_t i = m->by_root[j];
			if (pass == 0 && m->hidden[i])
				continue;
			v = xreallocarray(v, k + 1, sizeof(*v));
			v[k++] = store_str(m->st, m->name[i]);
		}
	}
	if (k)
		qsort(v, k, sizeof(*v), cmp_str);
	*n = k;
	return v;
}

/* The first name of every identity, in one pass over the nodes (the
 * identities do not change once built). */
static void
build_display(struct model *m)
{
	m->display = xcalloc(m->nnodes ? m->nnodes : 1, sizeof(*m->display));
	m->ndisplay = m->nnodes;
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t i = 0; i < m->nnodes; i++) {
			uint32_t r = node_root(m, i);
			if (pass == 0 && m->hidden[i])
				continue;
			if (pass == 1 && m->display[r])
				continue;
			const char *name = store_str(m->st, m->name[i]);
			if (m->display[r] == 0 || strcmp(name, store_str(m->st, m->display[r])) < 0)
				m->display[r] = m->name[i];
		}
	}
}

const char *
model_display(struct model *m, uint32_t id)
{
	if (id == NO_ID)
		return "";
	if (m->display == NULL || m->ndisplay != m->nnodes) {
		free(m->display);
		build_display(m);
	}
	uint32_t r = node_root(m, id);
	return m->display[r] ? store_str(m->st, m->display[r]) : "";
}

/* ---- reading records ----------------------------------------------------- */

static const char *
get(const struct store *st, const struct record *r, const char *name)
{
	return rec_get(st, r, name);
}

/* The first of several field names that is present. */
static const char *
get_any(const struct store *st, const struct record *r, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		const char *v = rec_get(st, r, names[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

static int
is_true(const char *s)
{
	return s && (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0 ||
		     strcasecmp(s, "yes") == 0);
}

static int
is_false(const char *s)
{
	return s && (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0 ||
		     strcasecmp(s, "no") == 0);
}

static const char *
kind_of(const struct store *st, const struct record *r)
{
	return store_str(st, r->kind);
}

/* Salesforce ids compare on their first 15 characters. */
static int
same_sfid(const char *a, const char *b)
{
	if (a == NULL || b == NULL || strlen(a) < 15 || strlen(b) < 15)
		return 0;
	return strncmp(a, b, 15) == 0;
}

static int
streq_ci(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

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

static unsigned
classify(const struct store *st, const struct record *r)
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

/* ---- identities ------------------------------------------------------------ */

/* "Doe, Jane" -> "Jane Doe" (one comma, a word or two each side). */
static int
swap_name(const char *s, char *out, size_t cap)
{
	const char *comma = strchr(s, ',');
	if (comma == NULL || strchr(comma + 1, ',') || comma == s)
		return 0;
	const char *first = comma + 1;
	while (*first == ' ')
		first++;
	if (*first == '\0' || strchr(s, '@'))
		return 0;
	snprintf(out, cap, "%s %.*s", first, (int)(comma - s), s);
	return 1;
}

/* Link the names of one record; returns the record's own node. */
static uint32_t
link_record(struct model *m, const struct record *r)
{
	struct store *st = m->st;
	const char *kind = kind_of(st, r);
	unsigned sys = kind_system(kind);
	uint32_t self = NO_ID;
	if (r->field[F_USER])
		self = name_node(m, store_str(st, r->field[F_USER]), 0);
	if (strcmp(kind, "entra.signin") == 0) {
		node_union(m, self, name_node(m, get(st, r, "userId"), 1));
	} else if (strcmp(kind, "entra.group_member") == 0) {
		const char *type = get(st, r, "memberType");
		if (type == NULL || strcasecmp(type, "user") == 0) {
			uint32_t upn = name_node(m, get(st, r, "userPrincipalName"), 0);
			if (self == NO_ID)
				self = upn;
			node_union(m, self, upn);
			node_union(m, self, name_node(m, get(st, r, "id"), 1));
			node_union(m, self, name_node(m, get(st, r, "mail"), 0));
		}
	} else if (strcmp(kind, "exchange.cas_mailbox") == 0 ||
		   strcmp(kind, "exchange.mailbox") == 0 || strcmp(kind, "exchange.recipient") == 0) {
		/* a mailbox's address, and the names Exchange keeps unique in
		 * the organisation (Get-CASMailbox camille.martin lists only
		 * the Name) */
		static const char *const addrs[] = {"PrimarySmtpAddress", "UserPrincipalName",
						    "WindowsEmailAddress", NULL};
		static const char *const names[] = {"Alias", "Name", "SamAccountName", NULL};
		for (size_t i = 0; addrs[i]; i++) {
			uint32_t a = name_node(m, get(st, r, addrs[i]), 0);
			if (self == NO_ID)
				self = a;
			node_union(m, self, a);
		}
		for (size_t i = 0; names[i]; i++) {
			const char *v = get(st, r, names[i]);
			if (v == NULL || strchr(v, ' '))
				continue;	/* a display name: not unique */
			uint32_t a = name_node(m, v, 1);
			if (self == NO_ID)
				self = a;
			node_union(m, self, a);
		}
	} else if (strcmp(kind, "entra.user") == 0) {
		node_union(m, self, name_node(m, get(st, r, "id"), 1));
		node_union(m, self, name_node(m, get(st, r, "mail"), 0));
		/* unique in a tenant: the names a folder or a desk may use */
		node_union(m, self, name_node(m, get(st, r, "mailNickname"), 1));
		node_union(m, self, name_node(m, get(st, r, "onPremisesSamAccountName"), 1));
	} else if (strcmp(kind, "m365.audit") == 0) {
		const char *key = get(st, r, "UserKey");
		if (key && strchr(key, '-'))
			node_union(m, self, name_node(m, key, 1));
	} else if (sys == SYS_SALESFORCE && self == NO_ID) {
		/* a Login History row or an event file with only the user id:
		 * the User export's row with that Id joins it */
		static const char *const ids[] = {"UserId", "USER_ID_DERIVED", "USER_ID", NULL};
		for (size_t i = 0; ids[i] && self == NO_ID; i++)
			self = name_node(m, get(st, r, ids[i]), 1);
	} else if (strcmp(kind, "ticket.note") == 0 && self != NO_ID &&
		   !strchr(store_str(st, r->field[F_USER]), '@')) {
		/* a reporter named "Doe, Jane" is also "Jane Doe" */
		char swapped[256];
		if (swap_name(store_str(st, r->field[F_USER]), swapped, sizeof(swapped)))
			node_union(m, self, name_node(m, swapped, 1));
	}
	if (self != NO_ID && sys)
		m->systems[node_root(m, self)] |= sys;
	return self;
}

/* Salesforce users: username, email and federation id, when unambiguous. */
static void
link_sf_users(struct model *m)
{
	struct store *st = m->st;
	size_t n = store_count(st);
	struct u32map email_count = {0};
	struct u32map usernames = {0};
	for (size_t i = 0; i < n; i++) {
		const struct record *r = store_get(st, i);
		if (strcmp(kind_of(st, r), "sf.user") != 0 || r->field[F_USER] == 0)
			continue;
		uint32_t u = intern_lower(st, store_str(st, r->field[F_USER]));
		if (u)
			u32map_put(&usernames, u, 1);
		uint32_t e = intern_lower(st, get(st, r, "Email") ? get(st, r, "Email") : "");
		if (e) {
			uint32_t c = u32map_get(&email_count, e);
			u32map_put(&email_count, e, c == NO_ID ? 1 : c + 1);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct record *r = store_get(st, i);
		if (strcmp(kind_of(st, r), "sf.user") != 0 || r->field[F_USER] == 0)
			continue;
		const char *uname = store_str(st, r->field[F_USER]);
		uint32_t self = name_node(m, uname, 0);
		const char *email = get(st, r, "Email");
		uint32_t e = email ? intern_lower(st, email) : 0;
		uint32_t u = intern_lower(st, uname);
		if (e && (e == u || (u32map_get(&email_count, e) == 1 &&
				     u32map_get(&usernames, e) == NO_ID)))
			node_union(m, self, name_node(m, email, 0));
		const char *fed = get(st, r, "FederationIdentifier");
		if (fed && strchr(fed, '@'))
			node_union(m, self, name_node(m, fed, 0));
		node_union(m, self, name_node(m, get(st, r, "Id"), 1));
	}
	u32map_free(&email_count);
	u32map_free(&usernames);
}

/* A display name, lower case with single spaces (an interned id, 0 for
 * none or one too short to be anybody's). */
static uint32_t
display_key(struct store *st, const char *s)
{
	if (s == NULL || strchr(s, '@') || strlen(s) < 3 || strlen(s) > 200)
		return 0;
	char t[256];
	size_t k = 0;
	for (const char *p = s; *p && k + 1 < sizeof(t); p++) {
		unsigned char c = (unsigned char)*p;
		if (isspace(c)) {
			if (k && t[k - 1] != ' ')
				t[k++] = ' ';
			continue;
		}
		t[k++] = (char)tolower(c);
	}
	while (k && t[k - 1] == ' ')
		k--;
	t[k] = '\0';
	return k >= 3 && strchr(t, ' ') ? store_intern(st, t, k) : 0;
}

/* Display names ("Jane Doe"; a Salesforce user's Name, or First and Last
 * Name) link to the one person who has them; a name two people share
 * links nobody. */
/* The value id of extra key (an id) of r, or 0. */
static uint32_t
extra_id(const struct store *st, const struct record *r, uint32_t key)
{
	const struct kv *kv = rec_extras(st, r);
	for (uint32_t e = 0; key && e < r->nextra; e++)
		if (kv[e].key == key)
			return kv[e].value;
	return 0;
}

/* display_key() of a stored string, remembered by its id (a sign-in
 * export repeats each person's name in every row). */
static uint32_t
display_key_cached(struct store *st, struct u32map *cache, uint32_t value)
{
	if (value == 0)
		return 0;
	uint32_t k = u32map_get(cache, value);
	if (k == NO_ID) {
		k = display_key(st, store_str(st, value));
		u32map_put(cache, value, k);
	}
	return k;
}

static void
link_display_names(struct model *m)
{
	struct store *st = m->st;
	struct u32map owner = {0};	/* display key -> node, or NO_ID - 1 */
	struct u32map cache = {0};	/* sign-in display name id -> key */
	size_t n = store_count(st);
	uint32_t k_signin = store_lookup(st, "entra.signin");
	uint32_t k_user = store_lookup(st, "entra.user");
	uint32_t k_member = store_lookup(st, "entra.group_member");
	uint32_t k_sfuser = store_lookup(st, "sf.user");
	uint32_t f_udn = store_lookup(st, "userDisplayName");
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const struct record *r = store_get(st, i);
			uint32_t rk = r->kind;
			if (rk == 0 || (rk != k_signin && rk != k_user && rk != k_member && rk != k_sfuser))
				continue;
			if (rk == k_signin) {
				uint32_t self = m->rec_node[i];
				uint32_t key = display_key_cached(st, &cache, extra_id(st, r, f_udn));
				if (self == NO_ID || key == 0)
					continue;
				uint32_t root = node_root(m, self);
				uint32_t was = u32map_get(&owner, key);
				if (pass == 0) {
					if (was == NO_ID)
						u32map_put(&owner, key, root);
					else if (was != root && was != NO_ID - 1 && node_root(m, was) != root)
						u32map_put(&owner, key, NO_ID - 1);
				} else if (was != NO_ID - 1 && was != NO_ID) {
					node_union(m, self, node_of(m, key, 1));
				}
				continue;
			}
			const char *kind = kind_of(st, r);
			const char *names[2] = {NULL, NULL};
			char full[256];
			if (strcmp(kind, "entra.user") == 0 || strcmp(kind, "entra.group_member") == 0) {
				names[0] = get(st, r, "displayName");
			} else if (strcmp(kind, "sf.user") == 0) {
				names[0] = get(st, r, "Name");
				const char *fn = get(st, r, "FirstName"), *ln = get(st, r, "LastName");
				if (fn && ln) {
					snprintf(full, sizeof(full), "%s %s", fn, ln);
					names[1] = full;
				}
			} else {
				continue;
			}
			uint32_t self = m->rec_node[i];
			if (self == NO_ID) {
				/* a member list naming people only by display name
				 * ("Mei Lin  UserMailbox"): the one person who has it */
				const char *type = get(st, r, "memberType");
				uint32_t key = display_key(st, names[0]);
				if (pass == 1 && key && strcmp(kind, "entra.group_member") == 0 &&
				    (type == NULL || strcasecmp(type, "user") == 0)) {
					uint32_t was = u32map_get(&owner, key);
					if (was != NO_ID - 1 && was != NO_ID)
						m->rec_node[i] = node_of(m, key, 1);
				}
				continue;
			}
			uint32_t root = node_root(m, self);
			for (int k = 0; k < 2; k++) {
				uint32_t key = display_key(st, names[k]);
				if (key == 0)
					continue;
				uint32_t was = u32map_get(&owner, key);
				if (pass == 0) {
					if (was == NO_ID)
						u32map_put(&owner, key, root);
					else if (was != root && node_root(m, was) != root)
						u32map_put(&owner, key, NO_ID - 1);
				} else if (was != NO_ID - 1 && was != NO_ID) {
					node_union(m, self, node_of(m, key, 1));
				}
			}
		}
	}
	u32map_free(&owner);
	u32map_free(&cache);
}

static size_t squash(const char *s, size_t n, char *out, size_t cap);
static int guid_like(const char *s);

/* ---- usernames built from a person's name --------------------------------------- */

struct person_name {
	char first[64], last[64];
	uint32_t root;
};

/* First and last names people have: a Salesforce user's FirstName and
 * LastName, an Entra user's givenName and surname, or a display name of
 * exactly two words. */
static size_t
person_names(struct model *m, struct person_name **out)
{
	struct store *st = m->st;
	struct person_name *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < store_count(st); i++) {
		const struct record *r = store_get(st, i);
		const char *kind = kind_of(st, r);
		const char *f = NULL, *l = NULL, *dn = NULL;
		if (strcmp(kind, "sf.user") == 0) {
			f = get(st, r, "FirstName");
			l = get(st, r, "LastName");
			dn = get(st, r, "Name");
		} else if (strcmp(kind, "entra.user") == 0) {
			f = get(st, r, "givenName");
			l = get(st, r, "surname");
			dn = get(st, r, "displayName");
		} else {
			continue;
		}
		if (m->rec_node[i] == NO_ID)
			continue;
		char df[64] = "", dl[64] = "";
		if ((!f || !l) && dn) {
			const char *sp = strchr(dn, ' ');
			if (sp && !strchr(sp + 1, ' ')) {
				snprintf(df, sizeof(df), "%.*s", (int)(sp - dn), dn);
				snprintf(dl, sizeof(dl), "%s", sp + 1);
				f = df;
				l = dl;
			}
		}
		if (!f || !l || !*f || !*l)
			continue;
		GROW(v, n, cap);
		squash(f, strlen(f), v[n].first, sizeof(v[n].first));
		squash(l, strlen(l), v[n].last, sizeof(v[n].last));
		v[n].root = node_root(m, m->rec_node[i]);
		if (v[n].first[0] && v[n].last[0])
			n++;
	}
	*out = v;
	return n;
}

/* A bare username ("a.kowalski", "jdoe", "jane_doe") that names nobody
 * else joins the one person whose name it is built from, by the usual
 * conventions: f.last, flast, first.last, firstlast, last.first,
 * lastf.  Two people who fit the same username join nobody. */
static void
link_usernames(struct model *m)
{
	struct person_name *p;
	size_t np = person_names(m, &p);
	if (np == 0)
		return;
	struct store *st = m->st;
	struct u32map pat = {0};	/* squashed pattern -> root, NO_ID - 1 shared */
	char buf[160];
	for (size_t i = 0; i < np; i++) {
		const char *f = p[i].first, *l = p[i].last;
		char fi[2] = {f[0], '\0'}, li[2] = {l[0], '\0'};
		const char *pairs[][2] = {{fi, l}, {f, l}, {l, f}, {l, fi}, {f, li}};
		for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
			snprintf(buf, sizeof(buf), "%s%s", pairs[k][0], pairs[k][1]);
			if (strlen(buf) < 4)
				continue;
			uint32_t key = store_intern_str(st, buf);
			uint32_t was = u32map_get(&pat, key);
			u32map_put(&pat, key, was == NO_ID || was == p[i].root ? p[i].root : NO_ID - 1);
		}
	}
	size_t nn = m->nnodes;
	unsigned char *person = xcalloc(nn ? nn : 1, 1);
	for (uint32_t i = 0; i < nn; i++)
		if (!m->hidden[i])
			person[node_root(m, i)] = 1;
	for (uint32_t i = 0; i < nn; i++) {
		if (!m->hidden[i] || person[node_root(m, i)])
			continue;
		const char *name = store_str(st, m->name[i]);
		size_t len = strlen(name);
		int word = len >= 3 && len <= 40 && isalpha((unsigned char)name[0]);
		for (size_t k = 0; k < len && word; k++)
			word = isalnum((unsigned char)name[k]) || strchr("._-", name[k]);
		if (!word || guid_like(name))
			continue;
		squash(name, len, buf, sizeof(buf));
		uint32_t key = store_lookup(st, buf);
		uint32_t root = key ? u32map_get(&pat, key) : NO_ID;
		if (root != NO_ID && root != NO_ID - 1)
			node_union(m, root, i);
	}
	free(person);
	free(p);
	u32map_free(&pat);
}

/* "name@contoso.com.uat" is the sandbox username of "name@contoso.com". */
static void
link_sandbox_names(struct model *m)
{
	size_t n = m->nnodes;
	for (uint32_t i = 0; i < n; i++) {
		if (m->hidden[i])
			continue;
		const char *s = store_str(m->st, m->name[i]);
		const char *at = strchr(s, '@');
		const char *dot = strrchr(s, '.');
		if (at == NULL || dot == NULL || dot < at)
			continue;
		/* the rest must still have a domain with a dot */
		const char *d = memchr(at, '.', (size_t)(dot - at));
		if (d == NULL || strlen(dot + 1) > 12)
			continue;
		uint32_t base = store_lookup(m->st, "");
		(void)base;
		char *t = xstrndup(s, (size_t)(dot - s));
		uint32_t id = store_lookup(m->st, t);
		free(t);
		uint32_t other = id ? u32map_get(&m->byname, id) : NO_ID;
		if (other != NO_ID && !m->hidden[other])
			node_union(m, i, other);
	}
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

static void
mark_recovered(struct model *m)
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

/* Records without a user: the user of the same correlation id; else the
 * one person the rest of the same file names (a log with "user=..." on
 * one line); else, for the reporter's own machine, the reporter. */
static void
attribute_by_correlation(struct model *m)
{
	struct store *st = m->st;
	struct u32map corr = {0};
	/* per input: its one person, or NO_ID - 1 when it names several */
	struct u32map file_user = {0};
	for (size_t i = 0; i < m->nrec; i++) {
		if (m->rec_node[i] == NO_ID)
			continue;
		uint32_t in = store_get(st, i)->input + 1;
		uint32_t id = node_root(m, m->rec_node[i]);
		uint32_t was = u32map_get(&file_user, in);
		if (was == NO_ID)
			u32map_put(&file_user, in, id);
		else if (was != id)
			u32map_put(&file_user, in, NO_ID - 1);
	}
	for (size_t i = 0; i < m->nrec; i++) {
		const struct record *r = store_get(st, i);
		if (r->field[F_CORRELATION_ID] && m->rec_node[i] != NO_ID &&
		    u32map_get(&corr, r->field[F_CORRELATION_ID]) == NO_ID)
			u32map_put(&corr, r->field[F_CORRELATION_ID], m->rec_node[i]);
	}
	for (size_t i = 0; i < m->nrec; i++) {
		const struct record *r = store_get(st, i);
		if (m->rec_node[i] != NO_ID)
			continue;
		if (r->field[F_CORRELATION_ID])
			m->rec_node[i] = u32map_get(&corr, r->field[F_CORRELATION_ID]);
		if (m->rec_node[i] == NO_ID && kind_system(kind_of(st, r)) == SYS_OUTLOOK) {
			uint32_t one = u32map_get(&file_user, r->input + 1);
			if (one != NO_ID && one != NO_ID - 1)
				m->rec_node[i] = one;
		}
		/* the reporter's own machine: add-in logs, browser consoles, HARs
		 * (a generic log may be another system's) */
		if (m->rec_node[i] == NO_ID && m->reporter != NO_ID &&
		    kind_system(kind_of(st, r)) == SYS_OUTLOOK &&
		    strcmp(kind_of(st, r), "log.line") != 0 && !is_true(get(st, r, "benign")))
			m->rec_node[i] = m->reporter;
	}
	u32map_free(&corr);
	u32map_free(&file_user);
}

/* ---- the person a file's name names ---------------------------------------------- */

/* An id, not a name: a GUID or a long run of hex digits and dashes. */
static int
guid_like(const char *s)
{
	size_t n = strlen(s), hex = 0;
	for (size_t i = 0; i < n; i++)
		hex += isxdigit((unsigned char)s[i]) || s[i] == '-';
	return n >= 32 && hex == n;
}

/* Words of a path that are no one's name. */
static int
common_word(const char *w)
{
	static const char *const words[] = {
		"logs", "log", "client", "clients", "outlook", "har", "export", "exports",
		"bundle", "users", "user", "trace", "console", "browser", "copilot", "sales",
		"salesforce", "entra", "signins", "audit", "ticket", "network", "capture",
		"desktop", "laptop", "addin", "edge", "chrome", "data", "files", "mail",
		"copilotforsales", "appdata", "local", "roaming", "microsoft", "office",
		"temp", "diagnostics", "report", "reports", NULL,
	};
	for (size_t i = 0; words[i]; i++)
		if (strcmp(w, words[i]) == 0)
			return 1;
	return 0;
}

/* Letters and digits of s (n bytes), lower case: "Jane.Doe" -> "janedoe". */
static size_t
squash(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++)
		if (isalnum((unsigned char)s[i]))
			out[k++] = (char)tolower((unsigned char)s[i]);
	out[k] = '\0';
	return k;
}

/* Candidate names in a locator's folders and file name: each word
 * (split at / ! _ space ( ) and extensions) and each pair of adjacent
 * words, squashed. */
static size_t
path_words(const char *loc, char words[][64], size_t max)
{
	size_t nw = 0;
	char prev[64] = "";
	const char *p = loc;
	while (*p && nw < max) {
		size_t k = strcspn(p, "/!_ ()[],");
		if (k == 0) {
			if (strchr("/!", *p))
				prev[0] = '\0';	/* pairs stay within one part */
			p++;
			continue;
		}
		/* a file extension is not part of the name: "jane.doe.log"
		 * (only in the file's own name: a folder "j.doe" has none) */
		size_t e = k;
		int last_part = strcspn(p, "/!") == strlen(p);
		for (int ext = 0; ext < 3 && last_part; ext++) {
			const char *dot = memchr(p, '.', e);
			const char *last = NULL;
			for (const char *q = p; q < p + e; q++)
				if (*q == '.')
					last = q;
			(void)dot;
			if (last && p + e - last - 1 <= 5 && p + e - last - 1 >= 2 &&
			    !isdigit((unsigned char)last[1]))
				e = (size_t)(last - p);
			else
				break;
		}
		char w[64];
		size_t wl = squash(p, e, w, sizeof(w));
		if (wl >= 4 && !common_word(w)) {
			memcpy(words[nw++], w, wl + 1);
			size_t pl = strlen(prev);
			if (pl && nw < max && pl + wl < 64) {
				memcpy(words[nw], prev, pl);
				memcpy(words[nw] + pl, w, wl + 1);
				nw++;
			}
		}
		snprintf(prev, sizeof(prev), "%s", wl >= 2 ? w : "");
		p += k;
	}
	return nw;
}

/* Records no name and no correlation placed: the one person whose name
 * (an address's local part, a username, a nickname, a display name)
 * is a word of the file's folders or name. */
static void
attribute_by_path(struct model *m)
{
	struct store *st = m->st;
	/* every person's squashed names -> the person (NO_ID - 1: shared) */
	struct u32map who = {0};
	unsigned char *person = xcalloc(m->nnodes ? m->nnodes : 1, 1);
	for (uint32_t i = 0; i < m->nnodes; i++)
		if (!m->hidden[i])
			person[node_root(m, i)] = 1;
	for (uint32_t i = 0; i < m->nnodes; i++) {
		const char *name = store_str(st, m->name[i]);
		uint32_t root = node_root(m, i);
		if (!person[root] || guid_like(name))
			continue;
		const char *at = strchr(name, '@');
		char w[64];
		if (squash(name, at ? (size_t)(at - name) : strlen(name), w, sizeof(w)) < 4)
			continue;
		uint32_t key = store_intern_str(st, w);
		uint32_t was = u32map_get(&who, key);
		u32map_put(&who, key, was == NO_ID || was == root ? root : NO_ID - 1);
	}
	uint32_t last_input = UINT32_MAX, found = NO_ID;
	for (size_t i = 0; i < m->nrec; i++) {
		const struct record *r = store_get(st, i);
		if (m->rec_node[i] != NO_ID || (m->flags[i] & REC_DERIVED))
			continue;
		if (r->input != last_input) {
			last_input = r->input;
			found = NO_ID;
			const char *loc = m->inputs && r->input < m->inputs->n
						  ? m->inputs->v[r->input].locator : NULL;
			char words[32][64];
			size_t nw = loc ? path_words(loc, words, 32) : 0;
			for (size_t k = 0; k < nw; k++) {
				uint32_t key = store_lookup(st, words[k]);
				uint32_t p = key ? u32map_get(&who, key) : NO_ID;
				if (p == NO_ID)
					continue;
				found = found == NO_ID || found == p ? p : NO_ID - 1;
			}
		}
		if (found != NO_ID && found != NO_ID - 1) {
			m->rec_node[i] = found;
			m->flags[i] |= REC_INFERRED;
		}
	}
	u32map_free(&who);
	free(person);
}

/* ---- apps named only by their id -------------------------------------------------- */

static void
name_apps(struct model *m)
{
	struct store *st = m->st;
	struct u32map names = {0};	/* lower-case appId -> display name id */
	size_t n = store_count(st);
	for (size_t i = 0; i < n; i++) {
		const struct record *r = store_get(st, i);
		const char *kind = kind_of(st, r);
		if (strcmp(kind, "entra.service_principal") != 0 &&
		    strcmp(kind, "entra.application") != 0)
			continue;
		const char *id = get(st, r, "appId");
		const char *name = r->field[F_APP] ? store_str(st, r->field[F_APP])
						   : get(st, r, "displayName");
		uint32_t key = id ? intern_lower(st, id) : 0;
		if (key && name && !guid_like(name))
			u32map_put(&names, key, store_intern_str(st, name));
	}
	if (names.n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct record *r = store_get(st, i);
		if (!r->field[F_APP] || !guid_like(store_str(st, r->field[F_APP])))
			continue;
		uint32_t key = intern_lower(st, store_str(st, r->field[F_APP]));
		uint32_t name = u32map_get(&names, key);
		if (name != NO_ID)
			store_set_field(st, i, F_APP, store_str(st, name));
	}
	u32map_free(&names);
}

static void
grow_records(struct model *m, size_t n)
{
	if (n <= m->nrec)
		return;
	m->rec_node = xreallocarray(m->rec_node, n, sizeof(*m->rec_node));
	m->flags = xreallocarray(m->flags, n, sizeof(*m->flags));
	for (size_t i = m->nrec; i < n; i++) {
		m->rec_node[i] = NO_ID;
		m->flags[i] = 0;
	}
	m->nrec = n;
}

void
model_build(struct model *m, struct store *st, const struct inputs *ins)
{
	memset(m, 0, sizeof(*m));
	m->st = st;
	m->inputs = ins;
	m->reporter = NO_ID;
	name_apps(m);
	size_t n = store_count(st);
	grow_records(m, n);
	uint32_t reporter = NO_ID;
	size_t nreporters = 0;
	for (size_t i = 0; i < n; i++) {
		const struct record *r = store_get(st, i);
		m->rec_node[i] = link_record(m, r);
		m->flags[i] = (unsigned char)classify(st, r);
		if (strcmp(kind_of(st, r), "ticket.note") == 0 && m->rec_node[i] != NO_ID) {
			if (reporter == NO_ID || node_root(m, reporter) != node_root(m, m->rec_node[i]))
				nreporters++;
			reporter = m->rec_node[i];
		}
	}
	link_sf_users(m);
	link_sandbox_names(m);
	link_display_names(m);
	link_usernames(m);
	if (nreporters == 1)
		m->reporter = reporter;
	attribute_by_correlation(m);
	attribute_by_path(m);
	mark_recovered(m);
}

void
model_free(struct model *m)
{
	free(m->parent);
	free(m->name);
	free(m->hidden);
	free(m->systems);
	u32map_free(&m->byname);
	free(m->rec_node);
	free(m->flags);
	u32map_free(&m->bykind);
	free(m->kind_start);
	free(m->kind_count);
	free(m->order);
	u32map_free(&m->byid);
	free(m->about_start);
	free(m->about_count);
	free(m->about);
	free(m->display);
	free(m->by_root);
	memset(m, 0, sizeof(*m));
}

struct pair {
	uint32_t id, rec;
};

static int
cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->rec > y->rec) - (x->rec < y->rec);
}

/* ---- derived records --------------------------------------------------------- */

/* Indices of the records of one kind (before the index exists). */
struct list {
	uint32_t *v;
	size_t n, cap;
};

static void
list_add(struct list *l, uint32_t x)
{
	GROW(l->v, l->n, l->cap);
	l->v[l->n++] = x;
}

static struct list
records_of(struct store *st, const char *kind)
{
	struct list l = {0};
	uint32_t k = store_lookup(st, kind);
	if (k == 0)
		return l;
	size_t n = store_count(st);
	for (size_t i = 0; i < n; i++)
		if (store_get(st, i)->kind == k)
			list_add(&l, (uint32_t)i);
	return l;
}

/* Start a derived record at the place of source record src. */
static void
derive_begin(struct model *m, const char *kind, uint32_t src)
{
	const struct record *r = store_get(m->st, src);
	uint32_t input = r->input, line = r->line, ptr = r->pointer;
	store_begin(m->st, input, kind);
	if (line)
		rec_set_line(m->st, line);
	if (ptr)
		rec_set_pointer(m->st, store_str(m->st, ptr));
}

static void
derive_end(struct model *m, uint32_t identity)
{
	store_end(m->st);
	size_t n = store_count(m->st);
	grow_records(m, n);
	m->rec_node[n - 1] = identity;
	m->flags[n - 1] = REC_DERIVED;
}

static void
set_bool(struct store *st, const char *name, int v)
{
	rec_set_str(st, name, v < 0 ? "unknown" : v ? "true" : "false");
}

/* Does any value of field name in r equal (case-insensitively) want? */
static int
has_value(const struct store *st, const struct record *r, const char *name, const char *want)
{
	uint32_t key = store_lookup(st, name);
	if (want == NULL)
		return 0;
	int f = field_by_name(name);
	if (f >= 0)
		return r->field[f] && strcasecmp(store_str(st, r->field[f]), want) == 0;
	if (key == 0)
		return 0;
	const struct kv *kv = rec_extras(st, r);
	for (uint32_t i = 0; i < r->nextra; i++)
		if (kv[i].key == key && strcasecmp(store_str(st, kv[i].value), want) == 0)
			return 1;
	return 0;
}

static const char *const profile_name_keys[] = {"Profile.Name", "ProfileName", "Profile", NULL};

struct sfdata {
	struct list users, profiles, permsets, assigns, apps;
};

static int
profile_named(const struct store *st, const struct record *p, const char *name)
{
	return name && (has_value(st, p, "name", name) || has_value(st, p, "label", name));
}

/* The profile record of a user: metadata first (it has the permissions). */
static int64_t
user_profile(const struct store *st, const struct sfdata *d, const struct record *u)
{
	const char *pname = get_any(st, u, profile_name_keys);
	const char *pid = get(st, u, "ProfileId");
	int64_t best = -1;
	for (size_t i = 0; i < d->profiles.n; i++) {
		const struct record *p = store_get(st, d->profiles.v[i]);
		if (profile_named(st, p, pname) || same_sfid(get(st, p, "Id"), pid)) {
			if (best < 0 || get(st, p, "perm.ApiEnabled") || get(st, p, "userLicense"))
				best = d->profiles.v[i];
			if (get(st, p, "userLicense"))
				break;
		}
	}
	return best;
}

/* The user's permission set assignment rows. */
static struct list
user_assignments(const struct store *st, const struct sfdata *d, const struct record *u)
{
	struct list out = {0};
	const char *uid = get(st, u, "Id");
	const char *uname = u->field[F_USER] ? store_str(st, u->field[F_USER]) : NULL;
	for (size_t i = 0; i < d->assigns.n; i++) {
		const struct record *a = store_get(st, d->assigns.v[i]);
		const char *who = get(st, a, "AssigneeId");
		const char *whon = get(st, a, "Assignee.Username");
		if (same_sfid(who, uid) || (whon && uname && strcasecmp(whon, uname) == 0) ||
		    (a->field[F_USER] && uname && strcasecmp(store_str(st, a->field[F_USER]), uname) == 0))
			list_add(&out, d->assigns.v[i]);
	}
	return out;
}

/* The permission set records assigned to a user. */
static struct list
user_permsets(const struct store *st, const struct sfdata *d, const struct record *u)
{
	struct list out = {0};
	struct list rows = user_assignments(st, d, u);
	for (size_t i = 0; i < rows.n; i++) {
		const struct record *a = store_get(st, rows.v[i]);
		const char *psid = get(st, a, "PermissionSetId");
		const char *psname = get(st, a, "PermissionSet.Name");
		if (psname == NULL)
			psname = get(st, a, "PermissionSet.Label");
		for (size_t j = 0; j < d->permsets.n; j++) {
			const struct record *p = store_get(st, d->permsets.v[j]);
			if (same_sfid(get(st, p, "Id"), psid) || profile_named(st, p, psname))
				list_add(&out, d->permsets.v[j]);
		}
	}
	free(rows.v);
	return out;
}


static const char *
record_name(const struct store *st, const struct record *r)
{
	static const char *const keys[] = {"label", "name", "fullName", NULL};
	const char *s = get_any(st, r, keys);
	return s ? s : "";
}

/* A user permission (ApiEnabled, ModifyAllData, ...) on a profile or
 * permission set, from metadata (perm.X) or an export (PermissionsX):
 * 1, 0, or -1 unknown. */
static int
perm_flag(const struct store *st, const struct record *r, const char *perm)
{
	char k1[96], k2[96];
	snprintf(k1, sizeof(k1), "perm.%s", perm);
	snprintf(k2, sizeof(k2), "Permissions%s", perm);
	const char *const keys[] = {k1, k2, NULL};
	const char *v = get_any(st, r, keys);
	if (is_true(v))
		return 1;
	if (is_false(v))
		return 0;
	/* a metadata profile lists only what is granted */
	if (get(st, r, "userLicense") || get(st, r, "userPermission"))
		return 0;
	return -1;
}

static int
api_flag(const struct store *st, const struct record *r)
{
	return perm_flag(st, r, "ApiEnabled");
}

/* The Copilot for Sales admin permissions (CFS-15): Modify All Data or
 * Manage Data Integrations. */
static int
admin_flag(const struct store *st, const struct record *r)
{
	int a = perm_flag(st, r, "ModifyAllData"), b = perm_flag(st, r, "ManageDataIntegrations");
	return a == 1 || b == 1 ? 1 : a == 0 || b == 0 ? 0 : -1;
}

static void
set_s(struct store *st, const char *name, const char *v)
{
	if (v && *v)
		rec_set_str(st, name, v);
}

static void
derive_api(struct model *m, const struct sfdata *d, uint32_t u, uint32_t id)
{
	struct store *st = m->st;
	const struct record *ur = store_get(st, u);
	const char *uname = store_str(st, ur->field[F_USER]);
	const char *pname = get_any(st, ur, profile_name_keys);
	int64_t prof = user_profile(st, d, ur);
	struct list ps = user_permsets(st, d, ur);
	int api = prof >= 0 ? api_flag(st, store_get(st, (size_t)prof)) : -1;
	const char *by = NULL;
	if (prof >= 0)
		pname = record_name(st, store_get(st, (size_t)prof));
	if (api == 1)
		by = pname;
	int known = api >= 0;
	const char **psn = xcalloc(ps.n + 1, sizeof(*psn));
	for (size_t i = 0; i < ps.n; i++) {
		const struct record *p = store_get(st, ps.v[i]);
		psn[i] = record_name(st, p);
		if (api != 1 && api_flag(st, p) == 1) {
			api = 1;
			by = psn[i];
		}
	}
	if (!known && api != 1)
		api = -1;
	/* the admin permissions count only on the profile */
	int admin_profile = prof >= 0 ? admin_flag(st, store_get(st, (size_t)prof)) : -1;
	int admin_permset = ps.n ? 0 : -1;
	const char *admin_by = NULL;
	for (size_t i = 0; i < ps.n; i++)
		if (admin_flag(st, store_get(st, ps.v[i])) == 1) {
			admin_permset = 1;
			admin_by = psn[i];
		}
	uint32_t src = api == 0 && prof >= 0 ? (uint32_t)prof : u;
	derive_begin(m, "model.sf_api_access", src);
	set_s(st, "user", uname);
	set_s(st, "profile", pname);
	for (size_t i = 0; i < ps.n; i++)
		set_s(st, "permissionSet", psn[i]);
	set_bool(st, "apiEnabled", api);
	set_s(st, "grantedBy", by);
	set_bool(st, "profileKnown", prof >= 0);
	derive_end(m, id);
	/* the Copilot for Sales admin permissions, which count only on the
	 * profile: the record points at the profile */
	derive_begin(m, "model.sf_admin_access", prof >= 0 ? (uint32_t)prof : u);
	set_s(st, "user", uname);
	set_s(st, "profile", pname);
	set_bool(st, "adminOnProfile", admin_profile);
	set_bool(st, "adminByPermissionSet", admin_permset);
	set_s(st, "adminPermissionSet", admin_by);
	derive_end(m, id);
	free(psn);
	free(ps.v);
}

/* The object and field an error names: "No such column 'Region__c' on
 * entity 'Contact'" (both), "Object type contact is not supported" (the
 * object).  0 when it names none. */
static int
named_object(const char *msg, char *obj, size_t on, char *field, size_t fn)
{
	const char *k;
	obj[0] = field[0] = '\0';
	if ((k = mem_find_ci(msg, strlen(msg), "No such column '")) != NULL) {
		const char *f = k + 16, *fe = strchr(f, '\'');
		const char *e = fe ? mem_find_ci(fe, strlen(fe), "on entity '") : NULL;
		if (fe && e) {
			const char *o = e + 11, *oe = strchr(o, '\'');
			if (oe && (size_t)(fe - f) < fn && (size_t)(oe - o) < on) {
				snprintf(field, fn, "%.*s", (int)(fe - f), f);
				snprintf(obj, on, "%.*s", (int)(oe - o), o);
				return 1;
			}
		}
	}
	if ((k = mem_find_ci(msg, strlen(msg), "Object type ")) != NULL) {
		const char *o = k + 12, *oe = o;
		while (*oe && (isalnum((unsigned char)*oe) || *oe == '_'))
			oe++;
		if (oe > o && (size_t)(oe - o) < on && mem_find_ci(oe, strlen(oe), "not supported")) {
			snprintf(obj, on, "%.*s", (int)(oe - o), o);
			return 1;
		}
	}
	return 0;
}

/* Read and edit on an object (or one of its fields) from the "object.X"
 * / "field.X.F" values of a profile or permission set ("create,read,edit"
 * or "none"): sets *read, *edit to 1 / 0, or leaves them when the record
 * does not say.  The object name matches in any case. */
static void
object_perms(const struct store *st, const struct record *r, const char *obj, const char *field,
	     int *read, int *edit)
{
	char want[256];
	if (field[0])
		snprintf(want, sizeof(want), "field.%s.%s", obj, field);
	else
		snprintf(want, sizeof(want), "object.%s", obj);
	const struct kv *kv = rec_extras(st, r);
	for (uint32_t i = 0; i < r->nextra; i++) {
		if (strcasecmp(store_str(st, kv[i].key), want) != 0)
			continue;
		const char *v = store_str(st, kv[i].value);
		int rd = mem_find_ci(v, strlen(v), "read") != NULL ||
			 mem_find_ci(v, strlen(v), "edit") != NULL;
		int ed = mem_find_ci(v, strlen(v), "edit") != NULL;
		if (*read != 1)
			*read = rd;
		if (*edit != 1)
			*edit = ed;
	}
}

/* For each error of a person that names an object or field: can their
 * profile and permission sets read and edit it? */
static void
derive_object_access(struct model *m, const struct sfdata *d, const struct list *errs,
		     uint32_t u, uint32_t id)
{
	struct store *st = m->st;
	const struct record *ur = store_get(st, u);
	const char *uname = store_str(st, ur->field[F_USER]);
	int64_t prof = user_profile(st, d, ur);
	struct list ps = user_permsets(st, d, ur);
	char done[8][160];
	size_t ndone = 0;
	for (size_t e = 0; e < errs->n && ndone < 8; e++) {
		uint32_t i = errs->v[e];
		const struct record *r = store_get(st, i);
		if (!r->field[F_MESSAGE])
			continue;
		char obj[96], field[96], key[160];
		if (!named_object(store_str(st, r->field[F_MESSAGE]), obj, sizeof(obj), field,
				  sizeof(field)))
			continue;
		snprintf(key, sizeof(key), "%s.%s", obj, field);
		int seen = 0;
		for (size_t k = 0; k < ndone && !seen; k++)
			seen = strcasecmp(done[k], key) == 0;
		if (seen)
			continue;
		snprintf(done[ndone++], sizeof(done[0]), "%s", key);
		int read = -1, edit = -1;
		const char *by = NULL, *pname = NULL;
		if (prof >= 0) {
			const struct record *p = store_get(st, (size_t)prof);
			pname = record_name(st, p);
			object_perms(st, p, obj, field, &read, &edit);
			if (read == 1)
				by = pname;
		}
		for (size_t k = 0; k < ps.n; k++) {
			int r2 = -1, e2 = -1;
			const struct record *p = store_get(st, ps.v[k]);
			object_perms(st, p, obj, field, &r2, &e2);
			if (r2 == 1 && read != 1) {
				read = 1;
				by = record_name(st, p);
			}
			if (e2 == 1)
				edit = 1;
		}
		derive_begin(m, field[0] ? "model.sf_field_access" : "model.sf_object_access",
			     prof >= 0 ? (uint32_t)prof : u);
		set_s(st, "user", uname);
		set_s(st, "profile", pname);
		set_s(st, "object", obj);
		set_s(st, "field", field);
		set_bool(st, "read", read);
		set_bool(st, "edit", edit);
		set_s(st, "grantedBy", by);
		derive_end(m, id);
		/* the store may have moved: look the user up again */
		ur = store_get(st, u);
	}
	free(ps.v);
}

/* Is the app a server-to-server (handler or client credentials) app? */
static int
s2s_app(const struct store *st, const struct record *a)
{
	return get(st, a, "plugin") || get(st, a, "pluginExecutionUser") ||
	       is_true(get(st, a, "oauthConfig.isClientCredentialEnabled")) ||
	       get(st, a, "oauthConfig.oauthClientCredentialUser");
}

static int
admin_approved(const struct store *st, const struct record *a)
{
	static const char *const keys[] = {
		"oauthConfig.isAdminApproved", "oauthPolicy.isAdminApproved", "isAdminApproved",
		"IsAdminApproved", NULL,
	};
	const char *v = get_any(st, a, keys);
	if (is_true(v))
		return 1;
	const char *pu = get(st, a, "oauthPolicy.permittedUsers");
	if (pu)
		return str_starts_with_ci(pu, "admin");
	return is_false(v) ? 0 : -1;
}

/* The values of a repeated field of record src, copied before a derived
 * record opens (the store may move records when it grows). */
static const char **
values_of(const struct store *st, const struct record *r, const char *name, size_t *n)
{
	uint32_t key = store_lookup(st, name);
	const char **v = NULL;
	*n = 0;
	if (key == 0)
		return NULL;
	const struct kv *kv = rec_extras(st, r);
	for (uint32_t i = 0; i < r->nextra; i++) {
		if (kv[i].key != key)
			continue;
		v = xreallocarray(v, *n + 1, sizeof(*v));
		v[(*n)++] = store_str(st, kv[i].value);
	}
	return v;
}

/* The app's own lists, on the open derived record. */
static void
set_app_lists(struct store *st, const char **prof, size_t np, const char **ps, size_t nps)
{
	for (size_t i = 0; i < np; i++)
		set_s(st, "appProfile", prof[i]);
	for (size_t i = 0; i < nps; i++)
		set_s(st, "appPermissionSet", ps[i]);
}

/* Open a model.sf_app_access record for connected app k and user uname,
 * with the app's side filled in; *approved and *s2s say what the app is. */
static void
begin_app_access(struct model *m, const struct sfdata *d, size_t k, const char *uname,
		 uint32_t at, int *approved, int *s2s)
{
	struct store *st = m->st;
	const struct record *a = store_get(st, d->apps.v[k]);
	*approved = admin_approved(st, a);
	*s2s = s2s_app(st, a);
	const char *app = a->field[F_APP] ? store_str(st, a->field[F_APP]) : NULL;
	const char *full = get(st, a, "fullName");
	size_t np, nps;
	const char **prof = values_of(st, a, "profileName", &np);
	const char **psets = values_of(st, a, "permissionSetName", &nps);
	derive_begin(m, "model.sf_app_access", at);
	set_s(st, "user", uname);
	set_s(st, "app", app);
	set_s(st, "fullName", full);
	set_app_lists(st, prof, np, psets, nps);
	free(prof);
	free(psets);
}

/* The first of the assignment rows that is not the profile's own set. */
static uint32_t
own_row(const struct store *st, const struct list *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		if (!is_true(get(st, store_get(st, rows->v[i]), "PermissionSet.IsOwnedByProfile")))
			return rows->v[i];
	return rows->v[0];
}

/* An admin-approved app that lists none of the person's grants. */
static int
approved_refused(const struct store *st, const struct record *a, const char *via)
{
	return admin_approved(st, a) == 1 && via == NULL;
}

static void
derive_app_access(struct model *m, const struct sfdata *d, uint32_t u, uint32_t id)
{
	struct store *st = m->st;
	const struct record *ur = store_get(st, u);
	const char *uname = store_str(st, ur->field[F_USER]);
	int64_t prof = user_profile(st, d, ur);
	struct list ps = user_permsets(st, d, ur);
	const char *pname = get_any(st, ur, profile_name_keys);
	const char *pn1 = NULL, *pn2 = NULL;
	if (prof >= 0) {
		const struct record *p = store_get(st, (size_t)prof);
		pn1 = get(st, p, "name");
		pn2 = get(st, p, "label");
	}
	/* the names of each permission set: from its own record, and from
	 * the assignment rows, which name it too (PermissionSet.Name /
	 * .Label) when no permission set export came with them; the sets
	 * a profile owns are the profile's */
	struct list rows = user_assignments(st, d, ur);
	size_t nps = ps.n + rows.n;
	const char **psn = xcalloc(nps * 2 + 1, sizeof(*psn));	/* name, label */
	for (size_t i = 0; i < ps.n; i++) {
		const struct record *p = store_get(st, ps.v[i]);
		psn[2 * i] = get(st, p, "name");
		psn[2 * i + 1] = get(st, p, "label");
	}
	for (size_t i = 0; i < rows.n; i++) {
		const struct record *r = store_get(st, rows.v[i]);
		if (is_true(get(st, r, "PermissionSet.IsOwnedByProfile")))
			continue;
		psn[2 * (ps.n + i)] = get(st, r, "PermissionSet.Name");
		psn[2 * (ps.n + i) + 1] = get(st, r, "PermissionSet.Label");
	}
	for (size_t k = 0; k < d->apps.n; k++) {
		const struct record *a = store_get(st, d->apps.v[k]);
		const char *via = NULL;
		const char *cand[] = {pname, pn1, pn2};
		for (size_t j = 0; j < 3 && !via; j++)
			if (cand[j] && has_value(st, a, "profileName", cand[j]))
				via = cand[j];
		for (size_t j = 0; j < nps * 2 && !via; j++)
			if (psn[j] && has_value(st, a, "permissionSetName", psn[j]))
				via = psn[j];
		int approved, s2s;
		/* refused: the person's own rows say why (their permission
		 * sets, else their User row); the app's list is its own
		 * evidence */
		uint32_t at = approved_refused(st, a, via) ? (rows.n ? own_row(st, &rows) : u) :
							       d->apps.v[k];
		begin_app_access(m, d, k, uname, at, &approved, &s2s);
		set_s(st, "profile", pn2 ? pn2 : pname);
		for (size_t i = 0; i < nps; i++) {
			/* the label, else the API name; each set once */
			const char *one = psn[2 * i + 1] ? psn[2 * i + 1] : psn[2 * i];
			int dup = 0;
			for (size_t q = 0; q < i && one && !dup; q++) {
				const char *o = psn[2 * q + 1] ? psn[2 * q + 1] : psn[2 * q];
				dup = o && strcmp(o, one) == 0;
			}
			if (!dup)
				set_s(st, "permissionSet", one);
		}
		set_bool(st, "adminApproved", approved);
		set_bool(st, "listed", via != NULL);
		set_bool(st, "permitted", approved == 0 || via != NULL ? 1 : approved < 0 ? -1 : 0);
		set_s(st, "permittedBy", via);
		set_bool(st, "s2s", s2s);
		derive_end(m, id);
	}
	free(psn);
	free(ps.v);
	free(rows.v);
}

/* The apps' side of app access for a person seen only in Login History:
 * whether each app is admin-approved; who is listed is unknown. */
static void
derive_app_access_unknown(struct model *m, const struct sfdata *d, uint32_t login, uint32_t id)
{
	struct store *st = m->st;
	const struct record *lr = store_get(st, login);
	const char *uname = store_str(st, lr->field[F_USER]);
	for (size_t k = 0; k < d->apps.n; k++) {
		int approved, s2s;
		begin_app_access(m, d, k, uname, d->apps.v[k], &approved, &s2s);
		set_bool(st, "adminApproved", approved);
		set_bool(st, "listed", -1);
		set_bool(st, "permitted", approved == 0 ? 1 : -1);
		set_bool(st, "s2s", s2s);
		set_bool(st, "userKnown", 0);
		derive_end(m, id);
	}
}

static int
integration_user(const struct store *st, const struct record *u)
{
	const char *name = u->field[F_USER] ? store_str(st, u->field[F_USER]) : "";
	const char *display = get(st, u, "Name");
	const char *prof = get_any(st, u, profile_name_keys);
	if (mem_find_ci(name, strlen(name), "integrationuser") ||
	    (display && mem_find_ci(display, strlen(display), "integration user")))
		return 1;
	if (prof && mem_find_ci(prof, strlen(prof), "integration") &&
	    (mem_find_ci(prof, strlen(prof), "copilot") || mem_find_ci(prof, strlen(prof), "sales")))
		return 1;
	return 0;
}

/* Is name (any case) one of the NULL-terminated names? */
static int
one_of(const char *name, const char *const *names)
{
	for (size_t i = 0; name && names[i]; i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* The profile and permission set names Copilot for Sales gives its
 * server-to-server integration user (KNOWLEDGE.md section 2). */
static const char *const integration_profiles[] = {
	"CopilotForSalesIntegrationProfile", "Copilot for Sales Integration Profile",
	"Sales Integration Profile", "SalesIntegrationProfile", NULL,
};
static const char *const integration_permsets[] = {
	"CopilotForSalesPermissionSet", "Copilot for Sales Permission Set",
	"SalesPermissionSet", "Sales Permission Set", NULL,
};

/* The S2S connected apps and their integration users, org-wide. */
static void
derive_s2s(struct model *m, const struct sfdata *d)
{
	struct store *st = m->st;
	struct list iu = {0};
	for (size_t i = 0; i < d->users.n; i++)
		if (integration_user(st, store_get(st, d->users.v[i])))
			list_add(&iu, d->users.v[i]);
	int have_assignments = d->assigns.n > 0;
	for (size_t i = 0; i < iu.n; i++) {
		const struct record *u = store_get(st, iu.v[i]);
		int64_t prof = user_profile(st, d, u);
		const char *uname = store_str(st, u->field[F_USER]);
		const char *active = get(st, u, "IsActive");
		const char *frozen = get(st, u, "IsFrozen");
		const char *pname = get_any(st, u, profile_name_keys);
		if (pname == NULL && prof >= 0)
			pname = record_name(st, store_get(st, (size_t)prof));
		/* the integration profile: one an S2S app lists, or the name
		 * Copilot for Sales gives it */
		int expected = -1;
		if (pname) {
			expected = one_of(pname, integration_profiles);
			for (size_t k = 0; k < d->apps.n && !expected; k++) {
				const struct record *a = store_get(st, d->apps.v[k]);
				expected = s2s_app(st, a) && has_value(st, a, "profileName", pname);
			}
		}
		/* its permission set: one an S2S app lists, or the Copilot one */
		struct list ps = user_permsets(st, d, u);
		int has_ps = have_assignments ? 0 : -1;
		const char *psname = NULL;
		for (size_t j = 0; j < ps.n; j++) {
			const struct record *p = store_get(st, ps.v[j]);
			const char *n = record_name(st, p);
			int ok = one_of(get(st, p, "name"), integration_permsets) ||
				 one_of(n, integration_permsets);
			for (size_t k = 0; k < d->apps.n && !ok; k++) {
				const struct record *a = store_get(st, d->apps.v[k]);
				ok = s2s_app(st, a) && (has_value(st, a, "permissionSetName", n) ||
							has_value(st, a, "permissionSetName",
								  get(st, p, "name")));
			}
			if (ok) {
				has_ps = 1;
				psname = n;
			}
		}
		free(ps.v);
		derive_begin(m, "model.integration_user", iu.v[i]);
		set_s(st, "user", uname);
		set_bool(st, "active", is_true(active) ? 1 : is_false(active) ? 0 : -1);
		if (frozen)
			set_bool(st, "frozen", is_true(frozen));
		set_s(st, "profile", pname);
		set_bool(st, "integrationProfile", expected);
		set_bool(st, "profileKnown", prof >= 0);
		set_bool(st, "hasPermissionSet", has_ps);
		set_s(st, "permissionSet", psname);
		derive_end(m, model_rec_identity(m, iu.v[i]));
	}
	for (size_t k = 0; k < d->apps.n; k++) {
		const struct record *a = store_get(st, d->apps.v[k]);
		if (!s2s_app(st, a))
			continue;
		const char *app = a->field[F_APP] ? store_str(st, a->field[F_APP]) : NULL;
		const char *full = get(st, a, "fullName");
		const char *runas = get(st, a, "pluginExecutionUser");
		const char *ccuser = get(st, a, "oauthConfig.oauthClientCredentialUser");
		int handler = get(st, a, "plugin") != NULL;
		int cc = is_true(get(st, a, "oauthConfig.isClientCredentialEnabled"));
		int approved = admin_approved(st, a);
		int runas_ok = -1, cc_ok = -1;
		const char *iname = NULL;
		int allowed = -1;
		for (size_t i = 0; i < iu.n; i++) {
			const struct record *u = store_get(st, iu.v[i]);
			const char *n = store_str(st, u->field[F_USER]);
			if (iname == NULL)
				iname = n;
			if (runas && strcasecmp(runas, n) == 0)
				runas_ok = 1, iname = n;
			if (ccuser && strcasecmp(ccuser, n) == 0)
				cc_ok = 1;
			/* is the integration user's profile or permission set still allowed? */
			const char *pn = get_any(st, u, profile_name_keys);
			int64_t upr = pn ? -1 : user_profile(st, d, u);
			if (pn == NULL && upr >= 0)
				pn = record_name(st, store_get(st, (size_t)upr));
			struct list ps = user_permsets(st, d, u);
			int ok = pn && has_value(st, a, "profileName", pn);
			for (size_t j = 0; j < ps.n && !ok; j++) {
				const struct record *p = store_get(st, ps.v[j]);
				ok = has_value(st, a, "permissionSetName", get(st, p, "name")) ||
				     has_value(st, a, "permissionSetName", get(st, p, "label"));
			}
			/* neither the profile nor the assignments known: unknown */
			if (ok || (pn != NULL || d->assigns.n) )
				if (ok || allowed < 0)
					allowed = ok;
			free(ps.v);
		}
		if (iu.n) {
			if (handler && runas_ok < 0)
				runas_ok = 0;
			if (ccuser && cc_ok < 0)
				cc_ok = 0;
		} else if (handler && (runas == NULL || *runas == '\0')) {
			runas_ok = 0;
		} else if (runas) {
			/* no user export: a name that says integration user is right */
			runas_ok = mem_find_ci(runas, strlen(runas), "integrationuser") != NULL;
		}
		if (!handler)
			runas_ok = 1;
		if (approved == 0)
			allowed = 1;
		derive_begin(m, "model.s2s_app", d->apps.v[k]);
		set_s(st, "app", app);
		set_s(st, "fullName", full);
		set_bool(st, "handler", handler);
		set_s(st, "runAs", runas);
		set_bool(st, "runAsBlank", handler && (runas == NULL || *runas == '\0'));
		set_s(st, "clientCredentialUser", ccuser);
		set_bool(st, "clientCredentials", cc);
		set_bool(st, "runAsIntegrationUser", runas_ok);
		if (ccuser)
			set_bool(st, "clientCredentialUserIntegration", cc_ok);
		set_s(st, "integrationUser", iname);
		set_bool(st, "adminApproved", approved);
		set_bool(st, "integrationUserAllowed", allowed);
		derive_end(m, NO_ID);
	}
	free(iu.v);
}

/* User licences with what is left: "no Salesforce Integration licence
 * left" is UsedLicenses >= TotalLicenses. */
static void
derive_licenses(struct model *m)
{
	struct store *st = m->st;
	struct list l = records_of(st, "sf.user_license");
	for (size_t i = 0; i < l.n; i++) {
		const struct record *r = store_get(st, l.v[i]);
		static const char *const name_keys[] = {"MasterLabel", "Name", "LicenseDefinitionKey", NULL};
		const char *name = get_any(st, r, name_keys);
		const char *total = get(st, r, "TotalLicenses"), *used = get(st, r, "UsedLicenses");
		if (name == NULL || total == NULL || used == NULL)
			continue;
		long t = strtol(total, NULL, 10), u = strtol(used, NULL, 10);
		char buf[32];
		derive_begin(m, "model.license", l.v[i]);
		set_s(st, "license", name);
		set_s(st, "total", total);
		set_s(st, "used", used);
		snprintf(buf, sizeof(buf), "%ld", t - u > 0 ? t - u : 0);
		set_s(st, "remaining", buf);
		set_bool(st, "exhausted", u >= t);
		derive_end(m, NO_ID);
	}
	free(l.v);
}

/* ---- Entra: password expiry --------------------------------------------------------- */

#define NEVER_EXPIRES 2147483647L	/* passwordValidityPeriodInDays: no expiry */

/* When each of the person's cloud passwords expires: the user's last
 * change plus the validity period of the domain of their UPN, unless the
 * user's password policies disable expiry.  The record is an event at
 * the moment of expiry (rules compare it with the first error), at the
 * place of the user record; a password that never expires is a fact. */
static void
derive_password_expiry(struct model *m, const struct list *users, const struct list *domains,
		       uint32_t id)
{
	struct store *st = m->st;
	for (size_t i = 0; i < users->n; i++) {
		if (model_rec_identity(m, users->v[i]) != id)
			continue;
		const struct record *u = store_get(st, users->v[i]);
		const char *changed = get(st, u, "lastPasswordChangeDateTime");
		const char *policies = get(st, u, "passwordPolicies");
		const char *upn = get(st, u, "userPrincipalName");
		const char *at = upn ? strrchr(upn, '@') : NULL;
		const char *days = NULL, *domain = NULL;
		for (size_t k = 0; at && k < domains->n && !days; k++) {
			const struct record *d = store_get(st, domains->v[k]);
			const char *name = get(st, d, "id");
			if (name == NULL)
				name = get(st, d, "name");
			if (name && strcasecmp(name, at + 1) == 0) {
				days = get(st, d, "passwordValidityPeriodInDays");
				domain = name;
			}
		}
		int never = policies && mem_find_ci(policies, strlen(policies),
						   "DisablePasswordExpiration") != NULL;
		struct time_read tr;
		int64_t when = TIME_NONE;
		if (changed && time_read(changed, strlen(changed), DATE_MDY, NULL, &tr) == 0)
			when = tr.ms;
		char *end = NULL;
		long valid = days ? strtol(days, &end, 10) : -1;
		if (days && (end == days || valid <= 0))
			valid = -1;
		if (valid >= NEVER_EXPIRES)
			never = 1;
		if (!never && (valid < 0 || when == TIME_NONE))
			continue;	/* nothing to say */
		char buf[32];
		derive_begin(m, "model.password_expiry", users->v[i]);
		set_s(st, "user", model_display(m, id));
		set_s(st, "domain", domain);
		set_s(st, "passwordPolicies", policies);
		if (when != TIME_NONE) {
			time_format(when, buf, sizeof(buf));
			set_s(st, "lastPasswordChange", buf);
		}
		if (never) {
			set_s(st, "expires", "never");
			set_s(st, "why", valid >= NEVER_EXPIRES ? "the domain's passwords never expire"
								 : "the user's password policy disables expiry");
		} else {
			int64_t exp = when + (int64_t)valid * 86400000;
			snprintf(buf, sizeof(buf), "%ld", valid);
			set_s(st, "validityDays", buf);
			time_format(exp, buf, sizeof(buf));
			set_s(st, "expires", buf);
			rec_set_time(st, exp);
		}
		derive_end(m, id);
	}
}

/* ---- Entra: assignment required ---------------------------------------------- */

struct entradata {
	struct list sps, assigns, members, grants;
};

/* Group name a membership record is about (file names break the tie:
 * "<group>.members.json" lists a group's members, "<user>.memberOf.json"
 * a user's groups). */
static const char *
member_group(const struct store *st, const struct record *r)
{
	const char *g = get(st, r, "group");
	return g;
}

static int
group_in(const char *g, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(g, v[i]) == 0)
			return 1;
	return 0;
}

/* The groups an identity is a direct member of, and the groups those are
 * nested in (transitively).  The caller frees both arrays. */
static void
user_groups(struct model *m, const struct entradata *d, uint32_t id, const char ***direct,
	    size_t *ndirect, const char ***outer_out, size_t *nouter)
{
	struct store *st = m->st;
	const char **groups = NULL;
	size_t ng = 0;
	for (size_t i = 0; i < d->members.n; i++) {
		const struct record *r = store_get(st, d->members.v[i]);
		const char *type = get(st, r, "memberType");
		const char *g = NULL;
		if (type && strcasecmp(type, "group") == 0) {
			/* a user's memberOf list: the group is the record */
			const char *member = get(st, r, "member");
			if (member && model_find(m, member) == id)
				g = get(st, r, "displayName");
		} else if (model_rec_identity(m, d->members.v[i]) == id) {
			g = member_group(st, r);
		}
		if (g && !group_in(g, groups, ng)) {
			groups = xreallocarray(groups, ng + 1, sizeof(*groups));
			groups[ng++] = g;
		}
	}
	const char **outer = NULL;
	size_t no = 0;
	for (int changed = 1; changed;) {
		changed = 0;
		for (size_t i = 0; i < d->members.n; i++) {
			const struct record *r = store_get(st, d->members.v[i]);
			const char *type = get(st, r, "memberType");
			const char *g = member_group(st, r);
			const char *inner = get(st, r, "displayName");
			if (!type || strcasecmp(type, "group") || !g || !inner)
				continue;
			if ((group_in(inner, groups, ng) || group_in(inner, outer, no)) &&
			    !group_in(g, groups, ng) && !group_in(g, outer, no)) {
				outer = xreallocarray(outer, no + 1, sizeof(*outer));
				outer[no++] = g;
				changed = 1;
			}
		}
	}
	*direct = groups;
	*ndirect = ng;
	*outer_out = outer;
	*nouter = no;
}

static void
derive_assignment(struct model *m, const struct entradata *d, uint32_t id)
{
	struct store *st = m->st;
	const char **groups, **outer;
	size_t ng, no;
	user_groups(m, d, id, &groups, &ng, &outer, &no);
	const char *upn = model_display(m, id);
	for (size_t k = 0; k < d->sps.n; k++) {
		const struct record *sp = store_get(st, d->sps.v[k]);
		const char *req = get(st, sp, "appRoleAssignmentRequired");
		const char *spid = get(st, sp, "id");
		const char *name = sp->field[F_APP] ? store_str(st, sp->field[F_APP]) : "";
		const char *appid = get(st, sp, "appId");
		const char *how = "none", *via = NULL;
		size_t nassign = 0;
		for (size_t i = 0; i < d->assigns.n; i++) {
			const struct record *a = store_get(st, d->assigns.v[i]);
			const char *res = get(st, a, "resourceId");
			const char *resname = get(st, a, "resourceDisplayName");
			if (!(streq_ci(res, spid) || (res == NULL && streq_ci(resname, name))))
				continue;
			nassign++;
			const char *ptype = get(st, a, "principalType");
			const char *pname = get(st, a, "principalDisplayName");
			const char *pid = get(st, a, "principalId");
			if (ptype && strcasecmp(ptype, "user") == 0) {
				if ((pid && model_find(m, pid) == id) || (pname && model_find(m, pname) == id)) {
					how = "direct";
					via = NULL;
					break;
				}
			} else if (pname && group_in(pname, groups, ng)) {
				how = "group";
				via = pname;
			} else if (pname && group_in(pname, outer, no) && strcmp(how, "group") != 0) {
				how = "nested";
				via = pname;
			}
		}
		if (nassign == 0)
			how = "unknown";
		derive_begin(m, "model.entra_assignment", d->sps.v[k]);
		set_s(st, "user", upn);
		set_s(st, "app", name);
		set_s(st, "appId", appid);
		set_bool(st, "assignmentRequired", is_true(req) ? 1 : is_false(req) ? 0 : -1);
		rec_set_str(st, "assigned", how);
		if (via)
			rec_set_str(st, "via", via);
		for (size_t i = 0; i < ng; i++)
			rec_set_str(st, "group", groups[i]);
		derive_end(m, id);
	}
	free(groups);
	free(outer);
}

/* Delegated consent per service principal: a tenant-wide grant, one for
 * this user, none, or unknown when no grants were exported. */
static void
derive_consent(struct model *m, const struct entradata *d, uint32_t id)
{
	struct store *st = m->st;
	const char *upn = model_display(m, id);
	for (size_t k = 0; k < d->sps.n; k++) {
		const struct record *sp = store_get(st, d->sps.v[k]);
		const char *spid = get(st, sp, "id");
		const char *name = sp->field[F_APP] ? store_str(st, sp->field[F_APP]) : "";
		const char *appid = get(st, sp, "appId");
		const char *how = d->grants.n ? "none" : "unknown", *scope = NULL;
		for (size_t i = 0; i < d->grants.n && spid; i++) {
			const struct record *g = store_get(st, d->grants.v[i]);
			if (!streq_ci(get(st, g, "clientId"), spid))
				continue;
			const char *type = get(st, g, "consentType");
			if (type && strcasecmp(type, "AllPrincipals") == 0) {
				how = "all";
				scope = get(st, g, "scope");
				break;
			}
			const char *pid = get(st, g, "principalId");
			if (pid && model_find(m, pid) == id) {
				how = "user";
				scope = get(st, g, "scope");
			}
		}
		derive_begin(m, "model.entra_consent", d->sps.v[k]);
		set_s(st, "user", upn);
		set_s(st, "app", name);
		set_s(st, "appId", appid);
		set_s(st, "consent", how);
		set_s(st, "scope", scope);
		derive_end(m, id);
	}
}

/* The group of outer (groups the user is only nested in) whose direct
 * user members make up at least half of the names in list and one or
 * more of them; *nest is the membership record that puts an inner group
 * (one of the user's) into it. */
static const char *
resolved_group(struct model *m, const struct entradata *d, const char *const *list, size_t nlist,
	       const char *const *outer, size_t no, const char *const *groups, size_t ng,
	       uint32_t *nest)
{
	struct store *st = m->st;
	for (size_t o = 0; o < no; o++) {
		size_t hits = 0;
		uint32_t link = UINT32_MAX;
		for (size_t i = 0; i < d->members.n; i++) {
			const struct record *r = store_get(st, d->members.v[i]);
			const char *g = member_group(st, r);
			if (g == NULL || strcasecmp(g, outer[o]) != 0)
				continue;
			const char *type = get(st, r, "memberType");
			const char *inner = get(st, r, "displayName");
			if (type && strcasecmp(type, "group") == 0) {
				if (link == UINT32_MAX && inner &&
				    (group_in(inner, groups, ng) || group_in(inner, outer, no)))
					link = d->members.v[i];
				continue;
			}
			uint32_t who = model_rec_identity(m, d->members.v[i]);
			for (size_t j = 0; j < nlist; j++)
				if ((who != NO_ID && model_find(m, list[j]) == who) ||
				    (inner && strcasecmp(inner, list[j]) == 0)) {
					hits++;
					break;
				}
		}
		if (hits && hits * 2 >= nlist && link != UINT32_MAX) {
			*nest = link;
			return outer[o];
		}
	}
	return NULL;
}

/* Centrally deployed add-ins and whether they reach the user: Everyone,
 * the user in UserList, a group in UserList the user is a direct member
 * of, only a nested group (centralized deployment does not expand nested
 * groups), or none. */
static void
derive_addin_assignment(struct model *m, const struct entradata *d, uint32_t id)
{
	struct store *st = m->st;
	struct list apps = records_of(st, "exchange.app");
	const char **groups = NULL, **outer = NULL;
	size_t ng = 0, no = 0;
	if (apps.n)
		user_groups(m, d, id, &groups, &ng, &outer, &no);
	const char *upn = model_display(m, id);
	for (size_t k = 0; k < apps.n; k++) {
		const struct record *a = store_get(st, apps.v[k]);
		const char *to = get(st, a, "ProvidedTo");
		if (to == NULL)
			continue;
		const char *how = "none", *via = NULL;
		if (strcasecmp(to, "Everyone") == 0) {
			how = "everyone";
		} else {
			uint32_t key = store_lookup(st, "UserList");
			const struct kv *kv = rec_extras(st, a);
			for (uint32_t e = 0; key && e < a->nextra; e++) {
				if (kv[e].key != key)
					continue;
				const char *v = store_str(st, kv[e].value);
				if (model_find(m, v) == id) {
					how = "direct";
					via = NULL;
					break;
				}
				if (group_in(v, groups, ng)) {
					how = "group";
					via = v;
				} else if (group_in(v, outer, no) && strcmp(how, "group") != 0) {
					how = "nested";
					via = v;
				}
			}
		}
		const char *app = a->field[F_APP] ? store_str(st, a->field[F_APP]) : NULL;
		const char *enabled = get(st, a, "Enabled");
		size_t nlist;
		const char **list = values_of(st, a, "UserList", &nlist);
		uint32_t at = apps.v[k];
		if (strcmp(how, "none") == 0 && nlist) {
			/* Deploying to a group stores the group's direct members
			 * in UserList: when the names listed are the members of a
			 * group the user is only nested in, that is the group the
			 * add-in went to, and the nesting is the evidence. */
			uint32_t nest;
			const char *g = resolved_group(m, d, list, nlist, outer, no, groups, ng, &nest);
			if (g) {
				how = "nested";
				via = g;
				at = nest;
			}
		}
		derive_begin(m, "model.addin_assignment", at);
		for (size_t j = 0; j < nlist; j++)
			set_s(st, "UserList", list[j]);
		free(list);
		set_s(st, "user", upn);
		set_s(st, "app", app);
		set_s(st, "providedTo", to);
		set_s(st, "assigned", how);
		set_s(st, "via", via);
		set_s(st, "enabled", enabled);
		derive_end(m, id);
	}
	free(groups);
	free(outer);
	free(apps.v);
}

/* Is record i about identity id (its user or an address field)?  For
 * use while deriving, before the index exists. */
static int
model_is_about_slow(struct model *m, uint32_t id, uint32_t i)
{
	if (model_rec_identity(m, i) == id)
		return 1;
	const struct record *r = store_get(m->st, i);
	const struct kv *kv = rec_extras(m->st, r);
	for (uint32_t e = 0; e < r->nextra; e++) {
		const char *key = store_str(m->st, kv[e].key);
		for (size_t k = 0; about_fields[k]; k++)
			if (strcmp(key, about_fields[k]) == 0 &&
			    model_find(m, store_str(m->st, kv[e].value)) == id)
				return 1;
	}
	return 0;
}

/* The OWA mailbox policy that applies to a person: the one their
 * Get-CASMailbox row names, else the default policy; whether the four
 * attachment settings the integrated apps need are all on. */
static void
derive_owa_access(struct model *m, uint32_t id)
{
	struct store *st = m->st;
	struct list pols = records_of(st, "exchange.owa_policy");
	if (pols.n == 0) {
		free(pols.v);
		return;
	}
	struct list cas = records_of(st, "exchange.cas_mailbox");
	const char *want = NULL;
	int assigned = 0;
	uint32_t row = 0;
	for (size_t i = 0; i < cas.n && !want; i++) {
		if (!model_is_about_slow(m, id, cas.v[i]))
			continue;
		want = get(st, store_get(st, cas.v[i]), "OwaMailboxPolicy");
		assigned = want != NULL;
		row = cas.v[i];
	}
	int64_t pick = -1;
	for (size_t i = 0; i < pols.n; i++) {
		const struct record *p = store_get(st, pols.v[i]);
		if (want ? (has_value(st, p, "Identity", want) || has_value(st, p, "Name", want))
			 : is_true(get(st, p, "IsDefault")))
			pick = pols.v[i];
	}
	if (pick < 0 && !want && pols.n == 1)
		pick = pols.v[0];
	if (pick >= 0) {
		static const char *const settings[] = {
			"WacViewingOnPublicComputersEnabled", "WacViewingOnPrivateComputersEnabled",
			"DirectFileAccessOnPublicComputersEnabled",
			"DirectFileAccessOnPrivateComputersEnabled", NULL,
		};
		const struct record *p = store_get(st, (size_t)pick);
		int on = 1;
		char off[256] = "";
		size_t len = 0;
		for (size_t k = 0; settings[k]; k++) {
			const char *v = get(st, p, settings[k]);
			if (v == NULL) {
				if (on == 1)
					on = -1;
			} else if (is_false(v)) {
				on = 0;
				len += (size_t)snprintf(off + len, sizeof(off) - len, "%s%s",
							len ? ", " : "", settings[k]);
				if (len >= sizeof(off))
					len = sizeof(off) - 1;
			}
		}
		static const char *const name_keys[] = {"Identity", "Name", NULL};
		const char *name = get_any(st, p, name_keys);
		/* at the person's mailbox row that names the policy, when one
		 * does: the policy itself is evidence of its own */
		derive_begin(m, "model.owa_access", assigned ? row : (uint32_t)pick);
		set_s(st, "user", model_display(m, id));
		set_s(st, "policy", name);
		set_bool(st, "assigned", assigned);
		set_bool(st, "attachmentsOn", on);
		set_s(st, "settingsOff", off);
		derive_end(m, id);
	}
	free(pols.v);
	free(cas.v);
}

/* An IPv4 address as a number; -1 if it is not one. */
static int64_t
ipv4(const char *s, size_t n)
{
	char buf[64];
	unsigned char a[4];
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, a) != 1)
		return -1;
	return (int64_t)a[0] << 24 | (int64_t)a[1] << 16 | (int64_t)a[2] << 8 | a[3];
}

static const char *const day_names[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
};

/* Each failed Salesforce login of a person against their profile's login
 * IP ranges and login hours (in the org's time zone). */
static void
derive_login_policy(struct model *m, const struct sfdata *d, const struct list *logins,
		    uint32_t id, const char *zone)
{
	struct store *st = m->st;
	int64_t prof = -1;
	for (size_t i = 0; i < d->users.n && prof < 0; i++)
		if (model_rec_identity(m, d->users.v[i]) == id)
			prof = user_profile(st, d, store_get(st, d->users.v[i]));
	for (size_t a = 0; a < logins->n; a++) {
		uint32_t i = logins->v[a];
		const struct record *r = store_get(st, i);
		if (!(m->flags[i] & REC_ERROR) || model_rec_identity(m, i) != id)
			continue;
		const char *ip = r->field[F_IP] ? store_str(st, r->field[F_IP]) : NULL;
		int64_t when = r->time;
		const char *user = r->field[F_USER] ? store_str(st, r->field[F_USER]) : NULL;
		const char *pname = NULL, *ranges = NULL;
		int in_range = -1, in_hours = -1;
		char hours[64] = "", local[32] = "";
		if (prof >= 0) {
			const struct record *p = store_get(st, (size_t)prof);
			pname = record_name(st, p);
			/* IP ranges: "start-end" */
			uint32_t key = store_lookup(st, "loginIpRange");
			const struct kv *kv = rec_extras(st, p);
			int64_t addr = ip ? ipv4(ip, strlen(ip)) : -1;
			for (uint32_t e = 0; key && e < p->nextra; e++) {
				if (kv[e].key != key)
					continue;
				const char *v = store_str(st, kv[e].value);
				ranges = ranges ? ranges : v;
				const char *dash = strchr(v, '-');
				int64_t lo = dash ? ipv4(v, (size_t)(dash - v)) : -1;
				int64_t hi = dash ? ipv4(dash + 1, strlen(dash + 1)) : -1;
				if (addr < 0 || lo < 0 || hi < 0)
					continue;
				if (in_range < 0)
					in_range = 0;
				if (addr >= lo && addr <= hi)
					in_range = 1;
			}
			/* login hours: loginHours.<day>Start / End, minutes */
			/* Salesforce checks login hours in the org's default time zone:
			 * without the Organization export the answer is unknown */
			int wday, minute;
			if (zone && when != TIME_NONE &&
			    time_local_clock(when, zone, &wday, &minute) == 0) {
				char k1[48], k2[48];
				snprintf(k1, sizeof(k1), "loginHours.%sStart", day_names[wday]);
				snprintf(k2, sizeof(k2), "loginHours.%sEnd", day_names[wday]);
				const char *from = get(st, p, k1), *to = get(st, p, k2);
				snprintf(local, sizeof(local), "%c%.2s %02d:%02d",
					 toupper((unsigned char)day_names[wday][0]), day_names[wday] + 1,
					 minute / 60, minute % 60);
				if (from && to) {
					int f = (int)(strtol(from, NULL, 10) % 1441);
					int t = (int)(strtol(to, NULL, 10) % 1441);
					in_hours = minute >= f && minute < t;
					snprintf(hours, sizeof(hours), "%02d:%02d-%02d:%02d", f / 60,
						 f % 60, t / 60, t % 60);
				}
			}
		}
		derive_begin(m, "model.sf_login_policy", prof >= 0 ? (uint32_t)prof : i);
		if (when != TIME_NONE)
			rec_set_time(st, when);
		set_s(st, "user", user);
		set_s(st, "ip", ip);
		set_s(st, "profile", pname);
		set_s(st, "ipRange", ranges);
		set_bool(st, "ipInRange", in_range);
		set_s(st, "localTime", local);
		set_s(st, "timeZone", zone ? zone : "unknown");
		set_s(st, "loginHours", hours);
		set_bool(st, "inLoginHours", in_hours);
		derive_end(m, id);
	}
}

void
model_derive(struct model *m, const uint32_t *ids, size_t n)
{
	struct store *st = m->st;
	struct sfdata d = {
		.users = records_of(st, "sf.user"),
		.profiles = records_of(st, "sf.profile"),
		.permsets = records_of(st, "sf.permission_set"),
		.assigns = records_of(st, "sf.permset_assignment"),
		.apps = records_of(st, "sf.connected_app"),
	};
	struct entradata e = {
		.sps = records_of(st, "entra.service_principal"),
		.assigns = records_of(st, "entra.app_role_assignment"),
		.members = records_of(st, "entra.group_member"),
		.grants = records_of(st, "entra.oauth2_grant"),
	};
	/* the org's time zone, for login hours */
	const char *zone = NULL;
	struct list orgs = records_of(st, "sf.organization");
	for (size_t i = 0; i < orgs.n && !zone; i++) {
		const char *z = get(st, store_get(st, orgs.v[i]), "TimeZoneSidKey");
		if (z && tz_check(z) == 0)
			zone = z;
	}
	free(orgs.v);
	struct list eusers = records_of(st, "entra.user");
	struct list domains = records_of(st, "entra.domain");
	derive_s2s(m, &d);
	derive_licenses(m);
	struct list logins = records_of(st, "sf.login");
	/* each person's errors, found once: (identity, record) sorted */
	struct pair *errs = NULL;
	size_t nerrs = 0, caperrs = 0;
	for (size_t i = 0; i < m->nrec; i++) {
		if (!(m->flags[i] & REC_ERROR))
			continue;
		uint32_t who = model_rec_identity(m, i);
		if (who == NO_ID)
			continue;
		GROW(errs, nerrs, caperrs);
		errs[nerrs++] = (struct pair){who, (uint32_t)i};
	}
	if (nerrs)
		qsort(errs, nerrs, sizeof(*errs), cmp_pair);
	for (size_t k = 0; k < n; k++) {
		uint32_t id = ids[k];
		int has_user = 0;
		struct list mine = {0};
		size_t lo = 0, hi = nerrs;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (errs[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < nerrs && errs[lo].id == id; lo++)
			list_add(&mine, errs[lo].rec);
		for (size_t i = 0; i < d.users.n; i++) {
			if (model_rec_identity(m, d.users.v[i]) != id)
				continue;
			has_user = 1;
			derive_api(m, &d, d.users.v[i], id);
			derive_app_access(m, &d, d.users.v[i], id);
			derive_object_access(m, &d, &mine, d.users.v[i], id);
		}
		/* no User export: what the apps say, without the user's side */
		for (size_t i = 0; !has_user && i < logins.n; i++) {
			if (model_rec_identity(m, logins.v[i]) != id)
				continue;
			derive_app_access_unknown(m, &d, logins.v[i], id);
			break;
		}
		free(mine.v);
		if (e.sps.n) {
			derive_assignment(m, &e, id);
			derive_consent(m, &e, id);
		}
		derive_addin_assignment(m, &e, id);
		derive_password_expiry(m, &eusers, &domains, id);
		derive_owa_access(m, id);
		derive_login_policy(m, &d, &logins, id, zone);
	}
	free(errs);
	free(eusers.v);
	free(domains.v);
	free(logins.v);
	free(d.users.v);
	free(d.profiles.v);
	free(d.permsets.v);
	free(d.assigns.v);
	free(d.apps.v);
	free(e.sps.v);
	free(e.assigns.v);
	free(e.members.v);
	free(e.grants.v);
}

/* ---- indexes ---------------------------------------------------------------------- */

static void index_about(struct model *m);

void
model_index(struct model *m)
{
	size_t n = store_count(m->st);
	grow_records(m, n);
	u32map_free(&m->bykind);
	free(m->kind_start);
	free(m->kind_count);
	free(m->order);
	size_t nk = 0;
	m->kind_start = NULL;
	m->kind_count = NULL;
	for (size_t i = 0; i < n; i++) {
		uint32_t k = store_get(m->st, i)->kind;
		uint32_t slot = u32map_get(&m->bykind, k);
		if (slot == NO_ID) {
			slot = (uint32_t)nk++;
			u32map_put(&m->bykind, k, slot);
			m->kind_count = xreallocarray(m->kind_count, nk, sizeof(*m->kind_count));
			m->kind_count[slot] = 0;
		}
		m->kind_count[slot]++;
	}
	m->kind_start = xcalloc(nk ? nk : 1, sizeof(*m->kind_start));
	uint32_t at = 0;
	for (size_t s = 0; s < nk; s++) {
		m->kind_start[s] = at;
		at += m->kind_count[s];
	}
	m->order = xcalloc(n ? n : 1, sizeof(*m->order));
	uint32_t *fill = xcalloc(nk ? nk : 1, sizeof(*fill));
	for (size_t i = 0; i < n; i++) {
		uint32_t slot = u32map_get(&m->bykind, store_get(m->st, i)->kind);
		m->order[m->kind_start[slot] + fill[slot]++] = (uint32_t)i;
	}
	free(fill);
	u32map_free(&m->byid);
	free(m->about_start);
	free(m->about_count);
	free(m->about);
	m->about_start = m->about_count = m->about = NULL;
	index_about(m);
}


static void
index_about(struct model *m)
{
	struct store *st = m->st;
	size_t n = store_count(st), np = 0, cap = n + 16;
	struct pair *v = xcalloc(cap, sizeof(*v));
	uint32_t *keys = xcalloc(sizeof(about_fields) / sizeof(about_fields[0]), sizeof(*keys));
	for (size_t k = 0; about_fields[k]; k++)
		keys[k] = store_lookup(st, about_fields[k]);
	for (size_t i = 0; i < n; i++) {
		uint32_t own = model_rec_identity(m, i);
		if (own != NO_ID) {
			if (np == cap)
				v = xreallocarray(v, cap *= 2, sizeof(*v));
			v[np++] = (struct pair){own, (uint32_t)i};
		}
		const struct record *r = store_get(st, i);
		const struct kv *kv = rec_extras(st, r);
		for (uint32_t e = 0; e < r->nextra; e++) {
			int hit = 0;
			for (size_t k = 0; about_fields[k] && !hit; k++)
				hit = keys[k] && kv[e].key == keys[k];
			if (!hit)
				continue;
			uint32_t name = u32map_get(&m->byname, intern_lower(st, store_str(st, kv[e].value)));
			if (name == NO_ID || m->hidden[name])
				continue;
			uint32_t id = node_root(m, name);
			if (id == own)
				continue;
			if (np == cap)
				v = xreallocarray(v, cap *= 2, sizeof(*v));
			v[np++] = (struct pair){id, (uint32_t)i};
		}
	}
	free(keys);
	if (np)
		qsort(v, np, sizeof(*v), cmp_pair);
	m->about = xcalloc(np ? np : 1, sizeof(*m->about));
	size_t nslots = 0;
	for (size_t i = 0; i < np; i++) {
		if (i > 0 && v[i].id == v[i - 1].id && v[i].rec == v[i - 1].rec)
			continue;
		uint32_t slot = u32map_get(&m->byid, v[i].id + 1);
		if (slot == NO_ID) {
			slot = (uint32_t)nslots++;
			u32map_put(&m->byid, v[i].id + 1, slot);
			m->about_start = xreallocarray(m->about_start, nslots, sizeof(*m->about_start));
			m->about_count = xreallocarray(m->about_count, nslots, sizeof(*m->about_count));
			m->about_start[slot] = (uint32_t)i;
			m->about_count[slot] = 0;
		}
		m->about[m->about_start[slot] + m->about_count[slot]++] = v[i].rec;
	}
	free(v);
}

const uint32_t *
model_about(const struct model *m, uint32_t id, size_t *n)
{
	uint32_t slot = id == NO_ID ? NO_ID : u32map_get(&m->byid, id + 1);
	if (slot == NO_ID) {
		*n = 0;
		return NULL;
	}
	*n = m->about_count[slot];
	return m->about + m->about_start[slot];
}

int
model_is_about(const struct model *m, uint32_t id, uint32_t i)
{
	size_t n;
	const uint32_t *v = model_about(m, id, &n);
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo] == i;
}

const uint32_t *
model_kind(const struct model *m, uint32_t kind, size_t *n)
{
	uint32_t slot = u32map_get(&m->bykind, kind);
	if (slot == NO_ID) {
		*n = 0;
		return NULL;
	}
	*n = m->kind_count[slot];
	return m->order + m->kind_start[slot];
}
