/* Unit tests: the ledger without an engine (ledger.h), fed hand-made events
 * whose sums are worked out by hand: settlement per request and per batch
 * over several blocks, block boundaries, slashing and forfeiture, and the
 * sanction a detection orders. All numbers are binary fractions, so every
 * expected value is exact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ledger.h"

#define assert_exact(got, want)                                                         \
  do {                                                                                  \
    double g_ = (got), w_ = (want);                                                     \
    if (g_ != w_)                                                                       \
      fail_msg("%s = %.17g, want %.17g", #got, g_, w_);                                 \
  } while (0)

static struct og_economics per_request(double block_time)
{
  return (struct og_economics){.block_time = block_time};
}

static struct og_economics batches(double block_time, size_t batch_size)
{
  return (struct og_economics){.block_time = block_time, .batch_settlement = 1,
                               .batch_size = batch_size};
}

static void earn_all(struct og_ledger *l, struct og_account *a, const double *t, size_t n)
{
  for (size_t i = 0; i < n; i++)
    og_ledger_earn(l, a, 0.25, t[i]);
}

/* One transaction per result, posted at the end of its block: a result at
 * exactly t = 2 (block_time 2) opens block 1 and waits a whole block. Delays
 * 1.5 + 0.5 + 2 + 0.75 + 0.25 = 5. Fees of 0.25 wait in unsettled until a
 * later block starts: checked after each result. */
static void per_request_blocks(void **state)
{
  (void)state;
  struct og_economics ec = per_request(2);
  struct og_ledger l;
  struct og_account a;
  og_ledger_init(&l, &ec);
  og_account_init(&a);
  static const double t[] = {0.5, 1.5, 2.0, 3.25, 5.75};
  static const double revenue[] = {0, 0, 0.5, 0.5, 1.0};
  static const double unsettled[] = {0.25, 0.5, 0.25, 0.5, 0.25};
  for (size_t i = 0; i < 5; i++) {
    og_ledger_earn(&l, &a, 0.25, t[i]);
    assert_exact(a.revenue, revenue[i]);
    assert_exact(a.unsettled, unsettled[i]);
  }
  assert_int_equal(l.s.txs, 5);
  assert_int_equal(l.s.settled, 5);
  assert_exact(l.s.delay_sum, 5.0);
  og_ledger_close_account(&a);
  og_ledger_close(&l);
  assert_exact(a.revenue, 1.25);
  assert_exact(a.unsettled, 0);
  assert_int_equal(l.s.txs, 5); /* nothing left open per request */
  assert_exact(l.s.delay_sum, 5.0);
}

/* block_time 0: every fee settles at once, no delay; batches close by size
 * alone (3: results 1,2,3 wait 2+1+0; 4,5 are flushed at the end with the
 * last result, waiting 1+0), or with no size the whole run is one batch
 * flushed with its last result (1,2,4 wait 3+2+0). */
static void block_time_zero(void **state)
{
  (void)state;
  static const double t[] = {1, 2, 3, 4, 5};
  struct og_economics ec = per_request(0);
  struct og_ledger l;
  struct og_account a;
  og_ledger_init(&l, &ec);
  og_account_init(&a);
  earn_all(&l, &a, t, 5);
  assert_exact(a.revenue, 1.25);
  assert_exact(a.unsettled, 0);
  assert_int_equal(l.s.txs, 5);
  assert_exact(l.s.delay_sum, 0);

  ec = batches(0, 3);
  og_ledger_init(&l, &ec);
  earn_all(&l, &a, t, 3);
  assert_int_equal(l.s.txs, 1);
  assert_exact(l.s.delay_sum, 3);
  earn_all(&l, &a, t + 3, 2);
  assert_int_equal(l.s.txs, 1);
  og_ledger_close(&l);
  assert_int_equal(l.s.txs, 2);
  assert_int_equal(l.s.settled, 5);
  assert_exact(l.s.delay_sum, 4);

  ec = batches(0, 0);
  og_ledger_init(&l, &ec);
  earn_all(&l, &a, (const double[]){1, 2, 4}, 3);
  assert_int_equal(l.s.txs, 0);
  og_ledger_close(&l);
  assert_int_equal(l.s.txs, 1);
  assert_int_equal(l.s.settled, 3);
  assert_exact(l.s.delay_sum, 5);
}

