/*
 * sock: parsing HOST:PORT, listening and connecting (contract in sock.h),
 * in the manner of redis's anet.c: small functions over plain descriptors
 * that report into the caller's err[].
 */
#include "sock.h"

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int sock_split(const char *hostport, char host[SOCK_HOST_MAX], char port[SOCK_PORT_MAX],
               char *err, size_t errlen)
{
	const char *h = hostport, *colon;
	size_t hlen;
	if (*h == '[') {
		const char *close = strchr(h, ']');
		if (!close || close[1] != ':') goto bad;
		h++;
		hlen = (size_t)(close - h);
		colon = close + 1;
	} else {
		/* Without brackets the last colon ends the host (so "::1:7710" still works). */
		if (!(colon = strrchr(h, ':'))) goto bad;
		hlen = (size_t)(colon - h);
	}
	if (hlen >= SOCK_HOST_MAX || !colon[1] || strlen(colon + 1) >= SOCK_PORT_MAX) goto bad;
	memcpy(host, h, hlen);
	host[hlen] = 0;
	snprintf(port, SOCK_PORT_MAX, "%s", colon + 1);
	return 0;
bad:
	snprintf(err, errlen, "địa chỉ phải có dạng MÁY:CỔNG, không phải '%.120s'", hostport);
	return -1;
}

void sock_join(char *out, size_t len, const char *host, int port)
{
	snprintf(out, len, strchr(host, ':') ? "[%s]:%d" : "%s:%d", host, port);
}

/* The passive address of spec, numeric only: nothing is looked up. */
static struct addrinfo *listen_address(const char *spec, char *err, size_t errlen)
{
	char host[SOCK_HOST_MAX], port[SOCK_PORT_MAX], why[200];
	struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV,
	                          .ai_socktype = SOCK_STREAM }, *ai = NULL;
	if (sock_split(spec, host, port, why, sizeof why) != 0 ||
	    strspn(port, "0123456789") != strlen(port) || atol(port) > 65535) {
		snprintf(err, errlen, "listen wants ADDR:PORT (e.g. 0.0.0.0:7710), not '%.120s'", spec);
		return NULL;
	}
	int rc = getaddrinfo(host[0] && strcmp(host, "*") ? host : NULL, port, &hints, &ai);
	if (rc) {
		snprintf(err, errlen, "listen %.120s: %s", spec, gai_strerror(rc));
		return NULL;
	}
	return ai;
}

int sock_check_listen(const char *spec, char *err, size_t errlen)
{
	struct addrinfo *ai = listen_address(spec, err, errlen);
	if (!ai) return -1;
	freeaddrinfo(ai);
	return 0;
}

int sock_listen(const char *spec, int backlog, char *bound, size_t boundlen,
                char *err, size_t errlen)
{
	struct addrinfo *ai = listen_address(spec, err, errlen);
	if (!ai) return -1;
	int one = 1, fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, backlog)) {
		snprintf(err, errlen, "listen %.120s: %s", spec, strerror(errno));
		if (fd >= 0) close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	if (bound) {
		struct sockaddr_storage sa;
		socklen_t len = sizeof sa;
		char nhost[NI_MAXHOST] = "", nport[NI_MAXSERV] = "0";
		if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
			getnameinfo((struct sockaddr *)&sa, len, nhost, sizeof nhost, nport, sizeof nport,
			            NI_NUMERICHOST | NI_NUMERICSERV);
		sock_join(bound, boundlen, nhost, atoi(nport));
	}
	return fd;
}

int sock_family(int fd)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof sa;
	int v6only = 0;
	socklen_t olen = sizeof v6only;
	if (getsockname(fd, (struct sockaddr *)&sa, &len) || sa.ss_family != AF_INET6) return AF_INET;
	/* [::ffff:a.b.c.d] takes IPv4 only, whatever IPV6_V6ONLY says */
	if (IN6_IS_ADDR_V4MAPPED(&((struct sockaddr_in6 *)&sa)->sin6_addr)) return AF_INET;
	if (getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &olen) == 0 && v6only) return AF_INET6;
	return AF_UNSPEC;
}

