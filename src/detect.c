/* detect.c - Sigma-style detection: parsing selections and conditions from
 * a YAML document, and matching them against records (doc/rules.md). */
#include "config.h"

#include "detect.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

enum cond_type { C_SEL, C_AND, C_OR, C_NOT, C_ONE_OF, C_ALL_OF };

struct cond {
	enum cond_type type;
	struct cond *a, *b;	/* C_AND, C_OR; C_NOT uses a */
	size_t *sels;		/* C_SEL (one), C_ONE_OF, C_ALL_OF */
	size_t nsels;
};

/* ---- errors ------------------------------------------------------------ */

void
diag_add(struct diag *d, const char *file, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	GROW_BY_COUNT(d->v, d->n);
	d->v[d->n++] = xasprintf("%s:%zu: %s", file, line, msg);
	free(msg);
}

void
diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i]);
	free(d->v);
	d->v = NULL;
	d->n = 0;
}

/* ---- YAML helpers ------------------------------------------------------ */

const char *
yaml_scalar(yaml_node_t *node)
{
	if (node == NULL || node->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)node->data.scalar.value;
}

static size_t
line_of(const yaml_node_t *node)
{
	return node->start_mark.line + 1;
}

/* ---- field tests ------------------------------------------------------- */

static const struct {
	const char *name;
	enum match_op op;
} op_names[] = {
	{"contains", OP_CONTAINS}, {"startswith", OP_STARTSWITH},
	{"endswith", OP_ENDSWITH}, {"re", OP_RE}, {"exists", OP_EXISTS},
	{"cidr", OP_CIDR}, {"gt", OP_GT}, {"gte", OP_GTE}, {"lt", OP_LT},
	{"lte", OP_LTE}, {"same_as", OP_SAME_AS},
};

static const char *
op_name(enum match_op op)
{
	for (size_t i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++)
		if (op_names[i].op == op)
			return op_names[i].name;
	return "equals";
}

/* Set one modifier on t; 0, or -1 after an error. */
static int
apply_modifier(struct field_test *t, const char *mod, const char *file, size_t line,
	       struct diag *diag)
{
	if (strcmp(mod, "cased") == 0) {
		t->cased = 1;
		return 0;
	}
	if (strcmp(mod, "not") == 0) {
		t->negate = 1;
		return 0;
	}
	if (strcmp(mod, "all") == 0) {
		t->all = 1;
		return 0;
	}
	for (size_t i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++) {
		if (strcmp(mod, op_names[i].name) != 0)
			continue;
		if (t->op != OP_EQ) {
			diag_add(diag, file, line, "field '%s': modifiers '%s' and '%s' cannot be combined",
				 t->name, op_name(t->op), mod);
			return -1;
		}
		t->op = op_names[i].op;
		return 0;
	}
	diag_add(diag, file, line, "unknown field modifier '%s'", mod);
	return -1;
}

/* Split "field|mod|mod" into t; 0, or -1 after an error. */
static int
parse_field_key(struct field_test *t, const char *key, const char *file, size_t line,
		struct diag *diag)
{
	const char *bar = strchr(key, '|');
	size_t n = bar ? (size_t)(bar - key) : strlen(key);
	t->name = xstrndup(key, n);
	if (n == 0) {
		diag_add(diag, file, line, "empty field name in '%s'", key);
		return -1;
	}
	if (strcmp(t->name, "kind") == 0)
		t->field = FIELD_KIND;
	else if ((t->field = field_by_name(t->name)) < 0)
		t->field = FIELD_EXTRA;
	int rc = 0;
	while (bar) {
		const char *mod = bar + 1;
		bar = strchr(mod, '|');
		char *m = xstrndup(mod, bar ? (size_t)(bar - mod) : strlen(mod));
		if (apply_modifier(t, m, file, line, diag) < 0)
			rc = -1;
		free(m);
	}
	return rc;
}

static int
parse_cidr(struct match_value *v, const char *text)
{
	const char *slash = strchr(text, '/');
	char host[64];
	size_t n = slash ? (size_t)(slash - text) : strlen(text);
	if (n == 0 || n >= sizeof(host))
		return -1;
	memcpy(host, text, n);
	host[n] = '\0';
	memset(v->addr, 0, sizeof(v->addr));
	if (inet_pton(AF_INET, host, v->addr) == 1)
		v->family = AF_INET;
	else if (inet_pton(AF_INET6, host, v->addr) == 1)
		v->family = AF_INET6;
	else
		return -1;
	int max = v->family == AF_INET ? 32 : 128;
	uint64_t bits = (uint64_t)max;
	if (slash && parse_uint(slash + 1, (uint64_t)max, &bits) < 0)
		return -1;
	v->bits = (int)bits;
	return 0;
}

static int
parse_number(const char *s, double *out)
{
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (end == s || *end != '\0' || errno == ERANGE)
		return -1;
	*out = d;
	return 0;
}

