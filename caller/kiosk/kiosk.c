/*
 * kiosk: the kiosk in process (see kiosk.h).
 */
#include "kiosk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "SDL_ttf.h"
#include "buf.h"
#include "clock.h"
#include "device.h"
#include "file.h"
#include "font.h"
#include "png.h"
#include "printer.h"
#include "printjob.h"
#include "ticket.h"
#include "kview.h"

#define STATUS_EVERY_MS 10000
#define REFRESH_MIN_MS 1000

enum tag { T_QUEUE = 1, T_ISSUE, T_VOID, T_DEVICE, T_SUB, T_GROUP = 100, T_SERVICE = 200 };

struct kiosk {
	struct kiosk_opts o;
	SDL_Window *win;
	SDL_Renderer *r;
	struct font *regular, *bold;
	struct kview *view;
	struct link *link;
	struct printer *printer;
	struct printjob *job;
	struct kscreen s;
	struct ks_layout L;
	bool dirty, quit, refresh_wanted;
	int64_t now_ms, last_refresh, next_status;
	int printer_state;            /* enum escpos_state, -1 unknown */
	enum device_state told;       /* what the display was told */
	bool told_valid;
	int issuing_group;
	char ticket_service[128];
	int64_t touch_ns, number_ns;
	size_t last_bytes;
	char url_template[300], footer[200];
	char void_body[160];          /* a VOID to send again (the display said wait) */
	int64_t void_at;
	int utc_offset_min;           /* the center's, as the display said (QUEUE) */
	bool offset_known;
};

static const char *val(const struct proto_msg *m, const char *key)
{
	const char *v = proto_get(m, key);
	return v ? v : "";
}

/* ---- what the display is told ---- */

static enum device_state device_now(const struct kiosk *k)
{
	switch (k->printer_state) {
	case ESCPOS_PAPER_NEAR_END: return DEVICE_PAPER_NEAR_END;
	case ESCPOS_PAPER_OUT: return DEVICE_PAPER_OUT;
	case ESCPOS_COVER_OPEN: return DEVICE_COVER_OPEN;
	case ESCPOS_OFFLINE: return DEVICE_PRINTER_OFFLINE;
	case ESCPOS_ERROR: return DEVICE_PRINTER_ERROR;
	default: return DEVICE_OK;
	}
}

static void tell_device(struct kiosk *k)
{
	enum device_state d = device_now(k);
	if (k->o.look_only) return;
	if (k->told_valid && k->told == d) return;
	char body[80];
	snprintf(body, sizeof body, "DEVICE state=%s", device_state_name(d));
	if (link_request(k->link, body, T_DEVICE, false, k->now_ms) == 0) {
		k->told = d;
		k->told_valid = true;
	}
}

static void set_printer_state(struct kiosk *k, int st)
{
	k->printer_state = st;
	bool ok = st == ESCPOS_OK || st == ESCPOS_PAPER_NEAR_END || st == -2;   /* -2: not known yet */
	if (ok != k->s.printer_ok) k->dirty = true;
	k->s.printer_ok = ok;
	const char *why = st == ESCPOS_PAPER_OUT ? "Máy in hết giấy" : st == ESCPOS_COVER_OPEN ? "Nắp máy in đang mở"
	                  : st == ESCPOS_ERROR ? "Máy in bị lỗi" : "Máy in không hoạt động";
	snprintf(k->s.printer_why, sizeof k->s.printer_why, "%s", why);
	if (link_state(k->link) == LINK_READY) tell_device(k);
}

/* ---- the display's answers ---- */

static void refresh(struct kiosk *k)
{
	k->refresh_wanted = true;
}

static void do_refresh(struct kiosk *k)
{
	if (!k->refresh_wanted || link_state(k->link) != LINK_READY ||
	    k->now_ms - k->last_refresh < REFRESH_MIN_MS)
		return;
	if (link_request(k->link, "QUEUE", T_QUEUE, false, k->now_ms) == 0) {
		k->refresh_wanted = false;
		k->last_refresh = k->now_ms;
	}
}

