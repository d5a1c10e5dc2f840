/*
 * pairing: the offer file, the PAIR verb and the pair/revoke/keys
 * commands (contract in pairing.h).
 *
 * The offer lives in a file, not in the daemon's memory, so that
 * `goiso-display pair` works from a shell while the daemon runs (or before
 * it starts) without any admin channel; the daemon reads it at each PAIR
 * and rewrites it to count failures. The file never holds the code, only
 * Argon2id(code, salt): reading it is as costly to exploit as a recorded
 * exchange.
 */
#include "pairing.h"

#include "args.h"
#include "auth.h"
#include "clock.h"
#include "config.h"
#include "file.h"
#include "keyring.h"
#include "paircode.h"
#include "proto.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PK_HEX (2 * crypto_box_PUBLICKEYBYTES)
#define OFFER_ADDRS 16

struct offer {
	unsigned char salt[PAIRCODE_SALT_BYTES];
	unsigned char key[PAIRCODE_KEY_BYTES];
	int64_t expires_ms;            /* wall clock */
	int counter;                   /* 0: any counter; the kiosk's number for a kiosk */
	int fails;                     /* wrong proofs, all addresses */
	bool kiosk;                    /* the credential is a kiosk's (pair --kiosk) */
	bool viewer;                   /* a follower board's viewer key (pair --follower) */
	int naddr;                     /* wrong proofs by source address */
	struct { char addr[64]; int fails; } bad[OFFER_ADDRS];
};

struct pairing {
	char path[4200];
	struct keyring *keys;
	const struct config *cfg;
	char instance[64];
	bool unreadable_said;          /* the offer file could not be read: said once */
};

/* ---- the offer file ---- */

static int offer_write(const char *path, const struct offer *o)
{
	char tmp[4300], salt[2 * PAIRCODE_SALT_BYTES + 1], key[2 * PAIRCODE_KEY_BYTES + 1];
	char line[256 + OFFER_ADDRS * 80];
	int n, fd, ok;
	sodium_bin2hex(salt, sizeof salt, o->salt, sizeof o->salt);
	sodium_bin2hex(key, sizeof key, o->key, sizeof o->key);
	n = snprintf(line, sizeof line, "salt=%s key=%s expires=%" PRId64 " counter=%d fails=%d%s\n",
	             salt, key, o->expires_ms, o->counter, o->fails, o->kiosk ? " role=kiosk" : o->viewer ? " role=viewer" : "");
	for (int i = 0; i < o->naddr; i++)   /* one line per address: "bad=<addr> <fails>" */
		n += snprintf(line + n, sizeof line - (size_t)n, "bad=%s %d\n", o->bad[i].addr, o->bad[i].fails);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ok = fd >= 0 && write(fd, line, (size_t)n) == n && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0) ok = 0;
	sodium_memzero(line, sizeof line);
	sodium_memzero(key, sizeof key);
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int offer_read(const char *path, struct offer *o)
{
	char salt[64], key[80], line[256] = "";
	FILE *f = fopen(path, "r");
	int ok;
	if (!f) return -1;
	memset(o, 0, sizeof *o);
	if (!fgets(line, sizeof line, f)) line[0] = 0;
	char more[128];
	while (o->naddr < OFFER_ADDRS && fgets(more, sizeof more, f))
		if (sscanf(more, "bad=%63s %d", o->bad[o->naddr].addr, &o->bad[o->naddr].fails) == 2) o->naddr++;
	fclose(f);
	ok = sscanf(line, "salt=%63s key=%79s expires=%" SCNd64 " counter=%d fails=%d",
	            salt, key, &o->expires_ms, &o->counter, &o->fails) == 5 &&
	     sodium_hex2bin(o->salt, sizeof o->salt, salt, strlen(salt), NULL, NULL, NULL) == 0 &&
	     sodium_hex2bin(o->key, sizeof o->key, key, strlen(key), NULL, NULL, NULL) == 0;
	o->kiosk = strstr(line, " role=kiosk") != NULL;
	o->viewer = strstr(line, " role=viewer") != NULL;
	sodium_memzero(line, sizeof line);
	sodium_memzero(key, sizeof key);
	return ok ? 0 : -1;
}

/* ---- the daemon side ---- */

