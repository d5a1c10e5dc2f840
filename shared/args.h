/*
 * args: a program's command-line options, read from a table. args_parse()
 * is pure (it prints nothing); args_read() also answers --help, --version
 * and mistakes on the terminal, so the module is listed as impure.
 *
 *     const struct args_opt opts[] = {
 *         { "--data", .text = &o->data },
 *         { "--max-clients", .number = &o->max_clients, .lo = 8, .hi = 100000 },
 *         { "--headless", .flag = &o->headless },
 *         { "--say", .others = 2 },       (read by another part of the program)
 *         { NULL }
 *     };
 */
#ifndef GOISO_ARGS_H
#define GOISO_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct args_opt {
	const char *name;       /* "--data"; NULL ends the table */
	const char **text;      /* takes one value, kept as it is; or */
	int *number;            /* takes a whole number from lo to hi; or */
	long lo, hi;
	bool *flag;             /* takes no value: set to true; or, with none of them, */
	int others;             /* the option and its `others` values are read elsewhere */
};

enum {
	ARGS_OK = 0,
	ARGS_HELP = 1,          /* --help or -h: the rest is not read */
	ARGS_VERSION = 2,       /* --version: the rest is not read */
	ARGS_BAD_VALUE = -1,    /* a value missing or out of range (err says which) */
	ARGS_UNKNOWN = -2,      /* an option not in the table (err names it) */
};

/* Reads argv[1..argc-1] into the table's variables, in order. Returns one
 * of the codes above; on an error, err holds an English line without the
 * program's name ("--data needs a value", "--per-ip wants a number from 1
 * to 100000", "unknown option '--dta'"). */
int args_parse(int argc, char **argv, const struct args_opt *opts, char *err, size_t errlen);

/* A whole number from lo to hi, all of v in decimal (digits, a leading
 * '-' at most: no blank, no '+', nothing after, no overflow): 0 and *out
 * set, or -1 and *out untouched.
 * For programs that read some options their own way. */
int args_number(const char *v, long lo, long hi, int *out);

/* "WxH", each a whole number from lo to hi (args_number's rule): 0 with
 * *w and *h set, or -1 with both untouched. */
int args_size(const char *v, long lo, long hi, int *w, int *h);

/* args_parse(), answered: --version prints "<prog> <version>", --help
 * prints usage(stdout), a mistake "<prog>: <err>" on stderr (followed by
 * usage(stderr) for an unknown option). 0: go on; 1: answered, the
 * program ends with status 0; -1: it ends with status 2. */
int args_read(int argc, char **argv, const struct args_opt *opts, const char *prog,
              const char *version, void (*usage)(FILE *f));

#endif
