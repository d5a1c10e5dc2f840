/*
 * scene: scripted days of a service center, built with the real engine, for
 * screenshots (goiso-display --scene NAME --screenshot FILE.png), the
 * golden-image tests and the README's pictures.
 *
 * Each scene is a config text and a list of commands run through
 * engine_decide() and engine_apply() at fixed times, so the same scene
 * always gives the same state and the same frame.
 */
#ifndef GOISO_SCENE_H
#define GOISO_SCENE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;
struct engine;

struct scene {
	struct config *cfg;
	struct engine *e;
	int64_t now_ms;          /* wall time of the frame to draw */
	bool sound_ok, listener_ok;
};

/* Names of the scenes, NULL-terminated: empty, busy6, counters30, zone
 * (counters30 seen from a zone of counters 7-12), priority, paused,
 * longnames. */
extern const char *const scene_names[];

/* Builds scene name into s. Returns 0, or -1 with a message in err. */
int scene_build(const char *name, struct scene *s, char *err, size_t errlen);
void scene_free(struct scene *s);

#endif
