/*
 * Unit tests of the command-line table: values, numbers in their range,
 * flags, options read elsewhere, and each mistake named.
 */
#include "test.h"

#include <string.h>

#include "args.h"

struct opts {
	const char *data;
	int max;
	bool quiet;
};

static int parse(struct opts *o, char *err, int argc, char **argv)
{
	const struct args_opt table[] = {
		{ "--data", .text = &o->data },
		{ "--max", .number = &o->max, .lo = 8, .hi = 100 },
		{ "--quiet", .flag = &o->quiet },
		{ "--say", .others = 2 },
		{ "--play" },
		{ NULL },
	};
	memset(o, 0, sizeof *o);
	err[0] = 0;
	return args_parse(argc, argv, table, err, 200);
}

#define ARGV(...) ((char *[]){ "prog", __VA_ARGS__, NULL })
#define NARGS(...) ((int)(sizeof (char *[]){ "prog", __VA_ARGS__ } / sizeof (char *)))
#define PARSE(o, err, ...) parse(o, err, NARGS(__VA_ARGS__), ARGV(__VA_ARGS__))

TEST(args_reads_values_numbers_flags_and_skips_the_others)
{
	struct opts o;
	char err[200];
	CHECK_INT_EQ(PARSE(&o, err, "--say", "A001", "5", "--data", "/srv/x", "--play", "--max", "12", "--quiet"),
	             ARGS_OK);
	CHECK_STR_EQ(o.data, "/srv/x");
	CHECK_INT_EQ(o.max, 12);
	CHECK(o.quiet);
	CHECK_INT_EQ(parse(&o, err, 1, ARGV(NULL)), ARGS_OK);
	CHECK(o.data == NULL && o.max == 0 && !o.quiet);
	/* a value that looks like an option is still the value */
	CHECK_INT_EQ(PARSE(&o, err, "--data", "--quiet"), ARGS_OK);
	CHECK_STR_EQ(o.data, "--quiet");
	CHECK(!o.quiet);
}

TEST(args_help_and_version_stop_reading)
{
	struct opts o;
	char err[200];
	CHECK_INT_EQ(PARSE(&o, err, "--help", "--bogus"), ARGS_HELP);
	CHECK_INT_EQ(PARSE(&o, err, "-h"), ARGS_HELP);
	CHECK_INT_EQ(PARSE(&o, err, "--quiet", "--version", "--max"), ARGS_VERSION);
}

TEST(args_each_mistake_is_named)
{
	static const struct { const char *a, *b; int rc; const char *err; } cases[] = {
		{ "--data", NULL, ARGS_BAD_VALUE, "--data needs a value" },
		{ "--max", NULL, ARGS_BAD_VALUE, "--max needs a value" },
		{ "--max", "7", ARGS_BAD_VALUE, "--max wants a number from 8 to 100" },
		{ "--max", "101", ARGS_BAD_VALUE, "--max wants a number from 8 to 100" },
		{ "--max", "12x", ARGS_BAD_VALUE, "--max wants a number from 8 to 100" },
		{ "--max", "", ARGS_BAD_VALUE, "--max wants a number from 8 to 100" },
		{ "--say", "A001", ARGS_BAD_VALUE, "--say needs 2 values" },
		{ "--dta", "x", ARGS_UNKNOWN, "unknown option '--dta'" },
		{ "stray", NULL, ARGS_UNKNOWN, "unknown option 'stray'" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct opts o;
		char err[200];
		char *argv[] = { "prog", (char *)cases[i].a, (char *)cases[i].b, NULL };
		CHECK_INT_EQ(parse(&o, err, cases[i].b ? 3 : 2, argv), cases[i].rc);
		CHECK_STR_EQ(err, cases[i].err);
	}
}

TEST(args_number_takes_the_whole_text_or_nothing)
{
	int n = 42;
	CHECK_INT_EQ(args_number("5", 1, 99, &n), 0);
	CHECK_INT_EQ(n, 5);
	CHECK_INT_EQ(args_number("-3", -5, 5, &n), 0);
	CHECK_INT_EQ(n, -3);
	static const char *const bad[] = { "5x", "", "+5", " 5", "-", "0x10", "100", "0",
	                                   "99999999999999999999", "-99999999999999999999", "5 " };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		n = 42;
		CHECK_INT_EQ(args_number(bad[i], 1, 99, &n), -1);
		CHECK_INT_EQ(n, 42);   /* untouched */
	}
	CHECK_INT_EQ(args_number(NULL, 1, 99, &n), -1);
}

TEST(args_size_reads_width_by_height_whole)
{
	int w = 7, h = 7;
	CHECK_INT_EQ(args_size("1920x1080", 1, 16384, &w, &h), 0);
	CHECK_INT_EQ(w, 1920);
	CHECK_INT_EQ(h, 1080);
	/* %dx%d took "1920x1080x", " 1920x1080" and overflowed on the rest */
	static const char *const bad[] = { "1920x", "x1080", "1920x1080x", " 1920x1080", "1920 x1080",
	                                   "4294967297x1080", "1920x99999999999", "0x1080", "-5x10", "" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		w = h = 7;
		CHECK_INT_EQ(args_size(bad[i], 1, 16384, &w, &h), -1);
		CHECK(w == 7 && h == 7);
	}
	CHECK_INT_EQ(args_size(NULL, 1, 16384, &w, &h), -1);
}
