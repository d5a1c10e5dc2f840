/*
 * paircode: code, stretching and transcript MACs (see paircode.h).
 */
#include "paircode.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void paircode_new(char out[PAIRCODE_TEXT])
{
	int k = 0;
	for (int i = 0; i < PAIRCODE_SYMBOLS; i++) {
		if (i == PAIRCODE_SYMBOLS / 2) out[k++] = '-';
		out[k++] = alphabet[randombytes_uniform(32)];
	}
	out[k] = 0;
}

/* The canonical symbol for a typed character, 0 to skip it, -1 if bad. */
static int symbol(char c)
{
	if (c == '-' || c == ' ') return 0;
	if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
	if (c == 'O') return '0';
	if (c == 'I' || c == 'L') return '1';
	return c && strchr(alphabet, c) ? c : -1;
}

int paircode_normalize(const char *typed, char out[PAIRCODE_TEXT])
{
	int n = 0, k = 0;
	for (const char *p = typed; *p; p++) {
		int s = symbol(*p);
		if (s < 0) return -1;
		if (s == 0) continue;
		if (n == PAIRCODE_SYMBOLS) return -1;
		if (n == PAIRCODE_SYMBOLS / 2) out[k++] = '-';
		out[k++] = (char)s;
		n++;
	}
	out[k] = 0;
	return n == PAIRCODE_SYMBOLS ? 0 : -1;
}

int paircode_derive(const char *code, const unsigned char salt[PAIRCODE_SALT_BYTES],
                    unsigned char key[PAIRCODE_KEY_BYTES])
{
	_Static_assert(PAIRCODE_SALT_BYTES == crypto_pwhash_SALTBYTES, "salt size");
	return crypto_pwhash(key, PAIRCODE_KEY_BYTES, code, strlen(code), salt,
	                     crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                     crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                     crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

static void hmac_hex(const unsigned char key[PAIRCODE_KEY_BYTES], const char *msg,
                     char out[PAIRCODE_MAC_HEX + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, strlen(msg), key);
	sodium_bin2hex(out, PAIRCODE_MAC_HEX + 1, mac, sizeof mac);
}

void paircode_mac(const unsigned char key[PAIRCODE_KEY_BYTES], const char *nonce,
                  const char *cnonce, int counter, const char *pk_hex,
                  char out[PAIRCODE_MAC_HEX + 1])
{
	char msg[1024];
	snprintf(msg, sizeof msg, "goiso-pair 1|%s|%s|%d|%s", nonce, cnonce, counter, pk_hex);
	hmac_hex(key, msg, out);
}

void paircode_proof(const unsigned char key[PAIRCODE_KEY_BYTES], const char *nonce,
                    const char *cnonce, const char *cred_id, const char *sealed_hex,
                    char out[PAIRCODE_MAC_HEX + 1])
{
	char msg[1024];
	snprintf(msg, sizeof msg, "goiso-paired 1|%s|%s|%s|%s", nonce, cnonce, cred_id, sealed_hex);
	hmac_hex(key, msg, out);
}
