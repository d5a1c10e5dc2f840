/*
 * printer: the outputs behind one small table (see printer.h), one
 * backend each: device, tcp, cups, png.
 */
#include "printer.h"

#include <cups/cups.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "clock.h"
#include "sock.h"
#include "ticket.h"

struct backend {
	const char *prefix;
	int (*open)(struct printer *p, char *why, size_t n);       /* fd, or -1 */
	bool two_way;
};

struct printer {
	char spec[300];
	const char *arg;               /* after the prefix */
	const struct backend *be;
	int timeout_ms;
	int64_t last_byte_ns;
	/* Status bytes the printer still owes for queries given up on: a
	 * printer answers in order, so they come before the next answer. */
	size_t owed;
	int64_t owed_since_ms;         /* when the oldest of those was asked */
};

/* ---- byte transport over an fd, with the printer's timeout ---- */

static int write_all(struct printer *p, int fd, const unsigned char *b, size_t n, char *why, size_t wn)
{
	size_t done = 0;
	while (done < n) {
		struct pollfd pf = { fd, POLLOUT, 0 };
		int r = poll(&pf, 1, p->timeout_ms);
		if (r == 0) {
			snprintf(why, wn, "printer took no data for %d ms (%zu of %zu bytes written)",
			         p->timeout_ms, done, n);
			return -1;
		}
		/* a network printer that resets the link is a fault, not a SIGPIPE */
		ssize_t w = r > 0 ? send(fd, b + done, n - done, MSG_NOSIGNAL) : -1;
		if (w < 0 && errno == ENOTSOCK) w = write(fd, b + done, n - done);
		if (w < 0 && (errno == EINTR || errno == EAGAIN)) continue;
		if (w <= 0) {
			snprintf(why, wn, "write to the printer failed after %zu of %zu bytes: %s", done, n, strerror(errno));
			return -1;
		}
		done += (size_t)w;
	}
	p->last_byte_ns = clock_mono_ns();
	return 0;
}

/* What a printer may send unasked (a status sent on its own after a cover
 * was closed, say) before a status query, and around its answer. */
#define STALE_MAX 4096

/* How long the answers to queries given up on are waited for: a printer
 * that was slow answers late, one that was switched off meanwhile never
 * does, and the kiosk cannot tell them apart; after this long the count
 * starts again from nothing. */
#define LATE_MAX_MS(p) (10 * (int64_t)(p)->timeout_ms)

/* Reads away what the printer sent before it is asked: 0, or -1 when it
 * does not stop. *status counts the status bytes among it. */
static int drain(int fd, size_t *status, char *why, size_t wn)
{
	unsigned char junk[64], a[3];
	ssize_t r;
	size_t stale = 0;
	/* nothing stale; but a device that always has bytes (not a printer,
	 * or one gone mad) would keep this loop, and the kiosk, for ever */
	while ((r = read(fd, junk, sizeof junk)) > 0) {
		*status += escpos_answer(junk, (size_t)r, a);
		if ((stale += (size_t)r) > STALE_MAX) {
			snprintf(why, wn, "the printer sends bytes without being asked (more than %d): not an ESC/POS "
			         "printer, or a fault", STALE_MAX);
			return -1;
		}
	}
	return 0;
}

/* Whether the got status bytes that came since the query (need of them
 * awaited: those owed, then this answer's three) hold this answer. More
 * than awaited came before it (old answers nobody here asked for), whole:
 * the answer is the last three once they are a whole number of answers
 * past what was awaited, not three bytes of two answers. */
static bool answered(size_t got, size_t need)
{
	return got >= need && (got - need) % 3 == 0;
}

/* The query asked at asked_ms got got of its need status bytes: what the
 * printer owes from now on. */
static void give_up(struct printer *p, size_t got, size_t need, int64_t asked_ms)
{
	if (!p->owed) p->owed_since_ms = asked_ms;
	p->owed = got < need ? need - got : 0;
}

/* Asks the printer's state and picks its answer out of what comes back
 * (escpos_answer): an ASB is not an answer, and status bytes owed for
 * queries given up on come before it; the answer is waited for (up to the
 * printer's timeout) until they and its own three have come. */
