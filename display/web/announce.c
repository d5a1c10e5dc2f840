/*
 * announce: rendered announcements, cached (see announce.h).
 */
#include "announce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voice.h"
#include "wav.h"

struct rendered {
	char label[12];
	int counter;
	unsigned char *wav;
	size_t len;
	unsigned long used;
};

struct announce {
	struct voice *v;
	struct rendered r[ANNOUNCE_CACHE];
	unsigned long clock;
};

struct announce *announce_new(const struct config *cfg, char *err, size_t errlen)
{
	struct voice_opts o;
	struct announce *a = calloc(1, sizeof *a);
	if (!a) { snprintf(err, errlen, "out of memory"); return NULL; }
	voice_opts_init(&o);
	if (voice_opts_from_config(&o, cfg, err, errlen) < 0) { free(a); return NULL; }
	o.audio = "null";
	o.quiet = true;
	if (!(a->v = voice_new(&o, err, errlen))) { free(a); return NULL; }
	return a;
}

void announce_free(struct announce *a)
{
	if (!a) return;
	for (int i = 0; i < ANNOUNCE_CACHE; i++) free(a->r[i].wav);
	voice_free(a->v);
	free(a);
}

const unsigned char *announce_wav(struct announce *a, const char *label, int counter, size_t *len)
{
	struct rendered *slot = &a->r[0];
	for (int i = 0; i < ANNOUNCE_CACHE; i++) {
		struct rendered *r = &a->r[i];
		if (r->wav && r->counter == counter && !strcmp(r->label, label)) {
			r->used = ++a->clock;
			*len = r->len;
			return r->wav;
		}
		if (r->used < slot->used) slot = r;
	}
	if (strlen(label) >= sizeof slot->label) return NULL;
	size_t n = 0;
	int16_t *pcm = voice_render(a->v, label, counter, &n);
	if (!pcm) return NULL;
	unsigned char *wav = malloc(WAV_HEADER_LEN + n * 2);
	if (!wav) { free(pcm); return NULL; }
	wav_header(wav, VOICE_RATE, n);
	for (size_t i = 0; i < n; i++) {   /* little-endian whatever the host */
		wav[WAV_HEADER_LEN + 2 * i] = (unsigned char)(pcm[i] & 0xff);
		wav[WAV_HEADER_LEN + 2 * i + 1] = (unsigned char)((uint16_t)pcm[i] >> 8);
	}
	free(pcm);
	free(slot->wav);
	snprintf(slot->label, sizeof slot->label, "%s", label);
	slot->counter = counter;
	slot->wav = wav;
	slot->len = WAV_HEADER_LEN + n * 2;
	slot->used = ++a->clock;
	*len = slot->len;
	return wav;
}
