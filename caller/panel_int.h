/*
 * panel_int: what the panel's state (panel.c) and its drawing
 * (panel_view.c) share. Not an API: only those two files include it.
 */
#ifndef GOISO_PANEL_INT_H
#define GOISO_PANEL_INT_H

#include "panel.h"

#define PANEL_MAX_SERVICES 32
#define PANEL_MAX_NOSHOWS 40
#define PANEL_MAX_ITEMS 40
#define PANEL_TEXT_CACHE 96
#define PANEL_NAME_MAX 64

struct font;

/* A rendered text, kept while it is drawn (textures belong to one renderer). */
struct pv_text {
	uint64_t hash;
	char *text;
	int px, min_pct, w;
	Uint32 color, bg;
	bool bold;
	SDL_Texture *tex;
	int tw, th;
	unsigned long used;
};

struct pv_rect { int x, y, w, h; };

/* One window: the panel's, or the citizen's rating window. */
struct pv_canvas {
	SDL_Window *win;
	SDL_Renderer *r;
	struct pv_text cache[PANEL_TEXT_CACHE];
	unsigned long frame;
	Uint32 bg;                   /* ground under the texts being drawn */
	struct pv_rect buttons[ACT_COUNT_ + 1];   /* [ACT_COUNT_]: "Hủy" of a picker */
	struct pv_rect items[PANEL_MAX_ITEMS];
	int nitems;
	bool dirty;
};

/* The counter as the display last described it (STATUS, replies, pushes). */
struct panel_model {
	char name[PANEL_NAME_MAX];   /* "Quầy 5" */
	char state[12];              /* closed, open, serving, paused; "" unknown */
	char ticket[16];             /* "" none */
	char service[8];
	char priority[24];           /* "" or "none": not a priority ticket */
	char officer[PANEL_NAME_MAX];
	char reason[PANEL_NAME_MAX];
	char last_served[16];        /* the ticket last finished here */
	int waiting, served;
	bool known;                  /* a STATUS reply has come */
	struct { char code[8], name[128]; } services[PANEL_MAX_SERVICES];
	int nservices;
	char noshows[PANEL_MAX_NOSHOWS][16];
	int nnoshows;
};

struct panel_rating {
	bool active;
	char ticket[16];
	int64_t deadline_ms;
	int64_t thanks_until_ms;     /* "Cảm ơn" shown until then */
	bool waiting_link;           /* a choice made while the link was down */
};

struct panel {
	struct panel_opts o;
	struct link *link;
	struct font *regular, *bold;
	struct pv_canvas main, rate;    /* rate.win NULL: the rating shares main */
	SDL_Keycode keys[ACT_COUNT_][PANELCONF_MAX_KEYS];
	struct panel_model m;
	struct panel_rating rating;
	enum panel_view view;           /* of the main window, besides the rating */
	int sel;                        /* highlighted picker item */
	int inflight;                   /* the action awaiting its reply, or -1 */
	char inflight_verb[12];
	bool status_busy, status_again, noshows_busy;
	char message[300];
	char device[160];      /* a kiosk not well ("Máy lấy số 1: máy in hết giấy"), "" */
	int device_kiosk;      /* which kiosk device[] is about */
	bool message_err;
	char login[PANEL_NAME_MAX];
	char composing[PANEL_NAME_MAX];
	bool quit;
	int64_t now_ms, second_shown;
	double last_draw_ms;
	unsigned long frames;
};

/* panel_view.c */
void pv_canvas_free(struct pv_canvas *c);
/* Draws window c (main or rate) whole and, if present, shows it. */
void pv_draw(struct panel *p, struct pv_canvas *c, bool present);
/* Rating view shown in c now? */
bool pv_shows_rating(const struct panel *p, const struct pv_canvas *c);
/* Hit tests against the last drawing: an action, an item, or -1. */
int pv_hit_button(const struct pv_canvas *c, int x, int y);
int pv_hit_item(const struct pv_canvas *c, int x, int y);
/* The label a button shows (depends on the state: "Tiếp tục" when paused). */
const char *pv_action_label(const struct panel *p, enum panel_action a);

/* panel.c, for the view */
struct panel_item { char label[200]; char value[64]; };
/* The items of the picker open in the main window now. */
int panel_items(const struct panel *p, struct panel_item *items, int max);
/* The rating's five choices, best first (score 5 down to 1). */
extern const char *const panel_rating_labels[5];

#endif
