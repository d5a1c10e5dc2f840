/*
 * make soak: a compressed week of a busy center against the release
 * daemon. Each day 600 tickets are issued and 10 counters call, recall and
 * finish them as fast as they can, while the faults of a real floor are
 * made: kill -9 under load and held still, PulseAudio and avahi-daemon
 * restarts, a clock step back and forward, and (two days of seven) a full
 * disk and its recovery. After each fault: every acknowledged request is
 * in the log, no number was given twice, no ticket called twice, and (for
 * the faults made with the load held still) STATUS equals the STATUS
 * before the fault. Figures are printed; it ends by itself.
 *
 * tests/soak prepares what it needs: GOISO_SOAK_DISK (a small tmpfs for
 * the data), GOISO_SOAK_CTL (a folder where touching "avahi" asks the
 * script to restart this host's avahi-daemon) and the host's D-Bus.
 * Days follow each other by restarts with the daemon's clock a day later
 * (GOISO_TEST_CLOCK_SKEW): a step into the next day would, by design,
 * keep the day.
 */
#include "test.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "sound.h"

#define DAYS 7
#define COUNTERS 10
#define TICKETS 600
#define DAY_MS 86400000LL

struct soak {
	char disk[300], data[400], log[500], conf[500], skew[500], ctl[300], acks[500];
	int port;
	struct daemon d;
	struct sound_server pulse;
	pid_t issuer, workers[COUNTERS];
	long long skew_ms;
	int faults[8], compared, mismatched, missing, restarts;
	long long restart_max_us, wal_max;
};

enum { F_KILL_LOAD, F_KILL_STILL, F_PULSE, F_AVAHI, F_CLOCK, F_DISK, F_N };
static const char *const fault_name[F_N] = { "kill -9 under load", "kill -9 held still", "PulseAudio restart",
	                                     "avahi-daemon restart", "clock step", "full disk" };

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void put_skew(struct soak *s, long long ms)
{
	char tmp[620];
	snprintf(tmp, sizeof tmp, "%s.tmp", s->skew);
	FILE *f = fopen(tmp, "w");
	if (f) { fprintf(f, "%lld\n", ms); fclose(f); rename(tmp, s->skew); }
	s->skew_ms = ms;
}

static bool answers(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

static int start(struct soak *s)
{
	char listen[40];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
	long long t0 = now_us();
	s->d.pid = fork();
	if (s->d.pid == 0) {
		int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) { dup2(fd, 2); dup2(fd, 1); close(fd); }
		setenv("GOISO_TEST_CLOCK_SKEW", s->skew, 1);
		const char *argv[] = { daemon_bin("goiso-display"), "--data", s->data, "--listen", listen, "--headless",
			               "--audio", "pulse", "--config", s->conf, s->ctl[0] ? NULL : "--no-mdns", NULL };
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; i < 1000 && daemon_alive(&s->d); i++) {
		if (answers(s->port)) {
			long long took = now_us() - t0;
			if (took > s->restart_max_us) s->restart_max_us = took;
			s->restarts++;
			return 0;
		}
		usleep(5000);
	}
	return -1;
}

/* A client: every request retried with the same id until answered; each
 * answer is appended to the acks file as "<principal> <id> <OK|ERR> <ticket>". */
static void client_loop(const struct soak *s, const char *role, int counter, int tickets)
{
	static const char *const script[] = { "NEXT", "RECALL", "DONE", "NEXT", "DONE", "NEXT", "RATE score=5" };
	char path[700], stop[700], id[40], err[200];
	snprintf(path, sizeof path, "%s.%s%d", s->acks, role, counter);
	snprintf(stop, sizeof stop, "%s.stop", s->acks);
	FILE *acks = fopen(path, "a");
	struct client *c = NULL;
	if (!acks) _exit(1);
	setvbuf(acks, NULL, _IOLBF, 0);
	freopen("/dev/null", "w", stderr);
	for (unsigned long n = 0; tickets ? (int)n < tickets : access(stop, F_OK) != 0; n++) {
		const char *body = tickets ? (n % 3 ? "ISSUE service=A" : "ISSUE service=B")
		                           : n == 0 ? "LOGIN officer=\"Cán bộ\"" : script[n % 7];
		snprintf(id, sizeof id, "%s%d-%lld-%lu", role, counter, s->skew_ms / DAY_MS, n);
		struct proto_msg m;
		for (;;) {
			if (!c) c = daemon_client(&s->d, role, counter);
			if (c && client_call(c, id, body, &m, 3000, err, sizeof err) == 0) break;
			client_close(c);
			c = NULL;
			usleep(20000);
		}
		const char *t = proto_get(&m, "ticket");
		fprintf(acks, "site/%s/%d %s %s %s\n", role, counter, id, m.word, t && !strcmp(m.word, "OK") ? t : "-");
		if (strcmp(m.word, "OK")) usleep(10000);   /* nothing to call: an officer waits */
	}
	fclose(acks);
	client_close(c);
	_exit(0);
}

