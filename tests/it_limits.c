/*
 * The line limit through the real goiso-display: a request of 1,023 bytes
 * before its '\n' is answered, one of 1,024 gets "ERR too_long" and the
 * connection goes on, with and without a '\r' as the last of those bytes,
 * whether the line arrives in one piece or its '\n' comes later.
 */
#include "test.h"

#include <stdlib.h>
#include <unistd.h>

#include "daemon.h"

/* "<id> PING" padded with spaces to n bytes (the last one a '\r' when cr),
 * then the '\n' unless split: the caller sends it later. */
static void send_line(struct client *c, const char *id, size_t n, bool cr, bool split)
{
	char line[PROTO_LINE_MAX + 8];
	size_t len = (size_t)snprintf(line, sizeof line, "%s PING", id);
	memset(line + len, ' ', n - len);
	if (cr) line[n - 1] = '\r';
	line[n] = '\n';
	line[n + 1] = 0;
	if (split) {
		line[n] = 0;
		CHECK(client_send_line(c, line) == 0);
		usleep(100000);
		CHECK(client_send_line(c, "\n") == 0);
	} else {
		CHECK(client_send_line(c, line) == 0);
	}
}

TEST(it_limits_1023_bytes_answered_1024_refused_with_and_without_cr)
{
	struct daemon d;
	char dir[600], got[PROTO_LINE_MAX + 1];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	struct client *c = daemon_client(&d, "admin", 0);
	REQUIRE(c != NULL);
	for (int split = 0; split <= 1; split++)
		for (int cr = 0; cr <= 1; cr++) {
			const char *how = split ? (cr ? "split, with \\r" : "split") : (cr ? "with \\r" : "whole");
			send_line(c, "ok1", PROTO_LINE_MAX - 1, cr, split);
			if (client_read_line(c, got, sizeof got, 3000) || strcmp(got, "ok1 OK"))
				test_fail(__FILE__, __LINE__, "1,023 bytes (%s): got '%.60s'", how, got);
			send_line(c, "no1", PROTO_LINE_MAX, cr, split);
			if (client_read_line(c, got, sizeof got, 3000) || !strstr(got, "ERR too_long"))
				test_fail(__FILE__, __LINE__, "1,024 bytes (%s): got '%.60s'", how, got);
			/* the rest of the refused line was skipped, the next is read */
			CHECK(client_send_line(c, "ok2 PING\n") == 0);
			if (client_read_line(c, got, sizeof got, 3000) || strcmp(got, "ok2 OK"))
				test_fail(__FILE__, __LINE__, "after 1,024 bytes (%s): got '%.60s'", how, got);
		}
	client_close(c);
	daemon_stop(&d);
}
