/*
 * reportjob: a report on a thread of its own (see reportjob.h).
 */
#include "reportjob.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct job {
	struct reportjob pub;       /* first: the caller's view */
	pthread_t thread;
	int wake_fd;
	atomic_bool done;
	bool joined;
};

static void *run(void *arg)
{
	struct job *j = arg;
	struct reportjob *p = &j->pub;
	uint64_t one = 1;
	p->rc = p->fn(p->ud, &p->q, p->kind, p->wall_ms, &p->doc, &p->len, p->name, sizeof p->name, p->err,
	              sizeof p->err);
	atomic_store(&j->done, true);
	if (write(j->wake_fd, &one, sizeof one) < 0) {}   /* full: the loop is being woken anyway */
	return NULL;
}

struct reportjob *reportjob_start(http_report_fn fn, void *ud, const struct reportq *q, int kind, int64_t wall_ms,
                                  void *owner, int wake_fd)
{
	struct job *j = calloc(1, sizeof *j);
	sigset_t all, was;
	if (!j) return NULL;
	j->pub = (struct reportjob){ .fn = fn, .ud = ud, .q = *q, .kind = kind, .wall_ms = wall_ms, .owner = owner };
	j->wake_fd = wake_fd;
	atomic_init(&j->done, false);
	sigfillset(&all);   /* a signal must end the loop's wait, not land here */
	pthread_sigmask(SIG_SETMASK, &all, &was);
	int rc = pthread_create(&j->thread, NULL, run, j);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (rc) { free(j); return NULL; }
	return &j->pub;
}

bool reportjob_done(struct reportjob *p)
{
	struct job *j = (struct job *)p;
	if (j->joined) return true;
	if (!atomic_load(&j->done)) return false;
	pthread_join(j->thread, NULL);
	j->joined = true;
	return true;
}

void reportjob_free(struct reportjob *p)
{
	struct job *j = (struct job *)p;
	if (!j) return;
	if (!j->joined) pthread_join(j->thread, NULL);
	free(p->doc);
	free(j);
}
