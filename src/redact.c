/* redact.c - stable pseudonyms for the customer's identifiers (redact.h). */
#include "config.h"

#include "redact.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "model.h"
#include "store.h"
#include "util.h"

enum { K_PERSON, K_MAILBOX, K_IP, K_TENANT, K_ORG, K_ID, K_HOST, K_COUNT };
static const char *const kind_names[K_COUNT] = {
	"person", "mailbox", "ip", "tenant", "org", "object", "host",
};

/* Mail and cloud domains that are nobody's in particular. */
static const char *const public_domains[] = {
	"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
	"yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com",
	"microsoft.com", "salesforce.com", "office.com", "office365.com", "microsoftonline.com",
	"windows.net", "force.com", "example.com", "example.org", "example.net", NULL,
};

/* Host suffixes under which the first label names the customer. */
static const char *const customer_suffixes[] = {
	".my.salesforce.com", ".lightning.force.com", ".my.site.com", ".force.com",
	".sandbox.my.salesforce.com", ".sharepoint.com", ".crm.dynamics.com",
	".crm4.dynamics.com", ".onmicrosoft.com", ".mail.onmicrosoft.com", NULL,
};

void
redact_init(struct redactor *rd)
{
	memset(rd, 0, sizeof(*rd));
}

void
redact_free(struct redactor *rd)
{
	for (size_t i = 0; i < rd->n; i++)
		free(rd->v[i].find);
	for (size_t i = 0; i < rd->naliases; i++)
		free(rd->aliases[i]);
	free(rd->v);
	free(rd->aliases);
	free(rd->hash);
	free(rd->bucket);
	memset(rd, 0, sizeof(*rd));
}

/* The entry for find (lower case), or NULL. */
static struct redact_entry *
lookup(const struct redactor *rd, const char *find, size_t len)
{
	if (rd->hcap == 0)
		return NULL;
	for (size_t i = fnv1a64(find, len) & (rd->hcap - 1);; i = (i + 1) & (rd->hcap - 1)) {
		uint32_t e = rd->hash[i];
		if (e == 0)
			return NULL;
		struct redact_entry *x = &rd->v[e - 1];
		if (x->len == len && memcmp(x->find, find, len) == 0)
			return x;
	}
}

static void
rehash(struct redactor *rd)
{
	size_t cap = rd->hcap ? rd->hcap * 2 : 1024;
	free(rd->hash);
	rd->hash = xcalloc(cap, sizeof(*rd->hash));
	rd->hcap = cap;
	for (size_t k = 0; k < rd->n; k++) {
		size_t i = fnv1a64(rd->v[k].find, rd->v[k].len) & (cap - 1);
		while (rd->hash[i])
			i = (i + 1) & (cap - 1);
		rd->hash[i] = (uint32_t)k + 1;
	}
}

static uint32_t
new_alias(struct redactor *rd, int kind)
{
	GROW(rd->aliases, rd->naliases, rd->capaliases);
	rd->aliases[rd->naliases] = xasprintf("%s-%u", kind_names[kind], ++rd->counters[kind]);
	return (uint32_t)rd->naliases++;
}

/* Add s (any case) under alias, unless it is there already; returns the
 * alias it has. */
static uint32_t
add(struct redactor *rd, const char *s, size_t len, uint32_t alias)
{
	char *low = xstrndup(s, len);
	for (size_t i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)low[i]);
	struct redact_entry *x = lookup(rd, low, len);
	if (x) {
		free(low);
		return x->alias;
	}
	if ((rd->n + 1) * 2 > rd->hcap)
		rehash(rd);
	GROW(rd->v, rd->n, rd->cap);
	rd->v[rd->n] = (struct redact_entry){low, len, alias};
	size_t i = fnv1a64(low, len) & (rd->hcap - 1);
	while (rd->hash[i])
		i = (i + 1) & (rd->hcap - 1);
	rd->hash[i] = (uint32_t)rd->n + 1;
	rd->n++;
	return alias;
}

