/*
 * Vietnamese number words: table tests at the spots where readings change
 * (mốt/một, tư/bốn, lăm/năm, mười/mươi, linh, không trăm, nghìn).
 */
#include "test.h"
#include "vinum.h"

#include <stdlib.h>

static const struct { long n; const char *words; } full[] = {
	{0, "không"}, {1, "một"}, {4, "bốn"}, {5, "năm"}, {9, "chín"},
	{10, "mười"}, {11, "mười một"}, {12, "mười hai"}, {14, "mười bốn"},
	{15, "mười lăm"}, {19, "mười chín"}, {20, "hai mươi"},
	{21, "hai mươi mốt"}, {22, "hai mươi hai"}, {24, "hai mươi tư"},
	{25, "hai mươi lăm"}, {30, "ba mươi"}, {31, "ba mươi mốt"},
	{34, "ba mươi tư"}, {35, "ba mươi lăm"}, {41, "bốn mươi mốt"},
	{44, "bốn mươi tư"}, {45, "bốn mươi lăm"}, {50, "năm mươi"},
	{55, "năm mươi lăm"}, {70, "bảy mươi"}, {99, "chín mươi chín"},
	{100, "một trăm"}, {101, "một trăm linh một"},
	{104, "một trăm linh bốn"}, {105, "một trăm linh năm"},
	{109, "một trăm linh chín"}, {110, "một trăm mười"},
	{111, "một trăm mười một"}, {114, "một trăm mười bốn"},
	{115, "một trăm mười lăm"}, {120, "một trăm hai mươi"},
	{121, "một trăm hai mươi mốt"}, {124, "một trăm hai mươi tư"},
	{125, "một trăm hai mươi lăm"}, {200, "hai trăm"},
	{205, "hai trăm linh năm"}, {315, "ba trăm mười lăm"},
	{500, "năm trăm"}, {555, "năm trăm năm mươi lăm"},
	{999, "chín trăm chín mươi chín"}, {1000, "một nghìn"},
	{1001, "một nghìn không trăm linh một"},
	{1004, "một nghìn không trăm linh bốn"},
	{1005, "một nghìn không trăm linh năm"},
	{1010, "một nghìn không trăm mười"},
	{1011, "một nghìn không trăm mười một"},
	{1015, "một nghìn không trăm mười lăm"},
	{1021, "một nghìn không trăm hai mươi mốt"},
	{1024, "một nghìn không trăm hai mươi tư"},
	{1100, "một nghìn một trăm"}, {1101, "một nghìn một trăm linh một"},
	{1234, "một nghìn hai trăm ba mươi tư"},
	{2000, "hai nghìn"}, {2025, "hai nghìn không trăm hai mươi lăm"},
	{5005, "năm nghìn không trăm linh năm"},
	{9999, "chín nghìn chín trăm chín mươi chín"}, {10000, "mười nghìn"},
	{10005, "mười nghìn không trăm linh năm"},
	{11000, "mười một nghìn"}, {15000, "mười lăm nghìn"},
	{15015, "mười lăm nghìn không trăm mười lăm"},
	{20000, "hai mươi nghìn"}, {21000, "hai mươi mốt nghìn"},
	{24000, "hai mươi tư nghìn"}, {25500, "hai mươi lăm nghìn năm trăm"},
	{100000, "một trăm nghìn"}, {100001, "một trăm nghìn không trăm linh một"},
	{101000, "một trăm linh một nghìn"}, {105000, "một trăm linh năm nghìn"},
	{110000, "một trăm mười nghìn"}, {115000, "một trăm mười lăm nghìn"},
	{121121, "một trăm hai mươi mốt nghìn một trăm hai mươi mốt"},
	{500050, "năm trăm nghìn không trăm năm mươi"},
	{999999, "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"},
};

TEST(vinum_full_northern)
{
	char buf[256];
	for (size_t i = 0; i < sizeof full / sizeof full[0]; i++) {
		int r = vinum_words(full[i].n, NULL, buf, sizeof buf);
		if (r < 0 || strcmp(buf, full[i].words) != 0)
			test_fail(__FILE__, __LINE__, "%ld: \"%s\", expected \"%s\"",
			          full[i].n, r < 0 ? vinum_strerror(r) : buf, full[i].words);
	}
	CHECK(sizeof full / sizeof full[0] >= 80);
}

/* Each option changes only its own word. */
static const struct { long n; bool le, ngan, bon; const char *words; } opts[] = {
	{101, true, false, false, "một trăm lẻ một"},
	{1005, true, false, false, "một nghìn không trăm lẻ năm"},
	{1005, false, true, false, "một ngàn không trăm linh năm"},
	{1005, true, true, false, "một ngàn không trăm lẻ năm"},
	{24, false, false, true, "hai mươi bốn"},
	{14, false, false, true, "mười bốn"},
	{104, false, false, true, "một trăm linh bốn"},
	{24000, false, true, true, "hai mươi bốn ngàn"},
	{21, true, true, true, "hai mươi mốt"},
	{25, true, true, true, "hai mươi lăm"},
};

TEST(vinum_options)
{
	char buf[256];
	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
		struct vinum_opts o = vinum_defaults;
		o.le = opts[i].le;
		o.ngan = opts[i].ngan;
		o.bon = opts[i].bon;
		int r = vinum_words(opts[i].n, &o, buf, sizeof buf);
		if (r < 0 || strcmp(buf, opts[i].words) != 0)
			test_fail(__FILE__, __LINE__, "%ld: \"%s\", expected \"%s\"",
			          opts[i].n, r < 0 ? vinum_strerror(r) : buf, opts[i].words);
	}
}

