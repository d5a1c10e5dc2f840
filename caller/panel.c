/*
 * panel: the officer's panel as a program on SDL (see panel.h): its
 * windows, keys and clicks, and its link to the display. What the panel
 * knows and does is panelstate.c (no SDL); the drawing is panel_view.c;
 * the program around it is panel_main.c.
 */
#include "panel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>

#include "font.h"
#include "panel_test.h"
#include "panel_view.h"
#include "panelstate.h"

struct panel {
	struct panel_opts o;
	struct link *link;
	struct font *regular, *bold;
	struct pv_look look;
	struct pv_canvas main, rate;    /* rate.win NULL: the rating shares main */
	SDL_Keycode keys[ACT_COUNT_][PANELCONF_MAX_KEYS];
	struct panelstate st;
	bool quit, text_input;
};

/* ---- the state and the link ---- */

static int send_request(void *ud, const char *body, int tag, bool retry)
{
	struct panel *p = ud;
	return link_request(p->link, body, tag, retry, p->st.now_ms);
}

/* The link as it is now (its reason may change between its callbacks). */
static void sync_link(struct panel *p)
{
	p->st.link_ready = link_state(p->link) == LINK_READY;
	snprintf(p->st.link_reason, sizeof p->st.link_reason, "%s", link_reason(p->link));
}

/* What the state asked of the shell: a redraw, the rating window raised,
 * text input on or off. */
static void follow_state(struct panel *p)
{
	if (p->st.dirty) {
		p->main.dirty = true;
		if (p->rate.win) p->rate.dirty = true;
		p->st.dirty = false;
	}
	if (p->st.raise_rating && p->rate.win) SDL_RaiseWindow(p->rate.win);
	p->st.raise_rating = false;
	if (p->st.text_input != p->text_input) {
		if (p->st.text_input) SDL_StartTextInput(); else SDL_StopTextInput();
		p->text_input = p->st.text_input;
	}
}

static void on_ready(void *ud)
{
	struct panel *p = ud;
	sync_link(p);
	panelstate_ready(&p->st);
	follow_state(p);
}

static void on_changed(void *ud)
{
	struct panel *p = ud;
	panelstate_link(&p->st, link_state(p->link) == LINK_READY, link_reason(p->link));
	follow_state(p);
}

static void on_reply(void *ud, int tag, const struct proto_msg *m)
{
	struct panel *p = ud;
	sync_link(p);
	panelstate_reply(&p->st, tag, m);
	follow_state(p);
}

static void on_push(void *ud, const struct proto_msg *m)
{
	struct panel *p = ud;
	sync_link(p);
	panelstate_push(&p->st, m);
	follow_state(p);
}

bool panel_enabled(const struct panel *p, enum panel_action a) { return panelstate_enabled(&p->st, a); }

/* ---- SDL events ---- */

static int digit_of(SDL_Keycode k)
{
	if (k >= SDLK_1 && k <= SDLK_9) return (int)(k - SDLK_1);
	if (k >= SDLK_KP_1 && k <= SDLK_KP_9) return (int)(k - SDLK_KP_1);
	return -1;
}

static bool is_enter(SDL_Keycode k) { return k == SDLK_RETURN || k == SDLK_KP_ENTER; }

static void picker_key(struct panelstate *s, SDL_Keycode k)
{
	int d = digit_of(k);
	if (k == SDLK_ESCAPE || k == SDLK_BACKSPACE) panelstate_cancel(s);
	else if (d >= 0) panelstate_choose(s, d);
	else if (is_enter(k)) panelstate_choose(s, s->sel);
	else if (k == SDLK_DOWN || k == SDLK_RIGHT) panelstate_move(s, 1);
	else if (k == SDLK_UP || k == SDLK_LEFT) panelstate_move(s, -1);
	s->dirty = true;
}

static void login_key(struct panelstate *s, SDL_Keycode k)
{
	if (k == SDLK_ESCAPE) panelstate_cancel(s);
	else if (is_enter(k)) panelstate_submit_login(s);
	else if (k == SDLK_BACKSPACE) panelstate_erase(s);
	s->dirty = true;
}

