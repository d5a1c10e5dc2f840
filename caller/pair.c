/*
 * pair: `goiso-caller pair` (contract in pair.h).
 *
 * Speaks the three PAIR lines over a plain connection: the credential does
 * not exist yet, so client.c (which authenticates first) cannot be used.
 */
#include "pair.h"

#include "args.h"
#include "auth.h"
#include "config.h"
#include "discover.h"
#include "file.h"
#include "paircode.h"
#include "proto.h"
#include "sock.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define TIMEOUT_MS 5000

struct pair_opts {
	const char *code, *key, *site, *connect;
	const char *addr;          /* where the display answered (kept in the profile) */
	int counter;               /* the kiosk's number with --kiosk, the board's with --follower */
	bool kiosk, follower;
};

/* ---- a plain line connection ---- */

/* How long pairing looks for the display on the LAN. */
#define PAIR_LOOK_MS (2 * 60 * 1000)

static int dial(const char *hostport, char *err, size_t errlen)
{
	int fd = sock_dial(hostport, TIMEOUT_MS, err, errlen);
	if (fd >= 0 && sock_set_blocking(fd, TIMEOUT_MS) != 0) {
		snprintf(err, errlen, "không kết nối được màn hình %s: %s", hostport, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads one line and parses it. 0, or -1 when the connection failed. */
static int read_msg(int fd, struct proto_msg *m)
{
	char line[PROTO_LINE_MAX + 1];
	size_t n = 0;
	for (;;) {
		char c;
		if (read(fd, &c, 1) != 1) return -1;
		if (c == '\n') break;
		if (n < PROTO_LINE_MAX) line[n++] = c;
	}
	return proto_parse(line, n, m) == 0 ? 0 : -1;
}

static int send_line(int fd, const char *line)
{
	size_t n = strlen(line);
	return write(fd, line, n) == (ssize_t)n ? 0 : -1;
}

/* ---- the exchange ---- */

static int refused(const struct proto_msg *m)
{
	const char *sp = strchr(m->rest, ' ');
	fprintf(stderr, "Màn hình từ chối ghép nối: %s\n", sp ? sp + 1 : m->rest);
	return 1;
}

/* s, quoted for a shell when it holds anything but characters no shell
 * reads as special ([ and ] are a pattern, as * and ? are: /srv/k[1].key
 * would be taken for the files it matches, and [::1]:7710 is quoted too). */
static void shell_word(char *out, size_t n, const char *s)
{
	if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._-:@+,=") == strlen(s)) {
		snprintf(out, n, "%s", s);
		return;
	}
	size_t len = 0;
	if (n) out[len++] = '\'';
	for (; *s && len + 5 < n; s++) {
		if (*s == '\'') { memcpy(out + len, "'\\''", 4); len += 4; }
		else out[len++] = *s;
	}
	if (len + 1 < n) out[len++] = '\'';
	out[len < n ? len : n - 1] = 0;
}

/* The command to run from now on, with the options it still needs: the key
 * when it is not where the program looks by itself, the display's address
 * when pairing was told it (the display is not found on the LAN). */
static void next_command(const struct pair_opts *o, char *out, size_t n)
{
	char def[4096], word[4300];
	const char *dflt = o->kiosk ? pair_default_kiosk_keyfile(def, sizeof def)
	                 : o->follower ? pair_default_follower_keyfile(def, sizeof def)
	                              : pair_default_keyfile(def, sizeof def);
	size_t len = (size_t)snprintf(out, n, "%s", o->kiosk ? "goiso-kiosk" : o->follower ? "goiso-display --follow"
	                                                                                   : "goiso-caller");
	if (strcmp(o->key, dflt) && len < n) {
		shell_word(word, sizeof word, o->key);
		len += (size_t)snprintf(out + len, n - len, " --key %s", word);
	}
	if (o->connect && len < n) {
		shell_word(word, sizeof word, o->connect);
		len += (size_t)snprintf(out + len, n - len, " --connect %s", word);
	}
	if (!o->kiosk && !o->follower && len < n) snprintf(out + len, n - len, " next");
}

static int store(const struct pair_opts *o, const char *cred, const unsigned char key[32],
                 const struct proto_msg *ok)
{
	char err[512], path[4200], dir[4200];
	char *slash;
	FILE *f;
	snprintf(dir, sizeof dir, "%s", o->key);
	if ((slash = strrchr(dir, '/')) && slash != dir) {
		*slash = 0;
		for (char *p = dir + 1; *p; p++)
			if (*p == '/') { *p = 0; mkdir(dir, 0700); *p = '/'; }
		mkdir(dir, 0700);
	}
	if (auth_write_keyfile(o->key, cred, key, err, sizeof err) != 0) {
		fprintf(stderr, "goiso-caller: không lưu được khóa: %s\n", err);
		return 2;
	}
	/* the profile beside the key is as private as the key (0600), also
	 * when an older pairing left it readable by all */
	snprintf(path, sizeof path, "%s.site", o->key);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0 && (fchmod(fd, 0600) != 0 || !(f = fdopen(fd, "w")))) {
		close(fd);
		fd = -1;
	}
	if (fd >= 0) {
		fprintf(f, "counter=%d\nsite=%s\naddr=%s\n", o->counter,
		        proto_get(ok, "site_id") ? proto_get(ok, "site_id") : "", o->addr ? o->addr : "");
		fclose(f);
	}
	printf("Đã ghép nối %s %d với màn hình \"%s\".\n",
	       o->kiosk ? "máy lấy số" : o->follower ? "màn hình phụ" : "quầy", o->counter,
	       proto_get(ok, "center") ? proto_get(ok, "center") : "");
	char run[9000];
	next_command(o, run, sizeof run);
	printf("Khóa %s đã lưu tại %s. Từ giờ chỉ cần chạy: %s\n",
	       o->kiosk ? "của máy lấy số" : o->follower ? "xem bảng" : "của quầy", o->key, run);
	return 0;
}

/* The second step: prove the code, receive and check the credential. */
static int prove(int fd, const struct pair_opts *o, const char *code, const char *nonce,
                 const char *salt_hex)
{
	unsigned char salt[PAIRCODE_SALT_BYTES], k[PAIRCODE_KEY_BYTES], key[AUTH_KEY_BYTES];
	unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
	unsigned char sealed[crypto_box_SEALBYTES + AUTH_KEY_BYTES];
	char pk_hex[2 * sizeof pk + 1], cnonce[65], mac[PAIRCODE_MAC_HEX + 1], want[PAIRCODE_MAC_HEX + 1];
	struct proto_buf pb;
	struct proto_msg m;
	const char *cred, *sealed_hex, *proof;
	int rc = 1;
	if (sodium_hex2bin(salt, sizeof salt, salt_hex, strlen(salt_hex), NULL, NULL, NULL) != 0 ||
	    paircode_derive(code, salt, k) != 0) {
		fprintf(stderr, "goiso-caller: màn hình gửi dữ liệu ghép nối không hợp lệ\n");
		return 3;
	}
	crypto_box_keypair(pk, sk);
	sodium_bin2hex(pk_hex, sizeof pk_hex, pk, sizeof pk);
	auth_random_hex(cnonce, 32);
	paircode_mac(k, nonce, cnonce, o->counter, pk_hex, mac);
	proto_begin(&pb, "p2", "PAIR");
	proto_add_int(&pb, "counter", o->counter);
	proto_add(&pb, "pk", pk_hex);
	proto_add(&pb, "cnonce", cnonce);
	proto_add(&pb, "mac", mac);
	if (send_line(fd, proto_end(&pb)) || read_msg(fd, &m)) {
		fprintf(stderr, "goiso-caller: mất kết nối với màn hình khi ghép nối\n");
		rc = 3;
		goto out;
	}
	if (strcmp(m.word, "OK")) { rc = refused(&m); goto out; }
	cred = proto_get(&m, "cred");
	sealed_hex = proto_get(&m, "sealed");
	proof = proto_get(&m, "proof");
	if (!cred || !sealed_hex || !proof || !auth_valid_id(cred)) goto fake;
	paircode_proof(k, nonce, cnonce, cred, sealed_hex, want);
	if (!auth_mac_equal(want, proof)) goto fake;
	if (sodium_hex2bin(sealed, sizeof sealed, sealed_hex, strlen(sealed_hex), NULL, NULL, NULL) ||
	    crypto_box_seal_open(key, sealed, sizeof sealed, pk, sk) != 0)
		goto fake;
	rc = store(o, cred, key, &m);
	goto out;
fake:
	fprintf(stderr, "goiso-caller: máy trả lời không chứng minh được là màn hình đã cấp mã; "
	                "không lưu gì cả\n");
	rc = 1;
out:
	sodium_memzero(k, sizeof k);
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(key, sizeof key);
	return rc;
}

static int exchange(const char *hostport, const struct pair_opts *o, const char *code)
{
	char err[512], nonce[AUTH_NONCE_HEX + 1];
	struct proto_msg m;
	int fd = dial(hostport, err, sizeof err), rc;
	if (fd < 0) {
		fprintf(stderr, "goiso-caller: %s\n", err);
		return 3;
	}
	int got = read_msg(fd, &m);
	if (got == 0 && !strcmp(m.word, "ERR")) {   /* "- ERR busy ..." at the door */
		const char *sp = strchr(m.rest, ' ');
		fprintf(stderr, "goiso-caller: màn hình %s đang bận (quá nhiều kết nối), hãy thử lại sau: %s\n",
		        hostport, sp ? sp + 1 : m.rest);
		close(fd);
		return 3;
	}
	if (got || strcmp(m.id, "GOISO") || !proto_get(&m, "nonce") ||
	    strlen(proto_get(&m, "nonce")) > AUTH_NONCE_HEX) {
		fprintf(stderr, "goiso-caller: %s không phải màn hình goiso\n", hostport);
		close(fd);
		return 3;
	}
	snprintf(nonce, sizeof nonce, "%s", proto_get(&m, "nonce"));
	if (send_line(fd, "p1 PAIR\n") || read_msg(fd, &m)) {
		fprintf(stderr, "goiso-caller: mất kết nối với màn hình khi ghép nối\n");
		rc = 3;
	} else if (strcmp(m.word, "OK") || !proto_get(&m, "salt")) {
		rc = refused(&m);
	} else {
		/* a kiosk told no number takes the one the code was made for */
		struct pair_opts mine = *o;
		mine.addr = hostport;
		bool numbered = o->kiosk || o->follower;
		if (numbered && !o->counter && proto_get(&m, "counter")) mine.counter = atoi(proto_get(&m, "counter"));
		if (numbered && !mine.counter) mine.counter = 1;
		rc = prove(fd, &mine, code, nonce, proto_get(&m, "salt"));
	}
	close(fd);
	return rc;
}

static int usage(void)
{
	fprintf(stderr, "usage: goiso-caller pair MÃ --counter N | --kiosk [N] [--key FILE] [--site TÊN] "
	                "[--connect HOST:PORT]\n"
	                "       goiso-kiosk pair MÃ [--kiosk N] [--key FILE] [--site TÊN] [--connect HOST:PORT]\n"
	                "  MÃ: mã ghép nối do 'goiso-display pair' in ra (ví dụ 7KQM-4XRT)\n");
	return 2;
}

int pair_main(int argc, char **argv)
{
	struct pair_opts o = { 0 };
	char code[PAIRCODE_TEXT], keybuf[4096], hostport[128];
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		/* --counter N; --follower [N], --kiosk [N]: a follower board's
		 * viewer key, a kiosk's. After those two a short run of digits is
		 * their number (in range, else refused); a code typed without its
		 * dash may be all digits, but is 8 long */
		bool digits = v && *v && strlen(v) <= 4 && strspn(v, "0123456789") == strlen(v);
		if (!strcmp(argv[i], "--counter") || ((!strcmp(argv[i], "--follower") || !strcmp(argv[i], "--kiosk")) && digits)) {
			if (args_number(v, 1, CONFIG_COUNTER_LAST, &o.counter)) return usage();
			o.follower |= !strcmp(argv[i], "--follower");
			o.kiosk |= !strcmp(argv[i], "--kiosk");
			i++;
		}
		else if (!strcmp(argv[i], "--follower")) o.follower = true;
		else if (!strcmp(argv[i], "--kiosk")) o.kiosk = true;
		else if (!strcmp(argv[i], "--key") && v) o.key = argv[++i];
		else if (!strcmp(argv[i], "--site") && v) o.site = argv[++i];
		else if (!strcmp(argv[i], "--connect") && v) o.connect = argv[++i];
		else if (argv[i][0] != '-' && !o.code) o.code = argv[i];
		else return usage();
	}
	if (!o.code || (!o.kiosk && !o.follower && (o.counter < 1 || o.counter > CONFIG_COUNTER_LAST)) ||
	    o.counter < 0 || o.counter > CONFIG_COUNTER_LAST)
		return usage();
	if (paircode_normalize(o.code, code) != 0) {
		fprintf(stderr, "goiso-caller: '%s' không phải mã ghép nối (8 ký tự, ví dụ 7KQM-4XRT)\n",
		        o.code);
		return 2;
	}
	if (sodium_init() < 0) return 3;
	if (!o.key) o.key = o.kiosk ? pair_default_kiosk_keyfile(keybuf, sizeof keybuf)
	                  : o.follower ? pair_default_follower_keyfile(keybuf, sizeof keybuf)
	                               : pair_default_keyfile(keybuf, sizeof keybuf);
	/* as root (sudo), a key put in a directory of the user its program
	 * runs as (--key /var/lib/goiso/follower.key for the follower's unit)
	 * is written as that user, or that program could not read it */
	char dir[4200], why[300];
	snprintf(dir, sizeof dir, "%s", o.key);
	char *slash = strrchr(dir, '/');
	if (!slash) snprintf(dir, sizeof dir, ".");
	else if (slash == dir) dir[1] = 0;   /* a key in / */
	else *slash = 0;
	if (file_act_as_owner(dir, why, sizeof why)) {
		fprintf(stderr, "goiso-caller: %s\n", why);
		return 3;
	}
	if (o.connect) return exchange(o.connect, &o, code);
	struct discover *d = discover_new();
	if (d) discover_hear_all(d);   /* the code is for one display: never the first that answers */
	/* a code lives minutes: looking longer than two would outlive it */
	int rc = d ? discover_wait(d, o.site, PAIR_LOOK_MS, hostport, sizeof hostport) : -1;
	discover_free(d);
	if (rc == DISCOVER_NONE)
		fprintf(stderr, "goiso-caller: không ghép nối được: %s\n",
		        o.site ? "không có màn hình nào khớp --site trên mạng nội bộ"
		               : "không tìm thấy màn hình gọi số nào trong 2 phút");
	if (rc != DISCOVER_FOUND) return 2;
	return exchange(hostport, &o, code);
}

