/*
 * derive.h - the derived relations (model.* records) behind
 * model_derive(), private to the model.  Each relation is a function of a
 * derive_ctx: an org-wide one runs once, a per-person one for each person
 * who saw an error; derive.c runs them in the order of its table, so a new
 * relation is one function and one table row.  The derived record sits at
 * the place of the fact that decides it (derive_begin), so the report
 * cites the customer's own file.
 */
#ifndef TRIAGE_DERIVE_H
#define TRIAGE_DERIVE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "model_int.h"

/* Indices of the records of one kind (before the index exists). */
struct list {
	uint32_t *v;
	size_t n, cap;
};

void list_add(struct list *l, uint32_t x);
struct list records_of(struct store *st, const char *kind);

/* Start a derived record at the place of source record src; end it as a
 * record about identity (NO_ID for org-wide ones). */
void derive_begin(struct model *m, const char *kind, uint32_t src);
void derive_end(struct model *m, uint32_t identity);
/* Fields of the open record: "true" / "false" / "unknown" (v < 0), or a
 * string when it is not NULL. */
void set_bool(struct store *st, const char *name, int v);
void set_s(struct store *st, const char *name, const char *v);
/* Does any value of field name in r equal (any case) want? */
int has_value(const struct store *st, const struct record *r, const char *name, const char *want);
/* The values of a repeated field, copied before a derived record opens
 * (the store may move records when it grows); the caller frees the array. */
const char **values_of(const struct store *st, const struct record *r, const char *name, size_t *n);

/* The Salesforce and Entra exports the relations read, found once. */
struct sfdata {
	struct list users, profiles, permsets, groups, assigns, apps;
};

struct entradata {
	struct list sps, assigns, members, grants;
};

struct derive_ctx {
	struct model *m;
	struct store *st;
	struct sfdata sf;
	struct entradata en;
	struct list logins;		/* sf.login */
	struct list entra_users, domains;	/* entra.user, entra.domain */
	const char *zone;		/* the Salesforce org's time zone, or NULL */
	/* the person, for per-person relations */
	uint32_t id;
	const struct list *errors;	/* their error records */
};

/* Org-wide relations (derive_sf.c). */
void derive_sf_s2s(struct derive_ctx *x);
void derive_sf_licenses(struct derive_ctx *x);
void derive_sf_orgs(struct derive_ctx *x);		/* trial orgs and their end */
void derive_client_privacy(struct derive_ctx *x);	/* Office privacy settings */
void derive_client_builds(struct derive_ctx *x);	/* Office builds, add-in requirements */
void derive_m365_app_changes(struct derive_ctx *x);	/* add-in changes, by name */
void derive_m365_skus(struct derive_ctx *x);		/* subscribed licences left */
/* Per-person relations. */
void derive_sf_user(struct derive_ctx *x);		/* API, app and object access */
void derive_sf_login_policy(struct derive_ctx *x);	/* IP ranges and login hours */
void derive_entra_access(struct derive_ctx *x);	/* assignment and consent */
void derive_entra_password(struct derive_ctx *x);	/* password expiry */
void derive_m365_addin(struct derive_ctx *x);		/* centrally deployed add-ins */
void derive_m365_owa(struct derive_ctx *x);		/* the OWA mailbox policy */
void derive_m365_license(struct derive_ctx *x);	/* Microsoft 365 licences */

/* Group membership (derive_entra.c, also read by the add-in relation). */
const char *member_group(const struct store *st, const struct record *r);
int group_in(const char *g, const char *const *v, size_t n);
void user_groups(struct model *m, const struct entradata *d, uint32_t id, const char ***direct,
		 size_t *ndirect, const char ***outer_out, size_t *nouter);

#endif
