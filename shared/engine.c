/*
 * engine: the queue state machine (see engine.h for the contract).
 *
 * Waiting tickets live in two queues per service, priority and normal, each
 * kept in order of (issue time, ticket index). Issuing appends; a transfer
 * or a requeue inserts by the ticket's original issue time, so it keeps its
 * place. NEXT only looks at the heads of the counter's queues: calling stays
 * O(services) however long the day gets.
 */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vec.h"
#include "vname.h"

#define DAY_MS 86400000LL

struct queue {
	int *idx;        /* ticket indexes; live part is [head, len) */
	int head, len, cap;
};

struct engine {
	const struct config *cfg;
	int64_t day;
	struct engine_ticket *tickets;
	int ntickets, cap;
	int issued[CONFIG_MAX_SERVICES];
	struct queue waiting[CONFIG_MAX_SERVICES][2];  /* [service][priority?] */
	struct engine_counter counters[CONFIG_MAX_COUNTERS];
};

static const char *const verb_names[VERB_COUNT_] = {
	[VERB_ISSUE] = "ISSUE", [VERB_NEXT] = "NEXT", [VERB_DONE] = "DONE",
	[VERB_RECALL] = "RECALL", [VERB_SKIP] = "SKIP", [VERB_REQUEUE] = "REQUEUE",
	[VERB_TRANSFER] = "TRANSFER", [VERB_PAUSE] = "PAUSE", [VERB_RESUME] = "RESUME",
	[VERB_LOGIN] = "LOGIN", [VERB_LOGOUT] = "LOGOUT", [VERB_RATE] = "RATE",
	[VERB_VOID] = "VOID",
};

static const struct { const char *code, *msg; } errors[] = {
	[0] = { "ok", "Thành công" },
	[-E_UNKNOWN_SERVICE] = { "unknown_service", "Không có lĩnh vực này" },
	[-E_UNKNOWN_COUNTER] = { "unknown_counter", "Không có quầy này" },
	[-E_SERVICE_CLOSED] = { "service_closed", "Lĩnh vực này hiện ngoài giờ nhận hồ sơ" },
	[-E_COUNTER_CLOSED] = { "counter_closed", "Quầy chưa mở: cán bộ hãy đăng nhập" },
	[-E_COUNTER_PAUSED] = { "counter_paused", "Quầy đang tạm nghỉ: hãy bấm Tiếp tục" },
	[-E_QUEUE_EMPTY] = { "queue_empty", "Không còn công dân nào đang chờ" },
	[-E_NOTHING_CURRENT] = { "nothing_current", "Quầy chưa gọi số nào" },
	[-E_NOTHING_SERVED] = { "nothing_served", "Quầy chưa phục vụ xong số nào để đánh giá" },
	[-E_ALREADY_RATED] = { "already_rated", "Số này đã được đánh giá" },
	[-E_BAD_SCORE] = { "bad_score", "Điểm đánh giá phải từ 1 đến 5" },
	[-E_UNKNOWN_TICKET] = { "unknown_ticket", "Không có số thứ tự này trong ngày" },
	[-E_NOT_NOSHOW] = { "not_noshow", "Số này không nằm trong danh sách vắng mặt" },
	[-E_SAME_SERVICE] = { "same_service", "Số này đã thuộc lĩnh vực đó" },
	[-E_NOT_PAUSED] = { "not_paused", "Quầy không tạm nghỉ" },
	[-E_ALREADY_PAUSED] = { "already_paused", "Quầy đang tạm nghỉ" },
	[-E_BAD_OFFICER] = { "bad_officer", "Tên cán bộ không hợp lệ" },
	[-E_BAD_PRIORITY] = { "bad_priority", "Không có nhóm ưu tiên này" },
	[-E_NOT_SERVED_HERE] = { "not_served_here", "Quầy này không phục vụ lĩnh vực đó" },
	[-E_DAY_FULL] = { "day_full", "Đã hết số thứ tự của lĩnh vực trong ngày" },
	[-E_ALREADY_OPEN] = { "already_open", "Quầy đã mở" },
	[-E_BAD_REASON] = { "bad_reason", "Hãy chọn lý do tạm nghỉ" },
	[-E_NOT_WAITING] = { "not_waiting", "Số này không còn chờ (đã gọi hoặc đã hủy)" },
};

