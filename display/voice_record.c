/*
 * voice_record: `goiso-display voice record`, the guided recording of a
 * center's own voice on the display PC.
 *
 * For each clip still to record it shows the text to read, counts down,
 * records from the PulseAudio source until the speaker has been quiet for
 * 0.8 s, trims the silences, brings the take to the voice's loudness,
 * plays it back and asks: keep, redo, listen again, skip or stop. A kept
 * take is written at once (through a temporary file, renamed), so
 * stopping at any point — the stop key, end of input, Ctrl-C — keeps
 * every clip kept so far; running it again goes on with the missing ones.
 *
 *   goiso-display voice record [--dir DIR] [--all | --only a,b,c]
 *                 [--source NAME] [--countdown N]
 */
#include "voice_record.h"
#include "args.h"
#include "voice.h"
#include "voice_check.h"
#include "voice_files.h"
#include "voice_level.h"
#include "config.h"

#include <limits.h>
#include <math.h>
#include <pulse/error.h>
#include <pulse/simple.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RATE VOICE_RATE
#define CHUNK (RATE / 50)             /* 20 ms read at a time */
#define QUIET_END_S 0.8               /* this much quiet after speech ends a take */

struct session {
	const char *dir, *source;
	int countdown;
	pa_simple *rec;
	int kept, skipped;
};

static const char *opt(int argc, char **argv, const char *name)
{
	for (int i = 2; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0) return argv[i + 1];
	return NULL;
}

static bool flag(int argc, char **argv, const char *name)
{
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], name) == 0) return true;
	return false;
}

static int open_source(struct session *s)
{
	pa_sample_spec ss = { PA_SAMPLE_S16LE, RATE, 1 };
	pa_buffer_attr ba = { (uint32_t)-1, (uint32_t)-1, (uint32_t)-1, (uint32_t)-1,
	                      CHUNK * 2 };
	int err = 0;
	s->rec = pa_simple_new(NULL, "goiso-display", PA_STREAM_RECORD, s->source,
	                       "voice recording", &ss, NULL, &ba, &err);
	if (!s->rec) {
		fprintf(stderr, "goiso-display: voice record: no PulseAudio source%s%s (%s)\n",
		        s->source ? " " : "", s->source ? s->source : "", pa_strerror(err));
		return -1;
	}
	return 0;
}

static double rms_db(const int16_t *x, size_t n)
{
	double e = 0;
	for (size_t i = 0; i < n; i++) e += (double)x[i] * x[i];
	return n && e > 0 ? 10 * log10(e / (double)n) - 20 * log10(32768.0) : -200;
}

/* Records one take: until QUIET_END_S of quiet after some speech, or
 * max_s. The samples (free() them) and their count, or NULL. */
static int16_t *record_take(struct session *s, double max_s, size_t *n)
{
	size_t cap = (size_t)(max_s * RATE) + CHUNK, have = 0, quiet = 0, sound = 0;
	int16_t *x = malloc(cap * sizeof *x);
	double noise = 0, loud = -200;
	int err = 0;
	if (!x) return NULL;
	/* What came in before this take (while the text was read) goes; only
	 * then is the speaker told to speak. */
	pa_simple_flush(s->rec, &err);
	printf("   ● Đang ghi: đọc ngay, dừng khi đọc xong\n");
	fflush(stdout);
	while (have + CHUNK <= cap) {
		if (pa_simple_read(s->rec, x + have, CHUNK * 2, &err) < 0) {
			fprintf(stderr, "goiso-display: voice record: PulseAudio: %s\n", pa_strerror(err));
			free(x);
			return NULL;
		}
		double d = rms_db(x + have, CHUNK);
		have += CHUNK;
		if (have == CHUNK || d < noise) noise = d;
		if (d > loud) loud = d;
		/* Speech: over -45 dBFS, 12 dB over the quietest moment and
		 * within 35 dB of the loudest. */
		bool speech = d > -45 && d > noise + 12 && d > loud - 35;
		if (speech) {
			sound += CHUNK;
			quiet = 0;
		} else {
			quiet += CHUNK;
		}
		if (sound >= (size_t)RATE / 10 && quiet >= (size_t)(QUIET_END_S * RATE)) break;
	}
	*n = have;
	return x;
}

