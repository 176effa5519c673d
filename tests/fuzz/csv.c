/* fuzz_csv.c - the CSV reader on any bytes; and its rows, with the JSON
 * of their AuditData column decoded, handed over on one thread
 * (cpipe_serial) and on three (cpipe_run): both must give the same rows
 * in the same order, and stop at the same one. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "fuzz.h"
#include "jsonpipe.h"
#include "util.h"

struct seen {
	struct buf b;
	unsigned n;
	unsigned stop_at;
};

static int
take(void *ud, const struct csv *row, struct json_prep *p)
{
	struct seen *s = ud;
	char head[160];
	snprintf(head, sizeof(head), "%llu %d %zu [%d %zu %zu %llu]", (unsigned long long)row->line,
		 row->overflow, csv_ncells(row), p ? p->item != NULL : -1, p ? p->fail_at : 0,
		 p ? p->nul : 0, p ? (unsigned long long)p->duplicates : 0);
	buf_add(&s->b, head, strlen(head));
	for (size_t i = 0; i < csv_ncells(row); i++) {
		const char *cell = csv_cell(row, i);
		buf_addc(&s->b, ',');
		buf_add(&s->b, cell, strlen(cell));
	}
	buf_addc(&s->b, '|');
	return s->stop_at && ++s->n == s->stop_at;
}

/* A CSV reader over the input, with the stream and text under it. */
struct memcsv {
	struct stream s;
	struct mem_source m;
	struct text t;
	struct csv c;
};

static struct csv *
memcsv_open(struct memcsv *mc, const uint8_t *data, size_t size)
{
	stream_init_mem(&mc->s, &mc->m, data, size);
	text_init(&mc->t, &mc->s, 4096);
	csv_init(&mc->c, &mc->t, 0, 4096);
	return &mc->c;
}

static void
memcsv_close(struct memcsv *mc)
{
	csv_free(&mc->c);
	text_free(&mc->t);
	stream_free(&mc->s);
}

static void
rows(const uint8_t *data, size_t size, unsigned jobs, struct seen *s, uint64_t *line, int *open)
{
	struct memcsv mc;
	struct csv *c = memcsv_open(&mc, data, size);
	if (jobs == 1)
		cpipe_serial(c, "AuditData", take, s);
	else
		cpipe_run(c, "AuditData", jobs, take, s);
	*line = c->line;
	*open = c->unterminated;
	memcsv_close(&mc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memcsv mc;
	struct csv *c = memcsv_open(&mc, data, size);
	while (csv_next(c)) {
		for (size_t i = 0; i < csv_ncells(c); i++)
			(void)csv_cell(c, i);
		char **row = csv_copy_row(c);
		csv_free_row(row);
	}
	memcsv_close(&mc);

	/* stop after the row the first byte names, or never */
	unsigned stop_at = size ? data[0] % 8 : 0;
	struct seen one = {.stop_at = stop_at}, three = {.stop_at = stop_at};
	buf_init(&one.b, SIZE_MAX / 2);
	buf_init(&three.b, SIZE_MAX / 2);
	uint64_t l1, l3;
	int o1, o3;
	rows(data, size, 1, &one, &l1, &o1);
	rows(data, size, 3, &three, &l3, &o3);
	if (one.b.len != three.b.len || (one.b.len && memcmp(one.b.data, three.b.data, one.b.len)) ||
	    (!stop_at && (l1 != l3 || o1 != o3))) {
		fprintf(stderr, "one thread:    %.*s\nthree threads: %.*s\n", (int)one.b.len,
			one.b.data ? one.b.data : "", (int)three.b.len,
			three.b.data ? three.b.data : "");
		abort();
	}
	buf_free(&one.b);
	buf_free(&three.b);
	return 0;
}
