/*
 * Integration tests of the panel's non-blocking link against the real
 * display: it connects and authenticates without blocking, refuses
 * requests while down (nothing queued silently), and re-sends a request
 * caught by a dropped connection with the same id, so the display acts
 * once.
 */
#include "test.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "link.h"

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct seen {
	int ready, replies, pushes, changes;
	char last[PROTO_LINE_MAX];
	char ticket[16];
};

static void on_ready(void *ud) { ((struct seen *)ud)->ready++; }
static void on_push(void *ud, const struct proto_msg *m) { (void)m; ((struct seen *)ud)->pushes++; }
static void on_changed(void *ud) { ((struct seen *)ud)->changes++; }
static void on_reply(void *ud, int tag, const struct proto_msg *m)
{
	struct seen *s = ud;
	(void)tag;
	s->replies++;
	snprintf(s->last, sizeof s->last, "%s", m->word);
	snprintf(s->ticket, sizeof s->ticket, "%s", proto_get(m, "ticket") ? proto_get(m, "ticket") : "");
}

/* Pumps until cond or 5 s. */
#define PUMP_UNTIL(l, cond) do { \
	int64_t end_ = now_ms() + 5000; \
	while (!(cond) && now_ms() < end_) { link_pump(l, now_ms()); usleep(1000); } \
} while (0)

TEST(it_link_retries_a_dropped_request_with_its_id)
{
	struct daemon d;
	char dir[600], err[300];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	struct link_opts o = { .connect = d.addr };
	REQUIRE(auth_read_keyfile(d.key, o.cred.id, o.cred.key, err, sizeof err) == 0);
	snprintf(o.cred.role, sizeof o.cred.role, "counter");
	o.cred.counter = 4;
	struct seen s = { 0 };
	struct link_cb cb = { on_ready, on_reply, on_push, on_changed, &s };
	struct link *l = link_new(&o, &cb);
	REQUIRE(l != NULL);
	CHECK(link_state(l) == LINK_LOOKING);
	CHECK(link_request(l, "PING", 1, true, now_ms()) == -1);   /* not ready: refused */
	PUMP_UNTIL(l, link_state(l) == LINK_READY);
	REQUIRE(link_state(l) == LINK_READY);
	CHECK_INT_EQ(s.ready, 1);
	CHECK(strstr(link_center(l), "GIA VIÊN") != NULL);
	CHECK_STR_EQ(link_reason(l), "");

	struct client *k = daemon_client(&d, "kiosk", 0);
	struct proto_msg m;
	REQUIRE(k != NULL);
	daemon_call(k, "ISSUE service=B", &m);
	daemon_call(k, "ISSUE service=B", &m);
	CHECK(link_request(l, "LOGIN officer=\"Đỗ Thu\"", 1, true, now_ms()) == 0);
	PUMP_UNTIL(l, s.replies == 1);
	CHECK_STR_EQ(s.last, "OK");
	/* NEXT leaves, then the connection drops before its reply is read */
	CHECK(link_request(l, "NEXT", 2, true, now_ms()) == 0);
	CHECK(link_request(l, "STATUS", 3, false, now_ms()) == 0);
	usleep(100000);   /* the display has acted on it */
	link_drop(l, "test", now_ms());
	CHECK(link_state(l) == LINK_DOWN);
	CHECK_STR_EQ(link_reason(l), "test");
	CHECK_INT_EQ(s.replies, 2);          /* STATUS answered as lost at once */
	CHECK_STR_EQ(s.last, "ERR");
	CHECK_INT_EQ(link_retrying(l), 1);   /* NEXT waits for the next connection */
	CHECK(link_request(l, "NEXT", 4, true, now_ms()) == -1);
	PUMP_UNTIL(l, s.replies == 3);
	CHECK_INT_EQ(s.ready, 2);
	CHECK_STR_EQ(s.last, "OK");
	CHECK_STR_EQ(s.ticket, "B001");      /* the first answer, not B002 */
	CHECK_INT_EQ(link_retrying(l), 0);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='NEXT'"), 1);

	/* the display goes away: down with a reason, back when it returns */
	daemon_kill(&d, SIGKILL);
	PUMP_UNTIL(l, link_state(l) == LINK_DOWN);
	CHECK(link_state(l) == LINK_DOWN);
	CHECK(link_reason(l)[0] != 0);
	REQUIRE(daemon_start(&d, d.data, NULL) == 0);
	/* a new port: a new link, by name this time (resolved in the
	 * background from /etc/hosts; ::1 may come first and be refused) */
	link_free(l);
	char byname[120];
	snprintf(byname, sizeof byname, "localhost%s", strrchr(d.addr, ':'));
	o.connect = byname;
	l = link_new(&o, &cb);
	PUMP_UNTIL(l, link_state(l) == LINK_READY);
	CHECK(link_state(l) == LINK_READY);
	link_free(l);
	client_close(k);
	daemon_stop(&d);
}

