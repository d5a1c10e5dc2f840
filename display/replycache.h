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
/* Forgets every entry (today is rebuilt from the log). */
void replycache_clear(struct replycache *c);
/* what names the request an id was used for ("NEXT counter=2"): the same
 * id for another request is an error, not a retry. Returns 1 with the
 * cached reply line (with its '\n') in *reply; 0 when the id is new; -1
 * when it was used for a different request. */
int replycache_get(const struct replycache *c, const char *principal, const char *req,
                   const char *what, const char **reply);
int replycache_put(struct replycache *c, const char *principal, const char *req,
                   const char *what, const char *reply);
int replycache_count(const struct replycache *c);

#endif
