/*
 * goiso's test harness: a registry of test functions and checks that record
 * file and line. Each tests/test_*.c (unit) or tests/it_*.c (integration)
 * file declares tests with TEST(name); they register themselves before
 * main() runs, so adding a test never means editing a list.
 *
 * The runner (tests/harness.c) runs all tests or those whose name contains
 * one of its arguments, each in a child process of its own with a timeout
 * (TEST_DEFAULT_TIMEOUT_S, or TEST_TIMEOUT(name, seconds) for a slow one),
 * and ends with "<suite>: N passed, M failed". A test passes when no check
 * failed and its process exited with status 0: a crash, a sanitizer report
 * or a hang fails it.
 */
#ifndef GOISO_TEST_H
#define GOISO_TEST_H

#include <stdio.h>
#include <string.h>

#define TEST_DEFAULT_TIMEOUT_S 300

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);
void test_register_timeout(const char *name, test_fn fn, int timeout_s);
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int test_failed_now(void);
/* The name of the running test. */
const char *test_name(void);
/* A scratch directory, new for each test and removed after it passes. */
const char *test_tmpdir(void);

#define TEST_TIMEOUT(name, seconds)                                    \
	static void test_##name(void);                                 \
	__attribute__((constructor)) static void test_reg_##name(void) \
	{ test_register_timeout(#name, test_##name, (seconds)); }      \
	static void test_##name(void)
#define TEST(name) TEST_TIMEOUT(name, TEST_DEFAULT_TIMEOUT_S)

#define CHECK(c) do { if (!(c)) test_fail(__FILE__, __LINE__, "%s", #c); } while (0)
#define CHECK_INT_EQ(a, b) do {                                        \
	long long a_ = (long long)(a), b_ = (long long)(b);            \
	if (a_ != b_) test_fail(__FILE__, __LINE__, "%s == %lld, expected %s == %lld", \
		#a, a_, #b, b_);                                       \
} while (0)
#define CHECK_STR_EQ(a, b) do {                                        \
	const char *a_ = (a), *b_ = (b);                               \
	if (!a_ || !b_ || strcmp(a_, b_) != 0)                         \
		test_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, \
			a_ ? a_ : "(null)", b_ ? b_ : "(null)");       \
} while (0)
/* Stop the current test when a check failed (for setup that later checks need). */
#define REQUIRE(c) do { CHECK(c); if (test_failed_now()) return; } while (0)

#endif