TEST(it_link_reports_why_it_is_down)
{
	struct link_opts o = { .connect = "127.0.0.1:1" };
	struct seen s = { 0 };
	struct link_cb cb = { on_ready, on_reply, on_push, on_changed, &s };
	auth_init();
	struct link *l = link_new(&o, &cb);
	PUMP_UNTIL(l, link_state(l) == LINK_DOWN);
	CHECK(link_state(l) == LINK_DOWN);
	CHECK(strstr(link_reason(l), "không kết nối được") != NULL);
	CHECK(link_pump(l, now_ms()) > 0);   /* backing off, not spinning */
	link_free(l);
	o.connect = "nocolon";
	l = link_new(&o, &cb);
	PUMP_UNTIL(l, link_state(l) == LINK_DOWN);
	CHECK(strstr(link_reason(l), "MÁY:CỔNG") != NULL);
	link_free(l);
}

/* A display that refuses the key (revoked, replaced, given for another
 * number) is told from one that cannot be reached: only the first calls
 * for a new pairing. */
TEST(it_link_tells_a_refused_key_from_a_lost_network)
{
	struct daemon d;
	char dir[600], err[300];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	struct link_opts o = { .connect = d.addr };
	REQUIRE(auth_read_keyfile(d.key, o.cred.id, o.cred.key, err, sizeof err) == 0);
	snprintf(o.cred.role, sizeof o.cred.role, "counter");
	o.cred.counter = 2;
	struct seen s = { 0 };
	struct link_cb cb = { on_ready, on_reply, on_push, on_changed, &s };
	o.cred.key[0] ^= 1;                        /* a key the display no longer holds */
	struct link *l = link_new(&o, &cb);
	PUMP_UNTIL(l, link_state(l) == LINK_DOWN);
	CHECK(link_state(l) == LINK_DOWN);
	CHECK(link_key_refused(l));
	CHECK(strstr(link_reason(l), "Xác thực thất bại") != NULL);
	link_free(l);
	o.cred.key[0] ^= 1;
	l = link_new(&o, &cb);
	PUMP_UNTIL(l, link_state(l) == LINK_READY);
	CHECK(link_state(l) == LINK_READY);
	CHECK(!link_key_refused(l));
	link_free(l);
	struct link_opts v = { .connect = d.addr };
	REQUIRE(daemon_add_key(&d, "v2", "viewer", 2, &v.cred) == 0);
	v.cred.counter = 3;                        /* follower 2's key, used as follower 3 */
	l = link_new(&v, &cb);
	PUMP_UNTIL(l, link_state(l) == LINK_DOWN);
	CHECK(link_key_refused(l));
	link_free(l);
	daemon_stop(&d);
	o.connect = "127.0.0.1:1";                 /* nothing listens: a network fault */
	l = link_new(&o, &cb);
	PUMP_UNTIL(l, link_state(l) == LINK_DOWN);
	CHECK(link_state(l) == LINK_DOWN);
	CHECK(!link_key_refused(l));
	link_free(l);
}

/* A discovery stand-in: nothing for the first calls, then the address. */
struct fake_find { int calls; const char *addr; };

static int fake_find(void *ud, char *hostport, size_t n, char *why, size_t whylen)
{
	struct fake_find *f = ud;
	if (++f->calls < 4) {
		snprintf(why, whylen, "đang tìm (lần %d)", f->calls);
		return 0;
	}
	snprintf(hostport, n, "%s", f->addr);
	return 1;
}

