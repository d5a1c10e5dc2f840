/*
 * The floors: what this machine allows at best, measured at the start of
 * `make bench` so that every figure after it is printed beside the limit
 * it runs against, in the same run and under the same load (see
 * bench_floor.h for the file they are kept in):
 *
 *   disk       4 KB appended then fdatasync'd, 1,000 times, in the scratch
 *              directory the daemons of the benchmarks keep their data in;
 *              also the same 4 KB overwritten in place (no file growth: no
 *              metadata for the file system to journal), as a reused WAL is;
 *              and the disk as a request meets it: appends synced back to
 *              back for 2 s, and the wait of requests arriving evenly over
 *              that time for the end of the first sync that starts after
 *              them (tests/commitwait.h): the ack of a server that spends
 *              no time of its own, each slow sync weighed by its length;
 *   scheduler  how late a 1 ms sleep ends, and how long a thread blocked
 *              in poll() takes to run after another thread writes its pipe;
 *   loopback   a 100-byte message to another process and back over TCP on
 *              127.0.0.1 (TCP_NODELAY), as a counter's request and reply;
 *   frame      clearing and presenting an empty 1920x1080 frame with the
 *              renderer the board uses under the same video driver.
 *
 * The test is named `floors` (not bench_*): tests/bench runs it first.
 */
#include "test.h"
#include "bench_floor.h"
#include "commitwait.h"

#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DISK_N 1000
#define SLEEP_N 1000
#define WAKE_N 2000
#define LOOP_N 2000
#define FRAME_N 200
#define RUN_N 2000
#define RUN_US 50

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double bench_pct(double *v, int n, double p)
{
	if (n <= 0) return 0;
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	int i = (int)(p * n);
	return v[i >= n ? n - 1 : i];
}

int bench_runs(void)
{
	const char *e = getenv("BENCH_RUNS");
	int n = e ? atoi(e) : 0;
	return n <= 0 ? 5 : n > BENCH_RUNS_MAX ? BENCH_RUNS_MAX : n;
}

double floor_get(const char *name)
{
	const char *path = getenv("GOISO_BENCH_FLOORS");
	FILE *f = path ? fopen(path, "r") : NULL;
	char key[64];
	double v, found = -1;
	if (!f) return -1;
	while (fscanf(f, "%63s %lf", key, &v) == 2)
		if (!strcmp(key, name)) found = v;
	fclose(f);
	return found;
}

double bench_spread(char *out, size_t len, double *v, int n)
{
	double med = bench_pct(v, n, 0.5);
	if (n > 1) snprintf(out, len, "median %.2f ms (spread %.2f-%.2f over %d runs)", med, v[0], v[n - 1], n);
	else snprintf(out, len, "%.2f ms (one run)", med);
	return med;
}

int bench_chunks(const double *v, int n, int runs, double *p99s)
{
	int per = runs > 0 ? n / runs : 0;
	double *c = per > 0 ? malloc((size_t)per * sizeof *c) : NULL;
	if (!c) return 0;
	for (int r = 0; r < runs; r++) {
		memcpy(c, v + (size_t)r * (size_t)per, (size_t)per * sizeof *c);
		p99s[r] = bench_pct(c, per, 0.99);
	}
	free(c);
	return runs;
}

/* The sum of the floors named in "disk+frame+loop", at p50 or p99. */
static double floors_sum(const char *names, const char *pct)
{
	char list[128], key[64];
	double sum = 0;
	snprintf(list, sizeof list, "%s", names);
	for (char *save = NULL, *t = strtok_r(list, "+", &save); t; t = strtok_r(NULL, "+", &save)) {
		snprintf(key, sizeof key, "%s_%s", t, pct);
		double v = floor_get(key);
		if (v < 0) return -1;
		sum += v;
	}
	return sum;
}

