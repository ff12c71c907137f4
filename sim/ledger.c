/* The ledger of a run: fees earned and settled per block, and what a
 * detection costs the caught node (forfeited fee, slash, ejection) and pays
 * the one who caught it. Operating costs are read off busy time at the end
 * (metrics_output.c). */
#include <math.h>

#include "protocol.h"
#include "routing.h"

/* Settlement: fees move from unsettled to revenue at the end of each block
 * (every block_time seconds; at once when 0). What is unsettled when a node
 * is caught and ejected is lost with it. */
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

void og__ledger_earn(struct og_node *n, double fee, double now)
{
  settle(n, now);
  if (n->e->sc->economics.block_time > 0)
    n->unsettled += fee;
  else
    n->cs.revenue += fee;
}

void og__settle_all(struct og_engine *e)
{
  for (size_t i = 0; i < e->n_nodes; i++)
    if (!e->nodes[i].ejected) {
      e->nodes[i].cs.revenue += e->nodes[i].unsettled; /* the last block closes at the end */
      e->nodes[i].unsettled = 0;
    }
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
  if (suspect->cs.caught < 0)
    suspect->cs.caught = when;
  if (e->sc->verification.eject && !suspect->ejected) {
    suspect->cs.forfeited += suspect->unsettled; /* ejected before its block settled */
    suspect->unsettled = 0;
    suspect->ejected = 1;
    og_router_set_up(e->router, suspect->id, 0);
  }
}
