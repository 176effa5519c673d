/* report_inventory.c - the inventory in text, JSON, Markdown and HTML. */
#include "config.h"

#include "report.h"

#include <stdint.h>
#include <string.h>

#include "util.h"

static void
warning_text(FILE *f, const struct warning *w)
{
	if (w->where == WARN_LINE)
		fprintf(f, "line %llu: ", (unsigned long long)w->at);
	else if (w->where == WARN_OFFSET)
		fprintf(f, "offset %llu: ", (unsigned long long)w->at);
	fputs(w->message, f);
}

static const char *
format_of(const struct input *in)
{
	return in->format ? in->format : "-";
}

/* Display width of UTF-8 text (code points). */
static size_t
width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static void
pad(FILE *f, const char *s, size_t w)
{
	fputs(s, f);
	for (size_t n = width(s); n < w; n++)
		fputc(' ', f);
}

static void
write_text(FILE *f, const struct inputs *ins, const struct run_stats *st)
{
	size_t wl = strlen("LOCATOR"), wf = strlen("FORMAT");
	for (size_t i = 0; i < ins->n; i++) {
		size_t l = width(ins->v[i].locator);
		if (l > wl)
			wl = l;
		l = width(format_of(&ins->v[i]));
		if (l > wf)
			wf = l;
	}
	if (wl > 100)
		wl = 100;
	pad(f, "LOCATOR", wl + 2);
	fprintf(f, "%10s  ", "SIZE");
	pad(f, "FORMAT", wf + 2);
	fprintf(f, "%8s  %s\n", "RECORDS", "STATUS");
	uint64_t counts[ST_COUNT] = {0};
	for (size_t i = 0; i < ins->n; i++) {
		const struct input *in = &ins->v[i];
		counts[in->status]++;
		pad(f, in->locator, wl + 2);
		fprintf(f, "%10llu  ", (unsigned long long)in->size);
		pad(f, format_of(in), wf + 2);
		fprintf(f, "%8llu  %s\n", (unsigned long long)in->records,
			input_status_name(in->status));
		if (in->looks_like)
			fprintf(f, "    looks like: %s\n", in->looks_like);
		for (size_t j = 0; j < in->nwarnings; j++) {
			fputs("    warning: ", f);
			warning_text(f, &in->warnings[j]);
			fputc('\n', f);
		}
		if (in->dropped_warnings)
			fprintf(f, "    ... and %llu more warnings\n",
				(unsigned long long)in->dropped_warnings);
	}
	fprintf(f, "\n%zu entries: %llu ok, %llu partial, %llu unsupported, %llu error",
		ins->n, (unsigned long long)counts[ST_OK], (unsigned long long)counts[ST_PARTIAL],
		(unsigned long long)counts[ST_UNSUPPORTED], (unsigned long long)counts[ST_ERROR]);
	if (counts[ST_SKIPPED])
		fprintf(f, ", %llu skipped", (unsigned long long)counts[ST_SKIPPED]);
	fprintf(f, "; %llu records from %llu bytes\n", (unsigned long long)st->records,
		(unsigned long long)st->bytes);
	if (st->limit_reached)
		fprintf(f, "The run's budget ran out (--%s): entries after that were not read.\n",
			st->limit_reached);
}

void
report_json_inputs(FILE *f, const struct inputs *ins)
{
	fputs("  \"inputs\": [", f);
	for (size_t i = 0; i < ins->n; i++) {
		const struct input *in = &ins->v[i];
		fputs(i ? ",\n    {" : "\n    {", f);
		fputs("\"locator\": ", f);
		json_string(f, in->locator);
		fputs(", \"format\": ", f);
		if (in->format)
			json_string(f, in->format);
		else
			fputs("null", f);
		fprintf(f, ", \"size\": %llu, \"records\": %llu, \"status\": \"%s\"",
			(unsigned long long)in->size, (unsigned long long)in->records,
			input_status_name(in->status));
		if (in->encoding) {
			fputs(", \"encoding\": ", f);
			json_string(f, in->encoding);
		}
		if (in->looks_like) {
			fputs(", \"looks_like\": ", f);
			json_string(f, in->looks_like);
		}
		fputs(", \"warnings\": [", f);
		for (size_t j = 0; j < in->nwarnings; j++) {
			const struct warning *w = &in->warnings[j];
			fputs(j ? ", {" : "{", f);
			if (w->where == WARN_LINE)
				fprintf(f, "\"line\": %llu, ", (unsigned long long)w->at);
			else if (w->where == WARN_OFFSET)
				fprintf(f, "\"offset\": %llu, ", (unsigned long long)w->at);
			fputs("\"message\": ", f);
			json_string(f, w->message);
			if (w->guess)
				fputs(", \"guess\": true", f);
			fputc('}', f);
		}
		if (in->dropped_warnings)
			fprintf(f, "%s{\"message\": \"%llu more warnings not shown\"}",
				in->nwarnings ? ", " : "", (unsigned long long)in->dropped_warnings);
		fputs("]}", f);
	}
	fputs(ins->n ? "\n  ],\n" : "],\n", f);
}

