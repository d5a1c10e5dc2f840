/*
 * scene: scripted days (see scene.h). A script is lines of
 *   login N OFFICER | issue CODE [GROUP] | next N | recall N | pause N REASON
 *   | resume N | logout N | skip N
 * each run one minute after the previous, from 07:30 local time on
 * Thursday 26 November 2026.
 */
#include "scene.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "engine.h"

#define DAY_START_MS 1795653000000LL   /* 2026-11-26 07:30 +07:00 */
#define STEP_MS 61000

const char *const scene_names[] = {
	"empty", "busy6", "counters30", "zone", "priority", "paused", "longnames", NULL
};

static const char ticker_text[] =
	"[display]\nticker = Đường dây nóng: 0225 3 842 999  ·  Giờ làm việc: sáng 7:30 - 11:30, "
	"chiều 13:30 - 17:00  ·  Công dân ẵm con nhỏ, người cao tuổi xin mời đến quầy ưu tiên  ·  "
	"4 xin, 4 luôn\n";

static const char login6[] =
	"login 1 Nguyễn Thị Hồng\nlogin 2 Trần Văn Đức\nlogin 3 Lê Thu Hà\n"
	"login 4 Phạm Quốc Bảo\nlogin 5 Vũ Thị Ngọc\nlogin 6 Đỗ Minh Tuấn\n";

static const char issue_mix[] =
	"issue A\nissue B\nissue A\nissue C\nissue D\nissue A\nissue B\nissue C\n"
	"issue A\nissue D\nissue B\nissue A\nissue C\nissue A\nissue B\nissue D\n"
	"issue A\nissue C\nissue B\nissue A\nissue D\nissue A\nissue B\nissue C\n";

static const char next6[] = "next 1\nnext 2\nnext 3\nnext 4\nnext 5\nnext 6\n";

/* Runs one script line against the engine at now_ms. */
static int run_line(struct engine *e, const struct config *cfg, char *line, int64_t now_ms,
                    char *err, size_t errlen)
{
	static const struct { const char *name; enum engine_verb verb; } verbs[] = {
		{ "login", VERB_LOGIN }, { "issue", VERB_ISSUE }, { "next", VERB_NEXT },
		{ "recall", VERB_RECALL }, { "pause", VERB_PAUSE }, { "resume", VERB_RESUME },
		{ "logout", VERB_LOGOUT }, { "skip", VERB_SKIP },
	};
	char *verb = strtok(line, " "), *arg = strtok(NULL, " "), *rest = strtok(NULL, "");
	struct engine_cmd cmd = { 0 };
	struct engine_event ev;
	size_t i = 0;
	while (i < sizeof verbs / sizeof verbs[0] && (!verb || strcmp(verbs[i].name, verb))) i++;
	if (i == sizeof verbs / sizeof verbs[0] || !arg) {
		snprintf(err, errlen, "scene: bad line '%s'", verb ? verb : "");
		return -1;
	}
	cmd.verb = verbs[i].verb;
	if (cmd.verb == VERB_ISSUE) {
		cmd.service = config_service_index(cfg, arg);
		cmd.priority = rest ? config_group_index(cfg, rest) + 1 : 0;
	} else {
		cmd.counter = atoi(arg);
		snprintf(cmd.text, sizeof cmd.text, "%s", rest ? rest : "");
	}
	int rc = engine_decide(e, &cmd, now_ms, &ev);
	if (!rc) rc = engine_apply(e, &ev);
	if (rc) snprintf(err, errlen, "scene: %s %s: %s", verb, arg, engine_strerror(rc));
	return rc ? -1 : 0;
}

static int run_script(struct scene *s, const char *script, char *err, size_t errlen)
{
	char *copy = strdup(script), *save = NULL;
	int rc = copy ? 0 : -1;
	for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		s->now_ms += STEP_MS;
		rc = run_line(s->e, s->cfg, line, s->now_ms, err, errlen);
	}
	free(copy);
	s->now_ms += 17000;
	return rc;
}

