/*
 * voice_queue: the announcements waiting to be spoken, and the peak-hour
 * policy (plain C: no clock, no lock, no sound; the voice holds its mutex
 * around every call and passes the times in).
 *
 * The policy, so that a burst of calls is heard soon and whole:
 *   - an announcement that has to wait (pushed while another one is being
 *     spoken or is waiting) is said in the short form (no chime, no
 *     repeat, the short template); the one being spoken is never cut;
 *   - nothing is ever dropped or reordered: jobs leave in push order;
 *   - a RECALL of a call whose announcement is still waiting adds nothing:
 *     the waiting announcement already says it.
 */
#ifndef GOISO_VOICE_QUEUE_H
#define GOISO_VOICE_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "playlist.h"

struct voice_job {
	char label[16];
	int counter;
	bool recall;
	bool force_short;             /* said short even when nothing waits */
	int64_t t0_ns;                /* the call, monotonic */
	int64_t call_ms;              /* the call, wall clock (for the record) */
	enum playlist_form form;      /* set by voice_queue_push() */
};

enum voice_push { VOICE_QUEUED = 0, VOICE_MERGED = 1, VOICE_ENOMEM = -1 };

struct voice_queue;

struct voice_queue *voice_queue_new(void);
void voice_queue_free(struct voice_queue *q);

/* Appends a copy of j, whose form becomes PLAYLIST_SHORT when busy (an
 * announcement is being spoken) or others wait, else PLAYLIST_FULL.
 * A recall whose label and counter match a waiting job adds nothing and
 * returns VOICE_MERGED. */
enum voice_push voice_queue_push(struct voice_queue *q, const struct voice_job *j,
                                 bool busy);
/* Takes the oldest job into *out; false when none waits. */
bool voice_queue_pop(struct voice_queue *q, struct voice_job *out);
int voice_queue_len(const struct voice_queue *q);
/* Drops every waiting job (the voice cannot play them). Returns how many. */
int voice_queue_clear(struct voice_queue *q);

#endif
