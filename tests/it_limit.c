/*
 * A counter key cannot flood the record: its acts are limited to what a
 * person can do (a burst of RATELIMIT_BURST, then one a second), each
 * credential on its own; the site key is not limited; a recall writes no
 * line of its own to the daemon's log.
 */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "daemon.h"
#include "ratelimit.h"

/* Sends n copies of body pipelined; counts the OK and rate_limited replies. */
static void flood(struct client *c, const char *body, int n, int *ok, int *limited)
{
	char line[1100];
	*ok = *limited = 0;
	for (int i = 0; i < n; i++) {
		snprintf(line, sizeof line, "f%d %s\n", i, body);
		if (client_send_line(c, line)) return;
	}
	for (int i = 0; i < n; i++) {
		if (client_read_line(c, line, sizeof line, 5000)) return;
		*ok += strstr(line, " OK") != NULL;
		*limited += strstr(line, " ERR rate_limited ") != NULL;
	}
}

TEST(it_limit_a_counter_key_cannot_flood_the_log)
{
	struct daemon d;
	char dir[600], err[300];
	struct proto_msg m;
	struct client_cred c1, c2;
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	REQUIRE(daemon_add_key(&d, "c1-flood", "counter", 1, &c1) == 0);
	REQUIRE(daemon_add_key(&d, "c2-calm", "counter", 2, &c2) == 0);
	struct client *site = daemon_client(&d, "admin", 0);
	REQUIRE(site != NULL);
	/* the site key is not limited: the IT staff's scripts */
	int ok, limited;
	flood(site, "ISSUE service=A", 100, &ok, &limited);
	CHECK_INT_EQ(ok, 100);
	struct client *a = client_connect(d.addr, &c1, 3000, err, sizeof err);
	REQUIRE(a != NULL);
	CHECK(daemon_call(a, "LOGIN officer=Lan", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(a, "NEXT", &m) == 0 && !strcmp(m.word, "OK"));
	flood(a, "RECALL", 300, &ok, &limited);
	/* the burst less the two acts above, and maybe one more second's worth */
	CHECK(ok >= RATELIMIT_BURST - 2 && ok <= RATELIMIT_BURST + 1);
	CHECK_INT_EQ(ok + limited, 300);
	CHECK(daemon_count_events(&d, "verb='RECALL'") == ok);
	/* a second connection of the same key shares its allowance */
	struct client *a2 = client_connect(d.addr, &c1, 3000, err, sizeof err);
	REQUIRE(a2 != NULL);
	CHECK(daemon_call(a2, "RECALL", &m) == 0 && !strcmp(m.word, "ERR"));
	/* the next counter is not slowed by its neighbour */
	struct client *b = client_connect(d.addr, &c2, 3000, err, sizeof err);
	REQUIRE(b != NULL);
	CHECK(daemon_call(b, "LOGIN officer=Mai", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(b, "NEXT", &m) == 0 && !strcmp(m.word, "OK"));
	/* a second later the flooding counter may act again */
	usleep(1100 * 1000);
	CHECK(daemon_call(a, "RECALL", &m) == 0 && !strcmp(m.word, "OK"));
	/* no line per recall in the daemon's log */
	CHECK_INT_EQ(daemon_log_count(&d, "RECALL"), 0);
	client_close(a);
	client_close(a2);
	client_close(b);
	client_close(site);
	daemon_stop(&d);
}
