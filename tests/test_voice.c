/*
 * voice: clip loading and site overrides, the rendered buffer, the WAV
 * sink, and real sound through a private PulseAudio server (null sink,
 * its monitor recorded with parec): what comes out, in what order, and
 * what happens when the server is missing, goes away and comes back.
 *
 * Needs the built clip set (make voice) under assets/voice/vi.
 */
#include "test.h"
#include "voice.h"
#include "wav.h"
#include "clock.h"
#include "config.h"
#include "engine.h"
#include "sink.h"
#include "sound.h"

#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CLIPS "assets/voice/vi"


/* ---- helpers: files, envelopes ---- */

static void write_tone(const char *path, double hz, double secs, int rate)
{
	size_t n = (size_t)(secs * rate);
	unsigned char h[WAV_HEADER_LEN];
	int16_t *pcm = malloc(n * sizeof *pcm);
	for (size_t i = 0; i < n; i++)
		pcm[i] = (int16_t)(8000 * sin(2 * M_PI * hz * (double)i / rate));
	FILE *f = fopen(path, "wb");
	wav_header(h, rate, n);
	fwrite(h, sizeof h, 1, f);
	fwrite(pcm, 2, n, f);
	fclose(f);
	free(pcm);
}

static struct voice *make_voice_tmpl(const char *audio, const char *site, int repeat,
                                     const char *intro, const char *tmpl)
{
	struct voice_opts o;
	char err[256] = "";
	voice_opts_init(&o);
	o.audio = audio;
	o.clips_dir = CLIPS;
	o.site_dir = site;
	o.play.repeat = repeat;
	o.buffer_ms = 1000;     /* 100 ms underran on the loaded test machine */
	if (tmpl) {
		o.play.intro = intro;
		o.play.tmpl = tmpl;
	}
	struct voice *v = voice_new(&o, err, sizeof err);
	if (!v) test_fail(__FILE__, __LINE__, "voice_new: %s", err);
	return v;
}

static struct voice *make_voice(const char *audio, const char *site, int repeat)
{
	return make_voice_tmpl(audio, site, repeat, NULL, NULL);
}

/* ---- without a sound server ---- */

TEST(voice_files_site_override_and_chime)
{
	char site[512], path[600], out[600];
	struct stat st;
	REQUIRE(stat(CLIPS "/den_quay_so.wav", &st) == 0);
	snprintf(site, sizeof site, "%s/site", test_tmpdir());
	mkdir(site, 0755);
	snprintf(path, sizeof path, "%s/den_quay_so.wav", site);
	write_tone(path, 440, 0.5, 48000);   /* a site recording at 48 kHz */
	struct voice *v = make_voice("null", site, 1);
	REQUIRE(v != NULL);
	CHECK_INT_EQ(voice_nmissing(v), 0);
	snprintf(out, sizeof out, "%s/files.txt", test_tmpdir());
	FILE *f = fopen(out, "w");
	CHECK_INT_EQ(voice_print_files(v, PLAYLIST_FULL, "A023", 5, f), 0);
	fclose(f);
	size_t len;
	char *text = sound_slurp(out, &len);
	char expect[4096];
	snprintf(expect, sizeof expect,
	         "(chime)\n" CLIPS "/xin_moi_cong_dan_co_so_thu_tu.wav\n" CLIPS "/chu_a.wav\n"
	         CLIPS "/hai.wav\n" CLIPS "/muoi_ngang.wav\n" CLIPS "/ba.wav\n%s\n"
	         CLIPS "/nam.wav\n", path);
	text[len] = 0;
	CHECK_STR_EQ(text, expect);
	free(text);
	/* The 48 kHz site clip was converted to 0.5 s at VOICE_RATE. */
	size_t n1, n2;
	int16_t *a = voice_render(v, "A1", 1, &n1);
	voice_free(v);
	v = make_voice("null", NULL, 1);
	int16_t *b = voice_render(v, "A1", 1, &n2);
	size_t blen, built;
	char err[64];
	void *bdata = sound_slurp(CLIPS "/den_quay_so.wav", &blen);
	int16_t *bpcm = wav_decode(bdata, blen, VOICE_RATE, &built, err, sizeof err);
	REQUIRE(a && b && bpcm);
	CHECK_INT_EQ((long)n1 - (long)n2, (long)(VOICE_RATE / 2) - (long)built);
	free(bdata);
	free(bpcm);
	free(a);
	free(b);
	voice_free(v);
}

