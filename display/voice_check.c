/*
 * voice_check: judging clips (see voice_check.h). A clip's sound must fit
 * its text: at least 0.1 s a syllable, at most 0.8 s a syllable plus
 * 0.6 s, as a clear announcer speaks; the whole file may hold up to 0.4 s
 * more of silence at its ends.
 */
#include "voice_check.h"
#include "voice.h"
#include "voice_files.h"
#include "voice_level.h"
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int syllables(const char *text)
{
	int n = 0;
	for (const char *p = text; *p;) {
		p += strspn(p, " ,.");
		if (!*p) break;
		n++;
		p += strcspn(p, " ,.");
	}
	return n ? n : 1;
}

void voice_length_limits(const char *text, double *min_s, double *max_s)
{
	int k = text ? syllables(text) : 1;
	*min_s = 0.1 * k;
	*max_s = text ? 0.8 * k + 0.6 : 10;
}

void voice_judge(const int16_t *pcm, size_t n, int rate, const char *text,
                 struct voice_judgement *j)
{
	struct voice_level lv;
	size_t a, b;
	double min_s, max_s;
	memset(j, 0, sizeof *j);
	j->seconds = (double)n / rate;
	voice_level_trim(pcm, n, rate, 0, &a, &b);
	j->sound_seconds = (double)(b - a) / rate;
	if (voice_level_measure(pcm, n, rate, &lv) < 0) {
		j->verdict = VOICE_UNREADABLE;
		snprintf(j->why, sizeof j->why, "cannot measure (out of memory)");
		return;
	}
	j->lufs = lv.lufs;
	j->peak_db = lv.peak_db;
	voice_length_limits(text, &min_s, &max_s);
	if (b == a || lv.lufs <= VOICE_LEVEL_SILENT) {
		j->verdict = VOICE_SILENT;
		snprintf(j->why, sizeof j->why, "silent (%.0f LUFS)", lv.lufs < -99 ? -99 : lv.lufs);
	} else if (lv.clipped_runs > 0) {
		j->verdict = VOICE_CLIPPED;
		snprintf(j->why, sizeof j->why, "clipped: %zu samples at full scale",
		         lv.full_scale);
	} else if (j->sound_seconds < min_s) {
		j->verdict = VOICE_SHORT;
		snprintf(j->why, sizeof j->why, "too short: %.2f s of sound (at least %.2f s)",
		         j->sound_seconds, min_s);
	} else if (j->sound_seconds > max_s || j->seconds > max_s + 0.4) {
		j->verdict = VOICE_LONG;
		snprintf(j->why, sizeof j->why, "too long: %.2f s, %.2f s of sound (at most %.2f s)",
		         j->seconds, j->sound_seconds, max_s);
	}
}

/* Option value after name in argv, or NULL. */
static const char *opt(int argc, char **argv, const char *name)
{
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0) return argv[i + 1];
	return NULL;
}

struct tally { int clips, ok, by[VOICE_SILENT + 1]; };

static void check_one(const char *dir, const char *name, const char *text, struct tally *t)
{
	char path[PATH_MAX + 80], err[160];
	struct voice_judgement j;
	size_t n;
	snprintf(path, sizeof path, "%s/%s.wav", dir, name);
	int rate = voice_file_rate(path);
	int16_t *pcm = voice_file_read(path, rate, &n, NULL, err, sizeof err);
	t->clips++;
	if (!pcm) {
		j.verdict = err[0] ? VOICE_UNREADABLE : VOICE_MISSING;
		snprintf(j.why, sizeof j.why, "%s", err[0] ? err : "missing");
	} else {
		voice_judge(pcm, n, rate, text, &j);
	}
	free(pcm);
	t->by[j.verdict]++;
	if (j.verdict == VOICE_OK) {
		t->ok++;
		return;
	}
	char file[80];
	snprintf(file, sizeof file, "%s.wav", name);
	/* Padded by characters, not bytes: the texts are UTF-8. */
	const char *shown = text ? text : "";
	int chars = 0;
	for (const char *q = shown; *q; q++) chars += ((unsigned char)*q & 0xC0) != 0x80;
	printf("%-34s %s%*s %s\n", file, shown, chars < 20 ? 20 - chars : 0, "", j.why);
}

int voice_check_main(int argc, char **argv, const struct config *cfg)
{
	struct voice_opts o;
	char err[512], list[PATH_MAX + 32];
	voice_opts_init(&o);
	if (cfg && voice_opts_from_config(&o, cfg, err, sizeof err) < 0) {
		fprintf(stderr, "goiso-display: %s\n", err);
		return 2;
	}
	const char *dir = opt(argc, argv, "--dir");
	if (!dir) dir = o.site_dir ? o.site_dir : voice_default_clips_dir();
	voice_list_path(o.clips_dir ? o.clips_dir : voice_default_clips_dir(), list, sizeof list);
	int n;
	struct voice_clip_entry *e = voice_list_load(list, &n, err, sizeof err);
	if (!e) {
		fprintf(stderr, "goiso-display: voice check: %s\n", err);
		return 2;
	}
	struct tally t = {0};
	for (int i = 0; i < n; i++) check_one(dir, e[i].name, e[i].text, &t);
	/* Clips the templates name that the list does not (the chime is
	 * synthesized when there is none). */
	struct playlist *p = playlist_new(&o.play, err, sizeof err);
	const char *fixed[192];
	int nf = p ? playlist_fixed_clips(p, fixed, 192) : 0;
	for (int i = 0; i < nf; i++) {
		bool listed = strcmp(fixed[i], "chime") == 0;
		for (int k = 0; k < n && !listed; k++) listed = strcmp(e[k].name, fixed[i]) == 0;
		if (!listed) check_one(dir, fixed[i], NULL, &t);
	}
	playlist_free(p);
	free(e);
	printf("voice check %s: %d clips, %d fine, %d missing, %d unreadable, %d too short, "
	       "%d too long, %d clipped, %d silent\n", dir, t.clips, t.ok, t.by[VOICE_MISSING],
	       t.by[VOICE_UNREADABLE], t.by[VOICE_SHORT], t.by[VOICE_LONG], t.by[VOICE_CLIPPED],
	       t.by[VOICE_SILENT]);
	return t.ok == t.clips ? 0 : 1;
}

int voice_normalize_main(int argc, char **argv)
{
	int bad = 0;
	for (int i = 2; i < argc; i++) {
		char err[160];
		size_t n;
		struct voice_level lv;
		bool leveled = false;
		int16_t *pcm = voice_file_read(argv[i], VOICE_RATE, &n, &leveled, err, sizeof err);
		if (pcm && leveled) {                   /* done before: left as it is */
			free(pcm);
			continue;
		}
		if (!pcm || voice_level_normalize(pcm, n, VOICE_RATE, VOICE_LEVEL_TARGET,
		                                  VOICE_LEVEL_CEILING, &lv) < 0 ||
		    voice_file_write(argv[i], pcm, n, VOICE_RATE, true, err, sizeof err) < 0) {
			fprintf(stderr, "goiso-display: voice normalize: %s: %s\n", argv[i],
			        err[0] ? err : "missing");
			bad = 1;
		}
		free(pcm);
	}
	return bad;
}
