/*
 * generic_xml.c - XML no specific parser claims (an add-in manifest, a
 * gpresult /x report, an exported configuration): facts with every
 * element's text and every attribute, as dotted paths below the record's
 * element ("DisplayName.DefaultValue", "Permissions").
 *
 * A record is each child of the root element when the root repeats one
 * child (a list: <Users><User/><User/></Users>), else the whole document.
 * Kind generic.xml, with the element's name in "element" (the root's for
 * a whole document).  Streaming (xmlTextReader), no network, no DTD, no
 * entity expansion; at most FLAT_MAX_FIELDS fields a record.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "flatten.h"
#include "parse.h"
#include "parser.h"

#define XML_PATH_MAX 512
#define XML_TEXT_MAX 8192

static int
bid(const struct sniff *s, const char **format)
{
	if (s->xml_root == NULL || s->binary)
		return 0;
	*format = "generic.xml";
	return 5;
}

struct xjob {
	struct parse_ctx *c;
	char path[XML_PATH_MAX];	/* below the record's element */
	size_t plen[64];		/* path length at each depth */
	int rec_depth;			/* depth of record elements */
	char element[128];		/* the record element's name */
	uint64_t line;
	int open;
	struct buf names, values;	/* the record's fields */
	size_t nfields;
	uint64_t dropped, records, errors;
	uint64_t first_error_line;
	char first_error[160];
};

static void
field(struct xjob *j, const char *name, const char *value)
{
	if (j->nfields >= FLAT_MAX_FIELDS) {
		j->dropped++;
		return;
	}
	size_t n = strlen(value);
	while (n && (value[n - 1] == ' ' || value[n - 1] == '\n' || value[n - 1] == '\r' ||
		     value[n - 1] == '\t'))
		n--;
	while (n && (*value == ' ' || *value == '\n' || *value == '\r' || *value == '\t')) {
		value++;
		n--;
	}
	if (n == 0)
		return;
	(void)buf_adds(&j->names, name[0] ? name : "text");
	(void)buf_addc(&j->names, '\0');
	(void)buf_add(&j->values, value, n > XML_TEXT_MAX ? XML_TEXT_MAX : n);
	(void)buf_addc(&j->values, '\0');
	j->nfields++;
}

static void
emit(struct xjob *j)
{
	if (!j->open)
		return;
	struct store *st = j->c->store;
	store_begin(st, j->c->input_id, "generic.xml");
	rec_set_line(st, j->line);
	rec_set_str(st, "element", j->element);
	const char *n = j->names.data, *v = j->values.data;
	for (size_t i = 0; i < j->nfields; i++) {
		flat_set_field(st, n, v, strlen(v));
		n += strlen(n) + 1;
		v += strlen(v) + 1;
	}
	store_end(st);
	j->records++;
	j->open = 0;
	j->nfields = 0;
	buf_reset(&j->names);
	buf_reset(&j->values);
}

static void
xml_error(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	struct xjob *j = arg;
	if (sev != XML_PARSER_SEVERITY_ERROR && sev != XML_PARSER_SEVERITY_VALIDITY_ERROR)
		return;
	if (j->errors++ == 0) {
		int line = xmlTextReaderLocatorLineNumber(loc);
		j->first_error_line = line > 0 ? (uint64_t)line : 0;
		snprintf(j->first_error, sizeof(j->first_error), "%s", msg ? msg : "XML error");
		size_t k = strlen(j->first_error);
		while (k && (j->first_error[k - 1] == '\n' || j->first_error[k - 1] == ' '))
			j->first_error[--k] = '\0';
	}
}

/* Does the root repeat one child?  Read from the first bytes: the names
 * of its first two children. */
