/*
 * Loudness: libebur128's reading of a reference tone, normalization of
 * quiet, loud, clipped and short clips to one loudness under the true-peak
 * ceiling, trimming, and the clips as the voice loads them and as the
 * listener hears them (recorded from a private PulseAudio's null sink).
 */
#include "test.h"
#include "voice.h"
#include "voice_level.h"
#include "sound.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#define R VOICE_RATE

/* A "word": a tone with a syllable-like envelope, at peak amplitude amp. */
static int16_t *word(double hz, double secs, double amp, size_t *n)
{
	*n = (size_t)(secs * R);
	int16_t *x = malloc(*n * sizeof *x);
	for (size_t i = 0; i < *n; i++) {
		double t = (double)i / R, env = sin(M_PI * t / secs);
		double v = amp * env * (sin(2 * M_PI * hz * t) + 0.3 * sin(6 * M_PI * hz * t));
		x[i] = (int16_t)(v > 1 ? 32767 : v < -1 ? -32768 : v * 32767);
	}
	return x;
}

TEST(voice_level_reads_a_reference_tone)
{
	/* EBU Tech 3341: a 997 Hz sine at -20 dBFS on one channel reads
	 * -23.0 LUFS (-20 less the 3.01 dB of a sine's RMS). */
	size_t n = 3 * R;
	int16_t *x = malloc(n * sizeof *x);
	for (size_t i = 0; i < n; i++)
		x[i] = (int16_t)lround(0.1 * 32767 * sin(2 * M_PI * 997 * (double)i / R));
	struct voice_level lv;
	REQUIRE(voice_level_measure(x, n, R, &lv) == 0);
	printf("    997 Hz at -20 dBFS: %.2f LUFS, true peak %.2f dBTP\n", lv.lufs, lv.peak_db);
	CHECK(fabs(lv.lufs - -23.0) < 0.1);
	CHECK(fabs(lv.peak_db - -20.0) < 0.1);
	CHECK_INT_EQ(lv.clipped_runs, 0);
	free(x);
}

TEST(voice_level_normalizes_quiet_loud_clipped_and_short)
{
	struct { const char *what; double hz, secs, amp; } c[] = {
		{ "quiet", 220, 0.6, 0.01 }, { "loud", 330, 0.6, 0.9 },
		{ "clipped", 440, 0.8, 3.0 }, { "short", 660, 0.15, 0.3 },
		{ "phrase", 180, 2.5, 0.5 },
	};
	for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
		size_t n;
		int16_t *x = word(c[k].hz, c[k].secs, c[k].amp, &n);
		struct voice_level before, after;
		voice_level_measure(x, n, R, &before);
		CHECK_INT_EQ(voice_level_normalize(x, n, R, VOICE_LEVEL_TARGET, VOICE_LEVEL_CEILING,
		                                   &after), 0);
		printf("    %-7s %6.1f LUFS %5.1f dBTP -> %6.2f LUFS %5.2f dBTP\n", c[k].what,
		       before.lufs, before.peak_db, after.lufs, after.peak_db);
		CHECK(fabs(after.lufs - VOICE_LEVEL_TARGET) < 0.5);
		CHECK(after.peak_db <= VOICE_LEVEL_CEILING + 0.05);
		CHECK_INT_EQ(after.clipped_runs, 0);
		if (!strcmp(c[k].what, "clipped")) CHECK(before.clipped_runs > 0);
		free(x);
	}
	/* Silence stays silence. */
	int16_t z[R / 2] = {0};
	CHECK_INT_EQ(voice_level_normalize(z, R / 2, R, VOICE_LEVEL_TARGET, VOICE_LEVEL_CEILING,
	                                   NULL), 0);
	for (size_t i = 0; i < R / 2; i++)
		if (z[i]) { test_fail(__FILE__, __LINE__, "silence changed at %zu", i); break; }
}

