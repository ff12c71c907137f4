/* Unit tests: exact percentiles, sorting, Welford, growable vectors. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rng.h"
#include "stats.h"

static void eq(double got, double want)
{
  if (!(fabs(got - want) <= 1e-12 * fmax(1, fabs(want))))
    fail_msg("got %.17g, want %.17g", got, want);
}

/* Definition 7: h = (n-1) q, x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). */
static void percentiles(void **state)
{
  (void)state;
  const double one[] = {4}, two[] = {1, 3}, five[] = {1, 2, 4, 8, 16};
  assert_true(isnan(og_percentile_sorted(one, 0, 0.5)));
  /* n = 1: h = 0 whatever q -> 4 */
  eq(og_percentile_sorted(one, 1, 0), 4);
  eq(og_percentile_sorted(one, 1, 0.5), 4);
  eq(og_percentile_sorted(one, 1, 0.95), 4);
  eq(og_percentile_sorted(one, 1, 1), 4);
  /* n = 2: q = 0 -> h = 0 -> 1; q = 0.5 -> h = 0.5 -> 1 + 0.5 (3 - 1) = 2;
   * q = 0.95 -> h = 0.95 -> 1 + 0.95 (3 - 1) = 2.9; q = 1 -> h = 1 -> 3 */
  eq(og_percentile_sorted(two, 2, 0), 1);
  eq(og_percentile_sorted(two, 2, 0.5), 2);
  eq(og_percentile_sorted(two, 2, 0.95), 2.9);
  eq(og_percentile_sorted(two, 2, 1), 3);
  /* n = 5: q = 0 -> h = 0 -> 1; q = 0.5 -> h = 2 -> 4;
   * q = 0.95 -> h = 3.8 -> 8 + 0.8 (16 - 8) = 14.4; q = 1 -> h = 4 -> 16;
   * q = 0.3 -> h = 1.2 -> 2 + 0.2 (4 - 2) = 2.4 */
  eq(og_percentile_sorted(five, 5, 0), 1);
  eq(og_percentile_sorted(five, 5, 0.5), 4);
  eq(og_percentile_sorted(five, 5, 0.95), 14.4);
  eq(og_percentile_sorted(five, 5, 1), 16);
  eq(og_percentile_sorted(five, 5, 0.3), 2.4);
  /* q outside [0, 1] clamped; NaN q -> NaN */
  eq(og_percentile_sorted(five, 5, -0.5), 1);
  eq(og_percentile_sorted(five, 5, 1.5), 16);
  assert_true(isnan(og_percentile_sorted(five, 5, NAN)));
}

/* Reference order: numeric, -0.0 before 0.0 (NaN-free data). */
static int cmp_ref(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  if (x != y)
    return (x > y) - (x < y);
  return (signbit(y) != 0) - (signbit(x) != 0);
}

/* Sum of the moderate values (the extremes would swamp it), and of their
 * magnitudes for the tolerance. */
static double moderate_sum(const double *x, size_t n, double *abs_sum)
{
  double s = 0;
  *abs_sum = 0;
  for (size_t i = 0; i < n; i++)
    if (fabs(x[i]) < 1e6)
      s += x[i], *abs_sum += fabs(x[i]);
  return s;
}

/* Sorted as qsort sorts it, bit for bit (hence a permutation), and the sum
 * unchanged up to rounding. */
static void check_sort(double *x, size_t n)
{
  double *want = malloc(n * sizeof *want), mag;
  assert_non_null(want);
  memcpy(want, x, n * sizeof *x);
  qsort(want, n, sizeof *want, cmp_ref);
  double s0 = moderate_sum(x, n, &mag);
  og_sort_doubles(x, n);
  for (size_t i = 0; i < n; i++)
    if (memcmp(&x[i], &want[i], sizeof *x) != 0)
      fail_msg("n = %zu, at %zu: got %.17g, want %.17g", n, i, x[i], want[i]);
  double s1 = moderate_sum(x, n, &mag);
  if (!(fabs(s0 - s1) <= 1e-12 * mag))
    fail_msg("n = %zu: sum %.17g before, %.17g after", n, s0, s1);
  free(want);
}

/* Random data with negatives, duplicates, zeros of both signs, infinities
 * and extremes, at sizes taking the qsort and the radix paths. */
static void sorting(void **state)
{
  (void)state;
  const size_t sizes[] = {0, 1, 3, 255, 256, 1000, 1000000};
  gsl_rng *r = og_rng_new(9, OG_RNG_MIX, 0);
  for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
    size_t n = sizes[k];
    double *x = malloc((n + 1) * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++)
      x[i] = (gsl_rng_uniform(r) - 0.5) * 1e3;
    for (size_t i = 10; i < n; i += 10)
      x[i] = x[i / 2];
    const double special[] = {0.0, -0.0, -1e300, 1e-300, -5e-324, INFINITY, -INFINITY, 0.0};
    for (size_t i = 0; i < 8 && i < n; i++)
      x[(i * 7919) % n] = special[i];
    check_sort(x, n);
    free(x);
  }
  double z[] = {0.0, -0.0, 1, -0.0};
  og_sort_doubles(z, 4);
  assert_true(signbit(z[0]) && signbit(z[1]) && !signbit(z[2]) && z[3] == 1);
  gsl_rng_free(r);
}

