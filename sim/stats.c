/* Growable vectors, radix sort of doubles, exact percentiles, Welford. */
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum og_status og_dvec_reserve(struct og_dvec *d, size_t cap)
{
  if (cap <= d->cap)
    return OG_OK;
  double *v = realloc(d->v, cap * sizeof *v);
  if (!v)
    return OG_ENOMEM;
  d->v = v;
  d->cap = cap;
  return OG_OK;
}

enum og_status og_dvec_push(struct og_dvec *d, double x)
{
  if (d->n == d->cap) {
    enum og_status st = og_dvec_reserve(d, d->cap ? 2 * d->cap : 1024);
    if (st != OG_OK)
      return st;
  }
  d->v[d->n++] = x;
  return OG_OK;
}

void og_dvec_fini(struct og_dvec *d)
{
  free(d->v);
  d->v = NULL;
  d->n = d->cap = 0;
}

/* Order-preserving map of a double's bits onto unsigned integers. */
static uint64_t key(double x)
{
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return (u >> 63) ? ~u : u | 0x8000000000000000ULL;
}

static double unkey(uint64_t k)
{
  uint64_t u = (k >> 63) ? k & 0x7fffffffffffffffULL : ~k;
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

/* Total order with NaNs last, for the small and out-of-memory cases. */
static int cmp(const void *a, const void *b)
{
  uint64_t x = key(*(const double *)a), y = key(*(const double *)b);
  return (x > y) - (x < y);
}

/* Eight passes of 8 bits, least significant first; stable. Falls back to
 * qsort for small arrays or when scratch memory cannot be had. */
void og_sort_doubles(double *x, size_t n)
{
  uint64_t *a = n >= 256 ? malloc(n * sizeof *a) : NULL;
  uint64_t *b = a ? malloc(n * sizeof *b) : NULL;
  if (!a || !b) {
    free(a);
    qsort(x, n, sizeof *x, cmp);
    return;
  }
  for (size_t i = 0; i < n; i++)
    a[i] = key(x[i]);
  for (int shift = 0; shift < 64; shift += 8) {
    size_t count[257] = {0};
    for (size_t i = 0; i < n; i++)
      count[((a[i] >> shift) & 0xff) + 1]++;
    if (count[((a[0] >> shift) & 0xff) + 1] == n)
      continue; /* every key has the same byte here */
    for (int k = 0; k < 256; k++)
      count[k + 1] += count[k];
    for (size_t i = 0; i < n; i++)
      b[count[(a[i] >> shift) & 0xff]++] = a[i];
    uint64_t *t = a;
    a = b;
    b = t;
  }
  for (size_t i = 0; i < n; i++)
    x[i] = unkey(a[i]);
  free(a);
  free(b);
}

double og_percentile_sorted(const double *sorted, size_t n, double q)
{
  if (n == 0)
    return NAN;
  double h = (double)(n - 1) * q;
  size_t lo = (size_t)floor(h);
  if (lo >= n - 1)
    return sorted[n - 1];
  return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

void og_running_add(struct og_running *r, double x)
{
  r->n += 1;
  if (r->n == 1) {
    r->min = r->max = x;
  } else {
    r->min = fmin(r->min, x);
    r->max = fmax(r->max, x);
  }
  double d = x - r->mean;
  r->mean += d / r->n;
  r->m2 += d * (x - r->mean);
}

double og_running_var(const struct og_running *r)
{
  return r->n < 2 ? NAN : r->m2 / (r->n - 1);
}
