/*
 * Integration test of pairing under guessing: wrong proofs are counted per
 * source address, so a stranger shuts out only itself, the counter still
 * pairs with the code, and IT staff see the attempts on the display PC;
 * and 'goiso-display revoke', which takes a paired key away again; the
 * code's expiry said in the center's time.
 */
#include "test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "daemon.h"
#include "file.h"
#include "pair.h"
#include "pairing.h"

/* One wrong PAIR proof for counter (its text as sent) from source address
 * from; returns the reply's code. */
static void wrong_proof_for(const struct daemon *d, const char *from, const char *counter,
                            char *code, size_t n)
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
		int len = snprintf(line, sizeof line, "p2 PAIR counter=%s pk=%064d cnonce=%032d mac=%064d\n",
		                   counter, 7, 7, 0);
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

static void wrong_proof(const struct daemon *d, const char *from, char *code, size_t n)
{
	wrong_proof_for(d, from, "1", code, n);
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
	/* a counter that is not a whole number is refused before any guess is
	 * counted: "1x" is not counter 1 */
	char code[32];
	const char *bad[] = { "1x", "", "+", "99999999999999999999", "0" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		wrong_proof_for(&d, "127.0.0.2", bad[i], code, sizeof code);
		CHECK_STR_EQ(code, "bad_arg");
	}
	/* a stranger at 127.0.0.2 guesses seven times */
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
	/* the counter, from 127.0.0.1, still pairs with the code; under the
	 * usual umask, over a profile an older pairing left readable by all,
	 * its key and the profile beside it are private (0600) */
	char key[700], site[720];
	snprintf(key, sizeof key, "%s/counter.key", test_tmpdir());
	snprintf(site, sizeof site, "%s.site", key);
	umask(022);
	FILE *f = fopen(site, "w");
	REQUIRE(f != NULL);
	fputs("counter=9\n", f);
	fclose(f);
	REQUIRE(chmod(site, 0644) == 0);
	snprintf(cmd, sizeof cmd, "%s pair %s --counter 1 --connect %s --key %s > %s/caller.out 2>&1",
	         daemon_bin("goiso-caller"), pcode, d.addr, key, test_tmpdir());
	CHECK(system(cmd) == 0);
	struct stat st;
	CHECK(stat(key, &st) == 0 && st.st_size > 0);
	CHECK_INT_EQ(st.st_mode & 0777, 0600);
	int counter = 0;
	char id[64];
	CHECK(stat(site, &st) == 0 && pair_read_profile(key, &counter, id, sizeof id) == 0);
	CHECK_INT_EQ(st.st_mode & 0777, 0600);
	CHECK_INT_EQ(counter, 1);
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

/* goiso-display revoke ARGS --data DIR, its output kept in <tmp>/revoke.out:
 * the exit status. */
static int run_revoke(const struct daemon *d, const char *args)
{
	char cmd[2400];
	snprintf(cmd, sizeof cmd, "%s revoke %s --data %s > %s/revoke.out 2>&1", daemon_bin("goiso-display"), args,
	         d->data, test_tmpdir());
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool revoke_said(const char *text)
{
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "grep -qF '%s' %s/revoke.out", text, test_tmpdir());
	return system(cmd) == 0;
}

/* A connection the display has closed: no more lines, not even a reply. */
static bool closed(struct client *c)
{
	char line[PROTO_LINE_MAX + 1];
	bool gone = c && client_read_line(c, line, sizeof line, 3000) < 0;
	client_close(c);
	return gone;
}

static bool connects(const struct daemon *d, const struct client_cred *cred)
{
	char err[300];
	struct client *c = client_connect(d->addr, cred, 3000, err, sizeof err);
	client_close(c);
	return c != NULL;
}

/* A stolen kiosk, a follower board taken down, the web gateway's key:
 * each can be taken away alone, without touching the counter of the same
 * number, and the display's own key cannot be. */
TEST(it_revoke_takes_a_kiosk_a_follower_or_one_key)
{
	struct daemon d;
	struct client_cred kiosk, follower, web, other, counter;
	char err[300];
	REQUIRE(daemon_start_here(&d, NULL) == 0);
	REQUIRE(daemon_add_key(&d, "k1-test", "kiosk", 1, &kiosk) == 0);
	REQUIRE(daemon_add_key(&d, "v2-test", "viewer", 2, &follower) == 0);
	REQUIRE(daemon_add_key(&d, "v0-web", "viewer", 0, &web) == 0);
	REQUIRE(daemon_add_key(&d, "v3-other", "viewer", 3, &other) == 0);
	REQUIRE(daemon_add_key(&d, "c1-test", "counter", 1, &counter) == 0);
	struct client *k = client_connect(d.addr, &kiosk, 3000, err, sizeof err);
	struct client *f = client_connect(d.addr, &follower, 3000, err, sizeof err);
	REQUIRE(k && f);
	/* 'keys' names each by what it is, as revoke takes it */
	char cmd[2400];
	snprintf(cmd, sizeof cmd, "%s keys --data %s > %s/keys.out 2>&1", daemon_bin("goiso-display"), d.data,
	         test_tmpdir());
	CHECK(system(cmd) == 0);
	snprintf(cmd, sizeof cmd, "grep -q '^k1-test *kiosk *máy lấy số 1$' %s/keys.out && "
	         "grep -q '^v2-test *viewer *màn hình phụ 2$' %s/keys.out && "
	         "grep -q '^c1-test *counter *quầy 1$' %s/keys.out && grep -q '^v0-web *viewer$' %s/keys.out",
	         test_tmpdir(), test_tmpdir(), test_tmpdir(), test_tmpdir());
	CHECK(system(cmd) == 0);

	CHECK_INT_EQ(run_revoke(&d, "--kiosk 1"), 0);
	CHECK(revoke_said("Đã thu hồi 1 khóa của máy lấy số 1"));
	CHECK(closed(k));
	CHECK(!connects(&d, &kiosk));
	CHECK(connects(&d, &counter));   /* counter 1 is not kiosk 1 */
	CHECK(connects(&d, &follower));

	CHECK_INT_EQ(run_revoke(&d, "--follower 2"), 0);
	CHECK(revoke_said("Đã thu hồi 1 khóa của màn hình phụ 2"));
	CHECK(closed(f));
	CHECK(!connects(&d, &follower));
	CHECK(connects(&d, &web));

	CHECK_INT_EQ(run_revoke(&d, "v0-web"), 0);
	CHECK(revoke_said("Đã thu hồi khóa v0-web"));
	CHECK(!connects(&d, &web));
	CHECK(connects(&d, &other));   /* that key alone */
	CHECK_INT_EQ(run_revoke(&d, "v0-web"), 1);   /* gone already: said, not silent */
	CHECK(revoke_said("không có khóa v0-web"));
	CHECK_INT_EQ(run_revoke(&d, "--kiosk 1"), 0);
	CHECK(revoke_said("Máy lấy số 1 không có khóa nào để thu hồi"));

	CHECK_INT_EQ(run_revoke(&d, "site"), 1);
	CHECK_INT_EQ(run_revoke(&d, "--kiosk"), 2);
	CHECK_INT_EQ(run_revoke(&d, "--follower 0"), 2);
	struct client *admin = daemon_client(&d, "admin", 0);
	CHECK(admin != NULL);   /* the display's own key still works */
	client_close(admin);
	CHECK(connects(&d, &counter));
	daemon_stop(&d);
}

/* Whether the output of `goiso-display ARGS` (run with TZ=UTC) holds
 * "<before>HH:MM" for the center at utc_offset_min, HH:MM being now+ahead_s
 * there (either side of a minute turning while it ran). */
static bool says_center_time(const char *args, const char *before, int utc_offset_min, int ahead_s)
{
	char cmd[2400], out[700], line[512], want[2][80];
	snprintf(out, sizeof out, "%s/said.out", test_tmpdir());
	snprintf(cmd, sizeof cmd, "TZ=UTC %s %s > %s 2>&1", daemon_bin("goiso-display"), args, out);
	time_t t[2];
	t[0] = time(NULL);
	int rc = system(cmd);
	t[1] = time(NULL);
	for (int i = 0; i < 2; i++) {
		time_t c = t[i] + ahead_s + (time_t)utc_offset_min * 60;
		struct tm tm;
		gmtime_r(&c, &tm);
		snprintf(want[i], sizeof want[i], "%s%02d:%02d", before, tm.tm_hour, tm.tm_min);
	}
	bool found = false;
	FILE *f = fopen(out, "r");
	while (f && fgets(line, sizeof line, f))
		found |= strstr(line, want[0]) || strstr(line, want[1]);
	if (f) fclose(f);
	if (rc != 0 || !found) {
		fprintf(stderr, "  goiso-display %s (exit %d) does not say %s:\n", args, rc, want[1]);
		snprintf(cmd, sizeof cmd, "sed 's/^/    /' %s >&2", out);
		if (system(cmd)) {}
	}
	return rc == 0 && found;
}

/* A wall PC left at UTC in a center at +07:00: `pair` says when its code
 * expires, and `keys` when the pending one does, in the center's time as
 * the board shows it (22:47, not 15:47): the sample center's +7 without
 * --config, the center's own utc_offset with it. */
TEST(it_pairing_code_expiry_is_said_in_the_centers_time)
{
	struct daemon d;
	REQUIRE(daemon_start_here(&d, NULL) == 0);
	char conf[700], text[8192], *at, err[300], args[2000];
	REQUIRE(strlen(config_default_text) < sizeof text);
	snprintf(text, sizeof text, "%s", config_default_text);
	REQUIRE((at = strstr(text, "utc_offset = +7\n")) != NULL);
	memcpy(at, "utc_offset = -5", 15);
	snprintf(conf, sizeof conf, "%s/center.conf", test_tmpdir());
	REQUIRE(file_write(conf, text, strlen(text), err, sizeof err) == 0);

	snprintf(args, sizeof args, "pair --counter 1 --data %s", d.data);
	CHECK(says_center_time(args, "hết hạn sau 5 phút, lúc ", 7 * 60, 5 * 60));
	snprintf(args, sizeof args, "keys --data %s", d.data);
	CHECK(says_center_time(args, "hết hạn lúc ", 7 * 60, 5 * 60));
	/* the center's own file; --config before the command, as the display takes it */
	snprintf(args, sizeof args, "pair --counter 1 --minutes 30 --config %s --data %s", conf, d.data);
	CHECK(says_center_time(args, "hết hạn sau 30 phút, lúc ", -5 * 60, 30 * 60));
	snprintf(args, sizeof args, "--config %s keys --data %s", conf, d.data);
	CHECK(says_center_time(args, "hết hạn lúc ", -5 * 60, 30 * 60));
	daemon_stop(&d);
}
