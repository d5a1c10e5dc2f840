/*
 * reportday: the scripted day (see reportday.h), through engine_decide,
 * engine_apply and store_append as the daemon writes it. VOID goes through
 * the engine when it knows the verb; otherwise its row is appended with
 * SQL, as that engine would log it (counter 0, the ticket, the reason).
 */
#include "reportday.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "engine.h"
#include "store.h"

const char reportday_conf[] =
	"[center]\nname = Trung tâm thử\nutc_offset = +7\nday_start = 4\n"
	"[service A]\nname = Hộ tịch\nhours = 00:00-24:00\n"
	"[service B]\nname = Đất đai\nhours = 00:00-24:00\n"
	"[counter 1]\nname = Quầy 1\nservices = A\n"
	"[counter 2]\nname = Quầy 2\nservices = B, A\n";

int64_t reportday_ms(int next, int h, int m, int s)
{
	return ((int64_t)(REPORTDAY + next) * 86400 + h * 3600 + m * 60 + s - 7 * 3600) * 1000;
}

struct script {
	struct config *cfg;
	struct engine *e;
	struct store *st;
	const char *path;
	int fail;
};

static void step(struct script *sc, int64_t at, enum engine_verb verb, int counter, const char *arg)
{
	struct engine_cmd c = { .verb = verb, .counter = counter, .service = -1, .ticket = -1 };
	struct engine_event ev;
	if (sc->fail) return;
	if (engine_day_of(sc->cfg, at) != engine_day(sc->e)) {
		if (store_commit(sc->st)) sc->fail = 1;
		engine_new_day(sc->e, engine_day_of(sc->cfg, at));
	}
	if (arg) {
		snprintf(c.text, sizeof c.text, "%s", arg);
		c.service = config_service_index(sc->cfg, arg);
		c.ticket = engine_find_ticket(sc->e, arg);
		sscanf(arg, "%d", &c.score);
	}
	int rc = engine_decide(sc->e, &c, at, &ev);
	if (rc || engine_apply(sc->e, &ev) || store_append(sc->st, sc->e, &ev, "test", NULL, NULL)) {
		fprintf(stderr, "reportday: %s %s refused: %s\n", engine_verb_name(verb), arg ? arg : "",
		        engine_strerror(rc));
		sc->fail = 1;
	}
}

static void void_ticket(struct script *sc, int64_t at, const char *label, const char *reason)
{
	int verb = engine_verb_from_name("VOID");
	if (verb >= 0) {
		struct engine_cmd c = { .verb = (enum engine_verb)verb, .service = -1 };
		struct engine_event ev;
		c.ticket = engine_find_ticket(sc->e, label);
		snprintf(c.text, sizeof c.text, "%s", reason);
		if (engine_decide(sc->e, &c, at, &ev) || engine_apply(sc->e, &ev) ||
		    store_append(sc->st, sc->e, &ev, "test", NULL, NULL))
			sc->fail = 1;
		return;
	}
	sqlite3 *db;
	char *sql = sqlite3_mprintf(
		"INSERT INTO events(day,at_ms,verb,counter,ticket,finished,number,score,text,label)"
		" VALUES(%lld,%lld,'VOID',0,%d,-1,0,0,%Q,%Q)", (long long)engine_day(sc->e), (long long)at,
		engine_find_ticket(sc->e, label), reason, label);
	if (store_commit(sc->st) || sqlite3_open(sc->path, &db) != SQLITE_OK ||
	    sqlite3_busy_timeout(db, 5000) || sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		sc->fail = 1;
	sqlite3_close(db);
	sqlite3_free(sql);
}

#define AT(h, m, s) reportday_ms(0, h, m, s)

int reportday_write(const char *path)
{
	char err[256];
	struct script sc = { .path = path };
	sc.cfg = config_parse(reportday_conf, "reportday.conf", err, sizeof err);
	if (!sc.cfg) return -1;
	sc.e = engine_new(sc.cfg, REPORTDAY);
	sc.st = store_open(path, true, err, sizeof err);
	if (!sc.e || !sc.st) sc.fail = 1;
	step(&sc, AT(7, 50, 0), VERB_LOGIN, 1, "An");
	step(&sc, AT(7, 55, 0), VERB_LOGIN, 2, "Bình");
	step(&sc, AT(8, 0, 0), VERB_ISSUE, 0, "A");
	step(&sc, AT(8, 1, 0), VERB_ISSUE, 0, "A");
	step(&sc, AT(8, 2, 0), VERB_ISSUE, 0, "B");
	step(&sc, AT(8, 3, 0), VERB_ISSUE, 0, "A");
	step(&sc, AT(8, 5, 0), VERB_NEXT, 1, NULL);
	step(&sc, AT(8, 6, 0), VERB_NEXT, 2, NULL);
	step(&sc, AT(8, 7, 0), VERB_RECALL, 1, NULL);
	step(&sc, AT(8, 10, 0), VERB_NEXT, 1, NULL);
	step(&sc, AT(8, 10, 5), VERB_RATE, 1, "5");
	step(&sc, AT(8, 12, 0), VERB_TRANSFER, 2, "B");
	step(&sc, AT(8, 13, 0), VERB_NEXT, 2, NULL);
	step(&sc, AT(8, 15, 0), VERB_SKIP, 1, NULL);
	step(&sc, AT(8, 20, 0), VERB_DONE, 2, NULL);
	step(&sc, AT(8, 20, 5), VERB_RATE, 2, "0");
	step(&sc, AT(8, 21, 0), VERB_REQUEUE, 1, "A003");
	step(&sc, AT(8, 22, 0), VERB_NEXT, 1, NULL);
	step(&sc, AT(8, 25, 0), VERB_PAUSE, 1, "họp");
	step(&sc, AT(8, 25, 5), VERB_RATE, 1, "4");
	step(&sc, AT(8, 40, 0), VERB_RESUME, 1, NULL);
	step(&sc, AT(8, 41, 0), VERB_NEXT, 2, NULL);
	step(&sc, AT(8, 45, 0), VERB_LOGIN, 2, "Cúc");
	step(&sc, AT(8, 50, 0), VERB_LOGOUT, 2, NULL);
	step(&sc, AT(8, 50, 5), VERB_RATE, 2, "2");
	step(&sc, AT(9, 0, 0), VERB_ISSUE, 0, "B");
	step(&sc, AT(9, 10, 0), VERB_ISSUE, 0, "A");
	step(&sc, AT(9, 12, 0), VERB_NEXT, 1, NULL);
	step(&sc, AT(9, 14, 0), VERB_PAUSE, 1, "nghỉ trưa");
	step(&sc, AT(9, 14, 5), VERB_RATE, 1, "3");
	step(&sc, AT(9, 20, 0), VERB_ISSUE, 0, "A");
	if (!sc.fail) void_ticket(&sc, AT(9, 20, 30), "A005", "lỗi máy in");
	step(&sc, reportday_ms(1, 3, 59, 0), VERB_ISSUE, 0, "A");
	step(&sc, reportday_ms(1, 4, 0, 0), VERB_ISSUE, 0, "B");
	if (sc.st && store_commit(sc.st)) sc.fail = 1;
	store_close(sc.st);
	engine_free(sc.e);
	config_free(sc.cfg);
	return sc.fail ? -1 : 0;
}
