/*
 * model.h - what no single file holds: one identity per person across
 * systems, which events are errors a user saw (and which of them were
 * followed by a success), and the derived relations rules need, added to
 * the store as model.* records (doc/records.md, "Derived records").
 *
 * Identities: every user-like name (Entra UPN, Salesforce username,
 * email, FederationIdentifier, the address in a client log) is a node;
 * links join nodes into one identity, case-insensitively:
 *   - a Salesforce User row links its username, email (when no other
 *     user claims that address) and FederationIdentifier;
 *   - a sandbox username "name@domain.com.uat" links to "name@domain.com"
 *     when that name is seen anywhere;
 *   - Entra object ids, user ids and display names are hidden aliases:
 *     they link records but are never shown as names.
 *   - Salesforce records that give only a user id (UserId,
 *     USER_ID_DERIVED) join the User export row with that Id;
 *   - a display name ("Jane Doe", "Doe, Jane"), Entra's mailNickname and
 *     onPremisesSamAccountName link to the one person who has them (a
 *     name two people share links nobody), so a ticket that names its
 *     reporter without an address still finds them.
 * Records without a user take the identity of another record with the
 * same correlation id, else the one person the rest of their file
 * names, else (a client log) the ticket's reporter when the bundle holds
 * exactly one ticket note, else the one person a folder or file name
 * names ("logs/j.doe/", "jane.doe_outlook.har": REC_INFERRED).
 * An app named only by its id takes the name of the service principal
 * with that appId, when the bundle has one.
 *
 * Ownership: a struct model borrows the store (and adds records to it in
 * model_derive()); model_free() releases the model's own tables.
 */
#ifndef TRIAGE_MODEL_H
#define TRIAGE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "store.h"

#define NO_ID UINT32_MAX

/* Record flags. */
#define REC_ERROR 1u		/* an error a user saw */
#define REC_SUCCESS 2u		/* a successful sign-in or login */
#define REC_RECOVERED 4u	/* an error followed by a success (not a cause) */
#define REC_DERIVED 8u		/* a model.* record */
#define REC_COMPLAINT 16u	/* what the user reported (a ticket note): a
				   symptom for rules that ask for it, listed as
				   unexplained only when nothing else is found */
#define REC_INFERRED 32u	/* the person was inferred from the file or
				   folder name (nothing in the record names one) */

/* Systems an identity was seen in (bits). */
#define SYS_SALESFORCE 1u
#define SYS_ENTRA 2u
#define SYS_M365 4u
#define SYS_OUTLOOK 8u
#define SYS_TICKET 16u

/* A uint32 -> uint32 hash map; key 0 is not allowed. */
struct u32map {
	uint32_t *keys;
	uint32_t *vals;
	size_t cap;
	size_t n;
};

void u32map_put(struct u32map *m, uint32_t key, uint32_t val);
/* The value of key, or NO_ID. */
uint32_t u32map_get(const struct u32map *m, uint32_t key);
void u32map_free(struct u32map *m);

struct model {
	struct store *st;
	const struct inputs *inputs;	/* for the locators of files (may be NULL) */
	/* identity nodes (union-find) */
	uint32_t *parent;
	uint32_t *name;		/* lowercased name, string id */
	unsigned char *hidden;	/* an alias, never shown */
	unsigned *systems;
	size_t nnodes, capnodes;
	struct u32map byname;	/* lowercased name id -> node */
	/* per record (grown as derived records are added) */
	uint32_t *rec_node;	/* identity node, NO_ID if none */
	unsigned char *flags;
	size_t nrec;
	uint32_t reporter;	/* node of the ticket's reporter, or NO_ID */
	uint32_t *display;	/* per root: the name to show (built on demand) */
	size_t ndisplay;
	uint32_t *by_root;	/* nodes ordered by their root (built on demand) */
	size_t nby_root;
	/* records by kind, built by model_index() */
	struct u32map bykind;	/* kind id -> slot */
	uint32_t *kind_start, *kind_count;
	uint32_t *order;
	/* records about each identity, built by model_index() */
	struct u32map byid;	/* identity -> slot */
	uint32_t *about_start, *about_count;
	uint32_t *about;
	/* records the store spilled (store.h), and what the analysis asked
	 * of them (model_demand) */
	size_t nspilled;
	struct u32map name_ids;	/* user name id -> identity + 1 (0: none) */
	struct demand *demands;
	size_t ndemands;
};

