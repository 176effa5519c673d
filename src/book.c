/* book.c - the error book (book.h). */
#include "config.h"

#include "book.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* What a text longer than this says past it is not read. */
#define BOOK_TEXT_MAX (64u << 10)

/* ---- normalising ------------------------------------------------------ */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "&amp;" and the other entities an error page or a copied mail holds;
 * returns the bytes used (0 when s is no entity) and the code point. */
static size_t
entity(const char *s, size_t n, uint32_t *cp)
{
	static const struct {
		const char *name;
		uint32_t cp;
	} names[] = {
		{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
		{"nbsp", ' '}, {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"ldquo", '"'},
		{"rdquo", '"'},
	};
	size_t end = 1;
	while (end < n && end < 12 && s[end] != ';')
		end++;
	if (end >= n || s[end] != ';' || end < 2)
		return 0;
	if (s[1] == '#') {
		uint32_t v = 0;
		int hex = s[2] == 'x' || s[2] == 'X';
		size_t i = hex ? 3 : 2;
		if (i >= end)
			return 0;
		for (; i < end; i++) {
			int d = hex ? hexval((unsigned char)s[i]) : (isdigit((unsigned char)s[i]) ? s[i] - '0' : -1);
			if (d < 0 || v > 0x10FFFF)
				return 0;
			v = v * (hex ? 16u : 10u) + (uint32_t)d;
		}
		*cp = v;
		return end + 1;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == end - 1 && strncmp(s + 1, names[i].name, end - 1) == 0) {
			*cp = names[i].cp;
			return end + 1;
		}
	return 0;
}

/* One pass of decoding: %XX, HTML entities, JSON escapes.  Returns 1 when
 * it changed something (a double-encoded redirect needs two). */
static int
decode_pass(struct buf *out, const char *s, size_t n)
{
	int changed = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t used;
		if (c == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			buf_addc(out, (char)(hexval((unsigned char)s[i + 1]) * 16 +
					     hexval((unsigned char)s[i + 2])));
			i += 2;
			changed = 1;
		} else if (c == '&' && (used = entity(s + i, n - i, &cp)) != 0) {
			buf_add_utf8(out, cp ? cp : ' ');
			i += used - 1;
			changed = 1;
		} else if (c == '\\' && i + 1 < n) {
			char e = s[i + 1];
			if (e == 'n' || e == 'r' || e == 't') {
				buf_addc(out, ' ');
				i++;
			} else if (e == 'u' && i + 5 < n && hexval((unsigned char)s[i + 2]) >= 0 &&
				   hexval((unsigned char)s[i + 3]) >= 0 &&
				   hexval((unsigned char)s[i + 4]) >= 0 &&
				   hexval((unsigned char)s[i + 5]) >= 0) {
				cp = 0;
				for (size_t k = 2; k < 6; k++)
					cp = cp * 16 + (uint32_t)hexval((unsigned char)s[i + k]);
				buf_add_utf8(out, cp);
				i += 5;
			} else if (e == '"' || e == '\'' || e == '/' || e == '\\') {
				buf_addc(out, e);
				i++;
			} else {
				buf_addc(out, ' ');
			}
			changed = 1;
		} else {
			buf_addc(out, (char)c);
		}
	}
	return changed;
}

/* The code point at s (n bytes left), its length in *len; a byte that
 * starts no valid sequence is itself. */
static uint32_t
utf8_at(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t cp = s[0];
	size_t k = cp >= 0xF0 ? 4 : cp >= 0xE0 ? 3 : cp >= 0xC0 ? 2 : 1;
	if (k == 1 || k > n) {
		*len = 1;
		return cp;
	}
	cp &= 0x3Fu >> (k - 1);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*len = 1;
			return s[0];
		}
		cp = cp << 6 | (s[i] & 0x3Fu);
	}
	*len = k;
	return cp;
}

/* Characters that join the words beside them: apostrophes and quotes used
 * as apostrophes ("doesn't" is "doesnt"). */
static int
joins(uint32_t cp)
{
	return cp == '\'' || cp == '`' || cp == 0x2019 || cp == 0x2018 || cp == 0xB4;
}

/* Letters of other scripts are part of words; the punctuation of Latin-1
 * and General Punctuation, and spaces, are breaks. */
static int
word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return isalnum((int)cp) || cp == '_';
	if ((cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF)
		return 0;
	return 1;
}

/* Words after which a bare number is an Entra error code. */
static int
code_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"code", "codes", "errorcode", "errorcodes", "error_code", "error_codes",
		"error", "aadsts", "sts", "fehlercode", NULL,
	};
	return word_in_list(words, w, n);
}

