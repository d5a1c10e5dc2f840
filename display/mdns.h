/*
 * mdns: publishes the display as a DNS-SD service `_goiso._tcp` through
 * avahi-client, on the daemon's own loop (see avahi_poll.h), so counters
 * find it with no address typed.
 *
 * TXT records: `proto=1` (wire protocol version), `site=<center name>`,
 * `id=<instance id>` (stable, derived from the site key by
 * mdns_instance_id()). A name taken by another host is replaced by Avahi's
 * alternative ("goiso X #2"). Publishing never stops the daemon: with no
 * D-Bus it retries every few seconds in the background; an avahi-daemon
 * restart is followed by a new publication as soon as it is back.
 */
#ifndef GOISO_MDNS_H
#define GOISO_MDNS_H

#include <stdbool.h>
#include <stddef.h>

struct loop;
struct mdns;

#define MDNS_SERVICE_TYPE "_goiso._tcp"
#define MDNS_PROTO_VERSION "1"
#define MDNS_INSTANCE_ID_LEN 16        /* hex characters */

struct mdns_opts {
	const char *name;              /* service name; NULL: "goiso <site>" */
	const char *site;              /* center name for the TXT record */
	const char *instance;          /* instance id for the TXT record */
	int port;                      /* TCP port of the server */
	int family;                    /* what it answers (sock_family()): AF_INET
	                                  is announced over IPv4 only, AF_INET6 over
	                                  IPv6 only, AF_UNSPEC (0) over both */
	unsigned ifindex;              /* the interface of the one address it is
	                                  bound to (sock_interface()): announced
	                                  there only; 0: on every interface */
	int retry_ms;                  /* 0: 2000; wait before retrying D-Bus */
	const char *type;              /* NULL: MDNS_SERVICE_TYPE; "_http._tcp" for
	                                  the web gateway (TXT path=/ and site=) */
};

/* Starts publishing on l. Never fails for want of D-Bus or Avahi (it keeps
 * trying); NULL only when out of memory. Strings are copied. */
struct mdns *mdns_new(struct loop *l, const struct mdns_opts *o);
/* Withdraws the service (Avahi sends the goodbye) and frees. NULL: no-op. */
void mdns_free(struct mdns *m);

/* True while the service is established on the network. */
bool mdns_published(const struct mdns *m);
/* The name currently used (may be an alternative after a collision). */
const char *mdns_name(const struct mdns *m);
/* One line for logs and the board, e.g. "published as 'goiso X'",
 * "waiting for avahi-daemon", "no D-Bus, retrying". */
const char *mdns_status(const struct mdns *m);
/* Times the service has been established (a re-publication counts). */
int mdns_publications(const struct mdns *m);

/* The instance id published for a site key: the first 8 bytes of a keyed
 * BLAKE2b of a fixed label, in hex. Stable across restarts, unique per
 * site, and reveals nothing about the key. out holds 17 bytes. */
void mdns_instance_id(const unsigned char key[32], char out[MDNS_INSTANCE_ID_LEN + 1]);

#endif
