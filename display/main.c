/*
 * goiso-display: the wall display daemon, the one source of truth.
 *
 * main() parses options, opens the data directory (event log, keyring),
 * rebuilds today's state from the log, and runs the single loop: sockets
 * and timers in loop_run_once(), then server_flush() to commit the turn's
 * events and release their replies.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "board.h"
#include "config.h"
#include "engine.h"
#include "keyring.h"
#include "loop.h"
#include "mdns.h"
#include "pairing.h"
#include "scene.h"
#include "server.h"
#include "store.h"
#include "voice.h"

#define DEFAULT_LISTEN "0.0.0.0:7710"

struct options {
	const char *config, *data, *listen;
	const char *audio;                 /* --audio, NULL when not given */
	bool headless, check_config, no_mdns;
	int win_w, win_h;              /* --window WxH; 0: full screen */
	const char *screenshot, *scene;
};

static volatile sig_atomic_t stop_requested, snapshot_requested;

static void on_signal(int sig) { (void)sig; stop_requested = 1; }
static void on_usr1(int sig) { (void)sig; snapshot_requested = 1; }

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: goiso-display [--config FILE] [--data DIR] [--listen ADDR:PORT] [--headless]\n"
	        "       goiso-display --check-config [--config FILE]\n"
	        "  --config FILE      the center's configuration (default: the embedded sample center)\n"
	        "  --data DIR         event log and keys (default: $GOISO_DATA, /var/lib/goiso as root,\n"
	        "                     else ~/.local/share/goiso)\n"
	        "  --listen ADDR:PORT where counters connect (default " DEFAULT_LISTEN ")\n"
	        "  --headless         no window and no sound: log each call\n"
	        "  --check-config     parse the configuration, report errors, exit\n"
	        "  --window WxH       the board in a window of that size (default: full screen;\n"
	        "                     with --headless, draws on SDL_VIDEODRIVER's display all the same)\n"
	        "  --screenshot FILE  draw one frame of the board to FILE.png and exit\n"
	        "  --scene NAME       with --screenshot: a scripted day instead of the data directory\n"
	        "                     (empty, busy6, counters30, priority, paused, longnames)\n"
	        "  SIGUSR1            the running board writes its next frame to <data>/screenshot.png\n"
	        "  --audio OUT        pulse (default), null or wav:FILE (headless: null)\n"
	        "  --words N          print the Vietnamese words for a number or ticket, exit\n"
	        "  --say TICKET COUNTER [--play]\n"
	        "                     print the clip files of that call; --play plays them\n"
	        "  --no-mdns          do not announce the display on the LAN (counters use --connect)\n"
	        "       goiso-display pair [--counter N] | revoke N | keys   (add, remove, list counters)\n");
}

static int parse_args(int argc, char **argv, struct options *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = !strcmp(a, "--config") ? &o->config : !strcmp(a, "--data") ? &o->data :
		                   !strcmp(a, "--listen") ? &o->listen :
		                   !strcmp(a, "--screenshot") ? &o->screenshot :
		                   !strcmp(a, "--scene") ? &o->scene : !strcmp(a, "--audio") ? &o->audio : NULL;
		/* --words, --say, --play are run by voice_cli() from argv. */
		int nvals = !strcmp(a, "--words") ? 1 : !strcmp(a, "--say") ? 2 : !strcmp(a, "--play") ? 0 : -1;
		if (dst || !strcmp(a, "--window")) {
			if (i + 1 == argc) { fprintf(stderr, "goiso-display: %s needs a value\n", a); return -1; }
			if (dst) {
				*dst = argv[++i];
			} else if (sscanf(argv[++i], "%dx%d", &o->win_w, &o->win_h) != 2 ||
			           o->win_w < 160 || o->win_h < 120) {
				fprintf(stderr, "goiso-display: --window wants WxH, at least 160x120\n");
				return -1;
			}
		} else if (nvals >= 0) {
			if (i + nvals >= argc) { fprintf(stderr, "goiso-display: %s needs %d values\n", a, nvals); return -1; }
			i += nvals;
		} else if (!strcmp(a, "--headless")) {
			o->headless = true;
		} else if (!strcmp(a, "--no-mdns")) {
			o->no_mdns = true;
		} else if (!strcmp(a, "--check-config")) {
			o->check_config = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			exit(0);
		} else {
			fprintf(stderr, "goiso-display: unknown option '%s'\n", a);
			usage(stderr);
			return -1;
		}
	}
	return 0;
}

