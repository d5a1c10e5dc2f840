/*
 * discover_choose: which display a counter connects to, from what mDNS
 * found (table-driven; no Avahi needed).
 */
#include "test.h"

#include "discover.h"

#define E(name, site, id, proto, ok) { name, site, id, proto, "10.0.0.1", 7000, ok }

static const struct discover_entry one[] = {
	E("goiso A", "Phường A", "aaaa", "1", true),
};
static const struct discover_entry two_sites[] = {
	E("goiso A", "Phường A", "aaaa", "1", true),
	E("goiso B", "Phường B", "bbbb", "1", true),
};
static const struct discover_entry same_twice[] = {
	E("goiso A", "Phường A", "aaaa", "1", true),     /* e.g. seen on two links */
	E("goiso A", "Phường A", "aaaa", "1", true),
};
static const struct discover_entry by_ipv6_then_ipv4[] = {
	{ "goiso A", "Phường A", "aaaa", "1", "fe80::1%eth0", 7000, true, false },
	{ "goiso A", "Phường A", "aaaa", "1", "10.0.0.1", 7000, true, false },
};
static const struct discover_entry by_ipv4_then_ipv6[] = {
	{ "goiso A", "Phường A", "aaaa", "1", "10.0.0.1", 7000, true, false },
	{ "goiso A", "Phường A", "aaaa", "1", "fd00::5", 7000, true, false },
};
static const struct discover_entry ipv6_only[] = {
	{ "goiso A", "Phường A", "aaaa", "1", "fd00::5", 7000, true, false },
};
static const struct discover_entry two_centers[] = {
	E("goiso TRUNG TAM GIA VIEN", "TRUNG TAM GIA VIEN", "3f9a01c2d4e5f607", "1", true),
	E("goiso TRUNG TAM #2", "TRUNG TAM AN BIEN", "3f9b77aa00112233", "1", true),
};
static const struct discover_entry unresolved_and_foreign[] = {
	E("goiso A", "Phường A", "aaaa", "1", false),    /* not resolved yet */
	E("goiso old", "Phường A", "cccc", "0", true),   /* older protocol */
	E("goiso B", "Phường B", "bbbb", "1", true),
};

static const struct {
	const char *what;
	const struct discover_entry *e;
	int n;
	const char *site;
	int want;
} cases[] = {
	{ "the only display, no site configured", one, 1, NULL, 0 },
	{ "the only display, its site", one, 1, "Phường A", 0 },
	{ "the only display, another site", one, 1, "Phường B", -1 },
	{ "two sites, none configured", two_sites, 2, "", -2 },
	{ "two sites, pick by site name", two_sites, 2, "Phường B", 1 },
	{ "two sites, pick by instance id", two_sites, 2, "aaaa", 0 },
	{ "two sites, pick by service name", two_sites, 2, "goiso B", 1 },
	{ "one display seen twice is one", same_twice, 2, NULL, 0 },
	{ "one display by IPv6 and IPv4: IPv4", by_ipv6_then_ipv4, 2, NULL, 1 },
	{ "one display by IPv4 and IPv6: IPv4", by_ipv4_then_ipv6, 2, NULL, 0 },
	{ "a display found by IPv6 only", ipv6_only, 1, "aaaa", 0 },
	{ "unresolved and other protocols do not count", unresolved_and_foreign, 3, NULL, 2 },
	{ "nothing at all", NULL, 0, NULL, -1 },
	/* as IT staff type them */
	{ "the center's name in lower case (ASCII)", two_centers, 2, "trung tam gia vien", 0 },
	{ "the service name in another case", two_centers, 2, "GOISO TRUNG TAM #2", 1 },
	{ "the id's first digits", two_centers, 2, "3f9b77", 1 },
	{ "four digits are enough", two_centers, 2, "3f9a", 0 },
	{ "fewer than four are not taken", two_centers, 2, "3f9", -1 },
};

TEST(discover_choose_table)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = discover_choose(cases[i].e, cases[i].n, cases[i].site);
		if (got != cases[i].want)
			test_fail(__FILE__, __LINE__, "%s: got %d, want %d", cases[i].what, got,
			          cases[i].want);
	}
}

TEST(discover_an_announced_id_is_no_proof)
{
	/* a copy of the display's announcement (same id, another address):
	 * the first is tried; once it fails the login's proof and is
	 * distrusted, the other one of that id is chosen; never "several" */
	struct discover_entry e[2] = {
		E("goiso A", "Phường A", "aaaa", "1", true),
		E("goiso A", "Phường A", "aaaa", "1", true),
	};
	snprintf(e[0].host, sizeof e[0].host, "10.0.0.66");
	CHECK_INT_EQ(discover_choose(e, 2, "aaaa"), 0);
	e[0].distrusted = true;
	CHECK_INT_EQ(discover_choose(e, 2, "aaaa"), 1);
	CHECK_INT_EQ(discover_choose(e, 2, NULL), 1);
	e[1].distrusted = true;
	CHECK_INT_EQ(discover_choose(e, 2, "aaaa"), -1);
}
