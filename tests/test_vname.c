/*
 * vname: every Vietnamese letter typed as a letter and combining marks
 * comes out as the one precomposed letter, whatever the order of its
 * marks; spaces are tidied; capitals fold; bytes that are not UTF-8 pass
 * through unharmed.
 */
#include "test.h"
#include "vname.h"

#include <stdlib.h>

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* The 132 marked vowels of Vietnamese, lower case then upper case, each
 * {NFC, NFD}: made once with Python's unicodedata (normalize('NFC'/'NFD')
 * of each vowel with each tone), independently of vname_table.py. */
static const struct { const char *nfc, *nfd; } letters[] = {
	{ "\u00E0", "a\u0300" }, { "\u00E1", "a\u0301" }, { "\u00E3", "a\u0303" },
	{ "\u1EA3", "a\u0309" }, { "\u1EA1", "a\u0323" }, { "\u0103", "a\u0306" },
	{ "\u1EB1", "a\u0306\u0300" }, { "\u1EAF", "a\u0306\u0301" }, { "\u1EB5", "a\u0306\u0303" },
	{ "\u1EB3", "a\u0306\u0309" }, { "\u1EB7", "a\u0323\u0306" }, { "\u00E2", "a\u0302" },
	{ "\u1EA7", "a\u0302\u0300" }, { "\u1EA5", "a\u0302\u0301" }, { "\u1EAB", "a\u0302\u0303" },
	{ "\u1EA9", "a\u0302\u0309" }, { "\u1EAD", "a\u0323\u0302" }, { "\u00E8", "e\u0300" },
	{ "\u00E9", "e\u0301" }, { "\u1EBD", "e\u0303" }, { "\u1EBB", "e\u0309" },
	{ "\u1EB9", "e\u0323" }, { "\u00EA", "e\u0302" }, { "\u1EC1", "e\u0302\u0300" },
	{ "\u1EBF", "e\u0302\u0301" }, { "\u1EC5", "e\u0302\u0303" }, { "\u1EC3", "e\u0302\u0309" },
	{ "\u1EC7", "e\u0323\u0302" }, { "\u00EC", "i\u0300" }, { "\u00ED", "i\u0301" },
	{ "\u0129", "i\u0303" }, { "\u1EC9", "i\u0309" }, { "\u1ECB", "i\u0323" },
	{ "\u00F2", "o\u0300" }, { "\u00F3", "o\u0301" }, { "\u00F5", "o\u0303" },
	{ "\u1ECF", "o\u0309" }, { "\u1ECD", "o\u0323" }, { "\u00F4", "o\u0302" },
	{ "\u1ED3", "o\u0302\u0300" }, { "\u1ED1", "o\u0302\u0301" }, { "\u1ED7", "o\u0302\u0303" },
	{ "\u1ED5", "o\u0302\u0309" }, { "\u1ED9", "o\u0323\u0302" }, { "\u01A1", "o\u031B" },
	{ "\u1EDD", "o\u031B\u0300" }, { "\u1EDB", "o\u031B\u0301" }, { "\u1EE1", "o\u031B\u0303" },
	{ "\u1EDF", "o\u031B\u0309" }, { "\u1EE3", "o\u031B\u0323" }, { "\u00F9", "u\u0300" },
	{ "\u00FA", "u\u0301" }, { "\u0169", "u\u0303" }, { "\u1EE7", "u\u0309" },
	{ "\u1EE5", "u\u0323" }, { "\u01B0", "u\u031B" }, { "\u1EEB", "u\u031B\u0300" },
	{ "\u1EE9", "u\u031B\u0301" }, { "\u1EEF", "u\u031B\u0303" }, { "\u1EED", "u\u031B\u0309" },
	{ "\u1EF1", "u\u031B\u0323" }, { "\u1EF3", "y\u0300" }, { "\u00FD", "y\u0301" },
	{ "\u1EF9", "y\u0303" }, { "\u1EF7", "y\u0309" }, { "\u1EF5", "y\u0323" },
	{ "\u00C0", "A\u0300" }, { "\u00C1", "A\u0301" }, { "\u00C3", "A\u0303" },
	{ "\u1EA2", "A\u0309" }, { "\u1EA0", "A\u0323" }, { "\u0102", "A\u0306" },
	{ "\u1EB0", "A\u0306\u0300" }, { "\u1EAE", "A\u0306\u0301" }, { "\u1EB4", "A\u0306\u0303" },
	{ "\u1EB2", "A\u0306\u0309" }, { "\u1EB6", "A\u0323\u0306" }, { "\u00C2", "A\u0302" },
	{ "\u1EA6", "A\u0302\u0300" }, { "\u1EA4", "A\u0302\u0301" }, { "\u1EAA", "A\u0302\u0303" },
	{ "\u1EA8", "A\u0302\u0309" }, { "\u1EAC", "A\u0323\u0302" }, { "\u00C8", "E\u0300" },
	{ "\u00C9", "E\u0301" }, { "\u1EBC", "E\u0303" }, { "\u1EBA", "E\u0309" },
	{ "\u1EB8", "E\u0323" }, { "\u00CA", "E\u0302" }, { "\u1EC0", "E\u0302\u0300" },
	{ "\u1EBE", "E\u0302\u0301" }, { "\u1EC4", "E\u0302\u0303" }, { "\u1EC2", "E\u0302\u0309" },
	{ "\u1EC6", "E\u0323\u0302" }, { "\u00CC", "I\u0300" }, { "\u00CD", "I\u0301" },
	{ "\u0128", "I\u0303" }, { "\u1EC8", "I\u0309" }, { "\u1ECA", "I\u0323" },
	{ "\u00D2", "O\u0300" }, { "\u00D3", "O\u0301" }, { "\u00D5", "O\u0303" },
	{ "\u1ECE", "O\u0309" }, { "\u1ECC", "O\u0323" }, { "\u00D4", "O\u0302" },
	{ "\u1ED2", "O\u0302\u0300" }, { "\u1ED0", "O\u0302\u0301" }, { "\u1ED6", "O\u0302\u0303" },
	{ "\u1ED4", "O\u0302\u0309" }, { "\u1ED8", "O\u0323\u0302" }, { "\u01A0", "O\u031B" },
	{ "\u1EDC", "O\u031B\u0300" }, { "\u1EDA", "O\u031B\u0301" }, { "\u1EE0", "O\u031B\u0303" },
	{ "\u1EDE", "O\u031B\u0309" }, { "\u1EE2", "O\u031B\u0323" }, { "\u00D9", "U\u0300" },
	{ "\u00DA", "U\u0301" }, { "\u0168", "U\u0303" }, { "\u1EE6", "U\u0309" },
	{ "\u1EE4", "U\u0323" }, { "\u01AF", "U\u031B" }, { "\u1EEA", "U\u031B\u0300" },
	{ "\u1EE8", "U\u031B\u0301" }, { "\u1EEE", "U\u031B\u0303" }, { "\u1EEC", "U\u031B\u0309" },
	{ "\u1EF0", "U\u031B\u0323" }, { "\u1EF2", "Y\u0300" }, { "\u00DD", "Y\u0301" },
	{ "\u1EF8", "Y\u0303" }, { "\u1EF6", "Y\u0309" }, { "\u1EF4", "Y\u0323" },
};

