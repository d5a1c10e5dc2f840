/*
 * Unit tests of the follower boards' table: seen, gone, back, and the
 * wall's warning after the grace period.
 */
#include "test.h"

#include "followers.h"

TEST(followers_lost_only_after_the_grace_and_until_back)
{
	struct followers t = { .n = 0 };
	char w[200];
	followers_seen(&t, 2);
	followers_seen(&t, 5);
	followers_warning(&t, 1000, NULL, NULL, w, sizeof w);
	CHECK_STR_EQ(w, "");
	followers_left(&t, 2, 1000);
	followers_warning(&t, 1000 + FOLLOWERS_GRACE_MS - 1, NULL, NULL, w, sizeof w);
	CHECK_STR_EQ(w, "");                         /* a reconnect's blink is not a loss */
	followers_warning(&t, 1000 + FOLLOWERS_GRACE_MS, NULL, NULL, w, sizeof w);
	CHECK_STR_EQ(w, "Màn hình phụ 2 mất kết nối");
	followers_left(&t, 5, 2000);
	followers_warning(&t, 99000, NULL, NULL, w, sizeof w);
	CHECK_STR_EQ(w, "Màn hình phụ 2, 5 mất kết nối");
	followers_seen(&t, 2);                       /* back */
	followers_warning(&t, 99000, NULL, NULL, w, sizeof w);
	CHECK_STR_EQ(w, "Màn hình phụ 5 mất kết nối");
}

TEST(followers_with_two_connections_are_lost_when_both_close)
{
	struct followers t = { .n = 0 };
	char w[200];
	followers_seen(&t, 3);
	followers_seen(&t, 3);                       /* the new link before the old one closed */
	followers_left(&t, 3, 0);
	followers_warning(&t, 60000, NULL, NULL, w, sizeof w);
	CHECK_STR_EQ(w, "");
	followers_left(&t, 3, 0);
	followers_left(&t, 3, 0);                    /* one close too many changes nothing */
	followers_left(&t, 7, 0);                    /* nor one never seen */
	followers_warning(&t, 60000, NULL, NULL, w, sizeof w);
	CHECK_STR_EQ(w, "Màn hình phụ 3 mất kết nối");
	char tiny[8];
	followers_warning(&t, 60000, NULL, NULL, tiny, sizeof tiny);   /* cut, never overflowing */
	CHECK(tiny[sizeof tiny - 1] == 0 || strlen(tiny) < sizeof tiny);
}

/* Follower 5's keys were revoked: the wall does not call it lost. */
static bool paired_but_5(void *ud, int no)
{
	++*(int *)ud;
	return no != 5;
}

TEST(followers_revoked_are_not_named)
{
	struct followers t = { .n = 0 };
	char w[200];
	int asked = 0;
	followers_seen(&t, 2);
	followers_seen(&t, 5);
	followers_seen(&t, 6);
	followers_left(&t, 5, 0);
	followers_warning(&t, 60000, paired_but_5, &asked, w, sizeof w);
	CHECK_STR_EQ(w, "");
	CHECK_INT_EQ(asked, 1);                      /* asked of the lost ones only */
	followers_left(&t, 2, 0);
	followers_left(&t, 6, 0);
	followers_warning(&t, 60000, paired_but_5, &asked, w, sizeof w);
	CHECK_STR_EQ(w, "Màn hình phụ 2, 6 mất kết nối");
}
