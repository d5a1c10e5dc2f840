/*
 * voice_check: `goiso-display voice check` and `voice normalize`, and the
 * judgement of one clip that `voice record` shares: missing, too short or
 * too long for its text, clipped, silent.
 */
#ifndef GOISO_VOICE_CHECK_H
#define GOISO_VOICE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;

enum voice_verdict {
	VOICE_OK, VOICE_MISSING, VOICE_UNREADABLE, VOICE_SHORT, VOICE_LONG,
	VOICE_CLIPPED, VOICE_SILENT
};

struct voice_judgement {
	enum voice_verdict verdict;
	double seconds;           /* the whole file */
	double sound_seconds;     /* its sound, silences at the ends left out */
	double lufs, peak_db;
	char why[160];            /* e.g. "too short: 0.05 s of sound (at least 0.10 s)" */
};

/* Judges samples at rate, recorded for text (NULL: no length limits). */
void voice_judge(const int16_t *pcm, size_t n, int rate, const char *text,
                 struct voice_judgement *j);
/* The limits of a clip's sound for text, in seconds. */
void voice_length_limits(const char *text, double *min_s, double *max_s);

/* goiso-display voice check [--dir DIR]: 0 when every clip is fine, 1
 * when some are not (each named on stdout), 2 on a usage error. */
int voice_check_main(int argc, char **argv, const struct config *cfg);
/* goiso-display voice normalize FILE...: each file brought to the
 * voice's loudness in place (make voice does it to the built clips). */
int voice_normalize_main(int argc, char **argv);

#endif
