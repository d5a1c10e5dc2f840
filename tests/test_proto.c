/*
 * Unit tests of the protocol codec: good lines, every kind of bad line,
 * quoting round trips, and that building never overflows a line.
 */
#include "test.h"

#include "proto.h"

static int parse(const char *line, struct proto_msg *m)
{
	return proto_parse(line, strlen(line), m);
}

TEST(proto_parses_requests)
{
	struct proto_msg m;
	CHECK_INT_EQ(parse("17 NEXT", &m), 0);
	CHECK_STR_EQ(m.id, "17");
	CHECK_STR_EQ(m.word, "NEXT");
	CHECK_INT_EQ(m.nargs, 0);
	CHECK_INT_EQ(parse("a-1.b:2 LOGIN officer=\"Nguyễn Văn \\\"An\\\"\" counter=5\r", &m), 0);
	CHECK_STR_EQ(proto_get(&m, "officer"), "Nguyễn Văn \"An\"");
	CHECK_STR_EQ(proto_get(&m, "counter"), "5");
	CHECK(proto_get(&m, "nope") == NULL);
	CHECK_INT_EQ(parse("  9   ISSUE   service=A   priority=elderly  ", &m), 0);
	CHECK_INT_EQ(m.nargs, 2);
	CHECK_INT_EQ(parse("3 PAUSE reason=\"\"", &m), 0);
	CHECK_STR_EQ(proto_get(&m, "reason"), "");
	CHECK_INT_EQ(parse("* CALLED ticket=A023 counter=5", &m), 0);
	CHECK_STR_EQ(m.id, "*");
	CHECK_INT_EQ(parse("4 ERR queue_empty Không còn ai", &m), 0);
	CHECK_STR_EQ(m.rest, "queue_empty Không còn ai");
}

TEST(proto_reads_an_integer_value_once_within_its_range)
{
	static const struct { const char *line; int rc, want; } cases[] = {
		{ "1 NEXT counter=7", 1, 7 },
		{ "1 NEXT counter=999", 1, 999 },
		{ "1 NEXT counter=0", 1, 0 },
		{ "1 NEXT", 0, -5 },                  /* absent: unchanged */
		{ "1 NEXT counter=1000", -1, -5 },
		{ "1 NEXT counter=-1", -1, -5 },
		{ "1 NEXT counter=7x", -1, -5 },
		{ "1 NEXT counter=\"\"", -1, -5 },
		{ "1 NEXT counter=99999999999999999999", -1, -5 },
		{ "1 NEXT counter=x7", -1, -5 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct proto_msg m;
		int out = -5;
		CHECK_INT_EQ(parse(cases[i].line, &m), 0);
		CHECK_INT_EQ(proto_get_int(&m, "counter", 0, 999, &out), cases[i].rc);
		CHECK_INT_EQ(out, cases[i].want);
	}
}

TEST(proto_rejects_bad_lines)
{
	static const struct { const char *line; int want; } cases[] = {
		{ "", PROTO_E_EMPTY },
		{ "    ", PROTO_E_EMPTY },
		{ "17", PROTO_E_NO_WORD },
		{ "17 next", PROTO_E_NO_WORD },
		{ "17 Next", PROTO_E_NO_WORD },
		{ "x/y NEXT", PROTO_E_BAD_ID },
		{ "123456789012345678901234567890123 NEXT", PROTO_E_BAD_ID },
		{ "1 NEXT foo", PROTO_E_BAD_ARG },
		{ "1 NEXT =x", PROTO_E_BAD_ARG },
		{ "1 NEXT a=\"open", PROTO_E_BAD_ARG },
		{ "1 NEXT a=\"x\"y", PROTO_E_BAD_ARG },
		{ "1 NEXT a=x\"y", PROTO_E_BAD_ARG },
		{ "1 NEXT a=\"\\q\"", PROTO_E_BAD_ARG },
		{ "1 NEXT a-b=1", PROTO_E_BAD_ARG },
		{ "1 NEXT a=1 a=2", PROTO_E_DUP_KEY },
		{ "1 NEXT a=1 b=1 c=1 d=1 e=1 f=1 g=1 h=1 i=1 j=1 k=1 l=1 m=1 n=1 o=1 p=1 q=1", PROTO_E_TOO_MANY },
		{ "1 NEXT a=\xff\xfe", PROTO_E_BAD_TEXT },
		{ "1 NEXT a=\xc3", PROTO_E_BAD_TEXT },
		{ "1 NEXT a=\xed\xa0\x80", PROTO_E_BAD_TEXT },   /* a surrogate */
		{ "1 NEXT a=\xc0\xaf", PROTO_E_BAD_TEXT },       /* overlong */
		{ "1 NEXT\x1b[2J", PROTO_E_BAD_TEXT },
	};
	struct proto_msg m;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = parse(cases[i].line, &m);
		if (rc != cases[i].want)
			test_fail(__FILE__, __LINE__, "case %zu '%s': %d (%s), want %d", i, cases[i].line,
			          rc, proto_strerror(rc), cases[i].want);
	}
	CHECK_INT_EQ(proto_parse("1 NEXT\0x", 8, &m), PROTO_E_BAD_TEXT);
	char big[2000];
	memset(big, 'a', sizeof big);
	memcpy(big, "1 NEXT x=", 9);
	CHECK_INT_EQ(proto_parse(big, sizeof big, &m), PROTO_E_TOO_LONG);
	/* the id is kept when it could be read, for the ERR reply */
	CHECK_INT_EQ(parse("42 NEXT junk", &m), PROTO_E_BAD_ARG);
	CHECK_STR_EQ(m.id, "42");
}

TEST(proto_builds_and_round_trips)
{
	struct proto_buf pb;
	struct proto_msg m;
	const char *vals[] = { "A023", "Nguyễn Văn An", "", "a\"b\\c", "x=y", "tab\there", "new\nline" };
	proto_begin(&pb, "7", "OK");
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		char k[8];
		snprintf(k, sizeof k, "k%zu", i);
		proto_add(&pb, k, vals[i]);
	}
	const char *line = proto_end(&pb);
	CHECK(line[strlen(line) - 1] == '\n');
	CHECK(strchr(line, '\n') == line + strlen(line) - 1);
	CHECK_INT_EQ(proto_parse(line, strlen(line) - 1, &m), 0);
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		char k[8];
		snprintf(k, sizeof k, "k%zu", i);
		CHECK_STR_EQ(proto_get(&m, k), vals[i]);
	}
}

TEST(proto_never_overflows_a_line)
{
	struct proto_buf pb;
	char v[200];
	memset(v, 'x', sizeof v - 1);
	v[sizeof v - 1] = 0;
	proto_begin(&pb, "1", "OK");
	for (int i = 0; i < 20; i++) proto_add(&pb, "k", v);
	proto_end(&pb);
	CHECK(pb.truncated);
	CHECK(pb.n <= PROTO_LINE_MAX);
	CHECK(pb.s[pb.n - 1] == '\n');
	/* an ERR message is cut at a character boundary */
	char msg[3000] = "";
	for (int i = 0; i < 500; i++) strcat(msg, "ữ");
	const char *line = proto_err_line(&pb, "9", "bad_arg", msg);
	CHECK(strlen(line) <= PROTO_LINE_MAX);
	CHECK(proto_valid_utf8(line, strlen(line)));
}
