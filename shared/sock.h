/*
 * sock: TCP sockets for every goiso program (impure: it does I/O). One
 * place parses "HOST:PORT" (a name, an IPv4 address, or "[IPv6]:PORT"),
 * listens and connects, so the daemon, the command line, pairing and the
 * panel's link all accept the same addresses.
 *
 * Errors fill the caller's err[] in Vietnamese for the dialing side (an
 * officer reads them) and in English for listening (the daemon's log);
 * functions return -1 then. Every socket is close-on-exec and non-blocking
 * unless said otherwise.
 */
#ifndef GOISO_SOCK_H
#define GOISO_SOCK_H

#include <stdbool.h>
#include <stddef.h>

struct addrinfo;

#define SOCK_HOST_MAX 256
#define SOCK_PORT_MAX 16
#define SOCK_ADDR_MAX (SOCK_HOST_MAX + SOCK_PORT_MAX + 3)

/* Splits "HOST:PORT" or "[IPv6]:PORT" into host (without brackets) and
 * port. An IPv6 address needs its brackets. 0, or -1 when the text has no
 * port or a host too long ("địa chỉ phải có dạng MÁY:CỔNG, ..."). */
int sock_split(const char *hostport, char host[SOCK_HOST_MAX], char port[SOCK_PORT_MAX],
               char *err, size_t errlen);
/* The reverse: "host:port", with brackets around an IPv6 address. */
void sock_join(char *out, size_t len, const char *host, int port);

/* Checks a listening address without opening anything: a numeric host
 * (empty or "*" for every address) and a port 0-65535. 0, or -1 + err. */
int sock_check_listen(const char *spec, char *err, size_t errlen);
/* Listens on spec (as sock_check_listen accepts) with SO_REUSEADDR. The
 * listening descriptor, with the address really bound (the port chosen for
 * port 0) written as "host:port" into bound when not NULL. */
int sock_listen(const char *spec, int backlog, char *bound, size_t boundlen,
                char *err, size_t errlen);

/* The families a listening descriptor answers: AF_INET (IPv4 only),
 * AF_INET6 (IPv6 only: IPV6_V6ONLY set) or AF_UNSPEC (both: an IPv6
 * socket that also takes IPv4, as "[::]" binds by default). What the
 * display announces on the LAN follows it, so a counter is not handed an
 * address of the other family, which it would refuse. */
int sock_family(int fd);
/* The network interface (its index) that carries the one address a
 * listening descriptor is bound to; 0 when it is bound to every address
 * ("0.0.0.0", "[::]") or the address is on no interface. The display is
 * announced on that interface only: on a PC with two networks, a counter
 * on the other one would be handed that network's address, which the
 * display does not answer. */
unsigned sock_interface(int fd);
/* True when a listening descriptor is bound to a loopback address
 * (127.0.0.0/8, ::1): no other PC can reach it, so it is not announced. */
bool sock_loopback(int fd);

/* Accepts a connection on a listening descriptor: non-blocking, with
 * TCP_NODELAY. The descriptor, or -1 with errno set. */
int sock_accept(int lfd);

/* Starts a non-blocking connect to one resolved address, with TCP_NODELAY.
 * The descriptor (connected or in progress), or -1 with errno set. */
int sock_connect_start(const struct addrinfo *ai);
/* The outcome of a connect in progress, waiting at most timeout_ms:
 * 0 connected, 1 still in progress, -1 failed with errno set. */
int sock_connect_result(int fd, int timeout_ms);

/* Connects to the first of the resolved addresses ai (a getaddrinfo list)
 * that answers within timeout_ms each, with TCP_NODELAY. A non-blocking
 * descriptor, or -1 with errno set by the last attempt (ETIMEDOUT when it
 * did not answer). */
int sock_connect_any(const struct addrinfo *ai, int timeout_ms);

/* Resolves hostport (blocking) and connects as sock_connect_any() does.
 * A non-blocking descriptor, or -1 + err. */
int sock_dial(const char *hostport, int timeout_ms, char *err, size_t errlen);

/* Makes fd blocking, each read and write giving up after timeout_ms. */
int sock_set_blocking(int fd, int timeout_ms);

#endif
