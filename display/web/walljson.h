/*
 * walljson: the board (wall.h) as one JSON object for the browsers.
 */
#ifndef GOISO_WALLJSON_H
#define GOISO_WALLJSON_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "wall.h"

/* {"center","now","up","day","counters":[…], "services":[…],"recent":[…],
 * "call":{…}|null}. up: the link to the display is ready (pages show a
 * warning when it is not). Officers appear only when the wall keeps them. */
void wall_json(const struct wall *w, struct buf *out, int64_t now_ms, bool up);

#endif
