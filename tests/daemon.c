/*
 * daemon: test helper around the real goiso-display (see daemon.h).
 */
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "sock.h"
#include "test.h"

const char *daemon_bin(const char *name)
{
	static char path[4][512];
	static int next;
	const char *build = getenv("GOISO_BUILD");
	char *p = path[next++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", build ? build : "build/san", name);
	return p;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void print_log(const struct daemon *d)
{
	char cmd[700];
	snprintf(cmd, sizeof cmd, "tail -n 40 '%s' >&2", d->log);
	if (system(cmd) != 0) fprintf(stderr, "(no log)\n");
}

int daemon_start(struct daemon *d, const char *data, const char *const *args)
{
	char addrfile[600], dir[sizeof d->data];
	const char *argv[64];
	int n = 0;
	snprintf(dir, sizeof dir, "%s", data);   /* data may be d->data itself */
	memset(d, 0, sizeof *d);
	snprintf(d->data, sizeof d->data, "%s", dir);
	data = d->data;
	snprintf(d->log, sizeof d->log, "%s/display.log", data);
	snprintf(d->key, sizeof d->key, "%s/site.key", data);
	snprintf(addrfile, sizeof addrfile, "%s/display.addr", data);
	mkdir(data, 0700);
	unlink(addrfile);
	argv[n++] = daemon_bin("goiso-display");
	argv[n++] = "--data"; argv[n++] = data;
	argv[n++] = "--listen"; argv[n++] = "127.0.0.1:0";
	argv[n++] = "--headless";
	argv[n++] = "--no-mdns";   /* tests never announce on the machine's LAN */
	for (int i = 0; args && args[i] && n < 62; i++) argv[n++] = args[i];
	argv[n] = NULL;
	d->pid = fork();
	if (d->pid < 0) return -1;
	if (d->pid == 0) {
		int fd = open(d->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) { dup2(fd, 2); dup2(fd, 1); close(fd); }
		setenv("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0", 0);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; i < 1000; i++) {
		FILE *f = fopen(addrfile, "r");
		if (f) {
			int ok = fgets(d->addr, sizeof d->addr, f) != NULL;
			fclose(f);
			d->addr[strcspn(d->addr, "\n")] = 0;
			if (ok && d->addr[0]) return 0;
		}
		if (!daemon_alive(d)) break;
		sleep_ms(10);
	}
	fprintf(stderr, "goiso-display did not start; its log:\n");
	print_log(d);
	if (daemon_alive(d)) daemon_kill(d, SIGKILL);
	return -1;
}

bool daemon_alive(struct daemon *d)
{
	int st;
	if (d->pid <= 0) return false;
	if (waitpid(d->pid, &st, WNOHANG) == d->pid) { d->pid = 0; return false; }
	return true;
}

int daemon_kill(struct daemon *d, int sig)
{
	int st = 0;
	if (d->pid <= 0) return -1;
	kill(d->pid, sig);
	while (waitpid(d->pid, &st, 0) < 0 && errno == EINTR) {}
	d->pid = 0;
	return st;
}

int daemon_start_here(struct daemon *d, const char *const *args)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	return daemon_start(d, dir, args);
}

int daemon_stop(struct daemon *d)
{
	int st = 0;
	pid_t r = 0;
	if (d->pid <= 0) {
		test_fail(__FILE__, __LINE__, "daemon_stop: the daemon had already exited (log %s)", d->log);
		print_log(d);
		return -1;
	}
	kill(d->pid, SIGTERM);
	for (int i = 0; i < 1000 && r == 0; i++) {
		r = waitpid(d->pid, &st, WNOHANG);
		if (r == 0) sleep_ms(10);
		else if (r < 0 && errno == EINTR) r = 0;
	}
	if (r == 0) {
		kill(d->pid, SIGKILL);
		while (waitpid(d->pid, &st, 0) < 0 && errno == EINTR) {}
		d->pid = 0;
		test_fail(__FILE__, __LINE__, "goiso-display did not stop within 10 s of SIGTERM");
		print_log(d);
		return -1;
	}
	d->pid = 0;
	if (r < 0) {
		test_fail(__FILE__, __LINE__, "goiso-display could not be waited for: %s", strerror(errno));
		return -1;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return 0;
	if (WIFSIGNALED(st))
		test_fail(__FILE__, __LINE__, "goiso-display died of signal %d on SIGTERM", WTERMSIG(st));
	else
		test_fail(__FILE__, __LINE__, "goiso-display exited with status %d on SIGTERM (a leak or sanitizer report?)",
		          WEXITSTATUS(st));
	print_log(d);
	return -1;
}

struct client *daemon_client(const struct daemon *d, const char *role, int counter)
{
	struct client_cred cred = { 0 };
	char err[300];
	if (auth_init() || auth_read_keyfile(d->key, cred.id, cred.key, err, sizeof err)) return NULL;
	snprintf(cred.role, sizeof cred.role, "%s", role);
	cred.counter = counter;
	struct client *c = client_connect(d->addr, &cred, 5000, err, sizeof err);
	if (!c) fprintf(stderr, "daemon_client: %s\n", err);
	return c;
}

int daemon_local(const struct daemon *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char c = 0, path[700];
	snprintf(path, sizeof path, "%s/goiso.sock", d->data);
	if (strlen(path) >= sizeof sa.sun_path) return -1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
		if (fd >= 0) close(fd);
		return -1;
	}
	while (c != '\n' && read(fd, &c, 1) == 1) {}   /* the greeting */
	return fd;
}

int daemon_call(struct client *c, const char *body, struct proto_msg *reply)
{
	char id[PROTO_ID_MAX + 1], err[300];
	client_new_id(c, id);
	if (client_call(c, id, body, reply, 5000, err, sizeof err)) {
		fprintf(stderr, "daemon_call %s: %s\n", body, err);
		return -1;
	}
	return 0;
}

int daemon_log_count(const struct daemon *d, const char *s)
{
	char line[2048];
	int n = 0;
	FILE *f = fopen(d->log, "r");
	if (!f) return 0;
	while (fgets(line, sizeof line, f)) n += strstr(line, s) != NULL;
	fclose(f);
	return n;
}

int daemon_dial(const char *hostport)
{
	char err[300];
	int fd = sock_dial(hostport, 5000, err, sizeof err);
	if (fd >= 0 && sock_set_blocking(fd, 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

int daemon_free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port = 0;
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0) close(fd);
	return port;
}

int daemon_sql_count(const char *data, const char *sql)
{
	char path[700];
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	int n = -1;
	snprintf(path, sizeof path, "%s/events.db", data);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

int daemon_count_events(const struct daemon *d, const char *where)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM events WHERE %s", where);
	return daemon_sql_count(d->data, sql);
}

int daemon_add_key(const struct daemon *d, const char *id, const char *role, int counter,
                   struct client_cred *cred)
{
	char path[700], hex[65];
	unsigned h = 2166136261u;   /* FNV-1a of the id: each holder its own key */
	for (const char *p = id; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
	memset(cred, 0, sizeof *cred);
	snprintf(cred->id, sizeof cred->id, "%s", id);
	snprintf(cred->role, sizeof cred->role, "%s", role);
	cred->counter = counter;
	for (size_t i = 0; i < sizeof cred->key; i++)
		cred->key[i] = (unsigned char)((h >> (i % 4 * 8)) + i * 7 + (unsigned)counter);
	auth_key_to_hex(cred->key, hex);
	snprintf(path, sizeof path, "%s/keys", d->data);
	FILE *f = fopen(path, "a");
	if (!f) return -1;
	fprintf(f, "%s %s %d %s\n", id, role, counter, hex);
	return fclose(f);
}

int daemon_status(const struct daemon *d, char *out, size_t len)
{
	struct proto_msg m;
	struct client *c = daemon_client(d, "admin", 0);
	int rc = -1;
	if (c && daemon_call(c, "STATUS", &m) == 0 && !strcmp(m.word, "OK")) {
		size_t n = 0;
		out[0] = 0;
		for (int i = 0; i < m.nargs; i++)
			n += (size_t)snprintf(out + n, n < len ? len - n : 0, "%s=%s ", m.args[i].key, m.args[i].val);
		rc = 0;
	}
	client_close(c);
	return rc;
}
