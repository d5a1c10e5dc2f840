/*
 * Role binding at AUTH, against the real goiso-display: a credential acts
 * only as the role and counter it was given. Every kind of credential that
 * is not the site key (counter, kiosk, viewer) tries every other role and
 * counter; each try is refused by the display, and nothing it could have
 * done reaches the event log. Then each role's verbs: what a role may not
 * do is refused and not logged.
 */
#include "test.h"

#include <errno.h>
#include <stdlib.h>

#include "daemon.h"

static int start(struct daemon *d)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	return daemon_start(d, dir, NULL);
}

/* A little day: counters 4 (B, D) and 5 (C, A) open, tickets waiting for both. */
static void open_day(const struct daemon *d)
{
	struct client *a = daemon_client(d, "admin", 0);
	struct proto_msg m;
	REQUIRE(a != NULL);
	CHECK(daemon_call(a, "LOGIN officer=Lan counter=4", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(a, "LOGIN officer=Hoa counter=5", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(a, "ISSUE service=A", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(a, "ISSUE service=B", &m) == 0 && !strcmp(m.word, "OK"));
	CHECK(daemon_call(a, "ISSUE service=B", &m) == 0 && !strcmp(m.word, "OK"));
	client_close(a);
}

/* What a wrongly admitted connection would do: call and issue for others. */
static void try_damage(struct client *c)
{
	struct proto_msg m;
	daemon_call(c, "NEXT counter=5", &m);
	daemon_call(c, "NEXT", &m);
	daemon_call(c, "ISSUE service=A", &m);
	daemon_call(c, "PAUSE reason=x counter=5", &m);
}

TEST(it_roles_a_credential_acts_only_as_what_it_was_given)
{
	static const struct { const char *id, *role; int counter; } creds[] = {
		{ "c4-roles", "counter", 4 }, { "k-roles", "kiosk", 1 }, { "v-roles", "viewer", 0 },
	};
	static const char *const roles[] = { "admin", "counter", "kiosk", "viewer", "root" };
	static const int counters[] = { 0, 1, 4, 5, 999 };
	struct daemon d;
	REQUIRE(start(&d) == 0);
	open_day(&d);
	int events = daemon_count_events(&d, "1");
	REQUIRE(events > 0);
	for (size_t k = 0; k < sizeof creds / sizeof creds[0]; k++) {
		struct client_cred cred;
		REQUIRE(daemon_add_key(&d, creds[k].id, creds[k].role, creds[k].counter, &cred) == 0);
		int admitted_as_given = 0;
		for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++)
			for (size_t n = 0; n < sizeof counters / sizeof counters[0]; n++) {
				char err[300];
				bool given = !strcmp(roles[r], creds[k].role) && counters[n] == creds[k].counter;
				snprintf(cred.role, sizeof cred.role, "%s", roles[r]);
				cred.counter = counters[n];
				errno = 0;
				struct client *c = client_connect(d.addr, &cred, 3000, err, sizeof err);
				if (given) {
					admitted_as_given += c != NULL;
				} else if (c) {
					test_fail(__FILE__, __LINE__, "%s key admitted as %s counter %d", creds[k].role,
					          roles[r], counters[n]);
					try_damage(c);
				} else if (errno != EACCES) {
					test_fail(__FILE__, __LINE__, "%s key as %s/%d: not refused by the display (%s)",
					          creds[k].role, roles[r], counters[n], err);
				}
				client_close(c);
			}
		/* the tries were refused for what they asked, not for a bad key */
		CHECK_INT_EQ(admitted_as_given, 1);
	}
	CHECK_INT_EQ(daemon_count_events(&d, "1"), events);
	daemon_stop(&d);
}

/* Each role's verbs: allowed ones answer, the others are refused as
 * forbidden and leave no event. */
TEST(it_roles_each_role_keeps_to_its_verbs)
{
	static const struct { const char *role; int counter; const char *body; bool allowed; } tries[] = {
		{ "viewer", 0, "NEXT counter=4", false },   { "viewer", 0, "ISSUE service=A", false },
		{ "viewer", 0, "LOGIN officer=X counter=4", false }, { "viewer", 0, "STATUS", true },
		{ "kiosk", 0, "NEXT counter=4", false },    { "kiosk", 0, "DONE counter=4", false },
		{ "kiosk", 0, "PAUSE reason=x counter=5", false }, { "kiosk", 0, "NOSHOWS", false },
		{ "kiosk", 0, "ISSUE service=A", true },
		{ "counter", 4, "NEXT counter=5", false }, { "counter", 4, "NEXT", true },
		{ "counter", 4, "TICKET token=AAAAAAAAAAAAAAAAAAAAAA", false },
		{ "counter", 4, "VOID ticket=A001 reason=x", false }, { "viewer", 0, "VOID ticket=A001 reason=x", false },
		{ "counter", 4, "DEVICE state=paper_out", false }, { "viewer", 0, "DEVICE state=paper_out", false },
		{ "viewer", 0, "NOSHOWS", false }, { "viewer", 0, "RATE score=5 counter=4", false },
		/* numbered 4 like a counter: only the role table stands between
		 * these and counter 4's queue */
		{ "kiosk", 4, "NEXT", false }, { "kiosk", 4, "DONE", false }, { "kiosk", 4, "LOGIN officer=X", false },
		{ "kiosk", 4, "PAUSE reason=x", false }, { "kiosk", 4, "RATE score=5", false },
		{ "viewer", 4, "NEXT", false }, { "viewer", 4, "ISSUE service=B", false },
		{ "viewer", 4, "SKIP", false }, { "viewer", 4, "LOGOUT", false },
	};
	struct daemon d;
	REQUIRE(start(&d) == 0);
	open_day(&d);
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		struct client_cred cred;
		char id[32];
		snprintf(id, sizeof id, "t%zu-%s", i, tries[i].role);
		REQUIRE(daemon_add_key(&d, id, tries[i].role, tries[i].counter, &cred) == 0);
		char err[300];
		struct client *c = client_connect(d.addr, &cred, 3000, err, sizeof err);
		REQUIRE(c != NULL);
		int before = daemon_count_events(&d, "1");
		struct proto_msg m;
		REQUIRE(daemon_call(c, tries[i].body, &m) == 0);
		char code[40] = "OK";
		const char *msg;
		if (!strcmp(m.word, "ERR")) client_err_parts(&m, code, sizeof code, &msg);
		if (tries[i].allowed && strcmp(code, "OK"))
			test_fail(__FILE__, __LINE__, "%s: %s answered %s", tries[i].role, tries[i].body, code);
		if (!tries[i].allowed) {
			if (strcmp(code, "forbidden"))
				test_fail(__FILE__, __LINE__, "%s: %s answered %s, not forbidden", tries[i].role,
				          tries[i].body, code);
			CHECK_INT_EQ(daemon_count_events(&d, "1"), before);
		}
		client_close(c);
	}
	/* counter 4's one NEXT called at counter 4: counter 5 still has nothing */
	CHECK_INT_EQ(daemon_count_events(&d, "verb='NEXT' AND counter=4"), 1);
	CHECK_INT_EQ(daemon_count_events(&d, "verb='NEXT' AND counter=5"), 0);
	daemon_stop(&d);
}