static const char *norm(const char *s)
{
	static char out[256];
	vname_normalize(out, sizeof out, s);
	return out;
}

static const char *fold(const char *s)
{
	static char out[256];
	vname_fold(out, sizeof out, s);
	return out;
}

TEST(vname_every_vietnamese_letter_in_nfd_becomes_its_nfc)
{
	CHECK_INT_EQ(NELEMS(letters), 132);
	for (size_t i = 0; i < NELEMS(letters); i++) {
		CHECK_STR_EQ(norm(letters[i].nfd), letters[i].nfc);
		CHECK_STR_EQ(norm(letters[i].nfc), letters[i].nfc);
	}
}

TEST(vname_two_marks_in_either_order_make_one_letter)
{
	int twos = 0;
	for (size_t i = 0; i < NELEMS(letters); i++) {
		const char *d = letters[i].nfd;   /* a base byte, then 2-byte marks */
		if (strlen(d) != 5) continue;
		char swapped[8] = { d[0], d[3], d[4], d[1], d[2], 0 };
		CHECK_STR_EQ(norm(swapped), letters[i].nfc);
		twos++;
	}
	CHECK_INT_EQ(twos, 2 * 6 * 5);   /* ă â ê ô ơ ư with a tone, both cases */
	/* a letter half composed, a mark after it */
	CHECK_STR_EQ(norm("\u00EA\u0323"), "\u1EC7");          /* ê + dot below: ệ */
	CHECK_STR_EQ(norm("\u1EB9\u0302"), "\u1EC7");          /* ẹ + circumflex: ệ */
	CHECK_STR_EQ(norm("\u01A1\u0309"), "\u1EDF");          /* ơ + hook: ở */
	CHECK_STR_EQ(norm("u\u0303\u031B"), "\u1EEF");         /* u + tilde + horn: ữ */
	CHECK_STR_EQ(norm("Le\u0302 Thi\u0323 Mai"), "L\u00EA Th\u1ECB Mai");
	CHECK_STR_EQ(norm("Nguye\u0303\u0302n Va\u0306n A\u0301nh"), "Nguy\u1EC5n V\u0103n \u00C1nh");
}

