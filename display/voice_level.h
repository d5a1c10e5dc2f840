/*
 * voice_level: how loud a clip is and where its sound is (mono S16 at any
 * rate), measured with libebur128 (EBU R128 integrated loudness, true
 * peak with 4x oversampling).
 *
 * Every clip the voice plays (built, recorded by the site or dropped in by
 * hand, and the chime) is brought to one integrated loudness, with its
 * true peak at most VOICE_LEVEL_CEILING, so words joined from different
 * recordings sound even and never clip. Clips shorter than the 400 ms an
 * EBU R128 block needs are measured looped, as the sound they are.
 */
#ifndef GOISO_VOICE_LEVEL_H
#define GOISO_VOICE_LEVEL_H

#include <stddef.h>
#include <stdint.h>

#define VOICE_LEVEL_TARGET (-18.0)    /* LUFS */
#define VOICE_LEVEL_CEILING (-1.5)    /* dBTP written, so -1 dBTP holds
                                         after the sound server resamples */
#define VOICE_LEVEL_SILENT (-50.0)    /* LUFS: nothing there */

struct voice_level {
	double lufs;          /* integrated loudness; VOICE_LEVEL_SILENT or less for none */
	double peak_db;       /* true peak, dBTP */
	double sample_peak_db;
	size_t full_scale;    /* samples at or over 99.5 % of full scale */
	int clipped_runs;     /* runs of 3 or more such samples (a clipped recording) */
};

/* Measures pcm. 0, or -1 when libebur128 fails (out of memory). */
int voice_level_measure(const int16_t *pcm, size_t n, int rate, struct voice_level *out);

/* Brings pcm to target LUFS with its true peak at most ceiling dBTP (a
 * gain, and a soft peak limiter when the gain alone would pass the
 * ceiling), in place. Silence is left as it is. Returns 0 (the level
 * reached in *after when not NULL), or -1. */
int voice_level_normalize(int16_t *pcm, size_t n, int rate, double target,
                          double ceiling, struct voice_level *after);

/* The part of pcm that holds sound: [*a, *b) with a margin of margin_ms
 * on each side; *a == *b when it is all silence. Sound is a 10 ms window
 * louder than -45 dBFS RMS, than 12 dB over the recording's noise floor
 * (or 20 dB under its loudest window, when that is less) and than 35 dB
 * under its loudest window. */
void voice_level_trim(const int16_t *pcm, size_t n, int rate, int margin_ms,
                      size_t *a, size_t *b);

#endif
