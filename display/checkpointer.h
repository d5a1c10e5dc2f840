/*
 * checkpointer: the event log's WAL copied back into events.db.
 *
 * A thread of its own, on a connection of its own, runs a passive
 * checkpoint every CHECKPOINT_EVERY_MS and each time the writer's WAL grew
 * by another quarter of WAL_LIMIT_BYTES (a passive one never blocks the
 * writer): SQLite's automatic checkpoint would run inside a commit on the
 * loop's thread and stall every reply of that turn. Only when the WAL holds
 * more than WAL_LIMIT_BYTES does a restarting checkpoint hold the writer
 * back, for the little the passive one before it left to copy. Its
 * connection checkpoints
 * with synchronous=FULL: the WAL synced before it is copied, events.db
 * after. A checkpoint that fails is said once in the daemon's log, and
 * once when they work again.
 */
#ifndef GOISO_CHECKPOINTER_H
#define GOISO_CHECKPOINTER_H

struct sqlite3;
struct checkpointer;

/* Whenever the WAL holds more than this, the next commit writes it again
 * from its beginning (a restarting checkpoint): the file a power cut
 * leaves behind, and the copy work at a start, stay bounded. Each restart
 * holds the writer for two syncs, so the bound is not small: at 4 MB a
 * load of 5,000 requests a second restarted it five times a second and the
 * holds were the largest share of the daemon's own ack tail; at 32 MB, once
 * in two seconds (tests/PERFORMANCE.md). The file is reused, not cut to
 * nothing: a cut held the writer about twice as long (the ftruncate, then
 * appends that grow the file again). */
#define WAL_LIMIT_BYTES (32L << 20)
/* SQLite cuts the file back to this when it is written again from its
 * beginning (journal_size_limit): only a burst that outran the checkpoints
 * leaves it longer than WAL_LIMIT_BYTES, and a file cut back to its
 * length each time would make every restart grow it again. */
#define WAL_FILE_MAX (WAL_LIMIT_BYTES + WAL_LIMIT_BYTES / 4)

/* Starts checkpointing the log at path, which writer (the store's
 * connection) writes; writer's WAL hook becomes the checkpointer's. NULL
 * when its connection or thread cannot start. */
struct checkpointer *checkpointer_start(const char *path, struct sqlite3 *writer);
void checkpointer_stop(struct checkpointer *ck);
/* The rounds begun by the writer's kick rather than by the period: a
 * count that says the WAL's growth is watched (tests/test_checkpointer.c). */
long checkpointer_kick_rounds(struct checkpointer *ck);

/* The writer's busy handler: held back by a restarting checkpoint, it
 * retries every 0.1 ms (SQLite's own waits sleep up to 100 ms a step, and
 * 1 ms steps added half a millisecond to each hold), for at most 5 s. */
int checkpointer_writer_wait(void *ud, int tries);

#endif
