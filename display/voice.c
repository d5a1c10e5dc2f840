/*
 * voice: clips, announcement rendering and the audio thread (see voice.h).
 *
 * The main loop only appends a small job (label, counter, request time) to
 * the FIFO; the thread renders and plays jobs one at a time, in order, so a
 * slow or missing sound card never delays a call on the screen.
 */
#include "voice.h"
#include "voice_files.h"
#include "voice_level.h"
#include "voice_queue.h"
#include "config.h"
#include "engine.h"
#include "sink.h"
#include "clock.h"
#include "wav.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LAT_RING 256

struct clip {
	char name[64];
	char path[PATH_MAX];      /* "" when synthesized or missing */
	int16_t *pcm;             /* NULL when missing */
	size_t n;
};

struct voice {
	struct playlist *pl;
	struct clip *clips;
	int nclips, nmissing, gap;
	int between;              /* samples of silence after an announcement */
	struct sink *sink;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake, idle;
	struct voice_queue *q;
	bool busy;
	int64_t done_ns;          /* the last announcement heard by then */
	atomic_bool stop;
	struct voice_said said[LAT_RING];
	long nsaid;
	FILE *delays;             /* voice_keep_delays(): one line an announcement */
	bool trace;
};

void voice_opts_init(struct voice_opts *o)
{
	memset(o, 0, sizeof *o);
	o->audio = "pulse";
	o->play = playlist_defaults;
	o->gap_ms = 60;
	o->between_ms = 300;
	o->buffer_ms = 100;
}

/* The line of a [voice] key, for messages. */
static int line_of(const struct config *cfg, const char *key)
{
	for (int i = cfg->nextra - 1; i >= 0; i--)
		if (strcmp(cfg->extra[i].section, "voice") == 0 &&
		    strcmp(cfg->extra[i].key, key) == 0)
			return cfg->extra[i].line;
	return 0;
}

/* A [voice] key with two allowed words: sets *flag for the second. */
static int pick(const struct config *cfg, const char *key, const char *a,
                const char *b, bool *flag, char *err, size_t errlen)
{
	const char *v = config_get(cfg, "voice", key, NULL);
	if (!v) return 0;
	if (strcmp(v, a) == 0 || strcmp(v, b) == 0) {
		*flag = strcmp(v, b) == 0;
		return 0;
	}
	snprintf(err, errlen, "%s:%d: [voice] %s must be %s or %s, not '%s'", cfg->file,
	         line_of(cfg, key), key, a, b, v);
	return -1;
}

