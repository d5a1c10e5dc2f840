/*
 * Unit tests of the roles a connection authenticates as: parsed once
 * into the mask the command table checks.
 */
#include "test.h"

#include "conn.h"

TEST(conn_roles_parse_once_into_their_mask)
{
	static const char *const names[] = { "admin", "counter", "kiosk", "viewer" };
	int seen = 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		enum role r = role_parse(names[i]);
		CHECK(r != ROLE_NONE);
		CHECK_STR_EQ(role_name(r), names[i]);
		CHECK((seen & (int)r) == 0);     /* one bit each */
		seen |= (int)r;
	}
	CHECK_INT_EQ(seen, ROLE_ANY);
	CHECK_INT_EQ(role_parse("Admin"), ROLE_NONE);
	CHECK_INT_EQ(role_parse(""), ROLE_NONE);
	CHECK_INT_EQ(role_parse(NULL), ROLE_NONE);
	CHECK_STR_EQ(role_name(ROLE_NONE), "");
}
