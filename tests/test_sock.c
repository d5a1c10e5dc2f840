/*
 * Unit tests of the socket module's address parsing: every program reads
 * HOST:PORT through it, IPv6 in brackets included.
 */
#include "test.h"

#include "sock.h"

TEST(sock_splits_names_ipv4_and_bracketed_ipv6)
{
	static const struct { const char *in, *host, *port; } ok[] = {
		{ "goiso.local:7710", "goiso.local", "7710" },
		{ "10.0.0.2:7710", "10.0.0.2", "7710" },
		{ "[::1]:7710", "::1", "7710" },
		{ "[fe80::1%eth0]:80", "fe80::1%eth0", "80" },
		{ ":7710", "", "7710" },
		{ "::1:7710", "::1", "7710" },
	};
	char host[SOCK_HOST_MAX], port[SOCK_PORT_MAX], err[200];
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		CHECK_INT_EQ(sock_split(ok[i].in, host, port, err, sizeof err), 0);
		CHECK_STR_EQ(host, ok[i].host);
		CHECK_STR_EQ(port, ok[i].port);
	}
	static const char *const bad[] = { "goiso.local", "[::1]7710", "[::1]:", "host:", "[::1", "" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		CHECK_INT_EQ(sock_split(bad[i], host, port, err, sizeof err), -1);
		CHECK(strstr(err, "MÁY:CỔNG") != NULL);
	}
}

TEST(sock_joins_ipv6_in_brackets)
{
	char out[SOCK_ADDR_MAX];
	sock_join(out, sizeof out, "::1", 7710);
	CHECK_STR_EQ(out, "[::1]:7710");
	sock_join(out, sizeof out, "192.168.1.20", 7710);
	CHECK_STR_EQ(out, "192.168.1.20:7710");
}

TEST(sock_checks_listen_addresses_without_opening_them)
{
	char err[200];
	CHECK_INT_EQ(sock_check_listen("0.0.0.0:7710", err, sizeof err), 0);
	CHECK_INT_EQ(sock_check_listen("[::]:7710", err, sizeof err), 0);
	CHECK_INT_EQ(sock_check_listen("*:0", err, sizeof err), 0);
	CHECK_INT_EQ(sock_check_listen("0.0.0.0:65536", err, sizeof err), -1);
	CHECK_INT_EQ(sock_check_listen("localhost:7710", err, sizeof err), -1);
	CHECK_INT_EQ(sock_check_listen("0.0.0.0:http", err, sizeof err), -1);
}
