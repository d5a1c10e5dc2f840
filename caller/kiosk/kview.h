/*
 * kview: draws the kiosk's screen (kscreen.h) with SDL and the board's
 * fonts. It reads the state and the layout and keeps only textures: the
 * texts drawn recently, so a redraw where little changed costs copies.
 */
#ifndef GOISO_KVIEW_H
#define GOISO_KVIEW_H

#include <SDL.h>

#include "kscreen.h"

struct font;
struct kview;

struct kview *kview_new(SDL_Renderer *r, struct font *regular, struct font *bold);
void kview_free(struct kview *v);
/* Paints the whole screen (not presented). clock: "08:15", or "". */
void kview_draw(struct kview *v, const struct kscreen *s, const struct ks_layout *L, const char *clock);

#endif
