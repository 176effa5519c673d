/* main.c - the command line: a table of subcommands (cli.h), each with its
 * own options from the option table (DESIGN.md, Command line). */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

#include "cli.h"
#include "sandbox.h"

const struct cmd commands[] = {
	{"analyze", C_ANALYZE, "[OPTIONS] INPUT...",
	 "root causes and fixes for the errors in the inputs",
	 "Finds every error a user saw in the inputs and explains it: the root\n"
	 "cause, the evidence (file and line), what is missing and who can send\n"
	 "it, the fix and which admin applies it.  Findings come ranked by\n"
	 "confidence; errors no rule explains are listed as unexplained.\n",
	 "text (default), json (triage.report/1), md, html,\n"
	 "ndjson (a line per finding and one for the bundle)", cmd_analyze},
	{"timeline", C_TIMELINE, "[OPTIONS] INPUT...", "all events, merged, in time order",
	 "Lists every record the parsers read from the inputs: events in time\n"
	 "order (UTC), then facts (configuration, no time), each with its\n"
	 "locator.\n",
	 "text (default), ndjson or csv", cmd_timeline},
	{"inventory", C_INVENTORY, "[OPTIONS] INPUT...",
	 "what is in the inputs and how each part was read",
	 "Lists every entry in the inputs (files, directories, archives nested to\n"
	 "any depth, \"-\" for standard input) with its size, detected format,\n"
	 "number of records and status: ok, partial, unsupported or error, with\n"
	 "the reason and the line or offset.\n",
	 "text (default), json, md or html", cmd_inventory},
	{"explain", C_EXPLAIN, "[OPTIONS] TEXT|CODE...",
	 "what an error means, its causes and fixes (no input needed)",
	 "Looks up error texts or codes (AADSTS50105, 50105, OAUTH_APP_BLOCKED,\n"
	 "\"Access denied for this user\") in the knowledge base and prints each\n"
	 "candidate cause: what it means, the evidence that tells the causes\n"
	 "apart, the fix and who applies it.  Works offline, with no input.\n"
	 "Exit status 1 when a text matched nothing; the nearest entries of the\n"
	 "error book are shown.\n",
	 "text (default) or json", cmd_explain},
	{"rules", C_RULES, "list|causes|check|test [OPTIONS] [DIR...]",
	 "list the rules or the causes, check or test them",
	 "Works with the rule files of the knowledge base (doc/rules.md).\n\n"
	 "  list     id, cause, severity, owner and file of every rule\n"
	 "  causes   every cause of the taxonomy with its owner, the rules that\n"
	 "           look for it and how many error book entries name it\n"
	 "  check    validate every rule and error book file: each error as\n"
	 "           FILE:LINE: MESSAGE on standard error, then the error book's\n"
	 "           size and \"N rules, N errors\"; exit 1 on errors\n"
	 "  test     analyze each rule's test scenarios with all the rules and\n"
	 "           check that the rule fires (at the rank given) or does not;\n"
	 "           ends with \"N passed, N failed\"; exit 1 on a failure\n\n"
	 "Without DIR arguments the rules built into triage are used (or the\n"
	 "directory $TRIAGE_RULES_DIR when it is set); DIR arguments are checked\n"
	 "as they are.\n",
	 "", cmd_rules},
};
const size_t ncommands = sizeof(commands) / sizeof(commands[0]);

static void
usage(FILE *f)
{
	fprintf(f, "usage: %s COMMAND [OPTIONS] [INPUT...]\n\n"
		"Explains why Salesforce in Outlook fails, from the support bundle\n"
		"(Salesforce exports, Outlook / add-in logs, Entra and Microsoft 365\n"
		"audit logs; folders and archives nested to any depth). Offline.\n\n"
		"Commands:\n", progname);
	for (size_t i = 0; i < ncommands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n  --help       this text; '%s help COMMAND' for a command\n"
		"  --version    the version\n\n"
		"Exit status: 0 done; 1 a finding at or above --fail-on, or explain\n"
		"knew nothing of a text; 2 usage error, no rules loaded, or --user\n"
		"naming nobody; 3 no input could be read, or it was empty.\n", progname);
}

static const struct cmd *
find_command(const char *name)
{
	for (size_t i = 0; i < ncommands; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	/* the libraries allocate as triage does: out of memory is said
	 * and ends the run, never a parse error that is not one */
	/* (cJSON's: src/jsonmem.c) */
	xmlMemSetup(free, xmalloc, xrealloc, xstrdup);
#ifdef M_MMAP_THRESHOLD
	/* a block of a megabyte or more (a long record, its tree, a growing
	 * array) is mapped and given back when freed; left to itself glibc
	 * raises the threshold to the largest block freed and keeps such
	 * blocks in every thread's heap: a bundle of 20 MB records read with
	 * -j8 peaked at 294 MB, 69 MB with this */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	xmlInitParser();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *a = argv[1];
	if (strcmp(a, "help") == 0 && argc > 2) {
		/* triage help COMMAND: as triage COMMAND --help */
		const struct cmd *c = find_command(argv[2]);
		if (c == NULL) {
			fprintf(stderr, "%s: unknown command '%s'\nTry '%s --help'.\n", progname,
				argv[2], progname);
			return EXIT_USAGE;
		}
		cli_usage(c, stdout);
		return EXIT_DONE;
	}
	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0 || strcmp(a, "help") == 0) {
		usage(stdout);
		return EXIT_DONE;
	}
	if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
		/* the sandbox a run would have, put up for real to say so */
		struct sandbox sb;
		sandbox_enter(SANDBOX_AUTO, NULL, 0, NULL, 0, &sb);
		printf("triage %s\nsandbox: ", PACKAGE_VERSION);
		sandbox_describe(&sb, stdout);
		return EXIT_DONE;
	}
	const struct cmd *c = find_command(a);
	if (c) {
		int rc = c->run(c, argc - 1, argv + 1);
		xmlCleanupParser();
		return rc;
	}
	if (a[0] == '-')
		fprintf(stderr, "%s: unknown option '%s'\n", progname, a);
	else
		fprintf(stderr, "%s: unknown command '%s'\n", progname, a);
	fprintf(stderr, "Try '%s --help'.\n", progname);
	return EXIT_USAGE;
}
