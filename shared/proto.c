/*
 * proto: parsing and building protocol lines (see proto.h). The parser
 * never writes past its fixed-size fields: anything longer is an error, so
 * a hostile line costs at most one ERR reply.
 */
#include "proto.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Messages for people (officers read them through the caller). */
static const char *const errmsg[] = {
	[0] = "thành công",
	[-PROTO_E_EMPTY] = "dòng trống",
	[-PROTO_E_BAD_ID] = "mã yêu cầu không hợp lệ (1-32 ký tự A-Z a-z 0-9 _ . : -)",
	[-PROTO_E_NO_WORD] = "thiếu lệnh hoặc lệnh không hợp lệ",
	[-PROTO_E_BAD_ARG] = "tham số phải có dạng khóa=giá trị",
	[-PROTO_E_TOO_MANY] = "quá nhiều tham số",
	[-PROTO_E_BAD_TEXT] = "không phải văn bản UTF-8 hợp lệ",
	[-PROTO_E_TOO_LONG] = "dòng dài quá 1024 byte",
	[-PROTO_E_DUP_KEY] = "một tham số được ghi hai lần",
};

const char *proto_strerror(int err)
{
	return (err <= 0 && err > PROTO_E_MIN_) ? errmsg[-err] : "dòng không hợp lệ";
}

bool proto_valid_id(const char *id)
{
	size_t n = strlen(id);
	if (n < 1 || n > PROTO_ID_MAX) return false;
	for (; *id; id++) {
		char c = *id;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == ':' || c == '-'))
			return false;
	}
	return true;
}

bool proto_valid_utf8(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t len;
		unsigned min;
		if (c < 0x80) { i++; continue; }
		if ((c & 0xe0) == 0xc0) { len = 2; min = 0x80; c &= 0x1f; }
		else if ((c & 0xf0) == 0xe0) { len = 3; min = 0x800; c &= 0x0f; }
		else if ((c & 0xf8) == 0xf0) { len = 4; min = 0x10000; c &= 0x07; }
		else return false;
		if (i + len > n) return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80) return false;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return false;
		i += len;
	}
	return true;
}

/* Reads one token: a bare run up to a space, or key="quoted value". */
static int read_value(const char **pp, const char *end, char *out, size_t cap)
{
	const char *p = *pp;
	size_t n = 0;
	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			char c = *p;
			if (c == '\\') {
				if (++p == end) return PROTO_E_BAD_ARG;
				c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
				if (c != '\n' && c != '\t' && c != '"' && c != '\\') return PROTO_E_BAD_ARG;
			}
			if (n + 1 >= cap) return PROTO_E_BAD_ARG;
			out[n++] = c;
		}
		if (p == end) return PROTO_E_BAD_ARG;
		p++;
		if (p < end && *p != ' ') return PROTO_E_BAD_ARG;
	} else {
		for (; p < end && *p != ' '; p++) {
			if (*p == '"' || *p == '\\' || n + 1 >= cap) return PROTO_E_BAD_ARG;
			out[n++] = *p;
		}
	}
	out[n] = 0;
	*pp = p;
	return 0;
}

static int read_word(const char **pp, const char *end, char *out, size_t cap)
{
	const char *p = *pp;
	size_t n = 0;
	while (p < end && *p != ' ') {
		if (n + 1 >= cap) return -1;
		out[n++] = *p++;
	}
	out[n] = 0;
	*pp = p;
	return n ? 0 : -1;
}

static void skip_spaces(const char **pp, const char *end)
{
	while (*pp < end && **pp == ' ') (*pp)++;
}

static int parse_args(const char *p, const char *end, struct proto_msg *m)
{
	for (skip_spaces(&p, end); p < end; skip_spaces(&p, end)) {
		if (m->nargs == PROTO_MAX_ARGS) return PROTO_E_TOO_MANY;
		struct proto_arg *a = &m->args[m->nargs];
		size_t k = 0;
		while (p < end && *p != '=' && *p != ' ') {
			char c = *p++;
			if (k + 1 >= sizeof a->key || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			                                (c >= '0' && c <= '9') || c == '_'))
				return PROTO_E_BAD_ARG;
			a->key[k++] = c;
		}
		a->key[k] = 0;
		if (!k || p == end || *p != '=') return PROTO_E_BAD_ARG;
		p++;
		int rc = read_value(&p, end, a->val, sizeof a->val);
		if (rc) return rc;
		if (proto_get(m, a->key)) return PROTO_E_DUP_KEY;
		m->nargs++;
	}
	return 0;
}

