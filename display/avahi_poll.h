/*
 * avahi_poll: an AvahiPoll (Avahi's main-loop abstraction) over the
 * daemon's own loop, so avahi-client runs on the main thread with the
 * listener and the clients, and never needs a thread of its own.
 *
 * Avahi may open several watches on one file descriptor (D-Bus asks for
 * reading and writing separately); the loop allows one watch per fd, so
 * this adapter registers the union of their events and hands each event
 * to every watch that asked for it.
 *
 * Avahi's timeouts are absolute wall-clock times (gettimeofday); they are
 * turned into delays from now and armed as monotonic loop timers, so a
 * clock step does not stall or flood Avahi.
 */
#ifndef GOISO_AVAHI_POLL_H
#define GOISO_AVAHI_POLL_H

#include <avahi-common/watch.h>

struct loop;
struct avahi_poll;

/* A new adapter on l (which must outlive it). NULL only when out of memory. */
struct avahi_poll *avahi_poll_new(struct loop *l);
/* Frees the adapter and any watch or timeout Avahi left behind. Free the
 * Avahi objects built on it (client, browsers) first. NULL is a no-op. */
void avahi_poll_free(struct avahi_poll *p);
/* The vtable to pass to avahi_client_new(); valid as long as p. */
const AvahiPoll *avahi_poll_get(struct avahi_poll *p);
/* Watches and armed timeouts currently held (for tests and leak checks). */
int avahi_poll_nwatches(const struct avahi_poll *p);
int avahi_poll_ntimeouts(const struct avahi_poll *p);

#endif
