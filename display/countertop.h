/*
 * countertop: paints the small display above one counter (800x480,
 * 1024x600, 1366x768 or any size), from the board's model (wall.h): the
 * counter's name, its current number very large, its state, and how many
 * citizens wait for it. While the counter calls (frame_state.flashing) the
 * number's ground flashes gold, as the wall's banner does.
 *
 * It is the board's other drawing (board.h, board_opts.counter): the same
 * window, model, banner queue and redraw-when-dirty as a wall board whose
 * zone is this one counter.
 */
#ifndef GOISO_COUNTERTOP_H
#define GOISO_COUNTERTOP_H

#include <SDL.h>

#include "frame.h"
#include "wall.h"

struct font;
struct countertop;

struct countertop *countertop_new(SDL_Renderer *r, struct font *regular, struct font *bold);
void countertop_free(struct countertop *c);

/* Paints the w x h frame of counter no (not presented). */
void countertop_draw(struct countertop *c, const struct wall *m, int no, const struct frame_state *st,
                     int w, int h);

#endif
