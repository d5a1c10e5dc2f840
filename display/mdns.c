/*
 * mdns: the `_goiso._tcp` publication (contract in mdns.h).
 *
 * One avahi-client with AVAHI_CLIENT_NO_FAIL and one entry group. Every
 * client and group state is handled explicitly. A lost connection (Avahi
 * or D-Bus restarted) leaves the client unusable: it is dropped and a new
 * one made from a loop timer, never from inside Avahi's own callback, so
 * nothing frees the object that is calling us. With NO_FAIL the new client
 * waits in CONNECTING until avahi-daemon is back; with no D-Bus at all it
 * cannot be made, and the timer tries again every retry_ms.
 */
#include "mdns.h"

#include "avahi_poll.h"
#include "avahi_state.h"
#include "loop.h"

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <net/if.h>
#include <sodium.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_BYTES 63              /* DNS label */
#define SITE_MAX_BYTES 240             /* a TXT string holds 255 */

struct mdns {
	struct loop *loop;
	struct avahi_poll *poll;
	AvahiClient *client;
	AvahiEntryGroup *group;
	char *name;
	char *site;
	char instance[MDNS_INSTANCE_ID_LEN + 1];
	int port;
	AvahiProtocol proto;           /* the families announced, those it answers */
	unsigned ifindex;              /* announced on this interface only; 0: all */
	int retry_ms;
	char type[32];
	long timer;                    /* pending restart, 0 if none */
	bool published;
	int publications;
	char status[192];
	struct avahi_state_ops ops;    /* what the client's states do here */
};

/* Copies at most max bytes of s, cut at a UTF-8 character boundary. */
static char *utf8_dup(const char *s, size_t max)
{
	size_t n = strlen(s);
	char *d;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
	}
	d = malloc(n + 1);
	if (!d) return NULL;
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

