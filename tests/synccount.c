/*
 * synccount: counts a program's fsync(2) and fdatasync(2), preloaded into
 * it (LD_PRELOAD=libgoiso-syncs.so). After each sync the file named by
 * $GOISO_SYNC_COUNT holds three numbers: the syncs of the daemon's commits
 * (those made on its main thread, the loop's), those of all threads (with
 * the checkpoint thread's), and the microseconds the commits' syncs took
 * in all. The
 * count is what the regression guard (tests/it_syncs.c) and the load
 * benchmark (commits per second, requests per commit) read; it is not
 * linked into any program. With $GOISO_SYNC_TIMES set, each commit's sync
 * also appends when it started and ended (CLOCK_MONOTONIC microseconds, two
 * native int64_t each, in order) to that file: the load benchmark reads a
 * run's commits from it. Two switches for the durability tests (tests/it_durable.c), looked
 * at on each commit's sync:
 *   $GOISO_SYNC_GATE=FILE   the sync waits while FILE exists
 *   $GOISO_SYNC_FAIL=FILE   the sync fails with EIO while FILE exists
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long commits, in_all, commit_us;
static int out = -1, times = -1;
static char gate[512], fail[512];

static void keep(char *dst, size_t n, const char *name)
{
	const char *v = getenv(name);
	snprintf(dst, n, "%s", v ? v : "");
	unsetenv(name);
}

__attribute__((constructor)) static void open_count(void)
{
	const char *path = getenv("GOISO_SYNC_COUNT");
	if (path && *path) out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	path = getenv("GOISO_SYNC_TIMES");
	if (path && *path) times = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
	keep(gate, sizeof gate, "GOISO_SYNC_GATE");
	keep(fail, sizeof fail, "GOISO_SYNC_FAIL");
	/* a program the daemon starts counts nothing into the same file */
	unsetenv("GOISO_SYNC_COUNT");
	unsetenv("GOISO_SYNC_TIMES");
	unsetenv("LD_PRELOAD");
}

static long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* A commit's sync: the loop's, on the main thread. */
static int of_a_commit(void) { return gettid() == getpid(); }

/* The test switches: 0 to go on, -1 to fail the sync. */
static int switches(void)
{
	while (*gate && access(gate, F_OK) == 0) usleep(1000);
	if (*fail && access(fail, F_OK) == 0) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static void note(long t0, int commit)
{
	char line[80];
	long t1 = now_us();
	pthread_mutex_lock(&lock);
	in_all++;
	if (commit) {
		int64_t span[2] = { t0, t1 };
		commits++;
		commit_us += t1 - t0;
		if (times >= 0 && write(times, span, sizeof span) != sizeof span) {}
	}
	/* fixed width: a shorter line never leaves digits of a longer one */
	int n = snprintf(line, sizeof line, "%20ld %20ld %20ld\n", commits, in_all, commit_us);
	if (out >= 0 && pwrite(out, line, (size_t)n, 0) != n) {}
	pthread_mutex_unlock(&lock);
}

static int counted(int (*real)(int), int fd)
{
	int commit = of_a_commit();
	if (commit && switches()) return -1;
	long t0 = now_us();
	int rc = real(fd);
	note(t0, commit);
	return rc;
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	return counted(real, fd);
}

int fdatasync(int fd)
{
	static int (*real)(int);
	if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	return counted(real, fd);
}