TEST(voice_missing_clips_named_and_skipped)
{
	char dir[512], path[600];
	snprintf(dir, sizeof dir, "%s/few", test_tmpdir());
	mkdir(dir, 0755);
	snprintf(path, sizeof path, "%s/den_quay_so.wav", dir);
	write_tone(path, 330, 0.3, VOICE_RATE);
	struct voice_opts o;
	char err[128];
	voice_opts_init(&o);
	o.audio = "null";
	o.clips_dir = dir;
	o.quiet = true;
	struct voice *v = voice_new(&o, err, sizeof err);
	REQUIRE(v != NULL);
	/* Everything but den_quay_so and the synthesized chime: the words,
	 * the phrase and the short form's "quay". */
	CHECK_INT_EQ(voice_nmissing(v), vinum_nclips() + 2);
	size_t n;
	int16_t *pcm = voice_render(v, "A1", 1, &n);
	REQUIRE(pcm != NULL);
	/* chime (1.4 s), gap, 0.3 s: the missing words add nothing. */
	CHECK_INT_EQ(n, (size_t)(1.4 * VOICE_RATE) + 60 * VOICE_RATE / 1000 + (size_t)(0.3 * VOICE_RATE));
	free(pcm);
	CHECK_INT_EQ(voice_say(v, "--", 1), -1);
	CHECK_INT_EQ(voice_say(v, "A1", 1), 0);
	CHECK_INT_EQ(voice_drain(v, 2000), 0);
	CHECK(voice_sound_ok(v));
	voice_free(v);
	o.audio = "alsa";
	CHECK(voice_new(&o, err, sizeof err) == NULL);
	CHECK_STR_EQ(err, "unknown audio output 'alsa' (pulse, null or wav:FILE)");
	o.audio = "null";
	o.play.tmpl = "{ticket} {quay}";
	CHECK(voice_new(&o, err, sizeof err) == NULL);
	CHECK_STR_EQ(err, "template: unknown placeholder '{quay}'");
}

/* A clip that is there but cannot be read (here a directory in its place,
 * EISDIR, as an unreadable file is EACCES: root reads any file) is logged
 * with the reason, not as missing, which would send staff to rebuild it;
 * it still counts for the board's warning. A site clip that cannot be
 * read, with a built one to fall back on, is named too. */
TEST(voice_unreadable_clip_says_why)
{
	char dir[512], site[512], path[600], log[600];
	snprintf(dir, sizeof dir, "%s/few", test_tmpdir());
	snprintf(site, sizeof site, "%s/site", test_tmpdir());
	mkdir(dir, 0755);
	mkdir(site, 0755);
	snprintf(path, sizeof path, "%s/den_quay_so.wav", dir);
	write_tone(path, 330, 0.3, VOICE_RATE);
	snprintf(path, sizeof path, "%s/ba.wav", dir);
	REQUIRE(mkdir(path, 0755) == 0);
	snprintf(path, sizeof path, "%s/den_quay_so.wav", site);
	REQUIRE(mkdir(path, 0755) == 0);
	struct voice_opts o;
	char err[128];
	voice_opts_init(&o);
	o.audio = "null";
	o.clips_dir = dir;
	o.site_dir = site;
	snprintf(log, sizeof log, "%s/stderr.txt", test_tmpdir());
	fflush(stderr);
	int saved = dup(2);
	FILE *f = fopen(log, "w");
	REQUIRE(f && saved >= 0);
	dup2(fileno(f), 2);
	struct voice *v = voice_new(&o, err, sizeof err);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fclose(f);
	REQUIRE(v != NULL);
	CHECK_INT_EQ(voice_nmissing(v), vinum_nclips() + 2);   /* as before: ba among them */
	voice_free(v);
	size_t len;
	char *text = sound_slurp(log, &len), want[1400];
	REQUIRE(text != NULL);
	snprintf(want, sizeof want, "voice: cannot read %s/ba.wav: Is a directory; calls are shown "
	         "without it\n", dir);
	CHECK(strstr(text, want) != NULL);
	CHECK(strstr(text, "missing clip ba.wav") == NULL);
	CHECK(strstr(text, "voice: missing clip hai.wav (run 'make voice' or record it)") != NULL);
	snprintf(want, sizeof want, "voice: cannot read %s/den_quay_so.wav: Is a directory; "
	         "%s/den_quay_so.wav used instead\n", site, dir);
	CHECK(strstr(text, want) != NULL);
	if (test_failed_now()) printf("%s", text);
	free(text);
}