const char *engine_strerror(int err)
{
	return (err <= 0 && err > E_ERR_MIN_) ? errors[-err].msg : "Lỗi không xác định";
}

const char *engine_errcode(int err)
{
	return (err <= 0 && err > E_ERR_MIN_) ? errors[-err].code : "internal";
}

const char *engine_verb_name(enum engine_verb v)
{
	return ((int)v >= 0 && v < VERB_COUNT_) ? verb_names[v] : "?";
}

int engine_verb_from_name(const char *name)
{
	for (int i = 0; i < VERB_COUNT_; i++)
		if (!strcmp(verb_names[i], name)) return i;
	return -1;
}

/* ---- queues ---- */

static int ticket_before(const struct engine *e, int a, int b)
{
	const struct engine_ticket *ta = &e->tickets[a], *tb = &e->tickets[b];
	if (ta->issued_ms != tb->issued_ms) return ta->issued_ms < tb->issued_ms;
	return a < b;
}

static int queue_insert(const struct engine *e, struct queue *q, int t)
{
	if (q->head > 0 && q->head * 2 >= q->len) {   /* reclaim the popped part */
		memmove(q->idx, q->idx + q->head, sizeof *q->idx * (size_t)(q->len - q->head));
		q->len -= q->head;
		q->head = 0;
	}
	if (VEC_RESERVE(q->idx, q->cap, q->len + 1, 64)) return -1;
	int lo = q->head, hi = q->len;   /* first position whose ticket is after t */
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (ticket_before(e, q->idx[mid], t)) lo = mid + 1; else hi = mid;
	}
	memmove(q->idx + lo + 1, q->idx + lo, sizeof *q->idx * (size_t)(q->len - lo));
	q->idx[lo] = t;
	q->len++;
	return 0;
}

static int queue_remove(struct queue *q, int t)
{
	for (int i = q->head; i < q->len; i++) {
		if (q->idx[i] != t) continue;
		if (i == q->head) { q->head++; return 0; }
		memmove(q->idx + i, q->idx + i + 1, sizeof *q->idx * (size_t)(q->len - i - 1));
		q->len--;
		return 0;
	}
	return -1;
}

static int queue_front(const struct queue *q)
{
	return q->head < q->len ? q->idx[q->head] : -1;
}

static int queue_size(const struct queue *q) { return q->len - q->head; }

static struct queue *ticket_queue(struct engine *e, const struct engine_ticket *t)
{
	return &e->waiting[t->service][t->priority ? 1 : 0];
}

/* ---- life cycle ---- */

struct engine *engine_new(const struct config *cfg, int64_t day)
{
	struct engine *e = calloc(1, sizeof *e);
	if (!e) return NULL;
	e->cfg = cfg;
	engine_new_day(e, day);
	return e;
}

void engine_free(struct engine *e)
{
	if (!e) return;
	for (int s = 0; s < CONFIG_MAX_SERVICES; s++)
		for (int p = 0; p < 2; p++) free(e->waiting[s][p].idx);
	free(e->tickets);
	free(e);
}

void engine_new_day(struct engine *e, int64_t day)
{
	e->day = day;
	e->ntickets = 0;
	memset(e->issued, 0, sizeof e->issued);
	for (int s = 0; s < CONFIG_MAX_SERVICES; s++)
		for (int p = 0; p < 2; p++) e->waiting[s][p].head = e->waiting[s][p].len = 0;
	for (int i = 0; i < e->cfg->ncounters; i++) {
		struct engine_counter *c = &e->counters[i];
		memset(c, 0, sizeof *c);
		c->no = e->cfg->counters[i].no;
		c->state = COUNTER_CLOSED;
		c->current = c->last_served = -1;
	}
}

int64_t engine_day_of(const struct config *cfg, int64_t now_ms)
{
	int64_t local = now_ms + (int64_t)cfg->utc_offset_min * 60000 -
	                (int64_t)cfg->day_start_hour * 3600000;
	return local >= 0 ? local / DAY_MS : -((-local + DAY_MS - 1) / DAY_MS);
}

int64_t engine_day(const struct engine *e) { return e->day; }

static int minute_of_day(const struct config *cfg, int64_t now_ms)
{
	int64_t local = (now_ms + (int64_t)cfg->utc_offset_min * 60000) % DAY_MS;
	if (local < 0) local += DAY_MS;
	return (int)(local / 60000);
}

