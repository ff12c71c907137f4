/* Unit tests: exact percentiles, sorting, Welford, growable vectors. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "rng.h"
#include "stats.h"

static void eq(double got, double want)
{
  if (fabs(got - want) > 1e-12 * fmax(1, fabs(want)))
    fail_msg("got %.17g, want %.17g", got, want);
}

static void percentiles(void **state)
{
  (void)state;
  const double one[] = {4}, two[] = {1, 3}, five[] = {1, 2, 4, 8, 16};
  assert_true(isnan(og_percentile_sorted(one, 0, 0.5)));
  eq(og_percentile_sorted(one, 1, 0.99), 4);
  /* n = 2: h = (n-1) q = 0.5 -> 1 + 0.5 (3 - 1) = 2 */
  eq(og_percentile_sorted(two, 2, 0.5), 2);
  eq(og_percentile_sorted(two, 2, 0), 1);
  eq(og_percentile_sorted(two, 2, 1), 3);
  /* n = 5: q = 0.5 -> h = 2 -> 4; q = 0.95 -> h = 3.8 -> 8 + 0.8 (16 - 8) = 14.4 */
  eq(og_percentile_sorted(five, 5, 0.5), 4);
  eq(og_percentile_sorted(five, 5, 0.95), 14.4);
  /* q = 0.3 -> h = 1.2 -> 2 + 0.2 (4 - 2) = 2.4 */
  eq(og_percentile_sorted(five, 5, 0.3), 2.4);
}

static void sorting(void **state)
{
  (void)state;
  size_t n = 1000000;
  double *x = malloc(n * sizeof *x), sum0 = 0, sum1 = 0;
  gsl_rng *r = og_rng_new(9, OG_RNG_MIX, 0);
  for (size_t i = 0; i < n; i++) {
    x[i] = (gsl_rng_uniform(r) - 0.5) * 1e3;
    if (i % 10 == 0)
      x[i] = x[i / 2]; /* duplicates */
    sum0 += x[i];
  }
  x[3] = 0.0, x[4] = -0.0, x[5] = -1e300, x[6] = 1e-300;
  sum0 = 0;
  for (size_t i = 0; i < n; i++)
    sum0 += x[i] < 0 ? 0 : x[i];
  og_sort_doubles(x, n);
  for (size_t i = 1; i < n; i++)
    if (x[i] < x[i - 1])
      fail_msg("not sorted at %zu: %g < %g", i, x[i], x[i - 1]);
  for (size_t i = 0; i < n; i++)
    sum1 += x[i] < 0 ? 0 : x[i];
  eq(sum1, sum0);
  eq(x[0], -1e300);
  double small[] = {3, -1, 2};
  og_sort_doubles(small, 3);
  eq(small[0], -1), eq(small[2], 3);
  free(x);
  gsl_rng_free(r);
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
  eq(w.mean, mean);
  if (fabs(og_running_var(&w) - var) > 1e-9 * var)
    fail_msg("variance %.17g, two-pass %.17g", og_running_var(&w), var);
  struct og_running one = {0};
  og_running_add(&one, 1);
  assert_true(isnan(og_running_var(&one)));
}

static void vectors(void **state)
{
  (void)state;
  struct og_dvec d = {0};
  for (int i = 0; i < 1000000; i++)
    assert_int_equal(og_dvec_push(&d, i), OG_OK);
  assert_int_equal(d.n, 1000000);
  eq(d.v[999999], 999999);
  og_dvec_fini(&d);
  assert_null(d.v);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(percentiles), cmocka_unit_test(sorting), cmocka_unit_test(welford),
    cmocka_unit_test(vectors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