/* The WAV sink receives exactly the rendered buffers, whole and in order. */
TEST(voice_wav_sink_in_call_order)
{
	char file[600], spec[620];
	snprintf(file, sizeof file, "%s/out.wav", test_tmpdir());
	snprintf(spec, sizeof spec, "wav:%s", file);
	struct voice *v = make_voice(spec, NULL, 2);
	REQUIRE(v != NULL);
	static const char *labels[10] = { "A001", "A002", "B003", "A004", "C105",
	                                  "A006", "A015", "A021", "B024", "A1005" };
	for (int i = 0; i < 10; i++) CHECK_INT_EQ(voice_say(v, labels[i], 10 - i), 0);
	CHECK_INT_EQ(voice_drain(v, 10000), 0);
	size_t len, n, at = 0;
	unsigned char *data = sound_slurp(file, &len);
	char err[64];
	int16_t *got = wav_decode(data, len, VOICE_RATE, &n, err, sizeof err);
	REQUIRE(got != NULL);
	/* Each announcement in the form the policy gave it, then 300 ms of
	 * silence before the next. */
	struct voice_said said[16];
	CHECK_INT_EQ(voice_said(v, said, 16), 10);
	for (int i = 0; i < 10; i++) {
		size_t k;
		CHECK_STR_EQ(said[i].label, labels[i]);
		int16_t *want = voice_render_form(v, said[i].form, labels[i], 10 - i, &k);
		if (at + k > n || memcmp(got + at, want, k * 2) != 0)
			test_fail(__FILE__, __LINE__, "announcement %d (%s) not at sample %zu",
			          i, labels[i], at);
		at += k;
		for (size_t z = 0; z < VOICE_RATE * 3 / 10 && at < n; z++, at++)
			if (got[at] != 0) {
				test_fail(__FILE__, __LINE__, "no silence after %s", labels[i]);
				break;
			}
		free(want);
	}
	CHECK_INT_EQ(at, n);
	free(got);
	free(data);
	voice_free(v);
}

/* ---- a private PulseAudio with a null sink ---- */

static bool wait_sound(struct voice *v, bool want, int ms)
{
	for (int i = 0; i < ms / 50; i++) {
		if (voice_sound_ok(v) == want) return true;
		usleep(50000);
	}
	return voice_sound_ok(v) == want;
}


TEST(voice_pulse_announcement_comes_out)
{
	struct sound_server p;
	REQUIRE(sound_server_setup(&p) == 0);
	struct voice *v = make_voice("pulse", NULL, 1);
	if (!v) { sound_server_stop(&p); return; }
	CHECK(wait_sound(v, true, 5000));
	sound_record_start(&p);
	CHECK_INT_EQ(voice_say(v, "A023", 5), 0);
	CHECK_INT_EQ(voice_drain(v, 20000), 0);
	size_t n, k, nr, nw, ra, rb, wa, wb;
	int16_t *rec = sound_record_stop(&p, &n);
	int16_t *want = voice_render(v, "A023", 5, &k);
	double *er = sound_envelope(rec, n, &nr), *ew = sound_envelope(want, k, &nw);
	sound_active(er, nr, &ra, &rb);
	sound_active(ew, nw, &wa, &wb);
	CHECK(rb > ra);                                   /* not silent */
	double got_s = (double)(rb - ra) / 100, want_s = (double)(wb - wa) / 100;
	printf("    pulse: recorded %.2f s of sound, rendered %.2f s\n", got_s, want_s);
	CHECK(fabs(got_s - want_s) <= 0.1 * want_s);
	double c = sound_match(rec, n, want, k);
	printf("    pulse: envelope correlation %.3f\n", c);
	CHECK(c >= 0.9);
	free(er);
	free(ew);
	free(rec);
	free(want);
	voice_free(v);
	sound_server_stop(&p);
}

