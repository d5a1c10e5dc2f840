/*
 * Unit tests of vec: arrays grow by doubling and keep their contents.
 */
#include "test.h"

#include <stdint.h>
#include <stdlib.h>

#include "vec.h"

TEST(vec_grows_by_doubling_and_keeps_contents)
{
	int *a = NULL, cap = 0;
	for (int i = 0; i < 1000; i++) {
		REQUIRE(VEC_RESERVE(a, cap, i + 1, 16) == 0);
		a[i] = i * 7;
	}
	CHECK_INT_EQ(cap, 1024);
	int bad = 0;
	for (int i = 0; i < 1000; i++) bad += a[i] != i * 7;
	CHECK_INT_EQ(bad, 0);
	CHECK_INT_EQ(VEC_RESERVE(a, cap, 10, 16), 0);   /* room already: unchanged */
	CHECK_INT_EQ(cap, 1024);
	free(a);
}

TEST(vec_jumps_to_a_far_index_and_refuses_the_impossible)
{
	struct { char c[64]; } *s = NULL;
	int cap = 0;
	CHECK_INT_EQ(VEC_RESERVE(s, cap, 300, 64), 0);
	CHECK_INT_EQ(cap, 512);
	CHECK_INT_EQ(VEC_RESERVE(s, cap, INT32_MAX, 64), -1);
	CHECK_INT_EQ(cap, 512);
	free(s);
}