TEST(voice_level_trim_keeps_the_sound_and_a_margin)
{
	size_t nw, n = 2 * R, a, b;
	int16_t *w = word(300, 0.4, 0.5, &nw), *x = calloc(n, sizeof *x);
	unsigned s = 1;
	for (size_t i = 0; i < n; i++) {                /* a little room noise */
		s = s * 1103515245 + 12345;
		x[i] = (int16_t)((int)(s >> 16) % 21 - 10);
	}
	for (size_t i = 0; i < nw; i++) x[R / 2 + i] += w[i];
	voice_level_trim(x, n, R, 40, &a, &b);
	printf("    sound at %.3f-%.3f s, trimmed to %.3f-%.3f s\n", 0.5, 0.9,
	       (double)a / R, (double)b / R);
	/* The envelope's first and last 10 % are under -35 dB of the peak
	 * window: the cut is near them, the 40 ms margin outside. */
	CHECK(a < (size_t)(0.5 * R) && a > (size_t)(0.5 * R - 0.1 * R));
	CHECK(b > (size_t)(0.9 * R) && b < (size_t)(0.9 * R + 0.1 * R));
	memset(x, 0, n * sizeof *x);
	voice_level_trim(x, n, R, 40, &a, &b);
	CHECK_INT_EQ(a, b);
	free(w);
	free(x);
}

/* Every clip an announcement can use, as one template, and as names. */
static int all_clips(char *tmpl, size_t len, const char **names)
{
	static const char *const fixed[] = { "chime", "xin_moi_cong_dan_co_so_thu_tu",
	                                     "den_quay_so", "so", "quay" };
	int n = 0;
	size_t at = 0;
	tmpl[0] = 0;
	for (int i = 0; i < 5 + vinum_nclips(); i++) {
		names[n++] = i < 5 ? fixed[i] : vinum_clip_name(i - 5);
		if (i > 0) at += (size_t)snprintf(tmpl + at, len - at, "%s%s", i > 1 ? " " : "", names[i]);
	}
	return n;
}

/* A voice that says every clip once: the chime, then the rest of the list,
 * 100 ms apart. */
static struct voice *all_clips_voice(const char *audio, char *tmpl, size_t len,
                                     const char **names, int *n)
{
	struct voice_opts o;
	char err[256];
	*n = all_clips(tmpl, len, names);
	voice_opts_init(&o);
	o.audio = audio;
	o.clips_dir = "assets/voice/vi";
	o.buffer_ms = 1000;
	o.gap_ms = 100;
	o.play.intro = "chime";
	o.play.tmpl = tmpl;
	struct voice *v = voice_new(&o, err, sizeof err);
	if (!v) test_fail(__FILE__, __LINE__, "voice_new: %s", err);
	return v;
}

/* As loaded (whatever their files hold): one loudness, under the ceiling. */
TEST(voice_clips_as_loaded_are_even)
{
	char tmpl[2048];
	const char *names[128];
	int n;
	struct voice *v = all_clips_voice("null", tmpl, sizeof tmpl, names, &n);
	REQUIRE(v != NULL);
	CHECK_INT_EQ(voice_nmissing(v), 0);
	double lo = 0, hi = -100, peak = -100;
	for (int i = 0; i < n; i++) {
		size_t k;
		const int16_t *pcm = voice_clip(v, names[i], &k);
		struct voice_level lv;
		if (!pcm || voice_level_measure(pcm, k, R, &lv) < 0) {
			test_fail(__FILE__, __LINE__, "clip %s not loaded", names[i]);
			continue;
		}
		lo = fmin(lo, lv.lufs);
		hi = fmax(hi, lv.lufs);
		peak = fmax(peak, lv.peak_db);
		if (fabs(lv.lufs - VOICE_LEVEL_TARGET) > 0.5 || lv.peak_db > VOICE_LEVEL_CEILING + 0.05)
			test_fail(__FILE__, __LINE__, "%s: %.2f LUFS, %.2f dBTP", names[i], lv.lufs,
			          lv.peak_db);
	}
	printf("    %d clips as loaded: %.2f to %.2f LUFS (target %.1f), true peak at most "
	       "%.2f dBTP\n", n, lo, hi, VOICE_LEVEL_TARGET, peak);
	voice_free(v);
}

