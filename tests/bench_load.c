/*
 * Load benchmark: K authenticated counters issue and call against the real
 * daemon (release build) for a fixed time, each with one request in flight.
 * Two ways, BENCH_RUNS runs each (default 5), the median of each run's
 * figure and their spread printed:
 *  - saturation (closed loop: each client sends its next request as soon
 *    as the reply arrives): the most acknowledged requests per second;
 *  - paced at a fixed offered rate (5,000 requests/s spread evenly over
 *    the K clients): the latency a floor under that load sees. Latency is
 *    measured from the request's scheduled time, so a slow reply that
 *    delays the next request is counted, not hidden;
 *  - and once more paced, K = 16 with every counter subscribed (SUB) and
 *    reading its pushes, as real panels are: each call fans out to all.
 * Every acknowledged request is durable (the daemon commits with fsync
 * before replying). The daemon runs with tests/synccount.c preloaded: the
 * syncs of its loop thread are its commits, so each run also says how many
 * commits a second it made and how many requests each carried. Printed
 * beside the floors (bench_floor.h):
 *  - paced: ack p99 against the disk's fdatasync p99 (bound: 2x);
 *  - saturation: requests/s against what group commit allows, the disk's
 *    fdatasyncs per second times the requests each commit carried (bound:
 *    at least 80 %).
 * The shim also times each commit's fdatasync, so each case prints the
 * disk as the daemon met it under that load beside the idle floor.
 * Then the session's sealing (ChaCha20-Poly1305, shared/session.c): the
 * cost of one line sealed and opened, and its share of an ack.
 */
#include "test.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench_floor.h"
#include "daemon.h"
#include "session.h"
#include "syncs.h"

#define SECONDS 4

#define PACED_RATE 5000

/* A case: K counters, saturating (rate 0) or paced; sub: each counter
 * subscribed to the pushes (SUB) as a real panel is, so every call and
 * issue is also sent to all K of them and read by them. */
struct load_case {
	int K, rate;
	bool sub;
};

struct conn {
	struct client *c;
	long long sent_us;      /* when the request in flight was due */
	long long due_us;       /* paced: when the next one is due; 0 none */
	bool busy;
	unsigned long n;
	int fd;
	char in[PROTO_LINE_MAX + 1];
};

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* Which run this is: part of each request id. A counter's ids must not
 * repeat from one run to the next, or the display answers them from its
 * reply cache (a retry) without writing anything, and the figure is not
 * that of acknowledged writes. */
static int run_no;

static void send_next(struct conn *k, int idx, long long due)
{
	char line[128];
	/* issue then call, so the queue neither empties nor grows */
	int n = snprintf(line, sizeof line, "b%d-%d-%lu %s\n", run_no, idx, k->n,
	                 k->n % 2 ? "NEXT" : "ISSUE service=A");
	k->sent_us = due;
	k->busy = true;
	(void)n;
	if (client_send_line(k->c, line)) k->fd = -1;   /* sealed to the session */
}

/* The last run's acknowledged requests: when each was due (sent, when
 * saturating), and its latency from then, microseconds. */
#define ACKS_MAX (1 << 20)
static long long due_us[ACKS_MAX], lat_us[ACKS_MAX];
static size_t nacks;

/* One run: returns requests/s, fills p50/p99 in microseconds. rate 0:
 * saturation; else the offered requests/s over all K clients. */
