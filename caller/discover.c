/*
 * discover: browse + resolve `_goiso._tcp` (contract in discover.h).
 *
 * One avahi-client on Avahi's simple poll, run only from discover_find()
 * and discover_run(). A service browser adds an entry per (interface,
 * protocol, name) and opens a resolver for it that stays open, so a
 * display that restarts or moves updates its entry; a removed service
 * drops its entry. When Avahi or D-Bus goes away the client is rebuilt
 * between poll iterations, never from inside Avahi's callbacks.
 */
#include "discover.h"

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/simple-watch.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "avahi_state.h"
#include "clock.h"
#include "sock.h"

#define MAX_SERVICES 64
#define SERVICE_TYPE "_goiso._tcp"
#define PROTO_VERSION "1"
#define RETRY_MS 1000
/* After a first display matches, how long to wait for the others to be
 * heard (a second display, the same one's IPv4 address) unless Avahi says
 * it has told all it knows first */
#define SETTLE_MS 1500
/* With mDNS working here but no answer this long, the remembered address */
#define REMEMBERED_AFTER_MS 2000

struct svc {
	bool used;
	AvahiIfIndex iface;
	AvahiProtocol proto;
	AvahiServiceResolver *resolver;
	struct discover_entry e;
};

struct discover {
	AvahiSimplePoll *sp;
	AvahiClient *client;
	AvahiServiceBrowser *browser;
	bool need_restart;
	bool all_for_now;              /* the browser said it has told all it knows */
	bool hear_all;                 /* discover_hear_all(): pairing's patience */
	char remembered[96];           /* discover_remember(): the last address seen */
	int64_t started;               /* monotonic ms of discover_new() */
	int64_t retry_at;              /* monotonic ms of the next client attempt */
	struct svc svc[MAX_SERVICES];
	char status[160];
	struct avahi_state_ops ops;    /* what the client's states do here */
	char distrusted[16][96];       /* "ADDR:PORT" that failed the login's proof */
	int ndistrusted;
};

static bool matches(const struct discover_entry *e, const char *site);

static struct svc *find_svc(struct discover *d, AvahiIfIndex iface, AvahiProtocol proto,
                            const char *name)
{
	for (int i = 0; i < MAX_SERVICES; i++) {
		struct svc *s = &d->svc[i];
		if (s->used && s->iface == iface && s->proto == proto && strcmp(s->e.name, name) == 0)
			return s;
	}
	return NULL;
}

static void txt_value(AvahiStringList *txt, const char *key, char *out, size_t n)
{
	AvahiStringList *item = avahi_string_list_find(txt, key);
	char *k = NULL, *v = NULL;
	out[0] = 0;
	if (!item || avahi_string_list_get_pair(item, &k, &v, NULL) < 0) return;
	snprintf(out, n, "%s", v ? v : "");
	avahi_free(k);
	avahi_free(v);
}

/* The numeric address; a link-local IPv6 address gets its interface
 * ("fe80::1%eth0"), without which it cannot be dialed. */
static void address_text(char *out, size_t n, const AvahiAddress *a, AvahiIfIndex iface)
{
	char ifname[IF_NAMESIZE];
	avahi_address_snprint(out, n, a);
	if (a->proto == AVAHI_PROTO_INET6 && a->data.ipv6.address[0] == 0xfe &&
	    (a->data.ipv6.address[1] & 0xc0) == 0x80 && iface >= 0 &&
	    if_indextoname((unsigned)iface, ifname)) {
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%%%s", ifname);
	}
}

static void resolve_cb(AvahiServiceResolver *r, AvahiIfIndex iface, AvahiProtocol proto,
                       AvahiResolverEvent event, const char *name, const char *type,
                       const char *domain, const char *host, const AvahiAddress *a,
                       uint16_t port, AvahiStringList *txt, AvahiLookupResultFlags flags,
                       void *ud)
{
	struct discover *d = ud;
	struct svc *s = find_svc(d, iface, proto, name);
	(void)type; (void)domain; (void)host; (void)flags;
	if (!s || s->resolver != r) return;
	switch (event) {
	case AVAHI_RESOLVER_FOUND:
		address_text(s->e.host, sizeof s->e.host, a, iface);
		s->e.port = port;
		txt_value(txt, "site", s->e.site, sizeof s->e.site);
		txt_value(txt, "id", s->e.id, sizeof s->e.id);
		txt_value(txt, "proto", s->e.proto, sizeof s->e.proto);
		s->e.resolved = true;
		break;
	case AVAHI_RESOLVER_FAILURE:
		/* Timed out (display going away, or slow): forget the address;
		 * a new resolver is opened on the next pass. */
		s->e.resolved = false;
		avahi_service_resolver_free(r);
		s->resolver = NULL;
		break;
	}
}

