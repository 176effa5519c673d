/* secrets.c - any bytes through the credential stripper, whole and cut. */
#include "config.h"

#include "fuzz.h"
#include "secrets.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b;
	buf_init(&b, 4 * size + 64);
	redact_append(&b, (const char *)data, size);
	buf_free(&b);
	buf_init(&b, 4 * size + 64);
	redact_capped(&b, (const char *)data, size, size / 2);
	buf_free(&b);
	return 0;
}
