/* derive_sf.c - relations from the Salesforce exports: a user's API,
 * connected app and object access, the server-to-server apps and their
 * integration users, licences, login IP ranges and hours (derive.h). */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "derive.h"
#include "timefmt.h"
#include "util.h"

static const char *const profile_name_keys[] = {"Profile.Name", "ProfileName", "Profile", NULL};

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
user_permsets_muted(const struct store *st, const struct sfdata *d, const struct record *u,
		    struct list *muted);

static struct list
user_permsets(const struct store *st, const struct sfdata *d, const struct record *u)
{
	return user_permsets_muted(st, d, u, NULL);
}

/* A permission set record by name or label. */
static int64_t
permset_named(const struct store *st, const struct sfdata *d, const char *name)
{
	for (size_t j = 0; name && j < d->permsets.n; j++)
		if (profile_named(st, store_get(st, d->permsets.v[j]), name))
			return d->permsets.v[j];
	return -1;
}

/* The permission set records a user holds: assigned directly, or as a
 * member of an assigned permission set group.  With muted, a parallel
 * list: for each set, the group's muting permission set + 1 (its
 * permissions are taken away from the group's sets), or 0. */
static struct list
user_permsets_muted(const struct store *st, const struct sfdata *d, const struct record *u,
		    struct list *muted)
{
	struct list out = {0};
	struct list rows = user_assignments(st, d, u);
	for (size_t i = 0; i < rows.n; i++) {
		const struct record *a = store_get(st, rows.v[i]);
		const char *psid = get(st, a, "PermissionSetId");
		const char *psname = get(st, a, "PermissionSet.Name");
		if (psname == NULL)
			psname = get(st, a, "PermissionSet.Label");
		const char *gid = get(st, a, "PermissionSetGroupId");
		const char *gname = get(st, a, "PermissionSetGroup.DeveloperName");
		/* a group: its member sets, less what its muting set mutes */
		int64_t group = -1;
		for (size_t j = 0; j < d->groups.n && group < 0; j++) {
			const struct record *g = store_get(st, d->groups.v[j]);
			if ((gid && same_sfid(get(st, g, "Id"), gid)) ||
			    (gname && profile_named(st, g, gname)) ||
			    (!gid && psname && profile_named(st, g, psname)))
				group = d->groups.v[j];
		}
		if (group >= 0) {
			const struct record *g = store_get(st, (size_t)group);
			int64_t mute = permset_named(st, d, get(st, g, "mutingPermissionSet"));
			size_t nm;
			const char **members = values_of(st, g, "permissionSet", &nm);
			for (size_t k = 0; k < nm; k++) {
				int64_t ps = permset_named(st, d, members[k]);
				if (ps < 0)
					continue;
				list_add(&out, (uint32_t)ps);
				if (muted)
					list_add(muted, (uint32_t)(mute + 1));
			}
			free(members);
			continue;
		}
		for (size_t j = 0; j < d->permsets.n; j++) {
			const struct record *p = store_get(st, d->permsets.v[j]);
			if (same_sfid(get(st, p, "Id"), psid) || profile_named(st, p, psname)) {
				list_add(&out, d->permsets.v[j]);
				if (muted)
					list_add(muted, 0);
			}
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
derive_api(struct model *m, const struct sfdata *d, uint32_t u, uint32_t id)
{
	struct store *st = m->st;
	const struct record *ur = store_get(st, u);
	const char *uname = store_str(st, ur->field[F_USER]);
	const char *pname = get_any(st, ur, profile_name_keys);
	int64_t prof = user_profile(st, d, ur);
	struct list muted = {0};
	struct list ps = user_permsets_muted(st, d, ur, &muted);
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
		/* a group's muting set takes the permission away from its sets */
		int mutes = muted.v[i] && api_flag(st, store_get(st, muted.v[i] - 1)) == 1;
		if (api != 1 && api_flag(st, p) == 1 && !mutes) {
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
		if (admin_flag(st, store_get(st, ps.v[i])) == 1 &&
		    !(muted.v[i] && admin_flag(st, store_get(st, muted.v[i] - 1)) == 1)) {
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
	free(muted.v);
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
	struct extras kv = rec_extras(st, r);
	for (uint32_t i = 0; i < r->nextra; i++) {
		if (strcasecmp(store_str(st, kv.key[i]), want) != 0)
			continue;
		const char *v = store_str(st, kv.value[i]);
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
	char done[8][200];
	size_t ndone = 0;
	for (size_t e = 0; e < errs->n && ndone < 8; e++) {
		uint32_t i = errs->v[e];
		const struct record *r = store_get(st, i);
		if (!r->field[F_MESSAGE])
			continue;
		char obj[96], field[96], key[200];
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

/* An org that is a trial, as model.sf_org at the moment the trial ends
 * (an event, so a check's window compares it with the first error), at
 * the Organization record. */
static void
derive_orgs(struct model *m)
{
	struct store *st = m->st;
	struct list l = records_of(st, "sf.organization");
	for (size_t i = 0; i < l.n; i++) {
		const struct record *r = store_get(st, l.v[i]);
		const char *trial = get(st, r, "TrialExpirationDate");
		struct time_read tr;
		if (trial == NULL || *trial == '\0' ||
		    time_read(trial, strlen(trial), DATE_MDY, NULL, &tr) != 0)
			continue;
		const char *name = get(st, r, "Name");
		const char *edition = get(st, r, "OrganizationType");
		const char *sandbox = get(st, r, "IsSandbox");
		derive_begin(m, "model.sf_org", l.v[i]);
		rec_set_time(st, tr.ms);
		set_s(st, "name", name);
		set_s(st, "edition", edition);
		set_s(st, "isSandbox", sandbox);
		set_s(st, "trialExpires", trial);
		derive_end(m, NO_ID);
	}
	free(l.v);
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
			struct extras kv = rec_extras(st, p);
			int64_t addr = ip ? ipv4(ip, strlen(ip)) : -1;
			for (uint32_t e = 0; key && e < p->nextra; e++) {
				if (kv.key[e] != key)
					continue;
				const char *v = store_str(st, kv.value[e]);
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

/* ---- the relations, as derive.c runs them ------------------------------------------ */

void
derive_sf_s2s(struct derive_ctx *x)
{
	derive_s2s(x->m, &x->sf);
}

void
derive_sf_licenses(struct derive_ctx *x)
{
	derive_licenses(x->m);
}

void
derive_sf_orgs(struct derive_ctx *x)
{
	derive_orgs(x->m);
}

void
derive_sf_user(struct derive_ctx *x)
{
	int has_user = 0;
	for (size_t i = 0; i < x->sf.users.n; i++) {
		if (model_rec_identity(x->m, x->sf.users.v[i]) != x->id)
			continue;
		has_user = 1;
		derive_api(x->m, &x->sf, x->sf.users.v[i], x->id);
		derive_app_access(x->m, &x->sf, x->sf.users.v[i], x->id);
		derive_object_access(x->m, &x->sf, x->errors, x->sf.users.v[i], x->id);
	}
	/* no User export: what the apps say, without the user's side */
	for (size_t i = 0; !has_user && i < x->logins.n; i++) {
		if (model_rec_identity(x->m, x->logins.v[i]) != x->id)
			continue;
		derive_app_access_unknown(x->m, &x->sf, x->logins.v[i], x->id);
		break;
	}
}

void
derive_sf_login_policy(struct derive_ctx *x)
{
	derive_login_policy(x->m, &x->sf, &x->logins, x->id, x->zone);
}
