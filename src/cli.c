/* cli.c - the option table, the help written from it, and what the
 * reading commands share (cli.h). */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model.h"
#include "redact.h"
#include "rules.h"
#include "sandbox.h"
#include "timefmt.h"

/* ---- the options -------------------------------------------------------------- */

/* One option: its names, its argument (NULL for a flag), the commands
 * that take it, its help, and what it sets.  A setter returns 0, or the
 * exit status of a usage error it has said. */
struct option_row {
	const char *name;
	int letter;		/* the short option, or 0 */
	const char *arg;
	unsigned cmds;
	int limit;		/* listed under "Limits" */
	const char *help;	/* NULL: not listed (an alias) */
	int (*set)(const struct cmd *cmd, struct run *r, const char *arg);
};

static int
set_format(const struct cmd *cmd, struct run *r, const char *arg)
{
	(void)cmd;
	r->format = arg;
	return 0;
}

static int
set_output(const struct cmd *cmd, struct run *r, const char *arg)
{
	(void)cmd;
	r->output = arg;
	return 0;
}

static int
set_rules(const struct cmd *cmd, struct run *r, const char *arg)
{
	(void)cmd;
	GROW_BY_COUNT(r->rule_dirs, r->nrule_dirs);
	r->rule_dirs[r->nrule_dirs++] = arg;
	return 0;
}

static int
set_no_default(const struct cmd *cmd, struct run *r, const char *arg)
{
	(void)cmd, (void)arg;
	r->no_default_rules = 1;
	return 0;
}

static int
set_user(const struct cmd *cmd, struct run *r, const char *arg)
{
	(void)cmd;
	r->user = arg;
	return 0;
}

static int
set_time(const struct cmd *cmd, const char *opt, const char *arg, int64_t *out)
{
	if (time_parse_iso(arg, out) < 0)
		return usage_error(cmd, "bad time for %s: '%s' (ISO 8601, e.g. 2026-11-24 or "
				   "2026-11-24T09:00:00Z)", opt, arg);
	return 0;
}

static int
set_since(const struct cmd *cmd, struct run *r, const char *arg)
{
	return set_time(cmd, "--since", arg, &r->since);
}

static int
set_until(const struct cmd *cmd, struct run *r, const char *arg)
{
	return set_time(cmd, "--until", arg, &r->until);
}

static int
set_fail_on(const struct cmd *cmd, struct run *r, const char *arg)
{
	if ((r->fail_on = severity_parse(arg)) < 0)
		return usage_error(cmd, "bad severity for --fail-on: '%s' (info, low, medium, high, "
				   "critical)", arg);
	return 0;
}

static int
set_tz(const struct cmd *cmd, struct run *r, const char *arg)
{
	if (tz_check(arg) < 0)
		return usage_error(cmd, "unknown time zone '%s' (an IANA name such as Europe/Berlin, "
				   "UTC, or an offset such as +02:00)", arg);
	r->opt.tz = arg;
	r->opt.tz_given = 1;
	return 0;
}

static int
when(const struct cmd *cmd, const char *opt, const char *arg, const char **out)
{
	if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never"))
		return usage_error(cmd, "%s takes auto, always or never, not '%s'", opt, arg);
	*out = arg;
	return 0;
}

static int
set_progress(const struct cmd *cmd, struct run *r, const char *arg)
{
	return when(cmd, "--progress", arg, &r->progress);
}

static int
set_color(const struct cmd *cmd, struct run *r, const char *arg)
{
	return when(cmd, "--color", arg, &r->color);
}

static int
set_quiet(const struct cmd *cmd, struct run *r, const char *arg)
{
	(void)cmd, (void)arg;
	r->quiet = 1;
	return 0;
}

static int
set_width(const struct cmd *cmd, struct run *r, const char *arg)
{
	uint64_t v;
	if (parse_uint(arg, 10000, &v) < 0 || (v > 0 && v < 40))
		return usage_error(cmd, "bad width '%s' (0 for no wrapping, else 40 to 10000 "
				   "columns)", arg);
	r->width = (int)v;
	return 0;
}

static int
set_redact(const struct cmd *cmd, struct run *r, const char *arg)
{
	(void)cmd, (void)arg;
	r->redact = 1;
	return 0;
}

