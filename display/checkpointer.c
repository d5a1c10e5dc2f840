/*
 * checkpointer: the WAL copied back on a thread of its own (see
 * checkpointer.h).
 */
#include "checkpointer.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

#define CHECKPOINT_EVERY_MS 500

/* The writer wakes the checkpointer each time this many pages were added
 * to the WAL since the last wake (a quarter of WAL_LIMIT_BYTES in 4 KB
 * pages): under a burst the WAL is copied back as fast as it grows, not
 * once in CHECKPOINT_EVERY_MS, and the restart past WAL_LIMIT_BYTES comes
 * in time. Each checkpoint syncs twice; more often, their syncs slowed
 * the writer's. */
#define CHECKPOINT_KICK_FRAMES ((int)(WAL_LIMIT_BYTES / 4 / 4096))

struct checkpointer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	sqlite3 *db;
	bool stop, running, wake_ready;
	bool kicked;          /* the writer asked for a checkpoint now */
	long frame_bytes;     /* a WAL frame: a page and its 24-byte header */
	int kicked_at;        /* the WAL's pages at the writer's last kick (writer only):
	                       * a kick each time the WAL's pages cross a multiple of
	                       * CHECKPOINT_KICK_FRAMES, and once after each restart */
	long failures;        /* checkpoints that failed in a row */
	long kick_rounds;     /* rounds the writer's kick began (not the period) */
};

/* The checkpointer's busy handler: a retry each millisecond for the
 * writer's lock, between two of its commits, for at most 5 s. */
static int busy_wait(void *ud, int tries)
{
	(void)ud;
	if (tries >= 5000) return 0;   /* 5 s: give up, the next round tries again */
	clock_sleep_ns(1000000);
	return 1;
}

int checkpointer_writer_wait(void *ud, int tries)
{
	(void)ud;
	if (tries >= 50000) return 0;   /* 5 s: give up, the write fails */
	clock_sleep_ns(100000);
	return 1;
}

/* One checkpoint, its result checked: a checkpoint that cannot run (a full
 * disk, an I/O error) is said in the daemon's log, once when it starts
 * failing and once when it works again, never once a turn. */
static void checkpoint_once(struct checkpointer *ck)
{
	int nlog = 0, ndone = 0;
	int rc = sqlite3_wal_checkpoint_v2(ck->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &nlog, &ndone);
	if (rc == SQLITE_OK && nlog >= 0 && (long)nlog * ck->frame_bytes > WAL_LIMIT_BYTES)
		rc = sqlite3_wal_checkpoint_v2(ck->db, NULL, SQLITE_CHECKPOINT_RESTART, &nlog, &ndone);
	if (rc == SQLITE_BUSY) return;   /* the writer held on: the next round catches up */
	if (rc != SQLITE_OK || nlog < 0) {
		if (ck->failures++ == 0)
			fprintf(stderr, "goiso-display: log: checkpoint failed: %s\n",
			        rc != SQLITE_OK ? sqlite3_errmsg(ck->db) : "the log is not in WAL mode");
		return;
	}
	if (ck->failures)
		fprintf(stderr, "goiso-display: log: checkpoints work again after %ld failures\n", ck->failures);
	ck->failures = 0;
}

static void *checkpoint_main(void *arg)
{
	struct checkpointer *ck = arg;
	pthread_mutex_lock(&ck->lock);
	while (!ck->stop) {
		struct timespec until = clock_mono_deadline(CHECKPOINT_EVERY_MS);
		while (!ck->stop && !ck->kicked &&
		       pthread_cond_timedwait(&ck->wake, &ck->lock, &until) == 0)
			;
		if (ck->stop) break;
		ck->kick_rounds += ck->kicked;
		ck->kicked = false;
		pthread_mutex_unlock(&ck->lock);
		checkpoint_once(ck);
		pthread_mutex_lock(&ck->lock);
	}
	pthread_mutex_unlock(&ck->lock);
	return NULL;
}

