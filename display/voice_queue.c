/*
 * voice_queue: a growable ring of jobs (see voice_queue.h). A ring, not a
 * list, so that a burst costs no allocation once the ring has grown.
 */
#include "voice_queue.h"

#include <stdlib.h>
#include <string.h>

struct voice_queue {
	struct voice_job *v;
	int cap, head, n;
};

struct voice_queue *voice_queue_new(void)
{
	return calloc(1, sizeof(struct voice_queue));
}

void voice_queue_free(struct voice_queue *q)
{
	if (!q) return;
	free(q->v);
	free(q);
}

static struct voice_job *at(const struct voice_queue *q, int i)
{
	return &q->v[(q->head + i) % q->cap];
}

static int grow(struct voice_queue *q)
{
	int cap = q->cap ? q->cap * 2 : 16;
	struct voice_job *v = malloc((size_t)cap * sizeof *v);
	if (!v) return -1;
	for (int i = 0; i < q->n; i++) v[i] = *at(q, i);
	free(q->v);
	q->v = v;
	q->cap = cap;
	q->head = 0;
	return 0;
}

enum voice_push voice_queue_push(struct voice_queue *q, const struct voice_job *j,
                                 bool busy)
{
	if (j->recall)
		for (int i = 0; i < q->n; i++)
			if (at(q, i)->counter == j->counter && strcmp(at(q, i)->label, j->label) == 0)
				return VOICE_MERGED;
	if (q->n == q->cap && grow(q) < 0) return VOICE_ENOMEM;
	struct voice_job *slot = &q->v[(q->head + q->n) % q->cap];
	*slot = *j;
	slot->form = (busy || q->n > 0 || j->force_short) ? PLAYLIST_SHORT : PLAYLIST_FULL;
	q->n++;
	return VOICE_QUEUED;
}

bool voice_queue_pop(struct voice_queue *q, struct voice_job *out)
{
	if (q->n == 0) return false;
	*out = *at(q, 0);
	q->head = (q->head + 1) % q->cap;
	q->n--;
	return true;
}

int voice_queue_len(const struct voice_queue *q) { return q->n; }

int voice_queue_clear(struct voice_queue *q)
{
	int n = q->n;
	q->n = 0;
	q->head = 0;
	return n;
}
