/*
 * synccount: counts a program's fsync(2) and fdatasync(2), preloaded into
 * it (LD_PRELOAD=libgoiso-syncs.so). After each sync the file named by
 * $GOISO_SYNC_COUNT holds two numbers: the syncs made on the process's
 * main thread (the daemon's loop: its commits) and those of all threads
 * (with the checkpoint thread's), then the microseconds the main thread's
 * syncs took in all. The count is what the regression guard
 * (tests/it_syncs.c) and the load benchmark (commits per second, requests
 * per commit) read; it is not linked into any program. With
 * $GOISO_SYNC_TIMES set, each sync of the main thread also appends how
 * long it took (microseconds, one native uint32_t each, in order) to that
 * file: the load benchmark reads a run's commits from it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long on_main, in_all, main_us;
static int out = -1, times = -1;

__attribute__((constructor)) static void open_count(void)
{
	const char *path = getenv("GOISO_SYNC_COUNT");
	if (path && *path) out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	path = getenv("GOISO_SYNC_TIMES");
	if (path && *path) times = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
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

static void note(long t0)
{
	char line[80];
	long took = now_us() - t0;
	pthread_mutex_lock(&lock);
	in_all++;
	if (gettid() == getpid()) {
		uint32_t us = (uint32_t)took;
		on_main++;
		main_us += took;
		if (times >= 0 && write(times, &us, sizeof us) != sizeof us) {}
	}
	/* fixed width: a shorter line never leaves digits of a longer one */
	int n = snprintf(line, sizeof line, "%20ld %20ld %20ld\n", on_main, in_all, main_us);
	if (out >= 0 && pwrite(out, line, (size_t)n, 0) != n) {}
	pthread_mutex_unlock(&lock);
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	long t0 = now_us();
	int rc = real(fd);
	note(t0);
	return rc;
}

int fdatasync(int fd)
{
	static int (*real)(int);
	if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	long t0 = now_us();
	int rc = real(fd);
	note(t0);
	return rc;
}
