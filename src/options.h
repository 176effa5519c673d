/*
 * options.h - settings shared by the walker, the parsers and the reports.
 */
#ifndef TRIAGE_OPTIONS_H
#define TRIAGE_OPTIONS_H

#include <stdint.h>

struct limits {
	uint64_t total_bytes;	/* uncompressed bytes read in the whole run */
	uint64_t ratio;		/* uncompressed:compressed per archive entry */
	uint64_t ratio_after;	/* ... checked once this many bytes came out */
	unsigned depth;		/* archive nesting */
	uint64_t entries;	/* entries in the whole run */
	uint64_t record_bytes;	/* longest line or record */
	uint64_t buffer_bytes;	/* an archive inside another held in memory (7z) */
};

#define DEFAULT_TOTAL_BYTES (16ULL << 30)
#define DEFAULT_RATIO 1000
#define DEFAULT_RATIO_AFTER (16ULL << 20)
#define DEFAULT_DEPTH 8
#define DEFAULT_ENTRIES 1000000
#define DEFAULT_RECORD_BYTES (64ULL << 20)
#define DEFAULT_BUFFER_BYTES (1ULL << 30)

struct options {
	struct limits limits;
	const char *tz;		/* zone for sources that write local times */
	int tz_given;		/* --tz was given (else UTC is a guess) */
	int progress;		/* show progress on stderr */
	unsigned jobs;		/* threads reading one entry (1: this one only) */
	uint64_t pipe_min;	/* entries of at least this many bytes (or of
				   unknown size) are read on jobs threads */
	uint64_t stream_min;	/* archives inside archives of at least this many
				   bytes (or of unknown size) are streamed */
	uint64_t spill_min;	/* analyze: records kept before routine ones are
				   spilled to a temporary file */
};

#define DEFAULT_PIPE_MIN (1ULL << 20)
#define DEFAULT_STREAM_MIN (64ULL << 20)
#define DEFAULT_SPILL_MIN 50000

void options_defaults(struct options *o);

#endif
