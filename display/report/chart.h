/*
 * chart: the report's two charts as inline SVG (no script, no external
 * resource): the daily series of tickets issued and served, and the
 * weekday x hour heatmap of tickets issued.
 */
#ifndef GOISO_REPORT_CHART_H
#define GOISO_REPORT_CHART_H

#include <stdio.h>

#include "tally.h"

void chart_daily(FILE *out, const struct tally *t);
void chart_heat(FILE *out, const struct tally *t);

#endif