/* Percentiles by selection are those of the sorted data (the same order
 * statistics, so the same values; +0 and -0 compare equal), on random data
 * with ties and on patterns that defeat naive pivots. */
static void selection(void **state)
{
  (void)state;
  const size_t sizes[] = {0, 1, 2, 3, 17, 100, 1001, 100000};
  const double q[] = {0, 0.5, 0.95, 0.99, 1};
  gsl_rng *r = og_rng_new(11, OG_RNG_MIX, 0);
  for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
    size_t n = sizes[k];
    for (int pattern = 0; pattern < 6; pattern++) {
      double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y), got[5];
      assert_true(x && y);
      for (size_t i = 0; i < n; i++) {
        double u = floor(gsl_rng_uniform(r) * 50); /* many ties */
        x[i] = pattern == 0 ? u : pattern == 1 ? (double)i : pattern == 2 ? (double)(n - i)
             : pattern == 3 ? 7.0 : pattern == 4 ? (double)(i < n / 2 ? i : n - i) /* organ pipe */
             : gsl_rng_uniform(r); /* no ties */
      }
      memcpy(y, x, n * sizeof *x);
      og_sort_doubles(y, n);
      og_percentiles_select(x, n, q, 5, got);
      for (int j = 0; j < 5; j++) {
        double want = og_percentile_sorted(y, n, q[j]);
        if (!(got[j] == want || (isnan(got[j]) && isnan(want))))
          fail_msg("n %zu pattern %d q %g: got %.17g, want %.17g", n, pattern, q[j], got[j],
                   want);
      }
      free(x);
      free(y);
    }
  }
  gsl_rng_free(r);
}

/* NaNs of either sign go last on both paths. */
static void sorting_nans(void **state)
{
  (void)state;
  for (size_t n = 10; n <= 1000; n *= 100) {
    double *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++)
      x[i] = i % 3 == 0 ? (i % 2 ? -NAN : NAN) : (double)(n - i) - 50;
    og_sort_doubles(x, n);
    size_t nans = (n + 2) / 3, finite = n - nans;
    for (size_t i = 0; i < n; i++)
      assert_true(i < finite ? !isnan(x[i]) && (i == 0 || x[i - 1] <= x[i]) : isnan(x[i]));
    free(x);
  }
}

static void welford(void **state)
{
  (void)state;
  struct og_running w = {0};
  double x[10000], mean = 0, var = 0;
  for (int i = 0; i < 10000; i++) {
    x[i] = 1e6 + sin(i) * 3;
    og_running_add(&w, x[i]);
    mean += x[i];
  }
  mean /= 10000;
  for (int i = 0; i < 10000; i++)
    var += (x[i] - mean) * (x[i] - mean);
  var /= 9999;
  eq(w.n, 10000);
  eq(w.mean, mean);
  if (fabs(og_running_var(&w) - var) > 1e-9 * var)
    fail_msg("variance %.17g, two-pass %.17g", og_running_var(&w), var);
  double lo = x[0], hi = x[0];
  for (int i = 1; i < 10000; i++)
    lo = fmin(lo, x[i]), hi = fmax(hi, x[i]);
  eq(w.min, lo);
  eq(w.max, hi);
  struct og_running one = {0};
  assert_true(isnan(og_running_var(&one)));
  og_running_add(&one, -1);
  assert_true(isnan(og_running_var(&one)));
  eq(one.min, -1), eq(one.max, -1), eq(one.mean, -1);
}

static void vectors(void **state)
{
  (void)state;
  struct og_dvec d = {0};
  for (int i = 0; i < 1000000; i++)
    assert_int_equal(og_dvec_push(&d, i), OG_OK);
  assert_int_equal(d.n, 1000000);
  assert_true(d.cap >= d.n && d.cap < 4 * d.n);
  for (int i = 0; i < 1000000; i++)
    if (d.v[i] != i)
      fail_msg("element %d is %g", i, d.v[i]);
  assert_int_equal(og_dvec_reserve(&d, 10), OG_OK);
  assert_int_equal(d.n, 1000000);
  assert_int_equal(og_dvec_reserve(&d, SIZE_MAX), OG_ENOMEM);
  assert_int_equal(d.n, 1000000);
  og_dvec_fini(&d);
  assert_null(d.v);
  assert_int_equal(d.n + d.cap, 0);
  assert_int_equal(og_dvec_reserve(&d, 5), OG_OK);
  assert_int_equal(d.cap, 5);
  og_dvec_fini(&d);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(percentiles), cmocka_unit_test(sorting), cmocka_unit_test(sorting_nans),
    cmocka_unit_test(selection),
    cmocka_unit_test(welford),     cmocka_unit_test(vectors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
