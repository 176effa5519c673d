/* derive_client.c - derived relations of the Office client on a PC
 * (derive.h): its privacy settings. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "derive.h"
#include "words.h"
#include "util.h"

/* The Office privacy values that turn add-ins off in classic Outlook:
 * disconnectedstate 2 (all connected experiences off) and
 * controllerconnectedservicesenabled 2 (the optional ones off). */
struct privacy {
	const char *key;
	uint32_t all, optional;		/* the records of the two values, or NO_ID */
	const char *allv, *optionalv;
};

static int
privacy_key(const char *key)
{
	size_t n = strlen(key);
	return mem_find_ci(key, n, "\\Office\\16.0\\Common\\Privacy") != NULL ||
	       mem_find_ci(key, n, "\\Office\\15.0\\Common\\Privacy") != NULL;
}

/* Each registry key of Office's privacy settings as one model.office_privacy
 * at the value that decides it: whether connected experiences and the
 * optional ones are on, and so whether classic Outlook shows web add-ins
 * (a policy's key or the user's own choice). */
static void
derive_privacy(struct model *m)
{
	struct store *st = m->st;
	struct list l = records_of(st, "windows.registry");
	struct privacy *keys = NULL;
	size_t nkeys = 0, cap = 0;
	for (size_t i = 0; i < l.n; i++) {
		const struct record *r = store_get(st, l.v[i]);
		const char *key = get(st, r, "key"), *name = get(st, r, "name");
		const char *value = get(st, r, "value"), *deleted = get(st, r, "deleted");
		if (!key || !name || !value || (deleted && strcmp(deleted, "true") == 0) ||
		    !privacy_key(key))
			continue;
		int all = strcasecmp(name, "disconnectedstate") == 0;
		int optional = strcasecmp(name, "controllerconnectedservicesenabled") == 0;
		if (!all && !optional)
			continue;
		size_t k;
		for (k = 0; k < nkeys; k++)
			if (strcasecmp(keys[k].key, key) == 0)
				break;
		if (k == nkeys) {
			GROW(keys, nkeys, cap);
			keys[nkeys++] = (struct privacy){key, NO_ID, NO_ID, NULL, NULL};
		}
		if (all) {
			keys[k].all = l.v[i];
			keys[k].allv = value;
		} else {
			keys[k].optional = l.v[i];
			keys[k].optionalv = value;
		}
	}
	for (size_t k = 0; k < nkeys; k++) {
		const struct privacy *p = &keys[k];
		int all_off = p->allv && strcmp(p->allv, "2") == 0;
		int opt_off = p->optionalv && strcmp(p->optionalv, "2") == 0;
		uint32_t at = all_off ? p->all : opt_off ? p->optional :
			      p->optional != NO_ID ? p->optional : p->all;
		int policy = mem_find_ci(p->key, strlen(p->key), "\\Policies\\") != NULL;
		derive_begin(m, "model.office_privacy", at);
		set_s(st, "key", p->key);
		set_s(st, "scope", policy ? "policy" : "user");
		set_s(st, "disconnectedstate", p->allv);
		set_s(st, "controllerconnectedservicesenabled", p->optionalv);
		set_s(st, "connectedExperiences", !p->allv ? "unset" : all_off ? "off" : "on");
		set_s(st, "optionalExperiences", all_off ? "off" : !p->optionalv ? "unset" :
						 opt_off ? "off" : "on");
		set_bool(st, "addinsOff", all_off || opt_off);
		set_s(st, "why", all_off ? "all connected experiences are off (disconnectedstate = 2)" :
				 opt_off ? "the optional connected experiences are off "
					   "(controllerconnectedservicesenabled = 2)" :
					   "connected experiences are allowed");
		derive_end(m, NO_ID);
	}
	free(keys);
	free(l.v);
}

void
derive_client_privacy(struct derive_ctx *x)
{
	derive_privacy(x->m);
}

/* ---- the Office build and the add-in's requirement sets --------------------------- */

/* The classic Outlook on Windows build that first supports each Mailbox
 * requirement set (Microsoft's table for Microsoft 365 and retail
 * perpetual Office); builds before the first one support 1.7 at most. */
static const struct {
	int minor;
	int build, rev;
	const char *version;
} mailbox_sets[] = {
	{8, 12130, 20272, "1910"}, {9, 13127, 20296, "2008"}, {10, 13929, 20296, "2104"},
	{11, 14527, 20226, "2110"}, {12, 15330, 20196, "2206"}, {13, 16327, 20248, "2304"},
	{14, 17530, 15000, "2404"},
};
#define NSETS (sizeof(mailbox_sets) / sizeof(mailbox_sets[0]))

/* Kinds that can tell a PC's Office build or an add-in's error: logs,
 * registry and PowerShell exports, inventories. */
