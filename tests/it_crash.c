/*
 * Crash test: a scripted load from several counters while the daemon is
 * killed with SIGKILL at 50 random moments and restarted each time.
 *
 * Checks: every acknowledged request is in the log with the reply that was
 * given; no ticket number is issued twice in the day; no ticket is called
 * twice; and, for kills made while the load is held still, STATUS after the
 * restart equals STATUS just before the kill.
 */
#include "test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"

#define WORKERS 4
#define KILLS 50
#define MIN_ACKED 2000

/* One counter: log in, then issue and call in a loop. Every request is
 * retried with the same id until it is answered; answers go to ackfile as
 * "<id> <reply line>". */
static void worker(const struct daemon *d, int counter, const char *ackfile)
{
	static const char *const script[] = {
		"ISSUE service=A", "ISSUE service=C priority=elderly", "NEXT", "ISSUE service=A",
		"NEXT", "RECALL", "RATE score=4", "ISSUE service=C", "NEXT", "SKIP", "NEXT",
	};
	FILE *acks = fopen(ackfile, "w");
	freopen("/dev/null", "w", stderr);   /* reconnect noise while the daemon is down */
	struct client *c = NULL;
	char id[PROTO_ID_MAX + 1], err[200];
	srand((unsigned)getpid());
	if (!acks) _exit(1);
	setvbuf(acks, NULL, _IOLBF, 0);
	char stopfile[700];
	snprintf(stopfile, sizeof stopfile, "%s.stop", ackfile);
	for (unsigned long n = 0; access(stopfile, F_OK) != 0; n++) {
		const char *body = n == 0 ? "LOGIN officer=\"Cán bộ\"" : script[n % (sizeof script / sizeof *script)];
		snprintf(id, sizeof id, "w%d-%lu", counter, n);
		for (;;) {
			struct proto_msg m;
			if (!c) c = daemon_client(d, "counter", counter);
			if (c && client_call(c, id, body, &m, 3000, err, sizeof err) == 0) {
				const char *t = proto_get(&m, "ticket");
				fprintf(acks, "%s %s %s %s | %s\n", id, m.word, m.word[0] == 'O' && t ? t : "-", body, m.rest);
				break;
			}
			client_close(c);
			c = NULL;
			usleep(20000);
		}
	}
	fclose(acks);
	client_close(c);
	_exit(0);
}

static void sleep_ms(int ms) { usleep((useconds_t)ms * 1000); }

static int query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Every acked request must be a logged event (OK) with the same ticket. */
static int check_acks(sqlite3 *db, const char *ackfile, int counter, int *nacked, int *nok)
{
	char line[600], id[64], word[8], ticket[16], sql[300];
	int missing = 0;
	FILE *f = fopen(ackfile, "r");
	if (!f) return -1;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "%63s %7s %15s", id, word, ticket) != 3) continue;
		(*nacked)++;
		if (strcmp(word, "OK")) continue;
		(*nok)++;
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM events WHERE principal='site/counter/%d' AND req='%s'"
		         " AND (label='%s' OR '%s' IN ('-','none'))", counter, id, ticket, ticket);
		if (query_int(db, sql) != 1) {
			if (missing++ < 5) fprintf(stderr, "acknowledged but not in the log: %s", line);
		}
	}
	fclose(f);
	return missing;
}

