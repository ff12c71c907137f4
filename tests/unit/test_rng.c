/* Unit tests: xoshiro256** against a reference written here, stream
 * determinism and independence, samplers, alias tables. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "rng.h"

/* Straightforward reference: splitmix64 seeding, then xoshiro256**. */
static uint64_t ref_sm(uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t rl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static void reference_sequence(void **state)
{
  (void)state;
  uint64_t seed = 0x0123456789abcdefULL, x = seed, s[4];
  for (int i = 0; i < 4; i++)
    s[i] = ref_sm(&x);
  gsl_rng *r = gsl_rng_alloc(og_rng_xoshiro256ss);
  gsl_rng_set(r, (unsigned long)seed);
  for (int i = 0; i < 1000; i++) {
    uint64_t want = rl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rl(s[3], 45);
    assert_int_equal(og__rng_next64(r), want);
  }
  gsl_rng_free(r);
}

static void deterministic_streams(void **state)
{
  (void)state;
  gsl_rng *a = og_rng_new(42, OG_RNG_SERVICE, 17), *b = og_rng_new(42, OG_RNG_SERVICE, 17);
  for (int i = 0; i < 1000; i++)
    assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
  gsl_rng_free(a);
  gsl_rng_free(b);
}

static int cmp_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* 100 entities x 2 purposes: no 64-bit output shared among their first
 * 1000 draws, and streams 0 and 1 uncorrelated. */
static void independent_streams(void **state)
{
  (void)state;
  size_t n = 200 * 1000, k = 0;
  uint64_t *all = malloc(n * sizeof *all);
  for (int p = 0; p < 2; p++)
    for (uint64_t e = 0; e < 100; e++) {
      gsl_rng *r = og_rng_new(7, p ? OG_RNG_ARRIVAL : OG_RNG_SERVICE, e);
      for (int i = 0; i < 1000; i++)
        all[k++] = og__rng_next64(r);
      gsl_rng_free(r);
    }
  qsort(all, n, sizeof *all, cmp_u64);
  for (size_t i = 1; i < n; i++)
    assert_true(all[i] != all[i - 1]);
  free(all);
  gsl_rng *a = og_rng_new(7, OG_RNG_ARRIVAL, 0), *b = og_rng_new(7, OG_RNG_ARRIVAL, 1);
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, m = 100000;
  for (int i = 0; i < m; i++) {
    double x = gsl_rng_uniform(a), y = gsl_rng_uniform(b);
    sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
  }
  double corr = (sxy / m - sx / m * sy / m) /
                sqrt((sxx / m - sx / m * sx / m) * (syy / m - sy / m * sy / m));
  if (fabs(corr) >= 0.02)
    fail_msg("correlation %g between streams", corr);
  gsl_rng_free(a);
  gsl_rng_free(b);
}

static void uniform_chi_square(void **state)
{
  (void)state;
  gsl_rng *r = og_rng_new(1, OG_RNG_MIX, 0);
  double bins[100] = {0}, n = 1e6, chi = 0;
  for (int i = 0; i < n; i++)
    bins[(int)(gsl_rng_uniform(r) * 100)]++;
  for (int b = 0; b < 100; b++)
    chi += (bins[b] - n / 100) * (bins[b] - n / 100) / (n / 100);
  double crit = gsl_cdf_chisq_Qinv(0.001, 99);
  if (chi >= crit)
    fail_msg("chi-square %g >= %g", chi, crit);
  gsl_rng_free(r);
}

static void samplers(void **state)
{
  (void)state;
  gsl_rng *r = og_rng_new(3, OG_RNG_SERVICE, 0);
  double s = 0;
  for (int i = 0; i < 1000000; i++)
    s += og_rng_exponential(r, 2.0);
  if (fabs(s / 1e6 - 2.0) > 0.02)
    fail_msg("exponential mean %g, want 2", s / 1e6);
  size_t c[3] = {0};
  for (int i = 0; i < 300000; i++)
    c[og_rng_index(r, 3)]++;
  for (int k = 0; k < 3; k++)
    assert_true(fabs((double)c[k] - 1e5) < 2000);
  size_t big = (size_t)1 << 40, below = 0;
  for (int i = 0; i < 100000; i++) {
    size_t v = og_rng_index(r, big);
    assert_true(v < big);
    below += v < big / 2;
  }
  assert_true(fabs((double)below - 5e4) < 1000);
  gsl_rng_free(r);
}

static void alias_table(void **state)
{
  (void)state;
  const double w[] = {1, 2, 3, 4};
  struct og_alias *a = NULL;
  assert_int_equal(og_alias_new(w, 4, &a), OG_OK);
  gsl_rng *r = og_rng_new(5, OG_RNG_ROUTING, 0);
  double c[4] = {0}, n = 1e6;
  for (int i = 0; i < n; i++)
    c[og_alias_sample(a, r)]++;
  for (int k = 0; k < 4; k++)
    if (fabs(c[k] / n - w[k] / 10) > 0.01)
      fail_msg("weight %d drawn %g of the time, want %g", k, c[k] / n, w[k] / 10);
  og_alias_free(a);
  gsl_rng_free(r);
  const double zero[] = {0, 0}, neg[] = {1, -1};
  assert_int_equal(og_alias_new(zero, 2, &a), OG_EINVAL);
  assert_null(a);
  assert_int_equal(og_alias_new(neg, 2, &a), OG_EINVAL);
  og_alias_free(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(reference_sequence), cmocka_unit_test(deterministic_streams),
    cmocka_unit_test(independent_streams), cmocka_unit_test(uniform_chi_square),
    cmocka_unit_test(samplers), cmocka_unit_test(alias_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
