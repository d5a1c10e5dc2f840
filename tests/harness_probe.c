/*
 * harness_probe: a suite of tests that misbehave on purpose, built by
 * tests/it_runner.sh against tests/harness.c to show that the runner names
 * each one and goes on. Not part of any suite of goiso's own.
 */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static void leave_a_file(void)
{
	char path[300];
	snprintf(path, sizeof path, "%s/left", test_tmpdir());
	FILE *f = fopen(path, "w");
	if (f) fclose(f);
}

TEST(probe_passes) { leave_a_file(); CHECK(1 + 1 == 2); }

TEST(probe_fails_a_check) { leave_a_file(); CHECK_INT_EQ(1 + 1, 3); }

TEST(probe_crashes) { abort(); }

TEST(probe_after_the_crash_still_runs) { CHECK(1); }

TEST_TIMEOUT(probe_hangs, 1) { for (;;) pause(); }

/* LeakSanitizer reports at exit: the test's own checks all passed. */
static void *volatile kept;
TEST(probe_leaks) { kept = malloc(100); kept = NULL; }

/* A child left running is killed with the test's process group; its pid
 * goes to a file the script checks. */
TEST(probe_leaves_a_child)
{
	pid_t pid = fork();
	if (pid == 0) { for (;;) pause(); }
	FILE *f = fopen(getenv("PROBE_PIDFILE"), "w");
	if (f) { fprintf(f, "%d\n", (int)pid); fclose(f); }
}

TEST(probe_exits_early_with_status_3) { exit(3); }

static void many(void) { CHECK(1); }

/* More tests than the old fixed table of 1,024 held. */
__attribute__((constructor)) static void register_many(void)
{
	for (int i = 0; i < 1100; i++) test_register("many", many);
}
