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
	if (r->pointer) {
		(void)buf_adds(b, store_str(st, r->pointer));
		if (r->pindex)
			(void)buf_printf(b, "%u", r->pindex - 1);
	} else if (r->line)
		(void)buf_printf(b, ":%u", r->line);
}

/* A record to print: in memory (at: its index) or spilled (where its
 * bytes are); its time and place decide the order. */
struct item {
	int64_t time;
	uint64_t off;		/* spilled: in the spill file; else the index */
	uint32_t len;		/* spilled: its bytes; 0: in memory */
	uint32_t input, seq;
};

/* events first, oldest first, then facts; ties in the store's order
 * (of the inputs and then of reading, or of reading) */
static int
by_time(const void *pa, const void *pb, void *ctx)
{
	const struct item *a = pa, *b = pb;
	int by_input = *(const int *)ctx;
	int fa = a->time == TIME_NONE, fb = b->time == TIME_NONE;
	if (fa != fb)
		return fa - fb;	/* facts after events */
	if (!fa && a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (by_input && a->input != b->input)
		return a->input < b->input ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static int
keep(const struct store *st, int64_t time, uint32_t user, const struct timeline_filter *flt)
{
	if (time != TIME_NONE && (time < flt->since || time >= flt->until))
		return 0;
	if (flt->user) {
		const char *u = user ? store_str(st, user) : "";
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
	/* the records in memory, then those spilled (their user stayed) */
	size_t n_in = store_count(st);
	struct spilled_iter it;
	store_spilled_begin(st, &it, 0);
	for (size_t i = 0;; i++) {
		uint32_t id;
		if (i < n_in) {
			id = store_get(st, i)->field[F_USER];
		} else {
			const struct spilled *e = store_spilled_next(&it);
			if (e == NULL)
				break;
			id = e->user;
		}
		if (id == 0)
			continue;
		const char *u = store_str(st, id);
		if (mem_find_ci(u, strlen(u), user)) {
			store_spilled_end(&it);
			free(ids);
			return NULL;
		}
		GROW(ids, nids, cap);
		ids[nids++] = id;
	}
	store_spilled_end(&it);
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
	struct extras kv = rec_extras(st, r);
	fputc('{', f);
	int first = 1;
	for (uint32_t i = 0; i < r->nextra; i++) {
		int seen = 0;
		for (uint32_t j = 0; j < i; j++)
			if (kv.key[j] == kv.key[i]) {
				seen = 1;
				break;
			}
		if (seen)
			continue;
		uint32_t count = 0;
		for (uint32_t j = i; j < r->nextra; j++)
			count += kv.key[j] == kv.key[i];
		if (!first)
			fputs(", ", f);
		first = 0;
		json_string(f, store_str(st, kv.key[i]));
		fputs(": ", f);
		if (count == 1) {
			json_string(f, store_str(st, kv.value[i]));
			continue;
		}
		fputc('[', f);
		int fv = 1;
		for (uint32_t j = i; j < r->nextra; j++) {
			if (kv.key[j] != kv.key[i])
				continue;
			if (!fv)
				fputs(", ", f);
			fv = 0;
			json_string(f, store_str(st, kv.value[j]));
		}
		fputc(']', f);
	}
	fputc('}', f);
}

void
timeline_write(FILE *f, enum timeline_format fmt, struct store *st,
	       const struct inputs *ins, const struct timeline_filter *flt)
{
	/* what to print, in order: the records in memory and the spilled
	 * ones (each read back when its turn comes) */
	size_t n = store_count(st), k = 0;
	struct item *idx = xreallocarray(NULL, n + store_nspilled(st) + 1, sizeof(*idx));
	for (size_t i = 0; i < n; i++) {
		const struct record *r = store_get(st, i);
		if (keep(st, r->time, r->field[F_USER], flt))
			idx[k++] = (struct item){r->time, i, 0, r->input, r->seq};
	}
	struct spilled_iter it;
	store_spilled_begin(st, &it, 0);
	for (const struct spilled *e; (e = store_spilled_next(&it)) != NULL;)
		if (keep(st, e->time, e->user, flt))
			idx[k++] = (struct item){e->time, e->off, e->len, e->input, e->seq};
	store_spilled_end(&it);
	int by_input = store_in_input_order(st);
	qsort_r(idx, k, sizeof(*idx), by_time, &by_input);
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
		const struct record *r;
		if (idx[i].len) {
			struct spilled e = {.off = idx[i].off, .len = idx[i].len,
					    .input = idx[i].input, .seq = idx[i].seq};
			r = store_peek(st, &e);
		} else {
			r = store_get(st, (size_t)idx[i].off);
		}
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
		store_peek_end(st);
	}
	buf_free(&loc);
	free(idx);
}
