/*
 * png: PNG encoder (stored deflate) and decoder (full inflate), see png.h.
 *
 * Format references: PNG (ISO/IEC 15948), zlib (RFC 1950), deflate
 * (RFC 1951). The inflater decodes Huffman codes one bit at a time from
 * canonical code counts: slower than table lookups, but short and plenty
 * fast for golden images of a few megabytes.
 */
#include "png.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- checksums ---------------------------------------------------------- */

uint32_t png_crc32(uint32_t crc, const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	static int ready;
	if (!ready) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	crc = ~crc;
	while (n--) crc = table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
	return ~crc;
}

uint32_t png_adler32(uint32_t adler, const unsigned char *p, size_t n)
{
	uint32_t a = adler & 0xFFFF, b = adler >> 16;
	while (n) {
		size_t k = n < 5552 ? n : 5552;   /* no overflow before the modulo */
		n -= k;
		while (k--) { a += *p++; b += a; }
		a %= 65521;
		b %= 65521;
	}
	return b << 16 | a;
}

/* ---- encoder ------------------------------------------------------------ */

static unsigned char *put32(unsigned char *o, uint32_t v)
{
	o[0] = v >> 24; o[1] = v >> 16; o[2] = v >> 8; o[3] = v;
	return o + 4;
}

/* Writes one chunk (length, type, data, CRC) at o; returns the end. */
static unsigned char *put_chunk(unsigned char *o, const char *type,
                                const unsigned char *data, size_t n)
{
	o = put32(o, (uint32_t)n);
	unsigned char *crc_from = o;
	memcpy(o, type, 4);
	if (n) memcpy(o + 4, data, n);
	o += 4 + n;
	return put32(o, png_crc32(0, crc_from, n + 4));
}

int png_encode(const unsigned char *px, int w, int h, int channels, int stride,
               unsigned char **out, size_t *outlen)
{
	if (!px || w <= 0 || h <= 0 || (channels != 3 && channels != 4) ||
	    stride < w * channels || (size_t)w * h > 100000000u)
		return PNG_E_ARG;
	size_t row = (size_t)w * channels + 1, raw = row * h;
	size_t nblocks = raw / 65535 + 1;
	size_t zlen = 2 + nblocks * 5 + raw + 4;
	size_t total = 8 + 25 + 12 + zlen + 12;
	unsigned char *buf = malloc(total), *z = malloc(zlen);
	if (!buf || !z) { free(buf); free(z); return PNG_E_NOMEM; }

	/* zlib stream: header, stored blocks of the filtered rows, Adler-32. */
	unsigned char *o = z;
	*o++ = 0x78; *o++ = 0x01;
	uint32_t adler = 1;
	size_t left = raw, y = 0, x = 0;   /* x: position inside the current row */
	while (left) {
		size_t n = left < 65535 ? left : 65535;
		left -= n;
		*o++ = left ? 0 : 1;
		o[0] = n & 0xFF; o[1] = n >> 8; o[2] = ~n & 0xFF; o[3] = (~n >> 8) & 0xFF;
		o += 4;
		unsigned char *blk = o;
		while (n) {   /* copy row bytes, a filter byte 0 before each row */
			if (x == 0) { *o++ = 0; x = 1; n--; continue; }
			size_t k = row - x < n ? row - x : n;
			memcpy(o, px + y * stride + (x - 1), k);
			o += k; x += k; n -= k;
			if (x == row) { x = 0; y++; }
		}
		adler = png_adler32(adler, blk, (size_t)(o - blk));
	}
	o = put32(o, adler);

	unsigned char ihdr[13];
	put32(ihdr, (uint32_t)w);
	put32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;                          /* bit depth */
	ihdr[9] = channels == 4 ? 6 : 2;      /* RGBA or RGB */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;   /* deflate, adaptive filters, no interlace */
	unsigned char *p = buf;
	memcpy(p, "\x89PNG\r\n\x1a\n", 8);
	p = put_chunk(p + 8, "IHDR", ihdr, 13);
	p = put_chunk(p, "IDAT", z, (size_t)(o - z));
	p = put_chunk(p, "IEND", NULL, 0);
	free(z);
	*out = buf;
	*outlen = (size_t)(p - buf);
	return PNG_OK;
}

/* ---- inflate ------------------------------------------------------------ */

struct inflater {
	const unsigned char *in;
	size_t inlen, pos;
	unsigned bitbuf, bitcnt;
	unsigned char *out;
	size_t outlen, outpos;
};

/* A canonical Huffman code: count[len] codes of each length, symbols in
 * code order. */
struct huff { short count[16]; short symbol[320]; };