/* Words into out, one space between; with synth, a bare Entra code after
 * a code word (or as the whole text) followed by its AADSTS form. */
static void
add_words(struct buf *out, const char *s, size_t n, int whole, int synth)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t prev = 0, prevlen = 0;
	size_t i = 0;
	while (i < n) {
		size_t len;
		uint32_t cp = utf8_at(p + i, n - i, &len);
		if (!word_cp(cp) || joins(cp)) {
			i += len;
			continue;
		}
		/* a word: letters, digits, '_', joined across apostrophes */
		if (out->len)
			buf_addc(out, ' ');
		size_t start = out->len;
		while (i < n) {
			cp = utf8_at(p + i, n - i, &len);
			if (joins(cp)) {
				i += len;
				continue;
			}
			if (!word_cp(cp))
				break;
			if (cp < 0x80)
				buf_addc(out, (char)tolower((int)cp));
			else if (cp >= 0xC0 && cp <= 0xDE)
				buf_add_utf8(out, cp + 0x20);
			else
				buf_add(out, p + i, len);
			i += len;
		}
		size_t wlen = out->len - start;
		const char *w = out->data + start;
		int digits = all_digits(w, wlen) && wlen >= 4 && wlen <= 7;
		if (synth && digits && (prevlen ? code_word(out->data + prev, prevlen) : whole)) {
			char code[16];
			snprintf(code, sizeof(code), " aadsts%.*s", (int)wlen, w);
			buf_adds(out, code);
			start = out->len - (wlen + 6);
			wlen += 6;
		}
		prev = start;
		prevlen = wlen;
	}
}

/* The decoded text in a (a and b are work buffers of the same size). */
static void
decode_all(struct buf *a, struct buf *b, const char *text, size_t n)
{
	buf_add(a, text, n);
	/* a redirect encoded twice needs two passes, a third is paranoia */
	for (int pass = 0; pass < 3; pass++) {
		buf_reset(b);
		int changed = decode_pass(b, a->data ? a->data : "", a->len);
		struct buf t = *a;
		*a = *b;
		*b = t;
		if (!changed)
			break;
	}
}

char *
book_decode(const char *text, size_t max)
{
	size_t n = strlen(text);
	if (n > max)
		n = max;
	struct buf a, b;
	buf_init(&a, 4 * max + 64);
	buf_init(&b, 4 * max + 64);
	decode_all(&a, &b, text, n);
	buf_free(&b);
	if (a.data == NULL)
		return xstrdup("");
	return buf_steal(&a);
}

static char *
normalise(const char *text, size_t max, int synth)
{
	size_t n = strlen(text);
	if (n > max)
		n = max;
	struct buf a, b;
	buf_init(&a, 4 * max + 64);
	buf_init(&b, 4 * max + 64);
	decode_all(&a, &b, text, n);
	buf_reset(&b);
	/* the whole text one number: a code asked about on its own */
	const char *s = a.data ? a.data : "";
	size_t len = a.len;
	while (len && isspace((unsigned char)s[0]))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	add_words(&b, s, len, all_digits(s, len), synth);
	buf_free(&a);
	if (b.data == NULL)
		return xstrdup("");
	return buf_steal(&b);
}

char *
book_normalise(const char *text, size_t max)
{
	return normalise(text, max, 1);
}

/* ---- a small string map ------------------------------------------------ */

struct slot {
	const char *key;	/* borrowed */
	size_t len;
	uint32_t *ids;
	size_t nids, cap;
};

struct book_index {
	struct slot *slots;
	size_t cap, used;
};

static struct slot *
index_find(const struct book_index *x, const char *key, size_t len)
{
	if (x == NULL || x->cap == 0)
		return NULL;
	for (size_t i = (size_t)fnv1a64(key, len) & (x->cap - 1);; i = (i + 1) & (x->cap - 1)) {
		struct slot *s = &x->slots[i];
		if (s->key == NULL)
			return NULL;
		if (s->len == len && memcmp(s->key, key, len) == 0)
			return s;
	}
}

static void index_add(struct book_index *x, const char *key, size_t len, uint32_t id);

static void
index_grow(struct book_index *x)
{
	struct slot *old = x->slots;
	size_t oldcap = x->cap;
	x->cap = oldcap ? oldcap * 2 : 256;
	x->slots = xcalloc(x->cap, sizeof(*x->slots));
	x->used = 0;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		size_t j = (size_t)fnv1a64(old[i].key, old[i].len) & (x->cap - 1);
		while (x->slots[j].key)
			j = (j + 1) & (x->cap - 1);
		x->slots[j] = old[i];
		x->used++;
	}
	free(old);
}

