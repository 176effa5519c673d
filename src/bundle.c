/* bundle.c - walk files, directories and nested archives into entries. */
#include "config.h"

#include "bundle.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "container.h"
#include "parse.h"
#include "sniff.h"

/* Archive entry names are UTF-8 (zip's flag, 7z, pax): libarchive hands
 * them over only when the character type is UTF-8, whatever the machine's
 * locale says - and then every machine reads the same names. */
static void
utf8_names(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		(void)setlocale(LC_CTYPE, "en_US.UTF-8");
}

void
walker_init(struct walker *w, const struct options *opt, struct inputs *ins,
	    struct store *st)
{
	utf8_names();
	memset(w, 0, sizeof(*w));
	w->opt = opt;
	w->inputs = ins;
	w->store = st;
	w->stdin_name = "stdin";
	w->progress = opt->progress;
}

static uint64_t
clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Bytes of the inputs on disk read so far. */
static uint64_t
disk_position(const struct walker *w)
{
	uint64_t d = w->disk_done;
	if (w->disk_archive) {
		la_int64_t raw = archive_filter_bytes(w->disk_archive, -1);
		d += raw > 0 ? (uint64_t)raw : 0;
	}
	return d;
}

/* One line on standard error, redrawn at most five times a second: how
 * much of the inputs was read, how fast, and how long the rest will
 * take. */
static void
progress(struct walker *w, int force)
{
	if (!w->progress)
		return;
	uint64_t now = clock_ms();
	if (w->t_start == 0)
		w->t_start = now;
	if (!force && now - w->t_last < 200)
		return;
	w->t_last = now;
	char sz[32], tot[32], rate[32];
	uint64_t done = disk_position(w);
	double secs = (double)(now - w->t_start) / 1000.0;
	double per_s = secs > 0.2 ? (double)done / secs : 0;
	fputc('\r', stderr);
	if (w->disk_total) {
		if (done > w->disk_total)
			done = w->disk_total;
		format_size(done, sz, sizeof(sz));
		format_size(w->disk_total, tot, sizeof(tot));
		fprintf(stderr, "%s: %3.0f%% of %s read", progname,
			100.0 * (double)done / (double)w->disk_total, tot);
		if (per_s > 0) {
			format_size((uint64_t)per_s, rate, sizeof(rate));
			fprintf(stderr, ", %s/s", rate);
			if (!force) {
				double left = (double)(w->disk_total - done) / per_s;
				if (left >= 120)
					fprintf(stderr, ", %.0f min left", left / 60);
				else
					fprintf(stderr, ", %.0f s left", left);
			}
		}
	} else {
		format_size(w->bytes, sz, sizeof(sz));
		fprintf(stderr, "%s: %s read", progname, sz);
	}
	fprintf(stderr, ", %llu entries, %zu records   ", (unsigned long long)w->entries,
		store_read_count(w->store));
	if (force)
		fputc('\n', stderr);
}

void
walker_finish(struct walker *w)
{
	if (w->progress && w->entries)
		progress(w, 1);
}

/* The bytes and the number of regular files under path (symbolic links
 * not followed), added to *bytes and *files. */
static void
disk_size(const char *path, unsigned depth, uint64_t *bytes, uint64_t *files)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return;
	if (S_ISREG(st.st_mode)) {
		*bytes += (uint64_t)st.st_size;
		(*files)++;
		return;
	}
	if (!S_ISDIR(st.st_mode) || depth > 64)
		return;
	DIR *d = opendir(path);
	if (d == NULL)
		return;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *child = xasprintf("%s/%s", path, de->d_name);
		struct stat cs;
		if (lstat(child, &cs) == 0 && !S_ISLNK(cs.st_mode))
			disk_size(child, depth + 1, bytes, files);
		free(child);
	}
	closedir(d);
}

void
walker_plan(struct walker *w, char *const *paths, size_t n)
{
	uint64_t bytes = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(paths[i], "-") != 0)
			disk_size(paths[i], 0, &bytes, &w->disk_files);
	if (w->progress)
		w->disk_total = bytes;
}

/* An archive on disk with files still to come after it may spend half of
 * what is left of the run's entries and bytes, nested archives included;
 * the files after it keep the rest (a zip of a million empty entries, a
 * nest of bombs, cannot starve the good files beside it).  The last file
 * may spend it all.  Called as the outermost archive opens. */
static void
share_out(struct walker *w)
{
	const struct limits *l = &w->opt->limits;
	uint64_t after = w->disk_files > w->disk_started ? w->disk_files - w->disk_started : 0;
	w->share_entries = l->entries;
	w->share_bytes = l->total_bytes;
	if (after == 0)
		return;
	if (w->entries < l->entries)
		w->share_entries = w->entries + (l->entries - w->entries + 1) / 2;
	if (w->bytes < l->total_bytes)
		w->share_bytes = w->bytes + (l->total_bytes - w->bytes + 1) / 2;
}

