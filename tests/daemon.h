/*
 * daemon: starting the real goiso-display for integration tests and
 * benchmarks, and talking to it as an authenticated client.
 *
 * Binaries come from $GOISO_BUILD (tests/run sets it to the build being
 * tested). The daemon listens on 127.0.0.1 with a port the kernel picks;
 * its address is read from <data>/display.addr, its log goes to
 * <data>/display.log.
 */
#ifndef GOISO_TEST_DAEMON_H
#define GOISO_TEST_DAEMON_H

#include <stdbool.h>
#include <sys/types.h>

#include "client.h"
#include "proto.h"

struct daemon {
	pid_t pid;
	char data[512];
	char addr[80];
	char log[600];
	char key[600];      /* <data>/site.key */
};

/* The path of a built program, e.g. daemon_bin("goiso-caller"). */
const char *daemon_bin(const char *name);
/* Starts goiso-display --data data --listen 127.0.0.1:0 --headless [args...]
 * (args NULL-terminated, may be NULL). Waits up to 10 s for it to listen.
 * Returns 0, or -1 (the log is printed). */
int daemon_start(struct daemon *d, const char *data, const char *const *args);
/* daemon_start on the test's own data directory, <test dir>/data. */
int daemon_start_here(struct daemon *d, const char *const *args);
/* Stops the daemon as an operator does (SIGTERM) and fails the current test
 * unless it exits with status 0 within 10 s: a crash, a sanitizer or leak
 * report at exit, or a hang is a failure, with the log's tail printed.
 * Every test that starts a daemon ends it here. Returns 0 on a clean exit. */
int daemon_stop(struct daemon *d);
/* Sends sig and reaps the process; returns its wait status. For a crash on
 * purpose (SIGKILL) or a test of the daemon's own exit status. */
int daemon_kill(struct daemon *d, int sig);
bool daemon_alive(struct daemon *d);
/* A client authenticated with the site key as role/counter. */
struct client *daemon_client(const struct daemon *d, const char *role, int counter);
/* A connection to the daemon's local socket (<data>/goiso.sock), where
 * lines go in clear as the site's admin: what a script or nc -U sees.
 * The greeting line is already read. A file descriptor, or -1. */
int daemon_local(const struct daemon *d);
/* One request with a fresh id; 0 when a reply (OK or ERR) came. */
int daemon_call(struct client *c, const char *body, struct proto_msg *reply);
/* Counts rows of the daemon's event log matching an SQL condition
 * ("verb='NEXT'"); -1 when the log cannot be read. */
int daemon_count_events(const struct daemon *d, const char *where);
/* A plain blocking TCP connection to hostport ("127.0.0.1:7710"), with no
 * greeting read: for speaking as nc or a browser does. -1 when refused. */
int daemon_dial(const char *hostport);
/* A loopback TCP port free a moment ago, for a daemon that must come back
 * on the same address after a kill; 0 when none was found. */
int daemon_free_port(void);
/* The first column of the first row of sql on <data>/events.db, opened
 * read-only (the daemon may be running or not); -1 when it cannot. */
int daemon_sql_count(const char *data, const char *sql);
/* Appends a credential to the daemon's keys file (read again at the next
 * AUTH) and fills cred as its holder would: a key of its own per id. */
int daemon_add_key(const struct daemon *d, const char *id, const char *role, int counter,
                   struct client_cred *cred);
/* The STATUS of the whole day as one line "key=value key=value ...": what
 * a restart must give back unchanged. 0, or -1. */
int daemon_status(const struct daemon *d, char *out, size_t len);
/* Counts lines of the daemon's log containing s. */
int daemon_log_count(const struct daemon *d, const char *s);

#endif
