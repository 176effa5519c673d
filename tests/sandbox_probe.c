/*
 * sandbox_probe.c - the test hook of tests/sandbox.sh: puts up triage's
 * sandbox exactly as a run does (sandbox_enter, --sandbox on), then tries
 * what a compromised reader would try, one line each: "NAME: refused
 * (ERRNO)" or "NAME: allowed".
 *
 * usage: sandbox_probe INPUT OUTDIR OTHER
 *   INPUT   a file given as input (must stay readable)
 *   OUTDIR  the directory of -o, holding a file "report.tmp" made before
 *           (its rename to "report" must succeed)
 *   OTHER   a file that is no input (Landlock must refuse reading it)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox.h"

static void
say(const char *what, int rc)
{
	if (rc < 0)
		printf("%s: refused (%s)\n", what, strerrorname_np(errno));
	else
		printf("%s: allowed\n", what);
}

static int
open_close(const char *path, int flags)
{
	int fd = open(path, flags, 0644);
	if (fd >= 0)
		close(fd);
	return fd;
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: sandbox_probe INPUT OUTDIR OTHER\n");
		return 2;
	}
	const char *input = argv[1], *outdir = argv[2], *other = argv[3];
	char made[4096], tmp[4096], report[4096];
	snprintf(made, sizeof(made), "%s/made-after", outdir);
	snprintf(tmp, sizeof(tmp), "%s/report.tmp", outdir);
	snprintf(report, sizeof(report), "%s/report", outdir);

	struct sandbox sb;
	if (sandbox_enter(SANDBOX_ON, (const char *const *)&input, 1,
			  (const char *const *)&outdir, 1, &sb) < 0) {
		printf("sandbox: cannot be put up: %s\n", sb.why);
		return 1;
	}
	printf("seccomp: %s\nlandlock: %s\nptrace: %s\n", sb.seccomp ? "on" : "off",
	       sb.landlock ? "on" : "off", sb.ptrace ? "left for LeakSanitizer" : "refused");

	say("read the input", open_close(input, O_RDONLY));
	say("read zone rules", open_close("/usr/share/zoneinfo/UTC", O_RDONLY));
	say("socket inet", socket(AF_INET, SOCK_STREAM, 0));
	say("socket inet6 udp", socket(AF_INET6, SOCK_DGRAM, 0));
	say("socket unix", socket(AF_UNIX, SOCK_STREAM, 0));
	int sv[2];
	say("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(53)};
	say("connect", connect(3, (struct sockaddr *)&sin, sizeof(sin)));
	say("create a file", open_close(made, O_WRONLY | O_CREAT | O_EXCL));
	say("create with read-only flags", open_close(made, O_RDONLY | O_CREAT));
	say("creat", creat(made, 0644));
	say("open the input for writing", open_close(input, O_WRONLY));
	say("open the input read-write", open_close(input, O_RDWR));
	say("open the input to append", open_close(input, O_RDONLY | O_APPEND));
	say("truncate the input on open", open_close(input, O_RDONLY | O_TRUNC));
	say("truncate the input", truncate(input, 0));
	say("make a directory", mkdir(made, 0755));
	say("symlink", symlink(input, made));
	say("link", link(input, made));
	say("chmod the input", chmod(input, 0777));
	char *const args[] = {"/bin/true", NULL};
	say("execve", execve("/bin/true", args, NULL));
	if (!sb.ptrace)
		say("ptrace", (int)ptrace(PTRACE_TRACEME, 0, NULL, NULL));
	say("rename the report into place", rename(tmp, report));
	if (sb.landlock) {
		say("read another file", open_close(other, O_RDONLY));
		say("remove another file", unlink(other));
	}
	struct stat st;
	printf("made-after exists: %s\n", stat(made, &st) == 0 ? "yes" : "no");
	return 0;
}
