/*
 * A full disk, on a small tmpfs holding the data directory: the daemon
 * stays up with the last state (STATUS as it was after the last
 * acknowledged request), refuses changes with a Vietnamese ERR disk_full,
 * starts again on the still-full disk, and takes changes again by itself
 * when space returns. Every acknowledged request is in the log, no number
 * is given twice.
 *
 * Needs root (mount). The daemon's own log goes outside the full disk.
 */
#include "test.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

#define MAX_OK 400

/* Starts the daemon on data (on the small disk) with its log outside it;
 * waits until it answers on its port (display.addr may not fit). */
static int start(struct daemon *d, const char *data, const char *log, int port, const char *conf)
{
	char listen[40];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	memset(d, 0, sizeof *d);
	snprintf(d->data, sizeof d->data, "%s", data);
	snprintf(d->log, sizeof d->log, "%s", log);
	snprintf(d->key, sizeof d->key, "%s/site.key", data);
	snprintf(d->addr, sizeof d->addr, "%s", listen);
	d->pid = fork();
	if (d->pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) { dup2(fd, 2); dup2(fd, 1); close(fd); }
		execl(daemon_bin("goiso-display"), "goiso-display", "--data", data, "--listen", listen, "--headless",
		      "--no-mdns", "--config", conf, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500 && daemon_alive(d); i++) {
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
		                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		int ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
		close(fd);
		if (ok) return 0;
		usleep(20000);
	}
	return -1;
}

/* One ISSUE with id, retried on a new connection until answered. */
static int issue(const struct daemon *d, struct client **c, const char *id, struct proto_msg *m)
{
	char err[200];
	for (int tries = 0; tries < 20; tries++) {
		if (!*c) *c = daemon_client(d, "admin", 0);
		if (*c && client_call(*c, id, "ISSUE service=A", m, 3000, err, sizeof err) == 0) return 0;
		client_close(*c);
		*c = NULL;
		usleep(50000);
	}
	return -1;
}

static void sh(const char *cmd)
{
	if (system(cmd) != 0) { /* dd ends with "no space left": expected */ }
}

static struct daemon d;   /* stopped by the test whatever happens */

