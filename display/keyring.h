/*
 * keyring: the credentials the display accepts, in <data>/keys (mode 0600),
 * one per line: "<id> <role> <counter> <64 hex digits>".
 *
 * At the first set-up (or when asked to, after a loss) the keyring is
 * created with the site key (id "site", role admin), also written as
 * <data>/site.key in the key-file format callers read (auth.h). A file
 * with no credentials is never taken: not at start, not at a reload. Other programs (pairing, revoking) may rewrite the file
 * while the daemon runs: keyring_find() reloads it when it changed.
 */
#ifndef GOISO_KEYRING_H
#define GOISO_KEYRING_H

#include <stdbool.h>
#include <stddef.h>

#include "auth.h"

struct keyring_entry {
	char id[AUTH_ID_MAX + 1];
	char role[12];          /* admin, counter, kiosk, viewer */
	int counter;            /* counter credentials: their counter; else 0 */
	unsigned char key[AUTH_KEY_BYTES];
};

struct keyring;

/* Loads <datadir>/keys. When it is missing or holds no credentials: with
 * create, a new site key is made (every other credential is gone); else
 * NULL with err. */
struct keyring *keyring_open(const char *datadir, bool create, char *err, size_t errlen);
void keyring_free(struct keyring *k);
const struct keyring_entry *keyring_find(struct keyring *k, const char *id);
/* Reloads the file if it changed since it was read; true when it did. */
bool keyring_refresh(struct keyring *k);
/* Grows each time the credentials change (a reload, an add, a removal),
 * whoever noticed first: the server compares it to close revoked links. */
unsigned long keyring_generation(const struct keyring *k);
int keyring_count(const struct keyring *k);
const struct keyring_entry *keyring_at(const struct keyring *k, int i);
/* Adds a new credential with a random id and key and saves the file.
 * Returns 0 and fills *out, or -1 with err. */
int keyring_add(struct keyring *k, const char *role, int counter,
                struct keyring_entry *out, char *err, size_t errlen);
/* Removes every credential of a role and number ("counter", 7; "kiosk",
 * 1; "viewer", 2 for follower board 2); returns how many, or -1. */
int keyring_remove_role(struct keyring *k, const char *role, int counter, char *err, size_t errlen);
/* The credential of that id (as 'goiso-display keys' lists it): 1 when it
 * was there, 0 when not, -1 when the file could not be written. */
int keyring_remove_id(struct keyring *k, const char *id, char *err, size_t errlen);
bool keyring_valid_role(const char *role);

#endif
