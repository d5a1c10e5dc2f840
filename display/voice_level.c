/*
 * voice_level: loudness, true peak, limiting and trimming (see
 * voice_level.h). The limiter is a look-ahead gain curve: each sample's
 * gain is the least any sample within 2 ms needs, eased back to 1 over
 * about 50 ms, so peaks are lowered without clicks or pumping words.
 */
#include "voice_level.h"

#include <ebur128.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MIN_MEASURE_S 2.0     /* short clips are looped to this length */

static double db(double lin) { return lin > 0 ? 20 * log10(lin) : -200; }

/* Integrated loudness of x looped to at least MIN_MEASURE_S, and the true
 * peak of x once. */
static int measure_float(const float *x, size_t n, int rate, double *lufs, double *tp)
{
	ebur128_state *st = ebur128_init(1, (unsigned long)rate,
	                                 EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
	if (!st) return -1;
	int r = 0;
	double peak = 0;
	if (n > 0) {
		r |= ebur128_add_frames_float(st, x, n);
		r |= ebur128_true_peak(st, 0, &peak);
		for (size_t done = n; r == 0 && (double)done < MIN_MEASURE_S * rate; done += n)
			r |= ebur128_add_frames_float(st, x, n);
	}
	if (r == 0 && ebur128_loudness_global(st, lufs) != EBUR128_SUCCESS) r = -1;
	if (n == 0 || isinf(*lufs) || *lufs < -200) *lufs = -200;
	*tp = db(peak);
	ebur128_destroy(&st);
	return r == 0 ? 0 : -1;
}

static float *to_float(const int16_t *pcm, size_t n)
{
	float *x = malloc((n ? n : 1) * sizeof *x);
	if (x)
		for (size_t i = 0; i < n; i++) x[i] = pcm[i] / 32768.0f;
	return x;
}

int voice_level_measure(const int16_t *pcm, size_t n, int rate, struct voice_level *out)
{
	float *x = to_float(pcm, n);
	if (!x) return -1;
	memset(out, 0, sizeof *out);
	int r = measure_float(x, n, rate, &out->lufs, &out->peak_db);
	int peak = 0, run = 0;
	for (size_t i = 0; i < n; i++) {
		int a = pcm[i] < 0 ? -pcm[i] : pcm[i];
		if (a > peak) peak = a;
		if (a >= 32604) {
			out->full_scale++;
			if (++run == 3) out->clipped_runs++;
		} else {
			run = 0;
		}
	}
	out->sample_peak_db = db(peak / 32768.0);
	free(x);
	return r;
}

/* Lowers the peaks of x so that no sample passes c (linear). */
static int limit(float *x, size_t n, int rate, double c)
{
	size_t look = (size_t)rate * 2 / 1000;
	double ease = 1 - exp(-1.0 / (0.05 * rate));   /* ~50 ms back to 1 */
	float *g = malloc((n ? n : 1) * sizeof *g);
	if (!g) return -1;
	for (size_t i = 0; i < n; i++) {
		double a = fabs(x[i]);
		g[i] = a > c ? (float)(c / a) : 1.0f;
	}
	/* The least gain within +-look samples (spread), then eased both ways
	 * so it never rises faster than the release allows. */
	float *h = malloc((n ? n : 1) * sizeof *h);
	if (!h) {
		free(g);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		float m = 1.0f;
		size_t lo = i > look ? i - look : 0, hi = i + look < n ? i + look : n - 1;
		for (size_t k = lo; k <= hi; k++)
			if (g[k] < m) m = g[k];
		h[i] = m;
	}
	for (size_t i = 1; i < n; i++) {
		float up = h[i - 1] + (float)((1 - h[i - 1]) * ease);
		if (h[i] > up) h[i] = up;
	}
	for (size_t i = n; i-- > 1;) {
		float up = h[i] + (float)((1 - h[i]) * ease);
		if (h[i - 1] > up) h[i - 1] = up;
	}
	for (size_t i = 0; i < n; i++) x[i] *= h[i];
	free(g);
	free(h);
	return 0;
}

static void scale(float *x, size_t n, double gain)
{
	for (size_t i = 0; i < n; i++) x[i] = (float)(x[i] * gain);
}

int voice_level_normalize(int16_t *pcm, size_t n, int rate, double target,
                          double ceiling, struct voice_level *after)
{
	float *x = to_float(pcm, n);
	double lufs, tp;
	int r = x ? measure_float(x, n, rate, &lufs, &tp) : -1;
	if (r == 0 && lufs > VOICE_LEVEL_SILENT) {
		/* Gain to the target; when that passes the ceiling, limit the
		 * peaks and make up the loudness the limiter took, a few times
		 * (each round needs less). */
		double c = pow(10, ceiling / 20);
		for (int round = 0; r == 0 && round < 8; round++) {
			scale(x, n, pow(10, (target - lufs) / 20));
			r = measure_float(x, n, rate, &lufs, &tp);
			if (r < 0 || (tp <= ceiling && fabs(lufs - target) < 0.2)) break;
			if (tp > ceiling) {
				/* Sample peaks a little under the ceiling so that the
				 * peaks between samples stay under it too. */
				r = limit(x, n, rate, c * pow(10, -(tp - ceiling + 0.3 * round) / 20));
				if (r == 0) r = measure_float(x, n, rate, &lufs, &tp);
			}
		}
		/* Last resort: whatever the loudness, never over the ceiling. */
		if (r == 0 && tp > ceiling) scale(x, n, pow(10, (ceiling - tp) / 20));
		for (size_t i = 0; r == 0 && i < n; i++) {
			double v = floor(x[i] * 32768.0 + 0.5);
			pcm[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
		}
	}
	free(x);
	if (r == 0 && after) r = voice_level_measure(pcm, n, rate, after);
	return r;
}

void voice_level_trim(const int16_t *pcm, size_t n, int rate, int margin_ms,
                      size_t *a, size_t *b)
{
	size_t w = (size_t)rate / 100, nw = w ? n / w : 0;
	double *e = calloc(nw + 1, sizeof *e), loud = 0, floor_ = 0;
	*a = *b = 0;
	if (!e || nw == 0) {
		free(e);
		return;
	}
	for (size_t k = 0; k < nw; k++) {
		double s = 0;
		for (size_t i = 0; i < w; i++) s += (double)pcm[k * w + i] * pcm[k * w + i];
		e[k] = sqrt(s / (double)w) / 32768.0;
		if (e[k] > loud) loud = e[k];
	}
	/* The noise floor: the 10th percentile of the windows' levels. */
	double *sorted = malloc(nw * sizeof *sorted);
	if (sorted) {
		memcpy(sorted, e, nw * sizeof *sorted);
		for (size_t i = 1; i < nw; i++)          /* insertion sort: short */
			for (size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
				double t = sorted[j];
				sorted[j] = sorted[j - 1];
				sorted[j - 1] = t;
			}
		floor_ = sorted[nw / 10];
		free(sorted);
	}
	/* A clip with no silence at all has its "floor" in its sound: the
	 * floor counts only up to 20 dB under the loudest window. */
	double th = fmax(fmax(pow(10, -45 / 20.0), fmin(floor_ * 4, loud * 0.1)),
	                 loud * pow(10, -35 / 20.0));
	size_t first = nw, last = 0;
	for (size_t k = 0; k < nw; k++)
		if (e[k] > th) {
			if (first == nw) first = k;
			last = k + 1;
		}
	free(e);
	if (first == nw) return;
	size_t m = (size_t)rate * (size_t)margin_ms / 1000;
	*a = first * w > m ? first * w - m : 0;
	*b = last * w + m < n ? last * w + m : n;
}
