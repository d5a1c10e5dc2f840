/*
 * Unit tests of the web gateway's pure parts: the wall rebuilt from the
 * display's lines and written as JSON, JSON escaping, the generated pages.
 */
#include "test.h"

#include <stdlib.h>

#include "buf.h"
#include "config.h"
#include "json.h"
#include "pages.h"
#include "proto.h"
#include "wall.h"
#include "walljson.h"

static const char conf_text[] =
	"[center]\nname = Trung tâm <Thử>\n"
	"[service A]\nname = Hộ tịch\n"
	"[service B]\nname = Đất đai\n"
	"[counter 1]\nname = Quầy một\nservices = A\n"
	"[counter 2]\nservices = B, A\n";

static struct proto_msg line(const char *s)
{
	struct proto_msg m;
	if (proto_parse(s, strlen(s), &m)) test_fail(__FILE__, __LINE__, "bad line %s", s);
	return m;
}

/* The JSON as a C string (freed by the caller). */
static char *json_of(const struct wall *w, bool up)
{
	struct buf b = { 0 };
	wall_json(w, &b, 1000, up, NULL);
	buf_append(&b, "", 1);
	return b.data;
}

TEST(wall_rebuilds_the_board_from_replies_and_pushes)
{
	char err[200];
	struct config *cfg = config_parse(conf_text, "t.conf", err, sizeof err);
	REQUIRE(cfg != NULL);
	struct wall *w = wall_new(cfg, false);
	struct proto_msg m;
	int counter = 0;
	m = line("1 OK day=20785 tickets=9 waiting=5 digest=0 A=3 B=2");
	CHECK_INT_EQ(wall_day_status(w, &m), WALL_CHANGED);
	m = line("2 OK counter=1 name=x state=serving ticket=A004 service=A priority=elderly "
	         "officer=\"Nguyễn Văn An\" waiting=3 served=2 last_served=A002");
	CHECK_INT_EQ(wall_counter_status(w, &m), WALL_CHANGED);
	m = line("3 OK n=2 calls=A004:1:1795831202000,B001:2:1795831201000");
	CHECK_INT_EQ(wall_recent(w, &m), WALL_CHANGED);
	char *j = json_of(w, true);
	CHECK(strstr(j, "\"center\":\"Trung tâm \\u003cThử\\u003e\"") != NULL);
	CHECK(strstr(j, "{\"no\":1,\"name\":\"Quầy một\",\"service\":\"Hộ tịch\",\"services\":[\"A\"],"
	                "\"state\":\"serving\",\"ticket\":\"A004\",\"prio\":true,\"reason\":\"\"}") != NULL);
	CHECK(strstr(j, "{\"code\":\"B\",\"prefix\":\"B\",\"name\":\"Đất đai\",\"waiting\":2}") != NULL);
	CHECK(strstr(j, "\"recent\":[{\"t\":\"A004\",\"c\":1,\"at\":1795831202000},{\"t\":\"B001\"") != NULL);
	CHECK(strstr(j, "\"call\":null") != NULL);
	CHECK(strstr(j, "Nguyễn") == NULL);   /* not on the wall: not in public */
	free(j);
	/* a recall: the banner, but the list keeps its first call, as the main
	 * display's does */
	m = line("* CALLED ticket=A004 service=A priority=none counter=1 recall=1 at=1795831250000");
	CHECK_INT_EQ(wall_push(w, &m, 1795831399999, &counter), WALL_CHANGED | WALL_CALLED);
	j = json_of(w, true);
	CHECK(strstr(j, "\"recent\":[{\"t\":\"A004\",\"c\":1,\"at\":1795831202000},{\"t\":\"B001\"") != NULL);
	CHECK(strstr(j, "\"call\":{\"t\":\"A004\",\"c\":1,\"at\":1795831250000,\"seq\":1,\"recall\":true") != NULL);
	free(j);
	m = line("* CALLED ticket=B001 service=B priority=none counter=2 recall=1 at=1795831260000");
	wall_push(w, &m, 1795831399999, &counter);
	j = json_of(w, true);
	CHECK(strstr(j, "\"recent\":[{\"t\":\"A004\",\"c\":1,\"at\":1795831202000},{\"t\":\"B001\",\"c\":2,\"at\":1795831201000}") != NULL);
	free(j);
	/* a call: the banner, the tile, the top of the recent list, no duplicate */
	m = line("* CALLED ticket=B001 service=B priority=none counter=2 recall=0 at=1795831300000");
	CHECK_INT_EQ(wall_push(w, &m, 1795831399999, &counter), WALL_CHANGED | WALL_CALLED);
	uint64_t seq;
	const struct wall_call *c = wall_last_call(w, &seq);
	REQUIRE(c != NULL);
	CHECK_STR_EQ(c->label, "B001");
	CHECK_INT_EQ(seq, 3);
	CHECK(wall_is_recent(w, "B001", 2) && wall_is_recent(w, "A004", 1) && !wall_is_recent(w, "A004", 2));
	j = json_of(w, false);
	CHECK(strstr(j, "\"up\":false") != NULL);
	CHECK(strstr(j, "\"recent\":[{\"t\":\"B001\",\"c\":2,\"at\":1795831300000},{\"t\":\"A004\"") != NULL);
	CHECK(strstr(j, "\"call\":{\"t\":\"B001\",\"c\":2,\"at\":1795831300000,\"seq\":3,\"recall\":false,\"prio\":false}") != NULL);
	free(j);
	/* a counter's change: its STATUS is asked only for what the push
	 * lacks (a ticket it did not just call); waiting counts follow */
	m = line("* COUNTER counter=2 state=serving ticket=B001");
	CHECK_INT_EQ(wall_push(w, &m, 0, &counter), WALL_CHANGED);
	m = line("* COUNTER counter=1 state=serving ticket=A009");
	CHECK_INT_EQ(wall_push(w, &m, 0, &counter), WALL_CHANGED | WALL_COUNTER);
	CHECK_INT_EQ(counter, 1);
	m = line("* COUNTER counter=1 state=paused ticket=none reason=\"họp\"");
	CHECK_INT_EQ(wall_push(w, &m, 0, &counter), WALL_CHANGED);
	m = line("* WAITING A=7 B=0");
	CHECK_INT_EQ(wall_push(w, &m, 0, &counter), WALL_CHANGED);
	j = json_of(w, true);
	CHECK(strstr(j, "\"state\":\"paused\",\"ticket\":\"\",\"prio\":false,\"reason\":\"họp\"") != NULL);
	CHECK(strstr(j, "\"name\":\"Hộ tịch\",\"waiting\":7") != NULL);
	free(j);
	/* unknown counters, replies and foreign lines change nothing */
	m = line("* CALLED ticket=A001 service=A priority=none counter=9 recall=0");
	CHECK_INT_EQ(wall_push(w, &m, 0, &counter), 0);
	m = line("4 ERR unknown_counter Không có quầy này");
	CHECK_INT_EQ(wall_counter_status(w, &m), 0);
	m = line("5 OK n=1 calls=\"A00000000000000001:1:5\"");
	CHECK_INT_EQ(wall_recent(w, &m), WALL_CHANGED);   /* a label too long is dropped */
	CHECK(!wall_is_recent(w, "A004", 1));
	/* a new day: everything restarts */
	m = line("* DAY day=20786");
	CHECK_INT_EQ(wall_push(w, &m, 0, &counter), WALL_CHANGED | WALL_NEW_DAY);
	CHECK_INT_EQ(wall_day(w), 20786);
	wall_free(w);
	config_free(cfg);
}

