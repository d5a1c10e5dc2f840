/*
 * sink: the voice's audio output (see sink.h). Pulse state changes are
 * logged on the transition only, so a center without speakers gets one
 * line, not one a second.
 */
#include "sink.h"
#include "clock.h"
#include "wav.h"

#include <pulse/error.h>
#include <pulse/simple.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum kind { K_NULL, K_WAV, K_PULSE };

struct sink {
	enum kind kind;
	int rate, chunk;          /* chunk: samples written at a time */
	int start;                /* the first write's samples, the prebuffer */
	atomic_bool ok;
	/* pulse */
	pa_simple *pa;
	bool said_down;           /* "no sound" already logged */
	bool said_up;             /* the first connection logged */
	int64_t done_ns;          /* when the samples written so far are heard */
	/* wav */
	FILE *f;
	size_t frames;
};

static int pulse_connect(struct sink *s)
{
	pa_sample_spec ss = { PA_SAMPLE_S16LE, (uint32_t)s->rate, 1 };
	pa_buffer_attr ba;
	int err = 0;
	ba.maxlength = (uint32_t)-1;
	ba.tlength = (uint32_t)s->chunk * 2;
	/* Play as soon as the first write is there: with the default (the
	 * whole buffer) a large buffer_ms would hold the start of each call. */
	ba.prebuf = (uint32_t)s->start * 2;
	ba.minreq = (uint32_t)-1;
	ba.fragsize = (uint32_t)-1;
	s->pa = pa_simple_new(NULL, "goiso-display", PA_STREAM_PLAYBACK, NULL,
	                      "announcements", &ss, NULL, &ba, &err);
	if (!s->pa) {
		if (!s->said_down)
			fprintf(stderr, "voice: no PulseAudio (%s); calls go on without sound, "
			        "retrying every second\n", pa_strerror(err));
		s->said_down = true;
		atomic_store(&s->ok, false);
		return -1;
	}
	/* A new stream on an idle sink accepts its first write only after up
	 * to ~2 s; a short silence takes that wait here, not on a call. */
	int16_t quiet[256] = {0};
	if (pa_simple_write(s->pa, quiet, sizeof quiet, &err) < 0 ||
	    pa_simple_drain(s->pa, &err) < 0) {
		pa_simple_free(s->pa);
		s->pa = NULL;
		atomic_store(&s->ok, false);
		return -1;
	}
	if (s->said_down) fprintf(stderr, "voice: PulseAudio is back, sound resumes\n");
	else if (!s->said_up) fprintf(stderr, "voice: sound on PulseAudio\n");
	s->said_up = true;
	s->said_down = false;
	atomic_store(&s->ok, true);
	return 0;
}

static void pulse_lost(struct sink *s, int err)
{
	if (s->pa) pa_simple_free(s->pa);
	s->pa = NULL;
	atomic_store(&s->ok, false);
	if (!s->said_down)
		fprintf(stderr, "voice: PulseAudio lost (%s); calls go on without sound, "
		        "retrying every second\n", pa_strerror(err));
	s->said_down = true;
}

/* The samples written at a time: buffer_ms of them (20 when unset). */
static int chunk_frames(int rate, int buffer_ms)
{
	return rate * (buffer_ms > 0 ? buffer_ms : 20) / 1000;
}

int sink_start_frames(int rate, int buffer_ms)
{
	int chunk = chunk_frames(rate, buffer_ms);
	int start = rate / 50 < chunk / 2 ? rate / 50 : chunk / 2;
	return start < 16 ? 16 : start;
}

