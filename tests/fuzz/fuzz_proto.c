/*
 * libFuzzer target: the protocol codec (shared/proto.c). Any bytes parse
 * or fail cleanly; a line that parses is rebuilt with the builder and
 * parses again to the same id, word and arguments (round trip).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_msg m, again;
	struct proto_buf pb;
	if (proto_parse((const char *)data, size, &m)) return 0;
	if (!strcmp(m.word, "ERR")) return 0;    /* free text after ERR: not split */
	if (!proto_valid_id(m.id) && strcmp(m.id, "*") && strcmp(m.id, "GOISO")) abort();
	proto_begin(&pb, m.id, m.word);
	for (int i = 0; i < m.nargs; i++) proto_add(&pb, m.args[i].key, m.args[i].val);
	proto_end(&pb);
	if (pb.n > PROTO_LINE_MAX || pb.s[pb.n - 1] != '\n') abort();
	if (pb.truncated) return 0;              /* quoting made it longer than a line */
	if (proto_parse(pb.s, pb.n - 1, &again)) abort();
	if (strcmp(m.id, again.id) || strcmp(m.word, again.word) || m.nargs != again.nargs) abort();
	for (int i = 0; i < m.nargs; i++)
		if (strcmp(m.args[i].key, again.args[i].key) || strcmp(m.args[i].val, again.args[i].val))
			abort();
	return 0;
}
