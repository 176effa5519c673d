/* derive.c - model_derive(): the derived relations in their order, and the
 * helpers they share (derive.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "derive.h"
#include "timefmt.h"
#include "util.h"

void
list_add(struct list *l, uint32_t x)
{
	GROW(l->v, l->n, l->cap);
	l->v[l->n++] = x;
}

struct list
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
void
derive_begin(struct model *m, const char *kind, uint32_t src)
{
	/* a copy: beginning a record may move the records */
	struct record r = *store_get(m->st, src);
	store_begin(m->st, r.input, kind);
	rec_set_place(m->st, &r);
}

void
derive_end(struct model *m, uint32_t identity)
{
	store_end(m->st);
	size_t n = store_count(m->st);
	model_grow_records(m, n);
	m->rec_node[n - 1] = identity;
	m->flags[n - 1] = REC_DERIVED;
}

void
set_bool(struct store *st, const char *name, int v)
{
	rec_set_str(st, name, v < 0 ? "unknown" : v ? "true" : "false");
}

/* Does any value of field name in r equal (case-insensitively) want? */
int
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
	struct extras kv = rec_extras(st, r);
	for (uint32_t i = 0; i < r->nextra; i++)
		if (kv.key[i] == key && strcasecmp(store_str(st, kv.value[i]), want) == 0)
			return 1;
	return 0;
}


void
set_s(struct store *st, const char *name, const char *v)
{
	if (v && *v)
		rec_set_str(st, name, v);
}

/* The values of a repeated field of record src, copied before a derived
 * record opens (the store may move records when it grows). */
const char **
values_of(const struct store *st, const struct record *r, const char *name, size_t *n)
{
	uint32_t key = store_lookup(st, name);
	const char **v = NULL;
	*n = 0;
	if (key == 0)
		return NULL;
	struct extras kv = rec_extras(st, r);
	for (uint32_t i = 0; i < r->nextra; i++) {
		if (kv.key[i] != key)
			continue;
		GROW_BY_COUNT(v, *n);
		v[(*n)++] = store_str(st, kv.value[i]);
	}
	return v;
}

/* ---- the relations, in the order they run ------------------------------------------ */

static const struct {
	const char *what;
	void (*org)(struct derive_ctx *x);	/* once, or NULL */
	void (*person)(struct derive_ctx *x);	/* per person, or NULL */
} relations[] = {
	{"server-to-server apps and their integration users", derive_sf_s2s, NULL},
	{"user licences", derive_sf_licenses, NULL},
	{"trial orgs", derive_sf_orgs, NULL},
	{"Office privacy settings", derive_client_privacy, NULL},
	{"Office builds and the add-ins' requirement sets", derive_client_builds, NULL},
	{"changes to add-ins in the audit log", derive_m365_app_changes, NULL},
	{"Microsoft 365 licences left", derive_m365_skus, NULL},
	{"Salesforce API, app and object access", NULL, derive_sf_user},
	{"Entra app assignment and consent", NULL, derive_entra_access},
	{"centrally deployed add-ins", NULL, derive_m365_addin},
	{"password expiry", NULL, derive_entra_password},
	{"OWA mailbox policy", NULL, derive_m365_owa},
	{"Microsoft 365 licences", NULL, derive_m365_license},
	{"Salesforce login IP ranges and hours", NULL, derive_sf_login_policy},
};

void
model_derive(struct model *m, const uint32_t *ids, size_t n)
{
	struct store *st = m->st;
	struct derive_ctx x = {
		.m = m,
		.st = st,
		.sf = {
			.users = records_of(st, "sf.user"),
			.profiles = records_of(st, "sf.profile"),
			.permsets = records_of(st, "sf.permission_set"),
			.groups = records_of(st, "sf.permission_set_group"),
			.assigns = records_of(st, "sf.permset_assignment"),
			.apps = records_of(st, "sf.connected_app"),
		},
		.en = {
			.sps = records_of(st, "entra.service_principal"),
			.assigns = records_of(st, "entra.app_role_assignment"),
			.members = records_of(st, "entra.group_member"),
			.grants = records_of(st, "entra.oauth2_grant"),
		},
		.logins = records_of(st, "sf.login"),
		.entra_users = records_of(st, "entra.user"),
		.domains = records_of(st, "entra.domain"),
	};
	/* the org's time zone, for login hours */
	struct list orgs = records_of(st, "sf.organization");
	for (size_t i = 0; i < orgs.n && !x.zone; i++) {
		const char *z = get(st, store_get(st, orgs.v[i]), "TimeZoneSidKey");
		if (z && tz_check(z) == 0)
			x.zone = z;
	}
	free(orgs.v);
	for (size_t r = 0; r < sizeof(relations) / sizeof(relations[0]); r++)
		if (relations[r].org)
			relations[r].org(&x);
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
		struct list mine = {0};
		size_t lo = 0, hi = nerrs;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (errs[mid].id < ids[k])
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < nerrs && errs[lo].id == ids[k]; lo++)
			list_add(&mine, errs[lo].rec);
		x.id = ids[k];
		x.errors = &mine;
		for (size_t r = 0; r < sizeof(relations) / sizeof(relations[0]); r++)
			if (relations[r].person)
				relations[r].person(&x);
		free(mine.v);
	}
	free(errs);
	struct list *lists[] = {
		&x.sf.users, &x.sf.profiles, &x.sf.permsets, &x.sf.groups, &x.sf.assigns, &x.sf.apps,
		&x.en.sps, &x.en.assigns, &x.en.members, &x.en.grants,
		&x.logins, &x.entra_users, &x.domains,
	};
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		free(lists[i]->v);
}
