/*
 * rowpipe: a log's rows read by reading threads while the caller's
 * thread counts them (see rowpipe.h).
 *
 * Reading is the costly part (SQLite decodes every column of a million
 * rows a year), so LANES threads read, each through a connection of its
 * own, every LANES-th day of the period (logread_scan_lane). Each lane
 * copies its rows with their strings into batches of BATCH; at most
 * NBATCH batches a lane wait, so memory stays small however long the
 * period. The caller takes the rows in the log's order: always from the
 * lane whose next row has the earliest day (every day is whole in one
 * lane), so it waits until every lane has a row to offer or has ended.
 */
#include "rowpipe.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 1024
#define NBATCH 6
#define LANES 2
#define TEXT_BYTES (BATCH * 40)       /* most rows carry one name */

/* Rows, and their strings packed after one another (each cut as the
 * report's names are: a service code at 15 bytes, a name at 63). */
struct batch {
	struct lrow rows[BATCH];
	int n, used;
	char text[TEXT_BYTES];
};

struct pipe;

struct lane {
	struct pipe *p;
	int no;
	struct logread *lr;           /* this lane's connection */
	pthread_t th;
	int started;
	struct batch *ring[NBATCH];   /* filled batches, in order */
	int head, count;              /* ring[head] is the oldest */
	struct batch *free_[NBATCH];  /* empty batches */
	int nfree, nalloc;
	struct batch *filling;        /* on the reading thread */
	struct batch *cur;            /* on the caller's thread */
	int at;                       /* the next row of cur */
	int done;
	long result;
	char err[256];
};

struct pipe {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop, nlanes;
	int64_t from, to;
	struct lane lane[LANES];
};

/* Waits for an empty batch; NULL when the counting side stopped. */
static struct batch *take_free(struct lane *l)
{
	struct pipe *p = l->p;
	struct batch *b = NULL;
	pthread_mutex_lock(&p->lock);
	if (!l->nfree && l->nalloc < NBATCH && (b = malloc(sizeof *b))) {
		l->nalloc++;
	} else {
		while (!l->nfree && !p->stop) pthread_cond_wait(&p->cond, &p->lock);
		if (l->nfree) b = l->free_[--l->nfree];
	}
	if (b && p->stop) { l->free_[l->nfree++] = b; b = NULL; }
	pthread_mutex_unlock(&p->lock);
	if (b) b->n = b->used = 0;
	return b;
}

static void push(struct lane *l, struct batch *b)
{
	pthread_mutex_lock(&l->p->lock);
	l->ring[(l->head + l->count) % NBATCH] = b;
	l->count++;
	pthread_cond_broadcast(&l->p->cond);
	pthread_mutex_unlock(&l->p->lock);
}

/* Copies src (cut at max bytes) into the batch's text; "" is not copied. */
static const char *keep(struct batch *b, const char *src, size_t max)
{
	size_t len = strlen(src);
	if (!len) return "";
	if (len > max) len = max;
	char *d = b->text + b->used;
	memcpy(d, src, len);
	d[len] = 0;
	b->used += (int)len + 1;
	return d;
}

/* On a reading thread: one row into the batch being filled. */
static int put(void *ud, const struct lrow *r)
{
	struct lane *l = ud;
	if (l->filling && TEXT_BYTES - l->filling->used < 16 + 64 + 64) {
		push(l, l->filling);          /* its text is full */
		l->filling = NULL;
	}
	if (!l->filling && !(l->filling = take_free(l))) return 1;
	struct batch *b = l->filling;
	struct lrow *w = &b->rows[b->n++];
	*w = *r;
	w->service = keep(b, r->service, 15);
	w->text = keep(b, r->text, 63);
	w->officer = keep(b, r->officer, 63);
	if (b->n == BATCH) {
		push(l, b);
		l->filling = NULL;
	}
	return 0;
}