/* ---- decide ---- */

static struct engine_counter *counter_by_no(const struct engine *e, int no)
{
	int i = config_counter_index(e->cfg, no);
	return i < 0 ? NULL : (struct engine_counter *)&e->counters[i];
}

/* The ticket NEXT calls at counter ci: the oldest priority ticket while the
 * streak allows, else the oldest normal one. Equal issue times (the same
 * millisecond) go by issue order. */
static int pick_next(const struct engine *e, int ci)
{
	const struct config_counter *cc = &e->cfg->counters[ci];
	int best[2] = { -1, -1 };
	for (int i = 0; i < cc->nservices; i++)
		for (int p = 0; p < 2; p++) {
			int t = queue_front(&e->waiting[cc->services[i]][p]);
			if (t >= 0 && (best[p] < 0 || ticket_before(e, t, best[p]))) best[p] = t;
		}
	if (best[1] >= 0 && (best[0] < 0 || e->counters[ci].priority_streak < e->cfg->priority_streak))
		return best[1];
	return best[0];
}

static int valid_text(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= ENGINE_TEXT_MAX) return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f) return 0;
	return 1;
}

static int decide_issue(const struct engine *e, const struct engine_cmd *cmd,
                        int64_t now_ms, struct engine_event *ev)
{
	const struct config *cfg = e->cfg;
	if (cmd->service < 0 || cmd->service >= cfg->nservices) return E_UNKNOWN_SERVICE;
	const struct config_service *sv = &cfg->services[cmd->service];
	if (!engine_service_open(e, cmd->service, now_ms)) return E_SERVICE_CLOSED;
	if (cmd->priority < 0 || cmd->priority > cfg->ngroups) return E_BAD_PRIORITY;
	if ((long)sv->first + e->issued[cmd->service] > sv->last) return E_DAY_FULL;
	ev->service = cmd->service;
	ev->priority = cmd->priority;
	ev->number = sv->first + e->issued[cmd->service];
	ev->ticket = e->ntickets;
	if (engine_valid_token(cmd->text)) snprintf(ev->text, sizeof ev->text, "%s", cmd->text);
	return 0;
}

static int decide_void(const struct engine *e, const struct engine_cmd *cmd,
                       struct engine_event *ev)
{
	if (cmd->ticket < 0 || cmd->ticket >= e->ntickets) return E_UNKNOWN_TICKET;
	if (e->tickets[cmd->ticket].state != TICKET_WAITING) return E_NOT_WAITING;
	if (!valid_text(cmd->text)) return E_BAD_REASON;
	ev->ticket = cmd->ticket;
	snprintf(ev->text, sizeof ev->text, "%s", cmd->text);
	return 0;
}

bool engine_noshow_in_scope(const struct engine *e, int counter_no, int ticket)
{
	const struct config *cfg = e->cfg;
	int ci = config_counter_index(cfg, counter_no);
	if (ci < 0 || ticket < 0 || ticket >= e->ntickets) return false;
	const struct engine_ticket *t = &e->tickets[ticket];
	return t->state == TICKET_NOSHOW &&
	       (t->counter == counter_no || config_counter_serves(cfg, ci, t->service));
}

