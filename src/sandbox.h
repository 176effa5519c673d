/*
 * sandbox.h - what triage gives up before it reads a byte of a bundle
 * (doc/security.md).  Once the inputs and the output are open:
 *
 *  - a seccomp filter refuses every system call triage never needs: any
 *    socket, connect, bind, listen, accept, send; execve; ptrace; an open
 *    that asks for write access, creation or truncation; making
 *    directories, links, device nodes; mount, bpf, io_uring and the like.
 *  - Landlock, where the kernel has it, leaves reading to the inputs and
 *    the system files a run needs (/usr for zone rules and locales, /etc,
 *    /proc, /dev), and writing to renaming the finished report into the
 *    directory of -o (and of --redact-map); TCP bind and connect are
 *    refused too where the kernel's Landlock knows them.
 *
 * Both last until the process ends and cannot be lifted.
 */
#ifndef TRIAGE_SANDBOX_H
#define TRIAGE_SANDBOX_H

#include <stddef.h>
#include <stdio.h>

enum sandbox_mode {
	SANDBOX_OFF,
	SANDBOX_AUTO,		/* what the kernel allows */
	SANDBOX_ON,		/* the seccomp filter, or the run fails */
};

struct sandbox {
	int seccomp;		/* the filter is in force */
	int landlock;		/* the Landlock ABI in force, 0: none */
	int ptrace;		/* ptrace left allowed: LeakSanitizer needs it */
	char why[200];		/* what could not be put up, or "" */
};

/* "auto", "on", "off" into *m; -1 for anything else. */
int sandbox_mode_parse(const char *s, enum sandbox_mode *m);

/* Puts up what mode asks for: reads left to the nreads paths (files or
 * directories; missing ones are skipped) and the system files, files made
 * or removed only in the nwrites directories.  Returns 0, or -1 when mode
 * is SANDBOX_ON and the seccomp filter could not be installed (sb->why
 * says why).  sb says what is in force either way. */
int sandbox_enter(enum sandbox_mode mode, const char *const *reads, size_t nreads,
		  const char *const *writes, size_t nwrites, struct sandbox *sb);

/* One line: "seccomp filter and Landlock ABI 7" or "off (why)". */
void sandbox_describe(const struct sandbox *sb, FILE *f);

#endif
