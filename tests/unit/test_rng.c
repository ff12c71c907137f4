/* Unit tests: xoshiro256** and splitmix64 known answers, stream determinism
 * and independence, uniformity, samplers, alias tables and their errors. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rng.h"

/* A separate, straightforward reference: splitmix64.c and
 * xoshiro256starstar.c of Blackman & Vigna, transcribed. */
static uint64_t ref_splitmix(uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t ref_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t ref_next(uint64_t s[4])
{
  uint64_t result = ref_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t;
  s[3] = ref_rotl(s[3], 45);
  return result;
}

static void ref_seed(uint64_t seed, uint64_t s[4])
{
  for (int i = 0; i < 4; i++)
    s[i] = ref_splitmix(&seed);
}

/* Published outputs of the reference xoshiro256starstar.c from state
 * {1, 2, 3, 4} (also rand_xoshiro's test vector). */
static void known_answers_state(void **state)
{
  (void)state;
  const uint64_t want[] = {
    11520ULL, 0ULL, 1509978240ULL, 1215971899390074240ULL, 1216172134540287360ULL,
    607988272756665600ULL, 16172922978634559625ULL, 8476171486693032832ULL,
    10595114339597558777ULL, 2904607092377533576ULL,
  };
  gsl_rng *r = gsl_rng_alloc(og_rng_xoshiro256ss);
  og__rng_seed_state(r, (const uint64_t[4]){1, 2, 3, 4});
  uint64_t s[4] = {1, 2, 3, 4};
  for (int i = 0; i < 10; i++) {
    assert_int_equal(ref_next(s), want[i]);
    assert_int_equal(og__rng_next64(r), want[i]);
  }
  gsl_rng_free(r);
}

/* splitmix64 from 1234567 gives 6457827717110365317, 3203168211198807973,
 * 9817491932198370423, 4593380528125082431 (Vigna's splitmix64.c; Rosetta
 * Code "Pseudo-random numbers/Splitmix64"): the state gsl_rng_set(r, 1234567)
 * must hold. Seed 42 gives 1546998764402558742, ... as other xoshiro256**
 * ports seeded through splitmix64 do. */
static void known_answers_seeded(void **state)
{
  (void)state;
  uint64_t s[4] = {6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL,
                   4593380528125082431ULL};
  uint64_t mine[4];
  ref_seed(1234567, mine);
  assert_memory_equal(mine, s, sizeof s);
  gsl_rng *r = gsl_rng_alloc(og_rng_xoshiro256ss);
  gsl_rng_set(r, 1234567UL);
  for (int i = 0; i < 1000; i++)
    assert_int_equal(og__rng_next64(r), ref_next(s));
  const uint64_t want42[] = {1546998764402558742ULL, 6990951692964543102ULL,
                             12544586762248559009ULL};
  gsl_rng_set(r, 42UL);
  for (int i = 0; i < 3; i++)
    assert_int_equal(og__rng_next64(r), want42[i]);
  gsl_rng_free(r);
}

/* The GSL interface: name, range, upper 32 bits, 53-bit doubles in [0, 1),
 * and all 64 bits of the seed used. */
static void gsl_interface(void **state)
{
  (void)state;
  gsl_rng *a = gsl_rng_alloc(og_rng_xoshiro256ss), *b = gsl_rng_alloc(og_rng_xoshiro256ss);
  assert_string_equal(gsl_rng_name(a), "og_xoshiro256ss");
  assert_int_equal(gsl_rng_min(a), 0);
  assert_int_equal(gsl_rng_max(a), 0xffffffffUL);
  gsl_rng_set(a, 99), gsl_rng_set(b, 99);
  for (int i = 0; i < 1000; i++) {
    assert_int_equal(gsl_rng_get(a), og__rng_next64(b) >> 32);
    double u = gsl_rng_uniform(a), want = (double)(og__rng_next64(b) >> 11) * 0x1.0p-53;
    assert_true(u == want && u >= 0 && u < 1);
  }
  gsl_rng_set(a, 5), gsl_rng_set(b, 5 | (1UL << 40));
  assert_int_not_equal(og__rng_next64(a), og__rng_next64(b));
  gsl_rng_set(a, 0);
  assert_int_not_equal(og__rng_next64(a), 0); /* seed 0 is fine */
  gsl_rng_free(a);
  gsl_rng_free(b);
}

static void deterministic_streams(void **state)
{
  (void)state;
  gsl_rng *a = og_rng_new(42, OG_RNG_SERVICE, 17), *b = og_rng_new(42, OG_RNG_SERVICE, 17);
  for (int i = 0; i < 1000; i++)
    assert_int_equal(og__rng_next64(a), og__rng_next64(b));
  gsl_rng_free(a);
  gsl_rng_free(b);
  assert_int_equal(og_rng_stream_seed(42, OG_RNG_MIX, 3), og_rng_stream_seed(42, OG_RNG_MIX, 3));
}

static int cmp_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static double correlation(gsl_rng *a, gsl_rng *b, int m)
{
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (int i = 0; i < m; i++) {
    double x = gsl_rng_uniform(a), y = gsl_rng_uniform(b);
    sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
  }
  double cov = sxy / m - sx / m * sy / m;
  return cov / sqrt((sxx / m - sx / m * sx / m) * (syy / m - sy / m * sy / m));
}

/* Every purpose x 100 entities: no 64-bit output shared among their first
 * 1000 draws; streams 0 and 1 uncorrelated. */
static void independent_streams(void **state)
{
  (void)state;
  size_t np = OG_RNG_PURPOSE_COUNT_ - OG_RNG_ARRIVAL, n = np * 100 * 1000, k = 0;
  uint64_t *all = malloc(n * sizeof *all);
  assert_non_null(all);
  for (int p = OG_RNG_ARRIVAL; p < OG_RNG_PURPOSE_COUNT_; p++)
    for (uint64_t e = 0; e < 100; e++) {
      gsl_rng *r = og_rng_new(7, (enum og_rng_purpose)p, e);
      for (int i = 0; i < 1000; i++)
        all[k++] = og__rng_next64(r);
      gsl_rng_free(r);
    }
  qsort(all, n, sizeof *all, cmp_u64);
  for (size_t i = 1; i < n; i++)
    if (all[i] == all[i - 1])
      fail_msg("output %llu shared by two streams", (unsigned long long)all[i]);
  free(all);
  gsl_rng *a = og_rng_new(7, OG_RNG_ARRIVAL, 0), *b = og_rng_new(7, OG_RNG_ARRIVAL, 1);
  double corr = correlation(a, b, 100000);
  if (fabs(corr) >= 0.02)
    fail_msg("correlation %g between entities 0 and 1", corr);
  gsl_rng_free(a);
  gsl_rng_free(b);
}

/* Chi-square statistic of counts in k equal bins. */
static double chi_square(const double *bins, int k, double n)
{
  double chi = 0, e = n / k;
  for (int b = 0; b < k; b++)
    chi += (bins[b] - e) * (bins[b] - e) / e;
  return chi;
}

static void uniform_chi_square(void **state)
{
  (void)state;
  gsl_rng *r = og_rng_new(1, OG_RNG_MIX, 0);
  double bins[100] = {0}, n = 1e6;
  for (int i = 0; i < n; i++)
    bins[(int)(gsl_rng_uniform(r) * 100)]++;
  double chi = chi_square(bins, 100, n), crit = gsl_cdf_chisq_Qinv(0.001, 99);
  if (chi >= crit)
    fail_msg("chi-square %g >= %g", chi, crit);
  gsl_rng_free(r);
}

static void exponential(void **state)
{
  (void)state;
  gsl_rng *r = og_rng_new(3, OG_RNG_SERVICE, 0);
  double s = 0, n = 1e6;
  for (int i = 0; i < n; i++) {
    double x = og_rng_exponential(r, 2.0);
    if (!(x >= 0 && isfinite(x)))
      fail_msg("draw %d is %g", i, x);
    s += x;
  }
  if (fabs(s / n - 2.0) > 0.01 * 2.0)
    fail_msg("exponential mean %g, want 2 within 1%%", s / n);
  gsl_rng_free(r);
}

/* og_rng_index: n = 1, n = 3 and n = 2^40 uniform (chi-square over 3 and
 * 16 bins), n near 2^63 and SIZE_MAX in range, and on mt19937 too. */
static void bounded_index(void **state)
{
  (void)state;
  gsl_rng *r = og_rng_new(3, OG_RNG_ROUTING, 0);
  assert_int_equal(og_rng_index(r, 1), 0);
  double c3[3] = {0}, c16[16] = {0}, n = 300000;
  for (int i = 0; i < n; i++)
    c3[og_rng_index(r, 3)]++;
  size_t big = (size_t)1 << 40;
  for (int i = 0; i < n; i++) {
    size_t v = og_rng_index(r, big);
    assert_true(v < big);
    c16[v >> 36]++;
  }
  double chi3 = chi_square(c3, 3, n), chi16 = chi_square(c16, 16, n);
  if (chi3 >= gsl_cdf_chisq_Qinv(0.001, 2) || chi16 >= gsl_cdf_chisq_Qinv(0.001, 15))
    fail_msg("chi-square %g (n = 3), %g (n = 2^40)", chi3, chi16);
  size_t huge = ((size_t)1 << 63) + 12345, above = 0;
  for (int i = 0; i < 1000; i++) {
    size_t v = og_rng_index(r, huge);
    assert_true(v < huge);
    above += v >= huge / 2;
    assert_true(og_rng_index(r, SIZE_MAX) < SIZE_MAX);
  }
  assert_in_range(above, 400, 600);
  gsl_rng *m = gsl_rng_alloc(gsl_rng_mt19937);
  for (int i = 0; i < 1000; i++)
    assert_true(og_rng_index(m, big) < big);
  gsl_rng_free(m);
  gsl_rng_free(r);
}

static void alias_frequencies(void **state)
{
  (void)state;
  const double w[] = {1, 2, 3, 4}, holes[] = {0, 1, 0, 3};
  struct og_alias *a = NULL, *h = NULL;
  assert_int_equal(og_alias_new(w, 4, &a, NULL), OG_OK);
  assert_int_equal(og_alias_new(holes, 4, &h, NULL), OG_OK);
  gsl_rng *r = og_rng_new(5, OG_RNG_ROUTING, 0);
  double c[4] = {0}, n = 1e6;
  for (int i = 0; i < n; i++) {
    c[og_alias_sample(a, r)]++;
    size_t k = og_alias_sample(h, r);
    assert_true(k == 1 || k == 3);
  }
  for (int k = 0; k < 4; k++)
    if (fabs(c[k] / n - w[k] / 10) > 0.01 * w[k] / 10)
      fail_msg("weight %d drawn %g of the time, want %g within 1%%", k, c[k] / n, w[k] / 10);
  og_alias_free(a);
  og_alias_free(h);
  assert_int_equal(og_alias_new((const double[]){5}, 1, &a, NULL), OG_OK);
  assert_int_equal(og_alias_sample(a, r), 0);
  og_alias_free(a);
  gsl_rng_free(r);
}

/* Bad weights: OG_EINVAL, *out left NULL, and a message saying why. */
static void alias_errors(void **state)
{
  (void)state;
  const double zero[] = {0, 0}, neg[] = {1, -1}, nans[] = {1, NAN}, infs[] = {1, INFINITY},
               huge[] = {1e308, 1e308};
  const double *bad[] = {zero, neg, nans, infs, huge};
  const char *why[] = {"all 2 weights are 0", "weight 1 is -1", "weight 1 is nan",
                       "weight 1 is inf", "the 2 weights add up to inf"};
  static char sentinel;
  struct og_alias *a;
  struct og_error err;
  for (int i = 0; i < 5; i++) {
    a = (struct og_alias *)&sentinel; /* must come back NULL */
    err.msg[0] = 0;
    assert_int_equal(og_alias_new(bad[i], 2, &a, &err), OG_EINVAL);
    assert_null(a);
    if (!strstr(err.msg, why[i]))
      fail_msg("weights %d: message '%s' does not say '%s'", i, err.msg, why[i]);
  }
  err.msg[0] = 0;
  assert_int_equal(og_alias_new(zero, 0, &a, &err), OG_EINVAL);
  assert_string_equal(err.msg, "alias table: no weights");
  err.msg[0] = 0;
  assert_int_equal(og_alias_new(NULL, 2, &a, &err), OG_EINVAL);
  assert_string_equal(err.msg, "alias table: no weights");
  err.msg[0] = 0;
  assert_int_equal(og_alias_new(neg, 1, NULL, &err), OG_EINVAL);
  assert_true(err.msg[0] != 0);
  assert_int_equal(og_alias_new(neg, 2, &a, NULL), OG_EINVAL); /* err may be NULL */
  og_alias_free(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(known_answers_state), cmocka_unit_test(known_answers_seeded),
    cmocka_unit_test(gsl_interface),       cmocka_unit_test(deterministic_streams),
    cmocka_unit_test(independent_streams), cmocka_unit_test(uniform_chi_square),
    cmocka_unit_test(exponential),         cmocka_unit_test(bounded_index),
    cmocka_unit_test(alias_frequencies),   cmocka_unit_test(alias_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