static void key_down(struct panel *p, const SDL_KeyboardEvent *k)
{
	if (k->repeat) return;   /* a held key is one press */
	SDL_Keycode sym = k->keysym.sym;
	struct panelstate *s = &p->st;
	bool in_rating = panelstate_rating_shown(s) || (p->rate.win && k->windowID == SDL_GetWindowID(p->rate.win));
	if (s->view == PV_LOGIN && !in_rating) { login_key(s, sym); return; }
	if (s->view != PV_MAIN && !in_rating) { picker_key(s, sym); return; }
	int d = digit_of(sym);
	if (in_rating && s->rating.active && k->keysym.sym >= SDLK_1 && k->keysym.sym <= SDLK_5) {
		panelstate_rate(s, d + 1);   /* the digit is the score: 5 best */
		return;
	}
	for (int a = 0; a < ACT_COUNT_; a++)
		for (int i = 0; i < p->o.conf.nkeys[a]; i++)
			if (p->keys[a][i] == sym) { panelstate_act(s, (enum panel_action)a); return; }
}

static void click(struct panel *p, const SDL_MouseButtonEvent *b)
{
	struct panelstate *s = &p->st;
	bool on_rate_win = p->rate.win && b->windowID == SDL_GetWindowID(p->rate.win);
	struct pv_canvas *c = on_rate_win ? &p->rate : &p->main;
	int item = pv_hit_item(c, b->x, b->y);
	if (on_rate_win || panelstate_rating_shown(s)) {
		if (item >= 0 && item < 5) panelstate_rate(s, 5 - item);
		return;
	}
	if (s->view != PV_MAIN) {
		if (item >= 0) panelstate_choose(s, item);
		else if (pv_hit_button(c, b->x, b->y) == ACT_COUNT_) panelstate_cancel(s);   /* "Hủy" */
		else if (s->view == PV_LOGIN && pv_hit_button(c, b->x, b->y) == ACT_LOGIN) panelstate_submit_login(s);
		return;
	}
	int a = pv_hit_button(c, b->x, b->y);
	if (a >= 0 && a < ACT_COUNT_) panelstate_act(s, (enum panel_action)a);
}

void panel_event(struct panel *p, const SDL_Event *ev, int64_t now_ms)
{
	p->st.now_ms = now_ms;
	sync_link(p);
	switch (ev->type) {
	case SDL_QUIT: p->quit = true; break;
	case SDL_KEYDOWN: key_down(p, &ev->key); break;
	case SDL_MOUSEBUTTONDOWN: if (ev->button.button == SDL_BUTTON_LEFT) click(p, &ev->button); break;
	case SDL_TEXTINPUT: panelstate_type(&p->st, ev->text.text); break;
	case SDL_TEXTEDITING: panelstate_compose(&p->st, ev->edit.text); break;
	case SDL_WINDOWEVENT:
		if (ev->window.event == SDL_WINDOWEVENT_CLOSE) {
			if (p->rate.win && ev->window.windowID == SDL_GetWindowID(p->rate.win)) break;
			p->quit = true;
		}
		p->st.dirty = true;
		break;
	default: break;
	}
	follow_state(p);
}

/* ---- the loop's turn ---- */

static void draw(struct panel *p, struct pv_canvas *c, bool present)
{
	pv_draw(&p->st, p->link, &p->look, c, present);
}

int panel_step(struct panel *p, int64_t now_ms)
{
	SDL_Event ev;
	p->st.now_ms = now_ms;
	while (SDL_PollEvent(&ev)) panel_event(p, &ev, now_ms);
	int wait = link_pump(p->link, now_ms);
	sync_link(p);
	int tick = panelstate_tick(&p->st, now_ms);
	follow_state(p);
	if (p->main.dirty) draw(p, &p->main, true);
	if (p->rate.win && p->rate.dirty) draw(p, &p->rate, true);
	if (p->quit) return -1;
	return tick >= 0 && tick < wait ? tick : wait;
}

int panel_screenshot(struct panel *p, bool rating, const char *path, char *err, size_t errlen)
{
	struct pv_canvas *c = rating && p->rate.win ? &p->rate : &p->main;
	draw(p, c, false);
	return pv_capture(c, path, err, errlen);
}

/* ---- what tests read (panel_test.h) ---- */

struct link *panel_link(struct panel *p) { return p->link; }
enum panel_view panel_view(const struct panel *p)
{
	return panelstate_rating_shown(&p->st) ? PV_RATING : p->st.view;
}
const char *panel_message(const struct panel *p) { return p->st.message; }
const char *panel_footer(const struct panel *p) { return p->st.device; }
const char *panel_ticket(const struct panel *p) { return p->st.m.ticket; }
double panel_last_draw_ms(const struct panel *p)
{
	return p->main.last_draw_ms > p->rate.last_draw_ms ? p->main.last_draw_ms : p->rate.last_draw_ms;
}
unsigned long panel_frames(const struct panel *p) { return p->main.frames + p->rate.frames; }

