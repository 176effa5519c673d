/* util.c - allocation wrappers, bounded buffers, small string helpers. */
#include "config.h"

#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *progname = "triage";

static void T_NORETURN
oom(size_t n)
{
	fprintf(stderr, "%s: out of memory (asked for %zu bytes)\n", progname, n);
	exit(70);
}

#ifdef T_FAULTS
/* counted from every thread; a run with a fault asked for reads on one
 * (fault_active), so the Nth is the same in every run */
static unsigned long fault_at[3], fault_seen[3];
static int fault_on;
static pthread_once_t fault_once = PTHREAD_ONCE_INIT;

static void
fault_count(void)
{
	fprintf(stderr, "%s: faults: %lu alloc, %lu read, %lu write\n", progname,
		fault_seen[FAULT_ALLOC], fault_seen[FAULT_READ], fault_seen[FAULT_WRITE]);
}

static void
fault_init(void)
{
	const char *e = getenv("TRIAGE_FAULT");
	static const char *const names[] = {"alloc:", "read:", "write:"};
	fault_on = e != NULL;
	for (int i = 0; e && i < 3; i++)
		if (strncmp(e, names[i], strlen(names[i])) == 0)
			fault_at[i] = strtoul(e + strlen(names[i]), NULL, 10);
	if (e && strcmp(e, "count") == 0)
		atexit(fault_count);
}

int
fault_hit(enum fault_kind k)
{
	pthread_once(&fault_once, fault_init);
	unsigned long n = __atomic_add_fetch(&fault_seen[k], 1, __ATOMIC_RELAXED);
	return fault_at[k] != 0 && n == fault_at[k];
}

int
fault_active(void)
{
	pthread_once(&fault_once, fault_init);
	return fault_on;
}
#endif

