/*
 * Web gateway benchmarks, against the real display and goiso-web:
 *  - NEXT sent → the open board page's DOM shows it, in headless
 *    Chromium (the page records Date.now() when the call's text changes;
 *    the same clock as the request's send time), over 200 calls;
 *  - 1,000 event-stream clients held open: NEXT sent → the last of them
 *    has the call, the gateway's memory per client, and the counters'
 *    NEXT → ack with and without the 1,000 clients (200 calls each).
 */
#include "test.h"

#include "clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gateway.h"

#define CALLS 200
#define CLIENTS 1000

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	int i = (int)(p * (n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

static int start(struct daemon *d, struct gateway *g, const char *const *web_args)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	if (daemon_start(d, dir, NULL)) return -1;
	return gateway_start(g, d, web_args);
}

/* NEXT → ack in ms, with a fresh ticket issued before each call. */
static double timed_next(struct client *kiosk, struct client *ctr, char *label, size_t n)
{
	struct proto_msg m;
	if (daemon_call(kiosk, "ISSUE service=A", &m)) return -1;
	int64_t t0 = (clock_mono_ns() / 1000);
	if (daemon_call(ctr, "NEXT", &m) || strcmp(m.word, "OK")) return -1;
	double ms = (double)((clock_mono_ns() / 1000) - t0) / 1000.0;
	if (label) snprintf(label, n, "%s", proto_get(&m, "ticket") ? proto_get(&m, "ticket") : "");
	return ms;
}

TEST_TIMEOUT(bench_web_next_to_page, 600)
{
	struct daemon d;
	struct gateway g;
	char out[1 << 16];
	double lat[CALLS];
	REQUIRE(start(&d, &g, NULL) == 0);
	struct client *kiosk = daemon_client(&d, "kiosk", 0), *ctr = daemon_client(&d, "counter", 1);
	struct proto_msg m;
	REQUIRE(kiosk && ctr && daemon_call(ctr, "LOGIN officer=An", &m) == 0);
	struct browser *b = browser_new();
	REQUIRE(b && browser_cmd(b, NULL, 0, "open http://%s/ 1920 1080", g.addr) == 0);
	REQUIRE(browser_cmd(b, NULL, 0, "wait document.body.dataset.updates 5000") == 0);
	REQUIRE(browser_cmd(b, NULL, 0, "watch calltext") == 0);
	int n = 0;
	for (int i = 0; i < CALLS; i++) {
		char want[32], label[16];
		if (daemon_call(kiosk, "ISSUE service=A", &m)) break;
		int64_t t0 = clock_wall_ms();
		if (daemon_call(ctr, "NEXT", &m)) break;
		snprintf(label, sizeof label, "%s", proto_get(&m, "ticket"));
		snprintf(want, sizeof want, " %s ", label);
		int64_t seen = -1;
		for (int tries = 0; tries < 500 && seen < 0; tries++) {
			if (browser_cmd(b, out, sizeof out, "seen")) break;
			char *p = strstr(out, want);
			if (p) {   /* [[ms,"text"],...]: the ms just before this text */
				char *q = p;
				while (q > out && *q != '[') q--;
				seen = strtoll(q + 1, NULL, 10);
			} else {
				sleep_ms(5);
			}
		}
		if (seen < 0) { fprintf(stderr, "bench: the page never showed %s\n", label); break; }
		lat[n++] = (double)(seen - t0);
		sleep_ms(20);
	}
	printf("\n  web: NEXT sent -> board page DOM updated in Chromium, %d calls: p50 %.0f ms, p99 %.0f ms, "
	       "max %.0f ms (target p99 <= 200 ms)\n", n, pct(lat, n, 0.5), pct(lat, n, 0.99), pct(lat, n, 1.0));
	browser_free(b);
	client_close(kiosk);
	client_close(ctr);
	gateway_kill(&g, SIGTERM);
	daemon_stop(&d);
}

struct sse {
	int fd;
	char tail[64];      /* the end of what came before, for labels cut in two */
	bool got;
};

static int sse_open(const char *addr)
{
	static const char req[] = "GET /events HTTP/1.1\r\nHost: bench\r\n\r\n";
	int fd = daemon_dial(addr);
	if (fd >= 0 && send(fd, req, sizeof req - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof req - 1)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads every client until each has received want ("\"t\":\"A012\""), or
 * timeout; returns when the last one got it (monotonic µs), -1 if not all. */
static int64_t read_until_all(struct sse *s, struct pollfd *p, int n, const char *want, int timeout_ms)
{
	static char buf[1 << 16], joined[(1 << 16) + 64];
	int left = n;
	int64_t end = (clock_mono_ns() / 1000) + (int64_t)timeout_ms * 1000, last = -1;
	for (int i = 0; i < n; i++) { s[i].got = !want; p[i].fd = s[i].fd; p[i].events = POLLIN; }
	if (!want) left = 0;
	while ((clock_mono_ns() / 1000) < end) {
		int r = poll(p, (nfds_t)n, want ? 50 : 20);
		if (r <= 0) { if (!want) return 0; continue; }
		for (int i = 0; i < n; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
			ssize_t k = recv(s[i].fd, buf, sizeof buf, MSG_DONTWAIT);
			if (k <= 0) continue;
			if (!want || s[i].got) continue;
			size_t tl = strlen(s[i].tail);
			memcpy(joined, s[i].tail, tl);
			memcpy(joined + tl, buf, (size_t)k);
			joined[tl + (size_t)k] = 0;
			if (strstr(joined, want)) {
				s[i].got = true;
				last = (clock_mono_ns() / 1000);
				if (--left == 0) return last;
			}
			size_t keep = tl + (size_t)k < 40 ? tl + (size_t)k : 40;
			memcpy(s[i].tail, joined + tl + (size_t)k - keep, keep);
			s[i].tail[keep] = 0;
		}
	}
	return left ? -1 : last;
}

TEST_TIMEOUT(bench_web_thousand_streams, 600)
{
	static const char *const args[] = { "--per-ip", "2000", NULL };
	struct daemon d;
	struct gateway g;
	static struct sse s[CLIENTS];
	static struct pollfd p[CLIENTS];
	double without[CALLS], with[CALLS], notify[CALLS / 2];
	REQUIRE(start(&d, &g, args) == 0);
	struct client *kiosk = daemon_client(&d, "kiosk", 0), *ctr = daemon_client(&d, "counter", 1);
	struct proto_msg m;
	REQUIRE(kiosk && ctr && daemon_call(ctr, "LOGIN officer=An", &m) == 0);
	for (int i = 0; i < CALLS; i++) without[i] = timed_next(kiosk, ctr, NULL, 0);
	sleep_ms(300);
	long rss0 = gateway_rss_kib(&g);
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	int n = 0;
	for (int i = 0; i < CLIENTS; i++) {
		if ((s[n].fd = sse_open(g.addr)) < 0) break;
		s[n].tail[0] = 0;
		n++;
	}
	read_until_all(s, p, n, NULL, 1000);   /* the first board of each */
	read_until_all(s, p, n, NULL, 1000);
	long rss1 = gateway_rss_kib(&g);
	int nn = 0, nw = 0;
	for (int i = 0; i < CALLS; i++) {
		char label[16], want[32];
		struct proto_msg mm;
		if (daemon_call(kiosk, "ISSUE service=A", &mm)) break;
		int64_t t0 = (clock_mono_ns() / 1000);
		if (daemon_call(ctr, "NEXT", &mm)) break;
		with[nw++] = (double)((clock_mono_ns() / 1000) - t0) / 1000.0;
		snprintf(label, sizeof label, "%s", proto_get(&mm, "ticket"));
		if (i % 2) {   /* every other call: wait until all 1,000 have it */
			snprintf(want, sizeof want, "\"t\":\"%s\"", label);
			int64_t last = read_until_all(s, p, n, want, 10000);
			if (last < 0) { fprintf(stderr, "bench: not every client got %s\n", label); break; }
			notify[nn++] = (double)(last - t0) / 1000.0;
		} else {
			read_until_all(s, p, n, NULL, 30);
		}
	}
	printf("\n  web: %d event-stream clients held while a counter calls (%d calls)\n", n, nn);
	printf("    NEXT sent -> last client notified: p50 %.1f ms, p99 %.1f ms\n", pct(notify, nn, 0.5),
	       pct(notify, nn, 0.99));
	printf("    gateway memory: %ld KiB idle, %ld KiB with %d clients: %.1f KiB per client\n", rss0, rss1, n,
	       n ? (double)(rss1 - rss0) / n : 0.0);
	printf("    NEXT -> ack: without the clients p50 %.2f ms, p99 %.2f ms; with them p50 %.2f ms, p99 %.2f ms\n",
	       pct(without, CALLS, 0.5), pct(without, CALLS, 0.99), pct(with, nw, 0.5), pct(with, nw, 0.99));
	for (int i = 0; i < n; i++) close(s[i].fd);
	client_close(kiosk);
	client_close(ctr);
	gateway_kill(&g, SIGTERM);
	daemon_stop(&d);
}
