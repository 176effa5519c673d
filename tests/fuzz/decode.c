/* fuzz_decode.c - the text layer on any bytes: the output must be valid
 * UTF-8 whatever the input. */
#include "config.h"

#include <stdlib.h>

#include "decode.h"
#include "fuzz.h"

static void
check_utf8(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len = p[i] < 0x80 ? 1 : p[i] >= 0xF0 ? 4 : p[i] >= 0xE0 ? 3 : 2;
		if (p[i] >= 0x80 && (p[i] < 0xC2 || p[i] > 0xF4 || i + len > n))
			abort();
		for (size_t k = 1; k < len; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				abort();
		i += len;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s;
	struct mem_source m;
	stream_init_mem(&s, &m, data, size);
	struct text t;
	text_init(&t, &s, 256);
	const char *line;
	size_t n;
	int cut;
	while (text_getline(&t, &line, &n, &cut))
		check_utf8((const unsigned char *)line, n);
	text_free(&t);
	stream_free(&s);
	size_t len;
	char *d = text_decode(data, size, NULL, &len);
	free(d);
	return 0;
}
