/*
 * layout: the board's geometry (see layout.h for the contract).
 *
 * Landscape:                          Portrait:
 *   +--------------------------------+  +--------------+
 *   | name                date clock |  | name         |
 *   +------------------------+-------+  | date   clock |
 *   | call: Số A023 → Quầy 5 |recent |  +--------------+
 *   +------------------------+       |  | call         |
 *   | counter tiles          |-------|  +--------------+
 *   |                        |waiting|  | tiles        |
 *   +------------------------+-------+  +-------+------+
 *   | ticker            status       |  |recent |waiting|
 *   +--------------------------------+  +-------+------+
 *                                       | ticker       |
 *                                       +--------------+
 * Sizes are fractions of the screen, so a 4K board is a 1080p board twice
 * as large. The tile grid is the one shape (columns x rows) that gives the
 * largest ticket digits for the number of counters.
 */
#include "layout.h"

#include <string.h>

static struct layout_rect rect(int x, int y, int w, int h)
{
	struct layout_rect r = { x, y, w < 0 ? 0 : w, h < 0 ? 0 : h };
	return r;
}

/* Cuts the top h pixels off *r (plus gap below them) and returns them. */
static struct layout_rect cut_top(struct layout_rect *r, int h, int gap)
{
	if (h > r->h) h = r->h;
	struct layout_rect t = rect(r->x, r->y, r->w, h);
	int used = h + gap > r->h ? r->h : h + gap;
	r->y += used;
	r->h -= used;
	return t;
}

static struct layout_rect cut_bottom(struct layout_rect *r, int h, int gap)
{
	if (h > r->h) h = r->h;
	struct layout_rect t = rect(r->x, r->y + r->h - h, r->w, h);
	int used = h + gap > r->h ? r->h : h + gap;
	r->h -= used;
	return t;
}

static struct layout_rect cut_left(struct layout_rect *r, int w, int gap)
{
	if (w > r->w) w = r->w;
	struct layout_rect t = rect(r->x, r->y, w, r->h);
	int used = w + gap > r->w ? r->w : w + gap;
	r->x += used;
	r->w -= used;
	return t;
}

static struct layout_rect cut_right(struct layout_rect *r, int w, int gap)
{
	if (w > r->w) w = r->w;
	struct layout_rect t = rect(r->x + r->w - w, r->y, w, r->h);
	int used = w + gap > r->w ? r->w : w + gap;
	r->w -= used;
	return t;
}

static struct layout_rect inset(struct layout_rect r, int p)
{
	if (2 * p > r.w || 2 * p > r.h) p = (r.w < r.h ? r.w : r.h) / 4;
	return rect(r.x + p, r.y + p, r.w - 2 * p, r.h - 2 * p);
}

/* Largest px whose line fits a box h pixels tall. */
static int line_px(int h)
{
	return (int)(h / LAYOUT_LINE_RATIO);
}

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

/* ---- the counter tiles -------------------------------------------------- */

/* Width per px of the widest ticket label, in 1/1000 px. */
static long ticket_em(const struct layout_in *in)
{
	const char *s = in->ticket_sample && *in->ticket_sample ? in->ticket_sample : "A000";
	int w = in->measure ? in->measure(in->ud, s, 100) : 240;
	return w > 0 ? (long)w * 10 : 2400;
}

/* Cuts a tile into its parts; returns the ticket px this tile allows. */
static int tile_parts(struct layout_tile *t, struct layout_rect r, long em, int min_px)
{
	int p = imax(2, imin(r.w, r.h) / 24);
	struct layout_rect in = inset(r, p);
	/* Small tiles give their label and state lines at least the smallest
	 * readable size, taking it from the ticket. */
	int min_line = (int)(min_px * LAYOUT_LINE_RATIO) + 1;
	int lh = imax(in.h * 20 / 100, imin(min_line, in.h * 30 / 100));
	int sh = imax(in.h * 17 / 100, imin(min_line, in.h * 26 / 100));
	t->r = r;
	t->label = cut_top(&in, lh, 0);
	t->state = cut_bottom(&in, sh, 0);
	t->mark = cut_right(&t->label, imin(t->label.w / 3, lh * 2), p);
	t->ticket = in;
	int by_h = (int)(in.h * 0.92 / LAYOUT_CAP_RATIO);
	int by_w = (int)(in.w * 1000L / em);
	return imin(by_h, by_w);
}

