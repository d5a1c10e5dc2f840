/*
 * board: window, event pumping, redraw-when-dirty and the banner's queue of
 * calls (see board.h).
 *
 * Each call gets its moment in the banner: it flashes for flash_ms, then the
 * next queued call takes the banner; the last one stays, settled, until the
 * next call. With calls waiting, a moment is flash_ms / (1 + waiting), never
 * under 1.5 s: a busy hall (a call every 2 s) must not leave the banner
 * further and further behind the counters.
 */
#include "board.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "countertop.h"
#include "config.h"
#include "engine.h"
#include "font.h"
#include "frame.h"
#include "file.h"
#include "png.h"
#include "wall.h"
#include "zone.h"

#define QUEUE_MAX 64
#define FLASH_PHASE_MS 500
#define TICKER_FRAME_MS 33
#define MIN_MOMENT_MS 1500

/* A call in the banner: ticket is the engine's index on the main display,
 * -1 on a follower (which knows labels only). */
struct call { char label[12]; int counter, priority, ticket; };

struct board {
	SDL_Window *win;
	SDL_Renderer *r;
	struct font *regular, *bold;
	struct frame *frame;
	struct countertop *ct;   /* a counter-top display of counter `counter` */
	int counter;
	int flash_ms;
	char *ticker;
	bool sound_ok, listener_ok;
	char alarm[320];
	char devices[300];
	bool lost;               /* a follower's link is down */
	char notice[400];        /* shown in place of the queue; "" none */
	struct zone zone;
	bool zoned;              /* zone set by board_config; else the whole center */
	struct wall *own;        /* the main display's model, copied from its engine */
	bool stale;              /* an event came: copy the engine again */
	const struct engine *e;  /* the engine being pumped (main display), else NULL */

	/* The banner: the call shown, when its moment began, and the queue. */
	struct call cur, queue[QUEUE_MAX];
	int qhead, qlen;
	int64_t cur_start, cur_moment;
	int64_t day;             /* service day the indexes above belong to */
	bool started;

	/* Redraw bookkeeping. */
	bool dirty, closed;
	int64_t last_second;
	bool last_flashing, last_flash_on;
	int last_ticker;
	int64_t ticker_t0;
	char *snapshot;
	unsigned long frames, ncalls;
	FILE *frame_log;
};

int board_config(const struct config *cfg, struct board_opts *o, char *err, size_t errlen)
{
	static const char *const keys[] = { "font", "flash_seconds", "ticker", "counters", "services",
	                                    "voice", NULL };
	if (config_check_keys(cfg, "display", keys, err, errlen)) return -1;
	if (zone_from_config(&o->zone, cfg, err, errlen)) return -1;
	o->zoned = true;
	const char *voice = config_get(cfg, "display", "voice", "on");
	if (strcmp(voice, "on") && strcmp(voice, "off")) {
		snprintf(err, errlen, "%s:%d: [display] voice must be on or off", cfg->file,
		         config_line(cfg, "display", "voice"));
		return -1;
	}
	o->voice = !strcmp(voice, "on");
	const char *font = config_get(cfg, "display", "font", NULL);
	o->font = font && *font ? font : NULL;
	long fs = config_get_int(cfg, "display", "flash_seconds", 8);
	if (fs < 0 || fs > 600) {
		snprintf(err, errlen, "%s:%d: [display] flash_seconds must be 0 to 600", cfg->file,
		         config_line(cfg, "display", "flash_seconds"));
		return -1;
	}
	o->flash_ms = (int)fs * 1000;
	o->ticker = config_get(cfg, "display", "ticker", "");
	return 0;
}