static void
index_add(struct book_index *x, const char *key, size_t len, uint32_t id)
{
	if (2 * (x->used + 1) > x->cap)
		index_grow(x);
	size_t i = (size_t)fnv1a64(key, len) & (x->cap - 1);
	while (x->slots[i].key && !(x->slots[i].len == len && memcmp(x->slots[i].key, key, len) == 0))
		i = (i + 1) & (x->cap - 1);
	struct slot *s = &x->slots[i];
	if (s->key == NULL) {
		s->key = key;
		s->len = len;
		x->used++;
	}
	for (size_t k = 0; k < s->nids; k++)
		if (s->ids[k] == id)
			return;
	GROW(s->ids, s->nids, s->cap);
	s->ids[s->nids++] = id;
}

static void
index_free(struct book_index *x)
{
	if (x == NULL)
		return;
	for (size_t i = 0; i < x->cap; i++)
		free(x->slots[i].ids);
	free(x->slots);
	free(x);
}

/* ---- loading ------------------------------------------------------------ */

struct bctx {
	struct book *b;
	yaml_document_t *doc;
	const char *file;
	struct diag *diag;
	int failed;
	/* phrase text -> phrase id, and each phrase's entries */
	struct book_index *phrase_ids;
};

static void berr(struct bctx *c, const yaml_node_t *at, const char *fmt, ...) T_PRINTF(3, 4);

static void
berr(struct bctx *c, const yaml_node_t *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_add(c->diag, c->file, at ? at->start_mark.line + 1 : 0, "%s", msg);
	free(msg);
	c->failed = 1;
}

static yaml_node_t *
node(struct bctx *c, int id)
{
	return yaml_document_get_node(c->doc, id);
}

static char *
text(struct bctx *c, yaml_node_t *v, const char *key)
{
	const char *s = yaml_scalar(v);
	if (s == NULL || *s == '\0') {
		berr(c, v, "'%s' must be text", key);
		return NULL;
	}
	return xstrdup(s);
}

/* The id of a phrase, added to the book when new. */
static uint32_t
phrase_id(struct bctx *c, char *norm)
{
	struct book *b = c->b;
	size_t len = strlen(norm);
	struct slot *s = index_find(c->phrase_ids, norm, len);
	if (s) {
		free(norm);
		return s->ids[0];
	}
	GROW_BY_COUNT(b->phrases, b->nphrases);
	uint32_t id = (uint32_t)b->nphrases++;
	b->phrases[id] = norm;
	index_add(c->phrase_ids, norm, len, id);
	return id;
}

/* match: a list of items, each a phrase or a list of phrases that must
 * all appear.  Stored flat: the phrase ids of item k are
 * phrase[start[k] .. start[k + 1]). */
struct items {
	uint32_t *start;	/* nitems + 1 */
	uint32_t *phrase;
	size_t nitems, nphrase;
};

static void
item_phrase(struct bctx *c, struct items *it, yaml_node_t *v)
{
	const char *s = yaml_scalar(v);
	if (s == NULL) {
		berr(c, v, "a phrase must be text");
		return;
	}
	char *norm = normalise(s, BOOK_TEXT_MAX, 0);
	if (*norm == '\0') {
		berr(c, v, "phrase '%s' has no words", s);
		free(norm);
		return;
	}
	GROW_BY_COUNT(it->phrase, it->nphrase);
	it->phrase[it->nphrase++] = phrase_id(c, norm);
}

/* Room for one more item's start and the end mark after it: the starts
 * hold nitems + 1 elements, grown as GROW_BY_COUNT grows them. */
static void
item_room(struct items *it)
{
	if (it->nitems == 0)
		GROW_BY_COUNT(it->start, 0);
	GROW_BY_COUNT(it->start, it->nitems + 1);
}

static void
parse_match(struct bctx *c, yaml_node_t *v, struct items *it)
{
	if (v->type == YAML_SCALAR_NODE) {
		item_room(it);
		it->start[it->nitems] = (uint32_t)it->nphrase;
		item_phrase(c, it, v);
		it->nitems++;
		it->start[it->nitems] = (uint32_t)it->nphrase;
		return;
	}
	if (v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.start == v->data.sequence.items.top) {
		berr(c, v, "'match' must be a list of phrases");
		return;
	}
	for (yaml_node_item_t *p = v->data.sequence.items.start; p < v->data.sequence.items.top; p++) {
		yaml_node_t *item = node(c, *p);
		size_t before = it->nphrase;
		item_room(it);
		it->start[it->nitems] = (uint32_t)before;
		if (item->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *q = item->data.sequence.items.start;
			     q < item->data.sequence.items.top; q++)
				item_phrase(c, it, node(c, *q));
		} else {
			item_phrase(c, it, item);
		}
		if (it->nphrase == before) {
			berr(c, item, "an empty match item");
			continue;
		}
		it->nitems++;
		it->start[it->nitems] = (uint32_t)it->nphrase;
	}
}

