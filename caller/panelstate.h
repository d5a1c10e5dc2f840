/*
 * panelstate: the counter panel's state, free of SDL: what the display
 * last said of the counter (model), the action awaiting its reply, the
 * open picker or name entry, the citizen's rating and its timers, the
 * message line. It is driven by calls (an action asked, a reply, a push,
 * the time) and speaks to the display only through io.request, so it is
 * unit-tested alone (tests/test_panelstate.c) as the engine is; panel.c
 * turns keys, clicks and the link into these calls, and panel_view.c draws
 * a const panelstate.
 *
 * One action at a time: while an action's reply is awaited the buttons are
 * disabled, so a double press never calls two citizens. Actions are sent
 * with retry: one caught by a lost connection leaves again with its id
 * once the link is back, and the display answers it once.
 */
#ifndef GOISO_PANELSTATE_H
#define GOISO_PANELSTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "panelconf.h"
#include "proto.h"

#define PANEL_MAX_SERVICES 32
#define PANEL_MAX_NOSHOWS 40
#define PANEL_MAX_ITEMS 40
#define PANEL_NAME_MAX 64

/* What the main window shows (the rating may be in its own window). */
enum panel_view {
	PV_MAIN, PV_TRANSFER, PV_REQUEUE, PV_PAUSE, PV_LOGIN, PV_RATING
};

/* A counter's state as the display names it, parsed once from its word. */
enum counter_state { CS_UNKNOWN, CS_CLOSED, CS_OPEN, CS_SERVING, CS_PAUSED };
/* "closed", "open", "serving", "paused"; CS_UNKNOWN for anything else. */
enum counter_state counter_state_parse(const char *word);

/* The counter as the display last described it (STATUS, replies, pushes). */
struct panel_model {
	char name[PANEL_NAME_MAX];   /* "Quầy 5" */
	enum counter_state state;
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
};

/* The tags of the state's requests, which their replies come back with. */
enum panelstate_tag { PST_ACTION = 1, PST_STATUS, PST_SERVICES, PST_NOSHOWS, PST_SUB, PST_RATE };

/* How the state asks the display: a request body ("NEXT", "PAUSE
 * reason=..."), a tag its reply comes back with (panelstate_reply), and
 * whether a lost connection sends it again. 0, or -1 when it could not
 * be sent. */
struct panelstate_io {
	int (*request)(void *ud, const char *body, int tag, bool retry);
	void *ud;
};

struct panelstate {
	int counter;                    /* this counter */
	int rating_seconds;
	bool rating_window;             /* the rating has a window of its own */
	struct panelstate_io io;
	bool link_ready;                /* the display is reachable now */
	char link_reason[300];          /* why not, when it is not */
	struct panel_model m;
	struct panel_rating rating;
	enum panel_view view;           /* of the main window, besides the rating */
	int sel;                        /* highlighted picker item */
	int inflight;                   /* the action awaiting its reply, or -1 */
	char inflight_verb[12];
	bool status_busy, status_again, noshows_busy;
	char message[300];
	bool message_err;
	char device[160];      /* a kiosk not well ("Máy lấy số 1: máy in hết giấy"), "" */
	int device_kiosk;      /* which kiosk device[] is about */
	char login[PANEL_NAME_MAX];
	char composing[PANEL_NAME_MAX];
	int64_t now_ms, second_shown;
	/* For the shell (panel.c), which clears them once acted on: */
	bool dirty;            /* something shown changed: redraw */
	bool raise_rating;     /* a rating began: bring its window to the front */
	bool text_input;       /* the name entry is open: the shell takes text */
};

/* A picker's row: what it shows, and what choosing it sends. */
struct panel_item { char label[200]; char value[64]; };

/* The rating's five choices, best first (score 5 down to 1). */
extern const char *const panel_rating_labels[5];

void panelstate_init(struct panelstate *s, int counter, int rating_seconds, bool rating_window,
                     const struct panelstate_io *io, int64_t now_ms);
/* The link came up (ask for everything again), or changed: ready or not,
 * and why not. */
void panelstate_ready(struct panelstate *s);
void panelstate_link(struct panelstate *s, bool ready, const char *reason);
/* A reply to a request of tag, or a pushed event. */
void panelstate_reply(struct panelstate *s, int tag, const struct proto_msg *m);
void panelstate_push(struct panelstate *s, const struct proto_msg *m);

/* Whether the action is possible now (its button not dimmed). */
bool panelstate_enabled(const struct panelstate *s, enum panel_action a);
/* An action asked by a key or a button. */
void panelstate_act(struct panelstate *s, enum panel_action a);
/* In a picker: choose item i, move the highlight, or go back. */
void panelstate_choose(struct panelstate *s, int i);
void panelstate_move(struct panelstate *s, int delta);
void panelstate_cancel(struct panelstate *s);
/* The name entry: text typed, text being composed, a character erased,
 * the name sent. */
void panelstate_type(struct panelstate *s, const char *text);
void panelstate_compose(struct panelstate *s, const char *text);
void panelstate_erase(struct panelstate *s);
void panelstate_submit_login(struct panelstate *s);
/* The citizen's choice, 1..5 (5 best). */
void panelstate_rate(struct panelstate *s, int score);
/* The rating shown in the main window now (else the panel). */
bool panelstate_rating_shown(const struct panelstate *s);

/* The clock: closes a rating out of time, ends the thanks, ticks the
 * countdown. Returns the ms until it wants to run again (-1: no need). */
int panelstate_tick(struct panelstate *s, int64_t now_ms);

/* The rows of the picker open now. */
int panelstate_items(const struct panelstate *s, struct panel_item *items, int max);
/* The label a button shows ("Tiếp tục" when paused). */
const char *panelstate_action_label(const struct panelstate *s, enum panel_action a);

#endif