static const char *default_keyfile(const char *base, char *buf, size_t n)
{
	const char *env = getenv("GOISO_KEY"), *home = getenv("HOME");
	if (env && *env) return env;
	if (geteuid() == 0) snprintf(buf, n, "/etc/goiso/%s", base);
	else snprintf(buf, n, "%s/.config/goiso/%s", home ? home : ".", base);
	return buf;
}

const char *pair_default_keyfile(char *buf, size_t n)
{
	return default_keyfile("counter.key", buf, n);
}

const char *pair_default_kiosk_keyfile(char *buf, size_t n)
{
	return default_keyfile("kiosk.key", buf, n);
}

const char *pair_default_follower_keyfile(char *buf, size_t n)
{
	return default_keyfile("follower.key", buf, n);
}

void pair_read_address(const char *keyfile, char *addr, size_t n)
{
	char path[4200], line[512];
	FILE *f;
	snprintf(path, sizeof path, "%s.site", keyfile);
	addr[0] = 0;
	if (!(f = fopen(path, "r"))) return;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (!strncmp(line, "addr=", 5)) snprintf(addr, n, "%s", line + 5);
	}
	fclose(f);
}

void pair_save_address(const char *keyfile, const char *hostport)
{
	char path[4200], tmp[4300], line[512], was[128];
	pair_read_address(keyfile, was, sizeof was);
	if (!hostport || !*hostport || !strcmp(was, hostport)) return;
	snprintf(path, sizeof path, "%s.site", keyfile);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *in = fopen(path, "r");
	if (!in) return;   /* not a paired key: nothing to keep it in */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!out) {
		if (fd >= 0) close(fd);
		fclose(in);
		return;
	}
	while (fgets(line, sizeof line, in))
		if (strncmp(line, "addr=", 5)) fputs(line, out);
	fclose(in);
	fprintf(out, "addr=%s\n", hostport);
	if (fclose(out) != 0 || rename(tmp, path) != 0) unlink(tmp);
}

