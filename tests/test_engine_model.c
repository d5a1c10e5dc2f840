/*
 * The engine against a reference model written here, independently of it:
 * random scripts over four counters and three services (ISSUE with equal
 * timestamps and priorities, NEXT, DONE, RECALL, SKIP, REQUEUE, TRANSFER,
 * PAUSE, RESUME, LOGIN, LOGOUT, RATE). The model is a plain list of tickets
 * and a scan: for every command it predicts whether the engine accepts it,
 * and for every NEXT which ticket is called. After each script the logged
 * events are replayed into a fresh engine, which must reach the same state.
 */
#include "test.h"

#include <stdlib.h>

#include "config.h"
#include "engine.h"

/* 2026-11-28 09:00 in Vietnam (UTC+7) */
#define T0 1795831200000LL
#define STREAK 2
#define MAXT 4096

static const char conf_text[] =
	"[center]\nname = Model\npriority_streak = 2\n"
	"priority_groups = elderly:Người cao tuổi, disabled:Người khuyết tật\n"
	"[service A]\nname = Hộ tịch\nhours = 07:00-17:00\n"
	"[service B]\nname = Đất đai\nhours = 07:00-17:00\n"
	"[service C]\nname = Xây dựng\nhours = 07:00-17:00\n"
	"[counter 1]\nservices = A\n"
	"[counter 2]\nservices = B, A\n"
	"[counter 3]\nservices = A, B, C\n"
	"[counter 4]\nservices = C\n";

/* ---- the model: what a reader of the rules expects ---- */

enum m_state { M_WAITING, M_CALLED, M_SERVED, M_NOSHOW };

struct m_ticket { int service, priority; long long issued; enum m_state state; int rated; int by; };

struct m_counter {
	int no;
	int open, paused;
	int current, last_served;   /* ticket numbers, -1 none */
	int streak;
	int serves[3];              /* by service index */
};

struct model {
	struct m_ticket t[MAXT];
	int n;
	struct m_counter c[4];
};

static void model_init(struct model *m, const struct config *cfg)
{
	memset(m, 0, sizeof *m);
	for (int i = 0; i < 4; i++) {
		m->c[i].no = cfg->counters[i].no;
		m->c[i].current = m->c[i].last_served = -1;
		for (int k = 0; k < cfg->counters[i].nservices; k++) m->c[i].serves[cfg->counters[i].services[k]] = 1;
	}
}

/* The oldest waiting ticket of the counter's services with or without a
 * priority; "oldest" is the issue time, then the issue order. */
static int oldest(const struct model *m, const struct m_counter *c, int prio)
{
	int best = -1;
	for (int i = 0; i < m->n; i++) {
		const struct m_ticket *t = &m->t[i];
		if (t->state != M_WAITING || !c->serves[t->service] || (t->priority > 0) != prio) continue;
		if (best < 0 || t->issued < m->t[best].issued) best = i;
	}
	return best;
}

static int model_pick(const struct model *m, const struct m_counter *c)
{
	int p = oldest(m, c, 1), n = oldest(m, c, 0);
	if (p >= 0 && (n < 0 || c->streak < STREAK)) return p;
	return n;
}

static void model_finish(struct model *m, struct m_counter *c)
{
	if (c->current < 0) return;
	m->t[c->current].state = M_SERVED;
	c->last_served = c->current;
	c->current = -1;
}

/* ---- the script ---- */

struct run {
	struct config *cfg;
	struct engine *e;
	struct model m;
	long long now;
	struct engine_event *log;
	int nlog;
	int accepted[VERB_COUNT_], calls;
};

static void run_open(struct run *r)
{
	char err[256];
	memset(r, 0, sizeof *r);
	r->cfg = config_parse(conf_text, "model.conf", err, sizeof err);
	if (!r->cfg) { test_fail(__FILE__, __LINE__, "config: %s", err); exit(1); }
	r->e = engine_new(r->cfg, engine_day_of(r->cfg, T0));
	r->log = calloc(20000, sizeof *r->log);
	r->now = T0;
	model_init(&r->m, r->cfg);
}

