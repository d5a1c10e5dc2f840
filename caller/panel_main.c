/*
 * panel_main: the panel program (goiso-caller --counter N, no command):
 * options, the settings file, and the loop.
 *
 * The loop sleeps in SDL_WaitEventTimeout(), which wakes on input at
 * once. SDL cannot also wait on our socket, so one helper thread does only
 * that: it poll()s the link's socket and, when it is ready, pushes an SDL
 * event and waits to be acknowledged. It moves no bytes and touches no
 * state; all I/O stays on the main thread, non-blocking, between redraws.
 * A key press therefore goes out within the same turn, and a reply or a
 * push is drawn as soon as it arrives, with no busy polling.
 */
#include "panel.h"
#include "clock.h"
#include "config.h"
#include "file.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "auth.h"
#include "discover.h"
#include "pair.h"

/* The panel's options: whether each takes a value, and whether only the
 * panel has it (given without a command, it asks for the panel). */
static const struct option { const char *name; bool value, panel_only; } options[] = {
	{ "--counter", true, false }, { "--connect", true, false }, { "--key", true, false },
	{ "--site", true, false }, { "--font", true, true }, { "--rating-seconds", true, true },
	{ "--panel-config", true, true }, { "--always-on-top", false, true }, { "--rating-window", false, true },
};

static const struct option *find_option(const char *a)
{
	for (size_t i = 0; i < sizeof options / sizeof *options; i++)
		if (!strcmp(a, options[i].name)) return &options[i];
	return NULL;
}

/* The counter stored by pairing beside the key file (0 when none). */
static int profile_counter(const char *key, char *site, size_t n)
{
	char buf[4096];
	int counter = 0;
	if (!key) key = pair_default_keyfile(buf, sizeof buf);
	if (pair_read_profile(key, &counter, site, n)) return 0;
	return counter;
}

bool panel_has_option(const char *name) { return find_option(name) != NULL; }

bool panel_wanted(int argc, char **argv)
{
	bool counter = false, panel_only = false;
	const char *key = NULL;
	for (int i = 1; i < argc; i++) {
		const struct option *o = find_option(argv[i]);
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || !strcmp(argv[i], "--version")) return false;
		if (!strcmp(argv[i], "--panel-help")) return true;
		if (strncmp(argv[i], "--", 2)) return false;   /* a command word */
		if (o && o->panel_only) panel_only = true;
		if (o && !o->value) continue;
		if (!strcmp(argv[i], "--counter")) counter = true;
		if (!strcmp(argv[i], "--key") && i + 1 < argc) key = argv[i + 1];
		i++;
	}
	char site[256];
	return counter || panel_only || profile_counter(key, site, sizeof site) > 0;   /* a paired PC */
}

/* ---- the waker ---- */

struct waker {
	SDL_mutex *mu;
	SDL_sem *ack;
	SDL_Thread *th;
	int fd, pipe[2];
	short events;
	bool quit;
	Uint32 type;
};

static int waker_run(void *ud)
{
	struct waker *w = ud;
	for (;;) {
		SDL_LockMutex(w->mu);
		struct pollfd p[2] = { { w->pipe[0], POLLIN, 0 }, { w->fd, w->events, 0 } };
		bool quit = w->quit;
		SDL_UnlockMutex(w->mu);
		if (quit) return 0;
		int n = p[1].fd >= 0 && p[1].events ? 2 : 1;
		if (poll(p, (nfds_t)n, -1) <= 0) continue;
		if (p[0].revents) {   /* the fd or events changed: look again */
			char b[64];
			if (read(w->pipe[0], b, sizeof b) < 0) { /* nothing to do */ }
			continue;
		}
		SDL_Event ev = { .type = w->type };
		SDL_PushEvent(&ev);
		SDL_SemWaitTimeout(w->ack, 1000);   /* until the main loop has read */
	}
}

