/* derive_entra.c - relations from the Entra exports: app assignment
 * (through direct and nested groups), delegated consent, password expiry
 * (derive.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "derive.h"
#include "timefmt.h"
#include "util.h"

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

/* Group name a membership record is about (file names break the tie:
 * "<group>.members.json" lists a group's members, "<user>.memberOf.json"
 * a user's groups). */
const char *
member_group(const struct store *st, const struct record *r)
{
	const char *g = get(st, r, "group");
	return g;
}

int
group_in(const char *g, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(g, v[i]) == 0)
			return 1;
	return 0;
}

/* The groups an identity is a direct member of, and the groups those are
 * nested in (transitively).  The caller frees both arrays. */
void
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
			GROW_BY_COUNT(groups, ng);
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
				GROW_BY_COUNT(outer, no);
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

/* ---- the relations, as derive.c runs them ------------------------------------------ */

void
derive_entra_access(struct derive_ctx *x)
{
	if (x->en.sps.n == 0)
		return;
	derive_assignment(x->m, &x->en, x->id);
	derive_consent(x->m, &x->en, x->id);
}

void
derive_entra_password(struct derive_ctx *x)
{
	derive_password_expiry(x->m, &x->entra_users, &x->domains, x->id);
}
