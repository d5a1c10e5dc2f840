/*
 * group: counts of a group and the figures derived from them (group.h).
 */
#include "group.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vname.h"

void group_free(struct group *g)
{
	samples_free(&g->wait);
	samples_free(&g->service);
}

void group_free_named(struct named_group *a, int n)
{
	for (int i = 0; i < n; i++) group_free(&a[i].g);
	free(a);
}

void group_finish(struct group *g)
{
	samples_sort(&g->wait);
	samples_sort(&g->service);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct named_group *)a)->name, ((const struct named_group *)b)->name);
}

static int by_no(const void *a, const void *b)
{
	int x = ((const struct named_group *)a)->no, y = ((const struct named_group *)b)->no;
	return x < y ? -1 : x > y;
}

void group_sort_named(struct named_group *a, int n, enum group_order order)
{
	for (int i = 0; i < n; i++) group_finish(&a[i].g);
	if (n > 1) qsort(a, (size_t)n, sizeof *a, order == GROUP_BY_NO ? by_no : by_name);
}

int group_empty(const struct group *g)
{
	long n = g->issued + g->voided + g->called + g->served + g->noshow + g->transfers +
	         g->recalls + g->requeued + g->uncalled + g->unfinished + g->pauses + g->open_days +
	         g->waiting + g->serving + g->working;
	for (int i = 0; i < 6; i++) n += g->ratings[i];
	return n == 0 && g->wait.n == 0 && g->login_ms == 0;
}

long group_chose(const struct group *g)
{
	return g->ratings[1] + g->ratings[2] + g->ratings[3] + g->ratings[4] + g->ratings[5];
}

double group_chose_share(const struct group *g)
{
	return g->served ? (double)group_chose(g) / (double)g->served : NAN;
}

double group_satisfaction(const struct group *g)
{
	long chose = group_chose(g);
	return chose ? (double)(g->ratings[4] + g->ratings[5]) / (double)chose : NAN;
}

double group_wait_share(const struct group *g, int64_t ms)
{
	return g->wait.n ? (double)samples_at_most(&g->wait, ms) / (double)g->wait.n : NAN;
}

int group_busiest(const long hours[24], int n, int *out)
{
	int k = 0;
	char used[24] = { 0 };
	while (k < n) {
		int best = -1;
		for (int h = 0; h < 24; h++)
			if (!used[h] && hours[h] > 0 && (best < 0 || hours[h] > hours[best])) best = h;
		if (best < 0) break;
		used[best] = 1;
		out[k++] = best;
	}
	return k;
}

/* ---- the named arrays ---- */

int group_find(struct named_group **arr, int *n, const char *name, int no)
{
	for (int i = 0; i < *n; i++)
		if (no ? (*arr)[i].no == no : !strcmp((*arr)[i].name, name)) return i;
	struct named_group *a = realloc(*arr, sizeof *a * (size_t)(*n + 1));
	if (!a) return -1;
	*arr = a;
	memset(&a[*n], 0, sizeof a[*n]);
	snprintf(a[*n].name, sizeof a[*n].name, "%s", name);
	a[*n].no = no;
	return (*n)++;
}

int group_find_officer(struct named_group **arr, int *n, const char *name)
{
	char one[GROUP_NAME_MAX];
	if (!*name) return -1;
	vname_normalize(one, sizeof one, name);
	return group_find(arr, n, *one ? one : name, 0);
}

int group_officer_is(struct named_group *o, const char *folded)
{
	if (!o->kept) {
		char key[GROUP_NAME_MAX];
		vname_fold(key, sizeof key, o->name);
		o->kept = strcmp(key, folded) ? -1 : 1;
	}
	return o->kept > 0;
}

int group_find_reason(char (**reasons)[GROUP_NAME_MAX], int *n, const char *text)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp((*reasons)[i], text)) return i;
	char (*r)[GROUP_NAME_MAX] = realloc(*reasons, sizeof *r * (size_t)(*n + 1));
	if (!r) return -1;
	*reasons = r;
	snprintf(r[*n], GROUP_NAME_MAX, "%s", *text ? text : "(không ghi)");
	return (*n)++;
}
