/*
 * kiosk: the ticket kiosk at the door (goiso-kiosk), in process: the
 * window, the link to the display (caller/link.h, role kiosk), the screen
 * (kscreen.h), the ticket (ticket.h) and the print thread (printjob.h).
 *
 * A touch on a service sends one ISSUE with one request id (a retry after
 * a lost link re-sends the same id, so the display answers with the same
 * ticket). The number is on screen as soon as the reply comes; the ticket
 * then prints. A ticket whose print failed is voided at the display (VOID
 * with the reason) and never called; the citizen is sent to reception.
 * The kiosk tells the display its state (DEVICE) whenever it changes and
 * after each reconnection.
 *
 * kiosk_step() handles queued SDL events, the link, the print thread and
 * the timers, and redraws when something changed, with the time it is
 * given, so tests and benchmarks drive the real kiosk under SDL's dummy
 * video driver and push touches into it.
 */
#ifndef GOISO_KIOSK_H
#define GOISO_KIOSK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "client.h"
#include "kscreen.h"
#include "link.h"

struct kiosk_opts {
	const char *connect;         /* "HOST:PORT", or NULL to use find */
	link_find_fn find;
	void *find_ud;
	void (*distrust)(void *ud, const char *hostport);   /* link_opts.distrust */
	void (*trusted)(void *ud, const char *hostport);    /* link_opts.trusted */
	struct client_cred cred;     /* role kiosk; cred.counter: the kiosk's number */
	const char *printer;         /* printer.h spec; NULL: png:. (current directory) */
	int paper_mm;                /* 58 or 80 */
	const char *url;             /* QR template with {token} / {label}; NULL: none */
	const char *footer;
	const char *pin;             /* staff PIN for priority tickets; NULL: none */
	const char *font;
	const char *keep_png;        /* a directory: an image of every ticket printed */
	int width, height;           /* window; 0 x 0: full screen */
	int print_timeout_ms;        /* 0: 3000 */
	/* A look at the screen (--screenshot), perhaps beside the real kiosk
	 * with the same key: tells the display nothing of a printer and asks
	 * the printer nothing, so the real kiosk's "out of paper" stands. */
	bool look_only;
	/* For tests only: "HH:MM" drawn as the clock instead of the center's
	 * time now, for images that do not change from minute to minute. */
	const char *fixed_clock;
};

struct kiosk;

struct kiosk *kiosk_new(const struct kiosk_opts *o, int64_t now_ms, char *err, size_t errlen);
void kiosk_free(struct kiosk *k);
/* Returns the ms until it wants to run again, or -1 when the window was closed. */
int kiosk_step(struct kiosk *k, int64_t now_ms);
void kiosk_event(struct kiosk *k, const SDL_Event *ev, int64_t now_ms);
/* A descriptor readable when the print thread has finished a job. */
int kiosk_job_fd(const struct kiosk *k);
/* How many services the display has not yet answered for, their codes
 * joined by ", " in codes; -1 when the display was not reached (no list
 * of services yet). */
int kiosk_unknown(const struct kiosk *k, char *codes, size_t n);
/* Draws now, with the center's time, and writes the frame as PNG. 0, or
 * -1 with err. */
int kiosk_screenshot(struct kiosk *k, const char *path, char *err, size_t errlen);

/* For tests and benchmarks. */
struct link *kiosk_link(struct kiosk *k);
const struct kscreen *kiosk_screen(const struct kiosk *k);
/* The screen's state to set by hand (golden images of each screen). */
struct kscreen *kiosk_state(struct kiosk *k);
const struct ks_layout *kiosk_layout(const struct kiosk *k);
Uint32 kiosk_window_id(const struct kiosk *k);
bool kiosk_printing(const struct kiosk *k);
/* Monotonic ns: the last touch taken, the frame that first showed its
 * number, the last byte of its ticket written. */
void kiosk_times(const struct kiosk *k, int64_t *touch_ns, int64_t *number_ns, int64_t *last_byte_ns);
/* Bytes of the last ticket sent to the printer. */
size_t kiosk_last_ticket_bytes(const struct kiosk *k);
/* Renders a sample ticket (for goldens and docs) to a PNG. 0 or -1. */
int kiosk_sample_ticket(struct kiosk *k, const char *label, const char *path);

#endif
