/* csv.c - RFC 4180 reader with the quirks of Excel and PowerShell exports. */
#include "config.h"

#include "csv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
csv_init(struct csv *c, struct text *t, char sep, size_t max_record)
{
	memset(c, 0, sizeof(*c));
	c->t = t;
	c->sep = sep;
	c->pending = -1;
	c->next_line = 1;
	buf_init(&c->row, max_record);
}

void
csv_free(struct csv *c)
{
	buf_free(&c->row);
	free(c->offs);
	c->offs = NULL;
}

static int
getch(struct csv *c)
{
	if (c->pending >= 0) {
		int ch = c->pending;
		c->pending = -1;
		return ch;
	}
	if (c->in_pos == c->in_len) {
		if (c->eof)
			return -1;
		c->in_len = text_read(c->t, c->in, sizeof(c->in));
		c->in_pos = 0;
		if (c->in_len == 0) {
			c->eof = 1;
			return -1;
		}
	}
	return (unsigned char)c->in[c->in_pos++];
}

static void
add(struct csv *c, int ch)
{
	if (c->overflow)
		return;
	if (buf_addc(&c->row, (char)ch) < 0)
		c->overflow = 1;
}

/* Add n bytes of a cell at once; a row longer than the limit keeps what
 * fits, as adding them one by one would. */
static void
add_span(struct csv *c, const char *p, size_t n)
{
	if (c->overflow || n == 0)
		return;
	if (buf_add(&c->row, p, n) == 0)
		return;
	size_t room = c->row.max > c->row.len ? c->row.max - c->row.len : 0;
	if (room)
		(void)buf_add(&c->row, p, room < n ? room : n);
	c->overflow = 1;
}

/* Inside a cell, copy the run of bytes that cannot end it or change the
 * state (anything but the separator, a quote or a line break) straight
 * from the input buffer: most of a row is such runs. */
static void
copy_run(struct csv *c, int quoted)
{
	if (c->pending >= 0 || c->skip_lf)
		return;
	const char *p = c->in + c->in_pos, *end = c->in + c->in_len, *q = p;
	if (quoted)
		for (;;) {
			while (q < end && *q != '"' && *q != '\n' && *q != '\r')
				q++;
			if (end - q < 2 || q[0] != '"' || q[1] != '"')
				break;
			/* "" is a quote: keep one, go on */
			add_span(c, p, (size_t)(q + 1 - p));
			c->in_pos += (size_t)(q + 2 - p);
			p = q = q + 2;
		}
	else
		while (q < end && *q != c->sep && *q != '\n' && *q != '\r')
			q++;
	add_span(c, p, (size_t)(q - p));
	c->in_pos += (size_t)(q - p);
}

static void
end_cell(struct csv *c)
{
	add(c, '\0');
	c->ncells++;
	/* offs[ncells] is where the next cell starts: make room for it first */
	if (c->ncells == c->capcells) {
		c->capcells *= 2;
		c->offs = xreallocarray(c->offs, c->capcells, sizeof(*c->offs));
	}
	c->offs[c->ncells] = c->row.len;
}