TEST(vname_marks_that_make_no_letter_stay_as_they_came)
{
	CHECK_STR_EQ(norm("x\u0301"), "x\u0301");              /* no x with acute */
	CHECK_STR_EQ(norm("i\u0302\u0301"), "i\u0302\u0301");  /* î exists, î with acute not */
	CHECK_STR_EQ(norm("e\u0301\u0301"), "\u00E9\u0301");   /* a second tone is kept */
	CHECK_STR_EQ(norm("\u0301a"), "\u0301a");              /* a mark on nothing */
	CHECK_STR_EQ(norm("e\u0308"), "e\u0308");              /* not a Vietnamese mark */
	CHECK_STR_EQ(norm("\u0111\u1ED7 \u0110\u1EE9c"), "\u0111\u1ED7 \u0110\u1EE9c");
}

TEST(vname_spaces_trimmed_and_collapsed)
{
	CHECK_STR_EQ(norm("  L\u00EA   Th\u1ECB\tMai  "), "L\u00EA Th\u1ECB Mai");
	CHECK_STR_EQ(norm("L\u00EA\u00A0Th\u1ECB Mai\u00A0"), "L\u00EA Th\u1ECB Mai");
	CHECK_STR_EQ(norm("   "), "");
	CHECK_STR_EQ(norm(""), "");
	CHECK_STR_EQ(norm("An"), "An");
}

TEST(vname_invalid_utf8_passes_through_unharmed)
{
	static const char *const kept[] = {
		"\xff\xfe", "L\xc3", "e\xcc", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xe1\xbb", "a\x80\xcc\x81", "\xcc\x81\xcc\x81",
	};
	for (size_t i = 0; i < NELEMS(kept); i++) CHECK_STR_EQ(norm(kept[i]), kept[i]);
	CHECK_STR_EQ(norm("\xff" "e\xcc\x82\xcc\xa3"), "\xff\u1EC7");
	CHECK_STR_EQ(fold("\xff" "A\xc3"), "\xff" "a\xc3");
}

TEST(vname_cut_at_a_character_never_on_a_space)
{
	char out[8];
	/* "Lê Thị": L(1) ê(2) ' '(1) T(1) h(1) ị(3) */
	CHECK_INT_EQ(vname_normalize(out, sizeof out, "Le\u0302 Thi\u0323"), 6);
	CHECK_STR_EQ(out, "L\u00EA Th");
	CHECK_INT_EQ(vname_normalize(out, 5, "L\u00EA Th"), 3);   /* "Lê " would end on a space */
	CHECK_STR_EQ(out, "L\u00EA");
	CHECK_INT_EQ(vname_normalize(out, 1, "abc"), 0);
	CHECK_STR_EQ(out, "");
	CHECK_INT_EQ(vname_normalize(out, 3, "x\u0301"), 0);   /* a letter and its marks go together */
}

TEST(vname_fold_lower_cases_vietnamese)
{
	for (size_t i = 0; i < NELEMS(letters) / 2; i++) {
		const char *up = letters[i + NELEMS(letters) / 2].nfd;
		CHECK_STR_EQ(fold(up), letters[i].nfc);
		CHECK_STR_EQ(fold(letters[i + NELEMS(letters) / 2].nfc), letters[i].nfc);
	}
	CHECK_STR_EQ(fold("NGUY\u1EC4N TH\u1ECA LAN "), "nguy\u1EC5n th\u1ECB lan");
	CHECK_STR_EQ(fold("\u0110\u1ED7 V\u0102N \u0110\u1EE8C"), "\u0111\u1ED7 v\u0103n \u0111\u1EE9c");
	CHECK_STR_EQ(fold(" l\u00EA  th\u1ECB mai"), fold("Le\u0302 Thi\u0323 Mai "));
}

TEST(vname_normalizing_twice_changes_nothing)
{
	static const char *const samples[] = {
		"  Le\u0302  Thi\u0323 Mai ", "e\u0301\u0301\u0302", "\xff\xcc\x81 a\u0323\u0306",
		"i\u0302\u0301 x", "A\u00A0\u00A0B", "\u0301", "o\u031B\u0309\u0309",
	};
	for (size_t i = 0; i < NELEMS(samples); i++) {
		char once[64], twice[64];
		vname_normalize(once, sizeof once, samples[i]);
		vname_normalize(twice, sizeof twice, once);
		CHECK_STR_EQ(twice, once);
	}
}
