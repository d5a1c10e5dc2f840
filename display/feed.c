/*
 * feed: the link to the display and its requests (see feed.h).
 */
#include "feed.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "config.h"
#include "engine.h"
#include "wall.h"

enum { TAG_SUB = 1, TAG_DAY, TAG_RECENT, TAG_COUNTER, TAG_TICKET = 100 };

struct feed {
	struct link *link;
	struct link_opts lo;      /* what each new link is made with, but the key */
	char keyfile[4200];
	void (*keyed)(void *ud, struct client_cred *cred);
	void *keyed_ud;
	const char *log_name;
	char key_id[AUTH_ID_MAX + 1];   /* the link's key */
	bool refused;             /* the display refused it; not yet accepted and whole again */
	int64_t check_ms, retry_ms;     /* while refused: read the file, make the link again */
	struct wall *w;
	struct feed_hooks h;
	bool asked;               /* the (re)connect's requests went out */
	bool synced;              /* ... and were all answered (until the next reconnect) */
	char addr_file[4200];
	bool want_day, want_recent, dirty;
	bool want_counter[CONFIG_MAX_COUNTERS];
	const struct config *cfg;
	int in_flight;
	char ticket_of[FEED_IN_FLIGHT + 1][ENGINE_TOKEN_LEN + 1];   /* by TAG_TICKET + slot */
	int64_t mono_ms, wall_ms;
};

/* The display on this PC wrote where it listens; "0.0.0.0:7710" means
 * any address, so the loopback one is used. */
static int find_display(void *ud, char *hostport, size_t n, char *why, size_t whylen)
{
	struct feed *f = ud;
	char line[300] = "";
	FILE *fp = fopen(f->addr_file, "r");
	if (!fp || !fgets(line, sizeof line, fp)) {
		if (fp) fclose(fp);
		snprintf(why, whylen, "chưa thấy %s: máy hiển thị chưa chạy trên máy này? (hoặc dùng --connect)",
		         f->addr_file);
		return 0;
	}
	fclose(fp);
	line[strcspn(line, "\r\n")] = 0;
	if (!strncmp(line, "0.0.0.0:", 8)) snprintf(hostport, n, "127.0.0.1:%s", line + 8);
	else if (!strncmp(line, "[::]:", 5)) snprintf(hostport, n, "[::1]:%s", line + 5);
	else snprintf(hostport, n, "%s", line);
	return 1;
}

static void ask_everything(struct feed *f)
{
	f->want_day = f->want_recent = true;
	for (int i = 0; i < f->cfg->ncounters; i++) f->want_counter[i] = true;
}

static void on_ready(void *ud)
{
	struct feed *f = ud;
	f->in_flight = 0;
	wall_reset(f->w);
	if (link_request(f->link, "SUB", TAG_SUB, false, f->mono_ms) == 0) f->in_flight++;
	ask_everything(f);
	f->asked = f->synced = false;
	if (f->h.changed) f->h.changed(f->h.ud);
	f->dirty = true;
}

static void on_reply(void *ud, int tag, const struct proto_msg *m)
{
	struct feed *f = ud;
	if (f->in_flight > 0) f->in_flight--;
	if (tag == TAG_DAY) f->dirty |= wall_day_status(f->w, m) != 0;
	else if (tag == TAG_RECENT) f->dirty |= wall_recent(f->w, m) != 0;
	else if (tag == TAG_COUNTER) f->dirty |= wall_counter_status(f->w, m) != 0;
	else if (tag >= TAG_TICKET && tag <= TAG_TICKET + FEED_IN_FLIGHT) {
		char *tok = f->ticket_of[tag - TAG_TICKET];
		if (f->h.reply) f->h.reply(f->h.ud, tok, m, f->mono_ms);
		tok[0] = 0;
	}
}