static int
root_repeats(struct parse_ctx *c)
{
	const unsigned char *head;
	size_t n = stream_peek(c->stream, SNIFF_BYTES, &head);
	xmlTextReaderPtr r = xmlReaderForMemory((const char *)head, (int)n, NULL, NULL,
						 XML_PARSE_NONET | XML_PARSE_NOERROR |
							 XML_PARSE_NOWARNING | XML_PARSE_RECOVER);
	if (r == NULL)
		return 0;
	char first[128] = "";
	int same = 0, children = 0;
	while (xmlTextReaderRead(r) == 1 && children < 2) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || xmlTextReaderDepth(r) != 1)
			continue;
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		if (children++ == 0)
			snprintf(first, sizeof(first), "%s", name ? name : "");
		else
			same = name && strcmp(first, name) == 0;
	}
	xmlFreeTextReader(r);
	return same;
}

static void
on_node(struct xjob *j, xmlTextReaderPtr r)
{
	int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
	if (type == XML_READER_TYPE_ELEMENT) {
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		if (name == NULL)
			return;
		if (depth == j->rec_depth) {
			emit(j);
			j->open = 1;
			j->line = (uint64_t)xmlTextReaderGetParserLineNumber(r);
			snprintf(j->element, sizeof(j->element), "%s", name);
			j->path[0] = '\0';
		} else if (depth > j->rec_depth && depth - j->rec_depth < 64) {
			size_t at = j->plen[depth - j->rec_depth - 1];
			int w = snprintf(j->path + at, sizeof(j->path) - at, "%s%s", at ? "." : "", name);
			if (w < 0 || (size_t)w >= sizeof(j->path) - at)
				j->path[at] = '\0';
			j->plen[depth - j->rec_depth] = strlen(j->path);
		}
		if (!j->open)
			return;
		/* attributes: path.attr */
		size_t base = strlen(j->path);
		while (xmlTextReaderMoveToNextAttribute(r) == 1) {
			const char *an = (const char *)xmlTextReaderConstLocalName(r);
			const char *av = (const char *)xmlTextReaderConstValue(r);
			if (an == NULL || av == NULL || strcmp(an, "xmlns") == 0 ||
			    xmlTextReaderIsNamespaceDecl(r))
				continue;
			char nm[XML_PATH_MAX + 64];
			snprintf(nm, sizeof(nm), "%s%s%s", j->path, base ? "." : "", an);
			field(j, nm, av);
		}
		xmlTextReaderMoveToElement(r);
		if (xmlTextReaderIsEmptyElement(r) && depth > j->rec_depth)
			j->path[j->plen[depth - j->rec_depth - 1]] = '\0';
		return;
	}
	if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) && j->open) {
		const char *v = (const char *)xmlTextReaderConstValue(r);
		if (v)
			field(j, j->path, v);
		return;
	}
	if (type == XML_READER_TYPE_END_ELEMENT && depth > j->rec_depth && depth - j->rec_depth < 64)
		j->path[j->plen[depth - j->rec_depth - 1]] = '\0';
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	(void)format;
	struct xjob j;
	memset(&j, 0, sizeof(j));
	j.c = c;
	j.rec_depth = root_repeats(c) ? 1 : 0;
	buf_init(&j.names, 1u << 20);
	buf_init(&j.values, 16u << 20);
	xmlTextReaderPtr r = pctx_xml_reader(c);	/* no entity, nothing loaded */
	if (r == NULL)
		return ST_ERROR;
	xmlTextReaderSetErrorHandler(r, xml_error, &j);
	int ret;
	while ((ret = xmlTextReaderRead(r)) == 1)
		on_node(&j, r);
	xmlFreeTextReader(r);
	emit(&j);
	enum input_status st = ST_OK;
	if (j.errors || ret < 0) {
		pctx_warn_line(c, j.first_error_line, "invalid XML: %s",
			       j.first_error[0] ? j.first_error : "the reader stopped");
		st = j.records ? ST_PARTIAL : ST_ERROR;
	}
	if (j.dropped)
		pctx_warn_line(c, 0, "%llu field(s) over %d a record not kept",
			       (unsigned long long)j.dropped, FLAT_MAX_FIELDS);
	buf_free(&j.names);
	buf_free(&j.values);
	return st;
}

static const char *const formats_list[] = {"generic.xml", NULL};

const struct parser parser_generic_xml = {
	.name = "generic-xml",
	.description = "XML of any shape no specific parser claims: elements and attributes "
		       "as dotted fields",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