static int decide_counter(const struct engine *e, const struct engine_cmd *cmd,
                          struct engine_event *ev)
{
	const struct engine_counter *c = counter_by_no(e, cmd->counter);
	if (!c) return E_UNKNOWN_COUNTER;
	int ci = (int)(c - e->counters);
	switch (cmd->verb) {
	case VERB_LOGIN:
		/* one form whatever the input method sent: one officer, one name in the record */
		vname_normalize(ev->text, sizeof ev->text, cmd->text);
		return valid_text(ev->text) ? 0 : E_BAD_OFFICER;
	case VERB_RATE:
		if (cmd->score < 0 || cmd->score > 5) return E_BAD_SCORE;
		if (c->last_served < 0) return E_NOTHING_SERVED;
		if (e->tickets[c->last_served].rating >= 0) return E_ALREADY_RATED;
		ev->ticket = c->last_served;
		ev->score = cmd->score;
		return 0;
	case VERB_REQUEUE:
		if (cmd->ticket < 0 || cmd->ticket >= e->ntickets) return E_UNKNOWN_TICKET;
		/* only a no-show this counter could see in NOSHOWS */
		if (!engine_noshow_in_scope(e, cmd->counter, cmd->ticket)) return E_NOT_NOSHOW;
		ev->ticket = cmd->ticket;
		return 0;
	default:
		break;
	}
	if (c->state == COUNTER_CLOSED) return E_COUNTER_CLOSED;
	switch (cmd->verb) {
	case VERB_LOGOUT:
		ev->finished = c->current;
		snprintf(ev->text, sizeof ev->text, "%s", c->officer);   /* who left, for the record */
		return 0;
	case VERB_RESUME:
		return c->state == COUNTER_PAUSED ? 0 : E_NOT_PAUSED;
	case VERB_PAUSE:
		if (c->state == COUNTER_PAUSED) return E_ALREADY_PAUSED;
		if (!valid_text(cmd->text)) return E_BAD_REASON;
		snprintf(ev->text, sizeof ev->text, "%s", cmd->text);
		ev->finished = c->current;
		return 0;
	default:
		break;
	}
	if (c->state == COUNTER_PAUSED) return E_COUNTER_PAUSED;
	switch (cmd->verb) {
	case VERB_NEXT:
		ev->finished = c->current;
		ev->ticket = pick_next(e, ci);
		return (ev->ticket < 0 && ev->finished < 0) ? E_QUEUE_EMPTY : 0;
	case VERB_DONE:
		ev->finished = c->current;
		return c->current < 0 ? E_NOTHING_CURRENT : 0;
	case VERB_RECALL:
	case VERB_SKIP:
		ev->ticket = c->current;
		return c->current < 0 ? E_NOTHING_CURRENT : 0;
	case VERB_TRANSFER:
		if (c->current < 0) return E_NOTHING_CURRENT;
		if (cmd->service < 0 || cmd->service >= e->cfg->nservices) return E_UNKNOWN_SERVICE;
		if (e->tickets[c->current].service == cmd->service) return E_SAME_SERVICE;
		ev->ticket = c->current;
		ev->service = cmd->service;
		return 0;
	default:
		return E_UNKNOWN_COUNTER;
	}
}

int engine_decide(const struct engine *e, const struct engine_cmd *cmd,
                  int64_t now_ms, struct engine_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->verb = cmd->verb;
	ev->at_ms = now_ms;
	ev->counter = cmd->verb == VERB_ISSUE || cmd->verb == VERB_VOID ? 0 : cmd->counter;
	ev->ticket = ev->finished = ev->service = -1;
	if (cmd->verb == VERB_ISSUE) return decide_issue(e, cmd, now_ms, ev);
	if (cmd->verb == VERB_VOID) return decide_void(e, cmd, ev);
	if ((int)cmd->verb < 0 || cmd->verb >= VERB_COUNT_) return E_UNKNOWN_COUNTER;
	return decide_counter(e, cmd, ev);
}

/* ---- apply ---- */

static int apply_issue(struct engine *e, const struct engine_event *ev)
{
	const struct config *cfg = e->cfg;
	if (ev->service < 0 || ev->service >= cfg->nservices || ev->ticket != e->ntickets ||
	    ev->priority < 0 || ev->priority > cfg->ngroups)
		return -1;
	if (VEC_RESERVE(e->tickets, e->cap, e->ntickets + 1, 256)) return -1;
	const struct config_service *sv = &cfg->services[ev->service];
	struct engine_ticket *t = &e->tickets[e->ntickets];
	memset(t, 0, sizeof *t);
	snprintf(t->label, sizeof t->label, "%s%0*d", sv->prefix, sv->digits, ev->number);
	t->service = t->issued_service = ev->service;
	t->number = ev->number;
	t->priority = ev->priority;
	t->state = TICKET_WAITING;
	t->issued_ms = ev->at_ms;
	t->rating = -1;
	if (engine_valid_token(ev->text)) memcpy(t->token, ev->text, sizeof t->token);
	if (queue_insert(e, ticket_queue(e, t), e->ntickets)) return -1;
	e->ntickets++;
	e->issued[ev->service] = ev->number - sv->first + 1;
	return 0;
}

static void finish(struct engine *e, struct engine_counter *c, int64_t at_ms)
{
	if (c->current < 0) return;
	struct engine_ticket *t = &e->tickets[c->current];
	t->state = TICKET_SERVED;
	t->finished_ms = at_ms;
	snprintf(t->officer, sizeof t->officer, "%s", c->officer);
	c->last_served = c->current;
	c->current = -1;
	c->served++;
	if (c->state == COUNTER_SERVING) c->state = COUNTER_OPEN;
}

