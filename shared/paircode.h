/*
 * paircode: the one-time pairing code and the pairing transcript, computed
 * identically by the display (which checks) and the counter (which proves).
 * libsodium only; no clock, no I/O.
 *
 * A code is 8 symbols of Crockford's base32 (40 bits), shown "7KQM-4XRT";
 * typing is forgiving: case, spaces and dashes are ignored, O reads as 0,
 * I and L as 1. The code is never used directly: both sides stretch it
 * with Argon2id under a random per-code salt into a 32-byte pairing key
 * K, so each guess in an offline attack costs a 64 MiB Argon2id run.
 *
 *   mac   = HMAC-SHA-256(K, "goiso-pair 1|<nonce>|<cnonce>|<counter>|<pk>")
 *   proof = HMAC-SHA-256(K, "goiso-paired 1|<nonce>|<cnonce>|<cred id>|<sealed>")
 *
 * nonce is the display's greeting nonce (fresh per connection), cnonce the
 * counter's, pk its ephemeral X25519 public key (hex), sealed the new
 * credential key sealed to pk (crypto_box_seal, hex).
 */
#ifndef GOISO_PAIRCODE_H
#define GOISO_PAIRCODE_H

#include <stddef.h>

#define PAIRCODE_SYMBOLS 8
#define PAIRCODE_TEXT 10               /* "XXXX-XXXX" and its NUL */
#define PAIRCODE_SALT_BYTES 16
#define PAIRCODE_KEY_BYTES 32
#define PAIRCODE_MAC_HEX 64

/* A fresh random code, formatted "XXXX-XXXX". */
void paircode_new(char out[PAIRCODE_TEXT]);
/* Reads what a person typed. Returns 0 with the canonical "XXXX-XXXX" in
 * out, or -1 when it is not a code (wrong length or symbol). */
int paircode_normalize(const char *typed, char out[PAIRCODE_TEXT]);
/* K = Argon2id(code, salt), interactive limits (about 0.1-0.5 s, 64 MiB).
 * code must be canonical. Returns 0, or -1 when memory is short. */
int paircode_derive(const char *code, const unsigned char salt[PAIRCODE_SALT_BYTES],
                    unsigned char key[PAIRCODE_KEY_BYTES]);
void paircode_mac(const unsigned char key[PAIRCODE_KEY_BYTES], const char *nonce,
                  const char *cnonce, int counter, const char *pk_hex,
                  char out[PAIRCODE_MAC_HEX + 1]);
void paircode_proof(const unsigned char key[PAIRCODE_KEY_BYTES], const char *nonce,
                    const char *cnonce, const char *cred_id, const char *sealed_hex,
                    char out[PAIRCODE_MAC_HEX + 1]);

#endif
