/*
 * replycache: the first reply given to each (principal, request id) that
 * changed something, so a retried request gets that reply again instead of
 * acting twice. Filled as events are accepted and from the log's replay.
 * Bounded: past REPLYCACHE_MAX entries (or the max it was made with) the
 * oldest half is forgotten.
 */
#ifndef GOISO_REPLYCACHE_H
#define GOISO_REPLYCACHE_H

#define REPLYCACHE_MAX 131072

struct replycache;

struct replycache *replycache_new(void);
/* A cache of at most max entries (max >= 2), for tests that reach the bound. */
struct replycache *replycache_new_max(int max);
void replycache_free(struct replycache *c);
/* The cached reply line (with its '\n'), or NULL. */
const char *replycache_get(const struct replycache *c, const char *principal, const char *req);
int replycache_put(struct replycache *c, const char *principal, const char *req, const char *reply);
int replycache_count(const struct replycache *c);

#endif
