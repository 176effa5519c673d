/* rules.c - loading and validating YAML rule files (doc/rules.md). */
#include "config.h"

#include "rules.h"
#include "builtin.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What every parse step needs: the document, the file name, the errors. */
struct rctx {
	yaml_document_t *doc;
	const char *file;
	struct diag *diag;
	int failed;
};

static const char *const severity_names[] = {"info", "low", "medium", "high", "critical"};
static const char *const scope_names[] = {"any", "user", "app", "org", "tenant"};

const char *
severity_name(enum severity s)
{
	return severity_names[s];
}

int
severity_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(severity_names) / sizeof(severity_names[0]); i++)
		if (strcasecmp(s, severity_names[i]) == 0)
			return (int)i;
	return -1;
}

/* ---- small helpers ----------------------------------------------------- */

static void rerr(struct rctx *c, const yaml_node_t *at, const char *fmt, ...) T_PRINTF(3, 4);

static void
rerr(struct rctx *c, const yaml_node_t *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_add(c->diag, c->file, at->start_mark.line + 1, "%s", msg);
	free(msg);
	c->failed = 1;
}

static yaml_node_t *
node_at(struct rctx *c, int id)
{
	return yaml_document_get_node(c->doc, id);
}

/* A copy of the scalar text of v, or NULL after an error. */
static char *
text_of(struct rctx *c, yaml_node_t *v, const char *key)
{
	const char *s = yaml_scalar(v);
	if (s == NULL) {
		rerr(c, v, "'%s' must be text", key);
		return NULL;
	}
	return xstrdup(s);
}

static void
set_text(struct rctx *c, yaml_node_t *v, const char *key, char **out)
{
	free(*out);
	*out = text_of(c, v, key);
}

static int
parse_unit_interval(const char *s, double *out)
{
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (end == s || *end != '\0' || errno == ERANGE || !(d >= 0.0 && d <= 1.0))
		return -1;
	*out = d;
	return 0;
}

static void
set_unit(struct rctx *c, yaml_node_t *v, const char *key, double *out)
{
	const char *s = yaml_scalar(v);
	if (s == NULL || parse_unit_interval(s, out) < 0)
		rerr(c, v, "%s must be a number from 0 to 1, not '%s'", key, s ? s : "(not text)");
}

static int
name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static void
set_owner(struct rctx *c, yaml_node_t *v, const char *key, char **out)
{
	set_text(c, v, key, out);
	if (*out && !owner_valid(*out)) {
		rerr(c, v, "unknown owner '%s'", *out);
		free(*out);
		*out = NULL;
	}
}

int
parse_duration(const char *s, int64_t *ms)
{
	int neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	size_t n = strlen(s);
	if (n == 1 && s[0] == '0') {
		*ms = 0;
		return 0;
	}
	static const struct { char unit; int64_t ms; } units[] = {
		{'s', 1000}, {'m', 60000}, {'h', 3600000}, {'d', 86400000}, {'w', 604800000},
	};
	if (n < 2 || s[0] < '0' || s[0] > '9')
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (s[n - 1] != units[i].unit)
			continue;
		char num[24];
		uint64_t v;
		if (n - 1 >= sizeof(num))
			return -1;
		memcpy(num, s, n - 1);
		num[n - 1] = '\0';
		if (parse_uint(num, 1000000, &v) < 0)	/* up to ~19 centuries of weeks */
			return -1;
		*ms = (neg ? -1 : 1) * (int64_t)v * units[i].ms;
		return 0;
	}
	return -1;
}

/* Walk the pairs of a mapping node, calling fn for each key; keys that fn
 * does not know are errors.  where names the map in messages. */
typedef int (*pair_fn)(struct rctx *c, const char *key, yaml_node_t *val, void *out);

static void
each_pair(struct rctx *c, yaml_node_t *map, const char *where, pair_fn fn, void *out)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node_at(c, p->key), *v = node_at(c, p->value);
		const char *key = yaml_scalar(k);
		if (key == NULL)
			rerr(c, k, "keys must be text");
		else if (fn(c, key, v, out) < 0)
			rerr(c, k, where ? "unknown key '%s' in %s" : "unknown key '%s'", key,
			     where ? where : "");
	}
}

