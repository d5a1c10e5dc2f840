/*
 * goiso-caller: the counter's client. In this file, the command-line mode
 * for officers' scripts and IT staff:
 *
 *   goiso-caller --connect HOST:PORT --key FILE --counter N COMMAND [ARG]
 *
 * It sends one request, prints the result for a person (Vietnamese), and
 * exits 0 on success, 1 when the display refused (its message printed),
 * 2 on a usage error, 3 when the display could not be reached. A request
 * whose connection drops is re-sent with the same id on a new connection,
 * so a retry never calls a second citizen.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "auth.h"
#include "client.h"
#include "clock.h"
#include "config.h"
#include "discover.h"
#include "pair.h"
#include "panel.h"
#include "proto.h"
#include "version.h"

#define TIMEOUT_MS 5000
#define RETRY_FOR_MS 15000

struct command {
	const char *name, *verb, *arg_key;   /* arg_key: the key of the one argument */
	int needs_arg;
};

static const struct command commands[] = {
	{ "next", "NEXT", NULL, 0 },
	{ "done", "DONE", NULL, 0 },
	{ "recall", "RECALL", NULL, 0 },
	{ "skip", "SKIP", NULL, 0 },
	{ "requeue", "REQUEUE", "ticket", 1 },
	{ "transfer", "TRANSFER", "service", 1 },
	{ "pause", "PAUSE", "reason", 1 },
	{ "resume", "RESUME", NULL, 0 },
	{ "login", "LOGIN", "officer", 1 },
	{ "logout", "LOGOUT", NULL, 0 },
	{ "issue", "ISSUE", "service", 1 },
	{ "rate", "RATE", "score", 1 },
	{ "status", "STATUS", NULL, 0 },
	{ "services", "SERVICES", NULL, 0 },
};

struct options {
	const char *connect, *key, *role, *priority, *site;
	int counter;
	const struct command *cmd;
	const char *arg;
	char keybuf[4096], sitebuf[256];
};

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: goiso-caller [--connect HOST:PORT] [--key FILE] [--counter N] COMMAND [ARG]\n"
	        "       goiso-caller pair CODE --counter N | --kiosk [N]   (add this PC as a counter or a kiosk)\n"
	        "commands:\n"
	        "  next | done | recall | skip | resume | logout | status | services\n"
	        "  requeue TICKET | transfer SERVICE | pause REASON | login NAME\n"
	        "  issue SERVICE [--priority GROUP] | rate SCORE (1-5, or none)\n"
	        "options:\n"
	        "  --connect A   the display's address (default: found on the LAN by mDNS)\n"
	        "  --site NAME   with several displays on the LAN: the center's name or id\n"
	        "  --key FILE    the credential (default $GOISO_KEY, else the one pairing stored)\n"
	        "  --role ROLE   counter (default with --counter), kiosk, viewer, admin\n"
	        "  --counter N   the counter this PC is (default: the one pairing stored)\n"
	        "  --priority G  with issue: a priority group of the center (elderly, disabled...)\n"
	        "  --version     print the version and exit\n"
	        "with no COMMAND it opens the counter's panel (a window; see --panel-help)\n"
	        "exit: 0 done, 1 refused by the display, 2 usage, 3 display not reachable\n");
}

/* The options of the command-line mode; each takes a value. */
static const char *const options[] = { "--connect", "--key", "--role", "--priority", "--site", "--counter", NULL };

