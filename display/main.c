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

#include "args.h"
#include "auth.h"
#include "backup.h"
#include "board.h"
#include "calendar.h"
#include "config.h"
#include "engine.h"
#include "file.h"
#include "follow.h"
#include "keyring.h"
#include "loop.h"
#include "mdns.h"
#include "pairing.h"
#include "replay.h"
#include "replycache.h"
#include "scene.h"
#include "server.h"
#include "sock.h"
#include "store.h"
#include "version.h"
#include "voice.h"
#include "zone.h"

#define DEFAULT_LISTEN "0.0.0.0:7710"
/* The board's warning while the log cannot be written: the calls shown
 * stay, the counters hear ERR disk_full, the IT staff must free space. */
#define DISK_ALARM "Ổ đĩa đầy: tạm ngừng nhận thao tác, bảng vẫn đúng · Báo bộ phận CNTT giải phóng ổ đĩa"

struct options {
	const char *config, *data, *listen;
	const char *audio;                 /* --audio, NULL when not given */
	bool headless, check_config, no_mdns;
	bool new_log, new_keys;        /* after a loss, start over on purpose */
	int win_w, win_h;              /* --window WxH; 0: full screen */
	int max_clients;               /* --max-clients N; 0: 1024 */
	const char *screenshot, *scene;
	bool follow;                   /* --follow: a board of the main display's state */
	const char *connect, *key, *site;
	int counter;                   /* --counter N (with --follow): a counter-top display */
};

static volatile sig_atomic_t stop_requested, snapshot_requested;

static void on_usr1(int sig) { (void)sig; snapshot_requested = 1; }

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: goiso-display [--config FILE] [--data DIR] [--listen ADDR:PORT] [--headless]\n"
	        "       goiso-display --check-config [--config FILE]\n"
	        "       goiso-display --follow [--connect HOST:PORT] [--key FILE] [--site NAME]\n"
	        "                     [--counter N] [--config FILE] [--window WxH]\n"
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
	        "                     (empty, busy6, counters30, zone, priority, paused, longnames)\n"
	        "  SIGUSR1            the running board writes its next frame to <data>/screenshot.png\n"
	        "  --audio OUT        pulse (default), null or wav:FILE (headless: null)\n"
	        "  --words N          print the Vietnamese words for a number or ticket, exit\n"
	        "  --say TICKET COUNTER [--play] [--short]\n"
	        "                     print the clip files of that call; --play plays them;\n"
	        "                     --short: the short form said when calls queue\n"
	        "  --no-mdns          do not announce the display on the LAN (counters use --connect)\n"
	        "  --max-clients N    connections held at once (default 1024, within the fd limit)\n"
	        "  --new-log          after a loss: begin a new, empty event log (only when it is\n"
	        "                     missing or empty; restoring the backup is the better way)\n"
	        "  --new-keys         after a loss: make a new site key (every counter pairs again)\n"
	        "       goiso-display pair [--counter N | --kiosk [N]] [--minutes M] | revoke N | keys\n"
	        "                     (add a counter or a kiosk with a one-time code valid M minutes,\n"
	        "                     5 by default; remove a counter; list the keys)\n"
	        "       goiso-display revoke --kiosk N | --follower N | ID   (a kiosk's, a follower's, one key)\n"
	        "       goiso-display pair --viewer [--key FILE]   (a read-only key for the web gateway)\n"
	        "       goiso-display backup [--data DIR] [--keep N] FILE|DIR/   (copy the record while running)\n"
	        "       goiso-display [--config FILE] voice record [--dir DIR] [--only A,B] [--all]\n"
	        "                     [--source NAME] [--countdown S]\n"
	        "                     (record the center's own clips, the missing ones unless --all or\n"
	        "                     --only, into --dir or [voice] clips_dir; --source: PulseAudio's\n"
	        "                     microphone; --countdown: seconds before each take, default 3)\n"
	        "       goiso-display [--config FILE] voice check [--dir DIR]\n"
	        "                     (check a clip set: --dir, else clips_dir, else the built clips)\n"
	        "       goiso-display voice normalize FILE.wav...   (each clip to the voice's loudness, in place)\n"
	        "  --follow           a follower board: draws the main display's state (found by\n"
	        "                     mDNS) with a viewer key; keeps no log of its own\n"
	        "  --connect HOST:PORT  with --follow: the main display's address (no mDNS)\n"
	        "  --key FILE         with --follow: the viewer key (default follower.key)\n"
	        "  --site NAME        with --follow: which display, when several answer\n"
	        "  --counter N        with --follow: a counter-top display of counter N\n"
	        "       goiso-display pair --follower [N]   (a code for follower board N)\n"
	        "       goiso-display join CODE [--follower N] [--key FILE] [--connect HOST:PORT]\n"
	        "                     (on the follower's PC: receive its viewer key)\n"
	        "  --version          print the version and exit\n");
}

