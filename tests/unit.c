/* unit.c - unit tests: text decoding, CSV, JSON record scanning, the record
 * store, the sniffer and small utilities.  Prints "N passed, N failed". */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csv.h"
#include "decode.h"
#include "jsonmem.h"
#include "jsonpipe.h"
#include "jsonscan.h"
#include "jsonutil.h"
#include "salesforce.h"
#include "timefmt.h"
#include "sniff.h"
#include "store.h"
#include "textscan.h"
#include "fieldmap.h"
#include "unit.h"
#include "sha256.h"
#include "util.h"

int unit_pass, unit_fail;
static const char *srcdir = ".";

static char *
slurp(const char *rel, size_t *len)
{
	char *path = xasprintf("%s/%s", srcdir, rel);
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(99);
	}
	struct buf b;
	buf_init(&b, 1u << 30);
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		(void)buf_add(&b, tmp, n);
	fclose(f);
	free(path);
	*len = b.len;
	return buf_steal(&b);
}

/* Decode through text_getline, joining lines with LF. */
static char *
decode_lines(const char *data, size_t len, enum text_enc *enc)
{
	struct stream s;
	struct mem_source m;
	stream_init_mem(&s, &m, data, len);
	struct text t;
	text_init(&t, &s, 1 << 20);
	struct buf out;
	buf_init(&out, 1 << 24);
	const char *line;
	size_t n;
	int cut;
	while (text_getline(&t, &line, &n, &cut)) {
		(void)buf_add(&out, line, n);
		(void)buf_addc(&out, '\n');
	}
	*enc = t.enc;
	text_free(&t);
	stream_free(&s);
	return buf_steal(&out);
}

static void
test_encodings(void)
{
	size_t elen;
	char *expected = slurp("testdata/encoding/login-utf8.expected.txt", &elen);
	static const struct {
		const char *file;
		enum text_enc enc;
	} v[] = {
		{"testdata/encoding/login-utf8.csv", ENC_UTF8},
		{"testdata/encoding/login-utf8bom.csv", ENC_UTF8_BOM},
		{"testdata/encoding/login-utf16le.csv", ENC_UTF16LE},
		{"testdata/encoding/login-utf16be.csv", ENC_UTF16BE},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t len;
		char *data = slurp(v[i].file, &len);
		enum text_enc enc;
		char *got = decode_lines(data, len, &enc);
		CHECK_STR(got, expected);
		CHECK_INT(enc, v[i].enc);
		/* and the CSV reader sees the same cells */
		struct stream s;
		struct mem_source m;
		stream_init_mem(&s, &m, data, len);
		struct text t;
		text_init(&t, &s, 1 << 20);
		struct csv c;
		csv_init(&c, &t, 0, 1 << 20);
		int rows = 0;
		while (csv_next(&c)) {
			rows++;
			if (rows == 1)
				CHECK_INT(csv_ncells(&c), 3);
		}
		CHECK_INT(rows, 4);
		csv_free(&c);
		text_free(&t);
		stream_free(&s);
		free(got);
		free(data);
	}
	CHECK(strstr(expected, "Zo\xc3\xab M\xc3\xbcller") != NULL);
	free(expected);

	size_t len, xlen;
	char *bad = slurp("testdata/encoding/invalid-utf8.txt", &len);
	char *want = slurp("testdata/encoding/invalid-utf8.expected.txt", &xlen);
	enum text_enc enc;
	char *got = decode_lines(bad, len, &enc);
	CHECK_STR(got, want);
	free(got);
	free(bad);
	free(want);

	/* a surrogate pair, a lone surrogate, CR-only line ends */
	static const unsigned char u16[] = {0xFF, 0xFE, 'a', 0, 0x3D, 0xD8, 0x00, 0xDE,
					    '\r', 0, 0x00, 0xDC, '\r', 0, '\n', 0, 'z', 0};
	got = decode_lines((const char *)u16, sizeof(u16), &enc);
	CHECK_STR(got, "a\xF0\x9F\x98\x80\n\xEF\xBF\xBD\nz\n");
	free(got);
	got = decode_lines("one\rtwo\r\nthree", 14, &enc);
	CHECK_STR(got, "one\ntwo\nthree\n");
	free(got);
	/* UTF-16LE without a BOM is still recognised */
	size_t bom;
	CHECK_INT(text_detect((const unsigned char *)"{\0\"\0a\0\"\0", 8, &bom), ENC_UTF16LE);
	CHECK_INT(bom, 0);
}

static void
test_line_limit(void)
{
	struct stream s;
	struct mem_source m;
	char data[300];
	memset(data, 'x', sizeof(data));
	data[200] = '\n';
	stream_init_mem(&s, &m, data, sizeof(data));
	struct text t;
	text_init(&t, &s, 64);
	const char *line;
	size_t n;
	int cut;
	CHECK(text_getline(&t, &line, &n, &cut) == 1);
	CHECK_INT(n, 64);
	CHECK(cut == 1);
	CHECK(text_getline(&t, &line, &n, &cut) == 1);
	CHECK_INT(n, 64);
	CHECK_INT(t.lineno, 2);
	CHECK(text_getline(&t, &line, &n, &cut) == 0);
	text_free(&t);
	stream_free(&s);
}

/* A CSV reader over bytes in memory, with the stream and text under it. */
struct memcsv {
	struct stream s;
	struct mem_source m;
	struct text t;
	struct csv c;
};

static struct csv *
memcsv_open(struct memcsv *mc, const char *data, size_t len, size_t max_record)
{
	stream_init_mem(&mc->s, &mc->m, data, len);
	text_init(&mc->t, &mc->s, 1 << 20);
	csv_init(&mc->c, &mc->t, 0, max_record);
	return &mc->c;
}

static void
memcsv_close(struct memcsv *mc)
{
	csv_free(&mc->c);
	text_free(&mc->t);
	stream_free(&mc->s);
}

struct rows {
	char cells[16][8][64];
	size_t ncells[16];
	uint64_t line[16];
	int n;
};

static void
csv_rows(const char *data, struct rows *r, int *unterminated)
{
	struct memcsv mc;
	struct csv *c = memcsv_open(&mc, data, strlen(data), 1 << 20);
	memset(r, 0, sizeof(*r));
	while (csv_next(c) && r->n < 16) {
		r->ncells[r->n] = csv_ncells(c);
		r->line[r->n] = c->line;
		for (size_t i = 0; i < csv_ncells(c) && i < 8; i++)
			snprintf(r->cells[r->n][i], 64, "%s", csv_cell(c, i));
		r->n++;
	}
	*unterminated = c->unterminated;
	memcsv_close(&mc);
}

static void
test_csv(void)
{
	struct rows r;
	int unt;
	csv_rows("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n1,2\r\n", &r, &unt);
	CHECK_INT(r.n, 3);
	CHECK_STR(r.cells[1][0], "x, y");
	CHECK_STR(r.cells[1][1], "say \"hi\"");
	CHECK_STR(r.cells[1][2], "two\nlines");
	CHECK_INT(r.line[2], 4);	/* the row after a quoted line break */
	CHECK_INT(r.ncells[2], 2);	/* ragged rows are kept */
	CHECK(!unt);

	csv_rows("sep=;\nName;Value\n\"a;b\";2\n", &r, &unt);
	CHECK_INT(r.n, 2);
	CHECK_STR(r.cells[0][0], "Name");
	CHECK_STR(r.cells[1][0], "a;b");
	CHECK_INT(r.line[1], 3);

	csv_rows("#TYPE Selected.System.Management.Automation.PSCustomObject\n"
		 "\"CreationDate\",\"UserIds\"\n\"2026-11-24\",\"a@b\"\n", &r, &unt);
	CHECK_INT(r.n, 2);
	CHECK_STR(r.cells[0][0], "CreationDate");
	CHECK_STR(r.cells[1][1], "a@b");

	csv_rows("A;B;C\n1;2;3\n", &r, &unt);
	CHECK_INT(r.ncells[1], 3);
	csv_rows("A\tB\n1\t2\n\n\n", &r, &unt);
	CHECK_INT(r.n, 2);	/* blank lines skipped */
	CHECK_STR(r.cells[1][1], "2");
	csv_rows("A,B\n\"open,2\n", &r, &unt);
	CHECK(unt);

	/* a cell larger than 32 KB */
	size_t big = 100000;
	char *data = xmalloc(big + 32);
	memcpy(data, "h1,h2\n\"", 7);
	memset(data + 7, 'q', big);
	memcpy(data + 7 + big, "\",z\n", 5);
	struct memcsv mc;
	struct csv *c = memcsv_open(&mc, data, strlen(data), 1 << 20);
	CHECK(csv_next(c) && csv_next(c));
	CHECK_INT(strlen(csv_cell(c, 0)), big);
	CHECK_STR(csv_cell(c, 1), "z");
	CHECK(!c->overflow);
	memcsv_close(&mc);
	free(data);

	/* wide rows: every cell past the first 32 and 64 is where it belongs */
	{
		struct buf w;
		buf_init(&w, 1 << 20);
		for (int row = 0; row < 2; row++)
			for (int i = 0; i < 100; i++)
				(void)buf_printf(&w, "%s%c%d%s", i ? "," : "", row ? 'v' : 'h', i,
						 i == 99 ? "\n" : "");
		struct memcsv wmc;
		struct csv *wc = memcsv_open(&wmc, w.data, w.len, 1 << 20);
		CHECK(csv_next(wc));
		CHECK_INT(csv_ncells(wc), 100);
		CHECK_STR(csv_cell(wc, 32), "h32");
		CHECK_STR(csv_cell(wc, 64), "h64");
		CHECK_STR(csv_cell(wc, 99), "h99");
		CHECK(csv_next(wc));
		CHECK_STR(csv_cell(wc, 32), "v32");
		CHECK_STR(csv_cell(wc, 65), "v65");
		memcsv_close(&wmc);
		buf_free(&w);
	}

	/* cells copied a run at a time: "" pairs, CRLF and LF inside quotes
	 * and separators fall on every place around the reader's 64 KB
	 * buffer ends (rows of 1 to 13 repetitions of the piece) */
	{
		static const char piece[] = "ab\"\"c\r\nd,e";	/* as written */
		static const char read[] = "ab\"c\nd,e";		/* as read */
		struct buf w, want;
		buf_init(&w, 1 << 24);
		buf_init(&want, 1 << 20);
		(void)buf_adds(&w, "Text,N\n");
		int rows = 4000;
		for (int i = 0; i < rows; i++) {
			(void)buf_addc(&w, '"');
			for (int k = 0; k <= i % 13; k++)
				(void)buf_adds(&w, piece);
			(void)buf_printf(&w, "\",n%d%s", i, i % 2 ? "\r\n" : "\n");
		}
		struct memcsv rmc;
		struct csv *wc = memcsv_open(&rmc, w.data, w.len, 1 << 20);
		CHECK(csv_next(wc));
		int good = 0;
		uint64_t line = 2;
		char n[32];
		for (int i = 0; i < rows && csv_next(wc); i++) {
			buf_reset(&want);
			for (int k = 0; k <= i % 13; k++)
				(void)buf_adds(&want, read);
			snprintf(n, sizeof(n), "n%d", i);
			good += csv_ncells(wc) == 2 && strcmp(csv_cell(wc, 0), want.data) == 0 &&
				strcmp(csv_cell(wc, 1), n) == 0 && wc->line == line;
			line += (uint64_t)(i % 13) + 2;	/* a line break in each piece */
		}
		CHECK_INT(good, rows);
		CHECK(!csv_next(wc));
		CHECK(w.len > 4 * 65536);
		memcsv_close(&rmc);

		/* a row over the limit keeps the first 100 bytes as read */
		const char *cut = "A,B\n\"0123456789012345678901234567890123456789"
				  "01234567890123456789012345678901234567\"\"890123456789"
				  "0123456789012345678901234567890123456789\",b\nx,y\n";
		wc = memcsv_open(&rmc, cut, strlen(cut), 100);
		CHECK(csv_next(wc) && csv_next(wc));
		CHECK(wc->overflow);
		CHECK_INT(strlen(csv_cell(wc, 0)), 100);
		CHECK(strncmp(csv_cell(wc, 0) + 74, "4567\"8901234", 12) == 0);
		CHECK(csv_next(wc));
		CHECK(!wc->overflow);
		CHECK_STR(csv_cell(wc, 1), "y");
		memcsv_close(&rmc);
		buf_free(&w);
		buf_free(&want);
	}

	char *hdr[] = {"Login Time", "SOURCE_IP", "user name", NULL};
	CHECK_INT(csv_find(hdr, 3, "logintime"), 0);
	CHECK_INT(csv_find(hdr, 3, "Source IP"), 1);
	CHECK_INT(csv_find(hdr, 3, "USER_NAME"), 2);
	CHECK_INT(csv_find(hdr, 3, "Status"), -1);
}

