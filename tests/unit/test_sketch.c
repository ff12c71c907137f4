/* Unit tests: the DDSketch quantile sketch against exact quantiles, merge,
 * zeros, extreme values, growth, bad input and allocation failures. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <float.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "failmalloc.h"
#include "sketch.h"
#include "stats.h"

#define N 1000000
#define ALPHA 0.01
/* fp rounding of log/exp at a bucket's edge; far below alpha */
#define SLACK 1e-12

enum dist { UNIFORM, EXPONENTIAL, LOGNORMAL };

static double draw(gsl_rng *r, enum dist d)
{
  switch (d) {
  case UNIFORM: return gsl_rng_uniform_pos(r);
  case EXPONENTIAL: return gsl_ran_exponential(r, 0.2);
  default: return gsl_ran_lognormal(r, -1, 1.5);
  }
}

/* Every quantile in 0, 0.001, ..., 1 within alpha of the exact element of
 * rank floor(q (n - 1)) (the DDSketch guarantee). */
static void against_exact(enum dist d, unsigned long seed)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  double *x = malloc(N * sizeof *x);
  struct og_sketch s;
  assert_non_null(r);
  assert_non_null(x);
  gsl_rng_set(r, seed);
  assert_int_equal(og_sketch_init(&s, ALPHA), OG_OK);
  for (size_t i = 0; i < N; i++) {
    x[i] = draw(r, d);
    assert_int_equal(og_sketch_add(&s, x[i]), OG_OK);
  }
  og_sort_doubles(x, N);
  assert_true(s.n == N);
  for (int j = 0; j <= 1000; j++) {
    double q = j / 1000.0, want = x[(size_t)floor(q * (N - 1))];
    double got = og_sketch_quantile(&s, q);
    if (!(fabs(got - want) <= (ALPHA + SLACK) * want))
      fail_msg("dist %d q %g: got %.17g, exact %.17g (rel %.3g > %g)", (int)d, q, got, want,
               fabs(got - want) / want, ALPHA);
  }
  assert_true(og_sketch_quantile(&s, 0) == x[0]);
  assert_true(og_sketch_quantile(&s, 1) == x[N - 1]);
  og_sketch_fini(&s);
  free(x);
  gsl_rng_free(r);
}

static void uniform(void **state)
{
  (void)state;
  against_exact(UNIFORM, 1);
}

static void exponential(void **state)
{
  (void)state;
  against_exact(EXPONENTIAL, 2);
}

static void lognormal(void **state)
{
  (void)state;
  against_exact(LOGNORMAL, 3);
}

static void same_buckets(const struct og_sketch *a, const struct og_sketch *b)
{
  assert_true(a->n == b->n);
  assert_true(a->zeros == b->zeros);
  assert_true(a->min == b->min && a->max == b->max);
  for (int sign = -1; sign <= 1; sign += 2) {
    const struct og_sketch_store *st = sign > 0 ? &a->pos : &a->neg;
    const struct og_sketch_store *sb = sign > 0 ? &b->pos : &b->neg;
    assert_true(st->total == sb->total);
    int64_t lo = st->lo < sb->lo ? st->lo : sb->lo;
    int64_t hi = st->lo + (int64_t)st->cap > sb->lo + (int64_t)sb->cap
                     ? st->lo + (int64_t)st->cap : sb->lo + (int64_t)sb->cap;
    for (int64_t k = lo; k < hi; k++)
      if (og_sketch_bucket(a, sign, k) != og_sketch_bucket(b, sign, k))
        fail_msg("sign %d key %lld: %llu vs %llu", sign, (long long)k,
                 (unsigned long long)og_sketch_bucket(a, sign, k),
                 (unsigned long long)og_sketch_bucket(b, sign, k));
  }
  for (int j = 0; j <= 100; j++)
    assert_true(og_sketch_quantile(a, j / 100.0) == og_sketch_quantile(b, j / 100.0));
}

/* Merging the sketches of two halves gives the sketch of the whole, bucket
 * by bucket, whatever the halves' ranges (disjoint, overlapping, signs). */
