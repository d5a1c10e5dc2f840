/*
 * engine: the queue state machine of one service center (pure C).
 *
 * The engine owns services, counters and the tickets of the current service
 * day. It reads no clock and does no I/O: every call takes the wall time as
 * now_ms (milliseconds since the Unix epoch).
 *
 * It is event-sourced. engine_decide() validates a command against the
 * current state and, when it is allowed, fills one engine_event that records
 * every decision taken (which ticket was called, which number was issued).
 * engine_apply() then changes the state from that event alone, so replaying
 * the logged events of a day rebuilds exactly the same state. The daemon
 * appends the event to its log between the two calls.
 */
#ifndef GOISO_ENGINE_H
#define GOISO_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

enum engine_verb {
	VERB_ISSUE, VERB_NEXT, VERB_DONE, VERB_RECALL, VERB_SKIP, VERB_REQUEUE,
	VERB_TRANSFER, VERB_PAUSE, VERB_RESUME, VERB_LOGIN, VERB_LOGOUT,
	VERB_RATE, VERB_VOID, VERB_COUNT_
};

enum counter_state { COUNTER_CLOSED, COUNTER_OPEN, COUNTER_SERVING, COUNTER_PAUSED };

enum ticket_state {
	TICKET_WAITING, TICKET_CALLED, TICKET_SERVED, TICKET_NOSHOW,
	TICKET_VOID            /* its print failed: never called, not counted */
};

/* Error codes (negative); engine_strerror() gives the Vietnamese message and
 * engine_errcode() the short English code used on the wire. */
enum engine_err {
	ENGINE_OK = 0,
	E_UNKNOWN_SERVICE = -1, E_UNKNOWN_COUNTER = -2, E_SERVICE_CLOSED = -3,
	E_COUNTER_CLOSED = -4, E_COUNTER_PAUSED = -5, E_QUEUE_EMPTY = -6,
	E_NOTHING_CURRENT = -7, E_NOTHING_SERVED = -8, E_ALREADY_RATED = -9,
	E_BAD_SCORE = -10, E_UNKNOWN_TICKET = -11, E_NOT_NOSHOW = -12,
	E_SAME_SERVICE = -13, E_NOT_PAUSED = -14, E_ALREADY_PAUSED = -15,
	E_BAD_OFFICER = -16, E_BAD_PRIORITY = -17, E_NOT_SERVED_HERE = -18,
	E_DAY_FULL = -19, E_ALREADY_OPEN = -20, E_BAD_REASON = -21,
	E_NOT_WAITING = -22,
	E_ERR_MIN_ = -23
};

#define ENGINE_TEXT_MAX 64
/* A ticket's token: 22 characters of base64url (128 random bits), the key
 * of the citizen's ticket page; never derived from the label. */
#define ENGINE_TOKEN_LEN 22

/* A command, as the server parsed it. Fields a verb does not use are ignored. */
struct engine_cmd {
	enum engine_verb verb;
	int counter;                 /* acting counter (all verbs but ISSUE) */
	int service;                 /* ISSUE, TRANSFER: service index */
	int priority;                /* ISSUE: 0 none, else group index + 1 */
	int score;                   /* RATE: 1..5, or 0 for "no choice" */
	int ticket;                  /* REQUEUE, VOID: ticket index */
	char text[ENGINE_TEXT_MAX];  /* LOGIN officer, PAUSE and VOID reason; ISSUE:
	                                the new ticket's token, chosen at random by
	                                the caller (the engine draws nothing) */
};

/* One accepted change. Everything engine_apply() needs is in here. */
struct engine_event {
	enum engine_verb verb;
	int64_t at_ms;
	int counter;      /* 0 when none */
	int ticket;       /* ticket index concerned (called, issued...), -1 none */
	int finished;     /* ticket finished as served by this event, -1 none */
	int service;      /* ISSUE / TRANSFER: service index, else -1 */
	int number;       /* ISSUE: the number given */
	int priority;     /* ISSUE: group index + 1, or 0 */
	int score;        /* RATE */
	char text[ENGINE_TEXT_MAX];   /* ISSUE: the token ("" none); LOGIN: the officer's
	                                 name in one form (vname_normalize); else as the
	                                 command's */
};

