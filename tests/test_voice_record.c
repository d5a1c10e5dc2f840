/*
 * The recording guide, driven as a staff member would, on a private
 * PulseAudio: the "microphone" is a null sink's monitor into which the
 * test plays known words when the guide says it is recording; the guide's
 * playback goes to another null sink whose monitor the test records. The
 * files it writes are checked: trimmed, at the voice's loudness, the word
 * that was played, readable by all (the display's user may be another);
 * a redo replaces nothing, a stop keeps what was kept, a second run goes
 * on with the missing clips, a silent take is refused.
 */
#include "test.h"
#include "voice.h"
#include "voice_files.h"
#include "voice_level.h"
#include "sound.h"
#include "wav.h"

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define R VOICE_RATE

struct guide {
	pid_t pid;
	int in, out;              /* its stdin, its stdout */
	char buf[16384];
	size_t len, seen;         /* what it printed; how far the test has read */
};

/* A sine word of secs at hz and amp with soft ends, as a WAV file. */
static void write_word(const char *path, double hz, double secs, double amp)
{
	size_t n = (size_t)(secs * R);
	int16_t *x = malloc(n * sizeof *x);
	unsigned char h[WAV_HEADER_LEN];
	for (size_t i = 0; i < n; i++) {
		double t = (double)i / R, env = fmin(1, fmin(t, secs - t) / 0.02);
		double v = amp * env * sin(2 * M_PI * hz * t);   /* over 1: clipped */
		x[i] = (int16_t)(v > 1 ? 32767 : v < -1 ? -32767 : v * 32767);
	}
	wav_header(h, R, n);
	FILE *f = fopen(path, "wb");
	fwrite(h, sizeof h, 1, f);
	fwrite(x, 2, n, f);
	fclose(f);
	free(x);
}