void *
xmalloc(size_t n)
{
	void *p = fault_hit(FAULT_ALLOC) ? NULL : malloc(n ? n : 1);
	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = fault_hit(FAULT_ALLOC) ? NULL : calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		oom(n * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = fault_hit(FAULT_ALLOC) ? NULL : realloc(p, n ? n : 1);
	if (q == NULL)
		oom(n);
	return q;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		fatal("bad format string");
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void
fatal(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(70);
}

static void
swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
	for (; size >= 8; a += 8, b += 8, size -= 8) {
		uint64_t x, y;
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(a, &y, 8);
		memcpy(b, &x, 8);
	}
	while (size--) {
		unsigned char t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

typedef int (*sort_cmp)(const void *, const void *);

/* Sift element i of the heap of n down to its place. */
static void
sift_down(unsigned char *v, size_t i, size_t n, size_t size, sort_cmp cmp)
{
	for (;;) {
		size_t big = i, l = 2 * i + 1, r = l + 1;
		if (l < n && cmp(v + l * size, v + big * size) > 0)
			big = l;
		if (r < n && cmp(v + r * size, v + big * size) > 0)
			big = r;
		if (big == i)
			return;
		swap_bytes(v + i * size, v + big * size, size);
		i = big;
	}
}

static void
heap_sort(unsigned char *v, size_t n, size_t size, sort_cmp cmp)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(v, i, n, size, cmp);
	for (size_t end = n - 1; end > 0; end--) {
		swap_bytes(v, v + end * size, size);
		sift_down(v, 0, end, size, cmp);
	}
}

/* Quicksort (median of three, the smaller side first), heapsort for a
 * range that has been split too often, insertion sort for short ones. */
static void
intro_sort(unsigned char *v, size_t n, size_t size, sort_cmp cmp, unsigned depth)
{
	while (n > 16) {
		if (depth-- == 0) {
			heap_sort(v, n, size, cmp);
			return;
		}
		unsigned char *a = v, *b = v + n / 2 * size, *c = v + (n - 1) * size;
		if (cmp(b, a) < 0)
			swap_bytes(a, b, size);
		if (cmp(c, b) < 0) {
			swap_bytes(b, c, size);
			if (cmp(b, a) < 0)
				swap_bytes(a, b, size);
		}
		/* the pivot first; elements equal to it stop both scans, so
		 * many equal keys still split in halves */
		swap_bytes(v, b, size);
		size_t i = 0, j = n;
		for (;;) {
			do
				i++;
			while (i < n && cmp(v + i * size, v) < 0);
			do
				j--;
			while (cmp(v + j * size, v) > 0);
			if (i >= j)
				break;
			swap_bytes(v + i * size, v + j * size, size);
		}
		swap_bytes(v, v + j * size, size);
		if (j < n - j - 1) {
			intro_sort(v, j, size, cmp, depth);
			v += (j + 1) * size;
			n -= j + 1;
		} else {
			intro_sort(v + (j + 1) * size, n - j - 1, size, cmp, depth);
			n = j;
		}
	}
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && cmp(v + (k - 1) * size, v + k * size) > 0; k--)
			swap_bytes(v + (k - 1) * size, v + k * size, size);
}

void
sort_in_place_depth(void *base, size_t n, size_t size, sort_cmp cmp, unsigned depth)
{
	if (n >= 2)
		intro_sort(base, n, size, cmp, depth);
}

void
sort_in_place(void *base, size_t n, size_t size, sort_cmp cmp)
{
	unsigned depth = 0;
	for (size_t k = n; k > 1; k >>= 1)
		depth += 2;
	sort_in_place_depth(base, n, size, cmp, depth);
}

size_t
bytes_put_str(char **p, size_t *used, size_t *cap, size_t first, const char *s, size_t n)
{
	if (*cap - *used <= n) {
		size_t want = *cap ? *cap : first;
		while (want - *used <= n)
			want *= 2;
		*p = xrealloc(*p, want);
		*cap = want;
	}
	size_t at = *used;
	memcpy(*p + at, s, n);
	(*p)[at + n] = '\0';
	*used += n + 1;
	return at;
}

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static int
buf_grow(struct buf *b, size_t need)
{
	if (need > b->max || need == SIZE_MAX)
		return -1;
	if (need + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need + 1)
		cap = cap > SIZE_MAX / 2 ? need + 1 : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	return 0;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n > SIZE_MAX - b->len - 1 || buf_grow(b, b->len + n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_add_utf8(struct buf *b, uint32_t cp)
{
	char o[4];
	size_t n;
	if (cp < 0x80) {
		o[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		o[0] = (char)(0xF0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return buf_add(b, o, n);
}

static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

long
base64_decode(const char *s, size_t n, char *out, size_t cap, int strict)
{
	unsigned acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < n && o < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '=')
			break;
		int v = b64val(c);
		if (v < 0) {
			if (strict && c != ' ' && c != '\n' && c != '\r' && c != '\t')
				return -1;
			continue;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xFF);
		}
	}
	return (long)o;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	int r = buf_adds(b, s);
	free(s);
	return r;
}

char *
buf_steal(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	buf_init(b, b->max);
	return p;
}

int
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

int
parse_size(const char *s, uint64_t *out)
{
	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	uint64_t mult = 1;
	switch (toupper((unsigned char)*end)) {
	case '\0': break;
	case 'K': mult = 1ULL << 10; end++; break;
	case 'M': mult = 1ULL << 20; end++; break;
	case 'G': mult = 1ULL << 30; end++; break;
	case 'T': mult = 1ULL << 40; end++; break;
	default: return -1;
	}
	if (mult > 1) {
		if (strcasecmp(end, "iB") == 0 || strcasecmp(end, "B") == 0)
			end += strlen(end);
	} else if (strcasecmp(end, "B") == 0) {
		end++;
	}
	if (*end != '\0' || v > UINT64_MAX / mult)
		return -1;
	*out = v * mult;
	return 0;
}

void
format_size(uint64_t n, char *out, size_t outlen)
{
	static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	if (n < 1024) {
		snprintf(out, outlen, "%llu B", (unsigned long long)n);
		return;
	}
	double v = (double)n;
	int u = 0;
	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(out, outlen, "%.1f %s", v, units[u]);
}

int
str_has_suffix_ci(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

int
str_starts_with_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* ASCII case folding, as strncasecmp does it in the C locale. */
static inline unsigned char
fold(unsigned char c)
{
	return (unsigned char)(c - 'A') < 26u ? (unsigned char)(c | 0x20) : c;
}

const char *
mem_find_ci(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	if (m == 0)
		return hay;
	if (m > n)
		return NULL;
	/* where the first letter is, then the rest: the rules ask this of
	 * every value of every record, and most places differ at once */
	const unsigned char *h = (const unsigned char *)hay, *w = (const unsigned char *)needle;
	unsigned char first = fold(w[0]);
	for (size_t i = 0; i + m <= n; i++) {
		if (fold(h[i]) != first)
			continue;
		size_t k = 1;
		while (k < m && fold(h[i + k]) == fold(w[k]))
			k++;
		if (k == m)
			return hay + i;
	}
	return NULL;
}

int
mem_starts_ci(const char *s, size_t n, const char *word)
{
	for (size_t i = 0; word[i]; i++)
		if (i >= n || tolower((unsigned char)s[i]) != tolower((unsigned char)word[i]))
			return 0;
	return 1;
}

size_t
utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

int
word_in_list(const char *const *list, const char *s, size_t n)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncasecmp(list[i], s, n) == 0)
			return 1;
	return 0;
}

int
text_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

void
fold_spaces(struct buf *b, const char *s)
{
	buf_reset(b);
	int gap = 0;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			gap = b->len > 0;
			continue;
		}
		if (gap)
			(void)buf_addc(b, ' ');
		gap = 0;
		(void)buf_addc(b, *s);
	}
}

int
robot_address(const char *addr)
{
	static const char *const locals[] = {
		"noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply",
		"mailer-daemon", "postmaster", NULL,
	};
	const char *at = addr ? strchr(addr, '@') : NULL;
	if (at == NULL)
		return 0;
	size_t n = (size_t)(at - addr);
	if (n >= 6 && strncasecmp(addr, "bounce", 6) == 0)
		return 1;
	for (size_t i = 0; locals[i]; i++)
		if (strlen(locals[i]) == n && strncasecmp(addr, locals[i], n) == 0)
			return 1;
	return 0;
}

size_t
utf8_valid_seq(const unsigned char *p)
{
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	size_t n;
	uint32_t min, cp;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, min = 0x80, cp = c & 0x1fu;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, min = 0x800, cp = c & 0x0fu;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, min = 0x10000, cp = c & 0x07u;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;	/* also stops at the NUL */
		cp = (cp << 6) | (p[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

uint64_t
fnv1a64(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

int
all_digits(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

const char *
skip_context_fields(const char *s)
{
	for (;;) {
		while (*s == ' ')
			s++;
		const char *close = *s == '[' ? strchr(s, ']') : NULL;
		if (close == NULL || memchr(s, '=', (size_t)(close - s)) == NULL || close - s > 120)
			return s;
		s = close + 1;
	}
}
