/*
 * pairing: adding a counter with a one-time code, on the display's side.
 *
 * `goiso-display pair` makes a code (paircode.h), stretches it with a
 * fresh salt and writes the offer - salt, stretched key, expiry, failures
 * left, never the code - to <data>/pairing (mode 0600). The running daemon
 * answers the PAIR verb, the one request allowed before AUTH:
 *
 *   C: <id> PAIR                          S: <id> OK salt=<hex> ttl=<s>
 *   C: <id> PAIR counter=N pk=<hex> cnonce=<hex> mac=<hex>
 *   S: <id> OK counter=N cred=<id> sealed=<hex> proof=<hex> site_id=<id> center=<name>
 *
 * mac proves the counter knows the code for this connection's nonce and
 * its own public key; the new counter credential goes back sealed to that
 * key (crypto_box_seal), and proof shows the counter it talks to the
 * display that issued the code. A code works once. Wrong proofs are
 * counted per source address: five from one address shut that address
 * out (the log says so; `goiso-display keys` lists the attempts), 25 from
 * all addresses together destroy the code. Pairing a counter again
 * replaces its old credential.
 *
 * `goiso-display revoke N` removes counter N's credentials (the daemon
 * reloads the keyring at the next login); `goiso-display keys` lists them.
 */
#ifndef GOISO_PAIRING_H
#define GOISO_PAIRING_H

#include <stdbool.h>
#include <stdint.h>

struct config;
struct keyring;
struct proto_buf;
struct proto_msg;
struct pairing;

#define PAIRING_TTL_MIN 5              /* default validity of a code */
#define PAIRING_MAX_FAILS 5            /* wrong proofs from one address before it is shut out */
#define PAIRING_MAX_FAILS_TOTAL 25     /* wrong proofs from all addresses before the code dies */

/* The daemon side. Keeps pointers to keys and cfg (which outlive it);
 * instance is the id published over mDNS (copied). */
struct pairing *pairing_new(const char *datadir, struct keyring *keys,
                            const struct config *cfg, const char *instance);
void pairing_free(struct pairing *p);

/* Answers one PAIR request on a connection greeted with nonce, from the
 * source address addr ("10.0.0.7"), writing the reply line into out.
 * Returns true when the connection should close after the reply (a proof
 * was tried, right or wrong). */
bool pairing_handle(struct pairing *p, const char *nonce, const char *addr,
                    const struct proto_msg *m, int64_t wall_ms, struct proto_buf *out);

/* The administration commands: "pair", "revoke", "keys". */
bool pairing_is_command(const char *word);
/* Runs one (argv[0] is the command). Returns the exit status. */
int pairing_main(int argc, char **argv, const char *default_data);

#endif