TEST(wall_shows_officers_only_when_the_config_says_so)
{
	char err[200];
	struct config *cfg = config_parse(conf_text, "t.conf", err, sizeof err);
	REQUIRE(cfg != NULL);
	struct wall *w = wall_new(cfg, true);
	struct proto_msg m = line("2 OK counter=2 name=x state=open ticket=none officer=\"Trần Thị Bình\"");
	CHECK_INT_EQ(wall_counter_status(w, &m), WALL_CHANGED);
	char *j = json_of(w, true);
	CHECK(strstr(j, "\"officer\":\"Trần Thị Bình\"") != NULL);
	free(j);
	wall_free(w);
	config_free(cfg);
}

/* The display refused the gateway's key: nothing of the queue it knew
 * goes out, and once the link is back no call of before is the newest. */
TEST(wall_json_with_a_notice_shows_no_queue)
{
	char err[200];
	struct config *cfg = config_parse(conf_text, "t.conf", err, sizeof err);
	REQUIRE(cfg != NULL);
	struct wall *w = wall_new(cfg, false);
	struct proto_msg m = line("1 OK day=20785 tickets=9 waiting=5 digest=0 A=3 B=2");
	int counter = 0;
	wall_day_status(w, &m);
	m = line("2 OK counter=1 name=x state=serving ticket=A004 service=A priority=none");
	wall_counter_status(w, &m);
	m = line("* CALLED ticket=A004 service=A priority=elderly counter=1 recall=0 at=1795831300000");
	CHECK_INT_EQ(wall_push(w, &m, 0, &counter), WALL_CHANGED | WALL_CALLED);
	struct buf b = { 0 };
	wall_json(w, &b, 1000, true, "Chưa kết nối\nGhép nối lại");
	buf_append(&b, "", 1);
	CHECK(strstr(b.data, "\"up\":false,\"refused\":true,\"notice\":\"Chưa kết nối\\u000aGhép nối lại\"") != NULL);
	CHECK(strstr(b.data, "\"day\":0,\"counters\":[],\"services\":[],\"recent\":[],\"call\":null}") != NULL);
	CHECK(strstr(b.data, "A004") == NULL);
	buf_free(&b);
	char *j = json_of(w, true);
	CHECK(strstr(j, "\"up\":true,\"refused\":false,\"notice\":null") != NULL);
	CHECK(strstr(j, "\"call\":{\"t\":\"A004\"") != NULL);
	free(j);
	wall_forget(w);
	CHECK(wall_last_call(w, NULL) == NULL);
	CHECK(!wall_is_recent(w, "A004", 1));
	j = json_of(w, true);
	CHECK(strstr(j, "A004") == NULL);
	CHECK(strstr(j, "\"call\":null") != NULL);
	free(j);
	wall_free(w);
	config_free(cfg);
}