static bool is_option(const char *a)
{
	for (int i = 0; options[i]; i++)
		if (!strcmp(a, options[i])) return true;
	return false;
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(commands[i].name, name)) return &commands[i];
	return NULL;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); exit(0); }
		if (!strcmp(a, "--version")) { printf("goiso-caller " GOISO_VERSION "\n"); exit(0); }
		if (a[0] == '-' && a[1] == '-') {
			/* an option not known is named as such, not asked for a value */
			if (!is_option(a)) {
				if (panel_has_option(a))
					fprintf(stderr, "goiso-caller: %s chỉ dùng cho bảng điều khiển (khi không có lệnh)\n", a);
				else
					fprintf(stderr, "goiso-caller: không có tùy chọn '%s'\n", a);
				return -1;
			}
			if (i + 1 == argc) { fprintf(stderr, "goiso-caller: %s cần một giá trị\n", a); return -1; }
			const char *v = argv[++i];
			if (!strcmp(a, "--connect")) o->connect = v;
			else if (!strcmp(a, "--key")) o->key = v;
			else if (!strcmp(a, "--role")) o->role = v;
			else if (!strcmp(a, "--priority")) o->priority = v;
			else if (!strcmp(a, "--site")) o->site = v;
			else if (!strcmp(a, "--counter")) {
				if (args_number(v, 1, CONFIG_COUNTER_LAST, &o->counter)) {
					fprintf(stderr, "goiso-caller: --counter: số quầy từ 1 đến %d\n", CONFIG_COUNTER_LAST);
					return -1;
				}
			}
		} else if (!o->cmd) {
			if (!(o->cmd = find_command(a))) { fprintf(stderr, "goiso-caller: không có lệnh '%s'\n", a); return -1; }
		} else if (!o->arg) {
			o->arg = a;
		} else {
			fprintf(stderr, "goiso-caller: thừa tham số '%s'\n", a);
			return -1;
		}
	}
	if (!o->cmd) { usage(stderr); return -1; }
	if (o->cmd->needs_arg && !o->arg) { fprintf(stderr, "goiso-caller: lệnh %s cần một tham số\n", o->cmd->name); return -1; }
	if (!o->cmd->needs_arg && o->arg) { fprintf(stderr, "goiso-caller: lệnh %s không nhận tham số\n", o->cmd->name); return -1; }
	if (!o->key) o->key = pair_default_keyfile(o->keybuf, sizeof o->keybuf);
	if (!o->counter || !o->site) {     /* what pairing stored beside the key */
		int counter;
		if (pair_read_profile(o->key, &counter, o->sitebuf, sizeof o->sitebuf) == 0) {
			if (!o->counter && !o->role) o->counter = counter;
			if (!o->site && o->sitebuf[0]) o->site = o->sitebuf;
		}
	}
	if (!o->role) o->role = o->counter ? "counter" : (!strcmp(o->cmd->verb, "ISSUE") ? "kiosk" : "viewer");
	return 0;
}

/* Builds "VERB key=value..." with values quoted as the protocol wants. */
static void build_body(const struct options *o, struct proto_buf *pb)
{
	proto_begin(pb, "x", o->cmd->verb);
	if (o->cmd->arg_key) proto_add(pb, o->cmd->arg_key, o->arg);
	if (o->priority) proto_add(pb, "priority", o->priority);
	pb->s[pb->n] = 0;
}

static const char *val(const struct proto_msg *m, const char *key)
{
	const char *v = proto_get(m, key);
	return v ? v : "";
}

static void print_status(const struct proto_msg *m)
{
	static const struct { const char *state, *text; } states[] = {
		{ "closed", "đóng" }, { "open", "sẵn sàng" }, { "serving", "đang phục vụ" }, { "paused", "tạm nghỉ" },
	};
	if (!proto_get(m, "counter")) {   /* the whole center */
		printf("Hôm nay đã cấp %s số, đang chờ %s người.\n", val(m, "tickets"), val(m, "waiting"));
		for (int i = 0; i < m->nargs; i++)
			if (strlen(m->args[i].key) <= 3 && strcmp(m->args[i].key, "day"))
				printf("  Lĩnh vực %s: %s người chờ\n", m->args[i].key, m->args[i].val);
		return;
	}
	const char *state = val(m, "state");
	for (size_t i = 0; i < sizeof states / sizeof *states; i++)
		if (!strcmp(states[i].state, state)) state = states[i].text;
	printf("%s: %s", val(m, "name"), state);
	if (proto_get(m, "reason")) printf(" (%s)", val(m, "reason"));
	if (strcmp(val(m, "ticket"), "none")) printf(", số %s", val(m, "ticket"));
	printf(".\nCán bộ: %s. Đang chờ: %s. Đã phục vụ hôm nay: %s.\n",
	       *val(m, "officer") ? val(m, "officer") : "(chưa đăng nhập)", val(m, "waiting"), val(m, "served"));
}

