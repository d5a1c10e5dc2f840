/*
 * mdns against a real avahi-daemon: a private D-Bus system bus in the
 * scratch dir and an avahi-daemon in its own network namespace (loopback
 * only) and mount namespace (its own /run/avahi-daemon), so it never meets
 * the machine's or another test's daemon. What is checked is what a
 * counter would see with avahi-browse: the service, its port and its TXT.
 */
#include "test.h"

#include "avahi_poll.h"
#include "discover.h"
#include "loop.h"
#include "mdns.h"

#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct env {
	char dir[256];
	char bus[300];
	pid_t dbus, avahi;
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f) return;
	fputs(text, f);
	fclose(f);
}

/* Every daemon started here, so that a test stopped early by REQUIRE
 * leaves none behind: the next test and the process exit reap them. */
static pid_t spawned[16];

static void reap_all(void)
{
	for (size_t i = 0; i < sizeof spawned / sizeof spawned[0]; i++) {
		if (spawned[i] <= 0) continue;
		kill(spawned[i], SIGTERM);
		waitpid(spawned[i], NULL, 0);
		spawned[i] = 0;
	}
}

static void remember(pid_t pid)
{
	for (size_t i = 0; i < sizeof spawned / sizeof spawned[0]; i++)
		if (spawned[i] <= 0) { spawned[i] = pid; return; }
}

static void forget(pid_t pid)
{
	for (size_t i = 0; i < sizeof spawned / sizeof spawned[0]; i++)
		if (spawned[i] == pid) spawned[i] = 0;
}

static pid_t spawn(char *const argv[], const char *log)
{
	pid_t pid = fork();
	if (pid == 0) {
		FILE *f = freopen(log, "a", stderr);
		(void)f;
		if (!freopen("/dev/null", "w", stdout)) _exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	remember(pid);
	return pid;
}

static void stop(pid_t *pid)
{
	if (*pid <= 0) return;
	kill(*pid, SIGTERM);
	waitpid(*pid, NULL, 0);
	forget(*pid);
	*pid = 0;
}

/* libdbus reads DBUS_SYSTEM_BUS_ADDRESS once per process, so every test
 * here uses the same bus socket path, in a directory of this process. */
static char bus_dir[64];

static void remove_bus_dir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", bus_dir);
	if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", bus_dir);
}

/* Before any test runs: SDL (board tests in this same binary) may open
 * D-Bus first, and libdbus would then keep the machine's default system
 * bus for the whole process. */
__attribute__((constructor)) static void private_bus_address(void)
{
	char addr[128];
	snprintf(bus_dir, sizeof bus_dir, "/tmp/goiso-bus-%d", (int)getpid());
	snprintf(addr, sizeof addr, "unix:path=%s/bus.sock", bus_dir);
	setenv("DBUS_SYSTEM_BUS_ADDRESS", addr, 1);
}

static void env_init(struct env *e)
{
	char path[512], text[2048];
	memset(e, 0, sizeof *e);
	reap_all();
	static bool once;
	if (!once) {
		once = true;
		mkdir(bus_dir, 0700);
		atexit(remove_bus_dir);
		atexit(reap_all);
	}
	snprintf(e->dir, sizeof e->dir, "%s", test_tmpdir());
	snprintf(e->bus, sizeof e->bus, "unix:path=%s/bus.sock", bus_dir);
	snprintf(path, sizeof path, "%s/dbus.conf", e->dir);
	snprintf(text, sizeof text,
		"<busconfig><type>system</type><listen>%s</listen><auth>EXTERNAL</auth>"
		"<policy context=\"default\"><allow user=\"*\"/><allow own=\"*\"/>"
		"<allow send_type=\"method_call\"/><allow send_type=\"signal\"/>"
		"<allow send_type=\"method_return\"/><allow send_type=\"error\"/>"
		"<allow receive_type=\"method_call\"/><allow receive_type=\"method_return\"/>"
		"<allow receive_type=\"error\"/><allow receive_type=\"signal\"/>"
		"</policy></busconfig>\n", e->bus);
	write_file(path, text);
	snprintf(path, sizeof path, "%s/avahi.conf", e->dir);
	write_file(path, "[server]\nhost-name=goiso-unit\nuse-ipv4=yes\nuse-ipv6=no\n"
	                 "allow-interfaces=lo\n[wide-area]\nenable-wide-area=no\n"
	                 "[publish]\npublish-hinfo=no\npublish-workstation=no\n");
	setenv("DBUS_SYSTEM_BUS_ADDRESS", e->bus, 1);
}

