/*
 * The test runner behind tests/test.h, after libuv's: every test runs in a
 * child process of its own, in its own process group, under a timeout. A
 * crash, a sanitizer report at exit or a hang fails that test by name and
 * the run goes on with the next one. Whatever a test leaves running (a
 * daemon it did not stop) is killed with its process group.
 *
 * Output is not buffered: each child writes straight to the runner's
 * stdout and stderr, so a slow or stuck test shows where it is. The suite
 * name (argv[0]'s basename) prefixes the closing count line.
 *
 * GOISO_TEST_TIMEOUT (seconds) overrides every test's timeout.
 */
#include "test.h"

#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A child's status when its own checks failed; any other non-zero status
 * is a crash, a sanitizer report or an exit the test did not mean. */
#define EXIT_CHECKS_FAILED 99

struct test {
	const char *name;
	test_fn fn;
	int timeout_s;
};

static struct test *tests;
static int ntests, cap;
static int cur_failed;
static const char *cur_name;
static char tmpdir[256];

/* Registration runs in constructors, before main: a full registry cannot
 * be reported any later, so it grows instead. */
void test_register_timeout(const char *name, test_fn fn, int timeout_s)
{
	if (ntests == cap) {
		int ncap = cap ? cap * 2 : 256;
		struct test *t = realloc(tests, (size_t)ncap * sizeof *t);
		if (!t) { fprintf(stderr, "test registry: out of memory\n"); _exit(2); }
		tests = t;
		cap = ncap;
	}
	tests[ntests++] = (struct test){ name, fn, timeout_s };
}

void test_register(const char *name, test_fn fn)
{
	test_register_timeout(name, fn, TEST_DEFAULT_TIMEOUT_S);
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "FAIL %s  %s:%d: ", cur_name, file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cur_failed = 1;
}

int test_failed_now(void) { return cur_failed; }

const char *test_name(void) { return cur_name; }

/* Made by the runner before the child starts, so the runner knows what to
 * remove or keep. */
const char *test_tmpdir(void) { return tmpdir; }

static int make_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/goiso-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) { perror("mkdtemp"); return -1; }
	return 0;
}

static void remove_tmpdir(void)
{
	char cmd[300];
	if (rmdir(tmpdir) == 0) return;   /* most tests leave it empty */
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int timeout_of(const struct test *t)
{
	const char *env = getenv("GOISO_TEST_TIMEOUT");
	int s = env ? atoi(env) : 0;
	return s > 0 ? s : t->timeout_s;
}

static void run_in_child(const struct test *t, const sigset_t *old)
{
	setpgid(0, 0);
	sigprocmask(SIG_SETMASK, old, NULL);
	cur_name = t->name;
	cur_failed = 0;
	t->fn();
	fflush(NULL);
	/* exit(), not _exit(): LeakSanitizer checks at exit and turns a leak
	 * into a non-zero status the runner sees. */
	exit(cur_failed ? EXIT_CHECKS_FAILED : 0);
}

/* Waits for pid up to timeout_s; returns its wait status, or -1 on timeout
 * (the group is then killed and reaped). SIGCHLD is blocked by the caller. */
static int wait_with_timeout(pid_t pid, int timeout_s)
{
	double deadline = now_s() + timeout_s;
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		int st;
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid) return st;
		if (r < 0 && errno != EINTR) return -2;
		double left = deadline - now_s();
		if (left <= 0) break;
		if (left > 0.25) left = 0.25;   /* a grandchild's SIGCHLD is not ours */
		struct timespec ts = { (time_t)left, (long)((left - (time_t)left) * 1e9) };
		sigtimedwait(&chld, NULL, &ts);
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
	return -1;
}

static void describe(char *out, size_t n, int st, int timeout_s)
{
	if (st == -1) snprintf(out, n, "timed out after %d s", timeout_s);
	else if (st == -2) snprintf(out, n, "lost its process");
	else if (WIFSIGNALED(st)) snprintf(out, n, "killed by signal %d (%s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
	else if (WIFEXITED(st) && WEXITSTATUS(st) != EXIT_CHECKS_FAILED)
		snprintf(out, n, "exit status %d", WEXITSTATUS(st));
	else out[0] = 0;
}

/* Runs one test in a child; returns 1 when it passed. */
static int run_one(const struct test *t)
{
	sigset_t chld, old;
	char why[120];
	int timeout_s = timeout_of(t);
	if (make_tmpdir()) return 0;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	fflush(NULL);
	double t0 = now_s();
	pid_t pid = fork();
	if (pid == 0) run_in_child(t, &old);
	int st = -2;
	if (pid > 0) {
		setpgid(pid, pid);
		st = wait_with_timeout(pid, timeout_s);
		kill(-pid, SIGKILL);   /* what the test left running */
	} else {
		perror("fork");
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	double took = now_s() - t0;
	int ok = st == 0;
	describe(why, sizeof why, st, timeout_s);
	if (ok) {
		remove_tmpdir();
		if (took >= 1.0) printf("  ok    %s (%.1f s)\n", t->name, took);
		else printf("  ok    %s\n", t->name);
	} else {
		if (rmdir(tmpdir) == 0) snprintf(tmpdir, sizeof tmpdir, "-");
		printf("  FAIL  %s%s%s%s (scratch kept: %s)\n", t->name,
		       why[0] ? " (" : "", why, why[0] ? ")" : "", tmpdir);
	}
	return ok;
}

static int selected(const char *name, int nonly, char **only)
{
	if (nonly == 0) return 1;
	for (int i = 0; i < nonly; i++)
		if (strstr(name, only[i])) return 1;
	return 0;
}

/* Usage: SUITE [--list] [NAME...]: every test, or those whose name contains
 * one of the NAMEs. */
int main(int argc, char **argv)
{
	int passed = 0, failed = 0, list = 0;
	char *suite = basename(argv[0]);
	if (argc > 1 && strcmp(argv[1], "--list") == 0) { list = 1; argc--; argv++; }
	setvbuf(stdout, NULL, _IOLBF, 0);
	char **failures = calloc((size_t)ntests + 1, sizeof *failures);
	for (int i = 0; i < ntests; i++) {
		if (!selected(tests[i].name, argc - 1, argv + 1)) continue;
		if (list) { printf("%s\n", tests[i].name); continue; }
		if (run_one(&tests[i])) passed++;
		else failures[failed++] = (char *)tests[i].name;
	}
	if (list) { free(failures); free(tests); return 0; }
	if (failed) {
		printf("%s failed:", suite);
		for (int i = 0; i < failed; i++) printf(" %s", failures[i]);
		printf("\n");
	}
	printf("%s: %d passed, %d failed\n", suite, passed, failed);
	free(failures);
	free(tests);
	return failed ? 1 : 0;
}
