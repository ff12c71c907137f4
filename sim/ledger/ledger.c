/* The ledger's arithmetic: fees settled per block, settlement transactions,
 * slashing and forfeiture on a detection (ledger.h). Operating costs are
 * read off busy time at the end (metrics_output.c). */
#include <math.h>

#include "ledger.h"

void og_ledger_init(struct og_ledger *l, const struct og_economics *ec)
{
  *l = (struct og_ledger){.ec = ec};
}

void og_account_init(struct og_account *a)
{
  *a = (struct og_account){.settled_block = -1};
}

/* Fees move from unsettled to revenue when a later block than the last
 * settled one is reached (each result at once when block_time is 0). */
static void settle(const struct og_economics *ec, struct og_account *a, double t)
{
  double bt = ec->block_time;
  double block = bt > 0 ? floor(t / bt) : INFINITY;
  if (block > a->settled_block) {
    a->revenue += a->unsettled;
    a->unsettled = 0;
    a->settled_block = block;
  }
}

static void close_batch(struct og_settlement *s, double when)
{
  if (s->open_n == 0)
    return;
  s->txs++;
  s->delay_sum += (double)s->open_n * when - s->open_tsum;
  s->settled += s->open_n;
  s->open_n = 0;
  s->open_tsum = 0;
  s->open_last = 0;
}

static void post_result(struct og_ledger *l, double t)
{
  const struct og_economics *ec = l->ec;
  struct og_settlement *s = &l->s;
  double bt = ec->block_time, block = bt > 0 ? floor(t / bt) : 0;
  if (!ec->batch_settlement) {
    s->txs++;
    s->settled++;
    s->delay_sum += bt > 0 ? (block + 1) * bt - t : 0;
    return;
  }
  if (bt > 0 && s->open_n > 0 && block > s->open_block)
    close_batch(s, (s->open_block + 1) * bt);
  if (s->open_n == 0)
    s->open_block = block;
  s->open_n++;
  s->open_tsum += t;
  s->open_last = fmax(s->open_last, t);
  if (ec->batch_size > 0 && s->open_n >= ec->batch_size)
    close_batch(s, t);
}

void og_ledger_earn(struct og_ledger *l, struct og_account *a, double fee, double t)
{
  settle(l->ec, a, t);
  if (l->ec->block_time > 0)
    a->unsettled += fee;
  else
    a->revenue += fee;
  post_result(l, t);
}

void og_ledger_reward(struct og_account *a, double amount)
{
  a->rewards += amount;
}

/* Jail: Gonka excludes an invalid node for the epoch. */
static enum og_sanction sanction_of(const struct og_verification *vf)
{
  return vf->on_detect == OG_DETECT_EJECT ? OG_SANCTION_EJECT : OG_SANCTION_JAIL;
}

struct og_detection og_ledger_detect(const struct og_ledger *l, struct og_account *a, double fee,
                                     double stake, const struct og_verification *vf, int excluded,
                                     double t)
{
  const struct og_economics *ec = l->ec;
  struct og_detection d = {.slash = ec->slash * stake, .sanction = OG_SANCTION_KEEP};
  settle(ec, a, t);
  if (a->unsettled >= fee) /* the bad result earns nothing */
    a->unsettled -= fee;
  else
    a->revenue -= fee;
  a->slashed += d.slash;
  d.reward = ec->whistleblower * d.slash;
  if (vf->on_detect == OG_DETECT_KEEP || excluded)
    return d;
  d.forfeited = a->unsettled; /* excluded before its block settled */
  a->forfeited += a->unsettled;
  a->unsettled = 0;
  d.sanction = sanction_of(vf);
  d.jail = d.sanction == OG_SANCTION_JAIL ? vf->jail : 0;
  return d;
}

void og_ledger_close_account(struct og_account *a)
{
  a->revenue += a->unsettled;
  a->unsettled = 0;
}

void og_ledger_close(struct og_ledger *l)
{
  double bt = l->ec->block_time;
  close_batch(&l->s, bt > 0 ? (l->s.open_block + 1) * bt : l->s.open_last);
}
