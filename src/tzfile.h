/*
 * tzfile.h - the rules of an IANA time zone, read once from its TZif file
 * in /usr/share/zoneinfo (RFC 8536: the transitions, then the POSIX TZ
 * string of its footer for the times after the last one) and kept for the
 * run, so converting a time never touches the TZ variable or the C
 * library's zone state and may run on any thread.
 *
 * Ownership: the zones belong to the cache for the life of the process.
 */
#ifndef TRIAGE_TZFILE_H
#define TRIAGE_TZFILE_H

#include <stddef.h>
#include <stdint.h>

struct tzrules;

/* The rules of zone name ("Europe/Berlin"), loaded on first use; NULL
 * when there is no such zone file or it is not valid TZif. */
const struct tzrules *tzrules_get(const char *name);

/* Seconds east of UTC at UTC instant secs. */
int tzrules_offset_at(const struct tzrules *z, int64_t secs);

/* Seconds east of UTC of local wall time `local` (seconds, as if UTC):
 * where the wall time is there twice (clocks turned back), the earlier
 * instant's; where it is not there at all (clocks turned forward), the
 * offset before the change, as mktime does. */
int tzrules_offset_local(const struct tzrules *z, int64_t local);

/* Parse TZif bytes (for tests and the fuzz harness); NULL when invalid.
 * The caller frees with tzrules_free. */
struct tzrules *tzrules_parse(const unsigned char *data, size_t n);
void tzrules_free(struct tzrules *z);

#endif