struct pairing *pairing_new(const char *datadir, struct keyring *keys,
                            const struct config *cfg, const char *instance)
{
	struct pairing *p = calloc(1, sizeof *p);
	if (!p) return NULL;
	snprintf(p->path, sizeof p->path, "%s/pairing", datadir);
	snprintf(p->instance, sizeof p->instance, "%s", instance ? instance : "");
	p->keys = keys;
	p->cfg = cfg;
	return p;
}

void pairing_free(struct pairing *p)
{
	free(p);
}

static bool is_hex(const char *s, size_t min, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n < min || n > max) return false;
	return strspn(s, "0123456789abcdefABCDEF") == n;
}

/* The first step: the salt, so the counter can stretch the code. */
static void say_salt(const struct offer *o, const char *id, int64_t wall_ms, struct proto_buf *out)
{
	char salt[2 * PAIRCODE_SALT_BYTES + 1];
	sodium_bin2hex(salt, sizeof salt, o->salt, sizeof o->salt);
	proto_begin(out, id, "OK");
	proto_add(out, "salt", salt);
	proto_add_int(out, "ttl", (o->expires_ms - wall_ms) / 1000);
	if (o->counter) proto_add_int(out, "counter", o->counter);
	proto_end(out);
}

/* The failures counted for addr (a slot made for it when there is room;
 * the last slot is shared by the addresses beyond OFFER_ADDRS). */
static int *addr_fails(struct offer *o, const char *addr)
{
	for (int i = 0; i < o->naddr; i++)
		if (!strcmp(o->bad[i].addr, addr)) return &o->bad[i].fails;
	if (o->naddr == OFFER_ADDRS) return &o->bad[OFFER_ADDRS - 1].fails;
	snprintf(o->bad[o->naddr].addr, sizeof o->bad[0].addr, "%s", addr);
	o->bad[o->naddr].fails = 0;
	return &o->bad[o->naddr++].fails;
}

static void locked_out(const char *id, struct proto_buf *out)
{
	proto_err_line(out, id, "code_locked",
	               "Máy này đã nhập sai mã quá nhiều lần và không được thử nữa. "
	               "Báo cán bộ CNTT: tạo mã mới bằng 'goiso-display pair' trên máy màn hình");
}

static void wrong_code(struct pairing *p, struct offer *o, const char *addr, const char *id,
                       struct proto_buf *out)
{
	char msg[200];
	int *mine = addr_fails(o, addr);
	o->fails++;
	(*mine)++;
	if (o->fails >= PAIRING_MAX_FAILS_TOTAL || offer_write(p->path, o) != 0) {
		unlink(p->path);
		fprintf(stderr, "pairing: code destroyed after %d wrong attempts from %d addresses; "
		        "make a new one with 'goiso-display pair'\n", o->fails, o->naddr);
		proto_err_line(out, id, "code_locked",
		               "Nhập sai mã quá nhiều lần, mã đã bị hủy. "
		               "Tạo mã mới bằng 'goiso-display pair' trên máy màn hình");
		return;
	}
	if (*mine >= PAIRING_MAX_FAILS) {
		fprintf(stderr, "pairing: %d wrong codes from %s: that address may not try this code again "
		        "(it stays valid for the others; 'goiso-display keys' lists the attempts)\n", *mine, addr);
		locked_out(id, out);
		return;
	}
	snprintf(msg, sizeof msg, "Mã ghép nối không đúng (còn %d lần thử)", PAIRING_MAX_FAILS - *mine);
	proto_err_line(out, id, "bad_code", msg);
}