TEST(json_strings_are_one_safe_line)
{
	struct buf b = { 0 };
	json_str(&b, "a\"b\\c\nd\t</script>&\x01 Việt \xe2\x80\xa8 \xff\xc3");
	buf_append(&b, "", 1);
	CHECK_STR_EQ(b.data, "\"a\\\"b\\\\c\\u000ad\\u0009\\u003c/script\\u003e\\u0026\\u0001 Việt \\u2028 \\ufffd\\ufffd\"");
	buf_free(&b);
}

TEST(pages_escape_what_they_show)
{
	char out[4096], small[15];
	/* cut short, it ends between two letters, never inside one */
	pages_escape(small, sizeof small, "ệệệệệệệ");
	CHECK_STR_EQ(small, "ệệ");
	pages_login(out, sizeof out, "<b>Sai</b> & \"x\"", "/report/view?a=1&b=\"><x>");
	CHECK(strstr(out, "&lt;b&gt;Sai&lt;/b&gt; &amp; &quot;x&quot;") != NULL);
	CHECK(strstr(out, "<b>") == NULL);
	CHECK(strstr(out, "action=\"/report/login\"") != NULL);
	CHECK(strstr(out, "name=\"next\" value=\"/report/view?a=1&amp;b=&quot;&gt;&lt;x&gt;\"") != NULL);
	/* a first visit: asked to log in, no error, no session said to be over */
	pages_login(out, sizeof out, NULL, NULL);
	CHECK(strstr(out, "Xin đăng nhập") != NULL);
	CHECK(strstr(out, "role=\"alert\"") == NULL && strstr(out, "Phiên") == NULL && strstr(out, "name=\"next\"") == NULL);
	pages_message_back(out, sizeof out, "Lỗi", "x", "/report?officer=a&b", "← Quay lại");
	CHECK(strstr(out, "<a class=\"back\" id=\"back\" href=\"/report?officer=a&amp;b\">← Quay lại</a>") != NULL);
	pages_message(out, sizeof out, "Không tìm thấy", "a<script>");
	CHECK(strstr(out, "<h1>Không tìm thấy</h1><p>a&lt;script&gt;</p>") != NULL);
}
