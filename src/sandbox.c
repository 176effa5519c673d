/* sandbox.c - the seccomp filter and the Landlock rules (sandbox.h). */
#include "config.h"

#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* LeakSanitizer stops the process with ptrace to look for leaks at exit. */
#if defined(__SANITIZE_ADDRESS__)
#define T_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define T_LSAN 1
#endif
#endif
#ifndef T_LSAN
#define T_LSAN 0
#endif

int
sandbox_mode_parse(const char *s, enum sandbox_mode *m)
{
	if (strcmp(s, "auto") == 0)
		*m = SANDBOX_AUTO;
	else if (strcmp(s, "on") == 0)
		*m = SANDBOX_ON;
	else if (strcmp(s, "off") == 0)
		*m = SANDBOX_OFF;
	else
		return -1;
	return 0;
}

/* Add a reason to what sb says it could not do. */
static void why(struct sandbox *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
why(struct sandbox *sb, const char *fmt, ...)
{
	size_t n = strlen(sb->why);
	if (n + 3 >= sizeof(sb->why))
		return;
	if (n) {
		memcpy(sb->why + n, "; ", 3);
		n += 2;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sb->why + n, sizeof(sb->why) - n, fmt, ap);
	va_end(ap);
}

/* ---- Landlock --------------------------------------------------------------------- */

/* The ruleset as the newest kernels read it; older ones are given the
 * prefix they know. */
struct ll_ruleset {
	uint64_t fs;
	uint64_t net;
};

#define LL_TRUNCATE (1ULL << 14)	/* ABI 3 */
#define LL_IOCTL_DEV (1ULL << 15)	/* ABI 5 */
#define LL_NET_BIND_TCP (1ULL << 0)	/* ABI 4 */
#define LL_NET_CONNECT_TCP (1ULL << 1)

#define LL_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

/* The file system rights the kernel of this ABI knows. */
static uint64_t
ll_fs_rights(long abi)
{
	uint64_t r = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
		     LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR |
		     LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
		     LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
		     LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
		     LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
		     LANDLOCK_ACCESS_FS_MAKE_SYM;
	if (abi >= 2)
		r |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		r |= LL_TRUNCATE;
	if (abi >= 5)
		r |= LL_IOCTL_DEV;
	return r;
}

/* Allow rights beneath path (a file gets only the file rights among
 * them).  A path that does not exist is skipped. */
static int
ll_allow(int ruleset, const char *path, uint64_t rights)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR || errno == EACCES ? 0 : -1;
	struct stat st;
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
		rights &= LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE |
			  LANDLOCK_ACCESS_FS_EXECUTE | LL_TRUNCATE | LL_IOCTL_DEV;
	struct landlock_path_beneath_attr pb = {.allowed_access = rights, .parent_fd = fd};
	long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	int err = errno;
	close(fd);
	errno = err;
	return rc == 0 ? 0 : -1;
}

/* What every run reads besides its inputs: zone rules, locales and
 * character sets (/usr), the local zone (/etc), the process's own maps
 * (/proc, for the sanitizers), /dev/null, the number of cores. */
static const char *const system_reads[] = {
	"/usr", "/lib", "/lib64", "/etc", "/proc", "/dev", "/sys/devices/system/cpu",
};

static void
landlock(const char *const *reads, size_t nreads, const char *const *writes, size_t nwrites,
	 struct sandbox *sb)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 1) {
		why(sb, "no Landlock in this kernel (%s)", strerror(errno));
		return;
	}
	struct ll_ruleset attr = {.fs = ll_fs_rights(abi)};
	size_t size = sizeof(attr.fs);
	if (abi >= 4) {
		attr.net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
		size = sizeof(attr);
	}
	int rs = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
	if (rs < 0) {
		why(sb, "Landlock: %s", strerror(errno));
		return;
	}
	const char *failed = NULL;
	for (size_t i = 0; i < sizeof(system_reads) / sizeof(*system_reads) && !failed; i++)
		if (ll_allow(rs, system_reads[i], LL_READ) < 0)
			failed = system_reads[i];
	for (size_t i = 0; i < nreads && !failed; i++)
		if (strcmp(reads[i], "-") != 0 && ll_allow(rs, reads[i], LL_READ) < 0)
			failed = reads[i];
	/* the finished report renamed over the old one; a failed one removed */
	for (size_t i = 0; i < nwrites && !failed; i++)
		if (ll_allow(rs, writes[i],
			     LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_REMOVE_FILE) < 0)
			failed = writes[i];
	if (failed) {
		why(sb, "Landlock: %s: %s", failed, strerror(errno));
	} else if (syscall(SYS_landlock_restrict_self, rs, 0) != 0) {
		why(sb, "Landlock: %s", strerror(errno));
	} else {
		sb->landlock = (int)abi;
	}
	close(rs);
}

/* ---- seccomp ---------------------------------------------------------------------- */

