/*
 * auth: the challenge-response both programs speak (libsodium; the one
 * shared module that is not pure, because display and caller must compute
 * exactly the same bytes).
 *
 * The display greets each connection with a fresh random nonce. The client
 * answers with its own nonce and
 *   mac = HMAC-SHA-256(key, "goiso-auth 1|<nonce>|<cnonce>|<id>|<role>|<counter>")
 * and the display proves it holds the key too with
 *   proof = HMAC-SHA-256(key, "goiso-proof 1|<nonce>|<cnonce>").
 * The key never crosses the wire; a recorded exchange is useless later
 * because the display's nonce is new on every connection.
 *
 * A key file holds one line "<id>:<64 hex digits>" and is mode 0600.
 */
#ifndef GOISO_AUTH_H
#define GOISO_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#define AUTH_KEY_BYTES 32
#define AUTH_NONCE_HEX 64     /* 32 random bytes */
#define AUTH_MAC_HEX 64
#define AUTH_ID_MAX 32

int auth_init(void);   /* sodium_init(); 0 or -1 */
void auth_random_hex(char *out, size_t nbytes);   /* out: 2*nbytes+1 */
/* 128 random bits as 22 characters of unpadded base64url (a ticket's
 * token); out holds 23 bytes. */
#define AUTH_TOKEN_LEN 22
void auth_random_token(char out[AUTH_TOKEN_LEN + 1]);
void auth_mac(const unsigned char key[AUTH_KEY_BYTES], const char *nonce, const char *cnonce,
              const char *id, const char *role, int counter, char out[AUTH_MAC_HEX + 1]);
void auth_proof(const unsigned char key[AUTH_KEY_BYTES], const char *nonce,
                const char *cnonce, char out[AUTH_MAC_HEX + 1]);
/* Constant-time comparison of two hex MACs. */
bool auth_mac_equal(const char *a, const char *b);

int auth_hex_to_key(const char *hex, unsigned char key[AUTH_KEY_BYTES]);
void auth_key_to_hex(const unsigned char key[AUTH_KEY_BYTES], char hex[2 * AUTH_KEY_BYTES + 1]);
bool auth_valid_id(const char *id);

/* Reads "<id>:<hex>" from path. Returns 0, or -1 with a message in err. */
int auth_read_keyfile(const char *path, char id[AUTH_ID_MAX + 1],
                      unsigned char key[AUTH_KEY_BYTES], char *err, size_t errlen);
/* Writes it atomically with mode 0600 (temp file, fsync, rename). */
int auth_write_keyfile(const char *path, const char *id,
                       const unsigned char key[AUTH_KEY_BYTES], char *err, size_t errlen);

#endif
