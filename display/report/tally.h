/*
 * tally: the director's metrics, counted from the rows of event logs
 * (pure C: no SQLite, no clock, no I/O).
 *
 * Every metric is defined here once, and in GUIDE-director.vi.md in the
 * same words. The log's rows of each service day are replayed in order;
 * each ticket's story yields facts, and each fact is counted in the groups
 * it belongs to: its officer, its service, its counter, its center and all
 * centers together.
 *
 *   issued      a ticket issued (ISSUE) and not voided, counted in the
 *               service it was issued in, on the hour and weekday it was
 *               issued; its counter and officer are those of its first call.
 *   voided      a ticket VOIDed (its print failed): never issued.
 *   wait        a ticket enters a queue when issued and when transferred;
 *               its wait is from then to the first call out of that queue,
 *               counted for that queue's service and for the counter and
 *               officer who called. A recall or a call after a requeued
 *               no-show is no new wait. A ticket still waiting at the end
 *               of its day has no wait: it counts as uncalled.
 *   called      each call of a ticket (NEXT), recalls aside.
 *   served      a called ticket finished as served: by the next NEXT, by
 *               DONE, or by PAUSE or LOGOUT at its counter. Counted for the
 *               service it was served in and the officer at the counter
 *               when it finished.
 *   service time from the call to that finish, of served tickets only
 *               (a transfer or a no-show is no service).
 *   no-show     each SKIP; a no-show requeued and served later counts both.
 *   transfer    each TRANSFER, counted as a transfer out of the service the
 *               ticket left, for its counter and officer.
 *   recall      each RECALL, for the officer at the counter.
 *   unfinished  a ticket still called at the end of its day (nothing
 *               finished it): neither served nor service time.
 *   logged in   from LOGIN to LOGOUT, or to another officer's LOGIN at that
 *               counter; a session never closed ends at its counter's last
 *               event of the day (and the day counts as not closed). Two
 *               sessions of one officer at once count once.
 *   pause       from PAUSE to RESUME, LOGOUT or another officer's LOGIN;
 *               never ended, at the counter's last event of the day.
 *   ratings     RATE 1..5 (5 = rất hài lòng) of a served ticket, for its
 *               officer, service and counter; RATE 0 is "no choice".
 *               chose share = ratings 1..5 / served; satisfaction =
 *               ratings 4 and 5 / ratings 1..5.
 *   under way   a report given the time now (report_filter.now_ms) on the
 *               center's service day of now: that day has not ended, so a
 *               ticket still in a queue is waiting (not uncalled), one
 *               still called is being served (not unfinished), and a
 *               session or pause still open runs to now and counts the
 *               officer as still at work (not a day without logout).
 * A service day is the log's day column: an event at 03:59 with a 4 h day
 * start belongs to the day before, and its hour in the heatmap is 3.
 * Filters (service, counter, officer) keep the facts that have that
 * service, counter or officer; a fact without one (time logged in has no
 * service, a ticket never called no counter) is left out.
 */
#ifndef GOISO_REPORT_TALLY_H
#define GOISO_REPORT_TALLY_H

#include <stdint.h>

#include "group.h"
#include "logread.h"


struct pause_reason {
	char officer[GROUP_NAME_MAX];
	int reason;                 /* index in the center's reasons */
	long n;
	int64_t ms;
};

struct daily {
	long issued, voided, served, noshow, waits, chose, satisfied;
	int64_t wait_ms;
};

struct tally_center {
	char label[128];
	int utc_offset_min;
	struct named_group *officers, *services, *counters;
	int nofficers, nservices, ncounters;
	char (*reasons)[GROUP_NAME_MAX];
	int nreasons;
	struct pause_reason *pauses;
	int npauses;
	struct group total;
	long rows, skipped;         /* rows read; rows that fit no ticket */
	int64_t days_with_events;   /* days with figures (the filters' own) */
	int64_t live_day, now_ms;   /* the day under way at now_ms; now_ms 0: none */
	struct tally_day *day;      /* the day being replayed */
};

struct tally_filter {
	char service[8];            /* "" none */
	int counter;                /* 0 none */
	char officer[GROUP_NAME_MAX];   /* "" none; any form, spaces, capitals */
};

struct tally {
	int64_t from, to;
	struct tally_filter f;
	struct tally_center *centers;
	int ncenters;
	struct group total;
	int live;                   /* a center's day under way is in the period */
	int64_t today;              /* the latest center's day of now; INT64_MIN none */
	int64_t last_day;           /* the latest day with a row; INT64_MIN none */
	long heat[7][24];           /* issued: weekday (0 Monday) x local hour */
	struct daily *daily;        /* to - from + 1 days */
};

struct tally *tally_new(int64_t from, int64_t to, const struct tally_filter *f);
void tally_free(struct tally *t);
/* Starts a center: its rows follow through tally_row(). Returns its index
 * or -1. utc_offset_min places events on the local clock. */
int tally_center(struct tally *t, const char *label, int utc_offset_min);
/* The current center's service day under way at now_ms (its day of
 * now, from its clock and day start): counted as work in progress. */
void tally_live(struct tally *t, int64_t day, int64_t now_ms);
/* Names a service or counter of the current center (from its config). */
void tally_name_service(struct tally *t, const char *code, const char *name);
void tally_name_counter(struct tally *t, int no, const char *name);
/* One row of the current center's log, in order. 0, or -1 out of memory. */
int tally_row(struct tally *t, const struct lrow *r);
/* Ends the current center's last day. Call after its last row. */
int tally_end_center(struct tally *t);
/* The last day a daily series lists: the period's end, or when the report
 * was given the time now and the period runs past it, the later of today
 * and the last day with a row (days to come are not days of zeros). */
int64_t tally_last_listed(const struct tally *t);
/* Sorts the samples and the groups (officers by name, services by code,
 * counters by number); call once after the last center. */
void tally_finish(struct tally *t);

#endif
