/*
 * input.h - the inventory: one entry per thing found in the inputs, with
 * how it was read.  Nothing is left out: every file, archive member,
 * unreadable or unsupported part gets an entry and a status.
 *
 * Ownership: struct inputs owns every entry and every string in it;
 * input_warn() copies its message.
 */
#ifndef TRIAGE_INPUT_H
#define TRIAGE_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum input_status {
	ST_OK,		/* read completely */
	ST_PARTIAL,	/* read, but part of it could not be (see warnings) */
	ST_UNSUPPORTED,	/* no parser recognised the content */
	ST_ERROR,	/* could not be read at all */
	ST_SKIPPED,	/* binary content (an image, an Office document, a
			   mail container): listed with its type, not read */
};
#define ST_COUNT 5

const char *input_status_name(enum input_status s);

#define WARN_LINE   1
#define WARN_OFFSET 2
#define MAX_WARNINGS 100	/* per entry; further ones are only counted */

struct warning {
	int where;		/* 0, WARN_LINE or WARN_OFFSET */
	uint64_t at;
	char *message;
	int guess;		/* says a time, zone or date order was guessed */
};

struct input {
	char *locator;		/* "ticket.zip!/logs/outlook.log" */
	char *format;		/* detected format, NULL if none */
	char *looks_like;	/* for unsupported entries: what it looked like */
	const char *encoding;	/* text encoding when it was read as text */
	uint64_t size;		/* uncompressed bytes */
	uint64_t records;
	unsigned depth;		/* archive nesting depth (0 = given on the command line) */
	int is_archive;
	enum input_status status;
	struct warning *warnings;
	size_t nwarnings;
	uint64_t dropped_warnings;
	unsigned guesses;	/* warnings that say a time, a zone or a day/month
				   order was guessed (the report lists them with
				   the inputs not read) */
};

struct inputs {
	struct input *v;
	size_t n, cap;
};

void inputs_init(struct inputs *ins);
void inputs_free(struct inputs *ins);
/* Add an entry (status ok); returns its index.  Pointers into ins->v are
 * invalidated by the next inputs_add. */
size_t inputs_add(struct inputs *ins, const char *locator, unsigned depth);
/* Forget the last entry added (one that held nothing). */
void inputs_drop_last(struct inputs *ins);
/* The entries put in order of their locators (byte order; an archive
 * before what it holds), so a folder and its zip, or the same files given
 * in any order, list the same.  map (of ins->n, before) receives each
 * entry's new index; returns 1 when anything moved. */
int inputs_sort(struct inputs *ins, uint32_t *map);

void input_warn(struct input *in, int where, uint64_t at, const char *fmt, ...)
	T_PRINTF(4, 5);
/* Raise the status (ok < partial < error); unsupported and skipped stay
 * as set. */
void input_set_status(struct input *in, enum input_status s);
void input_set_format(struct input *in, const char *format);

#endif
