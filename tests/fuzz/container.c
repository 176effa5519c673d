/* container.c - any bytes as an e-mail and as an HTML page: every part
 * handed out, nothing read past the input. */
#include "config.h"

#include "container.h"
#include "fuzz.h"

static void
on_part(void *ud, const char *name, const char *data, size_t len)
{
	size_t *total = ud;
	*total += len + (name[0] != '\0');
	if (len)
		*total += (unsigned char)data[len - 1];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t total = 0;
	char err[128];
	(void)container_kind(data, size);
	(void)mime_split((const char *)data, size, on_part, &total, err, sizeof(err));
	(void)html_split((const char *)data, size, on_part, &total, err, sizeof(err));
	return 0;
}
