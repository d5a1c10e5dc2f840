/*
 * Integration test of the read-only NOSHOWS verb the counter panel uses to
 * offer "Gọi lại số đã bỏ qua": today's no-show tickets of the counter's
 * services (or last called by it), newest first, gone once requeued.
 */
#include "test.h"

#include <signal.h>
#include <stdio.h>

#include "daemon.h"

TEST(it_noshows_lists_the_counters_skipped_tickets)
{
	struct daemon d;
	REQUIRE(daemon_start_here(&d, NULL) == 0);
	struct proto_msg m;
	struct client *c5 = daemon_client(&d, "counter", 5);   /* services C, A */
	struct client *c3 = daemon_client(&d, "counter", 3);   /* service B */
	REQUIRE(c5 && c3);
	CHECK(daemon_call(c5, "NOSHOWS", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK_STR_EQ(proto_get(&m, "tickets"), "none");
	CHECK_STR_EQ(proto_get(&m, "count"), "0");
	daemon_call(c5, "LOGIN officer=\"Trần Văn Bình\"", &m);
	daemon_call(c3, "LOGIN officer=Hà", &m);
	for (int i = 0; i < 2; i++) daemon_call(c5, "ISSUE service=C", &m);
	daemon_call(c5, "ISSUE service=B", &m);
	/* C001 and C002 skipped at counter 5, B001 at counter 3 */
	for (int i = 0; i < 2; i++) {
		CHECK(daemon_call(c5, "NEXT", &m) == 0 && !strcmp(m.word, "OK"));
		CHECK(daemon_call(c5, "SKIP", &m) == 0 && !strcmp(m.word, "OK"));
	}
	CHECK(daemon_call(c3, "NEXT", &m) == 0 && daemon_call(c3, "SKIP", &m) == 0);
	CHECK(daemon_call(c5, "NOSHOWS", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "tickets"), "C002,C001");
	CHECK_STR_EQ(proto_get(&m, "count"), "2");
	CHECK(daemon_call(c3, "NOSHOWS", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "tickets"), "B001");
	/* requeued: no longer a no-show */
	CHECK(daemon_call(c5, "REQUEUE ticket=C001", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(c5, "NOSHOWS", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "tickets"), "C002");
	/* another counter's list may be read; an unknown counter is an error */
	CHECK(daemon_call(c3, "NOSHOWS counter=5", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "tickets"), "C002");
	CHECK(daemon_call(c3, "NOSHOWS counter=77", &m) == 0 && !strcmp(m.word, "ERR"));
	/* a kiosk may not */
	struct client *k = daemon_client(&d, "kiosk", 0);
	REQUIRE(k != NULL);
	CHECK(daemon_call(k, "NOSHOWS counter=5", &m) == 0 && !strncmp(m.rest, "forbidden", 9));
	client_close(k);
	client_close(c5);
	client_close(c3);
	daemon_stop(&d);
}

TEST(it_noshows_requeue_has_the_scope_of_noshows)
{
	/* counter 3 serves only B: it cannot put back C001, which its
	 * NOSHOWS does not show; counter 5 can */
	struct daemon d;
	REQUIRE(daemon_start_here(&d, NULL) == 0);
	struct proto_msg m;
	struct client *c5 = daemon_client(&d, "counter", 5);   /* services C, A */
	struct client *c3 = daemon_client(&d, "counter", 3);   /* service B */
	REQUIRE(c5 && c3);
	daemon_call(c5, "LOGIN officer=An", &m);
	daemon_call(c3, "LOGIN officer=Hà", &m);
	daemon_call(c5, "ISSUE service=C", &m);
	CHECK(daemon_call(c5, "NEXT", &m) == 0 && daemon_call(c5, "SKIP", &m) == 0);
	CHECK(daemon_call(c3, "NOSHOWS", &m) == 0);
	CHECK_STR_EQ(proto_get(&m, "tickets"), "none");
	CHECK(daemon_call(c3, "REQUEUE ticket=C001", &m) == 0);
	CHECK_STR_EQ(m.word, "ERR");
	CHECK(strncmp(m.rest, "not_noshow", 10) == 0);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='REQUEUE'"), 0);
	CHECK(daemon_call(c5, "REQUEUE ticket=C001", &m) == 0 && !strcmp(m.word, "OK"));
	client_close(c5);
	client_close(c3);
	daemon_stop(&d);
}
