/*
 * Voice, end to end: the real goiso-display on a private PulseAudio with a
 * null sink. Counters send NEXT; the sink's monitor is recorded and
 * compared with the buffers `goiso-display --say T C --play --audio wav:F`
 * renders for the same calls: not silent, the right length, the right
 * envelope, every announcement whole and in call order.
 */
#include "test.h"
#include "daemon.h"
#include "sound.h"
#include "wav.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NCOUNTERS 10

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

/* A center with ten counters on service A; tmpl NULL keeps the default. */
static void write_config(const char *path, const char *tmpl)
{
	FILE *f = fopen(path, "w");
	fprintf(f, "[center]\nname = Trung tâm thử\n[service A]\nname = Hộ tịch\nprefix = A\n");
	for (int i = 1; i <= NCOUNTERS; i++) fprintf(f, "[counter %d]\nservices = A\n", i);
	if (tmpl) fprintf(f, "[voice]\nintro =\ntemplate = %s\n", tmpl);
	fclose(f);
}

/* The announcement for label at counter as the daemon renders it, through
 * the same binary and config. NULL when it could not be rendered. */
static int16_t *render(const char *conf, const char *label, int counter, size_t *n)
{
	char wav[600], audio[620], num[16], err[64];
	snprintf(wav, sizeof wav, "%s/%s-%d.wav", test_tmpdir(), label, counter);
	snprintf(audio, sizeof audio, "wav:%s", wav);
	snprintf(num, sizeof num, "%d", counter);
	pid_t pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		execl(daemon_bin("goiso-display"), "goiso-display", "--config", conf, "--say",
		      label, num, "--play", "--audio", audio, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) return NULL;
	size_t len;
	void *data = sound_slurp(wav, &len);
	int16_t *pcm = data ? wav_decode(data, len, SOUND_RATE, n, err, sizeof err) : NULL;
	free(data);
	return pcm;
}

/* Starts the daemon with sound on our PulseAudio and waits until its voice
 * has connected. */
static int start(struct daemon *d, const char *conf)
{
	char data[600];
	snprintf(data, sizeof data, "%s/data", test_tmpdir());
	const char *args[] = { "--config", conf, "--audio", "pulse", NULL };
	setenv("GOISO_VOICE_TRACE", "1", 1);
	int r = daemon_start(d, data, args);
	unsetenv("GOISO_VOICE_TRACE");
	if (r < 0) return -1;
	for (int i = 0; i < 100; i++) {
		if (daemon_log_count(d, "voice: sound on PulseAudio")) return 0;
		usleep(50000);
	}
	fprintf(stderr, "the daemon's voice did not connect\n");
	return -1;
}

/* The daemon's "voice: LABEL C first sample after X ms" for label, or -1. */
static double traced_ms(const struct daemon *d, const char *label)
{
	char line[512], want[64];
	double ms = -1;
	snprintf(want, sizeof want, "voice: %s ", label);
	FILE *f = fopen(d->log, "r");
	while (f && fgets(line, sizeof line, f)) {
		char *p = strstr(line, "first sample after ");
		if (p && strstr(line, want)) ms = atof(p + 19);
	}
	if (f) fclose(f);
	return ms;
}

/* Logs counters 1..n in and issues n tickets. */
static int open_counters(struct daemon *d, struct client **c, int n)
{
	struct proto_msg m;
	struct client *k = daemon_client(d, "kiosk", 0);
	if (!k) return -1;
	for (int i = 0; i < n; i++) {
		char body[64];
		c[i] = daemon_client(d, "counter", i + 1);
		snprintf(body, sizeof body, "LOGIN officer=CB%d", i + 1);
		if (!c[i] || daemon_call(c[i], body, &m) || strcmp(m.word, "OK") ||
		    daemon_call(k, "ISSUE service=A", &m) || strcmp(m.word, "OK")) {
			client_close(k);
			return -1;
		}
	}
	client_close(k);
	return 0;
}

