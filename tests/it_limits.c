/*
 * Integration tests of who may hold the display's connections: one kiosk
 * or viewer key cannot lock the counters out, counters and the site key
 * keep slots of their own, and a full display is reported as busy.
 */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

/* Adds a credential to the daemon's keys file and fills cred. */
static int add_key(const struct daemon *d, const char *id, const char *role, int counter,
                   struct client_cred *cred)
{
	char path[700], hex[65];
	memset(cred, 0, sizeof *cred);
	snprintf(cred->id, sizeof cred->id, "%s", id);
	snprintf(cred->role, sizeof cred->role, "%s", role);
	cred->counter = counter;
	for (size_t i = 0; i < sizeof cred->key; i++) cred->key[i] = (unsigned char)(i * 7 + id[0] + id[1]);
	auth_key_to_hex(cred->key, hex);
	snprintf(path, sizeof path, "%s/keys", d->data);
	FILE *f = fopen(path, "a");
	if (!f) return -1;
	fprintf(f, "%s %s %d %s\n", id, role, counter, hex);
	return fclose(f);
}

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
	REQUIRE(add_key(&d, "door-kiosk", "kiosk", 0, &kiosk) == 0);
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
		REQUIRE(add_key(&d, id, k % 2 ? "viewer" : "kiosk", 0, &cred[k]) == 0);
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
	sleep(1);
	close_all(held, 8);
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	snprintf(cmd, sizeof cmd, "grep -q 'đang bận' %s && ! grep -q 'không phải' %s", out, out);
	CHECK(system(cmd) == 0);
	daemon_kill(&d, SIGTERM);
}
