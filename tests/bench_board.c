/*
 * Benchmarks of the wall board in the real daemon (SDL's dummy driver,
 * software renderer, 1920x1080). Figures are printed, not asserted:
 *
 *   NEXT sent -> frame presented: p50 / p99 over 1,000 calls. The daemon
 *     appends "<monotonic µs> <calls seen>" per presented frame to
 *     $GOISO_FRAME_LOG; the bench notes the monotonic time before sending
 *     each NEXT and finds the first frame that shows it. Twice: with a 1 s
 *     flash (calls queue for the banner) and with none (each call draws
 *     its banner line, as in a quiet hour).
 *   Idle: CPU share of one core and peak RSS of the daemon over
 *     $GOISO_BENCH_IDLE_S seconds (default 60) with no calls, without and
 *     with the scrolling ticker.
 */
#include "test.h"


#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_floor.h"
#include "config.h"
#include "daemon.h"
#include "procstat.h"
#include "syncs.h"

#define CALLS 1000   /* cut into BENCH_RUNS runs */

static int start(struct daemon *d, const char *name, int flash_s, const char *extra, const char *frames)
{
	char dir[600], conf[600];
	snprintf(dir, sizeof dir, "%s/%s", test_tmpdir(), name);
	snprintf(conf, sizeof conf, "%s/%s.conf", test_tmpdir(), name);
	FILE *f = fopen(conf, "w");
	if (!f) return -1;
	fprintf(f, "%s\n[display]\nflash_seconds = %d\n%s", config_default_text, flash_s, extra);
	fclose(f);
	const char *args[] = { "--window", "1920x1080", "--config", conf, NULL };
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (frames) setenv("GOISO_FRAME_LOG", frames, 1);
	else unsetenv("GOISO_FRAME_LOG");
	char counts[700], times[700];
	snprintf(counts, sizeof counts, "%s/%s.syncs", test_tmpdir(), name);
	snprintf(times, sizeof times, "%s/%s.synctimes", test_tmpdir(), name);
	syncs_preload(counts);          /* each commit's fdatasync timed (tests/synccount.c) */
	syncs_preload_times(times);
	int rc = daemon_start(d, dir, args);
	syncs_unset();
	unsetenv("GOISO_FRAME_LOG");
	return rc;
}

/* Where a call's way to the screen goes: before the draw (the request,
 * its commit, the reply, the model), the draw (texts rendered, the regions
 * that changed queued), the present (SDL's software renderer filling and
 * copying those regions' pixels). p50 / p99 of each, in ms. */
static void parts_print(const int64_t *lat, const int64_t *parts, int n)
{
	static int64_t v[3][CALLS];
	int m = 0;
	for (int i = 0; i < n; i++) {
		int64_t draw = parts[2 * i], shown = parts[2 * i + 1];
		if (draw < 0 || shown < 0) continue;
		v[0][m] = lat[i] - draw - shown;
		v[1][m] = draw;
		v[2][m] = shown;
		m++;
	}
	if (m == 0) return;
	const char *name[3] = { "before the draw", "draw", "present" };
	printf("  of which:");
	for (int k = 0; k < 3; k++) {
		qsort(v[k], (size_t)m, sizeof v[k][0], procstat_cmp64);
		printf("%s %s p50 %.3f p99 %.3f ms", k ? "," : "", name[k], v[k][m / 2] / 1000.0,
		       v[k][m * 99 / 100] / 1000.0);
	}
	printf("\n");
}

/* The figure again, each call less its own commit's fdatasync, timed on
 * the daemon's commit path as it ran: what the board and the daemon take
 * beyond the disk of that moment. In call order: lat and sent. */
static void without_own_sync(const char *name, const char *figure, const int64_t *lat,
                             const int64_t *sent, int n)
{
	static double sync[CALLS], rest[CALLS];
	char times[700], what[160];
	snprintf(times, sizeof times, "%s/%s.synctimes", test_tmpdir(), name);
	int m = 0;
	if (syncs_own(times, sent, n, sync) < n) { printf("  (its commits' syncs were not timed)\n"); return; }
	for (int i = 0; i < n; i++) rest[m++] = lat[i] / 1000.0 - sync[i];
	double p99s[BENCH_RUNS_MAX], sorted[CALLS];
	memcpy(sorted, sync, (size_t)n * sizeof sync[0]);
	printf("  its commit's fdatasync: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", bench_pct(sorted, n, 0.5),
	       bench_pct(sorted, n, 0.99), bench_pct(sorted, n, 1));
	int runs = bench_chunks(rest, m, bench_runs(), p99s);
	memcpy(sorted, rest, (size_t)m * sizeof rest[0]);
	snprintf(what, sizeof what, "%s, less its commit's fdatasync", figure);
	if (runs > 0) bench_figure(what, p99s, runs, "loop+frame", 0, bench_pct(sorted, m, 0.5));
}

