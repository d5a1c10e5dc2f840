/*
 * libFuzzer target: the PNG reader (shared/png.c). Any bytes decode or
 * fail cleanly; a decoded image encodes again and decodes to the same
 * pixels (round trip).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "png.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct png_image img, back;
	unsigned char *out = NULL;
	size_t outlen = 0;
	if (png_decode(data, size, &img)) return 0;
	if (img.w <= 0 || img.h <= 0 || (img.channels != 3 && img.channels != 4)) abort();
	size_t row = (size_t)img.w * (size_t)img.channels;
	if (png_encode(img.px, img.w, img.h, img.channels, (int)row, &out, &outlen) == 0) {
		if (png_decode(out, outlen, &back)) abort();
		if (back.w != img.w || back.h != img.h || back.channels != img.channels ||
		    memcmp(back.px, img.px, row * (size_t)img.h))
			abort();
		png_image_free(&back);
		free(out);
	}
	png_image_free(&img);
	return 0;
}
