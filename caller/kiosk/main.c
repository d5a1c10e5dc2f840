/*
 * goiso-kiosk: options, pairing, discovery and the loop (the rest is in
 * kiosk.c).
 *
 * The loop sleeps in poll() on the link's socket and the print thread's
 * pipe, at most FRAME_MS at a time, then takes SDL's queued events: SDL's
 * own SDL_WaitEventTimeout() polls every millisecond on drivers that
 * cannot block (the dummy one among them), which an idle kiosk should not
 * pay. A touch waits at most FRAME_MS; a reply wakes the loop at once.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "auth.h"
#include "clock.h"
#include "config.h"
#include "discover.h"
#include "kiosk.h"
#include "pair.h"
#include "version.h"

#define FRAME_MS 16

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: goiso-kiosk [options]              the ticket kiosk (full screen)\n"
	        "       goiso-kiosk pair CODE [--kiosk N] [--key FILE] [--site NAME] [--connect HOST:PORT]\n"
	        "  --connect HOST:PORT   the display (default: found by mDNS)\n"
	        "  --site NAME           with several displays on the LAN: the center's name or id\n"
	        "  --key FILE            the kiosk's key (default: what pairing stored)\n"
	        "  --kiosk N             the kiosk's number (default: what pairing stored, else 1)\n"
	        "  --printer SPEC        /dev/usb/lp0 | tcp:HOST[:PORT] | cups:QUEUE | png:DIR (default png:.)\n"
	        "  --paper 58|80         paper width in mm (default 80)\n"
	        "  --url TEMPLATE        the QR code's address, with {token} and {label}\n"
	        "  --footer TEXT         the ticket's last line\n"
	        "  --pin PIN             reception's PIN for priority tickets (digits; none: no priority)\n"
	        "  --font NAME           a fontconfig family or a font file\n"
	        "  --window WxH          a window instead of full screen\n"
	        "  --keep-png DIR        also keep an image of every ticket printed\n"
	        "  --print-timeout MS    a printer silent this long has failed (default 3000)\n"
	        "  --screenshot FILE     draw the screen once (after connecting) and exit\n"
	        "  --sample-ticket FILE  draw a sample ticket as PNG and exit\n"
	        "  --demo S              touch a service by itself every S seconds (make demo)\n"
	        "  --version             print the version and exit\n");
}

struct args {
	struct kiosk_opts o;
	const char *key, *site, *screenshot, *sample;
	int demo_s;
};

/* A number option's value, whole and in range, or a message saying so. */
static int number(const char *opt, const char *v, long lo, long hi, int *out)
{
	if (!args_number(v, lo, hi, out)) return 0;
	fprintf(stderr, "goiso-kiosk: %s: cần một số nguyên từ %ld đến %ld, không phải '%s'\n", opt, lo, hi, v);
	return -1;
}

/* The kiosk's options but --help and --version; each takes a value. */
static const char *const options[] = {
	"--connect", "--site", "--key", "--kiosk", "--printer", "--paper", "--url", "--footer", "--pin", "--font",
	"--keep-png", "--print-timeout", "--screenshot", "--sample-ticket", "--demo", "--window", NULL,
};

static bool is_option(const char *opt)
{
	for (int i = 0; options[i]; i++)
		if (!strcmp(opt, options[i])) return true;
	return false;
}