/* A batch per 2 s block: results 0.5 and 1.5 wait for block 0's end, which
 * the result at exactly t = 2 (block 1) marks: 1.5 + 0.5; 2 and 3 wait for
 * block 1's end at 4, posted when block 3's first result comes: 2 + 1; the
 * last (6.5) is flushed at its block's end, 8: 1.5. */
static void batch_per_block(void **state)
{
  (void)state;
  struct og_economics ec = batches(2, 0);
  struct og_ledger l;
  struct og_account a;
  og_ledger_init(&l, &ec);
  og_account_init(&a);
  earn_all(&l, &a, (const double[]){0.5, 1.5}, 2);
  assert_int_equal(l.s.txs, 0);
  earn_all(&l, &a, (const double[]){2.0}, 1);
  assert_int_equal(l.s.txs, 1);
  assert_int_equal(l.s.settled, 2);
  assert_exact(l.s.delay_sum, 2);
  earn_all(&l, &a, (const double[]){3.0, 6.5}, 2);
  assert_int_equal(l.s.txs, 2);
  assert_exact(l.s.delay_sum, 5);
  og_ledger_close(&l);
  assert_int_equal(l.s.txs, 3);
  assert_int_equal(l.s.settled, 5);
  assert_exact(l.s.delay_sum, 6.5);
}

/* Batches of at most 2 in 2 s blocks: 0.25 and 0.5 fill one (closed at 0.5:
 * 0.25 + 0); 1.0 is alone in block 0 and closes at the block's end when 2.5
 * arrives (1); 2.5 and 3.0 fill the next (0.5 + 0). Nothing is left open. */
static void batch_size_cap(void **state)
{
  (void)state;
  struct og_economics ec = batches(2, 2);
  struct og_ledger l;
  struct og_account a;
  og_ledger_init(&l, &ec);
  og_account_init(&a);
  static const double t[] = {0.25, 0.5, 1.0, 2.5, 3.0};
  static const uint64_t txs[] = {0, 1, 1, 2, 3};
  static const double delay[] = {0, 0.25, 0.25, 1.25, 1.75};
  for (size_t i = 0; i < 5; i++) {
    og_ledger_earn(&l, &a, 0.25, t[i]);
    assert_int_equal(l.s.txs, txs[i]);
    assert_exact(l.s.delay_sum, delay[i]);
  }
  og_ledger_close(&l);
  assert_int_equal(l.s.txs, 3);
  assert_int_equal(l.s.settled, 5);
  assert_exact(l.s.delay_sum, 1.75);
}

/* slash 0.5 of a stake of 8 = 4, of which the finder gets 0.25 = 1. The
 * bad result's fee comes out of unsettled fees while they cover it (0.75 ->
 * 0.5), else out of revenue (fee 1 > 0.5: revenue -1); a detection in a
 * later block first settles the earlier one (-1 + 0.5), then takes the fee
 * from revenue (-0.75). Kept in the network: nothing forfeited. */
static void slashing(void **state)
{
  (void)state;
  struct og_economics ec = per_request(2);
  ec.slash = 0.5;
  ec.whistleblower = 0.25;
  struct og_verification keep = {.on_detect = OG_DETECT_KEEP};
  struct og_ledger l;
  struct og_account a;
  og_ledger_init(&l, &ec);
  og_account_init(&a);
  earn_all(&l, &a, (const double[]){0.25, 0.5, 0.75}, 3);
  struct og_detection d = og_ledger_detect(&l, &a, 0.25, 8, &keep, 0, 1.0);
  assert_exact(d.slash, 4);
  assert_exact(d.reward, 1);
  assert_exact(d.forfeited, 0);
  assert_int_equal(d.sanction, OG_SANCTION_KEEP);
  assert_exact(a.unsettled, 0.5);
  assert_exact(a.revenue, 0);
  assert_exact(a.slashed, 4);
  d = og_ledger_detect(&l, &a, 1.0, 8, &keep, 0, 1.5);
  assert_exact(a.unsettled, 0.5);
  assert_exact(a.revenue, -1);
  assert_exact(a.slashed, 8);
  d = og_ledger_detect(&l, &a, 0.25, 2, &keep, 0, 2.5);
  assert_exact(d.slash, 1);
  assert_exact(d.reward, 0.25);
  assert_exact(a.unsettled, 0);
  assert_exact(a.revenue, -0.75);
  assert_exact(a.slashed, 9);
  assert_exact(a.forfeited, 0);
  og_ledger_reward(&a, d.reward);
  og_ledger_reward(&a, 0.5);
  assert_exact(a.rewards, 0.75);
}

