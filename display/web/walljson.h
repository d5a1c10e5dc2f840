/*
 * walljson: the board (wall.h) as one JSON object for the browsers.
 */
#ifndef GOISO_WALLJSON_H
#define GOISO_WALLJSON_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "wall.h"

/* {"center","now","up","refused","notice","day","counters":[…],
 * "services":[…],"recent":[…],"call":{…}|null}. up: the link to the
 * display is ready (pages show a warning when it is not). Officers appear
 * only when the wall keeps them.
 *
 * notice (NULL when none): the display refused the gateway's key, so
 * nothing of w may pass for the queue: "refused" is true, "notice" is
 * that text (its first line a title), and the queue is empty (no
 * counter, service, call nor day) whatever w holds. */
void wall_json(const struct wall *w, struct buf *out, int64_t now_ms, bool up, const char *notice);

#endif
