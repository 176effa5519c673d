/* fuzz_bundle.c - any bytes as a bundle: archive walking, sniffing and
 * whichever parser wins; for half the inputs (the last byte odd) with
 * archives inside archives streamed and JSON read on three threads. */
#include "config.h"

#include "bundle.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options opt;
	options_defaults(&opt);
	opt.limits.total_bytes = 1u << 20;	/* coverage, not volume: a bomb stops fast */
	opt.limits.record_bytes = 256u << 10;
	opt.limits.entries = 1000;
	if (size && (data[size - 1] & 1)) {
		opt.stream_min = 0;
		opt.pipe_min = 0;
		opt.jobs = 3;
	}
	struct inputs ins;
	inputs_init(&ins);
	struct store *st = store_new();
	struct walker w;
	walker_init(&w, &opt, &ins, st);
	walker_add_memory(&w, "fuzz", data, size);
	inputs_free(&ins);
	store_free(st);
	return 0;
}
