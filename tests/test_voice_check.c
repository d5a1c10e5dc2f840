/*
 * The clips: the list parser, judging a clip (missing, too short or long,
 * clipped, silent), and the proof that the list and the built clip set
 * hold every clip of every announcement the sample center can make.
 */
#include "test.h"
#include "voice.h"
#include "voice_check.h"
#include "voice_files.h"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>

#define R VOICE_RATE

TEST(voice_list_parses_and_names_bad_lines)
{
	char err[160];
	int n;
	const char ok[] = "# comment\nso\tsố\r\n\nden_quay_so\tđến quầy số\nchu_a\ta";
	struct voice_clip_entry *e = voice_list_parse(ok, sizeof ok - 1, &n, err, sizeof err);
	REQUIRE(e != NULL);
	CHECK_INT_EQ(n, 3);
	CHECK_STR_EQ(e[0].name, "so");
	CHECK_STR_EQ(e[0].text, "số");
	CHECK_STR_EQ(e[1].text, "đến quầy số");
	CHECK_STR_EQ(e[2].name, "chu_a");
	free(e);
	static const struct { const char *text, *err; } bad[] = {
		{ "so số\n", "line 1: want <name> TAB <text>" },
		{ "so\tsố\n../x\ty\n", "line 2: clip name '../x': a-z, 0-9, _ and - only" },
		{ "so\tsố\nba\tba\nso\tsố\n", "line 3: clip 'so' listed twice" },
		{ "so\t\n", "line 1: want <name> TAB <text>" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = 0;
		CHECK(voice_list_parse(bad[i].text, strlen(bad[i].text), &n, err, sizeof err) == NULL);
		CHECK_STR_EQ(err, bad[i].err);
	}
}

/* secs of a 200 Hz voice-like tone at amp (over 1: clipped), inside lead
 * seconds of silence at each end. */
static int16_t *take(double secs, double amp, double lead, size_t *n)
{
	size_t s = (size_t)(secs * R), l = (size_t)(lead * R);
	*n = s + 2 * l;
	int16_t *x = calloc(*n, sizeof *x);
	for (size_t i = 0; i < s; i++) {
		double t = (double)i / R, v = amp * sin(M_PI * t / secs) * sin(2 * M_PI * 200 * t);
		x[l + i] = (int16_t)(v > 1 ? 32767 : v < -1 ? -32768 : v * 32767);
	}
	return x;
}

TEST(voice_judge_names_each_fault)
{
	static const struct {
		const char *text;
		double secs, amp, lead;
		enum voice_verdict want;
		const char *why;
	} c[] = {
		{ "hai", 0.35, 0.3, 0.02, VOICE_OK, "" },
		{ "Xin mời công dân có số thứ tự", 2.2, 0.3, 0.02, VOICE_OK, "" },
		{ "hai", 0.04, 0.3, 0.02, VOICE_SHORT, "too short: 0.04 s of sound (at least 0.10 s)" },
		{ "hai", 2.5, 0.3, 0.02, VOICE_LONG, "too long: 2.54 s, 2.34 s of sound (at most 1.40 s)" },
		{ "hai", 0.3, 0.3, 1.0, VOICE_LONG, "too long: 2.30 s, 0.30 s of sound (at most 1.40 s)" },
		{ "hai", 0.4, 4.0, 0.02, VOICE_CLIPPED, NULL },
		{ "hai", 0.4, 0.0, 0.02, VOICE_SILENT, "silent (-99 LUFS)" },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		size_t n;
		struct voice_judgement j;
		int16_t *x = take(c[i].secs, c[i].amp, c[i].lead, &n);
		voice_judge(x, n, R, c[i].text, &j);
		if (j.verdict != c[i].want)
			test_fail(__FILE__, __LINE__, "case %zu: verdict %d (%s), want %d", i, j.verdict,
			          j.why, c[i].want);
		if (c[i].why) CHECK_STR_EQ(j.why, c[i].why);
		else CHECK(strncmp(j.why, "clipped: ", 9) == 0);
		free(x);
	}
}

/* Every clip a reading of label (or number) uses is in the list and built. */
struct cover { const struct voice_clip_entry *e; int n, misses; char first[128]; };

static void need(struct cover *c, const char *clip, const char *what)
{
	if (strcmp(clip, "chime") == 0) return;       /* synthesized when absent */
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->e[i].name, clip) == 0) return;
	if (!c->misses++) snprintf(c->first, sizeof c->first, "%s needs %s", what, clip);
}

