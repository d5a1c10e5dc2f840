/*
 * loop: the display daemon's one event loop (poll(2) over file descriptors,
 * plus timers). Everything on the main thread runs from here: the listener,
 * client sockets, Avahi's watches (through an AvahiPoll adapter), timers.
 *
 * Time is read once per turn: loop_now_ms() (monotonic) and
 * loop_wall_ms() (wall clock, for the engine) stay fixed during callbacks.
 */
#ifndef GOISO_LOOP_H
#define GOISO_LOOP_H

#include <signal.h>
#include <stdint.h>

#define LOOP_READ  1
#define LOOP_WRITE 2
#define LOOP_ERROR 4   /* reported only: POLLERR/POLLHUP/POLLNVAL */

struct loop;
typedef void (*loop_io_fn)(struct loop *l, int fd, int events, void *ud);
typedef void (*loop_timer_fn)(struct loop *l, void *ud);

struct loop *loop_new(void);
void loop_free(struct loop *l);

/* Watches fd for events (LOOP_READ|LOOP_WRITE, may be 0). One watch per fd:
 * adding an fd already watched replaces its callback. Returns 0 or -1. */
int loop_add_fd(struct loop *l, int fd, int events, loop_io_fn fn, void *ud);
int loop_set_events(struct loop *l, int fd, int events);
void loop_del_fd(struct loop *l, int fd);

/* Calls fn once at monotonic time at_ms (or on the first turn after).
 * Returns a timer id > 0, or -1. */
long loop_add_timer(struct loop *l, int64_t at_ms, loop_timer_fn fn, void *ud);
void loop_del_timer(struct loop *l, long id);

int64_t loop_now_ms(const struct loop *l);
/* The same instant in nanoseconds: when this turn began, for latencies
 * measured from the turn that read a request. */
int64_t loop_now_ns(const struct loop *l);
int64_t loop_wall_ms(const struct loop *l);
/* Re-reads both clocks (after a long piece of work inside a turn). */
void loop_update_time(struct loop *l);

/* One turn: waits at most max_wait_ms (or until the next timer) for events,
 * runs the ready callbacks and due timers. Returns the number of callbacks
 * run, or -1 on a poll error other than EINTR. */
int loop_run_once(struct loop *l, int max_wait_ms);

/* For a program's main: SIGINT and SIGTERM set *stop (and end the wait of
 * loop_run_once() early); SIGPIPE is ignored, so a peer gone is an error
 * on its socket, not the end of the program. Process-wide: call once. */
void loop_catch_signals(volatile sig_atomic_t *stop);

#endif