static int bits(struct inflater *s, unsigned need, unsigned *v)
{
	while (s->bitcnt < need) {
		if (s->pos >= s->inlen) return -1;
		s->bitbuf |= (unsigned)s->in[s->pos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	*v = s->bitbuf & ((1u << need) - 1);
	s->bitbuf >>= need;
	s->bitcnt -= need;
	return 0;
}

static int decode(struct inflater *s, const struct huff *h)
{
	int code = 0, first = 0, index = 0;
	for (int len = 1; len < 16; len++) {
		unsigned b;
		if (bits(s, 1, &b)) return -1;
		code |= (int)b;
		int count = h->count[len];
		if (code - count < first) return h->symbol[index + (code - first)];
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return -1;
}

/* Builds h from n code lengths; returns 0, or -1 for an over-full code. */
static int build(struct huff *h, const unsigned char *lens, int n)
{
	short offs[16];
	memset(h->count, 0, sizeof h->count);
	for (int i = 0; i < n; i++) h->count[lens[i]]++;
	int left = 1;
	for (int len = 1; len < 16; len++) {
		left = (left << 1) - h->count[len];
		if (left < 0) return -1;
	}
	offs[1] = 0;
	for (int len = 1; len < 15; len++) offs[len + 1] = offs[len] + h->count[len];
	for (int i = 0; i < n; i++)
		if (lens[i]) h->symbol[offs[lens[i]]++] = (short)i;
	return 0;
}

static const short len_base[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23,
	27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const short len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const short dist_base[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97,
	129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193,
	12289, 16385, 24577 };
static const short dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

static int put_byte(struct inflater *s, unsigned char c)
{
	if (s->outpos >= s->outlen) return -1;
	s->out[s->outpos++] = c;
	return 0;
}

static int codes(struct inflater *s, const struct huff *lit, const struct huff *dist)
{
	for (;;) {
		int sym = decode(s, lit);
		unsigned e;
		if (sym < 0 || sym > 285) return -1;
		if (sym < 256) { if (put_byte(s, (unsigned char)sym)) return -1; continue; }
		if (sym == 256) return 0;
		sym -= 257;
		if (sym >= 29 || bits(s, (unsigned)len_extra[sym], &e)) return -1;
		size_t len = (size_t)len_base[sym] + e;
		int ds = decode(s, dist);
		if (ds < 0 || ds >= 30 || bits(s, (unsigned)dist_extra[ds], &e)) return -1;
		size_t d = (size_t)dist_base[ds] + e;
		if (d > s->outpos || len > s->outlen - s->outpos) return -1;
		for (; len; len--, s->outpos++) s->out[s->outpos] = s->out[s->outpos - d];
	}
}

static int stored(struct inflater *s)
{
	s->bitbuf = s->bitcnt = 0;   /* drop to a byte boundary */
	if (s->inlen - s->pos < 4) return -1;
	const unsigned char *p = s->in + s->pos;
	unsigned len = p[0] | p[1] << 8, nlen = p[2] | p[3] << 8;
	if (len != (~nlen & 0xFFFF)) return -1;
	s->pos += 4;
	if (s->inlen - s->pos < len || s->outlen - s->outpos < len) return -1;
	memcpy(s->out + s->outpos, s->in + s->pos, len);
	s->pos += len;
	s->outpos += len;
	return 0;
}

static int fixed(struct inflater *s)
{
	static struct huff lit, dist;
	static int ready;
	if (!ready) {
		unsigned char l[288];
		for (int i = 0; i < 288; i++) l[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
		build(&lit, l, 288);
		memset(l, 5, 30);
		build(&dist, l, 30);
		ready = 1;
	}
	return codes(s, &lit, &dist);
}

static int dynamic(struct inflater *s)
{
	static const unsigned char order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11,
	                                         4, 12, 3, 13, 2, 14, 1, 15 };
	unsigned char lens[320] = { 0 };
	unsigned nlen, ndist, ncode, v;
	struct huff lencode, lit, dist;
	if (bits(s, 5, &nlen) || bits(s, 5, &ndist) || bits(s, 4, &ncode)) return -1;
	nlen += 257; ndist += 1; ncode += 4;
	if (nlen > 286 || ndist > 30) return -1;
	for (unsigned i = 0; i < ncode; i++) {
		if (bits(s, 3, &v)) return -1;
		lens[order[i]] = (unsigned char)v;
	}
	if (build(&lencode, lens, 19)) return -1;
	for (unsigned i = 0; i < nlen + ndist;) {
		int sym = decode(s, &lencode);
		unsigned rep, val = 0;
		if (sym < 0) return -1;
		if (sym < 16) { lens[i++] = (unsigned char)sym; continue; }
		if (sym == 16) {
			if (i == 0 || bits(s, 2, &rep)) return -1;
			val = lens[i - 1]; rep += 3;
		} else if (sym == 17) {
			if (bits(s, 3, &rep)) return -1;
			rep += 3;
		} else {
			if (bits(s, 7, &rep)) return -1;
			rep += 11;
		}
		if (i + rep > nlen + ndist) return -1;
		while (rep--) lens[i++] = (unsigned char)val;
	}
	if (lens[256] == 0) return -1;
	memset(&lit, 0, sizeof lit);
	if (build(&lit, lens, (int)nlen) || build(&dist, lens + nlen, (int)ndist)) return -1;
	return codes(s, &lit, &dist);
}

/* Inflates a zlib stream into out (exactly outlen bytes expected). */
static int zlib_inflate(const unsigned char *in, size_t inlen, unsigned char *out, size_t outlen)
{
	struct inflater s = { in, inlen, 2, 0, 0, out, outlen, 0 };
	if (inlen < 6 || (in[0] & 0x0F) != 8 || ((in[0] << 8) | in[1]) % 31 || (in[1] & 0x20))
		return PNG_E_DEFLATE;
	unsigned last = 0, type;
	while (!last) {
		if (bits(&s, 1, &last) || bits(&s, 2, &type)) return PNG_E_DEFLATE;
		int r = type == 0 ? stored(&s) : type == 1 ? fixed(&s) : type == 2 ? dynamic(&s) : -1;
		if (r) return PNG_E_DEFLATE;
	}
	if (s.outpos != outlen || inlen - s.pos < 4) return PNG_E_DEFLATE;
	const unsigned char *a = in + s.pos;
	uint32_t want = (uint32_t)a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3];
	return png_adler32(1, out, outlen) == want ? PNG_OK : PNG_E_DEFLATE;
}

/* ---- decoder ------------------------------------------------------------ */

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undoes the per-row filters of raw (rows of 1 + rowlen bytes) into px. */
static int unfilter(const unsigned char *raw, unsigned char *px, int h, size_t rowlen, int bpp)
{
	for (int y = 0; y < h; y++) {
		const unsigned char *src = raw + (size_t)y * (rowlen + 1);
		unsigned char *dst = px + (size_t)y * rowlen;
		const unsigned char *up = y ? dst - rowlen : NULL;
		int f = *src++;
		for (size_t i = 0; i < rowlen; i++) {
			int a = i >= (size_t)bpp ? dst[i - bpp] : 0, b = up ? up[i] : 0;
			int c = up && i >= (size_t)bpp ? up[i - bpp] : 0;
			int pred = f == 0 ? 0 : f == 1 ? a : f == 2 ? b : f == 3 ? (a + b) / 2 :
			           f == 4 ? paeth(a, b, c) : -1;
			if (pred < 0) return PNG_E_FORMAT;
			dst[i] = (unsigned char)(src[i] + pred);
		}
	}
	return PNG_OK;
}

int png_decode(const unsigned char *d, size_t len, struct png_image *img)
{
	memset(img, 0, sizeof *img);
	if (len < 8 || memcmp(d, "\x89PNG\r\n\x1a\n", 8)) return PNG_E_FORMAT;
	unsigned char *z = NULL;
	size_t zlen = 0, pos = 8;
	int err = PNG_E_FORMAT, w = 0, h = 0, ch = 0, seen_end = 0;
	while (!seen_end && len - pos >= 12) {
		uint32_t n = get32(d + pos);
		const unsigned char *type = d + pos + 4, *data = d + pos + 8;
		if (n > len - pos - 12) goto fail;
		if (png_crc32(0, type, n + 4) != get32(data + n)) { err = PNG_E_CRC; goto fail; }
		if (!memcmp(type, "IHDR", 4) && n == 13) {
			w = (int)get32(data); h = (int)get32(data + 4);
			ch = data[9] == 2 ? 3 : data[9] == 6 ? 4 : 0;
			if (data[8] != 8 || !ch || data[12] || w <= 0 || h <= 0 ||
			    (size_t)w * h > 100000000u) { err = PNG_E_UNSUPPORTED; goto fail; }
		} else if (!memcmp(type, "IDAT", 4)) {
			unsigned char *nz = realloc(z, zlen + n + 1);
			if (!nz) { err = PNG_E_NOMEM; goto fail; }
			z = nz;
			memcpy(z + zlen, data, n);
			zlen += n;
		} else if (!memcmp(type, "IEND", 4)) {
			seen_end = 1;
		}
		pos += 12 + n;
	}
	if (!seen_end || !ch || !z) goto fail;
	size_t rowlen = (size_t)w * ch, rawlen = (rowlen + 1) * h;
	unsigned char *raw = malloc(rawlen);
	img->px = malloc(rowlen * h);
	if (!raw || !img->px) { free(raw); err = PNG_E_NOMEM; goto fail; }
	err = zlib_inflate(z, zlen, raw, rawlen);
	if (!err) err = unfilter(raw, img->px, h, rowlen, ch);
	free(raw);
	if (err) goto fail;
	free(z);
	img->w = w; img->h = h; img->channels = ch;
	return PNG_OK;
fail:
	free(z);
	png_image_free(img);
	return err;
}

void png_image_free(struct png_image *img)
{
	if (!img) return;
	free(img->px);
	memset(img, 0, sizeof *img);
}

const char *png_strerror(int err)
{
	switch (err) {
	case PNG_OK: return "no error";
	case PNG_E_IO: return "cannot read or write the file";
	case PNG_E_NOMEM: return "out of memory";
	case PNG_E_FORMAT: return "not a valid PNG";
	case PNG_E_UNSUPPORTED: return "PNG kind not supported (8-bit RGB/RGBA only)";
	case PNG_E_CRC: return "PNG chunk checksum mismatch";
	case PNG_E_DEFLATE: return "corrupt compressed data";
	case PNG_E_ARG: return "bad image arguments";
	}
	return "unknown error";
}