static const struct cause *
cause_of(struct bctx *c, yaml_node_t *v)
{
	const char *s = yaml_scalar(v);
	const struct cause *cause = s ? cause_find(s) : NULL;
	if (cause == NULL)
		berr(c, v, "unknown cause '%s' (see 'triage rules causes')",
		     s ? s : "(not text)");
	return cause;
}

static void
add_cause(struct book_entry *e, const struct cause *cause, double conf, char *owner)
{
	GROW_BY_COUNT(e->causes, e->ncauses);
	e->causes[e->ncauses++] = (struct book_cause){cause, conf, owner};
	if (owner) {
		GROW_BY_COUNT(e->owners, e->nowners);
		e->owners[e->nowners++] = owner;
	}
}

static void
parse_causes(struct bctx *c, yaml_node_t *v, struct book_entry *e)
{
	static const double defaults[] = {0.6, 0.45, 0.35, 0.3, 0.25};
	if (v->type != YAML_SEQUENCE_NODE) {
		berr(c, v, "'causes' must be a list");
		return;
	}
	for (yaml_node_item_t *p = v->data.sequence.items.start; p < v->data.sequence.items.top; p++) {
		yaml_node_t *item = node(c, *p);
		size_t k = e->ncauses;
		double conf = defaults[k < 5 ? k : 4];
		const struct cause *cause = NULL;
		char *owner = NULL;
		if (item->type == YAML_MAPPING_NODE) {
			for (yaml_node_pair_t *q = item->data.mapping.pairs.start;
			     q < item->data.mapping.pairs.top; q++) {
				const char *key = yaml_scalar(node(c, q->key));
				yaml_node_t *val = node(c, q->value);
				if (key && strcmp(key, "cause") == 0) {
					cause = cause_of(c, val);
				} else if (key && strcmp(key, "confidence") == 0) {
					const char *s = yaml_scalar(val);
					char *end = NULL;
					conf = s ? strtod(s, &end) : -1;
					if (s == NULL || end == s || *end || !(conf > 0 && conf <= 1)) {
						berr(c, val, "'confidence' must be a number above 0, at most 1");
						conf = 0.1;
					}
				} else if (key && strcmp(key, "owner") == 0) {
					free(owner);
					owner = text(c, val, key);
					if (owner && !owner_valid(owner))
						berr(c, val, "unknown owner '%s'", owner);
				} else {
					berr(c, item, "unknown key '%s' in a cause", key ? key : "?");
				}
			}
			if (cause == NULL && !c->failed)
				berr(c, item, "a cause needs 'cause'");
		} else {
			cause = cause_of(c, item);
		}
		if (cause)
			add_cause(e, cause, conf, owner);
		else
			free(owner);
	}
	if (e->ncauses == 0 && !c->failed)
		berr(c, v, "'causes' is empty");
}