static void hold(struct soak *s, int sig)
{
	if (s->issuer > 0) kill(s->issuer, sig);
	for (int i = 0; i < COUNTERS; i++) kill(s->workers[i], sig);
	if (sig == SIGSTOP) usleep(50000);   /* the requests already sent are answered */
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every OK in the acks files is a row of the log (principal and id), and
 * no label or call is there twice. The acks are read before the log: an
 * answer written down before the log is read was committed before it.
 * Returns the problems found. */
static int check_log(struct soak *s)
{
	char path[700], line[300], p[64], id[64], word[8], t[16];
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	char **keys = NULL, **acked = NULL;
	size_t n = 0, cap = 0, na = 0, capa = 0;
	int bad = 0;
	for (int k = 0; k <= COUNTERS; k++) {
		snprintf(path, sizeof path, "%s.%s%d", s->acks, k ? "counter" : "admin", k);
		FILE *f = fopen(path, "r");
		while (f && fgets(line, sizeof line, f)) {
			if (sscanf(line, "%63s %63s %7s %15s", p, id, word, t) != 4 || strcmp(word, "OK")) continue;
			if (na == capa) acked = realloc(acked, sizeof *acked * (capa = capa ? capa * 2 : 4096));
			char key[140];
			snprintf(key, sizeof key, "%s %s", p, id);
			acked[na++] = strdup(key);
		}
		if (f) fclose(f);
	}
	snprintf(path, sizeof path, "%s/events.db", s->data);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return 1;
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db, "SELECT principal || ' ' || req FROM events WHERE req IS NOT NULL", -1, &st, NULL) == 0) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (n == cap) keys = realloc(keys, sizeof *keys * (cap = cap ? cap * 2 : 4096));
			keys[n++] = strdup((const char *)sqlite3_column_text(st, 0));
		}
		sqlite3_finalize(st);
	}
	qsort(keys, n, sizeof *keys, cmp_str);
	for (size_t i = 0; i < na; i++) {
		if (!bsearch(&acked[i], keys, n, sizeof *keys, cmp_str) && bad++ < 3)
			fprintf(stderr, "soak: acknowledged, not in the log: %s\n", acked[i]);
		free(acked[i]);
	}
	free(acked);
	for (size_t i = 0; i < n; i++) free(keys[i]);
	free(keys);
	static const char *const twice[] = {
		"SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE verb='ISSUE' GROUP BY day, label HAVING COUNT(*) > 1)",
		"SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE verb='NEXT' AND ticket >= 0"
		" GROUP BY day, ticket HAVING COUNT(*) > 1)",
	};
	for (int i = 0; i < 2; i++)
		if (sqlite3_prepare_v2(db, twice[i], -1, &st, NULL) == 0) {
			if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0)) {
				fprintf(stderr, "soak: %s\n", i ? "a ticket called twice" : "a number given twice");
				bad++;
			}
			sqlite3_finalize(st);
		}
	sqlite3_close(db);
	struct stat wst;
	snprintf(path, sizeof path, "%s/events.db-wal", s->data);
	if (stat(path, &wst) == 0 && wst.st_size > s->wal_max) s->wal_max = wst.st_size;
	s->missing += bad;
	return bad;
}

static void sh(const char *fmt, const char *a)
{
	char cmd[1400];
	snprintf(cmd, sizeof cmd, fmt, a, a);
	if (system(cmd) != 0) { /* dd stops at "no space left": expected */ }
}

