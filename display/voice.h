/*
 * voice: spoken announcements of calls ("Xin mời công dân có số thứ tự
 * A023 đến quầy số 5") on the display's speakers.
 *
 * Clips are loaded and converted once at start (mono S16 at VOICE_RATE)
 * and brought to one loudness (voice_level.h);
 * a site directory overrides any clip by file name, a missing clip is named
 * in a warning and left out, and a two-tone chime is synthesized when no
 * chime.wav exists. Each announcement is rendered into one buffer and
 * played by the voice's own thread, fed by a FIFO: announcements never
 * overlap, are never dropped while sound works, and keep the call order.
 * At peak hour an announcement that has to wait is said in the short form
 * (voice_queue.h), and a RECALL of a call still waiting adds nothing.
 *
 * Backends: "pulse" (libpulse; survives a PulseAudio absent at start or
 * lost mid-run, logs once, retries every second), "null", and "wav:FILE"
 * (appends what would be played to a WAV file, for tests).
 */
#ifndef GOISO_VOICE_H
#define GOISO_VOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "playlist.h"

#define VOICE_RATE 22050

struct config;
struct engine;
struct engine_event;
struct voice;

struct voice_opts {
	const char *audio;        /* "pulse", "null" or "wav:FILE" */
	const char *clips_dir;    /* the built clip set; NULL: voice_default_clips_dir() */
	const char *site_dir;     /* a site's recordings, by the same names; or NULL */
	struct playlist_opts play;
	int gap_ms;               /* silence between two clips (default 60) */
	int between_ms;           /* silence after an announcement (default 300) */
	int buffer_ms;            /* PulseAudio target buffer (default 100) */
	bool quiet;               /* no warnings on stderr (for --words, --say) */
};

/* Defaults: pulse, built clips, no site dir, playlist_defaults. */
void voice_opts_init(struct voice_opts *o);
/* Reads the [voice] section (template, short_template, intro, repeat,
 * pause_ms, gap_ms, between_ms,
 * buffer_ms, reading = full|digits, linh = linh|le, nghin = nghin|ngan,
 * tu = tu|bon, clips_dir, audio) over o. Strings point into cfg. Returns 0,
 * or -1 with "file:line: ..." in err. */
int voice_opts_from_config(struct voice_opts *o, const struct config *cfg,
                           char *err, size_t errlen);
/* assets/voice/vi beside the program's build tree, or $GOISO_VOICE_DIR. */
const char *voice_default_clips_dir(void);

/* Loads the clips and starts the audio thread. NULL with err for a bad
 * template, an unknown backend or an unwritable WAV file; a missing
 * PulseAudio is not an error (voice_sound_ok() is false until it comes). */
struct voice *voice_new(const struct voice_opts *o, char *err, size_t errlen);
/* Stops the thread (the announcement playing is cut, queued ones dropped). */
void voice_free(struct voice *v);

/* Queues an announcement; returns at once. -1 when label and counter
 * cannot be read (nothing queued). */
int voice_say(struct voice *v, const char *label, int counter);
/* The same, said in the short form even when nothing waits. */
int voice_say_short(struct voice *v, const char *label, int counter);
/* The same for a RECALL: nothing is added while that call still waits. */
int voice_recall(struct voice *v, const char *label, int counter);
/* Announces a committed NEXT or RECALL of a ticket. turn_ns is when the turn
 * that read the request began (monotonic, loop_now_ns()): the latency is
 * counted from there, the commit included. 0 when unknown: then from the
 * event's wall time, which has whole milliseconds only. */
void voice_on_event(struct voice *v, const struct engine *e, const struct engine_event *ev,
                    int64_t turn_ns);
/* Waits until every queued announcement has been played (0) or timeout (-1). */
int voice_drain(struct voice *v, int timeout_ms);
/* False while the backend cannot play (the board shows a "no sound" mark). */
bool voice_sound_ok(const struct voice *v);
/* Clips of the playlists that were not found at start. */
int voice_nmissing(const struct voice *v);
/* A loaded clip's samples (normalized, at VOICE_RATE), NULL when missing. */
const int16_t *voice_clip(const struct voice *v, const char *name, size_t *n);

/* The clip files one announcement plays, one path a line ("(missing) x"
 * for a missing clip, "(chime)" for the synthesized one, "(pause N ms)"). */
int voice_print_files(const struct voice *v, enum playlist_form form, const char *label,
                      int counter, FILE *out);
/* Renders one announcement as the thread would play it: a new buffer of
 * *nframes mono S16 samples at VOICE_RATE (free() it), or NULL. */
int16_t *voice_render(const struct voice *v, const char *label, int counter,
                      size_t *nframes);
/* The same in a form (PLAYLIST_SHORT: what a queued announcement says). */
int16_t *voice_render_form(const struct voice *v, enum playlist_form form,
                           const char *label, int counter, size_t *nframes);

/* One announcement heard (its first sample accepted by the backend). */
struct voice_said {
	char label[16];
	int counter;
	enum playlist_form form;
	bool recall;
	int64_t call_ms;          /* the call, wall clock ms */
	double delay_ms;          /* call -> first sample */
	double length_ms;         /* how long it speaks */
};
/* The last announcements heard, oldest first (up to 256 kept). Returns
 * how many were copied. */
int voice_said(const struct voice *v, struct voice_said *out, int max);
/* Appends one line for each announcement heard from now on to the file at
 * path (the daemon's <data>/voice-delays.tsv), for the reports:
 *   call_ms TAB label TAB counter TAB full|short TAB delay_ms TAB length_ms
 * call_ms is the call's wall time (ms since 1970, as in the event log).
 * 0, or -1 when the file cannot be opened. */
int voice_keep_delays(struct voice *v, const char *path);
/* Latencies of the last announcements, oldest first, in ms: from the
 * request (voice_say, or the event's turn for voice_on_event) to the first
 * buffer accepted by the backend. Returns how many were copied. */
int voice_latencies(const struct voice *v, double *ms, int max);

/* ---- goiso-display's voice options (voice_cli.c) ----
 *   --audio pulse|null|wav:FILE   output (default pulse; null when headless)
 *   --words N                     prints the words for N (or a label) and exits
 *   --say TICKET COUNTER [--play] [--short]
 *                                 prints the clip files; --play plays them;
 *                                 --short: the short (peak-hour) form
 */
/* Runs --words or --say when argv holds one: returns the exit status (0,
 * or 1 when it failed). Returns -1 when argv holds neither. */
/* Runs "goiso-display [--config F] voice record|check|normalize ...":
 * returns its exit status, or -1 when argv is not a voice command. */
int voice_command(int argc, char **argv);
int voice_cli(int argc, char **argv, const struct config *cfg);
/* The daemon's voice from cfg's [voice] and the --audio value (NULL when
 * not given); headless without --audio means "null". NULL with err on a
 * bad [voice] section or audio value. */
struct voice *voice_from_config(const struct config *cfg, const char *audio,
                                bool headless, char *err, size_t errlen);

#endif