static void
parse_entry(struct bctx *c, yaml_node_t *v, size_t family)
{
	if (v->type != YAML_MAPPING_NODE) {
		berr(c, v, "an entry must be a map");
		return;
	}
	struct book_entry e = {0};
	e.family = family;
	e.line = v->start_mark.line + 1;
	struct items it = {0};
	int failed = c->failed, has_match = 0, kinds = 0;
	c->failed = 0;
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(c, p->key), *val = node(c, p->value);
		const char *key = yaml_scalar(k);
		if (key == NULL) {
			berr(c, k, "a key must be text");
		} else if (strcmp(key, "match") == 0) {
			parse_match(c, val, &it);
			has_match = 1;
		} else if (strcmp(key, "says") == 0) {
			free(e.says);
			e.says = text(c, val, key);
		} else if (strcmp(key, "cause") == 0) {
			const struct cause *cause = cause_of(c, val);
			if (cause)
				add_cause(&e, cause, BOOK_CONFIDENCE, NULL);
			kinds++;
		} else if (strcmp(key, "causes") == 0) {
			parse_causes(c, val, &e);
			kinds++;
		} else if (strcmp(key, "out_of_scope") == 0) {
			free(e.out_of_scope);
			e.out_of_scope = text(c, val, key);
			kinds++;
		} else if (strcmp(key, "owner") == 0) {
			free(e.owner);
			e.owner = text(c, val, key);
			if (e.owner && !owner_valid(e.owner))
				berr(c, val, "unknown owner '%s'", e.owner);
		} else if (strcmp(key, "apart") == 0) {
			free(e.apart);
			e.apart = text(c, val, key);
		} else if (strcmp(key, "source") == 0) {
			free(e.source);
			e.source = text(c, val, key);
		} else {
			berr(c, k, "unknown key '%s' in an entry", key);
		}
	}
	if (!has_match)
		berr(c, v, "an entry needs 'match'");
	if (e.says == NULL)
		berr(c, v, "an entry needs 'says'");
	if (kinds != 1)
		berr(c, v, "an entry needs exactly one of 'cause', 'causes' or 'out_of_scope'");
	/* the entry's owner for the causes without their own */
	for (size_t k = 0; !c->failed && e.owner && k < e.ncauses; k++)
		if (e.causes[k].owner == NULL)
			e.causes[k].owner = e.owner;
	if (!c->failed) {
		/* flat: item starts then phrase ids */
		e.nitems = it.nitems;
		e.item = xreallocarray(NULL, it.nitems + 1 + it.nphrase, sizeof(*e.item));
		for (size_t i = 0; i <= it.nitems; i++)
			e.item[i] = (uint32_t)(it.nitems + 1 + it.start[i]);
		if (it.nphrase)
			memcpy(e.item + it.nitems + 1, it.phrase, it.nphrase * sizeof(*it.phrase));
		struct book *b = c->b;
		GROW_BY_COUNT(b->entries, b->n);
		b->entries[b->n++] = e;
	} else {
		free(e.says);
		free(e.owner);
		free(e.apart);
		free(e.source);
		free(e.out_of_scope);
		free(e.causes);
		for (size_t k = 0; k < e.nowners; k++)
			free(e.owners[k]);
		free(e.owners);
	}
	free(it.start);
	free(it.phrase);
	c->failed |= failed;
}

/* What a family owns (book_free, and a family rejected on load). */
static void
family_free(struct book_family *f)
{
	free(f->id);
	free(f->product);
	free(f->source);
	free(f->file);
	for (size_t k = 0; k < f->nrecognise; k++)
		pcre2_code_free(f->recognise[k]);
	free(f->recognise);
}

static void
parse_family(struct bctx *c, yaml_node_t *root)
{
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		berr(c, root, "an error book file must be a map (family, product, entries)");
		return;
	}
	struct book *b = c->b;
	struct book_family fam = {0};
	fam.file = xstrdup(c->file);
	yaml_node_t *entries = NULL;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = node(c, p->key), *val = node(c, p->value);
		const char *key = yaml_scalar(k);
		if (key == NULL) {
			berr(c, k, "a key must be text");
		} else if (strcmp(key, "family") == 0) {
			free(fam.id);
			fam.id = text(c, val, key);
		} else if (strcmp(key, "product") == 0) {
			free(fam.product);
			fam.product = text(c, val, key);
		} else if (strcmp(key, "source") == 0) {
			free(fam.source);
			fam.source = text(c, val, key);
		} else if (strcmp(key, "recognise") == 0) {
			if (val->type != YAML_SEQUENCE_NODE) {
				berr(c, val, "'recognise' must be a list of regular expressions");
				continue;
			}
			for (yaml_node_item_t *q = val->data.sequence.items.start;
			     q < val->data.sequence.items.top; q++) {
				yaml_node_t *rn = node(c, *q);
				const char *rx = yaml_scalar(rn);
				int err;
				PCRE2_SIZE off;
				pcre2_code *re = rx ? pcre2_compile((PCRE2_SPTR)rx, PCRE2_ZERO_TERMINATED,
								    PCRE2_CASELESS, &err, &off,
								    NULL)
						    : NULL;
				if (re == NULL) {
					berr(c, rn, "'recognise': not a regular expression");
					continue;
				}
				GROW_BY_COUNT(fam.recognise, fam.nrecognise);
				fam.recognise[fam.nrecognise++] = re;
			}
		} else if (strcmp(key, "entries") == 0) {
			entries = val;
		} else {
			berr(c, k, "unknown key '%s' (family, product, recognise, source, entries)", key);
		}
	}
	if (fam.id == NULL)
		berr(c, root, "'family' is missing");
	if (fam.product == NULL)
		berr(c, root, "'product' is missing");
	if (fam.id == NULL || fam.product == NULL) {
		/* said; its entries are not loaded under a family half there */
		family_free(&fam);
		return;
	}
	size_t index = b->nfamilies;
	GROW_BY_COUNT(b->families, b->nfamilies);
	b->families[b->nfamilies++] = fam;
	if (entries == NULL || entries->type != YAML_SEQUENCE_NODE) {
		berr(c, entries ? entries : root, "'entries' must be a list");
		return;
	}
	for (yaml_node_item_t *q = entries->data.sequence.items.start;
	     q < entries->data.sequence.items.top; q++)
		parse_entry(c, node(c, *q), index);
}