static int open_window(struct board *b, const struct board_opts *o, char *err, size_t errlen)
{
	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
	SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "1");
	if (SDL_InitSubSystem(SDL_INIT_VIDEO)) {
		snprintf(err, errlen, "cannot start video: %s", SDL_GetError());
		return -1;
	}
	bool full = o->width <= 0 || o->height <= 0;
	Uint32 flags = full ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE;
	b->win = SDL_CreateWindow("goiso", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
	                          full ? 1920 : o->width, full ? 1080 : o->height, flags);
	if (!b->win) {
		snprintf(err, errlen, "cannot open window: %s", SDL_GetError());
		return -1;
	}
	const char *drv = SDL_GetCurrentVideoDriver();
	bool soft = o->software || (drv && !strcmp(drv, "dummy"));
	/* No vsync: presenting must never hold the loop that serves the counters. */
	if (!soft) b->r = SDL_CreateRenderer(b->win, -1, SDL_RENDERER_ACCELERATED);
	if (!b->r) b->r = SDL_CreateRenderer(b->win, -1, SDL_RENDERER_SOFTWARE);
	if (!b->r) {
		snprintf(err, errlen, "cannot create renderer: %s", SDL_GetError());
		return -1;
	}
	SDL_ShowCursor(SDL_DISABLE);
	SDL_DisableScreenSaver();
	return 0;
}

struct board *board_new(const struct board_opts *o, char *err, size_t errlen)
{
	struct board *b = calloc(1, sizeof *b);
	if (!b) { snprintf(err, errlen, "out of memory"); return NULL; }
	b->cur.ticket = -1;
	b->flash_ms = o->flash_ms;
	b->zone = o->zone;
	b->zoned = o->zoned;
	b->counter = o->counter;
	b->ticker = strdup(o->ticker && !o->counter ? o->ticker : "");
	b->sound_ok = b->listener_ok = true;
	b->dirty = true;
	b->last_second = -1;
	if (!b->ticker || open_window(b, o, err, errlen)) goto fail;
	if (!TTF_WasInit() && TTF_Init()) {
		snprintf(err, errlen, "cannot start SDL_ttf: %s", TTF_GetError());
		goto fail;
	}
	b->regular = font_new(o->font, false, err, errlen);
	b->bold = b->regular ? font_new(o->font, true, err, errlen) : NULL;
	if (!b->bold) goto fail;
	b->frame = frame_new(b->r, b->regular, b->bold);
	if (o->counter) b->ct = countertop_new(b->r, b->regular, b->bold);
	if (!b->frame || (o->counter && !b->ct)) { snprintf(err, errlen, "out of memory"); goto fail; }
	const char *log = getenv("GOISO_FRAME_LOG");
	if (log && *log) b->frame_log = fopen(log, "a");
	return b;
fail:
	board_free(b);
	return NULL;
}

void board_free(struct board *b)
{
	if (!b) return;
	frame_free(b->frame);
	countertop_free(b->ct);
	font_free(b->bold);
	font_free(b->regular);
	if (b->r) SDL_DestroyRenderer(b->r);
	if (b->win) SDL_DestroyWindow(b->win);
	if (TTF_WasInit()) TTF_Quit();
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	SDL_Quit();
	if (b->frame_log) fclose(b->frame_log);
	free(b->ticker);
	free(b->snapshot);
	wall_free(b->own);
	free(b);
}

static void enqueue(struct board *b, const struct call *c)
{
	b->ncalls++;
	if (b->qlen == QUEUE_MAX) {   /* a burst beyond reason: drop the oldest moment */
		b->qhead = (b->qhead + 1) % QUEUE_MAX;
		b->qlen--;
	}
	b->queue[(b->qhead + b->qlen++) % QUEUE_MAX] = *c;
}

static const struct zone *zone_of(struct board *b, const struct config *cfg)
{
	if (!b->zoned) {
		zone_all(&b->zone, cfg);
		b->zoned = true;
	}
	return &b->zone;
}

void board_on_event(void *ud, const struct engine *e, const struct engine_event *ev)
{
	struct board *b = ud;
	b->dirty = b->stale = true;
	bool call = (ev->verb == VERB_NEXT || ev->verb == VERB_RECALL) && ev->ticket >= 0;
	const struct engine_ticket *t = call ? engine_ticket(e, ev->ticket) : NULL;
	if (!t || !zone_has(zone_of(b, engine_config(e)), engine_config(e), ev->counter)) return;
	struct call c = { "", ev->counter, t->priority, ev->ticket };
	snprintf(c.label, sizeof c.label, "%s", t->label);
	enqueue(b, &c);
}

