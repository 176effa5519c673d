/* options.c - default settings. */
#include "config.h"

#include "options.h"

#include <string.h>

void
options_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->limits.total_bytes = DEFAULT_TOTAL_BYTES;
	o->limits.ratio = DEFAULT_RATIO;
	o->limits.ratio_after = DEFAULT_RATIO_AFTER;
	o->limits.depth = DEFAULT_DEPTH;
	o->limits.entries = DEFAULT_ENTRIES;
	o->limits.record_bytes = DEFAULT_RECORD_BYTES;
	o->limits.buffer_bytes = DEFAULT_BUFFER_BYTES;
	o->stream_min = DEFAULT_STREAM_MIN;
	o->jobs = 1;
	o->pipe_min = DEFAULT_PIPE_MIN;
	o->spill_min = DEFAULT_SPILL_MIN;
	o->tz = "UTC";
}