struct jcollect {
	char pointers[16][64];
	uint64_t lines[16];
	char first[256];
	int n;
};

static int
collect(void *ud, const struct jrecord *r)
{
	struct jcollect *j = ud;
	if (j->n < 16) {
		snprintf(j->pointers[j->n], 64, "%s", r->pointer);
		j->lines[j->n] = r->line;
		if (j->n == 0)
			snprintf(j->first, sizeof(j->first), "%.*s", (int)r->len, r->text);
		j->n++;
	}
	return 0;
}

static char skipped_at[64];

/* "line:column", or "first-line:column" for a value that ran over lines */
static void
note_skip(void *ud, uint64_t first, uint64_t line, uint64_t column, const char *message)
{
	(void)ud;
	(void)message;
	size_t n = strlen(skipped_at);
	if (first < line)
		snprintf(skipped_at + n, sizeof(skipped_at) - n, "%s%llu-%llu:%llu", n ? "," : "",
			 (unsigned long long)first, (unsigned long long)line,
			 (unsigned long long)column);
	else
		snprintf(skipped_at + n, sizeof(skipped_at) - n, "%s%llu:%llu", n ? "," : "",
			 (unsigned long long)line, (unsigned long long)column);
}

static void
jscan(const char *data, size_t max, struct jcollect *j, struct jscan_result *res)
{
	static const char *const paths[] = {"/value", "/records", "/log/entries", NULL};
	struct stream s;
	struct mem_source m;
	stream_init_mem(&s, &m, data, strlen(data));
	struct text t;
	text_init(&t, &s, max);
	memset(j, 0, sizeof(*j));
	skipped_at[0] = '\0';
	jscan_run(&t, paths, max, collect, note_skip, j, res);
	text_free(&t);
	stream_free(&s);
}

static void
test_jsonscan(void)
{
	struct jcollect j;
	struct jscan_result res;
	jscan("{\"@odata.context\":\"x\",\"value\":[{\"a\":1},\n{\"a\":[2,{\"b\":null}]}],"
	      "\"@odata.nextLink\":\"n\"}\n{\"value\":[{\"c\":true}]}", 1 << 20, &j, &res);
	CHECK(!res.error);
	CHECK_INT(res.records, 3);
	CHECK_INT(res.documents, 2);
	CHECK_STR(j.pointers[0], "#/value/0");
	CHECK_STR(j.pointers[1], "#/value/1");
	CHECK_STR(j.pointers[2], "#page2/value/0");
	CHECK_INT(j.lines[1], 2);
	CHECK_STR(j.first, "{\"a\":1}");

	/* keys read a run at a time: the record arrays' keys across the
	 * reader's 64 KB chunks at every place, an escape in a key, a key
	 * longer than the scanner keeps */
	{
		int good = 0;
		for (int shift = 0; shift < 16; shift++) {
			struct buf d;
			buf_init(&d, 1 << 20);
			(void)buf_adds(&d, "{\"pad\":\"");
			for (int k = 0; k < 65536 - 16 + shift; k++)
				(void)buf_addc(&d, 'f');
			(void)buf_adds(&d, "\",\"value\":[{\"a\":1}],\"rec\\u006frds\":[{\"x\":0}],\"");
			for (int k = 0; k < 95; k++)
				(void)buf_addc(&d, k ? 'x' : 'r');
			(void)buf_adds(&d, "ecords\":[{\"y\":0}],\"records\":[{\"b\":2}]}");
			jscan(d.data, 1 << 20, &j, &res);
			good += !res.error && res.records == 2 &&
				strcmp(j.pointers[0], "#/value/0") == 0 &&
				strcmp(j.pointers[1], "#/records/0") == 0;
			buf_free(&d);
		}
		CHECK_INT(good, 16);
	}

	jscan("{\"a\":1}\n{\"a\":2}\n\n{\"a\":3}\n", 1 << 20, &j, &res);
	CHECK_INT(res.records, 3);
	CHECK_STR(j.pointers[2], "");
	CHECK_INT(j.lines[2], 4);

	/* NDJSON: a broken line is skipped, the lines after it still read */
	jscan("{\"a\":1}\n{\"a\":,}\n{\"a\":3}\n{\"a\": \"open\n{\"a\":5}\n{\"a\":", 1 << 20, &j, &res);
	CHECK(!res.error);
	CHECK_INT(res.records, 3);
	CHECK_INT(res.skipped, 3);
	CHECK_STR(skipped_at, "2:6,4:12,6:6");
	CHECK_INT(j.lines[1], 3);
	CHECK_INT(j.lines[2], 5);
	/* a line cut after a key: the next line is read as its value, the
	 * error comes on the one after; all three are said to be skipped */
	jscan("{\"a\":1}\n{\"a\": \n{\"a\":3}\n{\"a\":4}\n{\"a\":5}\n", 1 << 20, &j, &res);
	CHECK(!res.error);
	CHECK_INT(res.records, 2);
	CHECK_INT(res.skipped, 1);
	CHECK_STR(skipped_at, "2-4:1");
	CHECK_INT(j.lines[1], 5);
	/* in a record array there is no resync: the error ends the scan */
	jscan("[{\"a\":1},\n{\"a\":,},\n{\"a\":3}]", 1 << 20, &j, &res);
	CHECK(res.error);
	CHECK_INT(res.records, 1);
	CHECK_INT(res.skipped, 0);

	jscan("[1, \"two\", {\"x\": [3]}, -4.5e2]", 1 << 20, &j, &res);
	CHECK(!res.error);
	CHECK_INT(res.records, 4);
	CHECK_STR(j.first, "1");
	CHECK_STR(j.pointers[3], "#/3");

	jscan("{\"log\":{\"version\":\"1.2\",\"entries\":[{\"r\":1},{\"r\":2}]}}", 1 << 20, &j, &res);
	CHECK_INT(res.records, 2);
	CHECK_STR(j.pointers[1], "#/log/entries/1");

	/* trailing comma: a clear error with the position */
	jscan("{\"value\": [\n  {\"a\": [1,\n  ]}\n]}", 1 << 20, &j, &res);
	CHECK(res.error);
	CHECK_INT(res.line, 3);
	CHECK_INT(res.column, 3);
	CHECK(strstr(res.message, "trailing comma") != NULL);

	/* a broken single document is one skipped top-level value */
	jscan("{\"a\": tru}", 1 << 20, &j, &res);
	CHECK(!res.error);
	CHECK_INT(res.skipped, 1);
	CHECK_INT(res.records, 0);
	CHECK_STR(skipped_at, "1:10");
	jscan("{\"a\": \"open", 1 << 20, &j, &res);
	CHECK_INT(res.skipped, 1);
	CHECK_STR(skipped_at, "1:12");
	jscan("", 1 << 20, &j, &res);
	CHECK(res.error);

	/* a record over the limit */
	jscan("[{\"a\":\"0123456789012345678901234567890123456789\"},{\"b\":1}]", 32, &j, &res);
	CHECK(res.error);
	CHECK(strstr(res.message, "longer than the limit") != NULL);

	/* nesting limit: 100,000 levels are refused by the limit, not the stack */
	char *deep = xmalloc(100001);
	memset(deep, '[', 100000);
	deep[100000] = '\0';
	jscan(deep, 1 << 20, &j, &res);
	CHECK(res.error);
	CHECK(strstr(res.message, "nesting deeper than 512") != NULL);
	CHECK_INT(res.column, 513);
	memset(deep, '{', 1);
	free(deep);

	/* brackets, escaped quotes, UTF-8 and \u escapes inside strings */
	jscan("{\"value\":[{\"m\":\"a [b] {c} \\\"q\\\" \\\\\",\"n\":\"Zo\u00c3\u00ab \\u00eb \\ud83d\\ude00\"},"
	      "{\"k]\":\"}\"}]}", 1 << 20, &j, &res);
	CHECK(!res.error);
	CHECK_INT(res.records, 2);
	CHECK_STR(j.first, "{\"m\":\"a [b] {c} \\\"q\\\" \\\\\",\"n\":\"Zo\u00c3\u00ab \\u00eb \\ud83d\\ude00\"}");
	CHECK_STR(j.pointers[1], "#/value/1");

	/* truncated documents */
	jscan("{\"value\":[{\"a\":1},{\"a\":", 1 << 20, &j, &res);
	CHECK(res.error);
	CHECK_INT(res.records, 1);
	CHECK(strstr(res.message, "unexpected end of input") != NULL);
	jscan("[{\"a\":\"cut", 1 << 20, &j, &res);
	CHECK(res.error);
	CHECK(strstr(res.message, "inside a string") != NULL);
}

/* A stream of [{"a":"xxx...x"}] with a 2 GiB string, made as it is read. */
struct huge {
	uint64_t size, pos;
};

static ssize_t
huge_read(void *ctx, void *buf, size_t n)
{
	struct huge *h = ctx;
	static const char head[] = "[{\"a\":\"";
	char *b = buf;
	size_t k = 0;
	while (k < n && h->pos < h->size + 11) {
		uint64_t p = h->pos;
		b[k++] = p < 7 ? head[p] : p < h->size + 7 ? 'x' : "\"}]\n"[p - h->size - 7];
		h->pos++;
	}
	return (ssize_t)k;
}

static void
test_huge_record(void)
{
	static const char *const paths[] = {NULL};
	struct huge h = {.size = 2ULL << 30};
	struct stream s;
	stream_init(&s, huge_read, &h);
	struct text t;
	text_init(&t, &s, 64u << 20);
	struct jcollect j;
	memset(&j, 0, sizeof(j));
	struct jscan_result res;
	jscan_run(&t, paths, 64u << 20, collect, NULL, &j, &res);
	CHECK(res.error);
	CHECK(strstr(res.message, "record longer than the limit of 67108864 bytes") != NULL);
	CHECK_INT(res.records, 0);
	/* it stopped near the limit, without reading the other 1.9 GiB */
	CHECK(h.pos < (80u << 20));
	text_free(&t);
	stream_free(&s);
}

