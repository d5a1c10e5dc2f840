/*
 * listener: the TCP and local sockets the daemon accepts on (see
 * listener.h). Out of descriptors, accepting pauses for a while instead of
 * spinning on a listener that stays readable.
 */
#include "listener.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "loop.h"
#include "sock.h"

/* The kernel's send buffer of each connection is fixed, so that stalled
 * readers do not pile up there (the daemon bounds its own buffers). */
#define SNDBUF (32 << 10)
#define ACCEPT_PAUSE_MS 200

struct listener {
	struct loop *loop;
	int lfd, ufd;
	char addr[SOCK_ADDR_MAX];
	int port;
	char local_path[sizeof ((struct sockaddr_un *)0)->sun_path];   /* "" when none */
	long pause_timer;            /* > 0 while accepting waits for a free descriptor */
	listener_fn fn;
	void *ud;
};

/* Only the daemon's own user (or root) may use the local socket; its
 * file mode says the same, this holds even if the mode was changed. */
static bool local_peer_ok(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof cr;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len)) return false;
	return cr.uid == geteuid() || cr.uid == 0;
}

static void accept_resume(struct loop *l, void *ud)
{
	struct listener *ls = ud;
	ls->pause_timer = 0;
	loop_set_events(l, ls->lfd, LOOP_READ);
	if (ls->ufd >= 0) loop_set_events(l, ls->ufd, LOOP_READ);
}

static void hand_on(struct listener *ls, int fd, bool local)
{
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof from;
	char peer[64] = "local";
	int sndbuf = SNDBUF;
	if (local && !local_peer_ok(fd)) { close(fd); return; }
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	if (!local && (getpeername(fd, (struct sockaddr *)&from, &fromlen) ||
	               getnameinfo((struct sockaddr *)&from, fromlen, peer, sizeof peer, NULL, 0, NI_NUMERICHOST)))
		snprintf(peer, sizeof peer, "?");
	ls->fn(ls->ud, fd, local, peer);
}

static void accept_ready(struct loop *l, int fd, int events, void *ud)
{
	struct listener *ls = ud;
	(void)events;
	for (int i = 0; i < 64; i++) {
		int cfd = sock_accept(fd);
		if (cfd >= 0) { hand_on(ls, cfd, fd == ls->ufd); continue; }
		if ((errno == EMFILE || errno == ENFILE) && ls->pause_timer <= 0) {
			fprintf(stderr, "goiso-display: out of file descriptors, accepting again in %d ms\n", ACCEPT_PAUSE_MS);
			loop_set_events(l, fd, 0);
			ls->pause_timer = loop_add_timer(l, loop_now_ms(l) + ACCEPT_PAUSE_MS, accept_resume, ls);
		}
		return;
	}
}

/* Is another daemon on this data directory holding the socket at sa? A
 * stale one, left by a killed daemon, is removed. */
static bool local_in_use(const struct sockaddr_un *sa)
{
	struct stat st;
	if (lstat(sa->sun_path, &st) || !S_ISSOCK(st.st_mode)) return false;
	int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool alive = probe >= 0 && connect(probe, (const struct sockaddr *)sa, sizeof *sa) == 0;
	if (probe >= 0) close(probe);
	if (!alive) unlink(sa->sun_path);
	return alive;
}

/* The local socket for scripts on the display PC: mode 0600 inside the
 * data directory (0700), so only the daemon's user reaches it. */
static int listen_local(struct listener *ls, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "goiso-display: %s: path too long for a local socket; none opened\n", path);
		return 0;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (local_in_use(&sa)) {
		fprintf(stderr, "goiso-display: %s is in use by another goiso-display; none opened\n", path);
		return 0;
	}
	ls->ufd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	mode_t old = umask(077);
	int rc = ls->ufd < 0 ? -1 : bind(ls->ufd, (struct sockaddr *)&sa, sizeof sa);
	umask(old);
	if (rc || chmod(path, 0600) || listen(ls->ufd, 64)) {
		snprintf(err, errlen, "local socket %s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(ls->local_path, sizeof ls->local_path, "%s", path);
	return loop_add_fd(ls->loop, ls->ufd, LOOP_READ, accept_ready, ls);
}

struct listener *listener_new(struct loop *l, const char *spec, const char *local_path,
                              listener_fn fn, void *ud, char *err, size_t errlen)
{
	struct listener *ls = calloc(1, sizeof *ls);
	if (!ls) { snprintf(err, errlen, "out of memory"); return NULL; }
	*ls = (struct listener){ .loop = l, .lfd = -1, .ufd = -1, .fn = fn, .ud = ud };
	ls->lfd = sock_listen(spec, 1024, ls->addr, sizeof ls->addr, err, errlen);
	if (ls->lfd < 0) goto fail;
	ls->port = atoi(strrchr(ls->addr, ':') + 1);
	if (loop_add_fd(l, ls->lfd, LOOP_READ, accept_ready, ls)) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (local_path && listen_local(ls, local_path, err, errlen)) goto fail;
	return ls;
fail:
	listener_free(ls);
	return NULL;
}

void listener_free(struct listener *ls)
{
	if (!ls) return;
	if (ls->lfd >= 0) { loop_del_fd(ls->loop, ls->lfd); close(ls->lfd); }
	if (ls->ufd >= 0) { loop_del_fd(ls->loop, ls->ufd); close(ls->ufd); }
	if (ls->local_path[0]) unlink(ls->local_path);
	if (ls->pause_timer > 0) loop_del_timer(ls->loop, ls->pause_timer);
	free(ls);
}

int listener_fd_room(int want, int least)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return want;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	long room = rl.rlim_cur == RLIM_INFINITY ? want : (long)rl.rlim_cur - 64;
	return room < want ? (room > least ? (int)room : least) : want;
}

const char *listener_address(const struct listener *ls) { return ls->addr; }
int listener_port(const struct listener *ls) { return ls->port; }
int listener_family(const struct listener *ls) { return sock_family(ls->lfd); }
bool listener_loopback(const struct listener *ls) { return sock_loopback(ls->lfd); }
unsigned listener_interface(const struct listener *ls) { return sock_interface(ls->lfd); }
