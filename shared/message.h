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
void message_counter_status(struct proto_buf *pb, const char *id, const struct engine *e, int no);
void message_day_status(struct proto_buf *pb, const char *id, const struct engine *e);
void message_services(struct proto_buf *pb, const char *id, const struct engine *e);

/* Pushes. message_called() builds "* CALLED …" and returns true when ev
 * calls a ticket (NEXT with a ticket, RECALL); message_counter() builds
 * "* COUNTER …" and returns true when ev concerns a counter. */
bool message_called(struct proto_buf *pb, const struct engine *e, const struct engine_event *ev);
bool message_counter(struct proto_buf *pb, const struct engine *e, const struct engine_event *ev);
void message_waiting(struct proto_buf *pb, const struct engine *e);
void message_day(struct proto_buf *pb, int64_t day);

#endif
