/*
 * The checkpointer is kicked by the writer: a WAL that grows between two
 * of its periodic rounds (a burst at the release build's pace, about
 * 35 MB a second) starts a round at once. A count, not a timing: without
 * the writer's hook the WAL would be watched only twice a second, which a
 * sanitizer build's pace never outruns (it_store_wal could not tell).
 */
#include "test.h"

#include <sqlite3.h>
#include <unistd.h>

#include "checkpointer.h"

static int exec(sqlite3 *db, const char *sql)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) test_fail(__FILE__, __LINE__, "%s: %s", sql, sqlite3_errmsg(db));
	return rc;
}

TEST(checkpointer_is_kicked_by_the_writers_growth)
{
	char path[400];
	sqlite3 *db;
	snprintf(path, sizeof path, "%s/kick.db", test_tmpdir());
	REQUIRE(sqlite3_open(path, &db) == SQLITE_OK);
	REQUIRE(exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA wal_autocheckpoint=0;"
	                 "CREATE TABLE t(x BLOB)") == SQLITE_OK);
	struct checkpointer *ck = checkpointer_start(path, db);
	REQUIRE(ck != NULL);
	/* 24 MB in 96 commits of 256 KB: three quarters of the WAL's bound,
	 * three kicks' worth of growth, in well under one period */
	sqlite3_stmt *st;
	REQUIRE(sqlite3_prepare_v2(db, "INSERT INTO t VALUES(zeroblob(3000))", -1, &st, NULL) == SQLITE_OK);
	for (int c = 0; c < 96 && !test_failed_now(); c++) {
		exec(db, "BEGIN");
		for (int i = 0; i < 85; i++) {
			sqlite3_reset(st);
			if (sqlite3_step(st) != SQLITE_DONE) test_fail(__FILE__, __LINE__, "insert: %s", sqlite3_errmsg(db));
		}
		exec(db, "COMMIT");
	}
	sqlite3_finalize(st);
	/* the rounds run on the checkpointer's thread: give it time to wake */
	long kicks = 0;
	for (int i = 0; i < 500 && (kicks = checkpointer_kick_rounds(ck)) < 1; i++) usleep(10000);
	CHECK(kicks >= 1);
	checkpointer_stop(ck);
	sqlite3_close(db);
}
