/*
 * synccount: counts a program's fsync(2) and fdatasync(2), preloaded into
 * it (LD_PRELOAD=libgoiso-syncs.so). After each sync the file named by
 * $GOISO_SYNC_COUNT holds two numbers: the syncs made on the process's
 * main thread (the daemon's loop: its commits) and those of all threads
 * (with the checkpoint thread's). The count is what the regression guard
 * (tests/it_syncs.c) and the load benchmark (commits per second, requests
 * per commit) read; it is not linked into any program.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long on_main, in_all;
static int out = -1;

__attribute__((constructor)) static void open_count(void)
{
	const char *path = getenv("GOISO_SYNC_COUNT");
	if (path && *path) out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	/* a program the daemon starts counts nothing into the same file */
	unsetenv("GOISO_SYNC_COUNT");
	unsetenv("LD_PRELOAD");
}

static void note(void)
{
	char line[64];
	pthread_mutex_lock(&lock);
	in_all++;
	if (gettid() == getpid()) on_main++;
	/* fixed width: a shorter line never leaves digits of a longer one */
	int n = snprintf(line, sizeof line, "%20ld %20ld\n", on_main, in_all);
	if (out >= 0 && pwrite(out, line, (size_t)n, 0) != n) {}
	pthread_mutex_unlock(&lock);
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	int rc = real(fd);
	note();
	return rc;
}

int fdatasync(int fd)
{
	static int (*real)(int);
	if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	int rc = real(fd);
	note();
	return rc;
}
