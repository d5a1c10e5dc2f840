/*
 * Integration tests of what each role may read (PROTOCOL.md §3) and of
 * request ids (§4). Officer
 * names are for the site key and the counters; kiosks and viewers see
 * the queue, never who works at a counter.
 */
#include "test.h"

#include <signal.h>
#include <stdio.h>

#include "daemon.h"

TEST(it_roles_kiosk_and_viewer_do_not_read_officer_names)
{
	struct daemon d;
	char dir[600], line[PROTO_LINE_MAX + 1];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	struct proto_msg m;
	struct client *viewer = daemon_client(&d, "viewer", 0);
	struct client *kiosk = daemon_client(&d, "kiosk", 0);
	struct client *c1 = daemon_client(&d, "counter", 1);
	struct client *c2 = daemon_client(&d, "counter", 2);
	struct client *admin = daemon_client(&d, "admin", 0);
	REQUIRE(viewer && kiosk && c1 && c2 && admin);
	CHECK(daemon_call(viewer, "SUB", &m) == 0);
	CHECK(daemon_call(kiosk, "SUB", &m) == 0);
	CHECK(daemon_call(c1, "LOGIN officer=\"Nguyễn Thị Lan\"", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(kiosk, "ISSUE service=A", &m) == 0);
	CHECK(daemon_call(c1, "NEXT", &m) == 0);
	/* no push a kiosk or a viewer received names the officer */
	struct client *low[2] = { viewer, kiosk };
	for (int i = 0; i < 2; i++) {
		int pushes = 0;
		while (client_read_line(low[i], line, sizeof line, 300) == 0) {
			pushes++;
			CHECK(strstr(line, "Lan") == NULL);
		}
		CHECK(pushes >= 2);
	}
	/* the counters and the site key read the name */
	CHECK(daemon_call(c2, "STATUS counter=1", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "officer"), "Nguyễn Thị Lan");
	CHECK(daemon_call(admin, "STATUS counter=1", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "officer"), "Nguyễn Thị Lan");
	/* kiosks and viewers read the counter's state, not the name */
	for (int i = 0; i < 2; i++) {
		CHECK(daemon_call(low[i], "STATUS counter=1", &m) == 0 && !strcmp(m.word, "OK"));
		CHECK_STR_EQ(proto_get(&m, "ticket"), "A001");
		CHECK(proto_get(&m, "officer") == NULL);
		static const char *const reads[] = { "STATUS", "SERVICES", "RECENT" };
		for (int k = 0; k < 3; k++) {
			char id[PROTO_ID_MAX + 1], err[200];
			client_new_id(low[i], id);
			CHECK(client_call(low[i], id, reads[k], &m, 3000, err, sizeof err) == 0);
			CHECK(strstr(m.rest, "Lan") == NULL);
			for (int a = 0; a < m.nargs; a++) CHECK(strstr(m.args[a].val, "Lan") == NULL);
		}
	}
	client_close(viewer);
	client_close(kiosk);
	client_close(c1);
	client_close(c2);
	client_close(admin);
	daemon_kill(&d, SIGTERM);
}

TEST(it_requests_an_id_used_for_another_request_is_refused)
{
	struct daemon d;
	char dir[600], err[300];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	REQUIRE(daemon_start(&d, dir, NULL) == 0);
	struct proto_msg m;
	struct client *a = daemon_client(&d, "admin", 0);
	REQUIRE(a != NULL);
	CHECK(daemon_call(a, "LOGIN officer=An counter=1", &m) == 0);
	CHECK(daemon_call(a, "LOGIN officer=Binh counter=2", &m) == 0);
	for (int i = 0; i < 3; i++) CHECK(daemon_call(a, "ISSUE service=A", &m) == 0);
	CHECK(client_call(a, "10", "NEXT counter=2", &m, 5000, err, sizeof err) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A001");
	/* the same id for another counter, or another verb: refused, nothing done */
	CHECK(client_call(a, "10", "NEXT counter=1", &m, 5000, err, sizeof err) == 0);
	CHECK_STR_EQ(m.word, "ERR");
	CHECK(strncmp(m.rest, "id_reused", 9) == 0);
	CHECK(client_call(a, "10", "SKIP counter=2", &m, 5000, err, sizeof err) == 0);
	CHECK(strncmp(m.rest, "id_reused", 9) == 0);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='NEXT'"), 1);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='SKIP'"), 0);
	/* the same request again is a retry: its first reply */
	CHECK(client_call(a, "10", "NEXT counter=2", &m, 5000, err, sizeof err) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A001");
	client_close(a);
	/* and after a restart, from the log */
	daemon_kill(&d, SIGKILL);
	REQUIRE(daemon_start(&d, d.data, NULL) == 0);
	a = daemon_client(&d, "admin", 0);
	REQUIRE(a != NULL);
	CHECK(client_call(a, "10", "NEXT counter=1", &m, 5000, err, sizeof err) == 0);
	CHECK(strncmp(m.rest, "id_reused", 9) == 0);
	CHECK(client_call(a, "10", "NEXT counter=2", &m, 5000, err, sizeof err) == 0);
	CHECK_STR_EQ(proto_get(&m, "ticket"), "A001");
	CHECK_INT_EQ(daemon_count_events(&d, "verb='NEXT'"), 1);
	client_close(a);
	daemon_kill(&d, SIGTERM);
}
