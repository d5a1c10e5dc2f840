/*
 * paircode: what IT staff type, and the transcript both sides compute.
 */
#include "test.h"

#include "paircode.h"

#include <sodium.h>

static const struct { const char *typed; const char *want; } typed[] = {
	{ "7KQM-4XRT", "7KQM-4XRT" },
	{ "7kqm4xrt", "7KQM-4XRT" },
	{ " 7kqm - 4xrt ", "7KQM-4XRT" },
	{ "OIL0-ABCD", "0110-ABCD" },       /* O, I, L read as digits */
	{ "7KQM-4XR", NULL },              /* too short */
	{ "7KQM-4XRTT", NULL },            /* too long */
	{ "7KQU-4XRT", NULL },             /* U is not a symbol */
	{ "7KQ!-4XRT", NULL },
	{ "", NULL },
};

TEST(paircode_normalize_table)
{
	for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
		char out[PAIRCODE_TEXT];
		int rc = paircode_normalize(typed[i].typed, out);
		if (!typed[i].want) {
			if (rc != -1) test_fail(__FILE__, __LINE__, "'%s' accepted", typed[i].typed);
		} else if (rc != 0 || strcmp(out, typed[i].want)) {
			test_fail(__FILE__, __LINE__, "'%s' -> '%s'", typed[i].typed, rc ? "error" : out);
		}
	}
}

TEST(paircode_new_codes_are_canonical_and_differ)
{
	char a[PAIRCODE_TEXT], b[PAIRCODE_TEXT], n[PAIRCODE_TEXT];
	REQUIRE(sodium_init() >= 0);
	paircode_new(a);
	paircode_new(b);
	CHECK_INT_EQ(strlen(a), 9);
	CHECK_INT_EQ(a[4], '-');
	CHECK_INT_EQ(paircode_normalize(a, n), 0);
	CHECK_STR_EQ(n, a);
	CHECK(strcmp(a, b) != 0);
}

TEST(paircode_transcript_binds_code_salt_nonce_and_key)
{
	unsigned char salt[PAIRCODE_SALT_BYTES] = { 7 }, salt2[PAIRCODE_SALT_BYTES] = { 8 };
	unsigned char k[PAIRCODE_KEY_BYTES], k_again[PAIRCODE_KEY_BYTES];
	unsigned char k_wrong[PAIRCODE_KEY_BYTES], k_salt[PAIRCODE_KEY_BYTES];
	char m1[PAIRCODE_MAC_HEX + 1], m2[PAIRCODE_MAC_HEX + 1], p1[PAIRCODE_MAC_HEX + 1],
	     p2[PAIRCODE_MAC_HEX + 1];
	REQUIRE(sodium_init() >= 0);
	REQUIRE(paircode_derive("7KQM-4XRT", salt, k) == 0);
	REQUIRE(paircode_derive("7KQM-4XRT", salt, k_again) == 0);
	REQUIRE(paircode_derive("7KQM-4XRV", salt, k_wrong) == 0);
	REQUIRE(paircode_derive("7KQM-4XRT", salt2, k_salt) == 0);
	CHECK(memcmp(k, k_again, sizeof k) == 0);
	CHECK(memcmp(k, k_wrong, sizeof k) != 0);
	CHECK(memcmp(k, k_salt, sizeof k) != 0);

	paircode_mac(k, "n1", "c1", 7, "aa", m1);
	paircode_mac(k_again, "n1", "c1", 7, "aa", m2);
	CHECK_STR_EQ(m1, m2);
	paircode_mac(k, "n2", "c1", 7, "aa", m2);       /* another connection */
	CHECK(strcmp(m1, m2) != 0);
	paircode_mac(k, "n1", "c1", 8, "aa", m2);       /* another counter */
	CHECK(strcmp(m1, m2) != 0);
	paircode_mac(k, "n1", "c1", 7, "ab", m2);       /* a swapped public key */
	CHECK(strcmp(m1, m2) != 0);
	paircode_mac(k_wrong, "n1", "c1", 7, "aa", m2);
	CHECK(strcmp(m1, m2) != 0);
	CHECK_INT_EQ(strlen(m1), PAIRCODE_MAC_HEX);

	paircode_proof(k, "n1", "c1", "c7-1234", "ff", p1);
	paircode_proof(k, "n1", "c1", "c7-1234", "fe", p2);
	CHECK(strcmp(p1, p2) != 0);
	CHECK(strcmp(p1, m1) != 0);                      /* proof is not a mac */
}
