/*
 * playlist: what one announcement says, as an ordered list of clips and
 * pauses (pure C).
 *
 * An announcement is the intro (played once, default the chime) followed
 * by the template, said `repeat` times with `pause_ms` of silence between.
 * A template is a list of items separated by commas or spaces:
 *   clip name    a file of the clip set without ".wav" ("den_quay_so")
 *   {ticket}     the ticket label in words ("A023": chu_a hai muoi_ngang ba)
 *   {counter}    the counter number in words, always read in full
 *   {pause=N}    N ms of silence (0..10000)
 * Default: intro "chime", template
 *   "xin_moi_cong_dan_co_so_thu_tu, {ticket}, den_quay_so, {counter}".
 *
 * The short form is what a queued announcement says at peak hour: the
 * short template once, with no intro and no repeat (default
 * "{ticket}, quay, {counter}": "A023, quầy 5"; the clip "so" makes it
 * "Số A023, quầy 5" at the cost of 0.4 s a call). An empty short template
 * means announcements are never shortened.
 */
#ifndef GOISO_PLAYLIST_H
#define GOISO_PLAYLIST_H

#include <stddef.h>

#include "vinum.h"

#define PLAYLIST_MAX_REPEAT 5
#define PLAYLIST_MAX_ITEMS 256

struct playlist_opts {
	const char *intro;      /* may be NULL or "" for none */
	const char *tmpl;
	const char *short_tmpl; /* NULL or "": never shortened */
	int repeat;             /* 1..PLAYLIST_MAX_REPEAT */
	int pause_ms;           /* between repeats, 0..10000 */
	struct vinum_opts num;  /* reading of {ticket}; {counter} is always full */
};
extern const struct playlist_opts playlist_defaults;

/* One step: a clip (name, no ".wav"), or silence when clip is NULL. */
struct playlist_item {
	const char *clip;
	int pause_ms;
};

enum playlist_form { PLAYLIST_FULL, PLAYLIST_SHORT };

enum playlist_err { PLAYLIST_ESPACE = -10, PLAYLIST_ECOUNTER = -11 };

struct playlist;

/* Parses the template. NULL with a message in err ("template: unknown
 * placeholder '{tiket}'") when it is wrong. */
struct playlist *playlist_new(const struct playlist_opts *o, char *err, size_t errlen);
void playlist_free(struct playlist *p);

/* The items for ticket label and counter, at most max of them. Returns the
 * count, or PLAYLIST_ESPACE, PLAYLIST_ECOUNTER (counter not 0..999999) or
 * a vinum_err for an unreadable label. Clip names stay valid while p lives. */
int playlist_build(const struct playlist *p, const char *label, int counter,
                   struct playlist_item *out, int max);
/* The same in a form: PLAYLIST_SHORT is the short template (the full form
 * when there is none); PLAYLIST_FULL is playlist_build(). */
int playlist_build_form(const struct playlist *p, enum playlist_form form,
                        const char *label, int counter,
                        struct playlist_item *out, int max);
/* True when p has a short form different from the full one. */
int playlist_has_short(const struct playlist *p);
/* The clip names the intro and templates name literally (not the words). */
int playlist_fixed_clips(const struct playlist *p, const char **out, int max);
const char *playlist_strerror(int err);

#endif