int voice_opts_from_config(struct voice_opts *o, const struct config *cfg,
                           char *err, size_t errlen)
{
	static const char *const keys[] = {
		"audio", "template", "short_template", "intro", "repeat", "pause_ms",
		"gap_ms", "between_ms", "buffer_ms", "reading", "linh", "nghin", "tu", "clips_dir", NULL
	};
	bool digits = o->play.num.reading == VINUM_DIGITS;
	if (config_check_keys(cfg, "voice", keys, err, errlen) < 0) return -1;
	o->audio = config_get(cfg, "voice", "audio", o->audio);
	o->play.tmpl = config_get(cfg, "voice", "template", o->play.tmpl);
	o->play.short_tmpl = config_get(cfg, "voice", "short_template", o->play.short_tmpl);
	o->play.intro = config_get(cfg, "voice", "intro", o->play.intro);
	o->play.repeat = (int)config_get_int(cfg, "voice", "repeat", o->play.repeat);
	o->play.pause_ms = (int)config_get_int(cfg, "voice", "pause_ms", o->play.pause_ms);
	o->gap_ms = (int)config_get_int(cfg, "voice", "gap_ms", o->gap_ms);
	o->between_ms = (int)config_get_int(cfg, "voice", "between_ms", o->between_ms);
	o->buffer_ms = (int)config_get_int(cfg, "voice", "buffer_ms", o->buffer_ms);
	o->site_dir = config_get(cfg, "voice", "clips_dir", o->site_dir);
	if (pick(cfg, "reading", "full", "digits", &digits, err, errlen) < 0 ||
	    pick(cfg, "linh", "linh", "le", &o->play.num.le, err, errlen) < 0 ||
	    pick(cfg, "nghin", "nghin", "ngan", &o->play.num.ngan, err, errlen) < 0 ||
	    pick(cfg, "tu", "tu", "bon", &o->play.num.bon, err, errlen) < 0)
		return -1;
	o->play.num.reading = digits ? VINUM_DIGITS : VINUM_FULL;
	if (o->gap_ms < 0 || o->gap_ms > 2000) {
		snprintf(err, errlen, "%s:%d: [voice] gap_ms must be 0..2000", cfg->file,
		         line_of(cfg, "gap_ms"));
		return -1;
	}
	if (o->between_ms < 0 || o->between_ms > 5000) {
		snprintf(err, errlen, "%s:%d: [voice] between_ms must be 0..5000", cfg->file,
		         line_of(cfg, "between_ms"));
		return -1;
	}
	if (o->buffer_ms < 5 || o->buffer_ms > 2000) {
		snprintf(err, errlen, "%s:%d: [voice] buffer_ms must be 5..2000", cfg->file,
		         line_of(cfg, "buffer_ms"));
		return -1;
	}
	/* The template is checked here too, so a mistake stops the start. */
	struct playlist *p = playlist_new(&o->play, err, errlen);
	if (!p) {
		char msg[200];
		snprintf(msg, sizeof msg, "%s", err);
		/* The message starts with the key at fault ("repeat must..."). */
		int line = line_of(cfg, "template") ? line_of(cfg, "template") : line_of(cfg, "intro");
		if (strncmp(msg, "repeat", 6) == 0) line = line_of(cfg, "repeat");
		if (strncmp(msg, "pause_ms", 8) == 0) line = line_of(cfg, "pause_ms");
		if (strncmp(msg, "short_template", 14) == 0) line = line_of(cfg, "short_template");
		snprintf(err, errlen, "%s:%d: [voice] %s", cfg->file, line, msg);
		return -1;
	}
	playlist_free(p);
	return 0;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *voice_default_clips_dir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("GOISO_VOICE_DIR");
	if (env && *env) return env;
	/* build/<variant>/goiso-display sits two levels under the tree. */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) *slash = 0;
		char up[PATH_MAX + 32];
		snprintf(up, sizeof up, "%s/../../assets/voice/vi", exe);
		if (realpath(up, dir) && is_dir(dir)) return dir;
		/* installed: PREFIX/bin/goiso-display, PREFIX/share/goiso/voice/vi */
		snprintf(up, sizeof up, "%s/../share/goiso/voice/vi", exe);
		if (realpath(up, dir) && is_dir(dir)) return dir;
	}
	if (is_dir("assets/voice/vi")) return "assets/voice/vi";
	return "/usr/share/goiso/voice/vi";
}

/* A soft two-tone "ding-dong" (E5 then C5) with a few harmonics and an
 * exponential decay, for centers that recorded no chime of their own. */
static int16_t *synth_chime(size_t *n)
{
	const double f[2] = { 659.25, 523.25 }, start[2] = { 0.0, 0.45 };
	const double len = 1.4, tau = 0.28;
	size_t total = (size_t)(len * VOICE_RATE);
	int16_t *pcm = malloc(total * sizeof *pcm);
	if (!pcm) return NULL;
	for (size_t i = 0; i < total; i++) {
		double t = (double)i / VOICE_RATE, v = 0;
		for (int k = 0; k < 2; k++) {
			double u = t - start[k];
			if (u < 0) continue;
			double env = (u < 0.005 ? u / 0.005 : 1) * exp(-u / tau);
			double w = 2 * M_PI * f[k] * u;
			v += env * (sin(w) + 0.35 * sin(2 * w) + 0.1 * sin(3 * w));
		}
		double fade = t > len - 0.05 ? (len - t) / 0.05 : 1;
		pcm[i] = (int16_t)(v * fade * 0.3 * 32767);
	}
	*n = total;
	return pcm;
}

