/*
 * session: key derivation and sealed lines (contract in session.h).
 */
#include "session.h"

#include <sodium.h>
#include <string.h>

#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

void session_kx_new(struct session_kx *kx, char pk_hex[SESSION_PK_HEX + 1])
{
	crypto_kx_keypair(kx->pk, kx->sk);
	sodium_bin2hex(pk_hex, SESSION_PK_HEX + 1, kx->pk, sizeof kx->pk);
}

void session_kx_wipe(struct session_kx *kx)
{
	sodium_memzero(kx, sizeof *kx);
}

static void derive(unsigned char out[32], const unsigned char kx_key[32],
                   const unsigned char cred_key[32], const char *dir, const char *mac)
{
	unsigned char key[64];
	crypto_generichash_state st;
	memcpy(key, kx_key, 32);
	memcpy(key + 32, cred_key, 32);
	crypto_generichash_init(&st, key, sizeof key, 32);
	crypto_generichash_update(&st, (const unsigned char *)"goiso-session 1|", 16);
	crypto_generichash_update(&st, (const unsigned char *)dir, strlen(dir));
	crypto_generichash_update(&st, (const unsigned char *)"|", 1);
	crypto_generichash_update(&st, (const unsigned char *)mac, strlen(mac));
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(key, sizeof key);
	sodium_memzero(&st, sizeof st);
}

int session_begin(struct session *s, bool display_side, struct session_kx *kx,
                  const char *peer_pk_hex, const unsigned char cred_key[32], const char *mac)
{
	unsigned char peer[32], rx[32], tx[32];
	size_t n = 0;
	int rc = -1;
	memset(s, 0, sizeof *s);
	if (!peer_pk_hex || strlen(peer_pk_hex) != SESSION_PK_HEX ||
	    sodium_hex2bin(peer, sizeof peer, peer_pk_hex, SESSION_PK_HEX, NULL, &n, NULL) || n != 32)
		goto out;
	if (display_side ? crypto_kx_server_session_keys(rx, tx, kx->pk, kx->sk, peer)
	                 : crypto_kx_client_session_keys(rx, tx, kx->pk, kx->sk, peer))
		goto out;
	/* the client's tx is the display's rx: both name it c2s */
	derive(s->tx, tx, cred_key, display_side ? "s2c" : "c2s", mac);
	derive(s->rx, rx, cred_key, display_side ? "c2s" : "s2c", mac);
	s->on = true;
	rc = 0;
out:
	sodium_memzero(rx, sizeof rx);
	sodium_memzero(tx, sizeof tx);
	session_kx_wipe(kx);
	return rc;
}

void session_end(struct session *s)
{
	sodium_memzero(s, sizeof *s);
}

static void line_nonce(unsigned char n[crypto_aead_chacha20poly1305_ietf_NPUBBYTES], uint64_t seq)
{
	memset(n, 0, crypto_aead_chacha20poly1305_ietf_NPUBBYTES);
	for (int i = 0; i < 8; i++) n[4 + i] = (unsigned char)(seq >> (8 * i));
}

int session_seal(struct session *s, const char *line, size_t len, char *out, size_t outlen)
{
	unsigned char ct[PROTO_LINE_MAX - 1 + SESSION_TAG_BYTES], nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
	unsigned long long clen = 0;
	if (!s->on || len > PROTO_LINE_MAX - 1) return -1;
	size_t b64 = sodium_base64_ENCODED_LEN(len + SESSION_TAG_BYTES, B64);   /* with its NUL */
	if (outlen < b64 + 1) return -1;
	line_nonce(nonce, s->txseq);
	crypto_aead_chacha20poly1305_ietf_encrypt(ct, &clen, (const unsigned char *)line, len,
	                                          NULL, 0, NULL, nonce, s->tx);
	sodium_bin2base64(out, outlen, ct, (size_t)clen, B64);
	size_t n = strlen(out);
	out[n++] = '\n';
	out[n] = 0;
	s->txseq++;
	return (int)n;
}

int session_open(struct session *s, const char *wire, size_t len, char *out, size_t outlen)
{
	unsigned char ct[PROTO_LINE_MAX - 1 + SESSION_TAG_BYTES], nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
	unsigned long long plen = 0;
	size_t clen = 0;
	if (len && wire[len - 1] == '\r') len--;
	if (!s->on || s->broken || len > SESSION_WIRE_MAX ||
	    sodium_base642bin(ct, sizeof ct, wire, len, NULL, &clen, NULL, B64) ||
	    clen < SESSION_TAG_BYTES || outlen < clen - SESSION_TAG_BYTES + 1)
		goto broken;
	line_nonce(nonce, s->rxseq);
	if (crypto_aead_chacha20poly1305_ietf_decrypt((unsigned char *)out, &plen, NULL, ct, clen,
	                                              NULL, 0, nonce, s->rx))
		goto broken;
	out[plen] = 0;
	s->rxseq++;
	return (int)plen;
broken:
	s->broken = true;
	if (outlen) out[0] = 0;
	return -1;
}
