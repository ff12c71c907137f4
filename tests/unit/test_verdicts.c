/* Unit tests: the pure verdict rules (verdicts.h) on hand-made histories and
 * ballots, at their thresholds: statistical invalidation, the redundancy
 * vote, the re-validation majority. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "verdicts.h"

/* The statistical rule as documented (protocol_spot_check.c and verdicts.h,
 * Gonka's rule): condemned when the current run of r failures has
 * probability f^r < 1e-6, or, after at least 10 checks, the z-score
 * (rate - f) / sqrt(f (1 - f) / n) of the failure rate exceeds 1. Written
 * here apart from the code: the power by repeated products. */
static int expect_invalid(double f, uint32_t n, uint32_t fail, uint32_t run)
{
  double p = 1;
  for (uint32_t i = 0; i < run; i++)
    p *= f;
  if (run > 0 && p < 1e-6)
    return 1;
  if (n < 10)
    return 0;
  double rate = (double)fail / n, sd = sqrt(f * (1 - f) / n);
  return sd > 0 ? (rate - f) / sd > 1 : rate > f;
}

static int stat(double f, uint32_t n, uint32_t fail, uint32_t run)
{
  struct og_stat_hist h = {.n = n, .fail = fail, .run = run};
  return og__stat_invalid(f, &h);
}

/* f = 0.5: 0.5^19 = 1.9e-6 stands, 0.5^20 = 9.5e-7 condemns (exact powers
 * of two); the long history keeps the z-score negative. */
static void run_threshold(void **state)
{
  (void)state;
  assert_int_equal(stat(0.5, 1000, 19, 19), 0);
  assert_int_equal(stat(0.5, 1000, 20, 20), 1);
  assert_int_equal(expect_invalid(0.5, 1000, 19, 19), 0);
  assert_int_equal(expect_invalid(0.5, 1000, 20, 20), 1);
  /* f = 0.1: 0.1^6 lies at 1e-6 itself (a hair above in doubles), 0.1^7 far
   * below; the code agrees with the independent formula on both sides. */
  for (uint32_t r = 1; r <= 8; r++)
    assert_int_equal(stat(0.1, 1000, r, r), expect_invalid(0.1, 1000, r, r));
  assert_int_equal(stat(0.1, 1000, 5, 5), 0);
  assert_int_equal(stat(0.1, 1000, 7, 7), 1);
  /* f = 0.01: three failures in a row sit at 1e-6, four condemn. */
  assert_int_equal(stat(0.01, 1000, 3, 3), expect_invalid(0.01, 1000, 3, 3));
  assert_int_equal(stat(0.01, 1000, 4, 4), 1);
  assert_int_equal(stat(0.01, 1000, 2, 2), 0);
}

/* f = 0.5, n = 16: sd = 0.125 and z = (fail - 8) / 2, all exact. z = 1
 * (10 failures) is not above 1; 11 failures (z = 1.5) condemn. */
static void z_threshold(void **state)
{
  (void)state;
  assert_int_equal(stat(0.5, 16, 10, 0), 0);
  assert_int_equal(stat(0.5, 16, 11, 0), 1);
  assert_int_equal(expect_invalid(0.5, 16, 10, 0), 0);
  assert_int_equal(expect_invalid(0.5, 16, 11, 0), 1);
  /* f = 0.1, n = 10: sd = 0.0949; 2 failures (z = 1.05) condemn, 1 does
   * not; before 10 checks the z-score is not consulted at all. */
  assert_int_equal(stat(0.1, 10, 2, 0), 1);
  assert_int_equal(stat(0.1, 10, 1, 0), 0);
  assert_int_equal(stat(0.1, 9, 2, 0), 0);
  assert_int_equal(stat(0.1, 9, 8, 0), 0);
}

/* f = 0 (no honest failure): any failed check condemns, by its run at once
 * and by the rate after 10 checks; f = 1: nothing ever does. */
static void degenerate_rates(void **state)
{
  (void)state;
  assert_int_equal(stat(0, 1, 1, 1), 1);
  assert_int_equal(stat(0, 10, 1, 0), 1);
  assert_int_equal(stat(0, 9, 1, 0), 0);
  assert_int_equal(stat(0, 10, 0, 0), 0);
  assert_int_equal(stat(1, 1, 1, 1), 0);
  assert_int_equal(stat(1, 100, 100, 100), 0);
  assert_int_equal(stat(0.5, 0, 0, 0), 0);
}