static int read_status(struct printer *p, int fd, char *why, size_t wn)
{
	unsigned char in[STALE_MAX], a[3] = { 0 };
	size_t n = 0, got = 0, drained = 0;
	if (p->owed && clock_mono_ms() - p->owed_since_ms > LATE_MAX_MS(p)) p->owed = 0;
	if (drain(fd, &drained, why, wn)) return -1;
	p->owed -= drained < p->owed ? drained : p->owed;
	size_t need = p->owed + 3;
	int64_t asked = clock_mono_ms(), end = asked + p->timeout_ms;
	if (write_all(p, fd, escpos_status_query, sizeof escpos_status_query, why, wn)) return -1;
	while (!answered(got = escpos_answer(in, n, a), need)) {
		int64_t left = end - clock_mono_ms();
		struct pollfd pf = { fd, POLLIN, 0 };
		if (left <= 0 || poll(&pf, 1, (int)left) <= 0) {
			give_up(p, got, need, asked);
			snprintf(why, wn, "printer did not answer its status query within %d ms%s", p->timeout_ms,
			         n > got ? " (it sent other bytes)" : "");
			return -1;
		}
		if (n == sizeof in) {
			snprintf(why, wn, "the printer sends bytes without being asked (more than %d): not an ESC/POS "
			         "printer, or a fault", STALE_MAX);
			return -1;
		}
		ssize_t r = read(fd, in + n, sizeof in - n);
		if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
		if (r <= 0) { snprintf(why, wn, "printer closed the link"); return -1; }
		n += (size_t)r;
	}
	p->owed = 0;
	return escpos_status(a);
}

/* ---- backends ---- */

static int open_device(struct printer *p, char *why, size_t n)
{
	struct stat st;
	bool fifo = stat(p->arg, &st) == 0 && S_ISFIFO(st.st_mode);
	int fd = open(p->arg, (fifo ? O_WRONLY : O_RDWR) | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, n, "%s: %s%s", p->arg, strerror(errno),
		         errno == EACCES ? " (add the kiosk's user to group lp)" : "");
		return -1;
	}
	if (isatty(fd)) {   /* a serial line or pty: raw bytes, no echo */
		struct termios t;
		if (tcgetattr(fd, &t) == 0) { cfmakeraw(&t); tcsetattr(fd, TCSANOW, &t); }
	}
	return fd;
}

/* "tcp:HOST", "tcp:HOST:PORT", "tcp:[IPv6]" or "tcp:[IPv6]:PORT": port 9100 unless said. */
static int open_tcp(struct printer *p, char *why, size_t n)
{
	char full[SOCK_ADDR_MAX], host[SOCK_HOST_MAX], port[SOCK_PORT_MAX];
	const char *colon = strrchr(p->arg, ':');
	snprintf(full, sizeof full, colon && !strchr(colon, ']') ? "%s" : "%s:9100", p->arg);
	if (sock_split(full, host, port, why, n) != 0) {
		snprintf(why, n, "printer %s: expected tcp:HOST[:PORT]", p->arg);
		return -1;
	}
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	int rc = getaddrinfo(host, port, &hints, &ai);
	if (rc) { snprintf(why, n, "printer %s: %s", p->arg, gai_strerror(rc)); return -1; }
	int fd = sock_connect_any(ai, p->timeout_ms), e = errno;
	freeaddrinfo(ai);
	if (fd < 0) snprintf(why, n, "printer %s: %s", p->arg, e == ETIMEDOUT ? "no answer" : strerror(e));
	/* answers owed on an earlier connection went with it */
	else p->owed = 0;
	return fd;
}

static const struct backend backends[] = {
	{ "usb:", open_device, true },
	{ "tcp:", open_tcp, true },
	{ "cups:", NULL, false },
	{ "png:", NULL, false },
	{ "/", open_device, true },
};

