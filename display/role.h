/*
 * role: what a credential lets a connection act as (PROTOCOL.md §2), read
 * once from its name at AUTH and kept as this enum afterwards (pure).
 *
 * Each role is one bit, so the command table lists the roles a command
 * allows as a mask of them.
 */
#ifndef GOISO_ROLE_H
#define GOISO_ROLE_H

enum role {
	ROLE_NONE = 0,
	ROLE_ADMIN = 1,      /* the site key, and the local socket */
	ROLE_COUNTER = 2,
	ROLE_KIOSK = 4,
	ROLE_VIEWER = 8,
	ROLE_ANY = ROLE_ADMIN | ROLE_COUNTER | ROLE_KIOSK | ROLE_VIEWER
};
#define ROLE_COUNT 4         /* the roles above ROLE_NONE */

/* "admin", "counter", "kiosk" or "viewer", exactly; ROLE_NONE for any
 * other text and for NULL. */
enum role role_parse(const char *name);
/* The name of one role; "" for ROLE_NONE or a mask of several. */
const char *role_name(enum role r);
/* 0 to ROLE_COUNT - 1 for one role (admin, counter, kiosk, viewer), for
 * tables by role; -1 for ROLE_NONE or a mask of several. */
int role_index(enum role r);

#endif
