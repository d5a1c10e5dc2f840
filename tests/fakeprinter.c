/*
 * fakeprinter: see fakeprinter.h. One thread serves one connection (or
 * the pty) at a time, as a small printer does.
 */
#include "fakeprinter.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

struct fakeprinter {
	int lfd, pty, port;
	char path[128];
	pthread_t th;
	pthread_mutex_t mu;
	bool quit;
	enum fp_mode mode;
	size_t stall_after, got;
	unsigned char *all;
	size_t nall, cap;
	int cuts;
	unsigned stray_when;           /* enum fp_stray flags */
	unsigned char stray[16];
	size_t nstray;
	int late_ms;                   /* the next answers this late */
	int then_ms;                   /* and every answer after them this late */
	size_t answers;                /* status queries answered (FP_PAPER_OUT_FOR) */
	int apart_ms;                  /* each answer byte in a write of its own, this far apart */
};

/* Writes to the link; a TCP peer gone away is an error, not SIGPIPE. */
static ssize_t put(int fd, const void *b, size_t n)
{
	ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
	return w < 0 && errno == ENOTSOCK ? write(fd, b, n) : w;
}

/* What the printer sends back, gathered so that stray bytes and the
 * answers that follow them leave in one write (and arrive together). */
struct reply {
	unsigned char b[256];
	size_t n;
};

static int reply_put(struct reply *r, int fd, const unsigned char *b, size_t n)
{
	if (r->n + n > sizeof r->b) {
		if (put(fd, r->b, r->n) != (ssize_t)r->n) return -1;
		r->n = 0;
	}
	memcpy(r->b + r->n, b, n);
	r->n += n;
	return 0;
}

/* The stray bytes, when the printer is told to send them at moment m. */
static int reply_stray(struct fakeprinter *p, struct reply *r, int fd, unsigned m)
{
	pthread_mutex_lock(&p->mu);
	unsigned char b[sizeof p->stray];
	size_t n = p->stray_when & m ? p->nstray : 0;
	memcpy(b, p->stray, n);
	pthread_mutex_unlock(&p->mu);
	return n ? reply_put(r, fd, b, n) : 0;
}

/* The length of the command at b (n bytes there), 0 when incomplete. */
static size_t command_len(const unsigned char *b, size_t n)
{
	if (b[0] == 0x1B) return n >= 2 ? (b[1] == 0x64 ? (n >= 3 ? 3 : 0) : 2) : 0;
	if (b[0] == 0x10) return n >= 3 ? 3 : 0;
	if (b[0] == 0x1D) {
		if (n < 2) return 0;
		if (b[1] == 0x56) return n >= 3 ? (b[2] >= 65 ? (n >= 4 ? 4 : 0) : 3) : 0;
		if (b[1] == 0x76) {
			if (n < 8) return 0;
			size_t len = 8 + (size_t)(b[4] | b[5] << 8) * (size_t)(b[6] | b[7] << 8);
			return n >= len ? len : 0;
		}
		return 2;
	}
	return 1;
}

static unsigned char answer(struct fakeprinter *p, int n, bool after_ticket)
{
	unsigned char a = 0x12;
	pthread_mutex_lock(&p->mu);
	bool paper_out = p->mode == FP_PAPER_OUT || (p->mode == FP_PAPER_OUT_FOR && p->answers < p->stall_after);
	if (n == 4) p->answers++;
	pthread_mutex_unlock(&p->mu);
	if (paper_out && n == 4) a |= 0x60;
	if (paper_out && n == 2) a |= 0x20;
	if (p->mode == FP_COVER_AFTER && after_ticket && n == 2) a |= 0x04;
	if (p->mode == FP_COVER_AFTER && after_ticket && n == 1) a |= 0x08;
	return a;
}

/* Sends what was gathered, as late as the printer is told to be. */
static int reply_send(struct fakeprinter *p, struct reply *r, int fd)
{
	pthread_mutex_lock(&p->mu);
	int late = r->n ? p->late_ms : 0;
	if (r->n) p->late_ms = p->then_ms;
	pthread_mutex_unlock(&p->mu);
	if (late) usleep((useconds_t)late * 1000);
	if (r->n && put(fd, r->b, r->n) != (ssize_t)r->n) return -1;
	if (late) usleep(5000);
	r->n = 0;
	return 0;
}

/* When answer bytes are to leave one by one: sends what was gathered, and
 * waits before the next one. */
