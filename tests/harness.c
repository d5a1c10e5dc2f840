/*
 * The test runner behind tests/test.h. Tests run in registration order in
 * one process; a failing check marks its test failed and the run goes on.
 * The suite name (argv[0]'s basename) prefixes the closing count line.
 */
#include "test.h"

#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_TESTS 1024

static struct { const char *name; test_fn fn; } tests[MAX_TESTS];
static int ntests;
static int cur_failed;
static const char *cur_name;
static char tmpdir[256];

void test_register(const char *name, test_fn fn)
{
	if (ntests < MAX_TESTS) {
		tests[ntests].name = name;
		tests[ntests].fn = fn;
		ntests++;
	}
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

const char *test_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *base = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/goiso-test-XXXXXX", base ? base : "/tmp");
		if (!mkdtemp(tmpdir)) { perror("mkdtemp"); exit(2); }
	}
	return tmpdir;
}

static void remove_tmpdir(void)
{
	char cmd[300];
	if (!tmpdir[0]) return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
	tmpdir[0] = 0;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	const char *only = argc > 1 ? argv[1] : NULL;
	char *suite = basename(argv[0]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < ntests; i++) {
		if (only && !strstr(tests[i].name, only)) continue;
		cur_name = tests[i].name;
		cur_failed = 0;
		tests[i].fn();
		if (cur_failed) {
			failed++;
			printf("  FAIL  %s (scratch kept: %s)\n", cur_name, tmpdir[0] ? tmpdir : "-");
			tmpdir[0] = 0;
		} else {
			passed++;
			printf("  ok    %s\n", cur_name);
			remove_tmpdir();
		}
	}
	printf("%s: %d passed, %d failed\n", suite, passed, failed);
	return failed ? 1 : 0;
}