/* Loads one clip: the site's file first, then the built set. */
static void load_clip(struct voice *v, const char *name, const struct voice_opts *o)
{
	for (int i = 0; i < v->nclips; i++)
		if (strcmp(v->clips[i].name, name) == 0) return;
	struct clip *c = &v->clips[v->nclips++];
	const char *dirs[2] = { o->site_dir, o->clips_dir ? o->clips_dir : voice_default_clips_dir() };
	char err[128] = "", why[sizeof c->path + 160] = "";
	bool leveled = false;
	snprintf(c->name, sizeof c->name, "%s", name);
	for (int d = 0; d < 2 && !c->pcm; d++) {
		if (!dirs[d] || !*dirs[d]) continue;
		snprintf(c->path, sizeof c->path, "%s/%s.wav", dirs[d], name);
		c->pcm = voice_file_read(c->path, VOICE_RATE, &c->n, &leveled, err, sizeof err);
		/* there but unreadable (another user's 0600 file, a bad WAV):
		 * the reason, not "missing", which sends staff to rebuild it */
		if (!c->pcm && err[0] && !why[0])
			snprintf(why, sizeof why, "cannot read %s: %s", c->path, err);
		err[0] = 0;
	}
	if (!c->pcm) c->path[0] = 0;
	if (!c->pcm && strcmp(name, "chime") == 0) c->pcm = synth_chime(&c->n);
	if (c->pcm && why[0] && !o->quiet)
		fprintf(stderr, "voice: %s; %s used instead\n", why,
		        c->path[0] ? c->path : "the built-in chime");
	/* Every clip at one loudness, whoever recorded it: words joined from
	 * different recordings sound even and never clip. Clips leveled by
	 * make voice or voice record carry a mark and are taken as they are. */
	if (c->pcm && leveled && c->path[0]) return;
	if (c->pcm) {
		voice_level_normalize(c->pcm, c->n, VOICE_RATE, VOICE_LEVEL_TARGET,
		                      VOICE_LEVEL_CEILING, NULL);
		return;
	}
	v->nmissing++;
	if (o->quiet) return;
	if (why[0])
		fprintf(stderr, "voice: %s; calls are shown without it\n", why);
	else
		fprintf(stderr, "voice: missing clip %s.wav (run 'make voice' or record it); "
		        "calls are shown without it\n", name);
}

static int load_clips(struct voice *v, const struct voice_opts *o)
{
	const char *fixed[128];
	int nfixed = playlist_fixed_clips(v->pl, fixed, 128);
	v->clips = calloc((size_t)(nfixed + vinum_nclips()), sizeof *v->clips);
	if (!v->clips) return -1;
	for (int i = 0; i < nfixed; i++) load_clip(v, fixed[i], o);
	for (int i = 0; i < vinum_nclips(); i++) load_clip(v, vinum_clip_name(i), o);
	return 0;
}

static const struct clip *find_clip(const struct voice *v, const char *name)
{
	for (int i = 0; i < v->nclips; i++)
		if (strcmp(v->clips[i].name, name) == 0) return &v->clips[i];
	return NULL;
}

/* Lays one announcement out: clips with a gap between two clips, pauses
 * as silence, missing clips left out. Copies the samples into pcm when it
 * is not NULL; returns the announcement's length in samples. */
static size_t lay_out(const struct voice *v, const struct playlist_item *it, int n,
                      int16_t *pcm)
{
	size_t at = 0;
	bool after_clip = false;
	for (int i = 0; i < n; i++) {
		const struct clip *c = it[i].clip ? find_clip(v, it[i].clip) : NULL;
		if (!it[i].clip) {
			at += (size_t)it[i].pause_ms * VOICE_RATE / 1000;
			after_clip = false;
		} else if (c && c->pcm) {
			if (after_clip) at += (size_t)v->gap;
			if (pcm) memcpy(pcm + at, c->pcm, c->n * sizeof *pcm);
			at += c->n;
			after_clip = true;
		}
	}
	return at;
}

