/*
 * libFuzzer target: the WAV reader (shared/wav.c). Any bytes decode or
 * fail with a message; decoded samples written as a mono 16-bit WAV at
 * the same rate decode to the same samples (round trip).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wav.h"

#define RATE 22050

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256] = "";
	size_t n = 0, n2 = 0;
	int16_t *s = wav_decode(data, size, RATE, &n, err, sizeof err);
	if (!s) {
		if (!err[0]) abort();                    /* a refusal says why */
		return 0;
	}
	if (n > 64u << 20) abort();
	unsigned char *file = malloc(WAV_HEADER_LEN + n * 2 + 1);
	if (file) {
		wav_header(file, RATE, n);
		for (size_t i = 0; i < n; i++) {
			file[WAV_HEADER_LEN + 2 * i] = (unsigned char)((uint16_t)s[i] & 0xff);
			file[WAV_HEADER_LEN + 2 * i + 1] = (unsigned char)((uint16_t)s[i] >> 8);
		}
		int16_t *t = wav_decode(file, WAV_HEADER_LEN + n * 2, RATE, &n2, err, sizeof err);
		if (!t || n2 != n || (n && memcmp(s, t, n * 2))) abort();
		free(t);
		free(file);
	}
	free(s);
	return 0;
}
