/*
 * replycache: open-addressing hash table keyed by "principal\x1freq",
 * with insertion order kept in a ring so the oldest entries can go first.
 */
#include "replycache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct entry {
	char *key;     /* NULL: empty slot */
	char *reply;   /* "<what>\x1f<reply line>" */
	uint64_t age;  /* insertion number */
};

struct replycache {
	struct entry *slots;
	int count, max;
	uint64_t next_age;
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
	if (!(c->slots = calloc((size_t)nslots(c), sizeof *c->slots))) { free(c); return NULL; }
	return c;
}

struct replycache *replycache_new(void) { return replycache_new_max(REPLYCACHE_MAX); }

static void clear_slots(struct replycache *c, uint64_t older_than)
{
	for (int i = 0; i < nslots(c); i++)
		if (c->slots[i].key && c->slots[i].age < older_than) {
			free(c->slots[i].key);
			free(c->slots[i].reply);
			c->slots[i].key = NULL;
			c->count--;
		}
}

void replycache_free(struct replycache *c)
{
	if (!c) return;
	clear_slots(c, UINT64_MAX);
	free(c->slots);
	free(c);
}

void replycache_clear(struct replycache *c)
{
	clear_slots(c, UINT64_MAX);
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

/* Removing entries from a linear-probing table breaks probe chains, so the
 * survivors are re-inserted into a fresh table. */
static void forget_oldest_half(struct replycache *c)
{
	uint64_t cut = c->next_age - (uint64_t)c->max / 2;
	struct entry *old = c->slots;
	struct entry *fresh = calloc((size_t)nslots(c), sizeof *fresh);
	if (!fresh) { clear_slots(c, UINT64_MAX); return; }
	c->slots = fresh;
	c->count = 0;
	for (int i = 0; i < nslots(c); i++) {
		if (!old[i].key) continue;
		if (old[i].age < cut) { free(old[i].key); free(old[i].reply); continue; }
		c->slots[find_slot(c, old[i].key)] = old[i];
		c->count++;
	}
	free(old);
}

int replycache_put(struct replycache *c, const char *principal, const char *req,
                   const char *what, const char *reply)
{
	if (c->count >= c->max) forget_oldest_half(c);
	char *key = make_key(principal, req), *val = malloc(strlen(what) + strlen(reply) + 2);
	if (!key || !val) { free(key); free(val); return -1; }
	sprintf(val, "%s\x1f%s", what, reply);
	int i = find_slot(c, key);
	if (c->slots[i].key) {   /* the first reply stays */
		free(key);
		free(val);
		return 0;
	}
	c->slots[i] = (struct entry){ key, val, c->next_age++ };
	c->count++;
	return 0;
}

int replycache_count(const struct replycache *c) { return c->count; }