/* An announcement's length in samples, -1 when it cannot be made. */
static long form_frames(const struct voice *v, enum playlist_form form, const char *label,
                        int counter)
{
	struct playlist_item it[PLAYLIST_MAX_ITEMS];
	int n = playlist_build_form(v->pl, form, label, counter, it, PLAYLIST_MAX_ITEMS);
	return n < 0 ? -1 : (long)lay_out(v, it, n, NULL);
}

/* One announcement in one buffer. */
int16_t *voice_render_form(const struct voice *v, enum playlist_form form,
                           const char *label, int counter, size_t *nframes)
{
	struct playlist_item it[PLAYLIST_MAX_ITEMS];
	int n = playlist_build_form(v->pl, form, label, counter, it, PLAYLIST_MAX_ITEMS);
	if (n < 0) return NULL;
	size_t total = lay_out(v, it, n, NULL);
	int16_t *pcm = calloc(total ? total : 1, sizeof *pcm);
	if (!pcm) return NULL;
	*nframes = lay_out(v, it, n, pcm);
	return pcm;
}

int16_t *voice_render(const struct voice *v, const char *label, int counter,
                      size_t *nframes)
{
	return voice_render_form(v, PLAYLIST_FULL, label, counter, nframes);
}

int voice_print_files(const struct voice *v, enum playlist_form form, const char *label,
                      int counter, FILE *out)
{
	struct playlist_item it[PLAYLIST_MAX_ITEMS];
	int n = playlist_build_form(v->pl, form, label, counter, it, PLAYLIST_MAX_ITEMS);
	if (n < 0) {
		fprintf(stderr, "voice: cannot announce %s at %d: %s\n", label, counter,
		        playlist_strerror(n));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const struct clip *c = it[i].clip ? find_clip(v, it[i].clip) : NULL;
		if (!it[i].clip) fprintf(out, "(pause %d ms)\n", it[i].pause_ms);
		else if (c && c->path[0]) fprintf(out, "%s\n", c->path);
		else if (c && c->pcm) fprintf(out, "(chime)\n");
		else fprintf(out, "(missing) %s.wav\n", it[i].clip);
	}
	return 0;
}

/* Renders and plays one job, then the silence that parts it from the
 * next; notes when its first sample went out. A sink that discards is
 * given the announcement's length, not its samples: a headless display
 * calling thousands of numbers a second spent a sixth of its CPU making
 * speech nobody heard, on the cores its counters' requests need. */
static void play_job(struct voice *v, const struct voice_job *j)
{
	size_t n = 0;
	bool heard = !sink_discards(v->sink);
	int16_t *pcm = NULL;
	int64_t first = 0;
	if (heard && !(pcm = voice_render_form(v, j->form, j->label, j->counter, &n))) return;
	if (!heard) {
		long k = form_frames(v, j->form, j->label, j->counter);
		if (k < 0) return;
		n = (size_t)k;
	}
	if (n > 0 && sink_play(v->sink, pcm, n, &v->stop, &first) == 0 && first) {
		struct voice_said s = { "", j->counter, j->form, j->recall, j->call_ms,
		                        (double)(first - j->t0_ns) / 1e6,
		                        (double)n * 1000 / VOICE_RATE };
		snprintf(s.label, sizeof s.label, "%s", j->label);
		pthread_mutex_lock(&v->mu);
		v->said[v->nsaid++ % LAT_RING] = s;
		FILE *f = v->delays;          /* set by the loop's thread */
		pthread_mutex_unlock(&v->mu);
		if (f) {
			fprintf(f, "%lld\t%s\t%d\t%s\t%.1f\t%.0f\n", (long long)s.call_ms, s.label,
			        s.counter, s.form == PLAYLIST_SHORT ? "short" : "full", s.delay_ms,
			        s.length_ms);
			fflush(f);
		}
		if (v->trace)
			fprintf(stderr, "voice: %s %d first sample after %.2f ms (%s%s)\n",
			        j->label, j->counter, s.delay_ms,
			        j->form == PLAYLIST_SHORT ? "short" : "full",
			        j->recall ? ", recall" : "");
		if (v->between > 0 && heard) {
			int16_t *quiet = calloc((size_t)v->between, sizeof *quiet);
			int64_t t;
			if (quiet) sink_play(v->sink, quiet, (size_t)v->between, &v->stop, &t);
			free(quiet);
		}
	}
	free(pcm);
}