double bench_figure(const char *figure, double *p99s, int n, const char *floors,
                    double bound_ratio, double p50)
{
	char spread[120];
	double med = bench_spread(spread, sizeof spread, p99s, n);
	double fl99 = floors_sum(floors, "p99"), fl50 = floors_sum(floors, "p50");
	printf("  %s p99: %s\n", figure, spread);
	if (fl99 <= 0) { printf("      floor %s not measured\n", floors); return med; }
	printf("      floor %s p99 %.3f ms, ratio %.1fx", floors, fl99, med / fl99);
	if (bound_ratio > 0)
		printf("; bound %.0fx = %.2f ms: %s", bound_ratio, bound_ratio * fl99,
		       med <= bound_ratio * fl99 ? "within" : "OVER");
	if (p50 >= 0) {
		/* what the figure takes beyond its floors when nothing waits */
		double own = p50 - fl50 > 0 ? p50 - fl50 : 0;
		printf("; own work (p50 %.3f - floors' p50 %.3f) %.3f ms, bound floor p99 + own = %.2f ms: %s",
		       p50, fl50, own, fl99 + own, med <= fl99 + own ? "within" : "OVER");
	}
	printf("\n");
	return med;
}

/* ---- measuring ---- */

static FILE *out;

static void put(const char *name, double v)
{
	fprintf(out, "%s %.4f\n", name, v);
	fflush(out);
}

static void put_pcts(const char *what, double *v, int n, const char *desc)
{
	char k[64];
	double p50 = bench_pct(v, n, 0.5), p99 = bench_pct(v, n, 0.99), mx = v[n - 1];
	snprintf(k, sizeof k, "%s_p50", what); put(k, p50);
	snprintf(k, sizeof k, "%s_p99", what); put(k, p99);
	snprintf(k, sizeof k, "%s_max", what); put(k, mx);
	printf("  floor %-6s %-52s p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms\n", what, desc, p50, p99, mx);
}

/* 4 KB written at the end of a growing file (append) or over the same
 * 4 KB (in place), each followed by fdatasync. Returns syncs per second. */
static double disk(const char *path, bool append, double *lat, int n)
{
	static char page[4096];
	memset(page, 'g', sizeof page);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) return -1;
	double t0 = now_ms();
	for (int i = 0; i < n; i++) {
		double a = now_ms();
		off_t at = append ? (off_t)i * (off_t)sizeof page : 0;
		if (pwrite(fd, page, sizeof page, at) != (ssize_t)sizeof page || fdatasync(fd)) {
			close(fd);
			return -1;
		}
		lat[i] = now_ms() - a;
	}
	double secs = (now_ms() - t0) / 1e3;
	close(fd);
	unlink(path);
	return n / secs;
}

/* Appends synced one after the other for `seconds`, each sync's start
 * and end into spans (room for max, microseconds): how many. */
static long disk_spans(const char *path, double seconds, struct commit_span *spans, long max)
{
	static char page[4096];
	memset(page, 'g', sizeof page);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) return -1;
	double end = now_ms() + seconds * 1e3;
	long n = 0;
	while (n < max && now_ms() < end) {
		if (pwrite(fd, page, sizeof page, (off_t)n * (off_t)sizeof page) != (ssize_t)sizeof page) break;
		double a = now_ms();
		if (fdatasync(fd)) break;
		spans[n].start = (long long)(a * 1e3);
		spans[n].end = (long long)(now_ms() * 1e3);
		n++;
	}
	close(fd);
	unlink(path);
	return n;
}

#define ACK_ARRIVALS 20000

double floor_disk_ack_now(const char *dir, double seconds, double *p50, double *p99)
{
	static struct commit_span spans[200000];
	static long long w[ACK_ARRIVALS];
	static double ms[ACK_ARRIVALS];
	char path[600];
	snprintf(path, sizeof path, "%s/floor-ack.dat", dir);
	long n = disk_spans(path, seconds, spans, (long)(sizeof spans / sizeof spans[0]));
	long got = n > 1 ? commitwait_even(spans, n, ACK_ARRIVALS, w) : 0;
	if (got <= 0) return -1;
	for (long i = 0; i < got; i++) ms[i] = (double)w[i] / 1e3;
	*p50 = bench_pct(ms, (int)got, 0.5);
	*p99 = bench_pct(ms, (int)got, 0.99);
	return ms[got - 1];
}

