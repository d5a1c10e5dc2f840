/*
 * ratelimit: one theoretical arrival time per credential (the generic cell
 * rate algorithm): an act is allowed while the credential's clock of
 * granted acts runs less than a burst ahead of now.
 */
#include "ratelimit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "vec.h"

struct entry {
	char id[AUTH_ID_MAX + 1];
	int64_t tat;          /* when the credential's allowance is whole again */
};

struct ratelimit {
	struct entry *e;
	int n, cap;
};

struct ratelimit *ratelimit_new(void) { return calloc(1, sizeof(struct ratelimit)); }

void ratelimit_free(struct ratelimit *r)
{
	if (!r) return;
	free(r->e);
	free(r);
}

static struct entry *find(struct ratelimit *r, const char *id)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->e[i].id, id)) return &r->e[i];
	if (VEC_RESERVE(r->e, r->cap, r->n + 1, 16)) return NULL;
	struct entry *x = &r->e[r->n++];
	snprintf(x->id, sizeof x->id, "%s", id);
	x->tat = 0;
	return x;
}

bool ratelimit_take(struct ratelimit *r, const char *id, int64_t now_ms)
{
	struct entry *x = find(r, id);
	if (!x) return true;   /* out of memory: never lock a counter out for it */
	int64_t tat = x->tat > now_ms ? x->tat : now_ms;
	if (tat - now_ms > (int64_t)(RATELIMIT_BURST - 1) * RATELIMIT_EVERY_MS) return false;
	x->tat = tat + RATELIMIT_EVERY_MS;
	return true;
}
