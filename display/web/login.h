/*
 * login: who may read the director's reports through the web gateway.
 *
 * One password, set on the display PC with `goiso-web password`, stored
 * as an Argon2id hash (libsodium crypto_pwhash_str) in <data>/web.passwd,
 * mode 0600; the gateway re-reads the file when it changes. A right
 * password opens a session: a 256-bit random id in a cookie (HttpOnly,
 * SameSite=Strict, Path=/report), ending after LOGIN_IDLE_MS without use
 * or LOGIN_MAX_MS in all, or at logout. At most LOGIN_SESSIONS live; a new
 * one ends the oldest.
 *
 * Guessing is slowed three ways: each address may fail LOGIN_FAILS times,
 * then waits LOGIN_LOCK_MS; all addresses together get LOGIN_RATE checks
 * a second (each check costs an Argon2id run, so a flood cannot starve the
 * gateway's loop); and a wrong password is answered no faster than a
 * right one.
 */
#ifndef GOISO_LOGIN_H
#define GOISO_LOGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOGIN_IDLE_MS (30 * 60000)
#define LOGIN_MAX_MS (8 * 3600000LL)
#define LOGIN_SESSIONS 32
#define LOGIN_FAILS 5
#define LOGIN_LOCK_MS (5 * 60000)
#define LOGIN_RATE 2
#define LOGIN_SID_HEX 64
#define LOGIN_PASSWORD_MIN 8

enum login_result {
	LOGIN_OK = 0,
	LOGIN_WRONG = -1,        /* wrong password */
	LOGIN_LOCKED = -2,       /* this address failed too often: wait */
	LOGIN_BUSY = -3,         /* too many checks this second: try again */
	LOGIN_NO_PASSWORD = -4   /* none set yet: `goiso-web password` */
};

struct login;

struct login *login_new(const char *datadir);
void login_free(struct login *l);

/* Checks password for a client at addr (text). On LOGIN_OK writes a new
 * session id into sid (LOGIN_SID_HEX + 1 bytes). now_ms is monotonic. */
enum login_result login_try(struct login *l, const char *addr, const char *password,
                            int64_t now_ms, char *sid);
/* True when sid is a live session (its idle time restarts). */
bool login_check(struct login *l, const char *sid, int64_t now_ms);
void login_end(struct login *l, const char *sid);
/* Seconds an address still has to wait (0 when not locked). */
int login_wait_s(struct login *l, const char *addr, int64_t now_ms);

/* `goiso-web password [--data DIR]`: reads the new password twice from
 * the terminal (once from stdin when it is not a terminal) and stores its
 * hash. Returns the exit status. */
int login_password_main(const char *datadir);

#endif