static void place_tiles(const struct layout_in *in, struct layout *o, int gap)
{
	struct layout_rect area = o->box[LAYOUT_COUNTERS];
	struct layout_tile t;
	long em = ticket_em(in);
	int n = o->ntiles, best_px = -1, best_cols = 1;
	for (int cols = 1; cols <= n; cols++) {
		int rows = (n + cols - 1) / cols;
		if (cols > 1 && (cols - 1) * rows >= n) continue; /* same rows, fewer cols */
		int tw = (area.w - (cols - 1) * gap) / cols;
		int th = (area.h - (rows - 1) * gap) / rows;
		if (tw < 8 || th < 8) continue;
		int px = tile_parts(&t, rect(0, 0, tw, th), em, o->min_px);
		if (px > best_px) { best_px = px; best_cols = cols; }
	}
	if (best_px < 0 && n > 1) { /* not even 8x8 tiles: show fewer */
		o->ntiles = n - 1;
		place_tiles(in, o, gap);
		return;
	}
	o->cols = n ? best_cols : 0;
	o->rows = n ? (n + best_cols - 1) / best_cols : 0;
	if (!n) return;
	int tw = imax(0, (area.w - (o->cols - 1) * gap) / o->cols);
	int th = imax(0, (area.h - (o->rows - 1) * gap) / o->rows);
	for (int i = 0; i < n; i++) {
		int c = i % o->cols, rr = i / o->cols;
		struct layout_rect r = rect(area.x + c * (tw + gap), area.y + rr * (th + gap), tw, th);
		int px = tile_parts(&o->tile[i], r, em, o->min_px);
		if (i == 0) {
			/* The newest call stays the largest text on the board. */
			o->ticket_px = imax(1, imin(px, o->call_px));
			o->label_px = imax(1, imin(line_px(o->tile[0].label.h), o->height * 45 / 1000));
			o->state_px = imax(1, imin(line_px(o->tile[0].state.h), o->height * 38 / 1000));
			o->mark_px = imax(1, line_px(o->tile[0].mark.h) * 85 / 100);
		}
	}
}

/* ---- panels ------------------------------------------------------------- */

static void place_recent(struct layout *o, int pad)
{
	struct layout_rect r = inset(o->box[LAYOUT_RECENT], pad);
	int rh = r.h / (LAYOUT_NRECENT + 1);
	o->recent_head = cut_top(&r, rh, 0);
	o->head_px = line_px(rh * 9 / 10);
	o->row_px = line_px(rh * 9 / 10);
	for (int i = 0; i < LAYOUT_NRECENT; i++) {
		struct layout_rect row = cut_top(&r, rh, 0);
		int cw = row.w;
		o->recent_cell[i][0] = cut_left(&row, cw * 34 / 100, pad);
		o->recent_cell[i][2] = cut_right(&row, cw * 26 / 100, pad);
		o->recent_cell[i][1] = row;
	}
}

static void place_waiting(const struct layout_in *in, struct layout *o, int pad)
{
	struct layout_rect r = inset(o->box[LAYOUT_WAITING], pad);
	int want = imin(imax(in->nservices, 0), LAYOUT_MAX_WAITING);
	int rh = o->recent_head.h;
	o->waiting_head = cut_top(&r, rh, 0);
	if (want && r.h / want < rh) rh = r.h / want;
	int min_h = (int)(o->min_px * LAYOUT_LINE_RATIO) + 1;
	if (rh < min_h) rh = min_h;
	o->nwaiting = imin(want, rh ? r.h / rh : 0);
	o->wait_px = imin(o->row_px, line_px(rh * 9 / 10));
	for (int i = 0; i < o->nwaiting; i++) {
		struct layout_rect row = cut_top(&r, rh, 0);
		o->waiting_count[i] = cut_right(&row, row.w * 22 / 100, pad);
		o->waiting_name[i] = row;
	}
}

