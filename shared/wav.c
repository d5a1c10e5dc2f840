/*
 * wav: see wav.h. Reads the chunks it needs (fmt, data) and skips the rest
 * (LIST, fact...), as recorders add their own.
 */
#include "wav.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fmt {
	int format;        /* 1 PCM integer, 3 float */
	int channels, rate, bits;
};

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p) { return p[0] | (unsigned)p[1] << 8; }

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* One sample at p as a float in -1..1. */
static float sample(const unsigned char *p, const struct fmt *f)
{
	switch (f->bits) {
	case 8: return ((int)p[0] - 128) / 128.0f;
	case 16: return (int16_t)le16(p) / 32768.0f;
	case 24: return (int32_t)((uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 |
	                          (uint32_t)p[2] << 24) / 2147483648.0f;
	default:
		if (f->format == 3) {
			float v;
			uint32_t u = le32(p);
			memcpy(&v, &u, sizeof v);
			return v;
		}
		return (int32_t)le32(p) / 2147483648.0f;
	}
}

static int parse_fmt(const unsigned char *c, uint32_t n, struct fmt *f)
{
	if (n < 16) return -1;
	f->format = (int)le16(c);
	f->channels = (int)le16(c + 2);
	f->rate = (int)le32(c + 4);
	f->bits = (int)le16(c + 14);
	if (f->format == 0xFFFE && n >= 26) f->format = (int)le16(c + 24);
	if (f->channels < 1 || f->channels > 8 || f->rate < 1000 || f->rate > 384000)
		return -1;
	if (f->format == 1)
		return (f->bits == 8 || f->bits == 16 || f->bits == 24 || f->bits == 32) ? 0 : -1;
	return (f->format == 3 && f->bits == 32) ? 0 : -1;
}

/* Mono floats of the data chunk, then resampled to S16 at rate. */
static int16_t *convert(const unsigned char *d, uint32_t n, const struct fmt *f,
                        int rate, size_t *nframes)
{
	size_t bps = (size_t)f->bits / 8, frame = bps * (size_t)f->channels;
	size_t in = n / frame;
	size_t out = (size_t)((double)in * rate / f->rate);
	float *mono = malloc((in + 1) * sizeof *mono);
	int16_t *pcm = malloc((out ? out : 1) * sizeof *pcm);
	if (!mono || !pcm) {
		free(mono);
		free(pcm);
		return NULL;
	}
	for (size_t i = 0; i < in; i++) {
		float s = 0;
		for (int c = 0; c < f->channels; c++)
			s += sample(d + i * frame + (size_t)c * bps, f);
		s /= (float)f->channels;
		/* float samples may be NaN or infinite (found by make fuzz):
		 * silence, or full scale */
		mono[i] = s != s ? 0 : s > 1 ? 1 : s < -1 ? -1 : s;
	}
	mono[in] = in ? mono[in - 1] : 0;
	for (size_t j = 0; j < out; j++) {
		double pos = (double)j * f->rate / rate;
		size_t k = (size_t)pos;
		double fr = pos - (double)k, v = mono[k] * (1 - fr) + mono[k + 1] * fr;
		/* Scaled by 32768 and rounded, so 16-bit input at the same rate
		 * comes out bit-identical. */
		v = floor(v * 32768 + 0.5);
		pcm[j] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
	}
	free(mono);
	*nframes = out;
	return pcm;
}

/* The fmt chunk of data into *f and the data chunk's place; 0 when both
 * were found, else -1 with the reason in err. */
static int chunks(const unsigned char *p, size_t len, struct fmt *f,
                  const unsigned char **data, uint32_t *dlen, char *err, size_t errlen)
{
	int have_fmt = 0;
	if (len < 12 || memcmp(p, "RIFF", 4) != 0 || memcmp(p + 8, "WAVE", 4) != 0) {
		snprintf(err, errlen, "not a WAV file");
		return -1;
	}
	for (size_t at = 12; at + 8 <= len;) {
		uint32_t n = le32(p + at + 4);
		const unsigned char *c = p + at + 8;
		if (n > len - at - 8) n = (uint32_t)(len - at - 8); /* truncated file */
		if (memcmp(p + at, "fmt ", 4) == 0) {
			if (parse_fmt(c, n, f) < 0) {
				snprintf(err, errlen, "unsupported WAV format (PCM 8/16/24/32-bit or float only)");
				return -1;
			}
			have_fmt = 1;
		} else if (memcmp(p + at, "data", 4) == 0) {
			if (!have_fmt) break;
			*data = c;
			*dlen = n;
			return 0;
		}
		at += 8 + (size_t)n + (n & 1);
	}
	snprintf(err, errlen, have_fmt ? "WAV has no data" : "WAV has no format chunk");
	return -1;
}

int wav_rate(const void *data, size_t len)
{
	struct fmt f = {0};
	const unsigned char *d;
	uint32_t n;
	char err[80];
	return chunks(data, len, &f, &d, &n, err, sizeof err) == 0 ? f.rate : 0;
}

int16_t *wav_decode(const void *data, size_t len, int rate, size_t *nframes,
                    char *err, size_t errlen)
{
	struct fmt f = {0};
	const unsigned char *d;
	uint32_t n;
	if (chunks(data, len, &f, &d, &n, err, errlen) < 0) return NULL;
	int16_t *pcm = convert(d, n, &f, rate, nframes);
	if (!pcm) snprintf(err, errlen, "out of memory");
	return pcm;
}

void wav_mark(unsigned char m[WAV_MARK_LEN], int lufs_x100, int ceiling_x100)
{
	memcpy(m, "gLUF", 4);
	put32(m + 4, 8);
	put32(m + 8, (uint32_t)lufs_x100);
	put32(m + 12, (uint32_t)ceiling_x100);
}

int wav_read_mark(const void *data, size_t len, int *lufs_x100, int *ceiling_x100)
{
	const unsigned char *p = data;
	if (len < 12 || memcmp(p, "RIFF", 4) != 0 || memcmp(p + 8, "WAVE", 4) != 0) return -1;
	for (size_t at = 12; at + 8 <= len;) {
		uint32_t n = le32(p + at + 4);
		if (n > len - at - 8) return -1;
		if (memcmp(p + at, "gLUF", 4) == 0 && n == 8) {
			*lufs_x100 = (int32_t)le32(p + at + 8);
			*ceiling_x100 = (int32_t)le32(p + at + 12);
			return 0;
		}
		at += 8 + (size_t)n + (n & 1);
	}
	return -1;
}

void wav_header(unsigned char h[WAV_HEADER_LEN], int rate, size_t nframes)
{
	uint32_t bytes = (uint32_t)(nframes * 2);
	memcpy(h, "RIFF", 4);
	put32(h + 4, 36 + bytes);
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 16);
	h[20] = 1; h[21] = 0;          /* PCM */
	h[22] = 1; h[23] = 0;          /* mono */
	put32(h + 24, (uint32_t)rate);
	put32(h + 28, (uint32_t)rate * 2);
	h[32] = 2; h[33] = 0;          /* block align */
	h[34] = 16; h[35] = 0;         /* bits */
	memcpy(h + 36, "data", 4);
	put32(h + 40, bytes);
}
