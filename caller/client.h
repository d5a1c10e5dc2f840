/*
 * client: one authenticated connection to goiso-display (blocking, with
 * timeouts). Used by the command-line caller, the tests and the bench.
 *
 * Request ids are "<8 random hex>-<n>": unique per process, so a retry
 * after a lost connection re-sends the same id on purpose (client_retry)
 * and the display answers with its first reply instead of acting twice.
 */
#ifndef GOISO_CLIENT_H
#define GOISO_CLIENT_H

#include <stddef.h>

#include "auth.h"
#include "proto.h"

struct client_cred {
	char id[AUTH_ID_MAX + 1];
	unsigned char key[AUTH_KEY_BYTES];
	char role[12];      /* what to act as; "" lets the display decide */
	int counter;
};

struct client;

/* Connects to "HOST:PORT", authenticates and checks the display's proof.
 * NULL with a message (Vietnamese, for the officer) in err on failure;
 * errno is then EACCES when the display answered and refused (or could not
 * prove itself): trying again will not help. */
struct client *client_connect(const char *hostport, const struct client_cred *cred,
                              int timeout_ms, char *err, size_t errlen);
void client_close(struct client *c);
int client_fd(const struct client *c);
/* The center's name the display sent at login. */
const char *client_center(const struct client *c);

/* Makes a fresh request id into id (PROTO_ID_MAX + 1 bytes). */
void client_new_id(struct client *c, char *id);
/* Sends "<id> <body>\n" and waits for the reply to id, skipping pushes.
 * Returns 0 with the reply parsed into *reply (OK or ERR), or -1 when the
 * connection failed or timed out (err says which). */
int client_call(struct client *c, const char *id, const char *body, struct proto_msg *reply,
                int timeout_ms, char *err, size_t errlen);
/* Reads the next line (a push, typically) into line: 0; 1 when none came
 * within timeout_ms (0: only what already arrived); -1 when the connection
 * is closed or a line failed the session check. */
int client_read_line(struct client *c, char *line, size_t len, int timeout_ms);
/* Sends a raw line (with its '\n'). 0 or -1. */
int client_send_line(struct client *c, const char *line);

/* For ERR replies: the code and the message. */
void client_err_parts(const struct proto_msg *reply, char *code, size_t codelen,
                      const char **msg);

#endif