/* Build the first-word index over every phrase. */
static void
build_index(struct book *b)
{
	index_free(b->index);
	b->index = xcalloc(1, sizeof(*b->index));
	for (size_t i = 0; i < b->nphrases; i++) {
		const char *p = b->phrases[i];
		const char *sp = strchr(p, ' ');
		index_add(b->index, p, sp ? (size_t)(sp - p) : strlen(p), (uint32_t)i);
	}
}

/* The phrase map of the book so far (phrase text -> id), for a load. */
static struct book_index *
phrase_map(const struct book *b)
{
	struct book_index *x = xcalloc(1, sizeof(*x));
	for (size_t i = 0; i < b->nphrases; i++)
		index_add(x, b->phrases[i], strlen(b->phrases[i]), (uint32_t)i);
	return x;
}

/* Parse what the parser was given, as the book file named path. */
static void
load_with(struct book *b, yaml_parser_t *parser, const char *path, struct diag *errors)
{
	yaml_document_t doc;
	if (!yaml_parser_load(parser, &doc)) {
		diag_add(errors, path, parser->problem_mark.line + 1, "YAML: %s",
			 parser->problem ? parser->problem : "cannot parse");
	} else {
		struct bctx c = {b, &doc, path, errors, 0, phrase_map(b)};
		parse_family(&c, yaml_document_get_root_node(&doc));
		index_free(c.phrase_ids);
		yaml_document_delete(&doc);
	}
	build_index(b);
}

size_t
book_load_file(struct book *b, const char *path, struct diag *errors)
{
	size_t before = errors->n;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		diag_add(errors, path, 0, "cannot read: %s", strerror(errno));
		return 1;
	}
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	load_with(b, &parser, path, errors);
	yaml_parser_delete(&parser);
	fclose(f);
	return errors->n - before;
}

size_t
book_load_memory(struct book *b, const char *name, const unsigned char *data, size_t len,
		 struct diag *errors)
{
	size_t before = errors->n;
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, data, len);
	load_with(b, &parser, name, errors);
	yaml_parser_delete(&parser);
	return errors->n - before;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
book_load_dir(struct book *b, const char *dir, struct diag *errors)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return 0;
	char **names = NULL;
	size_t n = 0, cap = 0, added = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] != '.' && len > 4 && strcmp(de->d_name + len - 4, ".yml") == 0) {
			GROW(names, n, cap);
			names[n++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	const char *sep = dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/";
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s%s%s", dir, sep, names[i]);
		added += book_load_file(b, path, errors);
		free(path);
		free(names[i]);
	}
	free(names);
	return added;
}

void
book_init(struct book *b)
{
	memset(b, 0, sizeof(*b));
}

void
book_free(struct book *b)
{
	for (size_t i = 0; i < b->nfamilies; i++)
		family_free(&b->families[i]);
	free(b->families);
	for (size_t i = 0; i < b->n; i++) {
		struct book_entry *e = &b->entries[i];
		free(e->says);
		free(e->owner);
		free(e->apart);
		free(e->source);
		free(e->out_of_scope);
		free(e->causes);
		for (size_t k = 0; k < e->nowners; k++)
			free(e->owners[k]);
		free(e->owners);
		free(e->item);
	}
	free(b->entries);
	for (size_t i = 0; i < b->nphrases; i++)
		free(b->phrases[i]);
	free(b->phrases);
	index_free(b->index);
	memset(b, 0, sizeof(*b));
}

/* ---- lookup -------------------------------------------------------------- */

/* How specific a phrase is: a code (a word with a digit or '_') says more
 * than a plain word. */
static unsigned
phrase_weight(const char *p)
{
	unsigned w = 0;
	int code = 0, in = 0;
	for (;; p++) {
		if (*p == ' ' || *p == '\0') {
			if (in)
				w += code ? 3 : 1;
			in = code = 0;
			if (*p == '\0')
				break;
			continue;
		}
		in = 1;
		code |= isdigit((unsigned char)*p) || *p == '_';
	}
	return w;
}

