/*
 * walcheck: a whole WAL and a torn tail pass; a flipped bit with sound
 * frames after it is damage.
 */
#include "test.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "walcheck.h"

/* A WAL of 20 commits, copied aside while its database is open. */
static int make_wal(const char *dir, char *wal, size_t len)
{
	char db[600], cmd[1400];
	sqlite3 *h;
	snprintf(db, sizeof db, "%s/t.db", dir);
	snprintf(wal, len, "%s/copy-wal", dir);
	if (sqlite3_open(db, &h) != SQLITE_OK) return -1;
	sqlite3_exec(h, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(x)", NULL, NULL, NULL);
	for (int i = 0; i < 20; i++) sqlite3_exec(h, "INSERT INTO t VALUES(randomblob(300))", NULL, NULL, NULL);
	snprintf(cmd, sizeof cmd, "cp '%s-wal' '%s'", db, wal);
	int rc = system(cmd);
	sqlite3_close(h);
	return rc;
}

static void flip(const char *path, long at)
{
	FILE *f = fopen(path, "r+b");
	unsigned char b = 0;
	if (!f) return;
	if (fseek(f, at, SEEK_SET) == 0 && fread(&b, 1, 1, f) == 1) {
		b ^= 1;
		fseek(f, at, SEEK_SET);
		fwrite(&b, 1, 1, f);
	}
	fclose(f);
}

TEST(walcheck_whole_torn_and_damaged)
{
	char wal[700], err[600], cmd[1600], keep[720];
	struct stat st;
	REQUIRE(make_wal(test_tmpdir(), wal, sizeof wal) == 0);
	REQUIRE(stat(wal, &st) == 0);
	long frame = 24 + 4096, frames = (st.st_size - 32) / frame;
	REQUIRE(frames >= 20);
	snprintf(keep, sizeof keep, "%s.orig", wal);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", wal, keep);
	REQUIRE(system(cmd) == 0);
	CHECK_INT_EQ(walcheck_file(wal, err, sizeof err), 0);
	/* a power cut in the last commit: its frame half written */
	REQUIRE(truncate(wal, st.st_size - 1000) == 0);
	CHECK_INT_EQ(walcheck_file(wal, err, sizeof err), 0);
	/* a flipped bit in the last frame cannot be told from a torn write */
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", keep, wal);
	REQUIRE(system(cmd) == 0);
	flip(wal, 32 + (frames - 1) * frame + 24 + 200);
	CHECK_INT_EQ(walcheck_file(wal, err, sizeof err), 0);
	/* one in the middle, with sound frames after it, is damage */
	REQUIRE(system(cmd) == 0);
	flip(wal, 32 + (frames / 2) * frame + 24 + 200);
	CHECK_INT_EQ(walcheck_file(wal, err, sizeof err), -1);
	CHECK(strstr(err, "damaged at frame") != NULL);
	/* one sound frame after the damage is enough to tell it from a tear */
	REQUIRE(system(cmd) == 0);
	flip(wal, 32 + (frames - 2) * frame + 24 + 200);
	CHECK_INT_EQ(walcheck_file(wal, err, sizeof err), -1);
	/* and in a frame's header too */
	REQUIRE(system(cmd) == 0);
	flip(wal, 32 + 3 * frame + 2);
	CHECK_INT_EQ(walcheck_file(wal, err, sizeof err), -1);
	/* no WAL at all is whole */
	unlink(wal);
	CHECK_INT_EQ(walcheck_file(wal, err, sizeof err), 0);
}