static void play(const int16_t *x, size_t n)
{
	pa_sample_spec ss = { PA_SAMPLE_S16LE, RATE, 1 };
	int err = 0;
	pa_simple *p = pa_simple_new(NULL, "goiso-display", PA_STREAM_PLAYBACK, NULL,
	                             "voice recording playback", &ss, NULL, NULL, &err);
	if (!p) {
		printf("   (không phát lại được: %s)\n", pa_strerror(err));
		return;
	}
	if (pa_simple_write(p, x, n * 2, &err) < 0 || pa_simple_drain(p, &err) < 0)
		printf("   (không phát lại được: %s)\n", pa_strerror(err));
	pa_simple_free(p);
}

/* Trims, fades the ends (5 ms) and normalizes a take in place; its new
 * length. */
static size_t finish_take(int16_t *x, size_t n)
{
	size_t a, b, fade = RATE / 200;
	voice_level_trim(x, n, RATE, 40, &a, &b);
	memmove(x, x + a, (b - a) * sizeof *x);
	n = b - a;
	for (size_t i = 0; i < fade && i < n; i++) {
		x[i] = (int16_t)(x[i] * (double)i / fade);
		x[n - 1 - i] = (int16_t)(x[n - 1 - i] * (double)i / fade);
	}
	if (n) voice_level_normalize(x, n, RATE, VOICE_LEVEL_TARGET, VOICE_LEVEL_CEILING, NULL);
	return n;
}

/* The answer to the keep question: one of "gldnb" ('g' keep is Enter),
 * or 'd' (stop) at the end of input. */
static char ask(void)
{
	char line[64];
	printf("   Giữ bản này? [Enter] giữ · [l] ghi lại · [n] nghe lại · [b] bỏ qua · [d] dừng: ");
	fflush(stdout);
	if (!fgets(line, sizeof line, stdin)) {
		printf("\n");
		return 'd';
	}
	char c = line[0] == '\n' || line[0] == '\r' ? 'g' : line[0];
	return strchr("gldnb", c) ? c : '?';
}

/* Records one clip until it is kept, skipped or the session stops.
 * Returns 1 to stop, 0 to go on, -1 when the sound failed. */
static int record_clip(struct session *s, const struct voice_clip_entry *e, int at, int total)
{
	double min_s, max_s;
	voice_length_limits(e->text, &min_s, &max_s);
	for (;;) {
		printf("\n[%d/%d] %s.wav\n   Đọc: «%s»\n", at, total, e->name, e->text);
		if (s->countdown > 0) {
			printf("   Chuẩn bị...");
			for (int k = s->countdown; k > 0; k--) {
				printf(" %d", k);
				fflush(stdout);
				sleep(1);
			}
			printf("\n");
		}
		size_t n = 0;
		int16_t *x = record_take(s, max_s + 3, &n);
		if (!x) return -1;
		struct voice_judgement j;
		n = finish_take(x, n);
		voice_judge(x, n, RATE, e->text, &j);
		if (j.verdict == VOICE_SILENT) {
			printf("   Không nghe thấy tiếng. Kiểm tra micro rồi đọc lại.\n");
		} else {
			printf("   Đã ghi %.2f s. Nghe lại:\n", j.seconds);
			if (j.verdict != VOICE_OK) printf("   Lưu ý: %s\n", j.why);
			play(x, n);
		}
		char c = j.verdict == VOICE_SILENT ? ask() : 0;
		while (j.verdict != VOICE_SILENT && (c = ask()) == 'n') play(x, n);
		if (c == 'g' && j.verdict != VOICE_SILENT) {
			char path[PATH_MAX + 80], err[300];
			snprintf(path, sizeof path, "%s/%s.wav", s->dir, e->name);
			int r = voice_file_write(path, x, n, RATE, true, err, sizeof err);
			free(x);
			if (r < 0) {
				fprintf(stderr, "goiso-display: voice record: %s\n", err);
				return 1;
			}
			printf("   Đã lưu %s\n", path);
			s->kept++;
			return 0;
		}
		free(x);
		if (c == 'd') return 1;
		if (c == 'b') {
			s->skipped++;
			return 0;
		}
	}
}