/* Recording: counts, the run restarts on a pass, and a verdict wipes the
 * history. f = 0.5: nine straight failures stand, the tenth condemns by
 * the z-score (rate 1 after 10 checks). */
static void record(void **state)
{
  (void)state;
  struct og_stat_hist h = {0};
  assert_int_equal(og__stat_record(&h, 0.5, 1), 0);
  assert_int_equal(og__stat_record(&h, 0.5, 0), 0);
  assert_int_equal(h.n, 2);
  assert_int_equal(h.fail, 1);
  assert_int_equal(h.run, 0);
  h = (struct og_stat_hist){0};
  for (int i = 0; i < 9; i++)
    assert_int_equal(og__stat_record(&h, 0.5, 1), 0);
  assert_int_equal(h.run, 9);
  assert_int_equal(og__stat_record(&h, 0.5, 1), 1);
  assert_int_equal(h.n, 0);
  assert_int_equal(h.fail, 0);
  assert_int_equal(h.run, 0);
  assert_int_equal(og__stat_record(&h, 0, 1), 1); /* n = 1, f = 0 */
}

static enum og_vote_outcome vote(size_t n, const char *bad, const char *colludes)
{
  unsigned char b[8], c[8];
  for (size_t i = 0; i < n; i++) {
    b[i] = bad[i] == '1';
    c[i] = colludes[i] == '1';
  }
  return og__vote_outcome(n, b, c);
}

/* Honest results agree; bad ones agree only among colluders; a strict
 * majority decides, otherwise the request fails. */
static void redundancy_vote(void **state)
{
  (void)state;
  assert_int_equal(vote(1, "0", "0"), OG_VOTE_HONEST);
  assert_int_equal(vote(1, "1", "0"), OG_VOTE_NONE);
  assert_int_equal(vote(1, "1", "1"), OG_VOTE_COLLUDED);
  assert_int_equal(vote(2, "01", "00"), OG_VOTE_NONE);     /* tie */
  assert_int_equal(vote(2, "01", "01"), OG_VOTE_NONE);     /* tie with a colluder */
  assert_int_equal(vote(2, "11", "11"), OG_VOTE_COLLUDED); /* all colluding */
  assert_int_equal(vote(3, "001", "000"), OG_VOTE_HONEST);
  assert_int_equal(vote(3, "011", "011"), OG_VOTE_COLLUDED);
  assert_int_equal(vote(3, "011", "000"), OG_VOTE_NONE);   /* scattered cheats */
  assert_int_equal(vote(3, "011", "010"), OG_VOTE_NONE);
  assert_int_equal(vote(3, "111", "111"), OG_VOTE_COLLUDED);
  assert_int_equal(vote(3, "111", "000"), OG_VOTE_NONE);
  /* a colluder that served honestly votes honest, not with the coalition */
  assert_int_equal(vote(3, "011", "110"), OG_VOTE_NONE);
  assert_int_equal(vote(3, "001", "111"), OG_VOTE_HONEST);
  assert_int_equal(vote(4, "0011", "0011"), OG_VOTE_NONE); /* tie */
  assert_int_equal(vote(4, "0111", "0111"), OG_VOTE_COLLUDED);
  assert_int_equal(vote(4, "0001", "0001"), OG_VOTE_HONEST);
}

/* Upheld on a strict majority of the voters' failures: ties clear. */
static void revote(void **state)
{
  (void)state;
  static const struct {
    size_t fails, n;
    int upheld;
  } cases[] = {{0, 1, 0}, {1, 1, 1}, {1, 2, 0}, {2, 2, 1}, {1, 3, 0}, {2, 3, 1},
               {2, 4, 0}, {3, 4, 1}, {49, 99, 0}, {50, 99, 1}, {0, 0, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal(og__revote_upheld(cases[i].fails, cases[i].n), cases[i].upheld);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(run_threshold),  cmocka_unit_test(z_threshold),
    cmocka_unit_test(degenerate_rates), cmocka_unit_test(record),
    cmocka_unit_test(redundancy_vote), cmocka_unit_test(revote),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