double floor_disk_now(const char *dir, double *p50, double *p99)
{
	enum { N = 200 };
	double lat[N];
	char path[600];
	snprintf(path, sizeof path, "%s/floor-now.dat", dir);
	double rate = disk(path, true, lat, N);
	*p50 = bench_pct(lat, N, 0.5);
	*p99 = bench_pct(lat, N, 0.99);
	return rate;
}

static void measure_disk(void)
{
	static double lat[DISK_N];
	char path[600];
	snprintf(path, sizeof path, "%s/floor.dat", test_tmpdir());
	double rate = disk(path, true, lat, DISK_N);
	if (rate < 0) { test_fail(__FILE__, __LINE__, "disk: %s", strerror(errno)); return; }
	put("disk_rate", rate);
	put_pcts("disk", lat, DISK_N, "4 KB append + fdatasync");
	printf("  floor %-6s %-52s %.0f per s\n", "disk", "appends + fdatasync, one after the other", rate);
	rate = disk(path, false, lat, DISK_N);
	if (rate < 0) return;
	put("disk_inplace_rate", rate);
	put_pcts("disk_inplace", lat, DISK_N, "4 KB overwritten in place + fdatasync");
	double p50, p99, mx = floor_disk_ack_now(test_tmpdir(), 2.0, &p50, &p99);
	if (mx < 0) return;
	put("disk_ack_p50", p50);
	put("disk_ack_p99", p99);
	put("disk_ack_max", mx);
	printf("  floor %-6s %-52s p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms\n", "ack",
	       "the sync in progress + the next, arriving evenly", p50, p99, mx);
}

static void measure_sleep(void)
{
	static double late[SLEEP_N];
	for (int i = 0; i < SLEEP_N; i++) {
		struct timespec ms = { 0, 1000000L };
		double a = now_ms();
		nanosleep(&ms, NULL);
		late[i] = now_ms() - a - 1.0;
	}
	put_pcts("sleep", late, SLEEP_N, "overshoot of a 1 ms sleep");
}

/* A fixed piece of work: n rounds of a hash step the compiler cannot drop. */
static uint64_t work(long n)
{
	volatile uint64_t h = 1469598103934665603ULL;
	for (long i = 0; i < n; i++) h = (h ^ (uint64_t)i) * 1099511628211ULL;
	return h;
}

static void measure_run(void)
{
	static double t[RUN_N];
	long n = 1000;
	double best = 1e9;
	for (int i = 0; i < 20; i++) {   /* rounds for RUN_US of work, at the core's best */
		double a = now_ms();
		work(n);
		double d = now_ms() - a;
		if (d < best) best = d;
	}
	if (best > 0) n = (long)((double)n * (RUN_US / 1000.0) / best);
	best = 1e9;
	for (int i = 0; i < RUN_N; i++) {
		struct timespec pause = { 0, 300000L };   /* idle between, as a program between inputs */
		nanosleep(&pause, NULL);
		double a = now_ms();
		work(n);
		t[i] = now_ms() - a;
		if (t[i] < best) best = t[i];
	}
	for (int i = 0; i < RUN_N; i++) t[i] -= best;   /* the time taken away, not the work */
	put_pcts("hold", t, RUN_N, "50 us of work, its time beyond its best: held");
}

struct waker {
	int pipe[2];
	_Atomic double sent;
	_Atomic int done;
	double lat[WAKE_N];
};

static void *wake_thread(void *arg)
{
	struct waker *w = arg;
	for (int i = 0; i < WAKE_N; i++) {
		struct pollfd p = { w->pipe[0], POLLIN, 0 };
		char b;
		while (poll(&p, 1, -1) < 0 && errno == EINTR) {}
		w->lat[i] = now_ms() - atomic_load(&w->sent);
		if (read(w->pipe[0], &b, 1) != 1) break;
		atomic_store(&w->done, i + 1);
	}
	return NULL;
}

