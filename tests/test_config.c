/*
 * Unit tests of the config parser: the embedded defaults, every key, and
 * errors that name the file and the line.
 */
#include "test.h"

#include "config.h"
#include "file.h"

TEST(config_defaults_parse)
{
	char err[256];
	struct config *c = file_load_config(NULL, err, sizeof err);
	REQUIRE(c != NULL);
	CHECK_STR_EQ(c->name, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG GIA VIÊN");
	CHECK_INT_EQ(c->nservices, 4);
	CHECK_INT_EQ(c->ncounters, 6);
	CHECK_INT_EQ(c->ngroups, 5);
	CHECK_STR_EQ(c->groups[0].code, "elderly");
	CHECK_INT_EQ(c->utc_offset_min, 420);
	CHECK_INT_EQ(c->counters[5].nservices, 4);
	config_free(c);
}

TEST(config_keys)
{
	char err[256];
	const char *text =
		"# comment\n[center]\nname = Trung tâm # with a comment\nutc_offset=+8\nday_start = 0\n"
		"[service TP]\nname = Tư pháp\nhours = 07:30-11:30\nnumbers = 1001-1999\nprefix =\n"
		"[counter 12]\nservices = TP\n"
		"[display]\nticker = Đường dây nóng: 0225.3.123.456 #1\nflash_seconds = 8\n";
	struct config *c = config_parse(text, "x.conf", err, sizeof err);
	REQUIRE(c != NULL);
	CHECK_STR_EQ(c->name, "Trung tâm");
	CHECK_INT_EQ(c->utc_offset_min, 480);
	CHECK_INT_EQ(c->services[0].open_min, 450);
	CHECK_INT_EQ(c->services[0].close_min, 690);
	CHECK_INT_EQ(c->services[0].first, 1001);
	CHECK_STR_EQ(c->services[0].prefix, "");
	CHECK_INT_EQ(c->services[0].digits, 4);
	CHECK_STR_EQ(c->counters[0].name, "Quầy 12");
	CHECK_INT_EQ(config_counter_index(c, 12), 0);
	CHECK(config_counter_serves(c, 0, 0));
	CHECK_STR_EQ(config_get(c, "display", "ticker", NULL), "Đường dây nóng: 0225.3.123.456");
	CHECK_INT_EQ(config_get_int(c, "display", "flash_seconds", 3), 8);
	CHECK_INT_EQ(config_get_int(c, "display", "missing", 3), 3);
	static const char *const keys[] = { "ticker", NULL };
	CHECK_INT_EQ(config_check_keys(c, "display", keys, err, sizeof err), -1);
	CHECK_STR_EQ(err, "x.conf:15: unknown key 'flash_seconds' in [display]");
	config_free(c);
}

TEST(config_numeric_blocks_may_share_an_empty_prefix)
{
	char err[256];
	struct config *c = config_parse("[service 1]\nnumbers = 1001-1999\n[service 2]\nnumbers = 2001-2999\n"
	                                "[counter 1]\n", "c.conf", err, sizeof err);
	CHECK(c != NULL);
	config_free(c);
}

TEST(config_section_line_may_carry_a_comment)
{
	char err[256];
	const char *text =
		"[center]   # the center\n"
		"[service A]              # a code of 1-3 letters or digits\n"
		"[counter 5] ; the window by the door\n"
		"[display]\t# see the guide\n";
	struct config *c = config_parse(text, "c.conf", err, sizeof err);
	REQUIRE(c != NULL);
	CHECK_STR_EQ(c->services[0].code, "A");
	CHECK_INT_EQ(c->counters[0].no, 5);
	config_free(c);
	c = config_parse("[service A] junk\n[counter 1]\n", "c.conf", err, sizeof err);
	CHECK(c == NULL);
	CHECK_STR_EQ(err, "c.conf:1: a section line looks like [service A]");
	config_free(c);
}

/* Windows Notepad saves UTF-8 with a byte-order mark: the file reads as
 * without it, and a mistake is still on the line it is on. */
TEST(config_utf8_byte_order_mark_is_not_text)
{
	char err[256];
	struct config *c = config_parse("\xEF\xBB\xBF[center]\nname = Gia Viên\n[service A]\n[counter 1]\n",
	                                "bom.conf", err, sizeof err);
	REQUIRE(c != NULL);
	CHECK_STR_EQ(c->name, "Gia Viên");
	config_free(c);
	c = config_parse("\xEF\xBB\xBF[center]\nname\n", "bom.conf", err, sizeof err);
	CHECK(c == NULL);
	CHECK(strncmp(err, "bom.conf:2:", 11) == 0);
	config_free(c);
}

TEST(config_errors_name_file_and_line)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "name = x\n", "c.conf:1: key 'name' before any [section]" },
		{ "[center]\nnme = x\n", "c.conf:2: unknown key 'nme' in [center]" },
		{ "[center]\n\nutc_offset = 99\n", "c.conf:3: utc_offset must be a whole number from -12 to 14, not '99'" },
		{ "[center\n", "c.conf:1: a section line looks like [service A]" },
		{ "[service]\n", "c.conf:1: [service X]: a code of 1 to 3 letters or digits" },
		{ "[service A]\nhours = 9-5\n", "c.conf:2: hours must look like 07:30-17:00 (opening before closing)" },
		{ "[service A]\nhours = 17:00-07:00\n", "c.conf:2: hours must look like 07:30-17:00 (opening before closing)" },
		{ "[service A]\nnumbers = 50-10\n", "c.conf:2: numbers: first 50 is above last 10" },
		{ "[service A]\n[service A]\n", "c.conf:2: service A defined twice" },
		{ "[counter 0]\n", "c.conf:1: counter number must be a whole number from 1 to 999, not '0'" },
		{ "[service A]\n[counter 1]\nservices = A, Z\n", "c.conf:3: counter 1: unknown service 'Z'" },
		{ "[service A]\n[counter 1]\nservices = ,\n", "c.conf:3: counter 1: services lists no service" },
		{ "[service A]\n", "c.conf: no [counter N] section: at least one counter is needed" },
		{ "[center]\njust words\n", "c.conf:2: expected 'key = value' or [section]" },
		{ "[bogus x]\n", "c.conf:1: unknown section [bogus x]" },
		{ "[center]\npriority_groups = 1x:y\n", "c.conf:2: group code '1x' must not start with a digit" },
		{ "[service 1]\n[service 2]\n[counter 1]\n", "c.conf: services 1 and 2 would issue the same ticket numbers: "
		  "give them different prefixes or number ranges" },
		{ "[service A]\n[service B]\nprefix = A\nnumbers = 500-600\n[counter 1]\n",
		  "c.conf: services A and B would issue the same ticket numbers: give them different prefixes or number ranges" },
	};
	char err[256];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err[0] = 0;
		struct config *c = config_parse(cases[i].text, "c.conf", err, sizeof err);
		CHECK(c == NULL);
		config_free(c);
		if (strcmp(err, cases[i].want))
			test_fail(__FILE__, __LINE__, "case %zu: got \"%s\", want \"%s\"", i, err, cases[i].want);
	}
	CHECK(file_load_config("/nonexistent/x.conf", err, sizeof err) == NULL);
	CHECK_STR_EQ(err, "/nonexistent/x.conf: No such file or directory");
}