/* Prepare one value of t (compile, parse); 0, or -1 after an error. */
static int
prepare_value(const struct field_test *t, struct match_value *v, const char *file,
	      size_t line, struct diag *diag)
{
	if (t->op == OP_RE) {
		int err;
		PCRE2_SIZE off;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)v->text, PCRE2_ZERO_TERMINATED,
					       PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
		if (re == NULL) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(err, msg, sizeof(msg));
			diag_add(diag, file, line, "field '%s': bad regular expression '%s': %s at offset %zu",
				 t->name, v->text, (const char *)msg, (size_t)off);
			return -1;
		}
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);	/* optional */
		v->re = re;
	} else if (t->op == OP_CIDR) {
		if (parse_cidr(v, v->text) < 0) {
			diag_add(diag, file, line, "field '%s': bad CIDR '%s'", t->name, v->text);
			return -1;
		}
	} else if (t->op == OP_SAME_AS) {
		if (strcmp(v->text, "kind") == 0)
			v->field = FIELD_KIND;
		else if ((v->field = field_by_name(v->text)) < 0)
			v->field = FIELD_EXTRA;
	} else if (t->op >= OP_GT) {
		if (parse_number(v->text, &v->num) < 0) {
			diag_add(diag, file, line, "field '%s': '%s' is not a number", t->name, v->text);
			return -1;
		}
	}
	return 0;
}

static int
add_value(struct field_test *t, yaml_node_t *node, const char *file, struct diag *diag)
{
	const char *s = yaml_scalar(node);
	if (s == NULL) {
		diag_add(diag, file, line_of(node), "field '%s': values must be text or a list of text",
			 t->name);
		return -1;
	}
	GROW_BY_COUNT(t->values, t->nvalues);
	struct match_value *v = &t->values[t->nvalues++];
	memset(v, 0, sizeof(*v));
	v->text = xstrdup(s);
	return prepare_value(t, v, file, line_of(node), diag);
}

static int
parse_exists(struct field_test *t, yaml_node_t *val, const char *file, struct diag *diag)
{
	const char *s = yaml_scalar(val);
	if (s && strcasecmp(s, "true") == 0)
		t->exists = 1;
	else if (s && strcasecmp(s, "false") == 0)
		t->exists = 0;
	else {
		diag_add(diag, file, line_of(val), "field '%s': |exists takes true or false",
			 t->name);
		return -1;
	}
	return 0;
}

static int
parse_field_test(yaml_document_t *doc, yaml_node_t *key, yaml_node_t *val,
		 const char *file, struct field_test *t, struct diag *diag)
{
	memset(t, 0, sizeof(*t));
	const char *k = yaml_scalar(key);
	if (k == NULL) {
		diag_add(diag, file, line_of(key), "field names must be text");
		return -1;
	}
	if (parse_field_key(t, k, file, line_of(key), diag) < 0)
		return -1;
	if (t->op == OP_EXISTS)
		return parse_exists(t, val, file, diag);
	if (val->type != YAML_SEQUENCE_NODE)
		return add_value(t, val, file, diag);
	int rc = 0;
	for (yaml_node_item_t *it = val->data.sequence.items.start;
	     it < val->data.sequence.items.top; it++)
		if (add_value(t, yaml_document_get_node(doc, *it), file, diag) < 0)
			rc = -1;
	if (t->nvalues == 0) {
		diag_add(diag, file, line_of(val), "field '%s': no values", t->name);
		rc = -1;
	}
	return rc;
}

static void
field_test_free(struct field_test *t)
{
	for (size_t i = 0; i < t->nvalues; i++) {
		free(t->values[i].text);
		pcre2_code_free(t->values[i].re);
	}
	free(t->values);
	free(t->name);
}

/* ---- selections -------------------------------------------------------- */

static int
parse_test_map(yaml_document_t *doc, yaml_node_t *node, const char *file,
	       const char *name, struct test_map *m, struct diag *diag)
{
	if (node->type != YAML_MAPPING_NODE) {
		diag_add(diag, file, line_of(node), "selection '%s' must be a map or a list of maps",
			 name);
		return -1;
	}
	int rc = 0;
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
	     p < node->data.mapping.pairs.top; p++) {
		GROW_BY_COUNT(m->tests, m->ntests);
		if (parse_field_test(doc, yaml_document_get_node(doc, p->key),
				     yaml_document_get_node(doc, p->value), file,
				     &m->tests[m->ntests++], diag) < 0)
			rc = -1;
	}
	if (m->ntests == 0) {
		diag_add(diag, file, line_of(node), "selection '%s' is empty", name);
		rc = -1;
	}
	return rc;
}

static struct test_map *
add_map(struct selection *s)
{
	GROW_BY_COUNT(s->maps, s->nmaps);
	struct test_map *m = &s->maps[s->nmaps++];
	memset(m, 0, sizeof(*m));
	return m;
}