static int print_cups(struct printer *p, const unsigned char *b, size_t n, char *why, size_t wn)
{
	int job = cupsCreateJob(CUPS_HTTP_DEFAULT, p->arg, "goiso ticket", 0, NULL);
	if (job <= 0) { snprintf(why, wn, "CUPS queue %s: %s", p->arg, cupsLastErrorString()); return -1; }
	if (cupsStartDocument(CUPS_HTTP_DEFAULT, p->arg, job, "ticket", CUPS_FORMAT_RAW, 1) != HTTP_STATUS_CONTINUE ||
	    cupsWriteRequestData(CUPS_HTTP_DEFAULT, (const char *)b, n) != HTTP_STATUS_CONTINUE ||
	    cupsFinishDocument(CUPS_HTTP_DEFAULT, p->arg) != IPP_STATUS_OK) {
		snprintf(why, wn, "CUPS queue %s: %s", p->arg, cupsLastErrorString());
		cupsCancelJob(p->arg, job);
		return -1;
	}
	p->last_byte_ns = clock_mono_ns();
	return 0;
}

static int print_png(struct printer *p, const struct escpos_raster *r, const char *label, char *why, size_t wn)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s.png", p->arg, label);
	if (ticket_write_png(r, path)) {
		snprintf(why, wn, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	p->last_byte_ns = clock_mono_ns();
	return 0;
}

/* ---- the API ---- */

struct printer *printer_new(const char *spec, int timeout_ms, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
		size_t k = strlen(backends[i].prefix);
		if (strncmp(spec, backends[i].prefix, k)) continue;
		struct printer *p = calloc(1, sizeof *p);
		if (!p) break;
		snprintf(p->spec, sizeof p->spec, "%s", spec);
		p->be = &backends[i];
		p->arg = p->spec + (backends[i].prefix[0] == '/' ? 0 : k);
		p->timeout_ms = timeout_ms > 0 ? timeout_ms : 3000;
		if (!*p->arg) break;
		return p;
	}
	snprintf(err, errlen, "printer '%s': expected /dev/usb/lp0, tcp:HOST[:PORT], cups:QUEUE or png:DIR", spec);
	return NULL;
}

void printer_free(struct printer *p) { free(p); }
const char *printer_spec(const struct printer *p) { return p->spec; }
int64_t printer_last_byte_ns(const struct printer *p) { return p->last_byte_ns; }

bool printer_two_way(const struct printer *p)
{
	if (!p->be->two_way) return false;
	struct stat st;
	return p->be->open != open_device || stat(p->arg, &st) != 0 || !S_ISFIFO(st.st_mode);
}

int printer_status(struct printer *p, char *why, size_t n)
{
	if (!printer_two_way(p)) return ESCPOS_OK;
	int fd = p->be->open(p, why, n);
	if (fd < 0) return -1;
	int st = read_status(p, fd, why, n);
	close(fd);
	return st;
}

int printer_print(struct printer *p, const unsigned char *bytes, size_t n,
                  const struct escpos_raster *r, const char *label, int *state,
                  char *why, size_t whylen)
{
	*state = ESCPOS_OK;   /* one-way outputs: fine unless the write fails */
	int rc = 1;
	if (!strcmp(p->be->prefix, "png:")) rc = print_png(p, r, label, why, whylen);
	else if (!strcmp(p->be->prefix, "cups:")) rc = print_cups(p, bytes, n, why, whylen);
	if (rc < 0) *state = ESCPOS_ERROR;
	if (rc <= 0) return rc;
	*state = ESCPOS_OFFLINE;
	int fd = p->be->open(p, why, whylen), st = ESCPOS_OK;
	if (fd < 0) return -1;
	bool two = printer_two_way(p);
	if (two && (st = read_status(p, fd, why, whylen)) != ESCPOS_OK && st != ESCPOS_PAPER_NEAR_END) {
		if (st >= 0) { *state = st; snprintf(why, whylen, "printer not ready before the ticket"); }
		close(fd);
		return -1;
	}
	if (write_all(p, fd, bytes, n, why, whylen)) { close(fd); return -1; }
	/* after the last byte: a printer that stopped in the middle says nothing */
	if (two && (st = read_status(p, fd, why, whylen)) != ESCPOS_OK && st != ESCPOS_PAPER_NEAR_END) {
		if (st >= 0) { *state = st; snprintf(why, whylen, "printer reported a fault during the ticket"); }
		close(fd);
		return -1;
	}
	close(fd);
	*state = st;
	return 0;
}