static int apply_call(struct engine *e, struct engine_counter *c, const struct engine_event *ev)
{
	struct engine_ticket *t = &e->tickets[ev->ticket];
	if (t->state != TICKET_WAITING || queue_remove(ticket_queue(e, t), ev->ticket)) return -1;
	t->state = TICKET_CALLED;
	t->counter = c->no;
	t->called_ms = ev->at_ms;
	c->current = ev->ticket;
	c->state = COUNTER_SERVING;
	c->priority_streak = t->priority ? c->priority_streak + 1 : 0;
	return 0;
}

static int apply_counter(struct engine *e, struct engine_counter *c, const struct engine_event *ev)
{
	struct engine_ticket *t = ev->ticket >= 0 ? &e->tickets[ev->ticket] : NULL;
	if (ev->finished >= 0 && ev->finished != c->current) return -1;
	switch (ev->verb) {
	case VERB_NEXT:
		finish(e, c, ev->at_ms);
		return t ? apply_call(e, c, ev) : 0;
	case VERB_DONE:
		finish(e, c, ev->at_ms);
		return 0;
	case VERB_RECALL:
		if (!t || c->current != ev->ticket) return -1;
		t->recalls++;
		return 0;
	case VERB_SKIP:
		if (!t || c->current != ev->ticket) return -1;
		t->state = TICKET_NOSHOW;
		t->finished_ms = ev->at_ms;
		c->current = -1;
		c->state = COUNTER_OPEN;
		return 0;
	case VERB_REQUEUE:
		if (!t || t->state != TICKET_NOSHOW) return -1;
		t->state = TICKET_WAITING;
		return queue_insert(e, ticket_queue(e, t), ev->ticket);
	case VERB_TRANSFER:
		if (!t || c->current != ev->ticket || ev->service < 0 || ev->service >= e->cfg->nservices)
			return -1;
		t->state = TICKET_WAITING;
		t->service = ev->service;
		c->current = -1;
		c->state = COUNTER_OPEN;
		return queue_insert(e, ticket_queue(e, t), ev->ticket);
	case VERB_PAUSE:
		finish(e, c, ev->at_ms);
		c->state = COUNTER_PAUSED;
		snprintf(c->reason, sizeof c->reason, "%s", ev->text);
		return 0;
	case VERB_RESUME:
		c->state = c->current >= 0 ? COUNTER_SERVING : COUNTER_OPEN;
		c->reason[0] = 0;
		return 0;
	case VERB_LOGIN:
		snprintf(c->officer, sizeof c->officer, "%s", ev->text);
		if (c->state == COUNTER_CLOSED) c->state = COUNTER_OPEN;
		return 0;
	case VERB_LOGOUT:
		finish(e, c, ev->at_ms);
		c->state = COUNTER_CLOSED;
		c->officer[0] = c->reason[0] = 0;
		return 0;
	case VERB_RATE:
		if (!t || t->rating >= 0 || ev->score < 0 || ev->score > 5) return -1;
		t->rating = ev->score;
		return 0;
	default:
		return -1;
	}
}

static int apply_void(struct engine *e, const struct engine_event *ev)
{
	struct engine_ticket *t = engine_ticket(e, ev->ticket) ? &e->tickets[ev->ticket] : NULL;
	if (!t || t->state != TICKET_WAITING || queue_remove(ticket_queue(e, t), ev->ticket)) return -1;
	t->state = TICKET_VOID;
	t->finished_ms = ev->at_ms;
	return 0;
}

int engine_apply(struct engine *e, const struct engine_event *ev)
{
	if (ev->verb == VERB_ISSUE) return apply_issue(e, ev);
	if (ev->verb == VERB_VOID) return apply_void(e, ev);
	struct engine_counter *c = counter_by_no(e, ev->counter);
	if (!c || ev->ticket >= e->ntickets || ev->finished >= e->ntickets) return -1;
	return apply_counter(e, c, ev);
}

/* ---- read access ---- */

const struct config *engine_config(const struct engine *e) { return e->cfg; }
int engine_ntickets(const struct engine *e) { return e->ntickets; }

const struct engine_ticket *engine_ticket(const struct engine *e, int idx)
{
	return (idx >= 0 && idx < e->ntickets) ? &e->tickets[idx] : NULL;
}