int
selection_parse(yaml_document_t *doc, yaml_node_t *node, const char *file,
		const char *name, struct selection *s, struct diag *diag)
{
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	int rc = 0;
	if (node->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = node->data.sequence.items.start;
		     it < node->data.sequence.items.top; it++)
			if (parse_test_map(doc, yaml_document_get_node(doc, *it), file, name,
					   add_map(s), diag) < 0)
				rc = -1;
		if (s->nmaps == 0) {
			diag_add(diag, file, line_of(node), "selection '%s' is empty", name);
			rc = -1;
		}
	} else {
		rc = parse_test_map(doc, node, file, name, add_map(s), diag);
	}
	if (rc < 0)
		selection_free(s);
	return rc;
}

void
selection_free(struct selection *s)
{
	for (size_t i = 0; i < s->nmaps; i++) {
		for (size_t j = 0; j < s->maps[i].ntests; j++)
			field_test_free(&s->maps[i].tests[j]);
		free(s->maps[i].tests);
	}
	free(s->maps);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

/* ---- conditions -------------------------------------------------------- */

struct cparse {
	const char *s;		/* the condition text */
	size_t pos;
	const char *tok;	/* current token, tlen bytes; tlen 0 at the end */
	size_t tlen;
	const struct detection *d;
	char *err;		/* the first error */
};

static int
is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '*' || c == '?' || c == '.' || c == '-' || c == '[' || c == ']';
}

static void
next_token(struct cparse *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n')
		p->pos++;
	p->tok = p->s + p->pos;
	if (p->s[p->pos] == '\0') {
		p->tlen = 0;
		return;
	}
	size_t n = 0;
	if (p->tok[0] == '(' || p->tok[0] == ')')
		n = 1;
	else
		while (is_word_char(p->tok[n]))
			n++;
	if (n == 0)
		n = 1;		/* a stray character: an error at the parser */
	p->tlen = n;
	p->pos += n;
}

static int
tok_is(const struct cparse *p, const char *word)
{
	return p->tlen == strlen(word) && strncmp(p->tok, word, p->tlen) == 0;
}

static void
cond_error(struct cparse *p, const char *what)
{
	if (p->err)
		return;
	if (p->tlen == 0)
		p->err = xasprintf("condition: %s, found the end", what);
	else
		p->err = xasprintf("condition: %s, found '%.*s'", what, (int)p->tlen, p->tok);
}

static struct cond *
cond_new(enum cond_type type)
{
	struct cond *c = xcalloc(1, sizeof(*c));
	c->type = type;
	return c;
}

static void
cond_free(struct cond *c)
{
	if (c == NULL)
		return;
	cond_free(c->a);
	cond_free(c->b);
	free(c->sels);
	free(c);
}

static struct cond *parse_or(struct cparse *p);

/* "1 of PATTERN" / "all of PATTERN"; the count word is the current token. */
static struct cond *
parse_of(struct cparse *p)
{
	struct cond *c = cond_new(tok_is(p, "all") ? C_ALL_OF : C_ONE_OF);
	next_token(p);
	if (!tok_is(p, "of")) {
		cond_error(p, "expected 'of'");
		cond_free(c);
		return NULL;
	}
	next_token(p);
	if (p->tlen == 0 || p->tok[0] == '(' || p->tok[0] == ')') {
		cond_error(p, "expected a selection pattern or 'them'");
		cond_free(c);
		return NULL;
	}
	char *pat = xstrndup(p->tok, p->tlen);
	int them = strcmp(pat, "them") == 0;
	for (size_t i = 0; i < p->d->nsels; i++) {
		if (them || fnmatch(pat, p->d->sels[i].name, 0) == 0) {
			GROW_BY_COUNT(c->sels, c->nsels);
			c->sels[c->nsels++] = i;
		}
	}
	if (c->nsels == 0 && !p->err)
		p->err = xasprintf("condition: '%s' matches no selection", pat);
	free(pat);
	next_token(p);
	return c;
}

static struct cond *
parse_name(struct cparse *p)
{
	for (size_t i = 0; i < p->d->nsels; i++) {
		const char *n = p->d->sels[i].name;
		if (strlen(n) == p->tlen && strncmp(n, p->tok, p->tlen) == 0) {
			struct cond *c = cond_new(C_SEL);
			GROW_BY_COUNT(c->sels, c->nsels);
			c->sels[c->nsels++] = i;
			next_token(p);
			return c;
		}
	}
	if (!p->err)
		p->err = xasprintf("condition: unknown selection '%.*s'", (int)p->tlen, p->tok);
	return NULL;
}

static struct cond *
parse_primary(struct cparse *p)
{
	if (tok_is(p, "(")) {
		next_token(p);
		struct cond *c = parse_or(p);
		if (c && !tok_is(p, ")")) {
			cond_error(p, "expected ')'");
			cond_free(c);
			return NULL;
		}
		next_token(p);
		return c;
	}
	if (tok_is(p, "1") || tok_is(p, "all") || tok_is(p, "any"))
		return parse_of(p);
	if (p->tlen == 0 || !is_word_char(p->tok[0]) || tok_is(p, "and") || tok_is(p, "or") ||
	    tok_is(p, "of") || tok_is(p, "them")) {
		cond_error(p, "expected a selection, 'not', '(' or '1 of'");
		return NULL;
	}
	return parse_name(p);
}

