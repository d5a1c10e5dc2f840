/*
 * panel_test: what tests and benchmarks read of the panel to drive it as
 * an officer would and check what it shows. Besides tests/, only the file
 * that defines these includes it; the program does not use them.
 */
#ifndef GOISO_PANEL_TEST_H
#define GOISO_PANEL_TEST_H

#include "panel.h"
#include "panelstate.h"

enum panel_view panel_view(const struct panel *p);
/* The status line's kiosk warning ("Máy lấy số 1: máy in hết giấy"),
 * "" when every kiosk is well. */
const char *panel_footer(const struct panel *p);
/* The message line ("Mời số A023...", errors). */
const char *panel_message(const struct panel *p);
/* The ticket the counter serves now ("" none), as the display said. */
const char *panel_ticket(const struct panel *p);
/* Where to click: the centre of an action's button, of item i of the open
 * picker or of rating choice i (0 = "Rất hài lòng"). false when not shown. */
bool panel_button_at(const struct panel *p, enum panel_action a, int *x, int *y);
bool panel_item_at(const struct panel *p, int i, int *x, int *y);
/* The window events should be sent to (the rating window when asked and
 * there is one). */
Uint32 panel_window_id(const struct panel *p, bool rating);
/* Milliseconds the last redraw took (drawing, not presenting). */
double panel_last_draw_ms(const struct panel *p);
/* Frames drawn so far. */
unsigned long panel_frames(const struct panel *p);

#endif