TEST_TIMEOUT(it_crash_kill9_loses_nothing, 600)
{
	struct daemon d;
	char dir[600], listen[40], acks[WORKERS][700];
	int port = daemon_free_port();
	REQUIRE(port > 0);
	snprintf(dir, sizeof dir, "%s/data", test_tmpdir());
	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	char conf[700];
	snprintf(conf, sizeof conf, "%s/crash.conf", test_tmpdir());
	FILE *cf = fopen(conf, "w");
	REQUIRE(cf != NULL);
	fputs("[center]\nname = Crash\npriority_groups = elderly\n"
	      "[service A]\nnumbers = 1-99999\n[service C]\nnumbers = 1-99999\n"
	      "[counter 1]\n[counter 2]\n[counter 3]\n[counter 4]\n", cf);
	fclose(cf);
	const char *args[] = { "--listen", listen, "--config", conf, NULL };
	REQUIRE(daemon_start(&d, dir, args) == 0);
	pid_t pids[WORKERS];
	for (int w = 0; w < WORKERS; w++) {
		snprintf(acks[w], sizeof acks[w], "%s/acks-%d", test_tmpdir(), w + 1);
		if ((pids[w] = fork()) == 0) worker(&d, w + 1, acks[w]);
	}
	srand((unsigned)time(NULL));
	int compared = 0, mismatched = 0;
	for (int k = 0; k < KILLS; k++) {
		sleep_ms(40 + rand() % 120);
		char before[2048] = "", after[2048] = "";
		bool still = k % 2 == 1;   /* every other kill: hold the load still, compare STATUS */
		if (still) {
			for (int w = 0; w < WORKERS; w++) kill(pids[w], SIGSTOP);
			sleep_ms(30);   /* requests already sent are handled */
			if (daemon_status(&d, before, sizeof before)) before[0] = 0;
		}
		daemon_kill(&d, SIGKILL);
		if (daemon_start(&d, dir, args)) { test_fail(__FILE__, __LINE__, "restart %d failed", k); break; }
		if (still) {
			if (before[0] && daemon_status(&d, after, sizeof after) == 0) {
				compared++;
				if (strcmp(before, after)) {
					mismatched++;
					fprintf(stderr, "STATUS before kill: %s\nSTATUS after restart: %s\n", before, after);
				}
			}
			for (int w = 0; w < WORKERS; w++) kill(pids[w], SIGCONT);
		}
	}
	/* let the load reach its count, then stop it */
	int total = 0;
	for (int tries = 0; tries < 600; tries++) {
		total = 0;
		for (int w = 0; w < WORKERS; w++) {
			FILE *f = fopen(acks[w], "r");
			int c;
			if (!f) continue;
			while ((c = fgetc(f)) != EOF) total += c == '\n';
			fclose(f);
		}
		if (total >= MIN_ACKED) break;
		sleep_ms(50);
	}
	for (int w = 0; w < WORKERS; w++) {
		char stopfile[720];
		snprintf(stopfile, sizeof stopfile, "%s.stop", acks[w]);
		fclose(fopen(stopfile, "w"));
	}
	for (int w = 0; w < WORKERS; w++) waitpid(pids[w], NULL, 0);
	daemon_stop(&d);
	CHECK(total >= MIN_ACKED);
	CHECK(compared >= KILLS / 2 - 2);
	CHECK_INT_EQ(mismatched, 0);

	char path[700];
	sqlite3 *db;
	snprintf(path, sizeof path, "%s/events.db", dir);
	REQUIRE(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK);
	/* the daemon is stopped: an index of our own makes the per-ack look-up fast */
	sqlite3_exec(db, "CREATE INDEX t_req ON events(principal, req)", NULL, NULL, NULL);
	int acked = 0, ok = 0, missing = 0;
	for (int w = 0; w < WORKERS; w++) missing += check_acks(db, acks[w], w + 1, &acked, &ok);
	CHECK_INT_EQ(missing, 0);
	CHECK(ok >= MIN_ACKED);
	CHECK_INT_EQ(query_int(db, "SELECT COUNT(*) FROM (SELECT label FROM events WHERE verb='ISSUE'"
	                           " GROUP BY day, label HAVING COUNT(*) > 1)"), 0);
	CHECK_INT_EQ(query_int(db, "SELECT COUNT(*) FROM (SELECT ticket FROM events WHERE verb='NEXT'"
	                           " AND ticket >= 0 GROUP BY day, ticket HAVING COUNT(*) > 1)"), 0);
	/* one request id, one event */
	CHECK_INT_EQ(query_int(db, "SELECT COUNT(*) FROM (SELECT req FROM events WHERE req IS NOT NULL"
	                           " GROUP BY principal, req HAVING COUNT(*) > 1)"), 0);
	printf("    crash test: %d kills, %d STATUS compared, %d requests answered (%d OK), %d events logged\n",
	       KILLS, compared, acked, ok, query_int(db, "SELECT COUNT(*) FROM events"));
	sqlite3_close(db);
}
