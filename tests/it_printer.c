/*
 * The kiosk's printer link against the fake printer on its two-way
 * transports (TCP as a network printer's port 9100, a pty as
 * /dev/usb/lp0) when the printer sends a few bytes nobody asked for, as
 * real ones do: an automatic status back (ASB, 14 00 00 0f) as a host
 * connects, after a cut or just before a status answer, or an old status
 * reply just before the new one; and when it is slow, answers late to
 * queries given up on and stays slow. The state read is still the
 * printer's (paper out told from ready, both ways), every ticket prints
 * whole (its bytes decode to the raster sent) and no fault is said.
 */
#include "test.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "escpos.h"
#include "fakeprinter.h"
#include "printer.h"

static const unsigned char asb[] = { 0x14, 0x00, 0x00, 0x0F };
static const unsigned char old_ready[] = { 0x12, 0x12, 0x12 };       /* "ready", from before */
static const unsigned char old_paper_out[] = { 0x12, 0x32, 0x72 };   /* "paper out", from before */

/* The fake printer on TCP or a pty, and the kiosk's spec for it. */
static struct fakeprinter *fake(bool tcp, char *spec, size_t n)
{
	struct fakeprinter *fp = tcp ? fakeprinter_tcp() : fakeprinter_pty();
	if (fp && tcp) snprintf(spec, n, "tcp:127.0.0.1:%d", fakeprinter_port(fp));
	else if (fp) snprintf(spec, n, "%s", fakeprinter_path(fp));
	return fp;
}

/* A ticket's raster: w x h dots, a pattern of its own for each seed. */
static struct escpos_raster raster(int w, int h, int seed)
{
	struct escpos_raster r = { w, h, malloc((size_t)w / 8 * h) };
	for (size_t i = 0; r.bits && i < (size_t)w / 8 * h; i++) r.bits[i] = (unsigned char)(i * 7 + seed * 31 + i / 13);
	return r;
}

/* The state printer_status() reads, with why it failed in why. */
static int status(struct printer *p, char *why, size_t n)
{
	why[0] = 0;
	return printer_status(p, why, n);
}

static void state_is_told(bool tcp)
{
	char spec[200], err[300], why[300];
	struct fakeprinter *fp = fake(tcp, spec, sizeof spec);
	REQUIRE(fp != NULL);
	struct printer *p = printer_new(spec, 1500, err, sizeof err);
	REQUIRE(p != NULL);
	struct escpos_raster r = raster(64, 40, 1);
	struct buf b = { 0 };
	REQUIRE(r.bits && escpos_ticket(&b, &r) == 0);
	/* paper out, answered after an old "ready" */
	fakeprinter_set(fp, FP_PAPER_OUT, 0);
	fakeprinter_stray(fp, FP_STRAY_STATUS, old_ready, sizeof old_ready);
	CHECK_INT_EQ(status(p, why, sizeof why), ESCPOS_PAPER_OUT);
	int state = -1;
	CHECK_INT_EQ(printer_print(p, (const unsigned char *)b.data, b.len, &r, "A001", &state, why, sizeof why), -1);
	CHECK_INT_EQ(state, ESCPOS_PAPER_OUT);
	CHECK_INT_EQ(fakeprinter_cuts(fp), 0);
	/* paper out, with ASBs on connecting and before the answer */
	fakeprinter_stray(fp, FP_STRAY_CONNECT | FP_STRAY_STATUS, asb, sizeof asb);
	CHECK_INT_EQ(status(p, why, sizeof why), ESCPOS_PAPER_OUT);
	/* ready, answered after an old "paper out" or after an ASB */
	fakeprinter_set(fp, FP_OK, 0);
	fakeprinter_stray(fp, FP_STRAY_STATUS, old_paper_out, sizeof old_paper_out);
	CHECK_INT_EQ(status(p, why, sizeof why), ESCPOS_OK);
	if (test_failed_now()) fprintf(stderr, "  why: %s\n", why);
	fakeprinter_stray(fp, FP_STRAY_CONNECT | FP_STRAY_STATUS, asb, sizeof asb);
	CHECK_INT_EQ(status(p, why, sizeof why), ESCPOS_OK);
	if (test_failed_now()) fprintf(stderr, "  why: %s\n", why);
	buf_free(&b);
	free(r.bits);
	printer_free(p);
	fakeprinter_free(fp);
}

TEST(it_printer_stray_bytes_do_not_hide_paper_out_on_tcp)
{
	state_is_told(true);
}

TEST(it_printer_stray_bytes_do_not_hide_paper_out_on_a_device)
{
	state_is_told(false);
}

/* Three tickets on a printer that sends an ASB as each link opens, after
 * each cut and before each answer; or an old "ready" before each answer. */