static void run_close(struct run *r)
{
	engine_free(r->e);
	config_free(r->cfg);
	free(r->log);
}

/* Sends cmd to the engine; returns 1 when it was accepted (and applied). */
static int send(struct run *r, struct engine_cmd *cmd, struct engine_event *ev)
{
	int rc = engine_decide(r->e, cmd, r->now, ev);
	if (rc) return 0;
	CHECK_INT_EQ(engine_apply(r->e, ev), 0);
	if (r->nlog < 20000) r->log[r->nlog++] = *ev;
	r->accepted[cmd->verb]++;
	return 1;
}

static const char *verb(enum engine_verb v) { return engine_verb_name(v); }

/* One command on counter ci (or an ISSUE), checked against the model.
 * Returns 0, or -1 after a reported mismatch. */
static int step(struct run *r, enum engine_verb v, int ci, int arg)
{
	struct model *m = &r->m;
	struct m_counter *c = &m->c[ci];
	struct engine_cmd cmd = { .verb = v, .counter = c->no, .service = -1, .ticket = -1 };
	struct engine_event ev;
	int expect = 0, pick = -1;
	switch (v) {
	case VERB_ISSUE:
		cmd.service = arg % 3;
		cmd.priority = arg / 3 % 3;   /* none, or one of the two groups */
		expect = 1;
		break;
	case VERB_LOGIN:
		snprintf(cmd.text, sizeof cmd.text, "Cán bộ %d", c->no);
		expect = 1;
		break;
	case VERB_LOGOUT: expect = c->open; break;
	case VERB_PAUSE:
		snprintf(cmd.text, sizeof cmd.text, "họp");
		expect = c->open && !c->paused;
		break;
	case VERB_RESUME: expect = c->open && c->paused; break;
	case VERB_NEXT:
		pick = model_pick(m, c);
		expect = c->open && !c->paused && (pick >= 0 || c->current >= 0);
		break;
	case VERB_DONE: case VERB_RECALL: case VERB_SKIP:
		expect = c->open && !c->paused && c->current >= 0;
		break;
	case VERB_TRANSFER:
		cmd.service = arg % 3;
		expect = c->open && !c->paused && c->current >= 0 && m->t[c->current].service != cmd.service;
		break;
	case VERB_REQUEUE: {   /* mostly a no-show, else any ticket */
		int nos = 0;
		for (int i = 0; i < m->n; i++) nos += m->t[i].state == M_NOSHOW;
		cmd.ticket = m->n ? arg % m->n : -1;
		for (int i = 0, k = nos ? arg / 2 % nos : -1; i < m->n && k >= 0 && arg % 2; i++)
			if (m->t[i].state == M_NOSHOW && k-- == 0) cmd.ticket = i;
		/* a no-show the counter's NOSHOWS lists: of its services, or called by it */
		expect = cmd.ticket >= 0 && m->t[cmd.ticket].state == M_NOSHOW &&
		         (c->serves[m->t[cmd.ticket].service] || m->t[cmd.ticket].by == c->no);
		break;
	}
	case VERB_RATE:
		cmd.score = arg % 6;
		expect = c->last_served >= 0 && !m->t[c->last_served].rated;
		break;
	default: return -1;
	}
	int got = send(r, &cmd, &ev);
	if (got != expect) {
		test_fail(__FILE__, __LINE__, "%s at counter %d: engine %s, model %s", verb(v), c->no,
		          got ? "accepted" : "refused", expect ? "accepts" : "refuses");
		return -1;
	}
	if (!got) return 0;
	switch (v) {
	case VERB_ISSUE:
		m->t[m->n++] = (struct m_ticket){ cmd.service, cmd.priority, r->now, M_WAITING, 0 };
		break;
	case VERB_LOGIN: c->open = 1; break;
	case VERB_LOGOUT: model_finish(m, c); c->open = c->paused = 0; break;
	case VERB_PAUSE: model_finish(m, c); c->paused = 1; break;
	case VERB_RESUME: c->paused = 0; break;
	case VERB_NEXT:
		if (ev.ticket != pick) {
			const struct engine_ticket *a = engine_ticket(r->e, ev.ticket), *b = engine_ticket(r->e, pick);
			test_fail(__FILE__, __LINE__, "NEXT at counter %d (streak %d) called %s, the model calls %s",
			          c->no, c->streak, a ? a->label : "nothing", b ? b->label : "nothing");
			return -1;
		}
		model_finish(m, c);
		if (pick >= 0) {
			m->t[pick].state = M_CALLED;
			m->t[pick].by = c->no;
			c->current = pick;
			c->streak = m->t[pick].priority ? c->streak + 1 : 0;
			r->calls++;
		}
		break;
	case VERB_DONE: model_finish(m, c); break;
	case VERB_RECALL: break;
	case VERB_SKIP: m->t[c->current].state = M_NOSHOW; c->current = -1; break;
	case VERB_TRANSFER:
		m->t[c->current].state = M_WAITING;
		m->t[c->current].service = cmd.service;
		c->current = -1;
		break;
	case VERB_REQUEUE: m->t[cmd.ticket].state = M_WAITING; break;
	case VERB_RATE: m->t[c->last_served].rated = 1; break;
	default: break;
	}
	return 0;
}