static void *reader(void *arg)
{
	struct lane *l = arg;
	struct pipe *p = l->p;
	long n = logread_scan_lane(l->lr, p->from, p->to, l->no, p->nlanes, put, l,
	                           l->err, sizeof l->err);
	if (l->filling) push(l, l->filling);
	l->filling = NULL;
	pthread_mutex_lock(&p->lock);
	l->result = n;
	l->done = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* On the caller's thread (lock held): makes the lane's next row current;
 * 0 when it has one, 1 when the lane has ended, -1 to wait. */
static int ready(struct lane *l)
{
	if (l->cur && l->at < l->cur->n) return 0;
	if (l->cur) {
		l->free_[l->nfree++] = l->cur;
		l->cur = NULL;
		pthread_cond_broadcast(&l->p->cond);
	}
	if (l->count) {
		l->cur = l->ring[l->head];
		l->head = (l->head + 1) % NBATCH;
		l->count--;
		l->at = 0;
		return 0;
	}
	return l->done ? 1 : -1;
}

/* The lane to take the next row from: the one whose next row has the
 * earliest day, once every lane has a row or has ended. NULL at the end
 * (or when a lane failed). */
static struct lane *next_lane(struct pipe *p)
{
	pthread_mutex_lock(&p->lock);
	for (;;) {
		struct lane *best = NULL;
		int waiting = 0, failed = 0;
		for (int i = 0; i < p->nlanes; i++) {
			struct lane *l = &p->lane[i];
			int s = ready(l);
			if (s < 0) waiting = 1;
			else if (s > 0) failed |= l->result < 0;
			else if (!best || l->cur->rows[l->at].day < best->cur->rows[best->at].day) best = l;
		}
		if (failed || !waiting) {
			pthread_mutex_unlock(&p->lock);
			return failed ? NULL : best;
		}
		pthread_cond_wait(&p->cond, &p->lock);
	}
}

/* Hands over the lane's rows of one day; nonzero when fn asked to stop. */
static int deliver(struct pipe *p, struct lane *l, logread_fn fn, void *ud)
{
	int64_t day = l->cur->rows[l->at].day;
	for (;;) {
		while (l->at < l->cur->n) {
			const struct lrow *w = &l->cur->rows[l->at];
			if (w->day != day) return 0;
			l->at++;
			if (fn(ud, w)) return 1;
		}
		/* the day may go on in the lane's next batch */
		pthread_mutex_lock(&p->lock);
		int s;
		while ((s = ready(l)) < 0) pthread_cond_wait(&p->cond, &p->lock);
		pthread_mutex_unlock(&p->lock);
		if (s > 0) return 0;
	}
}

static int start_lane(struct pipe *p, int i, struct logread *lr)
{
	struct lane *l = &p->lane[i];
	char err[256];
	l->p = p;
	l->no = i;
	l->lr = i ? logread_reopen(lr, err, sizeof err) : lr;
	if (!l->lr) return -1;
	/* one batch at least, so the lane can always go on */
	if (!(l->free_[0] = malloc(sizeof(struct batch)))) return -1;
	l->nfree = l->nalloc = 1;
	return 0;
}

static void free_lane(struct lane *l, const struct logread *lr)
{
	for (int i = 0; i < l->nfree; i++) free(l->free_[i]);
	for (int i = 0; i < l->count; i++) free(l->ring[(l->head + i) % NBATCH]);
	free(l->cur);
	free(l->filling);
	if (l->lr != lr) logread_free(l->lr);
}

/* Runs the lanes' threads and hands their rows over in order. */
static long run(struct pipe *p, logread_fn fn, void *ud, char *err, size_t errlen)
{
	struct lane *l;
	int stopped = 0, i;
	while (!stopped && (l = next_lane(p))) stopped = deliver(p, l, fn, ud);
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	long n = 0;
	for (i = 0; i < p->nlanes; i++) pthread_join(p->lane[i].th, NULL);
	for (i = 0; i < p->nlanes && n >= 0; i++) {
		l = &p->lane[i];
		if (l->result < 0 && !stopped) {
			snprintf(err, errlen, "%s", l->err);
			n = -1;
		} else if (l->result > 0) {
			n += l->result;
		}
	}
	return n;
}

long rowpipe_scan(struct logread *lr, int64_t from, int64_t to, logread_fn fn, void *ud,
                  char *err, size_t errlen)
{
	struct pipe *p = calloc(1, sizeof *p);
	long n;
	int i;
	if (!p) return logread_scan(lr, from, to, fn, ud, err, errlen);
	p->from = from;
	p->to = to;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	/* a period of one day has one lane; a lane that cannot start is left out */
	int want = to > from ? LANES : 1;
	while (p->nlanes < want && !start_lane(p, p->nlanes, lr)) p->nlanes++;
	if (p->nlanes < want) free_lane(&p->lane[p->nlanes], lr);
	for (i = 0; i < p->nlanes; i++)
		if (pthread_create(&p->lane[i].th, NULL, reader, &p->lane[i])) break;
	if (i == p->nlanes && i > 0) {
		n = run(p, fn, ud, err, errlen);
	} else {
		/* no thread: the caller reads (the threads started stop at once) */
		pthread_mutex_lock(&p->lock);
		p->stop = 1;
		pthread_cond_broadcast(&p->cond);
		pthread_mutex_unlock(&p->lock);
		for (int k = 0; k < i; k++) pthread_join(p->lane[k].th, NULL);
		n = logread_scan(lr, from, to, fn, ud, err, errlen);
	}
	for (i = 0; i < p->nlanes; i++) free_lane(&p->lane[i], lr);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p);
	return n;
}