static void tickets_print_whole(bool tcp, const unsigned char *stray, size_t nstray, unsigned when)
{
	char spec[200], err[300], why[300] = "";
	struct fakeprinter *fp = fake(tcp, spec, sizeof spec);
	REQUIRE(fp != NULL);
	fakeprinter_stray(fp, when, stray, nstray);
	struct printer *p = printer_new(spec, 1500, err, sizeof err);
	REQUIRE(p != NULL);
	for (int t = 0; t < 3; t++) {
		struct escpos_raster r = raster(576, 300, t);
		struct buf b = { 0 };
		REQUIRE(r.bits && escpos_ticket(&b, &r) == 0);
		int state = -1;
		int rc = printer_print(p, (const unsigned char *)b.data, b.len, &r, "A001", &state, why, sizeof why);
		CHECK_INT_EQ(rc, 0);
		CHECK_INT_EQ(state, ESCPOS_OK);
		if (rc) fprintf(stderr, "  ticket %d: %s\n", t, why);
		/* the bytes the printer took are the ticket, whole */
		size_t n;
		unsigned char *got = fakeprinter_bytes(fp, &n);
		struct fp_image img;
		CHECK(fakeprinter_decode(got, n, t, &img) == 0);
		CHECK_INT_EQ(img.w, r.w);
		CHECK_INT_EQ(img.h, r.h);
		CHECK(img.bits && img.h == r.h && !memcmp(img.bits, r.bits, (size_t)r.w / 8 * r.h));
		free(img.bits);
		free(got);
		buf_free(&b);
		free(r.bits);
	}
	CHECK_INT_EQ(fakeprinter_cuts(fp), 3);
	CHECK_INT_EQ(status(p, why, sizeof why), ESCPOS_OK);
	printer_free(p);
	fakeprinter_free(fp);
}

TEST(it_printer_asb_between_tickets_prints_each_whole_on_tcp)
{
	tickets_print_whole(true, asb, sizeof asb, FP_STRAY_CONNECT | FP_STRAY_STATUS | FP_STRAY_CUT);
}

TEST(it_printer_asb_between_tickets_prints_each_whole_on_a_device)
{
	tickets_print_whole(false, asb, sizeof asb, FP_STRAY_STATUS | FP_STRAY_CUT);
}

TEST(it_printer_an_old_reply_before_each_answer_prints_each_whole)
{
	tickets_print_whole(true, old_paper_out, sizeof old_paper_out, FP_STRAY_STATUS);
	tickets_print_whole(false, old_paper_out, sizeof old_paper_out, FP_STRAY_STATUS);
}

/* A busy printer answers a status query after the kiosk gave up on it:
 * its late answer (paper out; the paper is put in meanwhile) reaches the
 * kiosk's next query just before that one's own answer (ready), on the
 * device that stays the same between queries. The kiosk reads the new
 * answer, and prints. */
TEST(it_printer_a_late_answer_is_not_taken_for_the_next_one)
{
	char spec[200], err[300], why[300];
	struct fakeprinter *fp = fake(false, spec, sizeof spec);
	REQUIRE(fp != NULL);
	struct printer *p = printer_new(spec, 500, err, sizeof err);
	REQUIRE(p != NULL);
	fakeprinter_set(fp, FP_PAPER_OUT, 0);
	fakeprinter_late(fp, 750, 0);
	CHECK_INT_EQ(status(p, why, sizeof why), -1);
	CHECK(strstr(why, "did not answer") != NULL);
	fakeprinter_set(fp, FP_OK, 0);
	CHECK_INT_EQ(status(p, why, sizeof why), ESCPOS_OK);
	if (test_failed_now()) fprintf(stderr, "  why: %s\n", why);
	struct escpos_raster r = raster(64, 40, 2);
	struct buf b = { 0 };
	int state = -1;
	REQUIRE(r.bits && escpos_ticket(&b, &r) == 0);
	CHECK_INT_EQ(printer_print(p, (const unsigned char *)b.data, b.len, &r, "A001", &state, why, sizeof why), 0);
	CHECK_INT_EQ(state, ESCPOS_OK);
	CHECK_INT_EQ(fakeprinter_cuts(fp), 1);
	buf_free(&b);
	free(r.bits);
	printer_free(p);
	fakeprinter_free(fp);
}

/* A printer that was slow stays slow. It answers `misses` status queries
 * after the kiosk gave up on each (paper out, all of them; the paper is
 * put in meanwhile), and every answer after the first late one comes
 * 150 ms after the one before it. The kiosk's next query is answered
 * "ready" after all those late answers: that is the state it reads, not
 * an old answer, nor bytes of two. On a device the late answers come on
 * the next query's link, in order; on TCP they go with the connection
 * that asked, and the next connection is not kept waiting for them. A
 * query after that is answered at once, and a ticket prints. */
