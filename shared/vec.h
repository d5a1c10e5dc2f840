/*
 * vec: growing a plain C array by doubling (pure). The array stays an
 * ordinary pointer with its own length and capacity fields, so a struct
 * keeps the types it had; only the growing is written once.
 *
 *     if (VEC_RESERVE(l->timers, l->cap_timers, l->ntimers + 1, 16)) return -1;
 *     l->timers[l->ntimers++] = t;
 */
#ifndef GOISO_VEC_H
#define GOISO_VEC_H

#include <stddef.h>

/* Makes the array at *arrp (elements of elem bytes, *cap allocated) hold
 * at least need elements: the capacity doubles from min until it does.
 * 0, or -1 when memory ran out (the array and *cap are unchanged). New
 * elements are not initialised. */
int vec_reserve(void *arrp, size_t elem, int *cap, int need, int min);

#define VEC_RESERVE(arr, cap, need, min) \
	vec_reserve(&(arr), sizeof *(arr), &(cap), (need), (min))

#endif
