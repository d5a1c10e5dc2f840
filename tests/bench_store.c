/*
 * Restart benchmark: a heavy day of 100,000 events (calls, recalls,
 * pauses, logins, as a flooding counter would leave them) is written into
 * a data directory with the display's own store, then the release daemon
 * is started on it three times: the time from exec to its first answer
 * (STATUS) is printed, median of three.
 */
#include "test.h"

#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "daemon.h"
#include "procstat.h"
#include "engine.h"
#include "keyring.h"
#include "message.h"
#include "store.h"

#define EVENTS 100000
#define RUNS 3

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Decides, applies and logs one act as the server does; 1 when logged. */
static int act(struct store *st, struct engine *e, enum engine_verb verb, int counter, int service,
               const char *text, unsigned long n)
{
	struct engine_cmd c = { .verb = verb, .counter = counter, .service = service, .ticket = -1 };
	struct engine_event ev;
	struct proto_buf pb;
	char id[32], principal[40];
	snprintf(c.text, sizeof c.text, "%s", text);
	if (engine_decide(e, &c, wall_ms(), &ev) || engine_apply(e, &ev)) return 0;
	snprintf(id, sizeof id, "r%lu", n);
	snprintf(principal, sizeof principal, "c%d-bench/counter/%d", counter, counter);
	message_ok(&pb, id, e, &ev);
	return store_append(st, e, &ev, principal, id, pb.s) == 0;
}

static int heavy_day(const char *dir, const struct config *cfg)
{
	char path[700], err[300];
	snprintf(path, sizeof path, "%s/events.db", dir);
	struct keyring *k = keyring_open(dir, true, err, sizeof err);
	struct store *st = store_open(path, true, err, sizeof err);
	struct engine *e = engine_new(cfg, engine_day_of(cfg, wall_ms()));
	int n = 0;
	if (!k || !st || !e) { fprintf(stderr, "bench: %s\n", err); goto out; }
	for (unsigned long i = 0; n < EVENTS; i++) {
		int counter = cfg->counters[i % (unsigned long)cfg->ncounters].no;
		switch (i % 8) {
		case 0: n += act(st, e, VERB_LOGIN, counter, -1, "Nguyễn Văn An", i); break;
		case 1: n += act(st, e, VERB_ISSUE, 0, (int)(i / 8 % (unsigned long)cfg->nservices), "", i); break;
		case 2: n += act(st, e, VERB_NEXT, counter, -1, "", i); break;
		case 3: case 4: n += act(st, e, VERB_RECALL, counter, -1, "", i); break;
		case 5: n += act(st, e, VERB_PAUSE, counter, -1, "nghỉ", i); break;
		case 6: n += act(st, e, VERB_RESUME, counter, -1, "", i); break;
		default: n += act(st, e, VERB_DONE, counter, -1, "", i); break;
		}
		if (i % 1000 == 999 && store_commit(st)) { n = -1; break; }
	}
	if (n > 0 && store_commit(st)) n = -1;
out:
	engine_free(e);
	store_close(st);
	keyring_free(k);
	return n;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

TEST(bench_restart_heavy_day)
{
	char dir[600], err[300];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(mkdir(dir, 0700) == 0);
	struct config *cfg = config_parse(config_default_text, "sample", err, sizeof err);
	REQUIRE(cfg != NULL);
	long long t0 = now_us();
	int n = heavy_day(dir, cfg);
	long long made = now_us() - t0;
	config_free(cfg);
	REQUIRE(n == EVENTS);
	long long took[RUNS], cpu[RUNS];
	for (int r = 0; r < RUNS; r++) {
		struct daemon d;
		struct proto_msg m;
		long long s = now_us();
		REQUIRE(daemon_start(&d, dir, NULL) == 0);
		struct client *c = daemon_client(&d, "admin", 0);
		REQUIRE(c && daemon_call(c, "STATUS", &m) == 0 && !strcmp(m.word, "OK"));
		took[r] = now_us() - s;
		cpu[r] = procstat_cpu_ms(d.pid);
		client_close(c);
		CHECK_INT_EQ(daemon_log_count(&d, "replayed 100000 events"), r + 1);
		daemon_stop(&d);
	}
	qsort(took, RUNS, sizeof *took, cmp_ll);
	qsort(cpu, RUNS, sizeof *cpu, cmp_ll);
	printf("\n  restart: a day of %d events (written in %.1f s), start to first answer,"
	       " median of %d: %.0f ms (%lld ms of CPU)\n", EVENTS, made / 1e6, RUNS, took[RUNS / 2] / 1000.0,
	       cpu[RUNS / 2]);
}
