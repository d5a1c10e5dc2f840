/*
 * Benchmarks of the ticket kiosk (SDL's dummy driver, software renderer)
 * against the real display daemon and a fake network printer on TCP.
 * Figures are printed, not asserted:
 *
 *   touch -> number: from pushing the SDL touch to the frame that shows
 *     the ticket's number presented, over TOUCHES touches at 1080x1920;
 *   touch -> last byte: to the last byte of the 80 mm ticket written to
 *     the printer's socket; and the ticket's size in bytes;
 *   idle: the goiso-kiosk program at its home screen for
 *     $GOISO_BENCH_IDLE_S seconds (default 30): CPU and peak RSS.
 */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "procstat.h"
#include "fakeprinter.h"
#include "kiosk.h"

#define TOUCHES 200

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t mono_ms(void) { return mono_ns() / 1000000; }

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

static bool step_until(struct kiosk *k, bool (*cond)(struct kiosk *), int ms)
{
	int64_t end = mono_ms() + ms;
	while (!cond(k) && mono_ms() < end) {
		kiosk_step(k, mono_ms());
		usleep(200);
	}
	return cond(k);
}

static bool ready(struct kiosk *k) { return kiosk_screen(k)->online && kiosk_screen(k)->sv[3].name[0]; }
static bool shown(struct kiosk *k) { return kiosk_screen(k)->view == KS_TICKET; }
static bool printed(struct kiosk *k) { return kiosk_screen(k)->printed && !kiosk_printing(k); }
static bool home(struct kiosk *k) { return kiosk_screen(k)->view == KS_HOME; }

TEST(bench_kiosk_touch_to_number_and_ticket)
{
	struct daemon d;
	char dir[600], err[300];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	struct fakeprinter *fp = fakeprinter_tcp();
	REQUIRE(fp != NULL);
	char spec[64];
	snprintf(spec, sizeof spec, "tcp:127.0.0.1:%d", fakeprinter_port(fp));
	struct kiosk_opts o = { .connect = d.addr, .printer = spec, .paper_mm = 80, .width = 1080, .height = 1920,
	                        .url = "http://goiso.local:8080/t/{token}", .footer = "Đường dây nóng: 0225 3 842 999" };
	REQUIRE(auth_read_keyfile(d.key, o.cred.id, o.cred.key, err, sizeof err) == 0);
	snprintf(o.cred.role, sizeof o.cred.role, "kiosk");
	o.cred.counter = 1;
	struct kiosk *k = kiosk_new(&o, mono_ms(), err, sizeof err);
	REQUIRE(k != NULL);
	REQUIRE(step_until(k, ready, 5000));
	static double number[TOUCHES], last[TOUCHES];
	int n = 0;
	size_t bytes = 0;
	for (int i = 0; i < TOUCHES; i++) {
		const struct ks_rect *b = &kiosk_layout(k)->button[i % 4];
		SDL_Event ev = { .type = SDL_MOUSEBUTTONDOWN };
		ev.button.windowID = kiosk_window_id(k);
		ev.button.button = SDL_BUTTON_LEFT;
		ev.button.x = b->x + b->w / 2;
		ev.button.y = b->y + b->h / 2;
		int64_t t0 = mono_ns();
		SDL_PushEvent(&ev);
		if (!step_until(k, shown, 3000) || !step_until(k, printed, 5000)) break;
		int64_t touch, num, lastb;
		kiosk_times(k, &touch, &num, &lastb);
		number[n] = (double)(num - t0) / 1e6;
		last[n] = (double)(lastb - t0) / 1e6;
		bytes = kiosk_last_ticket_bytes(k);
		n++;
		kiosk_state(k)->until = mono_ms();   /* back to the start at once */
		step_until(k, home, 2000);
	}
	CHECK_INT_EQ(n, TOUCHES);
	printf("kiosk: touch -> number on screen at 1080x1920 over %d touches: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
	       n, pct(number, n, 0.5), pct(number, n, 0.99), pct(number, n, 1.0));
	printf("kiosk: touch -> last byte of the 80 mm ticket on the printer's socket: p50 %.1f ms, p99 %.1f ms, "
	       "max %.1f ms; %zu bytes a ticket\n", pct(last, n, 0.5), pct(last, n, 0.99), pct(last, n, 1.0), bytes);
	kiosk_free(k);
	fakeprinter_free(fp);
	daemon_stop(&d);
}

TEST(bench_kiosk_idle)
{
	struct daemon d;
	char dir[600], tickets[700];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	snprintf(tickets, sizeof tickets, "png:%s", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	const char *env = getenv("GOISO_BENCH_IDLE_S");
	int secs = env && atoi(env) > 0 ? atoi(env) : 30;
	pid_t pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		setenv("SDL_VIDEODRIVER", "dummy", 1);
		execl(daemon_bin("goiso-kiosk"), "goiso-kiosk", "--connect", d.addr, "--key", d.key,
		      "--window", "1080x1920", "--printer", tickets, (char *)NULL);
		_exit(127);
	}
	sleep(3);   /* connected, first frame drawn */
	long long t0 = 0, t1 = 0;
	long hwm = 0;
	REQUIRE(procstat_usage(pid, &t0, &hwm) == 0);
	sleep((unsigned)secs);
	REQUIRE(procstat_usage(pid, &t1, &hwm) == 0);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	printf("kiosk: idle at its home screen (1080x1920) over %d s: CPU %.2f %% of one core, peak RSS %.1f MB\n",
	       secs, 100.0 * (double)(t1 - t0) / (double)sysconf(_SC_CLK_TCK) / secs, hwm / 1024.0);
	daemon_stop(&d);
}