struct engine_ticket {
	char label[12];        /* "A023", "1023" */
	int service;           /* current service (changes on TRANSFER) */
	int issued_service;
	int number;
	int priority;          /* 0 none, else group index + 1 */
	enum ticket_state state;
	int counter;           /* last counter that called it, 0 none */
	int64_t issued_ms, called_ms, finished_ms;
	int recalls;
	int rating;            /* -1 not rated, 0 "no choice", 1..5 */
	char officer[ENGINE_TEXT_MAX]; /* officer who served it */
	char token[ENGINE_TOKEN_LEN + 1]; /* "" when issued without one */
};

struct engine_counter {
	int no;
	enum counter_state state;
	int current;           /* ticket index being called/served, -1 none */
	int last_served;       /* ticket index last finished here, -1 none */
	int priority_streak;   /* priority tickets called in a row */
	int served;            /* tickets served today */
	char officer[ENGINE_TEXT_MAX];
	char reason[ENGINE_TEXT_MAX];
};

struct engine;

/* Builds an engine for the services and counters of cfg (kept by pointer:
 * cfg must outlive the engine). day is the service-day number. */
struct engine *engine_new(const struct config *cfg, int64_t day);
void engine_free(struct engine *e);

/* Service-day number of a wall time: days since the epoch in local time,
 * a day starting at cfg->day_start_hour. */
int64_t engine_day_of(const struct config *cfg, int64_t now_ms);
int64_t engine_day(const struct engine *e);
/* Starts a new, empty service day: numbers restart and every counter is
 * closed (officers log in again). A day is rebuilt from its own events
 * alone, so nothing may carry over from the day before. */
void engine_new_day(struct engine *e, int64_t day);

/* VOID (a kiosk whose print failed) takes a waiting ticket out of the
 * queue for good, with its reason: the number is never called and the
 * ticket does not count as issued. Like ISSUE it belongs to no counter. */
int engine_decide(const struct engine *e, const struct engine_cmd *cmd,
                  int64_t now_ms, struct engine_event *ev);
/* Applies an event from engine_decide() or from the log. Returns 0, or a
 * negative code when the event does not fit this state (a corrupt log). */
int engine_apply(struct engine *e, const struct engine_event *ev);

const char *engine_strerror(int err);
const char *engine_errcode(int err);
const char *engine_verb_name(enum engine_verb v);
int engine_verb_from_name(const char *name);   /* -1 when unknown */

/* Read access for the server, the board and the reports. */
const struct config *engine_config(const struct engine *e);
int engine_ntickets(const struct engine *e);
const struct engine_ticket *engine_ticket(const struct engine *e, int idx);
int engine_find_ticket(const struct engine *e, const char *label); /* -1 */
/* The ticket of a token (compared in constant time per ticket), or -1;
 * a string that is not a well-formed token is never found. */
int engine_find_token(const struct engine *e, const char *token);
bool engine_valid_token(const char *token);
int engine_ncounters(const struct engine *e);
const struct engine_counter *engine_counter_at(const struct engine *e, int i);
const struct engine_counter *engine_counter(const struct engine *e, int no);
/* Waiting tickets of one service, and those a counter could call. */
int engine_waiting(const struct engine *e, int service);
int engine_waiting_for_counter(const struct engine *e, int counter_no);
int engine_issued(const struct engine *e, int service);
/* Whether the service takes tickets at now_ms (its opening hours). */
bool engine_service_open(const struct engine *e, int service, int64_t now_ms);
/* Waiting tickets of its service called before this one: the priority
 * tickets, then those issued earlier (the streak limit aside). */
int engine_ahead(const struct engine *e, int ticket);
/* A 64-bit digest of the whole day's state: equal digests, equal states. */
uint64_t engine_digest(const struct engine *e);

/* Is ticket a no-show counter counter_no may put back (REQUEUE) and list
 * (NOSHOWS)? Those of its services, or last called by it. */
bool engine_noshow_in_scope(const struct engine *e, int counter_no, int ticket);

#endif