static int
is_map(struct rctx *c, yaml_node_t *v, const char *what)
{
	if (v->type == YAML_MAPPING_NODE)
		return 1;
	rerr(c, v, "%s must be a map", what);
	return 0;
}

static int
is_list(struct rctx *c, yaml_node_t *v, const char *what)
{
	if (v->type == YAML_SEQUENCE_NODE)
		return 1;
	rerr(c, v, "%s must be a list", what);
	return 0;
}

/* A zeroed element at the end of arr (GROW_BY_COUNT's rule), its address */
#define LIST_ADD(arr, n) \
	((grow_due(n) ? (void)((arr) = xreallocarray((arr), grow_size(n), sizeof(*(arr)))) \
		      : (void)0), \
	 memset(&(arr)[(n)], 0, sizeof(*(arr))), &(arr)[(n)++])

/* ---- evidence ---------------------------------------------------------- */

static void
parse_window(struct rctx *c, yaml_node_t *v, struct evidence *e)
{
	if (v->type != YAML_SEQUENCE_NODE ||
	    v->data.sequence.items.top - v->data.sequence.items.start != 2) {
		rerr(c, v, "window must be [from, to], e.g. [-14d, 0]");
		return;
	}
	int64_t t[2];
	for (int i = 0; i < 2; i++) {
		yaml_node_t *n = node_at(c, v->data.sequence.items.start[i]);
		const char *s = yaml_scalar(n);
		if (s == NULL || parse_duration(s, &t[i]) < 0) {
			rerr(c, n, "bad duration '%s' (like -14d, 1h, 30m, 0)", s ? s : "(not text)");
			return;
		}
	}
	if (t[0] > t[1]) {
		rerr(c, v, "window starts after it ends");
		return;
	}
	e->has_window = 1;
	e->window_from = t[0];
	e->window_to = t[1];
}

static int
need_key(struct rctx *c, const char *key, yaml_node_t *v, void *out)
{
	struct need *n = out;
	if (strcmp(key, "export") == 0)
		set_text(c, v, key, &n->export);
	else if (strcmp(key, "ask") == 0)
		set_owner(c, v, key, &n->ask);
	else if (strcmp(key, "how") == 0)
		set_text(c, v, key, &n->how);
	else
		return -1;
	return 0;
}

static void
parse_choice(struct rctx *c, yaml_node_t *v, const char *key, const char *const *names,
	     size_t n, const char *choices, int *out)
{
	const char *s = yaml_scalar(v);
	int i = s ? name_index(names, n, s) : -1;
	if (i < 0)
		rerr(c, v, "bad %s '%s' (%s)", key, s ? s : "(not text)", choices);
	else
		*out = i;
}

static void
add_same(struct evidence *e, const char *field, const char *symptom_field)
{
	GROW_BY_COUNT(e->same_field, e->nsame);
	GROW_BY_COUNT(e->same_symptom, e->nsame);
	e->same_field[e->nsame] = xstrdup(field);
	e->same_symptom[e->nsame++] = xstrdup(symptom_field);
}

/* same: [appId, correlation_id] (the same field on both sides), or
 * same: {resourceId: appId} (the record's field: the symptom's field). */
static void
parse_same(struct rctx *c, yaml_node_t *v, struct evidence *e)
{
	if (v->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			const char *f = yaml_scalar(node_at(c, *it));
			if (f == NULL || *f == '\0')
				rerr(c, node_at(c, *it), "same: each entry must be a field name");
			else
				add_same(e, f, f);
		}
	} else if (v->type == YAML_MAPPING_NODE) {
		for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
		     p < v->data.mapping.pairs.top; p++) {
			const char *f = yaml_scalar(node_at(c, p->key));
			const char *g = yaml_scalar(node_at(c, p->value));
			if (f == NULL || g == NULL || *f == '\0' || *g == '\0')
				rerr(c, node_at(c, p->key), "same: each entry must be field: symptom_field");
			else
				add_same(e, f, g);
		}
	} else {
		rerr(c, v, "same must be a list of fields or a map of field: symptom_field");
	}
}

