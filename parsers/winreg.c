/*
 * winreg.c - Windows registry exports, where Office and browser policies
 * live: regedit's .reg files ("Windows Registry Editor Version 5.00",
 * UTF-16 as regedit writes them, or REGEDIT4) and `reg query` output.
 *
 *   [HKEY_CURRENT_USER\Software\Policies\Microsoft\Office\16.0\Common\Privacy]
 *   "disconnectedstate"=dword:00000002
 *
 *   HKEY_CURRENT_USER\Software\Policies\Microsoft\Office\16.0\Common\Privacy
 *       disconnectedstate    REG_DWORD    0x2
 *
 * One fact per value, kind windows.registry: key (the full key path,
 * HKCU / HKLM written out), name ("(Default)" for @), type (REG_SZ,
 * REG_DWORD, ...), value (DWORD and QWORD as decimal, strings as text,
 * REG_EXPAND_SZ and REG_MULTI_SZ decoded from hex(2) / hex(7), binary as
 * hex); a deleted value ("name"=-) is kept with deleted=true.  Values
 * continued onto several lines (a trailing backslash) are joined.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"

#define REG_VALUE_MAX (64u << 10)

static int
bid(const struct sniff *s, const char **format)
{
	if (s->binary || s->first_line == NULL)
		return 0;
	if (strncmp(s->first_line, "Windows Registry Editor Version", 31) == 0 ||
	    strncmp(s->first_line, "REGEDIT4", 8) == 0) {
		*format = "windows.reg";
		return 90;
	}
	if (strncmp(s->first_line, "HKEY_", 5) == 0 &&
	    (sniff_contains(s, "REG_SZ") || sniff_contains(s, "REG_DWORD") ||
	     sniff_contains(s, "REG_EXPAND_SZ") || sniff_contains(s, "REG_MULTI_SZ"))) {
		*format = "windows.reg_query";
		return 85;
	}
	return 0;
}

struct rjob {
	char key[1024];
	struct buf pending;	/* a value line continued with "\" */
	uint64_t pending_line;
	struct buf value;
};

static const char *
expand_hive(const char *k, char *out, size_t cap)
{
	static const struct {
		const char *abbr, *full;
	} hives[] = {
		{"HKCU", "HKEY_CURRENT_USER"}, {"HKLM", "HKEY_LOCAL_MACHINE"},
		{"HKCR", "HKEY_CLASSES_ROOT"}, {"HKU", "HKEY_USERS"}, {"HKCC", "HKEY_CURRENT_CONFIG"},
	};
	for (size_t i = 0; i < sizeof(hives) / sizeof(hives[0]); i++) {
		size_t n = strlen(hives[i].abbr);
		if (strncasecmp(k, hives[i].abbr, n) == 0 && (k[n] == '\\' || k[n] == '\0')) {
			snprintf(out, cap, "%s%s", hives[i].full, k + n);
			return out;
		}
	}
	snprintf(out, cap, "%s", k);
	return out;
}

static int
hexval(int c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "hex(2):41,00,42,00,00,00": the bytes. */
static void
hex_bytes(const char *s, struct buf *out)
{
	buf_reset(out);
	while (*s) {
		int h = hexval((unsigned char)s[0]), l = h >= 0 && s[1] ? hexval((unsigned char)s[1]) : -1;
		if (h >= 0 && l >= 0) {
			(void)buf_addc(out, (char)(h * 16 + l));
			s += 2;
		} else {
			s++;
		}
	}
}

/* UTF-16LE bytes (a REG_EXPAND_SZ or REG_MULTI_SZ) as UTF-8; the strings
 * of a multi-string joined with "; ". */
static void
utf16_text(const struct buf *in, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i + 1 < in->len; i += 2) {
		unsigned cp = (unsigned char)in->data[i] | ((unsigned)(unsigned char)in->data[i + 1] << 8);
		if (cp == 0) {
			if (i + 3 < in->len && (in->data[i + 2] || in->data[i + 3]))
				(void)buf_adds(out, "; ");
			continue;
		}
		(void)buf_add_utf8(out, cp);
	}
}

static void
emit(struct parse_ctx *c, const char *key, const char *name, const char *type,
     const char *value, uint64_t line)
{
	struct store *st = c->store;
	store_begin(st, c->input_id, "windows.registry");
	rec_set_line(st, line);
	rec_set_str(st, "key", key);
	rec_set_str(st, "name", name);
	rec_set_str(st, "type", type);
	if (value)
		rec_set_str(st, "value", value);
	else
		rec_set_str(st, "deleted", "true");
	store_end(st);
}

