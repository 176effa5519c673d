/* input.c - the inventory of input entries. */
#include "config.h"

#include "input.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *
input_status_name(enum input_status s)
{
	switch (s) {
	case ST_OK: return "ok";
	case ST_PARTIAL: return "partial";
	case ST_UNSUPPORTED: return "unsupported";
	case ST_ERROR: return "error";
	case ST_SKIPPED: return "skipped";
	}
	return "?";
}

void
inputs_init(struct inputs *ins)
{
	memset(ins, 0, sizeof(*ins));
}

static void
input_release(struct input *in)
{
	free(in->locator);
	free(in->format);
	free(in->looks_like);
	for (size_t j = 0; j < in->nwarnings; j++)
		free(in->warnings[j].message);
	free(in->warnings);
}

void
inputs_free(struct inputs *ins)
{
	for (size_t i = 0; i < ins->n; i++)
		input_release(&ins->v[i]);
	free(ins->v);
	inputs_init(ins);
}

void
inputs_drop_last(struct inputs *ins)
{
	if (ins->n)
		input_release(&ins->v[--ins->n]);
}

size_t
inputs_add(struct inputs *ins, const char *locator, unsigned depth)
{
	GROW(ins->v, ins->n, ins->cap);
	struct input *in = &ins->v[ins->n];
	memset(in, 0, sizeof(*in));
	in->locator = xstrdup(locator);
	in->depth = depth;
	in->status = ST_OK;
	return ins->n++;
}

void
input_warn(struct input *in, int where, uint64_t at, const char *fmt, ...)
{
	if (in->nwarnings >= MAX_WARNINGS) {
		in->dropped_warnings++;
		return;
	}
	GROW_BY_COUNT(in->warnings, in->nwarnings);
	struct warning *w = &in->warnings[in->nwarnings++];
	memset(w, 0, sizeof(*w));
	w->where = where;
	w->at = at;
	va_list ap;
	va_start(ap, fmt);
	w->message = xvasprintf(fmt, ap);
	va_end(ap);
	size_t n = strlen(w->message);
	while (n > 0 && (w->message[n - 1] == '\n' || w->message[n - 1] == ' ' ||
			 w->message[n - 1] == '\r'))
		w->message[--n] = '\0';
}

void
input_set_status(struct input *in, enum input_status s)
{
	if (s == ST_UNSUPPORTED || s == ST_SKIPPED) {
		if (in->status == ST_OK)
			in->status = s;
		return;
	}
	if ((in->status == ST_UNSUPPORTED || in->status == ST_SKIPPED) && s != ST_OK) {
		in->status = s;
		return;
	}
	if (s > in->status)
		in->status = s;
}

void
input_set_format(struct input *in, const char *format)
{
	free(in->format);
	in->format = format ? xstrdup(format) : NULL;
}

struct input_key {
	const char *locator;
	size_t at;
};

static int
cmp_input_key(const void *pa, const void *pb)
{
	const struct input_key *a = pa, *b = pb;
	int c = strcmp(a->locator, b->locator);
	return c ? c : (a->at > b->at) - (a->at < b->at);
}

int
inputs_sort(struct inputs *ins, uint32_t *map)
{
	if (ins->n < 2) {
		if (ins->n)
			map[0] = 0;
		return 0;
	}
	struct input_key *k = xreallocarray(NULL, ins->n, sizeof(*k));
	for (size_t i = 0; i < ins->n; i++)
		k[i] = (struct input_key){ins->v[i].locator, i};
	qsort(k, ins->n, sizeof(*k), cmp_input_key);
	int moved = 0;
	struct input *v = xreallocarray(NULL, ins->cap, sizeof(*v));
	for (size_t i = 0; i < ins->n; i++) {
		v[i] = ins->v[k[i].at];
		map[k[i].at] = (uint32_t)i;
		moved |= k[i].at != i;
	}
	free(ins->v);
	ins->v = v;
	free(k);
	return moved;
}
