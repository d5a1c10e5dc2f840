/*
 * file: whole files in and out (see file.h).
 */
#include "file.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "png.h"

#define CONFIG_FILE_MAX (16u << 20)
#define PNG_FILE_MAX (256u << 20)

char *file_read(const char *path, size_t max, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		errno = e;   /* a caller may tell a missing file from a bad one */
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	int e = buf ? 0 : ENOMEM;
	while (buf) {
		errno = 0;
		n += fread(buf + n, 1, cap - n, f);
		if (ferror(f)) e = errno ? errno : EIO;   /* EISDIR for a directory */
		if (n < cap || e) break;
		char *nb = cap < max ? realloc(buf, cap * 2 + 1) : NULL;
		if (!nb) { e = cap < max ? ENOMEM : EFBIG; break; }
		buf = nb;
		cap *= 2;
	}
	fclose(f);
	if (e) {
		free(buf);
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(e));
		errno = e;
		return NULL;
	}
	buf[n] = 0;
	if (len) *len = n;
	return buf;
}

int file_write(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f) { snprintf(err, errlen, "%s: %s", tmp, strerror(errno)); return -1; }
	size_t n = fwrite(data, 1, len, f);
	if (fclose(f) != 0 || n != len || rename(tmp, path) != 0) {
		int e = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		remove(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int file_make_dirs(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/') continue;
		*p = 0;
		if (mkdir(tmp, 0700) && errno != EEXIST) return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0700) && errno != EEXIST) return -1;
	/* a file of that name is there: not a directory to keep the record in */
	struct stat st;
	if (stat(tmp, &st) == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

const char *file_data_dir(char *buf, size_t len)
{
	const char *env = getenv("GOISO_DATA"), *home = getenv("HOME");
	if (env && *env) return env;
	if (geteuid() == 0) return "/var/lib/goiso";
	snprintf(buf, len, "%s/.local/share/goiso", home ? home : ".");
	return buf;
}

int file_act_as_owner(const char *dir, char *err, size_t errlen)
{
	struct stat st;
	if (geteuid() != 0 || stat(dir, &st) != 0 || st.st_uid == 0) return 0;
	/* the user's own group, not the directory's (one chgrp'd to adm
	 * would otherwise lend its group) */
	const struct passwd *pw = getpwuid(st.st_uid);
	gid_t gid = pw ? pw->pw_gid : st.st_gid;
	if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(st.st_uid) != 0) {
		snprintf(err, errlen, "%s belongs to uid %u: cannot act as that user (%s)", dir,
		         (unsigned)st.st_uid, strerror(errno));
		return -1;
	}
	return 0;
}

struct config *file_load_config(const char *path, char *err, size_t errlen)
{
	size_t n;
	if (!path) return config_parse(config_default_text, "(defaults)", err, errlen);
	char *text = file_read(path, CONFIG_FILE_MAX, &n, err, errlen);
	if (!text) return NULL;
	struct config *c = NULL;
	if (memchr(text, 0, n)) snprintf(err, errlen, "%s: not a text file (NUL byte)", path);
	else c = config_parse(text, path, err, errlen);
	free(text);
	return c;
}

int file_read_png(const char *path, struct png_image *img)
{
	char err[300];
	size_t n;
	memset(img, 0, sizeof *img);
	unsigned char *data = (unsigned char *)file_read(path, PNG_FILE_MAX, &n, err, sizeof err);
	if (!data) return PNG_E_IO;
	int rc = png_decode(data, n, img);
	free(data);
	return rc;
}

int file_write_png(const char *path, const unsigned char *px, int w, int h,
                   int channels, int stride)
{
	unsigned char *data;
	size_t len;
	char err[300];
	int rc = png_encode(px, w, h, channels, stride, &data, &len);
	if (rc) return rc;
	rc = file_write(path, data, len, err, sizeof err) ? PNG_E_IO : PNG_OK;
	int e = errno;
	free(data);
	errno = e;
	return rc;
}
