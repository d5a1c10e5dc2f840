/*
 * The protocol codec at its edges: parse(build(k=v)) gives back v for every
 * class of byte a value can hold, and the line limit is exact: 1,023 bytes
 * before the '\n' are a line, 1,024 are not, whether or not the last of
 * them is a '\r' (shared/PROTOCOL.md: a line, '\n' included, MUST NOT
 * exceed 1,024 bytes).
 */
#include "test.h"

#include <stdlib.h>

#include "proto.h"

/* Builds "1 OK k=<v>", parses it back and compares. */
static void round_trip(const char *v, int line)
{
	struct proto_buf pb;
	struct proto_msg m;
	proto_begin(&pb, "1", "OK");
	proto_add(&pb, "k", v);
	const char *s = proto_end(&pb);
	if (pb.truncated) { test_fail(__FILE__, line, "'%s' did not fit a line", v); return; }
	if (strchr(s, '\n') != s + strlen(s) - 1) { test_fail(__FILE__, line, "'%s' broke the line", v); return; }
	int rc = proto_parse(s, strlen(s) - 1, &m);
	if (rc) { test_fail(__FILE__, line, "its own line %s refused: %s", s, proto_strerror(rc)); return; }
	const char *got = proto_get(&m, "k");
	if (!got || strcmp(got, v)) test_fail(__FILE__, line, "'%s' came back as '%s' (line %s)", v, got ? got : "(none)", s);
	if (m.nargs != 1) test_fail(__FILE__, line, "'%s' came back as %d arguments", v, m.nargs);
}

TEST(proto_round_trips_every_byte_class)
{
	static const char *const vals[] = {
		"\\", "\\\\", "ab\\", "\\ab", "a\\\\b", "\\\"", "\"", "\"\"", "a\"", "\"a",
		"=", "==", "a=b", "a=b=c", "=a", "\t", "a\tb", "\n", "a\nb", "\\n", "\\t",
		" ", "  ", " a", "a ", "a b", "", "ữ", "Nguyễn Văn An", "€", "𝄞", "ữ\\", "\\ữ",
		"x\"y\\z\tw\nv ", "'", "'a b'", "#", "*", "-", "k=", "a\"=\\b",
	};
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) round_trip(vals[i], __LINE__);
	/* every printable ASCII byte, alone, doubled, and between letters */
	for (int c = 0x20; c < 0x7f; c++) {
		char one[2] = { (char)c, 0 }, two[3] = { (char)c, (char)c, 0 }, mid[4] = { 'a', (char)c, 'b', 0 };
		round_trip(one, __LINE__);
		round_trip(two, __LINE__);
		round_trip(mid, __LINE__);
	}
	/* the longest value, in the byte that doubles when quoted */
	char big[PROTO_VAL_MAX];
	memset(big, '\\', sizeof big - 1);
	big[sizeof big - 1] = 0;
	round_trip(big, __LINE__);
	memset(big, 'x', sizeof big - 1);
	round_trip(big, __LINE__);
}

/* A request line of exactly n bytes (not counting the '\n'): "1 PING"
 * and arguments k0=xxx... of at most 200 bytes each; the last byte is a
 * '\r' when cr. */
static char *line_of(size_t n, bool cr)
{
	char *s = malloc(n + 1);
	size_t len = (size_t)sprintf(s, "1 PING");
	for (int k = 0; len < n; k++) {
		len += (size_t)sprintf(s + len, " %c%c=", 'a' + k / 10, '0' + k % 10);
		while (len < n && len % 200 != 0) s[len++] = 'x';
		if (len < n) s[len++] = 'x';
	}
	if (cr) s[n - 1] = '\r';
	s[n] = 0;
	return s;
}

TEST(proto_line_limit_is_exact_with_and_without_cr)
{
	struct proto_msg m;
	for (int cr = 0; cr <= 1; cr++) {
		char *ok = line_of(PROTO_LINE_MAX - 1, cr), *over = line_of(PROTO_LINE_MAX, cr);
		int rc = proto_parse(ok, PROTO_LINE_MAX - 1, &m);
		if (rc) test_fail(__FILE__, __LINE__, "1,023 bytes%s refused: %s", cr ? " ending in \\r" : "", proto_strerror(rc));
		else CHECK(m.nargs >= 5 && !strcmp(m.word, "PING"));
		rc = proto_parse(over, PROTO_LINE_MAX, &m);
		if (rc != PROTO_E_TOO_LONG)
			test_fail(__FILE__, __LINE__, "1,024 bytes%s: %d, want too long", cr ? " ending in \\r" : "", rc);
		free(ok);
		free(over);
	}
}

TEST(proto_builder_fills_a_line_to_the_byte_and_no_further)
{
	struct proto_buf pb;
	struct proto_msg m;
	/* "1 OK" + " k=<v>" pieces up to exactly 1,023 bytes before the '\n' */
	char v[PROTO_VAL_MAX];
	proto_begin(&pb, "1", "OK");
	for (int i = 0; i < 4; i++) {
		char k[3] = { 'k', (char)('0' + i), 0 };
		size_t want = i < 3 ? 250 : PROTO_LINE_MAX - 1 - pb.n - 4;   /* " k3=" */
		memset(v, 'v', want);
		v[want] = 0;
		proto_add(&pb, k, v);
	}
	CHECK(!pb.truncated);
	CHECK_INT_EQ(pb.n, PROTO_LINE_MAX - 1);
	proto_add(&pb, "z", "1");   /* one more argument does not fit */
	CHECK(pb.truncated);
	const char *s = proto_end(&pb);
	CHECK_INT_EQ(strlen(s), PROTO_LINE_MAX);
	CHECK_INT_EQ(proto_parse(s, strlen(s) - 1, &m), 0);
	CHECK_INT_EQ(m.nargs, 4);
	CHECK(proto_get(&m, "z") == NULL);
	/* one byte short of room: an argument that would end the line at
	 * 1,024 bytes before its '\n' is left out */
	proto_begin(&pb, "1", "OK");
	memset(v, 'v', 250);
	v[250] = 0;
	for (int i = 0; i < 4; i++) {
		char k[3] = { 'k', (char)('0' + i), 0 };
		proto_add(&pb, k, v);
	}
	CHECK_INT_EQ(pb.n, 4 + 4 * 254);   /* "1 OK" and four " kN=<250>": 1,020 */
	proto_add(&pb, "z", "1");          /* " z=1" would make 1,024 */
	CHECK(pb.truncated);
	CHECK_INT_EQ(strlen(proto_end(&pb)), 1021);
}
