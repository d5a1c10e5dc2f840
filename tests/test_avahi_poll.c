/*
 * The AvahiPoll adapter over the daemon loop, driven with pipes and timers
 * the way avahi-client drives it: two watches on one fd, watches freed and
 * timeouts re-armed from inside their own callbacks.
 */
#include "test.h"

#include "avahi_poll.h"
#include "loop.h"

#include <sys/time.h>
#include <unistd.h>

struct rec {
	int calls;
	AvahiWatchEvent last;
	AvahiWatchEvent seen_by_get;
	const AvahiPoll *api;
	AvahiWatch *to_free;          /* freed from inside the callback */
};

static void on_watch(AvahiWatch *w, int fd, AvahiWatchEvent ev, void *ud)
{
	struct rec *r = ud;
	(void)fd;
	r->calls++;
	r->last = ev;
	r->seen_by_get = r->api->watch_get_events(w);
	if (r->to_free) {
		r->api->watch_free(r->to_free);
		r->to_free = NULL;
	}
}

static void run_turns(struct loop *l, int n)
{
	for (int i = 0; i < n; i++) loop_run_once(l, 10);
}

TEST(avahi_poll_two_watches_share_one_fd)
{
	struct loop *l = loop_new();
	struct avahi_poll *p = avahi_poll_new(l);
	const AvahiPoll *api = avahi_poll_get(p);
	struct rec rin = { .api = api }, rout = { .api = api };
	int fds[2];
	REQUIRE(pipe(fds) == 0);
	/* A pipe's write end is always writable, never readable: the read
	 * watch on it must stay silent while the write watch fires. */
	AvahiWatch *win = api->watch_new(api, fds[1], AVAHI_WATCH_IN, on_watch, &rin);
	AvahiWatch *wout = api->watch_new(api, fds[1], AVAHI_WATCH_OUT, on_watch, &rout);
	run_turns(l, 1);
	CHECK_INT_EQ(rin.calls, 0);
	CHECK(rout.calls >= 1);
	CHECK_INT_EQ(rout.last, AVAHI_WATCH_OUT);
	CHECK_INT_EQ(rout.seen_by_get, AVAHI_WATCH_OUT);
	CHECK_INT_EQ(api->watch_get_events(wout), 0);
	/* Turning the write watch off keeps the read watch registered. */
	api->watch_update(wout, 0);
	rout.calls = 0;
	run_turns(l, 2);
	CHECK_INT_EQ(rout.calls, 0);
	CHECK_INT_EQ(avahi_poll_nwatches(p), 2);
	api->watch_free(win);
	api->watch_free(wout);
	CHECK_INT_EQ(avahi_poll_nwatches(p), 0);
	avahi_poll_free(p);
	loop_free(l);
	close(fds[0]);
	close(fds[1]);
}

TEST(avahi_poll_watch_freed_inside_a_callback)
{
	struct loop *l = loop_new();
	struct avahi_poll *p = avahi_poll_new(l);
	const AvahiPoll *api = avahi_poll_get(p);
	struct rec ra = { .api = api }, rb = { .api = api };
	int fds[2];
	REQUIRE(pipe(fds) == 0);
	REQUIRE(write(fds[1], "x", 1) == 1);
	AvahiWatch *wa = api->watch_new(api, fds[0], AVAHI_WATCH_IN, on_watch, &ra);
	AvahiWatch *wb = api->watch_new(api, fds[0], AVAHI_WATCH_IN, on_watch, &rb);
	/* wb is first in the walk (newest first); it frees wa, which then
	 * must not be called, and then frees itself on the next event. */
	rb.to_free = wa;
	run_turns(l, 1);
	CHECK_INT_EQ(rb.calls, 1);
	CHECK_INT_EQ(ra.calls, 0);
	CHECK_INT_EQ(avahi_poll_nwatches(p), 1);
	rb.to_free = wb;
	run_turns(l, 1);
	CHECK_INT_EQ(rb.calls, 2);
	CHECK_INT_EQ(avahi_poll_nwatches(p), 0);
	rb.calls = 0;
	run_turns(l, 2);       /* fd forgotten by the loop: no more calls */
	CHECK_INT_EQ(rb.calls, 0);
	avahi_poll_free(p);
	loop_free(l);
	close(fds[0]);
	close(fds[1]);
}

