/*
 * Announcement playlists: the default template, repeats and pauses,
 * placeholders, and the errors a site can make in [voice].
 */
#include "test.h"
#include "playlist.h"

#include <stdio.h>

/* The items as one line: clip names, pauses as "|N|". */
static void show(const struct playlist_item *it, int n, char *out, size_t len)
{
	size_t at = 0;
	out[0] = 0;
	for (int i = 0; i < n && at < len; i++) {
		int k = it[i].clip
			? snprintf(out + at, len - at, "%s%s", i ? " " : "", it[i].clip)
			: snprintf(out + at, len - at, "%s|%d|", i ? " " : "", it[i].pause_ms);
		if (k < 0) return;
		at += (size_t)k;
	}
}

static int build(const struct playlist_opts *o, const char *label, int counter,
                 char *out, size_t len)
{
	char err[128] = "";
	struct playlist_item it[PLAYLIST_MAX_ITEMS];
	struct playlist *p = playlist_new(o, err, sizeof err);
	if (!p) {
		snprintf(out, len, "ERR %s", err);
		return -100;
	}
	int n = playlist_build(p, label, counter, it, PLAYLIST_MAX_ITEMS);
	if (n >= 0) show(it, n, out, len);
	else snprintf(out, len, "ERR %s", playlist_strerror(n));
	playlist_free(p);
	return n;
}

TEST(playlist_default_announcement)
{
	char s[1024];
	CHECK_INT_EQ(build(&playlist_defaults, "A023", 5, s, sizeof s), 8);
	CHECK_STR_EQ(s, "chime xin_moi_cong_dan_co_so_thu_tu chu_a hai muoi_ngang ba den_quay_so nam");
	build(&playlist_defaults, "1015", 21, s, sizeof s);
	CHECK_STR_EQ(s, "chime xin_moi_cong_dan_co_so_thu_tu mot nghin khong tram muoi lam den_quay_so hai muoi_ngang mot_sac");
}

TEST(playlist_repeat_and_pause)
{
	char s[1024];
	struct playlist_opts o = playlist_defaults;
	o.repeat = 2;
	o.pause_ms = 500;
	o.tmpl = "{ticket} den_quay_so.wav {counter}";
	CHECK_INT_EQ(build(&o, "B7", 14, s, sizeof s), 12);
	CHECK_STR_EQ(s, "chime chu_b bay den_quay_so muoi bon |500| chu_b bay den_quay_so muoi bon");
	o.intro = "";
	o.repeat = 1;
	o.tmpl = "{counter},{pause=250},{counter}";
	build(&o, "A1", 24, s, sizeof s);
	CHECK_STR_EQ(s, "hai muoi_ngang tu |250| hai muoi_ngang tu");
}

TEST(playlist_ticket_reading_options)
{
	char s[1024];
	struct playlist_opts o = playlist_defaults;
	o.intro = NULL;
	o.tmpl = "{ticket} {counter}";
	o.num.reading = VINUM_DIGITS;
	o.num.bon = true;
	/* Digits for the ticket only: the counter is still "hai mươi bốn". */
	build(&o, "A024", 24, s, sizeof s);
	CHECK_STR_EQ(s, "chu_a khong hai bon hai muoi_ngang bon");
	o.num.reading = VINUM_FULL;
	o.num.le = true;
	o.num.ngan = true;
	build(&o, "1005", 105, s, sizeof s);
	CHECK_STR_EQ(s, "mot ngan khong tram le nam mot tram le nam");
}

TEST(playlist_template_errors)
{
	char s[256];
	struct playlist_opts o = playlist_defaults;
	o.tmpl = "xin_moi {tiket} {counter}";
	build(&o, "A1", 1, s, sizeof s);
	CHECK_STR_EQ(s, "ERR template: unknown placeholder '{tiket}'");
	o.tmpl = "../etc/passwd {ticket}";
	build(&o, "A1", 1, s, sizeof s);
	CHECK_STR_EQ(s, "ERR template: bad clip name '../etc/passwd'");
	o.tmpl = "{pause=20000}";
	build(&o, "A1", 1, s, sizeof s);
	CHECK_STR_EQ(s, "ERR template: unknown placeholder '{pause=20000}'");
	o = playlist_defaults;
	o.repeat = 0;
	build(&o, "A1", 1, s, sizeof s);
	CHECK_STR_EQ(s, "ERR repeat must be 1..5");
	o = playlist_defaults;
	o.intro = " , ";
	o.tmpl = "";
	build(&o, "A1", 1, s, sizeof s);
	CHECK_STR_EQ(s, "ERR template: empty");
	o = playlist_defaults;
	CHECK_INT_EQ(build(&o, "A1", -3, s, sizeof s), PLAYLIST_ECOUNTER);
	CHECK_INT_EQ(build(&o, "--", 3, s, sizeof s), VINUM_EEMPTY);
}

TEST(playlist_bounded_output)
{
	char err[64];
	struct playlist_item it[4];
	struct playlist *p = playlist_new(&playlist_defaults, err, sizeof err);
	REQUIRE(p != NULL);
	CHECK_INT_EQ(playlist_build(p, "A999", 999, it, 4), PLAYLIST_ESPACE);
	const char *fixed[8];
	CHECK_INT_EQ(playlist_fixed_clips(p, fixed, 8), 4);
	CHECK_STR_EQ(fixed[0], "chime");
	CHECK_STR_EQ(fixed[2], "den_quay_so");
	CHECK_STR_EQ(fixed[3], "quay");
	playlist_free(p);
}

/* The short form said at peak hour: the short template once, no chime, no
 * repeat; none when the short template is empty. */
TEST(playlist_short_form)
{
	char err[128], s[1024];
	struct playlist_item it[PLAYLIST_MAX_ITEMS];
	struct playlist_opts o = playlist_defaults;
	o.repeat = 3;
	struct playlist *p = playlist_new(&o, err, sizeof err);
	REQUIRE(p != NULL);
	CHECK(playlist_has_short(p));
	int n = playlist_build_form(p, PLAYLIST_SHORT, "A023", 5, it, PLAYLIST_MAX_ITEMS);
	CHECK_INT_EQ(n, 6);
	show(it, n, s, sizeof s);
	CHECK_STR_EQ(s, "chu_a hai muoi_ngang ba quay nam");
	n = playlist_build_form(p, PLAYLIST_FULL, "A023", 5, it, PLAYLIST_MAX_ITEMS);
	CHECK_INT_EQ(n, 1 + 3 * 7 + 2);
	playlist_free(p);
	o.short_tmpl = "{ticket},{pause=100},{counter}";
	p = playlist_new(&o, err, sizeof err);
	n = playlist_build_form(p, PLAYLIST_SHORT, "B7", 21, it, PLAYLIST_MAX_ITEMS);
	show(it, n, s, sizeof s);
	CHECK_STR_EQ(s, "chu_b bay |100| hai muoi_ngang mot_sac");
	playlist_free(p);
	o.short_tmpl = "";
	o.repeat = 1;
	p = playlist_new(&o, err, sizeof err);
	CHECK(!playlist_has_short(p));
	n = playlist_build_form(p, PLAYLIST_SHORT, "A1", 1, it, PLAYLIST_MAX_ITEMS);
	show(it, n, s, sizeof s);
	CHECK_STR_EQ(s, "chime xin_moi_cong_dan_co_so_thu_tu chu_a mot den_quay_so mot");
	playlist_free(p);
	o.short_tmpl = "so {tiket}";
	CHECK(playlist_new(&o, err, sizeof err) == NULL);
	CHECK_STR_EQ(err, "short_template: unknown placeholder '{tiket}'");
}
