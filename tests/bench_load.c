/*
 * Load benchmark: K authenticated counters issue and call against the real
 * daemon (release build) for a fixed time, each with one request in flight
 * Two ways, three runs each, medians printed:
 *  - saturation (closed loop: each client sends its next request as soon
 *    as the reply arrives): the most acknowledged requests per second;
 *  - paced at a fixed offered rate (5,000 requests/s spread evenly over
 *    the K clients): the latency a floor under that load sees. Latency is
 *    measured from the request's scheduled time, so a slow reply that
 *    delays the next request is counted, not hidden.
 * Every acknowledged request is durable (the daemon commits with fsync
 * before replying).
 */
#include "test.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"

#define SECONDS 4
#define RUNS 3

#define PACED_RATE 5000

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

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void send_next(struct conn *k, int idx, long long due)
{
	char line[128];
	/* issue then call, so the queue neither empties nor grows */
	int n = snprintf(line, sizeof line, "b%d-%lu %s\n", idx, k->n, k->n % 2 ? "NEXT" : "ISSUE service=A");
	k->sent_us = due;
	k->busy = true;
	(void)n;
	if (client_send_line(k->c, line)) k->fd = -1;   /* sealed to the session */
}

/* One run: returns requests/s, fills p50/p99 in microseconds. rate 0:
 * saturation; else the offered requests/s over all K clients. */
static double run(const struct daemon *d, int K, int rate, long long *p50, long long *p99)
{
	struct conn *ks = calloc((size_t)K, sizeof *ks);
	struct pollfd *pf = calloc((size_t)K, sizeof *pf);
	size_t cap = 1 << 20, nlat = 0;
	long long *lat = malloc(cap * sizeof *lat);
	struct proto_msg m;
	for (int i = 0; i < K; i++) {
		ks[i].c = daemon_client(d, "counter", i + 1);
		if (!ks[i].c) { fprintf(stderr, "bench: connect %d failed\n", i); exit(1); }
		daemon_call(ks[i].c, "LOGIN officer=Bench", &m);
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
		if (poll(pf, (nfds_t)K, (int)(wait / 1000)) <= 0) continue;
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
					if (nlat < cap) lat[nlat++] = now_us() - k->sent_us;
					k->n++;
					k->busy = false;
					if (!rate) send_next(k, i, now_us());
					else if (k->due_us <= now_us()) { send_next(k, i, k->due_us); k->due_us += period; }
				}
			} while (client_read_line(k->c, k->in, sizeof k->in, 0) == 0);
		}
	}
	double secs = (double)(now_us() - start) / 1e6;
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

TEST(bench_load)
{
	char dir[600], conf[700];
	struct daemon d;
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	snprintf(conf, sizeof conf, "%s/bench.conf", test_tmpdir());
	FILE *f = fopen(conf, "w");
	REQUIRE(f != NULL);
	fputs("[center]\nname = Bench\n[service A]\nnumbers = 1-999999\n", f);
	for (int i = 1; i <= 256; i++) fprintf(f, "[counter %d]\n", i);
	fclose(f);
	const char *args[] = { "--config", conf, NULL };
	REQUIRE(daemon_start(&d, dir, args) == 0);
	static const struct { int K, rate; } cases[] = {
		{ 1, 0 }, { 16, 0 }, { 256, 0 }, { 16, PACED_RATE }, { 256, PACED_RATE },
	};
	printf("\n  load: acknowledged (fsynced) requests, %d s per run, median of %d runs\n", SECONDS, RUNS);
	printf("  %5s  %-18s  %12s  %10s  %10s\n", "K", "offered", "requests/s", "p50 ms", "p99 ms");
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		double rps[RUNS], p50s[RUNS], p99s[RUNS];
		for (int r = 0; r < RUNS; r++) {
			long long p50, p99;
			rps[r] = run(&d, cases[k].K, cases[k].rate, &p50, &p99);
			p50s[r] = (double)p50 / 1000;
			p99s[r] = (double)p99 / 1000;
		}
		qsort(rps, RUNS, sizeof *rps, cmp_d);
		qsort(p50s, RUNS, sizeof *p50s, cmp_d);
		qsort(p99s, RUNS, sizeof *p99s, cmp_d);
		char offered[32];
		snprintf(offered, sizeof offered, cases[k].rate ? "%d/s" : "saturation", cases[k].rate);
		printf("  %5d  %-18s  %12.0f  %10.2f  %10.2f\n", cases[k].K, offered, rps[RUNS / 2],
		       p50s[RUNS / 2], p99s[RUNS / 2]);
	}
	daemon_stop(&d);
}