static void waker_watch(struct waker *w, int fd, short events)
{
	SDL_LockMutex(w->mu);
	bool changed = w->fd != fd || w->events != events;
	w->fd = fd;
	w->events = events;
	SDL_UnlockMutex(w->mu);
	if (changed && write(w->pipe[1], "x", 1) < 0) { /* the thread looks again later */ }
}

static int waker_start(struct waker *w)
{
	memset(w, 0, sizeof *w);
	w->fd = -1;
	w->type = SDL_RegisterEvents(1);
	if (w->type == (Uint32)-1 || pipe(w->pipe)) return -1;
	w->mu = SDL_CreateMutex();
	w->ack = SDL_CreateSemaphore(0);
	w->th = SDL_CreateThread(waker_run, "goiso-waker", w);
	return w->mu && w->ack && w->th ? 0 : -1;
}

static void waker_stop(struct waker *w)
{
	SDL_LockMutex(w->mu);
	w->quit = true;
	SDL_UnlockMutex(w->mu);
	if (write(w->pipe[1], "q", 1) < 0) { /* the thread is stuck elsewhere */ }
	SDL_SemPost(w->ack);
	SDL_WaitThread(w->th, NULL);
	SDL_DestroySemaphore(w->ack);
	SDL_DestroyMutex(w->mu);
	close(w->pipe[0]);
	close(w->pipe[1]);
}

/* ---- options ---- */

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: goiso-caller [--counter N] [--connect HOST:PORT] [--key FILE] [options]\n"
	        "  opens the counter's calling panel (with a COMMAND: the command-line mode);\n"
	        "  a paired PC needs no option: counter, key and display come from pairing\n"
	        "  --site NAME           with several displays on the LAN: the center's name or id\n"
	        "  --panel-config FILE   settings and keys ([caller], [keys])\n"
	        "  --always-on-top       keep the panel above other windows\n"
	        "  --rating-window       the citizen's rating in a second window\n"
	        "  --rating-seconds S    how long the rating waits for a choice (default 30)\n"
	        "  --font NAME           a fontconfig family or a font file\n"
	        "  --panel-help          this help\n");
}

/* A number option's value, whole and in range, or a message saying so. */
static int number(const char *opt, const char *v, long lo, long hi, int *out)
{
	if (!args_number(v, lo, hi, out)) return 0;
	fprintf(stderr, "goiso-caller: %s: cần một số nguyên từ %ld đến %ld, không phải '%s'\n", opt, lo, hi, v);
	return -1;
}

/* 0, 1 when only the help was asked for (printed), -1 on a usage error. */
static int parse(int argc, char **argv, struct panel_opts *o, const char **key, const char **site)
{
	char err[400];
	panelconf_defaults(&o->conf);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const struct option *opt = find_option(a);
		if (!strcmp(a, "--panel-help")) { usage(stdout); return 1; }
		/* an option not known is named as such, not asked for a value */
		if (!opt) { fprintf(stderr, "goiso-caller: không có tùy chọn '%s'\n", a); usage(stderr); return -1; }
		if (!strcmp(a, "--always-on-top")) { o->conf.always_on_top = true; continue; }
		if (!strcmp(a, "--rating-window")) { o->conf.rating_window = true; continue; }
		if (!v) { fprintf(stderr, "goiso-caller: %s cần một giá trị\n", a); return -1; }
		i++;
		if (!strcmp(a, "--counter")) {
			if (number(a, v, 1, CONFIG_COUNTER_LAST, &o->cred.counter)) return -1;
		}
		else if (!strcmp(a, "--connect")) o->connect = v;
		else if (!strcmp(a, "--key")) *key = v;
		else if (!strcmp(a, "--site")) *site = v;
		else if (!strcmp(a, "--font")) o->font = v;
		else if (!strcmp(a, "--rating-seconds")) {
			if (number(a, v, 3, 600, &o->conf.rating_seconds)) return -1;
		}
		else if (!strcmp(a, "--panel-config")) {
			char *text = file_read(v, 1 << 20, NULL, err, sizeof err);
			if (!text) { fprintf(stderr, "goiso-caller: không đọc được %s\n", err); return -1; }
			int rc = panelconf_parse(&o->conf, text, v, err, sizeof err);
			free(text);
			if (rc) { fprintf(stderr, "goiso-caller: %s\n", err); return -1; }
		}
	}
	return 0;
}

