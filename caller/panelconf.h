/*
 * panelconf: the counter panel's settings and key map, parsed from a small
 * INI text (pure C: key names are kept as text; the panel turns them into
 * SDL keys and reports names SDL does not know, with their line).
 *
 *   [caller]
 *   rating_seconds = 30        # how long the rating view waits (3-600)
 *   always_on_top = no         # yes: the panel stays above other windows
 *   rating_window = no         # yes: the rating in a second window
 *   width = 520                # window size
 *   height = 640
 *
 *   [keys]                     # SDL key names, several per action
 *   next = F1, Keypad Enter, Keypad 1
 *   recall = F2, Keypad 2
 *   skip = F3, Keypad 3
 *   requeue = F4, Keypad 4
 *   transfer = F5, Keypad 5
 *   pause = F6, Keypad 6
 *   login = F7, Keypad 0
 *
 * An action listed in [keys] gets exactly the keys listed (its defaults
 * are replaced); the others keep theirs. Errors name the file and line.
 */
#ifndef GOISO_PANELCONF_H
#define GOISO_PANELCONF_H

#include <stdbool.h>
#include <stddef.h>

enum panel_action {
	ACT_NEXT, ACT_RECALL, ACT_SKIP, ACT_REQUEUE, ACT_TRANSFER, ACT_PAUSE, ACT_LOGIN,
	ACT_COUNT_
};

#define PANELCONF_MAX_KEYS 6
#define PANELCONF_KEY_NAME 32

struct panelconf_key {
	char name[PANELCONF_KEY_NAME];
	int line;                     /* 0 for a default */
};

struct panelconf {
	struct panelconf_key keys[ACT_COUNT_][PANELCONF_MAX_KEYS];
	int nkeys[ACT_COUNT_];
	int rating_seconds;
	bool always_on_top, rating_window;
	int width, height;
	char file[256];
};

/* The defaults above. */
void panelconf_defaults(struct panelconf *pc);
/* Applies text over pc. Returns 0, or -1 with "file:line: message" in err. */
int panelconf_parse(struct panelconf *pc, const char *text, const char *file,
                    char *err, size_t errlen);
/* "next", "recall", ... (the names used in [keys]). */
const char *panelconf_action_name(enum panel_action a);

#endif
