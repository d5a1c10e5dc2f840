/*
 * vname: a person's name as typed, brought to one form (see vname.h).
 *
 * Not a general Unicode normalizer: it composes only what Vietnamese
 * input methods produce, a Latin letter with a vowel mark and a tone mark,
 * from tables generated from Python's unicodedata (vname_table.py). The
 * marks are taken as a set, one of each kind, so "e" U+0301 U+0302 (tone
 * typed first, as some input methods send it) and "e" U+0302 U+0301 both
 * become "ế", where strict NFC would compose the first to "é" U+0302.
 */
#include "vname.h"

#include <stdint.h>
#include <stdlib.h>

struct vname_letter {
	uint16_t cp;
	char base;
	uint16_t mod, tone;
};

struct vname_case {
	uint16_t upper, lower;
};

#include "vname_table.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* One character of the input: a code point and its bytes, or an invalid
 * byte (cp -1, one byte), or the end (cp 0, no byte). */
struct unit {
	long cp;
	int len;
};

struct out {
	char *s;
	size_t n, len;
	int full;                   /* a character did not fit: nothing more */
};

/* Strict UTF-8: overlong forms, surrogates and values past U+10FFFF are
 * invalid bytes, copied one at a time. */
static struct unit unit_at(const unsigned char *p)
{
	static const long least[] = { 0, 0x80, 0x800, 0x10000 };
	struct unit bad = { -1, 1 };
	if (!*p) return (struct unit){ 0, 0 };
	if (*p < 0x80) return (struct unit){ *p, 1 };
	int k = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC2 ? 1 : 0;
	if (!k || *p > 0xF4) return bad;
	long cp = *p & (0x3F >> k);
	for (int i = 1; i <= k; i++) {
		if ((p[i] & 0xC0) != 0x80) return bad;   /* the end too */
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if (cp < least[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return bad;
	return (struct unit){ cp, k + 1 };
}

static int encode(long cp, unsigned char *b)
{
	if (cp < 0x80) { b[0] = (unsigned char)cp; return 1; }
	if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	b[0] = (unsigned char)(0xE0 | cp >> 12);   /* the tables stay below U+10000 */
	b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	b[2] = (unsigned char)(0x80 | (cp & 0x3F));
	return 3;
}

static void put(struct out *o, const void *p, size_t k)
{
	if (o->full || o->len + k > o->n - 1) { o->full = 1; return; }
	for (size_t i = 0; i < k; i++) o->s[o->len + i] = ((const char *)p)[i];
	o->len += k;
}

static int is_space(long cp) { return cp == ' ' || cp == '\t' || cp == 0xA0; }
static int is_mod(long cp) { return cp == 0x302 || cp == 0x306 || cp == 0x31B; }
static int is_tone(long cp)
{
	return cp == 0x300 || cp == 0x301 || cp == 0x303 || cp == 0x309 || cp == 0x323;
}

static int by_cp(const void *k, const void *e)
{
	long a = *(const long *)k, b = ((const struct vname_letter *)e)->cp;
	return a < b ? -1 : a > b;
}

/* A letter marks may follow: its ASCII base and the marks it carries. */
static int split(long cp, int *base, long *mod, long *tone)
{
	*mod = *tone = 0;
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) { *base = (int)cp; return 1; }
	const struct vname_letter *l = bsearch(&cp, vname_letters, NELEMS(vname_letters),
	                                       sizeof *l, by_cp);
	if (!l) return 0;
	*base = l->base;
	*mod = l->mod;
	*tone = l->tone;
	return 1;
}

static long compose(int base, long mod, long tone)
{
	for (size_t i = 0; i < NELEMS(vname_letters); i++)
		if (vname_letters[i].base == base && vname_letters[i].mod == mod &&
		    vname_letters[i].tone == tone)
			return vname_letters[i].cp;
	return -1;
}

/* Writes the character at p, with the marks that follow it when it is a
 * letter; returns where the next character starts. */
static const unsigned char *character(struct out *o, const unsigned char *p, struct unit u)
{
	int base;
	long mod, tone;
	if (!split(u.cp, &base, &mod, &tone)) { put(o, p, (size_t)u.len); return p + u.len; }
	const unsigned char *q = p + u.len;
	for (;;) {
		struct unit m = unit_at(q);
		long *slot = is_mod(m.cp) ? &mod : is_tone(m.cp) ? &tone : NULL;
		if (!slot || *slot) break;   /* a second mark of a kind stays as it came */
		*slot = m.cp;
		q += m.len;
	}
	long cp = q == p + u.len ? -1 : compose(base, mod, tone);
	unsigned char b[4];
	if (cp < 0) put(o, p, (size_t)(q - p));   /* no marks, or no such letter */
	else put(o, b, (size_t)encode(cp, b));
	return q;
}

size_t vname_normalize(char *dst, size_t n, const char *src)
{
	struct out o = { dst, n, 0, 0 };
	const unsigned char *p = (const unsigned char *)src;
	int space = 0;
	while (*p && !o.full) {
		struct unit u = unit_at(p);
		if (is_space(u.cp)) { space = 1; p += u.len; continue; }
		size_t before = o.len;
		if (space && o.len) put(&o, " ", 1);
		space = 0;
		p = character(&o, p, u);
		if (o.full) o.len = before;   /* never end on the space */
	}
	dst[o.len] = 0;
	return o.len;
}

static int by_upper(const void *k, const void *e)
{
	long a = *(const long *)k, b = ((const struct vname_case *)e)->upper;
	return a < b ? -1 : a > b;
}

size_t vname_fold(char *dst, size_t n, const char *src)
{
	size_t len = vname_normalize(dst, n, src);
	unsigned char *p = (unsigned char *)dst;
	while (*p) {
		struct unit u = unit_at(p);
		const struct vname_case *c;
		if (u.cp >= 'A' && u.cp <= 'Z') *p = (unsigned char)(*p + 'a' - 'A');
		else if (u.len > 1 && (c = bsearch(&u.cp, vname_cases, NELEMS(vname_cases), sizeof *c, by_upper)))
			encode(c->lower, p);   /* the generator checked: as many bytes */
		p += u.len;
	}
	return len;
}