/* 0: go on; 1: --help or --version answered; -1: a mistake, said. */
static int parse_args(int argc, char **argv, struct options *o)
{
	const char *window = NULL;
	const struct args_opt opts[] = {
		{ "--config", .text = &o->config }, { "--data", .text = &o->data },
		{ "--listen", .text = &o->listen }, { "--screenshot", .text = &o->screenshot },
		{ "--scene", .text = &o->scene }, { "--audio", .text = &o->audio },
		{ "--window", .text = &window },
		{ "--max-clients", .number = &o->max_clients, .lo = 8, .hi = 100000 },
		{ "--headless", .flag = &o->headless }, { "--no-mdns", .flag = &o->no_mdns },
		{ "--new-log", .flag = &o->new_log }, { "--new-keys", .flag = &o->new_keys },
		{ "--check-config", .flag = &o->check_config },
		{ "--follow", .flag = &o->follow }, { "--connect", .text = &o->connect },
		{ "--key", .text = &o->key }, { "--site", .text = &o->site },
		{ "--counter", .number = &o->counter, .lo = 1, .hi = CONFIG_COUNTER_LAST },
		/* --words, --say, --play, --short are run by voice_cli() from argv. */
		{ "--words", .others = 1 }, { "--say", .others = 2 }, { "--play" }, { "--short" },
		{ NULL },
	};
	int rc = args_read(argc, argv, opts, "goiso-display", GOISO_VERSION, usage);
	if (rc) return rc;
	if (window && (args_size(window, 1, 16384, &o->win_w, &o->win_h) || o->win_w < 160 || o->win_h < 120)) {
		fprintf(stderr, "goiso-display: --window wants WxH, at least 160x120\n");
		return -1;
	}
	/* a counter-top display follows the main one (or draws a scene) */
	if (o->counter && !o->scene && !o->screenshot) o->follow = true;
	return 0;
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

/* One line per call in the daemon's log (a headless display's record of
 * what it would have shown). A recall is not logged: it repeats a call. */
static void log_event(void *ud, const struct engine *e, const struct engine_event *ev)
{
	const struct engine_ticket *t = engine_ticket(e, ev->ticket);
	(void)ud;
	if (ev->verb == VERB_NEXT && t)
		fprintf(stderr, "goiso-display: CALLED %s -> counter %d\n", t->label, ev->counter);
}

/* Who hears of committed events besides the log line. */
struct listeners {
	struct board *board;
	struct voice *voice;
	struct zone zone;      /* the voice says the calls of the board's zone */
	bool speak;            /* [display] voice = on */
	const struct loop *loop;  /* the turn's start, for the voice's latency */
};

/* Committed events go to the log line, the board and the voice. */
static void on_event(void *ud, const struct engine *e, const struct engine_event *ev)
{
	struct listeners *l = ud;
	log_event(NULL, e, ev);
	if (l->board) board_on_event(l->board, e, ev);
	if (l->speak && zone_has(&l->zone, engine_config(e), ev->counter)) voice_on_event(l->voice, e, ev, loop_now_ns(l->loop));
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
	if (o->counter) {   /* --scene with --counter: that counter's counter-top display */
		char no[16];
		snprintf(no, sizeof no, "%d", o->counter);
		if (zone_parse_counters(&bo.zone, cfg, no, err, sizeof err)) {
			fprintf(stderr, "goiso-display: --counter: %s\n", err);
			return NULL;
		}
		bo.counter = o->counter;
	}
	struct board *b = board_new(&bo, err, sizeof err);
	if (!b) fprintf(stderr, "goiso-display: board: %s\n", err);
	return b;
}

/* Every section of the center's file, checked before anything starts, so
 * that --check-config and a start catch the same mistakes: a wall PC must
 * not run on with a blank screen because of a typo. */
static int check_sections(const struct config *cfg, char *err, size_t errlen)
{
	static const char *const sections[] = { "display", "voice", "mdns", "web", NULL };
	static const char *const mdns_keys[] = { "name", NULL };
	struct board_opts bo = { 0 };
	struct voice_opts vo;
	voice_opts_init(&vo);
	if (config_check_sections(cfg, sections, err, errlen) ||
	    config_check_keys(cfg, "mdns", mdns_keys, err, errlen) ||
	    board_config(cfg, &bo, err, errlen) || voice_opts_from_config(&vo, cfg, err, errlen) < 0)
		return -1;
	if (bo.font && strchr(bo.font, '/') && access(bo.font, R_OK) != 0) {
		snprintf(err, errlen, "%s:%d: [display] font %s: %s", cfg->file,
		         config_line(cfg, "display", "font"), bo.font, strerror(errno));
		return -1;
	}
	return 0;
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

/* Everything one running display owns, opened in order by daemon_open()
 * and closed in reverse by daemon_close(). */
struct daemon {
	const struct options *o;
	const char *data;
	char dbuf[4096];
	struct loop *loop;
	struct store *store;
	struct keyring *keys;
	struct calendar *calendar;
	struct engine *e;
	struct replycache *replies;
	struct server *srv;
	struct board *board;
	struct voice *voice;
	struct listeners ls;
	struct pairing *pairing;
	struct mdns *mdns;
	char instance[MDNS_INSTANCE_ID_LEN + 1];
};

static void daemon_close(struct daemon *d)
{
	voice_free(d->voice);
	board_free(d->board);
	mdns_free(d->mdns);
	server_free(d->srv);
	replycache_free(d->replies);
	pairing_free(d->pairing);
	engine_free(d->e);
	calendar_free(d->calendar);
	store_close(d->store);
	keyring_free(d->keys);
	loop_free(d->loop);
}

static bool file_exists(const char *dir, const char *name)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* The keys and the event log. Both are made at the first set-up, when the
 * data directory has neither; afterwards a lost one is never replaced in
 * silence: a fresh log would hand out A001 again and forget the day, a
 * fresh site key would lock every counter out. The message says how to
 * go on (restore the backup, or start over on purpose). */
static int open_records(struct daemon *d)
{
	const struct options *o = d->o;
	char err[512], path[4200];
	bool first = !file_exists(d->data, "keys") && !file_exists(d->data, "events.db");
	if (first) fprintf(stderr, "goiso-display: first set-up in %s: new site key and event log\n", d->data);
	if (!(d->keys = keyring_open(d->data, first || o->new_keys, err, sizeof err))) {
		fprintf(stderr, "goiso-display: %s\n"
		        "goiso-display: the display's credentials are lost; nothing was started.\n"
		        "  Restore 'keys' and 'site.key' from the backup into\n    %s\n"
		        "  (GUIDE-it.md, \"Back up: the event log\"), or start once with --new-keys\n"
		        "  to make a new site key: every counter must then be paired again.\n", err, d->data);
		return -1;
	}
	snprintf(path, sizeof path, "%s/events.db", d->data);
	if (!(d->store = store_open(path, first || o->new_log, err, sizeof err))) {
		fprintf(stderr, "goiso-display: %s\n"
		        "goiso-display: the event log is not whole; nothing was started, no number given.\n"
		        "  Restore events.db from the backup into\n    %s\n"
		        "  (GUIDE-it.md, \"Back up: the event log\"). To begin an empty record on\n"
		        "  purpose, move the file aside and start once with --new-log: today's numbers\n"
		        "  then start again at 1.\n", err, d->data);
		return -1;
	}
	return 0;
}

/* The log, the keys and today's state (replayed), then the listener. */
static int open_core(struct daemon *d, struct config *cfg)
{
	const struct options *o = d->o;
	char err[512], path[4200];
	if (file_make_dirs(d->data)) {
		fprintf(stderr, "goiso-display: data directory %s: %s\n", d->data, strerror(errno));
		return -1;
	}
	if (open_records(d)) return -1;
	if (!(d->loop = loop_new())) {
		fprintf(stderr, "goiso-display: out of memory\n");
		return -1;
	}
	if (!(d->calendar = calendar_new(cfg, d->store, loop_wall_ms(d->loop)))) {
		fprintf(stderr, "goiso-display: out of memory\n");
		return -1;
	}
	d->e = engine_new(cfg, calendar_day(d->calendar));
	const struct keyring_entry *site = keyring_find(d->keys, "site");
	if (site) mdns_instance_id(site->key, d->instance);
	d->pairing = pairing_new(d->data, d->keys, cfg, d->instance);
	/* A one-shot screenshot of the data directory's state must not take
	 * the port of a daemon that may be running on it. */
	snprintf(path, sizeof path, "%s/goiso.sock", d->data);
	struct server_opts so = { .listen = o->screenshot ? "127.0.0.1:0" : o->listen ? o->listen : DEFAULT_LISTEN,
	                          .pairing = d->pairing, .local = o->screenshot ? NULL : path,
	                          .max_clients = o->max_clients, .calendar = d->calendar };
	if (!d->e || !(so.replies = d->replies = replycache_new())) {
		fprintf(stderr, "goiso-display: out of memory\n");
		return -1;
	}
	int n = replay_today(d->store, d->e, d->replies, err, sizeof err);
	if (n < 0 || !(d->srv = server_new(d->loop, d->e, d->store, d->keys, &so, err, sizeof err))) {
		fprintf(stderr, "goiso-display: %s\n", err);
		return -1;
	}
	fprintf(stderr, "goiso-display: replayed %d events of service day %lld\n", n, (long long)engine_day(d->e));
	return 0;
}

/* The board (a window, unless headless) and the voice. */
static int open_outputs(struct daemon *d, struct config *cfg)
{
	const struct options *o = d->o;
	char err[512];
	if (!o->headless || o->win_w || o->screenshot) {
		d->board = open_board(o, cfg);
		if (!d->board && o->screenshot) return -1;
		/* Without a screen the counters must still be served: go on headless. */
		if (!d->board) fprintf(stderr, "goiso-display: no board, going on headless\n");
	}
	if (!o->screenshot && !(d->voice = voice_from_config(cfg, o->audio, o->headless, err, sizeof err))) {
		fprintf(stderr, "goiso-display: voice: %s\n", err);
		return -1;
	}
	if (d->voice) {                       /* each announcement's delay, for the reports */
		char path[4200];
		snprintf(path, sizeof path, "%s/voice-delays.tsv", d->data);
		if (voice_keep_delays(d->voice, path) < 0)
			fprintf(stderr, "goiso-display: voice: cannot write %s\n", path);
	}
	struct board_opts bo = { 0 };
	if (board_config(cfg, &bo, err, sizeof err)) {   /* checked at start: cannot fail */
		fprintf(stderr, "goiso-display: config: %s\n", err);
		return -1;
	}
	d->ls.board = d->board;
	d->ls.voice = d->voice;
	d->ls.zone = bo.zone;
	d->ls.speak = bo.voice;
	d->ls.loop = d->loop;
	server_on_event(d->srv, on_event, &d->ls);
	if (d->board) board_set_status(d->board, !d->voice || voice_sound_ok(d->voice), true);
	return 0;
}

/* The one loop: sockets and timers, commit and replies, the day, the board. */
static int serve(struct daemon *d)
{
	int wait = 1000;
	while (!stop_requested) {
		if (loop_run_once(d->loop, wait) < 0) {
			fprintf(stderr, "goiso-display: poll: %s\n", strerror(errno));
			return 1;
		}
		if (server_flush(d->srv)) return 1;
		if (store_failing(d->store) && store_try_resume(d->store, loop_now_ms(d->loop)))
			fprintf(stderr, "goiso-display: the event log takes writes again: changes are accepted\n");
		server_check_day(d->srv, loop_wall_ms(d->loop));
		if (!d->board) continue;
		/* "no network" on the wall: counters cannot find this display */
		board_set_status(d->board, voice_sound_ok(d->voice), d->o->no_mdns || mdns_published(d->mdns));
		board_set_alarm(d->board, store_failing(d->store) ? DISK_ALARM : calendar_alarm(d->calendar));
		char devices[300], lost[200];
		server_device_warning(d->srv, devices, sizeof devices);
		server_follower_warning(d->srv, loop_wall_ms(d->loop), lost, sizeof lost);
		if (*lost) snprintf(devices + strlen(devices), sizeof devices - strlen(devices), "%s%s",
		                    *devices ? "  ·  " : "", lost);
		/* clips missing (a goiso-display copied without its share/): the
		 * calls are shown and the chime plays, the words are not said */
		if (d->voice && voice_nmissing(d->voice) > 0)
			snprintf(devices + strlen(devices), sizeof devices - strlen(devices),
			         "%sThiếu %d tệp giọng đọc", *devices ? "  ·  " : "",
			         voice_nmissing(d->voice));
		board_set_devices(d->board, devices);
		if (snapshot_requested) {
			char shot[4200];
			snapshot_requested = 0;
			snprintf(shot, sizeof shot, "%s/screenshot.png", d->data);
			board_snapshot(d->board, shot);
		}
		wait = board_pump(d->board, d->e, loop_wall_ms(d->loop), loop_now_ms(d->loop));
		if (wait < 0) break;   /* the window was closed */
	}
	return 0;
}

/* --follow: a board of another display's state (follow.h). */
static int follow(const struct options *o, const struct config *cfg)
{
	struct follow_opts fo = { .connect = o->connect, .key = o->key, .site = o->site, .audio = o->audio,
	                          .data = o->data, .headless = o->headless, .win_w = o->win_w,
	                          .win_h = o->win_h, .counter = o->counter, .stop = &stop_requested,
	                          .snapshot = &snapshot_requested };
	if (o->counter && config_counter_index(cfg, o->counter) < 0) {
		fprintf(stderr, "goiso-display: --counter %d: there is no [counter %d] in %s\n", o->counter,
		        o->counter, cfg->file);
		return 2;
	}
	return follow_run(&fo, cfg);
}

static int run(const struct options *o, struct config *cfg)
{
	struct daemon d = { .o = o };
	char err[512];
	int rc = 1;
	d.data = o->data ? o->data : file_data_dir(d.dbuf, sizeof d.dbuf);
	if (open_core(&d, cfg) || open_outputs(&d, cfg)) goto out;
	if (o->screenshot) {
		rc = board_screenshot(d.board, d.e, loop_wall_ms(d.loop), o->screenshot, err, sizeof err);
		if (rc) fprintf(stderr, "goiso-display: %s\n", err);
		goto out;
	}
	write_addr_file(d.data, server_address(d.srv));
	/* on loopback only no other PC reaches it: announcing it would hand
	 * counters an address of this PC's that refuses them */
	if (!o->no_mdns && server_loopback(d.srv))
		fprintf(stderr, "mdns: not announced: %s is reachable from this PC only\n", server_address(d.srv));
	else if (!o->no_mdns) {
		struct mdns_opts mo = { .name = config_get(cfg, "mdns", "name", NULL), .site = cfg->name,
		                        .instance = d.instance, .port = server_port(d.srv),
		                        .family = server_family(d.srv), .ifindex = server_interface(d.srv) };
		d.mdns = mdns_new(d.loop, &mo);
	}
	fprintf(stderr, "goiso-display: %s: listening on %s, data in %s%s\n", cfg->name,
	        server_address(d.srv), d.data, o->headless ? " (headless)" : "");
	rc = serve(&d);
	fprintf(stderr, "goiso-display: stopping\n");
out:
	daemon_close(&d);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	char err[512];
	setvbuf(stderr, NULL, _IOLBF, 0);
	/* The voice's clips are no secret: they are read by the display's
	 * user, who may not be the one who built or recorded them (umask as
	 * the shell left it). */
	int vc = voice_command(argc, argv);    /* voice record | check | normalize */
	if (vc >= 0) return vc;
	/* Every other file the display makes (the log and its -wal/-shm, keys,
	 * the pairing offer, screenshots) holds officer names or secrets: for
	 * its own user only, whatever the data directory's mode. */
	umask(077);
	/* pair / revoke / keys, wherever they stand among the options
	 * ("goiso-display --data DIR pair" as well as "pair --data DIR") */
	for (int i = 1; i < argc; i++) {
		static const char *const valued[] = { "--config", "--data", "--listen", "--audio", "--screenshot",
		                                      "--scene", "--window", "--max-clients", "--connect", "--key",
		                                      "--site", "--counter", NULL };
		bool is_value = false;
		for (const char *const *v = valued; *v && i > 1; v++) is_value |= !strcmp(argv[i - 1], *v);
		if (!strcmp(argv[i], "join") && !is_value) return follow_join(argc - i, argv + i);
		if ((!pairing_is_command(argv[i]) && !backup_is_command(argv[i])) || is_value) continue;
		char dbuf[4096], *args[64];
		int n = 0;
		args[n++] = argv[i];
		for (int j = 1; j < argc && n < 63; j++)
			if (j != i) args[n++] = argv[j];
		args[n] = NULL;
		if (backup_is_command(argv[i])) return backup_main(n, args, file_data_dir(dbuf, sizeof dbuf));
		return pairing_main(n, args, file_data_dir(dbuf, sizeof dbuf));
	}
	int parsed = parse_args(argc, argv, &o);
	if (parsed) return parsed > 0 ? 0 : 2;
	if (auth_init()) {
		fprintf(stderr, "goiso-display: libsodium failed to start\n");
		return 1;
	}
	if (o.listen && sock_check_listen(o.listen, err, sizeof err) != 0) {
		fprintf(stderr, "goiso-display: --%s\n", err);
		return 2;
	}
	struct config *cfg = file_load_config(o.config, err, sizeof err);
	if (!cfg) {
		fprintf(stderr, "goiso-display: config: %s\n", err);
		return 2;
	}
	int vr = voice_cli(argc, argv, cfg);   /* --words, --say */
	if (vr >= 0) {
		config_free(cfg);
		return vr;
	}
	if (check_sections(cfg, err, sizeof err)) {
		fprintf(stderr, "goiso-display: config: %s\n", err);
		config_free(cfg);
		return 2;
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
	loop_catch_signals(&stop_requested);
	struct sigaction su = { .sa_handler = on_usr1 };
	sigemptyset(&su.sa_mask);
	sigaction(SIGUSR1, &su, NULL);
	int rc = o.follow ? follow(&o, cfg) : run(&o, cfg);
	config_free(cfg);
	return rc;
}
