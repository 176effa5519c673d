/* report_timeline.c - records in time order, as text, NDJSON or CSV. */
#include "config.h"

#include "timeline.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report.h"
#include "timefmt.h"
#include "words.h"

int
timeline_format_parse(const char *s, enum timeline_format *f)
{
	if (strcmp(s, "text") == 0)
		*f = TL_TEXT;
	else if (strcmp(s, "ndjson") == 0 || strcmp(s, "json") == 0)
		*f = TL_NDJSON;
	else if (strcmp(s, "csv") == 0)
		*f = TL_CSV;
	else
		return -1;
	return 0;
}

void
record_locator(struct buf *b, const struct store *st, const struct inputs *ins,
	       const struct record *r)
{
	if (r->input < ins->n)
		(void)buf_adds(b, ins->v[r->input].locator);
	if (r->pointer)
		(void)buf_adds(b, store_str(st, r->pointer));
	else if (r->line)
		(void)buf_printf(b, ":%u", r->line);
}

static int
by_time(const void *pa, const void *pb, void *ctx)
{
	const struct store *st = ctx;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	const struct record *ra = store_get(st, a), *rb = store_get(st, b);
	int fa = ra->time == TIME_NONE, fb = rb->time == TIME_NONE;
	if (fa != fb)
		return fa - fb;	/* facts after events */
	if (!fa && ra->time != rb->time)
		return ra->time < rb->time ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int
keep(const struct store *st, const struct record *r, const struct timeline_filter *flt)
{
	if (r->time != TIME_NONE && (r->time < flt->since || r->time >= flt->until))
		return 0;
	if (flt->user) {
		const char *u = r->field[F_USER] ? store_str(st, r->field[F_USER]) : "";
		if (mem_find_ci(u, strlen(u), flt->user) == NULL)
			return 0;
	}
	return 1;
}

static int
cmp_user(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

const char **
timeline_users(const struct store *st, const char *user, size_t *n)
{
	uint32_t *ids = NULL;
	size_t nids = 0, cap = 0;
	for (size_t i = 0; i < store_count(st); i++) {
		const struct record *r = store_get(st, i);
		if (r->field[F_USER] == 0)
			continue;
		const char *u = store_str(st, r->field[F_USER]);
		if (mem_find_ci(u, strlen(u), user)) {
			free(ids);
			return NULL;
		}
		GROW(ids, nids, cap);
		ids[nids++] = r->field[F_USER];
	}
	if (nids)
		qsort(ids, nids, sizeof(*ids), cmp_u32);
	const char **v = xcalloc(nids ? nids : 1, sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < nids; i++)
		if (i == 0 || ids[i] != ids[i - 1])
			v[(*n)++] = store_str(st, ids[i]);	/* interned: one id per name */
	free(ids);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_user);
	return v;
}

/* Text for one line of the text format: line breaks and other control
 * characters as escapes, so one record stays one line. */
static void
text_one_line(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

/* One CSV cell.  A cell a spreadsheet would read as a formula (starting
 * with =, +, -, @, a tab or a carriage return) gets a leading apostrophe,
 * so that opening the timeline runs nothing. */
static void
csv_field(FILE *f, const char *s)
{
	int guard = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
	if (!guard && strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* The level a source gave the record (level, severity, ...), or "". */
static const char *
level_of(const struct store *st, const struct record *r)
{
	static const char *const names[] = {"level", "Level", "severity", "Severity", "logLevel",
					    "LogLevel", "EntryType", "LevelDisplayName", NULL};
	for (size_t i = 0; names[i]; i++) {
		const char *v = rec_get(st, r, names[i]);
		if (v && *v)
			return v;
	}
	return "";
}

/* Extras as a JSON object; a key seen several times becomes an array. */
static void
json_extras(FILE *f, const struct store *st, const struct record *r)
{
	const struct kv *kv = rec_extras(st, r);
	fputc('{', f);
	int first = 1;
	for (uint32_t i = 0; i < r->nextra; i++) {
		int seen = 0;
		for (uint32_t j = 0; j < i; j++)
			if (kv[j].key == kv[i].key) {
				seen = 1;
				break;
			}
		if (seen)
			continue;
		uint32_t count = 0;
		for (uint32_t j = i; j < r->nextra; j++)
			count += kv[j].key == kv[i].key;
		if (!first)
			fputs(", ", f);
		first = 0;
		json_string(f, store_str(st, kv[i].key));
		fputs(": ", f);
		if (count == 1) {
			json_string(f, store_str(st, kv[i].value));
			continue;
		}
		fputc('[', f);
		int fv = 1;
		for (uint32_t j = i; j < r->nextra; j++) {
			if (kv[j].key != kv[i].key)
				continue;
			if (!fv)
				fputs(", ", f);
			fv = 0;
			json_string(f, store_str(st, kv[j].value));
		}
		fputc(']', f);
	}
	fputc('}', f);
}

void
timeline_write(FILE *f, enum timeline_format fmt, const struct store *st,
	       const struct inputs *ins, const struct timeline_filter *flt)
{
	size_t n = store_count(st);
	uint32_t *idx = xreallocarray(NULL, n ? n : 1, sizeof(*idx));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (keep(st, store_get(st, i), flt))
			idx[k++] = (uint32_t)i;
	qsort_r(idx, k, sizeof(*idx), by_time, (void *)st);
	if (fmt == TL_CSV) {
		fputs("time,kind", f);
		for (int c = 0; c < F_COUNT; c++)
			fprintf(f, ",%s", field_name((enum field)c));
		fputs(",locator,level,source,fields\r\n", f);
	}
	char *extras = NULL;
	size_t extras_len = 0;
	struct buf loc;
	buf_init(&loc, 1u << 20);
	for (size_t i = 0; i < k; i++) {
		const struct record *r = store_get(st, idx[i]);
		char t[40] = "";
		if (r->time != TIME_NONE)
			time_format(r->time, t, sizeof(t));
		buf_reset(&loc);
		record_locator(&loc, st, ins, r);
		const char *locs = loc.data ? loc.data : "";
		switch (fmt) {
		case TL_NDJSON:
			fputs("{\"time\": ", f);
			if (t[0])
				json_string(f, t);
			else
				fputs("null", f);
			fputs(", \"kind\": ", f);
			json_string(f, store_str(st, r->kind));
			for (int c = 0; c < F_COUNT; c++) {
				if (!r->field[c])
					continue;
				fprintf(f, ", \"%s\": ", field_name((enum field)c));
				json_string(f, store_str(st, r->field[c]));
			}
			fputs(", \"locator\": ", f);
			json_string(f, locs);
			if (r->nextra) {
				fputs(", \"fields\": ", f);
				json_extras(f, st, r);
			}
			fputs("}\n", f);
			break;
		case TL_CSV:
			csv_field(f, t);
			fputc(',', f);
			csv_field(f, store_str(st, r->kind));
			for (int c = 0; c < F_COUNT; c++) {
				fputc(',', f);
				csv_field(f, store_str(st, r->field[c]));
			}
			fputc(',', f);
			csv_field(f, locs);
			fputc(',', f);
			csv_field(f, level_of(st, r));
			fputc(',', f);
			csv_field(f, export_name(store_str(st, r->kind)));
			fputc(',', f);
			if (r->nextra) {
				/* every other field, as one JSON object */
				FILE *mf = open_memstream(&extras, &extras_len);
				if (mf) {
					json_extras(mf, st, r);
					if (fclose(mf) == 0)
						csv_field(f, extras);
					free(extras);
					extras = NULL;
				}
			}
			fputs("\r\n", f);
			break;
		case TL_TEXT:
			fprintf(f, "%-24s  %-18s", t[0] ? t : "(fact)", store_str(st, r->kind));
			for (int c = 0; c < F_COUNT; c++) {
				if (!r->field[c] || c == F_MESSAGE)
					continue;
				fprintf(f, "  %s=", field_name((enum field)c));
				text_one_line(f, store_str(st, r->field[c]));
			}
			if (r->field[F_MESSAGE]) {
				fputs("  \"", f);
				text_one_line(f, store_str(st, r->field[F_MESSAGE]));
				fputc('"', f);
			}
			fputs("  ", f);
			text_one_line(f, locs);
			fputc('\n', f);
			break;
		}
	}
	buf_free(&loc);
	free(idx);
}