/* ---- the whole screen --------------------------------------------------- */

static void place_header(struct layout *o, int m, int gap)
{
	struct layout_rect h = inset(o->box[LAYOUT_HEADER], m / 2);
	h = rect(h.x + m / 2, h.y, h.w - m, h.h);
	if (o->portrait) {
		o->box[LAYOUT_NAME] = cut_top(&h, h.h * 55 / 100, 0);
		o->box[LAYOUT_CLOCK] = cut_right(&h, h.w * 40 / 100, gap);
		o->box[LAYOUT_DATE] = h;
		o->name_px = line_px(o->box[LAYOUT_NAME].h);
		o->clock_px = o->date_px = line_px(o->box[LAYOUT_DATE].h);
	} else {
		o->box[LAYOUT_CLOCK] = cut_right(&h, h.w * 14 / 100, gap);
		o->box[LAYOUT_DATE] = cut_right(&h, h.w * 20 / 100, gap);
		o->box[LAYOUT_NAME] = h;
		o->name_px = line_px(h.h) * 80 / 100;
		o->clock_px = line_px(h.h);
		o->date_px = line_px(h.h) * 60 / 100;
	}
}

static void place_call(struct layout *o, int pad)
{
	struct layout_rect c = inset(o->box[LAYOUT_CALL], pad);
	o->box[LAYOUT_CAPTION] = cut_top(&c, c.h * 21 / 100, 0);
	o->box[LAYOUT_CALLTEXT] = c;
	o->caption_px = line_px(o->box[LAYOUT_CAPTION].h);
	o->call_px = line_px(c.h);
}

static void place_ticker(struct layout *o, int m, int gap)
{
	struct layout_rect t = o->box[LAYOUT_TICKER];
	t = rect(t.x + m, t.y, t.w - 2 * m, t.h);
	o->box[LAYOUT_STATUS] = cut_right(&t, t.w * (o->portrait ? 34 : 24) / 100, gap);
	o->box[LAYOUT_TICKTEXT] = t;
	o->ticker_px = line_px(t.h) * 90 / 100;
	o->status_px = imax(o->min_px, o->ticker_px * 55 / 100);
}

int layout_compute(const struct layout_in *in, struct layout *o)
{
	memset(o, 0, sizeof *o);
	if (!in || in->width < 160 || in->height < 120) return -1;
	int W = in->width, H = in->height, s = imin(W, H);
	int m = imax(4, s * 12 / 1000), gap = m;
	o->width = W;
	o->height = H;
	o->portrait = H > W;
	o->min_px = imax(9, s * 14 / 1000);
	o->ntiles = imin(imax(in->ntiles, 0), LAYOUT_MAX_TILES);

	struct layout_rect all = rect(0, 0, W, H);
	o->box[LAYOUT_HEADER] = cut_top(&all, H * (o->portrait ? 70 : 85) / 1000, 0);
	o->box[LAYOUT_TICKER] = cut_bottom(&all, H * (o->portrait ? 35 : 60) / 1000, 0);
	struct layout_rect body = inset(all, m);
	if (o->portrait) {
		o->box[LAYOUT_CALL] = cut_top(&body, H * 12 / 100, gap);
		struct layout_rect band = cut_bottom(&body, H * 20 / 100, gap);
		o->box[LAYOUT_WAITING] = cut_right(&band, band.w * 45 / 100, gap);
		o->box[LAYOUT_RECENT] = band;
	} else {
		struct layout_rect side = cut_right(&body, W * 27 / 100, gap);
		o->box[LAYOUT_RECENT] = cut_top(&side, side.h * 58 / 100, gap);
		o->box[LAYOUT_WAITING] = side;
		o->box[LAYOUT_CALL] = cut_top(&body, H * 22 / 100, gap);
	}
	o->box[LAYOUT_COUNTERS] = body;
	place_header(o, m, gap);
	place_call(o, m / 2);     /* before the tiles: call_px caps ticket_px */
	place_ticker(o, m, gap);
	place_tiles(in, o, gap);
	place_recent(o, m / 2);
	place_waiting(in, o, m / 2);
	return 0;
}