static int check(const struct panel_opts *o)
{
	if (o->cred.counter < 1 || o->cred.counter > CONFIG_COUNTER_LAST) {
		fprintf(stderr, "goiso-caller: --counter: số quầy từ 1 đến %d\n", CONFIG_COUNTER_LAST);
		return -1;
	}
	if (o->conf.rating_seconds < 3 || o->conf.rating_seconds > 600) {
		fprintf(stderr, "goiso-caller: --rating-seconds: từ 3 đến 600\n");
		return -1;
	}
	return 0;
}

int panel_main(int argc, char **argv)
{
	struct panel_opts o = { 0 };
	const char *key = NULL, *site = NULL;
	char err[512], keybuf[4096], sitebuf[256] = "";
	int asked = parse(argc, argv, &o, &key, &site);
	if (asked) return asked > 0 ? 0 : 2;
	if (!key) key = pair_default_keyfile(keybuf, sizeof keybuf);
	int stored = profile_counter(key, sitebuf, sizeof sitebuf);   /* what pairing kept */
	if (!o.cred.counter) o.cred.counter = stored;
	if (!site && sitebuf[0]) site = sitebuf;
	if (check(&o)) return 2;
	if (auth_init()) { fprintf(stderr, "goiso-caller: libsodium failed to start\n"); return 3; }
	if (auth_read_keyfile(key, o.cred.id, o.cred.key, err, sizeof err)) {
		fprintf(stderr, "goiso-caller: khóa: %s\n", err);
		return 2;
	}
	snprintf(o.cred.role, sizeof o.cred.role, "counter");
	/* Without --connect the link asks mDNS discovery for the display's
	 * address before each attempt, so a display that moved is followed. */
	struct pair_finder f = { NULL, site, key };
	if (!o.connect) {
		if (!(f.d = discover_new())) { fprintf(stderr, "goiso-caller: out of memory\n"); return 3; }
		pair_remember(f.d, key);
		o.find = pair_find;
		o.find_ud = &f;
		o.distrust = pair_distrust;
		o.trusted = pair_trust;
	}
	/* With no screen SDL would fall back to an invisible driver and the
	 * panel would run where nobody sees it. */
	const char *drv = getenv("SDL_VIDEODRIVER"), *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
	if (!(drv && *drv) && !(x && *x) && !(wl && *wl)) {
		fprintf(stderr, "goiso-caller: không có màn hình (DISPLAY trống) để mở bảng điều khiển; "
		        "trên máy này hãy dùng một lệnh, ví dụ: goiso-caller next\n");
		discover_free(f.d);
		return 2;
	}
	struct panel *p = panel_new(&o, clock_mono_ms(), err, sizeof err);
	if (!p) { fprintf(stderr, "goiso-caller: %s\n", err); discover_free(f.d); return 3; }
	struct waker w;
	if (waker_start(&w)) { fprintf(stderr, "goiso-caller: cannot start: %s\n", SDL_GetError()); panel_free(p); return 3; }
	int wait = 0;
	while (wait >= 0) {
		SDL_Event ev;
		waker_watch(&w, link_fd(panel_link(p)), link_poll_events(panel_link(p)));
		bool woke = false;
		if (SDL_WaitEventTimeout(&ev, wait > 0 ? wait : 1)) {
			if (ev.type == w.type) woke = true;
			else panel_event(p, &ev, clock_mono_ms());
		}
		wait = panel_step(p, clock_mono_ms());
		if (woke) SDL_SemPost(w.ack);
	}
	waker_stop(&w);
	panel_free(p);
	discover_free(f.d);
	return 0;
}
