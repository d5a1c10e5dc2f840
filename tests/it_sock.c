/*
 * Integration tests of the addresses every program accepts: the daemon
 * listening on IPv6 loopback, and a counter paired and calling over it
 * with --connect '[::1]:PORT' (pairing once refused the brackets).
 */
#include "test.h"

#include "daemon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* Runs a shell command, its output in out; the exit status. */
static int run(const char *cmd, char *out, size_t outlen)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0;
	if (!p) return -1;
	while (n + 1 < outlen && fgets(out + n, (int)(outlen - n), p)) n += strlen(out + n);
	out[n] = 0;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TEST(it_pair_and_call_over_ipv6_loopback)
{
	struct daemon d;
	char data[600], cmd[2400], out[2000], code[32] = "", key[700];
	const char *args[] = { "--listen", "[::1]:0", NULL };
	snprintf(data, sizeof data, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, data, args) == 0);
	CHECK(strncmp(d.addr, "[::1]:", 6) == 0);

	snprintf(cmd, sizeof cmd, "%s pair --data %s --counter 2 2>&1", daemon_bin("goiso-display"), data);
	CHECK_INT_EQ(run(cmd, out, sizeof out), 0);
	const char *c = strstr(out, "Mã ghép nối: ");
	REQUIRE(c != NULL);
	sscanf(c + strlen("Mã ghép nối: "), "%31s", code);

	snprintf(key, sizeof key, "%s/counter.key", test_tmpdir());
	snprintf(cmd, sizeof cmd, "%s pair %s --counter 2 --key %s --connect '%s' 2>&1",
	         daemon_bin("goiso-caller"), code, key, d.addr);
	CHECK_INT_EQ(run(cmd, out, sizeof out), 0);
	CHECK(strstr(out, "Đã ghép nối quầy 2") != NULL);
	if (test_failed_now()) fprintf(stderr, "%s\n", out);

	snprintf(cmd, sizeof cmd, "%s --connect '%s' --key %s login 'Lê Thị Hoa' 2>&1",
	         daemon_bin("goiso-caller"), d.addr, key);
	CHECK_INT_EQ(run(cmd, out, sizeof out), 0);
	CHECK(strstr(out, "quầy 2") != NULL);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='LOGIN' AND counter=2"), 1);
	daemon_kill(&d, SIGTERM);
}

TEST(it_listen_refuses_a_bad_address_before_opening_anything)
{
	char cmd[1400], out[1000], data[600];
	snprintf(data, sizeof data, "%s/never", test_tmpdir());
	static const char *const bad[] = { "7710", "[::1]7710", "localhost:7710", "0.0.0.0:99999", "[::1]:" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(cmd, sizeof cmd, "%s --data %s --headless --no-mdns --listen '%s' 2>&1",
		         daemon_bin("goiso-display"), data, bad[i]);
		CHECK_INT_EQ(run(cmd, out, sizeof out), 2);
		CHECK(strstr(out, "--listen") != NULL);
	}
	snprintf(cmd, sizeof cmd, "test ! -e %s", data);
	CHECK(system(cmd) == 0);
}
