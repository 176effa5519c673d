/*
 * util.h - allocation wrappers, bounded buffers, small string helpers;
 * and the rules of memory that every file follows.
 *
 * Ownership, once for all:
 *   - Whoever allocates a thing owns it until it hands it over in so many
 *     words; a struct owns what its pointers point to unless the field's
 *     comment says "borrowed" (or the header says the struct borrows).
 *     Each owning struct has one function that frees it all (*_free), and
 *     *_free(NULL) does nothing.
 *   - A function that returns a pointer says whether the caller owns it
 *     ("the caller frees", a char * from x*printf, *_steal) or borrows it
 *     (valid until a named call: store strings until store_free, a record
 *     text until the callback returns, a cJSON tree from an arena until
 *     json_arena_reset).  A borrowed pointer is never freed or kept.
 *   - A function that takes a string copies it if it keeps it (the store
 *     interns, input_warn copies its message); it never keeps the
 *     caller's pointer.
 *   - Nothing is shared between threads but what jsonpipe.c hands over
 *     under its lock: a batch belongs to one thread at a time.
 *
 * The x* allocators never return NULL: out of memory ends the program
 * with a message (exit 70).  A struct buf owns its bytes; buf_free()
 * releases them.  Every buf is created with a maximum size: growing past
 * it fails (returns -1) instead of allocating whatever the input asked for.
 *
 * Arrays grow by doubling, in one of two forms of the same rule: GROW
 * when the array keeps its capacity, GROW_BY_COUNT when the count alone
 * says it (the capacity is the count rounded up to a power of two, at
 * least 4); never one element at a time.
 */
#ifndef TRIAGE_UTIL_H
#define TRIAGE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define T_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define T_NORETURN __attribute__((noreturn))
#else
#define T_PRINTF(a, b)
#define T_NORETURN
#endif

extern const char *progname;

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) T_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) T_PRINTF(1, 0);

void fatal(const char *fmt, ...) T_PRINTF(1, 2) T_NORETURN;

/* Fault injection, in a build configured with --enable-faults (T_FAULTS;
 * tests/faults.sh): TRIAGE_FAULT=alloc:N, read:N or write:N makes the Nth
 * allocation (the x* allocators, and through them cJSON's and libxml2's),
 * the Nth read of an input (a file's read(2) or an archive entry's) or the
 * Nth write of an output file (-o, --redact-map) fail; TRIAGE_FAULT=count
 * says at exit how many of each the run made.  Elsewhere fault_hit() is
 * the constant 0. */
enum fault_kind { FAULT_ALLOC, FAULT_READ, FAULT_WRITE };
#ifdef T_FAULTS
int fault_hit(enum fault_kind k);
/* TRIAGE_FAULT is set: the run reads on one thread (--jobs 1). */
int fault_active(void);
#else
#define fault_hit(k) 0
#define fault_active() 0
#endif

/* Room for element n of array p of cap elements: doubles cap when full. */
#define GROW(p, n, cap) \
	do { \
		if ((n) >= (cap)) { \
			(cap) = (cap) ? (cap) * 2 : 16; \
			(p) = xreallocarray((p), (cap), sizeof(*(p))); \
		} \
	} while (0)

/* Room for element n of array p, an array that only ever grows this way
 * from NULL and 0 (or is freed and set back to them): its capacity is
 * implied by n, so the struct needs no field for it. */
#define GROW_BY_COUNT(p, n) \
	do { \
		if (grow_due((size_t)(n))) \
			(p) = xreallocarray((p), grow_size((size_t)(n)), sizeof(*(p))); \
	} while (0)

/* Is an array of n elements, grown by GROW_BY_COUNT, full; and how many
 * it is to hold then. */
static inline int
grow_due(size_t n)
{
	return n == 0 || (n >= 4 && (n & (n - 1)) == 0);
}

static inline size_t
grow_size(size_t n)
{
	return n ? 2 * n : 4;
}

/* A 64-bit finaliser (MurmurHash3's): every bit of x moves every bit of
 * the result, for hash tables keyed by numbers. */
