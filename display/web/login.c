/*
 * login: password hash, sessions, guessing limits (see login.h).
 */
#include "login.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define ADDRS 256

struct session {
	char sid[LOGIN_SID_HEX + 1];
	int64_t born_ms, used_ms;
};

struct addr_fails {
	char addr[64];
	int fails;
	int64_t last_ms;
};

struct login {
	char path[4200];
	char hash[crypto_pwhash_STRBYTES];
	struct timespec mtime;
	struct session s[LOGIN_SESSIONS];
	struct addr_fails a[ADDRS];
	int64_t window_ms;
	int checks;
};

struct login *login_new(const char *datadir)
{
	struct login *l = calloc(1, sizeof *l);
	if (!l) return NULL;
	snprintf(l->path, sizeof l->path, "%s/web.passwd", datadir);
	return l;
}

void login_free(struct login *l)
{
	if (!l) return;
	sodium_memzero(l, sizeof *l);
	free(l);
}

/* Re-reads the hash when the file changed; "" when there is none. */
static void load_hash(struct login *l)
{
	struct stat st;
	if (stat(l->path, &st) != 0) { l->hash[0] = 0; return; }
	if (st.st_mtim.tv_sec == l->mtime.tv_sec && st.st_mtim.tv_nsec == l->mtime.tv_nsec && l->hash[0]) return;
	l->mtime = st.st_mtim;
	FILE *f = fopen(l->path, "r");
	l->hash[0] = 0;
	if (!f) return;
	if (!fgets(l->hash, sizeof l->hash, f)) l->hash[0] = 0;
	l->hash[strcspn(l->hash, "\n")] = 0;
	fclose(f);
}

static struct addr_fails *fails_of(struct login *l, const char *addr, int64_t now_ms, bool make)
{
	struct addr_fails *old = &l->a[0];
	for (int i = 0; i < ADDRS; i++) {
		if (!strcmp(l->a[i].addr, addr) && l->a[i].addr[0]) return &l->a[i];
		if (l->a[i].last_ms < old->last_ms) old = &l->a[i];
	}
	if (!make) return NULL;
	memset(old, 0, sizeof *old);   /* the longest quiet address is forgotten */
	snprintf(old->addr, sizeof old->addr, "%s", addr);
	old->last_ms = now_ms;
	return old;
}

int login_wait_s(struct login *l, const char *addr, int64_t now_ms)
{
	struct addr_fails *f = fails_of(l, addr, now_ms, false);
	if (!f || f->fails < LOGIN_FAILS) return 0;
	int64_t left = f->last_ms + LOGIN_LOCK_MS - now_ms;
	if (left <= 0) { f->fails = 0; return 0; }
	return (int)((left + 999) / 1000);
}

static void new_session(struct login *l, int64_t now_ms, char *sid)
{
	struct session *s = &l->s[0];
	for (int i = 0; i < LOGIN_SESSIONS; i++)
		if (l->s[i].born_ms < s->born_ms || !l->s[i].sid[0]) { s = &l->s[i]; if (!s->sid[0]) break; }
	unsigned char r[32];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(s->sid, sizeof s->sid, r, sizeof r);
	s->born_ms = s->used_ms = now_ms;
	memcpy(sid, s->sid, sizeof s->sid);
}

enum login_result login_try(struct login *l, const char *addr, const char *password,
                            int64_t now_ms, char *sid)
{
	load_hash(l);
	if (!l->hash[0]) return LOGIN_NO_PASSWORD;
	if (login_wait_s(l, addr, now_ms) > 0) return LOGIN_LOCKED;
	if (now_ms - l->window_ms >= 1000) { l->window_ms = now_ms; l->checks = 0; }
	if (l->checks >= LOGIN_RATE) return LOGIN_BUSY;
	l->checks++;
	bool ok = crypto_pwhash_str_verify(l->hash, password, strlen(password)) == 0;
	struct addr_fails *f = fails_of(l, addr, now_ms, true);
	f->last_ms = now_ms;
	if (!ok) {
		f->fails++;
		return f->fails >= LOGIN_FAILS ? LOGIN_LOCKED : LOGIN_WRONG;
	}
	f->fails = 0;
	new_session(l, now_ms, sid);
	return LOGIN_OK;
}

static struct session *session_of(struct login *l, const char *sid)
{
	if (!sid || strlen(sid) != LOGIN_SID_HEX) return NULL;
	for (int i = 0; i < LOGIN_SESSIONS; i++)
		if (l->s[i].sid[0] && sodium_memcmp(l->s[i].sid, sid, LOGIN_SID_HEX) == 0) return &l->s[i];
	return NULL;
}

bool login_check(struct login *l, const char *sid, int64_t now_ms)
{
	struct session *s = session_of(l, sid);
	if (!s) return false;
	if (now_ms - s->used_ms > LOGIN_IDLE_MS || now_ms - s->born_ms > LOGIN_MAX_MS) {
		memset(s, 0, sizeof *s);
		return false;
	}
	s->used_ms = now_ms;
	return true;
}

void login_end(struct login *l, const char *sid)
{
	struct session *s = session_of(l, sid);
	if (s) memset(s, 0, sizeof *s);
}

/* ---- goiso-web password ---- */

static int read_secret(const char *prompt, char *buf, size_t n)
{
	struct termios old, quiet;
	bool tty = isatty(0) && tcgetattr(0, &old) == 0;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
	}
	char *r = fgets(buf, (int)n, stdin);
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	if (!r) return -1;
	buf[strcspn(buf, "\r\n")] = 0;
	return 0;
}

int login_password_main(const char *datadir)
{
	char pw[256], again[256], path[4200], tmp[4210];
	char hash[crypto_pwhash_STRBYTES];
	int rc = 1;
	if (sodium_init() < 0) return 1;
	if (read_secret("Mật khẩu mới cho trang báo cáo: ", pw, sizeof pw) ||
	    (isatty(0) && read_secret("Nhập lại mật khẩu: ", again, sizeof again))) {
		fprintf(stderr, "goiso-web: no password read\n");
		goto out;
	}
	if (isatty(0) && strcmp(pw, again)) {
		fprintf(stderr, "goiso-web: hai lần nhập không giống nhau, mật khẩu không đổi\n");
		goto out;
	}
	if (strlen(pw) < LOGIN_PASSWORD_MIN) {
		fprintf(stderr, "goiso-web: mật khẩu cần ít nhất %d ký tự\n", LOGIN_PASSWORD_MIN);
		goto out;
	}
	if (crypto_pwhash_str_alg(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)) {
		fprintf(stderr, "goiso-web: not enough memory to hash the password\n");
		goto out;
	}
	snprintf(path, sizeof path, "%s/web.passwd", datadir);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	mkdir(datadir, 0700);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f || fprintf(f, "%s\n", hash) < 0 || fflush(f) || fsync(fd) || fclose(f) || rename(tmp, path)) {
		fprintf(stderr, "goiso-web: %s: %s\n", path, strerror(errno));
		goto out;
	}
	printf("Đã đặt mật khẩu trang báo cáo (%s).\n", path);
	rc = 0;
out:
	sodium_memzero(pw, sizeof pw);
	sodium_memzero(again, sizeof again);
	return rc;
}
