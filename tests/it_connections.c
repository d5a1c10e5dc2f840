/*
 * Integration tests of who may hold the display's connections: one kiosk
 * or viewer key cannot lock the counters out, counters and the site key
 * keep slots of their own, and a full display is reported as busy.
 */
#include "test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

static int start(struct daemon *d, const char *max)
{
	char dir[600];
	const char *args[] = { "--max-clients", max, NULL };
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	if (auth_init()) return -1;
	return daemon_start(d, dir, max ? args : NULL);
}

/* Connections of cs still served (a PING answered). */
static int alive(struct client **cs, int n)
{
	int k = 0;
	struct proto_msg m;
	char id[PROTO_ID_MAX + 1], err[200];
	for (int i = 0; i < n; i++) {
		if (!cs[i]) continue;
		client_new_id(cs[i], id);
		k += client_call(cs[i], id, "PING", &m, 300, err, sizeof err) == 0 && !strcmp(m.word, "OK");
	}
	return k;
}

static void close_all(struct client **cs, int n)
{
	for (int i = 0; i < n; i++) client_close(cs[i]);
}

/* The counter logs in, issues a ticket and calls (its services may not
 * include A: then the queue is empty for it, which is an answer too). */
static void counter_calls(const struct daemon *d, int counter)
{
	struct proto_msg m;
	struct client *c = daemon_client(d, "counter", counter);
	CHECK(c != NULL);
	if (!c) return;
	CHECK(daemon_call(c, "LOGIN officer=An", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(c, "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(c, "NEXT", &m) == 0);
	CHECK(!strcmp(m.word, "OK") || strstr(m.rest, "queue_empty") == m.rest);
	if (counter == 1) CHECK_STR_EQ(proto_get(&m, "ticket"), "A001");
	client_close(c);
}

#define FLOOD 1100

TEST(it_limits_one_kiosk_key_cannot_lock_the_counters_out)
{
	static struct client *ks[FLOOD];
	struct daemon d;
	struct client_cred kiosk;
	char err[300];
	REQUIRE(start(&d, NULL) == 0);
	REQUIRE(daemon_add_key(&d, "door-kiosk", "kiosk", 0, &kiosk) == 0);
	/* the kiosk key opens as many connections as it can */
	int opened = 0;
	for (int i = 0; i < FLOOD; i++)
		opened += (ks[i] = client_connect(d.addr, &kiosk, 3000, err, sizeof err)) != NULL;
	int held = alive(ks, FLOOD);
	printf("    one kiosk key: %d logins, %d connections still held\n", opened, held);
	CHECK(held >= 1 && held <= 16);
	/* a counter still logs in and calls; so does the site key */
	counter_calls(&d, 1);
	struct client *admin = daemon_client(&d, "admin", 0);
	CHECK(admin != NULL);
	client_close(admin);
	CHECK(daemon_log_count(&d, "credential door-kiosk holds 16 connections") >= 1);
	close_all(ks, FLOOD);
	daemon_kill(&d, SIGTERM);
}

TEST(it_limits_kiosks_and_viewers_leave_slots_for_counters)
{
	/* 40 slots, 6 counters in the sample center: 20 are kept for
	 * counters and the site key, whatever four kiosk keys do */
	enum { KEYS = 4, EACH = 16 };
	static struct client *ks[KEYS * EACH];
	struct daemon d;
	struct client_cred cred[KEYS];
	char err[300];
	REQUIRE(start(&d, "40") == 0);
	for (int k = 0; k < KEYS; k++) {
		char id[32];
		snprintf(id, sizeof id, "k%d-%s", k, k % 2 ? "viewer" : "kiosk");
		REQUIRE(daemon_add_key(&d, id, k % 2 ? "viewer" : "kiosk", 0, &cred[k]) == 0);
	}
	int busy = 0;
	for (int i = 0; i < KEYS * EACH; i++) {
		ks[i] = client_connect(d.addr, &cred[i % KEYS], 3000, err, sizeof err);
		busy += !ks[i] && strstr(err, "bận") != NULL;
	}
	int held = alive(ks, KEYS * EACH);
	printf("    four kiosk/viewer keys, 40 slots: %d held, %d told busy\n", held, busy);
	CHECK(held <= 20);
	CHECK(busy >= KEYS * EACH - 20);
	for (int c = 1; c <= 6; c++) counter_calls(&d, c);
	struct client *admin = daemon_client(&d, "admin", 0);
	CHECK(admin != NULL);
	client_close(admin);
	close_all(ks, KEYS * EACH);
	daemon_kill(&d, SIGTERM);
}

TEST(it_limits_a_full_display_is_reported_busy)
{
	/* every slot held by the site key: the caller says the display is
	 * busy (not that it is no goiso display), and gets in once a slot frees */
	struct daemon d;
	struct client *held[8];
	REQUIRE(start(&d, "8") == 0);
	for (int i = 0; i < 8; i++) REQUIRE((held[i] = daemon_client(&d, "admin", 0)) != NULL);
	char out[700], cmd[2400];
	snprintf(out, sizeof out, "%s/caller.err", test_tmpdir());
	snprintf(cmd, sizeof cmd, "%s --connect %s --key %s --counter 2 login An 2>%s",
	         daemon_bin("goiso-caller"), d.addr, d.key, out);
	pid_t pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	/* the slots are freed once the caller was told the display is busy
	 * (a loaded machine may take more than a second to start it) */
	snprintf(cmd, sizeof cmd, "grep -q 'đang bận' %s", out);
	for (int i = 0; i < 200 && system(cmd) != 0; i++) usleep(50000);
	close_all(held, 8);
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	snprintf(cmd, sizeof cmd, "grep -q 'đang bận' %s && ! grep -q 'không phải' %s", out, out);
	CHECK(system(cmd) == 0);
	daemon_kill(&d, SIGTERM);
}

/* A stranger's AUTH with a wrong mac, over a raw TCP connection; the
 * reply is read. */
static void stranger_auth(const struct daemon *d, const char *id_value)
{
	char buf[2048], line[1024];
	int fd = daemon_dial(d->addr);
	if (fd < 0) return;
	if (recv(fd, buf, sizeof buf, 0) > 0) {
		int n = snprintf(line, sizeof line, "1 AUTH id=%s role=counter counter=1 cnonce=%064d mac=%064d\n",
		                 id_value, 0, 0);
		if (send(fd, line, (size_t)n, MSG_NOSIGNAL) == n) {
			struct pollfd p = { fd, POLLIN, 0 };
			if (poll(&p, 1, 2000) > 0 && recv(fd, buf, sizeof buf, 0) > 0) { /* the ERR */ }
		}
	}
	close(fd);
}

TEST(it_limits_strangers_cannot_forge_or_flood_the_log)
{
	struct daemon d;
	REQUIRE(start(&d, NULL) == 0);
	/* a value with a newline in it does not start a line of its own */
	stranger_auth(&d, "\"x\\npairing: counter 9 paired\"");
	char cmd[1400];
	snprintf(cmd, sizeof cmd, "grep -q '^pairing: counter 9' '%s'", d.log);
	CHECK(system(cmd) != 0);
	CHECK_INT_EQ(daemon_log_count(&d, "AUTH refused for credential 'x\\x0apairing: counter 9 paired'"), 1);
	/* 500 refused logins in a few seconds: a few lines, then one that counts the rest */
	for (int i = 0; i < 500; i++) stranger_auth(&d, "site");
	sleep(1);
	int lines = daemon_log_count(&d, "AUTH refused");
	printf("    501 refused logins: %d log lines\n", lines);
	CHECK(lines >= 2 && lines <= 10);
	/* the counters are not hurt by it */
	counter_calls(&d, 1);
	daemon_kill(&d, SIGTERM);
}

static long long time_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The daemon's resident set, now and at its peak, in KiB. */
static void rss_kib(const struct daemon *d, long *now, long *peak)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)d->pid);
	FILE *f = fopen(path, "r");
	*now = *peak = -1;
	while (f && fgets(line, sizeof line, f)) {
		sscanf(line, "VmRSS: %ld", now);
		sscanf(line, "VmHWM: %ld", peak);
	}
	if (f) fclose(f);
}