static void *audio_thread(void *arg)
{
	struct voice *v = arg;
	struct voice_job j;
	sink_tick(v->sink);                   /* connects PulseAudio */
	pthread_mutex_lock(&v->mu);
	while (!atomic_load(&v->stop)) {
		if (!voice_queue_pop(v->q, &j)) {
			struct timespec t = clock_mono_deadline(1000);
			if (pthread_cond_timedwait(&v->wake, &v->mu, &t) == ETIMEDOUT &&
			    voice_queue_len(v->q) == 0) {
				pthread_mutex_unlock(&v->mu);
				sink_tick(v->sink);
				pthread_mutex_lock(&v->mu);
			}
			continue;
		}
		v->busy = true;
		pthread_mutex_unlock(&v->mu);
		play_job(v, &j);
		pthread_mutex_lock(&v->mu);
		v->done_ns = sink_done_ns(v->sink);
		v->busy = false;
		if (voice_queue_len(v->q) == 0) pthread_cond_broadcast(&v->idle);
	}
	pthread_mutex_unlock(&v->mu);
	return NULL;
}

struct voice *voice_new(const struct voice_opts *o, char *err, size_t errlen)
{
	struct voice *v = calloc(1, sizeof *v);
	if (!v) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	v->gap = o->gap_ms * VOICE_RATE / 1000;
	v->between = o->between_ms * VOICE_RATE / 1000;
	v->trace = getenv("GOISO_VOICE_TRACE") != NULL;
	atomic_init(&v->stop, false);
	pthread_mutex_init(&v->mu, NULL);
	/* waits on the monotonic clock: the wall clock set back an hour
	 * (a time server after a power cut) must not hold the audio thread's
	 * one-second wait, or a drain's timeout, for that hour */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&v->wake, &ca);
	pthread_cond_init(&v->idle, &ca);
	pthread_condattr_destroy(&ca);
	v->pl = playlist_new(&o->play, err, errlen);
	if (!v->pl) goto fail;
	if (!(v->q = voice_queue_new())) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (load_clips(v, o) < 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	v->sink = sink_new(o->audio ? o->audio : "pulse", VOICE_RATE, o->buffer_ms, err, errlen);
	if (!v->sink) goto fail;
	if (pthread_create(&v->thread, NULL, audio_thread, v) != 0) {
		snprintf(err, errlen, "cannot start the audio thread");
		sink_free(v->sink);
		v->sink = NULL;
		goto fail;
	}
	return v;
fail:
	v->sink = NULL;
	voice_free(v);
	return NULL;
}

void voice_free(struct voice *v)
{
	if (!v) return;
	if (v->sink) {
		pthread_mutex_lock(&v->mu);
		atomic_store(&v->stop, true);
		pthread_cond_broadcast(&v->wake);
		pthread_mutex_unlock(&v->mu);
		pthread_join(v->thread, NULL);
		sink_free(v->sink);
	}
	voice_queue_free(v->q);
	if (v->delays) fclose(v->delays);
	for (int i = 0; i < v->nclips; i++) free(v->clips[i].pcm);
	free(v->clips);
	playlist_free(v->pl);
	pthread_cond_destroy(&v->wake);
	pthread_cond_destroy(&v->idle);
	pthread_mutex_destroy(&v->mu);
	free(v);
}