TEST(voice_pulse_ten_calls_in_call_order)
{
	struct sound_server p;
	REQUIRE(sound_server_setup(&p) == 0);
	/* A short template keeps the test near 20 s; the default one is
	 * checked above. */
	struct voice *v = make_voice_tmpl("pulse", NULL, 1, "", "{ticket} den_quay_so {counter}");
	if (!v) { sound_server_stop(&p); return; }
	CHECK(wait_sound(v, true, 5000));
	sound_record_start(&p);
	char label[10][16];
	int64_t t0 = 0;
	for (int i = 0; i < 10; i++) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (i == 0) t0 = t.tv_sec * 1000LL + t.tv_nsec / 1000000;
		snprintf(label[i], sizeof label[i], "A%03d", i + 1);
		CHECK_INT_EQ(voice_say(v, label[i], 10 - i), 0);
		usleep(5000);                          /* 10 calls within a second */
	}
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	CHECK(t.tv_sec * 1000LL + t.tv_nsec / 1000000 - t0 < 1000);
	CHECK_INT_EQ(voice_drain(v, 120000), 0);
	size_t n, nr, ra, rb, nw[10], total = 0;
	double *ew[10];
	int16_t *rec = sound_record_stop(&p, &n);
	double *er = sound_envelope(rec, n, &nr);
	/* The first is said in full, the nine that waited in the short form. */
	struct voice_said said[10];
	CHECK_INT_EQ(voice_said(v, said, 10), 10);
	for (int i = 0; i < 10; i++) {
		size_t k;
		CHECK_INT_EQ(said[i].form, i == 0 ? PLAYLIST_FULL : PLAYLIST_SHORT);
		int16_t *w = voice_render_form(v, said[i].form, label[i], 10 - i, &k);
		/* Each is followed by 300 ms of silence. */
		int16_t *ws = calloc(k + VOICE_RATE * 3 / 10, sizeof *ws);
		memcpy(ws, w, k * sizeof *w);
		ew[i] = sound_envelope(ws, k + VOICE_RATE * 3 / 10, &nw[i]);
		total += nw[i];
		free(w);
		free(ws);
	}
	sound_active(er, nr, &ra, &rb);
	double worst;
	int found = sound_align(er, nr, ra, ew, nw, 10, &worst);
	printf("    pulse: %d of 10 announcements found in order, worst correlation %.3f, "
	       "%.2f s of sound for %.2f s rendered\n", found, worst,
	       (double)(rb - ra) / 100, (double)total / 100);
	CHECK_INT_EQ(found, 10);
	total -= 30;                           /* the last 300 ms are quiet */
	CHECK(fabs((double)(rb - ra) - (double)total) <= 0.1 * (double)total);
	/* The same ten in another order do not fit the recording. */
	double *swapped[10];
	size_t nsw[10];
	for (int i = 0; i < 10; i++) { swapped[i] = ew[9 - i]; nsw[i] = nw[9 - i]; }
	CHECK(sound_align(er, nr, ra, swapped, nsw, 10, &worst) < 10);
	for (int i = 0; i < 10; i++) free(ew[i]);
	free(er);
	free(rec);
	voice_free(v);
	sound_server_stop(&p);
}

/* No server at start, one that comes, goes and comes back: the flag follows
 * within 5 s and sound resumes without a new voice. */
TEST(voice_pulse_absent_lost_and_back)
{
	struct sound_server p;
	memset(&p, 0, sizeof p);
	snprintf(p.dir, sizeof p.dir, "%s", test_tmpdir());
	snprintf(p.sock, sizeof p.sock, "%s/pulse.sock", p.dir);
	char server[620];
	snprintf(server, sizeof server, "unix:%s", p.sock);
	setenv("PULSE_SERVER", server, 1);
	struct voice *v = make_voice("pulse", NULL, 1);
	REQUIRE(v != NULL);
	CHECK(!voice_sound_ok(v));
	CHECK_INT_EQ(voice_say(v, "A001", 1), 0);    /* dropped, not queued forever */
	CHECK_INT_EQ(voice_drain(v, 3000), 0);
	double lat[8];
	CHECK_INT_EQ(voice_latencies(v, lat, 8), 0);
	REQUIRE(sound_server_start(&p) == 0);
	CHECK(wait_sound(v, true, 5000));
	CHECK_INT_EQ(voice_say(v, "A002", 2), 0);
	CHECK_INT_EQ(voice_drain(v, 20000), 0);
	CHECK_INT_EQ(voice_latencies(v, lat, 8), 1);
	sound_kill(&p.pid, SIGKILL);                        /* lost while idle */
	CHECK(wait_sound(v, false, 5000));
	REQUIRE(sound_server_start(&p) == 0);
	CHECK(wait_sound(v, true, 5000));
	CHECK_INT_EQ(voice_say(v, "A003", 3), 0);
	CHECK_INT_EQ(voice_drain(v, 20000), 0);
	CHECK_INT_EQ(voice_latencies(v, lat, 8), 2);
	voice_free(v);
	sound_server_stop(&p);
}

