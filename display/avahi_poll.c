/*
 * avahi_poll: Avahi's watches and timeouts on the daemon loop (see
 * avahi_poll.h for the contract).
 *
 * Watches live in one list. For each fd the loop is told the union of
 * the events its live watches want; when the loop reports events on the
 * fd, every live watch on it whose wishes (plus errors and hang-ups,
 * which poll reports unasked) match is called. Avahi may free or create
 * watches from inside those callbacks, so freeing during a dispatch only
 * marks the watch dead; dead watches are swept once no dispatch runs.
 */
#include "avahi_poll.h"

#include "clock.h"
#include "loop.h"

#include <stdbool.h>
#include <stdlib.h>
#include <sys/time.h>

struct AvahiWatch {
	struct avahi_poll *p;
	int fd;
	AvahiWatchEvent want;
	AvahiWatchEvent got;          /* during its dispatch, for get_events */
	AvahiWatchCallback cb;
	void *ud;
	bool dead;
	struct AvahiWatch *next;
};

struct AvahiTimeout {
	struct avahi_poll *p;
	long timer;                   /* loop timer id, 0 when disarmed */
	AvahiTimeoutCallback cb;
	void *ud;
	struct AvahiTimeout *next;
};

struct avahi_poll {
	AvahiPoll api;                /* api.userdata points back here */
	struct loop *loop;
	struct AvahiWatch *watches;
	struct AvahiTimeout *timeouts;
	int dispatching;              /* nesting depth of on_io */
	bool need_sweep;
};

static int to_loop_events(AvahiWatchEvent e)
{
	return (e & AVAHI_WATCH_IN ? LOOP_READ : 0) | (e & AVAHI_WATCH_OUT ? LOOP_WRITE : 0);
}

static AvahiWatchEvent from_loop_events(int ev)
{
	int e = (ev & LOOP_READ ? AVAHI_WATCH_IN : 0) | (ev & LOOP_WRITE ? AVAHI_WATCH_OUT : 0) |
	        (ev & LOOP_ERROR ? AVAHI_WATCH_ERR | AVAHI_WATCH_HUP : 0);
	return (AvahiWatchEvent)e;
}

static void on_io(struct loop *l, int fd, int events, void *ud);

/* Tells the loop what the live watches on fd want, or forgets fd. */
static void sync_fd(struct avahi_poll *p, int fd)
{
	bool any = false;
	int want = 0;
	for (struct AvahiWatch *w = p->watches; w; w = w->next) {
		if (w->dead || w->fd != fd) continue;
		any = true;
		want |= to_loop_events(w->want);
	}
	if (any)
		loop_add_fd(p->loop, fd, want, on_io, p);
	else
		loop_del_fd(p->loop, fd);
}

static void sweep(struct avahi_poll *p)
{
	struct AvahiWatch **pw = &p->watches;
	while (*pw) {
		struct AvahiWatch *w = *pw;
		if (w->dead) {
			*pw = w->next;
			free(w);
		} else {
			pw = &w->next;
		}
	}
	p->need_sweep = false;
}

static void on_io(struct loop *l, int fd, int events, void *ud)
{
	struct avahi_poll *p = ud;
	AvahiWatchEvent got = from_loop_events(events);
	(void)l;
	p->dispatching++;
	/* Watches created by a callback are prepended, so they are not
	 * reached by this walk and do not see an event meant for others. */
	for (struct AvahiWatch *w = p->watches; w; w = w->next) {
		AvahiWatchEvent hit;
		if (w->dead || w->fd != fd) continue;
		hit = (AvahiWatchEvent)(got & (w->want | AVAHI_WATCH_ERR | AVAHI_WATCH_HUP));
		if (!hit) continue;
		w->got = hit;
		w->cb(w, fd, hit, w->ud);
		w->got = 0;
	}
	if (--p->dispatching == 0 && p->need_sweep)
		sweep(p);
}

static AvahiWatch *watch_new(const AvahiPoll *api, int fd, AvahiWatchEvent event,
                             AvahiWatchCallback cb, void *ud)
{
	struct avahi_poll *p = api->userdata;
	struct AvahiWatch *w = calloc(1, sizeof *w);
	if (!w) return NULL;
	*w = (struct AvahiWatch){ .p = p, .fd = fd, .want = event, .cb = cb, .ud = ud, .next = p->watches };
	p->watches = w;
	sync_fd(p, fd);
	return w;
}

