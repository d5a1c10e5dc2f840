/*
 * vinum: Vietnamese number words (see vinum.h). A reading is first built
 * as a list of word ids, then turned into text or clip names, so the words
 * printed by `--words` and the clips played can never disagree.
 */
#include "vinum.h"

#include <stdio.h>
#include <string.h>

/* Word ids: 0..9 are the digits as read alone. */
enum {
	W_KHONG, W_MOT, W_HAI, W_BA, W_BON, W_NAM, W_SAU, W_BAY, W_TAM, W_CHIN,
	W_MOT_SAC, W_TU, W_LAM, W_MUOI_HUYEN, W_MUOI_NGANG, W_TRAM, W_NGHIN,
	W_NGAN, W_LINH, W_LE,
	W_LETTER_A,                    /* then B..Z */
	W_COUNT_ = W_LETTER_A + 26,
	W_SEP = -1                     /* a comma: text only, no clip */
};

static const struct { const char *clip, *text; } words[W_COUNT_] = {
	{"khong", "không"}, {"mot", "một"}, {"hai", "hai"}, {"ba", "ba"},
	{"bon", "bốn"}, {"nam", "năm"}, {"sau", "sáu"}, {"bay", "bảy"},
	{"tam", "tám"}, {"chin", "chín"},
	{"mot_sac", "mốt"}, {"tu", "tư"}, {"lam", "lăm"},
	{"muoi", "mười"}, {"muoi_ngang", "mươi"}, {"tram", "trăm"},
	{"nghin", "nghìn"}, {"ngan", "ngàn"}, {"linh", "linh"}, {"le", "lẻ"},
	/* Letter names as a Vietnamese announcer says them; F, J, W, Z are
	 * not in the Vietnamese alphabet and get their usual loan names. */
	{"chu_a", "a"}, {"chu_b", "bê"}, {"chu_c", "xê"}, {"chu_d", "dê"},
	{"chu_e", "e"}, {"chu_f", "ép"}, {"chu_g", "giê"}, {"chu_h", "hát"},
	{"chu_i", "i"}, {"chu_j", "gi"}, {"chu_k", "ca"}, {"chu_l", "e lờ"},
	{"chu_m", "em mờ"}, {"chu_n", "en nờ"}, {"chu_o", "o"}, {"chu_p", "pê"},
	{"chu_q", "quy"}, {"chu_r", "e rờ"}, {"chu_s", "ét xì"}, {"chu_t", "tê"},
	{"chu_u", "u"}, {"chu_v", "vê"}, {"chu_w", "vê kép"}, {"chu_x", "ích xì"},
	{"chu_y", "i dài"}, {"chu_z", "dét"},
};

const struct vinum_opts vinum_defaults = { VINUM_FULL, false, false, false };

const char *vinum_strerror(int err)
{
	switch (err) {
	case VINUM_ERANGE: return "number out of range 0..999999";
	case VINUM_ESPACE: return "output too long";
	case VINUM_EEMPTY: return "label has no letter or digit";
	default: return err < 0 ? "unknown error" : "ok";
	}
}

struct ids {
	int v[VINUM_MAX_CLIPS * 2];
	int n;
};

static int push(struct ids *w, int id)
{
	if (w->n >= (int)(sizeof w->v / sizeof w->v[0])) return VINUM_ESPACE;
	w->v[w->n++] = id;
	return 0;
}

/* The units digit u after "mươi" (tens >= 2): 1 "mốt", 4 "tư", 5 "lăm". */
static int unit_after_muoi(int u, const struct vinum_opts *o)
{
	switch (u) {
	case 1: return W_MOT_SAC;
	case 4: return o->bon ? W_BON : W_TU;
	case 5: return W_LAM;
	default: return u;
	}
}

/* One group of three digits h t u. lead: the most significant group, which
 * does not say "không trăm" when h is 0 (5 is "năm", but 1005 is "một nghìn
 * không trăm linh năm"). */
static void group(struct ids *w, int h, int t, int u, bool lead,
                  const struct vinum_opts *o)
{
	bool hundreds = !lead || h > 0;
	if (hundreds) {
		push(w, h);
		push(w, W_TRAM);
	}
	if (t == 0) {
		if (u == 0) return;
		if (hundreds) push(w, o->le ? W_LE : W_LINH);
		push(w, u);                   /* 105 "linh năm", 101 "linh một" */
	} else if (t == 1) {
		push(w, W_MUOI_HUYEN);
		if (u == 5) push(w, W_LAM);   /* 15 "mười lăm", 14 "mười bốn" */
		else if (u > 0) push(w, u);
	} else {
		push(w, t);
		push(w, W_MUOI_NGANG);
		if (u > 0) push(w, unit_after_muoi(u, o));
	}
}

