/*
 * Integration tests of the session binding: a relay on the path between a
 * counter and the display (a forked proxy) injects, drops, reorders and
 * replays lines, and records every byte. What passes the relay after AUTH
 * must be refused and the connection closed; nothing it did may be in the
 * log; officer names must not be readable in what it recorded.
 */
#include "test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

enum relay_mode {
	PASS,          /* forward everything */
	INJECT,        /* a line of its own before the client's first request */
	DROP,          /* the client's first request is lost */
	REORDER,       /* the client's first two requests swapped */
	REPLAY,        /* the client's first request sent twice */
	INJECT_DOWN,   /* a forged push to the client */
	DROP_DOWN,     /* the display's first reply after AUTH is lost */
	OLD_LINE,      /* a sealed line recorded from an earlier session */
};

struct relay {
	pid_t pid;
	char addr[80];
	char tape[700];      /* every byte seen, both ways */
};

static int connect_to(const char *hostport)
{
	return daemon_dial(hostport);
}

static void put(int fd, const char *p, size_t n, FILE *tape)
{
	if (send(fd, p, n, MSG_NOSIGNAL) != (ssize_t)n) { /* the peer left */ }
	fwrite(p, 1, n, tape);
	fflush(tape);
}

/* One direction's bytes, cut into lines. Returns -1 when the side closed. */
static int pump(int from, char *buf, size_t *n, size_t cap)
{
	ssize_t r = recv(from, buf + *n, cap - *n, 0);
	if (r <= 0) return -1;
	*n += (size_t)r;
	return 0;
}

/* Relays one connection with the mode applied; returns when either side closes. */
static void relay_one(int cfd, const char *target, enum relay_mode mode, const char *old_line, FILE *tape)
{
	int sfd = connect_to(target);
	char up[8192], down[8192], held[2048] = "";
	size_t nup = 0, ndown = 0;
	int upline = 0, downline = 0;
	if (sfd < 0) return;
	for (;;) {
		struct pollfd p[2] = { { cfd, POLLIN, 0 }, { sfd, POLLIN, 0 } };
		if (poll(p, 2, 10000) <= 0) break;
		if (p[0].revents && pump(cfd, up, &nup, sizeof up)) break;
		if (p[1].revents && pump(sfd, down, &ndown, sizeof down)) break;
		char *nl;
		while ((nl = memchr(up, '\n', nup))) {   /* client -> display; line 0 is AUTH */
			size_t len = (size_t)(nl - up) + 1;
			char line[2048];
			snprintf(line, sizeof line, "%.*s", (int)len, up);
			memmove(up, up + len, nup - len);
			nup -= len;
			int i = upline++;
			if (i == 1 && mode == INJECT) {
				const char *forged = "x1 LOGIN officer=\"Kẻ giả mạo\"\n";
				put(sfd, forged, strlen(forged), tape);
			}
			if (i == 1 && mode == OLD_LINE && old_line[0]) put(sfd, old_line, strlen(old_line), tape);
			if (i == 1 && mode == DROP) { fwrite(line, 1, len, tape); continue; }
			if (i == 1 && mode == REORDER) { snprintf(held, sizeof held, "%s", line); continue; }
			put(sfd, line, len, tape);
			if (i == 2 && mode == REORDER) put(sfd, held, strlen(held), tape);
			if (i == 1 && mode == REPLAY) put(sfd, line, len, tape);
		}
		while ((nl = memchr(down, '\n', ndown))) {   /* display -> client; 0 greeting, 1 AUTH reply */
			size_t len = (size_t)(nl - down) + 1;
			int i = downline++;
			if (i == 2 && mode == INJECT_DOWN) {
				const char *forged = "* CALLED ticket=A999 counter=1\n";
				put(cfd, forged, strlen(forged), tape);
			}
			if (!(i == 2 && mode == DROP_DOWN)) put(cfd, down, len, tape);
			memmove(down, down + len, ndown - len);
			ndown -= len;
		}
	}
	close(sfd);
}