/* Whether an interface address is the bound one (its port aside). */
static bool same_address(const struct sockaddr *ifa, const struct sockaddr_storage *sa)
{
	if (!ifa || ifa->sa_family != sa->ss_family) return false;
	if (sa->ss_family == AF_INET)
		return ((const struct sockaddr_in *)ifa)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)sa)->sin_addr.s_addr;
	return !memcmp(&((const struct sockaddr_in6 *)ifa)->sin6_addr,
	               &((const struct sockaddr_in6 *)sa)->sin6_addr, sizeof(struct in6_addr));
}

unsigned sock_interface(int fd)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof sa;
	if (getsockname(fd, (struct sockaddr *)&sa, &len)) return 0;
	if (sa.ss_family == AF_INET6) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&sa;
		if (a6->sin6_scope_id) return a6->sin6_scope_id;   /* link-local: its interface */
		if (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr)) {          /* [::ffff:a.b.c.d]: that IPv4 address */
			struct sockaddr_in a4 = { .sin_family = AF_INET };
			memcpy(&a4.sin_addr, &a6->sin6_addr.s6_addr[12], 4);
			memset(&sa, 0, sizeof sa);
			memcpy(&sa, &a4, sizeof a4);
		} else if (IN6_IS_ADDR_UNSPECIFIED(&a6->sin6_addr)) {
			return 0;
		}
	}
	if (sa.ss_family == AF_INET && ((struct sockaddr_in *)&sa)->sin_addr.s_addr == htonl(INADDR_ANY)) return 0;
	struct ifaddrs *all, *i;
	unsigned idx = 0;
	if (getifaddrs(&all)) return 0;
	for (i = all; i && !idx; i = i->ifa_next)
		if (same_address(i->ifa_addr, &sa)) idx = if_nametoindex(i->ifa_name);
	freeifaddrs(all);
	return idx;
}

bool sock_loopback(int fd)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof sa;
	if (getsockname(fd, (struct sockaddr *)&sa, &len)) return false;
	if (sa.ss_family == AF_INET)
		return (ntohl(((struct sockaddr_in *)&sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa.ss_family != AF_INET6) return false;
	const struct in6_addr *a = &((struct sockaddr_in6 *)&sa)->sin6_addr;
	return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
}

int sock_accept(int lfd)
{
	int one = 1, fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd >= 0) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

int sock_connect_start(const struct addrinfo *ai)
{
	int one = 1, fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int sock_connect_result(int fd, int timeout_ms)
{
	struct pollfd p = { fd, POLLOUT, 0 };
	int so = 0, n = poll(&p, 1, timeout_ms);
	socklen_t sl = sizeof so;
	if (n == 0) return 1;
	if (n < 0) return errno == EINTR ? 1 : -1;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so, &sl)) return -1;
	if (so) { errno = so; return -1; }
	return 0;
}

int sock_connect_any(const struct addrinfo *ai, int timeout_ms)
{
	int fd = -1, e = ECONNREFUSED;
	for (const struct addrinfo *p = ai; p && fd < 0; p = p->ai_next) {
		if ((fd = sock_connect_start(p)) < 0) { e = errno; continue; }
		int st = sock_connect_result(fd, timeout_ms);
		if (st != 0) {
			e = st > 0 ? ETIMEDOUT : errno;
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0) errno = e;
	return fd;
}

int sock_dial(const char *hostport, int timeout_ms, char *err, size_t errlen)
{
	char host[SOCK_HOST_MAX], port[SOCK_PORT_MAX];
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	if (sock_split(hostport, host, port, err, errlen) != 0) return -1;
	int rc = getaddrinfo(host, port, &hints, &ai);
	if (rc) {
		snprintf(err, errlen, "không tìm thấy máy '%.120s': %s", host, gai_strerror(rc));
		return -1;
	}
	int fd = sock_connect_any(ai, timeout_ms), e = errno;
	freeaddrinfo(ai);
	if (fd < 0)
		snprintf(err, errlen, "không kết nối được tới máy hiển thị %.120s: %s", hostport, strerror(e));
	return fd;
}

int sock_set_blocking(int fd, int timeout_ms)
{
	struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv))
		return -1;
	return 0;
}
