/* Statistics helpers: growable vectors, sorting, exact percentiles, and
 * running mean and variance. */
#ifndef OG_STATS_H
#define OG_STATS_H

#include <stddef.h>

#include "status.h"

struct og_dvec {
  double *v;
  size_t n, cap;
};

OG_MUST_CHECK enum og_status og_dvec_push(struct og_dvec *d, double x);
OG_MUST_CHECK enum og_status og_dvec_reserve(struct og_dvec *d, size_t cap);
void og_dvec_fini(struct og_dvec *d);

/* Sort ascending (LSD radix sort on the IEEE-754 bits; NaNs last). */
void og_sort_doubles(double *x, size_t n);

/* Percentile q in [0, 1] of sorted data, exact: linear interpolation between
 * closest ranks (Hyndman & Fan 1996, definition 7; numpy's default). NAN if
 * n == 0. */
double og_percentile_sorted(const double *sorted, size_t n, double q);

/* Welford's running mean and variance (Welford 1962; Knuth TAOCP vol. 2,
 * 4.2.2). */
struct og_running {
  double n, mean, m2, min, max;
};
void og_running_add(struct og_running *r, double x);
double og_running_var(const struct og_running *r); /* sample variance; NAN if n < 2 */

#endif
