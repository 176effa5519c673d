/* html.c - an HTML page as its text and its tables (container.h), with
 * libxml2's HTML parser: no network, no external entities, errors
 * tolerated as browsers tolerate them. */
#include "config.h"

#include "container.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#define HTML_MAX_TABLES 200
#define HTML_TEXT_MAX (64u << 20)

static int
is_name(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name &&
	       strcasecmp((const char *)n->name, name) == 0;
}

static int
block(const xmlNode *n)
{
	static const char *const names[] = {
		"p", "div", "br", "tr", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "section", "article", "pre", "blockquote", "header", "footer", "dt",
		"dd", "hr", "title", "form", NULL,
	};
	for (size_t i = 0; names[i]; i++)
		if (is_name(n, names[i]))
			return 1;
	return 0;
}

/* Append text, runs of white space as one space (a line break stays). */
static void
add_text(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			if (out->len && out->data[out->len - 1] != ' ' &&
			    out->data[out->len - 1] != '\n')
				(void)buf_addc(out, ' ');
			continue;
		}
		(void)buf_addc(out, *s);
	}
}

static void
newline(struct buf *out)
{
	while (out->len && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
	if (out->len && out->data[out->len - 1] != '\n')
		(void)buf_addc(out, '\n');
}

static void
text_of(const xmlNode *n, struct buf *out, int depth)
{
	for (; n; n = n->next) {
		if (depth > 256)
			return;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				add_text(out, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || is_name(n, "script") || is_name(n, "style") ||
		    is_name(n, "head") || is_name(n, "noscript"))
			continue;
		int b = block(n);
		if (b)
			newline(out);
		if (is_name(n, "td") || is_name(n, "th"))
			add_text(out, " ");
		text_of(n->children, out, depth + 1);
		if (b)
			newline(out);
	}
}

static htmlDocPtr
parse(const char *data, size_t len)
{
	if (len > INT32_MAX)
		return NULL;
	return htmlReadMemory(data, (int)len, NULL, NULL,
			      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				      HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
}

char *
html_visible_text(const char *data, size_t len)
{
	htmlDocPtr doc = parse(data, len);
	if (doc == NULL)
		return NULL;
	struct buf out;
	buf_init(&out, HTML_TEXT_MAX);
	text_of(xmlDocGetRootElement(doc), &out, 0);
	xmlFreeDoc(doc);
	return buf_steal(&out);
}

/* ---- tables -------------------------------------------------------------------------- */

static void
csv_cell(struct buf *out, const char *s)
{
	(void)buf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			(void)buf_addc(out, '"');
		(void)buf_addc(out, *s == '\n' ? ' ' : *s);
	}
	(void)buf_addc(out, '"');
}

/* The rows of a table (not those of tables inside its cells). */
static void
table_rows(const xmlNode *n, struct buf *csv, int *rows, struct buf *cell)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || is_name(n, "table"))
			continue;
		if (is_name(n, "tr")) {
			int cells = 0;
			for (const xmlNode *c = n->children; c; c = c->next) {
				if (!is_name(c, "td") && !is_name(c, "th"))
					continue;
				buf_reset(cell);
				text_of(c->children, cell, 0);
				/* trim */
				char *t = cell->data ? cell->data : (char *)"";
				while (*t == ' ' || *t == '\n')
					t++;
				size_t k = strlen(t);
				while (k && (t[k - 1] == ' ' || t[k - 1] == '\n'))
					t[--k] = '\0';
				if (cells++)
					(void)buf_addc(csv, ',');
				csv_cell(csv, t);
			}
			if (cells) {
				(void)buf_addc(csv, '\n');
				(*rows)++;
			}
			continue;
		}
		table_rows(n->children, csv, rows, cell);	/* thead, tbody */
	}
}

struct tables {
	part_fn fn;
	void *ud;
	int n;
};

static void
find_tables(const xmlNode *n, struct tables *t, int depth)
{
	for (; n && t->n < HTML_MAX_TABLES && depth < 256; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_name(n, "table")) {
			struct buf csv, cell;
			buf_init(&csv, HTML_TEXT_MAX);
			buf_init(&cell, HTML_TEXT_MAX);
			int rows = 0;
			table_rows(n->children, &csv, &rows, &cell);
			if (rows >= 2) {
				char name[32];
				snprintf(name, sizeof(name), "table-%d.csv", ++t->n);
				t->fn(t->ud, name, csv.data, csv.len);
			}
			buf_free(&csv);
			buf_free(&cell);
		}
		find_tables(n->children, t, depth + 1);
	}
}

int
html_split(const char *data, size_t len, part_fn fn, void *ud, char *err, size_t errlen)
{
	htmlDocPtr doc = parse(data, len);
	if (doc == NULL) {
		snprintf(err, errlen, "HTML could not be parsed");
		return -1;
	}
	const xmlNode *root = xmlDocGetRootElement(doc);
	struct buf text;
	buf_init(&text, HTML_TEXT_MAX);
	text_of(root, &text, 0);
	fn(ud, "text.txt", text.data ? text.data : "", text.len);
	buf_free(&text);
	struct tables t = {.fn = fn, .ud = ud};
	find_tables(root, &t, 0);
	xmlFreeDoc(doc);
	return 1 + t.n;
}