TEST(it_voice_next_is_heard)
{
	struct sound_server p;
	struct daemon d;
	struct client *c[1] = { NULL };
	struct proto_msg m;
	char conf[600];
	snprintf(conf, sizeof conf, "%s/center.conf", test_tmpdir());
	write_config(conf, NULL);
	REQUIRE(sound_server_setup(&p) == 0);
	if (start(&d, conf) < 0 || open_counters(&d, c, 1) < 0) {
		test_fail(__FILE__, __LINE__, "daemon not ready");
		goto out;
	}
	sound_record_start(&p);
	CHECK(daemon_call(c[0], "NEXT", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A001");
	for (int i = 0; i < 200 && !daemon_log_count(&d, "voice: A001 1 first sample"); i++)
		usleep(50000);
	size_t n, k, nr, nw, ra, rb, wa, wb;
	int16_t *want = render(conf, "A001", 1, &k);
	if (!want) {
		test_fail(__FILE__, __LINE__, "goiso-display --say A001 1 --play --audio wav: failed");
		goto out;
	}
	usleep((useconds_t)(k * 1000000 / SOUND_RATE));   /* the time it takes to say */
	int16_t *rec = sound_record_stop(&p, &n);
	double *er = sound_envelope(rec, n, &nr), *ew = sound_envelope(want, k, &nw);
	sound_active(er, nr, &ra, &rb);
	sound_active(ew, nw, &wa, &wb);
	CHECK(rb > ra);
	double got_s = (double)(rb - ra) / 100, want_s = (double)(wb - wa) / 100;
	double cor = sound_match(rec, n, want, k);
	printf("    daemon: NEXT A001 -> %.2f s of sound recorded, %.2f s rendered, "
	       "envelope correlation %.3f\n", got_s, want_s, cor);
	CHECK(fabs(got_s - want_s) <= 0.1 * want_s);
	CHECK(cor >= 0.95);
	printf("    daemon: NEXT received -> first sample written to PulseAudio: %.2f ms\n",
	       traced_ms(&d, "A001"));
	/* It is A001's announcement: A007 at counter 1 fits worse. */
	size_t k2;
	int16_t *other = render(conf, "A007", 1, &k2);
	double cor2 = other ? sound_match(rec, n, other, k2) : 1;
	printf("    daemon: correlation with the announcement of A007 instead: %.3f\n", cor2);
	CHECK(cor2 < cor - 0.02);
	free(other);
	free(er);
	free(ew);
	free(rec);
	free(want);
out:
	client_close(c[0]);
	if (d.pid > 0) daemon_stop(&d);
	sound_server_stop(&p);
}

TEST(it_voice_ten_counters_in_call_order)
{
	struct sound_server p;
	struct daemon d;
	struct client *c[NCOUNTERS] = { NULL };
	struct proto_msg m;
	char conf[600], label[NCOUNTERS][16];
	snprintf(conf, sizeof conf, "%s/center.conf", test_tmpdir());
	/* A short template keeps ten announcements near 20 s. */
	write_config(conf, "{ticket} den_quay_so {counter}");
	REQUIRE(sound_server_setup(&p) == 0);
	if (start(&d, conf) < 0 || open_counters(&d, c, NCOUNTERS) < 0) {
		test_fail(__FILE__, __LINE__, "daemon not ready");
		goto out;
	}
	sound_record_start(&p);
	int64_t t0 = now_ms();
	for (int i = 0; i < NCOUNTERS; i++) {
		label[i][0] = 0;
		if (daemon_call(c[i], "NEXT", &m) == 0 && proto_get(&m, "ticket"))
			snprintf(label[i], sizeof label[i], "%s", proto_get(&m, "ticket"));
	}
	int64_t took = now_ms() - t0;
	printf("    daemon: 10 NEXT from 10 counters in %lld ms\n", (long long)took);
	CHECK(took < 100);
	double *ew[NCOUNTERS] = { NULL };
	size_t nw[NCOUNTERS], total = 0, n, nr, ra, rb;
	for (int i = 0; i < NCOUNTERS; i++) {
		size_t k;
		int16_t *w = render(conf, label[i], i + 1, &k);
		if (!w) {
			test_fail(__FILE__, __LINE__, "cannot render %s at %d", label[i], i + 1);
			w = calloc(1, sizeof *w);
			k = 0;
		}
		ew[i] = sound_envelope(w, k, &nw[i]);
		total += nw[i];
		free(w);
	}
	char last[64];
	snprintf(last, sizeof last, "voice: %s %d first sample", label[NCOUNTERS - 1], NCOUNTERS);
	for (int i = 0; i < 600 && !daemon_log_count(&d, last); i++) usleep(50000);
	usleep((useconds_t)(nw[NCOUNTERS - 1] * 10000));  /* the last one said */
	int16_t *rec = sound_record_stop(&p, &n);
	double *er = sound_envelope(rec, n, &nr), worst;
	sound_active(er, nr, &ra, &rb);
	int found = sound_align(er, nr, ra, ew, nw, NCOUNTERS, &worst);
	printf("    daemon: %d of 10 announcements whole and in call order (worst correlation "
	       "%.3f), %.2f s of sound for %.2f s rendered\n", found, worst,
	       (double)(rb - ra) / 100, (double)total / 100);
	CHECK_INT_EQ(found, NCOUNTERS);
	CHECK(fabs((double)(rb - ra) - (double)total) <= 0.1 * (double)total);
	CHECK_INT_EQ(daemon_log_count(&d, "first sample after"), NCOUNTERS);
	for (int i = 0; i < NCOUNTERS; i++) free(ew[i]);
	free(er);
	free(rec);
out:
	for (int i = 0; i < NCOUNTERS; i++) client_close(c[i]);
	if (d.pid > 0) daemon_stop(&d);
	sound_server_stop(&p);
}