static void
write_json(FILE *f, const struct inputs *ins, const struct run_stats *st)
{
	fputs("{\n  \"schema\": \"triage.report/1\",\n", f);
	fprintf(f, "  \"tool\": {\"name\": \"triage\", \"version\": \"%s\"},\n",
		PACKAGE_VERSION);
	report_json_inputs(f, ins);
	fprintf(f, "  \"stats\": {\"bytes\": %llu, \"records\": %llu, \"files\": %llu, "
		"\"elapsed_ms\": %llu, \"limit_reached\": ",
		(unsigned long long)st->bytes, (unsigned long long)st->records,
		(unsigned long long)st->files, (unsigned long long)st->elapsed_ms);
	if (st->limit_reached)
		json_string(f, st->limit_reached);
	else
		fputs("null", f);
	fputs("}\n}\n", f);
}

static void
md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

static void
write_md(FILE *f, const struct inputs *ins, const struct run_stats *st)
{
	fputs("| Locator | Size | Format | Records | Status | Notes |\n", f);
	fputs("|---|---:|---|---:|---|---|\n", f);
	for (size_t i = 0; i < ins->n; i++) {
		const struct input *in = &ins->v[i];
		fputs("| `", f);
		md_cell(f, in->locator);
		fprintf(f, "` | %llu | ", (unsigned long long)in->size);
		md_cell(f, format_of(in));
		fprintf(f, " | %llu | %s | ", (unsigned long long)in->records,
			input_status_name(in->status));
		if (in->looks_like) {
			fputs("looks like: ", f);
			md_cell(f, in->looks_like);
			if (in->nwarnings)
				fputs("; ", f);
		}
		for (size_t j = 0; j < in->nwarnings; j++) {
			const struct warning *w = &in->warnings[j];
			if (j)
				fputs("; ", f);
			if (w->where == WARN_LINE)
				fprintf(f, "line %llu: ", (unsigned long long)w->at);
			else if (w->where == WARN_OFFSET)
				fprintf(f, "offset %llu: ", (unsigned long long)w->at);
			md_cell(f, w->message);
		}
		fputs(" |\n", f);
	}
	fprintf(f, "\n%zu entries, %llu records, %llu bytes.\n", ins->n,
		(unsigned long long)st->records, (unsigned long long)st->bytes);
}

static void
write_html(FILE *f, const struct inputs *ins, const struct run_stats *st)
{
	html_page_begin(f, "triage inventory");
	size_t bad = 0;
	for (size_t i = 0; i < ins->n; i++)
		bad += ins->v[i].status != ST_OK && ins->v[i].status != ST_SKIPPED;
	fprintf(f, "<header>\n<h1>triage inventory</h1>\n<p class=\"lead\">%zu entries, %llu "
		"records from %llu bytes; %zu not read in full</p>\n</header>\n<main>\n"
		"<section id=\"inputs\">\n<h2>Entries</h2>\n", ins->n,
		(unsigned long long)st->records, (unsigned long long)st->bytes, bad);
	html_inputs_table(f, ins, NULL, SIZE_MAX);
	fputs("</section>\n</main>\n", f);
	html_page_end(f);
}

void
inventory_write(FILE *f, enum out_format fmt, const struct inputs *ins,
		const struct run_stats *st)
{
	switch (fmt) {
	case OUT_TEXT: write_text(f, ins, st); break;
	case OUT_JSON: write_json(f, ins, st); break;
	case OUT_MD: write_md(f, ins, st); break;
	case OUT_HTML: write_html(f, ins, st); break;
	case OUT_NDJSON: break;	/* analyze only: refused by the command */
	}
}