static struct cond *
parse_not(struct cparse *p)
{
	if (!tok_is(p, "not"))
		return parse_primary(p);
	next_token(p);
	struct cond *a = parse_not(p);
	if (a == NULL)
		return NULL;
	struct cond *c = cond_new(C_NOT);
	c->a = a;
	return c;
}

/* Left-associative chain of next() joined by word. */
static struct cond *
parse_chain(struct cparse *p, const char *word, enum cond_type type,
	    struct cond *(*next)(struct cparse *))
{
	struct cond *left = next(p);
	while (left && tok_is(p, word)) {
		next_token(p);
		struct cond *right = next(p);
		if (right == NULL) {
			cond_free(left);
			return NULL;
		}
		struct cond *c = cond_new(type);
		c->a = left;
		c->b = right;
		left = c;
	}
	return left;
}

static struct cond *
parse_and(struct cparse *p)
{
	return parse_chain(p, "and", C_AND, parse_not);
}

static struct cond *
parse_or(struct cparse *p)
{
	return parse_chain(p, "or", C_OR, parse_and);
}

/* Parse text against the selections of d; NULL with *err set on error. */
static struct cond *
cond_parse(const char *text, const struct detection *d, char **err)
{
	struct cparse p = {.s = text, .d = d};
	next_token(&p);
	struct cond *c = parse_or(&p);
	if (c && p.tlen != 0)
		cond_error(&p, "expected 'and', 'or' or the end");
	if (p.err) {
		cond_free(c);
		*err = p.err;
		return NULL;
	}
	return c;
}

/* ---- detections -------------------------------------------------------- */

static int
has_selection(const struct detection *d, const char *name)
{
	for (size_t i = 0; i < d->nsels; i++)
		if (strcmp(d->sels[i].name, name) == 0)
			return 1;
	return 0;
}

/* Parse every selection of node; the condition's node goes to *cnode. */
static int
parse_selections(yaml_document_t *doc, yaml_node_t *node, const char *file,
		 struct detection *d, yaml_node_t **cnode, struct diag *diag)
{
	int rc = 0;
	for (yaml_node_pair_t *pr = node->data.mapping.pairs.start;
	     pr < node->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(doc, pr->value);
		const char *name = yaml_scalar(k);
		if (name == NULL) {
			diag_add(diag, file, line_of(k), "selection names must be text");
			rc = -1;
		} else if (strcmp(name, "condition") == 0) {
			*cnode = v;
		} else if (has_selection(d, name)) {
			diag_add(diag, file, line_of(k), "duplicate selection '%s'", name);
			rc = -1;
		} else {
			struct selection s;
			if (selection_parse(doc, v, file, name, &s, diag) < 0) {
				rc = -1;
				s.name = xstrdup(name);	/* keep the name for the condition */
			}
			GROW_BY_COUNT(d->sels, d->nsels);
			d->sels[d->nsels++] = s;
		}
	}
	return rc;
}

static int
parse_condition(yaml_node_t *cnode, yaml_node_t *node, const char *file,
		struct detection *d, struct diag *diag)
{
	if (cnode == NULL) {
		diag_add(diag, file, line_of(node), "detection has no condition");
		return -1;
	}
	const char *text = yaml_scalar(cnode);
	if (text == NULL) {
		diag_add(diag, file, line_of(cnode), "condition must be text");
		return -1;
	}
	char *err = NULL;
	d->cond = cond_parse(text, d, &err);
	if (d->cond == NULL) {
		diag_add(diag, file, line_of(cnode), "%s", err);
		free(err);
		return -1;
	}
	return 0;
}

int
detection_parse(yaml_document_t *doc, yaml_node_t *node, const char *file,
		struct detection *d, struct diag *diag)
{
	memset(d, 0, sizeof(*d));
	if (node->type != YAML_MAPPING_NODE) {
		diag_add(diag, file, line_of(node),
			 "detection must be a map of selections and a condition");
		return -1;
	}
	yaml_node_t *cnode = NULL;
	int rc = parse_selections(doc, node, file, d, &cnode, diag);
	if (d->nsels == 0) {
		diag_add(diag, file, line_of(node), "detection has no selections");
		rc = -1;
	}
	if (parse_condition(cnode, node, file, d, diag) < 0)
		rc = -1;
	if (rc < 0)
		detection_free(d);
	return rc;
}

void
detection_free(struct detection *d)
{
	for (size_t i = 0; i < d->nsels; i++)
		selection_free(&d->sels[i]);
	free(d->sels);
	cond_free(d->cond);
	memset(d, 0, sizeof(*d));
}

/* ---- matching ---------------------------------------------------------- */

/* ---- what was already answered --------------------------------------------
 *
 * The same rule tests the same few values (a code, a status, a failure
 * reason, a user agent) on record after record; the store interns them,
 * so a test of a value against a string id has one answer for the whole
 * store.  The memo keeps those answers (and the key id of each extra
 * field a test names), up to MEMO_MAX of them: past that it starts again,
 * so memory stays bounded whatever the input. */

