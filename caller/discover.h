/*
 * discover: finds the wall display on the LAN by browsing and resolving
 * `_goiso._tcp` through avahi-client, so a counter needs no address.
 *
 * The browser and one resolver per service stay open for the life of the
 * object: the list follows displays that appear, vanish, restart or move,
 * and a reconnect asks it again for the current address. Avahi runs only
 * inside discover_find() (the caller is single-threaded and has no loop
 * of its own). A missing D-Bus or avahi-daemon is not an error: the
 * object keeps trying and the status says why nothing is found.
 *
 * Addresses of both families are resolved, so a display on an IPv6-only
 * LAN is found. A link-local IPv6 address carries the interface it was
 * seen on ("fe80::1%eth0"), without which it cannot be dialed; when one
 * display is seen by IPv4 and by IPv6, IPv4 is chosen, since it names no
 * interface and survives the counter's link moving to another port.
 */
#ifndef GOISO_DISCOVER_H
#define GOISO_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

struct discover;

struct discover_entry {
	char name[64];                 /* DNS-SD service name */
	char site[256];                /* TXT site= */
	char id[40];                   /* TXT id= (instance id) */
	char proto[8];                 /* TXT proto= */
	char host[64];                 /* numeric IPv4 or IPv6 address ("fe80::1%eth0") */
	int port;
	bool resolved;
	bool distrusted;               /* failed to prove itself (discover_distrust) */
};

enum {
	DISCOVER_NONE = 0,             /* nothing matching (yet) */
	DISCOVER_FOUND = 1,            /* exactly one display matches */
	DISCOVER_MANY = 2,             /* several match: list them, ask for --site */
};

/* Starts browsing. NULL only when out of memory. */
struct discover *discover_new(void);
void discover_free(struct discover *d);

/* Runs Avahi until one display matching site (a site name, instance id or
 * service name; NULL or "" for any) is resolved, or timeout_ms passes.
 * On DISCOVER_FOUND writes "ADDR:PORT" (IPv6 in brackets) into hostport. DISCOVER_MANY is
 * returned at once when several distinct displays match. After
 * discover_hear_all() and with no site, a first match is kept until Avahi
 * has told all it knows (its first round of answers, each resolved), at
 * most 1.5 s and within timeout_ms, so a second display is not missed for
 * having answered a moment later; otherwise the first match is taken. */
int discover_find(struct discover *d, const char *site, int timeout_ms,
                  char *hostport, size_t n);
/* The address this PC last reached its display at ("" none): when mDNS
 * gives nothing (its daemon down on this PC, at once; else after 2 s with
 * no answer), discover_find returns it, unless distrusted. */
void discover_remember(struct discover *d, const char *hostport);
/* Pairing: with no site given, choose only once every display on the LAN
 * had its chance to answer (about a second), never the first that did. */
void discover_hear_all(struct discover *d);
/* As discover_find, for people: waits until one display matches; after
 * DISCOVER_PATIENCE_MS without one, prints DISCOVER_MSG_NOT_FOUND on
 * stderr once and keeps looking (until give_up_ms if > 0, else for ever);
 * when several match prints DISCOVER_MSG_MANY and the list (each display
 * once). After discover_hear_all(), displays seen but none of site end
 * the wait at once (DISCOVER_NONE, the list printed). A site matches a
 * display's center name or service name (ASCII letters in either case),
 * or its id or the id's first 4 or more digits. */
int discover_wait(struct discover *d, const char *site, int give_up_ms, char *hostport, size_t n);
#define DISCOVER_PATIENCE_MS 5000

/* Runs Avahi for up to timeout_ms without choosing (to refresh the list). */
void discover_run(struct discover *d, int timeout_ms);

/* The displays currently known (resolved or not). */
int discover_count(const struct discover *d);
const struct discover_entry *discover_entry(const struct discover *d, int i);
/* "browsing", "waiting for avahi-daemon", "no D-Bus system bus", ... */
const char *discover_status(const struct discover *d);

/* Pure choice among entries: only resolved entries speaking our protocol
 * and not distrusted count. An announced id proves nothing (anyone can
 * copy it): entries with the same id are one display only as far as the
 * choice goes; the first is returned, and if it then fails the login's
 * proof the caller distrusts it and the next one is tried. Returns the
 * index of the match, -1 for none, -2 for several displays (ids). */
int discover_choose(const struct discover_entry *e, int n, const char *site);

/* The display at hostport ("ADDR:PORT") did not prove it holds the key:
 * later choices skip its announcements, so another one with the same id
 * (the real display) is tried. */
void discover_distrust(struct discover *d, const char *hostport);
/* Every display distrusted so far may be tried again (a new key, or the
 * same one after the display got its keys back). */
void discover_forgive(struct discover *d);

/* Messages for people (Vietnamese). */
#define DISCOVER_MSG_NOT_FOUND \
	"Chưa tìm thấy màn hình gọi số trên mạng nội bộ (đã chờ 5 giây). " \
	"Vẫn đang tìm tiếp... Hãy kiểm tra máy màn hình đã bật goiso-display " \
	"và cùng mạng LAN với quầy này, hoặc chỉ định địa chỉ bằng --connect HOST:PORT."
#define DISCOVER_MSG_MANY \
	"Tìm thấy nhiều màn hình gọi số trên mạng. Hãy chọn một bằng --site TÊN " \
	"(tên trung tâm hoặc mã id bên dưới):"

#endif