/* The open record read before it ends, and the ids its strings get:
 * those interning each field as it was set would give (pointer, then
 * key and value in turn), whatever a field set twice or a record given
 * up left. */
/* A record's pointer suffix, whole (the last of two in turn). */
static const char *
ptr_of(const struct store *st, const struct record *r)
{
	static char buf[2][128];
	static int turn;
	turn ^= 1;
	(void)rec_pointer(st, r, buf[turn], sizeof(buf[turn]));
	return buf[turn];
}

static void
test_store_open(void)
{
	struct store *st = store_new();
	uint32_t known = store_intern_str(st, "known value");
	store_begin(st, 0, "k");
	uint32_t next = store_intern_str(st, "k") + 1;
	CHECK(rec_get_open(st, "user") == NULL);
	rec_set_str(st, "user", "first@x.com");
	rec_set_pointer(st, "#/value/1");
	rec_set_str(st, "detail", "one");
	rec_set_str(st, "detail", "two");
	rec_set_str(st, "user", "second@x.com");
	rec_set_str(st, "other", "known value");
	rec_set(st, "cut", "abcdef", 3);
	/* a field as last set, an extra as first set */
	CHECK_STR(rec_get_open(st, "user"), "second@x.com");
	CHECK_STR(rec_get_open(st, "detail"), "one");
	CHECK_STR(rec_get_open(st, "cut"), "abc");
	CHECK(rec_get_open(st, "missing") == NULL);
	CHECK(rec_get_open(st, "app") == NULL);
	/* nothing interned before the record ends */
	CHECK_INT(store_lookup(st, "first@x.com"), 0);
	store_end(st);
	CHECK(rec_get_open(st, "user") == NULL);
	CHECK_INT(store_lookup(st, "first@x.com"), next);
	/* the pointer less its index */
	CHECK_INT(store_lookup(st, "#/value/"), next + 1);
	CHECK_INT(store_lookup(st, "#/value/1"), 0);
	CHECK_INT(store_lookup(st, "detail"), next + 2);
	CHECK_INT(store_lookup(st, "one"), next + 3);
	CHECK_INT(store_lookup(st, "two"), next + 4);
	CHECK_INT(store_lookup(st, "second@x.com"), next + 5);
	CHECK_INT(store_lookup(st, "other"), next + 6);
	CHECK_INT(store_lookup(st, "cut"), next + 7);
	CHECK_INT(store_lookup(st, "abc"), next + 8);
	const struct record *r = store_get(st, 0);
	CHECK_STR(store_str(st, r->field[F_USER]), "second@x.com");
	CHECK_STR(ptr_of(st, r), "#/value/1");
	CHECK_INT(r->nextra, 4);
	struct extras kv = rec_extras(st, r);
	CHECK_INT(kv.value[2], known);
	CHECK_STR(store_str(st, kv.value[3]), "abc");
	CHECK_STR(store_str(st, kv.value[1]), "two");
	/* given up: none of its strings, and the next record reads none */
	store_begin(st, 0, "k");
	rec_set_str(st, "gone", "never interned");
	store_cancel(st);
	store_begin(st, 0, "k");
	CHECK(rec_get_open(st, "gone") == NULL);
	rec_set_str(st, "kept", "yes");
	store_end(st);
	CHECK_INT(store_lookup(st, "never interned"), 0);
	CHECK_INT(store_lookup(st, "gone"), 0);
	CHECK_STR(rec_get(st, store_get(st, 1), "kept"), "yes");
	CHECK(rec_get(st, store_get(st, 1), "gone") == NULL);
	/* a record of many long fields (its texts outgrow the first room) */
	store_begin(st, 0, "k");
	char key[32], val[3000];
	for (int i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "f%d", i);
		memset(val, 'a' + i % 26, sizeof(val) - 1);
		val[sizeof(val) - 1] = '\0';
		rec_set_str(st, key, val);
	}
	CHECK_INT(strlen(rec_get_open(st, "f39")), sizeof(val) - 1);
	store_end(st);
	r = store_get(st, 2);
	CHECK_INT(r->nextra, 40);
	CHECK_INT(rec_get(st, r, "f7")[2999], 0);
	CHECK_INT(rec_get(st, r, "f7")[0], 'h');
	store_free(st);
}

