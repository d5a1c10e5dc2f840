/*
 * The reply cache at a small bound, so that forgetting is reached: the
 * newest replies are kept, the oldest goes, one for each new one (never a
 * whole half at once, which stalled a turn), a first reply is never
 * replaced, and lookups still find every survivor after many evictions.
 */
#include "test.h"

#include "replycache.h"

/* The cached reply to id, or NULL (the API tells "new" from "reused"). */
static const char *lookup(struct replycache *c, const char *principal, const char *req, const char *what)
{
	const char *reply;
	return replycache_get(c, principal, req, what, &reply) > 0 ? reply : NULL;
}

static const char *get(struct replycache *c, int i)
{
	char req[16];
	snprintf(req, sizeof req, "r%d", i);
	return lookup(c, "k1/counter/4", req, "NEXT counter=4");
}

static void put(struct replycache *c, int i)
{
	char req[16], reply[32];
	snprintf(req, sizeof req, "r%d", i);
	snprintf(reply, sizeof reply, "r%d OK ticket=A%03d\n", i, i);
	CHECK_INT_EQ(replycache_put(c, "k1/counter/4", req, "NEXT counter=4", reply), 0);
}

TEST(replycache_first_reply_stays_and_principals_are_apart)
{
	struct replycache *c = replycache_new_max(8);
	REQUIRE(c != NULL);
	const char *reply;
	CHECK(lookup(c, "a/admin/0", "1", "NEXT counter=2") == NULL);
	CHECK_INT_EQ(replycache_put(c, "a/admin/0", "1", "NEXT counter=2", "1 OK ticket=A001\n"), 0);
	CHECK_INT_EQ(replycache_put(c, "a/admin/0", "1", "NEXT counter=2", "1 OK ticket=A002\n"), 0);
	CHECK_STR_EQ(lookup(c, "a/admin/0", "1", "NEXT counter=2"), "1 OK ticket=A001\n");
	CHECK(lookup(c, "b/counter/5", "1", "NEXT counter=2") == NULL);   /* same id, another principal */
	/* the same id for another request: not a retry */
	CHECK_INT_EQ(replycache_get(c, "a/admin/0", "1", "NEXT counter=1", &reply), -1);
	CHECK_INT_EQ(replycache_get(c, "a/admin/0", "1", "SKIP counter=2", &reply), -1);
	CHECK(reply == NULL);
	CHECK_INT_EQ(replycache_get(c, "a/admin/0", "2", "SKIP counter=2", &reply), 0);
	CHECK_INT_EQ(replycache_count(c), 1);
	replycache_free(c);
}

TEST(replycache_forgets_the_oldest_at_its_bound)
{
	struct replycache *c = replycache_new_max(8);
	REQUIRE(c != NULL);
	for (int i = 1; i <= 8; i++) put(c, i);
	CHECK_INT_EQ(replycache_count(c), 8);
	for (int i = 1; i <= 8; i++) CHECK(get(c, i) != NULL);
	put(c, 9);   /* full: 1 goes, 2-9 stay */
	CHECK_INT_EQ(replycache_count(c), 8);
	if (get(c, 1)) test_fail(__FILE__, __LINE__, "r1 (the oldest) still cached");
	for (int i = 2; i <= 9; i++)
		if (!get(c, i)) test_fail(__FILE__, __LINE__, "r%d (among the newest) forgotten", i);
	CHECK_STR_EQ(get(c, 9), "r9 OK ticket=A009\n");
	put(c, 5);   /* a retry: nothing new, nothing forgotten */
	CHECK_INT_EQ(replycache_count(c), 8);
	CHECK(get(c, 2) != NULL);
	replycache_free(c);
}

/* Forgetting costs the same small work on every put at the bound: the
 * count stays at the bound (a put that forgot half the cache at once held
 * one turn of the display 140-180 ms at 131,072 entries). */
TEST(replycache_forgets_one_per_put_at_its_bound)
{
	struct replycache *c = replycache_new_max(16);
	REQUIRE(c != NULL);
	for (int i = 1; i <= 1000; i++) {
		put(c, i);
		if (replycache_count(c) != (i < 16 ? i : 16)) {
			test_fail(__FILE__, __LINE__, "%d entries after %d puts at a bound of 16", replycache_count(c), i);
			break;
		}
		/* the count alone can go down while an entry is lost in the table
		 * (it then fills and a put never ends): the newest are found */
		if (!get(c, i) || (i > 1 && !get(c, i - 1))) {
			test_fail(__FILE__, __LINE__, "a newest entry is not found after %d puts", i);
			break;
		}
	}
	replycache_free(c);
}

TEST(replycache_survivors_found_after_many_evictions)
{
	struct replycache *c = replycache_new_max(16);
	REQUIRE(c != NULL);
	for (int i = 1; i <= 1000; i++) {
		put(c, i);
		CHECK(replycache_count(c) <= 16);
		/* the newest half of the bound is always there */
		for (int k = i; k > i - 8 && k > 0; k--)
			if (!get(c, k)) { test_fail(__FILE__, __LINE__, "r%d forgotten at %d", k, i); break; }
		if (i > 16 && get(c, i - 16)) test_fail(__FILE__, __LINE__, "r%d kept past the bound at %d", i - 16, i);
		if (test_failed_now()) break;
	}
	replycache_free(c);
}

/* Cleared (today rebuilt from the log), the cache fills and forgets from
 * its start again. */
TEST(replycache_cleared_fills_and_forgets_again)
{
	struct replycache *c = replycache_new_max(8);
	REQUIRE(c != NULL);
	for (int i = 1; i <= 12; i++) put(c, i);
	replycache_clear(c);
	CHECK_INT_EQ(replycache_count(c), 0);
	CHECK(get(c, 12) == NULL);
	for (int i = 1; i <= 10; i++) put(c, i);
	CHECK_INT_EQ(replycache_count(c), 8);
	for (int i = 1; i <= 2; i++)
		if (get(c, i)) test_fail(__FILE__, __LINE__, "r%d (among the oldest) still cached", i);
	for (int i = 3; i <= 10; i++)
		if (!get(c, i)) test_fail(__FILE__, __LINE__, "r%d forgotten", i);
	replycache_free(c);
}
