/*
 * backup: `goiso-display backup [--data DIR] [--keep N] FILE|DIR/`.
 *
 * Copies the event log (SQLite's online backup API, safe while the daemon
 * runs: the copy is one consistent snapshot), the keyring and the site key.
 * FILE gets the log, FILE.keys and FILE.site.key beside it; a folder gets
 * events-YYYYMMDD-HHMMSS.db (and its two companions), and --keep N removes
 * all but the newest N copies there. Every file is created mode 0600.
 * Prints the copy's path; exits 0 on success, 1 on failure, 2 on bad usage.
 *
 * To restore: stop the daemon, copy FILE to <data>/events.db, FILE.keys to
 * <data>/keys and FILE.site.key to <data>/site.key, start the daemon.
 */
#ifndef GOISO_BACKUP_H
#define GOISO_BACKUP_H

#include <stdbool.h>

bool backup_is_command(const char *word);
int backup_main(int argc, char **argv, const char *default_data);

#endif
