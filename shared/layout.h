/*
 * layout: where everything goes on the wall board (pure C).
 *
 * Given the screen size and what there is to show (how many counter tiles,
 * how many services), layout_compute() cuts the screen into rectangles and
 * picks a font size for each kind of text. It knows nothing of SDL: the
 * width of a text at a font size comes from a measure callback, so the
 * renderer passes TTF_SizeUTF8 and the unit tests a simple formula.
 *
 * Font sizes are SDL_ttf point sizes at 72 dpi, i.e. pixels per em.
 * A text box is at least LAYOUT_LINE_RATIO * px tall (the font's line with
 * room for Vietnamese stacked marks); a ticket box is at least
 * LAYOUT_CAP_RATIO * px tall, since ticket labels are capitals and digits
 * that the renderer aligns on their cap height.
 *
 * layout_fit_text() makes a text fit its box: the largest size not above the
 * layout's that fits, down to a minimum, then cut at a character boundary
 * with an ellipsis. It never cuts inside a UTF-8 sequence nor before a
 * combining mark.
 */
#ifndef GOISO_LAYOUT_H
#define GOISO_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#define LAYOUT_MAX_TILES 256
#define LAYOUT_NRECENT 8
#define LAYOUT_MAX_WAITING 32
/* Line height / px of the board's fonts (Noto Sans 1.362, DejaVu 1.164). */
#define LAYOUT_LINE_RATIO 1.37
/* Height of capitals and digits / px (Noto Sans 0.714, DejaVu 0.729). */
#define LAYOUT_CAP_RATIO 0.714

/* Width in pixels of utf8 drawn at font size px. Must grow with px and with
 * the text's length. */
typedef int (*layout_measure_fn)(void *ud, const char *utf8, int px);

struct layout_rect { int x, y, w, h; };

enum layout_box {
	LAYOUT_HEADER,    /* band: center name, date, clock */
	LAYOUT_NAME,      /* center name (inside the header) */
	LAYOUT_DATE,
	LAYOUT_CLOCK,
	LAYOUT_CALL,      /* the newest call, large */
	LAYOUT_CAPTION,   /* "Xin mời công dân có số" line (inside the call) */
	LAYOUT_CALLTEXT,  /* "Số A023 → Quầy 5" (inside the call) */
	LAYOUT_COUNTERS,  /* area of the counter tiles */
	LAYOUT_RECENT,    /* panel: last calls */
	LAYOUT_WAITING,   /* panel: waiting per service */
	LAYOUT_TICKER,    /* band at the bottom */
	LAYOUT_TICKTEXT,  /* scrolling text (inside the ticker) */
	LAYOUT_STATUS,    /* warnings, right end of the ticker band */
	LAYOUT_BOX_COUNT_
};

/* One counter tile: a label line (number and name) with the state at its
 * right, then the current ticket large, with the priority mark beside it. */
struct layout_tile {
	struct layout_rect r, label, state, ticket, mark;
};

struct layout_in {
	int width, height;     /* screen in pixels */
	int ntiles;            /* counter tiles to show (clamped to 256) */
	int nservices;         /* rows wanted in the waiting panel */
	const char *ticket_sample; /* widest ticket label, e.g. "A000" */
	layout_measure_fn measure;
	void *ud;
};

struct layout {
	int width, height;
	bool portrait;
	struct layout_rect box[LAYOUT_BOX_COUNT_];
	/* Counter tiles, row by row. */
	int cols, rows, ntiles;
	struct layout_tile tile[LAYOUT_MAX_TILES];
	/* Panels: a heading, then rows of cells. */
	struct layout_rect recent_head, recent_cell[LAYOUT_NRECENT][3];
	struct layout_rect waiting_head, waiting_name[LAYOUT_MAX_WAITING],
	                   waiting_count[LAYOUT_MAX_WAITING];
	int nwaiting;          /* waiting rows that fit (<= nservices) */
	/* Font sizes (px) of each kind of text. */
	int name_px, date_px, clock_px;
	int caption_px, call_px;
	int label_px, state_px, ticket_px, mark_px;
	int head_px, row_px, wait_px;
	int ticker_px, status_px;
	int min_px;            /* smallest size text is shrunk to */
};

/* Fills out for in. Every rectangle lies inside the screen; boxes of the
 * same level never overlap. Returns 0, or -1 when the screen is smaller
 * than 160x120 (out is then zeroed). */
int layout_compute(const struct layout_in *in, struct layout *out);

/* Fits utf8 into a box w pixels wide: returns the largest size in
 * [min_px, max_px] at which measure says it fits, writing utf8 to out; if
 * none, returns min_px and writes the longest prefix that fits followed by
 * "…" (or "" if not even that fits). out is always NUL-terminated. */
int layout_fit_text(layout_measure_fn measure, void *ud, const char *utf8,
                    int w, int max_px, int min_px, char *out, size_t outlen);

/* Byte length of the longest prefix of s (at most n bytes) that ends on a
 * character boundary and not before a combining mark. */
size_t layout_utf8_cut(const char *s, size_t n);

bool layout_rect_inside(struct layout_rect in, struct layout_rect out);
bool layout_rect_overlap(struct layout_rect a, struct layout_rect b);

#endif