/* A center with 30 counters over 6 services. */
static char *config_30(void)
{
	static const char *const svc[6] = { "Tư pháp - Hộ tịch", "Đất đai - Xây dựng",
		"Lao động - Thương binh - Xã hội", "Kinh doanh - Đầu tư", "Chứng thực", "Tài chính - Kế hoạch" };
	size_t cap = 16384, n = 0;
	char *t = malloc(cap);
	if (!t) return NULL;
	n += (size_t)snprintf(t + n, cap - n, "[center]\nname = TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG QUẬN LÊ CHÂN\n"
	                      "utc_offset = +7\n");
	for (int i = 0; i < 6; i++)
		n += (size_t)snprintf(t + n, cap - n, "[service %c]\nname = %s\nhours = 07:00-17:00\n"
		                      "numbers = 1-999\nprefix = %c\n", 'A' + i, svc[i], 'A' + i);
	for (int i = 1; i <= 30; i++)
		n += (size_t)snprintf(t + n, cap - n, "[counter %d]\nname = Quầy %d\nservices = %c, %c\n",
		                      i, i, 'A' + (i - 1) % 6, 'A' + i % 6);
	return t;
}

static const char config_long[] =
	"[center]\n"
	"name = BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ - TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG "
	"PHƯỜNG GIA VIÊN, QUẬN NGÔ QUYỀN, THÀNH PHỐ HẢI PHÒNG\n"
	"utc_offset = +7\n"
	"priority_groups = merit:Người có công với cách mạng và thân nhân liệt sĩ\n"
	"[service A]\nname = ỨNG DỤNG CÔNG NGHỆ THÔNG TIN, DỊCH VỤ CÔNG TRỰC TUYẾN TOÀN TRÌNH\n"
	"hours = 07:00-17:00\nnumbers = 1-9999\nprefix = A\ndigits = 4\n"
	"[service B]\nname = Lĩnh vực đất đai, xây dựng, tài nguyên và môi trường; chứng thực bản sao\n"
	"hours = 07:00-17:00\nnumbers = 1-999\nprefix = B\n"
	"[service C]\nname = Đăng ký kinh doanh, đầu tư và hỗ trợ doanh nghiệp nhỏ và vừa\n"
	"hours = 07:00-17:00\nnumbers = 1-999\nprefix = C\n"
	"[counter 1]\nname = Quầy Tiếp nhận hồ sơ Ứng dụng dịch vụ công trực tuyến số 1\nservices = A\n"
	"[counter 2]\nname = Quầy Đất đai - Xây dựng - Tài nguyên và Môi trường\nservices = B\n"
	"[counter 3]\nname = Quầy Hướng dẫn thủ tục Đăng ký kinh doanh và Đầu tư\nservices = C, A\n"
	"[counter 4]\nname = Quầy Sự nghiệp Tư pháp, Chứng thực và Ậ Ố Ờ Ự Ứ\nservices = B, C\n"
	"[display]\nticker = Công dân ẵm con nhỏ, người cao tuổi, người khuyết tật xin báo cán bộ "
	"để được ưu tiên · Thứ Bảy làm việc buổi sáng · Đường dây nóng: 0225 3 842 999\n";

struct scene_def {
	const char *name;
	const char *config;      /* NULL: a generated one (counters30) */
	const char *const script[4];
	bool sound_ok, listener_ok, ticker;
	const char *display;     /* more [display] keys (a zone) */
};