static void slow_stays_slow(bool tcp, int misses)
{
	char spec[200], err[300], why[300];
	const int timeout = 800;
	struct fakeprinter *fp = fake(tcp, spec, sizeof spec);
	REQUIRE(fp != NULL);
	struct printer *p = printer_new(spec, timeout, err, sizeof err);
	REQUIRE(p != NULL);
	struct escpos_raster r = raster(64, 40, 3);
	struct buf b = { 0 };
	int state = -1;
	REQUIRE(r.bits && escpos_ticket(&b, &r) == 0);
	fakeprinter_set(fp, FP_PAPER_OUT_FOR, (size_t)misses);
	fakeprinter_late(fp, timeout * misses + 150, 150);
	for (int i = 0; i < misses; i++) {
		CHECK_INT_EQ(status(p, why, sizeof why), -1);
		CHECK(strstr(why, "did not answer") != NULL);
	}
	CHECK_INT_EQ(status(p, why, sizeof why), ESCPOS_OK);
	if (test_failed_now()) fprintf(stderr, "  why: %s\n", why);
	fakeprinter_late(fp, 0, 0);
	CHECK_INT_EQ(status(p, why, sizeof why), ESCPOS_OK);
	CHECK_INT_EQ(printer_print(p, (const unsigned char *)b.data, b.len, &r, "A001", &state, why, sizeof why), 0);
	CHECK_INT_EQ(state, ESCPOS_OK);
	CHECK_INT_EQ(fakeprinter_cuts(fp), 1);
	buf_free(&b);
	free(r.bits);
	printer_free(p);
	fakeprinter_free(fp);
}

TEST(it_printer_slow_answer_after_a_late_one_is_read_on_a_device)
{
	slow_stays_slow(false, 1);
}

TEST(it_printer_slow_answer_after_a_late_one_is_read_on_tcp)
{
	slow_stays_slow(true, 1);
}

TEST(it_printer_slow_answer_after_two_late_ones_is_read_on_a_device)
{
	slow_stays_slow(false, 2);
}

TEST(it_printer_slow_answer_after_two_late_ones_is_read_on_tcp)
{
	slow_stays_slow(true, 2);
}

/* A late answer that came while nobody asked (between two of the kiosk's
 * checks of a USB printer) is read away with what came before the next
 * query: that query's answer is the next three bytes, not waited for
 * past them. The device stays open meanwhile, as the printer's driver
 * keeps it, so the bytes wait there. */
TEST(it_printer_a_late_answer_come_between_queries_is_read_away)
{
	char spec[200], err[300], why[300];
	struct fakeprinter *fp = fake(false, spec, sizeof spec);
	REQUIRE(fp != NULL);
	int held = open(spec, O_RDWR | O_NOCTTY);
	struct printer *p = printer_new(spec, 400, err, sizeof err);
	REQUIRE(p != NULL && held >= 0);
	fakeprinter_set(fp, FP_PAPER_OUT, 0);
	fakeprinter_late(fp, 550, 0);
	CHECK_INT_EQ(status(p, why, sizeof why), -1);
	fakeprinter_set(fp, FP_OK, 0);
	usleep(400 * 1000);   /* the late answer comes meanwhile */
	CHECK_INT_EQ(status(p, why, sizeof why), ESCPOS_OK);
	if (test_failed_now()) fprintf(stderr, "  why: %s\n", why);
	close(held);
	printer_free(p);
	fakeprinter_free(fp);
}

/* An old reply nobody here asked for comes just before the answer, and
 * the answer a byte at a time (100 ms apart): the state read is the three
 * bytes of the answer once all have come, not the old reply's last bytes
 * with the answer's first. */
static void answer_a_byte_at_a_time(bool tcp)
{
	char spec[200], err[300], why[300];
	struct fakeprinter *fp = fake(tcp, spec, sizeof spec);
	REQUIRE(fp != NULL);
	struct printer *p = printer_new(spec, 1500, err, sizeof err);
	REQUIRE(p != NULL);
	fakeprinter_stray(fp, FP_STRAY_STATUS, old_paper_out, sizeof old_paper_out);
	fakeprinter_apart(fp, 100);
	CHECK_INT_EQ(status(p, why, sizeof why), ESCPOS_OK);
	if (test_failed_now()) fprintf(stderr, "  why: %s\n", why);
	printer_free(p);
	fakeprinter_free(fp);
}

TEST(it_printer_an_old_reply_then_an_answer_a_byte_at_a_time_on_tcp)
{
	answer_a_byte_at_a_time(true);
}

TEST(it_printer_an_old_reply_then_an_answer_a_byte_at_a_time_on_a_device)
{
	answer_a_byte_at_a_time(false);
}