static void on_push(void *ud, const struct proto_msg *m)
{
	struct feed *f = ud;
	int counter = 0, r = wall_push(f->w, m, f->wall_ms, &counter);
	if (!r) return;
	f->dirty = true;
	if (r & WALL_COUNTER) {
		int i = config_counter_index(f->cfg, counter);
		if (i >= 0) f->want_counter[i] = true;
	}
	if (r & WALL_NEW_DAY) ask_everything(f);
	if ((r & WALL_CALLED) && f->h.called)
		f->h.called(f->h.ud, &f->w->call, f->w->call_priority, f->w->call_recall);
	if (f->h.changed) f->h.changed(f->h.ud);
}

static void on_changed(void *ud)
{
	struct feed *f = ud;
	f->dirty = true;   /* up or down: the pages show it */
}

/* A link with the key in the file now; it replaces the feed's only when it
 * could be made. What the old one was asked will not be answered: the
 * owner's requests get an ERR busy, the rest is asked again once up. */
static int relink(struct feed *f, char *err, size_t errlen)
{
	struct link_opts lo = f->lo;
	struct link_cb cb = { on_ready, on_reply, on_push, on_changed, f };
	struct link *l = NULL;
	if (auth_read_keyfile(f->keyfile, lo.cred.id, lo.cred.key, err, errlen)) return -1;
	if (f->keyed) f->keyed(f->keyed_ud, &lo.cred);
	snprintf(lo.cred.role, sizeof lo.cred.role, "viewer");
	if (!(l = link_new(&lo, &cb))) snprintf(err, errlen, "out of memory");
	else snprintf(f->key_id, sizeof f->key_id, "%s", lo.cred.id);
	sodium_memzero(&lo.cred, sizeof lo.cred);
	if (!l) return -1;
	link_free(f->link);
	f->link = l;
	f->in_flight = 0;
	f->asked = f->synced = false;
	for (int slot = 0; slot < FEED_IN_FLIGHT; slot++) {
		if (!f->ticket_of[slot][0]) continue;
		struct proto_msg busy = { .word = "ERR", .rest = "busy" };
		if (f->h.reply) f->h.reply(f->h.ud, f->ticket_of[slot], &busy, f->mono_ms);
		f->ticket_of[slot][0] = 0;
	}
	return 0;
}

struct feed *feed_new(const struct feed_opts *o, const struct config *cfg, struct wall *w,
                      const struct feed_hooks *hooks, char *err, size_t errlen)
{
	struct feed *f = calloc(1, sizeof *f);
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	f->w = w;
	if (hooks) f->h = *hooks;
	f->cfg = cfg;
	snprintf(f->addr_file, sizeof f->addr_file, "%s", o->addr_file ? o->addr_file : "");
	snprintf(f->keyfile, sizeof f->keyfile, "%s", o->keyfile ? o->keyfile : "");
	f->keyed = o->keyed;
	f->keyed_ud = o->keyed_ud;
	f->log_name = o->log_name ? o->log_name : "goiso";
	f->lo = (struct link_opts){ .connect = o->connect, .find = o->find ? o->find : find_display,
	                            .find_ud = o->find ? o->find_ud : f, .distrust = o->distrust,
	                            .trusted = o->trusted };
	if (relink(f, err, errlen)) {
		free(f);
		return NULL;
	}
	return f;
}

void feed_free(struct feed *f)
{
	if (!f) return;
	link_free(f->link);
	free(f);
}

/* The display refused the key: the file is read again now and then for a
 * new one, tried at once; the one there is tried again after a while. */
static void watch_key(struct feed *f, int64_t mono_ms)
{
	char id[AUTH_ID_MAX + 1], err[512];
	unsigned char key[AUTH_KEY_BYTES];
	if (!f->refused && link_key_refused(f->link)) {
		f->refused = true;
		f->check_ms = mono_ms + FEED_KEY_CHECK_MS;
		f->retry_ms = mono_ms + FEED_REFUSED_RETRY_MS;
	}
	if (!f->refused || mono_ms < f->check_ms) return;
	f->check_ms = mono_ms + FEED_KEY_CHECK_MS;
	bool fresh = !auth_read_keyfile(f->keyfile, id, key, err, sizeof err) && strcmp(id, f->key_id);
	sodium_memzero(key, sizeof key);
	if (!fresh && mono_ms < f->retry_ms) return;
	f->retry_ms = mono_ms + FEED_REFUSED_RETRY_MS;
	if (relink(f, err, sizeof err)) return;   /* unreadable now: the next check */
	if (fresh) fprintf(stderr, "%s: a new key in %s (%s): trying it\n", f->log_name, f->keyfile, f->key_id);
}