/* A good proof: a new credential for the counter, sealed to its key. */
static void grant(struct pairing *p, const struct offer *o, const struct proto_msg *m,
                  const char *nonce, int counter, struct proto_buf *out)
{
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	unsigned char sealed[crypto_box_SEALBYTES + AUTH_KEY_BYTES];
	char sealed_hex[2 * sizeof sealed + 1], proof[PAIRCODE_MAC_HEX + 1], err[200];
	struct keyring_entry e;
	const char *pk_hex = proto_get(m, "pk");
	sodium_hex2bin(pk, sizeof pk, pk_hex, strlen(pk_hex), NULL, NULL, NULL);
	const char *role = o->kiosk ? "kiosk" : o->viewer ? "viewer" : "counter";
	/* One code, one use: gone before anything else can go wrong. */
	unlink(p->path);
	if (keyring_remove_role(p->keys, role, counter, err, sizeof err) < 0 ||
	    keyring_add(p->keys, role, counter, &e, err, sizeof err) < 0) {
		fprintf(stderr, "pairing: keyring: %s\n", err);
		proto_err_line(out, m->id, "internal", "Không ghi được khóa trên máy màn hình");
		return;
	}
	crypto_box_seal(sealed, e.key, sizeof e.key, pk);
	sodium_memzero(&e.key, sizeof e.key);
	sodium_bin2hex(sealed_hex, sizeof sealed_hex, sealed, sizeof sealed);
	paircode_proof(o->key, nonce, proto_get(m, "cnonce"), e.id, sealed_hex, proof);
	proto_begin(out, m->id, "OK");
	proto_add_int(out, "counter", counter);
	proto_add(out, "role", role);
	proto_add(out, "cred", e.id);
	proto_add(out, "sealed", sealed_hex);
	proto_add(out, "proof", proof);
	proto_add(out, "site_id", p->instance);
	proto_add(out, "center", p->cfg->name);
	proto_end(out);
	fprintf(stderr, "pairing: %s %d paired (credential %s)\n", role, counter, e.id);
}

bool pairing_handle(struct pairing *p, const char *nonce, const char *addr,
                    const struct proto_msg *m, int64_t wall_ms, struct proto_buf *out)
{
	struct offer o;
	char want[PAIRCODE_MAC_HEX + 1];
	const char *mac = proto_get(m, "mac"), *cnonce = proto_get(m, "cnonce");
	int counter = 0;   /* absent, or not a whole number in range: refused below */
	if (proto_get_int(m, "counter", 1, CONFIG_COUNTER_LAST, &counter) < 0) counter = -1;
	if (offer_read(p->path, &o) != 0) {
		/* there is a code, but not one this display may read (made by
		 * another user): the counter hears "no code", IT staff the cause */
		if (access(p->path, F_OK) == 0 && access(p->path, R_OK) != 0 && !p->unreadable_said) {
			fprintf(stderr, "pairing: cannot read %s (%s): make codes as the display's user "
			        "(sudo -u goiso goiso-display pair ...)\n", p->path, strerror(errno));
			p->unreadable_said = true;
		}
		proto_err_line(out, m->id, "no_code",
		               "Chưa có mã ghép nối: chạy 'goiso-display pair' trên máy màn hình");
		return mac != NULL;
	}
	if (wall_ms >= o.expires_ms) {
		unlink(p->path);
		proto_err_line(out, m->id, "code_expired",
		               "Mã ghép nối đã hết hạn: tạo mã mới bằng 'goiso-display pair'");
		return mac != NULL;
	}
	if (!mac) {
		say_salt(&o, m->id, wall_ms, out);
		sodium_memzero(&o, sizeof o);
		return false;
	}
	if (!is_hex(mac, PAIRCODE_MAC_HEX, PAIRCODE_MAC_HEX) || !is_hex(cnonce, 16, 128) ||
	    !is_hex(proto_get(m, "pk"), PK_HEX, PK_HEX) || counter < 1 || counter > CONFIG_COUNTER_LAST) {
		proto_err_line(out, m->id, "bad_arg", "PAIR cần counter, pk, cnonce và mac hợp lệ");
	} else if (!o.kiosk && !o.viewer && config_counter_index(p->cfg, counter) < 0) {
		proto_err_line(out, m->id, "bad_counter", "Quầy này không có trong cấu hình của trung tâm");
	} else if (*addr_fails(&o, addr) >= PAIRING_MAX_FAILS) {
		locked_out(m->id, out);   /* not even tried: this address spent its attempts */
	} else {
		/* the code first: "made for another counter" only for the right
		 * code (an old code typed again is a wrong code, not a counter to
		 * check), and a guess is counted whatever counter it names */
		paircode_mac(o.key, nonce, cnonce, counter, proto_get(m, "pk"), want);
		if (!auth_mac_equal(want, mac))
			wrong_code(p, &o, addr, m->id, out);
		else if (o.counter && o.counter != counter)
			proto_err_line(out, m->id, "wrong_counter", o.kiosk ? "Mã này được tạo cho một máy lấy số khác"
			                                            : o.viewer ? "Mã này được tạo cho một màn hình phụ khác"
			                                                       : "Mã này được tạo cho một quầy khác");
		else
			grant(p, &o, m, nonce, counter, out);
	}
	sodium_memzero(&o, sizeof o);
	return true;
}