static int reply_apart(struct fakeprinter *p, struct reply *r, int fd)
{
	pthread_mutex_lock(&p->mu);
	int apart = p->apart_ms;
	pthread_mutex_unlock(&p->mu);
	if (!apart) return 0;
	if (put(fd, r->b, r->n) != (ssize_t)r->n) return -1;
	r->n = 0;
	usleep((useconds_t)apart * 1000);
	return 0;
}

/* Serves one link until it closes (or the printer is told to quit). */
static void serve(struct fakeprinter *p, int fd)
{
	unsigned char in[1 << 16];
	size_t have = 0;
	bool after_ticket = false;
	struct reply out = { .n = 0 };
	if (p->pty < 0 && (reply_stray(p, &out, fd, FP_STRAY_CONNECT) ||
	                   put(fd, out.b, out.n) != (ssize_t)out.n))
		return;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		bool quit = p->quit, stalled = p->mode == FP_STALL && p->got >= p->stall_after;
		bool drop = p->mode == FP_DROP && p->got >= p->stall_after;
		bool limited = p->mode == FP_STALL || p->mode == FP_DROP;
		size_t room = limited ? p->stall_after - (p->got < p->stall_after ? p->got : p->stall_after) : sizeof in;
		pthread_mutex_unlock(&p->mu);
		if (quit) return;
		if (drop && p->pty < 0) {   /* unplugged: the kiosk's next write meets a reset */
			struct linger now = { 1, 0 };
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &now, sizeof now);
			return;
		}
		struct pollfd pf = { fd, POLLIN, 0 };
		if (stalled) { usleep(10000); continue; }   /* jammed: reads nothing, says nothing */
		if (poll(&pf, 1, 50) <= 0) continue;
		if (room > sizeof in - have) room = sizeof in - have;
		ssize_t r = read(fd, in + have, room);
		if (r <= 0) return;
		pthread_mutex_lock(&p->mu);
		if (p->nall + (size_t)r > p->cap) {
			p->cap = (p->nall + (size_t)r) * 2;
			p->all = realloc(p->all, p->cap);
		}
		memcpy(p->all + p->nall, in + have, (size_t)r);
		p->nall += (size_t)r;
		p->got += (size_t)r;
		pthread_mutex_unlock(&p->mu);
		have += (size_t)r;
		size_t at = 0, len;
		out.n = 0;
		while (at < have && (len = command_len(in + at, have - at))) {
			if (in[at] == 0x10 && in[at + 1] == 0x04) {
				unsigned char a = answer(p, in[at + 2], after_ticket);
				if ((in[at + 2] == 1 && reply_stray(p, &out, fd, FP_STRAY_STATUS)) ||
				    reply_put(&out, fd, &a, 1))
					return;
				/* each query's answers leave apart, each as late as told */
				if (in[at + 2] == 4 && reply_send(p, &out, fd)) return;
				if (in[at + 2] != 4 && reply_apart(p, &out, fd)) return;
			}
			if (in[at] == 0x1D && in[at + 1] == 0x76) after_ticket = true;
			if (in[at] == 0x1D && in[at + 1] == 0x56) {
				pthread_mutex_lock(&p->mu);
				p->cuts++;
				pthread_mutex_unlock(&p->mu);
				if (reply_stray(p, &out, fd, FP_STRAY_CUT)) return;
			}
			at += len;
		}
		if (reply_send(p, &out, fd)) return;
		memmove(in, in + at, have - at);
		have -= at;
		if (have == sizeof in) have = 0;   /* a raster band larger than we keep: dropped */
	}
}

static void *run(void *ud)
{
	struct fakeprinter *p = ud;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		bool quit = p->quit;
		pthread_mutex_unlock(&p->mu);
		if (quit) return NULL;
		if (p->pty >= 0) { serve(p, p->pty); usleep(10000); continue; }
		struct pollfd pf = { p->lfd, POLLIN, 0 };
		if (poll(&pf, 1, 50) <= 0) continue;
		int fd = accept(p->lfd, NULL, NULL);
		if (fd < 0) continue;
		serve(p, fd);
		close(fd);
	}
}

static struct fakeprinter *start(struct fakeprinter *p)
{
	pthread_mutex_init(&p->mu, NULL);
	if (pthread_create(&p->th, NULL, run, p)) { free(p); return NULL; }
	return p;
}

struct fakeprinter *fakeprinter_tcp(void)
{
	struct fakeprinter *p = calloc(1, sizeof *p);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof sa;
	p->pty = -1;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	p->lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (p->lfd < 0 || bind(p->lfd, (struct sockaddr *)&sa, sizeof sa) || listen(p->lfd, 4) ||
	    getsockname(p->lfd, (struct sockaddr *)&sa, &len)) {
		free(p);
		return NULL;
	}
	p->port = ntohs(sa.sin_port);
	return start(p);
}

