/*
 * avahi_state: the one avahi-client state callback of goiso's mDNS
 * publisher (display/mdns.c) and browser (caller/discover.c), impure: it
 * speaks to Avahi. Both keep an AVAHI_CLIENT_NO_FAIL client, which lives
 * through avahi-daemon restarts; this maps its five states, once, onto the
 * four things a user of it does.
 *
 *     avahi_client_new(poll, AVAHI_CLIENT_NO_FAIL, avahi_state_changed, &ops, &err);
 */
#ifndef GOISO_AVAHI_STATE_H
#define GOISO_AVAHI_STATE_H

#include <avahi-client/client.h>

struct avahi_state_ops {
	/* avahi-daemon is ready (again): publish, or browse. */
	void (*running)(void *ud, AvahiClient *c);
	/* The host name is being (re)probed: records published now would carry
	 * the old one (NULL: nothing to do; running() follows). */
	void (*withdraw)(void *ud);
	/* Waiting for avahi-daemon to come (back). */
	void (*waiting)(void *ud);
	/* The client failed (err: avahi_client_errno): it must be made again. */
	void (*lost)(void *ud, int err);
	void *ud;
};

/* The callback to give avahi_client_new() with a struct avahi_state_ops
 * as its userdata (which must outlive the client). */
void avahi_state_changed(AvahiClient *c, AvahiClientState state, void *ops);

#endif
