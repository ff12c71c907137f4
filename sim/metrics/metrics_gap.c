/* What cheating earned over honesty in the cheaters' own classes, and the
 * compute a cheat saved there, from the run's ledger: the measured side of
 * the Proof-of-Sampling threshold (theory.h). */
#include <math.h>
#include <stdlib.h>

#include "metrics_internal.h"
#include "profit.h"
#include "theory.h"

/* One side (0 honest, 1 dishonest) of one node class. */
struct side {
  double profit, cost, results;
};

static void sum_sides(const struct og_metrics *m, const struct og_cheat_stats *cs,
                      const int *dishonest, struct side (*s)[2])
{
  for (size_t i = 0; i < m->n_nodes; i++) {
    struct side *x = &s[m->node_class[i]][dishonest[i] != 0];
    double cost = og__metrics_node_cost(m, i, cs[i].busy_all);
    x->profit += og_profit(cs[i].revenue, cs[i].rewards, cost, cs[i].slashed);
    x->cost += cost;
    x->results += (double)cs[i].results;
  }
}

/* Per delivered result, each class weighted by the dishonest results it
 * delivered (classes without both sides left out): the honest peers'
 * profit, the dishonest nodes' profit, and the compute cost per result
 * honest peers paid and dishonest ones did not. */
void og__metrics_profit_gap(struct og_metrics *m, const struct og_cheat_stats *cs,
                            const int *dishonest)
{
  size_t nc = m->sc->n_classes;
  struct side(*s)[2] = calloc(nc ? nc : 1, sizeof *s);
  if (!s) {
    m->oom = 1;
    return;
  }
  sum_sides(m, cs, dishonest, s);
  double w = 0, peers = 0, cheats = 0, saved = 0;
  for (size_t c = 0; c < nc; c++) {
    const struct side *h = &s[c][0], *d = &s[c][1];
    if (h->results <= 0 || d->results <= 0)
      continue;
    w += d->results;
    peers += d->results * h->profit / h->results;
    cheats += d->profit;
    saved += d->results * (h->cost / h->results) - d->cost;
  }
  free(s);
  struct og_eq_theory th;
  og_eq_theory(m->sc, &th);
  double risk = (th.R + th.S) * (1 - m->sc->verification.fn_rate);
  double saving = w > 0 ? saved / w : NAN;
  og__metrics_set(m, OG_SUM_PROFIT_PER_RESULT_PEERS, w > 0 ? peers / w : NAN);
  og__metrics_set(m, OG_SUM_PROFIT_GAP, w > 0 ? (cheats - peers) / w : NAN);
  og__metrics_set(m, OG_SUM_CHEAT_COMPUTE_SAVED, saving);
  og__metrics_set(m, OG_SUM_THRESHOLD_MEASURED, risk > 0 ? saving / risk : NAN);
}
