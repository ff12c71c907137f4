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
  if (cap > SIZE_MAX / sizeof *d->v)
    return OG_ENOMEM;
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

#define SIGN 0x8000000000000000ULL

/* Order-preserving map of a double's bits onto unsigned integers: flip all
 * bits of negatives, the sign bit of the rest; NaNs made positive go last. */
static uint64_t key(double x)
{
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  if (isnan(x))
    u &= ~SIGN;
  return (u & SIGN) ? ~u : u | SIGN;
}

static double unkey(uint64_t k)
{
  uint64_t u = (k & SIGN) ? k & ~SIGN : ~k;
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

static int cmp(const void *a, const void *b)
{
  uint64_t x = key(*(const double *)a), y = key(*(const double *)b);
  return (x > y) - (x < y);
}

/* Keys live in the scratch array and, between passes, in x's own storage;
 * memcpy keeps those accesses free of type punning. */
static inline uint64_t load(const void *p, size_t i)
{
  uint64_t k;
  memcpy(&k, (const char *)p + i * sizeof k, sizeof k);
  return k;
}

static inline void store(void *p, size_t i, uint64_t k)
{
  memcpy((char *)p + i * sizeof k, &k, sizeof k);
}

/* One stable counting pass on the byte at shift; counts become offsets. */
static void scatter(const void *src, void *dst, size_t n, int shift, size_t *count)
{
  size_t sum = 0;
  for (int b = 0; b < 256; b++) {
    size_t c = count[b];
    count[b] = sum;
    sum += c;
  }
  for (size_t i = 0; i < n; i++) {
    uint64_t k = load(src, i);
    store(dst, count[(k >> shift) & 0xff]++, k);
  }
}

/* LSD radix sort, eight passes of 8 bits (Knuth, TAOCP vol. 3, 5.2.5), the
 * histograms of all passes taken while the keys are made; a pass where every
 * key has the same byte is skipped. */
void og_sort_doubles(double *x, size_t n)
{
  uint64_t *a = n >= 256 ? malloc(n * sizeof *a) : NULL;
  size_t (*count)[256] = a ? calloc(8, sizeof *count) : NULL;
  if (!count) {
    free(a);
    qsort(x, n, sizeof *x, cmp);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    a[i] = key(x[i]);
    for (int p = 0; p < 8; p++)
      count[p][(a[i] >> (8 * p)) & 0xff]++;
  }
  uint64_t k0 = a[0];
  void *src = a, *dst = x;
  for (int p = 0; p < 8; p++) {
    if (count[p][(k0 >> (8 * p)) & 0xff] == n)
      continue;
    scatter(src, dst, n, 8 * p, count[p]);
    void *t = src;
    src = dst;
    dst = t;
  }
  for (size_t i = 0; i < n; i++)
    x[i] = unkey(load(src, i));
  free(count);
  free(a);
}

double og_percentile_sorted(const double *sorted, size_t n, double q)
{
  if (n == 0 || isnan(q))
    return NAN;
  double h = (double)(n - 1) * fmin(fmax(q, 0), 1);
  size_t lo = (size_t)floor(h);
  if (lo >= n - 1)
    return sorted[n - 1];
  return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

static void swap_d(double *a, double *b)
{
  double t = *a;
  *a = *b;
  *b = t;
}

/* Put the k-th smallest of x[lo..hi) at x[k], smaller ones before it and
 * larger ones after (Hoare's FIND, median-of-three pivots; sorting the
 * range instead when it shrinks too slowly, so no input is quadratic). */
static void select_kth(double *x, size_t lo, size_t hi, size_t k)
{
  for (unsigned budget = 64; hi - lo > 16; budget--) {
    if (budget == 0) {
      og_sort_doubles(x + lo, hi - lo);
      return;
    }
    size_t mid = lo + (hi - lo) / 2;
    if (x[mid] < x[lo])
      swap_d(&x[mid], &x[lo]);
    if (x[hi - 1] < x[lo])
      swap_d(&x[hi - 1], &x[lo]);
    if (x[hi - 1] < x[mid])
      swap_d(&x[hi - 1], &x[mid]);
    double pivot = x[mid];
    size_t i = lo, j = hi - 1;
    for (;;) { /* x[lo] <= pivot <= x[hi - 1] bound both scans */
      while (x[i] < pivot)
        i++;
      while (pivot < x[j])
        j--;
      if (i >= j)
        break;
      swap_d(&x[i], &x[j]);
      i++;
      j--;
    }
    /* x[lo..j] <= pivot <= x[j+1..hi) */
    if (k <= j)
      hi = j + 1;
    else
      lo = j + 1;
  }
  for (size_t a = lo + 1; a < hi; a++) /* insertion sort of what is left */
    for (size_t b = a; b > lo && x[b] < x[b - 1]; b--)
      swap_d(&x[b], &x[b - 1]);
}

void og_percentiles_select(double *x, size_t n, const double *q, size_t nq, double *out)
{
  size_t from = 0; /* x[from..n) holds the ranks from `from` on */
  for (size_t i = 0; i < nq; i++) {
    if (n == 0 || isnan(q[i])) {
      out[i] = NAN;
      continue;
    }
    double h = (double)(n - 1) * fmin(fmax(q[i], 0), 1);
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1)
      lo = n - 1;
    select_kth(x, from, n, lo);
    from = lo;
    if (lo >= n - 1) {
      out[i] = x[lo];
      continue;
    }
    double next = x[lo + 1]; /* the smallest of what is above */
    for (size_t j = lo + 2; j < n; j++)
      next = x[j] < next ? x[j] : next;
    out[i] = x[lo] + (h - (double)lo) * (next - x[lo]);
  }
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
