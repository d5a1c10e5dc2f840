/*
 * libFuzzer target: names brought to one form (shared/vname.c). Any bytes
 * normalize without a fault into any buffer size; the result is never
 * longer than the input nor than the buffer, normalizing it again changes
 * nothing, and folding it keeps its length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1), *out = malloc(size + 1), *again = malloc(size + 1);
	char small[16];
	if (!in || !out || !again) abort();
	memcpy(in, data, size);
	in[size] = 0;
	size_t len = vname_normalize(out, size + 1, in);
	if (len != strlen(out) || len > strlen(in)) abort();
	if (vname_normalize(again, size + 1, out) != len || strcmp(again, out)) abort();
	if (vname_fold(again, size + 1, in) != len) abort();
	size_t n = 1 + (size ? data[0] % sizeof small : 0);
	size_t cut = vname_normalize(small, n, in);
	if (cut >= n || cut > len || strncmp(small, out, cut)) abort();
	free(in);
	free(out);
	free(again);
	return 0;
}