static void
test_store(void)
{
	struct store *st = store_new();
	uint32_t a = store_intern_str(st, "alice@contoso.com");
	uint32_t b = store_intern(st, "alice@contoso.com.uat", 17);
	CHECK(a != 0);
	CHECK_INT(a, b);
	CHECK_INT(store_intern_str(st, ""), 0);
	for (int i = 0; i < 5000; i++) {
		char k[32];
		snprintf(k, sizeof(k), "key%d", i);
		(void)store_intern_str(st, k);
	}
	CHECK_STR(store_str(st, a), "alice@contoso.com");
	CHECK(store_lookup(st, "key4999") != 0);
	CHECK_INT(store_lookup(st, "missing"), 0);

	store_begin(st, 3, "entra.signin");
	rec_set_time(st, 1795000000123LL);
	rec_set_str(st, "user", "alice@contoso.com");
	rec_set_str(st, "code", "50105");
	rec_set_str(st, "appId", "00000000-aaaa");
	rec_set_str(st, "empty", "");
	rec_set_pointer(st, "#/value/7");
	store_end(st);
	store_begin(st, 3, "entra.signin");
	rec_set_str(st, "extra", "dropped");
	store_cancel(st);
	CHECK_INT(store_count(st), 1);
	const struct record *r = store_get(st, 0);
	CHECK_STR(store_str(st, r->kind), "entra.signin");
	CHECK_INT(r->input, 3);
	CHECK_INT(r->time, 1795000000123LL);
	CHECK_INT(r->field[F_USER], a);
	CHECK_STR(rec_get(st, r, "code"), "50105");
	CHECK_STR(rec_get(st, r, "appId"), "00000000-aaaa");
	CHECK(rec_get(st, r, "empty") == NULL);
	CHECK(rec_get(st, r, "extra") == NULL);
	CHECK_INT(r->nextra, 1);
	CHECK_STR(ptr_of(st, r), "#/value/7");
	CHECK_INT(field_by_name("correlation_id"), F_CORRELATION_ID);
	for (int f = 0; f < F_COUNT; f++)
		CHECK_INT(field_by_name(field_name((enum field)f)), f);
	static const char *const not_fields[] = {"", "c", "co", "codes", "users", "correlation",
						 "tenant_id", "or", "i", "status ", "User", "xip"};
	for (size_t i = 0; i < sizeof(not_fields) / sizeof(not_fields[0]); i++)
		CHECK_INT(field_by_name(not_fields[i]), -1);
	store_free(st);

	/* many strings, some of every length up to 40 (the hash reads eight
	 * bytes at a time): each keeps its id, and only its text finds it */
	st = store_new();
	uint32_t ids[3000];
	char k[64];
	for (int i = 0; i < 3000; i++) {
		snprintf(k, sizeof(k), "%.*s%d", i % 40, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN", i);
		ids[i] = store_intern_str(st, k);
	}
	int stable = 1, distinct = 1;
	for (int i = 0; i < 3000; i++) {
		snprintf(k, sizeof(k), "%.*s%d", i % 40, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN", i);
		stable &= store_lookup(st, k) == ids[i] && strcmp(store_str(st, ids[i]), k) == 0;
		distinct &= i == 0 || ids[i] == ids[i - 1] + 1;
	}
	CHECK(stable);
	CHECK(distinct);
	/* the same bytes with a NUL inside are another string */
	CHECK(store_intern(st, "ab\0cd", 5) != store_intern(st, "ab\0ce", 5));
	CHECK_INT(store_intern(st, "ab\0cd", 5), store_intern(st, "ab\0cd", 5));
	store_free(st);

	test_store_open();
}

/* The test policy: records of kind "routine" may go. */
static int
keep_unless_routine(void *ud, const struct store *st, const struct record *r, uint32_t *about)
{
	(*(int *)ud)++;
	*about = 0;
	return strcmp(store_str(st, r->kind), "routine") != 0;
}

/* Record i of a spill test: its input (two inputs, read interleaved the
 * way entries of a bundle are not, so that the order comes from both)
 * and its kind. */
static void
spill_emit(struct store *st, int i, int pin)
{
	char v[64];
	if (pin == 2)	/* a parser that reads the time first */
		store_pin(st);
	store_begin(st, (uint32_t)(i % 2), i % 3 ? "routine" : "error");
	rec_set_time(st, 1795000000000LL + i);
	rec_set_line(st, (uint64_t)i + 1);
	rec_set_str(st, "user", "ana@contoso.com");
	rec_set_str(st, "app", i % 4 ? "Salesforce" : "");
	snprintf(v, sizeof(v), "corr-%d-%.*s", i, i % 23, "0123456789abcdefghijklm");
	rec_set_str(st, "correlation_id", v);
	snprintf(v, sizeof(v), "value %d", i);
	rec_set_str(st, "detail", v);
	if (i % 5 == 0)
		rec_set_str(st, i % 10 ? "fresh key" : "detail2", v);
	/* enough bytes for the records brought back to come in batches */
	char pad[400];
	memset(pad, 'a' + i % 26, sizeof(pad) - 1);
	pad[snprintf(pad, sizeof(pad), "%d", i)] = '-';
	pad[sizeof(pad) - 1] = '\0';
	rec_set_str(st, "pad", pad);
	if (pin == 1)
		store_pin(st);
	store_end(st);
}

/* Every entry of st's spilled records, in order (the caller frees it). */
static struct spilled *
spilled_all(const struct store *st, size_t *n)
{
	struct spilled *v = malloc((store_nspilled(st) + 1) * sizeof(*v));
	struct spilled_iter it;
	store_spilled_begin(st, &it, 0);
	*n = 0;
	for (const struct spilled *e; (e = store_spilled_next(&it)) != NULL;)
		v[(*n)++] = *e;
	store_spilled_end(&it);
	return v;
}

/* A policy that reads one extra, "detail", and keeps "error" records:
 * what it saw of each record, by its place in the reading order. */
struct seen_policy {
	int nextra[64];
	int had_corr[64], had_ip[64], had_user[64];
};

static int
keep_errors(void *ud, const struct store *st, const struct record *r, uint32_t *about)
{
	struct seen_policy *p = ud;
	if (r->seq < 64) {
		p->nextra[r->seq] = (int)r->nextra;
		p->had_corr[r->seq] = r->field[F_CORRELATION_ID] != 0;
		p->had_ip[r->seq] = r->field[F_IP] != 0;
		p->had_user[r->seq] = r->field[F_USER] != 0;
	}
	*about = 0;
	return strcmp(store_str(st, r->kind), "error") == 0;
}

/* Equal texts, neither of them missing. */
static int
same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int
reads_detail(void *ud, const struct store *st, uint32_t key)
{
	(void)ud;
	return strcmp(store_str(st, key), "detail") == 0;
}

/* A record that may be spilled is given to the policy with what it reads
 * (the common fields but the correlation id and the address, the extras
 * it names); the rest is interned only if it stays, and a record that
 * goes is written whole from what it was given. */
static void
test_spill_reads(void)
{
	struct store *st = store_new();
	struct seen_policy pol = {0};
	int fd = store_spill_open();
	CHECK(fd >= 0);
	store_spill_start(st, fd, 4, keep_errors, &pol);
	store_spill_reads(st, reads_detail);
	char v[64];
	for (int i = 0; i < 40; i++) {
		store_begin(st, 0, i % 4 == 3 ? "error" : "routine");
		rec_set_time(st, 1795000000000LL + i);
		rec_set_line(st, (uint64_t)i + 1);
		rec_set_pointer(st, "#/value/x");
		rec_set_str(st, "user", "first@x.com");
		snprintf(v, sizeof(v), "pad %d", i);
		rec_set_str(st, "pad", v);
		rec_set_str(st, "user", "ana@x.com");	/* the last one counts */
		snprintf(v, sizeof(v), "corr %d", i);
		rec_set_str(st, "correlation_id", v);
		rec_set_str(st, "ip", "10.0.0.1");
		rec_set_str(st, "detail", i % 2 ? "odd" : "even");
		snprintf(v, sizeof(v), "id %d", i);
		rec_set_str(st, "id", v);
		store_end(st);
	}
	store_spill_stop(st);
	/* the first four kept whatever they are: the policy saw them whole */
	CHECK_INT(pol.nextra[0], 3);
	CHECK_INT(pol.had_corr[2], 1);
	/* then only what it reads */
	int partial = 1;
	for (int i = 4; i < 40; i++)
		partial &= pol.nextra[i] == 1 && !pol.had_corr[i] && !pol.had_ip[i] &&
			   pol.had_user[i];
	CHECK(partial);
	/* the errors stay, whole, their extras in the order set */
	CHECK_INT(store_count(st), 4 + 9);
	int whole = 1;
	for (size_t k = 4; k < store_count(st); k++) {
		const struct record *r = store_get(st, k);
		int i = (int)(r->time - 1795000000000LL);
		struct extras kv = rec_extras(st, r);
		snprintf(v, sizeof(v), "pad %d", i);
		whole &= i % 4 == 3 && r->nextra == 3 && same(store_str(st, kv.value[0]), v);
		whole &= same(store_str(st, kv.key[1]), "detail") &&
			 same(store_str(st, kv.value[1]), "odd");
		snprintf(v, sizeof(v), "id %d", i);
		whole &= same(rec_get(st, r, "id"), v);
		snprintf(v, sizeof(v), "corr %d", i);
		whole &= same(store_str(st, r->field[F_CORRELATION_ID]), v);
		whole &= same(rec_get(st, r, "ip"), "10.0.0.1") &&
			 same(store_str(st, r->field[F_USER]), "ana@x.com") &&
			 same(ptr_of(st, r), "#/value/x");
	}
	CHECK(whole);
	/* the others went whole, and none of their own strings stayed */
	size_t n;
	struct spilled *sp = spilled_all(st, &n);
	CHECK_INT(n, 27);
	int went = 1;
	for (size_t k = 0; k < n; k++) {
		const struct record *r = store_peek(st, &sp[k]);
		int i = (int)(r->time - 1795000000000LL);
		snprintf(v, sizeof(v), "corr %d", i);
		went &= sp[k].corr == store_hash64(v, strlen(v));
		went &= same(store_str(st, r->field[F_CORRELATION_ID]), v);
		snprintf(v, sizeof(v), "pad %d", i);
		went &= r->nextra == 3 && sp[k].nextra == 3 && same(rec_get(st, r, "pad"), v);
		went &= same(store_str(st, r->field[F_USER]), "ana@x.com") &&
			 same(rec_get(st, r, "ip"), "10.0.0.1") &&
			 same(ptr_of(st, r), "#/value/x") &&
			 same(rec_get(st, r, "detail"), i % 2 ? "odd" : "even");
		store_peek_end(st);
		snprintf(v, sizeof(v), "id %d", i);
		went &= store_lookup(st, v) == 0;
	}
	CHECK(went);
	free(sp);
	store_free(st);
}

/* A pointer that ends in an array index keeps the index as a number
 * (one string for a page of records); any other, whole. */
static void
test_pointer_index(void)
{
	static const struct {
		const char *in, *prefix;
		uint32_t pindex;
	} cases[] = {
		{"#/value/0", "#/value/", 1},
		{"#/value/41", "#/value/", 42},
		{"#page2/value/7", "#page2/value/", 8},
		{"#/3", "#/", 4},
		{"#/value/999999999", "#/value/", 1000000000},
		{"#/value/1234567890", "#/value/1234567890", 0},	/* ten digits */
		{"#/value/007", "#/value/007", 0},			/* leading zero */
		{"#/value/x", "#/value/x", 0},
		{"#/log/entries/1/request", "#/log/entries/1/request", 0},
		{"/5", "/5", 0},
		{"12", "12", 0},
		{"#/value/", "#/value/", 0},
	};
	size_t n = sizeof(cases) / sizeof(cases[0]);
	struct store *st = store_new();
	for (size_t i = 0; i < n; i++) {
		store_begin(st, 0, "k");
		rec_set_pointer(st, "#/first/1");	/* the last one set counts */
		rec_set_pointer(st, cases[i].in);
		store_end(st);
	}
	int right = 1;
	char small[8];
	for (size_t i = 0; i < n; i++) {
		const struct record *r = store_get(st, i);
		right &= same(ptr_of(st, r), cases[i].in) && r->pindex == cases[i].pindex &&
			 same(store_str(st, r->pointer), cases[i].prefix);
		/* cut to fit, the length of the whole told */
		size_t len = strlen(cases[i].in);
		right &= rec_pointer(st, r, small, sizeof(small)) == len &&
			 strncmp(small, cases[i].in, sizeof(small) - 1) == 0 &&
			 strlen(small) == (len < sizeof(small) ? len : sizeof(small) - 1);
	}
	CHECK(right);
	/* a record at the place of another: the same pointer, the same line */
	store_begin(st, 0, "derived");
	rec_set_place(st, store_get(st, 2));
	store_end(st);
	const struct record *d = store_get(st, n);
	CHECK_STR(ptr_of(st, d), "#page2/value/7");
	CHECK_INT(d->pointer, store_get(st, 2)->pointer);
	/* none: "" */
	store_begin(st, 0, "k");
	rec_set_line(st, 9);
	store_end(st);
	CHECK_INT(rec_pointer(st, store_get(st, n + 1), small, sizeof(small)), 0);
	CHECK_STR(small, "");
	store_begin(st, 0, "derived");
	rec_set_place(st, store_get(st, n + 1));
	store_end(st);
	CHECK_INT(store_get(st, n + 2)->line, 9);
	CHECK_INT(store_get(st, n + 2)->pointer, 0);
	store_free(st);
}

/* A policy keeping the records of kind "keep". */
static int
keep_kind(void *ud, const struct store *st, const struct record *r, uint32_t *about)
{
	(void)ud;
	*about = 0;
	return strcmp(store_str(st, r->kind), "keep") == 0;
}

/* Record i of test_key_lists: the keys a..d of the bits of i % 16, in
 * that order, or the other way round when i / 16 is odd; the values name
 * the key and the record. */
static void
key_list_set(struct store *st, int i)
{
	static const char *const names[] = {"a", "b", "c", "d"};
	char v[32];
	for (int j = 0; j < 4; j++) {
		int b = (i / 16) % 2 ? 3 - j : j;
		if (i % 16 & 1 << b) {
			snprintf(v, sizeof(v), "%s%d", names[b], i);
			rec_set_str(st, names[b], v);
		}
	}
}

static int
key_list_right(const struct store *st, const struct record *r, int i)
{
	static const char *const names[] = {"a", "b", "c", "d"};
	struct extras x = rec_extras(st, r);
	char v[32];
	uint32_t k = 0;
	int ok = 1;
	for (int j = 0; j < 4; j++) {
		int b = (i / 16) % 2 ? 3 - j : j;
		if (i % 16 & 1 << b) {
			snprintf(v, sizeof(v), "%s%d", names[b], i);
			ok &= k < r->nextra && same(store_str(st, x.key[k]), names[b]) &&
			      same(store_str(st, x.value[k]), v);
			k++;
		}
	}
	return ok && k == r->nextra;
}

/* The extras' keys: one list for the records with the same keys in the
 * same order; a list only a record given back had goes with it. */
static void
test_key_lists(void)
{
	struct store *st = store_new();
	for (int i = 0; i < 64; i++) {
		store_begin(st, 0, "k");
		key_list_set(st, i);
		store_end(st);
	}
	/* 15 subsets, those of two keys or more (11) twice */
	CHECK_INT(store_nkeylists(st), 26);
	int right = 1, shared = 1;
	for (int i = 0; i < 64; i++) {
		const struct record *r = store_get(st, (size_t)i);
		right &= key_list_right(st, r, i);
		int bits = __builtin_popcount((unsigned)(i % 16));
		for (int o = 0; bits && o < i; o++) {
			const struct record *q = store_get(st, (size_t)o);
			int one = o % 16 == i % 16 && ((o / 16) % 2 == (i / 16) % 2 || bits == 1);
			shared &= (rec_extras(st, q).key == rec_extras(st, r).key) == one;
		}
	}
	CHECK(right);
	CHECK(shared);
	/* a field set twice: the list of the first time */
	store_begin(st, 0, "k");
	rec_set_str(st, "b", "1");
	rec_set_str(st, "a", "2");
	rec_set_str(st, "b", "3");
	store_end(st);
	const struct record *r = store_get(st, 64);
	CHECK_INT(r->nextra, 3);
	CHECK_INT(store_nkeylists(st), 27);
	CHECK(same(rec_get(st, r, "b"), "1"));
	store_free(st);

	/* records of keys never seen before, spilled: their lists go; seen
	 * again (peeked, brought back) they come back right */
	st = store_new();
	int fd = store_spill_open();
	CHECK(fd >= 0);
	store_spill_start(st, fd, 1, keep_kind, NULL);
	char k[32], v[32];
	for (int i = 0; i < 300; i++) {
		store_begin(st, 0, i % 3 ? "go" : "keep");
		rec_set_time(st, 1795000000000LL + i);
		rec_set_str(st, "user", "ana@x.com");
		snprintf(v, sizeof(v), "#/value/%d", i);
		rec_set_pointer(st, v);
		for (int j = 0; j < 2; j++) {
			snprintf(k, sizeof(k), "k%d.%d", i, j);
			snprintf(v, sizeof(v), "v%d", i);
			rec_set_str(st, k, v);
		}
		store_end(st);
	}
	store_spill_stop(st);
	/* kept: the 100 of kind "keep", and the first "go" (its kind new) */
	CHECK_INT(store_count(st), 101);
	CHECK_INT(store_nkeylists(st), 101);
	size_t n;
	struct spilled *sp = spilled_all(st, &n);
	CHECK_INT(n, 199);
	int peeked = 1;
	for (size_t e = 0; e < n; e++) {
		r = store_peek(st, &sp[e]);
		int i = (int)(r->time - 1795000000000LL);
		struct extras x = rec_extras(st, r);
		snprintf(k, sizeof(k), "k%d.1", i);
		snprintf(v, sizeof(v), "v%d", i);
		peeked &= r->nextra == 2 && same(store_str(st, x.key[1]), k) &&
			  same(store_str(st, x.value[1]), v);
		snprintf(v, sizeof(v), "#/value/%d", i);
		peeked &= same(ptr_of(st, r), v);
		store_peek_end(st);
		peeked &= store_nkeylists(st) == 101;
	}
	CHECK(peeked);
	size_t which[3] = {0, 7, 198};
	CHECK_INT(store_unspill(st, which, 3, NULL), 0);
	CHECK_INT(store_count(st), 104);
	CHECK_INT(store_nkeylists(st), 104);
	int back = 1;
	for (size_t i = 0; i < store_count(st); i++) {
		r = store_get(st, i);
		int t = (int)(r->time - 1795000000000LL);
		snprintf(k, sizeof(k), "k%d.0", t);
		snprintf(v, sizeof(v), "v%d", t);
		back &= same(rec_get(st, r, k), v) && r->nextra == 2;
		snprintf(v, sizeof(v), "#/value/%d", t);
		back &= same(ptr_of(st, r), v) && r->pindex == (uint32_t)t + 1;
	}
	CHECK(back);
	free(sp);
	store_free(st);
}

/* Records read in a spill test: enough for the index of the records
 * spilled to go out to the file in several blocks. */
#define SPILL_N 20000

static void
test_spill(void)
{
	/* the same records with and without spilling */
	struct store *all = store_new(), *st = store_new();
	int asked = 0;
	int fd = store_spill_open();
	CHECK(fd >= 0);
	uint32_t before = 0;
	store_spill_start(st, fd, 10, keep_unless_routine, &asked);
	for (int i = 0; i < SPILL_N; i++) {
		spill_emit(all, i, 0);
		spill_emit(st, i, i == 2000 ? 1 : i == 2501 ? 2 : 0);
		if (i == 9)
			before = store_first_new(st);
	}
	/* a routine record with so many new strings that the table grows
	 * while it is open: when it goes, every older string is still found
	 * (a slot emptied where a chain ran through it would lose some) */
	store_begin(st, 0, "routine");
	rec_set_str(st, "user", "ana@contoso.com");
	for (int i = 0; i < 5000; i++) {
		char v[32];
		snprintf(v, sizeof(v), "many %d", i);
		rec_set_str(st, "detail", v);
	}
	store_end(st);
	int older = 1;
	for (size_t i = 0; i < store_count(st); i++) {
		const struct record *r = store_get(st, i);
		older &= store_lookup(st, store_str(st, r->field[F_CORRELATION_ID])) ==
			 r->field[F_CORRELATION_ID];
		older &= store_lookup(st, rec_get(st, r, "detail")) != 0;
	}
	CHECK(older);
	CHECK_INT(store_lookup(st, "many 17"), 0);
	store_spill_stop(st);
	CHECK_INT(asked, SPILL_N + 1);
	CHECK_INT(store_read_count(st), SPILL_N + 1);
	size_t n;
	struct spilled *sp = spilled_all(st, &n);
	/* the first ten kept; then every "routine" but the one pinned */
	size_t routine = 0;
	for (int i = 10; i < SPILL_N; i++)
		routine += i % 3 != 0 && i != 2000 && i != 2501;
	CHECK_INT(n, routine + 1);
	CHECK_INT(store_nspilled(st), routine + 1);
	CHECK(n > 3 * 4096);	/* blocks of the index in the file, and one not */
	CHECK_INT(store_count(st), SPILL_N - routine);
	/* each entry where its record is: one after the other in the file,
	 * with the index's blocks between them */
	int places = 1, gaps = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		places &= sp[i].len > 0 && sp[i + 1].off >= sp[i].off + sp[i].len;
		gaps += sp[i + 1].off != sp[i].off + sp[i].len;
		places &= sp[i + 1].seq > sp[i].seq;
	}
	CHECK(places);
	CHECK_INT(gaps, (long long)((n - 1) / 4096));
	/* each spilled record read back on its own (timeline): the same as
	 * the record kept in the other store, and what it took given back */
	size_t count_before = store_count(st);
	int peeked = 1;
	for (size_t i = 0; i + 1 < n; i += 97) {
		const struct record *a = store_peek(st, &sp[i]);
		const struct record *b = store_get(all, sp[i].seq);
		peeked &= a->seq == sp[i].seq && a->time == b->time && a->line == b->line &&
			  a->nextra == b->nextra && store_count(st) == count_before;
		peeked &= strcmp(rec_get(st, a, "pad"), rec_get(all, b, "pad")) == 0;
		peeked &= strcmp(store_str(st, a->field[F_CORRELATION_ID]),
				 store_str(all, b->field[F_CORRELATION_ID])) == 0;
		store_peek_end(st);
		/* its own strings went again */
		peeked &= store_lookup(st, rec_get(all, b, "pad")) == 0;
	}
	CHECK(peeked);
	/* a pass from the middle, across a block's end */
	struct spilled_iter it;
	store_spilled_begin(st, &it, 4090);
	int from = 1;
	for (size_t i = 4090; i < 4100; i++) {
		const struct spilled *e = store_spilled_next(&it);
		from &= e != NULL && e->seq == sp[i].seq && e->off == sp[i].off;
	}
	store_spilled_end(&it);
	CHECK(from);
	/* their own strings went with them, the table still finds the rest */
	CHECK_INT(store_lookup(st, "corr-11-0123456789a"), 0);
	CHECK_INT(store_lookup(st, "value 11"), 0);
	CHECK(store_lookup(st, "value 12") != 0);
	CHECK(store_lookup(st, "corr-2000-0123456789abcdefghijkl") != 0);	/* pinned */
	CHECK(store_lookup(st, "corr-2501-0123456789abcdefg") != 0);	/* before begun */
	int found = 1;
	for (size_t i = 0; i < store_count(st); i++) {
		const struct record *r = store_get(st, i);
		const char *c = store_str(st, r->field[F_CORRELATION_ID]);
		found &= store_lookup(st, c) == r->field[F_CORRELATION_ID];
	}
	CHECK(found);
	CHECK(store_first_new(st) >= before);
	/* what recovery reads of a spilled record */
	CHECK_INT(sp[0].seq, 10);
	CHECK_INT(sp[0].input, 0);
	CHECK_INT(sp[0].time, 1795000000010LL);
	CHECK_STR(store_str(st, sp[0].user), "ana@contoso.com");
	CHECK_STR(store_str(st, sp[0].app), "Salesforce");
	CHECK_INT(sp[0].corr, store_hash64("corr-10-0123456789", 18));
	CHECK_INT(sp[1].seq, 11);
	CHECK_INT(sp[4].seq, 16);
	CHECK_INT(sp[4].app, 0);	/* it had none */
	/* the inputs renumbered (swapped): the entries read back say so;
	 * renumbered again (swapped back), both maps apply in turn */
	uint32_t swap[2] = {1, 0};
	store_renumber_inputs(st, swap, 2);
	struct spilled *swapped = spilled_all(st, &n);
	int renumbered = 1;
	for (size_t i = 0; i < n; i++)
		renumbered &= sp[i].input == sp[i].seq % 2 && swapped[i].seq == sp[i].seq &&
			      swapped[i].input == 1 - sp[i].input;
	CHECK(renumbered);
	free(swapped);
	store_renumber_inputs(st, swap, 2);
	swapped = spilled_all(st, &n);
	renumbered = 1;
	for (size_t i = 0; i < n; i++)
		renumbered &= swapped[i].input == sp[i].input;
	CHECK(renumbered);
	free(swapped);
	/* all back, in order of input and then of reading, each the same */
	n--;	/* not the big one */
	size_t *which = malloc(n * sizeof(*which));
	for (size_t i = 0; i < n; i++)
		which[i] = n - 1 - i;
	uint32_t *moved;
	/* the store's order is now that of the inputs, and of reading in
	 * each */
	uint32_t seq_of_5 = store_get(st, 5)->seq;
	CHECK_INT(store_unspill(st, which, n, &moved), 0);
	CHECK_INT(store_count(st), SPILL_N);
	CHECK_INT(store_get(st, moved[5])->seq, seq_of_5);
	int same = 1;
	for (size_t i = 0; i < SPILL_N; i++) {
		const struct record *a = store_get(st, i);
		/* what the store without spilling has at i (its order: the
		 * inputs in the order read, so the even ones first) */
		size_t j = i < SPILL_N / 2 ? 2 * i : 2 * (i - SPILL_N / 2) + 1;
		const struct record *b = store_get(all, j);
		same &= a->seq == j && a->input == b->input && a->time == b->time &&
			a->line == b->line && a->nextra == b->nextra;
		same &= strcmp(store_str(st, a->kind), store_str(all, b->kind)) == 0;
		for (int f = 0; f < F_COUNT; f++)
			same &= strcmp(store_str(st, a->field[f]), store_str(all, b->field[f])) == 0;
		same &= rec_get(st, a, "detail") && strcmp(rec_get(st, a, "detail"),
							   rec_get(all, b, "detail")) == 0;
		same &= strcmp(rec_get(st, a, "pad"), rec_get(all, b, "pad")) == 0;
		const char *f1 = rec_get(st, a, "fresh key"), *f2 = rec_get(all, b, "fresh key");
		same &= (f1 == NULL) == (f2 == NULL) && (f1 == NULL || strcmp(f1, f2) == 0);
	}
	CHECK(same);
	free(moved);
	free(which);
	/* the records the model adds go again */
	store_begin(st, 0, "model.x");
	store_end(st);
	store_truncate(st, SPILL_N);
	CHECK_INT(store_count(st), SPILL_N);
	free(sp);
	store_free(st);

	/* a file that cannot be written: spilling stops, nothing is lost */
	st = store_new();
	asked = 0;
	store_spill_start(st, open("/dev/null", O_RDONLY), 0, keep_unless_routine, &asked);
	for (int i = 0; i < 40000; i++)
		spill_emit(st, i, 0);
	store_spill_stop(st);
	n = store_nspilled(st);
	CHECK(n > 0);
	CHECK(n < 26666);	/* it stopped when the first write failed */
	CHECK_INT(store_read_count(st), 40000);
	which = malloc(n * sizeof(*which));
	for (size_t i = 0; i < n; i++)
		which[i] = i;
	CHECK_INT(store_unspill(st, which, n, NULL), 0);
	CHECK_INT(store_count(st), 40000);
	/* never renumbered: in the order read */
	CHECK_STR(rec_get(st, store_get(st, 19999), "detail"), "value 19999");
	CHECK_STR(rec_get(st, store_get(st, 39999), "detail"), "value 39999");
	free(which);
	store_free(st);
	store_free(all);
}

static void
test_jsonmem(void)
{
	/* a tree from an arena; a member added from the heap is freed by
	 * cJSON_Delete (a leak here fails under ASan and valgrind) */
	struct json_arena *a = json_arena_new();
	CHECK(json_arena_top(a) == NULL);
	json_arena_use(a);
	cJSON *o = cJSON_Parse("{\"user\":\"alice@contoso.com\",\"n\":[1,2,3]}");
	json_arena_use(NULL);
	CHECK(o != NULL);
	/* the tree lies below the top: where it is asked for ahead */
	uintptr_t top = (uintptr_t)json_arena_top(a);
	CHECK(top > (uintptr_t)o && top - (uintptr_t)o < 4096);
	CHECK(top > (uintptr_t)o->child->valuestring);
	json_arena_use(a);
	cJSON *later = cJSON_CreateString("later");
	json_arena_use(NULL);
	CHECK((uintptr_t)later >= top && (uintptr_t)json_arena_top(a) > (uintptr_t)later);
	cJSON_Delete(later);
	size_t one = json_arena_size(a);
	CHECK(one > 0);
	cJSON_AddItemToObject(o, "heap", cJSON_CreateString("from the heap"));
	CHECK_STR(cJSON_GetObjectItem(o, "user")->valuestring, "alice@contoso.com");
	CHECK_STR(cJSON_GetObjectItem(o, "heap")->valuestring, "from the heap");
	cJSON_Delete(o);
	json_arena_reset(a);
	CHECK_INT(json_arena_size(a), one);	/* its chunk kept for the next */
	/* a record longer than a chunk gets one of its own, given back on reset */
	struct buf big;
	buf_init(&big, 4u << 20);
	buf_add(&big, "[", 1);
	for (int i = 0; i < 100000; i++)
		buf_add(&big, i ? ",\"abcdefgh\"" : "\"abcdefgh\"", i ? 11 : 10);
	buf_add(&big, "]", 1);
	json_arena_use(a);
	o = cJSON_Parse(big.data);
	json_arena_use(NULL);
	CHECK_INT(cJSON_GetArraySize(o), 100000);
	CHECK(json_arena_size(a) > (2u << 20));
	cJSON_Delete(o);
	json_arena_reset(a);
	CHECK(json_arena_size(a) <= (4u << 20));
	buf_free(&big);
	json_arena_free(a);

	/* what decoding a record says, before the parser sees it */
	struct json_prep p;
	json_prepare("{\"a\":\"x\\u0000y\",\"b\":1,\"b\":2,\"c\":{\"d\":1,\"d\":2}}", 47, &p);
	CHECK(p.item != NULL);
	CHECK_INT(p.nul, 1);
	CHECK_INT(p.duplicates, 2);
	CHECK_STR(p.first_duplicate, "b");
	CHECK_INT(cJSON_GetObjectItem(p.item, "b")->valueint, 2);
	CHECK_STR(cJSON_GetObjectItem(p.item, "a")->valuestring, "x\xef\xbf\xbdy");
	json_prep_free(&p);
	json_prepare("{\"a\":[1,2}", 10, &p);
	CHECK(p.item == NULL);
	CHECK_INT(p.fail_at, 9);
	json_prep_free(&p);
}

/* jpipe: what take() and skip() were given, in order */
struct jtake {
	struct buf seen;
	uint64_t stop_at;	/* stop after this many records (0: never) */
	uint64_t n;
};

static int
jtake(void *ud, const struct jrecord *r, struct json_prep *p)
{
	struct jtake *t = ud;
	char line[96];
	const cJSON *v = p->item ? cJSON_GetObjectItem(p->item, "i") : NULL;
	snprintf(line, sizeof(line), "r %s %llu %d %zu %llu|", r->pointer, (unsigned long long)r->line,
		 v ? v->valueint : -1, p->nul, (unsigned long long)p->duplicates);
	buf_add(&t->seen, line, strlen(line));
	json_prep_free(p);
	return t->stop_at && ++t->n == t->stop_at;
}

static void
jtake_skip(void *ud, uint64_t first, uint64_t line, uint64_t column, const char *message)
{
	struct jtake *t = ud;
	char text[320];
	snprintf(text, sizeof(text), "s %llu %llu %llu %s|", (unsigned long long)first,
		 (unsigned long long)line, (unsigned long long)column, message);
	buf_add(&t->seen, text, strlen(text));
}

/* Run data through jpipe (jobs 1: jpipe_serial), what it handed over in
 * *seen (the caller frees), its result in *res. */
static void
jpipe(const char *data, unsigned jobs, uint64_t stop_at, struct buf *seen,
      struct jscan_result *res)
{
	static const char *const paths[] = {"/value", NULL};
	struct stream s;
	struct mem_source m;
	stream_init_mem(&s, &m, data, strlen(data));
	struct text t;
	text_init(&t, &s, 1 << 20);
	struct jtake jt = {.stop_at = stop_at};
	buf_init(&jt.seen, SIZE_MAX / 2);
	if (jobs == 1)
		jpipe_serial(&t, paths, 1 << 20, jtake, jtake_skip, &jt, res);
	else
		jpipe_run(&t, paths, 1 << 20, jobs, jtake, jtake_skip, &jt, res);
	text_free(&t);
	stream_free(&s);
	*seen = jt.seen;
}

/* Numbers as text: integers written digit by digit must read as "%lld"
 * and "%.15g" write them. */
/* json_index_member answers as json_member does, on objects of every
 * size around the smallest indexed, with names that differ only in case,
 * names given twice and names no member has. */
static void
test_json_index(void)
{
	static const char *const names[] = {
		"userId", "UserId", "USERID", "appId", "AppID", "status", "Status", "ip",
		"correlationId", "createdDateTime", "a", "A", "b", "zz", "userid",
	};
	size_t nn = sizeof(names) / sizeof(names[0]);
	struct json_index ix = {0};
	uint64_t seed = 42;
	int same = 1, through = 0, folded = 0;
	for (int round = 0; round < 400; round++) {
		cJSON *o = cJSON_CreateObject();
		int n = round % 40;
		for (int i = 0; i < n; i++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			/* a member name given twice stays twice: the first wins */
			cJSON_AddItemToObject(o, names[(seed >> 33) % nn], cJSON_CreateNumber(i));
		}
		if (round % 7 == 0)
			cJSON_AddItemToArray(o, cJSON_CreateString("no name"));
		json_index_build(&ix, o);
		through += ix.obj == o;
		const char *asks[] = {"userId", "USERID", "appid", "Status", "IP", "a", "B",
				      "zz", "nothere", "correlationid", ""};
		for (size_t k = 0; k < sizeof(asks) / sizeof(asks[0]); k++) {
			const cJSON *want = json_member(o, asks[k]);
			const cJSON *got = json_index_member(&ix, o, asks[k]);
			same &= want == got;
			folded += want && strcmp(want->string, asks[k]) != 0;
		}
		/* another object is searched as it is */
		cJSON *other = cJSON_CreateObject();
		cJSON_AddStringToObject(other, "userId", "x");
		same &= json_index_member(&ix, other, "userid") == other->child;
		same &= json_index_member(NULL, o, "a") == json_member(o, "a");
		cJSON_Delete(other);
		cJSON_Delete(o);
	}
	json_index_free(&ix);
	CHECK(same);
	CHECK(through > 250);	/* most were large enough to be indexed */
	CHECK(folded > 100);	/* and the case-folded answers were asked */

	cJSON *o = cJSON_Parse("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,"
			       "\"h\":8,\"i\":9,\"j\":10,\"k\":11,\"Name\":\"late\","
			       "\"NAME\":\"\",\"name\":\"exact\",\"num\":12.5}");
	json_index_build(&ix, o);
	CHECK(ix.obj == o);
	char buf[64];
	CHECK_STR(json_index_str(&ix, o, "name"), "exact");
	CHECK_STR(json_index_str(&ix, o, "nAme"), "late");
	CHECK_STR(json_index_text(&ix, o, "NUM", buf, sizeof(buf)), "12.5");
	CHECK(json_index_str(&ix, o, "num") == NULL);
	CHECK(json_index_text(&ix, o, "NAME", buf, sizeof(buf)) == NULL);
	json_index_free(&ix);
	cJSON_Delete(o);
}

static void
test_scalar_text(void)
{
	static const char *const nums[] = {
		"0", "-0", "7", "-1", "50126", "-50126", "8999999999999999", "-8999999999999999",
		"9000000000000000", "1.5", "-0.25", "1e300", "123456789012345678", "3.0", NULL,
	};
	int good = 0, n = 0;
	for (size_t i = 0; nums[i]; i++, n++) {
		cJSON *v = cJSON_Parse(nums[i]);
		char buf[64], small[8], want[64];
		double d = v->valuedouble;
		if (d > -9e15 && d < 9e15 && d == (double)(long long)d)
			snprintf(want, sizeof(want), "%lld", (long long)d);
		else
			snprintf(want, sizeof(want), "%.15g", d);
		const char *got = json_scalar_text(v, buf, sizeof(buf));
		const char *cut = json_scalar_text(v, small, sizeof(small));
		good += strcmp(got, want) == 0 && strncmp(cut, want, sizeof(small) - 1) == 0;
		cJSON_Delete(v);
	}
	CHECK_INT(good, n);
	/* decimals written without snprintf: the same text on short decimals
	 * of every size, on either side of the limits, and on doubles of
	 * every kind */
	{
		unsigned long long x = 88172645463325252ull;
		int agree = 0, runs = 300000;
		for (int i = 0; i < runs; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			double d;
			switch (i % 4) {
			case 0: {
				static const double pow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
				d = (double)(x % 2000000000ull) / pow10[(x >> 40) % 9];
				break;
			}
			case 1:
				d = (double)(x % 100000ull) / 1e9 + 9.999e-5;	/* about 1e-4 */
				break;
			case 2:
				d = 999999999.0 + (double)(x % 1000ull) / 997.0;	/* about 1e9 */
				break;
			default:
				memcpy(&d, &x, sizeof(d));	/* any double */
				if (d != d)
					d = 0.5;
				break;
			}
			if (x & 1)
				d = -d;
			cJSON *num = cJSON_CreateNumber(d);
			char got[64], want[64];
			double dv = num->valuedouble;
			if (dv > -9e15 && dv < 9e15 && dv == (double)(long long)dv)
				snprintf(want, sizeof(want), "%lld", (long long)dv);
			else
				snprintf(want, sizeof(want), "%.15g", dv);
			agree += strcmp(json_scalar_text(num, got, sizeof(got)), want) == 0;
			cJSON_Delete(num);
		}
		CHECK_INT(agree, runs);
		cJSON *lat = cJSON_Parse("[47.6062, -122.3321, 0.0001, 0.25, 123456.000001]");
		char b1[64];
		CHECK_STR(json_scalar_text(cJSON_GetArrayItem(lat, 0), b1, sizeof(b1)), "47.6062");
		CHECK_STR(json_scalar_text(cJSON_GetArrayItem(lat, 1), b1, sizeof(b1)), "-122.3321");
		CHECK_STR(json_scalar_text(cJSON_GetArrayItem(lat, 2), b1, sizeof(b1)), "0.0001");
		CHECK_STR(json_scalar_text(cJSON_GetArrayItem(lat, 3), b1, sizeof(b1)), "0.25");
		CHECK_STR(json_scalar_text(cJSON_GetArrayItem(lat, 4), b1, sizeof(b1)), "123456.000001");
		cJSON_Delete(lat);
	}
	char buf[64];
	cJSON *v = cJSON_Parse("-50126");
	CHECK_STR(json_scalar_text(v, buf, sizeof(buf)), "-50126");
	cJSON_Delete(v);
}

static void
test_jsonpipe(void)
{
	/* NDJSON with lines skipped, \u0000 and keys twice; then a page whose
	 * record array ends in an error: thousands of records, many batches */
	struct buf in;
	buf_init(&in, SIZE_MAX / 2);
	char rec[128];
	for (int i = 0; i < 3000; i++) {
		if (i % 101 == 50)
			snprintf(rec, sizeof(rec), "{\"i\": %d, \"bad\": ]}\n", i);
		else if (i % 53 == 1)
			snprintf(rec, sizeof(rec), "{\"i\": %d, \"s\": \"a\\u0000b\", \"i\": %d}\n", i, i);
		else
			snprintf(rec, sizeof(rec), "{\"i\": %d, \"user\": \"u%d@contoso.com\"}\n", i, i % 13);
		buf_add(&in, rec, strlen(rec));
	}
	buf_add(&in, "{\"value\": [{\"i\": 1}, {\"i\": 2}, {\"i\": ]}\n", 41);
	struct buf one, many;
	struct jscan_result r1, rn;
	jpipe(in.data, 1, 0, &one, &r1);
	CHECK_INT(r1.records, 3000 - 30 + 2);
	CHECK_INT(r1.skipped, 30);
	CHECK(r1.error);
	/* pointer, line, "i", \u0000 kept, keys twice */
	CHECK(strncmp(one.data, "r  1 0 0 0|r  2 1 1 1|r  3 2 0 0|", 33) == 0);
	CHECK(strstr(one.data, "|s 51 51 ") != NULL);	/* the line of i=50 */
	CHECK(strstr(one.data, "|r  52 51 0 0|") != NULL);	/* and the line after it read */
	CHECK(strstr(one.data, "|r #page3001/value/1 3001 2 0 0|") != NULL);
	for (unsigned jobs = 2; jobs <= 5; jobs++) {
		jpipe(in.data, jobs, 0, &many, &rn);
		CHECK_STR(many.data, one.data);
		CHECK_INT(rn.records, r1.records);
		CHECK_INT(rn.skipped, r1.skipped);
		CHECK_INT(rn.error, r1.error);
		CHECK_STR(rn.message, r1.message);
		CHECK_INT(rn.line, r1.line);
		buf_free(&many);
	}
	buf_free(&one);
	/* take() stops at record 1000: nothing after it is handed over, and
	 * the error further on is not reported, as with one thread */
	jpipe(in.data, 1, 1000, &one, &r1);
	CHECK(r1.stopped);
	CHECK(!r1.error);
	CHECK_INT(r1.records, 1000);
	for (unsigned jobs = 2; jobs <= 4; jobs++) {
		jpipe(in.data, jobs, 1000, &many, &rn);
		CHECK_STR(many.data, one.data);
		CHECK_INT(rn.records, 1000);
		CHECK(rn.stopped);
		CHECK(!rn.error);
		CHECK_INT(rn.skipped, r1.skipped);
		buf_free(&many);
	}
	buf_free(&one);
	buf_free(&in);
}

static void
test_sniff(void)
{
	static const struct {
		const char *file;
		const char *format;
	} v[] = {
		{"addin-client.synthetic.log", "addin.client_log"},
		{"addin-runtime.synthetic.log", "addin.runtime_log"},
		{"entra-audit-graph.synthetic.json", "entra.audit.graph"},
		{"entra-signins-diag.synthetic.ndjson", "entra.signin.ndjson"},
		{"entra-signins-graph.synthetic.json", "entra.signin.graph"},
		{"outlook-web.synthetic.har", "har"},
		{"purview-ual.synthetic.csv", "m365.audit.csv"},
		{"sf-connectedapp.synthetic.connectedApp-meta.xml", "sf.connected_app"},
		{"sf-elf-login.synthetic.csv", "sf.elf.csv"},
		{"sf-loginhistory.synthetic.csv", "sf.login_history.csv"},
		{"sf-package.synthetic.xml", "sf.package"},
		{"sf-profile.synthetic.profile-meta.xml", "sf.profile"},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *rel = xasprintf("testdata/samples/%s", v[i].file);
		size_t len;
		char *data = slurp(rel, &len);
		struct sniff s;
		sniff_build(&s, v[i].file, (const unsigned char *)data,
			    len < SNIFF_BYTES ? len : SNIFF_BYTES, len <= SNIFF_BYTES);
		const char *fmt = NULL;
		const struct parser *p = sniff_choose(&s, &fmt, NULL);
		CHECK(p != NULL);
		CHECK_STR(fmt, v[i].format);
		sniff_free(&s);
		free(data);
		free(rel);
	}
	/* content decides, not the name */
	struct sniff s;
	const char *x = "<Package xmlns=\"http://soap.sforce.com/2006/04/metadata\"><version>62.0</version></Package>";
	sniff_build(&s, "notes.txt", (const unsigned char *)x, strlen(x), 1);
	const char *fmt = NULL;
	CHECK(sniff_choose(&s, &fmt, NULL) == parser_by_name("salesforce-metadata"));
	CHECK_STR(fmt, "sf.package");
	sniff_free(&s);
	const char *y = "{\"some\":1,\"other\":[2]}";
	sniff_build(&s, "signins.json", (const unsigned char *)y, strlen(y), 1);
	/* no specific parser: the general reader, by content, whatever the name */
	CHECK(sniff_choose(&s, &fmt, NULL) == parser_by_name("generic"));
	CHECK_STR(fmt, "generic.json");
	char *d = sniff_describe(&s);
	CHECK_STR(d, "JSON object with keys some, other");
	free(d);
	sniff_free(&s);
	const char *z = "<root xmlns=\"urn:x\"/>";
	sniff_build(&s, "a.xml", (const unsigned char *)z, strlen(z), 1);
	d = sniff_describe(&s);
	CHECK_STR(d, "XML, root <root> in urn:x");
	free(d);
	sniff_free(&s);
	/* a comment and a DOCTYPE with an internal subset before the root */
	const char *dt = "<?xml version=\"1.0\"?>\n<!-- retrieved by sf -->\n"
			 "<!DOCTYPE x [ <!ENTITY e \"a>b\"> <!-- > --> ]>\n"
			 "<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\"><custom>true</custom></Profile>";
	sniff_build(&s, "x.profile", (const unsigned char *)dt, strlen(dt), 1);
	CHECK_STR(s.xml_root, "Profile");
	CHECK(sniff_choose(&s, &fmt, NULL) == parser_by_name("salesforce-metadata"));
	CHECK_STR(fmt, "sf.profile");
	sniff_free(&s);
	const char *csvh = "Alpha,Beta,Gamma\n1,2,3\n";
	sniff_build(&s, "a.csv", (const unsigned char *)csvh, strlen(csvh), 1);
	d = sniff_describe(&s);
	CHECK_STR(d, "delimited text, first line: Alpha,Beta,Gamma");
	free(d);
	sniff_free(&s);
	const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13};
	sniff_build(&s, "x.png", png, sizeof(png), 1);
	d = sniff_describe(&s);
	CHECK_STR(d, "binary: PNG image");
	free(d);
	sniff_free(&s);
	CHECK_STR(sniff_archive((const unsigned char *)"PK\3\4", 4), "zip");
	CHECK(sniff_archive((const unsigned char *)"PK\1\2", 4) == NULL);
}

