/*
 * Unit tests of the report's login: the Argon2id password file, sessions
 * that expire, and the limits on guessing (time is passed in).
 */
#include "test.h"

#include <sodium.h>
#include <stdio.h>
#include <sys/stat.h>

#include "login.h"

static void set_password(const char *dir, const char *pw)
{
	char path[700], hash[crypto_pwhash_STRBYTES];
	REQUIRE(sodium_init() >= 0);
	/* the least work Argon2id allows, to keep the test fast; the verifier
	 * reads the cost from the hash (goiso-web password uses INTERACTIVE) */
	REQUIRE(crypto_pwhash_str_alg(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_MIN,
	                              crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13) == 0);
	CHECK(strncmp(hash, "$argon2id$", 10) == 0);
	snprintf(path, sizeof path, "%s/web.passwd", dir);
	FILE *f = fopen(path, "w");
	REQUIRE(f != NULL);
	fprintf(f, "%s\n", hash);
	fclose(f);
}

TEST(login_sessions_open_and_expire)
{
	char sid[LOGIN_SID_HEX + 1], sid2[LOGIN_SID_HEX + 1];
	struct login *l = login_new(test_tmpdir());
	REQUIRE(l != NULL);
	CHECK_INT_EQ(login_try(l, "10.0.0.5", "bất kỳ", 0, sid), LOGIN_NO_PASSWORD);
	set_password(test_tmpdir(), "mật khẩu đúng");
	CHECK_INT_EQ(login_try(l, "10.0.0.5", "mật khẩu đúng", 1000, sid), LOGIN_OK);
	CHECK_INT_EQ(strlen(sid), LOGIN_SID_HEX);
	CHECK(login_check(l, sid, 2000));
	CHECK(!login_check(l, "0000000000000000000000000000000000000000000000000000000000000000", 2000));
	CHECK(!login_check(l, "short", 2000));
	CHECK(!login_check(l, NULL, 2000));
	/* used within the idle time it lives on, up to its whole life */
	int64_t t = 2000;
	while (t + LOGIN_IDLE_MS - 1000 < LOGIN_MAX_MS) {
		t += LOGIN_IDLE_MS - 1000;
		CHECK(login_check(l, sid, t));
	}
	CHECK(!login_check(l, sid, LOGIN_MAX_MS + 1001));
	/* idle too long: gone */
	CHECK_INT_EQ(login_try(l, "10.0.0.5", "mật khẩu đúng", 5000, sid2), LOGIN_OK);
	CHECK(!login_check(l, sid2, 5000 + LOGIN_IDLE_MS + 1));
	/* logout ends it at once */
	CHECK_INT_EQ(login_try(l, "10.0.0.5", "mật khẩu đúng", 9000, sid2), LOGIN_OK);
	login_end(l, sid2);
	CHECK(!login_check(l, sid2, 9001));
	login_free(l);
}

TEST(login_guessing_is_slowed)
{
	char sid[LOGIN_SID_HEX + 1];
	set_password(test_tmpdir(), "mật khẩu đúng");
	struct login *l = login_new(test_tmpdir());
	REQUIRE(l != NULL);
	int64_t t = 0;
	for (int i = 0; i < LOGIN_FAILS - 1; i++, t += 1000)
		CHECK_INT_EQ(login_try(l, "10.0.0.9", "đoán", t, sid), LOGIN_WRONG);
	CHECK_INT_EQ(login_try(l, "10.0.0.9", "đoán", t, sid), LOGIN_LOCKED);
	/* locked: even the right password waits, another address does not */
	CHECK_INT_EQ(login_try(l, "10.0.0.9", "mật khẩu đúng", t + 1000, sid), LOGIN_LOCKED);
	CHECK_INT_EQ(login_wait_s(l, "10.0.0.9", t + 1000), (LOGIN_LOCK_MS - 1000) / 1000);
	CHECK_INT_EQ(login_try(l, "10.0.0.7", "mật khẩu đúng", t + 1000, sid), LOGIN_OK);
	CHECK_INT_EQ(login_try(l, "10.0.0.9", "mật khẩu đúng", t + LOGIN_LOCK_MS + 1, sid), LOGIN_OK);
	/* all addresses together: LOGIN_RATE checks a second */
	t += 10 * LOGIN_LOCK_MS;
	for (int i = 0; i < LOGIN_RATE; i++)
		CHECK_INT_EQ(login_try(l, "10.0.1.1", "sai", t, sid), LOGIN_WRONG);
	CHECK_INT_EQ(login_try(l, "10.0.1.2", "mật khẩu đúng", t + 10, sid), LOGIN_BUSY);
	CHECK_INT_EQ(login_try(l, "10.0.1.2", "mật khẩu đúng", t + 1000, sid), LOGIN_OK);
	login_free(l);
}
