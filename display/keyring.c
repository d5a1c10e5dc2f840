/*
 * keyring: loading and atomically rewriting <data>/keys (see keyring.h).
 */
#include "keyring.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "role.h"

#define KEYRING_MAX 1024

struct keyring {
	char path[4096];
	struct keyring_entry *e;
	int n;
	struct timespec mtime;
	off_t size;
	unsigned long gen;
};

bool keyring_valid_role(const char *role)
{
	return role_parse(role) != ROLE_NONE;
}

static int parse_entry(char *line, struct keyring_entry *out)
{
	char hex[80];
	memset(out, 0, sizeof *out);
	if (sscanf(line, "%32s %11s %d %79s", out->id, out->role, &out->counter, hex) != 4) return -1;
	if (!auth_valid_id(out->id) || !keyring_valid_role(out->role) || out->counter < 0 ||
	    out->counter > CONFIG_COUNTER_LAST || auth_hex_to_key(hex, out->key))
		return -1;
	sodium_memzero(hex, sizeof hex);
	return 0;
}

/* Reads the whole file into a fresh table and takes it only when every
 * line is good: a half-written or damaged file never drops credentials. */
static int load(struct keyring *k, char *err, size_t errlen)
{
	struct stat st;
	FILE *f = fopen(k->path, "r");
	if (!f) { snprintf(err, errlen, "%s: %s", k->path, strerror(errno)); return -1; }
	struct keyring_entry *fresh = calloc(KEYRING_MAX, sizeof *fresh);
	if (!fresh) { fclose(f); snprintf(err, errlen, "out of memory"); return -1; }
	if (fstat(fileno(f), &st) == 0) {
		k->mtime = st.st_mtim;
		k->size = st.st_size;
		if (st.st_mode & 077) fchmod(fileno(f), 0600);   /* keys are for the daemon only */
	}
	char line[512];
	int lineno = 0, n = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n') continue;
		if (n == KEYRING_MAX || parse_entry(line, &fresh[n])) {
			snprintf(err, errlen, "%s:%d: not a credential line (the keys in use are kept)", k->path, lineno);
			rc = -1;
			break;
		}
		n++;
	}
	sodium_memzero(line, sizeof line);
	fclose(f);
	if (rc == 0 && n == 0) {
		/* an emptied file must not lock every counter out, nor pass for a
		 * first start that makes a new site key */
		snprintf(err, errlen, "%s: holds no credentials (the keys in use are kept)", k->path);
		rc = -2;
	}
	if (rc == 0) {
		sodium_memzero(k->e, sizeof *k->e * KEYRING_MAX);
		memcpy(k->e, fresh, sizeof *fresh * (size_t)n);
		k->n = n;
		k->gen++;
	}
	sodium_memzero(fresh, sizeof *fresh * KEYRING_MAX);
	free(fresh);
	return rc;
}

