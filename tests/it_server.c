/*
 * Integration tests of the real goiso-display over its socket: auth,
 * idempotent retries, pushes, and bad input of every kind.
 */
#include "test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"

/* A raw TCP connection to the daemon, for speaking like nc does. */
static int raw_connect(const struct daemon *d)
{
	return daemon_dial(d->addr);
}

/* Reads what arrives within ms (until EOF or quiet); returns bytes, -1 on EOF with nothing. */
static int raw_read(int fd, char *buf, size_t len, int ms, int *eof)
{
	size_t n = 0;
	*eof = 0;
	while (n + 1 < len) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, ms) <= 0) break;
		ssize_t r = recv(fd, buf + n, len - 1 - n, 0);
		if (r <= 0) { *eof = 1; break; }
		n += (size_t)r;
	}
	buf[n] = 0;
	return (int)n;
}

static void raw_send(int fd, const void *p, size_t n)
{
	if (send(fd, p, n, MSG_NOSIGNAL) != (ssize_t)n) { /* the test checks replies */ }
}

static int start(struct daemon *d)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	return daemon_start(d, dir, NULL);
}

TEST(it_auth_refuses_strangers)
{
	struct daemon d;
	REQUIRE(start(&d) == 0);
	char buf[4096];
	int eof;
	/* no AUTH: a clear ERR, then the connection is closed */
	int fd = raw_connect(&d);
	raw_read(fd, buf, sizeof buf, 300, &eof);
	CHECK(strncmp(buf, "GOISO 1 nonce=", 14) == 0);
	raw_send(fd, "1 NEXT counter=1\n", 17);
	raw_read(fd, buf, sizeof buf, 2000, &eof);
	CHECK(strstr(buf, "1 ERR auth_required") == buf);
	CHECK(eof);
	close(fd);
	/* a wrong key: auth_failed and closed */
	struct client_cred bad = { .id = "site", .role = "counter", .counter = 1 };
	memset(bad.key, 7, sizeof bad.key);
	char err[300];
	struct client *c = client_connect(d.addr, &bad, 3000, err, sizeof err);
	CHECK(c == NULL);
	CHECK(strstr(err, "từ chối") != NULL);
	/* an unknown credential id */
	snprintf(bad.id, sizeof bad.id, "nobody");
	CHECK(client_connect(d.addr, &bad, 3000, err, sizeof err) == NULL);
	/* a replayed AUTH line from an earlier connection is refused (new nonce) */
	fd = raw_connect(&d);
	raw_read(fd, buf, sizeof buf, 300, &eof);
	raw_send(fd, "2 AUTH id=site role=admin counter=0 cnonce=00112233445566778899 mac="
	             "0000000000000000000000000000000000000000000000000000000000000000\n", 133);
	raw_read(fd, buf, sizeof buf, 2000, &eof);
	CHECK(strstr(buf, "2 ERR auth_failed") != NULL);
	close(fd);
	/* the right key works, and the daemon still serves */
	c = daemon_client(&d, "counter", 1);
	REQUIRE(c != NULL);
	struct proto_msg m;
	CHECK(daemon_call(c, "PING", &m) == 0 && !strcmp(m.word, "OK"));
	/* a counter may not act for another counter */
	CHECK(daemon_call(c, "LOGIN officer=An counter=2", &m) == 0);
	CHECK_STR_EQ(m.word, "ERR");
	CHECK(strncmp(m.rest, "forbidden", 9) == 0);
	/* a kiosk may issue but not call */
	struct client *k = daemon_client(&d, "kiosk", 0);
	REQUIRE(k != NULL);
	CHECK(daemon_call(k, "NEXT counter=1", &m) == 0 && !strncmp(m.rest, "forbidden", 9));
	CHECK(daemon_call(k, "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK"));
	client_close(k);
	client_close(c);
	daemon_stop(&d);
}