static double run(const struct daemon *d, const struct load_case *lc, long long *p50, long long *p99)
{
	int K = lc->K, rate = lc->rate;
	struct conn *ks = calloc((size_t)K, sizeof *ks);
	struct pollfd *pf = calloc((size_t)K, sizeof *pf);
	size_t nlat = 0;
	long long *lat = malloc(ACKS_MAX * sizeof *lat);
	struct proto_msg m;
	run_no++;
	for (int i = 0; i < K; i++) {
		ks[i].c = daemon_client(d, "counter", i + 1);
		if (!ks[i].c) { fprintf(stderr, "bench: connect %d failed\n", i); exit(1); }
		daemon_call(ks[i].c, "LOGIN officer=Bench", &m);
		if (lc->sub && (daemon_call(ks[i].c, "SUB", &m) || strcmp(m.word, "OK"))) {
			fprintf(stderr, "bench: SUB %d refused\n", i);
			exit(1);
		}
		ks[i].fd = client_fd(ks[i].c);
	}
	long long start = now_us(), end = start + SECONDS * 1000000LL;
	long long period = rate ? 1000000LL * K / rate : 0;   /* per client */
	for (int i = 0; i < K; i++) {
		if (rate) ks[i].due_us = start + period * i / K;
		else send_next(&ks[i], i, now_us());
	}
	while (now_us() < end) {
		long long t = now_us(), wait = 100000;
		for (int i = 0; i < K; i++) {
			struct conn *k = &ks[i];
			if (rate && !k->busy && k->due_us <= t) { send_next(k, i, k->due_us); k->due_us += period; }
			if (rate && !k->busy && k->due_us - t < wait) wait = k->due_us - t;
			pf[i] = (struct pollfd){ k->fd, POLLIN, 0 };
		}
		/* to the microsecond: a wait rounded down to whole milliseconds
		 * (poll) spins whenever the next request is due within one, and
		 * at 5,000/s one always is: the generator then held a core of
		 * the two the daemon runs on */
		struct timespec ts = { (time_t)(wait / 1000000), (long)(wait % 1000000) * 1000 };
		if (ppoll(pf, (nfds_t)K, &ts, NULL) <= 0) continue;
		for (int i = 0; i < K; i++) {
			if (!(pf[i].revents & POLLIN)) continue;
			struct conn *k = &ks[i];
			/* what arrived, line by line (opened by the client module) */
			int got = client_read_line(k->c, k->in, sizeof k->in, 0);
			if (got < 0) { fprintf(stderr, "bench: connection lost\n"); exit(1); }
			if (got > 0) continue;   /* part of a line */
			do {
				if (k->in[0] != '*') {   /* a reply, not a push */
					if (!strstr(k->in, " OK")) { fprintf(stderr, "bench: %s\n", k->in); exit(1); }
					if (nlat < ACKS_MAX) {
						due_us[nlat] = k->sent_us;
						lat_us[nlat] = lat[nlat] = now_us() - k->sent_us;
						nlat++;
					}
					k->n++;
					k->busy = false;
					if (!rate) send_next(k, i, now_us());
					else if (k->due_us <= now_us()) { send_next(k, i, k->due_us); k->due_us += period; }
				}
			} while (client_read_line(k->c, k->in, sizeof k->in, 0) == 0);
		}
	}
	double secs = (double)(now_us() - start) / 1e6;
	nacks = nlat;
	qsort(lat, nlat, sizeof *lat, cmp_ll);
	*p50 = nlat ? lat[nlat / 2] : 0;
	*p99 = nlat ? lat[nlat * 99 / 100] : 0;
	/* drain the replies in flight before closing */
	usleep(100000);
	for (int i = 0; i < K; i++) client_close(ks[i].c);
	free(ks);
	free(pf);
	free(lat);
	return (double)nlat / secs;
}


struct figure {
	double rps[BENCH_RUNS_MAX], p50[BENCH_RUNS_MAX], p99[BENCH_RUNS_MAX];
	double commits[BENCH_RUNS_MAX], per_commit[BENCH_RUNS_MAX];   /* per s; requests */
	double cpu_us[BENCH_RUNS_MAX];   /* the daemon's CPU per acknowledged request */
	double sync_ms[BENCH_RUNS_MAX];  /* a commit's fdatasync, mean */
	/* the commits' own fdatasyncs during the run: p50, p99, max, and the
	 * share of them over 2 ms (percent) */
	double own50[BENCH_RUNS_MAX], own99[BENCH_RUNS_MAX], ownmax[BENCH_RUNS_MAX], own_slow[BENCH_RUNS_MAX];
	/* the disk's floor just before each run: p50, p99, syncs per second */
	double disk50[BENCH_RUNS_MAX], disk99[BENCH_RUNS_MAX], disk_rate[BENCH_RUNS_MAX];
	/* paced: the same run's commits with no time of the daemon's own, each
	 * request in the first commit that starts after it is due: p50, p99 */
	double ideal50[BENCH_RUNS_MAX], ideal99[BENCH_RUNS_MAX];
	/* paced: the idle disk as a request meets it, just before each run */
	double ack99[BENCH_RUNS_MAX];
};