TEST(voice_clips_cover_every_announcement_of_the_sample_center)
{
	char err[256];
	int n;
	struct voice_clip_entry *e = voice_list_load("assets/voice/clips.txt", &n, err, sizeof err);
	REQUIRE(e != NULL);
	struct cover cv = { e, n, 0, "" };
	/* The list names each word vinum can say, with the same text. */
	for (int i = 0; i < vinum_nclips(); i++) {
		int k = 0;
		while (k < n && strcmp(e[k].name, vinum_clip_name(i))) k++;
		if (k == n || strcmp(e[k].text, vinum_clip_text(i)))
			test_fail(__FILE__, __LINE__, "%s not listed as '%s'", vinum_clip_name(i),
			          vinum_clip_text(i));
	}
	/* Every number 0..999,999 in both full readings; digit by digit needs
	 * only the ten digits, so 0..9,999 shows it. */
	static const struct vinum_opts readings[] = {
		{ VINUM_FULL, false, false, false }, { VINUM_FULL, true, true, true },
		{ VINUM_DIGITS, false, false, false },
	};
	long numbers = 0;
	for (size_t r = 0; r < 3; r++)
		for (long x = 0; x <= (r == 2 ? 9999 : VINUM_MAX); x++, numbers++) {
			const char *w[VINUM_MAX_CLIPS];
			int k = vinum_number_clips(x, &readings[r], w, VINUM_MAX_CLIPS);
			if (k <= 0) need(&cv, "(unreadable)", "a number");
			for (int i = 0; i < k; i++) need(&cv, w[i], "a number");
		}
	/* Every announcement, full and short, of every label of the sample
	 * center at every counter, in every reading. */
	struct config *cfg = config_parse(config_default_text, "(sample)", err, sizeof err);
	REQUIRE(cfg != NULL);
	long calls = 0;
	struct stat st;
	for (size_t r = 0; r < 3; r++) {
		struct playlist_opts o = playlist_defaults;
		o.num = readings[r];
		struct playlist *p = playlist_new(&o, err, sizeof err);
		for (int s = 0; p && s < cfg->nservices; s++) {
			const struct config_service *sv = &cfg->services[s];
			for (int num = sv->first; num <= sv->last; num++) {
				char label[24];
				snprintf(label, sizeof label, "%s%0*d", sv->prefix, sv->digits, num);
				for (int c = 0; c < cfg->ncounters; c++)
					for (int f = 0; f < 2; f++, calls++) {
						struct playlist_item it[PLAYLIST_MAX_ITEMS];
						int k = playlist_build_form(p, f ? PLAYLIST_SHORT : PLAYLIST_FULL, label,
						                            cfg->counters[c].no, it, PLAYLIST_MAX_ITEMS);
						if (k <= 0) need(&cv, "(unreadable)", label);
						for (int i = 0; i < k; i++)
							if (it[i].clip) need(&cv, it[i].clip, label);
					}
			}
		}
		playlist_free(p);
	}
	/* And each listed clip is built. */
	int built = 0;
	for (int i = 0; i < n; i++) {
		char path[200];
		snprintf(path, sizeof path, "assets/voice/vi/%s.wav", e[i].name);
		if (stat(path, &st) == 0) built++;
		else test_fail(__FILE__, __LINE__, "%s not built (make voice)", path);
	}
	printf("    %ld numbers and %ld announcements of %d services x %d counters: %d missing "
	       "clips%s%s; %d of %d listed clips built\n", numbers, calls, cfg->nservices,
	       cfg->ncounters, cv.misses, cv.misses ? ", first: " : "", cv.first, built, n);
	CHECK_INT_EQ(cv.misses, 0);
	CHECK(calls == 3L * 2 * cfg->ncounters * (4 * 999));
	config_free(cfg);
	free(e);
}
