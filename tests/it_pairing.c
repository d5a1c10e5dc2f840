/*
 * Integration test of pairing under guessing: wrong proofs are counted per
 * source address, so a stranger shuts out only itself, the counter still
 * pairs with the code, and IT staff see the attempts on the display PC.
 */
#include "test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"
#include "pairing.h"

/* One wrong PAIR proof from source address from; returns the reply's code. */
static void wrong_proof(const struct daemon *d, const char *from, char *code, size_t n)
{
	char host[80], buf[2048];
	snprintf(code, n, "(none)");
	snprintf(host, sizeof host, "%s", d->addr);
	char *colon = strrchr(host, ':');
	*colon = 0;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(colon + 1)) };
	struct sockaddr_in me = { .sin_family = AF_INET };
	inet_pton(AF_INET, host, &sa.sin_addr);
	inet_pton(AF_INET, from, &me.sin_addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) return;
	if (bind(fd, (struct sockaddr *)&me, sizeof me) == 0 &&
	    connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 && recv(fd, buf, sizeof buf, 0) > 0) {
		char line[512];
		int len = snprintf(line, sizeof line, "p2 PAIR counter=1 pk=%064d cnonce=%032d mac=%064d\n", 7, 7, 0);
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t r;
		if (send(fd, line, (size_t)len, MSG_NOSIGNAL) == len && poll(&p, 1, 3000) > 0 &&
		    (r = recv(fd, buf, sizeof buf - 1, 0)) > 0) {
			buf[r] = 0;
			sscanf(buf, "p2 ERR %31s", code);
		}
	}
	close(fd);
}

/* A pairing code for counter 1, as `goiso-display pair` prints it: 0, or -1. */
static int new_code(const struct daemon *d, char pcode[32])
{
	char cmd[1600], out[700], line[512];
	snprintf(out, sizeof out, "%s/pair.out", test_tmpdir());
	snprintf(cmd, sizeof cmd, "%s pair --counter 1 --data %s > %s", daemon_bin("goiso-display"), d->data, out);
	if (system(cmd) != 0) return -1;
	FILE *f = fopen(out, "r");
	if (!f) return -1;
	pcode[0] = 0;
	while (fgets(line, sizeof line, f)) sscanf(line, "Mã ghép nối: %31s", pcode);
	fclose(f);
	return strlen(pcode) == 9 ? 0 : -1;
}

TEST(it_pairing_a_guessing_stranger_shuts_out_only_itself)
{
	struct daemon d;
	char dir[600], cmd[2400], pcode[32] = "";
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	REQUIRE(new_code(&d, pcode) == 0);
	/* a stranger at 127.0.0.2 guesses seven times */
	char code[32];
	for (int i = 0; i < 4; i++) {
		wrong_proof(&d, "127.0.0.2", code, sizeof code);
		CHECK_STR_EQ(code, "bad_code");
	}
	for (int i = 0; i < 3; i++) {
		wrong_proof(&d, "127.0.0.2", code, sizeof code);
		CHECK_STR_EQ(code, "code_locked");
	}
	/* IT staff are told, in the log and by 'goiso-display keys' */
	CHECK_INT_EQ(daemon_log_count(&d, "5 wrong codes from 127.0.0.2"), 1);
	snprintf(cmd, sizeof cmd, "%s keys --data %s | grep -q '127.0.0.2.*đã chặn'", daemon_bin("goiso-display"), d.data);
	CHECK(system(cmd) == 0);
	/* the counter, from 127.0.0.1, still pairs with the code */
	snprintf(cmd, sizeof cmd, "%s pair %s --counter 1 --connect %s --key %s/counter.key > %s/caller.out 2>&1",
	         daemon_bin("goiso-caller"), pcode, d.addr, test_tmpdir(), test_tmpdir());
	CHECK(system(cmd) == 0);
	snprintf(cmd, sizeof cmd, "test -s %s/counter.key", test_tmpdir());
	CHECK(system(cmd) == 0);
	daemon_kill(&d, SIGTERM);
}

TEST(it_pairing_guesses_from_many_addresses_destroy_the_code)
{
	struct daemon d;
	char cmd[2400], pcode[32] = "", code[32], from[32];
	REQUIRE(daemon_start_here(&d, NULL) == 0);
	REQUIRE(new_code(&d, pcode) == 0);
	/* 24 wrong codes, four from each of six addresses: none shut out yet */
	for (int i = 0; i < PAIRING_MAX_FAILS_TOTAL - 1; i++) {
		snprintf(from, sizeof from, "127.0.0.%d", 10 + i / 4);
		wrong_proof(&d, from, code, sizeof code);
		CHECK_STR_EQ(code, "bad_code");
	}
	/* the 25th, from a seventh address, destroys the code for everyone */
	wrong_proof(&d, "127.0.0.30", code, sizeof code);
	CHECK_STR_EQ(code, "code_locked");
	CHECK_INT_EQ(daemon_log_count(&d, "code destroyed after 25 wrong attempts"), 1);
	wrong_proof(&d, "127.0.0.31", code, sizeof code);
	CHECK_STR_EQ(code, "no_code");
	/* the counter that holds the right code must be given a new one */
	snprintf(cmd, sizeof cmd, "%s pair %s --counter 1 --connect %s --key %s/counter.key > %s/caller.out 2>&1",
	         daemon_bin("goiso-caller"), pcode, d.addr, test_tmpdir(), test_tmpdir());
	CHECK(system(cmd) != 0);
	daemon_stop(&d);
}