bool board_call(struct board *b, const struct config *cfg, const char *label, int counter, int priority)
{
	b->dirty = true;
	if (!zone_has(zone_of(b, cfg), cfg, counter)) return false;
	struct call c = { "", counter, priority, -1 };
	snprintf(c.label, sizeof c.label, "%s", label);
	enqueue(b, &c);
	return true;
}

bool board_in_zone(struct board *b, const struct config *cfg, int counter)
{
	return zone_has(zone_of(b, cfg), cfg, counter);
}

void board_set_lost(struct board *b, bool lost)
{
	if (b->lost != lost) b->dirty = true;
	b->lost = lost;
}

void board_set_notice(struct board *b, const char *text)
{
	if (strcmp(b->notice, text ? text : "")) b->dirty = true;
	snprintf(b->notice, sizeof b->notice, "%s", text ? text : "");
}

void board_touch(struct board *b) { b->dirty = true; }

void board_resync(struct board *b)
{
	b->started = false;
	b->qlen = 0;
	b->dirty = true;
}

void board_set_status(struct board *b, bool sound_ok, bool listener_ok)
{
	if (b->sound_ok != sound_ok || b->listener_ok != listener_ok) b->dirty = true;
	b->sound_ok = sound_ok;
	b->listener_ok = listener_ok;
}

void board_set_alarm(struct board *b, const char *text)
{
	if (strcmp(b->alarm, text ? text : "")) b->dirty = true;
	snprintf(b->alarm, sizeof b->alarm, "%s", text ? text : "");
}

void board_set_devices(struct board *b, const char *text)
{
	if (!strcmp(b->devices, text)) return;
	snprintf(b->devices, sizeof b->devices, "%s", text);
	b->dirty = true;
}

void board_snapshot(struct board *b, const char *path)
{
	free(b->snapshot);
	b->snapshot = strdup(path);
	b->dirty = true;
}

const struct layout *board_layout(const struct board *b) { return frame_layout(b->frame); }
unsigned long board_frames(const struct board *b) { return b->frames; }
int board_banner_ticket(const struct board *b) { return b->cur.ticket; }

/* The newest call of the zone, for a board that starts on a busy day (or
 * a follower that connects): shown settled, never as a new call. */
static struct call newest_call(struct board *b, const struct wall *m)
{
	const struct zone *z = zone_of(b, m->cfg);
	struct call c = { "", 0, 0, -1 };
	for (int i = 0; i < m->nrecent; i++) {
		const struct wall_call *r = &m->recent[i];
		if (!zone_has(z, m->cfg, r->counter)) continue;
		snprintf(c.label, sizeof c.label, "%s", r->label);
		c.counter = r->counter;
		const struct wall_tile *t = wall_tile_of(m, r->counter);
		if (t && !strcmp(t->ticket, r->label)) c.priority = t->priority;
		if (b->e) {
			c.ticket = engine_find_ticket(b->e, r->label);
			if (c.ticket >= 0) c.priority = engine_ticket(b->e, c.ticket)->priority;
		}
		break;
	}
	return c;
}

/* How long the banner's call keeps it while qlen calls wait. Computed
 * again as calls arrive, so a burst shortens the moment already begun. */
static int64_t moment_ms(const struct board *b)
{
	int64_t m = b->flash_ms / (1 + b->qlen);
	return m < MIN_MOMENT_MS && b->flash_ms >= MIN_MOMENT_MS ? MIN_MOMENT_MS : m;
}

/* Gives the banner to the next queued call when the current one's moment
 * is over. */
static void advance_banner(struct board *b, int64_t mono_ms)
{
	if (b->qlen && b->cur.label[0]) b->cur_moment = moment_ms(b);
	bool over = !b->cur.label[0] || mono_ms - b->cur_start >= b->cur_moment;
	if (!over || b->qlen == 0) return;
	b->cur = b->queue[b->qhead];
	b->qhead = (b->qhead + 1) % QUEUE_MAX;
	b->qlen--;
	b->cur_start = mono_ms;
	b->cur_moment = moment_ms(b);
	b->dirty = true;
}