/* ---- goiso-display pair | revoke | keys ---- */

bool pairing_is_command(const char *word)
{
	return word && (!strcmp(word, "pair") || !strcmp(word, "revoke") || !strcmp(word, "keys"));
}

/* "HH:MM" of wall_ms at the center, utc_offset_min from UTC: the time the
 * board shows, whatever the time zone of the PC the command runs on. */
static void center_hhmm(int64_t wall_ms, int utc_offset_min, char out[8])
{
	int64_t m = (wall_ms / 60000 + utc_offset_min) % 1440;
	if (m < 0) m += 1440;
	snprintf(out, 8, "%02d:%02d", (int)(m / 60), (int)(m % 60));
}

static int cmd_pair(const char *data, int counter, int minutes, bool kiosk, bool viewer, int utc_offset_min)
{
	struct offer o = { .counter = counter, .kiosk = kiosk, .viewer = viewer };
	char code[PAIRCODE_TEXT], path[4200], until[8];
	paircode_new(code);
	randombytes_buf(o.salt, sizeof o.salt);
	if (paircode_derive(code, o.salt, o.key) != 0) {
		fprintf(stderr, "goiso-display: not enough memory to make a pairing code\n");
		return 1;
	}
	o.expires_ms = clock_wall_ms() + (int64_t)minutes * 60000;
	snprintf(path, sizeof path, "%s/pairing", data);
	/* a code in a directory no display reads would be a code for no one */
	char err[512];
	struct keyring *k = keyring_open(data, false, err, sizeof err);
	bool displays = k != NULL;
	keyring_free(k);
	if (!displays) {
		fprintf(stderr, "goiso-display: %s\n  (is %s the display's data directory? the packaged display's is "
		        "/var/lib/goiso: sudo -u goiso goiso-display pair --data /var/lib/goiso ...)\n", err, data);
		return 1;
	}
	if (offer_write(path, &o) != 0) {
		fprintf(stderr, "goiso-display: %s: %s\n", path, strerror(errno));
		return 1;
	}
	center_hhmm(o.expires_ms, utc_offset_min, until);
	sodium_memzero(&o, sizeof o);
	printf("Mã ghép nối: %s\n", code);
	printf("(dùng một lần, hết hạn sau %d phút, lúc %s)\n\n", minutes, until);
	if (kiosk) {
		printf("Trên máy lấy số, chạy:\n    goiso-kiosk pair %s --kiosk %d\n", code, counter);
		return 0;
	}
	if (viewer) {
		printf("Trên máy của màn hình phụ, chạy:\n    goiso-display join %s --follower %d\n"
		       "rồi:\n    goiso-display --follow\n", code, counter);
		return 0;
	}
	printf("Trên máy tính của quầy, chạy:\n");
	if (counter) printf("    goiso-caller pair %s --counter %d\n", code, counter);
	else printf("    goiso-caller pair %s --counter SỐ_QUẦY\n", code);
	return 0;
}

/* What revoke takes away: a counter's, a kiosk's or a follower board's
 * keys by number, or one key by the id 'keys' lists. */
struct revoke {
	const struct revoked *of;   /* the kind, by number */
	int counter;
	const char *id;             /* or this one key */
};

/* Each kind revoke takes by number, and how IT staff are told. */
static const struct revoked {
	const char *option, *role, *name, *Name, *loses;
} revoked[] = {
	{ NULL, "counter", "quầy", "Quầy", "quầy này không gọi số được nữa" },
	{ "--kiosk", "kiosk", "máy lấy số", "Máy lấy số", "máy này không lấy số được nữa" },
	{ "--follower", "viewer", "màn hình phụ", "Màn hình phụ", "màn hình này không nhận bảng được nữa" },
};