static int
set_redact_map(const struct cmd *cmd, struct run *r, const char *arg)
{
	(void)cmd;
	r->redact = 1;
	r->redact_map = arg;
	return 0;
}

static int
set_sandbox(const struct cmd *cmd, struct run *r, const char *arg)
{
	if (sandbox_mode_parse(arg, &r->sandbox) < 0)
		return usage_error(cmd, "--sandbox takes auto, on or off, not '%s'", arg);
	return 0;
}

static int
set_max_total(const struct cmd *cmd, struct run *r, const char *arg)
{
	uint64_t v;
	if (parse_size(arg, &v) < 0 || v == 0)
		return usage_error(cmd, "bad size for --max-total: '%s'", arg);
	r->opt.limits.total_bytes = v;
	return 0;
}

static int
set_max_record(const struct cmd *cmd, struct run *r, const char *arg)
{
	uint64_t v;
	if (parse_size(arg, &v) < 0 || v < 64 || v > (1ULL << 32))
		return usage_error(cmd, "bad size for --max-record: '%s' (64 to 4G)", arg);
	r->opt.limits.record_bytes = v;
	return 0;
}

static int
set_max_buffer(const struct cmd *cmd, struct run *r, const char *arg)
{
	uint64_t v;
	if (parse_size(arg, &v) < 0 || v < 1024)
		return usage_error(cmd, "bad size for --max-buffer: '%s' (1K or more)", arg);
	r->opt.limits.buffer_bytes = v;
	return 0;
}

static int
set_max_ratio(const struct cmd *cmd, struct run *r, const char *arg)
{
	uint64_t v;
	if (parse_uint(arg, UINT32_MAX, &v) < 0 || v == 0)
		return usage_error(cmd, "bad number for --max-ratio: '%s'", arg);
	r->opt.limits.ratio = v;
	return 0;
}

static int
set_max_depth(const struct cmd *cmd, struct run *r, const char *arg)
{
	uint64_t v;
	if (parse_uint(arg, 64, &v) < 0)
		return usage_error(cmd, "bad number for --max-depth: '%s' (0 to 64)", arg);
	r->opt.limits.depth = (unsigned)v;
	return 0;
}

static int
set_jobs(const struct cmd *cmd, struct run *r, const char *arg)
{
	uint64_t v;
	if (parse_uint(arg, JOBS_MAX, &v) < 0 || v == 0)
		return usage_error(cmd, "bad number for --jobs: '%s' (1 to %d)", arg, JOBS_MAX);
	r->opt.jobs = (unsigned)v;
	r->jobs_given = 1;
	return 0;
}

/* The cores this process may run on (the default of --jobs). */
static unsigned
cores(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set) < JOBS_MAX ? (unsigned)CPU_COUNT(&set) : JOBS_MAX;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 && n < JOBS_MAX ? (unsigned)n : 1;
}

static int
set_max_entries(const struct cmd *cmd, struct run *r, const char *arg)
{
	uint64_t v;
	if (parse_uint(arg, UINT64_MAX, &v) < 0 || v == 0)
		return usage_error(cmd, "bad number for --max-entries: '%s'", arg);
	r->opt.limits.entries = v;
	return 0;
}