char
csv_guess_sep(const char *line, size_t n)
{
	size_t comma = 0, semi = 0, tab = 0;
	int q = 0;
	for (size_t i = 0; i < n; i++) {
		if (line[i] == '"')
			q = !q;
		else if (!q && line[i] == ',')
			comma++;
		else if (!q && line[i] == ';')
			semi++;
		else if (!q && line[i] == '\t')
			tab++;
	}
	if (tab > comma && tab >= semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

/* Read one raw row; returns 0 at the end of input. */
static int
read_row(struct csv *c)
{
	enum { START, UNQUOTED, QUOTED, QUOTE } st = START;
	int ch;

	buf_reset(&c->row);
	c->ncells = 0;
	c->overflow = 0;
	if (c->capcells == 0) {
		c->capcells = 32;
		c->offs = xcalloc(c->capcells, sizeof(*c->offs));
	}
	c->offs[0] = 0;
	c->line = c->next_line;
	int any = 0;
	for (;;) {
		if (st == QUOTED || st == UNQUOTED)
			copy_run(c, st == QUOTED);
		ch = getch(c);
		if (c->skip_lf) {
			c->skip_lf = 0;
			if (ch == '\n')
				continue;
		}
		if (ch < 0) {
			if (st == QUOTED)
				c->unterminated = 1;
			if (!any)
				return 0;
			end_cell(c);
			return 1;
		}
		any = 1;
		if (ch == '\n' || ch == '\r') {
			if (st == QUOTED) {
				if (ch == '\r') {
					/* keep CRLF inside cells as LF */
					int n2 = getch(c);
					if (n2 != '\n' && n2 >= 0)
						c->pending = n2;
				}
				add(c, '\n');
				c->next_line++;
				continue;
			}
			c->next_line++;
			if (ch == '\r')
				c->skip_lf = 1;
			end_cell(c);
			return 1;
		}
		switch (st) {
		case START:
			if (ch == '"') {
				st = QUOTED;
			} else if (ch == c->sep) {
				end_cell(c);
			} else {
				add(c, ch);
				st = UNQUOTED;
			}
			break;
		case UNQUOTED:
			if (ch == c->sep) {
				end_cell(c);
				st = START;
			} else {
				add(c, ch);
			}
			break;
		case QUOTED:
			if (ch == '"')
				st = QUOTE;
			else
				add(c, ch);
			break;
		case QUOTE:
			if (ch == '"') {
				add(c, '"');
				st = QUOTED;
			} else if (ch == c->sep) {
				end_cell(c);
				st = START;
			} else {
				/* text after a closing quote: keep it */
				add(c, ch);
				st = UNQUOTED;
			}
			break;
		}
	}
}

static int
row_is_blank(const struct csv *c)
{
	return c->ncells == 1 && c->row.data[0] == '\0';
}

/* Fill the input buffer with the first bytes and choose the separator
 * from them without consuming anything. */
static void
sniff_sep(struct csv *c)
{
	while (!c->eof && c->in_len < sizeof(c->in)) {
		size_t r = text_read(c->t, c->in + c->in_len, sizeof(c->in) - c->in_len);
		if (r == 0)
			c->eof = 1;
		c->in_len += r;
		if (memchr(c->in, '\n', c->in_len) &&
		    (c->in_len >= 4096 || memchr(c->in, '\n', c->in_len) != c->in + c->in_len - 1))
			break;
	}
	const char *p = c->in, *end = c->in + c->in_len;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *le = nl ? nl : end;
	if (le - p >= 5 && strncasecmp(p, "sep=", 4) == 0 && p[4] != '\r' && p[4] != '\n') {
		c->sep = p[4];
		return;
	}
	if (le - p >= 5 && strncmp(p, "#TYPE", 5) == 0 && nl) {
		p = nl + 1;
		nl = memchr(p, '\n', (size_t)(end - p));
		le = nl ? nl : end;
	}
	c->sep = csv_guess_sep(p, (size_t)(le - p));
}

int
csv_next(struct csv *c)
{
	if (c->sep == 0)
		sniff_sep(c);
	for (;;) {
		if (!read_row(c))
			return 0;
		if (!c->preamble_done) {
			const char *first = c->row.data;
			if (c->ncells <= 2 && strncasecmp(first, "sep=", 4) == 0)
				continue;
			if (strncmp(first, "#TYPE", 5) == 0)
				continue;
		}
		if (row_is_blank(c))
			continue;
		c->preamble_done = 1;
		return 1;
	}
}

size_t
csv_ncells(const struct csv *c)
{
	return c->ncells;
}

const char *
csv_cell(const struct csv *c, size_t i)
{
	if (i >= c->ncells || c->row.data == NULL)
		return "";
	size_t off = c->offs[i];
	return off < c->row.len ? c->row.data + off : "";
}

/* The qualifier of a header name in brackets at its end ("Login Time
 * (Central Daylight Time)" -> "Central Daylight Time"), with its length;
 * NULL when it has none. */
const char *
csv_name_qualifier(const char *name, size_t *len)
{
	size_t n = strlen(name);
	while (n && name[n - 1] == ' ')
		n--;
	if (n < 4 || name[n - 1] != ')')
		return NULL;
	const char *open = NULL;
	for (size_t i = n - 1; i-- > 0;)
		if (name[i] == '(') {
			open = name + i;
			break;
		}
	if (open == NULL || open == name || open[-1] != ' ')
		return NULL;
	*len = (size_t)(name + n - 1 - (open + 1));
	return *len ? open + 1 : NULL;
}

static int
name_eq(const char *a, const char *b, size_t alen)
{
	const char *aend = a + alen;
	for (;;) {
		while (a < aend && (*a == ' ' || *a == '_' || *a == '\t'))
			a++;
		while (*b == ' ' || *b == '_' || *b == '\t')
			b++;
		if (a == aend || *b == '\0')
			return a == aend && *b == '\0';
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

int
csv_name_eq(const char *a, const char *b)
{
	if (name_eq(a, b, strlen(a)))
		return 1;
	/* "Login Time (Central Daylight Time)" is the Login Time column */
	size_t ql;
	const char *q = csv_name_qualifier(a, &ql);
	if (q && name_eq(a, b, (size_t)(q - 1 - a)))
		return 1;
	q = csv_name_qualifier(b, &ql);
	return q && name_eq(b, a, (size_t)(q - 1 - b));
}

int
csv_find(char *const *hdr, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (csv_name_eq(hdr[i], name))
			return (int)i;
	return -1;
}

char **
csv_copy_row(const struct csv *c)
{
	char **row = xcalloc(c->ncells + 1, sizeof(*row));
	for (size_t i = 0; i < c->ncells; i++)
		row[i] = xstrdup(csv_cell(c, i));
	return row;
}

void
csv_free_row(char **row)
{
	if (row == NULL)
		return;
	for (size_t i = 0; row[i]; i++)
		free(row[i]);
	free(row);
}