static void open_resolver(struct discover *d, struct svc *s)
{
	if (s->resolver || !d->client) return;
	/* The address of the family the service was seen over: an IPv4-only
	 * LAN gives IPv4 addresses only, an IPv6-only one IPv6 addresses. */
	s->resolver = avahi_service_resolver_new(d->client, s->iface, s->proto, s->e.name,
	                                         SERVICE_TYPE, NULL, s->proto, 0, resolve_cb, d);
}

static void drop_svc(struct svc *s)
{
	if (s->resolver) avahi_service_resolver_free(s->resolver);
	memset(s, 0, sizeof *s);
}

static void browse_cb(AvahiServiceBrowser *b, AvahiIfIndex iface, AvahiProtocol proto,
                      AvahiBrowserEvent event, const char *name, const char *type,
                      const char *domain, AvahiLookupResultFlags flags, void *ud)
{
	struct discover *d = ud;
	struct svc *s;
	(void)b; (void)type; (void)domain; (void)flags;
	switch (event) {
	case AVAHI_BROWSER_NEW:
		if (find_svc(d, iface, proto, name)) break;
		for (int i = 0; i < MAX_SERVICES; i++) {
			if (d->svc[i].used) continue;
			s = &d->svc[i];
			s->used = true;
			s->iface = iface;
			s->proto = proto;
			snprintf(s->e.name, sizeof s->e.name, "%s", name);
			open_resolver(d, s);
			break;
		}
		break;
	case AVAHI_BROWSER_REMOVE:
		s = find_svc(d, iface, proto, name);
		if (s) drop_svc(s);
		break;
	case AVAHI_BROWSER_FAILURE:
		snprintf(d->status, sizeof d->status, "browsing failed: %s",
		         avahi_strerror(avahi_client_errno(d->client)));
		d->need_restart = true;
		break;
	case AVAHI_BROWSER_ALL_FOR_NOW:
		d->all_for_now = true;
		break;
	case AVAHI_BROWSER_CACHE_EXHAUSTED:
		break;
	}
}

static void client_running(void *ud, AvahiClient *c)
{
	struct discover *d = ud;
	snprintf(d->status, sizeof d->status, "browsing");
	if (!d->browser)
		d->browser = avahi_service_browser_new(c, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
		                                       SERVICE_TYPE, NULL, 0, browse_cb, d);
	if (!d->browser) d->need_restart = true;
}

static void client_waiting(void *ud)
{
	struct discover *d = ud;
	snprintf(d->status, sizeof d->status, "waiting for avahi-daemon");
}

static void client_lost(void *ud, int err)
{
	struct discover *d = ud;
	snprintf(d->status, sizeof d->status, "lost avahi-daemon: %s", avahi_strerror(err));
	d->need_restart = true;
}

static void drop_client(struct discover *d)
{
	for (int i = 0; i < MAX_SERVICES; i++)
		if (d->svc[i].used) drop_svc(&d->svc[i]);
	if (d->client) avahi_client_free(d->client);   /* frees the browser */
	d->client = NULL;
	d->browser = NULL;
	d->all_for_now = false;
}

/* (Re)creates the client when needed and due. */
static void ensure_client(struct discover *d)
{
	int err = 0;
	if (d->need_restart) {
		drop_client(d);
		d->need_restart = false;
	}
	if (d->client || clock_mono_ms() < d->retry_at) return;
	/* Our own host name being probed (withdraw NULL): browsing goes on. */
	d->ops = (struct avahi_state_ops){ client_running, NULL, client_waiting, client_lost, d };
	d->client = avahi_client_new(avahi_simple_poll_get(d->sp), AVAHI_CLIENT_NO_FAIL,
	                             avahi_state_changed, &d->ops, &err);
	if (!d->client) {
		snprintf(d->status, sizeof d->status, "no D-Bus system bus: %s", avahi_strerror(err));
		d->retry_at = clock_mono_ms() + RETRY_MS;
	}
}

struct discover *discover_new(void)
{
	struct discover *d = calloc(1, sizeof *d);
	if (!d) return NULL;
	d->sp = avahi_simple_poll_new();
	if (!d->sp) {
		free(d);
		return NULL;
	}
	snprintf(d->status, sizeof d->status, "starting");
	d->started = clock_mono_ms();
	ensure_client(d);
	return d;
}