/* Does phrase a occur, on word boundaries, inside phrase b? */
static int
phrase_within(const char *a, const char *b)
{
	size_t n = strlen(a);
	for (const char *p = strstr(b, a); p; p = strstr(p + 1, a))
		if ((p == b || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

static int
item_within(const struct book *b, const struct book_hit *x, const struct book_hit *y)
{
	const struct book_entry *ex = x->entry, *ey = y->entry;
	for (uint32_t i = ex->item[x->item]; i < ex->item[x->item + 1]; i++) {
		int found = 0;
		for (uint32_t j = ey->item[y->item]; j < ey->item[y->item + 1] && !found; j++)
			found = phrase_within(b->phrases[ex->item[i]], b->phrases[ey->item[j]]);
		if (!found)
			return 0;
	}
	return 1;
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct book_hit *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

struct book_hit *
book_lookup(const struct book *b, const char *text, size_t *n)
{
	*n = 0;
	if (b == NULL || b->nphrases == 0 || b->index == NULL)
		return NULL;
	char *norm = book_normalise(text, BOOK_TEXT_MAX);
	unsigned char *present = xcalloc(b->nphrases, 1);
	size_t npresent = 0;
	for (const char *w = norm; *w;) {
		const char *sp = strchr(w, ' ');
		size_t len = sp ? (size_t)(sp - w) : strlen(w);
		const struct slot *s = index_find(b->index, w, len);
		for (size_t k = 0; s && k < s->nids; k++) {
			const char *p = b->phrases[s->ids[k]];
			size_t pl = strlen(p);
			if (!present[s->ids[k]] && strncmp(w, p, pl) == 0 &&
			    (w[pl] == '\0' || w[pl] == ' ')) {
				present[s->ids[k]] = 1;
				npresent++;
			}
		}
		w += len;
		while (*w == ' ')
			w++;
	}
	free(norm);
	struct book_hit *hits = NULL;
	size_t nh = 0, cap = 0;
	for (size_t i = 0; npresent && i < b->n; i++) {
		const struct book_entry *e = &b->entries[i];
		struct book_hit best = {NULL, 0, 0};
		for (size_t k = 0; k < e->nitems; k++) {
			unsigned w = 0;
			int all = 1;
			for (uint32_t j = e->item[k]; j < e->item[k + 1] && all; j++) {
				all = present[e->item[j]];
				w += phrase_weight(b->phrases[e->item[j]]);
			}
			if (all && w > best.weight)
				best = (struct book_hit){e, k, w};
		}
		if (best.entry) {
			GROW(hits, nh, cap);
			hits[nh++] = best;
		}
	}
	free(present);
	/* an entry whose every phrase a more specific match holds says less */
	size_t kept = 0;
	for (size_t i = 0; i < nh; i++) {
		int dominated = 0;
		for (size_t j = 0; j < nh && !dominated; j++)
			dominated = j != i && hits[j].weight > hits[i].weight &&
				    item_within(b, &hits[i], &hits[j]);
		if (!dominated)
			hits[kept++] = hits[i];
	}
	nh = kept;
	if (nh)
		qsort(hits, nh, sizeof(*hits), cmp_hit);
	else {
		free(hits);
		hits = NULL;
	}
	*n = nh;
	return hits;
}

static int
cmp_cause(const void *a, const void *b)
{
	const struct book_cause *x = a, *y = b;
	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	return 0;
}

struct book_cause *
book_causes(const struct book_hit *hits, size_t nhits, size_t *n)
{
	struct book_cause *out = NULL;
	size_t no = 0, cap = 0;
	for (size_t i = 0; i < nhits; i++) {
		const struct book_entry *e = hits[i].entry;
		for (size_t k = 0; k < e->ncauses; k++) {
			size_t j;
			for (j = 0; j < no; j++)
				if (out[j].cause == e->causes[k].cause)
					break;
			if (j == no) {
				GROW(out, no, cap);
				out[no++] = e->causes[k];
			} else if (e->causes[k].confidence > out[j].confidence) {
				out[j] = e->causes[k];
			}
		}
	}
	/* stable: equal confidences keep the order the hits gave */
	for (size_t i = 1; i < no; i++)
		for (size_t j = i; j > 0 && cmp_cause(&out[j - 1], &out[j]) > 0; j--) {
			struct book_cause t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	*n = no;
	return out;
}

const struct book_family *
book_recognise(const struct book *b, const char *text)
{
	pcre2_match_data *md = NULL;
	const struct book_family *found = NULL;
	size_t n = strlen(text);
	if (n > BOOK_TEXT_MAX)
		n = BOOK_TEXT_MAX;
	for (size_t i = 0; i < b->nfamilies && !found; i++) {
		for (size_t k = 0; k < b->families[i].nrecognise && !found; k++) {
			if (md == NULL)
				md = pcre2_match_data_create(1, NULL);
			if (pcre2_match(b->families[i].recognise[k], (PCRE2_SPTR)text, n, 0,
					0, md, NULL) >= 0)
				found = &b->families[i];
		}
	}
	pcre2_match_data_free(md);
	return found;
}

/* ---- the nearest entries, for a text nothing matched -------------------- */

/* Edit distance of a[0..na) and b[0..nb), or limit + 1 when above limit. */
static size_t
edit_distance(const char *a, size_t na, const char *b, size_t nb, size_t limit)
{
	if ((na > nb ? na - nb : nb - na) > limit || na > 96 || nb > 96)
		return limit + 1;
	size_t row[97];
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0], low = i;
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
			if (best < low)
				low = best;
		}
		if (low > limit)
			return limit + 1;
	}
	return row[nb];
}

static int
code_like(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i]) || s[i] == '_')
			return 1;
	return 0;
}