TEST(it_retry_with_same_id_calls_once)
{
	struct daemon d;
	REQUIRE(start(&d) == 0);
	struct proto_msg m;
	struct client *c = daemon_client(&d, "counter", 3);
	REQUIRE(c != NULL);
	CHECK(daemon_call(c, "LOGIN officer=\"Lê Thị Hoa\"", &m) == 0 && !strcmp(m.word, "OK"));
	for (int i = 0; i < 3; i++) CHECK(daemon_call(c, "ISSUE service=B", &m) == 0);
	/* send NEXT and drop the connection before reading the reply */
	CHECK(client_send_line(c, "retry-1 NEXT\n") == 0);
	client_close(c);
	usleep(200000);
	c = daemon_client(&d, "counter", 3);
	REQUIRE(c != NULL);
	char err[200];
	CHECK(client_call(c, "retry-1", "NEXT", &m, 5000, err, sizeof err) == 0);
	CHECK_STR_EQ(m.word, "OK");
	CHECK_STR_EQ(proto_get(&m, "ticket"), "B001");
	/* again: still the first answer, not B002 */
	CHECK(client_call(c, "retry-1", "NEXT", &m, 5000, err, sizeof err) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "B001");
	CHECK(daemon_call(c, "STATUS", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "B001");
	CHECK_STR_EQ(proto_get(&m, "waiting"), "2");
	client_close(c);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='NEXT'"), 1);
	/* and across a restart: the first reply comes back from the log */
	daemon_kill(&d, SIGKILL);
	REQUIRE(daemon_start(&d, d.data, NULL) == 0);
	c = daemon_client(&d, "counter", 3);
	REQUIRE(c != NULL);
	CHECK(client_call(c, "retry-1", "NEXT", &m, 5000, err, sizeof err) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "B001");
	CHECK_INT_EQ(daemon_count_events(&d, "verb='NEXT'"), 1);
	client_close(c);
	daemon_stop(&d);
}

TEST(it_pushes_calls_to_subscribers)
{
	struct daemon d;
	REQUIRE(start(&d) == 0);
	struct proto_msg m;
	struct client *board = daemon_client(&d, "viewer", 0);
	struct client *c = daemon_client(&d, "counter", 5);
	REQUIRE(board && c);
	CHECK(daemon_call(board, "SUB", &m) == 0 && !strcmp(m.word, "OK"));
	daemon_call(c, "LOGIN officer=Minh", &m);
	daemon_call(c, "ISSUE service=C priority=elderly", &m);
	daemon_call(c, "NEXT", &m);
	char line[PROTO_LINE_MAX + 1];
	int called = 0, waiting = 0;
	while ((!called || !waiting) && client_read_line(board, line, sizeof line, 2000) == 0) {
		if (strstr(line, "* CALLED ") == line) {
			called++;
			CHECK(strstr(line, "ticket=C001") && strstr(line, "counter=5") && strstr(line, "priority=elderly"));
		}
		if (strstr(line, "* WAITING ") == line) waiting++;
	}
	CHECK_INT_EQ(called, 1);
	CHECK(waiting >= 1);
	/* a viewer may read but not act */
	CHECK(daemon_call(board, "ISSUE service=A", &m) == 0 && !strncmp(m.rest, "forbidden", 9));
	client_close(board);
	client_close(c);
	CHECK_INT_EQ(daemon_log_count(&d, "CALLED C001 -> counter 5"), 1);
	daemon_stop(&d);
}

TEST(it_errors_have_codes)
{
	struct daemon d;
	REQUIRE(start(&d) == 0);
	struct client *c = daemon_client(&d, "counter", 2);
	REQUIRE(c != NULL);
	static const struct { const char *body, *code; } cases[] = {
		{ "NEXT", "counter_closed" },
		{ "FROB", "unknown_verb" },
		{ "ISSUE service=Z", "unknown_service" },
		{ "ISSUE service=A priority=vip", "bad_priority" },
		{ "RATE score=9", "bad_score" },
		{ "LOGIN officer=\"Nguyễn Văn Anh Nguyễn Văn Anh Nguyễn Văn Anh Nguyễn Văn Anh\"", "bad_arg" },
		{ "LOGIN officer=\"\"", "bad_officer" },
		{ "LOGIN officer=\"Phạm Văn Đức\"", NULL },
		/* 65 bytes as combining marks, 56 once composed: the limit is on what is logged */
		{ "LOGIN officer=\"Nguye\u0302\u0303n Thi\u0323 Phu\u031Bo\u031Bng Tha\u0309o Tra\u0302\u0300n Ngo\u0323c A\u0301nh Ho\u0302\u0300ng\"", NULL },
		{ "NEXT", "queue_empty" },
		{ "RATE score=5", "nothing_served" },
		{ "TRANSFER service=B", "nothing_current" },
		{ "REQUEUE ticket=A777", "unknown_ticket" },
		{ "RESUME", "not_paused" },
		{ "PAUSE reason=\"họp\"", NULL },
		{ "NEXT", "counter_paused" },
		{ "STATUS counter=999", "unknown_counter" },
		{ "NEXT junk", "bad_line" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct proto_msg m;
		REQUIRE(daemon_call(c, cases[i].body, &m) == 0);
		if (!cases[i].code) { CHECK_STR_EQ(m.word, "OK"); continue; }
		char code[32];
		const char *msg;
		client_err_parts(&m, code, sizeof code, &msg);
		if (strcmp(m.word, "ERR") || strcmp(code, cases[i].code) || strlen(msg) < 5)
			test_fail(__FILE__, __LINE__, "%s: got %s %s, want ERR %s", cases[i].body, m.word, m.rest, cases[i].code);
	}
	client_close(c);
	daemon_stop(&d);
}

TEST(it_bad_input_never_crashes)
{
	struct daemon d;
	REQUIRE(start(&d) == 0);
	char buf[8192];
	int eof;
	/* an over-long line from a stranger: one ERR too_long, then closed */
	int fd = raw_connect(&d);
	raw_read(fd, buf, sizeof buf, 200, &eof);
	char big[5000];
	memset(big, 'A', sizeof big);
	big[sizeof big - 1] = '\n';
	raw_send(fd, big, sizeof big);
	raw_send(fd, "7 PING\n", 7);
	raw_read(fd, buf, sizeof buf, 1000, &eof);
	CHECK(strstr(buf, "ERR too_long") != NULL);
	CHECK(strstr(buf, "7 ") == NULL);
	CHECK(eof);
	close(fd);
	/* from the local socket (authenticated by its file mode, lines in
	 * clear): one ERR too_long, and the connection still works */
	fd = daemon_local(&d);
	REQUIRE(fd >= 0);
	raw_send(fd, big, sizeof big);
	raw_send(fd, "7 PING\n", 7);
	raw_read(fd, buf, sizeof buf, 1000, &eof);
	CHECK(strstr(buf, "ERR too_long") != NULL);
	CHECK(strstr(buf, "\n7 OK\n") != NULL);
	CHECK(!eof);
	close(fd);
	/* an authenticated TCP client cannot even send one: a sealed line
	 * holds at most PROTO_LINE_MAX - 1 bytes */
	struct client *ac = daemon_client(&d, "counter", 2);
	REQUIRE(ac != NULL);
	char *line = malloc(sizeof big + 16);
	REQUIRE(line != NULL);
	memcpy(line, big, sizeof big);
	memcpy(line + sizeof big, "7 PING\n", 8);
	CHECK(client_send_line(ac, line) != 0);
	free(line);
	client_close(ac);
	/* binary garbage and NUL bytes */
	fd = raw_connect(&d);
	raw_read(fd, buf, sizeof buf, 200, &eof);
	unsigned char junk[600];
	for (size_t i = 0; i < sizeof junk; i++) junk[i] = (unsigned char)(i * 37 + 11);
	junk[100] = '\n';
	junk[sizeof junk - 1] = '\n';
	raw_send(fd, junk, sizeof junk);
	raw_send(fd, "8 AUTH\0 x\n", 10);
	raw_read(fd, buf, sizeof buf, 1000, &eof);
	CHECK(strstr(buf, "ERR bad_line") != NULL);
	close(fd);
	/* half a line, then silence: others are still served meanwhile */
	int half = raw_connect(&d);
	raw_send(half, "9 NEX", 5);
	struct client *c = daemon_client(&d, "counter", 1);
	REQUIRE(c != NULL);
	struct proto_msg m;
	CHECK(daemon_call(c, "LOGIN officer=An", &m) == 0 && !strcmp(m.word, "OK"));
	/* 1,000 connections opened and dropped at once */
	int fds[1000], opened = 0;
	for (int i = 0; i < 1000; i++) if ((fds[i] = raw_connect(&d)) >= 0) opened++;
	CHECK(opened >= 990);
	for (int i = 0; i < 1000; i++) {
		if (fds[i] < 0) continue;
		if (i % 3 == 0) raw_send(fds[i], "1 NEXT\n", 7);
		if (i % 2 == 0) { struct linger lg = { 1, 0 }; setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof lg); }
		close(fds[i]);
	}
	CHECK(daemon_call(c, "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(c, "NEXT", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A001");
	close(half);
	client_close(c);
	CHECK(daemon_alive(&d));
	/* a clean stop: exit status 0, and ASan/LSan found nothing */
	CHECK(daemon_stop(&d) == 0);
}

TEST(it_broken_config_names_the_line)
{
	char path[700], cmd[1600];
	snprintf(path, sizeof path, "%s/bad.conf", test_tmpdir());
	FILE *f = fopen(path, "w");
	REQUIRE(f != NULL);
	fputs("[center]\nname = X\n[service A]\nhours = 25:00-26:00\n", f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s --config %s --check-config > %s/out 2>&1", daemon_bin("goiso-display"), path, test_tmpdir());
	int st = system(cmd);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2);
	snprintf(cmd, sizeof cmd, "grep -q 'bad.conf:4: hours must look like' %s/out", test_tmpdir());
	CHECK(system(cmd) == 0);
}

TEST(it_revoked_key_is_disconnected)
{
	struct daemon d;
	REQUIRE(start(&d) == 0);
	char path[700], line[800], err[300];
	struct client_cred cred;
	REQUIRE(daemon_add_key(&d, "c4-test", "counter", 4, &cred) == 0);
	snprintf(path, sizeof path, "%s/keys", d.data);
	struct client *c = client_connect(d.addr, &cred, 3000, err, sizeof err);
	REQUIRE(c != NULL);
	struct proto_msg m;
	CHECK(daemon_call(c, "LOGIN officer=Lan", &m) == 0 && !strcmp(m.word, "OK"));
	/* a counter key acts only as its own counter */
	cred.counter = 5;
	CHECK(client_connect(d.addr, &cred, 3000, err, sizeof err) == NULL);
	/* revoke: rewrite the keys file without it; the live connection is closed */
	snprintf(line, sizeof line, "sed -i '/^c4-test /d' '%s'", path);
	CHECK(system(line) == 0);
	CHECK(client_read_line(c, line, sizeof line, 3000) < 0);   /* closed, no more lines */
	client_close(c);
	cred.counter = 4;
	CHECK(client_connect(d.addr, &cred, 3000, err, sizeof err) == NULL);
	CHECK_INT_EQ(daemon_log_count(&d, "credential c4-test revoked"), 1);
	daemon_stop(&d);
}

TEST(it_revoke_seen_even_after_another_login)
{
	/* every AUTH re-reads the keys file: the revoke must still close the link */
	struct daemon d;
	REQUIRE(start(&d) == 0);
	char path[700], line[800], err[300];
	struct client_cred cred;
	REQUIRE(daemon_add_key(&d, "c2-test", "counter", 2, &cred) == 0);
	snprintf(path, sizeof path, "%s/keys", d.data);
	struct client *c = client_connect(d.addr, &cred, 3000, err, sizeof err);
	REQUIRE(c != NULL);
	snprintf(line, sizeof line, "sed -i '/^c2-test /d' '%s'", path);
	CHECK(system(line) == 0);
	struct client *other = daemon_client(&d, "viewer", 0);   /* an AUTH right away */
	CHECK(other != NULL);
	CHECK(client_read_line(c, line, sizeof line, 3000) < 0);
	struct proto_msg m;
	char id[PROTO_ID_MAX + 1];
	client_new_id(c, id);
	CHECK(client_call(c, id, "ISSUE service=A", &m, 1000, err, sizeof err) != 0);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='ISSUE'"), 0);
	client_close(c);
	client_close(other);
	daemon_stop(&d);
}

TEST(it_replay_survives_a_service_removed_from_the_config)
{
	struct daemon d;
	REQUIRE(start(&d) == 0);
	struct proto_msg m;
	struct client *k = daemon_client(&d, "kiosk", 0);
	REQUIRE(k != NULL);
	const char *issues[] = { "ISSUE service=A", "ISSUE service=D", "ISSUE service=A", "ISSUE service=B" };
	for (int i = 0; i < 4; i++) CHECK(daemon_call(k, issues[i], &m) == 0 && !strcmp(m.word, "OK"));
	/* a counter may name its own counter= on ISSUE; another's is ignored, not an error */
	struct client *c = daemon_client(&d, "counter", 1);
	REQUIRE(c != NULL);
	CHECK(daemon_call(c, "ISSUE service=A counter=3", &m) == 0);
	CHECK_STR_EQ(m.word, "OK");
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A003");
	client_close(c);
	client_close(k);
	daemon_stop(&d);
	/* the center drops service D: A and B tickets must survive the replay */
	char conf[700];
	snprintf(conf, sizeof conf, "%s/noD.conf", test_tmpdir());
	FILE *f = fopen(conf, "w");
	REQUIRE(f != NULL);
	fputs("[service A]\n[service B]\n[counter 1]\nservices = A, B\n", f);
	fclose(f);
	const char *args[] = { "--config", conf, NULL };
	REQUIRE(daemon_start(&d, d.data, args) == 0);
	c = daemon_client(&d, "counter", 1);
	REQUIRE(c != NULL);
	CHECK(daemon_call(c, "STATUS", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "waiting"), "4");
	CHECK(daemon_call(c, "ISSUE service=A", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A004");   /* no number given twice */
	CHECK(daemon_call(c, "LOGIN officer=An", &m) == 0);
	CHECK(daemon_call(c, "NEXT", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A001");
	client_close(c);
	CHECK(daemon_log_count(&d, "could not be replayed") + daemon_log_count(&d, "cannot replay") >= 1);
	daemon_stop(&d);
}

TEST(it_strangers_cannot_lock_counters_out)
{
	/* more unauthenticated connections than the daemon holds: the oldest
	 * stranger makes room, a counter still gets in */
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < 1200 && rl.rlim_max >= 1200) { rl.rlim_cur = 1200; setrlimit(RLIMIT_NOFILE, &rl); }
	/* not a pass: a limit this test cannot reach was not tested */
	if (rl.rlim_cur < 1200) {
		test_fail(__FILE__, __LINE__, "cannot open 1,200 descriptors (limit %ld): raise ulimit -n", (long)rl.rlim_cur);
		return;
	}
	struct daemon d;
	REQUIRE(start(&d) == 0);
	static int fds[1100];
	int opened = 0;
	for (int i = 0; i < 1100; i++) if ((fds[i] = raw_connect(&d)) >= 0) opened++;
	CHECK(opened >= 1090);
	usleep(200000);
	struct client *c = daemon_client(&d, "counter", 1);
	CHECK(c != NULL);
	struct proto_msg m;
	if (c) CHECK(daemon_call(c, "LOGIN officer=An", &m) == 0 && !strcmp(m.word, "OK"));
	client_close(c);
	for (int i = 0; i < 1100; i++) if (fds[i] >= 0) close(fds[i]);
	CHECK(daemon_alive(&d));
	daemon_stop(&d);
}
