/*
 * vinum: Vietnamese number words for announcements (pure C).
 *
 * Numbers 0..999,999 are read in full, Northern usage by default:
 *   21 "hai mươi mốt", 24 "hai mươi tư", 14 "mười bốn", 15 "mười lăm",
 *   105 "một trăm linh năm", 1005 "một nghìn không trăm linh năm".
 * Options swap in "lẻ" for "linh", "ngàn" for "nghìn", "bốn" for "tư",
 * or read digit by digit ("không, hai, ba").
 *
 * Every word is also a clip: a short WAV file named by an ASCII name
 * ("mot_sac" is "mốt"). The tables here are the one list of those names;
 * assets/voice/clips.txt repeats it for the clip generator and a unit test
 * keeps the two equal.
 */
#ifndef GOISO_VINUM_H
#define GOISO_VINUM_H

#include <stdbool.h>
#include <stddef.h>

#define VINUM_MAX 999999L
/* Enough clips for any label or number (3 letters + 12 number words). */
#define VINUM_MAX_CLIPS 32

enum vinum_reading { VINUM_FULL, VINUM_DIGITS };

struct vinum_opts {
	enum vinum_reading reading;
	bool le;      /* "lẻ" instead of "linh" (101 "một trăm lẻ một") */
	bool ngan;    /* "ngàn" instead of "nghìn" */
	bool bon;     /* "bốn" instead of "tư" after "mươi" (24 "hai mươi bốn") */
};

/* Northern full reading: linh, nghìn, tư. */
extern const struct vinum_opts vinum_defaults;

enum vinum_err {
	VINUM_ERANGE = -1,    /* number outside 0..VINUM_MAX */
	VINUM_ESPACE = -2,    /* output buffer too small */
	VINUM_EEMPTY = -3,    /* label holds no letter or digit */
};
const char *vinum_strerror(int err);

/* The words for n, separated by spaces (", " between digits when reading
 * digit by digit), NUL-terminated in out. Returns the length or a
 * negative vinum_err. o may be NULL for the defaults. */
int vinum_words(long n, const struct vinum_opts *o, char *out, size_t len);
/* The words for a ticket label: letters by their Vietnamese names, each run
 * of digits as one number (or digit by digit): "A023" gives "a, hai mươi
 * ba", or "a, không, hai, ba" in digit reading. */
int vinum_label_words(const char *label, const struct vinum_opts *o,
                      char *out, size_t len);

/* The same readings as clip names (static strings), at most max of them.
 * Returns the count or a negative vinum_err. */
int vinum_number_clips(long n, const struct vinum_opts *o,
                       const char **clips, int max);
int vinum_label_clips(const char *label, const struct vinum_opts *o,
                      const char **clips, int max);

/* Every clip a reading can use, for loading and for the generator. */
int vinum_nclips(void);
const char *vinum_clip_name(int i);
const char *vinum_clip_text(int i);   /* the Vietnamese word, UTF-8 */

#endif
