/*
 * procstat: a process's CPU and memory, and frame logs (see procstat.h).
 */
#define _DEFAULT_SOURCE
#include "procstat.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "daemon.h"

int procstat_usage(pid_t pid, long long *ticks, long *hwm_kb)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f) return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	const char *p = strrchr(buf, ')');   /* the name may hold spaces */
	unsigned long long ut = 0, st = 0;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return -1;
	*ticks = (long long)(ut + st);
	if (!hwm_kb) return 0;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (!(f = fopen(path, "r"))) return -1;
	while (fgets(buf, sizeof buf, f))
		if (!strncmp(buf, "VmHWM:", 6)) *hwm_kb = atol(buf + 6);
	fclose(f);
	return 0;
}

long long procstat_cpu_ms(pid_t pid)
{
	long long ticks;
	if (procstat_usage(pid, &ticks, NULL)) return -1;
	return ticks * 1000 / sysconf(_SC_CLK_TCK);
}

int64_t procstat_frame_for(FILE *log, unsigned long want, int64_t part[2])
{
	char line[128];
	int64_t deadline = clock_mono_ns() / 1000 + 5000000;
	while (clock_mono_ns() / 1000 < deadline) {
		if (!fgets(line, sizeof line, log)) {
			clearerr(log);
			usleep(50);
			continue;
		}
		long long at, draw = -1, shown = -1;
		unsigned long calls;
		if (sscanf(line, "%lld %lu %lld %lld", &at, &calls, &draw, &shown) >= 2 && calls >= want) {
			if (part) { part[0] = draw; part[1] = shown; }
			return at;
		}
	}
	return -1;
}

int procstat_cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

int procstat_next_to_frame(const struct daemon *d, FILE *log, int64_t *lat, int64_t *parts,
                           int64_t *sent, int calls)
{
	struct client *c[7] = { 0 };
	struct proto_msg m;
	int n = -1;
	for (int i = 1; i <= 6; i++) {
		if (!(c[i] = daemon_client(d, "counter", i))) goto out;
		daemon_call(c[i], "LOGIN officer=Bench", &m);
	}
	for (int i = 0; i < calls + 60; i++) {   /* counter 6 serves all four services */
		char req[64];
		snprintf(req, sizeof req, "ISSUE service=%c", 'A' + i % 4);
		daemon_call(c[6], req, &m);
	}
	n = 0;
	for (int k = 0; k < calls; k++) {
		int64_t t0 = clock_mono_ns() / 1000;
		if (daemon_call(c[1 + k % 6], "NEXT", &m) || strcmp(m.word, "OK")) continue;
		int64_t at = procstat_frame_for(log, (unsigned long)k + 1, parts ? parts + 2 * n : NULL);
		if (at <= 0) continue;
		if (sent) sent[n] = t0;
		lat[n++] = at - t0;
	}
out:
	for (int i = 1; i <= 6; i++)
		if (c[i]) client_close(c[i]);
	return n;
}