/* The alias of s, a new one of kind when it has none. */
static uint32_t
add_new(struct redactor *rd, const char *s, size_t len, int kind)
{
	char low[512];
	if (len >= sizeof(low))
		return UINT32_MAX;
	for (size_t i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	struct redact_entry *x = lookup(rd, low, len);
	if (x)
		return x->alias;
	return add(rd, s, len, new_alias(rd, kind));
}

/* ---- the people --------------------------------------------------------- */

struct people {
	struct model *m;
	uint32_t *alias;	/* per node: the person's alias + 1, 0 none yet */
	uint32_t *root;		/* per node */
	uint32_t *order;	/* nodes sorted by root */
	uint32_t *start;	/* per root: first index into order, count */
	uint32_t *count;
};

static int
by_root(const void *a, const void *b, void *ctx)
{
	const struct people *p = ctx;
	uint32_t x = p->root[*(const uint32_t *)a], y = p->root[*(const uint32_t *)b];
	return x < y ? -1 : x > y;
}

static void
people_init(struct people *p, struct model *m)
{
	memset(p, 0, sizeof(*p));
	p->m = m;
	if (m == NULL || m->nnodes == 0)
		return;
	size_t n = m->nnodes;
	p->alias = xcalloc(n, sizeof(*p->alias));
	p->root = xcalloc(n, sizeof(*p->root));
	p->order = xcalloc(n, sizeof(*p->order));
	p->start = xcalloc(n, sizeof(*p->start));
	p->count = xcalloc(n, sizeof(*p->count));
	for (size_t i = 0; i < n; i++) {
		uint32_t r = model_find(m, store_str(m->st, m->name[i]));
		p->root[i] = r < n ? r : (uint32_t)i;
		p->order[i] = (uint32_t)i;
	}
	qsort_r(p->order, n, sizeof(*p->order), by_root, p);
	for (size_t i = 0; i < n; i++) {
		uint32_t r = p->root[p->order[i]];
		if (p->count[r]++ == 0)
			p->start[r] = (uint32_t)i;
	}
}

static void
people_free(struct people *p)
{
	free(p->alias);
	free(p->root);
	free(p->order);
	free(p->start);
	free(p->count);
}

static int
name_like_local(const char *s, size_t n)
{
	if (n < 5)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.' || s[i] == '_' || isdigit((unsigned char)s[i]))
			return 1;
	return 0;
}

/* Every name of the person root is: person-N, and the name part of each
 * of their addresses. */
static uint32_t
add_person(struct redactor *rd, struct people *p, uint32_t root)
{
	if (p->alias[root])
		return p->alias[root] - 1;
	uint32_t alias = new_alias(rd, K_PERSON);
	p->alias[root] = alias + 1;
	for (uint32_t k = 0; k < p->count[root]; k++) {
		uint32_t node = p->order[p->start[root] + k];
		const char *name = store_str(p->m->st, p->m->name[node]);
		size_t len = strlen(name);
		if (len < 3 || len > 300 || strncmp(name, "desk:", 5) == 0)
			continue;
		add(rd, name, len, alias);
		const char *at = strchr(name, '@');
		if (at && name_like_local(name, (size_t)(at - name)))
			add(rd, name, (size_t)(at - name), alias);
	}
	return alias;
}

/* ---- identifiers in text -------------------------------------------------- */

static int
word_char(int c)
{
	return isalnum(c) != 0;
}

static int
is_public(const char *domain, size_t n)
{
	for (size_t i = 0; public_domains[i]; i++) {
		size_t pl = strlen(public_domains[i]);
		if (n >= pl && strncasecmp(domain + n - pl, public_domains[i], pl) == 0 &&
		    (n == pl || domain[n - pl - 1] == '.'))
			return 1;
	}
	return 0;
}

/* The identity of an address, GUID or id that names a person, or NO_ID. */
static uint32_t
person_of(struct people *p, const char *s, size_t n)
{
	if (p->m == NULL || n >= 300)
		return NO_ID;
	char low[300];
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[n] = '\0';
	uint32_t r = model_find(p->m, low);
	return r < p->m->nnodes ? p->root[r] : NO_ID;
}

static void
scan_email(struct redactor *rd, struct people *p, const char *s, size_t n, size_t at)
{
	size_t b = at, e = at + 1;
	while (b > 0 && (isalnum((unsigned char)s[b - 1]) || strchr("._%+-'", s[b - 1])))
		b--;
	while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '.' || s[e] == '-'))
		e++;
	while (e > at + 1 && s[e - 1] == '.')
		e--;
	if (b == at || e <= at + 3 || memchr(s + at, '.', e - at) == NULL)
		return;
	uint32_t who = person_of(p, s + b, e - b);
	if (who != NO_ID)
		add_person(rd, p, who);
	else
		add_new(rd, s + b, e - b, K_MAILBOX);
	/* the customer's domain */
	const char *dom = s + at + 1;
	size_t dl = e - at - 1;
	if (!is_public(dom, dl))
		add_new(rd, dom, dl, K_HOST);
}