/* "name"=data or @=data of a .reg file. */
static void
reg_value(struct parse_ctx *c, struct rjob *j, const char *s, uint64_t line)
{
	char name[512];
	const char *p = s;
	if (*p == '@') {
		snprintf(name, sizeof(name), "(Default)");
		p++;
	} else if (*p == '"') {
		size_t k = 0;
		for (p++; *p && *p != '"' && k + 1 < sizeof(name); p++) {
			if (*p == '\\' && p[1])
				p++;
			name[k++] = *p;
		}
		name[k] = '\0';
		if (*p == '"')
			p++;
	} else {
		return;
	}
	if (*p != '=')
		return;
	p++;
	char num[32];
	if (*p == '-') {
		emit(c, j->key, name, "", NULL, line);
	} else if (*p == '"') {
		/* REG_SZ: a quoted string with \\ and \" escapes */
		buf_reset(&j->value);
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && p[1])
				p++;
			(void)buf_addc(&j->value, *p);
		}
		emit(c, j->key, name, "REG_SZ", j->value.data ? j->value.data : "", line);
	} else if (strncasecmp(p, "dword:", 6) == 0) {
		unsigned long v = strtoul(p + 6, NULL, 16);
		snprintf(num, sizeof(num), "%lu", v);
		emit(c, j->key, name, "REG_DWORD", num, line);
	} else if (strncasecmp(p, "hex(b):", 7) == 0) {
		struct buf b;
		buf_init(&b, REG_VALUE_MAX);
		hex_bytes(p + 7, &b);
		unsigned long long v = 0;
		for (size_t i = b.len; i > 0 && i <= 8; i--)
			v = (v << 8) | (unsigned char)b.data[i - 1];
		snprintf(num, sizeof(num), "%llu", v);
		emit(c, j->key, name, "REG_QWORD", num, line);
		buf_free(&b);
	} else if (strncasecmp(p, "hex(2):", 7) == 0 || strncasecmp(p, "hex(7):", 7) == 0) {
		struct buf b;
		buf_init(&b, REG_VALUE_MAX);
		hex_bytes(p + 7, &b);
		utf16_text(&b, &j->value);
		emit(c, j->key, name, p[4] == '2' ? "REG_EXPAND_SZ" : "REG_MULTI_SZ",
		     j->value.data ? j->value.data : "", line);
		buf_free(&b);
	} else if (strncasecmp(p, "hex", 3) == 0) {
		const char *colon = strchr(p, ':');
		buf_reset(&j->value);
		for (const char *q = colon ? colon + 1 : p; *q; q++)
			if (*q != ',' && *q != ' ')
				(void)buf_addc(&j->value, *q);
		emit(c, j->key, name, "REG_BINARY", j->value.data ? j->value.data : "", line);
	}
}

static int
on_reg_line(struct parse_ctx *c, uint64_t lineno, const char *line, size_t n, void *ud)
{
	struct rjob *j = ud;
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\r'))
		n--;
	/* a value continued on the next line */
	if (j->pending.len || (n && line[n - 1] == '\\' && line[0] != '[')) {
		const char *p = line;
		size_t k = n;
		if (j->pending.len)
			while (k && (*p == ' ' || *p == '\t')) {
				p++;
				k--;
			}
		if (j->pending.len == 0)
			j->pending_line = lineno;
		int more = k && p[k - 1] == '\\';
		(void)buf_add(&j->pending, p, more ? k - 1 : k);
		if (more)
			return 0;
		reg_value(c, j, j->pending.data, j->pending_line);
		buf_reset(&j->pending);
		return 0;
	}
	if (n && line[0] == '[') {
		const char *e = memrchr(line, ']', n);
		if (e) {
			char raw[1024];
			snprintf(raw, sizeof(raw), "%.*s", (int)(e - line - 1), line + 1);
			expand_hive(raw[0] == '-' ? raw + 1 : raw, j->key, sizeof(j->key));
		}
		return 0;
	}
	if (n && (line[0] == '"' || line[0] == '@')) {
		char *v = xstrndup(line, n);
		reg_value(c, j, v, lineno);
		free(v);
	}
	return 0;
}

/* `reg query`: a key line, then "    name    REG_TYPE    data". */
static int
on_query_line(struct parse_ctx *c, uint64_t lineno, const char *line, size_t n, void *ud)
{
	struct rjob *j = ud;
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\r'))
		n--;
	if (n >= 5 && strncmp(line, "HKEY_", 5) == 0) {
		snprintf(j->key, sizeof(j->key), "%.*s", (int)n, line);
		return 0;
	}
	const char *t = memmem(line, n, "    REG_", 8);
	if (t == NULL || line[0] != ' ')
		return 0;
	const char *a = line;
	while (a < t && *a == ' ')
		a++;
	char name[512], type[32];
	snprintf(name, sizeof(name), "%.*s", (int)(t - a), a);
	const char *ty = t + 4;
	size_t tl = 0;
	while (ty + tl < line + n && ty[tl] != ' ')
		tl++;
	snprintf(type, sizeof(type), "%.*s", (int)tl, ty);
	const char *v = ty + tl;
	while (v < line + n && *v == ' ')
		v++;
	char *val = xstrndup(v, (size_t)(line + n - v));
	char num[32];
	if ((strcmp(type, "REG_DWORD") == 0 || strcmp(type, "REG_QWORD") == 0) &&
	    strncmp(val, "0x", 2) == 0) {
		snprintf(num, sizeof(num), "%llu", strtoull(val + 2, NULL, 16));
		emit(c, j->key, strcmp(name, "(Default)") == 0 ? "(Default)" : name, type, num,
		     lineno);
	} else {
		emit(c, j->key, name, type, val, lineno);
	}
	free(val);
	return 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	struct rjob j;
	memset(&j, 0, sizeof(j));
	buf_init(&j.pending, REG_VALUE_MAX);
	buf_init(&j.value, REG_VALUE_MAX);
	enum input_status st = parse_lines(c, LINES_SKIP_BLANK,
					   strcmp(format, "windows.reg_query") == 0 ? on_query_line
										    : on_reg_line,
					   &j);
	if (j.pending.len)
		reg_value(c, &j, j.pending.data, j.pending_line);
	buf_free(&j.pending);
	buf_free(&j.value);
	return st;
}

static const char *const formats_list[] = {"windows.reg", "windows.reg_query", NULL};

const struct parser parser_winreg = {
	.name = "winreg",
	.description = "Windows registry exports (.reg, reg query): Office and browser "
		       "policies",
	.bid = bid,
	.parse = parse,
	.formats = formats_list,
};
