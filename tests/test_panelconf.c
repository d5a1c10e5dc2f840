/*
 * Unit tests of the panel's settings and key map parser.
 */
#include "test.h"

#include "panelconf.h"

TEST(panelconf_defaults_bind_f_keys_and_keypad)
{
	struct panelconf pc;
	panelconf_defaults(&pc);
	CHECK_INT_EQ(pc.nkeys[ACT_NEXT], 3);
	CHECK_STR_EQ(pc.keys[ACT_NEXT][0].name, "F1");
	CHECK_STR_EQ(pc.keys[ACT_NEXT][1].name, "Keypad Enter");
	CHECK_STR_EQ(pc.keys[ACT_PAUSE][0].name, "F6");
	CHECK_STR_EQ(pc.keys[ACT_LOGIN][1].name, "Keypad 0");
	CHECK_INT_EQ(pc.rating_seconds, 30);
	CHECK(!pc.always_on_top && !pc.rating_window);
	CHECK_STR_EQ(panelconf_action_name(ACT_TRANSFER), "transfer");
}

TEST(panelconf_parse_overrides_what_it_names)
{
	struct panelconf pc;
	char err[200];
	panelconf_defaults(&pc);
	const char *text = "# foot pedal on Space\n[caller]\nrating_seconds = 12  # short\n"
	                   "always_on_top = yes\n\n[keys]\nnext = Space, F1\nskip=F9\n";
	CHECK_INT_EQ(panelconf_parse(&pc, text, "panel.conf", err, sizeof err), 0);
	CHECK_INT_EQ(pc.rating_seconds, 12);
	CHECK(pc.always_on_top);
	CHECK_INT_EQ(pc.nkeys[ACT_NEXT], 2);
	CHECK_STR_EQ(pc.keys[ACT_NEXT][0].name, "Space");
	CHECK_INT_EQ(pc.keys[ACT_NEXT][0].line, 7);
	CHECK_INT_EQ(pc.nkeys[ACT_SKIP], 1);
	CHECK_STR_EQ(pc.keys[ACT_SKIP][0].name, "F9");
	CHECK_STR_EQ(pc.keys[ACT_RECALL][0].name, "F2");   /* untouched */
}

TEST(panelconf_utf8_byte_order_mark_is_not_text)
{
	struct panelconf pc;
	char err[200];
	panelconf_defaults(&pc);
	CHECK_INT_EQ(panelconf_parse(&pc, "\xEF\xBB\xBF[caller]\nrating_seconds = 12\n", "panel.conf", err, sizeof err), 0);
	CHECK_INT_EQ(pc.rating_seconds, 12);
}

TEST(panelconf_errors_name_file_and_line)
{
	static const struct { const char *text, *err; } cases[] = {
		{ "[keys]\nnxt = F1\n", "p.conf:2: unknown action 'nxt'" },
		{ "[caller]\nrating_seconds = 1\n", "p.conf:2: rating_seconds must be 3 to 600" },
		{ "[caller]\n\nalways_on_top = maybe\n", "p.conf:3: always_on_top must be yes or no" },
		{ "next = F1\n", "p.conf:1: 'next' outside a section" },
		{ "[display]\n", "p.conf:1: unknown section [display]" },
		{ "[keys]\nnext F1\n", "p.conf:2: expected key = value" },
		{ "[caller]\ncolour = red\n", "p.conf:2: unknown key 'colour' in [caller]" },
		{ "[keys]\nnext = 1,2,3,4,5,6,7\n", "p.conf:2: at most 6 keys" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct panelconf pc;
		char err[200] = "";
		panelconf_defaults(&pc);
		CHECK_INT_EQ(panelconf_parse(&pc, cases[i].text, "p.conf", err, sizeof err), -1);
		if (strncmp(err, cases[i].err, strlen(cases[i].err)))
			test_fail(__FILE__, __LINE__, "case %zu: '%s', expected '%s...'", i, err, cases[i].err);
	}
}
