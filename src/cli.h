/*
 * cli.h - the command line (DESIGN.md, Command line): the commands, and
 * every option as one row of a table (cli.c) saying which commands take
 * it, so a new option is one row and the help of each command is written
 * from the table.  The commands themselves are in cmd_analyze.c,
 * cmd_timeline.c, cmd_inventory.c, cmd_explain.c and cmd_rules.c; what
 * the reading commands share (opening the output, walking the inputs,
 * --redact) is here.
 *
 * Ownership: a struct run owns its store, inputs and the list of -R
 * directories (pointers into argv); run_finish() frees them.
 */
#ifndef TRIAGE_CLI_H
#define TRIAGE_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "bundle.h"
#include "input.h"
#include "options.h"
#include "sandbox.h"
#include "store.h"
#include "util.h"

#define JOBS_MAX 256	/* --jobs at most */

#define EXIT_DONE 0
#define EXIT_FINDING 1
#define EXIT_USAGE 2
#define EXIT_NOINPUT 3

/* Which commands an option belongs to. */
enum {
	C_ANALYZE = 1 << 0,
	C_TIMELINE = 1 << 1,
	C_INVENTORY = 1 << 2,
	C_EXPLAIN = 1 << 3,
	C_RULES = 1 << 4,
	C_READ = C_ANALYZE | C_TIMELINE | C_INVENTORY,	/* the commands that read inputs */
};

struct cmd {
	const char *name;
	unsigned id;		/* C_ANALYZE, ... */
	const char *args;
	const char *summary;
	const char *help;	/* what it does; the options come from the table */
	const char *formats;	/* the -f line: "text (default), json, md or html" */
	int (*run)(const struct cmd *cmd, int argc, char **argv);
};

/* Everything the options set, and what a reading command holds. */
struct run {
	struct options opt;
	const char *output;
	const char *format;
	const char *user;
	int64_t since, until;
	const char **rule_dirs;
	size_t nrule_dirs;
	int no_default_rules;
	int fail_on;		/* a severity, or -1 */
	const char *progress;	/* auto, always, never */
	int jobs_given;		/* --jobs was given */
	const char *color;	/* auto, always, never */
	int width;		/* -1: the terminal's, else 100 */
	int quiet;
	int redact;		/* --redact */
	const char *redact_map;	/* --redact-map FILE */
	enum sandbox_mode sandbox;	/* --sandbox */
	int spill;		/* spill routine records of large inputs (analyze) */
	int spill_all;		/* with spill: any record may go, none is
				   routine (timeline, which reads each back
				   once to print it) */
	int count_only;		/* count records, keep none (inventory) */
	/* while it runs */
	FILE *out;
	char *output_tmp;	/* -o FILE is written here, then renamed */
	FILE *map;		/* --redact-map FILE, likewise */
	char *map_tmp;
	int map_done;		/* the map was written whole */
	FILE *report;		/* where the report is written: out, or a buffer to redact */
	char *report_buf;
	size_t report_len;
	struct inputs inputs;
	struct store *store;
	struct spill_policy *spill_policy;
	struct walker walker;
	int readable;
	int empty;		/* every input was read and held nothing */
	uint64_t t0;
};

extern const struct cmd commands[];
extern const size_t ncommands;

int cmd_analyze(const struct cmd *cmd, int argc, char **argv);
int cmd_timeline(const struct cmd *cmd, int argc, char **argv);
int cmd_inventory(const struct cmd *cmd, int argc, char **argv);
int cmd_explain(const struct cmd *cmd, int argc, char **argv);
int cmd_rules(const struct cmd *cmd, int argc, char **argv);

/* The options of cmd from argv into r (defaults first).  Returns 0 to go
 * on, -1 after printing the help, else the exit status of a usage error
 * (said on standard error).  The operands start at optind. */
int cli_options(const struct cmd *cmd, int argc, char **argv, struct run *r);
/* "usage: triage COMMAND ...", what it does and its options. */
void cli_usage(const struct cmd *cmd, FILE *f);
int usage_error(const struct cmd *c, const char *fmt, ...) T_PRINTF(2, 3);
uint64_t now_ms(void);

/* Put up the sandbox of --sandbox: reading left to the nreads paths,
 * renaming the finished outputs of r into their directories.  Returns 0,
 * or EXIT_USAGE (said) when --sandbox on cannot be kept. */
int run_sandbox(struct run *r, char **reads, size_t nreads);

/* Open the output (-o) and --redact-map, put up the sandbox, walk every input (the operands from optind, or
 * standard input).  Returns 0 or an exit status. */
int run_walk(struct run *r, int argc, char **argv);
/* Close the output and free; returns the exit status (3 when nothing
 * could be read, or everything was empty). */
int run_finish(struct run *r);

struct redactor;
struct model;
/* --redact: the identifiers of the first nrec records (m, when given,
 * joins each person's names) into rd, which is initialised either way. */
void run_redact_prepare(struct run *r, struct redactor *rd, struct model *m, size_t nrec);
/* The report written to r->report, redacted, to the output, and the
 * mapping to --redact-map.  Returns 0 or an exit status. */
int run_redact_finish(struct run *r, struct redactor *rd);
/* "--user NAME matches nobody", with the people who are there (redacted
 * by rd when it holds anything). */
void say_nobody(const char *user, const char **names, size_t n, struct redactor *rd);

#endif
