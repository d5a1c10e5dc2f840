/*
 * goiso-web: the web gateway. Browsers on the LAN get the live board, the
 * citizens' ticket pages and, behind a password, the director's reports.
 *
 * It is a process of its own and a client of the display like any other
 * (a viewer credential: SUB, STATUS, RECENT, TICKET), so a fault or a flood
 * here never delays a call. One loop: the link to the display (feed.h),
 * libmicrohttpd in external epoll mode (http.h), Avahi (mdns.h) and the
 * event streams (sse.h).
 */
#include <errno.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "announce.h"
#include "args.h"
#include "auth.h"
#include "buf.h"
#include "config.h"
#include "engine.h"
#include "file.h"
#include "feed.h"
#include "http.h"
#include "listener.h"
#include "login.h"
#include "loop.h"
#include "mdns.h"
#include "reportdoc.h"
#include "reportq.h"
#include "sock.h"
#include "sse.h"
#include "tickets.h"
#include "version.h"
#include "wall.h"
#include "walljson.h"

#define DEFAULT_LISTEN "0.0.0.0:8080"

/* What every page shows instead of the queue while the display refuses
 * the key (the first line is the title). Citizens read it, on the hall's
 * TVs and on their phones: a plain sentence, no command; how to pair
 * again is in the log, for the IT staff. */
static const char unpaired_notice[] =
	"Trang tạm thời không hiển thị được số thứ tự\n"
	"Xin ông/bà theo dõi màn hình tại trung tâm.";

struct options {
	const char *config, *data, *key, *connect, *listen;
	int max_clients, per_ip;
	bool no_mdns;
};

static volatile sig_atomic_t stop_requested;

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: goiso-web [--config FILE] [--data DIR] [--key FILE] [--connect HOST:PORT]\n"
	        "                 [--listen ADDR:PORT] [--max-clients N] [--per-ip N] [--no-mdns]\n"
	        "       goiso-web password [--data DIR]\n"
	        "  --config FILE       the center's configuration, the display's own (default: the\n"
	        "                      embedded sample center)\n"
	        "  --data DIR          the display's data directory (default: $GOISO_DATA,\n"
	        "                      /var/lib/goiso as root, else ~/.local/share/goiso)\n"
	        "  --key FILE          the viewer key (default DIR/viewer.key, made by\n"
	        "                      'goiso-display pair --viewer')\n"
	        "  --connect HOST:PORT the display (default: the one of DIR/display.addr)\n"
	        "  --listen ADDR:PORT  where browsers connect (default " DEFAULT_LISTEN ", or [web] listen)\n"
	        "  --max-clients N     connections in all (default %d)\n"
	        "  --per-ip N          connections from one address (default %d)\n"
	        "  --no-mdns           do not announce _http._tcp on the LAN\n"
	        "  --version           print the version and exit\n"
	        "  password            set the password of the report pages\n",
	        HTTP_MAX_CLIENTS, HTTP_PER_IP);
}

/* 0: go on; 1: --help or --version answered; -1: a mistake, said. */
static int parse_args(int argc, char **argv, struct options *o)
{
	const struct args_opt opts[] = {
		{ "--config", .text = &o->config }, { "--data", .text = &o->data },
		{ "--key", .text = &o->key }, { "--connect", .text = &o->connect },
		{ "--listen", .text = &o->listen },
		{ "--max-clients", .number = &o->max_clients, .lo = 1, .hi = 100000 },
		{ "--per-ip", .number = &o->per_ip, .lo = 1, .hi = 100000 },
		{ "--no-mdns", .flag = &o->no_mdns },
		{ NULL },
	};
	int rc = args_read(argc, argv, opts, "goiso-web", GOISO_VERSION, usage);
	if (rc) return rc;
	return 0;
}

/* Binds "ADDR:PORT" ("[::]:8080" for IPv6); the port actually bound goes
 * to *port. -1 with err. */
static int listen_on(const char *spec, int *port, char *err, size_t errlen)
{
	char bound[SOCK_ADDR_MAX], host[SOCK_HOST_MAX], nport[SOCK_PORT_MAX];
	int fd = sock_listen(spec, 1024, bound, sizeof bound, err, errlen);
	if (fd >= 0 && sock_split(bound, host, nport, err, errlen) == 0) *port = atoi(nport);
	return fd;
}

/* The addresses a browser can type: each IPv4 of this PC when listening
 * on all of them, else the one given. */