static void fill_state(struct board *b, struct frame_state *st, int64_t wall_ms, int64_t mono_ms)
{
	int64_t in = mono_ms - b->cur_start;
	memset(st, 0, sizeof *st);
	st->wall_ms = wall_ms;
	st->call_label = b->cur.label;
	st->call_counter = b->cur.counter;
	st->call_priority = b->cur.priority;
	st->lost = b->lost;
	st->flashing = b->cur.label[0] && in < b->cur_moment;
	st->flash_on = st->flashing && (in / FLASH_PHASE_MS) % 2 == 0;
	st->pending = b->qlen;
	st->sound_ok = b->sound_ok;
	st->listener_ok = b->listener_ok;
	st->alarm = b->alarm[0] ? b->alarm : NULL;
	st->ticker = b->ticker;
	st->devices = b->devices;
	st->notice = b->notice[0] ? b->notice : NULL;
	int h = 0;
	if (b->ticker[0] && !SDL_GetRendererOutputSize(b->r, NULL, &h))
		st->ticker_offset = (int)((mono_ms - b->ticker_t0) * h / 12 / 1000);
}

static int write_snapshot(struct board *b, const char *path, char *err, size_t errlen)
{
	int w, h, rc = -1;
	if (SDL_GetRendererOutputSize(b->r, &w, &h)) goto out;
	unsigned char *px = malloc((size_t)w * h * 3);
	if (!px) goto out;
	if (!SDL_RenderReadPixels(b->r, NULL, SDL_PIXELFORMAT_RGB24, px, w * 3)) {
		int perr = file_write_png(path, px, w, h, 3, w * 3);
		rc = perr ? -1 : 0;
		if (perr == PNG_E_IO) snprintf(err, errlen, "%s: cannot write the file: %s", path, strerror(errno));
		else if (perr) snprintf(err, errlen, "%s: %s", path, png_strerror(perr));
	} else {
		snprintf(err, errlen, "cannot read the frame: %s", SDL_GetError());
	}
	free(px);
out:
	if (rc && !err[0]) snprintf(err, errlen, "cannot take a screenshot");
	return rc;
}

static void present(struct board *b, const struct wall *m, const struct frame_state *st)
{
	int w, h;
	int64_t t0 = b->frame_log ? clock_mono_ns() : 0, t1 = 0;
	if (SDL_GetRendererOutputSize(b->r, &w, &h)) return;
	if (b->ct) countertop_draw(b->ct, m, b->counter, st, w, h);
	else frame_draw(b->frame, m, zone_of(b, m->cfg), st, w, h);
	if (b->snapshot) {
		char err[256] = "";
		if (write_snapshot(b, b->snapshot, err, sizeof err)) fprintf(stderr, "goiso-display: %s\n", err);
		free(b->snapshot);
		b->snapshot = NULL;
	}
	if (b->frame_log) t1 = clock_mono_ns();
	SDL_RenderPresent(b->r);
	b->frames++;
	if (b->frame_log) {
		/* when, calls shown, then what the draw and the present took */
		int64_t t2 = clock_mono_ns();
		fprintf(b->frame_log, "%lld %lu %lld %lld\n", (long long)(t2 / 1000), b->ncalls,
		        (long long)((t1 - t0) / 1000), (long long)((t2 - t1) / 1000));
		fflush(b->frame_log);
	}
}

static void pump_events(struct board *b)
{
	SDL_Event ev;
	while (SDL_PollEvent(&ev)) {
		switch (ev.type) {
		case SDL_QUIT:
			b->closed = true;
			break;
		case SDL_WINDOWEVENT:          /* resized, exposed, restored: draw again */
		case SDL_RENDER_TARGETS_RESET:
		case SDL_RENDER_DEVICE_RESET:
			frame_invalidate(b->frame);
			b->dirty = true;
			break;
		default:
			break;
		}
	}
}