static void on_queue(struct kiosk *k, const struct proto_msg *m)
{
	char list[PROTO_VAL_MAX], *save = NULL;
	int n = 0;
	snprintf(list, sizeof list, "%s", val(m, "services"));
	for (char *c = strtok_r(list, ",", &save); c && n < KSCREEN_MAX_SERVICES; c = strtok_r(NULL, ",", &save)) {
		char body[64];
		if (strcmp(k->s.sv[n].code, c)) memset(&k->s.sv[n], 0, sizeof k->s.sv[n]);
		snprintf(k->s.sv[n].code, sizeof k->s.sv[n].code, "%s", c);
		snprintf(body, sizeof body, "QUEUE service=%s", c);
		link_request(k->link, body, T_SERVICE + n, false, k->now_ms);
		n++;
	}
	if (!strcmp(val(m, "services"), "none")) n = 0;
	k->s.nsv = n;
	n = 0;
	snprintf(list, sizeof list, "%s", val(m, "groups"));
	for (char *c = strtok_r(list, ",", &save); c && n < KSCREEN_MAX_GROUPS && strcmp(c, "none");
	     c = strtok_r(NULL, ",", &save)) {
		char body[64];
		snprintf(k->s.groups[n].code, sizeof k->s.groups[n].code, "%s", c);
		if (!k->s.groups[n].name[0]) {
			snprintf(body, sizeof body, "QUEUE group=%s", c);
			link_request(k->link, body, T_GROUP + n, false, k->now_ms);
		}
		n++;
	}
	k->s.ngroups = n;
	/* a display older than utc_offset_min leaves the PC's own time zone */
	int off;
	if (proto_get_int(m, "utc_offset_min", -12 * 60, 14 * 60, &off) > 0) {
		k->utc_offset_min = off;
		k->offset_known = true;
	}
	k->dirty = true;
}

static void on_service(struct kiosk *k, int i, const struct proto_msg *m)
{
	if (i < 0 || i >= k->s.nsv || strcmp(m->word, "OK")) return;
	struct ks_service *sv = &k->s.sv[i];
	snprintf(sv->name, sizeof sv->name, "%s", val(m, "name"));
	snprintf(sv->hours, sizeof sv->hours, "%s", val(m, "hours"));
	sv->open = !strcmp(val(m, "open"), "1");
	sv->waiting = atoi(val(m, "waiting"));
	sv->wait_min = strcmp(val(m, "wait_min"), "unknown") && *val(m, "wait_min") ? atoi(val(m, "wait_min")) : -1;
	sv->known = true;
	k->s.online = true;
	k->dirty = true;
}

/* The center's time now, by its utc_offset as the board shows it: a
 * kiosk PC left at UTC must not print 15:47 when the wall says 22:47.
 * Until the display has said, the PC's own time zone. */
static void center_time(const struct kiosk *k, struct tm *tm)
{
	time_t t = time(NULL);
	if (!k->offset_known) {
		localtime_r(&t, tm);
		return;
	}
	t += (time_t)k->utc_offset_min * 60;
	gmtime_r(&t, tm);
}

