/*
 * WAV decoding: the formats site recordings come in (8/16/24/32-bit, float,
 * stereo, 44.1/48 kHz) all become the same mono S16 at the asked rate.
 */
#include "test.h"
#include "wav.h"

#include <stdlib.h>

/* A WAV in memory: header for fmt/ch/rate/bits, then n frames of data, an
 * extra LIST chunk before the data as recorders write. */
static size_t make(unsigned char *b, int fmt, int ch, int rate, int bits,
                   const void *data, size_t bytes)
{
	size_t at = 0;
	#define P32(v) do { uint32_t v_ = (uint32_t)(v); for (int i_ = 0; i_ < 4; i_++) b[at++] = (unsigned char)(v_ >> 8 * i_); } while (0)
	#define P16(v) do { b[at++] = (unsigned char)(v); b[at++] = (unsigned char)((v) >> 8); } while (0)
	memcpy(b, "RIFF", 4); at = 4; P32(0); memcpy(b + at, "WAVEfmt ", 8); at += 8;
	P32(16); P16(fmt); P16(ch); P32(rate); P32(rate * ch * bits / 8); P16(ch * bits / 8); P16(bits);
	memcpy(b + at, "LIST", 4); at += 4; P32(3); memcpy(b + at, "abc\0", 4); at += 4;
	memcpy(b + at, "data", 4); at += 4; P32(bytes);
	memcpy(b + at, data, bytes);
	return at + bytes;
}

TEST(wav_formats_become_mono_s16)
{
	unsigned char b[512];
	char err[128];
	size_t n;
	int16_t s16[4] = { 0, 16384, -16384, 32767 };
	int16_t *p = wav_decode(b, make(b, 1, 1, 22050, 16, s16, sizeof s16), 22050, &n, err, sizeof err);
	REQUIRE(p != NULL);
	CHECK_INT_EQ(n, 4);
	CHECK(memcmp(p, s16, sizeof s16) == 0);       /* same rate: bit-identical */
	free(p);
	unsigned char u8[2] = { 128, 192 };
	p = wav_decode(b, make(b, 1, 1, 22050, 8, u8, 2), 22050, &n, err, sizeof err);
	REQUIRE(p && n == 2);
	CHECK_INT_EQ(p[0], 0);
	CHECK_INT_EQ(p[1], 16384);
	free(p);
	/* 24-bit stereo: left 0x400000 (half scale), right 0: mean a quarter. */
	unsigned char s24[6] = { 0, 0, 0x40, 0, 0, 0 };
	p = wav_decode(b, make(b, 1, 2, 22050, 24, s24, 6), 22050, &n, err, sizeof err);
	REQUIRE(p && n == 1);
	CHECK_INT_EQ(p[0], 8192);
	free(p);
	float f32[2] = { -0.5f, 2.0f };                /* clipped to full scale */
	p = wav_decode(b, make(b, 3, 1, 22050, 32, f32, sizeof f32), 22050, &n, err, sizeof err);
	REQUIRE(p && n == 2);
	CHECK_INT_EQ(p[0], -16384);
	CHECK_INT_EQ(p[1], 32767);
	free(p);
}

TEST(wav_resamples_by_length)
{
	static int16_t x[4800];                        /* 0.1 s at 48 kHz */
	static unsigned char b[sizeof x + 128];
	char err[128];
	size_t n;
	for (int i = 0; i < 4800; i++) x[i] = (int16_t)(i * 6);
	int16_t *p = wav_decode(b, make(b, 1, 1, 48000, 16, x, sizeof x), 22050, &n, err, sizeof err);
	REQUIRE(p != NULL);
	CHECK_INT_EQ(n, 2205);
	CHECK(abs(p[1000] - (int)(1000 * 48000.0 / 22050 * 6)) <= 2);  /* a ramp stays a ramp */
	free(p);
}

TEST(wav_rejects_what_it_cannot_play)
{
	unsigned char b[256];
	char err[128];
	size_t n;
	int16_t s[2] = { 1, 2 };
	CHECK(wav_decode("RIFX....WAVE", 12, 22050, &n, err, sizeof err) == NULL);
	CHECK_STR_EQ(err, "not a WAV file");
	CHECK(wav_decode(b, make(b, 2, 1, 22050, 4, s, 4), 22050, &n, err, sizeof err) == NULL);
	CHECK_STR_EQ(err, "unsupported WAV format (PCM 8/16/24/32-bit or float only)");
	size_t len = make(b, 1, 1, 22050, 16, s, 4);
	memcpy(b + 12 + 24 + 12, "xxxx", 4);           /* the data chunk renamed */
	CHECK(wav_decode(b, len, 22050, &n, err, sizeof err) == NULL);
	CHECK_STR_EQ(err, "WAV has no data");
	/* A header that claims more data than the file holds: read what is there. */
	len = make(b, 1, 1, 22050, 16, s, 4);
	int16_t *p = wav_decode(b, len - 2, 22050, &n, err, sizeof err);
	REQUIRE(p != NULL);
	CHECK_INT_EQ(n, 1);
	free(p);
}

TEST(wav_float_nan_and_infinity_are_played_safely)
{
	/* found by make fuzz: a NaN sample made the conversion undefined */
	unsigned char b[512];
	char err[128];
	size_t n;
	float f32[4] = { 0.25f, 0.0f, 0.0f, 0.0f };
	f32[1] = __builtin_nanf("");
	f32[2] = __builtin_inff();
	f32[3] = -__builtin_inff();
	int16_t *p = wav_decode(b, make(b, 3, 1, 22050, 32, f32, sizeof f32), 22050, &n, err, sizeof err);
	REQUIRE(p && n == 4);
	CHECK_INT_EQ(p[0], 8192);
	CHECK_INT_EQ(p[1], 0);
	CHECK_INT_EQ(p[2], 32767);
	CHECK_INT_EQ(p[3], -32768);
	free(p);
}
