/*
 * group: the counts and durations of one officer, service, counter, center
 * or of all centers, and the figures the report derives from them (pure).
 */
#ifndef GOISO_REPORT_GROUP_H
#define GOISO_REPORT_GROUP_H

#include <stdint.h>

#include "samples.h"

#define GROUP_NAME_MAX 64
/* The two bounds of "called within" (milliseconds). */
#define GROUP_WITHIN_A (15 * 60000)
#define GROUP_WITHIN_B (30 * 60000)

struct group {
	long issued, voided, called, served, noshow, transfers, recalls, requeued;
	long uncalled, unfinished;
	long waiting, serving;      /* at now, on a day under way (tally.h) */
	long working;               /* an officer still logged in now */
	struct samples wait, service;
	long ratings[6];            /* [0] no choice, [1..5], 5 = rất hài lòng */
	int64_t login_ms, pause_ms;
	long pauses, open_days;
	long hour_issued[24], hour_called[24];
};

struct named_group {
	char name[GROUP_NAME_MAX];  /* officer, service code, counter "5" */
	char title[128];            /* service or counter name from a config */
	int no;                     /* counter number, else 0 */
	int kept;                   /* officer: kept by the officer filter 1, left out -1,
	                               not yet known 0 */
	struct group g;
};

void group_free(struct group *g);
void group_free_named(struct named_group *a, int n);
/* Sorts the samples (once, before the figures below). */
void group_finish(struct group *g);
enum group_order { GROUP_BY_NAME, GROUP_BY_NO };
/* Finishes each group and sorts the array. */
void group_sort_named(struct named_group *a, int n, enum group_order order);

/* Nothing counted in it (a name met only outside the filters). */
int group_empty(const struct group *g);
/* Ratings 1..5 (a choice was made). */
long group_chose(const struct group *g);
/* Citizens who chose among those served; NAN when none served. */
double group_chose_share(const struct group *g);
/* "Hài lòng" + "rất hài lòng" (4 and 5) among the ratings 1..5; NAN when
 * nobody chose. */
double group_satisfaction(const struct group *g);
/* Waits of at most ms among all waits; NAN when none. */
double group_wait_share(const struct group *g, int64_t ms);
/* The index of the group of that name (no: of that counter number, when
 * not 0) in arr[0..n), added (zeroed) when new; -1 when out of memory. */
int group_find(struct named_group **arr, int *n, const char *name, int no);
/* An officer's group by the one form of the name (vname.h), as the display
 * logs it now; older logs hold names as typed, so one officer typed two
 * ways is one group, named as first written, in that form. -1: no name. */
int group_find_officer(struct named_group **arr, int *n, const char *name);
/* The officer filter: o's name folded (vname_fold) is folded, the filter
 * as given folded once; the answer is kept in o->kept. */
int group_officer_is(struct named_group *o, const char *folded);
/* A pause reason's index ("(không ghi)" for none), added when new. */
int group_find_reason(char (**reasons)[GROUP_NAME_MAX], int *n, const char *text);

/* The n busiest hours of hours[24] (most first, earlier first on a tie),
 * skipping empty hours; returns how many were written to out. */
int group_busiest(const long hours[24], int n, int *out);

#endif
