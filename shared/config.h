/*
 * config: the center's configuration, parsed from an INI-like text (pure C).
 *
 *   # comment
 *   [center]
 *   name = TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG GIA VIÊN
 *   utc_offset = +7            # hours, local time of the service day
 *   day_start = 4              # hour at which numbers restart
 *   priority_streak = 3        # at most this many priority calls in a row
 *   priority_groups = elderly:Người cao tuổi, disabled:Người khuyết tật
 *
 *   [service A]                # code: 1-3 letters or digits
 *   name = Tư pháp - Hộ tịch
 *   hours = 07:00-17:00        # ISSUE outside these hours: service closed
 *   numbers = 1-999            # range; with prefix the label is "A023"
 *   prefix = A                 # "" for plain numbers ("1023")
 *   digits = 3                 # zero padding of the number in the label
 *
 *   [counter 5]
 *   name = Quầy 5
 *   services = A, B            # in order of preference
 *
 * Sections other than center/service/counter (display, voice, mdns...) are
 * kept as key/value entries for their module to read with config_get();
 * each module checks its keys with config_check_keys().
 *
 * Errors name the file and line: "center.conf:12: unknown key 'nme'".
 */
#ifndef GOISO_CONFIG_H
#define GOISO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_MAX_SERVICES 32
#define CONFIG_MAX_COUNTERS 256
#define CONFIG_MAX_GROUPS 12
#define CONFIG_MAX_COUNTER_SERVICES 8
#define CONFIG_NAME_MAX 128
/* Counters are numbered 1 to CONFIG_COUNTER_LAST: the configuration, the
 * protocol, the keys file and every program's --counter keep to it. */
#define CONFIG_COUNTER_LAST 999
#define CONFIG_STR_(x) #x
#define CONFIG_STR(x) CONFIG_STR_(x)   /* CONFIG_STR(CONFIG_COUNTER_LAST): "999" */

struct config_service {
	char code[4];
	char name[CONFIG_NAME_MAX];
	int open_min, close_min;       /* minutes after local midnight */
	int first, last;               /* number range */
	char prefix[4];
	int digits;
};

struct config_counter {
	int no;                        /* 1..999 */
	char name[CONFIG_NAME_MAX];
	int services[CONFIG_MAX_COUNTER_SERVICES]; /* service indexes */
	int nservices;
};

struct config_group {
	char code[24];
	char name[CONFIG_NAME_MAX];
};

struct config_entry {
	char section[32];
	char key[32];
	char *value;
	int line;
};

struct config {
	char name[CONFIG_NAME_MAX * 2];
	int utc_offset_min;
	int day_start_hour;
	int priority_streak;
	struct config_service services[CONFIG_MAX_SERVICES];
	int nservices;
	struct config_counter counters[CONFIG_MAX_COUNTERS];
	int ncounters;
	struct config_group groups[CONFIG_MAX_GROUPS];
	int ngroups;
	struct config_entry *extra;    /* other sections' keys */
	int nextra;
	char file[256];                /* for messages */
};

/* The sample center goiso runs on when no file is given. */
extern const char config_default_text[];

/* Parses text into a new config. On error returns NULL and writes
 * "file:line: message" into err. file names the source in messages. */
struct config *config_parse(const char *text, const char *file, char *err, size_t errlen);
/* (Reading a file and parsing it: file_load_config() in file.h.) */
void config_free(struct config *cfg);

int config_service_index(const struct config *cfg, const char *code); /* -1 */
int config_counter_index(const struct config *cfg, int no);          /* -1 */
int config_group_index(const struct config *cfg, const char *code);  /* -1 */
bool config_counter_serves(const struct config *cfg, int counter_idx, int service);

/* Extra sections: the value of section.key, or def. */
const char *config_get(const struct config *cfg, const char *section,
                       const char *key, const char *def);
long config_get_int(const struct config *cfg, const char *section,
                    const char *key, long def);
/* The line of section.key in the file (its last occurrence), or 0. */
int config_line(const struct config *cfg, const char *section, const char *key);
/* Checks that every extra section is one of sections (NULL-terminated).
 * Returns 0, or -1 with "file:line: unknown section [x]" in err. */
int config_check_sections(const struct config *cfg, const char *const *sections,
                          char *err, size_t errlen);
/* Checks that every key of section is one of keys (NULL-terminated).
 * Returns 0, or -1 with "file:line: unknown key 'x' in [section]" in err. */
int config_check_keys(const struct config *cfg, const char *section,
                      const char *const *keys, char *err, size_t errlen);

#endif