static int save(struct keyring *k, char *err, size_t errlen)
{
	char tmp[4200], hex[2 * AUTH_KEY_BYTES + 1];
	snprintf(tmp, sizeof tmp, "%s.tmp", k->path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		if (fd >= 0) close(fd);
		return -1;
	}
	fprintf(f, "# goiso credentials: <id> <role> <counter> <key>. Keep secret (mode 0600).\n");
	for (int i = 0; i < k->n; i++) {
		auth_key_to_hex(k->e[i].key, hex);
		fprintf(f, "%s %s %d %s\n", k->e[i].id, k->e[i].role, k->e[i].counter, hex);
	}
	sodium_memzero(hex, sizeof hex);
	int ok = fflush(f) == 0 && fsync(fd) == 0;
	if (fclose(f) != 0) ok = 0;
	if (!ok || rename(tmp, k->path)) {
		snprintf(err, errlen, "%s: %s", k->path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	struct stat st;
	if (stat(k->path, &st) == 0) { k->mtime = st.st_mtim; k->size = st.st_size; }
	k->gen++;
	return 0;
}

static int create_site_key(struct keyring *k, const char *datadir, char *err, size_t errlen)
{
	struct keyring_entry *s = &k->e[0];
	memset(s, 0, sizeof *s);
	strcpy(s->id, "site");
	strcpy(s->role, "admin");
	randombytes_buf(s->key, sizeof s->key);
	k->n = 1;
	if (save(k, err, errlen)) return -1;
	char path[4200];
	snprintf(path, sizeof path, "%s/site.key", datadir);
	return auth_write_keyfile(path, s->id, s->key, err, errlen);
}

struct keyring *keyring_open(const char *datadir, bool create, char *err, size_t errlen)
{
	struct keyring *k = calloc(1, sizeof *k);
	if (!k || !(k->e = calloc(KEYRING_MAX, sizeof *k->e))) {
		snprintf(err, errlen, "out of memory");
		keyring_free(k);
		return NULL;
	}
	snprintf(k->path, sizeof k->path, "%s/keys", datadir);
	int rc = access(k->path, F_OK) == 0 ? load(k, err, errlen) : -3;
	if (rc == -3 && !create)
		snprintf(err, errlen, "%s: %s (the display makes it at its first start)", k->path, strerror(ENOENT));
	if ((rc == -2 || rc == -3) && create) rc = create_site_key(k, datadir, err, errlen);
	if (rc) { keyring_free(k); return NULL; }
	return k;
}

void keyring_free(struct keyring *k)
{
	if (!k) return;
	if (k->e) sodium_memzero(k->e, sizeof *k->e * KEYRING_MAX);
	free(k->e);
	free(k);
}

static bool reload_if_changed(struct keyring *k)
{
	struct stat st;
	char err[256];
	if (stat(k->path, &st) != 0) return false;
	if (st.st_mtim.tv_sec == k->mtime.tv_sec && st.st_mtim.tv_nsec == k->mtime.tv_nsec &&
	    st.st_size == k->size)
		return false;
	if (load(k, err, sizeof err)) fprintf(stderr, "goiso-display: keyring: %s\n", err);
	return true;
}

bool keyring_refresh(struct keyring *k) { return reload_if_changed(k); }
unsigned long keyring_generation(const struct keyring *k) { return k->gen; }

const struct keyring_entry *keyring_find(struct keyring *k, const char *id)
{
	reload_if_changed(k);
	for (int i = 0; i < k->n; i++)
		if (!strcmp(k->e[i].id, id)) return &k->e[i];
	return NULL;
}

int keyring_count(const struct keyring *k) { return k->n; }
const struct keyring_entry *keyring_at(const struct keyring *k, int i)
{
	return (i >= 0 && i < k->n) ? &k->e[i] : NULL;
}

int keyring_add(struct keyring *k, const char *role, int counter,
                struct keyring_entry *out, char *err, size_t errlen)
{
	reload_if_changed(k);
	if (k->n == KEYRING_MAX || !keyring_valid_role(role)) {
		snprintf(err, errlen, k->n == KEYRING_MAX ? "keyring full" : "bad role");
		return -1;
	}
	struct keyring_entry *e = &k->e[k->n];
	char rnd[9];
	memset(e, 0, sizeof *e);
	auth_random_hex(rnd, 4);
	snprintf(e->id, sizeof e->id, "%c%d-%s", role[0], counter, rnd);
	snprintf(e->role, sizeof e->role, "%s", role);
	e->counter = counter;
	randombytes_buf(e->key, sizeof e->key);
	k->n++;
	if (save(k, err, errlen)) { k->n--; return -1; }
	*out = *e;
	return 0;
}

/* Removes the credential of that id, or (id NULL) every one of that role
 * and number; how many, or -1 when the file could not be written. */
static int remove_where(struct keyring *k, const char *id, const char *role, int counter,
                        char *err, size_t errlen)
{
	reload_if_changed(k);
	int kept = 0, removed;
	for (int i = 0; i < k->n; i++) {
		const struct keyring_entry *e = &k->e[i];
		bool match = id ? !strcmp(e->id, id) : !strcmp(e->role, role) && e->counter == counter;
		if (!match) k->e[kept++] = *e;
	}
	removed = k->n - kept;
	k->n = kept;
	if (removed && save(k, err, errlen)) return -1;
	return removed;
}

int keyring_remove_id(struct keyring *k, const char *id, char *err, size_t errlen)
{
	return remove_where(k, id, NULL, 0, err, errlen);
}

int keyring_remove_role(struct keyring *k, const char *role, int counter, char *err, size_t errlen)
{
	return remove_where(k, NULL, role, counter, err, errlen);
}