static int
evidence_key(struct rctx *c, const char *key, yaml_node_t *v, void *out)
{
	struct evidence *e = out;
	static const char *const effects[] = {"supports", "refutes", "resolves"};
	int i;
	if (strcmp(key, "id") == 0)
		set_text(c, v, key, &e->id);
	else if (strcmp(key, "on") == 0 && v->type == YAML_SEQUENCE_NODE) {
		/* several kinds that hold the same fact: one check */
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			char *k = text_of(c, node_at(c, *it), key);
			if (k == NULL)
				continue;
			if (e->on == NULL) {
				e->on = k;
				continue;
			}
			GROW_BY_COUNT(e->on_more, e->non_more);
			e->on_more[e->non_more++] = k;
		}
	} else if (strcmp(key, "on") == 0)
		set_text(c, v, key, &e->on);
	else if (strcmp(key, "scope") == 0) {
		e->scope = 0;
		if (v->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *it = v->data.sequence.items.start;
			     it < v->data.sequence.items.top; it++) {
				i = 0;
				parse_choice(c, node_at(c, *it), key, scope_names, 5,
					     "user, app, org, tenant or any", &i);
				e->scope |= i ? 1u << (i - 1) : 0;
			}
		} else {
			i = 0;
			parse_choice(c, v, key, scope_names, 5, "user, app, org, tenant or any", &i);
			e->scope = i ? 1u << (i - 1) : 0;
		}
	} else if (strcmp(key, "window") == 0)
		parse_window(c, v, e);
	else if (strcmp(key, "where") == 0) {
		if (e->has_where)
			selection_free(&e->where);
		e->has_where = selection_parse(c->doc, v, c->file, "where", &e->where, c->diag) == 0;
		if (!e->has_where)
			c->failed = 1;
	} else if (strcmp(key, "effect") == 0) {
		i = -1;
		parse_choice(c, v, key, effects, 3, "supports, refutes or resolves", &i);
		e->refutes = i == 1;
		e->resolves = i == 2;
	} else if (strcmp(key, "weight") == 0)
		set_unit(c, v, key, &e->weight);
	else if (strcmp(key, "confirms") == 0) {
		const char *b = yaml_scalar(v);
		if (b && (strcmp(b, "true") == 0 || strcmp(b, "false") == 0))
			e->no_confirm = strcmp(b, "false") == 0;
		else
			rerr(c, v, "confirms must be true or false");
	}
	else if (strcmp(key, "says") == 0)
		set_text(c, v, key, &e->says);
	else if (strcmp(key, "match") == 0) {
		static const char *const matches[] = {"any", "none"};
		i = 0;
		parse_choice(c, v, key, matches, 2, "any or none", &i);
		e->absent = i == 1;
	} else if (strcmp(key, "same") == 0)
		parse_same(c, v, e);
	else if (strcmp(key, "at_least") == 0 || strcmp(key, "at_most") == 0) {
		const char *t = yaml_scalar(v);
		uint64_t n;
		if (t == NULL || parse_uint(t, 1000000, &n) < 0)
			rerr(c, v, "%s must be a whole number, not '%s'", key, t ? t : "(not text)");
		else if (key[3] == 'l')
			e->at_least = (long)n;
		else
			e->at_most = (long)n;
	}
	else if (strcmp(key, "needs") == 0) {
		if (is_map(c, v, "needs")) {
			e->has_needs = 1;
			each_pair(c, v, "needs", need_key, &e->needs);
			if (e->needs.export == NULL)
				rerr(c, v, "needs has no 'export'");
		}
	} else
		return -1;
	return 0;
}

static int
has_key(struct rctx *c, yaml_node_t *map, const char *key)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		const char *k = yaml_scalar(node_at(c, p->key));
		if (k && strcmp(k, key) == 0)
			return 1;
	}
	return 0;
}

/* Report each of the NULL-terminated keys that map lacks. */
static void
require_keys(struct rctx *c, yaml_node_t *map, const char *where, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++)
		if (!has_key(c, map, keys[i]))
			rerr(c, map, where ? "%s has no '%s'" : "missing '%s'%s",
			     where ? where : keys[i], where ? keys[i] : "");
}

