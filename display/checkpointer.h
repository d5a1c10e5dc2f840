/*
 * checkpointer: the event log's WAL copied back into events.db.
 *
 * A thread of its own, on a connection of its own, runs a passive
 * checkpoint every CHECKPOINT_EVERY_MS and each time the writer's WAL grew
 * by another megabyte (a passive one never blocks the writer): SQLite's
 * automatic checkpoint would run inside a commit on the loop's thread and
 * stall every reply of that turn. Only when the WAL outgrows
 * WAL_LIMIT_BYTES does a restarting checkpoint hold the writer back, for
 * the little the passive ones left to copy. Its connection checkpoints
 * with synchronous=FULL: the WAL synced before it is copied, events.db
 * after. A checkpoint that fails is said once in the daemon's log, and
 * once when they work again.
 */
#ifndef GOISO_CHECKPOINTER_H
#define GOISO_CHECKPOINTER_H

struct sqlite3;
struct checkpointer;

/* Whenever the WAL outgrows this, the next commit writes it again from its
 * beginning (a restarting checkpoint), and SQLite cuts the file back to
 * this length as it does (journal_size_limit): the file a power cut
 * leaves behind, and the copy work at a stop, stay small. The file is
 * reused, not cut to nothing: a cut held the writer about twice as long
 * (the ftruncate, then appends that grow the file again), see
 * tests/PERFORMANCE.md. */
#define WAL_LIMIT_BYTES (4L << 20)

/* Starts checkpointing the log at path, which writer (the store's
 * connection) writes; writer's WAL hook becomes the checkpointer's. NULL
 * when its connection or thread cannot start. */
struct checkpointer *checkpointer_start(const char *path, struct sqlite3 *writer);
void checkpointer_stop(struct checkpointer *ck);

/* The busy handler of both connections: a retry each millisecond, for at
 * most 5 s (SQLite's own waits sleep up to 100 ms a step). */
int checkpointer_busy_wait(void *ud, int tries);

#endif