/* As heard: every clip said once through PulseAudio, the null sink's
 * monitor recorded and cut where each clip was rendered; each within
 * +-1 LU of the target, the whole recording's true peak under -1 dBFS. */
TEST(voice_clips_heard_at_one_loudness)
{
	struct sound_server p;
	char tmpl[2048];
	const char *names[128];
	int nclips;
	REQUIRE(sound_server_setup(&p) == 0);
	struct voice *v = all_clips_voice("pulse", tmpl, sizeof tmpl, names, &nclips);
	if (!v) {
		sound_server_stop(&p);
		return;
	}
	for (int i = 0; i < 100 && !voice_sound_ok(v); i++) usleep(50000);
	sound_record_start(&p);
	CHECK_INT_EQ(voice_say(v, "A1", 1), 0);
	CHECK_INT_EQ(voice_drain(v, 120000), 0);
	size_t n, k;
	int16_t *rec = sound_record_stop(&p, &n), *want = voice_render(v, "A1", 1, &k);
	REQUIRE(rec && want);
	size_t ron = 0, won = 0;
	while (ron < n && abs(rec[ron]) < 200) ron++;
	while (won < k && abs(want[won]) < 200) won++;
	double lo = 0, hi = -100;
	int even = 0;
	size_t off = ron - won, nre;                  /* the render's sample 0 */
	double *er = sound_envelope(rec, n, &nre);
	for (int i = 0; i < nclips; i++) {
		size_t len, nce, at = off / SOUND_WIN;
		struct voice_level lv;
		const int16_t *pcm = voice_clip(v, names[i], &len);
		/* Each clip is found where its envelope fits best within 0.3 s
		 * of where it should be: a hole in the sound (the machine's load
		 * can starve the stream) does not shift the ones after it. */
		double *ce = sound_envelope(pcm, len, &nce), best = -2;
		for (size_t w = at > 30 ? at - 30 : 0; w <= at + 30 && w + nce <= nre; w++) {
			double c = sound_corr(er + w, ce, nce);
			if (c > best) {
				best = c;
				off = w * SOUND_WIN;
			}
		}
		free(ce);
		if (off + len > n) break;
		if (len < (size_t)VOICE_RATE * 4 / 10) {
			/* Integrated loudness is defined over 400 ms blocks: a
			 * shorter clip ("gi", 0.09 s) heard alone has no reliable
			 * figure; it was leveled with its silence, and is counted
			 * as even here (the whole recording's peak still is checked). */
			even++;
			off += len + VOICE_RATE / 10;
			continue;
		}
		voice_level_measure(rec + off, len, R, &lv);
		lo = fmin(lo, lv.lufs);
		hi = fmax(hi, lv.lufs);
		if (fabs(lv.lufs - VOICE_LEVEL_TARGET) <= 1.0) even++;
		else test_fail(__FILE__, __LINE__, "%s heard at %.2f LUFS (fit %.2f)", names[i],
		               lv.lufs, best);
		off += len + VOICE_RATE / 10;
	}
	free(er);
	struct voice_level all;
	voice_level_measure(rec, n, R, &all);
	printf("    heard: %d of %d clips within 1 LU of %.0f LUFS (%.2f to %.2f), true peak "
	       "%.2f dBTP, sample peak %.2f dBFS\n", even, nclips, VOICE_LEVEL_TARGET, lo, hi,
	       all.peak_db, all.sample_peak_db);
	CHECK_INT_EQ(even, nclips);
	CHECK(all.peak_db <= -1.0);
	free(rec);
	free(want);
	voice_free(v);
	sound_server_stop(&p);
}
