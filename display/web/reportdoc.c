/*
 * reportdoc: the report's documents in memory (see reportdoc.h).
 */
#include "reportdoc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The whole file at path into a new buffer. */
static int slurp(const char *path, char **data, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size = -1;
	if (f && fseek(f, 0, SEEK_END) == 0) size = ftell(f);
	if (size >= 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size + 1)) &&
	    fread(buf, 1, (size_t)size, f) == (size_t)size) {
		fclose(f);
		*data = buf;
		*len = (size_t)size;
		return 0;
	}
	snprintf(err, errlen, "%s: %s", path, f ? "read error" : strerror(errno));
	free(buf);
	if (f) fclose(f);
	return -1;
}

/* Removes the folder's files, then the folder (it has no subfolder). */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4400];
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d) closedir(d);
	rmdir(dir);
}

static int html(const char *log_path, const struct config *cfg, const struct report_filter *f,
                char **data, size_t *len, char *err, size_t errlen)
{
	FILE *out = open_memstream(data, len);
	if (!out) { snprintf(err, errlen, "out of memory"); return -1; }
	int rc = report_html(out, log_path, cfg, f, err, errlen);
	if (fclose(out) && !rc) { snprintf(err, errlen, "out of memory"); rc = -1; }
	if (rc) { free(*data); *data = NULL; }
	return rc;
}

int reportdoc_make(enum reportdoc_kind kind, const char *table, const char *log_path,
                   const struct config *cfg, const struct report_filter *f,
                   char **data, size_t *len, char *err, size_t errlen)
{
	char dir[4096], path[4200];
	const char *tmp = getenv("TMPDIR");
	*data = NULL;
	*len = 0;
	if (kind == REPORTDOC_HTML) return html(log_path, cfg, f, data, len, err, errlen);
	if (kind == REPORTDOC_CSV && (!table || !*table || strchr(table, '/') || table[0] == '.')) {
		snprintf(err, errlen, "no such table");
		return -1;
	}
	snprintf(dir, sizeof dir, "%s/goiso-web.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	struct report *r = report_new(f, err, errlen);
	int rc = !r || report_add_log(r, log_path, NULL, cfg, err, errlen) ? -1 : 0;
	if (kind == REPORTDOC_XLSX) snprintf(path, sizeof path, "%s/bao-cao.xlsx", dir);
	else snprintf(path, sizeof path, "%s/%s.csv", dir, table);
	if (!rc && kind == REPORTDOC_XLSX) rc = report_write_xlsx(r, path, err, errlen);
	if (!rc && kind == REPORTDOC_CSV) rc = report_write_csv(r, dir, err, errlen);
	if (!rc) rc = slurp(path, data, len, err, errlen);
	report_free(r);
	remove_dir(dir);
	return rc;
}
