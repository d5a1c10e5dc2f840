/*
 * message: the protocol lines that describe the engine's state (pure C):
 * the OK replies of accepted events, STATUS and SERVICES replies, and the
 * pushed events. The server sends them; the tests read them. Each function
 * builds one whole line in pb (ending in '\n').
 */
#ifndef GOISO_MESSAGE_H
#define GOISO_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"
#include "proto.h"

/* "<id> OK ticket=… service=… priority=… counter=… [finished=…] waiting=…" */
void message_ok(struct proto_buf *pb, const char *id, const struct engine *e,
                const struct engine_event *ev);
/* STATUS of one counter (no must exist), and of the whole day. */
/* officer: whether the officer's name is told (not to kiosks and viewers). */
void message_counter_status(struct proto_buf *pb, const char *id, const struct engine *e, int no,
                            bool officer);
void message_day_status(struct proto_buf *pb, const char *id, const struct engine *e);
void message_services(struct proto_buf *pb, const char *id, const struct engine *e);

/* QUEUE, what a kiosk shows. Without arguments: "services=A,B,C
 * groups=elderly,disabled utc_offset_min=420" (the center's utc_offset,
 * so that a kiosk's clock and printed tickets keep the center's time, not
 * the time zone of the PC it runs on); for one service: its name, opening hours,
 * whether it takes tickets at now_ms, how many wait, the counters open for
 * it and the estimated wait of a ticket taken now (wait_min, "unknown"
 * without enough data); for one priority group: its name. */
void message_queue(struct proto_buf *pb, const char *id, const struct engine *e);
void message_queue_service(struct proto_buf *pb, const char *id, const struct engine *e,
                           int service, int64_t now_ms);
void message_queue_group(struct proto_buf *pb, const char *id, const struct engine *e, int group);
/* TICKET: what the citizen's page shows of ticket idx (it must exist):
 * "<id> OK ticket=… service=… state=waiting|called|served|noshow|void ahead=N
 *  wait_min=M counter=N recalls=N issued_ms=… [called_ms=…] day=…", where wait_min
 * is message_wait_ms() in whole minutes rounded up (as estimate_wait_min),
 * -1 when unknown. */
void message_ticket(struct proto_buf *pb, const char *id, const struct engine *e, int idx);
/* The estimated wait of a waiting ticket, in ms: estimate_wait_ms() of its
 * service with the citizens ahead of it, the figure its ISSUE reply gave
 * when nothing has changed since (so the kiosk's screen, the printed
 * ticket and the citizen's page agree). 0 when it is not waiting; -1
 * without enough data (estimate.h). */
int64_t message_wait_ms(const struct engine *e, int idx);
/* RECENT: the last calls, newest first, as the wall lists them:
 * "<id> OK n=K calls=A023:5:<called_ms>,B004:2:<called_ms>" (none: "-"). */
#define MESSAGE_RECENT_MAX 8
void message_recent(struct proto_buf *pb, const char *id, const struct engine *e);

/* Pushes. message_called() builds "* CALLED …" and returns true when ev
 * calls a ticket (NEXT with a ticket, RECALL); message_counter() builds
 * "* COUNTER …" and returns true when ev concerns a counter. */
bool message_called(struct proto_buf *pb, const struct engine *e, const struct engine_event *ev);
bool message_counter(struct proto_buf *pb, const struct engine *e, const struct engine_event *ev);
void message_waiting(struct proto_buf *pb, const struct engine *e);
void message_day(struct proto_buf *pb, int64_t day);

#endif
