/*
 * font: the board's typefaces, found through fontconfig and opened with
 * SDL_ttf at whatever pixel sizes the layout asks for.
 *
 * A font has a primary face (Noto Sans by default, DejaVu Sans when Noto is
 * missing, or a file named in the config) and a fallback face for the few
 * characters the primary lacks (Noto Sans has no arrows: "→" comes from
 * DejaVu Sans). Text is cut into runs by which face has each character, so
 * the caller never has to care. Sizes are opened lazily and kept in a small
 * cache, oldest dropped first.
 */
#ifndef GOISO_FONT_H
#define GOISO_FONT_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

struct font;

/* Opens a font. name is a file path (contains '/'), a fontconfig family
 * ("Noto Sans"), or NULL for the default. bold selects the bold style.
 * Returns NULL with a message in err when no usable face is found.
 * TTF_Init() must have been called. */
struct font *font_new(const char *name, bool bold, char *err, size_t errlen);
void font_free(struct font *f);

/* Path of the primary face, for messages. */
const char *font_path(const struct font *f);

/* Width in pixels of utf8 at px (a layout_measure_fn: ud is the font). */
int font_measure(void *ud, const char *utf8, int px);
/* Line height, ascent and cap height of the primary face at px. */
int font_height(struct font *f, int px);
int font_ascent(struct font *f, int px);
int font_cap_height(struct font *f, int px);

/* True when the primary or the fallback face can draw code point cp. */
bool font_has(struct font *f, unsigned cp);

/* Renders utf8 in colour c on transparent (ARGB8888), height
 * font_height(px). The caller frees the surface. NULL for an empty text or
 * on error. */
SDL_Surface *font_render(struct font *f, const char *utf8, int px, SDL_Color c);
/* The same on a ground of colour bg, in format (32 bits, opaque): SDL_ttf
 * shades the glyphs against bg, which gives the pixels of the blended text
 * laid on bg within 2 levels of 255, in half the time (one byte a pixel
 * rendered instead of four, and no blend). */
SDL_Surface *font_render_on(struct font *f, const char *utf8, int px, SDL_Color c,
                            SDL_Color bg, Uint32 format);

/* Finds a font file by fontconfig pattern; 0 or -1. Exposed for tests. */
int font_find(const char *pattern, char *path, size_t pathlen, char *family, size_t famlen);

#endif
