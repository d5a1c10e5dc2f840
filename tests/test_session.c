/*
 * session: both ends derive the same keys from the handshake; a line
 * opens once, in its place, under its session only.
 */
#include "test.h"

#include "session.h"

#include <sodium.h>

/* A display and a client session from one handshake with key. */
static void pair_up(struct session *disp, struct session *cli, const unsigned char key[32], const char *mac)
{
	struct session_kx skx, ckx;
	char spk[SESSION_PK_HEX + 1], cpk[SESSION_PK_HEX + 1];
	session_kx_new(&skx, spk);
	session_kx_new(&ckx, cpk);
	CHECK(session_begin(disp, true, &skx, cpk, key, mac) == 0);
	CHECK(session_begin(cli, false, &ckx, spk, key, mac) == 0);
}

static int seal(struct session *s, const char *line, char *wire)
{
	int n = session_seal(s, line, strlen(line), wire, SESSION_WIRE_MAX + 2);
	if (n > 0) wire[n - 1] = 0;   /* without its '\n' */
	return n;
}

TEST(session_lines_go_both_ways_in_order)
{
	unsigned char key[32];
	struct session d, c;
	char wire[SESSION_WIRE_MAX + 2], out[PROTO_LINE_MAX + 1];
	REQUIRE(sodium_init() >= 0);
	randombytes_buf(key, sizeof key);
	pair_up(&d, &c, key, "mac");
	for (int i = 0; i < 3; i++) {
		CHECK(seal(&c, "1 LOGIN officer=\"Nguyễn Thị Lan\"", wire) > 0);
		CHECK(strstr(wire, "LOGIN") == NULL && strchr(wire, ' ') == NULL);
		CHECK_INT_EQ(session_open(&d, wire, strlen(wire), out, sizeof out), strlen("1 LOGIN officer=\"Nguyễn Thị Lan\""));
		CHECK_STR_EQ(out, "1 LOGIN officer=\"Nguyễn Thị Lan\"");
		CHECK(seal(&d, "* CALLED ticket=A001 counter=1", wire) > 0);
		CHECK(session_open(&c, wire, strlen(wire), out, sizeof out) > 0);
		CHECK_STR_EQ(out, "* CALLED ticket=A001 counter=1");
	}
	/* the longest line fits in SESSION_WIRE_MAX, one byte more is refused */
	char big[PROTO_LINE_MAX + 1];
	memset(big, 'x', sizeof big);
	big[PROTO_LINE_MAX - 1] = 0;
	int n = session_seal(&c, big, strlen(big), wire, sizeof wire);
	CHECK_INT_EQ(n, SESSION_WIRE_MAX + 1);
	CHECK_INT_EQ(session_open(&d, wire, (size_t)n - 1, out, sizeof out), PROTO_LINE_MAX - 1);
	big[PROTO_LINE_MAX - 1] = 'x';
	big[PROTO_LINE_MAX] = 0;
	CHECK(session_seal(&c, big, strlen(big), wire, sizeof wire) < 0);
	session_end(&d);
	session_end(&c);
}

TEST(session_refuses_replayed_reordered_forged_and_foreign_lines)
{
	unsigned char key[32], other[32];
	struct session d, c, d2, c2;
	char w1[SESSION_WIRE_MAX + 2], w2[SESSION_WIRE_MAX + 2], out[PROTO_LINE_MAX + 1];
	REQUIRE(sodium_init() >= 0);
	randombytes_buf(key, sizeof key);
	randombytes_buf(other, sizeof other);
	/* replayed: the second copy fails, and the session stays broken */
	pair_up(&d, &c, key, "mac");
	seal(&c, "1 PING", w1);
	seal(&c, "2 PING", w2);
	CHECK(session_open(&d, w1, strlen(w1), out, sizeof out) == 6);
	CHECK(session_open(&d, w1, strlen(w1), out, sizeof out) < 0);
	CHECK(session_open(&d, w2, strlen(w2), out, sizeof out) < 0);
	/* reordered, and dropped: the second line first fails */
	pair_up(&d, &c, key, "mac");
	seal(&c, "1 PING", w1);
	seal(&c, "2 PING", w2);
	CHECK(session_open(&d, w2, strlen(w2), out, sizeof out) < 0);
	/* a bit flipped, a clear line, a line sealed the other way */
	pair_up(&d, &c, key, "mac");
	seal(&c, "1 PING", w1);
	w1[3] = w1[3] == 'A' ? 'B' : 'A';
	CHECK(session_open(&d, w1, strlen(w1), out, sizeof out) < 0);
	pair_up(&d, &c, key, "mac");
	CHECK(session_open(&d, "1 PING", 6, out, sizeof out) < 0);
	pair_up(&d, &c, key, "mac");
	seal(&c, "1 PING", w1);
	CHECK(session_open(&c, w1, strlen(w1), out, sizeof out) < 0);   /* its own line back */
	/* another session, another credential, another AUTH mac: nothing opens */
	pair_up(&d, &c, key, "mac");
	pair_up(&d2, &c2, key, "mac");
	seal(&c, "1 PING", w1);
	CHECK(session_open(&d2, w1, strlen(w1), out, sizeof out) < 0);
	struct session_kx skx, ckx;
	char spk[SESSION_PK_HEX + 1], cpk[SESSION_PK_HEX + 1];
	session_kx_new(&skx, spk);
	session_kx_new(&ckx, cpk);
	CHECK(session_begin(&d, true, &skx, cpk, key, "mac") == 0);
	CHECK(session_begin(&c, false, &ckx, spk, other, "mac") == 0);
	seal(&c, "1 PING", w1);
	CHECK(session_open(&d, w1, strlen(w1), out, sizeof out) < 0);
	session_kx_new(&skx, spk);
	session_kx_new(&ckx, cpk);
	CHECK(session_begin(&d, true, &skx, cpk, key, "mac-a") == 0);
	CHECK(session_begin(&c, false, &ckx, spk, key, "mac-b") == 0);
	seal(&c, "1 PING", w1);
	CHECK(session_open(&d, w1, strlen(w1), out, sizeof out) < 0);
	/* a peer key that is not hex of 32 bytes */
	session_kx_new(&skx, spk);
	CHECK(session_begin(&d, true, &skx, "00112233", key, "mac") < 0);
	CHECK(!d.on);
	CHECK(session_seal(&d, "1 PING", 6, w1, sizeof w1) < 0);
}