/* Starts a relay to the daemon; old_line (may be "") is what OLD_LINE injects. */
static int relay_start(struct relay *r, const struct daemon *d, enum relay_mode mode, const char *old_line)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) || listen(lfd, 8) ||
	    getsockname(lfd, (struct sockaddr *)&sa, &len))
		return -1;
	snprintf(r->addr, sizeof r->addr, "127.0.0.1:%d", ntohs(sa.sin_port));
	snprintf(r->tape, sizeof r->tape, "%s/tape-%d", test_tmpdir(), (int)mode);
	r->pid = fork();
	if (r->pid < 0) return -1;
	if (r->pid == 0) {
		FILE *tape = fopen(r->tape, "w");
		for (;;) {
			int cfd = accept(lfd, NULL, NULL);
			if (cfd < 0 || !tape) _exit(0);
			relay_one(cfd, d->addr, mode, old_line, tape);
			close(cfd);
		}
	}
	close(lfd);
	return 0;
}

static void relay_stop(struct relay *r)
{
	kill(r->pid, SIGKILL);
	waitpid(r->pid, NULL, 0);
}

/* A counter credential of the site key, through the relay. */
static struct client *through(const struct relay *r, const struct daemon *d, int counter)
{
	struct client_cred cred = { 0 };
	char err[300];
	if (auth_read_keyfile(d->key, cred.id, cred.key, err, sizeof err)) return NULL;
	snprintf(cred.role, sizeof cred.role, "counter");
	cred.counter = counter;
	struct client *c = client_connect(r->addr, &cred, 3000, err, sizeof err);
	if (!c) fprintf(stderr, "through relay: %s\n", err);
	return c;
}

static bool closed_by_display(struct client *c)
{
	char line[PROTO_LINE_MAX + 1];
	for (int i = 0; i < 5; i++)
		if (client_read_line(c, line, sizeof line, 2000) < 0) return true;
	return false;
}

/* The request did not succeed: no reply, or the display's ERR. */
static bool refused(struct client *c, const char *body)
{
	struct proto_msg m;
	return daemon_call(c, body, &m) != 0 || strcmp(m.word, "OK") != 0;
}

static int start(struct daemon *d)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	if (auth_init()) return -1;
	return daemon_start(d, dir, NULL);
}

static bool tape_has(const struct relay *r, const char *s)
{
	char cmd[1600];
	snprintf(cmd, sizeof cmd, "grep -aqF '%s' '%s'", s, r->tape);
	return system(cmd) == 0;
}