void discover_free(struct discover *d)
{
	if (!d) return;
	drop_client(d);
	avahi_simple_poll_free(d->sp);
	free(d);
}

/* One bounded step: rebuild what broke, reopen lost resolvers, poll. */
static void step(struct discover *d, int wait_ms)
{
	ensure_client(d);
	for (int i = 0; i < MAX_SERVICES; i++)
		if (d->svc[i].used && !d->svc[i].resolver) open_resolver(d, &d->svc[i]);
	avahi_simple_poll_iterate(d->sp, wait_ms);
}

void discover_run(struct discover *d, int timeout_ms)
{
	int64_t end = clock_mono_ms() + timeout_ms;
	int64_t left;
	while ((left = end - clock_mono_ms()) > 0) step(d, left < 100 ? (int)left : 100);
}

#define MAX_DISTRUSTED ((int)(sizeof ((struct discover *)0)->distrusted / sizeof ((struct discover *)0)->distrusted[0]))

/* "ADDR:PORT" failed the login's proof (discover_distrust). */
static bool distrusted_at(const struct discover *d, const char *hostport)
{
	for (int i = 0; i < d->ndistrusted; i++)
		if (!strcmp(d->distrusted[i], hostport)) return true;
	return false;
}

static bool is_distrusted(const struct discover *d, const struct discover_entry *e)
{
	char hp[SOCK_ADDR_MAX];
	sock_join(hp, sizeof hp, e->host, e->port);
	return distrusted_at(d, hp);
}

void discover_distrust(struct discover *d, const char *hostport)
{
	if (distrusted_at(d, hostport)) return;
	int slot = d->ndistrusted < MAX_DISTRUSTED ? d->ndistrusted++ : MAX_DISTRUSTED - 1;
	snprintf(d->distrusted[slot], sizeof d->distrusted[0], "%s", hostport);
}

void discover_forgive(struct discover *d) { d->ndistrusted = 0; }

/* Everything heard is known: the browser's first round is over and each
 * display it named has been resolved (or has failed to be). */
static bool settled(const struct discover *d)
{
	if (!d->all_for_now) return false;
	for (int i = 0; i < MAX_SERVICES; i++)
		if (d->svc[i].used && !d->svc[i].e.resolved && d->svc[i].resolver) return false;
	return true;
}

int discover_find(struct discover *d, const char *site, int timeout_ms, char *hostport, size_t n)
{
	struct discover_entry list[MAX_SERVICES];
	int64_t end = clock_mono_ms() + timeout_ms, first = -1;
	for (;;) {
		int count = 0, pick;
		for (int i = 0; i < MAX_SERVICES; i++) {
			if (!d->svc[i].used) continue;
			list[count] = d->svc[i].e;
			list[count++].distrusted = is_distrusted(d, &d->svc[i].e);
		}
		pick = discover_choose(list, count, site);
		if (pick == -2) return DISCOVER_MANY;
		int64_t now = clock_mono_ms();
		if (pick >= 0 && first < 0) first = now;
		/* one display so far. Pairing with any display, it is chosen once
		 * the others had their chance to answer: a second display may come
		 * a moment later, and a code must reach the display that made it.
		 * Otherwise (a site asked for, or a command that would fail its
		 * proof at a wrong display and try the next) taken at once */
		bool any = d->hear_all && (!site || !*site);
		if (pick >= 0 && (!any || settled(d) || now - first >= SETTLE_MS || now >= end)) {
			sock_join(hostport, n, list[pick].host, list[pick].port);
			return DISCOVER_FOUND;
		}
		/* nothing by mDNS (its daemon down here or on the display's PC):
		 * the address this PC last reached it at, which the display must
		 * still prove itself at, as any other */
		if (pick < 0 && d->remembered[0] && !distrusted_at(d, d->remembered) &&
		    (strcmp(d->status, "browsing") || now - d->started >= REMEMBERED_AFTER_MS)) {
			snprintf(hostport, n, "%s", d->remembered);
			return DISCOVER_FOUND;
		}
		int64_t left = end - now;
		if (left <= 0) return DISCOVER_NONE;
		step(d, left < 100 ? (int)left : 100);
	}
}

/* Seen before in the list (the same display by IPv4 and IPv6): once. */
static bool listed(const struct discover *d, int i, const char *site)
{
	for (int k = 0; k < i; k++)
		if (d->svc[k].used && matches(&d->svc[k].e, site) && d->svc[k].e.id[0] &&
		    !strcmp(d->svc[k].e.id, d->svc[i].e.id))
			return true;
	return false;
}