static int64_t
tp(const char *s, enum date_order o, const char *tz, int *flags)
{
	int64_t ms;
	int f = 0;
	if (time_parse(s, o, tz, &ms, &f) < 0)
		return -1;
	if (flags)
		*flags = f;
	return ms;
}

static void
test_time(void)
{
	/* 2026-11-24T09:14:03Z */
	const int64_t T = 1795511643000LL;
	int f;
	char out[40];
	time_format(T, out, sizeof(out));
	CHECK_STR(out, "2026-11-24T09:14:03.000Z");
	time_format(-1, out, sizeof(out));
	CHECK_STR(out, "1969-12-31T23:59:59.999Z");
	CHECK_INT(tp("2026-11-24T09:14:03Z", DATE_MDY, NULL, &f), T);
	CHECK_INT(f, TIME_HAD_ZONE);
	CHECK_INT(tp("2026-11-24T09:14:03.1234567Z", DATE_MDY, NULL, NULL), T + 123);
	CHECK_INT(tp("2026-11-24T10:14:03+01:00", DATE_MDY, NULL, NULL), T);
	CHECK_INT(tp("2026-11-24T09:14:03.000+0000", DATE_MDY, NULL, NULL), T);
	CHECK_INT(tp("2026-11-24 04:14:03-05", DATE_MDY, NULL, NULL), T);
	CHECK_INT(tp("2026-11-24T09:14:03", DATE_MDY, NULL, &f), T);
	CHECK_INT(f, 0);
	CHECK_INT(tp("11/24/2026 9:14:03 AM", DATE_MDY, NULL, NULL), T);
	CHECK_INT(tp("11/24/2026 1:14:03 AM PST", DATE_MDY, NULL, &f), T);
	CHECK_INT(f, TIME_HAD_ZONE);
	CHECK_INT(tp("11/24/2026, 9:14:03.250 AM", DATE_MDY, NULL, NULL), T + 250);
	CHECK_INT(tp("11/24/2026 9:14:03 PM", DATE_MDY, NULL, NULL), T + 12 * 3600000LL);
	CHECK_INT(tp("11/24/2026 12:14:03 AM", DATE_MDY, NULL, NULL), T - 9 * 3600000LL);
	CHECK_INT(tp("24/11/2026 09:14:03", DATE_DMY, NULL, NULL), T);
	CHECK_INT(tp("24.11.2026 10:14:03", DATE_DMY, "+01:00", NULL), T);
	CHECK_INT(tp("20261124091403.000", DATE_MDY, NULL, NULL), T);
	CHECK_INT(tp("20261124091403.5", DATE_MDY, NULL, NULL), T + 500);
	/* zone-less local time in an IANA zone (Berlin is UTC+1 in November) */
	CHECK_INT(tp("2026-11-24T10:14:03", DATE_MDY, "Europe/Berlin", NULL), T);
	CHECK_INT(tp("2026-07-01T12:00:00", DATE_MDY, "Europe/Berlin", NULL),
		  tp("2026-07-01T10:00:00Z", DATE_MDY, NULL, NULL));
	CHECK(tp("24/11/2026 09:14:03", DATE_MDY, NULL, NULL) == -1);
	CHECK(tp("2026-02-30T00:00:00Z", DATE_MDY, NULL, NULL) == -1);
	CHECK(tp("11/24/2026 13:00:00 PM", DATE_MDY, NULL, NULL) == -1);
	CHECK(tp("2026-11-24T09:14:03Q", DATE_MDY, NULL, NULL) == -1);
	CHECK(tp("yesterday", DATE_MDY, NULL, NULL) == -1);
	CHECK(tp("", DATE_MDY, NULL, NULL) == -1);
	CHECK(tz_check("Europe/Berlin") == 0);
	CHECK(tz_check("+05:30") == 0);
	CHECK(tz_check("../../etc/passwd") == -1);
	CHECK(tz_check("Mars/Base") == -1);
}

