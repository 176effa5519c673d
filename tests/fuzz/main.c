/* fuzz_main.c - runs a fuzz target over files named on the command line,
 * so make check replays the fixtures through every harness without
 * libFuzzer. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "util.h"

int
main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		(void)LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (f == NULL) {
			perror(argv[i]);
			return 1;
		}
		struct buf b;
		buf_init(&b, 1u << 30);
		char tmp[65536];
		size_t n;
		while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
			(void)buf_add(&b, tmp, n);
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""), b.len);
		buf_free(&b);
	}
	return 0;
}
