/*
 * Report benchmark: a realistic year written by tests/yeargen (250 working
 * days of the sample center, 600 tickets a day, every verb) and the
 * director's report of it: the whole year as HTML, the whole year as CSV,
 * one month as HTML. Five runs each, the median printed, with the CPU time
 * of the same run (this machine's two cores are shared: the wall time
 * includes waiting for a core). A second, busier year (900 tickets a day
 * at nine counters) holds about a million events.
 */
#include "test.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "report/period.h"
#include "report/report.h"
#include "yeargen.h"

#define RUNS 5

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
	       ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

enum what { HTML, CSV };

/* One report: returns 0; fills the wall and CPU seconds. */
static int one(const char *log, int64_t from, int64_t to, enum what w, double *wall, double *cpu)
{
	char err[512], dir[600];
	struct report_filter f = { .from = from, .to = to };
	double t0 = now_s(), c0 = cpu_s();
	struct report *r = report_new(&f, err, sizeof err);
	FILE *out = fopen("/dev/null", "w");
	snprintf(dir, sizeof dir, "%s/csv", test_tmpdir());
	int rc = !r || !out || report_add_log(r, log, "bench", NULL, err, sizeof err) ||
	         (w == HTML ? report_write_html(r, out, err, sizeof err) : report_write_csv(r, dir, err, sizeof err));
	if (out) fclose(out);
	report_free(r);
	*wall = now_s() - t0;
	*cpu = cpu_s() - c0;
	if (rc) fprintf(stderr, "bench_report: %s\n", err);
	return rc;
}

static void measure(const char *label, const char *log, int64_t from, int64_t to, enum what w)
{
	double wall[RUNS], cpu[RUNS], wm[RUNS];
	for (int i = 0; i < RUNS; i++) {
		if (one(log, from, to, w, &wall[i], &cpu[i])) return;
		wm[i] = wall[i];
	}
	qsort(wm, RUNS, sizeof *wm, cmp_d);
	int med = 0;
	for (int i = 0; i < RUNS; i++) if (wall[i] == wm[RUNS / 2]) med = i;
	printf("  %-34s %8.0f ms wall  %8.0f ms CPU   (best %0.f ms)\n", label, wall[med] * 1000, cpu[med] * 1000, wm[0] * 1000);
}

static void year(int tickets, int counters)
{
	char log[600];
	snprintf(log, sizeof log, "%s/year-%d.db", test_tmpdir(), tickets);
	struct yeargen_opts o = { .first_day = period_day_from_ymd(2025, 1, 2), .days = 250,
	                          .tickets = tickets, .counters = counters, .seed = 20250102 };
	char err[256];
	double t0 = now_s();
	long n = yeargen_write(log, &o, err, sizeof err);
	if (n < 0) { fprintf(stderr, "bench_report: %s\n", err); return; }
	int64_t from, to, mf, mt;
	period_parse(PERIOD_YEAR, "2025", &from, &to);
	period_parse(PERIOD_MONTH, "2025-10", &mf, &mt);
	double load[1] = { 0 };
	getloadavg(load, 1);
	printf("\n  report: 250 working days x %d tickets a day, %d counters = %ld events (written in %.1f s), load %.1f\n",
	       tickets, counters, n, now_s() - t0, load[0]);
	measure("whole year, HTML", log, from, to, HTML);
	measure("whole year, CSV (8 files)", log, from, to, CSV);
	measure("one month (10/2025), HTML", log, mf, mt, HTML);
}

TEST_TIMEOUT(bench_report, 900)
{
	year(600, 6);
	year(900, 9);
}
