/* unit.h - a small test harness: CHECK macros that count and report. */
#ifndef TRIAGE_UNIT_H
#define TRIAGE_UNIT_H

#include <stdio.h>
#include <string.h>

extern int unit_pass, unit_fail;

#define CHECK(cond) do { \
	if (cond) unit_pass++; \
	else { unit_fail++; fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	if (a_ && b_ && strcmp(a_, b_) == 0) unit_pass++; \
	else { unit_fail++; fprintf(stderr, "%s:%d: FAIL: %s == \"%s\", got \"%s\"\n", \
		__FILE__, __LINE__, #a, b_ ? b_ : "(null)", a_ ? a_ : "(null)"); } \
} while (0)

#define CHECK_INT(a, b) do { \
	long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ == b_) unit_pass++; \
	else { unit_fail++; fprintf(stderr, "%s:%d: FAIL: %s == %lld, got %lld\n", \
		__FILE__, __LINE__, #a, b_, a_); } \
} while (0)

#endif