struct sink *sink_new(const char *spec, int rate, int buffer_ms, char *err, size_t errlen)
{
	struct sink *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->rate = rate;
	s->chunk = chunk_frames(rate, buffer_ms);
	if (s->chunk < 32) s->chunk = 32;
	s->start = sink_start_frames(rate, buffer_ms);
	atomic_init(&s->ok, true);
	if (strcmp(spec, "null") == 0) {
		s->kind = K_NULL;
	} else if (strncmp(spec, "wav:", 4) == 0 && spec[4]) {
		unsigned char h[WAV_HEADER_LEN];
		s->kind = K_WAV;
		s->f = fopen(spec + 4, "wb");
		wav_header(h, rate, 0);
		if (!s->f || fwrite(h, sizeof h, 1, s->f) != 1 || fflush(s->f) != 0) {
			snprintf(err, errlen, "cannot write %s", spec + 4);
			sink_free(s);
			return NULL;
		}
	} else if (strcmp(spec, "pulse") == 0) {
		/* The voice's thread connects (sink_tick): connecting and
		 * priming the stream may take seconds, never on the caller. */
		s->kind = K_PULSE;
		atomic_store(&s->ok, false);
	} else {
		snprintf(err, errlen, "unknown audio output '%s' (pulse, null or wav:FILE)", spec);
		free(s);
		return NULL;
	}
	return s;
}

void sink_free(struct sink *s)
{
	if (!s) return;
	if (s->pa) pa_simple_free(s->pa);
	if (s->f) fclose(s->f);
	free(s);
}

bool sink_ok(const struct sink *s) { return atomic_load(&s->ok); }

bool sink_discards(const struct sink *s) { return s->kind == K_NULL; }

int64_t sink_done_ns(const struct sink *s) { return s->done_ns; }

static int wav_play(struct sink *s, const int16_t *pcm, size_t n)
{
	unsigned char h[WAV_HEADER_LEN];
	/* The samples are little-endian on every machine goiso runs on. */
	if (fseek(s->f, 0, SEEK_END) != 0 || fwrite(pcm, 2, n, s->f) != n) return -1;
	s->frames += n;
	wav_header(h, s->rate, s->frames);
	if (fseek(s->f, 0, SEEK_SET) != 0 || fwrite(h, sizeof h, 1, s->f) != 1) return -1;
	return fflush(s->f) == 0 ? 0 : -1;
}

static int pulse_play(struct sink *s, const int16_t *pcm, size_t n,
                      const atomic_bool *stop, int64_t *first_ns)
{
	int err = 0;
	if (!s->pa && pulse_connect(s) < 0) return -1;
	/* The first piece is the prebuffer: its write returns as the stream
	 * starts, whatever the buffer's size. */
	for (size_t at = 0, k; at < n; at += k) {
		k = at == 0 ? (size_t)s->start : (size_t)s->chunk;
		if (k > n - at) k = n - at;
		if (atomic_load(stop)) {
			pa_simple_flush(s->pa, &err);
			return 0;
		}
		if (pa_simple_write(s->pa, pcm + at, k * 2, &err) < 0) {
			pulse_lost(s, err);
			return -1;
		}
		if (at == 0) *first_ns = clock_mono_ns();
	}
	/* No drain: waiting for the server to play the tail would hold the
	 * next call behind it (over 100 ms on a null sink). The stream keeps
	 * announcements in order; the tail's end time is noted instead. */
	pa_usec_t lat = pa_simple_get_latency(s->pa, &err);
	if (lat == (pa_usec_t)-1) {
		pulse_lost(s, err);
		return -1;
	}
	s->done_ns = clock_mono_ns() + (int64_t)lat * 1000;
	return 0;
}

int sink_play(struct sink *s, const int16_t *pcm, size_t n,
              const atomic_bool *stop, int64_t *first_ns)
{
	switch (s->kind) {
	case K_NULL:
		*first_ns = clock_mono_ns();
		return 0;
	case K_WAV:
		*first_ns = clock_mono_ns();
		return wav_play(s, pcm, n);
	case K_PULSE:
		return pulse_play(s, pcm, n, stop, first_ns);
	}
	return -1;
}

void sink_tick(struct sink *s)
{
	int err = 0;
	if (s->kind != K_PULSE) return;
	if (!s->pa) {
		pulse_connect(s);
		return;
	}
	/* Asks the server for the stream's latency: fails once the connection
	 * is gone, so the "no sound" mark shows even when nobody is called. */
	if (pa_simple_get_latency(s->pa, &err) == (pa_usec_t)-1)
		pulse_lost(s, err);
}