static void merge(void **state)
{
  (void)state;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  struct og_sketch a, b, all, other;
  gsl_rng_set(r, 4);
  assert_int_equal(og_sketch_init(&a, ALPHA), OG_OK);
  assert_int_equal(og_sketch_init(&b, ALPHA), OG_OK);
  assert_int_equal(og_sketch_init(&all, ALPHA), OG_OK);
  for (int i = 0; i < 100000; i++) {
    double x = i % 3 ? gsl_ran_lognormal(r, 0, 2) : -gsl_ran_exponential(r, 1e6);
    x = i % 101 ? x : 0;
    assert_int_equal(og_sketch_add(i < 30000 ? &a : &b, i % 7 ? x : x * 1e-200), OG_OK);
    assert_int_equal(og_sketch_add(&all, i % 7 ? x : x * 1e-200), OG_OK);
  }
  assert_int_equal(og_sketch_merge(&a, &b), OG_OK);
  same_buckets(&a, &all);
  /* into an empty one, and an empty one in */
  struct og_sketch empty;
  assert_int_equal(og_sketch_init(&empty, ALPHA), OG_OK);
  assert_int_equal(og_sketch_merge(&empty, &all), OG_OK);
  same_buckets(&empty, &all);
  og_sketch_fini(&b);
  assert_int_equal(og_sketch_init(&b, ALPHA), OG_OK);
  assert_int_equal(og_sketch_merge(&a, &b), OG_OK);
  same_buckets(&a, &all);
  /* another accuracy cannot be merged */
  assert_int_equal(og_sketch_init(&other, 0.02), OG_OK);
  assert_int_equal(og_sketch_add(&other, 1), OG_OK);
  assert_int_equal(og_sketch_merge(&a, &other), OG_EINVAL);
  same_buckets(&a, &all);
  og_sketch_fini(&a);
  og_sketch_fini(&b);
  og_sketch_fini(&all);
  og_sketch_fini(&other);
  og_sketch_fini(&empty);
  gsl_rng_free(r);
}

/* Zeros are counted apart; the rank rule walks negatives, zeros, positives. */
static void zeros_and_signs(void **state)
{
  (void)state;
  struct og_sketch s;
  assert_int_equal(og_sketch_init(&s, ALPHA), OG_OK);
  assert_true(isnan(og_sketch_quantile(&s, 0.5)));
  for (int i = 0; i < 5; i++)
    assert_int_equal(og_sketch_add(&s, 0.0), OG_OK);
  assert_int_equal(og_sketch_add(&s, -0.0), OG_OK);
  assert_true(og_sketch_quantile(&s, 0.5) == 0);
  assert_true(s.pos.counts == NULL && s.neg.counts == NULL);
  /* -8 -4 0 0 0 0 0 0 2 3: ranks 0 and 1 negative, 2..7 zero, 8 and 9 positive */
  double v[] = {-8, -4, 2, 3};
  for (int i = 0; i < 4; i++)
    assert_int_equal(og_sketch_add(&s, v[i]), OG_OK);
  double want[] = {-8, -4, 0, 0, 0, 0, 0, 0, 2, 3};
  for (int r = 0; r < 10; r++) {
    double got = og_sketch_quantile(&s, r / 9.0);
    if (!(fabs(got - want[r]) <= (ALPHA + SLACK) * fabs(want[r])))
      fail_msg("rank %d: got %.17g, want %g", r, got, want[r]);
  }
  assert_true(og_sketch_bucket(&s, 0, 0) == 6);
  og_sketch_fini(&s);
}

/* From the smallest subnormal to the largest double, in one sketch: no cap,
 * every value's quantile within alpha, memory growing with the key span. */
