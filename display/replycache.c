/*
 * replycache: open-addressing hash table keyed by "principal\x1freq",
 * with insertion order kept in a ring so the oldest entries can go first.
 *
 * At the bound, each new entry pushes out the oldest one alone, removed
 * from the table by shifting its probe chain back: the same small work on
 * every put. Forgetting the oldest half at once meant rebuilding a table
 * of 131,072 entries inside one request's turn, every 65,536 accepted
 * requests: a single put took 140-180 ms, and every reply of that turn
 * and of those behind it waited.
 */
#include "replycache.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct entry {
	char *key;     /* NULL: empty slot */
	char *reply;   /* "<what>\x1f<reply line>" */
};

struct replycache {
	struct entry *slots;
	int count, max;
	char **ring;   /* the keys in the order they came: oldest at ring[first] */
	int first;
};

/* The table's size: a load factor of at most 1/2. */
static int nslots(const struct replycache *c) { return c->max * 2; }

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
	return h;
}

static char *make_key(const char *principal, const char *req)
{
	size_t a = strlen(principal), b = strlen(req);
	char *k = malloc(a + b + 2);
	if (!k) return NULL;
	memcpy(k, principal, a);
	k[a] = '\x1f';
	memcpy(k + a + 1, req, b + 1);
	return k;
}

struct replycache *replycache_new_max(int max)
{
	struct replycache *c = calloc(1, sizeof *c);
	if (!c) return NULL;
	c->max = max >= 2 ? max : 2;
	c->slots = calloc((size_t)nslots(c), sizeof *c->slots);
	c->ring = calloc((size_t)c->max, sizeof *c->ring);
	if (!c->slots || !c->ring) { free(c->slots); free(c->ring); free(c); return NULL; }
	return c;
}

struct replycache *replycache_new(void) { return replycache_new_max(REPLYCACHE_MAX); }

void replycache_free(struct replycache *c)
{
	if (!c) return;
	replycache_clear(c);
	free(c->slots);
	free(c->ring);
	free(c);
}

void replycache_clear(struct replycache *c)
{
	for (int i = 0; i < nslots(c); i++)
		if (c->slots[i].key) {
			free(c->slots[i].key);
			free(c->slots[i].reply);
			c->slots[i] = (struct entry){ NULL, NULL };
		}
	c->count = 0;
	c->first = 0;
}

static int find_slot(const struct replycache *c, const char *key)
{
	size_t i = hash(key) % nslots(c);
	while (c->slots[i].key && strcmp(c->slots[i].key, key)) i = (i + 1) % nslots(c);
	return (int)i;
}

int replycache_get(const struct replycache *c, const char *principal, const char *req,
                   const char *what, const char **reply)
{
	char *key = make_key(principal, req);
	*reply = NULL;
	if (!key) return 0;
	int i = find_slot(c, key);
	free(key);
	if (!c->slots[i].key) return 0;
	const char *v = c->slots[i].reply, *sep = strchr(v, '\x1f');
	if (!sep || (size_t)(sep - v) != strlen(what) || memcmp(v, what, strlen(what))) return -1;
	*reply = sep + 1;
	return 1;
}

/* Empties slot i and moves back the entries after it whose probe chain
 * crossed it, so that every lookup still finds them (linear probing's
 * deletion without markers). */
static void remove_slot(struct replycache *c, int i)
{
	int n = nslots(c);
	for (int j = (i + 1) % n; c->slots[j].key; j = (j + 1) % n) {
		int home = (int)(hash(c->slots[j].key) % (size_t)n);
		/* the entry stays when its home lies cyclically in (i, j] */
		bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
		if (stays) continue;
		c->slots[i] = c->slots[j];
		i = j;
	}
	c->slots[i] = (struct entry){ NULL, NULL };
}

static void forget_oldest(struct replycache *c)
{
	char *key = c->ring[c->first];
	int i = find_slot(c, key);
	free(c->slots[i].key);
	free(c->slots[i].reply);
	remove_slot(c, i);
	c->first = (c->first + 1) % c->max;
	c->count--;
}

int replycache_put(struct replycache *c, const char *principal, const char *req,
                   const char *what, const char *reply)
{
	char *key = make_key(principal, req), *val = malloc(strlen(what) + strlen(reply) + 2);
	if (!key || !val) { free(key); free(val); return -1; }
	sprintf(val, "%s\x1f%s", what, reply);
	int i = find_slot(c, key);
	if (c->slots[i].key) {   /* the first reply stays */
		free(key);
		free(val);
		return 0;
	}
	if (c->count >= c->max) {
		forget_oldest(c);
		i = find_slot(c, key);   /* the shift may have moved the chain */
	}
	c->slots[i] = (struct entry){ key, val };
	c->ring[(c->first + c->count) % c->max] = key;
	c->count++;
	return 0;
}

int replycache_count(const struct replycache *c) { return c->count; }
