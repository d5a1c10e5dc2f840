/*
 * The MACs of the handshake: each input changes the MAC, and a MAC is equal
 * only to itself, to its last hex digit (a half-compared MAC would let a
 * forger stop guessing half way).
 */
#include "test.h"

#include "auth.h"

TEST(auth_mac_binds_every_field_and_compares_whole)
{
	unsigned char k1[AUTH_KEY_BYTES] = { 1 }, k2[AUTH_KEY_BYTES] = { 2 };
	char m[8][AUTH_MAC_HEX + 1];
	REQUIRE(auth_init() == 0);
	auth_mac(k1, "n1", "c1", "id", "counter", 4, m[0]);
	auth_mac(k2, "n1", "c1", "id", "counter", 4, m[1]);
	auth_mac(k1, "n2", "c1", "id", "counter", 4, m[2]);
	auth_mac(k1, "n1", "c2", "id", "counter", 4, m[3]);
	auth_mac(k1, "n1", "c1", "ie", "counter", 4, m[4]);
	auth_mac(k1, "n1", "c1", "id", "admin", 4, m[5]);
	auth_mac(k1, "n1", "c1", "id", "counter", 5, m[6]);
	auth_mac(k1, "n1", "c1", "id", "counter", 4, m[7]);
	CHECK_INT_EQ(strlen(m[0]), AUTH_MAC_HEX);
	CHECK(auth_mac_equal(m[0], m[7]));
	for (int i = 1; i < 7; i++)
		if (auth_mac_equal(m[0], m[i])) test_fail(__FILE__, __LINE__, "field %d does not change the MAC", i);
	/* one hex digit off, at the start, the middle or the end */
	for (int at = 0; at < AUTH_MAC_HEX; at += AUTH_MAC_HEX / 4 - 1) {
		char off[AUTH_MAC_HEX + 1];
		memcpy(off, m[0], sizeof off);
		off[at] = off[at] == '0' ? '1' : '0';
		if (auth_mac_equal(m[0], off)) test_fail(__FILE__, __LINE__, "a MAC off at digit %d is equal", at);
	}
	char last[AUTH_MAC_HEX + 1];
	memcpy(last, m[0], sizeof last);
	last[AUTH_MAC_HEX - 1] = last[AUTH_MAC_HEX - 1] == 'f' ? 'e' : 'f';
	CHECK(!auth_mac_equal(m[0], last));
	CHECK(!auth_mac_equal(m[0], ""));
	CHECK(!auth_mac_equal("", ""));
}
