/*
 * jsonpipe.h - the JSON records (or CSV rows) of one entry read on several cores.
 *
 * A record is decoded in two steps: its text is turned into a cJSON tree
 * (json_prepare: \u0000 escapes kept as U+FFFD, keys given twice
 * dropped), then the parser reads the tree.  The first step needs
 * nothing but the text, so jpipe_run runs the scanner (jsonscan.h) on a
 * thread of its own, hands batches of record texts to worker threads for
 * json_prepare, and gives each decoded record to take() on the calling
 * thread in the order of the input.  The parser, the store and the
 * entry's warnings are only ever touched by the calling thread, so what
 * is read is the same, byte for byte, as jscan_run with json_prepare and
 * take() called in turn.
 *
 * Ownership: take() owns the json_prep it is given (json_prep_free); the
 * record text is valid only during the call, as with jscan_run.
 */
#ifndef TRIAGE_JSONPIPE_H
#define TRIAGE_JSONPIPE_H

#include <cjson/cJSON.h>

#include "csv.h"
#include "jsonscan.h"

struct json_prep {
	cJSON *item;		/* NULL: the text could not be decoded */
	size_t fail_at;		/* ... where decoding stopped, from the record's start */
	size_t nul;		/* \u0000 escapes kept as U+FFFD */
	uint64_t duplicates;	/* keys given twice in one object (the earlier dropped) */
	char *first_duplicate;	/* the first of them, when there are any */
	int in_arena;		/* item came from this thread's arena
				   (jsonmem.h): its reset frees it */
};

/* Decode one record's text (n bytes). */
void json_prepare(const char *text, size_t n, struct json_prep *p);
void json_prep_free(struct json_prep *p);

/* Return non-zero to stop: the rest of the entry is not handed over. */
typedef int (*jpipe_take_fn)(void *ud, const struct jrecord *r, struct json_prep *p);

/* The same on this thread alone: jscan_run, each record decoded
 * (json_prepare, its tree in an arena given back after take) and handed
 * to take in turn. */
void jpipe_serial(struct text *t, const char *const *paths, size_t max_record,
		  jpipe_take_fn take, jskip_fn skip, void *ud, struct jscan_result *res);

/* jscan_run over t with jobs threads in all (jobs >= 2): take() and
 * skip() are called on this thread, in input order, and res says what
 * jscan_run would have said. */
void jpipe_run(struct text *t, const char *const *paths, size_t max_record, unsigned jobs,
	       jpipe_take_fn take, jskip_fn skip, void *ud, struct jscan_result *res);

/* ---- CSV: the JSON in one column decoded on several cores ----
 *
 * A CSV export whose rows carry a JSON document in a cell (the Purview
 * audit log's AuditData) is read the same way: the rows are read on a
 * thread of their own (csv_next), the cell of each data row under
 * json_column (matched as csv_find does in the first row, the header) is
 * decoded with json_prepare on the workers, and take() gets every row,
 * the header first, on the calling thread in the order of the input.
 *
 * take() gets the row as a struct csv to read with csv_ncells, csv_cell
 * and its line and overflow members (valid only during the call), and the
 * decoded cell, or NULL for the header, a row without the column, or a
 * cell of nothing but white space; the prep is freed after the call.
 * After the run the reader (csv) says where the input ended
 * (line, unterminated). */
typedef int (*cpipe_take_fn)(void *ud, const struct csv *row, struct json_prep *p);

/* On this thread alone; json_column may be NULL (nothing decoded). */
void cpipe_serial(struct csv *csv, const char *json_column, cpipe_take_fn take, void *ud);
/* With jobs threads in all (jobs >= 2). */
void cpipe_run(struct csv *csv, const char *json_column, unsigned jobs, cpipe_take_fn take,
	       void *ud);

#endif
