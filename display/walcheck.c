/*
 * walcheck: the WAL's frames checked one by one (see walcheck.h), with
 * SQLite's documented format: a 32-byte header (magic, version, page size,
 * checkpoint sequence, two salts, a checksum of the first 24 bytes), then
 * frames of a 24-byte header (page, size after commit, the two salts, a
 * cumulative checksum over the first 8 header bytes and the page) and the
 * page. Checksums run over 32-bit words, big-endian when the magic's low
 * bit is set, else little-endian.
 */
#include "walcheck.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAL_MAGIC 0x377f0682u

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t word(const unsigned char *p, bool big)
{
	return big ? be32(p) : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* SQLite's checksum of n bytes (n a multiple of 8), continuing s[2]. */
static void checksum(const unsigned char *p, size_t n, bool big, uint32_t s[2])
{
	for (size_t i = 0; i + 8 <= n; i += 8) {
		s[0] += word(p + i, big) + s[1];
		s[1] += word(p + i + 4, big) + s[0];
	}
}

/* Frame sound when chained from seed (the checksum stored before it). */
static bool frame_sound(const unsigned char *fh, const unsigned char *page, size_t psz, bool big,
                        const uint32_t seed[2])
{
	uint32_t s[2] = { seed[0], seed[1] };
	checksum(fh, 8, big, s);
	checksum(page, psz, big, s);
	return s[0] == be32(fh + 16) && s[1] == be32(fh + 20);
}

int walcheck_file(const char *path, char *err, size_t errlen)
{
	unsigned char hdr[32], fh[24];
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT) return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -2;
	}
	int rc = 0;
	unsigned char *page = NULL;
	if (fread(hdr, 1, sizeof hdr, f) != sizeof hdr || (be32(hdr) & ~1u) != WAL_MAGIC) goto out;
	bool big = be32(hdr) & 1;
	size_t psz = be32(hdr + 8) == 1 ? 65536 : be32(hdr + 8);
	if (psz < 512 || psz > 65536 || (psz & (psz - 1)) || !(page = malloc(psz))) goto out;
	uint32_t s[2] = { 0, 0 };
	checksum(hdr, 24, big, s);
	bool header_ok = s[0] == be32(hdr + 24) && s[1] == be32(hdr + 28);
	/* the chain SQLite follows, and the first frame where it breaks */
	uint32_t seed[2] = { be32(hdr + 24), be32(hdr + 28) };
	long frame = 0, broken = header_ok ? -1 : 0, sound_after = 0;
	while (fread(fh, 1, sizeof fh, f) == sizeof fh && fread(page, 1, psz, f) == psz) {
		frame++;
		bool ours = !memcmp(fh + 8, hdr + 16, 8);   /* salts of this generation */
		bool sound = ours && frame_sound(fh, page, psz, big, seed);
		if (broken < 0 && !sound) broken = frame;
		else if (broken >= 0 && sound) sound_after++;
		if (!ours && broken >= 0) break;             /* an older generation: the end */
		seed[0] = be32(fh + 16);
		seed[1] = be32(fh + 20);
	}
	if (broken >= 0 && sound_after > 0) {
		snprintf(err, errlen, "%s is damaged at frame %ld, and %ld sound frames after it would be dropped",
		         path, broken, sound_after);
		rc = -1;
	}
out:
	free(page);
	fclose(f);
	return rc;
}