static int say_at(struct voice *v, const char *label, int counter, bool recall,
                  bool force_short, int64_t t0_ns, int64_t call_ms)
{
	struct playlist_item it[PLAYLIST_MAX_ITEMS];
	if (playlist_build(v->pl, label, counter, it, PLAYLIST_MAX_ITEMS) < 0) return -1;
	struct voice_job j = { "", counter, recall, force_short, t0_ns, call_ms, PLAYLIST_FULL };
	snprintf(j.label, sizeof j.label, "%s", label);
	pthread_mutex_lock(&v->mu);
	/* Still speaking: writing, or the sound server still playing the
	 * tail of what was written. */
	bool busy = v->busy || clock_mono_ns() < v->done_ns;
	enum voice_push r = voice_queue_push(v->q, &j, busy);
	pthread_cond_signal(&v->wake);
	pthread_mutex_unlock(&v->mu);
	if (r == VOICE_MERGED && v->trace)
		fprintf(stderr, "voice: %s %d recalled while waiting: said once\n", label, counter);
	return r == VOICE_ENOMEM ? -1 : 0;
}

int voice_say(struct voice *v, const char *label, int counter)
{
	return say_at(v, label, counter, false, false, clock_mono_ns(), clock_wall_ms());
}

int voice_say_short(struct voice *v, const char *label, int counter)
{
	return say_at(v, label, counter, false, true, clock_mono_ns(), clock_wall_ms());
}

int voice_recall(struct voice *v, const char *label, int counter)
{
	return say_at(v, label, counter, true, false, clock_mono_ns(), clock_wall_ms());
}

void voice_on_event(struct voice *v, const struct engine *e, const struct engine_event *ev,
                    int64_t turn_ns)
{
	if (!v || (ev->verb != VERB_NEXT && ev->verb != VERB_RECALL) || ev->ticket < 0) return;
	const struct engine_ticket *t = engine_ticket(e, ev->ticket);
	if (!t) return;
	int64_t now = clock_mono_ns();
	/* Without the turn's own time, the event's wall time (the turn's,
	 * in whole milliseconds) stands in for it. */
	int64_t age = turn_ns > 0 ? now - turn_ns : (clock_wall_ms() - ev->at_ms) * 1000000;
	if (age < 0 || age > 10000000000LL) age = 0;
	say_at(v, t->label, ev->counter, ev->verb == VERB_RECALL, false, now - age, ev->at_ms);
}

int voice_drain(struct voice *v, int timeout_ms)
{
	struct timespec t = clock_mono_deadline(timeout_ms);
	int r = 0;
	pthread_mutex_lock(&v->mu);
	while ((voice_queue_len(v->q) || v->busy) && r == 0)
		r = pthread_cond_timedwait(&v->idle, &v->mu, &t);
	bool done = !voice_queue_len(v->q) && !v->busy;
	int64_t tail = v->done_ns - clock_mono_ns();
	pthread_mutex_unlock(&v->mu);
	if (done) clock_sleep_ns(tail);   /* the end still in PulseAudio's buffer */
	return done ? 0 : -1;
}

bool voice_sound_ok(const struct voice *v) { return sink_ok(v->sink); }

int voice_nmissing(const struct voice *v) { return v->nmissing; }

const int16_t *voice_clip(const struct voice *v, const char *name, size_t *n)
{
	const struct clip *c = find_clip(v, name);
	if (!c || !c->pcm) return NULL;
	*n = c->n;
	return c->pcm;
}

int voice_said(const struct voice *v, struct voice_said *out, int max)
{
	struct voice *m = (struct voice *)v;   /* the lock only */
	pthread_mutex_lock(&m->mu);
	long have = v->nsaid < LAT_RING ? v->nsaid : LAT_RING;
	int n = have < max ? (int)have : max;
	for (int i = 0; i < n; i++)
		out[i] = v->said[(v->nsaid - n + i) % LAT_RING];
	pthread_mutex_unlock(&m->mu);
	return n;
}

int voice_keep_delays(struct voice *v, const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f) return -1;
	pthread_mutex_lock(&v->mu);
	v->delays = f;
	pthread_mutex_unlock(&v->mu);
	return 0;
}

int voice_latencies(const struct voice *v, double *ms, int max)
{
	struct voice_said s[LAT_RING];
	int n = voice_said(v, s, max < LAT_RING ? max : LAT_RING);
	for (int i = 0; i < n; i++) ms[i] = s[i].delay_ms;
	return n;
}
