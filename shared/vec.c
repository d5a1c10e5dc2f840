/*
 * vec: doubling growth of plain arrays (see vec.h).
 */
#include "vec.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int vec_reserve(void *arrp, size_t elem, int *cap, int need, int min)
{
	void *data, *grown;
	if (need <= *cap) return 0;
	long long n = *cap > 0 ? *cap : (min > 0 ? min : 1);
	while (n < need) n *= 2;
	if (n > INT_MAX || (size_t)n > SIZE_MAX / elem) return -1;
	memcpy(&data, arrp, sizeof data);   /* arrp points at a T *, whatever T */
	if (!(grown = realloc(data, elem * (size_t)n))) return -1;
	memcpy(arrp, &grown, sizeof grown);
	*cap = (int)n;
	return 0;
}
