/*
 * ratelimit: a burst, then one act a second, per credential.
 */
#include "test.h"

#include "ratelimit.h"

TEST(ratelimit_allows_a_burst_then_one_a_second)
{
	struct ratelimit *r = ratelimit_new();
	REQUIRE(r != NULL);
	int64_t t = 1000000;
	int ok = 0;
	for (int i = 0; i < 100; i++) ok += ratelimit_take(r, "c1-ab", t);
	CHECK_INT_EQ(ok, RATELIMIT_BURST);
	CHECK(!ratelimit_take(r, "c1-ab", t + RATELIMIT_EVERY_MS - 1));
	CHECK(ratelimit_take(r, "c1-ab", t + RATELIMIT_EVERY_MS));
	CHECK(!ratelimit_take(r, "c1-ab", t + RATELIMIT_EVERY_MS));
	/* a minute of pressing as fast as a script can: one a second */
	ok = 0;
	for (int64_t ms = 1; ms <= 60000; ms += 10) ok += ratelimit_take(r, "c1-ab", t + RATELIMIT_EVERY_MS + ms);
	CHECK(ok >= 60000 / RATELIMIT_EVERY_MS - 1 && ok <= 60000 / RATELIMIT_EVERY_MS);
	/* the allowance fills again while it rests */
	ok = 0;
	for (int i = 0; i < 100; i++) ok += ratelimit_take(r, "c1-ab", t + 600000);
	CHECK_INT_EQ(ok, RATELIMIT_BURST);
	ratelimit_free(r);
}

TEST(ratelimit_counts_each_credential_alone)
{
	struct ratelimit *r = ratelimit_new();
	REQUIRE(r != NULL);
	for (int i = 0; i < 100; i++) ratelimit_take(r, "c1-ab", 5000);
	CHECK(!ratelimit_take(r, "c1-ab", 5000));
	CHECK(ratelimit_take(r, "c2-cd", 5000));
	CHECK(ratelimit_take(r, "k0-ef", 5000));
	ratelimit_free(r);
}
