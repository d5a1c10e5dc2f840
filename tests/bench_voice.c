/*
 * Voice latency: a call requested (voice_say, as the daemon does after a
 * NEXT) until its first samples are accepted by PulseAudio, with a 20 ms
 * buffer, over 200 calls, on a private PulseAudio with a null sink.
 * Figures are printed, not asserted (the target is p99 <= 30 ms).
 * Then the peak hour (ten calls at once, a call every 3 s: each call's
 * delay to its first sample and the form it was said in) and the clips'
 * loudness as loaded.
 */
#include "test.h"
#include "voice.h"
#include "wav.h"
#include "sound.h"
#include "bench_floor.h"
#include "daemon.h"
#include "syncs.h"
#include "clock.h"
#include "voice_level.h"

#include <signal.h>

#include <math.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define CALLS 200

/* A 50 ms tone as the whole announcement keeps 200 calls near 20 s. */
static void write_bip(const char *path)
{
	int16_t pcm[VOICE_RATE / 20];
	unsigned char h[WAV_HEADER_LEN];
	for (size_t i = 0; i < sizeof pcm / 2; i++)
		pcm[i] = (int16_t)(6000 * sin(2 * M_PI * 880 * (double)i / VOICE_RATE));
	wav_header(h, VOICE_RATE, sizeof pcm / 2);
	FILE *f = fopen(path, "wb");
	fwrite(h, sizeof h, 1, f);
	fwrite(pcm, 1, sizeof pcm, f);
	fclose(f);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

TEST(bench_voice_first_sample_latency)
{
	char bip[600];
	struct sound_server pulse;
	const char *dir = test_tmpdir();
	snprintf(bip, sizeof bip, "%s/bip.wav", dir);
	write_bip(bip);
	REQUIRE(sound_server_setup(&pulse) == 0);
	struct voice_opts o;
	char err[256];
	voice_opts_init(&o);
	o.site_dir = dir;
	o.quiet = true;
	o.buffer_ms = 20;
	o.play.intro = "";
	o.play.tmpl = "bip";
	o.between_ms = 0;          /* the latency of an idle voice, call after call */
	o.play.short_tmpl = "";    /* the bip, never the short form */
	struct voice *v = voice_new(&o, err, sizeof err);
	CHECK(v != NULL);
	for (int i = 0; v && i < 100 && !voice_sound_ok(v); i++) usleep(50000);
	double lat[CALLS];
	int n = 0;
	if (v) {
		for (int i = 0; i < CALLS; i++) {
			voice_say(v, "A1", 1);
			CHECK_INT_EQ(voice_drain(v, 5000), 0);
		}
		n = voice_latencies(v, lat, CALLS);
		voice_free(v);
	}
	CHECK_INT_EQ(n, CALLS);
	if (n > 0) {
		printf("voice: first calls %.2f %.2f %.2f ms\n", lat[0], lat[1], lat[2]);
		qsort(lat, (size_t)n, sizeof lat[0], cmp);
		printf("voice: request -> first sample accepted by PulseAudio, %d calls, "
		       "20 ms buffer: p50 %.2f ms, p99 %.2f ms, max %.2f ms (target p99 <= 30)\n",
		       n, lat[n / 2], lat[n * 99 / 100], lat[n - 1]);
	}
	sound_server_stop(&pulse);
}

/* The same through the daemon: NEXT received (the turn that read it) to
 * the first sample written, as the daemon traces it, over 200 calls. */
TEST(bench_voice_next_to_first_sample)
{
	char conf[600], data[600], bip[600];
	const char *dir = test_tmpdir();
	struct sound_server pulse;
	struct daemon d;
	struct proto_msg m;
	snprintf(bip, sizeof bip, "%s/bip.wav", dir);
	write_bip(bip);
	snprintf(conf, sizeof conf, "%s/center.conf", dir);
	snprintf(data, sizeof data, "%s/data", dir);
	FILE *f = fopen(conf, "w");
	fprintf(f, "[service A]\nname = A\nprefix = A\n[counter 1]\nservices = A\n"
	        "[voice]\nintro =\ntemplate = bip\nshort_template =\nbuffer_ms = 20\n"
	        "between_ms = 0\nclips_dir = %s\n", dir);
	fclose(f);
	REQUIRE(sound_server_setup(&pulse) == 0);
	const char *args[] = { "--config", conf, "--audio", "pulse", NULL };
	setenv("GOISO_VOICE_TRACE", "1", 1);
	char counts[700], times[700];
	snprintf(counts, sizeof counts, "%s/syncs", dir);
	snprintf(times, sizeof times, "%s/synctimes", dir);
	syncs_preload(counts);          /* each commit's fdatasync timed (tests/synccount.c) */
	syncs_preload_times(times);
	int r = daemon_start(&d, data, args);
	syncs_unset();
	unsetenv("GOISO_VOICE_TRACE");
	struct client *c = r == 0 ? daemon_client(&d, "counter", 1) : NULL;
	struct client *k = r == 0 ? daemon_client(&d, "kiosk", 0) : NULL;
	CHECK(c && k);
	for (int i = 0; i < 100 && c && !daemon_log_count(&d, "voice: sound on"); i++) usleep(50000);
	static int64_t sent[CALLS];
	if (c && k && daemon_call(c, "LOGIN officer=Bench", &m) == 0) {
		for (int i = 0; i < CALLS; i++) daemon_call(k, "ISSUE service=A", &m);
		for (int i = 0; i < CALLS; i++) {
			sent[i] = clock_mono_ns() / 1000;
			daemon_call(c, "NEXT", &m);
			usleep(120000);                /* the 50 ms bip is over */
		}
	}
	double lat[CALLS], rest[CALLS], own[CALLS];
	int n = 0;
	char line[512];
	/* On a loaded machine the voice may still be speaking the last ones. */
	for (int i = 0; i < 600 && r == 0 && daemon_log_count(&d, "first sample after") < CALLS; i++)
		usleep(100000);
	FILE *log = fopen(d.log, "r");
	while (log && fgets(line, sizeof line, log)) {
		char *p = strstr(line, "first sample after ");
		if (p && n < CALLS) lat[n++] = atof(p + 19);
	}
	if (log) fclose(log);
	CHECK_INT_EQ(n, CALLS);
	/* each call less its own commit's fdatasync, in call order */
	bool timed = n == CALLS && syncs_own(times, sent, n, own) == n;
	for (int i = 0; timed && i < n; i++) rest[i] = lat[i] - own[i];
	double p99s[BENCH_RUNS_MAX];
	int runs = bench_chunks(lat, n, bench_runs(), p99s);
	if (n > 0) {
		qsort(lat, (size_t)n, sizeof lat[0], cmp);
		/* the NEXT's commit, then the voice's thread woken */
		if (runs > 0)
			bench_figure("voice NEXT received -> first sample written", p99s, runs, "disk+wake", 0, lat[n / 2]);
		printf("voice: daemon, NEXT received -> first sample written to PulseAudio, %d calls, "
		       "20 ms buffer: p50 %.2f ms, p99 %.2f ms, max %.2f ms (target p99 <= 30)\n",
		       n, lat[n / 2], lat[n * 99 / 100], lat[n - 1]);
		if (timed && (runs = bench_chunks(rest, n, bench_runs(), p99s)) > 0) {
			printf("  its commit's fdatasync: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", bench_pct(own, n, 0.5),
			       bench_pct(own, n, 0.99), bench_pct(own, n, 1));
			bench_figure("voice NEXT received -> first sample written, less its commit's fdatasync", p99s, runs,
			             "wake", 0, bench_pct(rest, n, 0.5));
		}
	}
	client_close(c);
	client_close(k);
	if (r == 0) daemon_stop(&d);
	sound_server_stop(&pulse);
}

/* ---- peak hour and loudness (issue: a voice that keeps up) ---- */

static struct voice *default_voice(void)
{
	struct voice_opts o;
	char err[256];
	voice_opts_init(&o);
	o.clips_dir = "assets/voice/vi";
	o.quiet = true;
	struct voice *v = voice_new(&o, err, sizeof err);
	if (!v) test_fail(__FILE__, __LINE__, "voice_new: %s", err);
	for (int i = 0; v && i < 100 && !voice_sound_ok(v); i++) usleep(50000);
	return v;
}

/* Ten calls at once, default template and 100 ms buffer: each call's
 * delay to its first sample, the form it was said in. */
TEST(bench_voice_ten_calls_at_once)
{
	struct sound_server pulse;
	REQUIRE(sound_server_setup(&pulse) == 0);
	struct voice *v = default_voice();
	struct voice_said s[10];
	int n = 0;
	if (v) {
		for (int i = 0; i < 10; i++) {
			char label[8];
			snprintf(label, sizeof label, "A%03d", i + 1);
			voice_say(v, label, i + 1);
		}
		CHECK_INT_EQ(voice_drain(v, 90000), 0);
		n = voice_said(v, s, 10);
		voice_free(v);
	}
	CHECK_INT_EQ(n, 10);
	printf("voice: ten calls at once (A001..A010 at counters 1..10), call -> first sample (s):");
	for (int i = 0; i < n; i++)
		printf(" %.2f%s", s[i].delay_ms / 1000, s[i].form == PLAYLIST_SHORT ? "s" : "f");
	if (n == 10)
		printf("\nvoice: the last one after %.2f s (all in full: about %.0f s); full %.2f s, "
		       "short %.2f s long, 300 ms between\n", s[9].delay_ms / 1000,
		       (s[0].length_ms + 300) * 9 / 1000, s[0].length_ms / 1000, s[1].length_ms / 1000);
	sound_server_stop(&pulse);
}

/* A steady call every 3 s for a minute: the delay stays bounded. */
TEST(bench_voice_a_call_every_3_s)
{
	struct sound_server pulse;
	REQUIRE(sound_server_setup(&pulse) == 0);
	struct voice *v = default_voice();
	struct voice_said s[20];
	int n = 0;
	if (v) {
		for (int i = 0; i < 20; i++) {
			char label[8];
			snprintf(label, sizeof label, "B%03d", 100 + i * 37);
			voice_say(v, label, 1 + i % 6);
			usleep(3000000);
		}
		CHECK_INT_EQ(voice_drain(v, 30000), 0);
		n = voice_said(v, s, 20);
		voice_free(v);
	}
	double max = 0, sum = 0;
	int nshort = 0;
	for (int i = 0; i < n; i++) {
		if (s[i].delay_ms > max) max = s[i].delay_ms;
		sum += s[i].delay_ms;
		nshort += s[i].form == PLAYLIST_SHORT;
	}
	CHECK_INT_EQ(n, 20);
	/* Spoken, not a chime alone: the first call, with nothing before it,
	 * in full (about 5.5 s with the default clips; a chime and its pauses
	 * without them, under 2 s). */
	CHECK(n > 0 && s[0].form == PLAYLIST_FULL && s[0].length_ms > 4000);
	if (n > 0)
		printf("voice: a call every 3 s for 60 s (B100..B803): delay mean %.2f s, max %.2f s, "
		       "%d of %d said short\n", sum / n / 1000, max / 1000, nshort, n);
	sound_server_stop(&pulse);
}

/* The clips as loaded: how even, how long loading and leveling takes. */
TEST(bench_voice_clip_loudness)
{
	struct voice_opts o;
	char err[256];
	voice_opts_init(&o);
	o.audio = "null";
	o.clips_dir = "assets/voice/vi";
	o.play.tmpl = "xin_moi_cong_dan_co_so_thu_tu den_quay_so so quay";
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	struct voice *v = voice_new(&o, err, sizeof err);
	clock_gettime(CLOCK_MONOTONIC, &b);
	REQUIRE(v != NULL);
	double lo = 100, hi = -100, peak = -100;
	int clips = 0;
	const char *fixed[] = { "chime", "xin_moi_cong_dan_co_so_thu_tu", "den_quay_so", "so", "quay" };
	for (int i = 0; i < 5 + vinum_nclips(); i++) {
		size_t n;
		const char *name = i < 5 ? fixed[i] : vinum_clip_name(i - 5);
		const int16_t *pcm = voice_clip(v, name, &n);
		struct voice_level lv;
		if (!pcm || voice_level_measure(pcm, n, VOICE_RATE, &lv) < 0) continue;
		clips++;
		lo = fmin(lo, lv.lufs);
		hi = fmax(hi, lv.lufs);
		peak = fmax(peak, lv.peak_db);
	}
	printf("voice: %d clips loaded and leveled in %.0f ms: %.2f to %.2f LUFS (target %.0f), "
	       "true peak at most %.2f dBTP\n", clips,
	       (double)(b.tv_sec - a.tv_sec) * 1000 + (double)(b.tv_nsec - a.tv_nsec) / 1e6,
	       lo, hi, VOICE_LEVEL_TARGET, peak);
	CHECK_INT_EQ(clips, 5 + vinum_nclips());
	voice_free(v);
}