static void extremes(void **state)
{
  (void)state;
  const double v[] = {4.9406564584124654e-324, 2.2250738585072014e-308, 1e-300, 1e-9,
                      1.0, 86400.0 * 365, 1e300, DBL_MAX};
  const size_t n = sizeof v / sizeof v[0];
  struct og_sketch s;
  assert_int_equal(og_sketch_init(&s, ALPHA), OG_OK);
  for (size_t i = n; i-- > 0;)
    assert_int_equal(og_sketch_add(&s, v[i]), OG_OK);
  for (size_t i = 0; i < n; i++) {
    double got = og_sketch_quantile(&s, (double)i / (double)(n - 1));
    if (!(fabs(got - v[i]) <= (ALPHA + SLACK) * v[i]))
      fail_msg("value %.17g: got %.17g", v[i], got);
  }
  int64_t span = og_sketch_key(&s, DBL_MAX) - og_sketch_key(&s, v[0]);
  assert_true(span > 70000 && s.pos.cap >= (size_t)span);
  og_sketch_fini(&s);
}

/* Keys growing one way then the other: the store grows on either side and
 * keeps its counts. */
static void growth(void **state)
{
  (void)state;
  struct og_sketch s;
  assert_int_equal(og_sketch_init(&s, ALPHA), OG_OK);
  double x = 1;
  for (int i = 0; i < 3000; i++, x *= 1.05)
    assert_int_equal(og_sketch_add(&s, x), OG_OK);
  x = 1;
  for (int i = 0; i < 3000; i++, x /= 1.05)
    assert_int_equal(og_sketch_add(&s, x), OG_OK);
  assert_true(s.pos.total == 6000);
  double lo = og_sketch_quantile(&s, 0), hi = og_sketch_quantile(&s, 1);
  assert_true(lo == s.min && hi == s.max);
  assert_true(fabs(og_sketch_quantile(&s, 0.5) - 1) <= ALPHA + SLACK);
  og_sketch_fini(&s);
}

static void bad_input(void **state)
{
  (void)state;
  struct og_sketch s;
  assert_int_equal(og_sketch_init(&s, 0), OG_EINVAL);
  assert_int_equal(og_sketch_init(&s, 1), OG_EINVAL);
  assert_int_equal(og_sketch_init(&s, NAN), OG_EINVAL);
  assert_int_equal(og_sketch_init(&s, 1e-300), OG_EINVAL);
  og_sketch_fini(&s);
  assert_int_equal(og_sketch_init(&s, ALPHA), OG_OK);
  assert_int_equal(og_sketch_add(&s, NAN), OG_EINVAL);
  assert_int_equal(og_sketch_add(&s, INFINITY), OG_EINVAL);
  assert_int_equal(og_sketch_add(&s, -INFINITY), OG_EINVAL);
  assert_true(s.n == 0);
  assert_true(isnan(og_sketch_quantile(&s, NAN)));
  og_sketch_fini(&s);
}

/* A failed growth leaves the sketch as it was. */
static void out_of_memory(void **state)
{
  (void)state;
  struct og_sketch s, t;
  assert_int_equal(og_sketch_init(&s, ALPHA), OG_OK);
  assert_int_equal(og_sketch_init(&t, ALPHA), OG_OK);
  assert_int_equal(og_sketch_add(&s, 1), OG_OK);
  assert_int_equal(og_sketch_add(&t, 1e100), OG_OK);
  og_failmalloc_arm(1);
  assert_int_equal(og_sketch_add(&s, 1e100), OG_ENOMEM);
  assert_true(og_failmalloc_fired());
  og_failmalloc_arm(1);
  assert_int_equal(og_sketch_merge(&s, &t), OG_ENOMEM);
  og_failmalloc_arm(0);
  assert_true(s.n == 1 && s.pos.total == 1 && s.max == 1);
  assert_true(og_sketch_quantile(&s, 1) == 1);
  assert_int_equal(og_sketch_merge(&s, &t), OG_OK);
  assert_true(s.n == 2 && s.max == 1e100);
  og_sketch_fini(&s);
  og_sketch_fini(&t);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(uniform),   cmocka_unit_test(exponential),     cmocka_unit_test(lognormal),
    cmocka_unit_test(merge),     cmocka_unit_test(zeros_and_signs), cmocka_unit_test(extremes),
    cmocka_unit_test(growth),    cmocka_unit_test(bad_input),       cmocka_unit_test(out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