static int parse(int argc, char **argv, struct args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) { usage(stdout); exit(0); }
		if (!strcmp(opt, "--version")) { printf("goiso-kiosk " GOISO_VERSION "\n"); exit(0); }
		/* an option not known is named as such, not asked for a value */
		if (!is_option(opt)) { fprintf(stderr, "goiso-kiosk: không có tùy chọn '%s'\n", opt); usage(stderr); return -1; }
		if (!v) { fprintf(stderr, "goiso-kiosk: %s cần một giá trị\n", opt); return -1; }
		i++;
		if (!strcmp(opt, "--connect")) a->o.connect = v;
		else if (!strcmp(opt, "--site")) a->site = v;
		else if (!strcmp(opt, "--key")) a->key = v;
		else if (!strcmp(opt, "--kiosk")) {
			if (number(opt, v, 1, 99, &a->o.cred.counter)) return -1;
		}
		else if (!strcmp(opt, "--printer")) a->o.printer = v;
		else if (!strcmp(opt, "--paper")) {
			if (number(opt, v, 58, 80, &a->o.paper_mm)) return -1;
		}
		else if (!strcmp(opt, "--url")) a->o.url = v;
		else if (!strcmp(opt, "--footer")) a->o.footer = v;
		else if (!strcmp(opt, "--pin")) a->o.pin = v;
		else if (!strcmp(opt, "--font")) a->o.font = v;
		else if (!strcmp(opt, "--keep-png")) a->o.keep_png = v;
		else if (!strcmp(opt, "--print-timeout")) {
			if (number(opt, v, 100, 600000, &a->o.print_timeout_ms)) return -1;
		}
		else if (!strcmp(opt, "--screenshot")) { a->screenshot = v; a->o.look_only = true; }
		else if (!strcmp(opt, "--sample-ticket")) a->sample = v;
		else if (!strcmp(opt, "--demo")) {
			if (number(opt, v, 1, 3600, &a->demo_s)) return -1;
		}
		else if (!strcmp(opt, "--window")) {
			if (args_size(v, 1, 16384, &a->o.width, &a->o.height) || a->o.width < 320 || a->o.height < 240) {
				fprintf(stderr, "goiso-kiosk: --window WxH, ví dụ 1080x1920\n");
				return -1;
			}
		}
	}
	if (a->o.paper_mm != 58 && a->o.paper_mm != 80) { fprintf(stderr, "goiso-kiosk: --paper 58 hoặc 80\n"); return -1; }
	if (a->o.pin && (strlen(a->o.pin) < 4 || strlen(a->o.pin) > 8 || strspn(a->o.pin, "0123456789") != strlen(a->o.pin))) {
		fprintf(stderr, "goiso-kiosk: --pin: 4 đến 8 chữ số\n");
		return -1;
	}
	return 0;
}

/* A directory tickets are written to (png:DIR, --keep-png DIR), checked
 * before the first citizen comes: made when missing and its parent is
 * there and ours to write in, else 0 is not returned and the kiosk does
 * not start (tickets voided one after another, or copies silently not
 * kept, otherwise). */
static int ready_dir(const char *opt, const char *dir)
{
	struct stat st;
	if (!*dir) dir = ".";
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			fprintf(stderr, "goiso-kiosk: %s: %s is not a directory\n", opt, dir);
			return -1;
		}
		if (access(dir, W_OK | X_OK) == 0) return 0;
		fprintf(stderr, "goiso-kiosk: %s: cannot write in %s: %s\n", opt, dir, strerror(errno));
		return -1;
	}
	if (errno == ENOENT && mkdir(dir, 0755) == 0) {
		fprintf(stderr, "goiso-kiosk: %s: created the directory %s\n", opt, dir);
		return 0;
	}
	fprintf(stderr, "goiso-kiosk: %s: the directory %s does not exist and cannot be created (%s): "
	        "create it, or name another\n", opt, dir, strerror(errno));
	return -1;
}

/* For demonstrations: a citizen touches the next open service. */
static void demo_touch(struct kiosk *k, int *turn)
{
	const struct kscreen *s = kiosk_screen(k);
	const struct ks_layout *L = kiosk_layout(k);
	if (s->view != KS_HOME || !kscreen_can_issue(s) || !L->nbuttons) return;
	for (int i = 0; i < L->nbuttons && i < s->nsv; i++) {
		int b = (*turn + i) % L->nbuttons;
		if (!s->sv[b].open) continue;
		SDL_Event ev = { .type = SDL_MOUSEBUTTONDOWN };
		ev.button.windowID = kiosk_window_id(k);
		ev.button.button = SDL_BUTTON_LEFT;
		ev.button.x = L->button[b].x + L->button[b].w / 2;
		ev.button.y = L->button[b].y + L->button[b].h / 2;
		SDL_PushEvent(&ev);
		*turn = b + 1;
		return;
	}
}

/* --screenshot: the picture once the display has answered for every
 * service (a service not yet heard of is drawn closed and nameless), or
 * after SHOT_WAIT_MS, saying what is missing. 0 only for the whole screen. */
#define SHOT_WAIT_MS 10000