static int make_dirs(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/') continue;
		*p = 0;
		if (mkdir(tmp, 0700) && errno != EEXIST) return -1;
		*p = '/';
	}
	return (mkdir(tmp, 0700) && errno != EEXIST) ? -1 : 0;
}

static const char *default_data_dir(char *buf, size_t len)
{
	const char *env = getenv("GOISO_DATA"), *home = getenv("HOME");
	if (env && *env) return env;
	if (geteuid() == 0) return "/var/lib/goiso";
	snprintf(buf, len, "%s/.local/share/goiso", home ? home : ".");
	return buf;
}

/* Writes <data>/display.addr so local tools find a daemon on port 0. */
static void write_addr_file(const char *data, const char *addr)
{
	char path[4200], tmp[4210];
	snprintf(path, sizeof path, "%s/display.addr", data);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f) return;
	fprintf(f, "%s\n", addr);
	if (fclose(f) == 0) rename(tmp, path);
}

static void log_event(void *ud, const struct engine *e, const struct engine_event *ev)
{
	const struct engine_ticket *t = engine_ticket(e, ev->ticket);
	(void)ud;
	if ((ev->verb == VERB_NEXT || ev->verb == VERB_RECALL) && t)
		fprintf(stderr, "goiso-display: %s %s -> counter %d\n",
		        ev->verb == VERB_RECALL ? "RECALLED" : "CALLED", t->label, ev->counter);
}

/* Who hears of committed events besides the log line. */
struct listeners {
	struct board *board;
	struct voice *voice;
};

/* Committed events go to the log line, the board and the voice. */
static void on_event(void *ud, const struct engine *e, const struct engine_event *ev)
{
	struct listeners *l = ud;
	log_event(NULL, e, ev);
	if (l->board) board_on_event(l->board, e, ev);
	voice_on_event(l->voice, e, ev);
}

/* The board, unless headless without --window (a headless daemon only logs). */
static struct board *open_board(const struct options *o, const struct config *cfg)
{
	char err[512];
	struct board_opts bo = { o->win_w, o->win_h, NULL, 8000, "", false };
	if (o->headless && !o->win_w && !o->screenshot) return NULL;
	if (board_config(cfg, &bo, err, sizeof err)) {
		fprintf(stderr, "goiso-display: config: %s\n", err);
		return NULL;
	}
	if (o->screenshot && !o->win_w) { bo.width = 1920; bo.height = 1080; }
	struct board *b = board_new(&bo, err, sizeof err);
	if (!b) fprintf(stderr, "goiso-display: board: %s\n", err);
	return b;
}

/* --screenshot with --scene: a scripted day, drawn once. */
static int scene_screenshot(const struct options *o)
{
	char err[512];
	struct scene sc;
	if (scene_build(o->scene, &sc, err, sizeof err)) {
		fprintf(stderr, "goiso-display: %s\n", err);
		return 2;
	}
	struct board *b = open_board(o, sc.cfg);
	int rc = b ? 0 : 1;
	if (b) board_set_status(b, sc.sound_ok, sc.listener_ok);
	if (b && board_screenshot(b, sc.e, sc.now_ms, o->screenshot, err, sizeof err)) {
		fprintf(stderr, "goiso-display: %s\n", err);
		rc = 1;
	}
	board_free(b);
	scene_free(&sc);
	return rc;
}