static void set_status(struct mdns *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Records the state and logs it once per change. */
static void set_status(struct mdns *m, const char *fmt, ...)
{
	char buf[sizeof m->status];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (strcmp(buf, m->status) == 0) return;
	memcpy(m->status, buf, sizeof buf);
	fprintf(stderr, "mdns: %s\n", m->status);
}

static void on_restart(struct loop *l, void *ud);

/* Drops the client (and its group) and makes a new one after delay_ms. */
static void schedule_restart(struct mdns *m, int delay_ms)
{
	m->published = false;
	if (m->timer) return;
	m->timer = loop_add_timer(m->loop, loop_now_ms(m->loop) + delay_ms, on_restart, m);
	if (m->timer < 0) m->timer = 0;
}

static void take_alternative_name(struct mdns *m)
{
	char *alt = avahi_alternative_service_name(m->name);
	char *mine = alt ? utf8_dup(alt, NAME_MAX_BYTES) : NULL;
	avahi_free(alt);
	if (!mine) return;             /* out of memory: retry the same name */
	free(m->name);
	m->name = mine;
}

static void group_cb(AvahiEntryGroup *g, AvahiEntryGroupState state, void *ud);

/* Adds the service to the (empty) group and commits it. */
static void add_service(struct mdns *m, AvahiClient *c)
{
	char txt_proto[16], txt_site[SITE_MAX_BYTES + 8], txt_id[MDNS_INSTANCE_ID_LEN + 8];
	int r = 0;
	if (!m->group) m->group = avahi_entry_group_new(c, group_cb, m);
	if (!m->group) {
		set_status(m, "cannot create an Avahi entry group: %s, retrying",
		           avahi_strerror(avahi_client_errno(c)));
		schedule_restart(m, m->retry_ms);
		return;
	}
	if (!avahi_entry_group_is_empty(m->group)) return;
	snprintf(txt_proto, sizeof txt_proto, "proto=%s", MDNS_PROTO_VERSION);
	snprintf(txt_site, sizeof txt_site, "site=%s", m->site);
	snprintf(txt_id, sizeof txt_id, "id=%s", m->instance);
	/* A local name clash shows up here rather than as a group state. */
	bool http = strcmp(m->type, MDNS_SERVICE_TYPE) != 0;   /* a web page: path=/ */
	for (int tries = 0; tries < 20; tries++) {
		r = avahi_entry_group_add_service(m->group, m->ifindex ? (AvahiIfIndex)m->ifindex : AVAHI_IF_UNSPEC, m->proto, 0,
		                                  m->name, m->type, NULL, NULL, (uint16_t)m->port,
		                                  http ? "path=/" : txt_proto, txt_site, txt_id, NULL);
		if (r != AVAHI_ERR_COLLISION) break;
		take_alternative_name(m);
		avahi_entry_group_reset(m->group);
	}
	if (r >= 0) r = avahi_entry_group_commit(m->group);
	if (r < 0) {
		set_status(m, "cannot publish '%s': %s, retrying", m->name, avahi_strerror(r));
		schedule_restart(m, m->retry_ms);
		return;
	}
	set_status(m, "registering '%s'", m->name);
}

static void say_published(struct mdns *m)
{
	char ifname[IF_NAMESIZE] = "", where[IF_NAMESIZE + 16] = "";
	if (m->ifindex) {
		if (!if_indextoname(m->ifindex, ifname)) snprintf(ifname, sizeof ifname, "#%u", m->ifindex);
		snprintf(where, sizeof where, ", on %s only", ifname);
	}
	set_status(m, "published as '%s' (%s, port %d%s)", m->name, m->type, m->port, where);
}

static void group_cb(AvahiEntryGroup *g, AvahiEntryGroupState state, void *ud)
{
	struct mdns *m = ud;
	switch (state) {
	case AVAHI_ENTRY_GROUP_ESTABLISHED:
		m->published = true;
		m->publications++;
		say_published(m);
		break;
	case AVAHI_ENTRY_GROUP_COLLISION:
		/* Another host owns the name: move to "name #2" and retry. */
		m->published = false;
		take_alternative_name(m);
		set_status(m, "name taken on the network, trying '%s'", m->name);
		avahi_entry_group_reset(g);
		add_service(m, avahi_entry_group_get_client(g));
		break;
	case AVAHI_ENTRY_GROUP_FAILURE:
		set_status(m, "publication failed: %s, retrying",
		           avahi_strerror(avahi_client_errno(avahi_entry_group_get_client(g))));
		schedule_restart(m, m->retry_ms);
		break;
	case AVAHI_ENTRY_GROUP_UNCOMMITED:
	case AVAHI_ENTRY_GROUP_REGISTERING:
		break;
	}
}

static void client_running(void *ud, AvahiClient *c)
{
	/* Also after REGISTERING/COLLISION: the group was emptied. */
	add_service(ud, c);
}

static void client_withdraw(void *ud)
{
	struct mdns *m = ud;
	/* Our records would carry the old host name: withdraw; RUNNING brings
	 * them back. */
	m->published = false;
	if (m->group) avahi_entry_group_reset(m->group);
	set_status(m, "avahi-daemon is registering the host name");
}

static void client_waiting(void *ud)
{
	struct mdns *m = ud;
	m->published = false;
	set_status(m, "waiting for avahi-daemon");
}

static void client_lost(void *ud, int err)
{
	struct mdns *m = ud;
	set_status(m, "lost avahi-daemon (%s), reconnecting", avahi_strerror(err));
	schedule_restart(m, err == AVAHI_ERR_DISCONNECTED ? 0 : m->retry_ms);
}

static void drop_client(struct mdns *m)
{
	/* Freeing the client frees its group and sends the goodbye. */
	if (m->client) avahi_client_free(m->client);
	m->client = NULL;
	m->group = NULL;
	m->published = false;
}

static void start_client(struct mdns *m)
{
	int err = 0;
	m->ops = (struct avahi_state_ops){ client_running, client_withdraw, client_waiting, client_lost, m };
	AvahiClient *c = avahi_client_new(avahi_poll_get(m->poll), AVAHI_CLIENT_NO_FAIL,
	                                  avahi_state_changed, &m->ops, &err);
	if (!c) {
		set_status(m, "no D-Bus system bus (%s), retrying every %d ms",
		           avahi_strerror(err), m->retry_ms);
		schedule_restart(m, m->retry_ms);
		return;
	}
	m->client = c;
}

static void on_restart(struct loop *l, void *ud)
{
	struct mdns *m = ud;
	(void)l;
	m->timer = 0;
	drop_client(m);
	start_client(m);
}

struct mdns *mdns_new(struct loop *l, const struct mdns_opts *o)
{
	struct mdns *m = calloc(1, sizeof *m);
	char defname[NAME_MAX_BYTES * 4 + 8];
	if (!m || sodium_init() < 0) {
		free(m);
		return NULL;
	}
	m->loop = l;
	m->port = o->port;
	m->ifindex = o->ifindex;
	m->proto = o->family == AF_INET ? AVAHI_PROTO_INET : o->family == AF_INET6 ? AVAHI_PROTO_INET6 : AVAHI_PROTO_UNSPEC;
	m->retry_ms = o->retry_ms > 0 ? o->retry_ms : 2000;
	snprintf(m->type, sizeof m->type, "%s", o->type ? o->type : MDNS_SERVICE_TYPE);
	snprintf(m->instance, sizeof m->instance, "%s", o->instance ? o->instance : "");
	snprintf(defname, sizeof defname, "goiso %s", o->site ? o->site : "");
	m->name = utf8_dup(o->name ? o->name : defname, NAME_MAX_BYTES);
	m->site = utf8_dup(o->site ? o->site : "", SITE_MAX_BYTES);
	m->poll = avahi_poll_new(l);
	if (!m->name || !m->site || !m->poll) {
		mdns_free(m);
		return NULL;
	}
	start_client(m);
	return m;
}

void mdns_free(struct mdns *m)
{
	if (!m) return;
	if (m->timer) loop_del_timer(m->loop, m->timer);
	drop_client(m);
	avahi_poll_free(m->poll);
	free(m->name);
	free(m->site);
	free(m);
}

bool mdns_published(const struct mdns *m) { return m && m->published; }
const char *mdns_name(const struct mdns *m) { return m->name; }
const char *mdns_status(const struct mdns *m) { return m ? m->status : "off"; }
int mdns_publications(const struct mdns *m) { return m->publications; }

void mdns_instance_id(const unsigned char key[32], char out[MDNS_INSTANCE_ID_LEN + 1])
{
	static const char label[] = "goiso-instance-id";
	unsigned char h[MDNS_INSTANCE_ID_LEN / 2];
	crypto_generichash(h, sizeof h, (const unsigned char *)label, sizeof label - 1, key, 32);
	sodium_bin2hex(out, MDNS_INSTANCE_ID_LEN + 1, h, sizeof h);
}