/* The CPU time a process has used (user + system), in microseconds. */
static double cpu_us_of(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long long ut = 0, st = 0;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f) return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2) return 0;
	return (double)(ut + st) * 1e6 / (double)sysconf(_SC_CLK_TCK);
}

static char counts[700], times[700];

/* The run's commits (the loop thread's syncs from..to-1), as the daemon
 * itself saw them under the run's load: the floor measured before the
 * run is the disk alone, idle. */
static void own_syncs(struct figure *f, int r, long from, long to)
{
	size_t room = (size_t)(to > from ? to - from : 1);
	long long *us = malloc(room * sizeof *us);
	struct commit_span *spans = malloc(room * sizeof *spans);
	long n = us && spans ? syncs_spans(times, from, to, spans) : 0, slow = 0;
	f->own50[r] = f->own99[r] = f->ownmax[r] = f->own_slow[r] = 0;
	f->ideal50[r] = f->ideal99[r] = 0;
	for (long i = 0; i < n; i++) us[i] = spans[i].end - spans[i].start;
	if (n > 0) {
		/* the acks a daemon spending no time of its own would have given
		 * on these commits */
		long long *w = malloc(nacks * sizeof *w);
		size_t nw = 0;
		for (size_t i = 0; w && i < nacks; i++) {
			long long x = commitwait_at(spans, n, due_us[i]);
			if (x >= 0) w[nw++] = x;
		}
		if (nw) {
			qsort(w, nw, sizeof *w, cmp_ll);
			f->ideal50[r] = (double)w[nw / 2] / 1000;
			f->ideal99[r] = (double)w[nw * 99 / 100] / 1000;
		}
		free(w);
		qsort(us, (size_t)n, sizeof *us, cmp_ll);
		for (long i = 0; i < n; i++) slow += us[i] > 2000;
		f->own50[r] = (double)us[n / 2] / 1000;
		f->own99[r] = (double)us[n * 99 / 100] / 1000;
		f->ownmax[r] = (double)us[n - 1] / 1000;
		f->own_slow[r] = 100.0 * (double)slow / (double)n;
	}
	free(us);
	free(spans);
}

/* One case, BENCH_RUNS runs: requests/s, latency and the commits. */
static void measure(const struct daemon *d, const struct load_case *lc, struct figure *f, int runs)
{
	int rate = lc->rate;
	for (int r = 0; r < runs; r++) {
		long long p50, p99;
		long c0, c1, all;
		f->disk_rate[r] = floor_disk_now(d->data, &f->disk50[r], &f->disk99[r]);
		double a50;
		f->ack99[r] = 0;
		if (rate && floor_disk_ack_now(d->data, 1.0, &a50, &f->ack99[r]) < 0) f->ack99[r] = 0;
		syncs_read(counts, &c0, &all);
		long us0 = syncs_read_us(counts);
		long long t0 = now_us();
		double cpu0 = cpu_us_of(d->pid);
		f->rps[r] = run(d, lc, &p50, &p99);
		double secs = (double)(now_us() - t0) / 1e6;
		f->cpu_us[r] = (cpu_us_of(d->pid) - cpu0) / (f->rps[r] * SECONDS);
		syncs_read(counts, &c1, &all);
		f->sync_ms[r] = c1 > c0 ? (double)(syncs_read_us(counts) - us0) / 1000 / (double)(c1 - c0) : 0;
		own_syncs(f, r, c0, c1);
		f->p50[r] = (double)p50 / 1000;
		f->p99[r] = (double)p99 / 1000;
		/* the run's time includes the 0.1 s drain after it */
		f->commits[r] = (double)(c1 - c0) / secs;
		if (getenv("GOISO_BENCH_DEBUG")) printf("    run %d: syncs %ld -> %ld (all %ld), %.0f req/s\n", r, c0, c1, all, f->rps[r]);
		f->per_commit[r] = c1 > c0 ? f->rps[r] * (SECONDS + 0.1) / SECONDS / f->commits[r] : 0;
	}
}