static void print_ok(const struct options *o, const struct proto_msg *m)
{
	const char *verb = o->cmd->verb, *t = val(m, "ticket"), *fin = proto_get(m, "finished");
	bool has_t = strcmp(t, "none") && *t;
	if (!strcmp(verb, "NEXT")) {
		if (fin) printf("Đã xong số %s.\n", fin);
		if (has_t)
			printf("Mời công dân số %s đến quầy %s%s. Còn %s người chờ.\n", t, val(m, "counter"),
			       strcmp(val(m, "priority"), "none") ? " (ưu tiên)" : "", val(m, "waiting"));
		else
			printf("Không còn công dân nào đang chờ.\n");
	} else if (!strcmp(verb, "ISSUE")) {
		printf("Đã cấp số %s (lĩnh vực %s). Trước số này còn %s người.\n", t, val(m, "service"), val(m, "ahead"));
	} else if (!strcmp(verb, "RECALL")) {
		printf("Đã gọi lại số %s.\n", t);
	} else if (!strcmp(verb, "SKIP")) {
		printf("Số %s vắng mặt, đã bỏ qua.\n", t);
	} else if (!strcmp(verb, "REQUEUE")) {
		printf("Số %s đã được xếp lại vào hàng chờ.\n", t);
	} else if (!strcmp(verb, "TRANSFER")) {
		printf("Đã chuyển số %s sang lĩnh vực %s.\n", t, val(m, "service"));
	} else if (!strcmp(verb, "DONE")) {
		printf("Đã xong số %s.\n", val(m, "finished"));
	} else if (!strcmp(verb, "PAUSE")) {
		printf("Quầy %s tạm nghỉ.\n", val(m, "counter"));
	} else if (!strcmp(verb, "RESUME")) {
		printf("Quầy %s tiếp tục làm việc.\n", val(m, "counter"));
	} else if (!strcmp(verb, "LOGIN")) {
		printf("Đã đăng nhập tại quầy %s.\n", val(m, "counter"));
	} else if (!strcmp(verb, "LOGOUT")) {
		printf("Đã đăng xuất, quầy %s đóng.\n", val(m, "counter"));
	} else if (!strcmp(verb, "RATE")) {
		printf("Đã ghi nhận đánh giá cho số %s.\n", t);
	} else if (!strcmp(verb, "STATUS")) {
		print_status(m);
	} else {
		for (int i = 0; i < m->nargs; i++) printf("%s: %s\n", m->args[i].key, m->args[i].val);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "pair")) return pair_main(argc - 1, argv + 1);
	if (panel_wanted(argc, argv)) return panel_main(argc, argv);   /* --counter N, no command */
	struct options o = { 0 };
	struct client_cred cred = { 0 };
	char err[512], id[PROTO_ID_MAX + 1] = "";
	struct proto_buf body;
	struct proto_msg reply;
	if (parse_args(argc, argv, &o)) return 2;
	if (auth_init()) { fprintf(stderr, "goiso-caller: libsodium failed to start\n"); return 3; }
	if (auth_read_keyfile(o.key, cred.id, cred.key, err, sizeof err)) {
		fprintf(stderr, "goiso-caller: khóa: %s\n", err);
		return 2;
	}
	snprintf(cred.role, sizeof cred.role, "%s", o.role);
	cred.counter = o.counter;
	build_body(&o, &body);
	const char *b = body.s + 2;   /* after the placeholder id "x " */
	/* No --connect: the display is found by mDNS, and looked up again
	 * before each retry, so a display that restarted or moved is followed
	 * (meanwhile its last address is tried too). */
	struct discover *disc = NULL;
	char found[128] = "";
	if (!o.connect && (disc = discover_new())) pair_remember(disc, o.key);
	if (!o.connect && (!disc || discover_wait(disc, o.site, 0, found, sizeof found) != DISCOVER_FOUND)) {
		discover_free(disc);
		return 2;
	}
	long long give_up = clock_mono_ms() + RETRY_FOR_MS;
	int rc = 3;
	for (int attempt = 0; rc == 3 && clock_mono_ms() < give_up; attempt++) {
		if (attempt) usleep(disc ? 50000 : 200000);
		if (disc && attempt) discover_find(disc, o.site, 50, found, sizeof found);
		struct client *c = client_connect(disc ? found : o.connect, &cred, TIMEOUT_MS, err, sizeof err);
		if (!c) {
			/* A display that cannot prove itself may be a copy of the
			 * announcement: with mDNS, try the next one of that id. */
			bool refused = errno == EACCES;
			if (refused && disc) {
				discover_distrust(disc, found);
				if (discover_find(disc, o.site, 50, found, sizeof found) == DISCOVER_FOUND) continue;
			}
			if (refused) { rc = 4; break; }   /* refused: retrying will not help */
			if (attempt == 0) fprintf(stderr, "goiso-caller: %s; đang thử lại trong %d giây…\n", err, RETRY_FOR_MS / 1000);
			continue;
		}
		if (disc) pair_save_address(o.key, found);   /* reached: kept, for when mDNS is down */
		if (!id[0]) client_new_id(c, id);
		if (client_call(c, id, b, &reply, TIMEOUT_MS, err, sizeof err) == 0) rc = strcmp(reply.word, "OK") ? 1 : 0;
		client_close(c);
	}
	discover_free(disc);
	if (rc == 3 || rc == 4) {   /* 4: the display refused the key */
		fprintf(stderr, "goiso-caller: %s\n", err);
		return rc == 4 ? 1 : 3;
	}
	if (rc == 1) {
		char code[32];
		const char *msg;
		client_err_parts(&reply, code, sizeof code, &msg);
		fprintf(stderr, "Lỗi: %s (%s)\n", msg, code);
		return 1;
	}
	print_ok(&o, &reply);
	return 0;
}
