/*
 * auth: the MACs of the goiso handshake and key files (see auth.h).
 */
#include "auth.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void auth_random_hex(char *out, size_t nbytes)
{
	unsigned char buf[64];
	if (nbytes > sizeof buf) nbytes = sizeof buf;
	randombytes_buf(buf, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, buf, nbytes);
	sodium_memzero(buf, sizeof buf);
}

void auth_random_token(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char buf[16];
	randombytes_buf(buf, sizeof buf);
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, buf, sizeof buf, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(buf, sizeof buf);
}

static void hmac_hex(const unsigned char key[AUTH_KEY_BYTES], const char *msg, char out[AUTH_MAC_HEX + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, strlen(msg), key);
	sodium_bin2hex(out, AUTH_MAC_HEX + 1, mac, sizeof mac);
}

void auth_mac(const unsigned char key[AUTH_KEY_BYTES], const char *nonce, const char *cnonce,
              const char *id, const char *role, int counter, char out[AUTH_MAC_HEX + 1])
{
	char msg[512];
	snprintf(msg, sizeof msg, "goiso-auth 1|%s|%s|%s|%s|%d", nonce, cnonce, id, role, counter);
	hmac_hex(key, msg, out);
}

void auth_proof(const unsigned char key[AUTH_KEY_BYTES], const char *nonce,
                const char *cnonce, char out[AUTH_MAC_HEX + 1])
{
	char msg[512];
	snprintf(msg, sizeof msg, "goiso-proof 1|%s|%s", nonce, cnonce);
	hmac_hex(key, msg, out);
}

bool auth_mac_equal(const char *a, const char *b)
{
	if (strlen(a) != AUTH_MAC_HEX || strlen(b) != AUTH_MAC_HEX) return false;
	return sodium_memcmp(a, b, AUTH_MAC_HEX) == 0;
}

int auth_hex_to_key(const char *hex, unsigned char key[AUTH_KEY_BYTES])
{
	size_t n = 0;
	if (strlen(hex) != 2 * AUTH_KEY_BYTES) return -1;
	if (sodium_hex2bin(key, AUTH_KEY_BYTES, hex, strlen(hex), NULL, &n, NULL) || n != AUTH_KEY_BYTES)
		return -1;
	return 0;
}

void auth_key_to_hex(const unsigned char key[AUTH_KEY_BYTES], char hex[2 * AUTH_KEY_BYTES + 1])
{
	sodium_bin2hex(hex, 2 * AUTH_KEY_BYTES + 1, key, AUTH_KEY_BYTES);
}

bool auth_valid_id(const char *id)
{
	size_t n = strlen(id);
	if (n < 1 || n > AUTH_ID_MAX) return false;
	for (; *id; id++)
		if (!((*id >= 'a' && *id <= 'z') || (*id >= '0' && *id <= '9') || *id == '-' || *id == '_'))
			return false;
	return true;
}

int auth_read_keyfile(const char *path, char id[AUTH_ID_MAX + 1],
                      unsigned char key[AUTH_KEY_BYTES], char *err, size_t errlen)
{
	char line[256] = "";
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: không đọc được tệp khóa (%s)", path, strerror(errno));
		return -1;
	}
	if (!fgets(line, sizeof line, f)) line[0] = 0;
	fclose(f);
	line[strcspn(line, "\r\n")] = 0;
	char *colon = strchr(line, ':');
	if (colon) *colon = 0;
	if (!colon || !auth_valid_id(line) || auth_hex_to_key(colon + 1, key)) {
		snprintf(err, errlen, "%s: không phải tệp khóa goiso (cần một dòng <mã>:<64 chữ số hex>)", path);
		sodium_memzero(line, sizeof line);
		return -1;
	}
	memcpy(id, line, strlen(line) + 1);   /* auth_valid_id(): at most AUTH_ID_MAX */
	sodium_memzero(line, sizeof line);
	return 0;
}

int auth_write_keyfile(const char *path, const char *id,
                       const unsigned char key[AUTH_KEY_BYTES], char *err, size_t errlen)
{
	char tmp[4096], hex[2 * AUTH_KEY_BYTES + 1], line[128];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	auth_key_to_hex(key, hex);
	int n = snprintf(line, sizeof line, "%s:%s\n", id, hex);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int ok = fd >= 0 && write(fd, line, (size_t)n) == n && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0) ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		sodium_memzero(line, sizeof line);
		return -1;
	}
	sodium_memzero(line, sizeof line);
	sodium_memzero(hex, sizeof hex);
	return 0;
}