static void print_many(const struct discover *d, const char *site)
{
	fprintf(stderr, "%s\n", DISCOVER_MSG_MANY);
	for (int i = 0; i < MAX_SERVICES; i++) {
		const struct discover_entry *e = &d->svc[i].e;
		if (!d->svc[i].used || !matches(e, site) || listed(d, i, site)) continue;
		char addr[SOCK_ADDR_MAX];
		sock_join(addr, sizeof addr, e->host, e->port);
		fprintf(stderr, "  - \"%s\"  site=\"%s\"  id=%s  %s\n", e->name, e->site, e->id, addr);
	}
}

/* Displays answered, but none of the configured site. */
static void print_seen(const struct discover *d, const char *site)
{
	fprintf(stderr, "Trên mạng có màn hình khác, nhưng không phải của \"%s\":\n",
	        site ? site : "");
	for (int i = 0; i < MAX_SERVICES; i++) {
		const struct discover_entry *e = &d->svc[i].e;
		if (d->svc[i].used)
			fprintf(stderr, "  - \"%s\"  site=\"%s\"  id=%s\n", e->name, e->site, e->id);
	}
}

int discover_wait(struct discover *d, const char *site, int give_up_ms, char *hostport, size_t n)
{
	int64_t start = clock_mono_ms();
	bool told = false;
	for (;;) {
		int64_t waited = clock_mono_ms() - start;
		int slice = told ? 1000 : (int)(DISCOVER_PATIENCE_MS - waited);
		int rc = discover_find(d, site, slice > 0 ? slice : 1, hostport, n);
		if (rc == DISCOVER_FOUND) return rc;
		if (rc == DISCOVER_MANY) {
			print_many(d, site);
			return rc;
		}
		waited = clock_mono_ms() - start;
		if (!told && waited >= DISCOVER_PATIENCE_MS) {
			fprintf(stderr, "%s\n", DISCOVER_MSG_NOT_FOUND);
			if (strcmp(d->status, "browsing"))
				fprintf(stderr, "Máy này chưa dò được mạng nội bộ: dịch vụ avahi-daemon chưa chạy? "
				        "(sudo systemctl start avahi-daemon; mDNS: %s)\n", d->status);
			else if (discover_count(d) > 0) {
				print_seen(d, site);
				/* pairing: a code for a display not on the LAN cannot be
				 * used; waiting on would only outlive it */
				if (d->hear_all) return DISCOVER_NONE;
			}
			told = true;
		}
		if (give_up_ms > 0 && waited >= give_up_ms) return DISCOVER_NONE;
	}
}

void discover_hear_all(struct discover *d) { d->hear_all = true; }

void discover_remember(struct discover *d, const char *hostport)
{
	snprintf(d->remembered, sizeof d->remembered, "%s", hostport ? hostport : "");
}

int discover_count(const struct discover *d)
{
	int n = 0;
	for (int i = 0; i < MAX_SERVICES; i++) n += d->svc[i].used;
	return n;
}

const struct discover_entry *discover_entry(const struct discover *d, int i)
{
	for (int k = 0; k < MAX_SERVICES; k++)
		if (d->svc[k].used && i-- == 0) return &d->svc[k].e;
	return NULL;
}

const char *discover_status(const struct discover *d)
{
	return d->status;
}

static bool matches(const struct discover_entry *e, const char *site)
{
	if (!e->resolved || e->distrusted || strcmp(e->proto, PROTO_VERSION) != 0) return false;
	if (!site || !*site) return true;
	/* the center's name or the service's as shown (letters of ASCII in
	 * either case), or the id or its first digits (at least 4) */
	size_t n = strlen(site);
	return strcasecmp(e->site, site) == 0 || strcasecmp(e->name, site) == 0 ||
	       (n >= 4 && strncmp(e->id, site, n) == 0);
}

int discover_choose(const struct discover_entry *e, int n, const char *site)
{
	int pick = -1;
	for (int i = 0; i < n; i++) {
		if (!matches(&e[i], site)) continue;
		if (pick < 0)
			pick = i;
		else if (strcmp(e[pick].id, e[i].id) != 0 || !e[i].id[0])
			return -2;     /* two displays, not one seen twice */
		else if (strchr(e[pick].host, ':') && !strchr(e[i].host, ':'))
			pick = i;      /* one display by IPv4 and IPv6: IPv4 needs no interface */
	}
	return pick;
}