static const struct { const char *label; enum vinum_reading r; const char *words; } labels[] = {
	{"A023", VINUM_FULL, "a, hai mươi ba"},
	{"A023", VINUM_DIGITS, "a, không, hai, ba"},
	{"B105", VINUM_FULL, "bê, một trăm linh năm"},
	{"C001", VINUM_FULL, "xê, một"},
	{"C000", VINUM_FULL, "xê, không"},
	{"D015", VINUM_DIGITS, "dê, không, một, năm"},
	{"1023", VINUM_FULL, "một nghìn không trăm hai mươi ba"},
	{"1023", VINUM_DIGITS, "một, không, hai, ba"},
	{"HS021", VINUM_FULL, "hát, ét xì, hai mươi mốt"},
	{"z9", VINUM_FULL, "dét, chín"},
	{"Q-24", VINUM_FULL, "quy, hai mươi tư"},
	{"K12345678", VINUM_FULL, "ca, một, hai, ba, bốn, năm, sáu, bảy, tám"},
};

TEST(vinum_labels)
{
	char buf[256];
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		struct vinum_opts o = vinum_defaults;
		o.reading = labels[i].r;
		int r = vinum_label_words(labels[i].label, &o, buf, sizeof buf);
		if (r < 0 || strcmp(buf, labels[i].words) != 0)
			test_fail(__FILE__, __LINE__, "%s: \"%s\", expected \"%s\"",
			          labels[i].label, r < 0 ? vinum_strerror(r) : buf, labels[i].words);
	}
}

static void join(const char **c, int n, char *out, size_t len)
{
	out[0] = 0;
	for (int i = 0; i < n; i++) {
		strncat(out, i ? " " : "", len - strlen(out) - 1);
		strncat(out, c[i], len - strlen(out) - 1);
	}
}

TEST(vinum_clips_follow_words)
{
	const char *c[VINUM_MAX_CLIPS];
	char buf[512];
	int n = vinum_number_clips(1021, NULL, c, VINUM_MAX_CLIPS);
	join(c, n, buf, sizeof buf);
	CHECK_STR_EQ(buf, "mot nghin khong tram hai muoi_ngang mot_sac");
	n = vinum_label_clips("A015", NULL, c, VINUM_MAX_CLIPS);
	join(c, n, buf, sizeof buf);
	CHECK_STR_EQ(buf, "chu_a muoi lam");
	struct vinum_opts d = vinum_defaults;
	d.reading = VINUM_DIGITS;
	n = vinum_label_clips("A023", &d, c, VINUM_MAX_CLIPS);
	join(c, n, buf, sizeof buf);
	CHECK_STR_EQ(buf, "chu_a khong hai ba");
	d = vinum_defaults;
	d.le = d.ngan = true;
	n = vinum_number_clips(2001, &d, c, VINUM_MAX_CLIPS);
	join(c, n, buf, sizeof buf);
	CHECK_STR_EQ(buf, "hai ngan khong tram le mot");
	/* The longest reading fits the documented bound. */
	CHECK_INT_EQ(vinum_number_clips(777777, NULL, c, VINUM_MAX_CLIPS), 11);
	CHECK_INT_EQ(vinum_label_clips("ABC777", NULL, c, VINUM_MAX_CLIPS), 8);
}

TEST(vinum_errors)
{
	char buf[256];
	const char *c[4];
	CHECK_INT_EQ(vinum_words(-1, NULL, buf, sizeof buf), VINUM_ERANGE);
	CHECK_INT_EQ(vinum_words(1000000, NULL, buf, sizeof buf), VINUM_ERANGE);
	CHECK_INT_EQ(vinum_words(999999, NULL, buf, 10), VINUM_ESPACE);
	CHECK_INT_EQ(vinum_label_words("--", NULL, buf, sizeof buf), VINUM_EEMPTY);
	CHECK_INT_EQ(vinum_label_words("", NULL, buf, sizeof buf), VINUM_EEMPTY);
	CHECK_INT_EQ(vinum_number_clips(1005, NULL, c, 4), VINUM_ESPACE);
	CHECK_STR_EQ(vinum_strerror(VINUM_ERANGE), "number out of range 0..999999");
}

/* assets/voice/clips.txt (read by the clip generator) lists exactly the
 * clips of the table, with the same words. Tests run from the tree's top. */
TEST(vinum_clip_list_matches_assets)
{
	FILE *f = fopen("assets/voice/clips.txt", "r");
	REQUIRE(f != NULL);
	char line[256];
	int found = 0;
	while (fgets(line, sizeof line, f)) {
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab) continue;
		*tab = 0;
		char *text = tab + 1;
		text[strcspn(text, "\n")] = 0;
		for (int i = 0; i < vinum_nclips(); i++) {
			if (strcmp(vinum_clip_name(i), line) != 0) continue;
			found++;
			if (strcmp(vinum_clip_text(i), text) != 0)
				test_fail(__FILE__, __LINE__, "clips.txt says %s is \"%s\", table \"%s\"",
				          line, text, vinum_clip_text(i));
		}
	}
	fclose(f);
	CHECK_INT_EQ(found, vinum_nclips());
}
