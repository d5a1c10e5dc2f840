/*
 * The reply cache at its real bound (REPLYCACHE_MAX): one put is the work
 * one accepted request adds to the display's turn. 400,000 puts of
 * realistic keys and replies (three times past the bound): the time of the
 * slowest put, and of the puts at the moments the cache is full again
 * (every REPLYCACHE_MAX / 2 puts after the bound, where forgetting the
 * oldest half at once took 140-180 ms), beside the scheduler's floor.
 */
#include "test.h"
#include "bench_floor.h"

#include <stdlib.h>
#include <time.h>

#include "replycache.h"

#define PUTS 400000

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

TEST(bench_replycache_put_at_its_bound)
{
	static double took[PUTS];
	struct replycache *c = replycache_new();
	REQUIRE(c != NULL);
	char id[64];
	double at_bound = 0;
	for (int i = 0; i < PUTS; i++) {
		snprintf(id, sizeof id, "%08x-%d", (unsigned)i * 2654435761u, i);
		double a = now_ms();
		CHECK_INT_EQ(replycache_put(c, "3f9a01c2/counter/17", id, "NEXT counter=17",
		                            "3f9a01c2-17 OK ticket=A001 counter=17 waiting=12 service=A\n"), 0);
		took[i] = now_ms() - a;
		if (i >= REPLYCACHE_MAX && (i - REPLYCACHE_MAX) % (REPLYCACHE_MAX / 2) == 0 && took[i] > at_bound)
			at_bound = took[i];
	}
	replycache_free(c);
	double p50 = bench_pct(took, PUTS, 0.5), p9999 = bench_pct(took, PUTS, 0.9999);
	printf("  reply cache, %d puts at a bound of %d: p50 %.4f ms, p99.99 %.3f ms, slowest %.2f ms; "
	       "slowest where the cache filled again %.2f ms (floor: a 1 ms sleep's overshoot p99 %.2f ms)\n",
	       PUTS, REPLYCACHE_MAX, p50, p9999, took[PUTS - 1], at_bound, floor_get("sleep_p99"));
}