static void center_when(const struct kiosk *k, char *out, size_t n)
{
	static const char *const days[] = { "Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy" };
	struct tm tm;
	center_time(k, &tm);
	snprintf(out, n, "%02d:%02d · %s, %02d/%02d/%04d", tm.tm_hour, tm.tm_min, days[tm.tm_wday],
	         tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

static void job_done(struct kiosk *k, const struct printjob_result *res);
static void draw(struct kiosk *k);

/* Draws the ticket, makes its bytes and hands them to the print thread. */
static void print_ticket(struct kiosk *k, const char *label, const char *token)
{
	char url[400] = "", when[80], err[200] = "the print thread is busy";
	struct ticket_info t = { k->s.center, k->ticket_service, label,
	                         k->s.group[0] ? k->s.group : NULL, when, k->s.ahead, k->s.wait_min, url, k->footer };
	struct escpos_raster r;
	struct buf bytes = { 0 };
	center_when(k, when, sizeof when);
	if (k->url_template[0]) ticket_url(url, sizeof url, k->url_template, token, label);
	int dots = k->o.paper_mm == 58 ? TICKET_DOTS_58 : TICKET_DOTS_80;
	if (ticket_render(k->regular, k->bold, &t, dots, &r, err, sizeof err) || escpos_ticket(&bytes, &r) ||
	    !printjob_ticket(k->job, (const unsigned char *)bytes.data, bytes.len, &r, label)) {
		struct printjob_result res = { .ticket = true, .ok = -1, .state = ESCPOS_ERROR };
		snprintf(res.label, sizeof res.label, "%s", label);
		snprintf(res.why, sizeof res.why, "cannot make the ticket: %s", err);
		job_done(k, &res);
	} else if (k->o.keep_png) {
		char path[600];
		snprintf(path, sizeof path, "%s/%s.png", k->o.keep_png, label);
		if (ticket_write_png(&r, path))   /* printed all the same: the copy is what failed */
			fprintf(stderr, "goiso-kiosk: --keep-png: cannot keep a copy of ticket %s: %s: %s\n", label, path,
			        strerror(errno));
	}
	k->last_bytes = bytes.len;
	buf_free(&bytes);
	ticket_raster_free(&r);
}

static void on_issue(struct kiosk *k, const struct proto_msg *m)
{
	if (strcmp(m->word, "OK")) {
		const char *sp = strchr(m->rest, ' ');
		char msg[300];
		snprintf(msg, sizeof msg, "%s. Xin mời ông/bà đến quầy lễ tân.", sp ? sp + 1 : "Không lấy được số");
		if (!strncmp(m->rest, "link_lost", 9))
			snprintf(msg, sizeof msg, "Mất kết nối với hệ thống gọi số. Xin ông/bà thử lại sau giây lát.");
		kscreen_refused(&k->s, msg, k->now_ms);
		k->dirty = true;
		return;
	}
	if (k->s.view != KS_ISSUING) {
		/* the answer came after the citizen was sent to reception: that
		 * number would be called with nobody holding it */
		char body[120];
		snprintf(body, sizeof body, "VOID ticket=%s reason=answer_too_late", val(m, "ticket"));
		link_request(k->link, body, T_VOID, true, k->now_ms);
		return;
	}
	const char *w = val(m, "wait_min");
	kscreen_issued(&k->s, val(m, "ticket"), atoi(val(m, "ahead")),
	               *w && strcmp(w, "unknown") && atoi(w) >= 0 ? atoi(w) : -1, k->now_ms);
	k->dirty = true;
	/* the number first: drawn and presented before the ticket is made */
	draw(k);
	k->number_ns = clock_mono_ns();
	print_ticket(k, val(m, "ticket"), val(m, "token"));
	refresh(k);
}

static void on_reply(void *ud, int tag, const struct proto_msg *m)
{
	struct kiosk *k = ud;
	if (tag == T_QUEUE && !strcmp(m->word, "OK")) on_queue(k, m);
	else if (tag >= T_SERVICE && tag < T_SERVICE + KSCREEN_MAX_SERVICES) on_service(k, tag - T_SERVICE, m);
	else if (tag >= T_GROUP && tag < T_GROUP + KSCREEN_MAX_GROUPS && !strcmp(m->word, "OK"))
		snprintf(k->s.groups[tag - T_GROUP].name, sizeof k->s.groups[0].name, "%s", val(m, "name"));
	else if (tag == T_ISSUE) on_issue(k, m);
	else if (tag == T_VOID && strcmp(m->word, "OK")) {
		fprintf(stderr, "goiso-kiosk: VOID refused: %s\n", m->rest);
		/* not acted on (too fast, link lost, disk full): the same VOID again
		 * in a moment; a ticket that was not printed must never be called */
		if (!strncmp(m->rest, "rate_limited", 12) || !strncmp(m->rest, "link_lost", 9) ||
		    !strncmp(m->rest, "disk_full", 9))
			k->void_at = k->now_ms + 1100;
		else
			k->void_body[0] = 0;
	} else if (tag == T_VOID) {
		k->void_body[0] = 0;
	}
	else if (tag == T_DEVICE && strcmp(m->word, "OK")) k->told_valid = false;
}

static void on_push(void *ud, const struct proto_msg *m)
{
	struct kiosk *k = ud;
	if (!strcmp(m->word, "WAITING") || !strcmp(m->word, "COUNTER") || !strcmp(m->word, "DAY")) refresh(k);
}

static void on_ready(void *ud)
{
	struct kiosk *k = ud;
	snprintf(k->s.center, sizeof k->s.center, "%s", link_center(k->link));
	k->told_valid = false;
	link_request(k->link, "SUB", T_SUB, false, k->now_ms);
	tell_device(k);
	k->refresh_wanted = true;
	k->last_refresh = 0;
	do_refresh(k);
}

static void on_changed(void *ud)
{
	struct kiosk *k = ud;
	bool online = link_state(k->link) == LINK_READY && k->s.nsv > 0;
	if (link_state(k->link) != LINK_READY) online = false;
	if (online != k->s.online) k->dirty = true;
	k->s.online = online;
}

/* ---- the print thread's results ---- */

static void job_done(struct kiosk *k, const struct printjob_result *res)
{
	if (!res->ticket) {
		set_printer_state(k, res->ok ? ESCPOS_OFFLINE : res->state);
		if (res->ok) fprintf(stderr, "goiso-kiosk: printer: %s\n", res->why);
		return;
	}
	if (res->ok == 0) {
		set_printer_state(k, res->state);
		kscreen_printed(&k->s, k->now_ms);
		k->dirty = true;
		return;
	}
	/* not printed: it does not count; the display voids it for good */
	int st = res->state >= 0 ? res->state : ESCPOS_OFFLINE;
	static const char *const reasons[] = { "print_failed", "paper_near_end", "paper_out", "cover_open",
	                                       "printer_offline", "printer_error" };
	fprintf(stderr, "goiso-kiosk: ticket %s not printed (%s): voided\n", res->label, res->why);
	char body[160];
	snprintf(body, sizeof body, "VOID ticket=%s reason=%s", res->label, reasons[st]);
	snprintf(k->void_body, sizeof k->void_body, "%s", body);
	k->void_at = 0;
	if (link_request(k->link, body, T_VOID, true, k->now_ms)) k->void_at = k->now_ms + 1100;
	set_printer_state(k, st == ESCPOS_PAPER_NEAR_END ? ESCPOS_ERROR : st);
	kscreen_print_failed(&k->s, k->s.printer_why, k->now_ms);
	k->next_status = k->now_ms + 2000;
	k->dirty = true;
}

/* ---- window and events ---- */

static int open_window(struct kiosk *k, char *err, size_t errlen)
{
	const char *drv = SDL_GetHint(SDL_HINT_VIDEODRIVER);
	const char *env = getenv("SDL_VIDEODRIVER");
	bool dummy = (drv && !strcmp(drv, "dummy")) || (env && !strcmp(env, "dummy"));
	if (SDL_InitSubSystem(SDL_INIT_VIDEO)) {
		snprintf(err, errlen, "cannot start SDL video: %s", SDL_GetError());
		return -1;
	}
	Uint32 flags = k->o.width ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP;
	int w = k->o.width ? k->o.width : 1080, h = k->o.height ? k->o.height : 1920;
	k->win = SDL_CreateWindow("goiso-kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
	if (k->win) k->r = SDL_CreateRenderer(k->win, -1, dummy ? SDL_RENDERER_SOFTWARE : 0);
	if (!k->win || !k->r) {
		snprintf(err, errlen, "cannot open the kiosk's window: %s", SDL_GetError());
		return -1;
	}
	SDL_ShowCursor(SDL_DISABLE);
	SDL_DisableScreenSaver();
	return 0;
}

static void relayout(struct kiosk *k)
{
	int w = 0, h = 0;
	SDL_GetRendererOutputSize(k->r, &w, &h);
	kscreen_layout(&k->s, w, h, &k->L);
}

static void touch(struct kiosk *k, int x, int y, int64_t now_ms)
{
	relayout(k);
	k->touch_ns = clock_mono_ns();
	struct ks_action a = kscreen_touch(&k->s, &k->L, x, y, now_ms);
	if (a.kind == KA_NONE) return;
	k->dirty = true;
	if (a.kind != KA_ISSUE) return;
	char body[120];
	const struct ks_service *sv = &k->s.sv[a.service];
	snprintf(k->ticket_service, sizeof k->ticket_service, "%s", sv->name);
	snprintf(k->s.service, sizeof k->s.service, "%s", sv->name);
	snprintf(k->s.group, sizeof k->s.group, "%s", a.group >= 0 ? k->s.groups[a.group].name : "");
	if (a.group >= 0) snprintf(body, sizeof body, "ISSUE service=%s priority=%s", sv->code, k->s.groups[a.group].code);
	else snprintf(body, sizeof body, "ISSUE service=%s", sv->code);
	/* one request, one id: a retry after a lost link re-sends this same id */
	if (link_request(k->link, body, T_ISSUE, true, now_ms))
		kscreen_refused(&k->s, "Mất kết nối với hệ thống gọi số. Xin ông/bà thử lại sau giây lát.", now_ms);
}

void kiosk_event(struct kiosk *k, const SDL_Event *ev, int64_t now_ms)
{
	k->now_ms = now_ms;
	switch (ev->type) {
	case SDL_QUIT: k->quit = true; break;
	case SDL_MOUSEBUTTONDOWN:
		if (ev->button.which != SDL_TOUCH_MOUSEID) touch(k, ev->button.x, ev->button.y, now_ms);
		break;
	case SDL_FINGERDOWN: {
		int w = 0, h = 0;
		SDL_GetRendererOutputSize(k->r, &w, &h);
		touch(k, (int)(ev->tfinger.x * w), (int)(ev->tfinger.y * h), now_ms);
		break;
	}
	case SDL_KEYDOWN:
		if (ev->key.keysym.sym == SDLK_ESCAPE && (ev->key.keysym.mod & KMOD_CTRL)) k->quit = true;
		break;
	case SDL_WINDOWEVENT: k->dirty = true; break;
	default: break;
	}
}

static void clock_text(const struct kiosk *k, char *out, size_t n, int *minute)
{
	struct tm tm;
	int h, m;
	if (k->o.fixed_clock && sscanf(k->o.fixed_clock, "%d:%d", &h, &m) == 2) {
		tm.tm_hour = h;
		tm.tm_min = m;
	} else {
		center_time(k, &tm);
	}
	snprintf(out, n, "%02d:%02d", tm.tm_hour, tm.tm_min);
	*minute = tm.tm_hour * 60 + tm.tm_min;
}

static void draw(struct kiosk *k)
{
	char clock[16];
	int minute;
	clock_text(k, clock, sizeof clock, &minute);
	k->s.clock_min = minute;
	relayout(k);
	kview_draw(k->view, &k->s, &k->L, clock);
	SDL_RenderPresent(k->r);
	k->dirty = false;
}

int kiosk_step(struct kiosk *k, int64_t now_ms)
{
	SDL_Event ev;
	k->now_ms = now_ms;
	while (SDL_PollEvent(&ev)) kiosk_event(k, &ev, now_ms);
	if (k->quit) return -1;
	int wait = link_pump(k->link, now_ms);
	struct printjob_result res;
	if (printjob_done(k->job, &res)) job_done(k, &res);
	do_refresh(k);
	if (k->void_body[0] && k->void_at && now_ms >= k->void_at && link_state(k->link) == LINK_READY &&
	    link_request(k->link, k->void_body, T_VOID, true, now_ms) == 0)
		k->void_at = 0;
	if (!k->o.look_only && now_ms >= k->next_status && (printer_two_way(k->printer) || !k->s.printer_ok) && !printjob_busy(k->job) &&
	    (k->s.view == KS_HOME || !k->s.printer_ok)) {
		printjob_status(k->job);
		k->next_status = now_ms + (k->s.printer_ok ? STATUS_EVERY_MS : 2000);
	}
	if (kscreen_tick(&k->s, now_ms)) k->dirty = true;
	char clock[16];
	int minute;
	clock_text(k, clock, sizeof clock, &minute);
	if (minute != k->s.clock_min) k->dirty = true;
	if (k->dirty) draw(k);
	if (k->s.until && k->s.until - now_ms < wait) wait = (int)(k->s.until - now_ms);
	if (printjob_busy(k->job) && wait > 20) wait = 20;
	if (k->refresh_wanted && wait > REFRESH_MIN_MS) wait = REFRESH_MIN_MS;
	return wait < 0 ? 0 : wait;
}

/* ---- life ---- */

struct kiosk *kiosk_new(const struct kiosk_opts *o, int64_t now_ms, char *err, size_t errlen)
{
	struct kiosk *k = calloc(1, sizeof *k);
	if (!k) { snprintf(err, errlen, "out of memory"); return NULL; }
	k->o = *o;
	if (!k->o.paper_mm) k->o.paper_mm = 80;
	snprintf(k->url_template, sizeof k->url_template, "%s", o->url ? o->url : "");
	snprintf(k->footer, sizeof k->footer, "%s", o->footer ? o->footer : "");
	kscreen_init(&k->s);
	if (o->pin) snprintf(k->s.pin, sizeof k->s.pin, "%s", o->pin);
	k->now_ms = now_ms;
	k->printer_state = -2;
	k->dirty = true;
	if (!(k->printer = printer_new(o->printer ? o->printer : "png:.", o->print_timeout_ms, err, errlen)))
		goto fail;
	if (!(k->job = printjob_new(k->printer))) { snprintf(err, errlen, "cannot start the print thread"); goto fail; }
	if (open_window(k, err, errlen)) goto fail;
	if (!TTF_WasInit() && TTF_Init()) { snprintf(err, errlen, "SDL_ttf: %s", TTF_GetError()); goto fail; }
	if (!(k->regular = font_new(o->font, false, err, errlen)) || !(k->bold = font_new(o->font, true, err, errlen)))
		goto fail;
	if (!(k->view = kview_new(k->r, k->regular, k->bold))) { snprintf(err, errlen, "out of memory"); goto fail; }
	struct link_opts lo = { .connect = o->connect, .find = o->find, .find_ud = o->find_ud, .cred = o->cred,
	                        .distrust = o->distrust, .trusted = o->trusted };
	struct link_cb cb = { on_ready, on_reply, on_push, on_changed, k };
	if (!(k->link = link_new(&lo, &cb))) { snprintf(err, errlen, "out of memory"); goto fail; }
	k->next_status = now_ms;
	return k;
fail:
	kiosk_free(k);
	return NULL;
}

void kiosk_free(struct kiosk *k)
{
	if (!k) return;
	printjob_free(k->job);
	printer_free(k->printer);
	link_free(k->link);
	kview_free(k->view);
	font_free(k->bold);
	font_free(k->regular);
	if (k->r) SDL_DestroyRenderer(k->r);
	if (k->win) SDL_DestroyWindow(k->win);
	free(k);
}

int kiosk_screenshot(struct kiosk *k, const char *path, char *err, size_t errlen)
{
	int w = 0, h = 0;
	draw(k);
	SDL_GetRendererOutputSize(k->r, &w, &h);
	unsigned char *px = malloc((size_t)w * h * 3 + 1);
	if (!px) { snprintf(err, errlen, "out of memory"); return -1; }
	SDL_Rect all = { 0, 0, w, h };
	int rc = SDL_RenderReadPixels(k->r, &all, SDL_PIXELFORMAT_RGB24, px, w * 3);
	if (rc == 0) rc = file_write_png(path, px, w, h, 3, w * 3);
	free(px);
	if (rc) snprintf(err, errlen, "cannot write %s", path);
	return rc ? -1 : 0;
}

int kiosk_unknown(const struct kiosk *k, char *codes, size_t n)
{
	size_t len = 0;
	int missing = 0;
	codes[0] = 0;
	if (!k->s.online || !k->s.nsv) return -1;
	for (int i = 0; i < k->s.nsv; i++) {
		if (k->s.sv[i].known) continue;
		missing++;
		int w = snprintf(codes + len, n - len, "%s%s", len ? ", " : "", k->s.sv[i].code);
		if (w > 0 && (size_t)w < n - len) len += (size_t)w;
	}
	return missing;
}

int kiosk_sample_ticket(struct kiosk *k, const char *label, const char *path)
{
	char url[400], err[200];
	ticket_url(url, sizeof url, k->url_template[0] ? k->url_template : "http://goiso.local:8080/t/{token}",
	           "Zm9vYmFyYmF6cXV4MTIzNA", label);
	struct ticket_info t = { k->s.center[0] ? k->s.center : "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG GIA VIÊN",
	                         "Tư pháp - Hộ tịch", label, NULL, "08:15 · Thứ Tư, 02/12/2026", 5, 15, url,
	                         k->footer[0] ? k->footer : "Đường dây nóng: 0225 3 842 999" };
	struct escpos_raster r;
	if (ticket_render(k->regular, k->bold, &t, k->o.paper_mm == 58 ? TICKET_DOTS_58 : TICKET_DOTS_80, &r, err, sizeof err))
		return -1;
	int rc = ticket_write_png(&r, path);
	ticket_raster_free(&r);
	return rc;
}

struct link *kiosk_link(struct kiosk *k) { return k->link; }
const struct kscreen *kiosk_screen(const struct kiosk *k) { return &k->s; }
struct kscreen *kiosk_state(struct kiosk *k) { return &k->s; }
const struct ks_layout *kiosk_layout(const struct kiosk *k) { return &k->L; }
Uint32 kiosk_window_id(const struct kiosk *k) { return SDL_GetWindowID(k->win); }
int kiosk_job_fd(const struct kiosk *k) { return printjob_fd(k->job); }
bool kiosk_printing(const struct kiosk *k) { return printjob_busy(k->job) || k->s.printing; }
size_t kiosk_last_ticket_bytes(const struct kiosk *k) { return k->last_bytes; }

void kiosk_times(const struct kiosk *k, int64_t *touch_ns, int64_t *number_ns, int64_t *last_byte_ns)
{
	*touch_ns = k->touch_ns;
	*number_ns = k->number_ns;
	*last_byte_ns = printer_last_byte_ns(k->printer);
}
