/*
 * voice_cli: goiso-display's voice options (see voice.h), kept here so the
 * daemon's main needs few lines: voice_cli(), voice_from_config() and
 * voice_on_event() from its server_event_fn.
 */
#include "voice.h"
#include "voice_check.h"
#include "voice_record.h"
#include "config.h"
#include "file.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Index of option name in argv, or -1. */
static int find(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0) return i;
	return -1;
}

static int opts_for(struct voice_opts *o, int argc, char **argv,
                    const struct config *cfg, bool headless)
{
	char err[256];
	voice_opts_init(o);
	if (headless) o->audio = "null";
	if (cfg && voice_opts_from_config(o, cfg, err, sizeof err) < 0) {
		fprintf(stderr, "goiso-display: %s\n", err);
		return -1;
	}
	int a = find(argc, argv, "--audio");
	if (a > 0) {
		if (a + 1 >= argc) {
			fprintf(stderr, "goiso-display: --audio needs pulse, null or wav:FILE\n");
			return -1;
		}
		o->audio = argv[a + 1];
	}
	return 0;
}

static int words(const char *arg, const struct voice_opts *o)
{
	char out[512], *end;
	long n = strtol(arg, &end, 10);
	int r = (*arg && !*end) ? vinum_words(n, &o->play.num, out, sizeof out)
	                        : vinum_label_words(arg, &o->play.num, out, sizeof out);
	if (r < 0) {
		fprintf(stderr, "goiso-display: --words %s: %s\n", arg, vinum_strerror(r));
		return 1;
	}
	printf("%s\n", out);
	return 0;
}

static int say(const char *label, const char *counter, bool play, bool brief,
               struct voice_opts *o)
{
	char err[256], *end;
	long c = strtol(counter, &end, 10);
	if (!*counter || *end || c < 0 || c > VINUM_MAX) {
		fprintf(stderr, "goiso-display: --say %s %s: bad counter number\n", label, counter);
		return 1;
	}
	if (!play) o->audio = "null";
	o->quiet = !play;
	struct voice *v = voice_new(o, err, sizeof err);
	if (!v) {
		fprintf(stderr, "goiso-display: %s\n", err);
		return 1;
	}
	enum playlist_form form = brief ? PLAYLIST_SHORT : PLAYLIST_FULL;
	int r = voice_print_files(v, form, label, (int)c, stdout) < 0 ? 1 : 0;
	fflush(stdout);
	if (r == 0 && play) {
		/* Give PulseAudio its usual few seconds to connect. */
		for (int i = 0; i < 100 && !voice_sound_ok(v); i++) usleep(50000);
		if (!voice_sound_ok(v)) r = 1;
		else if ((brief ? voice_say_short(v, label, (int)c) : voice_say(v, label, (int)c)) < 0 ||
		         voice_drain(v, 120000) < 0)
			r = 1;
		double lat;
		if (r == 0 && voice_latencies(v, &lat, 1) != 1) r = 1;
	}
	voice_free(v);
	return r;
}

int voice_cli(int argc, char **argv, const struct config *cfg)
{
	struct voice_opts o;
	int w = find(argc, argv, "--words"), s = find(argc, argv, "--say");
	if (w < 0 && s < 0) return -1;
	if (opts_for(&o, argc, argv, cfg, false) < 0) return 1;
	if (w > 0) {
		if (w + 1 >= argc) {
			fprintf(stderr, "goiso-display: --words needs a number\n");
			return 1;
		}
		return words(argv[w + 1], &o);
	}
	if (s + 2 >= argc) {
		fprintf(stderr, "goiso-display: --say needs TICKET COUNTER\n");
		return 1;
	}
	return say(argv[s + 1], argv[s + 2], find(argc, argv, "--play") > 0,
	           find(argc, argv, "--short") > 0, &o);
}

struct voice *voice_from_config(const struct config *cfg, const char *audio,
                                bool headless, char *err, size_t errlen)
{
	struct voice_opts o;
	voice_opts_init(&o);
	if (headless) o.audio = "null";
	if (cfg && voice_opts_from_config(&o, cfg, err, errlen) < 0) return NULL;
	if (audio) o.audio = audio;
	return voice_new(&o, err, errlen);
}

/* goiso-display [--config FILE] voice record|check|normalize ...: the
 * subcommand's own argv is {program, subcommand, what follows it}. */
int voice_command(int argc, char **argv)
{
	int at = 1;
	const char *conf = NULL;
	if (argc > 3 && strcmp(argv[1], "--config") == 0) at = 3;
	if (at >= argc || strcmp(argv[at], "voice") != 0) return -1;
	if (at + 1 >= argc) {
		fprintf(stderr, "goiso-display: voice needs record, check or normalize\n");
		return 2;
	}
	char *args[64];
	int n = 0;
	args[n++] = argv[0];
	for (int i = at + 1; i < argc && n < 63; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			conf = argv[++i];
			continue;
		}
		args[n++] = argv[i];
	}
	args[n] = NULL;
	if (at == 3) conf = argv[2];
	const char *sub = args[1];
	if (strcmp(sub, "normalize") == 0) return voice_normalize_main(n, args);
	if (strcmp(sub, "record") != 0 && strcmp(sub, "check") != 0) {
		fprintf(stderr, "goiso-display: voice %s: not a voice command (record, check, "
		        "normalize)\n", sub);
		return 2;
	}
	char err[512];
	struct config *cfg = file_load_config(conf, err, sizeof err);
	if (!cfg) {
		fprintf(stderr, "goiso-display: config: %s\n", err);
		return 2;
	}
	int r = strcmp(sub, "record") == 0 ? voice_record_main(n, args, cfg)
	                                   : voice_check_main(n, args, cfg);
	config_free(cfg);
	return r;
}
