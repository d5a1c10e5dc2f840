/*
 * The server in this process, on its own loop thread, with room for only
 * four connections, so that its limits are reached: a fifth stranger makes
 * the oldest stranger leave; with four logged-in clients a fifth
 * connection is told "busy" and closed, and the four go on working.
 */
#include "test.h"

#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"
#include "config.h"
#include "engine.h"
#include "keyring.h"
#include "loop.h"
#include "replycache.h"
#include "server.h"
#include "store.h"

struct fx {
	struct config *cfg;
	struct engine *e;
	struct store *st;
	struct keyring *kr;
	struct replycache *replies;
	struct loop *l;
	struct server *s;
	pthread_t thread;
	atomic_bool stop;
	char addr[80];
};

static void *serve(void *ud)
{
	struct fx *f = ud;
	while (!atomic_load(&f->stop)) {
		loop_run_once(f->l, 20);
		server_flush(f->s);
	}
	return NULL;
}

static int fx_open(struct fx *f, int max_clients)
{
	char err[300], path[400];
	memset(f, 0, sizeof *f);
	snprintf(path, sizeof path, "%s/events.db", test_tmpdir());
	f->cfg = config_parse(config_default_text, "default", err, sizeof err);
	f->l = loop_new();
	if (!f->cfg || !f->l) return -1;
	f->e = engine_new(f->cfg, engine_day_of(f->cfg, loop_wall_ms(f->l)));
	if (!(f->st = store_open(path, true, err, sizeof err)) ||
	    !(f->kr = keyring_open(test_tmpdir(), true, err, sizeof err))) {
		test_fail(__FILE__, __LINE__, "%s", err);
		return -1;
	}
	struct server_opts o = { .listen = "127.0.0.1:0", .max_clients = max_clients,
	                         .replies = f->replies = replycache_new() };
	if (!(f->s = server_new(f->l, f->e, f->st, f->kr, &o, err, sizeof err))) {
		test_fail(__FILE__, __LINE__, "server: %s", err);
		return -1;
	}
	snprintf(f->addr, sizeof f->addr, "%s", server_address(f->s));
	return pthread_create(&f->thread, NULL, serve, f) ? -1 : 0;
}

static void fx_close(struct fx *f)
{
	if (f->s) {
		atomic_store(&f->stop, true);
		pthread_join(f->thread, NULL);
	}
	server_free(f->s);
	replycache_free(f->replies);
	keyring_free(f->kr);
	store_close(f->st);
	engine_free(f->e);
	loop_free(f->l);
	config_free(f->cfg);
}

static int raw_connect(const struct fx *f)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(strrchr(f->addr, ':') + 1)) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa)) { close(fd); return -1; }
	return fd;
}

/* What arrives within ms, until EOF; *eof set when the server closed. */
static void raw_read(int fd, char *buf, size_t len, int ms, bool *eof)
{
	size_t n = 0;
	*eof = false;
	while (n + 1 < len) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, ms) <= 0) break;
		ssize_t r = recv(fd, buf + n, len - 1 - n, 0);
		if (r <= 0) { *eof = true; break; }
		n += (size_t)r;
	}
	buf[n] = 0;
}

TEST(server_full_of_strangers_drops_the_oldest)
{
	struct fx f;
	char buf[512];
	bool eof;
	int fds[5];
	if (fx_open(&f, 4)) { fx_close(&f); REQUIRE(0); }
	for (int i = 0; i < 5; i++) {
		REQUIRE((fds[i] = raw_connect(&f)) >= 0);
		raw_read(fds[i], buf, sizeof buf, 100, &eof);
		if (!strstr(buf, "GOISO 1 nonce=")) test_fail(__FILE__, __LINE__, "stranger %d not greeted: '%s'", i, buf);
		usleep(20000);   /* distinct arrival times */
	}
	raw_read(fds[0], buf, sizeof buf, 500, &eof);
	CHECK(eof);        /* the oldest stranger made room */
	for (int i = 1; i < 5; i++) {
		raw_read(fds[i], buf, sizeof buf, 50, &eof);
		if (eof) test_fail(__FILE__, __LINE__, "stranger %d closed, not the oldest", i);
	}
	for (int i = 0; i < 5; i++) close(fds[i]);
	fx_close(&f);
}

TEST(server_full_of_logged_in_clients_says_busy)
{
	struct fx f;
	struct client *c[4] = { NULL };
	struct client_cred cred = { .role = "admin" };
	char err[300], buf[512], path[400];
	bool eof;
	if (fx_open(&f, 4)) { fx_close(&f); REQUIRE(0); }
	snprintf(path, sizeof path, "%s/site.key", test_tmpdir());
	REQUIRE(auth_read_keyfile(path, cred.id, cred.key, err, sizeof err) == 0);
	for (int i = 0; i < 4; i++)
		if (!(c[i] = client_connect(f.addr, &cred, 3000, err, sizeof err)))
			test_fail(__FILE__, __LINE__, "client %d: %s", i, err);
	int fd = raw_connect(&f);
	CHECK(fd >= 0);
	raw_read(fd, buf, sizeof buf, 1000, &eof);
	CHECK(strstr(buf, "ERR busy") != NULL);
	CHECK(eof);
	close(fd);
	for (int i = 0; i < 4; i++) {
		struct proto_msg m;
		char id[PROTO_ID_MAX + 1];
		if (!c[i]) continue;
		client_new_id(c[i], id);
		if (client_call(c[i], id, "PING", &m, 3000, err, sizeof err) || strcmp(m.word, "OK"))
			test_fail(__FILE__, __LINE__, "client %d after the busy one: %s", i, err);
		client_close(c[i]);
	}
	fx_close(&f);
}

TEST(server_a_stranger_gets_one_answer_to_a_bad_line)
{
	struct fx f;
	char buf[512];
	bool eof;
	if (fx_open(&f, 4)) { fx_close(&f); REQUIRE(0); }
	int fd = raw_connect(&f);
	REQUIRE(fd >= 0);
	raw_read(fd, buf, sizeof buf, 100, &eof);
	CHECK(strstr(buf, "GOISO 1 nonce=") != NULL);
	CHECK(send(fd, "x/y NEXT\n1 PING\n", 17, MSG_NOSIGNAL) == 17);
	raw_read(fd, buf, sizeof buf, 1000, &eof);
	CHECK(strstr(buf, "ERR bad_line") != NULL);
	CHECK(strstr(buf, "PING") == NULL && strstr(buf, "auth_required") == NULL);   /* one answer */
	CHECK(eof);
	close(fd);
	fx_close(&f);
}
