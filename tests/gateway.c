/*
 * gateway: test helper around goiso-web and Chromium (see gateway.h).
 */
#include "gateway.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test.h"

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

int gateway_start(struct gateway *g, const struct daemon *d, const char *const *args)
{
	char cmd[2000], keyfile[600], addrfile[600];
	const char *argv[64];
	int n = 0;
	memset(g, 0, sizeof *g);
	snprintf(keyfile, sizeof keyfile, "%s/viewer.key", d->data);
	snprintf(addrfile, sizeof addrfile, "%s/web.addr", d->data);
	snprintf(g->log, sizeof g->log, "%s/web.log", d->data);
	if (access(keyfile, R_OK) != 0) {
		snprintf(cmd, sizeof cmd, "%s pair --viewer --data %s >/dev/null", daemon_bin("goiso-display"), d->data);
		if (system(cmd) != 0) return -1;
	}
	unlink(addrfile);
	argv[n++] = daemon_bin("goiso-web");
	argv[n++] = "--data"; argv[n++] = d->data;
	argv[n++] = "--connect"; argv[n++] = d->addr;
	argv[n++] = "--listen"; argv[n++] = "127.0.0.1:0";
	argv[n++] = "--no-mdns";
	for (int i = 0; args && args[i] && n < 62; i++) argv[n++] = args[i];
	argv[n] = NULL;
	if ((g->pid = fork()) < 0) return -1;
	if (g->pid == 0) {
		int fd = open(g->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) { dup2(fd, 2); dup2(fd, 1); close(fd); }
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; i < 1000 && gateway_alive(g); i++) {
		FILE *f = fopen(addrfile, "r");
		if (f) {
			int ok = fgets(g->addr, sizeof g->addr, f) != NULL;
			fclose(f);
			g->addr[strcspn(g->addr, "\n")] = 0;
			if (ok && g->addr[0]) return 0;
		}
		sleep_ms(10);
	}
	snprintf(cmd, sizeof cmd, "tail -n 20 '%s' >&2", g->log);
	if (system(cmd) != 0) fprintf(stderr, "(no log)\n");
	gateway_kill(g, SIGKILL);
	return -1;
}

bool gateway_alive(struct gateway *g)
{
	int st;
	if (g->pid <= 0) return false;
	if (waitpid(g->pid, &st, WNOHANG) == g->pid) { g->pid = 0; return false; }
	return true;
}

int gateway_kill(struct gateway *g, int sig)
{
	int st = 0;
	if (g->pid <= 0) return -1;
	kill(g->pid, sig);
	while (waitpid(g->pid, &st, 0) < 0 && errno == EINTR) {}
	g->pid = 0;
	return st;
}

long gateway_rss_kib(const struct gateway *g)
{
	char path[64], line[256];
	long kib = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)g->pid);
	FILE *f = fopen(path, "r");
	if (!f) return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld", &kib) == 1) break;
	fclose(f);
	return kib;
}

int http_request(const char *addr, const char *method, const char *path, const char *extra,
                 const char *body, char *out, size_t n)
{
	char req[8192];
	int fd = daemon_dial(addr);
	if (fd < 0) return -1;
	int len = snprintf(req, sizeof req, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n%s", method,
	                   path, addr, extra);
	if (body) len += snprintf(req + len, sizeof req - (size_t)len,
	                          "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n%s",
	                          strlen(body), body);
	else len += snprintf(req + len, sizeof req - (size_t)len, "\r\n");
	if (send(fd, req, (size_t)len, MSG_NOSIGNAL) != len) { close(fd); return -1; }
	size_t got = 0;
	out[0] = 0;
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 5000) <= 0) break;
		ssize_t r = recv(fd, out + got, n - 1 - got, 0);
		if (r <= 0) break;
		got += (size_t)r;
		if (got == n - 1) break;
	}
	out[got] = 0;
	close(fd);
	int status = -1;
	if (sscanf(out, "HTTP/1.%*d %d", &status) != 1) status = -1;
	return status;
}

int sse_first(const char *addr, const char *path, char *out, size_t n)
{
	char req[512], buf[16384];
	size_t got = 0;
	int fd = daemon_dial(addr);
	if (fd < 0) return -1;
	int len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\n\r\n",
	                   path, addr);
	if (send(fd, req, (size_t)len, MSG_NOSIGNAL) != len) { close(fd); return -1; }
	for (;;) {   /* until a whole "data: ...\n\n" came */
		buf[got] = 0;
		char *d = strstr(buf, "\ndata: ");
		if (d && strstr(d, "\n\n")) {
			d += 7;
			snprintf(out, n, "%.*s", (int)strcspn(d, "\n"), d);
			close(fd);
			return 0;
		}
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t r = got < sizeof buf - 1 && poll(&p, 1, 5000) > 0 ? recv(fd, buf + got, sizeof buf - 1 - got, 0) : 0;
		if (r <= 0) break;
		got += (size_t)r;
	}
	close(fd);
	return -1;
}

int gateway_log_wait(const struct gateway *g, const char *s, int count, int ms)
{
	char line[4096];
	for (int waited = 0;; waited += 50) {
		int n = 0;
		FILE *f = fopen(g->log, "r");
		while (f && fgets(line, sizeof line, f))
			n += strstr(line, s) != NULL;
		if (f) fclose(f);
		if (n >= count || waited >= ms) return n;
		sleep_ms(50);
	}
}

struct browser {
	pid_t pid;
	FILE *to, *from;
};

struct browser *browser_new(void)
{
	int in[2], outp[2];
	struct browser *b = calloc(1, sizeof *b);
	if (!b || pipe(in) || pipe(outp)) { free(b); return NULL; }
	if ((b->pid = fork()) == 0) {
		dup2(in[0], 0);
		dup2(outp[1], 1);
		close(in[0]); close(in[1]); close(outp[0]); close(outp[1]);
		execlp("python3", "python3", "tests/web/browser.py", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(outp[1]);
	b->to = fdopen(in[1], "w");
	b->from = fdopen(outp[0], "r");
	return b;
}

void browser_free(struct browser *b)
{
	if (!b) return;
	fprintf(b->to, "quit\n");
	fclose(b->to);
	fclose(b->from);
	waitpid(b->pid, NULL, 0);
	free(b);
}

int browser_cmd(struct browser *b, char *out, size_t n, const char *fmt, ...)
{
	static char line[1 << 16];
	va_list ap;
	va_start(ap, fmt);
	vfprintf(b->to, fmt, ap);
	va_end(ap);
	fputc('\n', b->to);
	fflush(b->to);
	if (!fgets(line, sizeof line, b->from)) { fprintf(stderr, "browser: no answer\n"); return -1; }
	line[strcspn(line, "\n")] = 0;
	if (strncmp(line, "ok", 2)) {
		fprintf(stderr, "browser: %s\n", line);
		return -1;
	}
	if (out) snprintf(out, n, "%s", line[2] ? line + 3 : "");
	return 0;
}

const char *shots_dir(void)
{
	const char *d = getenv("GOISO_SHOTS");
	return d && *d ? d : test_tmpdir();
}
