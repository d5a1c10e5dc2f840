/*
 * The line limit through the real goiso-display: a request of 1,023 bytes
 * before its '\n' is answered, one of 1,024 gets "ERR too_long" and the
 * connection goes on, with and without a '\r' as the last of those bytes,
 * whether the line arrives in one piece or its '\n' comes later; and a
 * line is refused as soon as it passes the limit.
 */
#include "test.h"

#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"

/* The framing is the server's, the same on TCP and on the local socket;
 * on TCP a client seals each line (a sealed line never holds more than
 * 1,023 bytes), so the limit is driven here in clear, as a script on the
 * display PC would (the local socket, <data>/goiso.sock). */
static void send_raw(int fd, const char *p, size_t n)
{
	CHECK(send(fd, p, n, MSG_NOSIGNAL) == (ssize_t)n);
}

/* One line from fd, without its '\n'; 0, or -1 after 3 s. */
static int read_line(int fd, char *got, size_t n)
{
	size_t k = 0;
	char ch;
	struct pollfd p = { fd, POLLIN, 0 };
	while (k + 1 < n && poll(&p, 1, 3000) == 1 && recv(fd, &ch, 1, 0) == 1) {
		if (ch == '\n') { got[k] = 0; return 0; }
		got[k++] = ch;
	}
	got[k] = 0;
	return -1;
}

/* "<id> PING" padded with spaces to n bytes (the last one a '\r' when cr),
 * then the '\n' (after a pause when split). */
static void send_line(int fd, const char *id, size_t n, bool cr, bool split)
{
	char line[PROTO_LINE_MAX + 8];
	size_t len = (size_t)snprintf(line, sizeof line, "%s PING", id);
	memset(line + len, ' ', n - len);
	if (cr) line[n - 1] = '\r';
	if (split) {
		send_raw(fd, line, n);
		usleep(100000);
		send_raw(fd, "\n", 1);
	} else {
		line[n] = '\n';
		send_raw(fd, line, n + 1);
	}
}

TEST(it_limits_1023_bytes_answered_1024_refused_with_and_without_cr)
{
	struct daemon d;
	char dir[600], got[PROTO_LINE_MAX + 1];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	int fd = daemon_local(&d);
	REQUIRE(fd >= 0);
	for (int split = 0; split <= 1; split++)
		for (int cr = 0; cr <= 1; cr++) {
			const char *how = split ? (cr ? "split, with \\r" : "split") : (cr ? "with \\r" : "whole");
			send_line(fd, "ok1", PROTO_LINE_MAX - 1, cr, split);
			if (read_line(fd, got, sizeof got) || strcmp(got, "ok1 OK"))
				test_fail(__FILE__, __LINE__, "1,023 bytes (%s): got '%.60s'", how, got);
			send_line(fd, "no1", PROTO_LINE_MAX, cr, split);
			if (read_line(fd, got, sizeof got) || !strstr(got, "ERR too_long"))
				test_fail(__FILE__, __LINE__, "1,024 bytes (%s): got '%.60s'", how, got);
			/* the rest of the refused line was skipped, the next is read */
			send_raw(fd, "ok2 PING\n", 9);
			if (read_line(fd, got, sizeof got) || strcmp(got, "ok2 OK"))
				test_fail(__FILE__, __LINE__, "after 1,024 bytes (%s): got '%.60s'", how, got);
		}
	/* a line is refused as soon as it is over the limit, not when (if
	 * ever) its '\n' comes: 1,024 bytes and no more are answered */
	char big[PROTO_LINE_MAX];
	memset(big, 'x', sizeof big);
	send_raw(fd, big, sizeof big);
	if (read_line(fd, got, sizeof got) || !strstr(got, "ERR too_long"))
		test_fail(__FILE__, __LINE__, "1,024 bytes, no end yet: got '%.60s'", got);
	send_raw(fd, "more\nok3 PING\n", 14);
	if (read_line(fd, got, sizeof got) || strcmp(got, "ok3 OK"))
		test_fail(__FILE__, __LINE__, "after the end of the refused line: got '%.60s'", got);
	close(fd);
	/* over TCP, the client refuses to seal a line over the limit */
	struct client *c = daemon_client(&d, "admin", 0);
	REQUIRE(c != NULL);
	char line[PROTO_LINE_MAX + 8];
	memset(line, 'x', PROTO_LINE_MAX);
	line[PROTO_LINE_MAX] = '\n';
	line[PROTO_LINE_MAX + 1] = 0;
	CHECK(client_send_line(c, line) != 0);
	client_close(c);
	daemon_stop(&d);
}
