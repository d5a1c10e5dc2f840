/*
 * args: the command-line table reader (see args.h).
 */
#include "args.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct args_opt *find(const struct args_opt *opts, const char *name)
{
	for (; opts->name; opts++)
		if (!strcmp(opts->name, name)) return opts;
	return NULL;
}

int args_number(const char *v, long lo, long hi, int *out)
{
	char *end;
	/* strtol would also take leading blanks and a '+' */
	if (!v || !(isdigit((unsigned char)v[0]) || (v[0] == '-' && isdigit((unsigned char)v[1])))) return -1;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (*end || errno == ERANGE || n < lo || n > hi) return -1;
	*out = (int)n;
	return 0;
}

int args_size(const char *v, long lo, long hi, int *w, int *h)
{
	char part[24];
	const char *x = v ? strchr(v, 'x') : NULL;
	int a, b;
	if (!x || (size_t)(x - v) >= sizeof part) return -1;
	memcpy(part, v, (size_t)(x - v));
	part[x - v] = 0;
	if (args_number(part, lo, hi, &a) || args_number(x + 1, lo, hi, &b)) return -1;
	*w = a;
	*h = b;
	return 0;
}

/* One option's value v (NULL when argv ended): 0 or ARGS_BAD_VALUE. */
static int take(const struct args_opt *o, const char *v, char *err, size_t errlen)
{
	if (!v) {
		snprintf(err, errlen, "%s needs a value", o->name);
		return ARGS_BAD_VALUE;
	}
	if (o->text) {
		*o->text = v;
		return 0;
	}
	if (args_number(v, o->lo, o->hi, o->number)) {
		snprintf(err, errlen, "%s wants a number from %ld to %ld", o->name, o->lo, o->hi);
		return ARGS_BAD_VALUE;
	}
	return 0;
}

int args_parse(int argc, char **argv, const struct args_opt *opts, char *err, size_t errlen)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct args_opt *o = find(opts, a);
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) return ARGS_HELP;
		if (!strcmp(a, "--version")) return ARGS_VERSION;
		if (!o) {
			snprintf(err, errlen, "unknown option '%s'", a);
			return ARGS_UNKNOWN;
		}
		if (o->flag) {
			*o->flag = true;
		} else if (o->text || o->number) {
			int rc = take(o, i + 1 < argc ? argv[i + 1] : NULL, err, errlen);
			if (rc) return rc;
			i++;
		} else if (i + o->others >= argc) {
			snprintf(err, errlen, "%s needs %d values", o->name, o->others);
			return ARGS_BAD_VALUE;
		} else {
			i += o->others;
		}
	}
	return ARGS_OK;
}

int args_read(int argc, char **argv, const struct args_opt *opts, const char *prog,
              const char *version, void (*usage)(FILE *f))
{
	char err[300];
	int rc = args_parse(argc, argv, opts, err, sizeof err);
	if (rc == ARGS_VERSION) printf("%s %s\n", prog, version);
	if (rc == ARGS_HELP) usage(stdout);
	if (rc > 0) return 1;
	if (rc < 0) fprintf(stderr, "%s: %s\n", prog, err);
	if (rc == ARGS_UNKNOWN) usage(stderr);
	return rc < 0 ? -1 : 0;
}
