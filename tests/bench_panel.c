/*
 * Benchmarks of the officer's panel (SDL's dummy driver, software
 * renderer) against the real display daemon. Figures are printed, not
 * asserted:
 *
 *   key press -> request on the wire: from pushing the SDL key event to
 *     the moment the request's last byte left the TCP stack for the
 *     (loopback) device, as the kernel stamps it (SO_TIMESTAMPING, software
 *     transmit time), over 1,000 presses of Gọi lại (F2), each after the
 *     previous reply. Also printed: to send() returning (link_last_send_ns).
 *     The two differ when the display, woken by the request on the same
 *     core, runs before the sender gets the core back: send() returns
 *     after the display's turn, the request was on the wire before it.
 *   redraw: time to draw a whole frame (before presenting), over every
 *     frame of those presses, of 200 trips to the transfer picker and
 *     back, and of the rating view's countdown; at 520x640 and 1040x1280.
 */
#include "test.h"

#include "clock.h"

#include <errno.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench_floor.h"
#include "daemon.h"
#include "panel_test.h"

#define PRESSES 1000
#define TRIPS 200
#define MAXS (PRESSES * 2 + TRIPS * 2 + 256)

static int64_t mono_ms(void) { return clock_mono_ns() / 1000000; }

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return n ? v[(int)((n - 1) * p + 0.5)] : 0;
}

struct samples { double draw[MAXS]; int ndraw; unsigned long frames; };

/* One turn of the panel; notes the draw time if it drew. */
static void step(struct panel *p, struct samples *s)
{
	panel_step(p, mono_ms());
	if (panel_frames(p) != s->frames && s->ndraw < MAXS) s->draw[s->ndraw++] = panel_last_draw_ms(p);
	s->frames = panel_frames(p);
}

static bool step_until(struct panel *p, struct samples *s, bool (*cond)(struct panel *), int ms)
{
	int64_t end = mono_ms() + ms;
	while (!cond(p) && mono_ms() < end) { step(p, s); usleep(200); }
	return cond(p);
}

static bool can_recall(struct panel *p) { return panel_enabled(p, ACT_RECALL); }
static bool can_next(struct panel *p) { return panel_enabled(p, ACT_NEXT); }
static bool can_login(struct panel *p) { return panel_enabled(p, ACT_LOGIN); }

/* Asks the kernel to stamp when each send()'s last byte leaves the stack. */
static bool stamp_sends(int fd)
{
	unsigned flags = SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE | SOF_TIMESTAMPING_OPT_TSONLY;
	return fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof flags) == 0;
}

/* The latest transmit stamp queued on fd (CLOCK_REALTIME, ns), 0 if none. */
static int64_t sent_at(int fd)
{
	int64_t at = 0;
	for (;;) {
		char ctl[512];
		struct msghdr m = { .msg_control = ctl, .msg_controllen = sizeof ctl };
		if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) return at;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPING) {
				struct scm_timestamping ts;
				memcpy(&ts, CMSG_DATA(c), sizeof ts);
				at = (int64_t)ts.ts[0].tv_sec * 1000000000 + ts.ts[0].tv_nsec;
			}
	}
}

static int64_t real_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void key(struct panel *p, SDL_Keycode k)
{
	SDL_Event ev = { .type = SDL_KEYDOWN };
	ev.key.windowID = panel_window_id(p, false);
	ev.key.state = SDL_PRESSED;
	ev.key.keysym.sym = k;
	SDL_PushEvent(&ev);
}

