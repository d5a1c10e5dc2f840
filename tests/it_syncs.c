/*
 * The commit path's regression guard: a count, not a timing, so it cannot
 * flake on a loaded machine. The daemon runs with tests/synccount.c
 * preloaded, which counts the fsyncs of its loop thread (its commits).
 *
 * Sixteen counters each send one request while the daemon is stopped
 * (SIGSTOP), so that all sixteen wait in its sockets when it goes on
 * (SIGCONT) and one turn reads them: one group, one commit. 64 such
 * rounds are 1,024 acknowledged requests. Then:
 *  - at least one sync per round: every OK is on disk before it is sent
 *    (a commit without fsync, synchronous=NORMAL or OFF, gives none);
 *  - at most 256 syncs in all, where one per group is 64 (a turn that
 *    reads the round in two goes, a WAL restart, add a few): a commit per
 *    request instead of per turn gives 1,024 or more;
 *  - the checkpoint thread's syncs (those off the loop thread): a
 *    checkpoint syncs twice, and runs each 500 ms or each 8 MB the WAL
 *    grows, which 1,024 small events do not reach. So at most two per
 *    500 ms the rounds took, and two more: a checkpoint after every commit
 *    (each one a sync of the WAL and one of the log, in the disk's queue
 *    ahead of the next commit) gives about 128.
 */
#include "test.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "daemon.h"
#include "syncs.h"

#define COUNTERS 16
#define ROUNDS 64

static int stopped(pid_t pid)
{
	int st;
	if (kill(pid, SIGSTOP)) return -1;
	while (waitpid(pid, &st, WUNTRACED) < 0)
		if (errno != EINTR) return -1;
	return WIFSTOPPED(st) ? 0 : -1;
}

/* The reply to the one request in flight on c (pushes skipped): 0 when OK. */
static int reply_ok(struct client *c)
{
	char line[PROTO_LINE_MAX + 1];
	for (;;) {
		if (client_read_line(c, line, sizeof line, 10000)) return -1;
		if (line[0] != '*') return strstr(line, " OK") ? 0 : -1;
	}
}

TEST(it_syncs_one_per_group_commit)
{
	struct daemon d;
	struct client *c[COUNTERS];
	struct proto_msg m;
	char counts[700];
	snprintf(counts, sizeof counts, "%s/syncs", test_tmpdir());
	REQUIRE(syncs_daemon_start(&d, COUNTERS, counts, NULL) == 0);
	for (int i = 0; i < COUNTERS; i++) {
		c[i] = daemon_client(&d, "counter", i + 1);
		REQUIRE(c[i] != NULL);
		REQUIRE(daemon_call(c[i], "LOGIN officer=Guard", &m) == 0 && !strcmp(m.word, "OK"));
	}
	long before, after, all_before, all;
	REQUIRE(syncs_read(counts, &before, &all_before) == 0);
	int64_t t0 = clock_mono_ns();
	/* a daemon that never synced has not loaded the counter */
	REQUIRE(before > 0);
	int acked = 0;
	for (int r = 0; r < ROUNDS; r++) {
		REQUIRE(stopped(d.pid) == 0);
		for (int i = 0; i < COUNTERS; i++) {
			char line[64];
			snprintf(line, sizeof line, "g%d-%d ISSUE service=A\n", r, i);
			if (client_send_line(c[i], line)) test_fail(__FILE__, __LINE__, "send");
		}
		REQUIRE(kill(d.pid, SIGCONT) == 0);
		for (int i = 0; i < COUNTERS; i++) acked += reply_ok(c[i]) == 0;
	}
	REQUIRE(syncs_read(counts, &after, &all) == 0);
	double secs = (double)(clock_mono_ns() - t0) / 1e9;
	long syncs = after - before;
	long checkpoint_syncs = (all - after) - (all_before - before);
	long checkpoint_most = 2 * ((long)(secs * 2) + 2);
	printf("    %d requests acknowledged in %d groups in %.1f s: %ld syncs on the loop thread, "
	       "%ld by the checkpoint (at most %ld)\n", acked, ROUNDS, secs, syncs, checkpoint_syncs,
	       checkpoint_most);
	CHECK_INT_EQ(acked, COUNTERS * ROUNDS);
	if (syncs < ROUNDS)
		test_fail(__FILE__, __LINE__, "%ld syncs for %d acknowledged groups: a reply went out before its "
		          "commit was on disk", syncs, ROUNDS);
	if (syncs > COUNTERS * ROUNDS / 4)
		test_fail(__FILE__, __LINE__, "%ld syncs for %d requests in %d groups: commits are not grouped "
		          "by turn", syncs, COUNTERS * ROUNDS, ROUNDS);
	if (checkpoint_syncs > checkpoint_most)
		test_fail(__FILE__, __LINE__, "the checkpoint synced %ld times in %.1f s: more than a checkpoint "
		          "each 500 ms", checkpoint_syncs, secs);
	for (int i = 0; i < COUNTERS; i++) client_close(c[i]);
	daemon_stop(&d);
}
