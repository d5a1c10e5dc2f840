/*
 * file: goiso's files on disk, whole (impure: it does I/O). The pure
 * modules take and give bytes; this module reads and writes them, so the
 * configuration parser and the PNG codec never open a file themselves.
 * Errors name the file.
 */
#ifndef GOISO_FILE_H
#define GOISO_FILE_H

#include <stddef.h>

struct config;
struct png_image;

/* The whole file, NUL-terminated (the NUL not counted in *len, which may
 * be NULL), at most max bytes. NULL with a message in err and the reason
 * in errno (ENOENT: not there; EACCES, EISDIR, EFBIG: there but not
 * readable). Free it. */
char *file_read(const char *path, size_t max, size_t *len, char *err, size_t errlen);
/* Replaces path with data through a temporary file and a rename, so a
 * reader sees the old file or the new one, never half of one. 0, or -1
 * with err and errno. */
int file_write(const char *path, const void *data, size_t len, char *err, size_t errlen);
/* Creates the directory path and those above it that are missing, mode
 * 0700 (the display's data directory); 0, or -1 with errno (ENOTDIR when
 * a file of that name is there). */
int file_make_dirs(const char *path);

/* The display's data directory when no --data is given: $GOISO_DATA,
 * /var/lib/goiso as root, else ~/.local/share/goiso (written into buf). */
const char *file_data_dir(char *buf, size_t len);
/* An administrative command run as root on a data directory that belongs
 * to the display's user (goiso): the process becomes that user (its uid
 * and its own group, no other), so every file it writes there is the display's to read. A
 * pairing code or a key file written as root, mode 0600, was unreadable by
 * the display: the counter was told "no pairing code". 0 when done or not
 * needed (not root, a directory of root's, one that does not exist), -1
 * with err when the change failed. */
int file_act_as_owner(const char *dir, char *err, size_t errlen);

/* The configuration file at path (NULL: the embedded sample center),
 * parsed with config_parse(). NULL with a message in err. */
struct config *file_load_config(const char *path, char *err, size_t errlen);
/* A PNG file decoded, or written from pixels (png.h); PNG_OK or an error
 * (PNG_E_IO from file_write_png with the reason in errno). */
int file_read_png(const char *path, struct png_image *img);
int file_write_png(const char *path, const unsigned char *px, int w, int h,
                   int channels, int stride);

#endif