static void run(const struct daemon *d, int w, int h)
{
	static struct samples s;
	static double wire[PRESSES], ret[PRESSES];
	char err[300];
	struct panel_opts o = { .connect = d->addr };
	panelconf_defaults(&o.conf);
	o.conf.width = w;
	o.conf.height = h;
	if (auth_read_keyfile(d->key, o.cred.id, o.cred.key, err, sizeof err)) return;
	snprintf(o.cred.role, sizeof o.cred.role, "counter");
	o.cred.counter = w == 520 ? 2 : 4;
	memset(&s, 0, sizeof s);
	struct panel *p = panel_new(&o, mono_ms(), err, sizeof err);
	if (!p) { test_fail(__FILE__, __LINE__, "panel_new: %s", err); return; }
	step(p, &s);
	double cold = s.ndraw ? s.draw[0] : 0;
	step_until(p, &s, can_login, 5000);
	key(p, SDLK_F7);
	SDL_Event ev = { .type = SDL_TEXTINPUT };
	snprintf(ev.text.text, sizeof ev.text.text, "Phạm Minh Đức");
	SDL_PushEvent(&ev);
	key(p, SDLK_RETURN);
	step_until(p, &s, can_next, 3000);
	struct client *k = daemon_client(d, "kiosk", 0);
	struct proto_msg m;
	daemon_call(k, w == 520 ? "ISSUE service=C priority=elderly" : "ISSUE service=D", &m);
	client_close(k);
	key(p, SDLK_F1);
	if (!step_until(p, &s, can_recall, 3000)) { test_fail(__FILE__, __LINE__, "no ticket"); goto out; }
	int n = 0, fd = link_fd(panel_link(p));
	if (!stamp_sends(fd)) { test_fail(__FILE__, __LINE__, "SO_TIMESTAMPING: %s", strerror(errno)); goto out; }
	sent_at(fd);   /* nothing older counts */
	for (int i = 0; i < PRESSES; i++) {
		int64_t r0 = real_ns(), t0 = clock_mono_ns();
		key(p, SDLK_F2);
		step(p, &s);
		int64_t t1 = link_last_send_ns(panel_link(p)), r1 = sent_at(fd);
		if (t1 >= t0 && r1 >= r0) {
			ret[n] = (double)(t1 - t0) / 1e6;
			wire[n++] = (double)(r1 - r0) / 1e6;
		}
		if (!step_until(p, &s, can_recall, 3000)) break;
	}
	for (int i = 0; i < TRIPS; i++) {
		key(p, SDLK_F5);
		step(p, &s);
		key(p, SDLK_ESCAPE);
		step(p, &s);
	}
	int nwire = n, ndraw = s.ndraw;
	double p99s[BENCH_RUNS_MAX], order[PRESSES];
	memcpy(order, wire, sizeof order);
	int runs = bench_chunks(order, nwire, bench_runs(), p99s);
	double p50 = pct(wire, nwire, 0.5), p99 = pct(wire, nwire, 0.99), mx = pct(wire, nwire, 1);
	printf("panel %dx%d: key press -> request on the wire over %d presses: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
	       w, h, nwire, p50, p99, mx);
	printf("panel %dx%d: key press -> send() returned: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", w, h,
	       pct(ret, nwire, 0.5), pct(ret, nwire, 0.99), pct(ret, nwire, 1));
	/* in one thread, no wait: its tail is the time the machine takes
	 * from a running thread (the floor: how much longer than its best 50 us
	 * of work takes) and its send (the floor: a write(2) to TCP on
	 * 127.0.0.1) */
	char what[64];
	snprintf(what, sizeof what, "panel %dx%d key press -> request on the wire", w, h);
	if (runs > 0) bench_figure(what, p99s, runs, "hold+send", 0, p50);
	printf("panel %dx%d: redraw (software renderer) over %d frames: p50 %.2f ms, p99 %.2f ms, max %.2f ms; first frame (cold fonts) %.2f ms\n",
	       w, h, ndraw, pct(s.draw, ndraw, 0.5), pct(s.draw, ndraw, 0.99), pct(s.draw, ndraw, 1), cold);
	CHECK_INT_EQ(nwire, PRESSES);
out:
	panel_free(p);
}

TEST(bench_panel_key_to_wire_and_redraw)
{
	struct daemon d;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/panel", test_tmpdir());
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	auth_init();
	if (daemon_start(&d, dir, NULL)) { test_fail(__FILE__, __LINE__, "daemon"); return; }
	run(&d, 520, 640);
	run(&d, 1040, 1280);
	daemon_stop(&d);
}
