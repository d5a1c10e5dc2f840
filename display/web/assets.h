/*
 * assets: the gateway's pages, scripts and style sheet (display/web/www/),
 * compiled into the program by display/web/embed.sh so that goiso-web is
 * one file and never serves anything from the disk by name.
 */
#ifndef GOISO_ASSETS_H
#define GOISO_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name;             /* "board.html" */
	const unsigned char *data;    /* NUL-terminated */
	size_t len;
};

/* The table, ended by { NULL }. */
extern const struct asset web_assets[];

/* The asset of that name, or NULL. */
const struct asset *asset_find(const char *name);
/* Its Content-Type, from the name's extension. */
const char *asset_type(const char *name);

#endif
