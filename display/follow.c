/*
 * follow: a board drawn from the main display's lines (see follow.h).
 */
#include "follow.h"

#include <errno.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "board.h"
#include "clock.h"
#include "config.h"
#include "discover.h"
#include "feed.h"
#include "file.h"
#include "pair.h"
#include "voice.h"
#include "wall.h"
#include "zone.h"

struct follower {
	const struct follow_opts *o;
	const struct config *cfg;
	struct wall *w;              /* as the feed rebuilds it */
	struct wall *shown;          /* what the board draws: w as of the last sync */
	struct feed *feed;
	struct board *board;
	struct voice *voice;
	bool speak;
	struct discover *d;
	struct pair_finder finder;   /* d, site, keyfile for the link (pair.h) */
	const char *site;
	char paired_site[256];       /* the display's id, saved at pairing */
	char keyfile[4096];
	int number;                  /* its follower number, saved at pairing */
	bool synced;                 /* shown is the display's current state */
	bool was_up;
	bool refused;                /* the display refused the key: a notice, not the queue */
	char why[256];               /* the reason last logged while down */
};

int follow_join(int argc, char **argv)
{
	char *args[64];
	int n = 0;
	bool numbered = false;
	for (int i = 0; i < argc && n < 62; i++) {
		numbered |= !strcmp(argv[i], "--follower");
		args[n++] = argv[i];
	}
	if (!numbered) args[n++] = "--follower";   /* a follower's viewer key, follower.key */
	args[n] = NULL;
	args[0] = "pair";
	return pair_main(n, args);
}

/* ---- what the feed tells ---- */

/* A call pushed live: the banner, and the voice when it is the zone's. */
static void on_called(void *ud, const struct wall_call *c, int priority, bool recall)
{
	struct follower *f = ud;
	if (!f->synced) return;      /* still catching up: the state will say it, settled */
	bool mine = board_call(f->board, f->cfg, c->label, c->counter, priority);
	if (!mine || !f->speak || !f->voice) return;
	if (recall) voice_recall(f->voice, c->label, c->counter);
	else voice_say(f->voice, c->label, c->counter);
}

/* Copies the feed's wall to the board once it is whole again. */
static void take_state(struct follower *f)
{
	bool dirty = feed_take_dirty(f->feed);
	bool synced = feed_synced(f->feed);
	if (synced && (dirty || !f->synced)) {
		*f->shown = *f->w;
		board_touch(f->board);
		if (!f->synced) {
			board_resync(f->board);   /* the newest call settled, nothing flashed */
			fprintf(stderr, "goiso-display: following %s\n", f->cfg->name);
		}
	}
	f->synced = synced;
	bool up = feed_up(f->feed);
	const char *why = feed_reason(f->feed);
	if (!up && !f->refused && (f->was_up || strcmp(why, f->why))) {   /* each new reason once */
		fprintf(stderr, "goiso-display: %s the main display: %s\n", f->was_up ? "lost" : "no link to", why);
		snprintf(f->why, sizeof f->why, "%s", why);
	}
	if (up) f->why[0] = 0;
	f->was_up = up;
	board_set_lost(f->board, !synced && !f->refused);
}

/* ---- set-up ---- */

/* The announcements of the [voice] section; a counter-top display only
 * chimes (its hall hears the wall's voice already). */
static struct voice *open_voice(struct follower *f, char *err, size_t errlen)
{
	const struct follow_opts *o = f->o;
	if (!o->counter) return voice_from_config(f->cfg, o->audio, o->headless, err, errlen);
	struct voice_opts vo;
	voice_opts_init(&vo);
	if (voice_opts_from_config(&vo, f->cfg, err, errlen) < 0) return NULL;
	if (o->audio) vo.audio = o->audio;
	else if (o->headless && !config_get(f->cfg, "voice", "audio", NULL)) vo.audio = "null";
	vo.play.intro = "chime";
	vo.play.tmpl = "{pause=0}";
	vo.play.short_tmpl = "";
	vo.play.repeat = 1;
	vo.quiet = true;
	return voice_new(&vo, err, errlen);
}

static int open_parts(struct follower *f, char *err, size_t errlen)
{
	const struct follow_opts *o = f->o;
	struct board_opts bo = { o->win_w, o->win_h, NULL, 8000, "", false };
	if (board_config(f->cfg, &bo, err, errlen)) return 2;
	f->speak = bo.voice;
	if (o->counter) {   /* a counter-top display: that counter alone, a chime for its calls */
		char no[16];
		snprintf(no, sizeof no, "%d", o->counter);
		if (zone_parse_counters(&bo.zone, f->cfg, no, err, errlen)) return 2;
		bo.counter = o->counter;
	}
	if (o->headless && !o->win_w) {
		snprintf(err, errlen, "a follower is a screen: give --window WxH with --headless");
		return 2;
	}
	if (!(f->w = wall_new(f->cfg, false)) || !(f->shown = wall_new(f->cfg, false))) {
		snprintf(err, errlen, "out of memory");
		return 1;
	}
	if (!(f->board = board_new(&bo, err, errlen))) return 1;
	if (f->speak && !(f->voice = open_voice(f, err, errlen))) return 2;
	board_set_status(f->board, !f->voice || voice_sound_ok(f->voice), true);
	return 0;
}

/* Each key the feed reads from f->keyfile (feed_opts.keyed): the number
 * and the display it was paired for, from its profile. A new pairing may
 * name another display, and the displays that refused the old key may
 * take this one: discovery forgets whom it distrusted, and starts from
 * where join or the last link reached the display. */
