/*
 * voice_files: the clip files on disk and the list of clips.
 *
 * A clip is a WAV file <dir>/<name>.wav. The list (assets/voice/clips.txt,
 * installed beside the built clips) names every clip an announcement can
 * use, with the Vietnamese text a speaker reads when recording it:
 *   <name> TAB <text>      one a line; '#' starts a comment line
 */
#ifndef GOISO_VOICE_FILES_H
#define GOISO_VOICE_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct voice_clip_entry {
	char name[64];
	char text[192];
};

/* Parses a list held in buf (len bytes, need not end in NUL). Returns the
 * entries (free() them) and their count in *n; NULL with "line N: ..." in
 * err for a bad line or a repeated name. */
struct voice_clip_entry *voice_list_parse(const char *buf, size_t len, int *n,
                                          char *err, size_t errlen);
/* Reads and parses the list at path. */
struct voice_clip_entry *voice_list_load(const char *path, int *n, char *err, size_t errlen);
/* The list beside a clip set: dir/../clips.txt, then dir/clips.txt. */
void voice_list_path(const char *clips_dir, char *out, size_t len);

/* The samples of a WAV file converted to mono S16 at rate (free() them),
 * rate 0 meaning the file's own. NULL with err; err is "" when the file
 * does not exist. *leveled (when not NULL) tells whether the file carries
 * the mark of the voice's leveling (voice_file_write's lufs). */
int16_t *voice_file_read(const char *path, int rate, size_t *n, bool *leveled,
                         char *err, size_t errlen);
/* The rate a WAV file was recorded at, 0 when unknown. */
int voice_file_rate(const char *path);
/* Writes pcm as a mono S16 WAV file, through a temporary file renamed
 * over path, so a stop half-way never leaves half a clip; marked as
 * leveled when it was (the voice then loads it as it is). A new file is
 * mode 0644 under the umask, one replaced keeps its mode (and, written by
 * root, its owner): clips are read by the display's own user. 0 or -1 + err. */
int voice_file_write(const char *path, const int16_t *pcm, size_t n, int rate,
                     bool leveled, char *err, size_t errlen);

#endif