TEST(avahi_poll_hangup_reaches_a_watch_that_asked_nothing)
{
	struct loop *l = loop_new();
	struct avahi_poll *p = avahi_poll_new(l);
	const AvahiPoll *api = avahi_poll_get(p);
	struct rec r = { .api = api };
	int fds[2];
	REQUIRE(pipe(fds) == 0);
	AvahiWatch *w = api->watch_new(api, fds[0], 0, on_watch, &r);
	close(fds[1]);
	run_turns(l, 1);
	CHECK_INT_EQ(r.calls, 1);
	CHECK(r.last & (AVAHI_WATCH_HUP | AVAHI_WATCH_ERR));
	api->watch_free(w);
	avahi_poll_free(p);     /* nothing left to free: LSan checks it */
	loop_free(l);
	close(fds[0]);
}

struct tick {
	int calls;
	int rearm;                    /* times to re-arm from the callback */
	const AvahiPoll *api;
	struct timeval fired_at;
	int free_self;
};

static void on_timeout(AvahiTimeout *t, void *ud)
{
	struct tick *k = ud;
	k->calls++;
	gettimeofday(&k->fired_at, NULL);
	if (k->rearm > 0) {
		struct timeval tv;
		k->rearm--;
		gettimeofday(&tv, NULL);
		k->api->timeout_update(t, &tv);
	} else if (k->free_self) {
		k->api->timeout_free(t);
	}
}

static long ms_between(const struct timeval *a, const struct timeval *b)
{
	return (b->tv_sec - a->tv_sec) * 1000L + (b->tv_usec - a->tv_usec) / 1000L;
}

TEST(avahi_poll_timeouts_fire_at_their_wall_time_once)
{
	struct loop *l = loop_new();
	struct avahi_poll *p = avahi_poll_new(l);
	const AvahiPoll *api = avahi_poll_get(p);
	struct tick k = { .api = api };
	struct timeval start, at;
	gettimeofday(&start, NULL);
	at = start;
	at.tv_usec += 50000;
	if (at.tv_usec >= 1000000) { at.tv_sec++; at.tv_usec -= 1000000; }
	loop_update_time(l);
	AvahiTimeout *t = api->timeout_new(api, &at, on_timeout, &k);
	CHECK_INT_EQ(avahi_poll_ntimeouts(p), 1);
	for (int i = 0; i < 50 && !k.calls; i++) loop_run_once(l, 100);
	CHECK_INT_EQ(k.calls, 1);
	CHECK(ms_between(&start, &k.fired_at) >= 45);
	CHECK(ms_between(&start, &k.fired_at) < 500);
	run_turns(l, 3);
	CHECK_INT_EQ(k.calls, 1);                /* disarmed after firing */
	CHECK_INT_EQ(avahi_poll_ntimeouts(p), 0);
	/* A NULL time never fires; re-arming from the callback works. */
	api->timeout_update(t, NULL);
	run_turns(l, 2);
	CHECK_INT_EQ(k.calls, 1);
	k.rearm = 2;
	api->timeout_update(t, &start);           /* in the past: fires now */
	run_turns(l, 5);
	CHECK_INT_EQ(k.calls, 4);
	api->timeout_free(t);
	avahi_poll_free(p);
	loop_free(l);
}

TEST(avahi_poll_timeout_freed_inside_its_callback)
{
	struct loop *l = loop_new();
	struct avahi_poll *p = avahi_poll_new(l);
	const AvahiPoll *api = avahi_poll_get(p);
	struct tick k = { .api = api, .free_self = 1 };
	struct timeval now;
	gettimeofday(&now, NULL);
	api->timeout_new(api, &now, on_timeout, &k);
	/* A timeout never armed is freed with the adapter. */
	api->timeout_new(api, NULL, on_timeout, &k);
	run_turns(l, 2);
	CHECK_INT_EQ(k.calls, 1);
	avahi_poll_free(p);
	loop_free(l);
}