static int run(const struct options *o, struct config *cfg)
{
	char err[512], dbuf[4096], path[4200];
	const char *data = o->data ? o->data : default_data_dir(dbuf, sizeof dbuf);
	struct loop *loop = NULL;
	struct store *store = NULL;
	struct keyring *keys = NULL;
	struct engine *e = NULL;
	struct server *srv = NULL;
	struct board *board = NULL;
	struct voice *voice = NULL;
	struct listeners ls;
	struct pairing *pairing = NULL;
	struct mdns *mdns = NULL;
	char instance[MDNS_INSTANCE_ID_LEN + 1] = "";
	int rc = 1, wait = 1000;
	if (make_dirs(data)) {
		fprintf(stderr, "goiso-display: data directory %s: %s\n", data, strerror(errno));
		return 1;
	}
	snprintf(path, sizeof path, "%s/events.db", data);
	if (!(keys = keyring_open(data, err, sizeof err)) || !(store = store_open(path, err, sizeof err)) ||
	    !(loop = loop_new())) {
		fprintf(stderr, "goiso-display: %s\n", err);
		goto out;
	}
	e = engine_new(cfg, engine_day_of(cfg, loop_wall_ms(loop)));
	/* A one-shot screenshot of the data directory's state must not take
	 * the port of a daemon that may be running on it. */
	const struct keyring_entry *site = keyring_find(keys, "site");
	if (site) mdns_instance_id(site->key, instance);
	pairing = pairing_new(data, keys, cfg, instance);
	struct server_opts so = { .listen = o->screenshot ? "127.0.0.1:0" : o->listen ? o->listen : DEFAULT_LISTEN,
	                          .pairing = pairing };
	if (!e || !(srv = server_new(loop, e, store, keys, &so, err, sizeof err))) {
		fprintf(stderr, "goiso-display: %s\n", e ? err : "out of memory");
		goto out;
	}
	if (!o->headless || o->win_w || o->screenshot) {
		board = open_board(o, cfg);
		if (!board && o->screenshot) goto out;
		/* Without a screen the counters must still be served: go on headless. */
		if (!board) fprintf(stderr, "goiso-display: no board, going on headless\n");
	}
	if (!o->screenshot && !(voice = voice_from_config(cfg, o->audio, o->headless, err, sizeof err))) {
		fprintf(stderr, "goiso-display: voice: %s\n", err);
		goto out;
	}
	ls.board = board;
	ls.voice = voice;
	server_on_event(srv, on_event, &ls);
	if (board) board_set_status(board, !voice || voice_sound_ok(voice), true);
	if (o->screenshot) {
		rc = board_screenshot(board, e, loop_wall_ms(loop), o->screenshot, err, sizeof err);
		if (rc) fprintf(stderr, "goiso-display: %s\n", err);
		goto out;
	}
	write_addr_file(data, server_address(srv));
	if (!o->no_mdns) {
		struct mdns_opts mo = { .name = config_get(cfg, "mdns", "name", NULL), .site = cfg->name,
		                        .instance = instance, .port = server_port(srv) };
		mdns = mdns_new(loop, &mo);
	}
	fprintf(stderr, "goiso-display: %s: listening on %s, data in %s%s\n", cfg->name,
	        server_address(srv), data, o->headless ? " (headless)" : "");
	while (!stop_requested) {
		if (loop_run_once(loop, wait) < 0) {
			fprintf(stderr, "goiso-display: poll: %s\n", strerror(errno));
			break;
		}
		if (server_flush(srv)) goto out;
		server_check_day(srv, loop_wall_ms(loop));
		if (board) {
			/* "no network" on the wall: counters cannot find this display */
			board_set_status(board, voice_sound_ok(voice), o->no_mdns || mdns_published(mdns));
			if (snapshot_requested) {
				char shot[4200];
				snapshot_requested = 0;
				snprintf(shot, sizeof shot, "%s/screenshot.png", data);
				board_snapshot(board, shot);
			}
			wait = board_pump(board, e, loop_wall_ms(loop), loop_now_ms(loop));
			if (wait < 0) break;   /* the window was closed */
		}
	}
	fprintf(stderr, "goiso-display: stopping\n");
	rc = 0;
out:
	voice_free(voice);
	board_free(board);
	mdns_free(mdns);
	server_free(srv);
	pairing_free(pairing);
	engine_free(e);
	store_close(store);
	keyring_free(keys);
	loop_free(loop);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	char err[512];
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (argc > 1 && pairing_is_command(argv[1])) {
		char dbuf[4096];
		return pairing_main(argc - 1, argv + 1, default_data_dir(dbuf, sizeof dbuf));
	}
	if (parse_args(argc, argv, &o)) return 2;
	struct config *cfg = config_load(o.config, err, sizeof err);
	if (!cfg) {
		fprintf(stderr, "goiso-display: config: %s\n", err);
		return 2;
	}
	int vr = voice_cli(argc, argv, cfg);   /* --words, --say */
	if (vr >= 0) {
		config_free(cfg);
		return vr;
	}
	if (o.check_config) {
		printf("%s: %d services, %d counters: OK\n", cfg->file, cfg->nservices, cfg->ncounters);
		config_free(cfg);
		return 0;
	}
	if (o.screenshot && o.scene) {
		config_free(cfg);
		return scene_screenshot(&o);
	}
	if (auth_init()) {
		fprintf(stderr, "goiso-display: libsodium failed to start\n");
		config_free(cfg);
		return 1;
	}
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct sigaction su = { .sa_handler = on_usr1 };
	sigemptyset(&su.sa_mask);
	sigaction(SIGUSR1, &su, NULL);
	signal(SIGPIPE, SIG_IGN);
	int rc = run(&o, cfg);
	config_free(cfg);
	return rc;
}