static void env_start_dbus(struct env *e)
{
	char conf[300], log[300], sock[300];
	struct stat st;
	snprintf(conf, sizeof conf, "--config-file=%s/dbus.conf", e->dir);
	snprintf(log, sizeof log, "%s/dbus.log", e->dir);
	snprintf(sock, sizeof sock, "%s/bus.sock", bus_dir);
	char *argv[] = { "dbus-daemon", "--nofork", conf, NULL };
	e->dbus = spawn(argv, log);
	for (int i = 0; i < 100 && stat(sock, &st) != 0; i++) usleep(20000);
}

static void env_start_avahi(struct env *e)
{
	char conf[300], log[300];
	snprintf(conf, sizeof conf, "%s/avahi.conf", e->dir);
	snprintf(log, sizeof log, "%s/avahi.log", e->dir);
	char *argv[] = { "unshare", "-n", "-m", "sh", "-c",
		"ip link set lo up && mkdir -p /run/avahi-daemon && "
		"mount -t tmpfs tmpfs /run/avahi-daemon && "
		"exec avahi-daemon -f \"$0\" --no-drop-root --no-chroot --no-rlimits",
		conf, NULL };
	e->avahi = spawn(argv, log);
}

static void env_stop(struct env *e)
{
	stop(&e->avahi);
	stop(&e->dbus);
	unlink(e->bus + strlen("unix:path="));
}

typedef bool (*cond_fn)(void *ud);

/* Runs the loop until cond holds or timeout_ms passes. */
static bool run_until(struct loop *l, cond_fn cond, void *ud, int timeout_ms)
{
	loop_update_time(l);
	int64_t end = loop_now_ms(l) + timeout_ms;
	while (!cond(ud)) {
		if (loop_now_ms(l) >= end) return false;
		loop_run_once(l, 20);
	}
	return true;
}

static bool is_published(void *ud) { return mdns_published(ud); }
static bool is_waiting(void *ud) { return strstr(mdns_status(ud), "waiting for avahi") != NULL; }
struct nth { struct mdns *m; int n; };
static bool published_n(void *ud)
{
	struct nth *x = ud;
	return mdns_published(x->m) && mdns_publications(x->m) >= x->n;
}

/* What a counter would see: avahi-browse's resolved lines for our type. */
static void browse(char *out, size_t n)
{
	FILE *p = popen("avahi-browse -rtp " MDNS_SERVICE_TYPE " 2>/dev/null", "r");
	size_t len = 0;
	out[0] = 0;
	if (!p) return;
	char line[1024];
	while (fgets(line, sizeof line, p))
		if (line[0] == '=' && len + strlen(line) < n) {
			memcpy(out + len, line, strlen(line) + 1);
			len += strlen(line);
		}
	pclose(p);
}

TEST(mdns_instance_id_is_stable_and_per_site)
{
	unsigned char k1[32] = { 1 }, k2[32] = { 2 };
	char a[MDNS_INSTANCE_ID_LEN + 1], b[MDNS_INSTANCE_ID_LEN + 1], c[MDNS_INSTANCE_ID_LEN + 1];
	mdns_instance_id(k1, a);
	mdns_instance_id(k1, b);
	mdns_instance_id(k2, c);
	CHECK_INT_EQ(strlen(a), MDNS_INSTANCE_ID_LEN);
	CHECK_STR_EQ(a, b);
	CHECK(strcmp(a, c) != 0);
}

TEST(mdns_waits_for_dbus_then_avahi_then_publishes_and_survives_restart)
{
	struct env e;
	char seen[4096];
	env_init(&e);
	struct loop *l = loop_new();
	struct mdns_opts o = { .site = "Phường Gia Viên", .instance = "0123456789abcdef",
	                       .port = 4242, .retry_ms = 200 };
	/* No D-Bus yet: the daemon must start anyway and keep trying. */
	struct mdns *m = mdns_new(l, &o);
	REQUIRE(m != NULL);
	CHECK(strstr(mdns_status(m), "no D-Bus") != NULL);
	CHECK(!mdns_published(m));
	env_start_dbus(&e);
	CHECK(run_until(l, is_waiting, m, 3000));
	env_start_avahi(&e);
	CHECK(run_until(l, is_published, m, 8000));
	CHECK_STR_EQ(mdns_name(m), "goiso Phường Gia Viên");
	browse(seen, sizeof seen);
	CHECK(strstr(seen, ";4242;") != NULL);
	CHECK(strstr(seen, "\"proto=1\"") != NULL);
	CHECK(strstr(seen, "\"id=0123456789abcdef\"") != NULL);
	/* avahi-browse -p prints bytes outside ASCII as \DDD. */
	CHECK(strstr(seen, "\"site=Ph\\198\\176\\225\\187\\157ng Gia Vi\\195\\170n\"") != NULL);

	/* avahi-daemon restarts: the service comes back by itself. */
	stop(&e.avahi);
	env_start_avahi(&e);
	struct nth again = { m, 2 };
	CHECK(run_until(l, published_n, &again, 8000));
	browse(seen, sizeof seen);
	CHECK(strstr(seen, ";4242;") != NULL);

	/* A second display with the same name takes the alternative. */
	o.port = 4243;
	struct mdns *m2 = mdns_new(l, &o);
	REQUIRE(m2 != NULL);
	CHECK(run_until(l, is_published, m2, 8000));
	CHECK_STR_EQ(mdns_name(m2), "goiso Phường Gia Viên #2");
	CHECK(mdns_published(m));
	mdns_free(m2);

	/* D-Bus itself goes: back to retrying, without a crash. */
	stop(&e.avahi);
	stop(&e.dbus);
	for (int i = 0; i < 20; i++) loop_run_once(l, 20);
	CHECK(!mdns_published(m));
	mdns_free(m);
	loop_free(l);
	env_stop(&e);
}