/* Probes with ISSUE until the daemon says disk_full; OKs are acks too. */
static int until_refused(struct soak *s, char *before, size_t len)
{
	char path[700], id[40], err[200];
	struct client *c = daemon_client(&s->d, "admin", 0);
	snprintf(path, sizeof path, "%s.admin0", s->acks);
	FILE *acks = fopen(path, "a");
	int refused = 0;
	for (int i = 0; c && acks && i < 2000 && !refused; i++) {
		struct proto_msg m;
		snprintf(id, sizeof id, "probe-%lld-%d", s->skew_ms / DAY_MS, i);
		if (client_call(c, id, "ISSUE service=A", &m, 3000, err, sizeof err)) {
			client_close(c);
			c = daemon_client(&s->d, "admin", 0);
			i--;
			continue;
		}
		const char *t = proto_get(&m, "ticket");
		fprintf(acks, "site/admin/0 %s %s %s\n", id, m.word, t && !strcmp(m.word, "OK") ? t : "-");
		if (!strcmp(m.word, "OK")) daemon_status(&s->d, before, len);
		else refused = strstr(m.rest, "disk_full") != NULL;
	}
	if (acks) fclose(acks);
	client_close(c);
	return refused ? 0 : -1;
}

/* One fault, made with the load held still (but F_KILL_LOAD). */
static void fault(struct soak *s, int kind)
{
	char before[2048] = "", after[2048] = "";
	bool still = kind != F_KILL_LOAD;
	if (still) { hold(s, SIGSTOP); daemon_status(&s->d, before, sizeof before); }
	switch (kind) {
	case F_KILL_LOAD: case F_KILL_STILL:
		daemon_kill(&s->d, SIGKILL);
		if (start(s)) test_fail(__FILE__, __LINE__, "restart after kill -9 failed");
		break;
	case F_PULSE:
		sound_kill(&s->pulse.pid, SIGKILL);
		if (sound_server_start(&s->pulse)) test_fail(__FILE__, __LINE__, "PulseAudio did not restart");
		usleep(300000);
		break;
	case F_AVAHI: {
		char flag[600];
		snprintf(flag, sizeof flag, "%s/avahi", s->ctl);
		if (!s->ctl[0]) return;
		fclose(fopen(flag, "w"));
		for (int i = 0; i < 300 && access(flag, F_OK) == 0; i++) usleep(20000);
		break;
	}
	case F_CLOCK:
		put_skew(s, s->skew_ms - 2 * 3600 * 1000LL);
		usleep(1300000);
		put_skew(s, s->skew_ms + 2 * 3600 * 1000LL);
		usleep(1300000);
		break;
	case F_DISK:
		sh("dd if=/dev/zero of='%s/filler' bs=64k 2>/dev/null; dd if=/dev/zero of='%s/filler2' bs=512 2>/dev/null",
		   s->disk);
		if (until_refused(s, before, sizeof before)) test_fail(__FILE__, __LINE__, "the full disk was not refused");
		hold(s, SIGCONT);
		usleep(500000);   /* the counters hear ERR disk_full */
		hold(s, SIGSTOP);
		break;
	}
	s->faults[kind]++;
	if (!daemon_alive(&s->d)) test_fail(__FILE__, __LINE__, "the daemon died at a %s", fault_name[kind]);
	if (still && daemon_status(&s->d, after, sizeof after) == 0) {
		s->compared++;
		if (strcmp(before, after)) {
			s->mismatched++;
			fprintf(stderr, "soak: %s: STATUS before %s\n      after  %s\n", fault_name[kind], before, after);
		}
	}
	if (kind == F_DISK) {   /* space returns: the daemon takes changes again by itself */
		sh("rm -f '%s/filler' '%s/filler2'", s->disk);
		for (int i = 0; i < 100 && daemon_log_count(&s->d, "changes are accepted") < s->faults[F_DISK]; i++)
			usleep(100000);
		if (daemon_log_count(&s->d, "changes are accepted") < s->faults[F_DISK])
			test_fail(__FILE__, __LINE__, "changes did not resume after the disk had room");
	}
	if (check_log(s)) test_fail(__FILE__, __LINE__, "after a %s the log misses acknowledged requests", fault_name[kind]);
	if (still) hold(s, SIGCONT);
}

static int issued(const struct soak *s)
{
	char path[700];
	int n = 0, ch;
	snprintf(path, sizeof path, "%s.admin0", s->acks);
	FILE *f = fopen(path, "r");
	while (f && (ch = fgetc(f)) != EOF) n += ch == '\n';
	if (f) fclose(f);
	return n;
}

