/* explain.c - the offline error book (explain.h). */
#include "config.h"

#include "explain.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze.h"
#include "cmd_rules.h"
#include "report.h"
#include "store.h"
#include "util.h"

#define EXIT_DONE 0
#define EXIT_USAGE 2

/* Every kind an error a user saw can be (model.c classifies them). */
static const char *const event_kinds[] = {
	"entra.signin", "sf.login", "m365.audit", "log.line", "addin.log", "addin.console",
	"http.exchange", NULL,
};

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* The made-up events for one text, in st; returns how many. */
static size_t
make_events(struct store *st, const char *text)
{
	size_t n = 0;
	char *code2 = NULL;
	if (all_digits(text))
		code2 = xasprintf("AADSTS%s", text);
	else if (strncasecmp(text, "AADSTS", 6) == 0 && all_digits(text + 6))
		code2 = xstrdup(text + 6);
	char *key = xstrdup(text);
	for (char *p = key; *p; p++)
		*p = *p == ' ' ? '_' : (char)tolower((unsigned char)*p);
	for (size_t k = 0; event_kinds[k]; k++) {
		/* as a code, with and without its prefix; as the text a user saw;
		 * as a status */
		const char *const as[][4] = {
			{"code", text, NULL, NULL},
			{"code", code2, NULL, NULL},
			{"message", text, NULL, NULL},
			{"status", text, "statusKey", key},
		};
		for (size_t v = 0; v < sizeof(as) / sizeof(as[0]); v++) {
			if (as[v][1] == NULL)
				continue;
			store_begin(st, 0, event_kinds[k]);
			rec_set_time(st, 0);
			rec_set_str(st, "level", "Error");
			rec_set_str(st, as[v][0], as[v][1]);
			if (as[v][2]) {
				rec_set_str(st, as[v][2], as[v][3]);
				rec_set_str(st, "failureReason", text);
			}
			store_end(st);
			n++;
		}
	}
	free(code2);
	free(key);
	return n;
}

static int
cmp_rule(const void *a, const void *b)
{
	const struct rule *x = *(const struct rule *const *)a, *y = *(const struct rule *const *)b;
	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	return strcmp(x->id, y->id);
}

const struct rule **
explain_match(const struct ruleset *rs, const char *text, size_t *n)
{
	struct store *st = store_new();
	size_t nev = make_events(st, text);
	const struct rule **out = NULL;
	*n = 0;
	for (size_t i = 0; i < rs->n; i++) {
		for (size_t e = 0; e < nev; e++) {
			if (detect_match(&rs->v[i].symptom, st, store_get(st, e))) {
				out = xreallocarray(out, *n + 1, sizeof(*out));
				out[(*n)++] = &rs->v[i];
				break;
			}
		}
	}
	store_free(st);
	if (*n)
		qsort(out, *n, sizeof(*out), cmp_rule);
	return out;
}

/* "{field}" as "<field>" ("{field|default}" too, "{symptom.field}" as
 * "<field>"): a check's text without a record to fill it. */
static char *
generic(const char *s)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	for (const char *p = s; *p; p++) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (close == NULL) {
			buf_addc(&b, *p);
			continue;
		}
		const char *name = p + 1;
		if (strncmp(name, "symptom.", 8) == 0)
			name += 8;
		const char *bar = memchr(name, '|', (size_t)(close - name));
		const char *end = bar ? bar : close;
		buf_printf(&b, "<%.*s>", (int)(end - name), name);
		p = close;
	}
	return buf_steal(&b);
}

static void
text_rule(FILE *f, size_t i, const struct rule *r)
{
	fprintf(f, "  %zu. %s  (%s)\n", i + 1, r->cause->name, owner_label(r->owner));
	fprintf(f, "     %s\n", r->title);
	fprintf(f, "     Meaning: %s.\n", r->cause->meaning);
	if (r->description) {
		size_t n = strlen(r->description);
		while (n && (r->description[n - 1] == '\n' || r->description[n - 1] == ' '))
			n--;
		fprintf(f, "     %.*s\n", (int)n, r->description);
	}
	if (r->nevidence)
		fputs("     What tells it apart:\n", f);
	for (size_t k = 0; k < r->nevidence; k++) {
		const struct evidence *e = &r->evidence[k];
		char *says = generic(e->says ? e->says : e->id);
		fprintf(f, "       %s %s (%s)\n", e->refutes ? "against:" : "for:", says, e->on);
		free(says);
		if (e->has_needs && e->needs.how)
			fprintf(f, "         get it from the %s: %s\n",
				owner_label(e->needs.ask ? e->needs.ask : r->owner), e->needs.how);
	}
	if (r->nfix)
		fputs("     Fix:\n", f);
	for (size_t k = 0; k < r->nfix; k++) {
		char *step = generic(r->fix[k].step);
		fprintf(f, "       - %s: %s\n", owner_label(r->fix[k].owner), step);
		free(step);
	}
	for (size_t k = 0; k < r->nreferences; k++)
		fprintf(f, "     %s %s\n", k ? "   " : "See:", r->references[k]);
	fprintf(f, "     (rule %s, %s)\n", r->id, r->file);
}