static void on_keyed(void *ud, struct client_cred *cred)
{
	struct follower *f = ud;
	f->number = 0;
	pair_read_profile(f->keyfile, &f->number, f->paired_site, sizeof f->paired_site);
	f->site = f->o->site ? f->o->site : f->paired_site[0] ? f->paired_site : NULL;
	cred->counter = f->number;   /* a viewer key acts with the number it was made for */
	if (!f->d) return;
	f->finder.site = f->site;
	discover_forgive(f->d);
	pair_remember(f->d, f->keyfile);
}

static int open_feed(struct follower *f, char *err, size_t errlen)
{
	const struct follow_opts *o = f->o;
	struct feed_opts fo = { .connect = o->connect, .keyfile = f->keyfile, .keyed = on_keyed, .keyed_ud = f,
	                        .log_name = "goiso-display" };
	struct feed_hooks h = { .called = on_called, .ud = f };
	char id[AUTH_ID_MAX + 1];
	unsigned char key[AUTH_KEY_BYTES];
	int unreadable = auth_read_keyfile(f->keyfile, id, key, err, errlen);
	sodium_memzero(key, sizeof key);
	if (unreadable) {
		size_t n = strlen(err);
		snprintf(err + n, errlen - n, "\n  (on the main display: goiso-display pair --follower, then here:"
		         " goiso-display join CODE)");
		return 2;
	}
	if (!o->connect) {
		if (!(f->d = discover_new())) {
			snprintf(err, errlen, "out of memory");
			return 1;
		}
		f->finder = (struct pair_finder){ .d = f->d, .key = f->keyfile };
		fo.find = pair_find;
		fo.find_ud = &f->finder;
		fo.distrust = pair_distrust;
		fo.trusted = pair_trust;
	}
	return (f->feed = feed_new(&fo, f->cfg, f->w, &h, err, errlen)) ? 0 : 1;
}

/* The display refused the key (revoked, or replaced by a new pairing of
 * this number): stale numbers must not pass for current ones, so the
 * board shows how to pair again instead of the queue, and the log says it
 * once. The feed takes a new key (goiso-display join) by itself; the
 * notice goes once the display's state is whole again. */
static void watch_refusal(struct follower *f)
{
	char notice[400], no[16] = "N";
	if (feed_key_refused(f->feed) == f->refused) return;
	f->refused = !f->refused;
	if (!f->refused) {   /* a key accepted, the state whole: the queue again */
		board_set_notice(f->board, NULL);
		return;
	}
	if (f->number > 0) snprintf(no, sizeof no, "%d", f->number);
	fprintf(stderr, "goiso-display: the main display refused this board's key (%s, in %s): it was revoked "
	        "or replaced. The board shows no queue until it is paired again: on the main display "
	        "goiso-display pair --follower %s, then here goiso-display join CODE (no restart needed)\n",
	        feed_key_id(f->feed), f->keyfile, no);
	snprintf(notice, sizeof notice, "Màn hình này chưa được ghép nối hoặc đã bị thu hồi\n"
	         "Ghép nối lại: goiso-display join MÃ\n"
	         "(MÃ do máy màn hình chính cấp: goiso-display pair --follower %s)", no);
	board_set_notice(f->board, notice);
}

static void close_parts(struct follower *f)
{
	feed_free(f->feed);
	discover_free(f->d);
	voice_free(f->voice);
	board_free(f->board);
	wall_free(f->shown);
	wall_free(f->w);
}

/* ---- the loop ---- */

/* SIGUSR1: the next frame to <data>/screenshot.png. A follower keeps no
 * record, so nothing else made its data directory: made here, as the
 * display makes its own. */
static void snapshot(struct follower *f)
{
	char dbuf[4096], path[4200];
	const char *data = f->o->data ? f->o->data : file_data_dir(dbuf, sizeof dbuf);
	if (file_make_dirs(data)) {
		fprintf(stderr, "goiso-display: screenshot: data directory %s: %s\n", data, strerror(errno));
		return;
	}
	snprintf(path, sizeof path, "%s/screenshot.png", data);
	board_snapshot(f->board, path);
}

static int loop(struct follower *f)
{
	const struct follow_opts *o = f->o;
	while (!*o->stop) {
		int64_t mono = clock_mono_ms();
		int wait = feed_pump(f->feed, mono, clock_wall_ms());
		watch_refusal(f);
		take_state(f);
		if (f->voice) board_set_status(f->board, voice_sound_ok(f->voice), true);
		if (*o->snapshot) {
			*o->snapshot = 0;
			snapshot(f);
		}
		int bw = board_pump_wall(f->board, f->shown, clock_wall_ms(), clock_mono_ms());
		if (bw < 0) break;
		if (bw < wait) wait = bw;
		struct pollfd p = { feed_fd(f->feed), feed_poll_events(f->feed), 0 };
		if (poll(&p, p.fd >= 0 ? 1 : 0, wait) < 0 && errno != EINTR) {
			fprintf(stderr, "goiso-display: poll: %s\n", strerror(errno));
			return 1;
		}
	}
	return 0;
}

int follow_run(const struct follow_opts *o, const struct config *cfg)
{
	struct follower f = { .o = o, .cfg = cfg };
	char err[1024], keybuf[4096];
	const char *keyfile = o->key ? o->key : pair_default_follower_keyfile(keybuf, sizeof keybuf);
	snprintf(f.keyfile, sizeof f.keyfile, "%s", keyfile);
	int rc = open_parts(&f, err, sizeof err);
	if (!rc) rc = open_feed(&f, err, sizeof err);
	if (rc) {
		fprintf(stderr, "goiso-display: %s\n", err);
	} else {
		fprintf(stderr, "goiso-display: follower of %s%s%s\n", o->connect ? o->connect : "the display found by mDNS",
		        f.site ? " " : "", f.site ? f.site : "");
		rc = loop(&f);
	}
	close_parts(&f);
	return rc;
}
