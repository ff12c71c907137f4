/* The ledger of a run: fees earned and settled per block, and what a
 * detection costs the caught node (forfeited fee, slash, ejection or jail)
 * and pays the one who caught it; settlement transactions. Operating costs are read off busy time at the end
 * (metrics_output.c). */
#include <math.h>
#include <simgrid/actor.h>

#include "protocol.h"
#include "routing.h"

/* Settlement of fees: they move from unsettled to revenue at the end of
 * each block (every block_time seconds; at once when 0). What is unsettled
 * when a node is caught and ejected or jailed is lost with it. */
static void settle(struct og_node *n, double now)
{
  double bt = n->e->sc->economics.block_time;
  double block = bt > 0 ? floor(now / bt) : INFINITY;
  if (block > n->settled_block) {
    n->cs.revenue += n->unsettled;
    n->unsettled = 0;
    n->settled_block = block;
  }
}

/* On-chain transactions: one per result (per_request), or one per batch
 * of results whose hashes are posted together (batch; OpenGradient settles
 * inference results batch-hashed). A batch closes when it holds batch_size
 * results or at the end of its block, whichever comes first. */
static void close_batch(struct og_engine *e, double when)
{
  struct og_settlement *s = &e->settlement;
  if (s->open_n == 0)
    return;
  s->txs++;
  s->delay_sum += (double)s->open_n * when - s->open_tsum;
  s->settled += s->open_n;
  s->open_n = 0;
  s->open_tsum = 0;
  s->open_last = 0;
}

static void post_result(struct og_engine *e, double now)
{
  const struct og_economics *ec = &e->sc->economics;
  struct og_settlement *s = &e->settlement;
  double bt = ec->block_time, block = bt > 0 ? floor(now / bt) : 0;
  if (!ec->batch_settlement) {
    s->txs++;
    s->settled++;
    s->delay_sum += bt > 0 ? (block + 1) * bt - now : 0;
    return;
  }
  if (bt > 0 && s->open_n > 0 && block > s->open_block)
    close_batch(e, (s->open_block + 1) * bt);
  if (s->open_n == 0)
    s->open_block = block;
  s->open_n++;
  s->open_tsum += now;
  s->open_last = fmax(s->open_last, now);
  if (ec->batch_size > 0 && s->open_n >= ec->batch_size)
    close_batch(e, now);
}

void og__ledger_earn(struct og_node *n, double fee, double now)
{
  settle(n, now);
  if (n->e->sc->economics.block_time > 0)
    n->unsettled += fee;
  else
    n->cs.revenue += fee;
  post_result(n->e, now);
}

void og__settle_all(struct og_engine *e)
{
  double bt = e->sc->economics.block_time;
  for (size_t i = 0; i < e->n_nodes; i++)
    if (!e->nodes[i].ejected) {
      e->nodes[i].cs.revenue += e->nodes[i].unsettled; /* the last block closes at the end */
      e->nodes[i].unsettled = 0;
    }
  /* the last batch is flushed when the run ends: at its block's end, or
   * (batches by size alone) with its last result, so the end of a finite
   * run does not count as waiting */
  close_batch(e, bt > 0 ? (e->settlement.open_block + 1) * bt : e->settlement.open_last);
  og_metrics_settlement(e->m, e->settlement.txs, e->settlement.delay_sum,
                        e->settlement.settled);
}

/* Jail: out of the network for `jail` seconds (Gonka excludes an invalid
 * node for the epoch), back then unless down or ejected meanwhile. */
static void jail_actor(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_node *n = sg_actor_self_get_data();
  sg_actor_daemonize(sg_actor_self()); /* from inside: one daemonized before its start and
                                          ending on its own crashed SimGrid 3.32 at exit */
  sg_actor_sleep_for(n->jail_left);
  n->jailed = 0;
  if (!n->down && !n->ejected)
    og_router_set_up(n->e->router, n->id, 1);
}

static void exclude(struct og_engine *e, struct og_node *suspect, const struct og_verification *vf)
{
  if (vf->on_detect == OG_DETECT_KEEP || suspect->ejected || suspect->jailed)
    return;
  suspect->cs.forfeited += suspect->unsettled; /* excluded before its block settled */
  suspect->unsettled = 0;
  og_router_set_up(e->router, suspect->id, 0);
  if (vf->on_detect == OG_DETECT_EJECT) {
    suspect->ejected = 1;
    return;
  }
  suspect->jailed = 1;
  suspect->cs.jailings++;
  suspect->jail_left = vf->jail;
  sg_actor_t a = sg_actor_init("jail", suspect->host);
  sg_actor_set_data(a, suspect);
  sg_actor_start(a, jail_actor, 0, NULL);
}

void og__detect(struct og_engine *e, struct og_node *validator, struct og_node *suspect,
                uint32_t model, double when)
{
  const struct og_economics *ec = &e->sc->economics;
  double slash = ec->slash * e->sc->classes[suspect->cls].stake;
  settle(suspect, when);
  if (suspect->unsettled >= e->sc->models[model].fee) /* the bad result earns nothing */
    suspect->unsettled -= e->sc->models[model].fee;
  else
    suspect->cs.revenue -= e->sc->models[model].fee;
  suspect->cs.slashed += slash;
  if (validator)
    validator->cs.rewards += ec->whistleblower * slash;
  if (suspect->cs.caught < 0) {
    suspect->cs.caught = when;
    suspect->cs.results_to_catch = suspect->cs.results;
  }
  exclude(e, suspect, og__vf(e, model));
}
