/*
 * frameshot: a running board's frame, taken and compared region by region.
 * The daemon writes its next frame to <data>/screenshot.png on SIGUSR1
 * (atomically: a temporary file renamed); a test asks for one, reads it,
 * and counts the pixels that changed inside a box of the board's layout.
 */
#ifndef GOISO_TEST_FRAMESHOT_H
#define GOISO_TEST_FRAMESHOT_H

#include <stddef.h>

#include "daemon.h"
#include "layout.h"
#include "png.h"

/* Writes <test dir>/center.conf: the sample configuration, then a
 * [display] section of the given lines ("flash_seconds = 1\n"). Its path
 * goes to path; 0, or -1 (the test has failed). */
int frameshot_config(char *path, size_t len, const char *display_lines);
/* Asks the running daemon for its next frame and reads it into img:
 * 0, or -1 when no frame came within 5 s. */
int frameshot_take(const struct daemon *d, struct png_image *img);
/* Pixels of box r that differ by more than 32 in some channel. */
long frameshot_differing(const struct png_image *a, const struct png_image *b,
                         struct layout_rect r);
/* The layout of the default 1920x1080 board (6 counters, 4 services),
 * as the daemon computes it; 0, or -1. */
int frameshot_layout(int w, int h, struct layout *lay);

#endif