static int
hexd(int c)
{
	return isxdigit(c) != 0;
}

static int
is_guid(const char *s, size_t n)
{
	static const int groups[] = {8, 4, 4, 4, 12};
	size_t i = 0;
	for (int g = 0; g < 5; g++) {
		for (int k = 0; k < groups[g]; k++, i++)
			if (i >= n || !hexd((unsigned char)s[i]))
				return 0;
		if (g < 4 && (i >= n || s[i++] != '-'))
			return 0;
	}
	return i == n || !hexd((unsigned char)s[i]);
}

static size_t
ipv4_len(const char *s, size_t n)
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		size_t d = 0;
		unsigned v = 0;
		while (i < n && isdigit((unsigned char)s[i]) && d < 4) {
			v = v * 10 + (unsigned)(s[i] - '0');
			i++;
			d++;
		}
		if (d == 0 || d > 3 || v > 255)
			return 0;
		if (part < 3) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
	}
	if (i < n && (isdigit((unsigned char)s[i]) || (s[i] == '.' && i + 1 < n &&
							isdigit((unsigned char)s[i + 1]))))
		return 0;	/* a version number, 1.2.3.4.5 */
	return i;
}

static size_t
ipv6_len(const char *s, size_t n)
{
	size_t i = 0, colons = 0, letters = 0;
	int dbl = 0;
	while (i < n && (hexd((unsigned char)s[i]) || s[i] == ':')) {
		if (s[i] == ':') {
			colons++;
			if (i + 1 < n && s[i + 1] == ':')
				dbl = 1;
		} else if (!isdigit((unsigned char)s[i])) {
			letters++;
		}
		i++;
	}
	if (colons < 2 || (colons < 3 && !dbl) || (colons < 7 && !dbl && !letters))
		return 0;
	if (!dbl && colons != 7)
		return 0;
	return i;
}

/* A Salesforce id: 15 or 18 letters and digits, starting 0, with digits
 * and letters. */
static int
is_sf_id(const char *s, size_t n)
{
	if ((n != 15 && n != 18) || s[0] != '0')
		return 0;
	size_t digits = 0, letters = 0;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (isalpha((unsigned char)s[i]))
			letters++;
		else
			return 0;
	}
	return digits >= 4 && letters >= 1;
}

static void
scan_host(struct redactor *rd, const char *s, size_t n)
{
	for (size_t i = 0; customer_suffixes[i]; i++) {
		size_t sl = strlen(customer_suffixes[i]);
		if (n > sl && strncasecmp(s + n - sl, customer_suffixes[i], sl) == 0) {
			int kind = strstr(customer_suffixes[i], "onmicrosoft") ? K_TENANT : K_HOST;
			add_new(rd, s, n, kind);
			return;
		}
	}
}

/* Microsoft's first-party resource apps, the same in every tenant
 * ("00000003-0000-0000-c000-000000000000" is Microsoft Graph). */
static int
well_known_app(const char *g)
{
	return (strncmp(g, "0000000", 7) == 0 && strncasecmp(g + 8, "-0000-0000-c000-000000000000", 28) == 0) ||
	       (strncmp(g, "0000000", 7) == 0 && strncasecmp(g + 8, "-0000-0ff1-ce00-000000000000", 28) == 0);
}

