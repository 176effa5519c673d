/* model.c - identities across systems, the model's build and its indexes
 * (model.h); errors are classified in classify.c, relations derived in
 * derive*.c. */
#include "config.h"

#include "model.h"
#include "model_int.h"

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
const char *const about_fields[] = {
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
	if (robot_address(s))
		return NO_ID;	/* a mailbox no person reads is nobody */
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

static int
cmp_by_root(const void *a, const void *b, void *ctx)
{
	struct model *m = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint32_t rx = node_root(m, x), ry = node_root(m, y);
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
	qsort_r(m->by_root, m->nnodes, sizeof(*m->by_root), cmp_by_root, m);
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
			GROW_BY_COUNT(v, k);
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
	if (strncmp(kind, "ticket.", 7) == 0 && get(st, r, "deskUserId")) {
		/* a help desk's user id: the ticket naming its requester only
		 * by it, and the user list beside the comments */
		char key[96];
		snprintf(key, sizeof(key), "desk:%s", get(st, r, "deskUserId"));
		uint32_t id = name_node(m, key, 1);
		if (self == NO_ID)
			self = id;
		node_union(m, self, id);
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
	struct extras kv = rec_extras(st, r);
	for (uint32_t e = 0; key && e < r->nextra; e++)
		if (kv.key[e] == key)
			return kv.value[e];
	return 0;
}

/* display_key() of a stored string, remembered by its id (a sign-in
 * export repeats each person's name in every row). */
static uint32_t
display_key_cached(struct store *st, struct u32map *cache, uint32_t value)
{
	return key_cached(st, cache, value, display_key);
}

uint32_t
key_cached(struct store *st, struct u32map *cache, uint32_t value,
	   uint32_t (*key)(struct store *, const char *))
{
	if (value == 0)
		return 0;
	uint32_t k = u32map_get(cache, value);
	if (k == NO_ID) {
		k = key(st, store_str(st, value));
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

struct asked {
	uint64_t hash;
	uint32_t corr;		/* the string id */
	uint32_t input, seq;	/* where the first record with it is */
	uint32_t node;
};

static int
cmp_asked(const void *a, const void *b)
{
	const struct asked *x = a, *y = b;
	return (x->hash > y->hash) - (x->hash < y->hash);
}

/* The correlation ids records without a person ask for, when a spilled
 * record came before the first record in memory with that id: that
 * spilled record's person (corr: correlation id -> node, updated). */
static void
attribute_by_spilled(struct model *m, struct u32map *corr)
{
	struct store *st = m->st;
	if (store_nspilled(st) == 0)
		return;
	struct asked *v = NULL;
	size_t n = 0;
	struct u32map have = {0};
	for (size_t i = 0; i < m->nrec; i++) {
		const struct record *r = store_get(st, i);
		uint32_t c = r->field[F_CORRELATION_ID];
		if (m->rec_node[i] != NO_ID || c == 0 || u32map_get(&have, c) != NO_ID)
			continue;
		u32map_put(&have, c, (uint32_t)n);
		GROW_BY_COUNT(v, n);
		const char *s = store_str(st, c);
		v[n++] = (struct asked){store_hash64(s, strlen(s)), c, UINT32_MAX, UINT32_MAX, NO_ID};
	}
	if (n == 0) {
		u32map_free(&have);
		return;
	}
	/* where the first record in memory with each id is */
	for (size_t i = 0; i < m->nrec; i++) {
		const struct record *r = store_get(st, i);
		uint32_t c = r->field[F_CORRELATION_ID];
		uint32_t k = c && m->rec_node[i] != NO_ID ? u32map_get(&have, c) : NO_ID;
		if (k != NO_ID && v[k].node == NO_ID) {
			v[k].input = r->input;
			v[k].seq = r->seq;
			v[k].node = m->rec_node[i];
		}
	}
	u32map_free(&have);
	qsort(v, n, sizeof(*v), cmp_asked);
	struct spilled_iter it;
	store_spilled_begin(st, &it, 0);
	for (const struct spilled *sp; (sp = store_spilled_next(&it)) != NULL;) {
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (v[mid].hash < sp->corr)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo; k < n && v[k].hash == sp->corr; k++) {
			if (sp->input > v[k].input ||
			    (sp->input == v[k].input && sp->seq > v[k].seq))
				continue;
			uint32_t id = model_name_identity(m, sp->user);
			if (id == NO_ID)
				continue;
			v[k].input = sp->input;
			v[k].seq = sp->seq;
			v[k].node = id;
			u32map_put(corr, v[k].corr, id);
		}
	}
	store_spilled_end(&it);
	free(v);
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
	attribute_by_spilled(m, &corr);
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

void
model_grow_records(struct model *m, size_t n)
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
	m->nspilled = store_nspilled(st);
	name_apps(m);
	size_t n = store_count(st);
	model_grow_records(m, n);
	uint32_t reporter = NO_ID;
	size_t nreporters = 0;
	for (size_t i = 0; i < n; i++) {
		const struct record *r = store_get(st, i);
		m->rec_node[i] = link_record(m, r);
		m->flags[i] = (unsigned char)model_classify(st, r);
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
	model_mark_recovered(m);
}

uint32_t
model_name_identity(struct model *m, uint32_t name)
{
	if (name == 0)
		return NO_ID;
	/* the node of the name, cached: its root may change as nodes join */
	uint32_t v = u32map_get(&m->name_ids, name);
	if (v == NO_ID) {
		char *t = xstrdup(store_str(m->st, name));
		for (char *p = t; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		uint32_t lower = store_lookup(m->st, t);
		free(t);
		uint32_t node = lower ? u32map_get(&m->byname, lower) : NO_ID;
		v = node + 1;	/* NO_ID + 1 is 0 */
		u32map_put(&m->name_ids, name, v);
	}
	return v == 0 ? NO_ID : node_root(m, v - 1);
}

void
model_demand(struct model *m, uint32_t kind, uint32_t id, int64_t from, int64_t to)
{
	if (m->nspilled == 0)
		return;
	if (id != NO_ID)
		id = node_root(m, id);
	GROW_BY_COUNT(m->demands, m->ndemands);
	m->demands[m->ndemands++] = (struct demand){kind, id, from, to};
}

static int
cmp_demand(const void *a, const void *b)
{
	const struct demand *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->from > y->from) - (x->from < y->from);
}

/* Is time t in a demand of (kind, id)?  v: sorted, disjoint per key. */
static int
demanded(const struct demand *v, size_t n, uint32_t kind, uint32_t id, int64_t t)
{
	size_t lo = 0, hi = n;	/* the first demand after (kind, id, t) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct demand *d = &v[mid];
		if (d->kind < kind || (d->kind == kind && (d->id < id || (d->id == id && d->from <= t))))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && v[lo - 1].kind == kind && v[lo - 1].id == id && v[lo - 1].to >= t;
}

size_t *
model_wanted(struct model *m, size_t *n)
{
	*n = 0;
	if (store_nspilled(m->st) == 0 || m->ndemands == 0)
		return NULL;
	/* each key's intervals sorted and joined where they overlap */
	struct demand *d = m->demands;
	qsort(d, m->ndemands, sizeof(*d), cmp_demand);
	size_t nd = 0;
	for (size_t i = 0; i < m->ndemands; i++) {
		if (nd && d[nd - 1].kind == d[i].kind && d[nd - 1].id == d[i].id &&
		    d[i].from <= d[nd - 1].to) {
			if (d[i].to > d[nd - 1].to)
				d[nd - 1].to = d[i].to;
			continue;
		}
		d[nd++] = d[i];
	}
	m->ndemands = nd;
	size_t *v = NULL;
	struct spilled_iter it;
	store_spilled_begin(m->st, &it, 0);
	for (size_t i = 0;; i++) {
		const struct spilled *sp = store_spilled_next(&it);
		if (sp == NULL)
			break;
		uint32_t id = model_name_identity(m, sp->user);
		/* the other person it names, as model_about() counts them */
		uint32_t other = NO_ID;
		if (sp->about) {
			uint32_t node = u32map_get(&m->byname, intern_lower(m->st,
									     store_str(m->st, sp->about)));
			if (node != NO_ID && !m->hidden[node])
				other = node_root(m, node);
		}
		if ((id != NO_ID && demanded(d, nd, sp->kind, id, sp->time)) ||
		    (other != NO_ID && demanded(d, nd, sp->kind, other, sp->time)) ||
		    demanded(d, nd, sp->kind, NO_ID, sp->time)) {
			GROW_BY_COUNT(v, *n);
			v[(*n)++] = i;
		}
	}
	store_spilled_end(&it);
	return v;
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
	u32map_free(&m->name_ids);
	free(m->demands);
	memset(m, 0, sizeof(*m));
}

/* Is record i about identity id (its user or an address field)?  For
 * use while deriving, before the index exists. */
int
model_is_about_slow(struct model *m, uint32_t id, uint32_t i)
{
	if (model_rec_identity(m, i) == id)
		return 1;
	const struct record *r = store_get(m->st, i);
	struct extras kv = rec_extras(m->st, r);
	for (uint32_t e = 0; e < r->nextra; e++) {
		const char *key = store_str(m->st, kv.key[e]);
		for (size_t k = 0; about_fields[k]; k++)
			if (strcmp(key, about_fields[k]) == 0 &&
			    model_find(m, store_str(m->st, kv.value[e])) == id)
				return 1;
	}
	return 0;
}

/* ---- indexes ---------------------------------------------------------------------- */

static void index_about(struct model *m);

void
model_index(struct model *m)
{
	size_t n = store_count(m->st);
	model_grow_records(m, n);
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
		struct extras kv = rec_extras(st, r);
		for (uint32_t e = 0; e < r->nextra; e++) {
			int hit = 0;
			for (size_t k = 0; about_fields[k] && !hit; k++)
				hit = keys[k] && kv.key[e] == keys[k];
			if (!hit)
				continue;
			uint32_t name = u32map_get(&m->byname, intern_lower(st, store_str(st, kv.value[e])));
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