static void print_addresses(const char *listen, int port, const char *data)
{
	char path[4200], host[128];
	snprintf(host, sizeof host, "%s", listen);
	*strrchr(host, ':') = 0;
	bool any = !strcmp(host, "0.0.0.0") || !strcmp(host, "[::]") || !*host || !strcmp(host, "*");
	struct ifaddrs *ifs = NULL, *i;
	if (any && getifaddrs(&ifs) == 0) {
		for (i = ifs; i; i = i->ifa_next) {
			char ip[64];
			if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
			getnameinfo(i->ifa_addr, sizeof(struct sockaddr_in), ip, sizeof ip, NULL, 0, NI_NUMERICHOST);
			if (strncmp(ip, "127.", 4))
				printf("goiso-web: bảng gọi số tại http://%s:%d/  (báo cáo: http://%s:%d/report)\n",
				       ip, port, ip, port);
		}
		freeifaddrs(ifs);
	}
	printf("goiso-web: trên máy này: http://%s:%d/\n", any ? "127.0.0.1" : host, port);
	fflush(stdout);
	/* for tools on this PC, as the display writes display.addr */
	snprintf(path, sizeof path, "%s/web.addr", data);
	FILE *f = fopen(path, "w");
	if (f) { fprintf(f, "%s:%d\n", any ? "127.0.0.1" : host, port); fclose(f); }
}

static void wake(struct loop *l, int fd, int events, void *ud) { (void)l; (void)fd; (void)events; (void)ud; }

/* What a report reads (write_report). */
struct reporter {
	const struct config *cfg;
	char log_path[4200];
};

struct gateway {
	struct loop *loop;
	struct wall *wall;
	struct sse_hub *hub;
	struct sse_chan *board;
	struct tickets *tickets;
	struct feed *feed;
	struct announce *announce;
	struct login *login;
	struct http *http;
	struct mdns *mdns;
	struct reporter reporter;
	int link_fd;
	bool was_up;
	const struct config *cfg;
	const struct options *o;
	const char *data;
	char keyfile[4200], addr_file[4200];
	bool refused;                   /* the display refused the key: a notice, not the queue */
};

/* /report/view, /report/xlsx, /report/csv: the report library over the
 * event log, opened read-only for each report (safe beside the running
 * display). It runs on a report's own thread (http_report_fn): ud is a
 * struct reporter, set before the loop starts and never changed. A
 * failure of the library (an unreadable log, no room for its files) is
 * logged as it is, in English with its paths, and said to the director
 * in Vietnamese without them. */
static int write_report(void *ud, const struct reportq *q, int kind, int64_t wall_ms, char **data, size_t *len,
                        char *name, size_t namelen, char *err, size_t errlen)
{
	static const char *const ext[] = { "html", "xlsx", "csv" };
	const struct reporter *rp = ud;
	char detail[512] = "";
	struct report_filter f = { .now_ms = wall_ms };
	if (reportq_filter(q, rp->cfg, engine_day_of(rp->cfg, wall_ms), &f, err, errlen)) return -1;
	reportq_filename(&f, kind == REPORTDOC_CSV ? q->table : NULL, ext[kind], name, namelen);
	if (!reportdoc_make((enum reportdoc_kind)kind, q->table, rp->log_path, rp->cfg, &f, data, len, detail,
	                    sizeof detail))
		return 0;
	fprintf(stderr, "goiso-web: the report %s could not be made: %s\n", name, detail);
	snprintf(err, errlen, "Máy chủ không lập được báo cáo. Chi tiết lỗi đã được ghi vào nhật ký của "
	         "goiso-web; xin báo cán bộ kỹ thuật.");
	return -2;
}

static void publish_board(struct gateway *g)
{
	struct buf b = { 0 };
	wall_json(g->wall, &b, loop_wall_ms(g->loop), feed_up(g->feed), g->refused ? unpaired_notice : NULL);
	if (b.data) sse_publish(g->board, "board", b.data, b.len);
	buf_free(&b);
	if (feed_up(g->feed) != g->was_up) {
		g->was_up = feed_up(g->feed);
		fprintf(stderr, "goiso-web: display %s%s\n", g->was_up ? "connected" : "lost: ",
		        g->was_up ? "" : feed_reason(g->feed));
	}
}

/* The ticket pages' traffic through the feed (feed_hooks). */
static void tickets_hook_changed(void *ud) { tickets_changed(ud); }
static bool tickets_hook_due(void *ud, int64_t now_ms, char *token) { return tickets_next_due(ud, now_ms, token); }
static void tickets_hook_reply(void *ud, const char *token, const struct proto_msg *m, int64_t now_ms)
{
	tickets_reply(ud, token, m, now_ms);
}