static const struct scene_def defs[] = {
	{ "empty", NULL, { login6 }, true, true, false },
	{ "busy6", NULL, { login6, issue_mix, next6, "next 1\nnext 3\nnext 4\nissue A\nissue C\nnext 2\n" },
	  true, true, true },
	{ "counters30", NULL, { NULL }, true, true, false },
	/* the 30 counters' day seen from the hall of counters 7 to 12 */
	{ "zone", NULL, { NULL }, true, true, false, "counters = 7-12\n" },
	{ "priority", NULL, { login6, "issue A\nissue B\nissue A elderly\nissue C\nissue B disabled\n"
	  "issue A\nissue D\nissue C pregnant\n", "next 3\nnext 2\nnext 4\nnext 5\nnext 1\nissue C merit\nnext 6\n" },
	  true, true, false },
	{ "paused", NULL, { login6, issue_mix, next6, "pause 2 Họp giao ban\npause 5 Nghỉ giữa giờ\n"
	  "next 1\nlogout 6\nnext 3\n" }, false, false, false },
	{ "longnames", config_long, { "login 1 Nguyễn Thị Hồng\nlogin 2 Trần Văn Đức\nlogin 3 Lê Thu Hà\n"
	  "login 4 Phạm Quốc Bảo\nissue A\nissue B\nissue C merit\nissue B\nissue C\nissue A\nissue B\n"
	  "next 1\nnext 2\nnext 3\npause 4 Họp giao ban, hướng dẫn nghiệp vụ mới\n" },
	  true, false, true },
};

static char *script_30(void)
{
	size_t cap = 16384, n = 0;
	char *t = malloc(cap);
	if (!t) return NULL;
	t[0] = 0;
	for (int i = 1; i <= 30; i++) n += (size_t)snprintf(t + n, cap - n, "login %d Cán bộ %d\n", i, i);
	for (int i = 0; i < 90; i++)
		n += (size_t)snprintf(t + n, cap - n, "issue %c%s\n", 'A' + (i * 7) % 6, i % 11 == 5 ? " elderly" : "");
	for (int i = 1; i <= 30; i++)
		if (i % 9 != 4) n += (size_t)snprintf(t + n, cap - n, "next %d\n", i);
	n += (size_t)snprintf(t + n, cap - n, "pause 4 Nghỉ trưa\npause 13 Họp\nnext 7\nnext 20\n");
	return t;
}

int scene_build(const char *name, struct scene *s, char *err, size_t errlen)
{
	const struct scene_def *d = NULL;
	char *gen_cfg = NULL, *gen_script = NULL, text[16384];
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if (!strcmp(defs[i].name, name)) d = &defs[i];
	if (!d) {
		snprintf(err, errlen, "unknown scene '%s' (empty, busy6, counters30, zone, priority, paused, "
		         "longnames)", name);
		return -1;
	}
	const char *cfg_text = d->config ? d->config : config_default_text;
	if (!strcmp(name, "counters30") || !strcmp(name, "zone")) {
		cfg_text = gen_cfg = config_30();
		gen_script = script_30();
		if (!gen_cfg || !gen_script) goto nomem;
	}
	/* a scene without a ticker says so: the sample center has one */
	snprintf(text, sizeof text, "%s\n%s%s", cfg_text,
	         d->config ? "" : d->ticker ? ticker_text : "[display]\nticker =\n",
	         d->display ? d->display : "");
	s->cfg = config_parse(text, name, err, errlen);
	if (!s->cfg) goto fail;
	s->now_ms = DAY_START_MS;
	s->e = engine_new(s->cfg, engine_day_of(s->cfg, s->now_ms));
	if (!s->e) goto nomem;
	s->sound_ok = d->sound_ok;
	s->listener_ok = d->listener_ok;
	if (gen_script && run_script(s, gen_script, err, errlen)) goto fail;
	for (int i = 0; i < 4 && d->script[i]; i++)
		if (run_script(s, d->script[i], err, errlen)) goto fail;
	free(gen_cfg);
	free(gen_script);
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
fail:
	free(gen_cfg);
	free(gen_script);
	scene_free(s);
	return -1;
}

void scene_free(struct scene *s)
{
	if (!s) return;
	engine_free(s->e);
	config_free(s->cfg);
	memset(s, 0, sizeof *s);
}