/* NEXT -> the frame that shows it, over CALLS calls sent one after the
 * other. flash_s is the banner's flash: with 1 s, most calls wait in the
 * banner's queue while their counter's tile changes at once; with 0, each
 * call takes the banner in the frame that shows it, as in a quiet hour
 * when calls are further apart than the flash. */
static void next_to_frame(const char *name, int flash_s, const char *figure)
{
	struct daemon d;
	char frames[600];
	snprintf(frames, sizeof frames, "%s/%s-frames.log", test_tmpdir(), name);
	REQUIRE(start(&d, name, flash_s, "", frames) == 0);
	FILE *log = fopen(frames, "r");
	static int64_t lat[CALLS], parts[2 * CALLS], sent[CALLS];
	REQUIRE(log != NULL);
	int n = procstat_next_to_frame(&d, log, lat, parts, sent, CALLS);
	REQUIRE(n >= 0);
	static double ms[CALLS];
	double p99s[BENCH_RUNS_MAX];
	int runs = bench_runs();
	for (int i = 0; i < n; i++) ms[i] = lat[i] / 1000.0;
	static int64_t in_order[CALLS];
	memcpy(in_order, lat, (size_t)n * sizeof lat[0]);
	runs = bench_chunks(ms, n, runs, p99s);
	qsort(lat, (size_t)n, sizeof lat[0], procstat_cmp64);
	if (n > 0)
		printf("board: NEXT -> frame presented (flash %d s) over %d calls: p50 %.2f ms, p99 %.2f ms, "
		       "max %.2f ms\n", flash_s, n, lat[n / 2] / 1000.0, lat[n * 99 / 100] / 1000.0,
		       lat[n - 1] / 1000.0);
	parts_print(in_order, parts, n);
	/* the request's round trip, its commit, the frame's present */
	if (runs > 0)
		bench_figure(figure, p99s, runs, "loop+disk+frame", 0, lat[n / 2] / 1000.0);
	without_own_sync(name, figure, in_order, sent, n);
	CHECK(n >= CALLS * 99 / 100);
	fclose(log);
	daemon_stop(&d);
}

TEST(bench_board_next_to_frame) { next_to_frame("lat", 1, "board NEXT -> frame presented"); }

TEST(bench_board_next_to_frame_in_the_banner)
{
	next_to_frame("banner", 0, "board NEXT -> frame, each call in the banner");
}

static void idle(const char *name, const char *extra)
{
	struct daemon d;
	struct proto_msg m;
	const char *env = getenv("GOISO_BENCH_IDLE_S");
	int secs = env && atoi(env) > 0 ? atoi(env) : 60;
	REQUIRE(start(&d, name, 1, extra, NULL) == 0);
	struct client *c = daemon_client(&d, "counter", 2);
	REQUIRE(c != NULL);
	daemon_call(c, "LOGIN officer=Bench", &m);
	for (int i = 0; i < 12; i++) daemon_call(c, "ISSUE service=A", &m);
	daemon_call(c, "NEXT", &m);
	client_close(c);
	sleep(2);   /* the call's flash is over: nothing but the clock changes */
	long long t0 = 0, t1 = 0;
	long hwm = 0;
	REQUIRE(procstat_usage(d.pid, &t0, &hwm) == 0);
	sleep((unsigned)secs);
	REQUIRE(procstat_usage(d.pid, &t1, &hwm) == 0);
	double cpu = 100.0 * (double)(t1 - t0) / (double)sysconf(_SC_CLK_TCK) / secs;
	printf("board: idle %s over %d s at 1920x1080: CPU %.2f %% of one core, peak RSS %.1f MB\n",
	       name, secs, cpu, hwm / 1024.0);
	daemon_stop(&d);
}

TEST(bench_board_idle_without_ticker) { idle("without-ticker", ""); }

TEST(bench_board_idle_with_ticker)
{
	idle("with-ticker", "ticker = Đường dây nóng: 0225 3 842 999  ·  Giờ làm việc: sáng 7:30 - 11:30, "
	     "chiều 13:30 - 17:00  ·  4 xin, 4 luôn\n");
}