/* The engine's own view agrees with the model's: every ticket's state and
 * every counter's current ticket. */
static void check_states(struct run *r)
{
	static const enum ticket_state want[] = { TICKET_WAITING, TICKET_CALLED, TICKET_SERVED, TICKET_NOSHOW };
	REQUIRE(engine_ntickets(r->e) == r->m.n);
	for (int i = 0; i < r->m.n; i++) {
		const struct engine_ticket *t = engine_ticket(r->e, i);
		if (t->state != want[r->m.t[i].state] || t->service != r->m.t[i].service)
			test_fail(__FILE__, __LINE__, "ticket %s: state %d service %d, model %d %d", t->label,
			          t->state, t->service, want[r->m.t[i].state], r->m.t[i].service);
	}
	for (int i = 0; i < 4; i++)
		CHECK_INT_EQ(engine_counter(r->e, r->m.c[i].no)->current, r->m.c[i].current);
}

/* Rebuilds the day from the log alone; it must be the live state. */
static void check_replay(struct run *r)
{
	struct engine *again = engine_new(r->cfg, engine_day_of(r->cfg, T0));
	for (int i = 0; i < r->nlog; i++)
		if (engine_apply(again, &r->log[i])) {
			test_fail(__FILE__, __LINE__, "replay refused event %d (%s)", i, verb(r->log[i].verb));
			break;
		}
	CHECK(engine_digest(again) == engine_digest(r->e));
	engine_free(again);
}

static void check_coverage(const struct run *r, unsigned seed, int steps,
                           const enum engine_verb *verbs, size_t nverbs);

/* A random script: issues weigh most so queues grow; the clock often stands
 * still so that many tickets share a millisecond. */
static void random_script(unsigned seed, int steps)
{
	struct run r;
	static const enum engine_verb verbs[] = {
		VERB_ISSUE, VERB_ISSUE, VERB_ISSUE, VERB_ISSUE, VERB_NEXT, VERB_NEXT, VERB_NEXT,
		VERB_DONE, VERB_RECALL, VERB_SKIP, VERB_REQUEUE, VERB_REQUEUE, VERB_TRANSFER,
		VERB_PAUSE, VERB_RESUME, VERB_LOGIN, VERB_LOGOUT, VERB_RATE,
	};
	run_open(&r);
	srand(seed);
	for (int i = 0; i < 4; i++) step(&r, VERB_LOGIN, i, 0);
	for (int s = 0; s < steps && !test_failed_now(); s++) {
		if (rand() % 2) r.now += rand() % 3;
		enum engine_verb v = verbs[rand() % (int)(sizeof verbs / sizeof verbs[0])];
		if (v == VERB_LOGOUT && rand() % 4) v = VERB_NEXT;   /* logouts are rare */
		step(&r, v, rand() % 4, rand());
	}
	if (!test_failed_now()) {
		check_states(&r);
		check_coverage(&r, seed, steps, verbs, sizeof verbs / sizeof verbs[0]);
		check_replay(&r);
	}
	run_close(&r);
}