static int cmd_revoke(const char *data, const struct revoke *r)
{
	char err[512];
	if (r->id && !strcmp(r->id, "site")) {
		fprintf(stderr, "goiso-display: khóa 'site' là của chính máy màn hình (các lệnh trên máy này dùng nó): "
		        "không thu hồi được\n");
		return 1;
	}
	struct keyring *k = keyring_open(data, false, err, sizeof err);
	int n;
	if (!k) {
		fprintf(stderr, "goiso-display: %s\n", err);
		return 1;
	}
	n = r->id ? keyring_remove_id(k, r->id, err, sizeof err)
	          : keyring_remove_role(k, r->of->role, r->counter, err, sizeof err);
	keyring_free(k);
	if (n < 0) {
		fprintf(stderr, "goiso-display: %s\n", err);
		return 1;
	}
	if (r->id) {
		if (n == 0) {
			fprintf(stderr, "goiso-display: không có khóa %s ('goiso-display keys' liệt kê các khóa)\n", r->id);
			return 1;
		}
		printf("Đã thu hồi khóa %s: nó không kết nối được nữa.\n", r->id);
		return 0;
	}
	if (n == 0) printf("%s %d không có khóa nào để thu hồi.\n", r->of->Name, r->counter);
	else printf("Đã thu hồi %d khóa của %s %d: %s cho đến khi ghép nối lại.\n", n, r->of->name, r->counter,
	            r->of->loses);
	return 0;
}

/* The pending pairing code, if any, and the wrong attempts made on it:
 * where IT staff see that someone on the LAN is guessing. */
static void pending_code(const char *data, int utc_offset_min)
{
	char path[4200], until[8];
	struct offer o;
	snprintf(path, sizeof path, "%s/pairing", data);
	if (offer_read(path, &o) != 0) return;
	center_hhmm(o.expires_ms, utc_offset_min, until);
	printf("\nMã ghép nối đang chờ: hết hạn lúc %s%s; nhập sai %d lần\n", until,
	       o.expires_ms <= clock_wall_ms() ? " (đã hết hạn)" : "", o.fails);
	for (int i = 0; i < o.naddr; i++)
		printf("  từ %-40s %d lần%s\n", o.bad[i].addr, o.bad[i].fails,
		       o.bad[i].fails >= PAIRING_MAX_FAILS ? " (đã chặn địa chỉ này)" : "");
	sodium_memzero(&o, sizeof o);
}

static int cmd_keys(const char *data, int utc_offset_min)
{
	char err[512];
	struct keyring *k = keyring_open(data, false, err, sizeof err);
	if (!k) {
		fprintf(stderr, "goiso-display: %s\n", err);
		return 1;
	}
	for (int i = 0; i < keyring_count(k); i++) {
		const struct keyring_entry *e = keyring_at(k, i);
		const struct revoked *kind = NULL;
		for (size_t j = 0; e->counter && j < sizeof revoked / sizeof *revoked; j++)
			if (!strcmp(e->role, revoked[j].role)) kind = &revoked[j];
		if (kind) printf("%-20s %-8s %s %d\n", e->id, e->role, kind->name, e->counter);
		else printf("%-20s %s\n", e->id, e->role);
	}
	keyring_free(k);
	pending_code(data, utc_offset_min);
	return 0;
}

/* A viewer credential for a program on the display PC itself (the web
 * gateway): no code to carry, the key file is written here, mode 0600. */
static int cmd_pair_viewer(const char *data, const char *keyfile)
{
	char err[512], path[4200];
	struct keyring_entry ent;
	struct keyring *k = keyring_open(data, false, err, sizeof err);
	if (!keyfile) snprintf(path, sizeof path, "%s/viewer.key", data);
	else snprintf(path, sizeof path, "%s", keyfile);
	if (!k || keyring_add(k, "viewer", 0, &ent, err, sizeof err)) {
		fprintf(stderr, "goiso-display: %s\n", err);
		keyring_free(k);
		return 1;
	}
	if (auth_write_keyfile(path, ent.id, ent.key, err, sizeof err)) {
		/* no file, no key: a credential no one holds is not left in keys */
		char gone[200];
		keyring_remove_id(k, ent.id, gone, sizeof gone);
		sodium_memzero(&ent, sizeof ent);
		fprintf(stderr, "goiso-display: %s\n", err);
		keyring_free(k);
		return 1;
	}
	sodium_memzero(&ent, sizeof ent);
	keyring_free(k);
	printf("Đã tạo khóa xem (chỉ xem bảng, không gọi số được): %s\n", path);
	printf("Dùng cho cổng web:  goiso-web --key %s\n", path);
	return 0;
}

static int number(const char *s, int lo, int hi)
{
	int n;
	return args_number(s, lo, hi, &n) ? -1 : n;
}

/* revoke's one argument: N (a counter), --kiosk N or --follower N (taking
 * v as well), or a key's id as 'keys' lists it (lower case, digits, '-',
 * '_'). True when arg was one of them, with r filled. */
