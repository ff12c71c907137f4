/* Unit tests: the indexed timer heap against a brute-force scan of every
 * owner's pending time, through random sets, moves and clears, and its
 * tie order (equal times: first set, first out). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "failmalloc.h"
#include "timers.h"

#define OWNERS 257

/* The earliest of want[] by (time, when it was set), as og_timers_peek
 * should say. */
static int brute_min(const double *want, const unsigned long *set_at, size_t n, uint32_t *owner,
                     double *t)
{
  int found = 0;
  for (size_t i = 0; i < n; i++)
    if (!isinf(want[i]) &&
        (!found || want[i] < *t || (want[i] == *t && set_at[i] < set_at[*owner]))) {
      *owner = (uint32_t)i;
      *t = want[i];
      found = 1;
    }
  return found;
}

static void against_brute_force(void **state)
{
  (void)state;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  assert_non_null(r);
  struct og_timers tm;
  double want[OWNERS];
  unsigned long set_at[OWNERS] = {0};
  assert_int_equal(og_timers_init(&tm, OWNERS), OG_OK);
  for (size_t i = 0; i < OWNERS; i++)
    want[i] = INFINITY;
  for (int step = 0; step < 200000; step++) {
    uint32_t o = (uint32_t)gsl_rng_uniform_int(r, OWNERS);
    double u = gsl_rng_uniform(r);
    /* coarse times make many ties; some clears; pops of the minimum */
    double t = u < 0.15 ? INFINITY : floor(gsl_rng_uniform(r) * 50);
    if (u > 0.9) {
      uint32_t mo;
      double mt;
      if (og_timers_peek(&tm, &mo, &mt)) {
        o = mo;
        t = u > 0.95 ? INFINITY : mt + floor(gsl_rng_uniform(r) * 5);
      }
    }
    og_timers_set(&tm, o, t);
    want[o] = t;
    set_at[o] = (unsigned long)step;
    uint32_t go = 0, bo = 0;
    double gt = 0, bt = 0;
    int g = og_timers_peek(&tm, &go, &gt), b = brute_min(want, set_at, OWNERS, &bo, &bt);
    assert_int_equal(g, b);
    if (b) {
      assert_int_equal(go, bo);
      assert_true(gt == bt);
    }
    assert_true(og_timers_get(&tm, o) == want[o]);
  }
  size_t pending = 0;
  for (size_t i = 0; i < OWNERS; i++)
    pending += !isinf(want[i]);
  assert_int_equal(tm.len, pending);
  og_timers_fini(&tm);
  gsl_rng_free(r);
}

/* Draining the heap gives every time in order, ties in the order set (a
 * time set again counts as set then, even when unchanged). */
static void drains_in_order(void **state)
{
  (void)state;
  struct og_timers tm;
  assert_int_equal(og_timers_init(&tm, 6), OG_OK);
  double t[6] = {3, 1, 3, 0.5, 1, INFINITY};
  for (uint32_t i = 0; i < 6; i++)
    og_timers_set(&tm, 5 - i, t[i]); /* owners 5, 4, ..., 0 */
  og_timers_set(&tm, 5, 3);          /* 5 again: now after 3 */
  uint32_t expect[5] = {2, 4, 1, 3, 5};
  for (size_t k = 0; k < 5; k++) {
    uint32_t o;
    double when;
    assert_true(og_timers_peek(&tm, &o, &when));
    assert_int_equal(o, expect[k]);
    og_timers_set(&tm, o, INFINITY);
  }
  uint32_t o;
  double when;
  assert_false(og_timers_peek(&tm, &o, &when));
  og_timers_set(&tm, 3, NAN); /* clearing what is not pending is a no-op */
  assert_int_equal(tm.len, 0);
  og_timers_fini(&tm);
}

static void empty_and_oom(void **state)
{
  (void)state;
  struct og_timers tm;
  assert_int_equal(og_timers_init(&tm, 0), OG_OK);
  uint32_t o;
  double t;
  assert_false(og_timers_peek(&tm, &o, &t));
  og_timers_fini(&tm);
  for (long k = 1; k <= 2; k++) {
    og_failmalloc_arm(k);
    assert_int_equal(og_timers_init(&tm, 10), OG_ENOMEM);
    assert_true(og_failmalloc_fired());
    og_failmalloc_arm(0);
    assert_null(tm.heap);
    assert_null(tm.pos);
  }
  assert_int_equal(og_timers_init(&tm, 10), OG_OK);
  og_timers_fini(&tm);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(against_brute_force),
    cmocka_unit_test(drains_in_order),
    cmocka_unit_test(empty_and_oom),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