struct fakeprinter *fakeprinter_pty(void)
{
	struct fakeprinter *p = calloc(1, sizeof *p);
	p->lfd = -1;
	p->pty = posix_openpt(O_RDWR | O_NOCTTY);
	if (p->pty < 0 || grantpt(p->pty) || unlockpt(p->pty) || ptsname_r(p->pty, p->path, sizeof p->path)) {
		free(p);
		return NULL;
	}
	struct termios t;
	if (tcgetattr(p->pty, &t) == 0) { cfmakeraw(&t); tcsetattr(p->pty, TCSANOW, &t); }
	return start(p);
}

struct fakeprinter *fakeprinter_fifo(const char *path)
{
	struct fakeprinter *p = calloc(1, sizeof *p);
	p->lfd = -1;
	snprintf(p->path, sizeof p->path, "%s", path);
	/* the reading end opened first, so the kiosk's open for writing
	 * finds a reader; the fd is served as the pty's is */
	if (mkfifo(p->path, 0600) || (p->pty = open(p->path, O_RDONLY | O_NONBLOCK)) < 0) {
		free(p);
		return NULL;
	}
	return start(p);
}

void fakeprinter_free(struct fakeprinter *p)
{
	if (!p) return;
	pthread_mutex_lock(&p->mu);
	p->quit = true;
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->th, NULL);
	if (p->lfd >= 0) close(p->lfd);
	if (p->pty >= 0) close(p->pty);
	pthread_mutex_destroy(&p->mu);
	free(p->all);
	free(p);
}

int fakeprinter_port(const struct fakeprinter *p) { return p->port; }
const char *fakeprinter_path(const struct fakeprinter *p) { return p->path; }

void fakeprinter_set(struct fakeprinter *p, enum fp_mode m, size_t stall_after)
{
	pthread_mutex_lock(&p->mu);
	p->mode = m;
	p->stall_after = stall_after;
	p->got = 0;
	p->answers = 0;
	pthread_mutex_unlock(&p->mu);
}

void fakeprinter_stray(struct fakeprinter *p, unsigned when, const unsigned char *b, size_t n)
{
	pthread_mutex_lock(&p->mu);
	p->nstray = n < sizeof p->stray ? n : sizeof p->stray;
	memcpy(p->stray, b, p->nstray);
	p->stray_when = p->nstray ? when : 0;
	pthread_mutex_unlock(&p->mu);
}

void fakeprinter_late(struct fakeprinter *p, int ms, int then_ms)
{
	pthread_mutex_lock(&p->mu);
	p->late_ms = ms;
	p->then_ms = then_ms;
	pthread_mutex_unlock(&p->mu);
}

void fakeprinter_apart(struct fakeprinter *p, int ms)
{
	pthread_mutex_lock(&p->mu);
	p->apart_ms = ms;
	pthread_mutex_unlock(&p->mu);
}

unsigned char *fakeprinter_bytes(struct fakeprinter *p, size_t *n)
{
	pthread_mutex_lock(&p->mu);
	unsigned char *b = malloc(p->nall + 1);
	memcpy(b, p->all ? p->all : (unsigned char *)"", p->nall);
	*n = p->nall;
	pthread_mutex_unlock(&p->mu);
	return b;
}

int fakeprinter_cuts(struct fakeprinter *p)
{
	pthread_mutex_lock(&p->mu);
	int n = p->cuts;
	pthread_mutex_unlock(&p->mu);
	return n;
}

int fakeprinter_decode(const unsigned char *b, size_t n, int ticket, struct fp_image *img)
{
	size_t at = 0, len;
	int seen = -1;
	memset(img, 0, sizeof *img);
	while (at < n && (len = command_len(b + at, n - at))) {
		const unsigned char *c = b + at;
		if (c[0] == 0x1B && c[1] == 0x40) seen++;   /* ESC @: a new ticket */
		if (seen == ticket && c[0] == 0x1D && c[1] == 0x76) {
			int bw = c[4] | c[5] << 8, rows = c[6] | c[7] << 8;
			if (img->w && img->w != bw * 8) return -1;
			img->w = bw * 8;
			img->bits = realloc(img->bits, (size_t)bw * (img->h + rows) + 1);
			memcpy(img->bits + (size_t)bw * img->h, c + 8, (size_t)bw * rows);
			img->h += rows;
		}
		at += len;
	}
	return img->h > 0 ? 0 : -1;
}