static bool send(struct feed *f, const char *body, int tag)
{
	if (link_request(f->link, body, tag, false, f->mono_ms)) return false;
	f->in_flight++;
	return true;
}

/* Sends what is wanted, oldest concern first, while there is room. */
static void send_wanted(struct feed *f)
{
	char body[128], tok[ENGINE_TOKEN_LEN + 1];
	if (f->in_flight < FEED_IN_FLIGHT && f->want_day && send(f, "STATUS", TAG_DAY)) f->want_day = false;
	if (f->in_flight < FEED_IN_FLIGHT && f->want_recent && send(f, "RECENT", TAG_RECENT)) f->want_recent = false;
	for (int i = 0; i < f->cfg->ncounters && f->in_flight < FEED_IN_FLIGHT; i++) {
		if (!f->want_counter[i]) continue;
		snprintf(body, sizeof body, "STATUS counter=%d", f->cfg->counters[i].no);
		if (send(f, body, TAG_COUNTER)) f->want_counter[i] = false;
	}
	while (f->in_flight < FEED_IN_FLIGHT) {
		int slot = 0;
		while (slot < FEED_IN_FLIGHT && f->ticket_of[slot][0]) slot++;
		if (slot == FEED_IN_FLIGHT || !f->h.next_due || !f->h.next_due(f->h.ud, f->mono_ms, tok)) break;
		snprintf(body, sizeof body, "TICKET token=%s", tok);
		memcpy(f->ticket_of[slot], tok, sizeof tok);
		if (!send(f, body, TAG_TICKET + slot)) {
			struct proto_msg busy = { .word = "ERR", .rest = "busy" };
			if (f->h.reply) f->h.reply(f->h.ud, tok, &busy, f->mono_ms);
			f->ticket_of[slot][0] = 0;
			break;
		}
	}
}

/* Every request asked since the (re)connect has its reply. */
static bool all_answered(const struct feed *f)
{
	if (!feed_up(f) || !f->asked || f->in_flight > 0 || f->want_day || f->want_recent) return false;
	for (int i = 0; i < f->cfg->ncounters; i++)
		if (f->want_counter[i]) return false;
	return true;
}

int feed_pump(struct feed *f, int64_t mono_ms, int64_t wall_ms)
{
	f->mono_ms = mono_ms;
	f->wall_ms = wall_ms;
	watch_key(f, mono_ms);
	int wait = link_pump(f->link, mono_ms);
	if (link_state(f->link) == LINK_READY) send_wanted(f);   /* requests leave at once */
	if (link_state(f->link) == LINK_READY) f->asked = true;
	if (!f->synced && all_answered(f)) f->synced = true;
	if (f->synced && link_state(f->link) == LINK_READY) f->refused = false;
	watch_key(f, mono_ms);   /* a refusal in this pump: known at once */
	return f->refused && wait > FEED_KEY_CHECK_MS ? FEED_KEY_CHECK_MS : wait;
}

bool feed_synced(const struct feed *f) { return feed_up(f) && f->synced; }

int feed_fd(const struct feed *f) { return link_fd(f->link); }
short feed_poll_events(const struct feed *f) { return link_poll_events(f->link); }
bool feed_up(const struct feed *f) { return link_state(f->link) == LINK_READY; }
const char *feed_reason(const struct feed *f) { return link_reason(f->link); }
bool feed_key_refused(const struct feed *f) { return f->refused; }
const char *feed_key_id(const struct feed *f) { return f->key_id; }

bool feed_take_dirty(struct feed *f)
{
	bool d = f->dirty;
	f->dirty = false;
	return d;
}