int proto_parse(const char *line, size_t len, struct proto_msg *m)
{
	memset(m, 0, sizeof *m);
	strcpy(m->id, "-");
	/* the limit counts the '\r' too: the server's framing does */
	if (len + 1 > PROTO_LINE_MAX) return PROTO_E_TOO_LONG;
	if (len && line[len - 1] == '\r') len--;
	if (memchr(line, 0, len) || !proto_valid_utf8(line, len)) return PROTO_E_BAD_TEXT;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t') return PROTO_E_BAD_TEXT;
	const char *p = line, *end = line + len;
	skip_spaces(&p, end);
	if (p == end) return PROTO_E_EMPTY;
	char id[PROTO_ID_MAX + 2];
	if (read_word(&p, end, id, sizeof id) || (strcmp(id, "*") && !proto_valid_id(id)))
		return PROTO_E_BAD_ID;
	strcpy(m->id, id);
	skip_spaces(&p, end);
	if (read_word(&p, end, m->word, sizeof m->word)) return PROTO_E_NO_WORD;
	for (const char *w = m->word; *w; w++)
		if (!((*w >= 'A' && *w <= 'Z') || (*w >= '0' && *w <= '9') || *w == '_')) return PROTO_E_NO_WORD;
	skip_spaces(&p, end);
	memcpy(m->rest, p, (size_t)(end - p));
	m->rest[end - p] = 0;
	if (!strcmp(m->word, "ERR")) return 0;
	return parse_args(p, end, m);
}

const char *proto_get(const struct proto_msg *m, const char *key)
{
	for (int i = 0; i < m->nargs; i++)
		if (!strcmp(m->args[i].key, key)) return m->args[i].val;
	return NULL;
}

int proto_get_int(const struct proto_msg *m, const char *key, long lo, long hi, int *out)
{
	const char *v = proto_get(m, key);
	char *end;
	if (!v) return 0;
	long x = strtol(v, &end, 10);
	if (!*v || *end || x < lo || x > hi) return -1;
	*out = (int)x;
	return 1;
}

/* ---- building ---- */

static bool needs_quotes(const char *v)
{
	if (!*v) return true;
	for (; *v; v++)
		if (*v == ' ' || *v == '"' || *v == '\\' || (unsigned char)*v < 0x20) return true;
	return false;
}

/* Room for the value plus the final '\n'. */
static bool append(struct proto_buf *pb, const char *s, size_t n)
{
	if (pb->n + n + 1 > PROTO_LINE_MAX) { pb->truncated = true; return false; }
	memcpy(pb->s + pb->n, s, n);
	pb->n += n;
	pb->s[pb->n] = 0;
	return true;
}

void proto_begin(struct proto_buf *pb, const char *id, const char *word)
{
	pb->n = 0;
	pb->s[0] = 0;
	pb->truncated = false;
	append(pb, id, strlen(id));
	append(pb, " ", 1);
	append(pb, word, strlen(word));
}

void proto_add(struct proto_buf *pb, const char *key, const char *val)
{
	char tmp[PROTO_VAL_MAX * 2 + 64];
	size_t n = (size_t)snprintf(tmp, sizeof tmp, " %s=", key);
	if (n >= sizeof tmp) return;
	if (!needs_quotes(val)) {
		size_t v = strlen(val);
		if (n + v >= sizeof tmp) { pb->truncated = true; return; }
		memcpy(tmp + n, val, v + 1);
		n += v;
	} else {
		tmp[n++] = '"';
		for (; *val && n + 4 < sizeof tmp; val++) {
			char c = *val;
			if (c == '"' || c == '\\') { tmp[n++] = '\\'; tmp[n++] = c; }
			else if (c == '\n') { tmp[n++] = '\\'; tmp[n++] = 'n'; }
			else if (c == '\t') { tmp[n++] = '\\'; tmp[n++] = 't'; }
			else if ((unsigned char)c >= 0x20) tmp[n++] = c;
		}
		if (*val) { pb->truncated = true; return; }
		tmp[n++] = '"';
	}
	if (pb->truncated) return;   /* keep arguments whole: none after a cut */
	append(pb, tmp, n);
}

void proto_addf(struct proto_buf *pb, const char *key, const char *fmt, ...)
{
	char v[PROTO_VAL_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v, sizeof v, fmt, ap);
	va_end(ap);
	proto_add(pb, key, v);
}

void proto_add_int(struct proto_buf *pb, const char *key, long long v)
{
	proto_addf(pb, key, "%lld", v);
}

void proto_add_text(struct proto_buf *pb, const char *text)
{
	if (!append(pb, " ", 1)) return;
	size_t room = PROTO_LINE_MAX - 1 - pb->n, n = 0;
	/* cut at a character boundary, and keep the line a single line */
	while (text[n] && n < room && text[n] != '\n') n++;
	while (n > 0 && n < strlen(text) && ((unsigned char)text[n] & 0xc0) == 0x80) n--;
	append(pb, text, n);
}

const char *proto_end(struct proto_buf *pb)
{
	pb->s[pb->n++] = '\n';
	pb->s[pb->n] = 0;
	return pb->s;
}

const char *proto_err_line(struct proto_buf *pb, const char *id, const char *code, const char *msg)
{
	proto_begin(pb, id, "ERR");
	append(pb, " ", 1);
	append(pb, code, strlen(code));
	proto_add_text(pb, msg);
	return proto_end(pb);
}
