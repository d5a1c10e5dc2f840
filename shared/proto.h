/*
 * proto: the goiso line protocol codec (pure C). The protocol itself is
 * specified in one place, shared/PROTOCOL.md; this header states the
 * codec's contract.
 *
 * A line is UTF-8 text of at most PROTO_LINE_MAX bytes including the '\n':
 *   <id> <WORD> [key=value ...]
 * id: 1-32 characters of [A-Za-z0-9_.:-], or "*" for pushed events.
 * WORD: A-Z 0-9 _ : a verb (requests), OK / ERR (replies), an event name
 * (pushes), or the protocol version in the greeting "GOISO 1 nonce=...".
 * value: bare (no space, quote, backslash or control character) or
 * double-quoted with \" \\ \n \t escapes. A key appears at most once.
 * An ERR reply is "<id> ERR <code> <message to the end of the line>".
 */
#ifndef GOISO_PROTO_H
#define GOISO_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#define PROTO_LINE_MAX 1024
#define PROTO_ID_MAX 32
#define PROTO_MAX_ARGS 16
#define PROTO_KEY_MAX 16
#define PROTO_VAL_MAX 256

enum proto_err {
	PROTO_E_EMPTY = -1, PROTO_E_BAD_ID = -2, PROTO_E_NO_WORD = -3,
	PROTO_E_BAD_ARG = -4, PROTO_E_TOO_MANY = -5, PROTO_E_BAD_TEXT = -6,
	PROTO_E_TOO_LONG = -7, PROTO_E_DUP_KEY = -8, PROTO_E_MIN_ = -9
};

struct proto_arg {
	char key[PROTO_KEY_MAX];
	char val[PROTO_VAL_MAX];
};

struct proto_msg {
	char id[PROTO_ID_MAX + 1];
	char word[PROTO_KEY_MAX];
	struct proto_arg args[PROTO_MAX_ARGS];
	int nargs;
	char rest[PROTO_LINE_MAX];   /* the text after WORD, for ERR */
};

/* Parses one line (without its '\n'; a trailing '\r' is ignored). After
 * the word "ERR" nothing is split: m->rest holds "<code> <message>".
 * On error, m->id holds the id when it could be read, else "-". */
int proto_parse(const char *line, size_t len, struct proto_msg *m);
const char *proto_strerror(int err);

/* The value of key, or NULL. */
const char *proto_get(const struct proto_msg *m, const char *key);
/* The value of key as a decimal integer from lo to hi, into *out: 1; 0
 * when the key is absent (*out unchanged); -1 when its value is not such
 * an integer ("", "7x", "+", out of range; *out unchanged). */
int proto_get_int(const struct proto_msg *m, const char *key, long lo, long hi, int *out);

/* Building a line. Overlong output is cut at an argument boundary and
 * pb->truncated set; the result always ends with '\n'. */
struct proto_buf {
	char s[PROTO_LINE_MAX + 1];
	size_t n;
	bool truncated;
};
void proto_begin(struct proto_buf *pb, const char *id, const char *word);
void proto_add(struct proto_buf *pb, const char *key, const char *val);
void proto_addf(struct proto_buf *pb, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void proto_add_int(struct proto_buf *pb, const char *key, long long v);
/* Appends free text (an ERR message), cut to fit. */
void proto_add_text(struct proto_buf *pb, const char *text);
const char *proto_end(struct proto_buf *pb);

/* A complete ERR line for id. */
const char *proto_err_line(struct proto_buf *pb, const char *id, const char *code, const char *msg);

bool proto_valid_id(const char *id);
bool proto_valid_utf8(const char *s, size_t n);

#endif
