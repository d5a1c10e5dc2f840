/*
 * sse: Server-Sent Events over libmicrohttpd, for many slow browsers.
 *
 * A channel holds the latest message (one whole event, shared and
 * reference-counted); its streams are browsers following it. A stream
 * never queues: when it has sent its message it takes the channel's
 * newest one, skipping those it was too slow to see, so the memory of a
 * stream is a few pointers whatever the client does. A stream with
 * nothing to send is suspended (MHD_suspend_connection) and resumed when
 * its channel publishes or the keep-alive is due.
 *
 * A stream that has had something to send for SSE_STALL_MS without the
 * socket taking a byte (a browser that never reads) is shut down, as is
 * every stream when the hub is freed. Keep-alive comments go out every
 * SSE_KEEPALIVE_MS, which also finds clients that left.
 *
 * Single-threaded: MHD runs in "external" polling mode on the caller's
 * loop; call sse_hub_tick() every turn before MHD_run().
 */
#ifndef GOISO_SSE_H
#define GOISO_SSE_H

#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;
struct MHD_Response;
struct sse_hub;
struct sse_chan;

#define SSE_KEEPALIVE_MS 15000
#define SSE_STALL_MS 20000

struct sse_hub *sse_hub_new(void);
/* Ends every stream (their connections are resumed and shut down): call
 * before MHD_stop_daemon(). Channels must have been freed. */
void sse_hub_free(struct sse_hub *h);
/* Keep-alives and stalled streams; now_ms is monotonic. */
void sse_hub_tick(struct sse_hub *h, int64_t now_ms);
int sse_hub_streams(const struct sse_hub *h);

struct sse_chan *sse_chan_new(struct sse_hub *h);
/* Ends the channel's streams and frees it. NULL: no-op. */
void sse_chan_free(struct sse_chan *c);
/* Makes "event: <event>\ndata: <data>\n\n" the channel's message (data
 * must be one line) and wakes its streams. 0, or -1 out of memory. */
int sse_publish(struct sse_chan *c, const char *event, const char *data, size_t len);
int sse_chan_streams(const struct sse_chan *c);

/* A response that streams c to conn (queue it with status 200, then
 * destroy it). NULL out of memory. */
struct MHD_Response *sse_open(struct sse_chan *c, struct MHD_Connection *conn);

#endif