static void
parse_evidence(struct rctx *c, yaml_node_t *v, struct rule *r)
{
	static const char *const required[] = {"id", "on", "effect", NULL};
	if (!is_list(c, v, "evidence"))
		return;
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		yaml_node_t *n = node_at(c, *it);
		if (!is_map(c, n, "each evidence entry"))
			continue;
		struct evidence *e = LIST_ADD(r->evidence, r->nevidence);
		e->line = n->start_mark.line + 1;
		e->at_least = e->at_most = -1;
		each_pair(c, n, "evidence", evidence_key, e);
		require_keys(c, n, "evidence", required);
		/* what ends a problem moves no confidence: no weight to give */
		if (!e->resolves && !has_key(c, n, "weight"))
			rerr(c, n, "evidence has no 'weight'");
		if (e->resolves && has_key(c, n, "weight"))
			rerr(c, n, "effect: resolves takes no weight");
		int people = e->on && strcmp(e->on, "people") == 0;
		if (people && e->at_least < 0 && e->at_most < 0)
			rerr(c, n, "on: people needs at_least or at_most");
		if (!people && (e->at_least >= 0 || e->at_most >= 0))
			rerr(c, n, "at_least and at_most go with on: people");
		for (size_t j = 0; e->id && j + 1 < r->nevidence; j++)
			if (r->evidence[j].id && strcmp(r->evidence[j].id, e->id) == 0)
				rerr(c, n, "duplicate evidence id '%s'", e->id);
	}
}

/* ---- fix, references, tests -------------------------------------------- */

static int
fix_key(struct rctx *c, const char *key, yaml_node_t *v, void *out)
{
	struct fix_step *f = out;
	if (strcmp(key, "owner") == 0)
		set_owner(c, v, key, &f->owner);
	else if (strcmp(key, "step") == 0)
		set_text(c, v, key, &f->step);
	else
		return -1;
	return 0;
}

/* A list of fix steps under key ("fix", "resolved_fix"). */
static void
parse_fix(struct rctx *c, yaml_node_t *v, const char *key, struct fix_step **list, size_t *n)
{
	static const char *const required[] = {"owner", "step", NULL};
	if (!is_list(c, v, key))
		return;
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		yaml_node_t *node = node_at(c, *it);
		if (!is_map(c, node, "each fix step"))
			continue;
		GROW_BY_COUNT(*list, *n);
		memset(&(*list)[*n], 0, sizeof(**list));
		each_pair(c, node, key, fix_key, &(*list)[(*n)++]);
		require_keys(c, node, "fix step", required);
	}
}

static void
parse_references(struct rctx *c, yaml_node_t *v, struct rule *r)
{
	if (!is_list(c, v, "references"))
		return;
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		char *s = text_of(c, node_at(c, *it), "references");
		if (s)
			*LIST_ADD(r->references, r->nreferences) = s;
	}
}

static int
expect_key(struct rctx *c, const char *key, yaml_node_t *v, void *out)
{
	struct rule_test *t = out;
	const char *s = yaml_scalar(v);
	uint64_t n;
	if (strcmp(key, "fires") == 0) {
		if (s && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0))
			t->fires = strcmp(s, "true") == 0;
		else
			rerr(c, v, "fires must be true or false");
	} else if (strcmp(key, "rank") == 0) {
		if (s && parse_uint(s, 1000, &n) == 0 && n > 0)
			t->rank = (int)n;
		else
			rerr(c, v, "rank must be a whole number from 1");
	} else if (strcmp(key, "state") == 0) {
		if (s && (strcmp(s, "open") == 0 || strcmp(s, "resolved") == 0))
			t->state = strcmp(s, "open") == 0 ? 1 : 2;
		else
			rerr(c, v, "state must be open or resolved");
	} else {
		return -1;
	}
	return 0;
}

static int
test_key(struct rctx *c, const char *key, yaml_node_t *v, void *out)
{
	struct rule_test *t = out;
	if (strcmp(key, "input") == 0)
		set_text(c, v, key, &t->input);
	else if (strcmp(key, "expect") == 0) {
		if (is_map(c, v, "expect"))
			each_pair(c, v, "expect", expect_key, t);
	} else
		return -1;
	return 0;
}

static void
parse_tests(struct rctx *c, yaml_node_t *v, struct rule *r)
{
	static const char *const required[] = {"input", "expect", NULL};
	if (!is_list(c, v, "tests"))
		return;
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		yaml_node_t *n = node_at(c, *it);
		if (!is_map(c, n, "each test"))
			continue;
		each_pair(c, n, "test", test_key, LIST_ADD(r->tests, r->ntests));
		require_keys(c, n, "test", required);
	}
}

