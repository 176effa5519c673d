/* derive_m365.c - relations from the Exchange Online and Microsoft 365
 * exports: whether a centrally deployed add-in reaches a person, and the
 * OWA mailbox policy that applies to them (derive.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "derive.h"
#include "util.h"

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
			struct extras kv = rec_extras(st, a);
			for (uint32_t e = 0; key && e < a->nextra; e++) {
				if (kv.key[e] != key)
					continue;
				const char *v = store_str(st, kv.value[e]);
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

/* ---- changes to add-ins in the audit log ------------------------------------------ */

/* The Get-App record an audit entry's -Identity names: by its id (AppId,
 * the manifest's), its Identity or its display name. */
static int64_t
app_named(const struct store *st, const struct list *apps, const char *ident)
{
	static const char *const keys[] = {"AppId", "Identity", "ProductId", "MarketplaceAssetID",
					   "DisplayName", NULL};
	for (size_t i = 0; ident && i < apps->n; i++) {
		const struct record *a = store_get(st, apps->v[i]);
		for (size_t k = 0; keys[k]; k++)
			if (has_value(st, a, keys[k], ident))
				return apps->v[i];
	}
	return -1;
}

/* Each New-, Set-, Enable-, Disable- or Remove-App in the audit log as a
 * model.addin_change at the audit entry: the add-in by name even when the
 * entry names it only by its id (joined through Get-App), what was done,
 * by whom, and the settings it set. */
static void
derive_app_changes(struct model *m)
{
	struct store *st = m->st;
	struct list audits = records_of(st, "m365.audit");
	struct list apps = records_of(st, "exchange.app");
	static const char *const cmdlets[] = {"New-App", "Set-App", "Enable-App", "Disable-App",
					      "Remove-App", NULL};
	static const char *const params[] = {"Enabled", "DefaultStateForUser", "ProvidedTo",
					     "UserList", NULL};
	for (size_t i = 0; i < audits.n; i++) {
		const struct record *a = store_get(st, audits.v[i]);
		const char *cmd = a->field[F_MESSAGE] ? store_str(st, a->field[F_MESSAGE]) : NULL;
		size_t c;
		for (c = 0; cmd && cmdlets[c]; c++)
			if (strcasecmp(cmd, cmdlets[c]) == 0)
				break;
		if (cmd == NULL || cmdlets[c] == NULL)
			continue;
		const char *ident = get(st, a, "param.Identity");
		int64_t app = app_named(st, &apps, ident);
		const char *name = NULL, *appid = NULL;
		if (app >= 0) {
			const struct record *ar = store_get(st, (size_t)app);
			name = ar->field[F_APP] ? store_str(st, ar->field[F_APP]) : get(st, ar, "DisplayName");
			appid = get(st, ar, "AppId");
		}
		int64_t t = a->time;
		const char *actor = a->field[F_USER] ? store_str(st, a->field[F_USER]) : NULL;
		const char *vals[4] = {NULL, NULL, NULL, NULL};
		char key[64];
		for (size_t k = 0; params[k]; k++) {
			snprintf(key, sizeof(key), "param.%s", params[k]);
			vals[k] = get(st, a, key);
		}
		derive_begin(m, "model.addin_change", audits.v[i]);
		if (t != TIME_NONE)
			rec_set_time(st, t);
		set_s(st, "message", cmdlets[c]);
		set_s(st, "app", name ? name : ident);
		set_s(st, "appId", appid);
		set_s(st, "identity", ident);
		set_s(st, "by", actor);
		set_s(st, "joined", app >= 0 ? "Get-App" : NULL);
		for (size_t k = 0; params[k]; k++)
			set_s(st, params[k], vals[k]);
		derive_end(m, NO_ID);
	}
	free(audits.v);
	free(apps.v);
}

/* ---- Microsoft 365 licences ---------------------------------------------------------- */

/* The part number (skuPartNumber, "Microsoft_Copilot_for_Sales") of a
 * licence id, from the subscribed SKUs and licence details; NULL when no
 * export names it. */
static const char *
sku_name(const struct store *st, const struct list *skus, const char *id)
{
	for (size_t i = 0; id && i < skus->n; i++) {
		const struct record *r = store_get(st, skus->v[i]);
		if (has_value(st, r, "skuId", id))
			return get(st, r, "skuPartNumber");
	}
	return NULL;
}

/* Each subscribed licence with what is left, as model.m365_sku at the
 * subscribedSkus record: "all Copilot for Sales licences are in use". */