/* The display refused the key (revoked, or replaced): the last queue
 * known must not pass for the current one on a TV or a citizen's phone,
 * so every page shows a notice instead, and the log says once how to pair
 * again. The feed takes a new key in the key file by itself; the notice
 * goes once the display's state is whole again. True when the board's
 * message changed. */
static bool watch_refusal(struct gateway *g)
{
	if (feed_key_refused(g->feed) == g->refused) return false;
	g->refused = !g->refused;
	if (!g->refused) {
		tickets_set_notice(g->tickets, NULL);
		fprintf(stderr, "goiso-web: the display accepted the viewer key %s: the pages show the queue again\n",
		        feed_key_id(g->feed));
		return true;
	}
	wall_forget(g->wall);   /* not one call of it may come back as current */
	tickets_set_notice(g->tickets, unpaired_notice);
	fprintf(stderr, "goiso-web: the display refused the viewer key %s (%s): it was revoked or replaced. "
	        "The pages show no queue until it is paired again: on the display's PC run "
	        "goiso-display pair --viewer --data %s%s%s (no restart needed)\n", feed_key_id(g->feed), g->keyfile,
	        g->data, g->o->key ? " --key " : "", g->o->key ? g->keyfile : "");
	return true;
}

static void serve(struct gateway *g)
{
	int wait = 0;
	while (!stop_requested) {
		if (loop_run_once(g->loop, wait) < 0 && errno != EINTR) break;
		int64_t now = loop_now_ms(g->loop);
		int w1 = feed_pump(g->feed, now, loop_wall_ms(g->loop));
		if (watch_refusal(g) | feed_take_dirty(g->feed)) publish_board(g);
		int w2 = http_run(g->http, now, loop_wall_ms(g->loop));
		int fd = feed_fd(g->feed);
		if (fd != g->link_fd) {
			if (g->link_fd >= 0) loop_del_fd(g->loop, g->link_fd);
			if (fd >= 0) loop_add_fd(g->loop, fd, 0, wake, NULL);
			g->link_fd = fd;
		}
		if (fd >= 0) {
			short ev = feed_poll_events(g->feed);
			loop_set_events(g->loop, fd, ((ev & POLLIN) ? LOOP_READ : 0) | ((ev & POLLOUT) ? LOOP_WRITE : 0));
		}
		wait = w1 < w2 ? w1 : w2;
	}
}

static void gateway_close(struct gateway *g)
{
	mdns_free(g->mdns);
	/* streams first: MHD must not stop with suspended connections */
	sse_chan_free(g->board);
	tickets_free(g->tickets);
	sse_hub_free(g->hub);
	http_free(g->http);
	feed_free(g->feed);
	announce_free(g->announce);
	login_free(g->login);
	wall_free(g->wall);
	loop_free(g->loop);
}

