/*
 * wav: RIFF/WAVE decoding into the one sample format goiso plays, and the
 * header of the files it writes (pure C: buffers in, buffers out).
 *
 * Clips may come from espeak-ng (22,050 Hz mono 16-bit) or from a site's
 * own recordings (often 44,100 or 48,000 Hz, stereo, 24-bit or float), so
 * every clip is converted once at start to mono signed 16-bit at one rate.
 */
#ifndef GOISO_WAV_H
#define GOISO_WAV_H

#include <stddef.h>
#include <stdint.h>

#define WAV_HEADER_LEN 44

/* Decodes data (PCM 8/16/24/32-bit integer or 32-bit float, any channel
 * count and rate) into newly allocated mono S16 samples at rate (channels
 * averaged, linear interpolation). Returns NULL with a message in err for
 * anything else. *nframes may be 0 for an empty data chunk. */
int16_t *wav_decode(const void *data, size_t len, int rate, size_t *nframes,
                    char *err, size_t errlen);

/* The sample rate of the WAV data (its fmt chunk), or 0 when it is not a
 * WAV goiso can decode. */
int wav_rate(const void *data, size_t len);

/* goiso's mark that a file was leveled: a "gLUF" chunk of 8 bytes (the
 * loudness and the true-peak ceiling in hundredths of a dB, signed 32-bit
 * little-endian), placed before the data chunk; other readers skip it. */
#define WAV_MARK_LEN 16
void wav_mark(unsigned char m[WAV_MARK_LEN], int lufs_x100, int ceiling_x100);
/* 0 with the mark's values when data carries one, else -1. */
int wav_read_mark(const void *data, size_t len, int *lufs_x100, int *ceiling_x100);

/* The header of a mono S16 WAV file holding nframes at rate. */
void wav_header(unsigned char h[WAV_HEADER_LEN], int rate, size_t nframes);

#endif