int engine_find_ticket(const struct engine *e, const char *label)
{
	for (int i = e->ntickets - 1; i >= 0; i--)
		if (!strcasecmp(e->tickets[i].label, label)) return i;
	return -1;
}

bool engine_valid_token(const char *token)
{
	size_t n = strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
	return n == ENGINE_TOKEN_LEN && !token[n];
}

int engine_find_token(const struct engine *e, const char *token)
{
	if (!engine_valid_token(token)) return -1;
	for (int i = e->ntickets - 1; i >= 0; i--) {
		unsigned char d = 0;
		for (int k = 0; k < ENGINE_TOKEN_LEN; k++) d |= (unsigned char)(e->tickets[i].token[k] ^ token[k]);
		if (!d) return i;
	}
	return -1;
}

int engine_ncounters(const struct engine *e) { return e->cfg->ncounters; }

const struct engine_counter *engine_counter_at(const struct engine *e, int i)
{
	return (i >= 0 && i < e->cfg->ncounters) ? &e->counters[i] : NULL;
}

const struct engine_counter *engine_counter(const struct engine *e, int no)
{
	return counter_by_no(e, no);
}

int engine_waiting(const struct engine *e, int service)
{
	if (service < 0 || service >= e->cfg->nservices) return 0;
	return queue_size(&e->waiting[service][0]) + queue_size(&e->waiting[service][1]);
}

int engine_waiting_for_counter(const struct engine *e, int counter_no)
{
	int ci = config_counter_index(e->cfg, counter_no), n = 0;
	if (ci < 0) return 0;
	for (int i = 0; i < e->cfg->counters[ci].nservices; i++)
		n += engine_waiting(e, e->cfg->counters[ci].services[i]);
	return n;
}

int engine_ahead(const struct engine *e, int ticket)
{
	const struct engine_ticket *t = engine_ticket(e, ticket);
	if (!t || t->state != TICKET_WAITING) return 0;
	const struct queue *own = &e->waiting[t->service][t->priority ? 1 : 0];
	int n = t->priority ? 0 : queue_size(&e->waiting[t->service][1]);
	for (int i = own->head; i < own->len && own->idx[i] != ticket; i++) n++;
	return n;
}

bool engine_service_open(const struct engine *e, int service, int64_t now_ms)
{
	if (service < 0 || service >= e->cfg->nservices) return false;
	const struct config_service *sv = &e->cfg->services[service];
	int m = minute_of_day(e->cfg, now_ms);
	return m >= sv->open_min && m < sv->close_min;
}

int engine_issued(const struct engine *e, int service)
{
	return (service >= 0 && service < e->cfg->nservices) ? e->issued[service] : 0;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) { h ^= b[i]; h *= 1099511628211ULL; }
	return h;
}

#define MIX(h, x) ((h) = fnv((h), &(x), sizeof(x)))

uint64_t engine_digest(const struct engine *e)
{
	uint64_t h = 14695981039346656037ULL;
	MIX(h, e->day);
	for (int s = 0; s < e->cfg->nservices; s++) MIX(h, e->issued[s]);
	for (int i = 0; i < e->ntickets; i++) {
		const struct engine_ticket *t = &e->tickets[i];
		h = fnv(h, t->label, strlen(t->label));
		MIX(h, t->service); MIX(h, t->priority); MIX(h, t->state); MIX(h, t->counter);
		MIX(h, t->issued_ms); MIX(h, t->called_ms); MIX(h, t->finished_ms);
		MIX(h, t->recalls); MIX(h, t->rating);
		h = fnv(h, t->officer, strlen(t->officer));
	}
	for (int i = 0; i < e->cfg->ncounters; i++) {
		const struct engine_counter *c = &e->counters[i];
		MIX(h, c->state); MIX(h, c->current); MIX(h, c->last_served);
		MIX(h, c->priority_streak); MIX(h, c->served);
		h = fnv(h, c->officer, strlen(c->officer));
		h = fnv(h, c->reason, strlen(c->reason));
	}
	for (int s = 0; s < e->cfg->nservices; s++)
		for (int p = 0; p < 2; p++)
			for (int i = e->waiting[s][p].head; i < e->waiting[s][p].len; i++)
				MIX(h, e->waiting[s][p].idx[i]);
	return h;
}