TEST(it_link_asks_discovery_for_the_address)
{
	struct daemon d;
	char dir[600], err[300];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	struct fake_find ff = { 0, d.addr };
	struct link_opts o = { .find = fake_find, .find_ud = &ff };
	REQUIRE(auth_read_keyfile(d.key, o.cred.id, o.cred.key, err, sizeof err) == 0);
	snprintf(o.cred.role, sizeof o.cred.role, "counter");
	o.cred.counter = 1;
	struct seen s = { 0 };
	struct link_cb cb = { on_ready, on_reply, on_push, on_changed, &s };
	struct link *l = link_new(&o, &cb);
	link_pump(l, now_ms());
	CHECK(link_state(l) == LINK_LOOKING);
	CHECK_STR_EQ(link_reason(l), "đang tìm (lần 1)");
	PUMP_UNTIL(l, link_state(l) == LINK_READY);
	CHECK(link_state(l) == LINK_READY);
	CHECK_INT_EQ(ff.calls, 4);
	CHECK_STR_EQ(link_peer(l), d.addr);
	link_free(l);
	daemon_stop(&d);
}

/* A stand-in display on a socket of this test: it greets, reads the AUTH
 * line and answers OK with a proof made with proof_key. The link must
 * take only the proof of the key it holds. */
static void fake_display(const unsigned char *proof_key, bool *ready, char *reason, size_t rlen)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t slen = sizeof sa;
	char addr[64], line[PROTO_LINE_MAX + 1], nonce[AUTH_NONCE_HEX + 1], out[PROTO_LINE_MAX + 1];
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), fd = -1;
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&sa, &slen)) {
		test_fail(__FILE__, __LINE__, "fake display: cannot listen");
		return;
	}
	snprintf(addr, sizeof addr, "127.0.0.1:%d", ntohs(sa.sin_port));
	struct link_opts o = { .connect = addr };
	struct seen s = { 0 };
	struct link_cb cb = { on_ready, on_reply, on_push, on_changed, &s };
	memset(o.cred.key, 7, sizeof o.cred.key);
	snprintf(o.cred.id, sizeof o.cred.id, "c5");
	snprintf(o.cred.role, sizeof o.cred.role, "counter");
	o.cred.counter = 5;
	auth_init();
	auth_random_hex(nonce, AUTH_NONCE_HEX / 2);
	struct link *l = link_new(&o, &cb);
	size_t n = 0;
	bool answered = false;
	for (int64_t end = now_ms() + 5000; now_ms() < end && link_state(l) != LINK_READY; usleep(1000)) {
		link_pump(l, now_ms());
		if (fd < 0 && (fd = accept(lfd, NULL, NULL)) >= 0) {
			int k = snprintf(out, sizeof out, "GOISO 1 nonce=%s\n", nonce);
			if (send(fd, out, (size_t)k, MSG_NOSIGNAL) != k) break;
			fcntl(fd, F_SETFL, O_NONBLOCK);
		}
		if (fd < 0 || answered) {
			if (answered && link_state(l) == LINK_DOWN) break;
			continue;
		}
		ssize_t r = recv(fd, line + n, sizeof line - 1 - n, 0);
		if (r > 0) n += (size_t)r;
		line[n] = 0;
		char *nl = strchr(line, '\n');
		if (!nl) continue;
		*nl = 0;
		struct proto_msg m;
		char proof[AUTH_MAC_HEX + 1];
		if (proto_parse(line, strlen(line), &m) || !proto_get(&m, "cnonce")) break;
		auth_proof(proof_key, nonce, proto_get(&m, "cnonce"), proof);
		int k = snprintf(out, sizeof out, "%s OK role=counter counter=5 proof=%s center=X\n", m.id, proof);
		if (send(fd, out, (size_t)k, MSG_NOSIGNAL) != k) break;
		answered = true;
	}
	*ready = link_state(l) == LINK_READY;
	snprintf(reason, rlen, "%s", link_reason(l));
	link_free(l);
	if (fd >= 0) close(fd);
	close(lfd);
}

TEST(it_link_takes_only_the_proof_of_its_own_key)
{
	unsigned char right[AUTH_KEY_BYTES], wrong[AUTH_KEY_BYTES];
	char reason[400];
	bool ready;
	memset(right, 7, sizeof right);
	memset(wrong, 8, sizeof wrong);
	fake_display(right, &ready, reason, sizeof reason);
	CHECK(ready);   /* the stand-in speaks well enough to be believed */
	fake_display(wrong, &ready, reason, sizeof reason);
	CHECK(!ready);
	if (!strstr(reason, "chứng minh")) test_fail(__FILE__, __LINE__, "reason: '%s'", reason);
}