static int shot(struct kiosk *k, const char *path, int64_t waited_ms)
{
	char err[300], missing[200];
	int unknown = kiosk_unknown(k, missing, sizeof missing);
	if (unknown != 0 && waited_ms < SHOT_WAIT_MS) return -1;   /* not yet */
	if (kiosk_screenshot(k, path, err, sizeof err)) {
		fprintf(stderr, "goiso-kiosk: %s\n", err);
		return 1;
	}
	if (unknown < 0) {
		fprintf(stderr, "goiso-kiosk: the display did not answer within %d s: %s shows the kiosk out of "
		        "service (\"Tạm ngừng cấp số\"), not its screen\n", SHOT_WAIT_MS / 1000, path);
		return 1;
	}
	if (unknown > 0) {
		fprintf(stderr, "goiso-kiosk: no answer for service %s within %d s: %s shows it closed and "
		        "without its name\n", missing, SHOT_WAIT_MS / 1000, path);
		return 1;
	}
	return 0;
}

static int run(struct kiosk *k, const char *screenshot, int demo_s)
{
	int64_t start = clock_mono_ms(), next_demo = start + demo_s * 1000;
	int wait = 0, turn = 0;
	while (!stop && wait >= 0) {
		if (demo_s > 0 && clock_mono_ms() >= next_demo) {
			demo_touch(k, &turn);
			next_demo = clock_mono_ms() + demo_s * 1000;
		}
		struct pollfd p[2] = { { link_fd(kiosk_link(k)), link_poll_events(kiosk_link(k)), 0 },
		                       { kiosk_job_fd(k), POLLIN, 0 } };
		if (p[0].fd < 0) p[0].events = 0;
		poll(p, 2, wait < FRAME_MS ? wait : FRAME_MS);
		wait = kiosk_step(k, clock_mono_ms());   /* SDL's events, the link, the printer */
		int rc = screenshot ? shot(k, screenshot, clock_mono_ms() - start) : -1;
		if (rc >= 0) return rc;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "pair")) {
		char *args[64];
		int n = 0;
		for (int i = 1; i < argc && n < 62; i++) args[n++] = argv[i];
		args[n++] = "--kiosk";   /* a kiosk's credential, kiosk.key */
		args[n] = NULL;
		return pair_main(n, args);
	}
	struct args a = { .o = { .paper_mm = 80 } };
	a.o.fixed_clock = getenv("GOISO_KIOSK_TEST_CLOCK");   /* the test suite's stable images */
	char keybuf[4096], site[256] = "", err[512];
	if (parse(argc, argv, &a)) return 2;
	if (!a.sample && a.o.printer && !strncmp(a.o.printer, "png:", 4) && ready_dir("--printer", a.o.printer + 4))
		return 2;
	if (!a.sample && a.o.keep_png && ready_dir("--keep-png", a.o.keep_png)) return 2;
	if (!a.key) a.key = pair_default_kiosk_keyfile(keybuf, sizeof keybuf);
	int stored = 0;
	pair_read_profile(a.key, &stored, site, sizeof site);
	if (!a.o.cred.counter) a.o.cred.counter = stored ? stored : 1;
	if (!a.site && site[0]) a.site = site;
	snprintf(a.o.cred.role, sizeof a.o.cred.role, "kiosk");
	if (auth_init()) { fprintf(stderr, "goiso-kiosk: libsodium failed to start\n"); return 3; }
	if (!a.sample && auth_read_keyfile(a.key, a.o.cred.id, a.o.cred.key, err, sizeof err)) {
		fprintf(stderr, "goiso-kiosk: khóa: %s\n(ghép nối máy lấy số: 'goiso-display pair --kiosk' trên máy màn hình, "
		        "rồi 'goiso-kiosk pair MÃ' tại đây)\n", err);
		return 2;
	}
	struct pair_finder f = { NULL, a.site, a.key };
	if (!a.o.connect && !a.sample) {
		if (!(f.d = discover_new())) return 3;
		pair_remember(f.d, a.key);
		a.o.find = pair_find;
		a.o.find_ud = &f;
		a.o.distrust = pair_distrust;
		a.o.trusted = pair_trust;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);   /* a printer's pipe or socket closed is a printer fault */
	struct kiosk *k = kiosk_new(&a.o, clock_mono_ms(), err, sizeof err);
	if (!k) { fprintf(stderr, "goiso-kiosk: %s\n", err); discover_free(f.d); return 3; }
	int rc = a.sample ? (kiosk_sample_ticket(k, "A023", a.sample) ? 1 : 0) : run(k, a.screenshot, a.demo_s);
	kiosk_free(k);
	discover_free(f.d);
	SDL_Quit();
	return rc;
}