static void watch_update(AvahiWatch *w, AvahiWatchEvent event)
{
	w->want = event;
	sync_fd(w->p, w->fd);
}

static AvahiWatchEvent watch_get_events(AvahiWatch *w)
{
	return w->got;
}

static void watch_free(AvahiWatch *w)
{
	struct avahi_poll *p = w->p;
	w->dead = true;
	sync_fd(p, w->fd);
	if (p->dispatching)
		p->need_sweep = true;
	else
		sweep(p);
}

static void on_timer(struct loop *l, void *ud)
{
	struct AvahiTimeout *t = ud;
	(void)l;
	t->timer = 0;         /* fired: the loop forgot it; Avahi may re-arm */
	t->cb(t, t->ud);      /* may free t: nothing touches t after this */
}

/* Arms t for the absolute wall time tv (NULL: disarmed). */
static void timeout_arm(struct AvahiTimeout *t, const struct timeval *tv)
{
	int64_t delay_ms;
	if (t->timer) loop_del_timer(t->p->loop, t->timer);
	t->timer = 0;
	if (!tv) return;
	delay_ms = (int64_t)tv->tv_sec * 1000 + ((int64_t)tv->tv_usec + 999) / 1000 - clock_wall_ms();
	if (delay_ms < 0) delay_ms = 0;
	t->timer = loop_add_timer(t->p->loop, loop_now_ms(t->p->loop) + delay_ms, on_timer, t);
	if (t->timer < 0) t->timer = 0;
}

static AvahiTimeout *timeout_new(const AvahiPoll *api, const struct timeval *tv,
                                 AvahiTimeoutCallback cb, void *ud)
{
	struct avahi_poll *p = api->userdata;
	struct AvahiTimeout *t = calloc(1, sizeof *t);
	if (!t) return NULL;
	*t = (struct AvahiTimeout){ .p = p, .cb = cb, .ud = ud, .next = p->timeouts };
	p->timeouts = t;
	timeout_arm(t, tv);
	return t;
}

static void timeout_update(AvahiTimeout *t, const struct timeval *tv)
{
	timeout_arm(t, tv);
}

static void timeout_free(AvahiTimeout *t)
{
	struct avahi_poll *p = t->p;
	struct AvahiTimeout **pt = &p->timeouts;
	if (t->timer) loop_del_timer(p->loop, t->timer);
	while (*pt && *pt != t) pt = &(*pt)->next;
	if (*pt) *pt = t->next;
	free(t);
}

struct avahi_poll *avahi_poll_new(struct loop *l)
{
	struct avahi_poll *p = calloc(1, sizeof *p);
	if (!p) return NULL;
	p->loop = l;
	p->api.userdata = p;
	p->api.watch_new = watch_new;
	p->api.watch_update = watch_update;
	p->api.watch_get_events = watch_get_events;
	p->api.watch_free = watch_free;
	p->api.timeout_new = timeout_new;
	p->api.timeout_update = timeout_update;
	p->api.timeout_free = timeout_free;
	return p;
}

void avahi_poll_free(struct avahi_poll *p)
{
	if (!p) return;
	while (p->watches) {
		struct AvahiWatch *w = p->watches;
		p->watches = w->next;
		if (!w->dead) loop_del_fd(p->loop, w->fd);
		free(w);
	}
	while (p->timeouts) timeout_free(p->timeouts);
	free(p);
}

const AvahiPoll *avahi_poll_get(struct avahi_poll *p)
{
	return &p->api;
}

int avahi_poll_nwatches(const struct avahi_poll *p)
{
	int n = 0;
	for (const struct AvahiWatch *w = p->watches; w; w = w->next) n += !w->dead;
	return n;
}

int avahi_poll_ntimeouts(const struct avahi_poll *p)
{
	int n = 0;
	for (const struct AvahiTimeout *t = p->timeouts; t; t = t->next) n += t->timer != 0;
	return n;
}