static inline uint64_t
mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdu;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53u;
	x ^= x >> 33;
	return x;
}

/* A growable byte buffer with a hard cap.  Always NUL-terminated. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

void buf_init(struct buf *b, size_t max);
/* Append the n bytes of s and a NUL to the bytes at *p (*used of *cap,
 * grown by doubling from first); returns the offset they start at.  For
 * texts kept one after the other and found again by offset. */
size_t bytes_put_str(char **p, size_t *used, size_t *cap, size_t first, const char *s, size_t n);
/* Sort n elements of size bytes at base in place (introsort: quicksort,
 * heapsort where it splits badly): unlike qsort(), which may copy the
 * whole array first, it takes no memory; for large arrays sorted at the
 * peak.  The order of elements cmp finds equal is not kept. */
void sort_in_place(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
/* The same, splitting at most depth times before heapsort takes a range
 * over (sort_in_place: twice the log of n); for the tests. */
void sort_in_place_depth(void *base, size_t n, size_t size,
			 int (*cmp)(const void *, const void *), unsigned depth);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
int buf_add(struct buf *b, const void *p, size_t n);   /* -1 if over max */
int buf_addc(struct buf *b, char c);
int buf_adds(struct buf *b, const char *s);
/* The UTF-8 encoding of code point cp (up to U+10FFFF) appended to b. */
int buf_add_utf8(struct buf *b, uint32_t cp);

/* Base64 (the standard or the URL alphabet) in s[0, n) decoded into out,
 * at most cap bytes, up to the first '='.  White space is skipped; any
 * other character outside the alphabet is skipped too, or, with strict,
 * makes it return -1.  Returns the bytes written. */
long base64_decode(const char *s, size_t n, char *out, size_t cap, int strict);
int buf_printf(struct buf *b, const char *fmt, ...) T_PRINTF(2, 3);
char *buf_steal(struct buf *b);                       /* caller frees */

/* Parse a size such as "64M", "16GiB", "1000"; 0 on success. */
int parse_size(const char *s, uint64_t *out);
/* Parse a non-negative integer; 0 on success. */
int parse_uint(const char *s, uint64_t max, uint64_t *out);
/* "12.3 MiB" style; writes into out (at least 32 bytes). */
void format_size(uint64_t n, char *out, size_t outlen);

int str_has_suffix_ci(const char *s, const char *suffix);
int str_starts_with_ci(const char *s, const char *prefix);
/* b := s with every run of white space (line ends included) made one
 * space, and none at either end. */
void fold_spaces(struct buf *b, const char *s);
/* Is s[0, n) only white space? */
int text_blank(const char *s, size_t n);
/* Is s (n bytes) one of the words of the NULL-terminated list, compared
 * without case? */
int word_in_list(const char *const *list, const char *s, size_t n);
/* Does s (n bytes) start with word, compared without case? */
int mem_starts_ci(const char *s, size_t n, const char *word);
/* The longest prefix of s (n bytes) no longer than max that ends on a
 * UTF-8 character boundary. */
size_t utf8_cut(const char *s, size_t n, size_t max);
/* The length of the valid UTF-8 sequence at p (NUL-terminated), or 0 when
 * p starts no valid sequence (a stray byte, an overlong form, a
 * surrogate). */
size_t utf8_valid_seq(const unsigned char *p);
/* FNV-1a, 64 bits: the hash of the small string tables. */
uint64_t fnv1a64(const char *s, size_t n);
/* Are the n bytes of s all decimal digits (and n > 0)? */
int all_digits(const char *s, size_t n);
/* A log message after the "[session=...] [user=...]" context fields
 * client logs put before it. */
const char *skip_context_fields(const char *s);
/* Case-insensitive search for needle in the first n bytes of hay. */
const char *mem_find_ci(const char *hay, size_t n, const char *needle);
/* Is addr a mailbox no person reads (noreply@, do-not-reply@,
 * mailer-daemon@, postmaster@, bounce...@)? */
int robot_address(const char *addr);

#endif
