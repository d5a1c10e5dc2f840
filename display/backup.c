/*
 * backup: `goiso-display backup`, a consistent copy of the center's record
 * taken while the daemon runs (contract in backup.h).
 *
 * The event log is copied with SQLite's online backup API on a read-only
 * connection: the copy is one snapshot of the log (a WAL reader never blocks
 * the daemon's writer), whatever the daemon commits meanwhile. The keyring
 * and the site key are copied beside it, so a restored display still knows
 * every paired counter.
 */
#include "backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "vec.h"

#define BACKUP_PREFIX "events-"
#define BACKUP_SUFFIX ".db"
#define KEEP_MAX 10000

bool backup_is_command(const char *word)
{
	return word && !strcmp(word, "backup");
}

static int usage(void)
{
	fprintf(stderr, "usage: goiso-display backup [--data DIR] [--keep N] FILE|DIR/\n"
	                "  FILE   the copy of the event log (FILE.keys and FILE.site.key beside it)\n"
	                "  DIR/   a folder: events-YYYYMMDD-HHMMSS.db in it; with --keep N only the\n"
	                "         newest N copies are kept\n");
	return 2;
}

/* Copies the whole log at src into dst (a new file, mode 0600). */
static int copy_log(const char *src, const char *dst)
{
	sqlite3 *from = NULL, *to = NULL;
	int rc = -1;
	struct stat st;
	if (stat(src, &st) != 0 || st.st_size == 0) {
		fprintf(stderr, "goiso-display backup: no event log at %s\n", src);
		return -1;
	}
	int fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "goiso-display backup: cannot create %s: %s\n", dst, strerror(errno));
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(dst, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "goiso-display backup: %s\n", sqlite3_errmsg(from ? from : to));
		goto out;
	}
	sqlite3_busy_timeout(from, 5000);
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b) {
		fprintf(stderr, "goiso-display backup: %s\n", sqlite3_errmsg(to));
		goto out;
	}
	int step = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		fprintf(stderr, "goiso-display backup: copy failed: %s\n", sqlite3_errstr(step));
		goto out;
	}
	/* The copy is a plain rollback-journal file: one file to carry away. */
	if (sqlite3_exec(to, "PRAGMA journal_mode=DELETE; PRAGMA integrity_check;", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "goiso-display backup: %s\n", sqlite3_errmsg(to));
		goto out;
	}
	rc = 0;
out:
	sqlite3_close(from);
	sqlite3_close(to);
	if (rc) unlink(dst);
	return rc;
}

/* Copies a small file (keys, site.key) whole, mode 0600; a missing source
 * is not an error (a display that was never paired has no keys file). */
static int copy_file(const char *src, const char *dst)
{
	FILE *in = fopen(src, "rb");
	if (!in) return errno == ENOENT ? 0 : -1;
	int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
	char buf[4096];
	size_t n;
	int rc = out ? 0 : -1;
	while (out && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n) rc = -1;
	if (ferror(in)) rc = -1;
	fclose(in);
	if (out && (fflush(out) || fsync(fileno(out)) || fclose(out))) rc = -1;
	else if (!out && fd >= 0) close(fd);
	if (rc) fprintf(stderr, "goiso-display backup: cannot copy %s to %s\n", src, dst);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_copy_name(const char *n)
{
	size_t len = strlen(n), pl = strlen(BACKUP_PREFIX), sl = strlen(BACKUP_SUFFIX);
	return len > pl + sl && !strncmp(n, BACKUP_PREFIX, pl) && !strcmp(n + len - sl, BACKUP_SUFFIX);
}

/* Removes all but the newest `keep` copies in dir (names sort by time). */
static void prune(const char *dir, int keep)
{
	DIR *d = opendir(dir);
	if (!d) return;
	char **names = NULL;
	int n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!is_copy_name(e->d_name)) continue;
		if (VEC_RESERVE(names, cap, n + 1, 16)) break;
		if (!(names[n] = strdup(e->d_name))) break;
		n++;
	}
	closedir(d);
	if (n) qsort(names, (size_t)n, sizeof *names, name_cmp);
	for (int i = 0; i < n; i++) {
		if (i + keep < n) {
			static const char *const tails[] = { "", ".keys", ".site.key" };
			for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {
				char p[4400];
				snprintf(p, sizeof p, "%s/%s%s", dir, names[i], tails[t]);
				unlink(p);
			}
		}
		free(names[i]);
	}
	free(names);
}

int backup_main(int argc, char **argv, const char *default_data)
{
	const char *data = default_data, *dest = NULL;
	int keep = 0;
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(argv[i], "--data") && v) data = argv[++i];
		else if (!strcmp(argv[i], "--keep") && v) {
			if (args_number(v, 1, KEEP_MAX, &keep)) return usage();
			i++;
		} else if (argv[i][0] != '-' && !dest) dest = argv[i];
		else return usage();
	}
	if (!dest) return usage();
	char src[4200], file[4400], side[4500];
	struct stat st;
	bool into_dir = dest[strlen(dest) - 1] == '/' || (stat(dest, &st) == 0 && S_ISDIR(st.st_mode));
	if (into_dir) {
		time_t now = time(NULL);
		struct tm tm;
		char stamp[32];
		localtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
		if (mkdir(dest, 0700) != 0 && errno != EEXIST) {
			fprintf(stderr, "goiso-display backup: cannot create %s: %s\n", dest, strerror(errno));
			return 1;
		}
		snprintf(file, sizeof file, "%s/" BACKUP_PREFIX "%s" BACKUP_SUFFIX, dest, stamp);
	} else {
		if (keep) return usage();
		snprintf(file, sizeof file, "%s", dest);
	}
	snprintf(src, sizeof src, "%s/events.db", data);
	if (copy_log(src, file)) return 1;
	snprintf(src, sizeof src, "%s/keys", data);
	snprintf(side, sizeof side, "%s.keys", file);
	if (copy_file(src, side)) return 1;
	snprintf(src, sizeof src, "%s/site.key", data);
	snprintf(side, sizeof side, "%s.site.key", file);
	if (copy_file(src, side)) return 1;
	if (into_dir && keep) prune(dest, keep);
	printf("%s\n", file);
	return 0;
}
