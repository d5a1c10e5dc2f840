/*
 * followers: follower boards seen and lost (see followers.h).
 */
#include "followers.h"

#include <stdbool.h>
#include <stdio.h>

/* The entry of follower no; a new one only when add (a follower never
 * seen is never lost). */
static int find(struct followers *t, int no, bool add)
{
	for (int i = 0; i < t->n; i++)
		if (t->f[i].no == no) return i;
	if (!add || t->n == FOLLOWERS_MAX || no < 1) return -1;
	t->f[t->n].no = no;
	t->f[t->n].conns = 0;
	t->f[t->n].left_ms = 0;
	return t->n++;
}

void followers_seen(struct followers *t, int no)
{
	int i = find(t, no, true);
	if (i >= 0) t->f[i].conns++;
}

void followers_left(struct followers *t, int no, int64_t now_ms)
{
	int i = find(t, no, false);
	if (i < 0 || t->f[i].conns == 0) return;
	if (--t->f[i].conns == 0) t->f[i].left_ms = now_ms;
}

void followers_warning(const struct followers *t, int64_t now_ms, followers_paired_fn paired, void *ud,
                       char *buf, size_t n)
{
	size_t len = 0;
	int lost = 0;
	if (n) buf[0] = 0;
	for (int i = 0; i < t->n && len < n; i++) {
		if (t->f[i].conns > 0 || now_ms - t->f[i].left_ms < FOLLOWERS_GRACE_MS) continue;
		if (paired && !paired(ud, t->f[i].no)) continue;   /* revoked: taken down on purpose */
		len += (size_t)snprintf(buf + len, n - len, "%s%d", lost++ ? ", " : "Màn hình phụ ", t->f[i].no);
	}
	if (lost && len < n) snprintf(buf + len, n - len, " mất kết nối");
}
