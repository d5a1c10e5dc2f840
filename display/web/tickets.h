/*
 * tickets: the citizens' ticket pages the gateway follows, by token.
 *
 * Each token a browser asked for has an entry: an event-stream channel
 * and the last state the display gave for it (TICKET token=…). Entries
 * are refreshed when the display pushes a change (at most every
 * TICKETS_MIN_REFRESH_MS each, only while a page is open, and never
 * once the ticket is served or the token unknown), and a
 * message is published only when what the page shows changed. An entry
 * no page has followed for TICKETS_IDLE_MS is forgotten; at most
 * TICKETS_MAX exist, so random tokens cannot grow the gateway's memory
 * nor make it question the display more than its pages do.
 */
#ifndef GOISO_TICKETS_H
#define GOISO_TICKETS_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "proto.h"

struct sse_hub;
struct sse_chan;
struct tickets;

#define TICKETS_MAX 4096
#define TICKETS_IDLE_MS 60000
#define TICKETS_MIN_REFRESH_MS 300

struct tickets *tickets_new(struct sse_hub *h, const struct config *cfg);
void tickets_free(struct tickets *t);

/* The channel of a well-formed token, its entry made if needed (and
 * asked for at once). NULL when the token is malformed or the table full. */
struct sse_chan *tickets_channel(struct tickets *t, const char *token, int64_t now_ms);
/* A token whose state should be asked now (copied into out, 23 bytes),
 * marked as asked; false when none. */
bool tickets_next_due(struct tickets *t, int64_t now_ms, char *out);
/* The display's answer to TICKET for token (OK, or ERR unknown_token, or
 * ERR link_lost when the link dropped: asked again later). */
void tickets_reply(struct tickets *t, const char *token, const struct proto_msg *m, int64_t now_ms);
/* The display refused the gateway's key (notice: what the pages show
 * instead, its first line a title), or took one again (NULL). While a
 * notice is set every entry's page, and each page opened meanwhile, gets
 * {"state":"refused","center","notice"} and nothing of its ticket: the
 * last state known may be stale. Every entry is asked again once the link
 * is back. */
void tickets_set_notice(struct tickets *t, const char *notice);
/* Something changed on the display: refresh the followed entries. */
void tickets_changed(struct tickets *t);
/* Forgets idle entries. */
void tickets_sweep(struct tickets *t, int64_t now_ms);
int tickets_count(const struct tickets *t);

#endif
