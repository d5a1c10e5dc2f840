/*
 * loop: poll(2) over a dense array of watched fds plus a small timer list.
 * fd → slot lookup is an array indexed by fd, so adding, changing and
 * removing a watch is O(1); a turn is O(watched fds), fine for the ~1,000
 * clients a daemon is sized for. Timers are few (Avahi's, the clock, the
 * day check): a linear scan is simpler than a heap and fast enough.
 *
 * Callbacks may add or remove watches and timers, including their own.
 */
#include "loop.h"

#include "clock.h"
#include "vec.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct watch {
	loop_io_fn fn;
	void *ud;
};

struct timer {
	long id;
	int64_t at_ms;
	loop_timer_fn fn;
	void *ud;
};

struct loop {
	struct pollfd *pfds;       /* dense: [0, npfds) */
	int npfds, cap_pfds;
	int *slot_of;              /* fd → index in pfds, -1 */
	struct watch *watch_of;    /* fd → callback */
	int cap_fds;
	struct timer *timers;
	int ntimers, cap_timers;
	long next_timer_id;
	int64_t now_ns, now_ms, wall_ms;
	const char *skew_file;     /* tests only: GOISO_TEST_CLOCK_SKEW */
};

/* Tests step the daemon's wall clock without touching the machine's:
 * GOISO_TEST_CLOCK_SKEW names a file holding milliseconds to add to the
 * wall clock, read again at each turn. Nothing else reads it. */
static int64_t test_skew_ms(const char *path)
{
	long long ms = 0;
	FILE *f = path ? fopen(path, "r") : NULL;
	if (!f) return 0;
	if (fscanf(f, "%lld", &ms) != 1) ms = 0;
	fclose(f);
	return ms;
}

void loop_update_time(struct loop *l)
{
	l->now_ns = clock_mono_ns();
	l->now_ms = l->now_ns / 1000000;
	l->wall_ms = clock_wall_ms() + test_skew_ms(l->skew_file);
}

struct loop *loop_new(void)
{
	struct loop *l = calloc(1, sizeof *l);
	if (!l) return NULL;
	l->skew_file = getenv("GOISO_TEST_CLOCK_SKEW");
	loop_update_time(l);
	return l;
}

void loop_free(struct loop *l)
{
	if (!l) return;
	free(l->pfds);
	free(l->slot_of);
	free(l->watch_of);
	free(l->timers);
	free(l);
}

static short to_poll(int events)
{
	return (short)(((events & LOOP_READ) ? POLLIN : 0) | ((events & LOOP_WRITE) ? POLLOUT : 0));
}

static int grow_fds(struct loop *l, int fd)
{
	if (fd < l->cap_fds) return 0;
	/* two arrays indexed by fd, grown alike; cap_fds moves when both have */
	int cap = l->cap_fds, wcap = l->cap_fds;
	if (VEC_RESERVE(l->slot_of, cap, fd + 1, 64) || VEC_RESERVE(l->watch_of, wcap, fd + 1, 64))
		return -1;
	for (int i = l->cap_fds; i < cap; i++) l->slot_of[i] = -1;
	l->cap_fds = cap;
	return 0;
}

int loop_add_fd(struct loop *l, int fd, int events, loop_io_fn fn, void *ud)
{
	if (fd < 0 || grow_fds(l, fd)) return -1;
	if (l->slot_of[fd] < 0) {
		if (VEC_RESERVE(l->pfds, l->cap_pfds, l->npfds + 1, 64)) return -1;
		l->slot_of[fd] = l->npfds++;
		l->pfds[l->slot_of[fd]].fd = fd;
	}
	l->pfds[l->slot_of[fd]].events = to_poll(events);
	l->pfds[l->slot_of[fd]].revents = 0;
	l->watch_of[fd].fn = fn;
	l->watch_of[fd].ud = ud;
	return 0;
}

int loop_set_events(struct loop *l, int fd, int events)
{
	if (fd < 0 || fd >= l->cap_fds || l->slot_of[fd] < 0) return -1;
	l->pfds[l->slot_of[fd]].events = to_poll(events);
	return 0;
}

void loop_del_fd(struct loop *l, int fd)
{
	if (fd < 0 || fd >= l->cap_fds || l->slot_of[fd] < 0) return;
	int slot = l->slot_of[fd], last = l->npfds - 1;
	if (slot != last) {
		l->pfds[slot] = l->pfds[last];
		l->slot_of[l->pfds[slot].fd] = slot;
	}
	l->npfds--;
	l->slot_of[fd] = -1;
}

long loop_add_timer(struct loop *l, int64_t at_ms, loop_timer_fn fn, void *ud)
{
	if (VEC_RESERVE(l->timers, l->cap_timers, l->ntimers + 1, 16)) return -1;
	long id = ++l->next_timer_id;
	l->timers[l->ntimers++] = (struct timer){ id, at_ms, fn, ud };
	return id;
}

void loop_del_timer(struct loop *l, long id)
{
	for (int i = 0; i < l->ntimers; i++)
		if (l->timers[i].id == id) {
			l->timers[i] = l->timers[--l->ntimers];
			return;
		}
}

int64_t loop_now_ms(const struct loop *l) { return l->now_ms; }
int64_t loop_now_ns(const struct loop *l) { return l->now_ns; }
int64_t loop_wall_ms(const struct loop *l) { return l->wall_ms; }

static int run_timers(struct loop *l)
{
	int ran = 0;
	/* a timer callback may add or delete timers: look for one due at a time */
	for (;;) {
		int due = -1;
		for (int i = 0; i < l->ntimers; i++)
			if (l->timers[i].at_ms <= l->now_ms &&
			    (due < 0 || l->timers[i].at_ms < l->timers[due].at_ms))
				due = i;
		if (due < 0 || ran > 1000) return ran;
		struct timer t = l->timers[due];
		l->timers[due] = l->timers[--l->ntimers];
		t.fn(l, t.ud);
		ran++;
	}
}

int loop_run_once(struct loop *l, int max_wait_ms)
{
	int64_t wait = max_wait_ms < 0 ? 0 : max_wait_ms;
	for (int i = 0; i < l->ntimers; i++) {
		int64_t d = l->timers[i].at_ms - l->now_ms;
		if (d < wait) wait = d < 0 ? 0 : d;
	}
	int n = poll(l->pfds, (nfds_t)l->npfds, (int)wait);
	loop_update_time(l);
	if (n < 0) return errno == EINTR ? 0 : -1;
	int ran = 0;
	/* walk a snapshot of ready fds: callbacks may change the array */
	for (int i = 0; n > 0 && i < l->npfds; i++) {
		struct pollfd p = l->pfds[i];
		if (!p.revents) continue;
		n--;
		l->pfds[i].revents = 0;
		int ev = ((p.revents & POLLIN) ? LOOP_READ : 0) | ((p.revents & POLLOUT) ? LOOP_WRITE : 0) |
		         ((p.revents & (POLLERR | POLLHUP | POLLNVAL)) ? LOOP_ERROR : 0);
		struct watch w = l->watch_of[p.fd];
		w.fn(l, p.fd, ev, w.ud);
		ran++;
		/* the callback may have deleted this slot and moved the last fd in */
		if (i < l->npfds && l->pfds[i].fd != p.fd) i--;
	}
	return ran + run_timers(l);
}

static volatile sig_atomic_t *stop_flag;

static void on_stop_signal(int sig)
{
	(void)sig;
	*stop_flag = 1;
}

void loop_catch_signals(volatile sig_atomic_t *stop)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	stop_flag = stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}
