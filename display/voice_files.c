/*
 * voice_files: reading and writing clip files, and the clips list (see
 * voice_files.h). The list's parser works on bytes; only the _load and
 * _read/_write functions touch the disk.
 */
#include "voice_files.h"

#include "file.h"
#include "vec.h"
#include "voice_level.h"
#include "wav.h"

#include <math.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int valid_name(const char *s)
{
	if (!*s) return 0;
	for (; *s; s++)
		if (!(*s == '_' || *s == '-' || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/* One line (without its newline) into e; 1 for an entry, 0 for none. */
static int parse_line(const char *l, size_t len, int line, struct voice_clip_entry *e,
                      char *err, size_t errlen)
{
	while (len && (l[len - 1] == '\r' || l[len - 1] == ' ')) len--;
	if (len == 0 || l[0] == '#') return 0;
	const char *tab = memchr(l, '\t', len);
	size_t nlen = tab ? (size_t)(tab - l) : len;
	size_t tlen = tab ? len - nlen - 1 : 0;
	if (!tab || tlen == 0 || nlen >= sizeof e->name || tlen >= sizeof e->text) {
		snprintf(err, errlen, "line %d: want <name> TAB <text>", line);
		return -1;
	}
	memcpy(e->name, l, nlen);
	e->name[nlen] = 0;
	memcpy(e->text, tab + 1, tlen);
	e->text[tlen] = 0;
	if (!valid_name(e->name)) {
		snprintf(err, errlen, "line %d: clip name '%s': a-z, 0-9, _ and - only", line, e->name);
		return -1;
	}
	return 1;
}

struct voice_clip_entry *voice_list_parse(const char *buf, size_t len, int *n,
                                          char *err, size_t errlen)
{
	struct voice_clip_entry *v = NULL;
	int cap = 0, line = 0;
	*n = 0;
	for (size_t at = 0; at < len; line++) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t l = nl ? (size_t)(nl - (buf + at)) : len - at;
		if (VEC_RESERVE(v, cap, *n + 1, 64)) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		int r = parse_line(buf + at, l, line + 1, &v[*n], err, errlen);
		if (r < 0) goto fail;
		for (int i = 0; r && i < *n; i++)
			if (strcmp(v[i].name, v[*n].name) == 0) {
				snprintf(err, errlen, "line %d: clip '%s' listed twice", line + 1, v[i].name);
				goto fail;
			}
		*n += r;
		at += l + 1;
	}
	if (!v) v = malloc(sizeof *v);
	return v;
fail:
	free(v);
	*n = 0;
	return NULL;
}

#define CLIP_FILE_MAX (64u << 20)

/* A clip or list file whole; NULL with errno set (ENOENT: not there). */
static char *slurp(const char *path, size_t *len)
{
	char e[300];
	errno = 0;
	char *buf = file_read(path, CLIP_FILE_MAX, len, e, sizeof e);
	if (!buf && !errno) errno = EIO;
	return buf;
}

struct voice_clip_entry *voice_list_load(const char *path, int *n, char *err, size_t errlen)
{
	size_t len;
	char *buf = slurp(path, &len), e[160];
	if (!buf) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : ENOMEM));
		return NULL;
	}
	struct voice_clip_entry *v = voice_list_parse(buf, len, n, e, sizeof e);
	if (!v) snprintf(err, errlen, "%s: %s", path, e);
	free(buf);
	return v;
}

void voice_list_path(const char *clips_dir, char *out, size_t len)
{
	struct stat st;
	snprintf(out, len, "%s/../clips.txt", clips_dir);
	if (stat(out, &st) == 0) return;
	snprintf(out, len, "%s/clips.txt", clips_dir);
}

static bool marked(const char *buf, size_t len)
{
	int lufs, ceiling;
	return wav_read_mark(buf, len, &lufs, &ceiling) == 0 &&
	       lufs == (int)lround(VOICE_LEVEL_TARGET * 100) &&
	       ceiling == (int)lround(VOICE_LEVEL_CEILING * 100);
}

int16_t *voice_file_read(const char *path, int rate, size_t *n, bool *leveled,
                         char *err, size_t errlen)
{
	size_t len;
	errno = 0;
	char *buf = slurp(path, &len);
	err[0] = 0;
	if (!buf) {
		if (errno != ENOENT) snprintf(err, errlen, "%s", strerror(errno ? errno : ENOMEM));
		return NULL;
	}
	if (leveled) *leveled = marked(buf, len);
	if (rate <= 0) rate = wav_rate(buf, len);   /* as recorded */
	int16_t *pcm = wav_decode(buf, len, rate > 0 ? rate : 22050, n, err, errlen);
	free(buf);
	return pcm;
}

int voice_file_rate(const char *path)
{
	size_t len;
	char *buf = slurp(path, &len);
	int r = buf ? wav_rate(buf, len) : 0;
	free(buf);
	return r;
}

int voice_file_write(const char *path, const int16_t *pcm, size_t n, int rate,
                     bool leveled, char *err, size_t errlen)
{
	char tmp[4200];
	unsigned char h[WAV_HEADER_LEN], m[WAV_MARK_LEN];
	struct stat old;
	bool replacing = stat(path, &old) == 0 && S_ISREG(old.st_mode);
	snprintf(tmp, sizeof tmp, "%s.part", path);
	/* Clips are no secret, and the display may run as another user (the
	 * package's goiso): a new clip is 0644 under the umask; one rewritten
	 * in place (normalized, recorded again) keeps its mode, and its owner
	 * when root rewrites it. */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int ok = fd >= 0;
	if (ok && replacing)
		ok = (geteuid() != 0 || fchown(fd, old.st_uid, old.st_gid) == 0) &&
		     fchmod(fd, old.st_mode & 07777) == 0;
	FILE *f = ok ? fdopen(fd, "wb") : NULL;
	if (!f && fd >= 0) close(fd);
	wav_header(h, rate, n);
	wav_mark(m, (int)lround(VOICE_LEVEL_TARGET * 100), (int)lround(VOICE_LEVEL_CEILING * 100));
	if (leveled) {                        /* the RIFF size counts the mark */
		uint32_t riff = (uint32_t)(36 + WAV_MARK_LEN + n * 2);
		for (int i = 0; i < 4; i++) h[4 + i] = (unsigned char)(riff >> (8 * i));
	}
	/* fmt, the mark, then data; the samples are little-endian on every
	 * machine goiso runs on. */
	ok = f && fwrite(h, 36, 1, f) == 1 && (!leveled || fwrite(m, sizeof m, 1, f) == 1) &&
	     fwrite(h + 36, 8, 1, f) == 1 && fwrite(pcm, 2, n, f) == n;
	if (f && fclose(f) != 0) ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0) unlink(tmp);
		return -1;
	}
	return 0;
}