static bool revoke_arg(struct revoke *r, const char *arg, const char *v)
{
	for (size_t k = 1; k < sizeof revoked / sizeof *revoked; k++)
		if (!strcmp(arg, revoked[k].option)) {
			r->of = &revoked[k];
			return (r->counter = number(v, 1, 99)) > 0;
		}
	if ((r->counter = number(arg, 1, CONFIG_COUNTER_LAST)) > 0) return true;
	r->counter = 0;
	if (arg[0] == '-' || !auth_valid_id(arg)) return false;
	r->id = arg;
	return true;
}

/* The center's offset from UTC, from its configuration (the embedded
 * sample center's without one, as the display's own): 0, or -1 said. */
static int center_offset(const char *config, int *utc_offset_min)
{
	char err[512];
	struct config *cfg = file_load_config(config, err, sizeof err);
	if (!cfg) {
		fprintf(stderr, "goiso-display: config: %s\n", err);
		return -1;
	}
	*utc_offset_min = cfg->utc_offset_min;
	config_free(cfg);
	return 0;
}

int pairing_main(int argc, char **argv, const char *default_data)
{
	const char *data = default_data, *cmd = argv[0];
	const char *keyfile = NULL, *config = NULL;
	int counter = 0, minutes = PAIRING_TTL_MIN;
	struct revoke rv = { &revoked[0], 0, NULL };
	bool kiosk = false, viewer = false, follower = false;
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(argv[i], "--data") && v) data = argv[++i];
		else if (!strcmp(argv[i], "--config") && v) config = argv[++i];   /* also before the command */
		else if (!strcmp(cmd, "pair") && !strcmp(argv[i], "--viewer")) viewer = true;
		else if (!strcmp(cmd, "pair") && !strcmp(argv[i], "--key") && v) keyfile = argv[++i];
		else if (!strcmp(cmd, "pair") && !strcmp(argv[i], "--follower")) {
			follower = true;   /* --follower [N]: the follower board's number, 1 by default */
			if (number(v, 1, 99) > 0) counter = number(argv[++i], 1, 99);
		}
		else if (!strcmp(cmd, "pair") && !strcmp(argv[i], "--kiosk")) {
			kiosk = true;   /* --kiosk [N]: the kiosk's number, 1 by default */
			if (number(v, 1, 99) > 0) counter = number(argv[++i], 1, 99);
		}
		else if (!strcmp(argv[i], "--counter") && (counter = number(v, 1, CONFIG_COUNTER_LAST)) > 0) i++;
		else if (!strcmp(argv[i], "--minutes") && (minutes = number(v, 1, 60)) > 0) i++;
		else if (!strcmp(cmd, "revoke") && !rv.counter && !rv.id && revoke_arg(&rv, argv[i], v))
			i += rv.of->option != NULL;
		else {
			fprintf(stderr, "usage: goiso-display pair [--counter N | --kiosk [N] | --follower [N]] [--minutes M]\n"
			                "                          [--config FILE] [--data DIR]\n"
			                "       goiso-display pair --viewer [--key FILE] [--data DIR]\n"
			                "       goiso-display revoke N | --kiosk N | --follower N | ID [--data DIR]\n"
			                "       goiso-display keys [--config FILE] [--data DIR]\n"
			                "  --config FILE   the center's configuration: times are said in its utc_offset\n"
			                "                  (default: the embedded sample center's, +7)\n");
			return 2;
		}
	}
	if (sodium_init() < 0) return 1;
	char err[512];
	if (file_act_as_owner(data, err, sizeof err)) {
		fprintf(stderr, "goiso-display: %s\n", err);
		return 1;
	}
	if ((kiosk || follower) && !counter) counter = 1;
	if (!strcmp(cmd, "pair") && viewer) return cmd_pair_viewer(data, keyfile);
	int offset = 0;
	if (strcmp(cmd, "revoke") && center_offset(config, &offset)) return 2;
	if (!strcmp(cmd, "pair")) return cmd_pair(data, counter, minutes, kiosk, follower, offset);
	if (!strcmp(cmd, "keys")) return cmd_keys(data, offset);
	if (rv.counter <= 0 && !rv.id) {
		fprintf(stderr, "usage: goiso-display revoke N | --kiosk N | --follower N | ID [--data DIR]\n");
		return 2;
	}
	return cmd_revoke(data, &rv);
}