/* The clips to record: --only's, all with --all, else those missing. */
static int pick(const struct voice_clip_entry *e, int n, const char *only, bool all,
                const char *dir, const struct voice_clip_entry **todo)
{
	int k = 0;
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX + 80];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s.wav", dir, e[i].name);
		if (only) {
			size_t len = strlen(e[i].name);
			const char *p = only;
			bool named = false;
			while ((p = strstr(p, e[i].name)) && !named) {
				named = (p == only || p[-1] == ',') && (p[len] == ',' || !p[len]);
				p += len;
			}
			if (!named) continue;
		}
		if (!all && stat(path, &st) == 0) continue;
		todo[k++] = &e[i];
	}
	return k;
}

int voice_record_main(int argc, char **argv, const struct config *cfg)
{
	struct voice_opts o;
	struct session s = { NULL, opt(argc, argv, "--source"), 3, NULL, 0, 0 };
	char err[512], list[PATH_MAX + 32];
	voice_opts_init(&o);
	if (cfg && voice_opts_from_config(&o, cfg, err, sizeof err) < 0) {
		fprintf(stderr, "goiso-display: %s\n", err);
		return 2;
	}
	s.dir = opt(argc, argv, "--dir") ? opt(argc, argv, "--dir") : o.site_dir;
	if (opt(argc, argv, "--countdown") && args_number(opt(argc, argv, "--countdown"), 0, 60, &s.countdown)) {
		fprintf(stderr, "goiso-display: voice record: --countdown wants whole seconds from 0 to 60\n");
		return 2;
	}
	if (!s.dir) {
		fprintf(stderr, "goiso-display: voice record: where to? --dir DIR, or clips_dir "
		        "in [voice] of the config\n");
		return 2;
	}
	mkdir(s.dir, 0755);
	voice_list_path(o.clips_dir ? o.clips_dir : voice_default_clips_dir(), list, sizeof list);
	int n, r = 0;
	struct voice_clip_entry *e = voice_list_load(list, &n, err, sizeof err);
	const struct voice_clip_entry **todo = e ? calloc((size_t)n + 1, sizeof *todo) : NULL;
	if (!todo) {
		fprintf(stderr, "goiso-display: voice record: %s\n", e ? "out of memory" : err);
		free(e);
		return 2;
	}
	int k = pick(e, n, opt(argc, argv, "--only"), flag(argc, argv, "--all"), s.dir, todo);
	printf("Ghi âm giọng đọc của trung tâm vào %s: %d clip cần ghi.\n"
	       "Đọc rõ, đều giọng, trong phòng yên tĩnh, cách micro một gang tay.\n", s.dir, k);
	if (k > 0 && open_source(&s) < 0) r = 1;
	for (int i = 0; r == 0 && i < k; i++) {
		int c = record_clip(&s, todo[i], i + 1, k);
		if (c < 0) r = 1;
		if (c != 0) break;
	}
	printf("\nĐã giữ %d clip, bỏ qua %d. Chạy lại 'goiso-display voice record' để ghi "
	       "tiếp các clip còn thiếu; 'goiso-display voice check' để kiểm tra.\n",
	       s.kept, s.skipped);
	if (s.rec) pa_simple_free(s.rec);
	free(todo);
	free(e);
	return r;
}