#define MEMO_KEY UINT32_MAX	/* id of an entry holding a field test's key id */
#define MEMO_MAX (1u << 17)

struct memo_ent {
	const void *what;	/* the match_value (or, with MEMO_KEY, the field
				 * test); NULL: an empty slot */
	uint32_t id;		/* the string id tested */
	uint32_t val;		/* the answer (the key id) */
};

struct match_memo {
	const struct store *st;
	struct memo_ent *v;
	size_t n, cap;
};

struct match_memo *
match_memo_new(const struct store *st)
{
	struct match_memo *mm = xcalloc(1, sizeof(*mm));
	mm->st = st;
	return mm;
}

void
match_memo_free(struct match_memo *mm)
{
	if (mm == NULL)
		return;
	free(mm->v);
	free(mm);
}

size_t
match_memo_entries(const struct match_memo *mm)
{
	return mm->n;
}

static struct memo_ent *
memo_slot(const struct match_memo *mm, const void *what, uint32_t id)
{
	size_t mask = mm->cap - 1;
	size_t j = (size_t)mix64((uint64_t)(uintptr_t)what ^ (uint64_t)id << 32 ^ id) & mask;
	while (mm->v[j].what && (mm->v[j].what != what || mm->v[j].id != id))
		j = (j + 1) & mask;
	return &mm->v[j];
}

static int
memo_get(const struct match_memo *mm, const void *what, uint32_t id, uint32_t *val)
{
	if (mm->n == 0)
		return 0;
	const struct memo_ent *e = memo_slot(mm, what, id);
	if (e->what == NULL)
		return 0;
	*val = e->val;
	return 1;
}

static void
memo_put(struct match_memo *mm, const void *what, uint32_t id, uint32_t val)
{
	if (mm->n >= MEMO_MAX) {
		memset(mm->v, 0, mm->cap * sizeof(*mm->v));
		mm->n = 0;
	}
	if (2 * (mm->n + 1) > mm->cap) {
		struct memo_ent *old = mm->v;
		size_t oldcap = mm->cap;
		mm->cap = oldcap ? 2 * oldcap : 256;
		mm->v = xcalloc(mm->cap, sizeof(*mm->v));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].what)
				*memo_slot(mm, old[i].what, old[i].id) = old[i];
		free(old);
	}
	*memo_slot(mm, what, id) = (struct memo_ent){what, id, val};
	mm->n++;
}

/* The key id of the extra field t names (0: no record has it). */
static uint32_t
test_key(const struct field_test *t, const struct store *st, struct match_memo *mm)
{
	uint32_t key;
	if (mm && memo_get(mm, t, MEMO_KEY, &key))
		return key;
	key = store_lookup(st, t->name);
	if (mm)
		memo_put(mm, t, MEMO_KEY, key);
	return key;
}

/* The values a record holds for a field test: one, or an extra's list. */
struct values {
	const struct store *st;
	uint32_t one;
	struct extras kv;
	size_t n, i;
	uint32_t key;
};

static void
values_init(struct values *it, const struct field_test *t, const struct store *st,
	    const struct record *r, struct match_memo *mm)
{
	memset(it, 0, sizeof(*it));
	it->st = st;
	if (t->field == FIELD_KIND) {
		it->one = r->kind;
	} else if (t->field >= 0) {
		it->one = r->field[t->field];
	} else if ((it->key = test_key(t, st, mm)) != 0) {
		it->kv = rec_extras(st, r);
		it->n = r->nextra;
	}
}

/* The string id of the next value, 0 after the last. */
static uint32_t
values_next_id(struct values *it)
{
	if (it->one) {
		uint32_t id = it->one;
		it->one = 0;
		return id;
	}
	for (; it->i < it->n; it->i++)
		if (it->kv.key[it->i] == it->key)
			return it->kv.value[it->i++];
	return 0;
}

static const char *
values_next(struct values *it)
{
	uint32_t id = values_next_id(it);
	return id ? store_str(it->st, id) : NULL;
}

