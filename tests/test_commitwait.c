/*
 * A request's wait for the first commit that starts after it, the floor
 * the load benchmark reads its acks against: computed by hand for a few
 * syncs, and the even spread that weighs a slow sync by its length.
 */
#include "test.h"

#include "commitwait.h"

/* Three back-to-back syncs: 0-100, 100-200, then a slow one 200-1200,
 * then 1200-1300. */
static const struct commit_span syncs[] = { { 0, 100 }, { 100, 200 }, { 200, 1200 }, { 1200, 1300 } };
#define N ((long)(sizeof syncs / sizeof syncs[0]))

TEST(commitwait_waits_for_the_sync_in_progress_then_one_more)
{
	/* at the very start of a sync: that sync is the first to start at t */
	CHECK_INT_EQ(commitwait_at(syncs, N, 0), 100);
	CHECK_INT_EQ(commitwait_at(syncs, N, 100), 100);
	/* during the first: the rest of it, then the whole second */
	CHECK_INT_EQ(commitwait_at(syncs, N, 50), 150);
	/* during the second: the slow one after it */
	CHECK_INT_EQ(commitwait_at(syncs, N, 150), 1050);
	/* during the slow one: its rest and the next */
	CHECK_INT_EQ(commitwait_at(syncs, N, 700), 600);
	/* no sync starts after it: no wait can be told */
	CHECK_INT_EQ(commitwait_at(syncs, N, 1250), -1);
	CHECK_INT_EQ(commitwait_at(syncs, 0, 0), -1);
}

TEST(commitwait_even_weighs_a_slow_sync_by_its_length)
{
	long long w[1200];
	/* 1200 arrivals over [0, 1200): one a microsecond */
	REQUIRE(commitwait_even(syncs, N, 1200, w) == 1200);
	CHECK_INT_EQ(w[0], 100);
	CHECK_INT_EQ(w[150], 1050);
	CHECK_INT_EQ(w[1199], 101);
	/* one sync of four is slow, yet most arrivals wait over 150 us: the
	 * 49 in the first sync's first half, the 100 in the second (the slow
	 * one is next) and the 949 in the slow one's first 950 us */
	int over = 0;
	for (int i = 0; i < 1200; i++) over += w[i] > 150;
	CHECK_INT_EQ(over, 49 + 100 + 949);
	CHECK_INT_EQ(commitwait_even(syncs, 1, 10, w), 0);
}
