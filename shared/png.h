/*
 * png: reads and writes 8-bit RGB and RGBA PNG images (pure C, no zlib).
 *
 * The writer stores the pixels in uncompressed deflate blocks: a board
 * screenshot is written in a few milliseconds and is a valid PNG every
 * viewer opens. The reader understands every deflate block type, so it also
 * reads the compressed copies kept as golden images (tests/golden/pngz.py
 * recompresses a PNG) and PNGs from other programs, as long as they are
 * 8-bit RGB or RGBA without interlacing.
 */
#ifndef GOISO_PNG_H
#define GOISO_PNG_H

#include <stddef.h>
#include <stdint.h>

enum png_err {
	PNG_OK = 0, PNG_E_IO = -1, PNG_E_NOMEM = -2, PNG_E_FORMAT = -3,
	PNG_E_UNSUPPORTED = -4, PNG_E_CRC = -5, PNG_E_DEFLATE = -6,
	PNG_E_ARG = -7
};

/* A decoded image: rows top-down, w * channels bytes each, no padding. */
struct png_image {
	int w, h, channels;   /* channels: 3 (RGB) or 4 (RGBA) */
	unsigned char *px;
};

/* Encodes w x h pixels of channels (3 or 4) bytes each, rows stride bytes
 * apart, into a new buffer (*out, freed with free()). Returns 0 or < 0. */
int png_encode(const unsigned char *px, int w, int h, int channels, int stride,
               unsigned char **out, size_t *outlen);

/* Decodes a PNG held in memory into img (img->px freed with png_image_free).
 * (PNG files are read and written by file.h.) */
int png_decode(const unsigned char *data, size_t len, struct png_image *img);
void png_image_free(struct png_image *img);

const char *png_strerror(int err);

/* Checksums of the format, exposed for tests: start with crc = 0, adler = 1. */
uint32_t png_crc32(uint32_t crc, const unsigned char *p, size_t n);
uint32_t png_adler32(uint32_t adler, const unsigned char *p, size_t n);

#endif