/* Records of kind, of identity id (NO_ID: anyone's), in [from, to]: what
 * one check of the analysis reads. */
struct demand {
	uint32_t kind, id;
	int64_t from, to;
};

/* Resolve identities and classify every record of st; ins (may be
 * NULL) gives the inputs' locators, for people named by a file name. */
void model_build(struct model *m, struct store *st, const struct inputs *ins);
void model_free(struct model *m);

/* The identity (root node) of a name, or NO_ID if it was never seen. */
uint32_t model_find(struct model *m, const char *name);
/* The identity of record i, or NO_ID. */
uint32_t model_rec_identity(struct model *m, size_t i);
/* The names of an identity (shown ones; hidden aliases only if it has no
 * other), sorted; *n is set.  The caller frees the array (not the
 * strings, which belong to the store). */
const char **model_names(struct model *m, uint32_t id, size_t *n);
unsigned model_systems(struct model *m, uint32_t id);
/* The name to show for an identity: its first name. */
const char *model_display(struct model *m, uint32_t id);

/* Add the model.* records for the given identities (roots), and the
 * org-wide ones.  Call once, before model_index(). */
void model_derive(struct model *m, const uint32_t *ids, size_t n);
/* Index records by kind (after model_derive()). */
void model_index(struct model *m);
/* The records of kind (a string id); *n is set. */
const uint32_t *model_kind(const struct model *m, uint32_t kind, size_t *n);
/* The records about an identity, in store order: its own, and those
 * whose targetUser, target, member, Username, Email or userPrincipalName
 * is one of its names (a change made to the person).  *n is set. */
const uint32_t *model_about(const struct model *m, uint32_t id, size_t *n);
/* Is record i about identity id? */
int model_is_about(const struct model *m, uint32_t id, uint32_t i);

/* ---- records spilled while reading (store_spill_start) -------------------

 * The policy of `analyze`: a successful sign-in or login (REC_SUCCESS) is
 * routine, and may be spilled, unless it is the first in its file with its
 * kind and its names (so every name, and every person of every file, is
 * seen in memory in the order read) or it names two or more people
 * besides its user.  Pass spill_policy_keep and the policy to
 * store_spill_start(), and spill_policy_reads to store_spill_reads(). */
struct spill_policy;
struct spill_policy *spill_policy_new(void);
void spill_policy_free(struct spill_policy *p);
int spill_policy_keep(void *ud, const struct store *st, const struct record *r,
		      uint32_t *about);
/* Does spill_policy_keep read the value of extra key? */
int spill_policy_reads(void *ud, const struct store *st, uint32_t key);

/* The identity of a user name (a string id), or NO_ID. */
uint32_t model_name_identity(struct model *m, uint32_t name);
/* The analysis reads the records of kind of identity id (NO_ID: anyone)
 * between from and to; a spilled one it would read must come back. */
void model_demand(struct model *m, uint32_t kind, uint32_t id, int64_t from, int64_t to);
/* The spilled records (indexes in the order of store_spilled_next()) some demand covers,
 * in the order spilled; *n is set.  The caller frees the array. */
size_t *model_wanted(struct model *m, size_t *n);

/* An application name normalised for comparison: lower case, '_' and
 * '-' as spaces, runs of spaces as one.  Returns an interned id (0 for
 * an empty name). */
uint32_t app_key(struct store *st, const char *name);
/* The system an identity-bearing record kind belongs to (SYS_*), or 0. */
unsigned kind_system(const char *kind);

#endif