static int run(const struct options *o, struct config *cfg, const char *data)
{
	struct gateway g = { .o = o, .cfg = cfg, .data = data, .link_fd = -1 };
	char err[512];
	int port = 0, rc = 1;
	const char *listen = o->listen ? o->listen : config_get(cfg, "web", "listen", DEFAULT_LISTEN);
	const char *names = config_get(cfg, "web", "officer_names", "no");
	char id[AUTH_ID_MAX + 1];
	unsigned char key[AUTH_KEY_BYTES];
	if (o->key) snprintf(g.keyfile, sizeof g.keyfile, "%s", o->key);
	else snprintf(g.keyfile, sizeof g.keyfile, "%s/viewer.key", data);
	snprintf(g.addr_file, sizeof g.addr_file, "%s/display.addr", data);
	if (auth_read_keyfile(g.keyfile, id, key, err, sizeof err)) {   /* before anything is opened */
		fprintf(stderr, "goiso-web: %s\n  (make one with: goiso-display pair --viewer)\n", err);
		return 1;
	}
	sodium_memzero(key, sizeof key);
	int lfd = listen_on(listen, &port, err, sizeof err);
	if (lfd < 0) { fprintf(stderr, "goiso-web: %s\n", err); return 1; }
	g.loop = loop_new();
	g.wall = wall_new(cfg, !strcmp(names, "yes"));
	g.hub = sse_hub_new();
	g.board = g.hub ? sse_chan_new(g.hub) : NULL;
	g.tickets = g.hub ? tickets_new(g.hub, cfg) : NULL;
	g.login = login_new(data);
	if (!(g.announce = announce_new(cfg, err, sizeof err)))
		fprintf(stderr, "goiso-web: no sound for the browsers: %s\n", err);
	bool made = g.loop && g.wall && g.board && g.tickets && g.login;
	if (!made) snprintf(err, sizeof err, "out of memory");
	struct feed_opts fo = { .connect = o->connect, .addr_file = g.addr_file, .keyfile = g.keyfile,
	                        .log_name = "goiso-web" };
	struct feed_hooks h = { tickets_hook_changed, tickets_hook_due, tickets_hook_reply, NULL, g.tickets };
	if (!made || !(g.feed = feed_new(&fo, cfg, g.wall, &h, err, sizeof err))) {
		fprintf(stderr, "goiso-web: %s\n", err);
		close(lfd);
		goto out;
	}
	g.reporter.cfg = cfg;
	snprintf(g.reporter.log_path, sizeof g.reporter.log_path, "%s/events.db", data);
	int max = listener_fd_room(o->max_clients ? o->max_clients : HTTP_MAX_CLIENTS, 16);
	struct http_opts ho = { .listen_fd = lfd, .max_clients = max,
	                        .per_ip = o->per_ip, .hub = g.hub, .board = g.board, .tickets = g.tickets,
	                        .wall = g.wall, .announce = g.announce, .login = g.login, .center = cfg->name, .cfg = cfg,
	                        .report = write_report, .report_ud = &g.reporter };
	if (!(g.http = http_new(&ho, err, sizeof err)) || loop_add_fd(g.loop, http_fd(g.http), LOOP_READ, wake, NULL) ||
	    loop_add_fd(g.loop, http_wake_fd(g.http), LOOP_READ, wake, NULL)) {
		fprintf(stderr, "goiso-web: %s\n", err);
		if (!g.http) close(lfd);
		goto out;
	}
	if (!o->no_mdns && sock_loopback(lfd))
		fprintf(stderr, "mdns: not announced: listening on loopback, reachable from this PC only\n");
	else if (!o->no_mdns) {
		char name[300];
		snprintf(name, sizeof name, "%s", config_get(cfg, "web", "mdns_name", ""));
		if (!*name) snprintf(name, sizeof name, "Bảng gọi số %s", cfg->name);
		struct mdns_opts mo = { .name = name, .site = cfg->name, .port = port, .type = "_http._tcp",
		                        .family = sock_family(lfd), .ifindex = sock_interface(lfd) };
		g.mdns = mdns_new(g.loop, &mo);
	}
	publish_board(&g);
	print_addresses(listen, port, data);
	serve(&g);
	fprintf(stderr, "goiso-web: stopping\n");
	rc = 0;
out:
	gateway_close(&g);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	char err[512], dbuf[4096];
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "password")) {
		const char *data = argc == 4 && !strcmp(argv[2], "--data") ? argv[3] : NULL;
		if (argc != 2 && !data) {
			fprintf(stderr, "usage: goiso-web password [--data DIR]\n");
			return 2;
		}
		if (!data) data = file_data_dir(dbuf, sizeof dbuf);
		/* as root on the display's directory: web.passwd is its user's */
		if (file_act_as_owner(data, err, sizeof err)) {
			fprintf(stderr, "goiso-web: %s\n", err);
			return 1;
		}
		return login_password_main(data);
	}
	int parsed = parse_args(argc, argv, &o);
	if (parsed) return parsed > 0 ? 0 : 2;
	if (auth_init()) {
		fprintf(stderr, "goiso-web: libsodium failed to start\n");
		return 1;
	}
	struct config *cfg = file_load_config(o.config, err, sizeof err);
	static const char *const keys[] = { "listen", "officer_names", "mdns_name", NULL };
	const char *names = cfg ? config_get(cfg, "web", "officer_names", "no") : "no";
	if (!cfg || config_check_keys(cfg, "web", keys, err, sizeof err) ||
	    (strcmp(names, "yes") && strcmp(names, "no") &&
	     snprintf(err, sizeof err, "%s:%d: [web] officer_names must be yes or no", cfg->file,
	              config_line(cfg, "web", "officer_names")))) {
		fprintf(stderr, "goiso-web: config: %s\n", err);
		config_free(cfg);
		return 2;
	}
	loop_catch_signals(&stop_requested);
	int rc = run(&o, cfg, o.data ? o.data : file_data_dir(dbuf, sizeof dbuf));
	config_free(cfg);
	return rc;
}
