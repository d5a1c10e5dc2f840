/*
 * libFuzzer target: the configuration parser (shared/config.c). Any text
 * is either a config whose tables are consistent, or an error that names
 * the file and a line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "";
	char *text = malloc(size + 1);
	if (!text) return 0;
	memcpy(text, data, size);
	text[size] = 0;
	struct config *cfg = config_parse(text, "fuzz.conf", err, sizeof err);
	free(text);
	if (!cfg) {
		if (strncmp(err, "fuzz.conf", 9)) abort();   /* every error names the file */
		return 0;
	}
	for (int i = 0; i < cfg->nservices; i++)
		if (config_service_index(cfg, cfg->services[i].code) != i) abort();
	for (int c = 0; c < cfg->ncounters; c++) {
		if (config_counter_index(cfg, cfg->counters[c].no) != c) abort();
		int serves = 0;
		for (int i = 0; i < cfg->nservices; i++) serves += config_counter_serves(cfg, c, i);
		if (cfg->nservices && !serves) abort();      /* a counter serves something */
	}
	config_free(cfg);
	return 0;
}