static int
client_kind(const char *kind)
{
	static const char *const prefixes[] = {"log.", "addin.", "windows.", "ps.", "generic.", NULL};
	for (size_t i = 0; prefixes[i]; i++)
		if (strncmp(kind, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/* "1.13" -> 13; -1 when it is no Mailbox 1.x version. */
static int
set_minor(const char *s, size_t n)
{
	if (n < 3 || s[0] != '1' || s[1] != '.' || !isdigit((unsigned char)s[2]))
		return -1;
	int v = 0;
	for (size_t i = 2; i < n && isdigit((unsigned char)s[i]) && v < 1000; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The highest Mailbox set an add-in in the bundle requires: its manifest's
 * MinVersion / DefaultMinVersion, or the set an error says is missing
 * ("isSetSupported('Mailbox', '1.13') returned false"). */
static int
required_set(struct store *st, const char **why)
{
	int best = -1;
	for (size_t i = 0; i < store_count(st); i++) {
		const struct record *r = store_get(st, i);
		const char *kind = store_str(st, r->kind);
		if (strcmp(kind, "generic.xml") == 0) {
			const char *el = get(st, r, "element");
			if (el == NULL || strcmp(el, "OfficeApp") != 0)
				continue;
			struct extras kv = rec_extras(st, r);
			for (uint32_t k = 0; k < r->nextra; k++) {
				const char *name = store_str(st, kv.key[k]);
				size_t nl = strlen(name);
				if (nl < 10 || strcmp(name + nl - 10, "MinVersion") != 0)
					continue;
				const char *v = store_str(st, kv.value[k]);
				int minor = set_minor(v, strlen(v));
				if (minor > best) {
					best = minor;
					*why = "the add-in's manifest";
				}
			}
		} else if (r->field[F_MESSAGE] && client_kind(kind)) {
			const char *msg = store_str(st, r->field[F_MESSAGE]);
			size_t n = strlen(msg);
			const char *p = mem_find_ci(msg, n, "Mailbox");
			while (p) {
				const char *q = p + 7;
				while (*q && (*q == '\'' || *q == '"' || *q == ',' || *q == ' '))
					q++;
				int minor = set_minor(q, strlen(q));
				if (minor > best && mem_find_ci(msg, n, "isSetSupported")) {
					best = minor;
					*why = "the add-in's error";
				}
				p = mem_find_ci(q, strlen(q), "Mailbox");
			}
		}
	}
	return best;
}

/* An Office 16 build in s: "16.0.14931.20132" or "(Build 14931.20132)". */
static int
find_build(const char *s, int *build, int *rev)
{
	size_t n = strlen(s);
	for (const char *p = mem_find_ci(s, n, "16.0."); p; p = mem_find_ci(p + 1, strlen(p + 1), "16.0.")) {
		if (sscanf(p, "16.0.%5d.%5d", build, rev) == 2 && *build >= 4000)
			return 1;
	}
	const char *b = mem_find_ci(s, n, "Build ");
	if (b && sscanf(b + 6, "%5d.%5d", build, rev) == 2 && *build >= 4000)
		return 1;
	return 0;
}

/* The Mailbox set a build supports: its minor version, 7 for older. */
static int
supported_set(int build, int rev)
{
	int minor = 7;
	for (size_t i = 0; i < NSETS; i++)
		if (build > mailbox_sets[i].build ||
		    (build == mailbox_sets[i].build && rev >= mailbox_sets[i].rev))
			minor = mailbox_sets[i].minor;
	return minor;
}

/* Every Office build a record reports (the ClickToRun VersionToReport in a
 * registry or PowerShell export, a build in a log or an inventory row), as
 * model.office_build at that record: the highest Mailbox requirement set
 * it supports and whether that is below what the add-in requires. */
static void
derive_builds(struct model *m)
{
	struct store *st = m->st;
	const char *why = NULL;
	int required = required_set(st, &why);
	size_t n = store_count(st);
	for (size_t i = 0; i < n; i++) {
		const struct record *r = store_get(st, i);
		const char *kind = store_str(st, r->kind);
		if (!client_kind(kind))
			continue;
		int build = 0, rev = 0, found = 0;
		char src[64] = "";
		if (r->field[F_MESSAGE] && find_build(store_str(st, r->field[F_MESSAGE]), &build, &rev)) {
			found = 1;
			snprintf(src, sizeof(src), "The %s", export_name(kind));
		}
		struct extras kv = rec_extras(st, r);
		for (uint32_t k = 0; !found && k < r->nextra; k++) {
			const char *name = store_str(st, kv.key[k]);
			if (!mem_find_ci(name, strlen(name), "Version") && strcmp(name, "value") != 0)
				continue;
			const char *v = store_str(st, kv.value[k]);
			if (strncmp(v, "16.0.", 5) == 0 && find_build(v, &build, &rev)) {
				found = 1;
				snprintf(src, sizeof(src), "%s", strcmp(name, "value") == 0 ?
					 (get(st, r, "name") ? get(st, r, "name") : name) : name);
			}
		}
		if (!found)
			continue;
		int supported = supported_set(build, rev);
		char b[48], sup[16], req[16];
		snprintf(b, sizeof(b), "16.0.%d.%d", build, rev);
		snprintf(sup, sizeof(sup), "1.%d", supported);
		snprintf(req, sizeof(req), "1.%d", required);
		uint32_t who = model_rec_identity(m, (uint32_t)i);
		derive_begin(m, "model.office_build", (uint32_t)i);
		set_s(st, "build", b);
		set_s(st, "source", src);
		set_s(st, "mailbox", sup);
		set_s(st, "required", required >= 0 ? req : NULL);
		set_s(st, "requiredBy", required >= 0 ? why : NULL);
		for (size_t s = 0; required >= 0 && s < NSETS; s++)
			if (mailbox_sets[s].minor == required) {
				char at[48];
				snprintf(at, sizeof(at), "Version %s (Build %d.%d)", mailbox_sets[s].version,
					 mailbox_sets[s].build, mailbox_sets[s].rev);
				set_s(st, "requiredBuild", at);
			}
		set_bool(st, "belowRequired", required < 0 ? -1 : supported < required);
		derive_end(m, who);
	}
}

void
derive_client_builds(struct derive_ctx *x)
{
	derive_builds(x->m);
}