/* A call's latency is counted from the turn that read its request, to the
 * microsecond: the event's wall time has whole milliseconds only, so a
 * figure of a millisecond or two would be mostly rounding. */
static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* A headless display (the "null" sink) says every call, each with its
 * length, but makes no samples nobody will hear: saying 200 calls costs
 * far less than rendering them. A daemon under load rendered each call in
 * full, a sixth of its CPU on the cores its counters' requests need. */
TEST(voice_null_sink_says_without_rendering)
{
	enum { N = 200 };
	struct voice *v = make_voice("null", NULL, 1);
	REQUIRE(v != NULL);
	char label[16];
	size_t k = 0;
	double t0 = cpu_ms();
	for (int i = 0; i < N; i++) {
		snprintf(label, sizeof label, "A%03d", 100 + i);
		int16_t *pcm = voice_render(v, label, 1 + i % 9, &k);
		REQUIRE(pcm != NULL);
		free(pcm);
	}
	double render = cpu_ms() - t0;
	t0 = cpu_ms();
	for (int i = 0; i < N; i++) {
		snprintf(label, sizeof label, "A%03d", 100 + i);
		CHECK_INT_EQ(voice_say(v, label, 1 + i % 9), 0);
		CHECK_INT_EQ(voice_drain(v, 5000), 0);
	}
	double said_ms = cpu_ms() - t0;
	/* each said with the length of what would have been heard */
	struct voice_said said[N];
	CHECK_INT_EQ(voice_said(v, said, N), N);
	for (int i = 0; i < N; i += 37) {
		int16_t *pcm = voice_render_form(v, said[i].form, said[i].label, said[i].counter, &k);
		REQUIRE(pcm != NULL);
		CHECK(k > (size_t)VOICE_RATE);
		CHECK(fabs(said[i].length_ms - (double)k * 1000 / VOICE_RATE) < 0.01);
		free(pcm);
	}
	printf("    rendering %d calls: %.1f ms of CPU; saying them to the null sink: %.1f ms\n",
	       N, render, said_ms);
	CHECK(said_ms < render / 2);
	voice_free(v);
}

TEST(voice_latency_counts_from_the_turn)
{
	char err[256];
	struct config *cfg = config_parse("[service A]\nname = A\nprefix = A\n"
	                                  "[counter 1]\nservices = A\n", "v.conf", err, sizeof err);
	REQUIRE(cfg != NULL);
	int64_t now = clock_wall_ms();
	struct engine *e = engine_new(cfg, engine_day_of(cfg, now));
	struct engine_cmd issue = { .verb = VERB_ISSUE, .service = 0 };
	struct engine_cmd login = { .verb = VERB_LOGIN, .counter = 1, .text = "Lan" };
	struct engine_cmd next = { .verb = VERB_NEXT, .counter = 1 };
	struct engine_event ev;
	REQUIRE(engine_decide(e, &issue, now, &ev) == 0 && engine_apply(e, &ev) == 0);
	REQUIRE(engine_decide(e, &login, now, &ev) == 0 && engine_apply(e, &ev) == 0);
	REQUIRE(engine_decide(e, &next, now, &ev) == 0 && engine_apply(e, &ev) == 0);
	struct voice *v = make_voice("null", NULL, 1);
	/* The turn began 2.5 ms ago, in the same wall millisecond as the event. */
	ev.at_ms = clock_wall_ms();
	voice_on_event(v, e, &ev, clock_mono_ns() - 2500000);
	/* Unknown turn: the event's wall time, 3 ms ago, stands in. */
	ev.at_ms = clock_wall_ms() - 3;
	voice_on_event(v, e, &ev, 0);
	CHECK_INT_EQ(voice_drain(v, 5000), 0);
	double lat[2];
	CHECK_INT_EQ(voice_latencies(v, lat, 2), 2);
	CHECK(lat[0] >= 2.5 && lat[0] < 1000);
	CHECK(lat[1] >= 2.0 && lat[1] < 1000);
	voice_free(v);
	engine_free(e);
	config_free(cfg);
}