static const struct option_row rows[] = {
	{"format", 'f', "FMT", C_READ | C_EXPLAIN, 0, "", set_format},
	{"output", 'o', "FILE", C_READ, 0, "write to FILE instead of standard output", set_output},
	{"rules", 'R', "DIR", C_ANALYZE | C_EXPLAIN | C_RULES, 0,
	 "also use the rules in DIR (repeatable)", set_rules},
	{"no-default-rules", 0, NULL, C_ANALYZE | C_EXPLAIN | C_RULES, 0,
	 "leave out the rules built into triage", set_no_default},
	{"user", 0, "NAME", C_ANALYZE | C_TIMELINE, 0,
	 "only NAME's errors or records (any of their\nnames, or part of one)", set_user},
	{"since", 0, "TIME", C_ANALYZE | C_TIMELINE, 0, "only events at or after TIME (ISO 8601)",
	 set_since},
	{"until", 0, "TIME", C_ANALYZE | C_TIMELINE, 0, "only events before TIME (ISO 8601)",
	 set_until},
	{"fail-on", 0, "SEVERITY", C_ANALYZE, 0,
	 "exit 1 when a finding is at least SEVERITY\n(info, low, medium, high, critical)",
	 set_fail_on},
	{"tz", 0, "ZONE", C_READ, 0, "zone of local times that carry none (default UTC)", set_tz},
	{"quiet", 'q', NULL, C_ANALYZE, 0, "text: the summary line only", set_quiet},
	{"width", 0, "N", C_ANALYZE, 0,
	 "text: wrap at N columns (default: the terminal's,\nelse 100; 0: never)", set_width},
	{"color", 0, "WHEN", C_ANALYZE, 0,
	 "text: auto (default: on a terminal, unless NO_COLOR\nis set), always, never", set_color},
	{"colour", 0, "WHEN", C_ANALYZE, 0, NULL, set_color},
	{"redact", 0, NULL, C_READ, 0,
	 "people, addresses, IPs, tenant, org and object ids,\nhost names replaced by person-1, "
	 "ip-1, ... everywhere", set_redact},
	{"redact-map", 0, "FILE", C_READ, 0, "also write which pseudonym stands for what to FILE",
	 set_redact_map},
	{"jobs", 'j', "N", C_READ, 0, "threads reading a large JSON or CSV entry\n(default: the cores "
	 "available; 1: one thread)", set_jobs},
	{"progress", 0, "WHEN", C_READ, 0, "auto (default: on a terminal), always, never",
	 set_progress},
	{"sandbox", 0, "WHEN", C_READ | C_EXPLAIN, 0,
	 "auto (default: as far as the kernel allows), on\n(fail unless the seccomp filter is "
	 "in force), off:\nno network, no exec, nothing written but the\noutput", set_sandbox},
	{"max-total", 0, "SIZE", C_READ, 1, "uncompressed bytes in all (default 16G)", set_max_total},
	{"max-ratio", 0, "N", C_READ, 1,
	 "compression ratio per entry, checked after\nthe first 16M (default 1000)", set_max_ratio},
	{"max-depth", 0, "N", C_READ, 1, "archive nesting depth (default 8)", set_max_depth},
	{"max-entries", 0, "N", C_READ, 1, "entries in all (default 1000000)", set_max_entries},
	{"max-record", 0, "SIZE", C_READ, 1, "longest line or record (default 64M)", set_max_record},
	{"max-buffer", 0, "SIZE", C_READ, 1,
	 "an archive inside another read from memory\n(a 7z, or one under 64M; default 1G)",
	 set_max_buffer},
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* One option's help line(s), aligned at column 27. */
static void
usage_row(FILE *f, const struct cmd *cmd, const struct option_row *o)
{
	char left[64];
	if (o->letter)
		snprintf(left, sizeof(left), "  -%c, --%s%s%s", o->letter, o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
	else
		snprintf(left, sizeof(left), "      --%s%s%s", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
	const char *help = o->set == set_format ? cmd->formats : o->help;
	fprintf(f, "%-27s", left);
	if (strlen(left) >= 27)
		fprintf(f, "\n%27s", "");
	for (const char *p = help; *p; p++) {
		fputc(*p, f);
		if (*p == '\n')
			fprintf(f, "%27s", "");
	}
	fputc('\n', f);
}

void
cli_usage(const struct cmd *cmd, FILE *f)
{
	fprintf(f, "usage: %s %s %s\n\n%s\nOptions:\n", progname, cmd->name, cmd->args, cmd->help);
	int limits = 0;
	for (size_t i = 0; i < NROWS; i++) {
		if (!(rows[i].cmds & cmd->id) || rows[i].help == NULL)
			continue;
		if (rows[i].limit) {
			limits = 1;
			continue;
		}
		usage_row(f, cmd, &rows[i]);
	}
	if (!limits)
		return;
	fputs("\nLimits (each hit is reported on its entry; the rest goes on):\n", f);
	for (size_t i = 0; i < NROWS; i++)
		if ((rows[i].cmds & cmd->id) && rows[i].limit)
			usage_row(f, cmd, &rows[i]);
}

int
usage_error(const struct cmd *c, const char *fmt, ...)
{
	fprintf(stderr, "%s: ", progname);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s %s --help'.\n", progname, c ? c->name : "");
	return EXIT_USAGE;
}

int
cli_options(const struct cmd *cmd, int argc, char **argv, struct run *r)
{
	struct option longopts[NROWS + 2];
	char shorts[2 * NROWS + 4];
	size_t nl = 0, ns = 0;
	shorts[ns++] = ':';
	for (size_t i = 0; i < NROWS; i++) {
		if (!(rows[i].cmds & cmd->id))
			continue;
		longopts[nl++] = (struct option){rows[i].name,
						 rows[i].arg ? required_argument : no_argument, NULL,
						 256 + (int)i};
		if (rows[i].letter) {
			shorts[ns++] = (char)rows[i].letter;
			if (rows[i].arg)
				shorts[ns++] = ':';
		}
	}
	longopts[nl++] = (struct option){"help", no_argument, NULL, 'h'};
	longopts[nl] = (struct option){NULL, 0, NULL, 0};
	shorts[ns++] = 'h';
	shorts[ns] = '\0';

	options_defaults(&r->opt);
	r->format = "text";
	r->since = INT64_MIN;
	r->until = INT64_MAX;
	r->fail_on = -1;
	r->progress = "auto";
	r->color = "auto";
	r->width = -1;
	r->sandbox = SANDBOX_AUTO;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		const struct option_row *o = NULL;
		if (c >= 256 && (size_t)(c - 256) < NROWS) {
			o = &rows[c - 256];
		} else {
			for (size_t i = 0; i < NROWS && o == NULL; i++)
				if (rows[i].letter == c && (rows[i].cmds & cmd->id))
					o = &rows[i];
		}
		if (o) {
			int rc = o->set(cmd, r, optarg);
			if (rc)
				return rc;
		} else if (c == 'h') {
			cli_usage(cmd, stdout);
			return -1;
		} else if (c == ':') {
			return usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		} else {
			return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!r->jobs_given)
		r->opt.jobs = cores();
	/* a fault is the Nth allocation of a run: counted in one order only */
	if (fault_active())
		r->opt.jobs = 1;
	/* for tests: the sizes from which an entry is read on threads, and
	 * an archive inside another streamed */
	const char *pm = getenv("TRIAGE_PIPE_MIN");
	const char *sm = getenv("TRIAGE_STREAM_MIN");
	const char *sp = getenv("TRIAGE_SPILL_MIN");
	uint64_t v;
	if (sp && parse_uint(sp, UINT64_MAX, &v) == 0)
		r->opt.spill_min = v;
	if (pm && parse_uint(pm, UINT64_MAX, &v) == 0)
		r->opt.pipe_min = v;
	if (sm && parse_uint(sm, UINT64_MAX, &v) == 0)
		r->opt.stream_min = v;
	if (strcmp(r->progress, "auto") == 0)
		r->opt.progress = isatty(2);
	else
		r->opt.progress = strcmp(r->progress, "always") == 0;
	return 0;
}

uint64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- reading the inputs --------------------------------------------------------- */

/* Is -o FILE one of the inputs (the same file, by device and inode)? */
static const char *
output_is_input(const char *output, char **args, int n)
{
	struct stat so, si;
	if (stat(output, &so) < 0)
		return NULL;
	for (int i = 0; i < n; i++)
		if (strcmp(args[i], "-") != 0 && stat(args[i], &si) == 0 && so.st_dev == si.st_dev &&
		    so.st_ino == si.st_ino)
			return args[i];
	return NULL;
}

/* The temporary files of -o and --redact-map not yet renamed: removed at
 * exit, also when the run ends early (out of memory), so no half report
 * is ever left behind. */
static char *pending[2];

static void
remove_pending(void)
{
	for (size_t i = 0; i < 2; i++)
		if (pending[i])
			unlink(pending[i]);
}

static void
set_pending(char *tmp, char *to)
{
	static int registered;
	if (!registered && atexit(remove_pending) == 0)
		registered = 1;
	for (size_t i = 0; i < 2; i++)
		if (pending[i] == tmp) {
			pending[i] = to;
			return;
		}
}

#ifdef T_FAULTS
/* An output whose Nth write fails (TRIAGE_FAULT=write:N, util.h). */
static ssize_t
fault_write(void *cookie, const char *buf, size_t n)
{
	if (fault_hit(FAULT_WRITE)) {
		errno = EIO;
		return -1;
	}
	return fwrite(buf, 1, n, cookie) == n ? (ssize_t)n : -1;
}

static int
fault_close(void *cookie)
{
	return fclose(cookie);
}

static FILE *
fault_file(FILE *f)
{
	cookie_io_functions_t io = {.write = fault_write, .close = fault_close};
	FILE *w = fopencookie(f, "w", io);
	if (w == NULL)
		return f;
	setvbuf(w, NULL, _IONBF, 0);	/* a write per piece of the report */
	return w;
}
#else
#define fault_file(f) (f)
#endif

/* -o FILE (and --redact-map FILE): written to a temporary file beside
 * it, renamed over it when complete, so a failed run leaves no half
 * report and an earlier one stays whole.  Something that is not a plain
 * file (/dev/null, a pipe, a terminal, a symbolic link) is written in
 * place: a rename would put a file where it was.  Returns 0 or
 * EXIT_USAGE. */
static int
out_open(const char *path, FILE **f, char **tmp)
{
	struct stat st;
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		*tmp = NULL;
		*f = fopen(path, "w");
		if (*f == NULL) {
			fprintf(stderr, "%s: cannot write %s: %s\n", progname, path, strerror(errno));
			return EXIT_USAGE;
		}
		*f = fault_file(*f);
		return 0;
	}
	const char *slash = strrchr(path, '/');
	if (slash)
		*tmp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
	else
		*tmp = xasprintf(".%s.XXXXXX", path);
	int fd = mkstemp(*tmp);
	if (fd >= 0) {
		mode_t mask = umask(0);	/* the mode a plain fopen would give */
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
		*f = fdopen(fd, "w");
		if (*f)
			set_pending(NULL, *tmp);
		if (*f)
			*f = fault_file(*f);
	}
	if (fd < 0 || *f == NULL) {
		fprintf(stderr, "%s: cannot write %s: %s\n", progname, path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
		*f = NULL;
		return EXIT_USAGE;
	}
	return 0;
}

/* Close f; renamed over path when complete, else removed (with keep 0,
 * or when writing failed).  Returns 0, or -1 with errno set. */
static int
out_close(const char *path, FILE *f, char *tmp, int keep)
{
	int failed = ferror(f) != 0;
	failed |= fclose(f) != 0;
	if (tmp == NULL)
		return failed ? -1 : 0;	/* written in place */
	if (!failed && keep && rename(tmp, path) != 0)
		failed = 1;
	if (failed || !keep) {
		int err = errno;
		unlink(tmp);	/* no half report left behind */
		errno = err;
	}
	set_pending(tmp, NULL);
	free(tmp);
	return failed ? -1 : 0;
}

/* The directory a file is written in ("." for a bare name). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xasprintf("%.*s", (int)(slash - path), path);
}

int
run_sandbox(struct run *r, char **reads, size_t nreads)
{
	char *dirs[2] = {NULL, NULL};
	size_t nd = 0;
	if (r->output_tmp)
		dirs[nd++] = dir_of(r->output_tmp);
	if (r->map_tmp)
		dirs[nd++] = dir_of(r->map_tmp);
	struct sandbox sb;
	int rc = sandbox_enter(r->sandbox, (const char *const *)reads, nreads,
			       (const char *const *)dirs, nd, &sb);
	for (size_t i = 0; i < nd; i++)
		free(dirs[i]);
	if (rc < 0) {
		fprintf(stderr, "%s: --sandbox on: the sandbox cannot be put up here: %s\n",
			progname, sb.why);
		return EXIT_USAGE;
	}
	return 0;
}

static int
cmp_arg(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The spill policy of a command that needs no record in memory: every
 * one may go (those it cannot, it keeps: store.h). */
static int
keep_none(void *ud, const struct store *st, const struct record *r, uint32_t *about)
{
	(void)ud;
	(void)st;
	(void)r;
	*about = 0;
	return 0;
}

static int
reads_none(void *ud, const struct store *st, uint32_t key)
{
	(void)ud;
	(void)st;
	(void)key;
	return 0;
}

int
run_walk(struct run *r, int argc, char **argv)
{
	r->out = stdout;
	if (r->output && strcmp(r->output, "-") != 0) {
		const char *same = output_is_input(r->output, argv + optind, argc - optind);
		if (same) {
			fprintf(stderr, "%s: -o %s is one of the inputs (%s); not overwriting it\n",
				progname, r->output, same);
			r->out = NULL;
			return EXIT_USAGE;
		}
		int rc = out_open(r->output, &r->out, &r->output_tmp);
		if (rc)
			return rc;
	}
	if (r->redact_map) {
		int rc = out_open(r->redact_map, &r->map, &r->map_tmp);
		if (rc)
			return rc;
	}
	/* the file routine records are spilled to, opened before the
	 * sandbox closes the file system */
	int spill_fd = -1, spill_errno = 0;
	if (r->spill && (spill_fd = store_spill_open()) < 0)
		spill_errno = errno;
	int rc = run_sandbox(r, argv + optind, (size_t)(argc - optind));
	if (rc) {
		if (spill_fd >= 0)
			close(spill_fd);
		return rc;
	}
	r->report = r->out;
	if (r->redact) {
		r->report = open_memstream(&r->report_buf, &r->report_len);
		if (r->report == NULL) {
			fprintf(stderr, "%s: out of memory\n", progname);
			return EXIT_USAGE;
		}
	}
	r->t0 = now_ms();
	/* the operands in byte order: the inputs listed the same way
	 * whatever order they were given in */
	qsort(argv + optind, (size_t)(argc - optind), sizeof(*argv), cmp_arg);
	inputs_init(&r->inputs);
	r->store = store_new();
	if (r->count_only)
		store_count_only(r->store);
	if (spill_fd >= 0 && r->spill_all) {
		store_spill_start(r->store, spill_fd, r->opt.spill_min, keep_none, NULL);
		store_spill_reads(r->store, reads_none);
		store_spill_nameless(r->store);
	} else if (spill_fd >= 0) {
		r->spill_policy = spill_policy_new();
		store_spill_start(r->store, spill_fd, r->opt.spill_min, spill_policy_keep,
				  r->spill_policy);
		store_spill_reads(r->store, spill_policy_reads);
	}
	walker_init(&r->walker, &r->opt, &r->inputs, r->store);
	walker_plan(&r->walker, argv + optind, (size_t)(argc - optind));
	if (argc - optind == 0) {
		r->readable += walker_add(&r->walker, "-") == 0;
	} else {
		for (int i = optind; i < argc; i++)
			r->readable += walker_add(&r->walker, argv[i]) == 0;
	}
	walker_finish(&r->walker);
	store_spill_stop(r->store);
	if (spill_errno && store_count(r->store) > r->opt.spill_min) {
		/* said only where it mattered: the input was large */
		const char *dir = getenv("TMPDIR");
		fprintf(stderr, "%s: warning: no temporary file could be made in %s (%s): every "
			"record was kept in memory\n", progname, dir && *dir ? dir : "/tmp",
			strerror(spill_errno));
	}
	/* entries and records in an order that does not depend on how the
	 * files came: in a folder or its zip, in any order on the line */
	uint32_t *map = xreallocarray(NULL, r->inputs.n ? r->inputs.n : 1, sizeof(*map));
	if (inputs_sort(&r->inputs, map))
		store_renumber_inputs(r->store, map, r->inputs.n);
	free(map);
	if (r->readable && r->walker.bytes == 0 && store_read_count(r->store) == 0) {
		r->empty = 1;
		r->readable = 0;
	}
	return 0;
}

int
run_finish(struct run *r)
{
	int rc = r->readable ? EXIT_DONE : EXIT_NOINPUT;
	if (r->empty) {
		fprintf(stderr, "%s: the input is empty: nothing to read\n", progname);
	} else if (rc == EXIT_NOINPUT) {
		for (size_t i = 0; i < r->inputs.n; i++)
			if (r->inputs.v[i].status == ST_ERROR && r->inputs.v[i].nwarnings)
				fprintf(stderr, "%s: %s: %s\n", progname, r->inputs.v[i].locator,
					r->inputs.v[i].warnings[0].message);
		fprintf(stderr, "%s: no input could be read\n", progname);
	}
	if (rc == EXIT_DONE && (r->walker.bytes_hit || r->walker.entries_hit)) {
		/* DESIGN.md, exit status: an answer from part of the bundle */
		fprintf(stderr, "%s: the run's budget ran out (%s); inputs after that were not "
			"read\n", progname, r->walker.bytes_hit ? "--max-total" : "--max-entries");
		rc = EXIT_FINDING;
	}
	if (rc == EXIT_DONE && r->walker.io_errors) {
		/* the report says which; a script must not take it for whole */
		fprintf(stderr, "%s: %u input%s could not be read for a read error; the report "
			"covers the rest\n", progname, r->walker.io_errors,
			r->walker.io_errors == 1 ? "" : "s");
		rc = EXIT_NOINPUT;
	}
	if (r->report && r->report != r->out)
		fclose(r->report);	/* a redacted report not finished: dropped */
	free(r->report_buf);
	if (r->map) {
		/* written by run_redact_finish; else the run ended before it */
		if (out_close(r->redact_map, r->map, r->map_tmp, r->map_done) < 0) {
			fprintf(stderr, "%s: cannot write %s: %s\n", progname, r->redact_map,
				strerror(errno));
			rc = EXIT_NOINPUT;
		}
		r->map = NULL;
	}
	if (r->out && r->out != stdout) {
		if (out_close(r->output, r->out, r->output_tmp, 1) < 0) {
			fprintf(stderr, "%s: cannot write %s: %s\n", progname, r->output,
				strerror(errno));
			rc = EXIT_NOINPUT;
		}
	} else if (fflush(stdout) != 0) {
		rc = EXIT_NOINPUT;
	}
	inputs_free(&r->inputs);
	store_free(r->store);
	spill_policy_free(r->spill_policy);
	free(r->rule_dirs);
	return rc;
}

/* ---- --redact ------------------------------------------------------------------- */

void
run_redact_prepare(struct run *r, struct redactor *rd, struct model *m, size_t nrec)
{
	redact_init(rd);
	if (!r->redact)
		return;
	struct model own;
	if (m == NULL) {
		model_build(&own, r->store, &r->inputs);
		m = &own;
	}
	redact_collect(rd, r->store, nrec, m, &r->inputs);
	if (m == &own)
		model_free(&own);
}

int
run_redact_finish(struct run *r, struct redactor *rd)
{
	if (!r->redact || r->report == NULL || r->report == r->out)
		return 0;
	int rc = 0;
	if (fclose(r->report) != 0) {
		fprintf(stderr, "%s: out of memory\n", progname);
		rc = EXIT_NOINPUT;
	} else {
		char *text = redact_text(rd, r->report_buf ? r->report_buf : "", r->report_len);
		fputs(text, r->out);
		free(text);
	}
	r->report = NULL;
	free(r->report_buf);
	r->report_buf = NULL;
	if (r->map) {
		if (redact_write_map(rd, r->map) < 0 || fflush(r->map) != 0) {
			fprintf(stderr, "%s: cannot write %s: %s\n", progname, r->redact_map,
				strerror(errno));
			rc = EXIT_NOINPUT;
		} else {
			r->map_done = 1;
		}
	}
	return rc;
}

void
say_nobody(const char *user, const char **names, size_t n, struct redactor *rd)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (f == NULL)
		return;
	fprintf(f, "%s: --user '%s' matches nobody in the inputs", progname, user);
	if (n == 0) {
		fprintf(f, " (they name no person)\n");
	} else {
		fprintf(f, "; the people in them:");
		size_t shown = n > 10 ? 8 : n;
		for (size_t i = 0; i < shown; i++)
			fprintf(f, "%s %s", i ? "," : "", names[i]);
		if (shown < n)
			fprintf(f, " and %zu more", n - shown);
		fprintf(f, "\n");
	}
	if (fclose(f) == 0) {
		char *red = rd && rd->n ? redact_text(rd, text, len) : NULL;
		fputs(red ? red : text, stderr);
		free(red);
	}
	free(text);
}