/* The outermost archive spent its share (share_out): it stops, said. */
static int
share_spent(struct walker *w, int bytes)
{
	if (w->narc == 0 || w->arc[0].stopped)
		return w->narc && w->arc[0].stopped;
	const struct limits *l = &w->opt->limits;
	if (bytes ? w->bytes < w->share_bytes || w->share_bytes >= l->total_bytes
		  : w->entries < w->share_entries || w->share_entries >= l->entries)
		return 0;	/* within its share, or the share is the whole budget */
	w->arc[0].stopped = STOP_SHARE;
	struct input *in = &w->inputs->v[w->arc[0].idx];
	if (bytes) {
		char sz[32];
		format_size(w->share_bytes, sz, sizeof(sz));
		input_warn(in, 0, 0, "this archive reached its share of the size budget (%s "
			   "uncompressed in the run, half of what was left, since files come after "
			   "it); the rest of it was not read (--max-total)", sz);
	} else {
		input_warn(in, 0, 0, "this archive reached its share of the entry budget (%llu "
			   "entries in the run, half of what was left, since files come after it); "
			   "the rest of it was not read (--max-entries)",
			   (unsigned long long)w->share_entries);
	}
	input_set_status(in, ST_PARTIAL);
	return 1;
}

/* ---- limits-enforcing reads ------------------------------------------ */

struct fd_source {
	struct walker *w;
	struct stream *s;
	int fd;
};

static int
charge(struct walker *w, struct stream *s, size_t n)
{
	/* every archive this comes out of, however deep: a small archive
	 * may not inflate to more than --max-ratio times its size in all
	 * (overlapping zip entries, a nest of bombs) */
	const struct limits *l = &w->opt->limits;
	for (unsigned i = 0; i < w->narc; i++) {
		w->arc[i].out += n;
		if (w->arc[i].stopped || l->ratio == 0 || w->arc[i].out <= l->ratio_after ||
		    w->arc[i].members < 2)
			continue;
		uint64_t packed = w->arc[i].packed ? w->arc[i].packed : 1;
		if (w->arc[i].out / packed > l->ratio) {
			w->arc[i].stopped = STOP_RATIO;
			struct input *in = &w->inputs->v[w->arc[i].idx];
			input_warn(in, WARN_OFFSET, 0, "the archive as a whole inflates over %llu:1 "
				   "(%llu bytes from %llu: overlapping entries or nested bombs); the rest "
				   "of it was not read (--max-ratio)", (unsigned long long)l->ratio,
				   (unsigned long long)w->arc[i].out, (unsigned long long)packed);
			input_set_status(in, ST_PARTIAL);
		}
	}
	(void)share_spent(w, 1);
	for (unsigned i = 0; i < w->narc; i++) {
		if (w->arc[i].stopped == STOP_SHARE) {
			stream_fail(s, 1, "not read: the archive it is in reached its share of the "
				    "size budget, since files come after it (--max-total)");
			return -1;
		}
		if (w->arc[i].stopped) {
			stream_fail(s, 1, "not read: an archive it is in inflates over %llu:1 as a "
				    "whole (--max-ratio)", (unsigned long long)l->ratio);
			return -1;
		}
	}
	if (w->bytes + n > w->opt->limits.total_bytes) {
		w->bytes_hit = 1;
		char sz[32];
		format_size(w->opt->limits.total_bytes, sz, sizeof(sz));
		stream_fail(s, 1, "total uncompressed size limit (%s) reached; "
			    "rest not read (--max-total)", sz);
		return -1;
	}
	w->bytes += n;
	return 0;
}

static ssize_t
fd_read(void *ctx, void *buf, size_t n)
{
	struct fd_source *f = ctx;
	for (;;) {
		ssize_t r;
		if (fault_hit(FAULT_READ)) {
			errno = EIO;
			r = -1;
		} else {
			r = read(f->fd, buf, n);
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			f->w->io_errors++;
			stream_fail(f->s, 0, "read error: %s", strerror(errno));
			return -1;
		}
		if (r > 0 && charge(f->w, f->s, (size_t)r) < 0)
			return -1;
		f->w->disk_done += (uint64_t)(r > 0 ? r : 0);
		progress(f->w, 0);
		return r;
	}
}

struct ar_source {
	struct walker *w;
	struct stream *s;
	struct archive *a;
	int64_t start_raw;	/* compressed bytes consumed at entry start */
	uint64_t out;		/* uncompressed bytes of this entry */
	int stored;		/* a plain tar or cpio: its entries are their bytes */
};

static ssize_t
ar_read(void *ctx, void *buf, size_t n)
{
	struct ar_source *src = ctx;
	if (fault_hit(FAULT_READ)) {
		src->w->io_errors++;
		stream_fail(src->s, 0, "read error: %s", strerror(EIO));
		return -1;
	}
	la_ssize_t r = archive_read_data(src->a, buf, n);
	if (r < 0) {
		const char *msg = archive_error_string(src->a);
		stream_fail(src->s, 0, "%s", msg ? msg : "archive read error");
		return -1;
	}
	if (r == 0)
		return 0;
	if (charge(src->w, src->s, (size_t)r) < 0)
		return -1;
	progress(src->w, 0);
	src->out += (uint64_t)r;
	const struct limits *l = &src->w->opt->limits;
	/* (an entry of a plain tar has no ratio to speak of; one held in
	 * memory also seems to take no bytes, since libarchive had them all
	 * at once) */
	if (src->out > l->ratio_after && l->ratio > 0 && !src->stored) {
		int64_t raw = archive_filter_bytes(src->a, -1) - src->start_raw;
		if (raw < 1)
			raw = 1;
		if (src->out / (uint64_t)raw > l->ratio) {
			stream_fail(src->s, 1, "compression ratio over %llu:1 "
				    "(possible zip bomb); rest not read (--max-ratio)",
				    (unsigned long long)l->ratio);
			return -1;
		}
	}
	return r;
}

