/*
 * listener: where connections come in. The TCP address counters reach
 * (through the socket module, sock.h) and the local socket for scripts on
 * the display PC, accepted on the loop; each new connection is handed on
 * with where it came from.
 */
#ifndef GOISO_LISTENER_H
#define GOISO_LISTENER_H

#include <stdbool.h>
#include <stddef.h>

struct loop;
struct listener;

/* A new connection: fd is non-blocking and close-on-exec, and now the
 * callee's. local: it came on the local socket from the daemon's own user
 * (or root); peer: its source address ("10.0.0.7"), "local" or "?". */
typedef void (*listener_fn)(void *ud, int fd, bool local, const char *peer);

/* Listens on spec ("ADDR:PORT", port 0 picks one) and, when local_path is
 * not NULL, on a local socket there: mode 0600, a stale one replaced, one
 * held by another live daemon left alone (then none is opened). NULL with
 * a message in err when listening fails. */
struct listener *listener_new(struct loop *l, const char *spec, const char *local_path,
                              listener_fn fn, void *ud, char *err, size_t errlen);
/* Stops listening and removes the local socket. NULL is a no-op. */
void listener_free(struct listener *ls);
/* The connections a process can hold when it wants `want`: as many,
 * within the descriptors it may open less a reserve of 64 for its own
 * files (the log, keys, Avahi, PulseAudio, the board), but at least
 * `least`. The soft descriptor limit is raised to the hard one first. */
int listener_fd_room(int want, int least);

/* The address actually bound, as "ADDR:PORT", and its port. */
const char *listener_address(const struct listener *ls);
int listener_port(const struct listener *ls);
/* The families it answers (sock_family()). */
int listener_family(const struct listener *ls);
/* Bound to a loopback address (sock_loopback()). */
bool listener_loopback(const struct listener *ls);
/* The interface of the one address it is bound to, 0 for all (sock_interface()). */
unsigned listener_interface(const struct listener *ls);

#endif