/* Every identifier in one string. */
static void
scan(struct redactor *rd, struct people *p, const char *s, int tenant_field, int org_field)
{
	size_t n = strlen(s);
	if (tenant_field && n >= 3 && n < 300) {
		uint32_t a = add_new(rd, s, n, K_TENANT);
		(void)a;
	}
	if (org_field && n >= 3 && n < 300)
		add_new(rd, s, n, K_ORG);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '@') {
			scan_email(rd, p, s, n, i);
			continue;
		}
		if (i > 0 && word_char((unsigned char)s[i - 1]))
			continue;	/* identifiers start at a word boundary */
		size_t len;
		if (hexd(c) && i + 36 <= n && is_guid(s + i, 36)) {
			uint32_t who = person_of(p, s + i, 36);
			if (well_known_app(s + i))
				; /* Microsoft Graph, Exchange Online: the same in every tenant */
			else if (who != NO_ID)
				add_person(rd, p, who);
			else
				add_new(rd, s + i, 36, K_ID);
			i += 35;
		} else if (isdigit(c) && (len = ipv4_len(s + i, n - i)) > 0) {
			/* not a version in a user agent ("Edg/131.0.0.0") or a
			 * network ("10.20.0.0"): neither names anyone */
			if ((i == 0 || s[i - 1] != '/') && !(len > 4 && strncmp(s + i + len - 4, ".0.0", 4) == 0))
				add_new(rd, s + i, len, K_IP);
			i += len - 1;
		} else if ((hexd(c) || c == ':') && (len = ipv6_len(s + i, n - i)) > 0) {
			add_new(rd, s + i, len, K_IP);
			i += len - 1;
		} else if (c == '0') {
			size_t e = i;
			while (e < n && isalnum((unsigned char)s[e]))
				e++;
			if (is_sf_id(s + i, e - i)) {
				uint32_t who = person_of(p, s + i, e - i);
				if (who != NO_ID)
					add_person(rd, p, who);
				else
					add_new(rd, s + i, e - i,
						strncasecmp(s + i, "00D", 3) == 0 ? K_ORG : K_ID);
			}
			i = e > i ? e - 1 : i;
		} else if (isalnum(c)) {
			size_t e = i;
			while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '.' || s[e] == '-'))
				e++;
			while (e > i && (s[e - 1] == '.' || s[e - 1] == '-'))
				e--;
			if (memchr(s + i, '.', e - i))
				scan_host(rd, s + i, e - i);
			i = e > i ? e - 1 : i;
		}
	}
}

void
redact_collect(struct redactor *rd, struct store *st, size_t nrec, struct model *m,
	       const struct inputs *ins)
{
	struct people p;
	people_init(&p, m);
	for (size_t i = 0; i < nrec && i < store_count(st); i++) {
		const struct record *r = store_get(st, i);
		/* the person the record is about first: their number follows the
		 * order of the records */
		if (m && r->field[F_USER]) {
			uint32_t who = model_rec_identity(m, i);
			if (who != NO_ID && who < m->nnodes)
				add_person(rd, &p, p.root[who]);
		}
		for (int f = 0; f < F_COUNT; f++)
			if (r->field[f])
				scan(rd, &p, store_str(st, r->field[f]), f == F_TENANT, f == F_ORG);
		struct extras kv = rec_extras(st, r);
		for (uint32_t k = 0; k < r->nextra; k++)
			scan(rd, &p, store_str(st, kv.value[k]), 0, 0);
	}
	/* the names of the files: an address or a name in a file name */
	for (size_t i = 0; ins && i < ins->n; i++)
		scan(rd, &p, ins->v[i].locator, 0, 0);
	/* people only the model knows (a display name in a ticket) */
	for (size_t node = 0; m && node < m->nnodes; node++)
		if (!m->hidden[node] && strchr(store_str(st, m->name[node]), '@'))
			add_person(rd, &p, p.root[node]);
	people_free(&p);
}

/* ---- replacing ---------------------------------------------------------- */

static unsigned
key_of(const char *s)
{
	return (unsigned)tolower((unsigned char)s[0]) << 8 | (unsigned)tolower((unsigned char)s[1]);
}