static void print_case(const struct load_case *lc, struct figure *f, int runs)
{
	int K = lc->K, rate = lc->rate;
	char offered[32], what[80];
	double ratio[BENCH_RUNS_MAX], share[BENCH_RUNS_MAX];
	/* each run against the disk's floor measured just before it (the
	 * arrays are sorted below: the ratios first) */
	for (int r = 0; r < runs; r++) {
		ratio[r] = f->disk99[r] > 0 ? f->p99[r] / f->disk99[r] : 0;
		double allows = f->disk_rate[r] * f->per_commit[r];
		share[r] = allows > 0 ? 100 * f->rps[r] / allows : 0;
	}
	if (rate) snprintf(offered, sizeof offered, "%d/s%s", rate, lc->sub ? ", subscribed" : "");
	else snprintf(offered, sizeof offered, "saturation%s", lc->sub ? ", subscribed" : "");
	double rps = bench_pct(f->rps, runs, 0.5), p50 = bench_pct(f->p50, runs, 0.5);
	double commits = bench_pct(f->commits, runs, 0.5), per = bench_pct(f->per_commit, runs, 0.5);
	printf("  K=%d %s: %.0f requests/s (spread %.0f-%.0f), p50 %.2f ms; %.0f commits/s x %.1f requests per commit, "
	       "a commit's fdatasync %.2f ms (mean); daemon CPU %.0f us per request\n", K, offered, rps, f->rps[0],
	       f->rps[runs - 1], p50, commits, per, bench_pct(f->sync_ms, runs, 0.5), bench_pct(f->cpu_us, runs, 0.5));
	snprintf(what, sizeof what, "K=%d %s NEXT/ISSUE -> ack", K, offered);
	bench_figure(what, f->p99, runs, "disk", rate ? 2 : 0, -1);
	double d50 = bench_pct(f->disk50, runs, 0.5), d99 = bench_pct(f->disk99, runs, 0.5);
	double drate = bench_pct(f->disk_rate, runs, 0.5);
	double own99 = bench_pct(f->own99, runs, 0.5);
	printf("      its own commits' fdatasync under this load: p50 %.3f ms, p99 %.3f ms, max %.2f ms, %.2f %% over "
	       "2 ms (medians of the runs); ack p99 / that p99: %.1fx\n", bench_pct(f->own50, runs, 0.5), own99,
	       bench_pct(f->ownmax, runs, 0.5), bench_pct(f->own_slow, runs, 0.5),
	       own99 > 0 ? bench_pct(f->p99, runs, 0.5) / own99 : 0);
	printf("      the disk just before each run: fdatasync p50 %.3f ms, p99 %.3f ms, %.0f/s (medians); ",
	       d50, d99, drate);
	if (rate) {
		double med = bench_pct(ratio, runs, 0.5);
		/* one request in flight per counter, each acknowledged after a sync:
		 * no counter gets more than one reply per fdatasync */
		printf("K counters / fdatasync p50 = %.0f requests/s at most%s; ", K / d50 * 1000,
		       K / d50 * 1000 < rate ? " (below the offered rate: the queue grows)" : "");
		printf("ack p99 / its run's disk p99: %.1fx (spread %.1f-%.1f; bound 2x: %s)\n", med, ratio[0],
		       ratio[runs - 1], med <= 2 ? "within" : "OVER");
		double ack = bench_pct(f->ack99, runs, 0.5), ideal = bench_pct(f->ideal99, runs, 0.5);
		double p99 = bench_pct(f->p99, runs, 0.5);
		printf("      the idle disk as a request meets it, just before each run (appends synced back to back for "
		       "1 s, requests arriving evenly: the sync in progress, then the next): p99 %.3f ms; ack p99 / that: "
		       "%.1fx\n", ack, ack > 0 ? p99 / ack : 0);
		printf("      the same run's commits with no time of the daemon's own (each request in the first commit "
		       "that starts after it is due): p50 %.3f ms, p99 %.3f ms; the daemon's own share of the ack p99: "
		       "%.3f ms (medians of the runs)\n", bench_pct(f->ideal50, runs, 0.5), ideal, p99 - ideal);
		return;
	}
	double med = bench_pct(share, runs, 0.5);
	printf("group commit allows its fdatasyncs/s x %.1f requests per commit = %.0f requests/s; measured %.0f "
	       "= %.0f %% (median of the runs, spread %.0f-%.0f %%; bound >= 80 %%: %s)\n", per, drate * per, rps,
	       med, share[0], share[runs - 1], med >= 80 ? "within" : "UNDER");
}

