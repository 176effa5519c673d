/*
 * bundle.h - the bundle walker: turns command-line inputs (files,
 * directories, "-" for standard input, archives nested to any depth) into
 * entries, sniffs each, runs the winning parser on it, and records every
 * entry with its status in the inventory.
 *
 * Nothing is written to disk: archives are read with libarchive from the
 * file or, when nested, from memory; an entry's name is only ever text in
 * a locator ("ticket.zip!/inner.zip!/exports/signins.json").
 * Limits (options.h) are enforced per entry; hitting one marks that entry
 * partial or error and the walk goes on.
 *
 * Ownership: the walker borrows the options, inventory and store.
 */
#ifndef TRIAGE_BUNDLE_H
#define TRIAGE_BUNDLE_H

#include <stdint.h>

#include "input.h"
#include "options.h"
#include "store.h"

struct archive;

#define STOP_RATIO 1	/* it inflates over --max-ratio as a whole */
#define STOP_SHARE 2	/* it spent its share of the run's budget */

struct walker {
	const struct options *opt;
	struct inputs *inputs;
	struct store *store;
	uint64_t bytes;		/* uncompressed bytes read so far */
	uint64_t entries;	/* entries seen so far */
	int bytes_hit;
	int entries_hit;
	unsigned io_errors;	/* inputs the system failed to read (read(2) errors) */
	uint64_t files;		/* entries that were parsed */
	const char *stdin_name;
	int progress;
	uint64_t progress_last;
	/* --progress: how far through the inputs on disk */
	uint64_t disk_total;	/* bytes of the files given (walker_plan), 0 unknown */
	uint64_t disk_done;	/* of the files finished, and of the one read plainly */
	uint64_t disk_files;	/* regular files on disk to read (walker_plan) */
	uint64_t disk_started;	/* ... of them opened so far */
	uint64_t share_entries;	/* what the outermost archive may take of the */
	uint64_t share_bytes;	/* run's entries and bytes (share_out) */
	struct archive *disk_archive;	/* the archive on disk being read, or NULL */
	uint64_t t_start, t_last;	/* milliseconds */
	/* the archives being read, outermost first: what each inflated to
	 * so far, nested archives' contents included, against its packed
	 * size (--max-ratio for the archive as a whole, once two entries
	 * count: one entry is the entry's own ratio check) */
	struct {
		uint64_t packed, out;
		uint64_t members;	/* entries read so far */
		size_t idx;		/* its input */
		int stopped;	/* 0, STOP_RATIO or STOP_SHARE: why the rest is not read */
	} arc[24];
	unsigned narc;
};

void walker_init(struct walker *w, const struct options *opt,
		 struct inputs *ins, struct store *st);
/* Walk one command-line input ("-" is standard input).  Returns 0 if it
 * could be opened at all, -1 if not (the inventory says why). */
int walker_add(struct walker *w, const char *path);
/* Walk a memory block as if it were a file named name (used by tests and
 * fuzzing). */
void walker_add_memory(struct walker *w, const char *name, const void *data,
		       size_t len);
void walker_finish(struct walker *w);
/* Before the walk, for --progress: the bytes on disk of these inputs (the
 * files under a directory too), so progress can say how far it is. */
void walker_plan(struct walker *w, char *const *paths, size_t n);

#endif