static void full_disk(const char *mnt, const char *data, const char *log, const char *conf, int port)
{
	struct client *c = NULL;
	struct proto_msg m;
	char cmd[1500], before[2048] = "", now[2048] = "", id[32], code[32];
	static char acked[MAX_OK][16];
	int nacked = 0, refused = 0;
	REQUIRE(start(&d, data, log, port, conf) == 0);
	for (int i = 0; i < 20; i++) {
		snprintf(id, sizeof id, "pre%d", i);
		REQUIRE(issue(&d, &c, id, &m) == 0 && !strcmp(m.word, "OK"));
		snprintf(acked[nacked++], sizeof acked[0], "%s", proto_get(&m, "ticket"));
	}
	REQUIRE(daemon_status(&d, before, sizeof before) == 0);
	/* fill the disk to the last byte */
	snprintf(cmd, sizeof cmd, "dd if=/dev/zero of='%s/filler' bs=64k 2>/dev/null", mnt);
	sh(cmd);
	snprintf(cmd, sizeof cmd, "dd if=/dev/zero of='%s/filler2' bs=512 2>/dev/null", mnt);
	sh(cmd);
	/* the WAL may still have room for a few: each OK must be on disk */
	for (int i = 0; i < 5000 && !refused && nacked < MAX_OK; i++) {
		snprintf(id, sizeof id, "fill%d", i);
		REQUIRE(issue(&d, &c, id, &m) == 0);
		if (!strcmp(m.word, "OK")) {
			snprintf(acked[nacked++], sizeof acked[0], "%s", proto_get(&m, "ticket"));
			REQUIRE(daemon_status(&d, before, sizeof before) == 0);
		} else {
			const char *msg;
			client_err_parts(&m, code, sizeof code, &msg);
			CHECK_STR_EQ(code, "disk_full");
			CHECK(strstr(msg, "Ổ đĩa máy hiển thị đã đầy") != NULL);
			refused = 1;
		}
	}
	REQUIRE(refused);
	printf("    %d requests acknowledged, then ERR disk_full\n", nacked);
	/* the daemon is up, and shows the last acknowledged state */
	CHECK(daemon_alive(&d));
	CHECK(daemon_status(&d, now, sizeof now) == 0);
	CHECK_STR_EQ(now, before);
	/* a restart on the still-full disk starts, with the same state */
	daemon_kill(&d, SIGKILL);
	REQUIRE(start(&d, data, log, port, conf) == 0);
	CHECK(daemon_status(&d, now, sizeof now) == 0);
	CHECK_STR_EQ(now, before);
	REQUIRE(issue(&d, &c, "after-restart", &m) == 0);
	CHECK_STR_EQ(m.word, "ERR");
	/* space returns: changes resume by themselves, numbers go on */
	snprintf(cmd, sizeof cmd, "rm -f '%s/filler' '%s/filler2'", mnt, mnt);
	sh(cmd);
	int resumed = 0;
	for (int i = 0; i < 100 && !resumed; i++) {
		snprintf(id, sizeof id, "back%d", i);
		REQUIRE(issue(&d, &c, id, &m) == 0);
		if (!strcmp(m.word, "OK")) {
			resumed = 1;
			snprintf(acked[nacked++], sizeof acked[0], "%s", proto_get(&m, "ticket"));
		} else {
			usleep(100000);
		}
	}
	CHECK(resumed);
	client_close(c);
	daemon_stop(&d);
	CHECK(daemon_log_count(&d, "cannot write the event log") + daemon_log_count(&d, "changes refused") >= 1);
	CHECK(daemon_log_count(&d, "changes are accepted") >= 1);
	/* every acknowledged ticket is in the log, once; no label twice */
	int missing = 0;
	for (int i = 0; i < nacked; i++) {
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM events WHERE verb='ISSUE' AND label='%s'", acked[i]);
		if (daemon_sql_count(data, sql) != 1) missing++;
	}
	CHECK_INT_EQ(missing, 0);
	CHECK_INT_EQ(daemon_sql_count(data, "SELECT COUNT(*) FROM (SELECT label FROM events WHERE verb='ISSUE'"
	                             " GROUP BY day, label HAVING COUNT(*) > 1)"), 0);
	CHECK_INT_EQ(daemon_sql_count(data, "SELECT COUNT(*) FROM events WHERE verb='ISSUE'"), nacked);
}

TEST(it_disk_full_keeps_the_board_refuses_changes_and_resumes)
{
	char mnt[600], data[700], log[700], conf[700], cmd[1400];
	snprintf(mnt, sizeof mnt, "%s/disk", test_tmpdir());
	snprintf(data, sizeof data, "%s/data", mnt);
	snprintf(log, sizeof log, "%s/display.log", test_tmpdir());
	snprintf(conf, sizeof conf, "%s/c.conf", test_tmpdir());
	FILE *f = fopen(conf, "w");
	REQUIRE(f != NULL);
	fputs("[center]\nname = Disk\n[service A]\nnumbers = 1-99999\n[counter 1]\n", f);
	fclose(f);
	REQUIRE(mkdir(mnt, 0700) == 0);
	snprintf(cmd, sizeof cmd, "mount -t tmpfs -o size=24m tmpfs '%s'", mnt);
	REQUIRE(system(cmd) == 0);
	REQUIRE(mkdir(data, 0700) == 0);
	full_disk(mnt, data, log, conf, daemon_free_port());
	if (daemon_alive(&d)) daemon_kill(&d, SIGKILL);
	snprintf(cmd, sizeof cmd, "umount -l '%s'", mnt);
	CHECK(system(cmd) == 0);
}
