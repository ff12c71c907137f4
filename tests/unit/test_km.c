/* Unit tests: Kaplan-Meier curve, log-log band, median and its interval,
 * restricted mean, against hand computations. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "failmalloc.h"
#include "km.h"

static void near(double got, double want, double tol)
{
  if (!(fabs(got - want) <= tol * fmax(1, fabs(want))))
    fail_msg("got %.17g, want %.17g", got, want);
}

static void eq(double got, double want)
{
  near(got, want, 1e-12);
}

/* Eight subjects, "+" censored: 1, 2, 2+, 3, 4+, 5, 5, 6+.
 *   t  at risk Y  events d  S = prod (1 - d/Y)      Greenwood v = sum d/(Y (Y-d))
 *   1     8         1       7/8        = 0.875      1/56
 *   2     7         1       7/8 6/7    = 0.75       1/56 + 1/42
 *   3     5         1       3/4 4/5    = 0.6        1/56 + 1/42 + 1/20 = 11/120
 *   5     3         2       3/5 1/3    = 0.2        11/120 + 2/3 = 91/120
 * (the censoring at 2 is at risk at 2; 4+ leaves before 5; 6+ after).
 * Median: first S <= 1/2: 5. RMST to t_max = 6: 1 x 1 + 0.875 x 1 +
 * 0.75 x 1 + 0.6 x 2 + 0.2 x 1 = 4.025 (the caught-only mean of the
 * events, (1+2+3+5+5)/5 = 3.2, is lower).
 * Band at t = 3: theta = exp(1.959964 sqrt(11/120) / log 0.6)
 * = exp(1.959964 x 0.3027650 / -0.5108256) = exp(-1.161668) = 0.3129566;
 * lo = 0.6^(1/theta) = 0.1954959, hi = 0.6^theta = 0.8522543.
 * Band at t = 1: theta = exp(1.959964 sqrt(1/56) / log 0.875) = 0.1406731,
 * lo = 0.875^(1/theta) = 0.3870000 <= 1/2: median_lo = 1.
 * Band at t = 5: theta = exp(1.959964 sqrt(91/120) / log 0.2) = 0.3463...,
 * hi = 0.2^theta = 0.5727365 > 1/2: the upper bound is never reached, NaN. */
static void censored(void **state)
{
  (void)state;
  struct og_km_obs o[] = {{5, 1}, {2, 0}, {1, 1}, {6, 0}, {3, 1}, {4, 0}, {5, 1}, {2, 1}};
  struct og_km km;
  assert_int_equal(og_km_fit(&km, o, 8), OG_OK);
  assert_int_equal(km.n, 8);
  assert_int_equal(km.n_events, 5);
  assert_int_equal(km.n_censored, 3);
  assert_int_equal(km.n_steps, 4);
  const double t[] = {1, 2, 3, 5}, s[] = {0.875, 0.75, 0.6, 0.2};
  for (size_t i = 0; i < 4; i++) {
    eq(km.t[i], t[i]);
    eq(km.surv[i], s[i]);
  }
  eq(km.t_max, 6);
  eq(km.median, 5);
  eq(km.rmst, 4.025);
  near(km.lo[2], 0.1954959, 1e-6);
  near(km.hi[2], 0.8522543, 1e-6);
  near(km.lo[0], 0.3870000, 1e-6);
  near(km.hi[3], 0.5727365, 1e-6);
  eq(km.median_lo, 1);
  assert_true(isnan(km.median_hi));
  og_km_fini(&km);
  assert_null(km.t);
}

/* 21 events at 1, 2, ..., 21, none censored: S(k) = 1 - k/21, and
 * Greenwood's sum telescopes, sum_{j<=k} 1/((22-j)(21-j)) = k/(21 (21-k)).
 * Median: S(10) = 11/21 > 1/2, S(11) = 10/21: 11.
 * Lower curve S^(1/theta), theta = exp(1.959964 sqrt(v) / log S):
 *   k = 5: S = 16/21, v = 5/336,  theta = 0.4151042, lo = 0.5193914
 *   k = 6: S = 15/21, v = 6/315,  theta = 0.4475658, lo = 0.4715252 -> 6
 * Upper curve S^theta:
 *   k = 14: S = 7/21, v = 14/147, theta = 0.5766236, hi = 0.5307385
 *   k = 15: S = 6/21, v = 15/126, theta = 0.5828600, hi = 0.4818196 -> 15
 * RMST to 21: 1 + sum_{k=1}^{20} (21-k)/21 = 1 + 10 = 11, the mean. */
static void uncensored(void **state)
{
  (void)state;
  struct og_km_obs o[21];
  for (size_t i = 0; i < 21; i++)
    o[i] = (struct og_km_obs){(double)(21 - i), 1};
  struct og_km km;
  assert_int_equal(og_km_fit(&km, o, 21), OG_OK);
  assert_int_equal(km.n_censored, 0);
  assert_int_equal(km.n_steps, 21);
  eq(km.median, 11);
  eq(km.median_lo, 6);
  eq(km.median_hi, 15);
  near(km.lo[4], 0.5193914, 1e-6);
  near(km.lo[5], 0.4715252, 1e-6);
  near(km.hi[13], 0.5307385, 1e-6);
  near(km.hi[14], 0.4818196, 1e-6);
  eq(km.surv[20], 0);
  eq(km.rmst, 11);
  og_km_fini(&km);
}

/* Edge cases: 10 of 20 events gives S = 1/2 exactly (median 10, though the
 * product rounds); nothing observed; everyone censored; bad times. */
static void edges(void **state)
{
  (void)state;
  struct og_km km;
  struct og_km_obs o[20];
  for (size_t i = 0; i < 20; i++)
    o[i] = (struct og_km_obs){(double)(i + 1), 1};
  assert_int_equal(og_km_fit(&km, o, 20), OG_OK);
  eq(km.median, 10);
  og_km_fini(&km);

  assert_int_equal(og_km_fit(&km, NULL, 0), OG_OK);
  assert_int_equal(km.n_steps, 0);
  assert_true(isnan(km.median) && isnan(km.rmst) && isnan(km.t_max));
  og_km_fini(&km);

  /* all censored: S = 1 throughout, RMST = t_max, no median */
  struct og_km_obs c[] = {{3, 0}, {7, 0}};
  assert_int_equal(og_km_fit(&km, c, 2), OG_OK);
  assert_int_equal(km.n_censored, 2);
  assert_int_equal(km.n_steps, 0);
  eq(km.rmst, 7);
  assert_true(isnan(km.median) && isnan(km.median_lo) && isnan(km.median_hi));
  og_km_fini(&km);

  struct og_km_obs bad[] = {{1, 1}, {-1, 0}};
  assert_int_equal(og_km_fit(&km, bad, 2), OG_EINVAL);
  assert_null(km.t);
  assert_true(isnan(km.median));
  bad[1].t = NAN;
  assert_int_equal(og_km_fit(&km, bad, 2), OG_EINVAL);
  og_km_fini(&km);
}

/* An allocation failure leaves no memory and NaN estimates. */
static void oom(void **state)
{
  (void)state;
  struct og_km_obs o[] = {{1, 1}, {2, 0}};
  struct og_km km;
  og_failmalloc_arm(1);
  assert_int_equal(og_km_fit(&km, o, 2), OG_ENOMEM);
  assert_true(og_failmalloc_fired());
  assert_null(km.t);
  assert_true(isnan(km.median) && isnan(km.rmst));
  og_km_fini(&km);
  og_failmalloc_arm(0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(censored), cmocka_unit_test(uncensored), cmocka_unit_test(edges),
    cmocka_unit_test(oom),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
