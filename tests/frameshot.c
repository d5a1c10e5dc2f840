/*
 * frameshot: a running board's frame, taken and compared (see frameshot.h).
 */
#define _DEFAULT_SOURCE
#include "frameshot.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "file.h"
#include "test.h"

int frameshot_config(char *path, size_t len, const char *display_lines)
{
	snprintf(path, len, "%s/center.conf", test_tmpdir());
	FILE *f = fopen(path, "w");
	if (!f) {
		test_fail(__FILE__, __LINE__, "cannot write %s", path);
		return -1;
	}
	fprintf(f, "%s\n[display]\n%s", config_default_text, display_lines);
	if (fclose(f) == 0) return 0;
	test_fail(__FILE__, __LINE__, "cannot write %s", path);
	return -1;
}

int frameshot_take(const struct daemon *d, struct png_image *img)
{
	char path[700];
	snprintf(path, sizeof path, "%s/screenshot.png", d->data);
	unlink(path);
	if (kill(d->pid, SIGUSR1)) return -1;
	for (int i = 0; i < 500; i++) {
		struct stat st;
		if (stat(path, &st) == 0) return file_read_png(path, img);
		usleep(10000);
	}
	return -1;
}

long frameshot_differing(const struct png_image *a, const struct png_image *b,
                         struct layout_rect r)
{
	long n = 0;
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++) {
			const unsigned char *p = a->px + ((size_t)y * a->w + x) * 3;
			const unsigned char *q = b->px + ((size_t)y * b->w + x) * 3;
			if (abs(p[0] - q[0]) > 32 || abs(p[1] - q[1]) > 32 || abs(p[2] - q[2]) > 32) n++;
		}
	return n;
}

/* Glyph widths do not move the boxes the tests look at: half the pixel
 * size per byte is close enough. */
static int measure(void *ud, const char *s, int px)
{
	(void)ud;
	return (int)strlen(s) * px / 2;
}

int frameshot_layout(int w, int h, struct layout *lay)
{
	struct layout_in in = { w, h, 6, 4, "A000", measure, NULL };
	return layout_compute(&in, lay);
}
