/*
 * estimate: the expected wait from today's service times (see estimate.h).
 *
 * Tickets are scanned from the newest backwards and the scan stops after
 * ESTIMATE_SAMPLES served tickets of the service or SCAN_MAX tickets, so
 * the cost per ticket issued stays bounded on a day of 100,000 tickets.
 */
#include "estimate.h"

#include "engine.h"

#define SCAN_MAX 4000

int64_t estimate_service_ms(const struct engine *e, int service)
{
	int64_t sum = 0;
	int n = 0, seen = 0;
	for (int i = engine_ntickets(e) - 1; i >= 0 && n < ESTIMATE_SAMPLES && seen < SCAN_MAX; i--, seen++) {
		const struct engine_ticket *t = engine_ticket(e, i);
		if (t->state != TICKET_SERVED || t->service != service) continue;
		if (t->called_ms <= 0 || t->finished_ms < t->called_ms) continue;
		sum += t->finished_ms - t->called_ms;
		n++;
	}
	return n >= ESTIMATE_MIN_SAMPLES ? sum / n : -1;
}

int estimate_open_counters(const struct engine *e, int service)
{
	const struct config *cfg = engine_config(e);
	int n = 0;
	for (int i = 0; i < engine_ncounters(e); i++) {
		const struct engine_counter *c = engine_counter_at(e, i);
		if ((c->state == COUNTER_OPEN || c->state == COUNTER_SERVING) &&
		    config_counter_serves(cfg, i, service))
			n++;
	}
	return n;
}

/* Counters of the service open now and serving nobody. */
static int free_counters(const struct engine *e, int service)
{
	const struct config *cfg = engine_config(e);
	int n = 0;
	for (int i = 0; i < engine_ncounters(e); i++)
		if (engine_counter_at(e, i)->state == COUNTER_OPEN && config_counter_serves(cfg, i, service)) n++;
	return n;
}

int64_t estimate_wait_ms(const struct engine *e, int service, int ahead)
{
	int64_t each = estimate_service_ms(e, service);
	int open = estimate_open_counters(e, service);
	if (each < 0 || open <= 0 || ahead < 0) return -1;
	/* nobody ahead but every counter busy: the first of them to finish */
	if (ahead == 0) return free_counters(e, service) ? 0 : each / open;
	return each * ahead / open;
}

int estimate_wait_min(const struct engine *e, int service, int ahead)
{
	int64_t ms = estimate_wait_ms(e, service, ahead);
	if (ms < 0) return -1;
	return (int)((ms + 59999) / 60000);
}
