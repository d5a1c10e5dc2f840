/*
 * zone: the part of the center one board shows (pure C).
 *
 * A hall or a floor shows only its own counters, from the [display]
 * section of the center's file, one of:
 *
 *   counters = 7-12          # numbers and ranges: 1-3, 7, 9-12
 *   services = A, B          # the counters serving one of these services
 *
 * The board lays its tiles out for that subset, lists the waiting of the
 * zone's services only, and its banner and voice take only the zone's
 * calls. Without either key the zone is the whole center.
 */
#ifndef GOISO_ZONE_H
#define GOISO_ZONE_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

struct zone {
	bool all;                               /* no zone set: everything */
	bool counter[CONFIG_MAX_COUNTERS];      /* by counter index (config order) */
	bool service[CONFIG_MAX_SERVICES];      /* waiting rows shown, by service index */
	int ncounters, nservices;
};

/* The whole center. */
void zone_all(struct zone *z, const struct config *cfg);
/* Reads [display] counters / services. Returns 0, or -1 with
 * "file:line: [display] ..." in err (a bad range, a counter or a service
 * the file does not have, both keys at once, an empty zone). */
int zone_from_config(struct zone *z, const struct config *cfg, char *err, size_t errlen);
/* Parses a counters list ("7-12", "1-3, 7") into z; the same errors,
 * without the file and line. */
int zone_parse_counters(struct zone *z, const struct config *cfg, const char *spec,
                        char *err, size_t errlen);
int zone_parse_services(struct zone *z, const struct config *cfg, const char *spec,
                        char *err, size_t errlen);

/* Is counter number no in the zone? (false for a counter not configured) */
bool zone_has(const struct zone *z, const struct config *cfg, int no);

#endif