/* Refused outright, with EPERM. */
static const int refused[] = {
	/* the network */
	SCMP_SYS(socket), SCMP_SYS(socketpair), SCMP_SYS(connect), SCMP_SYS(bind),
	SCMP_SYS(listen), SCMP_SYS(accept), SCMP_SYS(accept4), SCMP_SYS(sendto),
	SCMP_SYS(sendmsg), SCMP_SYS(sendmmsg),
	/* running or reaching into other programs */
	SCMP_SYS(execve), SCMP_SYS(execveat), SCMP_SYS(process_vm_readv),
	SCMP_SYS(process_vm_writev),
	/* making or changing files (the report is renamed into place) */
	SCMP_SYS(creat), SCMP_SYS(truncate), SCMP_SYS(mkdir), SCMP_SYS(mkdirat),
	SCMP_SYS(rmdir), SCMP_SYS(mknod), SCMP_SYS(mknodat), SCMP_SYS(link), SCMP_SYS(linkat),
	SCMP_SYS(symlink), SCMP_SYS(symlinkat), SCMP_SYS(chmod), SCMP_SYS(fchmodat),
	SCMP_SYS(chown), SCMP_SYS(lchown), SCMP_SYS(fchownat), SCMP_SYS(utime),
	SCMP_SYS(utimes), SCMP_SYS(utimensat), SCMP_SYS(futimesat), SCMP_SYS(setxattr),
	SCMP_SYS(lsetxattr), SCMP_SYS(fsetxattr), SCMP_SYS(removexattr),
	SCMP_SYS(lremovexattr), SCMP_SYS(fremovexattr), SCMP_SYS(name_to_handle_at),
	SCMP_SYS(open_by_handle_at),
	/* what could get round the filter or change the machine */
	SCMP_SYS(io_uring_setup), SCMP_SYS(io_uring_enter), SCMP_SYS(io_uring_register),
	SCMP_SYS(bpf), SCMP_SYS(userfaultfd), SCMP_SYS(perf_event_open), SCMP_SYS(mount),
	SCMP_SYS(umount2), SCMP_SYS(pivot_root), SCMP_SYS(chroot), SCMP_SYS(unshare),
	SCMP_SYS(setns), SCMP_SYS(swapon), SCMP_SYS(swapoff), SCMP_SYS(reboot),
	SCMP_SYS(kexec_load), SCMP_SYS(kexec_file_load), SCMP_SYS(init_module),
	SCMP_SYS(finit_module), SCMP_SYS(delete_module), SCMP_SYS(keyctl), SCMP_SYS(add_key),
	SCMP_SYS(request_key), SCMP_SYS(acct), SCMP_SYS(quotactl), SCMP_SYS(settimeofday),
	SCMP_SYS(clock_settime), SCMP_SYS(adjtimex), SCMP_SYS(clock_adjtime),
	SCMP_SYS(sethostname), SCMP_SYS(setdomainname),
};

/* open(2)'s flags that ask for more than reading. */
static const struct {
	unsigned long mask, value;
} write_opens[] = {
	{O_ACCMODE, O_WRONLY}, {O_ACCMODE, O_RDWR}, {O_ACCMODE, O_ACCMODE},
	{O_CREAT, O_CREAT},    {O_TRUNC, O_TRUNC},  {O_APPEND, O_APPEND},
};

static int
seccomp_filter(struct sandbox *sb)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL) {
		why(sb, "seccomp: cannot make a filter");
		return -1;
	}
	int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	for (size_t i = 0; rc == 0 && i < sizeof(refused) / sizeof(*refused); i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), refused[i], 0);
	if (rc == 0 && !T_LSAN)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ptrace), 0);
	for (size_t i = 0; rc == 0 && i < sizeof(write_opens) / sizeof(*write_opens); i++) {
		scmp_datum_t m = write_opens[i].mask, v = write_opens[i].value;
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(open), 1,
				      SCMP_A1(SCMP_CMP_MASKED_EQ, m, v));
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat), 1,
					      SCMP_A2(SCMP_CMP_MASKED_EQ, m, v));
	}
	/* openat2 hides its flags in a structure: made to look absent, so
	 * the C library falls back to openat */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(openat2), 0);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		why(sb, "seccomp: %s", strerror(-rc));
		return -1;
	}
	sb->seccomp = 1;
	sb->ptrace = T_LSAN;
	return 0;
}

int
sandbox_enter(enum sandbox_mode mode, const char *const *reads, size_t nreads,
	      const char *const *writes, size_t nwrites, struct sandbox *sb)
{
	memset(sb, 0, sizeof(*sb));
	if (mode == SANDBOX_OFF) {
		why(sb, "--sandbox off");
		return 0;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		why(sb, "no_new_privs: %s", strerror(errno));
		return mode == SANDBOX_ON ? -1 : 0;
	}
	landlock(reads, nreads, writes, nwrites, sb);
	if (seccomp_filter(sb) < 0)
		return mode == SANDBOX_ON ? -1 : 0;
	return 0;
}

void
sandbox_describe(const struct sandbox *sb, FILE *f)
{
	if (!sb->seccomp && !sb->landlock) {
		fprintf(f, "off (%s)\n", sb->why);
		return;
	}
	if (sb->seccomp)
		fprintf(f, "seccomp filter (no network, no exec, no file opened for writing%s)",
			sb->ptrace ? "; ptrace allowed for LeakSanitizer" : "");
	if (sb->seccomp && sb->landlock)
		fprintf(f, " and ");
	if (sb->landlock)
		fprintf(f, "Landlock ABI %d (reads: the inputs and system files)", sb->landlock);
	if (sb->why[0])
		fprintf(f, "; not in force: %s", sb->why);
	fputc('\n', f);
}
