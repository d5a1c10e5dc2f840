/*
 * The record on disk: the WAL is checkpointed and stays bounded while the
 * daemon runs, and every file the daemon makes is for its user only.
 */
#include "test.h"

#include <signal.h>
#include <stdint.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkpointer.h"
#include "daemon.h"

#define LOAD_WORKERS 4
/* Enough requests for the WAL to be written through WAL_LIMIT_BYTES about
 * twice; a worker stops early once the parent saw two restarts. */
#define LOAD_EACH 40000
/* The bound the guide states for the WAL of a running display. */
#define WAL_BOUND (WAL_LIMIT_BYTES + WAL_LIMIT_BYTES / 2)

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

/* The WAL header's checkpoint sequence number: SQLite adds one each time
 * the log is written again from its beginning. -1 when there is none. */
static long wal_sequence(const char *wal)
{
	unsigned char h[16];
	FILE *f = fopen(wal, "rb");
	size_t n = f ? fread(h, 1, sizeof h, f) : 0;
	if (f) fclose(f);
	if (n < sizeof h) return -1;
	return (long)h[12] << 24 | (long)h[13] << 16 | (long)h[14] << 8 | (long)h[15];
}

/* Rows of events in one database file opened alone (no -wal beside it). */
static int count_in_copy(const char *db, const char *dir, int round)
{
	char copy[700], cmd[1600];
	sqlite3 *h = NULL;
	sqlite3_stmt *st;
	int n = -1;
	snprintf(copy, sizeof copy, "%s/copy%d.db", dir, round);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", db, copy);
	if (system(cmd) != 0) return -1;
	if (sqlite3_open_v2(copy, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "SELECT COUNT(*) FROM events WHERE verb IN ('ISSUE','NEXT')", -1, &st,
	                       NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	unlink(copy);
	return n;
}

/* The parent and its workers share this page: each worker's acknowledged
 * requests, and the parent's word to stop. */
struct load {
	volatile int stop;
	volatile int acked[LOAD_WORKERS];
};

static void load_worker(const struct daemon *d, int counter, struct load *l)
{
	struct client *c = daemon_client(d, "counter", counter);
	struct proto_msg m;
	int ok = 0, i;
	if (!c || daemon_call(c, "LOGIN officer=Lan", &m) || strcmp(m.word, "OK")) _exit(1);
	for (i = 0; i < LOAD_EACH && !l->stop; i++) {
		ok += daemon_call(c, i % 2 ? "NEXT" : "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK");
		l->acked[counter - 1] = ok;
	}
	client_close(c);
	_exit(ok == i ? 0 : 1);
}

TEST(it_store_wal_is_checkpointed_and_bounded)
{
	struct daemon d;
	char dir[600], conf[700], db[700], wal[700];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	snprintf(conf, sizeof conf, "%s/c.conf", test_tmpdir());
	FILE *f = fopen(conf, "w");
	REQUIRE(f != NULL);
	fputs("[center]\nname = WAL\n[service A]\nnumbers = 1-99999\n"
	      "[counter 1]\n[counter 2]\n[counter 3]\n[counter 4]\n", f);
	fclose(f);
	struct load *l = mmap(NULL, sizeof *l, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(l != MAP_FAILED);
	const char *args[] = { "--config", conf, NULL };
	REQUIRE(daemon_start(&d, dir, args) == 0);
	snprintf(db, sizeof db, "%s/events.db", dir);
	snprintf(wal, sizeof wal, "%s/events.db-wal", dir);
	pid_t pids[LOAD_WORKERS];
	for (int w = 0; w < LOAD_WORKERS; w++)
		if ((pids[w] = fork()) == 0) load_worker(&d, w + 1, l);
	long most = 0, least_after = -1;   /* the smallest once it passed 2 MB */
	long first_seq = -1, seq = -1;
	int running = LOAD_WORKERS, failed = 0;
	while (running > 0) {
		long sz = file_size(wal), s = wal_sequence(wal);
		if (sz > most) most = sz;
		if (most > (2L << 20) && (least_after < 0 || sz < least_after)) least_after = sz;
		/* two restarts once the WAL held its limit: the bound was tested */
		if (s >= 0 && first_seq < 0 && most > WAL_LIMIT_BYTES) first_seq = s;
		if (s >= 0) seq = s;
		if (first_seq >= 0 && seq >= first_seq + 2) l->stop = 1;
		int st;
		pid_t p = waitpid(-1, &st, WNOHANG);
		if (p > 0) { running--; failed += !WIFEXITED(st) || WEXITSTATUS(st) != 0; }
		else usleep(2000);
	}
	CHECK_INT_EQ(failed, 0);
	int total = 0;
	for (int w = 0; w < LOAD_WORKERS; w++) total += l->acked[w];
	munmap(l, sizeof *l);
	/* every acknowledged request is in the log */
	CHECK_INT_EQ(daemon_count_events(&d, "verb IN ('ISSUE','NEXT')"), total);
	printf("    %d requests: WAL at most %ld KB (at least %ld KB once past 2 MB), "
	       "restarts %ld after it held %ld MB, events.db %ld KB\n", total, most / 1024, least_after / 1024,
	       first_seq < 0 ? -1 : seq - first_seq, WAL_LIMIT_BYTES >> 20, file_size(db) / 1024);
	/* the WAL reached its limit and was written again from its beginning,
	 * and never grew past its bound while the load ran */
	CHECK(first_seq >= 0 && seq >= first_seq + 2);
	CHECK(most < WAL_BOUND);
	/* and it is written again over the same file, not cut to nothing and
	 * grown again: a cut held the writer about twice as long */
	CHECK(least_after > (1L << 20));
	/* a second after the load, events.db alone holds every event */
	int alone = -1;
	for (int i = 0; i < 40 && alone != total; i++) {
		usleep(100000);
		alone = count_in_copy(db, test_tmpdir(), i);
	}
	CHECK_INT_EQ(alone, total);
	CHECK_INT_EQ(daemon_log_count(&d, "checkpoint failed"), 0);
	/* killed with its WAL at full length, the display starts again (every
	 * frame of it checked, then read by SQLite) with nothing lost */
	daemon_kill(&d, SIGKILL);
	long left = file_size(wal);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	REQUIRE(daemon_start(&d, dir, args) == 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("    started again in %.0f ms on a %ld KB WAL\n",
	       (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6, left / 1024);
	CHECK_INT_EQ(daemon_count_events(&d, "verb IN ('ISSUE','NEXT')"), total);
	daemon_stop(&d);
}

static int mode_of(const char *dir, const char *name)
{
	char path[800];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

TEST(it_store_files_are_private_in_an_open_directory)
{
	struct daemon d;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(mkdir(dir, 0755) == 0);
	REQUIRE(chmod(dir, 0755) == 0);
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	struct client *c = daemon_client(&d, "admin", 0);
	struct proto_msg m;
	REQUIRE(c != NULL);
	CHECK(daemon_call(c, "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK"));
	static const char *const files[] = { "events.db", "events.db-wal", "events.db-shm", "keys",
	                                     "site.key", "display.addr", NULL };
	for (int i = 0; files[i]; i++) {
		int mode = mode_of(dir, files[i]);
		if (mode != 0600) test_fail(__FILE__, __LINE__, "%s has mode %03o, expected 600", files[i], mode);
	}
	client_close(c);
	daemon_stop(&d);
}

/* A day with a few tickets, then the daemon stopped. */
static int day_then_stop(struct daemon *d, const char *dir, int tickets)
{
	if (daemon_start(d, dir, NULL)) return -1;
	struct client *c = daemon_client(d, "admin", 0);
	struct proto_msg m;
	int ok = 0;
	for (int i = 0; c && i < tickets; i++) ok += daemon_call(c, "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK");
	client_close(c);
	daemon_stop(d);
	return ok == tickets ? 0 : -1;
}

static int sh(const char *fmt, const char *dir)
{
	char cmd[1400];
	snprintf(cmd, sizeof cmd, fmt, dir, dir, dir);
	return system(cmd);
}

/* The daemon refuses to start: it exits, says why and what to do, and
 * the log file is left as it was. */
static void check_refused(struct daemon *d, const char *dir, const char *why, const char *way)
{
	char log[700];
	snprintf(log, sizeof log, "%s/display.log", dir);
	unlink(log);
	bool started = daemon_start(d, dir, NULL) == 0;
	if (started) {
		test_fail(__FILE__, __LINE__, "the display started (%s)", why);
		daemon_stop(d);
		return;
	}
	for (int i = 0; i < 100 && daemon_alive(d); i++) usleep(20000);
	CHECK(!daemon_alive(d));
	if (daemon_log_count(d, why) < 1) test_fail(__FILE__, __LINE__, "the log does not say '%s'", why);
	if (daemon_log_count(d, way) < 1) test_fail(__FILE__, __LINE__, "the log does not say '%s'", way);
	CHECK_INT_EQ(daemon_log_count(d, "listening on"), 0);
}

/* After a refusal: the log of the day is back (restored), A004 is next. */
static void check_next_ticket(struct daemon *d, const char *dir, const char *const *args, const char *want)
{
	struct proto_msg m;
	REQUIRE(daemon_start(d, dir, args) == 0);
	struct client *c = daemon_client(d, "admin", 0);
	CHECK(c && daemon_call(c, "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK"));
	if (c) CHECK_STR_EQ(proto_get(&m, "ticket"), want);
	client_close(c);
	daemon_stop(d);
}

TEST(it_store_missing_or_empty_log_is_refused)
{
	struct daemon d;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(day_then_stop(&d, dir, 3) == 0);
	REQUIRE(sh("cp '%s/events.db' '%s/backup.db'", dir) == 0);
	REQUIRE(sh("rm -f '%s/events.db' '%s/events.db-wal' '%s/events.db-shm'", dir) == 0);
	check_refused(&d, dir, "the event log is missing", "Restore events.db");
	REQUIRE(sh(": > '%s/events.db'", dir) == 0);
	check_refused(&d, dir, "the event log is empty", "--new-log");
	/* the way forward: the backup put back, the day goes on */
	REQUIRE(sh("cp '%s/backup.db' '%s/events.db'", dir) == 0);
	check_next_ticket(&d, dir, NULL, "A004");
	/* or, on purpose, an empty record */
	REQUIRE(sh("rm -f '%s/events.db' '%s/events.db-wal' '%s/events.db-shm'", dir) == 0);
	const char *fresh[] = { "--new-log", NULL };
	check_next_ticket(&d, dir, fresh, "A001");
}

TEST(it_store_truncated_log_is_refused)
{
	struct daemon d;
	char dir[600], path[700];
	struct stat st;
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(day_then_stop(&d, dir, 300) == 0);
	snprintf(path, sizeof path, "%s/events.db", dir);
	REQUIRE(stat(path, &st) == 0 && st.st_size >= 4 * 4096);
	REQUIRE(truncate(path, st.st_size / 2) == 0);
	check_refused(&d, dir, "damaged, cut short", "Restore events.db");
	/* --new-log never writes over a log that holds something */
	const char *fresh[] = { "--new-log", NULL };
	CHECK(daemon_start(&d, dir, fresh) != 0);
	CHECK(stat(path, &st) == 0 && st.st_size > 0);
}

TEST(it_store_missing_or_empty_keys_are_refused)
{
	struct daemon d;
	char dir[600], site[700], before[200] = "", after[200] = "";
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(day_then_stop(&d, dir, 3) == 0);
	snprintf(site, sizeof site, "%s/site.key", dir);
	FILE *f = fopen(site, "r");
	REQUIRE(f && fgets(before, sizeof before, f));
	fclose(f);
	REQUIRE(sh("mv '%s/keys' '%s/keys.saved'", dir) == 0);
	check_refused(&d, dir, "credentials are lost", "Restore 'keys'");
	REQUIRE(sh(": > '%s/keys'", dir) == 0);
	check_refused(&d, dir, "holds no credentials", "--new-keys");
	/* site.key was not replaced by a new one */
	f = fopen(site, "r");
	REQUIRE(f && fgets(after, sizeof after, f));
	fclose(f);
	CHECK_STR_EQ(after, before);
	REQUIRE(sh("mv '%s/keys.saved' '%s/keys'", dir) == 0);
	check_next_ticket(&d, dir, NULL, "A004");
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Flips one bit in the page of the middle frame of the WAL's current
 * generation; returns that frame's number, or -1. */
static long flip_middle_frame(const char *wal)
{
	unsigned char hdr[32], fh[24];
	FILE *f = fopen(wal, "r+b");
	long frames = 0, psz;
	if (!f || fread(hdr, 1, 32, f) != 32) { if (f) fclose(f); return -1; }
	psz = be32(hdr + 8);
	while (fseek(f, 32 + frames * (24 + psz), SEEK_SET) == 0 && fread(fh, 1, 24, f) == 24 &&
	       !memcmp(fh + 8, hdr + 16, 8))
		frames++;
	long mid = frames / 2 + 1;
	unsigned char b;
	long at = 32 + (mid - 1) * (24 + psz) + 24 + 100;
	int ok = frames >= 6 && fseek(f, at, SEEK_SET) == 0 && fread(&b, 1, 1, f) == 1;
	b ^= 0x10;
	ok = ok && fseek(f, at, SEEK_SET) == 0 && fwrite(&b, 1, 1, f) == 1;
	fclose(f);
	return ok ? mid : -1;
}

TEST(it_store_damaged_wal_is_refused)
{
	struct daemon d;
	char dir[600], wal[700];
	static char labels[80][16];
	struct proto_msg m;
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	snprintf(wal, sizeof wal, "%s/events.db-wal", dir);
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	struct client *c = daemon_client(&d, "admin", 0);
	REQUIRE(c != NULL);
	for (int i = 0; i < 80; i++) {
		REQUIRE(daemon_call(c, "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK"));
		snprintf(labels[i], sizeof labels[i], "%s", proto_get(&m, "ticket"));
	}
	client_close(c);
	daemon_kill(&d, SIGKILL);
	long frame = flip_middle_frame(wal);
	REQUIRE(frame > 0);
	/* the damage is refused, never read as the end of the log */
	if (daemon_start(&d, dir, NULL) == 0) {
		c = daemon_client(&d, "admin", 0);
		CHECK(c && daemon_call(c, "ISSUE service=A", &m) == 0);
		for (int i = 0; c && i < 80; i++)
			if (!strcmp(m.word, "OK") && !strcmp(proto_get(&m, "ticket"), labels[i]))
				test_fail(__FILE__, __LINE__, "%s given a second time after a flipped bit in the WAL", labels[i]);
		client_close(c);
		daemon_stop(&d);
		test_fail(__FILE__, __LINE__, "the display started on a WAL damaged at frame %ld", frame);
		return;
	}
	CHECK(daemon_log_count(&d, "events.db-wal is damaged at frame") == 1);
	CHECK(daemon_log_count(&d, "moving events.db-wal aside") == 1);
}
