/*
 * sound: a private PulseAudio for tests, and comparing recordings with
 * rendered buffers (see sound.c).
 */
#ifndef GOISO_TEST_SOUND_H
#define GOISO_TEST_SOUND_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SOUND_WIN 220          /* samples in one envelope window: 10 ms */
#define SOUND_RATE 22050       /* what the recorder asks for */
#define SOUND_SINK "goiso_test"

struct sound_server {
	pid_t pid, rec;
	char dir[512], sock[600], raw[600];
};

/* Starts a server in test_tmpdir() and sets PULSE_SERVER to it. 0 or -1. */
int sound_server_setup(struct sound_server *p);
/* (Re)starts the server of p (its socket appears within 5 s). 0 or -1. */
int sound_server_start(struct sound_server *p);
/* Stops the recorder and the server, unsets PULSE_SERVER. */
void sound_server_stop(struct sound_server *p);
/* Sends sig to *pid, reaps it, sets *pid to 0. */
void sound_kill(pid_t *pid, int sig);
/* Records the sink's monitor (mono S16 at SOUND_RATE) until stopped. */
void sound_record_start(struct sound_server *p);
/* Stops recording; the samples (free() them) and their count. */
int16_t *sound_record_stop(struct sound_server *p, size_t *n);

/* A whole file (NUL added after it); NULL when it cannot be read. */
void *sound_slurp(const char *path, size_t *len);
/* RMS of each SOUND_WIN window; *nw windows (free() the array). */
double *sound_envelope(const int16_t *x, size_t n, size_t *nw);
/* First and one-past-last window louder than silence. */
void sound_active(const double *e, size_t n, size_t *a, size_t *b);
double sound_corr(const double *x, const double *y, size_t n);
/* The best envelope correlation of the sound in rec with the rendered want,
 * over window phases and small shifts around the onset. */
double sound_match(const int16_t *rec, size_t n, const int16_t *want, size_t k);
/* Finds count expected envelopes one after the other in the recording er
 * from window start, each within 0.5 s of the previous one's end with a
 * correlation >= 0.9. Returns how many were found; *worst the lowest. */
int sound_align(const double *er, size_t nr, size_t start, double *const *ew,
                const size_t *nw, int count, double *worst);
/* The same; where[k] gets the window where announcement k starts. */
int sound_align_at(const double *er, size_t nr, size_t start, double *const *ew,
                   const size_t *nw, int count, double *worst, size_t *where);

#endif