void pair_remember(struct discover *d, const char *keyfile)
{
	char addr[128];
	pair_read_address(keyfile, addr, sizeof addr);
	discover_remember(d, addr);
}

int pair_find(void *ud, char *hostport, size_t n, char *why, size_t whylen)
{
	struct pair_finder *f = ud;
	discover_run(f->d, 1);
	switch (discover_find(f->d, f->site, 0, hostport, n)) {
	case DISCOVER_FOUND: return 1;
	case DISCOVER_MANY:
		snprintf(why, whylen, "có nhiều máy hiển thị trên mạng: chọn một bằng --site TÊN");
		return 0;
	default:
		snprintf(why, whylen, "trên mạng nội bộ (%s)", discover_status(f->d));
		return 0;
	}
}

void pair_distrust(void *ud, const char *hostport)
{
	struct pair_finder *f = ud;
	discover_distrust(f->d, hostport);
}

void pair_trust(void *ud, const char *hostport)
{
	struct pair_finder *f = ud;
	pair_save_address(f->key, hostport);
}

int pair_read_profile(const char *keyfile, int *counter, char *site, size_t n)
{
	char path[4200], line[512];
	FILE *f;
	snprintf(path, sizeof path, "%s.site", keyfile);
	*counter = 0;
	site[0] = 0;
	if (!(f = fopen(path, "r"))) return -1;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (!strncmp(line, "counter=", 8)) *counter = atoi(line + 8);
		else if (!strncmp(line, "site=", 5)) snprintf(site, n, "%s", line + 5);
	}
	fclose(f);
	return 0;
}