static void
derive_skus(struct model *m)
{
	struct store *st = m->st;
	struct list l = records_of(st, "entra.subscribed_sku");
	for (size_t i = 0; i < l.n; i++) {
		const struct record *r = store_get(st, l.v[i]);
		const char *name = get(st, r, "skuPartNumber");
		const char *enabled = get(st, r, "prepaidUnits.enabled");
		const char *consumed = get(st, r, "consumedUnits");
		const char *status = get(st, r, "capabilityStatus");
		if (name == NULL || enabled == NULL || consumed == NULL)
			continue;
		long e = strtol(enabled, NULL, 10), c = strtol(consumed, NULL, 10);
		char buf[32];
		derive_begin(m, "model.m365_sku", l.v[i]);
		set_s(st, "sku", name);
		set_s(st, "enabled", enabled);
		set_s(st, "consumed", consumed);
		snprintf(buf, sizeof(buf), "%ld", e - c > 0 ? e - c : 0);
		set_s(st, "remaining", buf);
		set_bool(st, "exhausted", c >= e);
		set_s(st, "capabilityStatus", status);
		derive_end(m, NO_ID);
	}
	free(l.v);
}

/* A person's Microsoft 365 licences, as model.m365_license at their
 * Graph user record: the part numbers assigned ("none" when the user has
 * none), and each assignment Graph could not complete with its error
 * (CountViolation: no licence left; MutuallyExclusiveViolation,
 * DependencyViolation, ProhibitedInUsageLocationViolation, ...). */
static void
derive_license(struct model *m, const struct list *users, uint32_t id)
{
	struct store *st = m->st;
	struct list skus = records_of(st, "entra.subscribed_sku");
	struct list details = records_of(st, "entra.license_details");
	for (size_t i = 0; i < details.n; i++)
		list_add(&skus, details.v[i]);
	for (size_t i = 0; i < users->n; i++) {
		if (model_rec_identity(m, users->v[i]) != id)
			continue;
		const struct record *u = store_get(st, users->v[i]);
		size_t na, ns, nst, ne;
		const char **assigned = values_of(st, u, "assignedLicenses.skuId", &na);
		const char **sids = values_of(st, u, "licenseAssignmentStates.skuId", &ns);
		const char **states = values_of(st, u, "licenseAssignmentStates.state", &nst);
		const char **errors = values_of(st, u, "licenseAssignmentStates.error", &ne);
		/* a user object without the licence fields says nothing */
		int has = get(st, u, "assignedLicenses") != NULL || na || ns;
		if (!has) {
			free(assigned);
			free(sids);
			free(states);
			free(errors);
			continue;
		}
		const char **names = xcalloc(na + ns + 1, sizeof(*names));
		size_t nn = 0, known = 0;
		for (size_t k = 0; k < na; k++) {
			const char *n = sku_name(st, &skus, assigned[k]);
			known += n != NULL;
			names[nn++] = n ? n : assigned[k];
		}
		const char **failed = xcalloc(ns + 1, sizeof(*failed));
		const char **why = xcalloc(ns + 1, sizeof(*why));
		size_t nf = 0;
		for (size_t k = 0; k < ns; k++) {
			const char *state = k < nst ? states[k] : NULL;
			const char *err = k < ne ? errors[k] : NULL;
			int bad = (state && strcasecmp(state, "Error") == 0) ||
				  (err && *err && strcasecmp(err, "None") != 0);
			if (!bad)
				continue;
			const char *n = sku_name(st, &skus, sids[k]);
			failed[nf] = n ? n : sids[k];
			why[nf++] = err && *err && strcasecmp(err, "None") != 0 ? err : "Error";
		}
		derive_begin(m, "model.m365_license", users->v[i]);
		set_s(st, "user", model_display(m, id));
		if (nn == 0)
			set_s(st, "sku", "none");
		for (size_t k = 0; k < nn; k++)
			set_s(st, "sku", names[k]);
		set_bool(st, "skuKnown", nn == 0 || known == nn ? 1 : known == 0 ? 0 : -1);
		char buf[32];
		snprintf(buf, sizeof(buf), "%zu", nn);
		set_s(st, "assigned", buf);
		for (size_t k = 0; k < nf; k++) {
			set_s(st, "errorSku", failed[k]);
			set_s(st, "error", why[k]);
		}
		derive_end(m, id);
		free(names);
		free(failed);
		free(why);
		free(assigned);
		free(sids);
		free(states);
		free(errors);
	}
	free(skus.v);
	free(details.v);
}

/* ---- the relations, as derive.c runs them ------------------------------------------ */

void
derive_m365_app_changes(struct derive_ctx *x)
{
	derive_app_changes(x->m);
}


void
derive_m365_addin(struct derive_ctx *x)
{
	derive_addin_assignment(x->m, &x->en, x->id);
}

void
derive_m365_skus(struct derive_ctx *x)
{
	derive_skus(x->m);
}

void
derive_m365_license(struct derive_ctx *x)
{
	derive_license(x->m, &x->entra_users, x->id);
}

void
derive_m365_owa(struct derive_ctx *x)
{
	derive_owa_access(x->m, x->id);
}