/* The caller's side: discover finds what mdns published, tells two sites
 * apart, and follows a display that went away and came back. */
TEST(mdns_discover_finds_the_display_of_its_site)
{
	struct env e;
	char hp[128];
	env_init(&e);
	env_start_dbus(&e);
	env_start_avahi(&e);
	struct loop *l = loop_new();
	struct mdns_opts oa = { .site = "Phường A", .instance = "aaaa000000000000", .port = 5001 };
	struct mdns_opts ob = { .site = "Phường B", .instance = "bbbb000000000000", .port = 5002 };
	struct mdns *ma = mdns_new(l, &oa);
	REQUIRE(ma != NULL);
	CHECK(run_until(l, is_published, ma, 8000));
	struct discover *d = discover_new();
	REQUIRE(d != NULL);
	CHECK_INT_EQ(discover_find(d, NULL, 5000, hp, sizeof hp), DISCOVER_FOUND);
	CHECK_STR_EQ(hp, "127.0.0.1:5001");

	struct mdns *mb = mdns_new(l, &ob);
	REQUIRE(mb != NULL);
	CHECK(run_until(l, is_published, mb, 8000));
	discover_run(d, 300);
	CHECK_INT_EQ(discover_find(d, NULL, 3000, hp, sizeof hp), DISCOVER_MANY);
	CHECK_INT_EQ(discover_count(d), 2);
	CHECK_INT_EQ(discover_find(d, "Phường B", 3000, hp, sizeof hp), DISCOVER_FOUND);
	CHECK_STR_EQ(hp, "127.0.0.1:5002");
	CHECK_INT_EQ(discover_find(d, "aaaa000000000000", 3000, hp, sizeof hp), DISCOVER_FOUND);
	CHECK_STR_EQ(hp, "127.0.0.1:5001");

	/* Display B stops: it is gone from the list (its goodbye records
	 * expire after one second); it comes back on another port and is
	 * found there. */
	mdns_free(mb);
	discover_run(d, 1500);
	CHECK_INT_EQ(discover_find(d, "Phường B", 200, hp, sizeof hp), DISCOVER_NONE);
	ob.port = 5003;
	mb = mdns_new(l, &ob);
	CHECK(run_until(l, is_published, mb, 8000));
	CHECK_INT_EQ(discover_find(d, "Phường B", 3000, hp, sizeof hp), DISCOVER_FOUND);
	CHECK_STR_EQ(hp, "127.0.0.1:5003");

	/* avahi-daemon restarts under the caller: it finds B again. */
	stop(&e.avahi);
	discover_run(d, 200);
	env_start_avahi(&e);
	struct nth again = { mb, 2 };
	CHECK(run_until(l, published_n, &again, 8000));
	CHECK_INT_EQ(discover_find(d, "Phường B", 5000, hp, sizeof hp), DISCOVER_FOUND);
	discover_free(d);
	mdns_free(ma);
	mdns_free(mb);
	loop_free(l);
	env_stop(&e);
}

TEST(mdns_discover_without_any_display_times_out)
{
	struct env e;
	char hp[128];
	env_init(&e);
	struct discover *d = discover_new();     /* no D-Bus yet */
	REQUIRE(d != NULL);
	CHECK(strstr(discover_status(d), "D-Bus") != NULL);
	env_start_dbus(&e);
	env_start_avahi(&e);
	CHECK_INT_EQ(discover_find(d, NULL, 2500, hp, sizeof hp), DISCOVER_NONE);
	CHECK_STR_EQ(discover_status(d), "browsing");
	discover_free(d);
	env_stop(&e);
}
