/*
 * playlist: template parsing and expansion (see playlist.h). The template
 * is parsed once at start so that a mistake in the config is reported then,
 * and building a call's list is a walk over a few tokens.
 */
#include "playlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 64
#define NAME_MAX_ 64

enum tok_kind { T_CLIP, T_TICKET, T_COUNTER, T_PAUSE };

struct token {
	enum tok_kind kind;
	char name[NAME_MAX_];
	int ms;
};

struct part {
	struct token t[MAX_TOKENS];
	int n;
};

struct playlist {
	struct part intro, body, brief;   /* brief: the short template */
	int repeat, pause_ms;
	struct vinum_opts num;
};

const struct playlist_opts playlist_defaults = {
	.intro = "chime",
	.tmpl = "xin_moi_cong_dan_co_so_thu_tu, {ticket}, den_quay_so, {counter}",
	.short_tmpl = "{ticket}, quay, {counter}",
	.repeat = 1,
	.pause_ms = 700,
	.num = { VINUM_FULL, false, false, false },
};

static int valid_clip_name(const char *s)
{
	if (!*s) return 0;
	for (; *s; s++)
		if (!(*s == '_' || *s == '-' || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/* One word of the template into tok. Returns 0 or -1 with err filled. */
static int parse_token(const char *w, const char *what, struct token *tok,
                       char *err, size_t errlen)
{
	size_t len = strlen(w);
	memset(tok, 0, sizeof *tok);
	if (w[0] == '{') {
		char *end;
		if (strcmp(w, "{ticket}") == 0) { tok->kind = T_TICKET; return 0; }
		if (strcmp(w, "{counter}") == 0) { tok->kind = T_COUNTER; return 0; }
		if (strncmp(w, "{pause=", 7) == 0) {
			long ms = strtol(w + 7, &end, 10);
			if (end != w + 7 && strcmp(end, "}") == 0 && ms >= 0 && ms <= 10000) {
				tok->kind = T_PAUSE;
				tok->ms = (int)ms;
				return 0;
			}
		}
		snprintf(err, errlen, "%s: unknown placeholder '%s'", what, w);
		return -1;
	}
	if (len > 4 && strcmp(w + len - 4, ".wav") == 0) len -= 4;
	if (len >= NAME_MAX_) len = NAME_MAX_ - 1;
	memcpy(tok->name, w, len);
	tok->name[len] = 0;
	if (!valid_clip_name(tok->name)) {
		snprintf(err, errlen, "%s: bad clip name '%s'", what, w);
		return -1;
	}
	tok->kind = T_CLIP;
	return 0;
}

static int parse_part(const char *text, const char *what, struct part *p,
                      char *err, size_t errlen)
{
	p->n = 0;
	if (!text) return 0;
	const char *s = text;
	for (;;) {
		s += strspn(s, ", \t");
		if (!*s) return 0;
		size_t len = strcspn(s, ", \t");
		char w[NAME_MAX_ + 8];
		if (len >= sizeof w || p->n >= MAX_TOKENS) {
			snprintf(err, errlen, "%s: too long near '%.20s'", what, s);
			return -1;
		}
		memcpy(w, s, len);
		w[len] = 0;
		if (parse_token(w, what, &p->t[p->n], err, errlen) < 0) return -1;
		p->n++;
		s += len;
	}
}

struct playlist *playlist_new(const struct playlist_opts *o, char *err, size_t errlen)
{
	if (o->repeat < 1 || o->repeat > PLAYLIST_MAX_REPEAT) {
		snprintf(err, errlen, "repeat must be 1..%d", PLAYLIST_MAX_REPEAT);
		return NULL;
	}
	if (o->pause_ms < 0 || o->pause_ms > 10000) {
		snprintf(err, errlen, "pause_ms must be 0..10000");
		return NULL;
	}
	struct playlist *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (parse_part(o->intro, "template", &p->intro, err, errlen) < 0 ||
	    parse_part(o->tmpl, "template", &p->body, err, errlen) < 0 ||
	    parse_part(o->short_tmpl, "short_template", &p->brief, err, errlen) < 0) {
		free(p);
		return NULL;
	}
	if (p->intro.n + p->body.n == 0) {
		snprintf(err, errlen, "template: empty");
		free(p);
		return NULL;
	}
	p->repeat = o->repeat;
	p->pause_ms = o->pause_ms;
	p->num = o->num;
	return p;
}

void playlist_free(struct playlist *p) { free(p); }

struct out { struct playlist_item *v; int n, max; };

static int put(struct out *o, const char *clip, int ms)
{
	if (o->n >= o->max) return PLAYLIST_ESPACE;
	o->v[o->n].clip = clip;
	o->v[o->n].pause_ms = ms;
	o->n++;
	return 0;
}

/* Appends a reading's clips; r is the count from vinum or an error. */
static int put_words(struct out *o, const char **w, int r)
{
	if (r < 0) return r;
	for (int i = 0; i < r; i++)
		if (put(o, w[i], 0) < 0) return PLAYLIST_ESPACE;
	return 0;
}

static int expand(const struct playlist *p, const struct part *part,
                  const char *label, int counter, struct out *o)
{
	const char *w[VINUM_MAX_CLIPS];
	struct vinum_opts full = p->num;
	full.reading = VINUM_FULL;
	for (int i = 0; i < part->n; i++) {
		const struct token *t = &part->t[i];
		int r = 0;
		switch (t->kind) {
		case T_CLIP: r = put(o, t->name, 0); break;
		case T_PAUSE: r = put(o, NULL, t->ms); break;
		case T_TICKET:
			r = put_words(o, w, vinum_label_clips(label, &p->num, w, VINUM_MAX_CLIPS));
			break;
		case T_COUNTER:
			r = put_words(o, w, vinum_number_clips(counter, &full, w, VINUM_MAX_CLIPS));
			break;
		}
		if (r < 0) return r;
	}
	return 0;
}

int playlist_build(const struct playlist *p, const char *label, int counter,
                   struct playlist_item *out, int max)
{
	return playlist_build_form(p, PLAYLIST_FULL, label, counter, out, max);
}

int playlist_has_short(const struct playlist *p) { return p->brief.n > 0; }

int playlist_build_form(const struct playlist *p, enum playlist_form form,
                        const char *label, int counter,
                        struct playlist_item *out, int max)
{
	struct out o = { out, 0, max };
	if (counter < 0 || counter > VINUM_MAX) return PLAYLIST_ECOUNTER;
	if (form == PLAYLIST_SHORT && p->brief.n > 0) {
		int r = expand(p, &p->brief, label, counter, &o);
		return r < 0 ? r : o.n;
	}
	int r = expand(p, &p->intro, label, counter, &o);
	for (int k = 0; r == 0 && k < p->repeat; k++) {
		if (k > 0) r = put(&o, NULL, p->pause_ms);
		if (r == 0) r = expand(p, &p->body, label, counter, &o);
	}
	return r < 0 ? r : o.n;
}

static int listed(const char **names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0) return 1;
	return 0;
}

int playlist_fixed_clips(const struct playlist *p, const char **out, int max)
{
	int n = 0;
	const struct part *parts[3] = { &p->intro, &p->body, &p->brief };
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < parts[k]->n; i++)
			if (parts[k]->t[i].kind == T_CLIP && n < max &&
			    !listed(out, n, parts[k]->t[i].name))
				out[n++] = parts[k]->t[i].name;
	return n;
}

const char *playlist_strerror(int err)
{
	switch (err) {
	case PLAYLIST_ESPACE: return "announcement too long";
	case PLAYLIST_ECOUNTER: return "counter number out of range";
	default: return vinum_strerror(err);
	}
}