/* ---- entries ----------------------------------------------------------- */

static void walk_archive_as(struct walker *w, size_t idx, struct stream *s, int64_t size,
			    const char *path, const char *locator, unsigned depth,
			    const char *magic, const unsigned char *again, size_t again_len);
static void walk_archive(struct walker *w, size_t idx, struct stream *s, int64_t size,
			 const char *path, const char *locator, unsigned depth,
			 const char *kind);

static const char *
base_name(const char *locator)
{
	const char *a = strrchr(locator, '/');
	const char *b = strrchr(locator, '!');
	const char *p = a > b ? a : b;
	return p ? p + 1 : locator;
}

/* The original file name a gzip header may carry (FNAME), or NULL. */
static char *
gzip_name(const unsigned char *p, size_t n)
{
	if (n < 10 || p[0] != 0x1F || p[1] != 0x8B || !(p[3] & 0x08))
		return NULL;
	size_t i = 10;
	if (p[3] & 0x04) {	/* FEXTRA */
		if (n < 12)
			return NULL;
		i += 2 + (size_t)(p[10] | p[11] << 8);
	}
	size_t a = i;
	while (i < n && p[i] != 0)
		i++;
	if (i >= n || i == a || i - a > 255)
		return NULL;
	/* only the last path component, and only printable bytes */
	for (size_t k = a; k < i; k++)
		if (p[k] == '/' || p[k] == '\\')
			a = k + 1;
	if (a == i)
		return NULL;
	char *name = xstrndup((const char *)p + a, i - a);
	for (char *q = name; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = '?';
	return name;
}

/* Name for the content of a single compressed file: "x.log.gz" -> "x.log". */
static char *
inner_name(const char *locator)
{
	const char *b = base_name(locator);
	static const char *const sufs[] = {".gz", ".gzip", ".bz2", ".xz", ".zst",
					   ".lz4", ".z", NULL};
	for (size_t i = 0; sufs[i]; i++)
		if (str_has_suffix_ci(b, sufs[i]) && strlen(b) > strlen(sufs[i]))
			return xstrndup(b, strlen(b) - strlen(sufs[i]));
	if (str_has_suffix_ci(b, ".tgz"))
		return xasprintf("%.*s.tar", (int)(strlen(b) - 4), b);
	return xstrdup("data");
}

static int
entry_limit(struct walker *w)
{
	if (w->entries >= w->opt->limits.entries) {
		w->entries_hit = 1;
		return 1;
	}
	w->entries++;
	return 0;
}

static void
parse_entry(struct walker *w, size_t idx, struct stream *s, const char *locator,
	    int64_t size_hint)
{
	struct input *in = &w->inputs->v[idx];
	const unsigned char *head;
	size_t n = stream_peek(s, SNIFF_BYTES, &head);
	/* NUL padding before the text (a log after a crash): skipped, said */
	uint64_t pad = 0;
	while (n > 0 && head[0] == 0 && pad < (64u << 20)) {
		size_t k = 0;
		while (k < n && head[k] == 0)
			k++;
		/* padding is a run of NULs before text; a binary header with a
		 * NUL or two (00 01 02 ...) is not */
		if (pad == 0 && (k < 16 || (k < n && head[k] < 0x20 && !strchr("\t\n\r", head[k]))))
			break;
		uint64_t before = pad;
		unsigned char sink[4096];
		for (size_t left = k; left > 0;) {
			size_t got = stream_read(s, sink, left < sizeof(sink) ? left : sizeof(sink));
			if (got == 0)
				break;
			left -= got;
			pad += got;
		}
		if (pad == before)
			break;
		n = stream_peek(s, SNIFF_BYTES, &head);
	}
	if (pad && n > 0) {
		in = &w->inputs->v[idx];
		input_warn(in, WARN_OFFSET, 0, "%llu NUL bytes before the text skipped",
			   (unsigned long long)pad);
	} else if (pad) {
		/* nothing but NUL bytes */
		in = &w->inputs->v[idx];
		in->looks_like = xasprintf("%llu NUL bytes and nothing else", (unsigned long long)pad);
		in->size = pad;
		input_set_status(in, ST_SKIPPED);
		return;
	}
	struct sniff sn;
	const char *name = base_name(locator);
	sniff_build(&sn, name, head, n, s->eof && n < SNIFF_BYTES);
	const char *fmt = NULL;
	const struct parser *p = sniff_choose(&sn, &fmt, NULL);
	if (p == NULL && s->failed && n == 0) {
		sniff_free(&sn);
		input_warn(in, WARN_OFFSET, s->pos, "%s", s->message);
		in->status = ST_ERROR;
		return;
	}
	if (p == NULL) {
		in = &w->inputs->v[idx];
		in->looks_like = sniff_describe(&sn);
		/* binary content is not for reading: listed with its type */
		input_set_status(in, sn.binary ? ST_SKIPPED : ST_UNSUPPORTED);
		sniff_free(&sn);
		in->size = s->pos + stream_drain(s);
		if (s->failed) {
			/* what could be read was not recognised, but the entry
			 * itself is damaged or cut: that is the news */
			input_warn(in, WARN_OFFSET, s->pos, "%s", s->message);
			in->status = ST_ERROR;
		}
		return;
	}
	input_set_format(in, fmt ? fmt : p->name);
	in->encoding = text_enc_name(sn.enc);
	sniff_free(&sn);
	size_t before = store_read_count(w->store);
	struct parse_ctx c = {
		.stream = s,
		.input = in,
		.input_id = (uint32_t)idx,
		.store = w->store,
		.opt = w->opt,
		.name = name,
		.size_hint = size_hint,
	};
	enum input_status st = pctx_run(&c, p, in->format);
	in = &w->inputs->v[idx];
	input_set_status(in, st);
	(void)stream_drain(s);
	in->size = s->pos;
	in->records = store_read_count(w->store) - before;
	w->files++;
	if (s->failed) {
		input_warn(in, WARN_OFFSET, s->pos, "%s", s->message);
		input_set_status(in, in->records ? ST_PARTIAL : ST_ERROR);
	}
}

static void walk_container(struct walker *w, size_t idx, struct stream *s,
			   const char *locator, unsigned depth, const char *kind);

/* One entry: an archive to open or content to parse.  path is set when the
 * entry is a file on disk (archives are then read from the file). */
static void
walk_entry(struct walker *w, struct stream *s, const char *path,
	   const char *locator, unsigned depth, int64_t size_hint)
{
	size_t idx = inputs_add(w->inputs, locator, depth);
	struct input *in = &w->inputs->v[idx];
	if (w->bytes_hit) {
		input_set_status(in, ST_ERROR);
		input_warn(in, 0, 0, "not read: the total uncompressed size limit "
			   "was reached earlier (--max-total)");
		if (size_hint >= 0)
			in->size = (uint64_t)size_hint;
		return;
	}
	const unsigned char *head;
	size_t n = stream_peek(s, 512, &head);
	const char *kind = sniff_archive(head, n);
	const char *cont = NULL;
	if (kind == NULL) {
		n = stream_peek(s, SNIFF_BYTES, &head);
		cont = container_kind(head, n);
	}
	if (kind == NULL && cont == NULL) {
		parse_entry(w, idx, s, locator, size_hint);
	} else if (cont && depth < w->opt->limits.depth) {
		walk_container(w, idx, s, locator, depth, cont);
	} else if (depth >= w->opt->limits.depth) {
		in->is_archive = 1;
		input_set_format(in, kind);
		input_set_status(in, ST_ERROR);
		input_warn(in, 0, 0, "archive nesting depth limit (%u) reached; "
			   "not opened (--max-depth)", w->opt->limits.depth);
		in->size = size_hint >= 0 ? (uint64_t)size_hint : 0;
	} else {
		walk_archive(w, idx, s, size_hint, path, locator, depth, kind);
	}
	progress(w, 0);
}

static const char *
archive_kind_name(struct archive *a, const char *magic)
{
	int fmt = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
	int filt = archive_filter_count(a) > 1 ? archive_filter_code(a, 0) : 0;
	const char *f = NULL;
	switch (fmt) {
	case ARCHIVE_FORMAT_ZIP: f = "zip"; break;
	case ARCHIVE_FORMAT_TAR: f = "tar"; break;
	case ARCHIVE_FORMAT_7ZIP: f = "7z"; break;
	case ARCHIVE_FORMAT_CPIO: f = "cpio"; break;
	case ARCHIVE_FORMAT_RAR: f = "rar"; break;
	case ARCHIVE_FORMAT_RAR_V5: f = "rar"; break;
	case ARCHIVE_FORMAT_RAW: f = NULL; break;
	default: f = archive_format_name(a); break;
	}
	const char *z = NULL;
	switch (filt) {
	case ARCHIVE_FILTER_GZIP: z = "gz"; break;
	case ARCHIVE_FILTER_BZIP2: z = "bz2"; break;
	case ARCHIVE_FILTER_XZ: z = "xz"; break;
	case ARCHIVE_FILTER_ZSTD: z = "zst"; break;
	case ARCHIVE_FILTER_LZ4: z = "lz4"; break;
	default: z = NULL; break;
	}
	static __thread char name[64];
	if (f && z)
		snprintf(name, sizeof(name), "%s.%s", f, z);
	else if (f)
		snprintf(name, sizeof(name), "%s", f);
	else if (z)
		snprintf(name, sizeof(name), "%s", z[0] == 'g' ? "gzip" :
			 z[0] == 'b' ? "bzip2" : z);
	else
		snprintf(name, sizeof(name), "%s", magic);
	return name;
}

/* Make an entry name safe to print: control characters become '?'. */
static char *
clean_name(const char *name)
{
	char *p = xstrdup(name);
	for (char *q = p; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = '?';
	char *s = p;
	while (s[0] == '.' && s[1] == '/')
		s += 2;
	if (s != p)
		memmove(p, s, strlen(s) + 1);
	return p;
}

/* The rest of stream s in memory (the stream's limits apply), up to cap
 * bytes: at the cap mb->len == cap and the rest is left in s. */
static void
slurp(struct stream *s, struct buf *mb, uint64_t cap)
{
	size_t limit = cap < SIZE_MAX / 2 ? (size_t)cap : SIZE_MAX / 2;
	buf_init(mb, limit + 1);
	unsigned char tmp[65536];
	size_t n;
	while (mb->len < limit) {
		size_t want = limit - mb->len < sizeof(tmp) ? limit - mb->len : sizeof(tmp);
		if ((n = stream_read(s, tmp, want)) == 0 || buf_add(mb, tmp, n) < 0)
			break;
	}
}

/* Is kind (sniff_archive's name) a compressed stream rather than an
 * archive of entries? */
static int
is_compression(const char *kind)
{
	static const char *const names[] = {"gzip", "bzip2", "xz", "zstd", "lz4", "lzma", NULL};
	for (size_t i = 0; kind && names[i]; i++)
		if (strcmp(kind, names[i]) == 0)
			return 1;
	return 0;
}

/* An archive's entries past the first LISTED of them that held nothing
 * (empty, a link, not a log or export: no record, nothing to say) are
 * counted on the archive instead of listed one by one, so a zip of a
 * million empty entries costs no memory per entry. */
#define LISTED 1000

static void
unlist_if_nothing(struct walker *w, size_t before, uint64_t members, uint64_t *unlisted)
{
	if (members <= LISTED || w->inputs->n != before + 1)
		return;
	const struct input *in = &w->inputs->v[before];
	if (in->records || in->nwarnings || in->is_archive || in->status == ST_ERROR ||
	    in->status == ST_PARTIAL)
		return;
	inputs_drop_last(w->inputs);
	(*unlisted)++;
}

static void
walk_archive(struct walker *w, size_t idx, struct stream *s, int64_t size, const char *path,
	     const char *locator, unsigned depth, const char *magic)
{
	walk_archive_as(w, idx, s, size, path, locator, depth, magic, NULL, 0);
}

/* An archive inside an archive read as it comes out of the outer one
 * (libarchive pulls its bytes through this), not held in memory. */
struct nest_source {
	struct walker *w;
	struct stream *s;
	int level;		/* its place in w->arc once pushed, else -1 */
	unsigned char buf[65536];
};

static la_ssize_t
nest_read(struct archive *a, void *ud, const void **out)
{
	struct nest_source *n = ud;
	size_t got = stream_read(n->s, n->buf, sizeof(n->buf));
	if (got == 0 && n->s->failed) {
		archive_set_error(a, EIO, "%s", n->s->message ? n->s->message : "read error");
		return -1;
	}
	if (n->level >= 0 && (unsigned)n->level < n->w->narc) {
		/* what it holds is measured against what it took of the outer
		 * one so far (its ratio), and its own bytes are not its output */
		n->w->arc[n->level].packed = n->s->pos;
		n->w->arc[n->level].out -= got <= n->w->arc[n->level].out ? got : n->w->arc[n->level].out;
	}
	*out = n->buf;
	return (la_ssize_t)got;
}

/* Is an archive of this kind and size inside another read as it comes
 * (streamed), rather than held in memory?  7z needs to seek; a small
 * archive is held so that a compressed stream that turns out to be one
 * padded file can be read again. */
static int
nest_streams(const struct walker *w, const char *magic, int64_t size)
{
	if (strcmp(magic, "7z") == 0)
		return 0;
	return size < 0 || (uint64_t)size >= w->opt->stream_min;
}

/* again: the bytes of a compressed stream read before, to read once more
 * as one plain file (raw format only), or NULL. */
static void
walk_archive_as(struct walker *w, size_t idx, struct stream *s, int64_t size, const char *path,
		const char *locator, unsigned depth, const char *magic,
		const unsigned char *again, size_t again_len)
{
	struct input *in = &w->inputs->v[idx];
	in->is_archive = 1;
	input_set_format(in, magic);
	struct archive *a = archive_read_new();
	archive_read_support_filter_all(a);
	if (again == NULL)
		archive_read_support_format_all(a);
	archive_read_support_format_raw(a);
	unsigned char *mem = NULL;
	struct buf mb;
	int r;
	const unsigned char *head = again;
	size_t hn = again ? (again_len < 512 ? again_len : 512) : stream_peek(s, 512, &head);
	char *gzname = gzip_name(head, hn);
	struct nest_source *nest = NULL;
	if (again) {
		r = archive_read_open_memory(a, again, again_len);
	} else if (path == NULL && nest_streams(w, magic, size)) {
		nest = xcalloc(1, sizeof(*nest));
		nest->w = w;
		nest->s = s;
		nest->level = -1;
		r = archive_read_open(a, nest, NULL, nest_read, NULL);
	} else if (path) {
		r = archive_read_open_filename(a, path, 65536);
		if (r == ARCHIVE_OK && w->disk_archive == NULL)
			w->disk_archive = a;	/* progress follows it through the file */
	} else {
		/* nested and small, or 7z: held in memory (it counts toward the
		 * limits, and may take at most --max-buffer) */
		slurp(s, &mb, w->opt->limits.buffer_bytes);
		in = &w->inputs->v[idx];
		in->size = mb.len;
		if (s->failed || mb.len >= w->opt->limits.buffer_bytes) {
			if (s->failed) {
				input_warn(in, WARN_OFFSET, s->pos, "%s", s->message);
			} else {
				char sz[32];
				format_size(w->opt->limits.buffer_bytes, sz, sizeof(sz));
				input_warn(in, 0, 0, "a %s archive inside another is read from "
					   "memory, and this one is larger than %s; not opened "
					   "(--max-buffer)", magic, sz);
				in->size = s->pos + stream_drain(s);
			}
			input_set_status(in, ST_ERROR);
			buf_free(&mb);
			archive_read_free(a);
			free(gzname);
			return;
		}
		mem = (unsigned char *)buf_steal(&mb);
		r = archive_read_open_memory(a, mem, s->pos);
	}
	if (r != ARCHIVE_OK) {
		in = &w->inputs->v[idx];
		input_set_status(in, ST_ERROR);
		input_warn(in, WARN_OFFSET, 0, "cannot open %s archive: %s", magic,
			   archive_error_string(a) ? archive_error_string(a) : "unknown error");
		archive_read_free(a);
		free(mem);
		free(nest);
		free(gzname);
		return;
	}
	uint64_t members = 0, unlisted = 0;
	int retries = 0;
	unsigned level = w->narc;
	if (level < sizeof(w->arc) / sizeof(w->arc[0])) {
		uint64_t packed = again ? again_len : mem ? (uint64_t)s->pos : 0;
		struct stat pst;
		if (packed == 0 && path && stat(path, &pst) == 0)
			packed = (uint64_t)pst.st_size;
		w->arc[level].packed = packed;
		w->arc[level].out = 0;
		w->arc[level].idx = idx;
		w->arc[level].stopped = 0;
		w->arc[level].members = 0;
		w->narc++;
		if (nest)
			nest->level = (int)level;
		if (level == 0)
			share_out(w);
	}
	for (;;) {
		int stop = 0;
		for (unsigned k = 0; k < w->narc; k++)
			stop |= w->arc[k].stopped;
		if (stop)
			break;	/* this archive, or one it is in, inflated too far */
		struct archive_entry *e;
		int64_t at = archive_filter_bytes(a, -1);
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY && retries++ < 8)
			continue;
		in = &w->inputs->v[idx];
		if (members == 0)
			input_set_format(in, archive_kind_name(a, magic));
		if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
			const char *msg = archive_error_string(a);
			input_warn(in, WARN_OFFSET, (uint64_t)(at > 0 ? at : 0),
				   "archive damaged or truncated: %s; the rest of it "
				   "cannot be read", msg ? msg : "unknown error");
			input_set_status(in, members ? ST_PARTIAL : ST_ERROR);
			break;
		}
		retries = 0;
		if (members == 0 &&
		    (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_RAW &&
		    archive_filter_count(a) <= 1 && is_compression(magic)) {
			/* the bytes start like a compressed stream but no
			 * decompressor takes them: the data is damaged, not a file */
			input_warn(in, WARN_OFFSET, 0, "not valid %s data: the %s header is there "
				   "but the decompressor does not accept what follows", magic, magic);
			input_set_status(in, ST_ERROR);
			break;
		}
		if (share_spent(w, 0))
			break;
		if (entry_limit(w)) {
			input_warn(in, 0, 0, "entry limit (%llu) reached; the rest of "
				   "this archive was not read (--max-entries)",
				   (unsigned long long)w->opt->limits.entries);
			input_set_status(in, ST_PARTIAL);
			break;
		}
		const char *name = archive_entry_pathname_utf8(e);
		if (name == NULL)
			name = archive_entry_pathname(e);
		if (members == 0 && name && strcmp(name, "[Content_Types].xml") == 0) {
			/* an Office document (.docx, .xlsx, .pptx) is a zip, but not a
			 * bundle: listed with its type, not opened */
			input_set_status(in, ST_SKIPPED);
			free(in->looks_like);
			in->looks_like = xstrdup("binary: Office document (Word, Excel or "
						 "PowerPoint)");
			input_set_format(in, "office-document");
			break;
		}
		int raw = (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_RAW;
		char *nm = raw && gzname ? xstrdup(gzname) :
			   raw || name == NULL || *name == '\0' ? inner_name(locator)
								: clean_name(name);
		char *child = xasprintf("%s!/%s", locator, nm);
		free(nm);
		mode_t type = archive_entry_filetype(e);
		if (type == AE_IFDIR) {
			free(child);
			w->entries--;	/* directories are not entries */
			continue;
		}
		members++;
		if (level < w->narc)
			w->arc[level].members = members;
		size_t before = w->inputs->n;
		if (r == ARCHIVE_FAILED || type != AE_IFREG) {
			size_t ci = inputs_add(w->inputs, child, depth + 1);
			struct input *cin = &w->inputs->v[ci];
			if (r == ARCHIVE_FAILED) {
				const char *msg = archive_error_string(a);
				input_set_status(cin, ST_ERROR);
				input_warn(cin, 0, 0, "cannot read this entry: %s",
					   msg ? msg : "unknown error");
			} else {
				const char *target = archive_entry_symlink(e);
				if (target == NULL)
					target = archive_entry_hardlink(e);
				input_set_status(cin, ST_UNSUPPORTED);
				cin->looks_like = target ?
					xasprintf("link to %s, not followed", target) :
					xstrdup("special file (not a regular file)");
			}
			unlist_if_nothing(w, before, members, &unlisted);
			free(child);
			continue;
		}
		if (r == ARCHIVE_WARN) {
			const char *msg = archive_error_string(a);
			input_warn(in, WARN_OFFSET, (uint64_t)(at > 0 ? at : 0),
				   "%s", msg ? msg : "archive warning");
		}
		struct stream es;
		int base = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
		struct ar_source src = {.w = w, .s = &es, .a = a,
					.start_raw = archive_filter_bytes(a, -1),
					.stored = archive_filter_count(a) <= 1 &&
						  (base == ARCHIVE_FORMAT_TAR || base == ARCHIVE_FORMAT_CPIO)};
		stream_init(&es, ar_read, &src);
		int64_t hint = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
		walk_entry(w, &es, NULL, child, depth + 1, hint);
		stream_free(&es);
		unlist_if_nothing(w, before, members, &unlisted);
		free(child);
	}
	if (unlisted)
		input_warn(&w->inputs->v[idx], 0, 0, "%llu more entries (after the first %d) held "
			   "nothing to read (empty, links, or neither a log nor an export); not "
			   "listed one by one", (unsigned long long)unlisted, LISTED);
	if (w->narc > level)
		w->narc = level;
	if (w->disk_archive == a) {
		la_int64_t raw = archive_filter_bytes(a, -1);
		w->disk_done += raw > 0 ? (uint64_t)raw : 0;
		w->disk_archive = NULL;
	}
	/* A compressed stream that began with a block of NUL bytes looks to
	 * libarchive like an empty tar archive: a log padded after a crash.
	 * Read it again as the one file it is. */
	in = &w->inputs->v[idx];
	int empty_tar = again == NULL && members == 0 && archive_filter_count(a) > 1 &&
			(archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR &&
			in->status == ST_OK;
	archive_read_free(a);
	if (empty_tar && nest) {
		/* streamed: its bytes are gone */
		input_warn(in, 0, 0, "the stream starts with NUL bytes (a tar block of zeros) and "
			   "was read as it came out of the archive it is in, so it cannot be read "
			   "again as one file");
		input_set_status(in, ST_PARTIAL);
	} else if (empty_tar) {
		unsigned char *bytes = mem;
		size_t len = mem ? (size_t)s->pos : 0;
		struct buf fb;
		if (path) {
			/* from the file on disk: its bytes, within the limits */
			buf_init(&fb, w->opt->limits.total_bytes);
			FILE *f = fopen(path, "rb");
			unsigned char tmp[65536];
			size_t n;
			while (f && (n = fread(tmp, 1, sizeof(tmp), f)) > 0)
				if (buf_add(&fb, tmp, n) < 0)
					break;
			if (f)
				fclose(f);
			len = fb.len;
			bytes = (unsigned char *)buf_steal(&fb);
		}
		input_warn(in, 0, 0, "the stream starts with NUL bytes (a tar block of zeros); "
			   "read as one file");
		walk_archive_as(w, idx, s, -1, NULL, locator, depth, magic, bytes, len);
		if (bytes != mem)
			free(bytes);
	}
	if (nest) {
		/* what libarchive left unread (a zip's central directory) still
		 * counts as read, as it does when the archive is held */
		in = &w->inputs->v[idx];
		in->size = s->pos + stream_drain(s);
	}
	free(mem);
	free(nest);
	free(gzname);
	if (path && s) {
		in = &w->inputs->v[idx];
		struct stat st;
		if (stat(path, &st) == 0)
			in->size = (uint64_t)st.st_size;
	}
}

/* ---- e-mails and HTML pages ------------------------------------------------ */

struct cjob {
	struct walker *w;
	const char *locator;
	unsigned depth;
	size_t idx;
	int stopped;
};

static void
on_part(void *ud, const char *name, const char *data, size_t len)
{
	struct cjob *j = ud;
	if (j->stopped)
		return;
	if (entry_limit(j->w)) {
		input_warn(&j->w->inputs->v[j->idx], 0, 0, "entry limit (%llu) reached; the "
			   "rest of this document was not read (--max-entries)",
			   (unsigned long long)j->w->opt->limits.entries);
		input_set_status(&j->w->inputs->v[j->idx], ST_PARTIAL);
		j->stopped = 1;
		return;
	}
	char *nm = clean_name(*name ? name : "part");
	char *child = xasprintf("%s!/%s", j->locator, nm);
	free(nm);
	struct stream ms;
	struct mem_source src;
	stream_init_mem(&ms, &src, data, len);
	walk_entry(j->w, &ms, NULL, child, j->depth + 1, (int64_t)len);
	stream_free(&ms);
	free(child);
}

/* An e-mail or an HTML page: its parts are entries of their own. */
static void
walk_container(struct walker *w, size_t idx, struct stream *s, const char *locator,
	       unsigned depth, const char *kind)
{
	struct input *in = &w->inputs->v[idx];
	in->is_archive = 1;
	input_set_format(in, kind);
	struct buf mb;
	slurp(s, &mb, SIZE_MAX / 2);
	in = &w->inputs->v[idx];
	in->size = mb.len;
	if (s->failed) {
		input_warn(in, WARN_OFFSET, s->pos, "%s", s->message);
		input_set_status(in, ST_PARTIAL);
	}
	struct cjob j = {.w = w, .locator = locator, .depth = depth, .idx = idx};
	char err[256] = "";
	const char *data = mb.data ? mb.data : "";
	int r = strcmp(kind, "email") == 0 ? mime_split(data, mb.len, on_part, &j, err, sizeof(err))
					   : html_split(data, mb.len, on_part, &j, err, sizeof(err));
	if (r < 0) {
		in = &w->inputs->v[idx];
		input_warn(in, 0, 0, "%s", err);
		input_set_status(in, ST_ERROR);
	}
	buf_free(&mb);
}

/* ---- files and directories -------------------------------------------- */

static int
walk_fd(struct walker *w, int fd, const char *path, const char *locator,
	unsigned depth, int64_t size)
{
	struct stream s;
	struct fd_source src = {.w = w, .s = &s, .fd = fd};
	stream_init(&s, fd_read, &src);
	/* an archive on disk is opened by libarchive from the file itself */
	const unsigned char *head;
	size_t n = stream_peek(&s, 512, &head);
	const char *kind = sniff_archive(head, n);
	if (kind && path && w->bytes + n <= w->opt->limits.total_bytes)
		w->bytes -= n;	/* libarchive re-reads these bytes */
	walk_entry(w, &s, kind ? path : NULL, locator, depth, size);
	stream_free(&s);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_error(struct walker *w, const char *locator, const char *fmt, ...)
	T_PRINTF(3, 4);

static void
add_error(struct walker *w, const char *locator, const char *fmt, ...)
{
	size_t i = inputs_add(w->inputs, locator, 0);
	input_set_status(&w->inputs->v[i], ST_ERROR);
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	input_warn(&w->inputs->v[i], 0, 0, "%s", m);
	free(m);
}

static void walk_path(struct walker *w, const char *path, const char *root);

static void
walk_dir(struct walker *w, const char *path, const char *root)
{
	DIR *d = opendir(path);
	if (d == NULL) {
		add_error(w, path, "cannot open directory: %s", strerror(errno));
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		GROW(names, n, cap);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(path);
		char *child = xasprintf("%s%s%s", path,
					len && path[len - 1] == '/' ? "" : "/", names[i]);
		walk_path(w, child, root);
		free(child);
		free(names[i]);
	}
	free(names);
}

/* root: the real path of the command-line directory this path is under,
 * or NULL for a command-line input itself. */
static void
walk_path(struct walker *w, const char *path, const char *root)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		add_error(w, path, "cannot read: %s", strerror(errno));
		return;
	}
	if (S_ISLNK(st.st_mode) && root) {
		char *real = realpath(path, NULL);
		size_t rl = strlen(root);
		if (real == NULL) {
			add_error(w, path, "broken symbolic link: %s", strerror(errno));
			return;
		}
		int inside = strncmp(real, root, rl) == 0 &&
			     (real[rl] == '/' || real[rl] == '\0');
		struct stat tst;
		int isdir = stat(real, &tst) == 0 && S_ISDIR(tst.st_mode);
		free(real);
		if (!inside || isdir) {
			size_t i = inputs_add(w->inputs, path, 0);
			input_set_status(&w->inputs->v[i], ST_UNSUPPORTED);
			w->inputs->v[i].looks_like = xstrdup(
				!inside ? "symbolic link out of the input directory, not followed"
					: "symbolic link to a directory, not followed");
			return;
		}
	}
	if (stat(path, &st) < 0) {
		add_error(w, path, "cannot read: %s", strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (root == NULL) {
			char *real = realpath(path, NULL);
			if (real == NULL) {
				add_error(w, path, "cannot read: %s", strerror(errno));
				return;
			}
			walk_dir(w, path, real);
			free(real);
		} else {
			walk_dir(w, path, root);
		}
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		size_t i = inputs_add(w->inputs, path, 0);
		input_set_status(&w->inputs->v[i], ST_UNSUPPORTED);
		w->inputs->v[i].looks_like = xstrdup("special file (not a regular file)");
		return;
	}
	if (entry_limit(w)) {
		add_error(w, path, "not read: entry limit reached%s (--max-entries)", "");
		return;
	}
	w->disk_started++;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		add_error(w, path, "cannot open: %s", strerror(errno));
		return;
	}
	walk_fd(w, fd, path, path, 0, (int64_t)st.st_size);
	close(fd);
}

int
walker_add(struct walker *w, const char *path)
{
	size_t before = w->inputs->n;
	if (strcmp(path, "-") == 0) {
		if (entry_limit(w)) {
			add_error(w, w->stdin_name, "not read: entry limit reached%s", "");
			return -1;
		}
		walk_fd(w, 0, NULL, w->stdin_name, 0, -1);
	} else {
		walk_path(w, path, NULL);
	}
	for (size_t i = before; i < w->inputs->n; i++)
		if (w->inputs->v[i].status != ST_ERROR)
			return 0;
	return w->inputs->n > before && w->inputs->v[before].status != ST_ERROR ? 0 : -1;
}

void
walker_add_memory(struct walker *w, const char *name, const void *data, size_t len)
{
	struct stream s;
	struct mem_source m;
	stream_init_mem(&s, &m, data, len);
	if (entry_limit(w))
		return;
	walk_entry(w, &s, NULL, name, 0, (int64_t)len);
	stream_free(&s);
}
