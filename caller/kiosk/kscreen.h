/*
 * kscreen: what the kiosk's screen shows and what a touch means (pure C:
 * no SDL, no clock, no I/O; time comes in as now_ms).
 *
 *   home ──touch a service──► issuing ──reply──► ticket (number large,
 *    ▲  ▲                        │               "Đang in vé…", then shown
 *    │  │                        │ ERR           for KSCREEN_SHOW_MS)
 *    │  └──── back by itself ◄───┴──── failed (print failed: voided,
 *    │                                  "mời đến quầy lễ tân")
 *    └── staff corner ──► pin ──right PIN──► group ──► (a service) issue
 *
 * A touch issues at most one ticket: only a touch on an open service's
 * button in `home` gives KS_ISSUE, and the screen leaves `home` at once,
 * so a second finger or a double tap lands on a screen with no button.
 * While the display is out of reach or the printer cannot print, `home`
 * shows why (in plain Vietnamese) instead of buttons, and comes back by
 * itself when both are well again.
 *
 * kscreen_layout() places every box for any screen from 800x480 to
 * 1920x1080 in either orientation; no text the citizen reads is smaller
 * than KSCREEN_MIN_TEXT_PX or 4 % of the screen's short side.
 */
#ifndef GOISO_KSCREEN_H
#define GOISO_KSCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KSCREEN_MAX_SERVICES 12
#define KSCREEN_MAX_GROUPS 12
#define KSCREEN_MIN_TEXT_PX 24
#define KSCREEN_SHOW_MS 8000
#define KSCREEN_FAILED_MS 15000
#define KSCREEN_STAFF_MS 30000
#define KSCREEN_PIN_MAX 8

enum ks_view { KS_HOME, KS_ISSUING, KS_TICKET, KS_FAILED, KS_PIN, KS_GROUP };

struct ks_service {
	char code[4];
	char name[128];
	char hours[16];            /* "07:30-17:00" */
	bool open;
	int waiting;
	int wait_min;              /* -1: not enough data */
	bool known;                /* the display has answered for it */
};

struct ks_group { char code[24], name[128]; };

struct kscreen {
	char center[256];
	struct ks_service sv[KSCREEN_MAX_SERVICES];
	int nsv;
	struct ks_group groups[KSCREEN_MAX_GROUPS];
	int ngroups;
	bool online;               /* the display answers */
	bool printer_ok;           /* the printer can print (near end is ok) */
	char printer_why[160];     /* when not: "Máy in hết giấy" */
	enum ks_view view;
	int64_t until;             /* ticket/failed/staff views end then */
	/* the ticket on screen */
	char label[12], service[128], group[128];
	int ahead, wait_min;
	bool printing, printed;
	char failed[300];
	/* staff */
	char pin[KSCREEN_PIN_MAX + 1];       /* configured; "" disables priority */
	char typed[KSCREEN_PIN_MAX + 1];
	int group_sel;                       /* chosen group, -1 none */
	bool pin_wrong;
	int clock_min;                       /* minute of day shown, -1 none */
};

struct ks_rect { int x, y, w, h; };

enum ks_box {
	KB_HEADER, KB_TITLE, KB_BUTTONS, KB_FOOTER, KB_STAFF, KB_CLOCK, KB_PANEL, KB_COUNT_
};

struct ks_layout {
	int w, h;
	struct ks_rect box[KB_COUNT_];
	struct ks_rect button[KSCREEN_MAX_SERVICES];   /* home: services; group: groups */
	int nbuttons;
	struct ks_rect key[12];                        /* pin: 1-9, clear, 0, OK */
	int min_px;                                    /* smallest citizen text */
	int header_px, title_px, name_px, line_px, footer_px, number_px;
};

enum ks_action_kind { KA_NONE, KA_ISSUE, KA_REDRAW };
struct ks_action {
	enum ks_action_kind kind;
	int service;               /* KA_ISSUE: index in sv[] */
	int group;                 /* KA_ISSUE: index in groups[], -1 none */
};

void kscreen_init(struct kscreen *s);
void kscreen_layout(const struct kscreen *s, int w, int h, struct ks_layout *L);

/* A touch (or click) at x, y on a w x h screen. */
struct ks_action kscreen_touch(struct kscreen *s, const struct ks_layout *L, int x, int y,
                               int64_t now_ms);
/* Timers: views that end by themselves. true when the view changed. */
bool kscreen_tick(struct kscreen *s, int64_t now_ms);

/* The display answered an ISSUE (OK): the number is shown. */
void kscreen_issued(struct kscreen *s, const char *label, int ahead, int wait_min, int64_t now_ms);
/* The display refused (message for the citizen) or could not be reached. */
void kscreen_refused(struct kscreen *s, const char *message, int64_t now_ms);
/* The ticket came out of the printer, or did not (it was voided). */
void kscreen_printed(struct kscreen *s, int64_t now_ms);
void kscreen_print_failed(struct kscreen *s, const char *why, int64_t now_ms);

/* True when a touch on home may issue now. */
bool kscreen_can_issue(const struct kscreen *s);

/* Texts, in Vietnamese: the service's second line ("5 người chờ ·
 * khoảng 15 phút", "Đã hết giờ · nhận hồ sơ 07:30-17:00"), and why
 * nothing can be issued now ("" when it can). */
void kscreen_service_line(const struct ks_service *sv, char *out, size_t n);
const char *kscreen_blocked(const struct kscreen *s);

#endif
