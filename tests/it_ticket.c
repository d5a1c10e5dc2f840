/*
 * Integration tests of the ticket token on the real goiso-display: the
 * ISSUE reply carries a fresh random token, TICKET finds the ticket by it
 * (and by nothing else) for the roles allowed, through a restart; and
 * `goiso-display pair --viewer` makes a read-only credential.
 */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "daemon.h"

static int start(struct daemon *d)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	return daemon_start(d, dir, NULL);
}

static bool token_shaped(const char *t)
{
	return t && strlen(t) == 22 && strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                                         "0123456789-_") == 22;
}

static void err_code(const struct proto_msg *m, char *code, size_t n)
{
	const char *msg;
	if (strcmp(m->word, "ERR")) { snprintf(code, n, "%s", m->word); return; }
	client_err_parts(m, code, n, &msg);
}

TEST(it_ticket_token_from_issue_to_call)
{
	struct daemon d;
	REQUIRE(start(&d) == 0);
	struct client *kiosk = daemon_client(&d, "kiosk", 0), *ctr = daemon_client(&d, "counter", 1);
	struct client *viewer = daemon_client(&d, "viewer", 0);
	REQUIRE(kiosk && ctr && viewer);
	struct proto_msg m;
	char tok[3][40], body[200], code[40];
	for (int i = 0; i < 3; i++) {
		REQUIRE(daemon_call(kiosk, "ISSUE service=A", &m) == 0);
		CHECK_STR_EQ(m.word, "OK");
		CHECK(token_shaped(proto_get(&m, "token")));
		snprintf(tok[i], sizeof tok[i], "%s", proto_get(&m, "token") ? proto_get(&m, "token") : "");
	}
	CHECK(strcmp(tok[0], tok[1]) && strcmp(tok[1], tok[2]) && strcmp(tok[0], tok[2]));
	/* the same request id again: the same ticket and the same token */
	char id[PROTO_ID_MAX + 1], again[200];
	client_new_id(kiosk, id);
	REQUIRE(client_call(kiosk, id, "ISSUE service=B", &m, 3000, body, sizeof body) == 0);
	snprintf(again, sizeof again, "%s", proto_get(&m, "token") ? proto_get(&m, "token") : "");
	REQUIRE(client_call(kiosk, id, "ISSUE service=B", &m, 3000, body, sizeof body) == 0);
	CHECK_STR_EQ(proto_get(&m, "token"), again);
	/* the third A ticket waits behind two */
	snprintf(body, sizeof body, "TICKET token=%s", tok[2]);
	REQUIRE(daemon_call(viewer, body, &m) == 0);
	CHECK_STR_EQ(m.word, "OK");
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A003");
	CHECK_STR_EQ(proto_get(&m, "state"), "waiting");
	CHECK_STR_EQ(proto_get(&m, "ahead"), "2");
	/* counter 1 logs in and calls three times: A003 is at counter 1 */
	REQUIRE(daemon_call(ctr, "LOGIN officer=An", &m) == 0);
	for (int i = 0; i < 3; i++) REQUIRE(daemon_call(ctr, "NEXT", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A003");
	REQUIRE(daemon_call(kiosk, body, &m) == 0);   /* the kiosk may ask too */
	CHECK_STR_EQ(proto_get(&m, "state"), "called");
	CHECK_STR_EQ(proto_get(&m, "counter"), "1");
	/* a counter may not look tickets up; bad and unknown tokens are refused */
	REQUIRE(daemon_call(ctr, body, &m) == 0);
	err_code(&m, code, sizeof code);
	CHECK_STR_EQ(code, "forbidden");
	const char *bad[] = { "TICKET token=A003", "TICKET", "TICKET token=AAAAAAAAAAAAAAAAAAAAAA",
	                      "TICKET token=\"AAAAAAAAAAAAAAAAAAAAA/\"", "TICKET token=\"../../../etc/passwd\"" };
	const char *want[] = { "bad_arg", "bad_arg", "unknown_token", "bad_arg", "bad_arg" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		REQUIRE(daemon_call(viewer, bad[i], &m) == 0);
		err_code(&m, code, sizeof code);
		CHECK_STR_EQ(code, want[i]);
	}
	/* the token is in the log with its issue event: kill -9, the page still works */
	char where[120];
	snprintf(where, sizeof where, "verb='ISSUE' AND text='%s'", tok[0]);
	CHECK_INT_EQ(daemon_count_events(&d, where), 1);
	client_close(kiosk); client_close(ctr); client_close(viewer);
	daemon_kill(&d, SIGKILL);
	REQUIRE(daemon_start(&d, d.data, NULL) == 0);
	viewer = daemon_client(&d, "viewer", 0);
	REQUIRE(viewer != NULL);
	snprintf(body, sizeof body, "TICKET token=%s", tok[0]);
	REQUIRE(daemon_call(viewer, body, &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A001");
	CHECK_STR_EQ(proto_get(&m, "state"), "served");
	REQUIRE(daemon_call(viewer, "RECENT", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "n"), "3");
	CHECK(strncmp(proto_get(&m, "calls"), "A003:1:", 7) == 0);
	client_close(viewer);
	daemon_stop(&d);
}

TEST(it_ticket_pair_viewer_reads_but_cannot_call)
{
	struct daemon d;
	REQUIRE(start(&d) == 0);
	char cmd[1400], keyfile[700], err[300];
	snprintf(keyfile, sizeof keyfile, "%s/web.key", test_tmpdir());
	snprintf(cmd, sizeof cmd, "%s pair --viewer --key %s --data %s > %s/pair.out 2>&1",
	         daemon_bin("goiso-display"), keyfile, d.data, test_tmpdir());
	REQUIRE(system(cmd) == 0);
	struct client_cred cred = { .role = "viewer" };
	REQUIRE(auth_read_keyfile(keyfile, cred.id, cred.key, err, sizeof err) == 0);
	struct client *v = client_connect(d.addr, &cred, 3000, err, sizeof err);
	REQUIRE(v != NULL);
	struct proto_msg m;
	char code[40];
	REQUIRE(daemon_call(v, "SUB", &m) == 0);
	CHECK_STR_EQ(m.word, "OK");
	REQUIRE(daemon_call(v, "STATUS", &m) == 0);
	CHECK_STR_EQ(m.word, "OK");
	const char *denied[] = { "NEXT counter=1", "ISSUE service=A", "LOGIN counter=1 officer=X" };
	for (size_t i = 0; i < 3; i++) {
		REQUIRE(daemon_call(v, denied[i], &m) == 0);
		err_code(&m, code, sizeof code);
		CHECK_STR_EQ(code, "forbidden");
	}
	client_close(v);
	/* the key may not act as a counter either */
	snprintf(cred.role, sizeof cred.role, "counter");
	cred.counter = 1;
	CHECK(client_connect(d.addr, &cred, 3000, err, sizeof err) == NULL);
	CHECK_INT_EQ(daemon_count_events(&d, "1"), 0);
	daemon_stop(&d);
}
