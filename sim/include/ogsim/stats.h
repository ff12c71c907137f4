/* Statistics helpers: growable vectors, sorting, exact percentiles, and
 * running mean and variance. */
#ifndef OG_STATS_H
#define OG_STATS_H

#include <stddef.h>

#include "status.h"

/* A growable array of doubles; start from {0}, release with og_dvec_fini. */
struct og_dvec {
  double *v;
  size_t n, cap;
};

/* Append x, doubling the capacity when full. OG_ENOMEM leaves d unchanged. */
OG_MUST_CHECK enum og_status og_dvec_push(struct og_dvec *d, double x);
/* Make room for cap elements in all. OG_ENOMEM leaves d unchanged. */
OG_MUST_CHECK enum og_status og_dvec_reserve(struct og_dvec *d, size_t cap);
/* Free the elements and reset d to {0}. */
void og_dvec_fini(struct og_dvec *d);

/* Sort ascending, deterministically: -0.0 before 0.0, NaNs last (a negative
 * NaN may come out positive). An LSD radix sort on the IEEE-754 bits, with
 * n doubles of scratch; qsort for small n or when scratch memory is short. */
void og_sort_doubles(double *x, size_t n);

/* Percentile q of sorted[0..n), exact (no sketch): linear interpolation
 * between closest ranks, x[h] with h = (n-1) q (Hyndman & Fan, "Sample
 * quantiles in statistical packages", Am. Stat. 50(4), 1996, definition 7;
 * numpy's default). q outside [0, 1] is clamped; NAN if n == 0 or q is NaN. */
double og_percentile_sorted(const double *sorted, size_t n, double q);

/* The same percentiles of x[0..n) (no NaN) for q[0..nq), ascending, into
 * out, without sorting: each is the value og_percentile_sorted gives on the
 * sorted data (the same two order statistics), found by selection in
 * O(n) per percentile on average. Reorders x. */
void og_percentiles_select(double *x, size_t n, const double *q, size_t nq, double *out);

/* Welford's running mean and variance (Welford, Technometrics 4(3), 1962;
 * Knuth, TAOCP vol. 2, 4.2.2). Start from {0}. */
struct og_running {
  double n, mean, m2, min, max;
};
void og_running_add(struct og_running *r, double x);
double og_running_var(const struct og_running *r); /* sample variance; NAN if n < 2 */

#endif