#define STALLED 1000
/* Under ASan (make check) each connection costs several times what it
 * does in the release build (about 40 MiB in all there); a daemon that kept
 * the stalled viewers' pushes would pass 180 MiB. */
#define RSS_BOUND_MIB 160
#define RECALLS 1000

TEST(it_limits_stalled_subscribers_are_dropped_within_a_memory_bound)
{
	/* 1,000 viewers subscribe and never read; a counter calls again and
	 * again. Each stalled viewer is dropped, the daemon's memory stays
	 * bounded, and a viewer that reads keeps getting every push. (ASan
	 * keeps freed memory aside: its quarantine is set small here, so
	 * that what is measured is what the daemon holds.) */
	static struct client *vs[STALLED];
	const char *saved = getenv("ASAN_OPTIONS");
	char keep[512];
	snprintf(keep, sizeof keep, "%s", saved ? saved : "");
	setenv("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:quarantine_size_mb=0:"
	       "allocator_release_to_os_interval_ms=100", 1);
	struct daemon d;
	int rc = start(&d, "1200");
	if (saved) setenv("ASAN_OPTIONS", keep, 1); else unsetenv("ASAN_OPTIONS");
	REQUIRE(rc == 0);
	struct proto_msg m;
	int subscribed = 0;
	for (int i = 0; i < STALLED; i++) {
		vs[i] = daemon_client(&d, "viewer", 0);
		subscribed += vs[i] && daemon_call(vs[i], "SUB", &m) == 0 && !strcmp(m.word, "OK");
		/* a small receive window: what they do not read waits in the daemon */
		int small = 4096;
		if (vs[i]) setsockopt(client_fd(vs[i]), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	}
	CHECK_INT_EQ(subscribed, STALLED);
	struct client *reader = daemon_client(&d, "viewer", 0);
	struct client *c = daemon_client(&d, "counter", 1);
	REQUIRE(reader && c);
	CHECK(daemon_call(reader, "SUB", &m) == 0);
	CHECK(daemon_call(c, "LOGIN officer=\"Nguyễn Văn An\"", &m) == 0);
	CHECK(daemon_call(c, "ISSUE service=A", &m) == 0);
	CHECK(daemon_call(c, "NEXT", &m) == 0);
	long before, peak;
	rss_kib(&d, &before, &peak);
	long long t0 = time_ms();
	int recalls = 0, heard = 0;
	char line[PROTO_LINE_MAX + 1];
	for (int batch = 0; batch < RECALLS / 20; batch++) {   /* 20 at a time: one commit each turn */
		char lines[20 * 32];
		size_t n = 0;
		for (int i = 0; i < 20; i++) n += (size_t)snprintf(lines + n, sizeof lines - n, "r%d-%d RECALL\n", batch, i);
		CHECK(client_send_line(c, lines) == 0);
		for (int i = 0; i < 20; i++)
			recalls += client_read_line(c, line, sizeof line, 5000) == 0 && strstr(line, " OK ");
		while (client_read_line(reader, line, sizeof line, 0) == 0) heard += !strncmp(line, "* CALLED ", 9);
	}
	while (client_read_line(reader, line, sizeof line, 300) == 0) heard += !strncmp(line, "* CALLED ", 9);
	long after;
	rss_kib(&d, &after, &peak);
	printf("    %d stalled subscribers, %d RECALL in %lld ms: daemon RSS %ld MiB before, %ld MiB after, peak %ld MiB\n",
	       STALLED, recalls, time_ms() - t0, before / 1024, after / 1024, peak / 1024);
	CHECK_INT_EQ(recalls, RECALLS);
	CHECK(heard >= RECALLS);   /* one CALLED for the NEXT, one per RECALL */
	CHECK(peak > 0 && peak < RSS_BOUND_MIB * 1024L);
	/* the stalled ones are gone: the display holds only the others (the
	 * reader, the counter and this one) */
	struct client *admin = daemon_client(&d, "admin", 0);
	REQUIRE(admin != NULL);
	CHECK(daemon_call(admin, "CLIENTS", &m) == 0);
	const char *conns = proto_get(&m, "connections");
	printf("    connections left: %s\n", conns ? conns : "?");
	CHECK(conns && atoi(conns) <= 3 + STALLED / 10);
	client_close(admin);
	CHECK(daemon_log_count(&d, "reads nothing") >= 1);
	CHECK(daemon_log_count(&d, "reads nothing") < 50);
	close_all(vs, STALLED);
	client_close(reader);
	client_close(c);
	int st = daemon_kill(&d, SIGTERM);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}