/* The script exercised what it claims to: calls, and each verb accepted. */
static void check_coverage(const struct run *r, unsigned seed, int steps,
                           const enum engine_verb *verbs, size_t nverbs)
{
	if (r->calls < steps / 20) test_fail(__FILE__, __LINE__, "seed %u: only %d calls", seed, r->calls);
	for (size_t i = 0; i < nverbs; i++)
		if (r->accepted[verbs[i]] == 0)
			test_fail(__FILE__, __LINE__, "seed %u: no %s accepted", seed, verb(verbs[i]));
}

TEST(engine_model_random_scripts_call_as_the_model_does)
{
	for (unsigned seed = 1; seed <= 200 && !test_failed_now(); seed++) random_script(seed, 1500);
}

/* ---- fixed cases ---- */

static const char *label_of(struct run *r, int idx)
{
	const struct engine_ticket *t = engine_ticket(r->e, idx);
	return t ? t->label : "-";
}

static const char *next_at(struct run *r, int ci)
{
	step(r, VERB_NEXT, ci, 0);
	return label_of(r, engine_counter(r->e, r->m.c[ci].no)->current);
}

TEST(engine_model_streak_of_two_gives_p_p_n_p_p_n)
{
	struct run r;
	run_open(&r);
	step(&r, VERB_LOGIN, 0, 0);
	/* two normal tickets first, then four priority ones (service A) */
	for (int i = 0; i < 2; i++) { r.now += 1000; step(&r, VERB_ISSUE, 0, 0); }
	for (int i = 0; i < 4; i++) { r.now += 1000; step(&r, VERB_ISSUE, 0, 3); }
	const char *want[] = { "A003", "A004", "A001", "A005", "A006", "A002" };
	for (int i = 0; i < 6; i++) { r.now += 1000; CHECK_STR_EQ(next_at(&r, 0), want[i]); }
	check_replay(&r);
	run_close(&r);
}

TEST(engine_model_equal_timestamps_go_by_issue_order)
{
	struct run r;
	run_open(&r);
	for (int i = 0; i < 4; i++) step(&r, VERB_LOGIN, i, 0);
	/* A001 B001 A002 B002 in one millisecond; counter 2 serves B and A */
	r.now += 1000;
	for (int i = 0; i < 4; i++) step(&r, VERB_ISSUE, 0, i % 2);
	const char *want[] = { "A001", "B001", "A002", "B002" };
	for (int i = 0; i < 4; i++) CHECK_STR_EQ(next_at(&r, 1), want[i]);
	/* three more in one millisecond at counter 1 */
	r.now += 1000;
	for (int i = 0; i < 3; i++) step(&r, VERB_ISSUE, 0, 0);
	CHECK_STR_EQ(next_at(&r, 0), "A003");
	CHECK_STR_EQ(next_at(&r, 0), "A004");
	/* A004 transferred to C keeps its place before a later C001 */
	r.now += 1000;
	step(&r, VERB_ISSUE, 0, 2);
	CHECK(step(&r, VERB_TRANSFER, 0, 2) == 0 && r.accepted[VERB_TRANSFER] == 1);
	CHECK_STR_EQ(next_at(&r, 3), "A004");
	CHECK_STR_EQ(next_at(&r, 3), "C001");
	CHECK_STR_EQ(next_at(&r, 0), "A005");
	check_replay(&r);
	run_close(&r);
}