static int
has_suffix(const char *s, const char *suffix, int cased)
{
	if (!cased)
		return str_has_suffix_ci(s, suffix);
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int
match_eq(const struct field_test *t, const char *want, const char *s)
{
	size_t n = strlen(want);
	if (t->field == FIELD_KIND && n >= 2 && strcmp(want + n - 2, ".*") == 0)
		return t->cased ? strncmp(s, want, n - 1) == 0 : strncasecmp(s, want, n - 1) == 0;
	return t->cased ? strcmp(s, want) == 0 : strcasecmp(s, want) == 0;
}

static int
match_re(const struct match_value *v, const char *s)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	if (md == NULL)
		fatal("out of memory");
	int rc = pcre2_match(v->re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

static int
match_cidr(const struct match_value *v, const char *s)
{
	unsigned char a[16];
	int family = strchr(s, ':') ? AF_INET6 : AF_INET;
	if (family != v->family || inet_pton(family, s, a) != 1)
		return 0;
	int full = v->bits / 8, rest = v->bits % 8;
	if (memcmp(a, v->addr, (size_t)full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	unsigned mask = (0xffu << (8 - rest)) & 0xffu;
	return (a[full] & mask) == (v->addr[full] & mask);
}

static int
match_num(enum match_op op, double want, const char *s)
{
	double d;
	if (parse_number(s, &d) < 0)
		return 0;
	switch (op) {
	case OP_GT: return d > want;
	case OP_GTE: return d >= want;
	case OP_LT: return d < want;
	default: return d <= want;
	}
}

/* Does the record value s match the wanted value v? */
static int
match_one(const struct field_test *t, const struct match_value *v, const char *s)
{
	switch (t->op) {
	case OP_EQ:
		return match_eq(t, v->text, s);
	case OP_CONTAINS:
		return t->cased ? strstr(s, v->text) != NULL
				: mem_find_ci(s, strlen(s), v->text) != NULL;
	case OP_STARTSWITH:
		return t->cased ? strncmp(s, v->text, strlen(v->text)) == 0
				: str_starts_with_ci(s, v->text);
	case OP_ENDSWITH:
		return has_suffix(s, v->text, t->cased);
	case OP_RE:
		return match_re(v, s);
	case OP_CIDR:
		return match_cidr(v, s);
	case OP_EXISTS:
		return 1;
	default:
		return match_num(t->op, v->num, s);
	}
}

/* Does any value of the field match v?  Asked of the memo first. */
static int
any_value_matches(const struct field_test *t, const struct match_value *v,
		  const struct store *st, const struct record *r, struct match_memo *mm)
{
	struct values it;
	values_init(&it, t, st, r, mm);
	int memo = mm != NULL;
	uint32_t id;
	while ((id = values_next_id(&it)) != 0) {
		uint32_t res;
		if (!memo || !memo_get(mm, v, id, &res)) {
			res = (uint32_t)match_one(t, v, store_str(st, id));
			if (memo)
				memo_put(mm, v, id, res);
		}
		if (res)
			return 1;
	}
	return 0;
}

/* |same_as: does a value of the field equal (any case) a value of the
 * other field v names, on the same record? */
static int
same_as(const struct field_test *t, const struct match_value *v, const struct store *st,
	const struct record *r)
{
	struct field_test other = {.name = v->text, .field = v->field};
	struct values a;
	values_init(&a, t, st, r, NULL);
	const char *x;
	while ((x = values_next(&a)) != NULL) {
		struct values b;
		values_init(&b, &other, st, r, NULL);
		const char *y;
		while ((y = values_next(&b)) != NULL)
			if (t->cased ? strcmp(x, y) == 0 : strcasecmp(x, y) == 0)
				return 1;
	}
	return 0;
}

static int
test_holds(const struct field_test *t, const struct store *st, const struct record *r,
	   struct match_memo *mm)
{
	int res;
	if (t->op == OP_SAME_AS) {
		res = 0;
		for (size_t i = 0; i < t->nvalues && !res; i++)
			res = same_as(t, &t->values[i], st, r);
	} else if (t->op == OP_EXISTS) {
		struct values it;
		values_init(&it, t, st, r, mm);
		res = (values_next_id(&it) != 0) == t->exists;
	} else {
		res = t->all;
		for (size_t i = 0; i < t->nvalues; i++) {
			int m = any_value_matches(t, &t->values[i], st, r, mm);
			if (m != t->all) {
				res = m;
				break;
			}
		}
	}
	return t->negate ? !res : res;
}

static int
selection_holds(const struct selection *s, const struct store *st, const struct record *r,
		struct match_memo *mm)
{
	for (size_t i = 0; i < s->nmaps; i++) {
		const struct test_map *m = &s->maps[i];
		size_t j = 0;
		while (j < m->ntests && test_holds(&m->tests[j], st, r, mm))
			j++;
		if (j == m->ntests)
			return 1;
	}
	return 0;
}

int
selection_match(const struct selection *s, const struct store *st, const struct record *r)
{
	return selection_holds(s, st, r, NULL);
}

int
selection_match_memo(const struct selection *s, const struct store *st,
		     const struct record *r, struct match_memo *mm)
{
	if (mm && mm->st != st)
		fatal("detect: a memo of another store");
	return selection_holds(s, st, r, mm);
}

static int
cond_eval(const struct cond *c, const struct detection *d, const struct store *st,
	  const struct record *r, struct match_memo *mm)
{
	switch (c->type) {
	case C_SEL:
		return selection_holds(&d->sels[c->sels[0]], st, r, mm);
	case C_AND:
		return cond_eval(c->a, d, st, r, mm) && cond_eval(c->b, d, st, r, mm);
	case C_OR:
		return cond_eval(c->a, d, st, r, mm) || cond_eval(c->b, d, st, r, mm);
	case C_NOT:
		return !cond_eval(c->a, d, st, r, mm);
	case C_ONE_OF:
		for (size_t i = 0; i < c->nsels; i++)
			if (selection_holds(&d->sels[c->sels[i]], st, r, mm))
				return 1;
		return 0;
	case C_ALL_OF:
		for (size_t i = 0; i < c->nsels; i++)
			if (!selection_holds(&d->sels[c->sels[i]], st, r, mm))
				return 0;
		return 1;
	}
	return 0;
}

int
detect_match_memo(const struct detection *d, const struct store *st, const struct record *r,
		  struct match_memo *mm)
{
	if (mm && mm->st != st)
		fatal("detect: a memo of another store");
	return d->cond ? cond_eval(d->cond, d, st, r, mm) : 0;
}

int
detect_match(const struct detection *d, const struct store *st, const struct record *r)
{
	return detect_match_memo(d, st, r, NULL);
}

/* ---- records alike to a set of detections ------------------------------------ */

/* A field some detection reads: the kind, a common field or an extra key. */
struct read_slot {
	uint32_t key;			/* an extra's key id; 0 for the others */
	int raw;			/* compared by text (a |same_as reads it) */
	int used;
	const struct field_test **tests;	/* the tests of it that match values */
	size_t ntests, captests;
	size_t nanswers;		/* answers per value: the tests' values */
	unsigned char *classes;		/* nclasses vectors of nanswers answers */
	size_t nclasses, capbytes;
};

struct detect_classes {
	const struct store *st;
	struct read_slot fixed[F_COUNT + 1];	/* common fields, then the kind */
	struct read_slot *extra;		/* sorted by key */
	size_t nextra, capextra;
	/* (slot, value id) -> class, open addressing, at most half full */
	uint64_t *mkeys;
	uint32_t *mvals;
	size_t mcap, mn;
	unsigned char *tmp;
	size_t captmp;
};

struct detect_classes *
detect_classes_new(const struct store *st)
{
	struct detect_classes *dc = xcalloc(1, sizeof(*dc));
	dc->st = st;
	return dc;
}

/* The slot of an extra key (its index among the extras), or -1. */
static long
extra_slot(const struct detect_classes *dc, uint32_t key, size_t *at)
{
	size_t lo = 0, hi = dc->nextra;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (dc->extra[mid].key == key)
			return (long)mid;
		if (dc->extra[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (at)
		*at = lo;
	return -1;
}

/* The slot a field (as a test names it) is read from; NULL for an extra
 * no record has (no record differs in it). */
static struct read_slot *
slot_of(struct detect_classes *dc, int field, const char *name)
{
	if (field == FIELD_KIND)
		return &dc->fixed[F_COUNT];
	if (field >= 0)
		return &dc->fixed[field];
	uint32_t key = store_lookup(dc->st, name);
	if (key == 0)
		return NULL;
	size_t at = 0;
	long i = extra_slot(dc, key, &at);
	if (i >= 0)
		return &dc->extra[i];
	GROW(dc->extra, dc->nextra, dc->capextra);
	memmove(dc->extra + at + 1, dc->extra + at, (dc->nextra - at) * sizeof(*dc->extra));
	memset(&dc->extra[at], 0, sizeof(dc->extra[at]));
	dc->extra[at].key = key;
	dc->nextra++;
	return &dc->extra[at];
}

void
detect_classes_add(struct detect_classes *dc, const struct detection *d)
{
	if (dc->mn)
		fatal("detect: a detection added after records were classed");
	for (size_t s = 0; s < d->nsels; s++)
		for (size_t m = 0; m < d->sels[s].nmaps; m++) {
			const struct test_map *tm = &d->sels[s].maps[m];
			for (size_t t = 0; t < tm->ntests; t++) {
				const struct field_test *ft = &tm->tests[t];
				struct read_slot *sl = slot_of(dc, ft->field, ft->name);
				if (sl == NULL)
					continue;
				sl->used = 1;
				if (ft->op == OP_SAME_AS) {
					sl->raw = 1;
					for (size_t v = 0; v < ft->nvalues; v++) {
						struct read_slot *o = slot_of(dc, ft->values[v].field,
									      ft->values[v].text);
						if (o)
							o->used = o->raw = 1;
					}
				} else if (ft->op != OP_EXISTS) {
					/* presence alone is in the order of the fields */
					GROW(sl->tests, sl->ntests, sl->captests);
					sl->tests[sl->ntests++] = ft;
					sl->nanswers += ft->nvalues;
				}
			}
		}
}

void
detect_classes_free(struct detect_classes *dc)
{
	if (dc == NULL)
		return;
	for (size_t i = 0; i <= F_COUNT; i++) {
		free(dc->fixed[i].tests);
		free(dc->fixed[i].classes);
	}
	for (size_t i = 0; i < dc->nextra; i++) {
		free(dc->extra[i].tests);
		free(dc->extra[i].classes);
	}
	free(dc->extra);
	free(dc->mkeys);
	free(dc->mvals);
	free(dc->tmp);
	free(dc);
}

static size_t
map_find(const struct detect_classes *dc, uint64_t key)
{
	size_t j = (size_t)mix64(key) & (dc->mcap - 1);
	while (dc->mkeys[j] && dc->mkeys[j] != key)
		j = (j + 1) & (dc->mcap - 1);
	return j;
}

static void
map_put(struct detect_classes *dc, uint64_t key, uint32_t val)
{
	if (2 * (dc->mn + 1) > dc->mcap) {
		uint64_t *ok = dc->mkeys;
		uint32_t *ov = dc->mvals;
		size_t ocap = dc->mcap;
		dc->mcap = ocap ? 2 * ocap : 1024;
		dc->mkeys = xcalloc(dc->mcap, sizeof(*dc->mkeys));
		dc->mvals = xcalloc(dc->mcap, sizeof(*dc->mvals));
		for (size_t i = 0; i < ocap; i++)
			if (ok[i]) {
				size_t j = map_find(dc, ok[i]);
				dc->mkeys[j] = ok[i];
				dc->mvals[j] = ov[i];
			}
		free(ok);
		free(ov);
	}
	size_t j = map_find(dc, key);
	if (dc->mkeys[j] == 0)
		dc->mn++;
	dc->mkeys[j] = key;
	dc->mvals[j] = val;
}

/* The class of value id in slot number sno: 0 for none, the id itself
 * where the text counts, else 1 + the index of its answers among the
 * slot's distinct ones. */
static uint32_t
value_class(struct detect_classes *dc, struct read_slot *sl, size_t sno, uint32_t id)
{
	if (id == 0 || sl->raw)
		return id;
	if (sl->nanswers == 0)
		return 1;
	uint64_t key = (uint64_t)(sno + 1) << 32 | id;
	if (dc->mcap) {
		size_t j = map_find(dc, key);
		if (dc->mkeys[j])
			return dc->mvals[j];
	}
	if (sl->nanswers > dc->captmp) {
		free(dc->tmp);
		dc->captmp = sl->nanswers;
		dc->tmp = xmalloc(dc->captmp);
	}
	const char *text = store_str(dc->st, id);
	size_t a = 0;
	for (size_t t = 0; t < sl->ntests; t++)
		for (size_t v = 0; v < sl->tests[t]->nvalues; v++)
			dc->tmp[a++] = (unsigned char)match_one(sl->tests[t], &sl->tests[t]->values[v],
								 text);
	size_t c;
	for (c = 0; c < sl->nclasses; c++)
		if (memcmp(sl->classes + c * sl->nanswers, dc->tmp, sl->nanswers) == 0)
			break;
	if (c == sl->nclasses) {
		size_t need = (c + 1) * sl->nanswers;
		if (need > sl->capbytes) {
			sl->capbytes = need > 2 * sl->capbytes ? need : 2 * sl->capbytes;
			sl->classes = xrealloc(sl->classes, sl->capbytes);
		}
		memcpy(sl->classes + c * sl->nanswers, dc->tmp, sl->nanswers);
		sl->nclasses++;
	}
	map_put(dc, key, (uint32_t)(c + 1));
	return (uint32_t)(c + 1);
}

/* The answers of r, one after another: the kind's and the common fields'
 * classes, then each extra read, as (slot, class), in the record's
 * order.  next() gives 1 and *v until there is no more. */
struct class_iter {
	const struct record *r;
	int fixed;		/* next fixed slot */
	size_t i;		/* next extra of r */
};

static int
class_next(struct detect_classes *dc, struct class_iter *it, uint64_t *v)
{
	for (; it->fixed <= F_COUNT; it->fixed++) {
		struct read_slot *sl = &dc->fixed[it->fixed];
		if (!sl->used)
			continue;
		uint32_t id = it->fixed == F_COUNT ? it->r->kind : it->r->field[it->fixed];
		*v = (uint64_t)(unsigned)it->fixed << 32 | value_class(dc, sl, (size_t)it->fixed, id);
		it->fixed++;
		return 1;
	}
	if (dc->nextra == 0)
		return 0;
	struct extras kv = rec_extras(dc->st, it->r);
	while (it->i < it->r->nextra) {
		size_t e = it->i++;
		long s = extra_slot(dc, kv.key[e], NULL);
		if (s < 0)
			continue;
		size_t sno = F_COUNT + 1 + (size_t)s;
		*v = (uint64_t)sno << 32 | value_class(dc, &dc->extra[s], sno, kv.value[e]);
		return 1;
	}
	return 0;
}

uint64_t
detect_classes_hash(struct detect_classes *dc, const struct record *r)
{
	uint64_t h = 0x9e3779b97f4a7c15u, v;
	struct class_iter it = {.r = r};
	while (class_next(dc, &it, &v))
		h = mix64(h ^ v);
	return h;
}

int
detect_classes_equal(struct detect_classes *dc, const struct record *a, const struct record *b)
{
	struct class_iter x = {.r = a}, y = {.r = b};
	for (;;) {
		uint64_t u = 0, v = 0;
		int more = class_next(dc, &x, &u);
		if (more != class_next(dc, &y, &v))
			return 0;
		if (!more)
			return 1;
		if (u != v)
			return 0;
	}
}
