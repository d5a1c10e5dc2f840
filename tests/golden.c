/*
 * golden: full-size comparison with the golden images (see golden.h).
 */
#include "golden.h"

#include <stdio.h>
#include <stdlib.h>

#include "png.h"
#include "test.h"

static long differing(const struct png_image *a, const struct png_image *b, int skip_rows)
{
	if (a->w != b->w || a->h != b->h || a->channels != b->channels) return (long)a->w * a->h + 1;
	long bad = 0, n = (long)a->w * (a->h - (skip_rows < a->h ? skip_rows : a->h));
	for (long i = 0; i < n; i++)
		for (int c = 0; c < a->channels; c++)
			if (abs(a->px[i * a->channels + c] - b->px[i * b->channels + c]) > GOLDEN_TOL) {
				bad++;
				break;
			}
	return bad;
}

long golden_diff(const char *name, const char *shot, int skip_rows)
{
	char gold[512];
	struct png_image got, want;
	snprintf(gold, sizeof gold, GOLDEN_DIR "/%s.png", name);
	if (png_read_file(shot, &got)) {
		test_fail(__FILE__, __LINE__, "cannot read %s", shot);
		return -1;
	}
	const char *update = getenv("GOISO_UPDATE_GOLDEN");
	if (update && *update == '1') {
		if (png_write_file(gold, got.px, got.w, got.h, got.channels, got.w * got.channels))
			test_fail(__FILE__, __LINE__, "cannot write %s", gold);
		else
			fprintf(stderr, "wrote %s\n", gold);
	}
	long d = -1;
	int err = png_read_file(gold, &want);
	if (err) test_fail(__FILE__, __LINE__, "%s: %s (GOISO_UPDATE_GOLDEN=1 makes it)", gold, png_strerror(err));
	else d = differing(&got, &want, skip_rows);
	if (!err) png_image_free(&want);
	png_image_free(&got);
	return d;
}

void golden_check(const char *name, const char *shot, int skip_rows)
{
	long d = golden_diff(name, shot, skip_rows);
	if (d > GOLDEN_MAX_PIXELS)
		test_fail(__FILE__, __LINE__, "%s differs from its golden image on %ld pixels (frame in %s)",
		          name, d, shot);
}