/* ---- fitting text ------------------------------------------------------- */

/* Combining marks a cut must not separate from their base letter. */
static bool is_combining(unsigned cp)
{
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* Decodes the sequence at s (len bytes left); returns its length (1 for an
 * invalid byte, decoded as U+FFFD). */
static size_t utf8_next(const unsigned char *s, size_t len, unsigned *cp)
{
	unsigned c = s[0];
	size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
	if (n == 0 || n > len) { *cp = 0xFFFD; return 1; }
	unsigned v = n == 1 ? c : c & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
		v = v << 6 | (s[i] & 0x3F);
	}
	*cp = v;
	return n;
}

size_t layout_utf8_cut(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = strlen(str), i = 0, last = 0;
	while (i < len) {
		unsigned cp;
		size_t k = utf8_next(s + i, len - i, &cp);
		if (i + k > n) break;
		i += k;
		/* A boundary is good when what follows is not a combining mark. */
		unsigned nextcp = 0;
		if (i < len) utf8_next(s + i, len - i, &nextcp);
		if (i >= len || !is_combining(nextcp)) last = i;
	}
	return last;
}

static void copy_cut(char *out, size_t outlen, const char *s, size_t n)
{
	if (!outlen) return;
	if (n >= outlen) n = layout_utf8_cut(s, outlen - 1);
	memcpy(out, s, n);
	out[n] = 0;
}

/* The prefix of s of at most n bytes, trimmed of trailing spaces, + "…". */
static void ellipsized(char *buf, size_t buflen, const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '-' || s[n - 1] == ',')) n--;
	copy_cut(buf, buflen > 4 ? buflen - 3 : 1, s, n);
	if (buflen > 4) strcat(buf, "\xE2\x80\xA6");
}

static int shrink(layout_measure_fn measure, void *ud, const char *s, int w,
                  int max_px, int min_px)
{
	int wmax = measure(ud, s, max_px);
	if (wmax <= w) return max_px;
	/* Width is near proportional to px: jump close, then step down. */
	int px = (int)((long)max_px * w / (wmax ? wmax : 1));
	if (px >= max_px) px = max_px - 1;
	while (px >= min_px && measure(ud, s, px) > w) px = px > 40 ? px * 97 / 100 : px - 1;
	return px >= min_px ? px : -1;
}

int layout_fit_text(layout_measure_fn measure, void *ud, const char *utf8,
                    int w, int max_px, int min_px, char *out, size_t outlen)
{
	if (!outlen) return min_px;
	out[0] = 0;
	if (max_px < 1) max_px = 1;
	if (min_px > max_px) min_px = max_px;
	if (min_px < 1) min_px = 1;
	if (!utf8 || !*utf8) return max_px;
	size_t len = strlen(utf8);
	int px = len < outlen ? shrink(measure, ud, utf8, w, max_px, min_px) : -1;
	if (px > 0) {
		copy_cut(out, outlen, utf8, len);
		return px;
	}
	/* Binary search on the cut: the longest prefix + "…" that fits. */
	size_t lo = 0, hi = len < outlen ? len : outlen - 1;
	char buf[1024];
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2, cut = layout_utf8_cut(utf8, mid);
		ellipsized(buf, sizeof buf < outlen ? sizeof buf : outlen, utf8, cut);
		if (cut > lo && measure(ud, buf, min_px) <= w) lo = cut;
		else hi = mid - 1;
	}
	ellipsized(buf, sizeof buf < outlen ? sizeof buf : outlen, utf8, lo);
	if (measure(ud, buf, min_px) > w) buf[0] = 0;
	copy_cut(out, outlen, buf, strlen(buf));
	return min_px;
}

bool layout_rect_inside(struct layout_rect in, struct layout_rect out)
{
	return in.x >= out.x && in.y >= out.y && in.w >= 0 && in.h >= 0 &&
	       in.x + in.w <= out.x + out.w && in.y + in.h <= out.y + out.h;
}

bool layout_rect_overlap(struct layout_rect a, struct layout_rect b)
{
	if (a.w <= 0 || a.h <= 0 || b.w <= 0 || b.h <= 0) return false;
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