static void
json_rule(FILE *f, const struct rule *r)
{
	fputs("{\"rule\": ", f);
	json_string(f, r->id);
	fputs(", \"cause\": ", f);
	json_string(f, r->cause->name);
	fputs(", \"title\": ", f);
	json_string(f, r->title);
	fputs(", \"meaning\": ", f);
	json_string(f, r->cause->meaning);
	fprintf(f, ", \"severity\": \"%s\", \"prior\": %.2f, \"owner\": ", severity_name(r->severity),
		r->confidence);
	json_string(f, r->owner);
	fputs(", \"evidence\": [", f);
	for (size_t k = 0; k < r->nevidence; k++) {
		const struct evidence *e = &r->evidence[k];
		fputs(k ? ", {" : "{", f);
		fprintf(f, "\"id\": ");
		json_string(f, e->id);
		fprintf(f, ", \"on\": ");
		json_string(f, e->on);
		fprintf(f, ", \"effect\": \"%s\", \"weight\": %.2f", e->refutes ? "refutes" : "supports",
			e->weight);
		if (e->says) {
			fputs(", \"says\": ", f);
			json_string(f, e->says);
		}
		if (e->has_needs) {
			fputs(", \"needs\": ", f);
			json_string(f, e->needs.export);
			if (e->needs.ask) {
				fputs(", \"ask\": ", f);
				json_string(f, e->needs.ask);
			}
			if (e->needs.how) {
				fputs(", \"how\": ", f);
				json_string(f, e->needs.how);
			}
		}
		fputc('}', f);
	}
	fputs("], \"fix\": [", f);
	for (size_t k = 0; k < r->nfix; k++) {
		fputs(k ? ", {\"owner\": " : "{\"owner\": ", f);
		json_string(f, r->fix[k].owner);
		fputs(", \"step\": ", f);
		json_string(f, r->fix[k].step);
		fputc('}', f);
	}
	fputs("], \"references\": [", f);
	for (size_t k = 0; k < r->nreferences; k++) {
		if (k)
			fputs(", ", f);
		json_string(f, r->references[k]);
	}
	fputs("]}", f);
}

int
cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"rules", required_argument, NULL, 'R'},
		{"no-default-rules", no_argument, NULL, 256},
		{NULL, 0, NULL, 0},
	};
	const char *format = "text";
	const char **dirs = NULL;
	size_t ndirs = 0;
	int no_default = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:R:", longopts, NULL)) != -1) {
		if (c == 'f') {
			format = optarg;
		} else if (c == 'R') {
			dirs = xreallocarray(dirs, ndirs + 1, sizeof(*dirs));
			dirs[ndirs++] = optarg;
		} else if (c == 256) {
			no_default = 1;
		} else {
			fprintf(stderr, "%s: %s '%s'\nTry '%s explain --help'.\n", progname,
				c == ':' ? "option needs a value:" : "unknown option", argv[optind - 1],
				progname);
			free(dirs);
			return EXIT_USAGE;
		}
	}
	int json = strcmp(format, "json") == 0;
	if (!json && strcmp(format, "text") != 0) {
		fprintf(stderr, "%s: unknown format '%s' (text, json)\nTry '%s explain --help'.\n",
			progname, format, progname);
		free(dirs);
		return EXIT_USAGE;
	}
	if (optind >= argc) {
		fprintf(stderr, "%s: explain needs an error text or code, e.g. AADSTS50105\n"
			"Try '%s explain --help'.\n", progname, progname);
		free(dirs);
		return EXIT_USAGE;
	}
	struct ruleset rs;
	ruleset_init(&rs);
	if (!no_default)
		ruleset_load_dir(&rs, rules_default_dir());
	for (size_t i = 0; i < ndirs; i++)
		ruleset_load_dir(&rs, dirs[i]);
	free(dirs);
	for (size_t i = 0; i < rs.errors.n; i++)
		fprintf(stderr, "%s: %s\n", progname, rs.errors.v[i]);
	if (json)
		fputs("{\"schema\": \"triage.explain/1\", \"queries\": [", stdout);
	for (int a = optind; a < argc; a++) {
		size_t n;
		const struct rule **v = explain_match(&rs, argv[a], &n);
		if (json) {
			fputs(a > optind ? ",\n  {\"query\": " : "\n  {\"query\": ", stdout);
			json_string(stdout, argv[a]);
			fputs(", \"causes\": [", stdout);
			for (size_t i = 0; i < n; i++) {
				fputs(i ? ",\n    " : "\n    ", stdout);
				json_rule(stdout, v[i]);
			}
			fputs(n ? "\n  ]}" : "]}", stdout);
		} else {
			if (a > optind)
				putchar('\n');
			printf("%s\n", argv[a]);
			if (n == 0)
				printf("  no rule knows this text or code; try a shorter part of it, "
				       "or 'triage rules list'\n");
			else
				printf("  %zu candidate cause%s:\n", n,
				       n == 1 ? "" : "s, most likely first");
			for (size_t i = 0; i < n; i++)
				text_rule(stdout, i, v[i]);
		}
		free(v);
	}
	if (json)
		fputs("\n]}\n", stdout);
	ruleset_free(&rs);
	return fflush(stdout) == 0 ? EXIT_DONE : EXIT_USAGE;
}