/* Ejection: the unsettled fees left after the bad result's fee (0.75 - 0.25)
 * are forfeited. A node already out (ejected or jailed) is slashed again and
 * loses the fee, but forfeits nothing more and gets no second sanction. */
static void eject(void **state)
{
  (void)state;
  struct og_economics ec = per_request(2);
  ec.slash = 1;
  struct og_verification vf = {.on_detect = OG_DETECT_EJECT, .jail = 30};
  struct og_ledger l;
  struct og_account a;
  og_ledger_init(&l, &ec);
  og_account_init(&a);
  earn_all(&l, &a, (const double[]){0.5, 1.0, 1.5}, 3);
  struct og_detection d = og_ledger_detect(&l, &a, 0.25, 2, &vf, 0, 1.75);
  assert_int_equal(d.sanction, OG_SANCTION_EJECT);
  assert_exact(d.jail, 0);
  assert_exact(d.forfeited, 0.5);
  assert_exact(a.forfeited, 0.5);
  assert_exact(a.unsettled, 0);
  assert_exact(a.revenue, 0);
  earn_all(&l, &a, (const double[]){1.8}, 1); /* a batch finishing after the ejection */
  d = og_ledger_detect(&l, &a, 0.25, 2, &vf, 1, 1.9);
  assert_int_equal(d.sanction, OG_SANCTION_KEEP);
  assert_exact(d.forfeited, 0);
  assert_exact(d.slash, 2);
  assert_exact(a.unsettled, 0);
  assert_exact(a.forfeited, 0.5);
  assert_exact(a.slashed, 4);
}

/* Jail for 30 s: forfeiture as for ejection, the jail time carried in the
 * sanction; already jailed: kept as it is. With block_time 0 nothing is
 * ever unsettled, so nothing is forfeited and the fee comes off revenue. */
static void jail(void **state)
{
  (void)state;
  struct og_economics ec = per_request(4);
  struct og_verification vf = {.on_detect = OG_DETECT_JAIL, .jail = 30};
  struct og_ledger l;
  struct og_account a;
  og_ledger_init(&l, &ec);
  og_account_init(&a);
  earn_all(&l, &a, (const double[]){1, 2, 3}, 3);
  struct og_detection d = og_ledger_detect(&l, &a, 0.5, 1, &vf, 0, 3.5);
  assert_int_equal(d.sanction, OG_SANCTION_JAIL);
  assert_exact(d.jail, 30);
  assert_exact(d.forfeited, 0.25);
  assert_exact(a.unsettled, 0);
  assert_exact(a.revenue, 0);
  d = og_ledger_detect(&l, &a, 0.5, 1, &vf, 1, 3.75);
  assert_int_equal(d.sanction, OG_SANCTION_KEEP);
  assert_exact(d.jail, 0);
  assert_exact(a.revenue, -0.5);
  assert_exact(a.forfeited, 0.25);

  ec = per_request(0);
  og_ledger_init(&l, &ec);
  og_account_init(&a);
  earn_all(&l, &a, (const double[]){1, 2}, 2);
  d = og_ledger_detect(&l, &a, 0.25, 1, &vf, 0, 2.5);
  assert_int_equal(d.sanction, OG_SANCTION_JAIL);
  assert_exact(d.forfeited, 0);
  assert_exact(a.revenue, 0.25);
  assert_exact(a.forfeited, 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(per_request_blocks), cmocka_unit_test(block_time_zero),
    cmocka_unit_test(batch_per_block),    cmocka_unit_test(batch_size_cap),
    cmocka_unit_test(slashing),           cmocka_unit_test(eject),
    cmocka_unit_test(jail),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
