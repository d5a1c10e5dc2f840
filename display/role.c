/*
 * role: the roles' names (see role.h).
 */
#include "role.h"

#include <string.h>

static const char *const names[ROLE_COUNT] = { "admin", "counter", "kiosk", "viewer" };

enum role role_parse(const char *name)
{
	for (int i = 0; name && i < ROLE_COUNT; i++)
		if (!strcmp(names[i], name)) return (enum role)(1 << i);
	return ROLE_NONE;
}

int role_index(enum role r)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (r == (enum role)(1 << i)) return i;
	return -1;
}

const char *role_name(enum role r)
{
	int i = role_index(r);
	return i < 0 ? "" : names[i];
}