TEST(it_session_relay_passing_lines_works_and_reads_nothing)
{
	struct daemon d;
	struct relay r;
	struct proto_msg m;
	REQUIRE(start(&d) == 0);
	REQUIRE(relay_start(&r, &d, PASS, "") == 0);
	struct client *c = through(&r, &d, 1);
	REQUIRE(c != NULL);
	CHECK(daemon_call(c, "LOGIN officer=\"Nguyễn Thị Lan\"", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(c, "STATUS", &m) == 0 && !strcmp(m.word, "OK"));
	client_close(c);
	usleep(100000);
	relay_stop(&r);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='LOGIN'"), 1);
	/* the relay saw the handshake, but neither the verb nor the name */
	CHECK(tape_has(&r, "AUTH id=site"));
	CHECK(!tape_has(&r, "Nguyễn Thị Lan"));
	CHECK(!tape_has(&r, "LOGIN"));
	daemon_kill(&d, SIGTERM);
}

TEST(it_session_injected_line_is_refused)
{
	struct daemon d;
	struct relay r;
	REQUIRE(start(&d) == 0);
	REQUIRE(relay_start(&r, &d, INJECT, "") == 0);
	struct client *c = through(&r, &d, 1);
	REQUIRE(c != NULL);
	/* the counter's own request comes after the forged line: refused too */
	CHECK(refused(c, "LOGIN officer=\"Nguyễn Thị Lan\""));
	CHECK(closed_by_display(c));
	client_close(c);
	relay_stop(&r);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='LOGIN'"), 0);
	CHECK_INT_EQ(daemon_count_events(&d, "officer LIKE '%giả mạo%'"), 0);
	CHECK(daemon_log_count(&d, "failed the session check") >= 1);
	daemon_kill(&d, SIGTERM);
}

TEST(it_session_dropped_reordered_replayed_lines_close_the_connection)
{
	struct daemon d;
	struct proto_msg m;
	REQUIRE(start(&d) == 0);
	static const enum relay_mode modes[] = { DROP, REORDER, REPLAY };
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		struct relay r;
		REQUIRE(relay_start(&r, &d, modes[i], "") == 0);
		struct client *c = through(&r, &d, 2);
		REQUIRE(c != NULL);
		/* two requests at once, so a reorder has two lines to swap */
		CHECK(client_send_line(c, "r1 ISSUE service=A\nr2 ISSUE service=B\n") == 0);
		CHECK(closed_by_display(c));
		client_close(c);
		relay_stop(&r);
	}
	/* DROP: the second line does not open without the first; REORDER:
	 * neither opens in the other's place; REPLAY: the first went through
	 * once, its copy closed the connection before the second */
	CHECK_INT_EQ(daemon_count_events(&d, "verb='ISSUE'"), 1);
	CHECK_INT_EQ(daemon_log_count(&d, "failed the session check"), 3);
	/* and the display still serves a direct counter */
	struct client *c = daemon_client(&d, "counter", 2);
	REQUIRE(c != NULL);
	CHECK(daemon_call(c, "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK"));
	client_close(c);
	daemon_kill(&d, SIGTERM);
}

TEST(it_session_line_of_an_earlier_session_is_refused)
{
	struct daemon d;
	struct relay r;
	struct proto_msg m;
	char old[2048] = "";
	REQUIRE(start(&d) == 0);
	/* record the sealed LOGIN of a first session */
	REQUIRE(relay_start(&r, &d, PASS, "") == 0);
	struct client *c = through(&r, &d, 3);
	REQUIRE(c != NULL);
	CHECK(daemon_call(c, "LOGIN officer=An", &m) == 0);
	client_close(c);
	usleep(100000);
	relay_stop(&r);
	FILE *f = fopen(r.tape, "r");
	REQUIRE(f != NULL);
	char line[2048];
	int n = 0;
	while (fgets(line, sizeof line, f))   /* greeting, AUTH, its reply, then the LOGIN */
		if (n++ == 3) snprintf(old, sizeof old, "%s", line);
	fclose(f);
	REQUIRE(old[0] != 0);
	/* play it into a second session */
	REQUIRE(relay_start(&r, &d, OLD_LINE, old) == 0);
	c = through(&r, &d, 3);
	REQUIRE(c != NULL);
	CHECK(refused(c, "PING"));
	CHECK(closed_by_display(c));
	client_close(c);
	relay_stop(&r);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='LOGIN'"), 1);
	daemon_kill(&d, SIGTERM);
}

TEST(it_session_client_refuses_forged_or_missing_lines_from_the_relay)
{
	struct daemon d;
	char line[PROTO_LINE_MAX + 1];
	REQUIRE(start(&d) == 0);
	/* a forged push: the client drops the connection instead of showing it */
	struct relay r;
	REQUIRE(relay_start(&r, &d, INJECT_DOWN, "") == 0);
	struct client *c = through(&r, &d, 4);
	REQUIRE(c != NULL);
	CHECK(refused(c, "SUB"));
	CHECK(client_read_line(c, line, sizeof line, 500) < 0);
	client_close(c);
	relay_stop(&r);
	/* a reply held back: the next one does not open either */
	REQUIRE(relay_start(&r, &d, DROP_DOWN, "") == 0);
	c = through(&r, &d, 4);
	REQUIRE(c != NULL);
	CHECK(client_send_line(c, "p1 PING\np2 PING\n") == 0);
	CHECK(client_read_line(c, line, sizeof line, 2000) < 0);
	client_close(c);
	relay_stop(&r);
	daemon_kill(&d, SIGTERM);
}