static void
test_salesforce(void)
{
	CHECK_STR(sf_status_key("Success"), "success");
	CHECK_STR(sf_status_key("Failed: Not approved for access"), "not_approved");
	CHECK_STR(sf_status_key("user is not admin approved to access this app"), "not_approved");
	CHECK_STR(sf_status_key("Failed: OAuth approval error"), "approval_error");
	CHECK_STR(sf_status_key("Invalid Password"), "invalid_password");
	CHECK_STR(sf_status_key("Password Lockout"), "lockout");
	CHECK_STR(sf_status_key("User is Inactive"), "inactive");
	CHECK_STR(sf_status_key("User Is Frozen"), "frozen");
	CHECK_STR(sf_status_key("Restricted IP"), "restricted_ip");
	CHECK_STR(sf_status_key("Failed: IP Address Not Allowed"), "restricted_ip");
	CHECK_STR(sf_status_key("Invalid - Login Hours"), "login_hours");
	CHECK_STR(sf_status_key("Failed: Computer activation required"), "verification");
	CHECK_STR(sf_status_key("Failed: API security token required"), "api_token");
	CHECK_STR(sf_status_key("No Salesforce.com Access"), "no_access");
	CHECK_STR(sf_status_key("Failed: Invalid Timestamp"), "saml");
	CHECK_STR(sf_status_key("LOGIN_ERROR_USER_FROZEN"), "frozen");
	CHECK_STR(sf_status_key("login_error_restricted_time"), "login_hours");
	CHECK_STR(sf_status_key("LOGIN_NO_ERROR"), "success");
	CHECK_STR(sf_status_key("LOGIN_SAML_AUDIENCE_INVALID"), "saml");
	CHECK_STR(sf_status_key("Failed: Something new"), "failed");
	CHECK_STR(sf_status_key("Pending"), "other");
	CHECK(sf_status_key("  ") == NULL);
	char id[32];
	CHECK_STR(sf_id18("0055g00000F1bOb", id, sizeof(id)), "0055g00000F1bObAAJ");
	CHECK_STR(sf_id18("00D5j000000VI3n", id, sizeof(id)), "00D5j000000VI3nEAG");
	CHECK_STR(sf_id18("0055g00000F1bObAAJ", id, sizeof(id)), "0055g00000F1bObAAJ");
	CHECK_STR(sf_id18("not-an-id-12345", id, sizeof(id)), "not-an-id-12345");
	CHECK_STR(sf_bool("TRUE"), "true");
	CHECK_STR(sf_bool("0"), "false");
	CHECK(sf_bool("maybe") == NULL);
}