static void one_day(struct soak *s, int day)
{
	char stop[700];
	snprintf(s->acks, sizeof s->acks, "%s/acks-day%d", test_tmpdir(), day);
	snprintf(stop, sizeof stop, "%s.stop", s->acks);
	put_skew(s, day * DAY_MS);
	if (start(s)) { test_fail(__FILE__, __LINE__, "day %d: the daemon did not start", day); return; }
	if ((s->issuer = fork()) == 0) client_loop(s, "admin", 0, TICKETS);
	for (int i = 0; i < COUNTERS; i++)
		if ((s->workers[i] = fork()) == 0) client_loop(s, "counter", i + 1, 0);
	int plan[] = { F_KILL_LOAD, F_PULSE, F_KILL_STILL, F_AVAHI, F_CLOCK, F_DISK };
	int nplan = day % 3 == 2 ? 6 : 5;
	for (int k = 0; k < nplan; k++) {
		while (issued(s) < (k + 1) * TICKETS / (nplan + 1) && waitpid(s->issuer, NULL, WNOHANG) == 0)
			usleep(20000);
		fault(s, plan[k]);
	}
	waitpid(s->issuer, NULL, 0);
	s->issuer = 0;
	char st[2048];
	for (int i = 0; i < 600 && daemon_status(&s->d, st, sizeof st) == 0 && !strstr(st, "waiting=0 "); i++) usleep(50000);
	fclose(fopen(stop, "w"));
	for (int i = 0; i < COUNTERS; i++) waitpid(s->workers[i], NULL, 0);
	daemon_stop(&s->d);
	check_log(s);
	printf("  day %d: %d tickets issued, %s\n", day + 1, TICKETS, st);
}

TEST_TIMEOUT(soak_week, 1800)
{
	struct soak *s = calloc(1, sizeof *s);
	const char *disk = getenv("GOISO_SOAK_DISK"), *ctl = getenv("GOISO_SOAK_CTL");
	char conf[2000];
	REQUIRE(s != NULL && disk != NULL);
	snprintf(s->disk, sizeof s->disk, "%s", disk);
	snprintf(s->ctl, sizeof s->ctl, "%s", ctl ? ctl : "");
	snprintf(s->data, sizeof s->data, "%s/data", disk);
	snprintf(s->log, sizeof s->log, "%s/display.log", test_tmpdir());
	snprintf(s->conf, sizeof s->conf, "%s/week.conf", test_tmpdir());
	snprintf(s->skew, sizeof s->skew, "%s/skew", test_tmpdir());
	snprintf(s->d.data, sizeof s->d.data, "%s", s->data);
	snprintf(s->d.log, sizeof s->d.log, "%s", s->log);
	snprintf(s->d.key, sizeof s->d.key, "%s/site.key", s->data);
	s->port = 17000 + getpid() % 20000;
	snprintf(s->d.addr, sizeof s->d.addr, "127.0.0.1:%d", s->port);
	size_t n = (size_t)snprintf(conf, sizeof conf, "[center]\nname = Tuần bận\n[service A]\nnumbers = 1-9999\n"
	                            "[service B]\nnumbers = 1-9999\n");
	for (int i = 1; i <= COUNTERS; i++) n += (size_t)snprintf(conf + n, sizeof conf - n, "[counter %d]\n", i);
	FILE *f = fopen(s->conf, "w");
	REQUIRE(f != NULL);
	fputs(conf, f);
	fclose(f);
	REQUIRE(mkdir(s->data, 0700) == 0);
	REQUIRE(sound_server_setup(&s->pulse) == 0);
	long long t0 = now_us();
	printf("\n  soak: %d days, %d counters, %d tickets a day, release build\n", DAYS, COUNTERS, TICKETS);
	for (int day = 0; day < DAYS && !test_failed_now(); day++) one_day(s, day);
	sound_server_stop(&s->pulse);
	printf("  faults:");
	for (int k = 0; k < F_N; k++) printf("%s %d %s", k ? "," : "", s->faults[k], fault_name[k]);
	printf("%s\n", s->ctl[0] ? "" : " (no private avahi-daemon: its restarts skipped)");
	printf("  STATUS compared %d times around a fault, %d differed; %d acknowledged requests missing\n",
	       s->compared, s->mismatched, s->missing);
	printf("  %d starts, the slowest %.0f ms; WAL at most %lld KB; %.0f s in all\n", s->restarts,
	       s->restart_max_us / 1000.0, s->wal_max / 1024, (now_us() - t0) / 1e6);
	CHECK_INT_EQ(s->mismatched, 0);
	CHECK_INT_EQ(s->missing, 0);
	free(s);
}