/* Called by SQLite on the writer's thread after each commit, with the
 * pages the WAL now holds (fewer than before once the WAL was restarted). */
static int wal_grew(void *ud, sqlite3 *db, const char *name, int frames)
{
	(void)db;
	(void)name;
	struct checkpointer *ck = ud;
	if (frames / CHECKPOINT_KICK_FRAMES == ck->kicked_at / CHECKPOINT_KICK_FRAMES) return SQLITE_OK;
	ck->kicked_at = frames;
	pthread_mutex_lock(&ck->lock);
	ck->kicked = true;
	pthread_cond_signal(&ck->wake);
	pthread_mutex_unlock(&ck->lock);
	return SQLITE_OK;
}

/* The connection reads the log once before its first checkpoint: until a
 * connection has read the database it does not know the file is in WAL
 * mode, and a checkpoint on it does nothing and says OK. */
static int start(struct checkpointer *ck, const char *path)
{
	pthread_condattr_t attr;
	/* a monotonic wait (clock_mono_deadline): a wall clock set back after
	 * a power cut must not stop the checkpoints (the WAL would grow
	 * without end) */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&ck->wake, &attr);
	pthread_condattr_destroy(&attr);
	ck->wake_ready = true;
	if (sqlite3_open_v2(path, &ck->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) return -1;
	/* a restarting checkpoint waits for the writer's lock the way the
	 * writer waits for it: SQLite's own wait sleeps up to 100 ms a step
	 * and, against a writer that commits back to back, seldom lands in
	 * the gap between two of its transactions (the WAL then peaked at
	 * 5.6 MB instead of 4.4 under it_store_wal_is_checkpointed_and_bounded) */
	sqlite3_busy_handler(ck->db, busy_wait, NULL);
	char sql[80];
	sqlite3_stmt *st;
	/* its checkpoints sync the WAL before copying it and events.db after
	 * (the writer syncs its own commits: synchronous=FULL on its connection) */
	snprintf(sql, sizeof sql, "PRAGMA synchronous=FULL; PRAGMA journal_size_limit=%ld", WAL_FILE_MAX);
	if (sqlite3_exec(ck->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(ck->db, "PRAGMA journal_mode", -1, &st, NULL) != SQLITE_OK)
		return -1;
	bool wal = sqlite3_step(st) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	if (!wal || sqlite3_prepare_v2(ck->db, "PRAGMA page_size", -1, &st, NULL) != SQLITE_OK) return -1;
	ck->frame_bytes = (sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 4096) + 24;
	sqlite3_finalize(st);
	if (pthread_create(&ck->thread, NULL, checkpoint_main, ck)) return -1;
	ck->running = true;
	return 0;
}

struct checkpointer *checkpointer_start(const char *path, struct sqlite3 *writer)
{
	struct checkpointer *ck = calloc(1, sizeof *ck);
	if (!ck) return NULL;
	pthread_mutex_init(&ck->lock, NULL);
	if (start(ck, path)) {
		checkpointer_stop(ck);
		return NULL;
	}
	sqlite3_wal_hook(writer, wal_grew, ck);
	return ck;
}

long checkpointer_kick_rounds(struct checkpointer *ck)
{
	pthread_mutex_lock(&ck->lock);
	long n = ck->kick_rounds;
	pthread_mutex_unlock(&ck->lock);
	return n;
}

void checkpointer_stop(struct checkpointer *ck)
{
	if (!ck) return;
	if (ck->running) {
		pthread_mutex_lock(&ck->lock);
		ck->stop = true;
		pthread_cond_signal(&ck->wake);
		pthread_mutex_unlock(&ck->lock);
		pthread_join(ck->thread, NULL);
		ck->running = false;
	}
	sqlite3_close(ck->db);
	pthread_mutex_destroy(&ck->lock);
	if (ck->wake_ready) pthread_cond_destroy(&ck->wake);
	free(ck);
}