/* 24 bytes, as the model's asks: sorted by key, then time, then rec. */
struct sort_item {
	uint64_t key;
	int64_t time;
	uint32_t gap, rec;
};

static int
cmp_sort_item(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return (x->rec > y->rec) - (x->rec < y->rec);
}

static int
cmp_byte(const void *a, const void *b)
{
	return *(const unsigned char *)a - *(const unsigned char *)b;
}

/* sort_in_place: what qsort gives, for every size up to a few hundred
 * and for many equal keys; one element and none left alone. */
static void
test_sort_in_place(void)
{
	uint32_t seed = 11;
	int same_order = 1, bytes_sorted = 1;
	for (size_t n = 0; n < 300; n += n < 20 ? 1 : 37) {
		struct sort_item *a = malloc((n + 1) * sizeof(*a)), *b = malloc((n + 1) * sizeof(*b));
		unsigned char *c = malloc(n + 1);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			a[i] = (struct sort_item){seed >> 28, (int64_t)(seed >> 20) % 7 - 3, seed,
						  (uint32_t)i};
			c[i] = (unsigned char)(seed >> 24);
		}
		memcpy(b, a, n * sizeof(*a));
		qsort(b, n, sizeof(*b), cmp_sort_item);
		sort_in_place(a, n, sizeof(*a), cmp_sort_item);
		same_order &= n == 0 || memcmp(a, b, n * sizeof(*a)) == 0;
		sort_in_place(c, n, 1, cmp_byte);
		for (size_t i = 1; i < n; i++)
			bytes_sorted &= c[i - 1] <= c[i];
		free(a);
		free(b);
		free(c);
	}
	CHECK(same_order);
	CHECK(bytes_sorted);
	/* large: random, sorted, the other way round, all equal, two values */
	enum { BIG = 20000 };
	struct sort_item *a = malloc(BIG * sizeof(*a)), *b = malloc(BIG * sizeof(*b));
	int big_same = 1;
	for (int shape = 0; shape < 7; shape++) {
		for (uint32_t i = 0; i < BIG; i++) {
			seed = seed * 1103515245u + 12345u;
			uint64_t key = shape == 0 ? seed >> 8 : shape == 1 ? i : shape == 2 ? BIG - i
				     : shape == 3 ? 7 : seed >> 31;
			a[i] = (struct sort_item){key, 0, seed, shape == 3 ? 0 : i};
		}
		memcpy(b, a, BIG * sizeof(*a));
		qsort(b, BIG, sizeof(*b), cmp_sort_item);
		/* the last two: heapsort alone, and after three splits */
		if (shape < 5)
			sort_in_place(a, BIG, sizeof(*a), cmp_sort_item);
		else
			sort_in_place_depth(a, BIG, sizeof(*a), cmp_sort_item, shape == 5 ? 0 : 3);
		for (size_t i = 0; i < BIG; i++)
			big_same &= cmp_sort_item(&a[i], &b[i]) == 0;
	}
	CHECK(big_same);
	free(a);
	free(b);
}

