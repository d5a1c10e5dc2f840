/*
 * session: the keys and the sealed lines of one authenticated connection
 * (libsodium; impure like auth, because both ends must compute the same
 * bytes).
 *
 * The AUTH handshake (auth.h) is also a key exchange: the display's
 * greeting nonce is the hex of a fresh X25519 public key, and the client's
 * cnonce is the hex of its own. Both are covered by the AUTH mac and by
 * the display's proof, so nobody in between can swap them. When the proof
 * checks, both ends derive two keys, one per direction:
 *
 *   kx  = crypto_kx session keys (client_pk, server_pk)
 *   key = BLAKE2b-256(key = kx_dir || credential key,
 *                     "goiso-session 1|<c2s or s2c>|<AUTH mac>")
 *
 * so the session needs both the ephemeral secret (forward secrecy: a key
 * stolen later does not open a recorded session) and the credential (the
 * AUTH mac binds id, role and counter).
 *
 * Every line after the AUTH reply, both ways, is then one wire line:
 *
 *   base64url(ChaCha20-Poly1305-IETF(key_dir, nonce = line number, line)) "\n"
 *
 * The line number counts from 0 in each direction and is never sent: a
 * line injected, dropped, reordered or replayed does not open, and the
 * connection is closed. Lines are encrypted, so officer names do not
 * cross the LAN in clear.
 */
#ifndef GOISO_SESSION_H
#define GOISO_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto.h"

#define SESSION_PK_HEX 64          /* the nonce / cnonce: a public key in hex */
#define SESSION_TAG_BYTES 16
/* The longest wire line (without '\n'): a plaintext line of
 * PROTO_LINE_MAX - 1 bytes sealed and in base64url. */
#define SESSION_WIRE_MAX (((PROTO_LINE_MAX - 1 + SESSION_TAG_BYTES) * 4 + 2) / 3)

/* One end's ephemeral key pair, made for one connection. */
struct session_kx {
	unsigned char pk[32], sk[32];
};

struct session {
	unsigned char tx[32], rx[32];
	uint64_t txseq, rxseq;
	bool on, broken;
};

/* A fresh key pair; its public half in hex (SESSION_PK_HEX + 1 bytes) is
 * what the greeting's nonce or AUTH's cnonce carries. */
void session_kx_new(struct session_kx *kx, char pk_hex[SESSION_PK_HEX + 1]);
/* Wipes a key pair that will not be used. */
void session_kx_wipe(struct session_kx *kx);

/* Derives the keys once the AUTH mac (the display) or the proof (the
 * client) checked. peer_pk_hex is the other end's nonce; mac the AUTH
 * line's mac. Wipes kx. Returns 0 (s->on is true), or -1 when the peer's
 * key is not a valid public key (s stays off). */
int session_begin(struct session *s, bool display_side, struct session_kx *kx,
                  const char *peer_pk_hex, const unsigned char cred_key[32], const char *mac);
void session_end(struct session *s);

/* Seals one line (len bytes, no '\n', at most PROTO_LINE_MAX - 1) into
 * out as a wire line ending with '\n'. Returns its length, or -1 when the
 * line is too long or out too small (nothing was used up). */
int session_seal(struct session *s, const char *line, size_t len, char *out, size_t outlen);
/* Opens one wire line (len bytes, without its '\n') into out (NUL-ended).
 * Returns the plaintext's length, or -1 when the line is not the next one
 * sealed by the other end; the session is then finished: every later
 * line fails too. */
int session_open(struct session *s, const char *wire, size_t len, char *out, size_t outlen);

#endif
