/*
 * An OK means the commit is on disk. The daemon runs with
 * tests/synccount.c preloaded, whose switches hold or fail the commits'
 * fdatasync while a file exists:
 *  - held: neither the request's reply nor that of a question asked after
 *    it comes while its sync waits (not in half a second); both come once
 *    the sync ends;
 *  - failed: the request is not acknowledged, the display stays up and
 *    refuses changes, saying why, and takes them again by itself once a
 *    sync works again (GUIDE-it.md, "A full disk").
 */
#include "test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"
#include "syncs.h"

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0600);
	if (fd >= 0) close(fd);
}

/* Reads lines for up to ms: 1 when the reply to id came (its word in
 * word), 0 when it did not, -1 when the connection closed first. */
static int reply_within(struct client *c, const char *id, int ms, char *word, size_t n)
{
	char line[PROTO_LINE_MAX + 1];
	struct proto_msg m;
	for (int waited = 0; waited < ms; waited += 50) {
		int r = client_read_line(c, line, sizeof line, 50);
		if (r < 0) return -1;
		if (r == 0 && proto_parse(line, strlen(line), &m) == 0 && !strcmp(m.id, id)) {
			snprintf(word, n, "%s", m.word);
			return 1;
		}
	}
	return 0;
}

/* A daemon of one counter with the sync switch `name` set to file, and
 * that counter logged in: its client, or NULL (the test failed). */
static struct client *start_switched(struct daemon *d, const char *name, const char *file)
{
	char counts[700];
	struct proto_msg m;
	snprintf(counts, sizeof counts, "%s/syncs", test_tmpdir());
	setenv(name, file, 1);
	int started = syncs_daemon_start(d, 1, counts, NULL);
	unsetenv(name);
	if (started) {
		test_fail(__FILE__, __LINE__, "the daemon did not start");
		return NULL;
	}
	struct client *c = daemon_client(d, "counter", 1);
	if (!c || daemon_call(c, "LOGIN officer=Lan", &m) || strcmp(m.word, "OK"))
		test_fail(__FILE__, __LINE__, "counter 1 could not log in");
	return c;
}

TEST(it_durable_no_reply_before_its_sync_ends)
{
	struct daemon d;
	char gate[700], word[16] = "";
	snprintf(gate, sizeof gate, "%s/gate", test_tmpdir());
	struct client *c = start_switched(&d, "GOISO_SYNC_GATE", gate);
	REQUIRE(c != NULL && !test_failed_now());
	touch(gate);
	REQUIRE(client_send_line(c, "held-1 ISSUE service=A\n") == 0);
	CHECK_INT_EQ(reply_within(c, "held-1", 500, word, sizeof word), 0);
	/* a question behind it, which writes nothing, waits too (its
	 * answer may tell of the ticket) and does not let the OK out */
	REQUIRE(client_send_line(c, "held-2 STATUS\n") == 0);
	CHECK_INT_EQ(reply_within(c, "held-1", 500, word, sizeof word), 0);
	/* a reader of the log (the report, a backup) does not see it yet */
	CHECK_INT_EQ(daemon_count_events(&d, "verb='ISSUE'"), 0);
	unlink(gate);
	CHECK_INT_EQ(reply_within(c, "held-1", 5000, word, sizeof word), 1);
	CHECK_STR_EQ(word, "OK");
	CHECK_INT_EQ(reply_within(c, "held-2", 5000, word, sizeof word), 1);
	CHECK_STR_EQ(word, "OK");
	CHECK_INT_EQ(daemon_count_events(&d, "verb='ISSUE'"), 1);
	client_close(c);
	daemon_stop(&d);
}

TEST(it_durable_a_failed_sync_is_not_acknowledged)
{
	struct daemon d;
	struct proto_msg m;
	char fail[700], word[16] = "";
	snprintf(fail, sizeof fail, "%s/fail", test_tmpdir());
	struct client *c = start_switched(&d, "GOISO_SYNC_FAIL", fail);
	REQUIRE(c != NULL && !test_failed_now());
	touch(fail);
	REQUIRE(client_send_line(c, "lost-1 ISSUE service=A\n") == 0);
	/* no OK: the turn is undone and its connection closed */
	CHECK(reply_within(c, "lost-1", 3000, word, sizeof word) != 1 || strcmp(word, "OK") != 0);
	client_close(c);
	CHECK(daemon_alive(&d));
	CHECK(daemon_log_count(&d, "cannot write the event log") >= 1);
	c = daemon_client(&d, "counter", 1);
	REQUIRE(c != NULL);
	CHECK(daemon_call(c, "ISSUE service=A", &m) == 0 && !strncmp(m.rest, "disk_full ", 10));
	/* the disk syncs again: within a few probes changes are taken */
	unlink(fail);
	bool taken = false;
	for (int i = 0; i < 50 && !taken; i++) {
		taken = daemon_call(c, "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK");
		if (!taken) usleep(100000);
	}
	CHECK(taken);
	client_close(c);
	daemon_stop(&d);
}
