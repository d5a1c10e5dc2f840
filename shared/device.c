/*
 * device: kiosk and printer states (see device.h).
 */
#include "device.h"

#include <stdio.h>
#include <string.h>

static const struct { const char *name, *text; } states[DEVICE_STATE_COUNT_] = {
	[DEVICE_OK] = { "ok", "hoạt động bình thường" },
	[DEVICE_PAPER_NEAR_END] = { "paper_near_end", "máy in sắp hết giấy" },
	[DEVICE_PAPER_OUT] = { "paper_out", "máy in hết giấy" },
	[DEVICE_COVER_OPEN] = { "cover_open", "nắp máy in đang mở" },
	[DEVICE_PRINTER_OFFLINE] = { "printer_offline", "máy in không phản hồi" },
	[DEVICE_PRINTER_ERROR] = { "printer_error", "máy in bị lỗi" },
	[DEVICE_OFFLINE] = { "offline", "mất kết nối" },
};

const char *device_state_name(enum device_state s)
{
	return (unsigned)s < DEVICE_STATE_COUNT_ ? states[s].name : "?";
}

const char *device_state_text(enum device_state s)
{
	return (unsigned)s < DEVICE_STATE_COUNT_ ? states[s].text : "?";
}

int device_state_from_name(const char *name)
{
	for (int i = 0; i < DEVICE_STATE_COUNT_; i++)
		if (!strcmp(states[i].name, name)) return i;
	return -1;
}

/* Puts owner's report last in d's list of connections. */
static void remember(struct device *d, const void *owner, enum device_state s)
{
	int i = 0;
	while (i < d->nby && d->by[i].conn != owner) i++;
	if (i == DEVICE_CONNS_MAX) i = 0;            /* full: the longest silent goes */
	else if (i == d->nby) d->nby++;
	for (; i + 1 < d->nby; i++) d->by[i] = d->by[i + 1];
	d->by[d->nby - 1].conn = owner;
	d->by[d->nby - 1].state = s;
}

const struct device *device_set(struct device_table *t, int no, enum device_state s,
                                const void *owner)
{
	struct device *d = NULL;
	for (int i = 0; i < t->n && !d; i++)
		if (t->dev[i].no == no) d = &t->dev[i];
	if (!d) {
		if (t->n == DEVICE_MAX) return NULL;
		d = &t->dev[t->n++];
		memset(d, 0, sizeof *d);
		d->no = no;
		d->state = DEVICE_OK;
		snprintf(d->name, sizeof d->name, "kiosk-%d", no);
		if (s == DEVICE_OK) { remember(d, owner, s); return d; }   /* new: say it is there */
	}
	remember(d, owner, s);
	if (d->state == s) return NULL;
	d->state = s;
	return d;
}

int device_lost(struct device_table *t, const void *owner, const struct device **changed, int max)
{
	int n = 0;
	for (int i = 0; i < t->n; i++) {
		struct device *d = &t->dev[i];
		int j = 0;
		while (j < d->nby && d->by[j].conn != owner) j++;
		if (j == d->nby) continue;
		for (d->nby--; j < d->nby; j++) d->by[j] = d->by[j + 1];
		/* another connection of this kiosk is still open: its word stands */
		enum device_state now = d->nby ? d->by[d->nby - 1].state : DEVICE_OFFLINE;
		if (d->state == now) continue;
		d->state = now;
		if (n < max) changed[n++] = d;
	}
	return n;
}

void device_describe(const struct device *d, char *buf, size_t n)
{
	snprintf(buf, n, "Máy lấy số %d: %s", d->no, device_state_text(d->state));
}

void device_warning(const struct device_table *t, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = 0;
	for (int i = 0; i < t->n && len + 1 < n; i++) {
		char one[128];
		if (t->dev[i].state == DEVICE_OK) continue;
		device_describe(&t->dev[i], one, sizeof one);
		int w = snprintf(buf + len, n - len, "%s%s", len ? "  ·  " : "", one);
		if (w < 0 || (size_t)w >= n - len) { buf[len] = 0; break; }
		len += (size_t)w;
	}
}

void device_push_line(struct proto_buf *pb, const struct device *d)
{
	char text[128];
	device_describe(d, text, sizeof text);
	proto_begin(pb, "*", "DEVICE");
	proto_add(pb, "device", d->name);
	proto_add_int(pb, "kiosk", d->no);
	proto_add(pb, "state", device_state_name(d->state));
	proto_add(pb, "text", text);
	proto_end(pb);
}
