/*
 * sink: where the voice's samples go (mono S16 at a fixed rate).
 *
 *   "pulse"     PulseAudio through libpulse-simple, one stream kept open.
 *               Not connected by sink_new(): the first sink_tick() does it.
 *               A server absent at start or lost mid-run is logged once;
 *               sink_tick() reconnects (call it about once a second).
 *   "null"      discards, as fast as it is fed.
 *   "wav:FILE"  appends to a WAV file whose header is kept valid after
 *               every announcement, so a test can read it at any time.
 *
 * A sink is used by one thread only (the voice's), except sink_ok().
 */
#ifndef GOISO_SINK_H
#define GOISO_SINK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sink;

/* NULL with err for an unknown spec or an unwritable file. */
struct sink *sink_new(const char *spec, int rate, int buffer_ms, char *err, size_t errlen);
void sink_free(struct sink *s);

/* Plays n samples, writing buffer_ms at a time and returning when the
 * last piece has been accepted. *first_ns gets the monotonic time
 * the first piece was accepted. Stops early when *stop becomes true.
 * Returns 0, or -1 when the sink cannot play (nothing or part played). */
int sink_play(struct sink *s, const int16_t *pcm, size_t n,
              const atomic_bool *stop, int64_t *first_ns);
/* The samples of an announcement's first write, and PulseAudio's
 * prebuffer (the stream starts playing once it holds them): 20 ms, or half
 * the buffer when that is less. A fresh stream asks for its buffer less its
 * smallest request (a quarter of it), so a first write of the whole buffer
 * waited for the server to play and ask again (0.3-0.5 ms with 20 ms) while
 * the stream had already started; half the buffer is taken at once, and
 * the stream starts with it. */
int sink_start_frames(int rate, int buffer_ms);
/* Idle housekeeping: reconnects a lost server, notices one that went. */
void sink_tick(struct sink *s);
bool sink_ok(const struct sink *s);
/* True for "null": its samples are thrown away unheard, so the caller
 * need not make them (a headless display renders no speech). */
bool sink_discards(const struct sink *s);
/* Monotonic time at which what was written will have been heard (pulse;
 * 0 for the others). */
int64_t sink_done_ns(const struct sink *s);

#endif