/* ---- the rule ---------------------------------------------------------- */

static void
parse_cause(struct rctx *c, yaml_node_t *v, struct rule *r)
{
	const char *s = yaml_scalar(v);
	if (s == NULL)
		rerr(c, v, "'cause' must be text");
	else if ((r->cause = cause_find(s)) == NULL)
		rerr(c, v, "unknown cause '%s'", s);
}

static int
rule_key(struct rctx *c, const char *key, yaml_node_t *v, void *out)
{
	struct rule *r = out;
	int i;
	if (strcmp(key, "id") == 0) {
		set_text(c, v, key, &r->id);
		r->line = v->start_mark.line + 1;
	} else if (strcmp(key, "title") == 0)
		set_text(c, v, key, &r->title);
	else if (strcmp(key, "description") == 0)
		set_text(c, v, key, &r->description);
	else if (strcmp(key, "cause") == 0)
		parse_cause(c, v, r);
	else if (strcmp(key, "severity") == 0) {
		i = SEV_MEDIUM;
		parse_choice(c, v, key, severity_names, 5, "info, low, medium, high or critical", &i);
		r->severity = (enum severity)i;
	} else if (strcmp(key, "owner") == 0)
		set_owner(c, v, key, &r->owner);
	else if (strcmp(key, "confidence") == 0)
		set_unit(c, v, key, &r->confidence);
	else if (strcmp(key, "symptom") == 0) {
		detection_free(&r->symptom);
		if (detection_parse(c->doc, v, c->file, &r->symptom, c->diag) < 0)
			c->failed = 1;
	} else if (strcmp(key, "evidence") == 0)
		parse_evidence(c, v, r);
	else if (strcmp(key, "fix") == 0)
		parse_fix(c, v, key, &r->fix, &r->nfix);
	else if (strcmp(key, "resolved_fix") == 0)
		parse_fix(c, v, key, &r->resolved_fix, &r->nresolved_fix);
	else if (strcmp(key, "references") == 0)
		parse_references(c, v, r);
	else if (strcmp(key, "tests") == 0)
		parse_tests(c, v, r);
	else
		return -1;
	return 0;
}

static void
parse_rule(struct rctx *c, yaml_node_t *root, struct rule *r)
{
	static const char *const required[] = {
		"id", "title", "cause", "severity", "owner", "symptom", NULL,
	};
	r->confidence = CONFIDENCE_DEFAULT;
	r->line = root->start_mark.line + 1;
	if (!is_map(c, root, "a rule"))
		return;
	each_pair(c, root, NULL, rule_key, r);
	require_keys(c, root, NULL, required);
}

static void
rule_free(struct rule *r)
{
	free(r->id);
	free(r->title);
	free(r->description);
	free(r->owner);
	detection_free(&r->symptom);
	for (size_t i = 0; i < r->nevidence; i++) {
		struct evidence *e = &r->evidence[i];
		free(e->id);
		free(e->on);
		for (size_t k = 0; k < e->non_more; k++)
			free(e->on_more[k]);
		free(e->on_more);
		if (e->has_where)
			selection_free(&e->where);
		free(e->says);
		free(e->needs.export);
		free(e->needs.ask);
		free(e->needs.how);
		for (size_t k = 0; k < e->nsame; k++) {
			free(e->same_field[k]);
			free(e->same_symptom[k]);
		}
		free(e->same_field);
		free(e->same_symptom);
	}
	free(r->evidence);
	for (size_t i = 0; i < r->nfix; i++) {
		free(r->fix[i].owner);
		free(r->fix[i].step);
	}
	free(r->fix);
	for (size_t i = 0; i < r->nresolved_fix; i++) {
		free(r->resolved_fix[i].owner);
		free(r->resolved_fix[i].step);
	}
	free(r->resolved_fix);
	for (size_t i = 0; i < r->nreferences; i++)
		free(r->references[i]);
	free(r->references);
	for (size_t i = 0; i < r->ntests; i++)
		free(r->tests[i].input);
	free(r->tests);
	free(r->file);
}

/* ---- files and directories --------------------------------------------- */

void
ruleset_init(struct ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
}

void
ruleset_free(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		rule_free(&rs->v[i]);
	free(rs->v);
	book_free(&rs->book);
	diag_free(&rs->errors);
}