/* The main display's model, copied from the engine when an event came. */
static const struct wall *engine_model(struct board *b, const struct engine *e)
{
	if (!b->own && !(b->own = wall_new(engine_config(e), false))) return NULL;
	if (b->stale || !b->started || engine_day(e) != b->day) wall_from_engine(b->own, e, zone_of(b, engine_config(e)));
	b->stale = false;
	return b->own;
}

int board_pump(struct board *b, const struct engine *e, int64_t wall_ms, int64_t mono_ms)
{
	const struct wall *m = engine_model(b, e);
	if (!m) return 1000;
	b->e = e;
	int r = board_pump_wall(b, m, wall_ms, mono_ms);
	b->e = NULL;
	return r;
}

int board_pump_wall(struct board *b, const struct wall *m, int64_t wall_ms, int64_t mono_ms)
{
	pump_events(b);
	if (b->closed) return -1;
	if (b->started && m->day != b->day) {
		/* A new service day: the numbers start again, forget the old calls. */
		b->started = false;
		b->qlen = 0;
	}
	if (!b->started) {
		b->day = m->day;
		b->cur = newest_call(b, m);
		b->cur_start = mono_ms - b->flash_ms;   /* settled, not flashing */
		b->ticker_t0 = mono_ms;
		b->started = true;
	}
	advance_banner(b, mono_ms);
	struct frame_state st;
	fill_state(b, &st, wall_ms, mono_ms);
	int64_t second = wall_ms / 1000;
	if (second != b->last_second || st.flashing != b->last_flashing ||
	    st.flash_on != b->last_flash_on || st.ticker_offset != b->last_ticker)
		b->dirty = true;
	if (b->dirty) {
		present(b, m, &st);
		b->dirty = false;
		b->last_second = second;
		b->last_flashing = st.flashing;
		b->last_flash_on = st.flash_on;
		b->last_ticker = st.ticker_offset;
	}
	/* When to come back: the next second, flash phase, moment's end, ticker frame. */
	int64_t next = 1000 - wall_ms % 1000;
	if (st.flashing) {
		int64_t in = mono_ms - b->cur_start;
		int64_t phase = FLASH_PHASE_MS - in % FLASH_PHASE_MS, end = b->cur_moment - in;
		if (phase < next) next = phase;
		if (end < next) next = end;
	} else if (b->qlen) {
		next = 0;
	}
	if (b->ticker[0] && next > TICKER_FRAME_MS) next = TICKER_FRAME_MS;
	return (int)(next < 0 ? 0 : next);
}

/* Draws one settled frame of m now and writes it to path. */
static int screenshot(struct board *b, const struct wall *m, int64_t wall_ms,
                      const char *path, char *err, size_t errlen)
{
	struct frame_state st;
	int w, h;
	pump_events(b);
	if (SDL_GetRendererOutputSize(b->r, &w, &h)) {
		snprintf(err, errlen, "no renderer output: %s", SDL_GetError());
		return -1;
	}
	b->cur = newest_call(b, m);
	b->cur_start = -(int64_t)b->flash_ms - 1;
	b->cur_moment = b->flash_ms;
	b->qlen = 0;
	fill_state(b, &st, wall_ms, 0);
	st.ticker_still = true;
	frame_invalidate(b->frame);
	if (b->ct) countertop_draw(b->ct, m, b->counter, &st, w, h);
	else frame_draw(b->frame, m, zone_of(b, m->cfg), &st, w, h);
	err[0] = 0;
	return write_snapshot(b, path, err, errlen);
}

int board_screenshot(struct board *b, const struct engine *e, int64_t wall_ms,
                     const char *path, char *err, size_t errlen)
{
	b->stale = true;
	const struct wall *m = engine_model(b, e);
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	b->e = e;
	int rc = screenshot(b, m, wall_ms, path, err, errlen);
	b->e = NULL;
	return rc;
}

int board_screenshot_wall(struct board *b, const struct wall *m, int64_t wall_ms,
                          const char *path, char *err, size_t errlen)
{
	return screenshot(b, m, wall_ms, path, err, errlen);
}
