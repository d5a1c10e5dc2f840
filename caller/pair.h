/*
 * pair: the counter's side of pairing (the display's side and the
 * exchange are described in display/pairing.h and shared/paircode.h).
 *
 *   goiso-caller pair CODE --counter N [--key FILE] [--site S] [--connect HOST:PORT]
 *
 * finds the display (mDNS, or --connect), proves it knows CODE, receives
 * its own credential sealed to a key made for this exchange, checks the
 * display's proof, and stores the credential in the key file (mode 0600)
 * with, beside it in <key>.site, the counter number and the display's
 * instance id, so that later commands need no option at all.
 */
#ifndef GOISO_PAIR_H
#define GOISO_PAIR_H

#include <stddef.h>

struct discover;

/* Runs `goiso-caller pair ...` (argv[0] is "pair"); returns the exit
 * status: 0 paired, 1 refused by the display, 2 usage, 3 unreachable. */
int pair_main(int argc, char **argv);

/* The key file used when --key is not given: $GOISO_KEY, else
 * /etc/goiso/counter.key for root, else ~/.config/goiso/counter.key. */
const char *pair_default_keyfile(char *buf, size_t n);
/* The same for a kiosk (`goiso-kiosk pair CODE`, which runs pair_main
 * with --kiosk): kiosk.key instead of counter.key. */
const char *pair_default_kiosk_keyfile(char *buf, size_t n);
/* The same for a follower board (`goiso-display join CODE`, which runs
 * pair_main with --follower): follower.key. */
const char *pair_default_follower_keyfile(char *buf, size_t n);

/* Reads <keyfile>.site: the counter (0 if absent) and the display's
 * instance id ("" if absent). Returns 0, or -1 when there is no file. */
int pair_read_profile(const char *keyfile, int *counter, char *site, size_t n);
/* The display's address as this PC last reached it (<keyfile>.site,
 * addr=; written at pairing): "" when none. */
void pair_read_address(const char *keyfile, char *addr, size_t n);
/* Keeps hostport as that address, when it changed (a display that moved):
 * mDNS down on either PC, the program still finds it there. */
void pair_save_address(const char *keyfile, const char *hostport);
/* Gives d that address (discover_remember). */
void pair_remember(struct discover *d, const char *keyfile);

/* A paired program's display, found by mDNS for its link: the three
 * callbacks of link_opts (find, distrust, trusted), each given a
 * struct pair_finder as find_ud. find lets Avahi run a millisecond and
 * looks at what it knows (the program keeps drawing meanwhile); a display
 * that refused or could not prove the key is skipped next time (an
 * announcement proves nothing); one that proved itself is kept in the
 * profile beside the key, for when mDNS is down. */
struct pair_finder {
	struct discover *d;
	const char *site;              /* --site, or the paired display's */
	const char *key;               /* the key file; its profile keeps the address */
};
int pair_find(void *ud, char *hostport, size_t n, char *why, size_t whylen);
void pair_distrust(void *ud, const char *hostport);
void pair_trust(void *ud, const char *hostport);

#endif
