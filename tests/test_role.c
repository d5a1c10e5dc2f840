/*
 * Unit tests of the roles a connection authenticates as: each name parsed
 * once into one bit of the mask the command table checks, and nothing
 * else taken for a role.
 */
#include "test.h"

#include "role.h"

TEST(role_names_parse_into_one_bit_each_and_back)
{
	static const char *const names[] = { "admin", "counter", "kiosk", "viewer" };
	int seen = 0;
	for (int i = 0; i < 4; i++) {
		enum role r = role_parse(names[i]);
		CHECK(r != ROLE_NONE);
		CHECK_INT_EQ((int)r & ((int)r - 1), 0);   /* one bit */
		CHECK_INT_EQ(seen & (int)r, 0);           /* not another's */
		seen |= (int)r;
		CHECK_STR_EQ(role_name(r), names[i]);
		CHECK_INT_EQ(role_index(r), i);
	}
	CHECK_INT_EQ(seen, ROLE_ANY);
	CHECK_INT_EQ(role_parse("admin"), ROLE_ADMIN);
	CHECK_INT_EQ(role_parse("counter"), ROLE_COUNTER);
	CHECK_INT_EQ(role_parse("kiosk"), ROLE_KIOSK);
	CHECK_INT_EQ(role_parse("viewer"), ROLE_VIEWER);
}

TEST(role_anything_else_is_no_role)
{
	static const char *const bad[] = { "", "Admin", "admin ", " admin", "adm", "administrator",
	                                   "counter2", "site", "local", "*" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) CHECK_INT_EQ(role_parse(bad[i]), ROLE_NONE);
	CHECK_INT_EQ(role_parse(NULL), ROLE_NONE);
	CHECK_STR_EQ(role_name(ROLE_NONE), "");
	CHECK_STR_EQ(role_name(ROLE_ANY), "");              /* a mask is not one role */
	CHECK_STR_EQ(role_name(ROLE_ADMIN | ROLE_KIOSK), "");
	CHECK_INT_EQ(role_index(ROLE_NONE), -1);
	CHECK_INT_EQ(role_index(ROLE_ANY), -1);
}
