/* Unit tests of ogsim compare's rules: finite moves judged by each rule, and
 * any move to, from or between non-finite values (NaN, +inf, -inf) a
 * change under every rule but info, through og_compare on real files. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "compare.h"
#include "results_io.h"

static char dir[] = "/tmp/ogsim-test-compare-XXXXXX";

/* A run's results file holding one summary metric `m` (unit "s", so not a
 * count) and one /perf figure `wall_time`. */
static void write_run(const char *name, double m, double wall)
{
  char path[256];
  struct og_error err = {{0}};
  const struct og_attr attrs[] = {{"scenario_text", "x", 0}, {"overrides", "", 0},
                                  {"seed", "1", 0}};
  const struct og_scalar sum[] = {{"m", "s", "a metric", m}};
  const struct og_scalar perf[] = {{"wall_time", "s", "wall", wall}};
  const struct og_results_doc doc = {attrs, 3, sum, 1, perf, 1, NULL, 0};
  snprintf(path, sizeof path, "%s/%s.h5", dir, name);
  if (og_results_write(path, &doc, &err) != OG_OK)
    fail_msg("cannot write %s: %s", path, err.msg);
}

/* og_compare of the runs a and b under tolerance `rule`; the number of
 * failed rows. */
static size_t failed(const char *a, const char *b, const char *pattern, enum og_cmp_rule rule,
                     double tol)
{
  char pa[256], pb[256];
  struct og_error err = {{0}};
  struct og_cmp_report *r = NULL;
  const struct og_cmp_tol t = {pattern, rule, tol};
  snprintf(pa, sizeof pa, "%s/%s.h5", dir, a);
  snprintf(pb, sizeof pb, "%s/%s.h5", dir, b);
  if (og_compare(pa, pb, &t, 1, 0, &r, &err) != OG_OK)
    fail_msg("compare %s %s: %s", a, b, err.msg);
  size_t n = r->n_failed;
  og_cmp_report_free(r);
  return n;
}

static const struct {
  const char *name;
  double v;
} values[] = {{"one", 1}, {"two", 2}, {"pinf", INFINITY}, {"ninf", -INFINITY}, {"nan", NAN}};
enum { N_VALUES = sizeof values / sizeof values[0] };

static int setup(void **state)
{
  (void)state;
  if (!mkdtemp(dir))
    return -1;
  for (size_t i = 0; i < N_VALUES; i++)
    write_run(values[i].name, values[i].v, values[i].v);
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  char path[256];
  for (size_t i = 0; i < N_VALUES; i++) {
    snprintf(path, sizeof path, "%s/%s.h5", dir, values[i].name);
    unlink(path);
  }
  return rmdir(dir);
}

/* Every pair with a non-finite side: a change unless both are the same
 * non-finite value, for the summary metric and for the /perf figure. */
static void nonfinite_is_a_change(void **state)
{
  (void)state;
  static const struct {
    enum og_cmp_rule rule;
    double tol;
  } rules[] = {{OG_CMP_EXACT, 0}, {OG_CMP_REL, 1e-9}, {OG_CMP_REL, 1e9},
               {OG_CMP_AT_LEAST, 3}, {OG_CMP_AT_MOST, 3}};
  for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++)
    for (size_t i = 0; i < N_VALUES; i++)
      for (size_t j = 0; j < N_VALUES; j++) {
        double b = values[i].v, c = values[j].v;
        if (isfinite(b) && isfinite(c))
          continue;
        size_t want = !(b == c || (isnan(b) && isnan(c)));
        size_t got = failed(values[i].name, values[j].name, "*", rules[k].rule, rules[k].tol);
        if (got != 2 * want)
          fail_msg("rule %d tol %g: %s -> %s: %zu of 2 failed, want %zu", (int)rules[k].rule,
                   rules[k].tol, values[i].name, values[j].name, got, 2 * want);
      }
}

/* Finite values keep their rule (both rows judged alike); info never
 * fails. */
static void finite_rules(void **state)
{
  (void)state;
  assert_int_equal(failed("one", "two", "*", OG_CMP_EXACT, 0), 2);
  assert_int_equal(failed("one", "one", "*", OG_CMP_EXACT, 0), 0);
  assert_int_equal(failed("one", "two", "*", OG_CMP_REL, 1.5), 0);
  assert_int_equal(failed("one", "two", "*", OG_CMP_REL, 0.5), 2);
  assert_int_equal(failed("two", "one", "*", OG_CMP_AT_LEAST, 3), 0);
  assert_int_equal(failed("two", "one", "*", OG_CMP_AT_LEAST, 1.5), 2);
  assert_int_equal(failed("one", "two", "*", OG_CMP_AT_MOST, 3), 0);
  assert_int_equal(failed("one", "two", "*", OG_CMP_AT_MOST, 1.5), 2);
  assert_int_equal(failed("pinf", "one", "*", OG_CMP_INFO, 0), 0);
  assert_int_equal(failed("nan", "ninf", "*", OG_CMP_INFO, 0), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(nonfinite_is_a_change),
    cmocka_unit_test(finite_rules),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
