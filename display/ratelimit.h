/*
 * ratelimit: how fast one credential may change the record.
 *
 * A counter or kiosk key stands for one person (or one ticket machine):
 * RATELIMIT_BURST acts at once, then one every RATELIMIT_EVERY_MS, which
 * is more than a person at a counter can press and far less than a script
 * flooding the log (1.2 million events a minute before). Each credential
 * has its own allowance, shared by all of its connections; the site key is
 * not limited (the IT staff's scripts). Pure: time comes in as now_ms.
 */
#ifndef GOISO_RATELIMIT_H
#define GOISO_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#define RATELIMIT_BURST 30
#define RATELIMIT_EVERY_MS 1000

struct ratelimit;

struct ratelimit *ratelimit_new(void);
void ratelimit_free(struct ratelimit *r);
/* True (and one act counted) when the credential id may act at now_ms;
 * false when it must wait: nothing is counted then. */
bool ratelimit_take(struct ratelimit *r, const char *id, int64_t now_ms);

#endif