/* The session's cost: one request line sealed by a counter and opened by
 * the display, and its reply sealed and opened back, in microseconds. */
static double session_us_per_line(void)
{
	static const char line[] = "3f9a01c2-17 NEXT counter=12";
	struct session a = { .on = true }, b = { .on = true };
	char wire[SESSION_WIRE_MAX + 2], plain[PROTO_LINE_MAX + 1];
	enum { N = 200000 };
	memset(a.tx, 7, sizeof a.tx);
	memcpy(b.rx, a.tx, sizeof b.rx);
	long long t0 = now_us();
	for (int i = 0; i < N; i++) {
		int n = session_seal(&a, line, sizeof line - 1, wire, sizeof wire);
		if (n < 0 || session_open(&b, wire, (size_t)n - 1, plain, sizeof plain) < 0) return -1;
	}
	return (double)(now_us() - t0) / N;
}

/* Is "K" (saturation) or "K@rate", with "+sub" when subscribed, among the
 * space-separated names? */
static bool case_chosen(const char *list, const struct load_case *lc)
{
	char name[40];
	size_t n = (size_t)(lc->rate ? snprintf(name, sizeof name, "%d@%d%s", lc->K, lc->rate, lc->sub ? "+sub" : "")
	                             : snprintf(name, sizeof name, "%d%s", lc->K, lc->sub ? "+sub" : ""));
	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ')) return true;
	return false;
}

TEST(bench_load)
{
	struct daemon d;
	int runs = bench_runs();
	snprintf(counts, sizeof counts, "%s/syncs", test_tmpdir());
	snprintf(times, sizeof times, "%s/sync-times", test_tmpdir());
	REQUIRE(syncs_daemon_start(&d, 256, counts, times) == 0);
	/* the last: a center of 16 counters whose panels all follow the
	 * pushes, as real panels do (each call fans out to all of them) */
	static const struct load_case cases[] = {
		{ 1, 0, false }, { 16, 0, false }, { 256, 0, false }, { 16, PACED_RATE, false },
		{ 256, PACED_RATE, false }, { 16, PACED_RATE, true },
	};
	static struct figure figs[sizeof cases / sizeof *cases];
	/* BENCH_LOAD_CASES="16@5000 256@5000": only those cases (K, K@rate, +sub),
	 * for a side-by-side of two builds */
	const char *only = getenv("BENCH_LOAD_CASES");
	printf("\n  load: acknowledged (fdatasync'd) requests, %d s per run, %d runs\n", SECONDS, runs);
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		if (only && !case_chosen(only, &cases[k])) continue;
		measure(&d, &cases[k], &figs[k], runs);
		print_case(&cases[k], &figs[k], runs);
	}
	double us = session_us_per_line();
	if (only && !case_chosen(only, &cases[0])) { daemon_stop(&d); return; }
	/* one counter alone: its request's ack is the time a request takes */
	double p50 = bench_pct(figs[0].p50, runs, 0.5), p99 = bench_pct(figs[0].p99, runs, 0.5);
	/* two lines per request, each sealed at one end and opened at the other */
	printf("  session (ChaCha20-Poly1305 + base64url): %.2f us per line sealed and opened; a request and its "
	       "reply %.2f us = %.2f %% of the K=1 ack p50 (%.2f ms), %.3f %% of its p99 (%.2f ms)\n",
	       us, 2 * us, 100 * 2 * us / 1000 / p50, p50, 100 * 2 * us / 1000 / p99, p99);
	daemon_stop(&d);
}