Uint32 panel_window_id(const struct panel *p, bool rating)
{
	return SDL_GetWindowID(rating && p->rate.win ? p->rate.win : p->main.win);
}

static bool centre(struct pv_rect r, int *x, int *y)
{
	if (r.w <= 0 || r.h <= 0) return false;
	*x = r.x + r.w / 2;
	*y = r.y + r.h / 2;
	return true;
}

bool panel_button_at(const struct panel *p, enum panel_action a, int *x, int *y)
{
	return (int)a >= 0 && a < ACT_COUNT_ && centre(p->main.buttons[a], x, y);
}

bool panel_item_at(const struct panel *p, int i, int *x, int *y)
{
	const struct pv_canvas *c = p->rate.win && p->st.rating.active ? &p->rate : &p->main;
	return i >= 0 && i < c->nitems && centre(c->items[i], x, y);
}

/* ---- life ---- */

static int bind_keys(struct panel *p, char *err, size_t errlen)
{
	for (int a = 0; a < ACT_COUNT_; a++)
		for (int i = 0; i < p->o.conf.nkeys[a]; i++) {
			const struct panelconf_key *k = &p->o.conf.keys[a][i];
			p->keys[a][i] = SDL_GetKeyFromName(k->name);
			if (p->keys[a][i] == SDLK_UNKNOWN) {
				snprintf(err, errlen, "%s:%d: no key is named '%s' (SDL key names: F1, Keypad 1, Space...)",
				         p->o.conf.file, k->line, k->name);
				return -1;
			}
		}
	return 0;
}

static int open_window(struct pv_canvas *c, const char *title, int w, int h, Uint32 flags,
                       char *err, size_t errlen)
{
	c->win = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, w, h,
	                          SDL_WINDOW_RESIZABLE | flags);
	/* The software renderer: a small window redrawn only on change needs
	 * no GPU, and its pixels are the same on every machine (screenshots). */
	if (c->win) c->r = SDL_CreateRenderer(c->win, -1, SDL_RENDERER_SOFTWARE);
	if (!c->win || !c->r) {
		snprintf(err, errlen, "cannot open the window: %s", SDL_GetError());
		return -1;
	}
	c->dirty = true;
	return 0;
}

struct panel *panel_new(const struct panel_opts *o, int64_t now_ms, char *err, size_t errlen)
{
	struct panel *p = calloc(1, sizeof *p);
	if (!p) { snprintf(err, errlen, "out of memory"); return NULL; }
	p->o = *o;
	struct panelstate_io io = { send_request, p };
	panelstate_init(&p->st, o->cred.counter, o->conf.rating_seconds, o->conf.rating_window, &io, now_ms);
	if (bind_keys(p, err, errlen)) { free(p); return NULL; }
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) || TTF_Init()) {
		snprintf(err, errlen, "SDL: %s", SDL_GetError());
		free(p);
		return NULL;
	}
	char title[64];
	snprintf(title, sizeof title, "Quầy %d · goiso", o->cred.counter);
	Uint32 top = o->conf.always_on_top ? SDL_WINDOW_ALWAYS_ON_TOP : 0;
	if (!(p->regular = font_new(o->font, false, err, errlen)) ||
	    !(p->bold = font_new(o->font, true, err, errlen)) ||
	    open_window(&p->main, title, o->conf.width, o->conf.height, top, err, errlen) ||
	    (o->conf.rating_window &&
	     open_window(&p->rate, "Đánh giá mức độ hài lòng", 800, 600, 0, err, errlen)))
		goto fail;
	p->rate.rating = true;
	p->look = (struct pv_look){ p->regular, p->bold, &p->o.conf };
	SDL_StopTextInput();
	struct link_opts lo = { .connect = o->connect, .find = o->find, .find_ud = o->find_ud, .cred = o->cred,
	                       .distrust = o->distrust, .trusted = o->trusted };
	struct link_cb cb = { on_ready, on_reply, on_push, on_changed, p };
	if (!(p->link = link_new(&lo, &cb))) { snprintf(err, errlen, "out of memory"); goto fail; }
	sync_link(p);
	return p;
fail:
	panel_free(p);
	return NULL;
}

void panel_free(struct panel *p)
{
	if (!p) return;
	link_free(p->link);
	pv_canvas_free(&p->rate);
	pv_canvas_free(&p->main);
	font_free(p->bold);
	font_free(p->regular);
	TTF_Quit();
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	free(p);
}
