/*
 * rowpipe: a bounded queue of row batches between a reading thread and
 * the counting caller (see rowpipe.h). Rows are copied with their strings
 * into batches of BATCH; at most NBATCH batches wait, so memory stays
 * small however long the period.
 */
#include "rowpipe.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 4096
#define NBATCH 4

struct prow {
	struct lrow r;
	char service[16], text[64], officer[64];
};

struct batch {
	struct prow rows[BATCH];
	int n;
};

struct pipe {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct batch *ring[NBATCH];       /* filled batches, in order */
	int head, count;                  /* ring[head] is the oldest */
	struct batch *free_[NBATCH + 1];  /* empty batches */
	int nfree;
	struct batch *filling;
	int done, stop;
	long result;
	char err[256];
	struct logread *lr;
	int64_t from, to;
};

/* Waits for an empty batch; NULL when the counting side stopped. */
static struct batch *take_free(struct pipe *p)
{
	pthread_mutex_lock(&p->lock);
	while (!p->nfree && !p->stop) pthread_cond_wait(&p->cond, &p->lock);
	struct batch *b = p->stop ? NULL : p->free_[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	if (b) b->n = 0;
	return b;
}

static void push(struct pipe *p, struct batch *b)
{
	pthread_mutex_lock(&p->lock);
	p->ring[(p->head + p->count) % NBATCH] = b;
	p->count++;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

static void copy(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n) len = n - 1;
	memcpy(dst, src, len);
	dst[len] = 0;
}

/* On the reading thread: one row into the batch being filled. */
static int put(void *ud, const struct lrow *r)
{
	struct pipe *p = ud;
	if (!p->filling && !(p->filling = take_free(p))) return 1;
	struct prow *w = &p->filling->rows[p->filling->n++];
	w->r = *r;
	copy(w->service, sizeof w->service, r->service);
	copy(w->text, sizeof w->text, r->text);
	copy(w->officer, sizeof w->officer, r->officer);
	if (p->filling->n == BATCH) {
		push(p, p->filling);
		p->filling = NULL;
	}
	return 0;
}

static void *reader(void *arg)
{
	struct pipe *p = arg;
	long n = logread_scan(p->lr, p->from, p->to, put, p, p->err, sizeof p->err);
	if (p->filling) push(p, p->filling);
	p->filling = NULL;
	pthread_mutex_lock(&p->lock);
	p->result = n;
	p->done = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* On the caller's thread: the next filled batch, or NULL at the end. */
static struct batch *pop(struct pipe *p)
{
	pthread_mutex_lock(&p->lock);
	while (!p->count && !p->done) pthread_cond_wait(&p->cond, &p->lock);
	struct batch *b = NULL;
	if (p->count) {
		b = p->ring[p->head];
		p->head = (p->head + 1) % NBATCH;
		p->count--;
	}
	pthread_mutex_unlock(&p->lock);
	return b;
}

static void give_back(struct pipe *p, struct batch *b, int stop)
{
	pthread_mutex_lock(&p->lock);
	p->free_[p->nfree++] = b;
	if (stop) p->stop = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

long rowpipe_scan(struct logread *lr, int64_t from, int64_t to, logread_fn fn, void *ud,
                  char *err, size_t errlen)
{
	struct pipe *p = calloc(1, sizeof *p);
	pthread_t th;
	int i, stopped = 0;
	if (!p) return logread_scan(lr, from, to, fn, ud, err, errlen);
	for (i = 0; i < NBATCH; i++)
		if (!(p->free_[p->nfree] = malloc(sizeof(struct batch)))) break; else p->nfree++;
	p->lr = lr;
	p->from = from;
	p->to = to;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	long n;
	if (p->nfree < 2 || pthread_create(&th, NULL, reader, p)) {
		n = logread_scan(lr, from, to, fn, ud, err, errlen);
	} else {
		struct batch *b;
		while ((b = pop(p))) {
			for (int k = 0; k < b->n && !stopped; k++) {
				struct prow *w = &b->rows[k];
				w->r.service = w->service;
				w->r.text = w->text;
				w->r.officer = w->officer;
				stopped = fn(ud, &w->r) != 0;
			}
			give_back(p, b, stopped);
		}
		pthread_join(th, NULL);
		n = p->result;
		if (n < 0) snprintf(err, errlen, "%s", p->err);
	}
	for (i = 0; i < p->nfree; i++) free(p->free_[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p);
	return n;
}