static int start_guide(struct guide *g, const char *dir, const char *only)
{
	int in[2], out[2];
	char bin[600];
	const char *build = getenv("GOISO_BUILD");
	snprintf(bin, sizeof bin, "%s/goiso-display", build ? build : "build/san");
	memset(g, 0, sizeof *g);
	if (pipe(in) < 0 || pipe(out) < 0) return -1;
	g->pid = fork();
	if (g->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl(bin, "goiso-display", "voice", "record", "--dir", dir, "--only", only,
		      "--source", "goiso_mic.monitor", "--countdown", "0", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	g->in = in[1];
	g->out = out[0];
	return 0;
}

/* Reads what the guide prints until want appears after what was seen
 * (then seen moves past it), or timeout_s; 0 or -1. */
static int expect(struct guide *g, const char *want, int timeout_s)
{
	for (int waited = 0; waited < timeout_s * 10;) {
		g->buf[g->len] = 0;
		char *at = strstr(g->buf + g->seen, want);
		if (at) {
			g->seen = (size_t)(at - g->buf) + strlen(want);
			return 0;
		}
		struct pollfd p = { g->out, POLLIN, 0 };
		if (poll(&p, 1, 100) == 0) {
			waited++;
			continue;
		}
		ssize_t k = read(g->out, g->buf + g->len, sizeof g->buf - 1 - g->len);
		if (k <= 0) break;
		g->len += (size_t)k;
	}
	test_fail(__FILE__, __LINE__, "the guide never printed '%s'; it printed:\n%s", want,
	          g->buf);
	return -1;
}

static void answer(struct guide *g, const char *line)
{
	if (write(g->in, line, strlen(line)) < 0) test_fail(__FILE__, __LINE__, "write");
}

/* Plays a word into the microphone sink (returns at once). */
static pid_t speak(const char *wav)
{
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execlp("paplay", "paplay", "--device=goiso_mic", wav, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int finish_guide(struct guide *g)
{
	int st = 0;
	close(g->in);
	while (read(g->out, g->buf + g->len, sizeof g->buf - 1 - g->len) > 0) {}
	close(g->out);
	waitpid(g->pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The frequency of the sound in a clip, from the zero crossings of the
 * part that holds sound. */
static double pitch(const int16_t *x, size_t n)
{
	size_t cross = 0, a, b;
	voice_level_trim(x, n, R, 0, &a, &b);
	for (size_t i = a + 1; i < b; i++) cross += (x[i - 1] < 0) != (x[i] < 0);
	return b > a ? (double)cross / 2 / ((double)(b - a) / R) : 0;
}

static bool exists(const char *dir, const char *name)
{
	char path[700];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &st) == 0;
}

/* One line of `voice check`'s output naming clip, or NULL. */
static const char *line_of(const char *out, const char *clip)
{
	static char line[256];
	char want[80];
	snprintf(want, sizeof want, "\n%s ", clip);
	const char *at = strstr(out, want);
	if (!at) return NULL;
	snprintf(line, sizeof line, "%.*s", (int)strcspn(at + 1, "\n"), at + 1);
	return line;
}

/* `voice check` over the site directory the guide wrote, with a few bad
 * clips dropped in by hand: each named with its fault. */
static void check_site(const char *dir, const char *tmp)
{
	char path[700], cmd[2000], outf[600];
	snprintf(path, sizeof path, "%s/ba.wav", dir);
	write_word(path, 200, 0.4, 3.0);               /* clipped */
	snprintf(path, sizeof path, "%s/hai.wav", dir);
	write_word(path, 200, 0.4, 0.0);               /* silent */
	snprintf(path, sizeof path, "%s/mot.wav", dir);
	write_word(path, 200, 0.03, 0.5);              /* too short */
	snprintf(path, sizeof path, "%s/nam.wav", dir);
	write_word(path, 200, 3.0, 0.5);               /* too long */
	snprintf(outf, sizeof outf, "%s/check.txt", tmp);
	const char *build = getenv("GOISO_BUILD");
	snprintf(cmd, sizeof cmd, "%s/goiso-display voice check --dir %s > %s",
	         build ? build : "build/san", dir, outf);
	int st = system(cmd);
	size_t len;
	char *text = sound_slurp(outf, &len), *l;
	REQUIRE(text != NULL);
	char *out = malloc(len + 2);                  /* a newline before the first line */
	out[0] = '\n';
	memcpy(out + 1, text, len);
	out[len + 1] = 0;
	free(text);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	CHECK((l = (char *)line_of(out, "chu_a.wav")) && strstr(l, "missing"));
	CHECK((l = (char *)line_of(out, "ba.wav")) && strstr(l, "clipped: "));
	CHECK((l = (char *)line_of(out, "hai.wav")) && strstr(l, "silent"));
	CHECK((l = (char *)line_of(out, "mot.wav")) && strstr(l, "too short"));
	CHECK((l = (char *)line_of(out, "nam.wav")) && strstr(l, "too long"));
	CHECK(!line_of(out, "so.wav") && !line_of(out, "quay.wav"));   /* recorded: fine */
	CHECK(strstr(out, "50 clips, 2 fine, 44 missing, 0 unreadable, 1 too short, 1 too long, "
	                  "1 clipped, 1 silent") != NULL);
	if (test_failed_now()) printf("%s", out);
	free(out);
}

TEST(voice_record_guides_keeps_and_resumes)
{
	struct sound_server p;
	struct guide g;
	char dir[600], quiet[600], loud[600];
	const char *tmp = test_tmpdir();
	snprintf(dir, sizeof dir, "%s/site", tmp);
	snprintf(quiet, sizeof quiet, "%s/quiet.wav", tmp);
	snprintf(loud, sizeof loud, "%s/loud.wav", tmp);
	write_word(quiet, 330, 0.5, 0.03);             /* a timid first take */
	write_word(loud, 523.25, 0.6, 0.5);
	umask(022);                                    /* the usual one */
	REQUIRE(sound_server_setup(&p) == 0);
	sound_record_start(&p);                        /* what the guide plays back */
	REQUIRE(start_guide(&g, dir, "so,quay,chu_a") == 0);
	pid_t w = 0;
	/* so: the first take is redone, the second kept. */
	if (expect(&g, "3 clip cần ghi", 10) || expect(&g, "[1/3] so.wav", 5) ||
	    expect(&g, "«số»", 5) || expect(&g, "● Đang ghi", 5))
		goto out;
	w = speak(quiet);
	if (expect(&g, "Giữ bản này?", 20)) goto out;
	sound_kill(&w, 0);
	answer(&g, "l\n");
	if (expect(&g, "● Đang ghi", 5)) goto out;
	w = speak(loud);
	if (expect(&g, "Giữ bản này?", 20)) goto out;
	sound_kill(&w, 0);
	answer(&g, "\n");
	if (expect(&g, "Đã lưu", 5)) goto out;
	/* quay: recorded, then the session is stopped before keeping it. */
	if (expect(&g, "[2/3] quay.wav", 5) || expect(&g, "● Đang ghi", 5)) goto out;
	w = speak(loud);
	if (expect(&g, "Giữ bản này?", 20)) goto out;
	sound_kill(&w, 0);
	answer(&g, "d\n");
	if (expect(&g, "Đã giữ 1 clip", 10)) goto out;
	CHECK_INT_EQ(finish_guide(&g), 0);
	g.pid = 0;
	if (getenv("GOISO_SHOW_GUIDE")) printf("%s", g.buf);   /* what the staff member sees */
	size_t n, heard_n;
	char path[700], err[128];
	snprintf(path, sizeof path, "%s/so.wav", dir);
	bool leveled = false;
	int16_t *x = voice_file_read(path, 0, &n, &leveled, err, sizeof err);
	REQUIRE(x != NULL);
	CHECK_INT_EQ(voice_file_rate(path), VOICE_RATE);
	CHECK(leveled);                                /* loaded as it is */
	/* for the display's user too, who need not be the one recording */
	struct stat st;
	CHECK(stat(dir, &st) == 0 && (st.st_mode & 07777) == 0755);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0644);
	struct voice_level lv;
	voice_level_measure(x, n, R, &lv);
	double hz = pitch(x, n);
	printf("    so.wav: %.3f s (0.6 s word + margins), %.1f Hz (523.3 played), %.2f LUFS, "
	       "%.2f dBTP\n", (double)n / R, hz, lv.lufs, lv.peak_db);
	CHECK((double)n / R > 0.6 && (double)n / R < 0.8);
	CHECK(fabs(hz - 523.25) < 15);                 /* the second take, not the first */
	CHECK(fabs(lv.lufs - VOICE_LEVEL_TARGET) <= 1.0);
	CHECK(lv.peak_db <= -1.0);
	free(x);
	CHECK(!exists(dir, "quay.wav"));
	CHECK(!exists(dir, "chu_a.wav"));
	CHECK(!exists(dir, "so.wav.part") && !exists(dir, "quay.wav.part"));
	/* The takes were played back: three words' worth of sound. */
	int16_t *heard = sound_record_stop(&p, &heard_n);
	size_t nw, a, b, loud_w = 0;
	double *e = sound_envelope(heard, heard_n, &nw);
	sound_active(e, nw, &a, &b);
	for (size_t i = 0; i < nw; i++) loud_w += e[i] > 150;
	printf("    played back: %.2f s of sound\n", (double)loud_w / 100);
	CHECK(loud_w >= 150 && loud_w <= 230);
	free(e);
	free(heard);
	/* A second run starts at the first missing clip; a take of silence is
	 * refused; the end of input stops it. */
	REQUIRE(start_guide(&g, dir, "so,quay,chu_a") == 0);
	if (expect(&g, "2 clip cần ghi", 10) || expect(&g, "[1/2] quay.wav", 5) ||
	    expect(&g, "● Đang ghi", 5))
		goto out;
	w = speak(loud);
	if (expect(&g, "Giữ bản này?", 20)) goto out;
	sound_kill(&w, 0);
	answer(&g, "g\n");
	if (expect(&g, "[2/2] chu_a.wav", 10) || expect(&g, "● Đang ghi", 5) ||
	    expect(&g, "Không nghe thấy tiếng", 15) || expect(&g, "Giữ bản này?", 5))
		goto out;
	CHECK_INT_EQ(finish_guide(&g), 0);
	g.pid = 0;
	CHECK(exists(dir, "quay.wav"));
	CHECK(!exists(dir, "chu_a.wav"));
	check_site(dir, tmp);
out:
	if (w > 0) sound_kill(&w, SIGTERM);
	if (g.pid > 0) {
		kill(g.pid, SIGTERM);
		finish_guide(&g);
	}
	sound_server_stop(&p);
}