/* How far phrase p is from the text: its whole normalised form, or, for
 * a code (digits or '_'), any code-like word of it. */
static size_t
phrase_distance(const char *norm, const char *p, size_t limit_text)
{
	size_t pl = strlen(p), best = SIZE_MAX;
	size_t nl = strlen(norm);
	if (nl <= 96 && strchr(p, ' ')) {
		size_t d = edit_distance(norm, nl, p, pl, limit_text);
		if (d <= limit_text)
			best = d;
	}
	if (strchr(p, ' ') || !code_like(p, pl))
		return best;
	for (const char *w = norm; *w;) {
		const char *sp = strchr(w, ' ');
		size_t len = sp ? (size_t)(sp - w) : strlen(w);
		if (len >= 4 && code_like(w, len)) {
			size_t limit = len >= 6 ? 2 : 1;
			size_t d = edit_distance(w, len, p, pl, limit);
			if (d <= limit && d > 0 && d < best)
				best = d;
		}
		w += len;
		while (*w == ' ')
			w++;
	}
	return best;
}

/* The smallest difference between a number in text and the number in
 * phrase (UINT64_MAX when either has none). */
static uint64_t
number_gap(const char *text, const char *phrase)
{
	const char *p = phrase;
	while (*p && !isdigit((unsigned char)*p))
		p++;
	if (*p == '\0')
		return UINT64_MAX;
	uint64_t want = strtoull(p, NULL, 10), best = UINT64_MAX;
	for (const char *t = text; *t;) {
		if (!isdigit((unsigned char)*t)) {
			t++;
			continue;
		}
		char *end;
		uint64_t v = strtoull(t, &end, 10);
		uint64_t gap = v > want ? v - want : want - v;
		if (gap < best)
			best = gap;
		t = end;
	}
	return best;
}

size_t
book_nearest(const struct book *b, const char *text, struct book_near *out, size_t max)
{
	size_t n = 0;
	if (b == NULL || max == 0)
		return 0;
	char *norm = book_normalise(text, BOOK_TEXT_MAX);
	size_t nl = strlen(norm);
	size_t limit_text = nl / 6 ? nl / 6 : 1;
	for (size_t i = 0; i < b->n; i++) {
		const struct book_entry *e = &b->entries[i];
		struct book_near best = {NULL, NULL, SIZE_MAX, UINT64_MAX};
		for (size_t k = 0; k < e->nitems; k++) {
			if (e->item[k + 1] - e->item[k] != 1)
				continue;	/* phrases that must all appear: no one near */
			const char *p = b->phrases[e->item[e->item[k]]];
			size_t d = phrase_distance(norm, p, limit_text);
			if (d < best.distance)
				best = (struct book_near){e, p, d, UINT64_MAX};
		}
		if (best.entry == NULL)
			continue;
		int dup = 0;
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(out[j].phrase, best.phrase) == 0;
		if (dup)
			continue;	/* a phrase of several entries: shown once */
		best.gap = number_gap(norm, best.phrase);
		/* keep the max nearest: fewest edits, then the closest number
		 * (AADSTS50105 before AADSTS50006 for AADSTS50106), then book order */
		size_t at = n;
		while (at > 0 && (out[at - 1].distance > best.distance ||
				  (out[at - 1].distance == best.distance && out[at - 1].gap > best.gap)))
			at--;
		if (at >= max)
			continue;
		if (n < max)
			n++;
		memmove(&out[at + 1], &out[at], (n - 1 - at) * sizeof(*out));
		out[at] = best;
	}
	free(norm);
	return n;
}