/* A fresh PulseAudio stream takes at once its buffer less a quarter: the
 * first write, which is also the prebuffer that starts the stream, is 20 ms
 * or half the buffer, never the whole of a short one. */
TEST(voice_first_write_fits_a_fresh_stream)
{
	CHECK_INT_EQ(sink_start_frames(VOICE_RATE, 20), VOICE_RATE / 100);   /* 10 ms of 20 */
	CHECK_INT_EQ(sink_start_frames(VOICE_RATE, 40), VOICE_RATE / 50);    /* 20 ms of 40 */
	CHECK_INT_EQ(sink_start_frames(VOICE_RATE, 100), VOICE_RATE / 50);   /* the default */
	CHECK_INT_EQ(sink_start_frames(VOICE_RATE, 2000), VOICE_RATE / 50);
	CHECK_INT_EQ(sink_start_frames(VOICE_RATE, 1), 16);
}

/* ---- configuration and command line ---- */

/* The config parser wants one service and one counter; they follow [voice]
 * so that the line numbers below stay those of the voice keys. */
#define CENTER "[service A]\nname = Hộ tịch\n[counter 1]\nservices = A\n"

static struct config *parse(const char *voice)
{
	char text[1024], err[256];
	snprintf(text, sizeof text, "%s%s", voice, CENTER);
	struct config *c = config_parse(text, "v.conf", err, sizeof err);
	if (!c) test_fail(__FILE__, __LINE__, "%s", err);
	return c;
}

TEST(voice_config_section)
{
	char err[256];
	const char *text =
		"[voice]\ntemplate = moi {ticket}, quay {counter}\nintro =\nrepeat = 2\n"
		"pause_ms = 900\nreading = digits\nlinh = le\nnghin = ngan\ntu = bon\n"
		"clips_dir = /srv/goiso/giong-noi\ngap_ms = 40\naudio = null\n";
	struct config *c = parse(text);
	REQUIRE(c != NULL);
	struct voice_opts o;
	voice_opts_init(&o);
	CHECK_INT_EQ(voice_opts_from_config(&o, c, err, sizeof err), 0);
	CHECK_STR_EQ(o.play.tmpl, "moi {ticket}, quay {counter}");
	CHECK_STR_EQ(o.play.intro, "");
	CHECK_INT_EQ(o.play.repeat, 2);
	CHECK_INT_EQ(o.play.pause_ms, 900);
	CHECK_INT_EQ(o.play.num.reading, VINUM_DIGITS);
	CHECK(o.play.num.le && o.play.num.ngan && o.play.num.bon);
	CHECK_STR_EQ(o.site_dir, "/srv/goiso/giong-noi");
	CHECK_INT_EQ(o.gap_ms, 40);
	CHECK_STR_EQ(o.audio, "null");
	config_free(c);

	static const struct { const char *text, *want; } bad[] = {
		{ "[voice]\nrepeat = 1\nreadng = full\n", "v.conf:3: unknown key 'readng' in [voice]" },
		{ "[voice]\n\nlinh = linhh\n", "v.conf:3: [voice] linh must be linh or le, not 'linhh'" },
		{ "[voice]\ntemplate = {ticket} {quay}\n",
		  "v.conf:2: [voice] template: unknown placeholder '{quay}'" },
		{ "[voice]\nrepeat = 9\n", "v.conf:2: [voice] repeat must be 1..5" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c = parse(bad[i].text);
		REQUIRE(c != NULL);
		voice_opts_init(&o);
		err[0] = 0;
		CHECK_INT_EQ(voice_opts_from_config(&o, c, err, sizeof err), -1);
		CHECK_STR_EQ(err, bad[i].want);
		config_free(c);
	}
}
