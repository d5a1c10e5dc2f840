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
		if (s == DEVICE_OK) { d->owner = owner; return d; }   /* new: say it is there */
	}
	d->owner = owner;
	if (d->state == s) return NULL;
	d->state = s;
	return d;
}

int device_lost(struct device_table *t, const void *owner, const struct device **changed, int max)
{
	int n = 0;
	for (int i = 0; i < t->n; i++) {
		struct device *d = &t->dev[i];
		if (d->owner != owner) continue;
		d->owner = NULL;
		if (d->state == DEVICE_OFFLINE) continue;
		d->state = DEVICE_OFFLINE;
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
