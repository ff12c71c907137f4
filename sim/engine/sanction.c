/* The engine's side of the ledger: fees and detections fed to it with the
 * simulated time, and the sanctions it orders carried out (ejection and
 * jail take the node off the router; the node lets itself back when its
 * jail time is served). */
#include "engine_internal.h"
#include "routing.h"

void og__ledger_earn(struct og_node *n, double fee, double now)
{
  og_ledger_earn(&n->e->ledger, &n->acct, fee, now);
}

/* The account closes into the node's record, which metrics read. */
static void record_account(struct og_node *n)
{
  n->cs.revenue = n->acct.revenue;
  n->cs.rewards = n->acct.rewards;
  n->cs.slashed = n->acct.slashed;
  n->cs.forfeited = n->acct.forfeited;
}

void og__settle_all(struct og_engine *e)
{
  for (size_t i = 0; i < e->n_nodes; i++) {
    if (!e->nodes[i].ejected) /* the last block closes at the end */
      og_ledger_close_account(&e->nodes[i].acct);
    record_account(&e->nodes[i]);
  }
  og_ledger_close(&e->ledger);
  og_metrics_settlement(e->m, e->ledger.s.txs, e->ledger.s.delay_sum, e->ledger.s.settled);
}

static void carry_out(struct og_engine *e, struct og_node *n, const struct og_detection *d)
{
  if (d->sanction == OG_SANCTION_KEEP)
    return;
  og_router_set_up(e->router, n->id, 0);
  if (d->sanction == OG_SANCTION_EJECT) {
    n->ejected = 1;
    return;
  }
  n->cs.jailings++;
  og__node_jail(n, d->jail);
}

void og__detect(struct og_engine *e, struct og_node *validator, struct og_node *suspect,
                uint32_t model, double when)
{
  struct og_detection d =
      og_ledger_detect(&e->ledger, &suspect->acct, e->sc->models[model].fee,
                       e->sc->classes[suspect->cls].stake, og__vf(e, model),
                       suspect->ejected || suspect->jailed, when);
  if (validator)
    og_ledger_reward(&validator->acct, d.reward);
  if (suspect->cs.caught < 0) {
    suspect->cs.caught = when;
    suspect->cs.results_to_catch = suspect->cs.results;
  }
  carry_out(e, suspect, &d);
}