static void
add_plain_error(struct ruleset *rs, char *msg)
{
	GROW_BY_COUNT(rs->errors.v, rs->errors.n);
	rs->errors.v[rs->errors.n++] = msg;
}

/* Keep r unless its id is taken; consumes r either way. */
static void
keep_rule(struct ruleset *rs, struct rule *r)
{
	for (size_t i = 0; i < rs->n; i++) {
		if (strcmp(rs->v[i].id, r->id) == 0) {
			diag_add(&rs->errors, r->file, r->line, "duplicate rule id '%s' (first in %s:%zu)",
				 r->id, rs->v[i].file, rs->v[i].line);
			rule_free(r);
			return;
		}
	}
	GROW_BY_COUNT(rs->v, rs->n);
	rs->v[rs->n++] = *r;
}

static void
load_document(struct ruleset *rs, yaml_document_t *doc, const char *path)
{
	struct rctx c = {.doc = doc, .file = path, .diag = &rs->errors};
	yaml_node_t *root = yaml_document_get_root_node(doc);
	if (root == NULL) {
		diag_add(&rs->errors, path, 1, "empty file: no rule");
		return;
	}
	struct rule r;
	memset(&r, 0, sizeof(r));
	r.file = xstrdup(path);
	parse_rule(&c, root, &r);
	if (c.failed)
		rule_free(&r);
	else
		keep_rule(rs, &r);
}

/* Parse what the parser was given, as the rule file named path. */
static void
load_with(struct ruleset *rs, yaml_parser_t *parser, const char *path)
{
	yaml_document_t doc;
	if (!yaml_parser_load(parser, &doc)) {
		diag_add(&rs->errors, path, parser->problem_mark.line + 1, "YAML: %s",
			 parser->problem ? parser->problem : "cannot parse");
	} else {
		load_document(rs, &doc, path);
		yaml_document_delete(&doc);
	}
}

size_t
ruleset_load_file(struct ruleset *rs, const char *path)
{
	size_t before = rs->errors.n;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		add_plain_error(rs, xasprintf("%s: cannot read: %s", path, strerror(errno)));
		return 1;
	}
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	load_with(rs, &parser, path);
	yaml_parser_delete(&parser);
	fclose(f);
	return rs->errors.n - before;
}

size_t
ruleset_load_memory(struct ruleset *rs, const char *name, const unsigned char *data, size_t len)
{
	size_t before = rs->errors.n;
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, data, len);
	load_with(rs, &parser, name);
	yaml_parser_delete(&parser);
	return rs->errors.n - before;
}

size_t
ruleset_load_builtin(struct ruleset *rs)
{
	static const char book_dir[] = "rules/book/";
	size_t errors = 0;
	for (const struct builtin_file *f = builtin_rules; f->name; f++) {
		if (strncmp(f->name, book_dir, sizeof(book_dir) - 1) == 0)
			errors += book_load_memory(&rs->book, f->name, f->data, f->len, &rs->errors);
		else
			errors += ruleset_load_memory(rs, f->name, f->data, f->len);
	}
	return errors;
}

size_t
ruleset_load_defaults(struct ruleset *rs)
{
	const char *env = getenv("TRIAGE_RULES_DIR");
	if (env && *env)
		return ruleset_load_dir(rs, env);
	return ruleset_load_builtin(rs);
}

const char *
ruleset_defaults_name(void)
{
	const char *env = getenv("TRIAGE_RULES_DIR");
	return env && *env ? env : "the rules built into triage";
}

static int
is_rule_file(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return 0;
	return (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
	       (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
ruleset_load_dir(struct ruleset *rs, const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		add_plain_error(rs, xasprintf("%s: cannot read: %s", dir, strerror(errno)));
		return 1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (is_rule_file(de->d_name))
			*LIST_ADD(names, n) = xstrdup(de->d_name);
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	size_t len = strlen(dir), errors = 0;
	const char *sep = len && dir[len - 1] == '/' ? "" : "/";
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s%s%s", dir, sep, names[i]);
		errors += ruleset_load_file(rs, path);
		free(path);
		free(names[i]);
	}
	free(names);
	char *book = xasprintf("%s%sbook", dir, sep);
	errors += book_load_dir(&rs->book, book, &rs->errors);
	free(book);
	return errors;
}