static void measure_wake(void)
{
	static struct waker w;
	pthread_t t;
	if (pipe(w.pipe) || pthread_create(&t, NULL, wake_thread, &w)) return;
	for (int i = 0; i < WAKE_N; i++) {
		/* the other thread is asleep in poll() before each write */
		struct timespec pause = { 0, 300000L };
		nanosleep(&pause, NULL);
		atomic_store(&w.sent, now_ms());
		if (write(w.pipe[1], "x", 1) != 1) break;
		while (atomic_load(&w.done) < i + 1) sched_yield();
	}
	pthread_join(t, NULL);
	close(w.pipe[0]);
	close(w.pipe[1]);
	put_pcts("wake", w.lat, WAKE_N, "poll() woken by another thread's write");
}

static int read_full(int fd, char *b, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, b + got, n - got);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) return -1;
		got += (size_t)r;
	}
	return 0;
}

static void nodelay(int fd)
{
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static void measure_loopback(void)
{
	static double rt[LOOP_N], send[LOOP_N];
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof a;
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&a, &al))
		return;
	pid_t pid = fork();
	if (pid == 0) {   /* the echo process */
		char b[100];
		int c = accept(l, NULL, NULL);
		nodelay(c);
		while (read_full(c, b, sizeof b) == 0 && write(c, b, sizeof b) == (ssize_t)sizeof b) {}
		_exit(0);
	}
	int s = socket(AF_INET, SOCK_STREAM, 0);
	char msg[100];
	memset(msg, 'r', sizeof msg);
	if (connect(s, (struct sockaddr *)&a, sizeof a) == 0) {
		nodelay(s);
		for (int i = 0; i < LOOP_N; i++) {
			double t0 = now_ms();
			if (write(s, msg, sizeof msg) != (ssize_t)sizeof msg) break;
			send[i] = now_ms() - t0;
			if (read_full(s, msg, sizeof msg)) break;
			rt[i] = now_ms() - t0;
		}
	}
	close(s);
	close(l);
	waitpid(pid, NULL, 0);
	put_pcts("loop", rt, LOOP_N, "100-byte round trip, two processes, TCP loopback");
	put_pcts("send", send, LOOP_N, "the write(2) of it: the sender's part of the trip");
}

static void measure_frame(void)
{
	static double t[FRAME_N];
	setenv("SDL_VIDEODRIVER", "dummy", 1);   /* as tests/bench_board.c runs the board */
	if (SDL_InitSubSystem(SDL_INIT_VIDEO)) return;
	SDL_Window *w = SDL_CreateWindow("floor", 0, 0, 1920, 1080, 0);
	const char *drv = SDL_GetCurrentVideoDriver();
	bool soft = drv && !strcmp(drv, "dummy");   /* as the board chooses */
	SDL_Renderer *r = !w ? NULL : soft ? NULL : SDL_CreateRenderer(w, -1, SDL_RENDERER_ACCELERATED);
	if (w && !r) r = SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE);
	if (r) {
		SDL_RendererInfo info;
		SDL_GetRendererInfo(r, &info);
		for (int i = 0; i < FRAME_N; i++) {
			double a = now_ms();
			SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
			SDL_RenderClear(r);
			SDL_RenderPresent(r);
			t[i] = now_ms() - a;
		}
		char desc[80];
		snprintf(desc, sizeof desc, "empty 1920x1080 frame presented (%s, %s)", drv, info.name);
		put_pcts("frame", t, FRAME_N, desc);
		SDL_DestroyRenderer(r);
	}
	if (w) SDL_DestroyWindow(w);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

TEST(floors)
{
	const char *path = getenv("GOISO_BENCH_FLOORS");
	REQUIRE(path != NULL);
	out = fopen(path, "w");
	REQUIRE(out != NULL);
	printf("\n  floors (this machine, this run):\n");
	measure_disk();
	measure_sleep();
	measure_run();
	measure_wake();
	measure_loopback();
	measure_frame();
	fclose(out);
}