static int
by_key_then_longest(const void *pa, const void *pb)
{
	const struct redact_entry *a = pa, *b = pb;
	unsigned ka = key_of(a->find), kb = key_of(b->find);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (a->len != b->len)
		return a->len > b->len ? -1 : 1;
	return strcmp(a->find, b->find);
}

static void
seal(struct redactor *rd)
{
	if (rd->sealed)
		return;
	/* each identifier also as Markdown escapes it ("first\\_last") */
	size_t n0 = rd->n;
	for (size_t i = 0; i < n0; i++) {
		const char *f = rd->v[i].find;
		if (strpbrk(f, "\\`*_[]<>|") == NULL)
			continue;
		struct buf e;
		buf_init(&e, 4096);
		for (; *f; f++) {
			if (strchr("\\`*_[]<>|", *f))
				buf_addc(&e, '\\');
			buf_addc(&e, *f);
		}
		if (e.len && e.len < 512)
			add(rd, e.data, e.len, rd->v[i].alias);
		buf_free(&e);
	}
	/* entries of one or two bytes never match: keep the table to 2+ */
	size_t k = 0;
	for (size_t i = 0; i < rd->n; i++) {
		if (rd->v[i].len >= 2)
			rd->v[k++] = rd->v[i];
		else
			free(rd->v[i].find);
	}
	rd->n = k;
	if (rd->n)
		qsort(rd->v, rd->n, sizeof(*rd->v), by_key_then_longest);
	rd->bucket = xcalloc(65537, sizeof(*rd->bucket));
	for (size_t i = rd->n; i-- > 0;)
		rd->bucket[key_of(rd->v[i].find)] = (uint32_t)i + 1;
	free(rd->hash);	/* entries moved: lookups are over */
	rd->hash = NULL;
	rd->hcap = 0;
	rd->sealed = 1;
}

char *
redact_text(struct redactor *rd, const char *text, size_t n)
{
	seal(rd);
	struct buf b;
	buf_init(&b, SIZE_MAX / 2);
	size_t i = 0;
	while (i < n) {
		int boundary = i == 0 || !word_char((unsigned char)text[i - 1]);
		const struct redact_entry *hit = NULL;
		if (boundary && i + 1 < n) {
			uint32_t first = rd->bucket[key_of(text + i)];
			for (size_t k = first ? first - 1 : rd->n; k < rd->n; k++) {
				const struct redact_entry *x = &rd->v[k];
				if (key_of(x->find) != key_of(text + i))
					break;
				if (x->len <= n - i && strncasecmp(text + i, x->find, x->len) == 0 &&
				    (i + x->len == n || !word_char((unsigned char)text[i + x->len]))) {
					hit = x;
					break;
				}
			}
		}
		if (hit) {
			buf_adds(&b, rd->aliases[hit->alias]);
			i += hit->len;
		} else {
			buf_addc(&b, text[i]);
			i++;
		}
	}
	char *out = buf_steal(&b);
	return out ? out : xstrdup("");
}

static int
by_alias(const void *pa, const void *pb, void *ctx)
{
	const struct redactor *rd = ctx;
	const struct redact_entry *a = &rd->v[*(const uint32_t *)pa];
	const struct redact_entry *b = &rd->v[*(const uint32_t *)pb];
	if (a->alias != b->alias)
		return a->alias < b->alias ? -1 : 1;
	return strcmp(a->find, b->find);
}

int
redact_write_map(const struct redactor *rd, FILE *f)
{
	uint32_t *idx = xcalloc(rd->n ? rd->n : 1, sizeof(*idx));
	size_t k = 0;
	for (size_t i = 0; i < rd->n; i++)
		if (strchr(rd->v[i].find, '\\') == NULL)	/* not the Markdown copies */
			idx[k++] = (uint32_t)i;
	if (k)
		qsort_r(idx, k, sizeof(*idx), by_alias, (void *)rd);
	for (size_t i = 0; i < k; i++)
		fprintf(f, "%s\t%s\n", rd->aliases[rd->v[idx[i]].alias], rd->v[idx[i]].find);
	free(idx);
	return ferror(f) ? -1 : 0;
}
