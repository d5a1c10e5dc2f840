/*
 * libFuzzer target: opening sealed session lines (shared/session.c), the
 * first thing the display does with a TCP line after AUTH. Any bytes are
 * refused (and the session stays refused) or open to at most a line; any
 * line sealed by one end opens at the other to the same bytes.
 */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void pair_up(struct session *a, struct session *b)
{
	static const unsigned char key[32] = { 1, 2, 3 };
	struct session_kx ka, kb;
	char pa[SESSION_PK_HEX + 1], pb[SESSION_PK_HEX + 1];
	session_kx_new(&ka, pa);
	session_kx_new(&kb, pb);
	if (session_begin(a, true, &ka, pb, key, "m") || session_begin(b, false, &kb, pa, key, "m")) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static struct session d0, c0;   /* one handshake, copied for each input */
	struct session d, c;
	char out[PROTO_LINE_MAX + 1], wire[SESSION_WIRE_MAX + 2];
	if (!ready) {
		if (sodium_init() < 0) abort();
		pair_up(&d0, &c0);
		ready = 1;
	}
	d = d0;
	c = c0;
	/* foreign bytes never open, and after one refusal nothing does */
	if (session_open(&d, (const char *)data, size, out, sizeof out) >= 0) abort();
	int n = session_seal(&c, "1 PING", 6, wire, sizeof wire);
	if (n < 0 || session_open(&d, wire, (size_t)n - 1, out, sizeof out) >= 0) abort();
	/* the input as a line: sealed, it opens to itself */
	d = d0;
	c = c0;
	n = session_seal(&c, (const char *)data, size, wire, sizeof wire);
	if (size <= PROTO_LINE_MAX - 1) {
		if (n < 0 || n > SESSION_WIRE_MAX + 1 || wire[n - 1] != '\n') abort();
		if (session_open(&d, wire, (size_t)n - 1, out, sizeof out) != (int)size) abort();
		if (memcmp(out, data, size)) abort();
	} else if (n >= 0) {
		abort();
	}
	return 0;
}
