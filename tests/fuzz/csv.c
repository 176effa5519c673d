/* fuzz_csv.c - the CSV reader on any bytes. */
#include "config.h"

#include "csv.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s;
	struct mem_source m;
	stream_init_mem(&s, &m, data, size);
	struct text t;
	text_init(&t, &s, 4096);
	struct csv c;
	csv_init(&c, &t, 0, 4096);
	while (csv_next(&c)) {
		for (size_t i = 0; i < csv_ncells(&c); i++)
			(void)csv_cell(&c, i);
		char **row = csv_copy_row(&c);
		csv_free_row(row);
	}
	csv_free(&c);
	text_free(&t);
	stream_free(&s);
	return 0;
}
