/*
 * printjob: one worker thread for the printer (see printjob.h). A pipe
 * tells the loop a job ended, so the loop sleeps instead of polling.
 */
#include "printjob.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "printer.h"

struct printjob {
	struct printer *p;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool quit, pending, running, finished;
	unsigned char *bytes;
	size_t n;
	struct escpos_raster r;
	struct printjob_result res;
	int pipe[2];
};

static void *run(void *ud)
{
	struct printjob *j = ud;
	pthread_mutex_lock(&j->mu);
	for (;;) {
		while (!j->pending && !j->quit) pthread_cond_wait(&j->cv, &j->mu);
		if (j->quit) break;
		j->pending = false;
		struct printjob_result res = j->res;
		pthread_mutex_unlock(&j->mu);
		if (res.ticket) {
			res.ok = printer_print(j->p, j->bytes, j->n, &j->r, res.label, &res.state, res.why, sizeof res.why);
		} else {
			res.state = printer_status(j->p, res.why, sizeof res.why);
			res.ok = res.state < 0 ? -1 : 0;
		}
		pthread_mutex_lock(&j->mu);
		j->res = res;
		j->running = false;
		j->finished = true;
		if (write(j->pipe[1], "x", 1) < 0) { /* the loop also polls */ }
	}
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

struct printjob *printjob_new(struct printer *p)
{
	struct printjob *j = calloc(1, sizeof *j);
	if (!j) return NULL;
	j->p = p;
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	if (pipe2(j->pipe, O_NONBLOCK | O_CLOEXEC) || pthread_create(&j->th, NULL, run, j)) {
		free(j);
		return NULL;
	}
	return j;
}

void printjob_free(struct printjob *j)
{
	if (!j) return;
	pthread_mutex_lock(&j->mu);
	j->quit = true;
	pthread_cond_signal(&j->cv);
	pthread_mutex_unlock(&j->mu);
	pthread_join(j->th, NULL);
	close(j->pipe[0]);
	close(j->pipe[1]);
	free(j->bytes);
	free(j->r.bits);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->cv);
	free(j);
}

static bool start(struct printjob *j, bool ticket, const char *label)
{
	if (j->running) return false;
	memset(&j->res, 0, sizeof j->res);
	j->res.ticket = ticket;
	if (label) strncpy(j->res.label, label, sizeof j->res.label - 1);
	j->running = j->pending = true;
	j->finished = false;
	pthread_cond_signal(&j->cv);
	return true;
}

bool printjob_ticket(struct printjob *j, const unsigned char *bytes, size_t n,
                     const struct escpos_raster *r, const char *label)
{
	pthread_mutex_lock(&j->mu);
	bool ok = !j->running;
	if (ok) {
		size_t rb = (size_t)r->w / 8 * r->h;
		free(j->bytes);
		free(j->r.bits);
		j->bytes = malloc(n + 1);
		j->r = *r;
		j->r.bits = malloc(rb + 1);
		ok = j->bytes && j->r.bits;
		if (ok) {
			memcpy(j->bytes, bytes, n);
			memcpy(j->r.bits, r->bits, rb);
			j->n = n;
			ok = start(j, true, label);
		}
	}
	pthread_mutex_unlock(&j->mu);
	return ok;
}

bool printjob_status(struct printjob *j)
{
	pthread_mutex_lock(&j->mu);
	bool ok = start(j, false, NULL);
	pthread_mutex_unlock(&j->mu);
	return ok;
}

bool printjob_busy(const struct printjob *j)
{
	pthread_mutex_lock((pthread_mutex_t *)&j->mu);
	bool b = j->running;
	pthread_mutex_unlock((pthread_mutex_t *)&j->mu);
	return b;
}

bool printjob_done(struct printjob *j, struct printjob_result *res)
{
	char b[16];
	pthread_mutex_lock(&j->mu);
	bool f = j->finished;
	if (f) {
		*res = j->res;
		j->finished = false;
		while (read(j->pipe[0], b, sizeof b) == (ssize_t)sizeof b) {}
	}
	pthread_mutex_unlock(&j->mu);
	return f;
}

int printjob_fd(const struct printjob *j) { return j->pipe[0]; }