static void
test_util(void)
{
	/* case-insensitive search: what strncasecmp at every place finds */
	const char *hay = "AADSTS50105: Access DENIED for this user";
	CHECK(mem_find_ci(hay, strlen(hay), "access denied") == hay + 13);
	CHECK(mem_find_ci(hay, strlen(hay), "USER") == hay + strlen(hay) - 4);
	CHECK(mem_find_ci(hay, strlen(hay), "") == hay);
	CHECK(mem_find_ci(hay, 4, "aadsts") == NULL);
	CHECK(mem_find_ci(hay, strlen(hay), "users") == NULL);
	CHECK(mem_find_ci("a\0b", 3, "B") != NULL);
	{
		/* against the plain way over bytes of every kind, [ and { included
		 * (they differ from Z and z only by a bit) */
		static const char alphabet[] = "aAbB[{@`zZ\xc3\xa4\xc3\x84";
		char h[24], w[4];
		unsigned seed = 7;
		int agree = 0, runs = 20000;
		for (int i = 0; i < runs; i++) {
			size_t hn = (seed = seed * 1103515245u + 12345u) >> 16 & 15;
			size_t wn = 1 + ((seed = seed * 1103515245u + 12345u) >> 16 & 2);
			for (size_t k = 0; k < hn; k++)
				h[k] = alphabet[((seed = seed * 1103515245u + 12345u) >> 16) % 14];
			for (size_t k = 0; k < wn; k++)
				w[k] = alphabet[((seed = seed * 1103515245u + 12345u) >> 16) % 14];
			h[hn] = '\0';
			w[wn] = '\0';
			const char *want = NULL;
			for (size_t k = 0; k + wn <= hn && !want; k++)
				if (strncasecmp(h + k, w, wn) == 0)
					want = h + k;
			agree += mem_find_ci(h, hn, w) == want;
		}
		CHECK_INT(agree, runs);
	}

	uint64_t v;
	CHECK(parse_size("64M", &v) == 0 && v == 64ULL << 20);
	CHECK(parse_size("16GiB", &v) == 0 && v == 16ULL << 30);
	CHECK(parse_size("1000", &v) == 0 && v == 1000);
	CHECK(parse_size("12Q", &v) < 0);
	CHECK(parse_size("", &v) < 0);
	CHECK(parse_size("99999999999999999999T", &v) < 0);
	CHECK(parse_uint("8", 64, &v) == 0 && v == 8);
	CHECK(parse_uint("65", 64, &v) < 0);
	CHECK(parse_uint("-1", 64, &v) < 0);
	struct buf b;
	buf_init(&b, 4);
	CHECK(buf_adds(&b, "abcd") == 0);
	CHECK(buf_addc(&b, 'e') < 0);
	CHECK_STR(b.data, "abcd");
	buf_free(&b);
}

/* What a complaint is about and what language it is in; whether a
 * record's fields say something failed. */
static void
test_prose(void)
{
#define CLS(s) complaint_class(s, strlen(s))
	CHECK_STR(CLS("The Salesforce button is gone from Outlook since Monday"), "addin_missing");
	CHECK_STR(CLS("Desde hoje o botão do Copilot for Sales não aparece mais"), "addin_missing");
	CHECK_STR(CLS("Seit heute ist das Add-In verschwunden."), "addin_missing");
	CHECK_STR(CLS("L\xe2\x80\x99ic\xc3\xb4ne a disparu ce matin"), "addin_missing");
	CHECK_STR(CLS("still no Copilot for Sales icon in Outlook"), "addin_missing");
	CHECK_STR(CLS("I don\xe2\x80\x99t have it"), "addin_missing");
	/* the thing and the words in different sentences say nothing */
	CHECK(CLS("The button works. Something else is missing from the report.") == NULL);
	CHECK(CLS("Sign-in fails with AADSTS50105") == NULL);
#undef CLS
#define LANG(s) text_language(s, strlen(s))
	CHECK_STR(LANG("Desde hoje de manhã o botão não aparece mais no Outlook, e ontem ainda "
		       "funcionava com a minha conta"), "Portuguese");
	CHECK_STR(LANG("Seit heute Mittag kann ich Salesforce in Outlook nicht mehr öffnen, es "
		       "kommt nur eine Fehlermeldung und ich bin auch nicht allein"), "German");
	CHECK_STR(LANG("Ce matin Salesforce m'affiche dans les paramètres une erreur, je ne peux "
		       "pas me connecter depuis hier"), "French");
	CHECK_STR(LANG("Since this morning the add-in is not loading and I still have the error "
		       "that was there yesterday"), "English");
	CHECK(LANG("AADSTS50105 0x80070005") == NULL);
#undef LANG
	struct roles rs;
	roles_init(&rs);
	roles_offer(&rs, "licenseAssignmentStates.error", "None", 4);
	roles_offer(&rs, "createdDateTime", "2025-03-03T07:30:00Z", 20);
	CHECK_INT(roles_error(&rs), 0);	/* "error": "None" is no error */
	roles_offer(&rs, "provisioningStatusInfo.status", "failure", 7);
	CHECK_INT(roles_error(&rs), 1);
	roles_init(&rs);
	roles_offer(&rs, "LastError", "Error from token exchange: The connection is disabled", 53);
	CHECK_INT(roles_error(&rs), 1);
	roles_init(&rs);
	roles_offer(&rs, "message", "retry scheduled", 15);
	roles_offer(&rs, "level", "info", 4);
	CHECK_INT(roles_error(&rs), 0);
	roles_init(&rs);
	roles_offer(&rs, "message", "sign-in failed: AADSTS50076", 27);
	CHECK_INT(roles_error(&rs), 1);
}

/* SHA-256 against the FIPS 180-4 examples, fed whole and byte by byte. */
static void
test_sha256(void)
{
	static const struct {
		const char *msg, *hex;
	} v[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct sha256 c;
		char out[65];
		sha256_init(&c);
		sha256_update(&c, v[i].msg, strlen(v[i].msg));
		sha256_hex(&c, out);
		CHECK_STR(out, v[i].hex);
		sha256_init(&c);
		for (const char *p = v[i].msg; *p; p++)
			sha256_update(&c, p, 1);
		sha256_hex(&c, out);
		CHECK_STR(out, v[i].hex);
	}
	/* a million 'a': many blocks, and a file */
	struct sha256 c;
	char out[65], a[1000];
	memset(a, 'a', sizeof(a));
	sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		sha256_update(&c, a, sizeof(a));
	sha256_hex(&c, out);
	CHECK_STR(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	char path[] = "/tmp/triage-sha-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd >= 0) {
		CHECK(write(fd, "abc", 3) == 3);
		close(fd);
		uint64_t size = 0;
		CHECK(sha256_file(path, out, &size) == 0);
		CHECK_STR(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		CHECK(size == 3);
		unlink(path);
	}
	CHECK(sha256_file("/nonexistent/triage", out, NULL) < 0);
}

int
main(void)
{
	const char *env = getenv("top_srcdir");
	if (env && *env)
		srcdir = env;
	test_encodings();
	test_line_limit();
	test_csv();
	test_jsonscan();
	test_huge_record();
	test_store();
	test_spill();
	test_spill_reads();
	test_key_lists();
	test_pointer_index();
	test_jsonmem();
	test_jsonpipe();
	test_scalar_text();
	test_json_index();
	test_sniff();
	test_util();
	test_sort_in_place();
	test_time();
	test_salesforce();
	test_prose();
	test_sha256();
	printf("%d passed, %d failed\n", unit_pass, unit_fail);
	return unit_fail ? 1 : 0;
}