static int number_ids(long n, const struct vinum_opts *o, struct ids *w)
{
	if (n < 0 || n > VINUM_MAX) return VINUM_ERANGE;
	if (o->reading == VINUM_DIGITS) {
		char d[16];
		int len = snprintf(d, sizeof d, "%ld", n);
		for (int i = 0; i < len; i++) {
			if (i > 0) push(w, W_SEP);
			push(w, d[i] - '0');
		}
		return 0;
	}
	if (n == 0) return push(w, W_KHONG);
	int hi = (int)(n / 1000), lo = (int)(n % 1000);
	if (hi > 0) {
		group(w, hi / 100, hi / 10 % 10, hi % 10, true, o);
		push(w, o->ngan ? W_NGAN : W_NGHIN);
		if (lo > 0) group(w, lo / 100, lo / 10 % 10, lo % 10, false, o);
	} else {
		group(w, lo / 100, lo / 10 % 10, lo % 10, true, o);
	}
	return 0;
}

/* Letters by name, digit runs as numbers; other characters are ignored.
 * A digit run too long for a number is read digit by digit. */
static int label_ids(const char *label, const struct vinum_opts *o, struct ids *w)
{
	const char *p = label;
	while (*p) {
		char c = *p;
		if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
		if (c >= 'A' && c <= 'Z') {
			if (w->n > 0) push(w, W_SEP);
			push(w, W_LETTER_A + (c - 'A'));
			p++;
		} else if (c >= '0' && c <= '9') {
			long n = 0;
			int len = 0;
			while (p[len] >= '0' && p[len] <= '9') {
				if (len < 7) n = n * 10 + (p[len] - '0');
				len++;
			}
			struct vinum_opts d = *o;
			if (len > 6 || n > VINUM_MAX) d.reading = VINUM_DIGITS;
			if (w->n > 0) push(w, W_SEP);
			if (d.reading == VINUM_DIGITS) {
				for (int i = 0; i < len; i++) {
					if (i > 0) push(w, W_SEP);
					push(w, p[i] - '0');
				}
			} else {
				number_ids(n, &d, w);
			}
			p += len;
		} else {
			p++;
		}
	}
	if (w->n >= (int)(sizeof w->v / sizeof w->v[0])) return VINUM_ESPACE;
	return w->n > 0 ? 0 : VINUM_EEMPTY;
}

static int ids_text(const struct ids *w, char *out, size_t len)
{
	size_t at = 0;
	if (len == 0) return VINUM_ESPACE;
	out[0] = 0;
	for (int i = 0; i < w->n; i++) {
		const char *s = w->v[i] == W_SEP ? "," : words[w->v[i]].text;
		const char *sp = (i == 0 || w->v[i] == W_SEP) ? "" : " ";
		int k = snprintf(out + at, len - at, "%s%s", sp, s);
		if (k < 0 || (size_t)k >= len - at) return VINUM_ESPACE;
		at += (size_t)k;
	}
	return (int)at;
}

static int ids_clips(const struct ids *w, const char **clips, int max)
{
	int n = 0;
	for (int i = 0; i < w->n; i++) {
		if (w->v[i] == W_SEP) continue;
		if (n >= max) return VINUM_ESPACE;
		clips[n++] = words[w->v[i]].clip;
	}
	return n;
}

int vinum_words(long n, const struct vinum_opts *o, char *out, size_t len)
{
	struct ids w = {.n = 0};
	int r = number_ids(n, o ? o : &vinum_defaults, &w);
	return r < 0 ? r : ids_text(&w, out, len);
}

int vinum_label_words(const char *label, const struct vinum_opts *o,
                      char *out, size_t len)
{
	struct ids w = {.n = 0};
	int r = label_ids(label, o ? o : &vinum_defaults, &w);
	return r < 0 ? r : ids_text(&w, out, len);
}

int vinum_number_clips(long n, const struct vinum_opts *o,
                       const char **clips, int max)
{
	struct ids w = {.n = 0};
	int r = number_ids(n, o ? o : &vinum_defaults, &w);
	return r < 0 ? r : ids_clips(&w, clips, max);
}

int vinum_label_clips(const char *label, const struct vinum_opts *o,
                      const char **clips, int max)
{
	struct ids w = {.n = 0};
	int r = label_ids(label, o ? o : &vinum_defaults, &w);
	return r < 0 ? r : ids_clips(&w, clips, max);
}

int vinum_nclips(void) { return W_COUNT_; }

const char *vinum_clip_name(int i)
{
	return i >= 0 && i < W_COUNT_ ? words[i].clip : NULL;
}

const char *vinum_clip_text(int i)
{
	return i >= 0 && i < W_COUNT_ ? words[i].text : NULL;
}
