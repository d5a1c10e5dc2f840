/*
 * reportday: the scripted service day the report tests check by hand,
 * written into a real event log through the daemon's engine and store.
 *
 * Monday 30/11/2026 (service day 20787), UTC+7, the day starting at 4 h.
 * Counter 1 serves A, counter 2 serves B then A. Local times:
 *   07:50 LOGIN 1 An           07:55 LOGIN 2 Bình
 *   08:00 ISSUE A -> A001      08:01 ISSUE A -> A002
 *   08:02 ISSUE B -> B001      08:03 ISSUE A -> A003
 *   08:05 NEXT 1 calls A001    08:06 NEXT 2 calls A002
 *   08:07 RECALL 1 (A001)
 *   08:10 NEXT 1: A001 served, calls A003      08:10:05 RATE 1 score 5 (A001)
 *   08:12 TRANSFER 2 A002 to B 08:13 NEXT 2 calls A002 (from B's queue)
 *   08:15 SKIP 1 (A003)        08:20 DONE 2 (A002)   08:20:05 RATE 2 none
 *   08:21 REQUEUE 1 A003       08:22 NEXT 1 calls A003
 *   08:25 PAUSE 1 "họp": A003 served               08:25:05 RATE 1 score 4
 *   08:40 RESUME 1             08:41 NEXT 2 calls B001
 *   08:45 LOGIN 2 Cúc (Bình's session ends)
 *   08:50 LOGOUT 2: B001 served by Cúc             08:50:05 RATE 2 score 2
 *   09:00 ISSUE B -> B002 (never called)
 *   09:10 ISSUE A -> A004      09:12 NEXT 1 calls A004
 *   09:14 PAUSE 1 "nghỉ trưa": A004 served         09:14:05 RATE 1 score 3
 *         (An never resumes nor logs out)
 *   09:20 ISSUE A -> A005      09:20:30 VOID A005 "lỗi máy in"
 *   01/12 03:59 ISSUE A -> A006 (still service day 30/11; never called)
 *   01/12 04:00 ISSUE B -> B001 of service day 01/12 (a Tuesday)
 */
#ifndef GOISO_TEST_REPORTDAY_H
#define GOISO_TEST_REPORTDAY_H

#include <stdint.h>

#define REPORTDAY 20787             /* 30/11/2026 */

/* "HH:MM:SS" on 30/11/2026 local time (or the day after with next=1), in
 * Unix milliseconds. */
int64_t reportday_ms(int next, int h, int m, int s);
/* Writes the scripted day into a new log at path; 0 or -1. */
int reportday_write(const char *path);
/* The center's config text used for the day. */
extern const char reportday_conf[];

#endif
