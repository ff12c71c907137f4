/* What every protocol shares: which nodes are dishonest (and, under TEE,
 * compromised), the ledger entries of serving and of a detection, and the
 * table from the scenario's protocol to its descriptor. Dishonest nodes
 * follow the scenario's strategies: colluding validators approve fellow
 * cheaters' bad results; adaptive cheaters turn honest once caught. */
#include <math.h>
#include <stdlib.h>


#include "protocol.h"
#include "rng.h"
#include "routing.h"

enum og_status og__assign_dishonest(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  size_t first = 0;
  for (size_t c = 0; c < sc->n_classes; c++) {
    size_t count = sc->classes[c].count, taken = 0;
    for (size_t g = 0; g < sc->n_dishonest; g++) {
      const struct og_dishonest *d = &sc->dishonest[g];
      if (d->cls != c)
        continue;
      size_t k = (size_t)llround(d->share * (double)count);
      /* the first nodes of the class not yet taken by an earlier group */
      for (size_t i = taken; i < count && i < taken + k; i++) {
        struct og_node *n = &e->nodes[first + i];
        n->cheat = d;
        if (!(n->strat_rng = og_rng_new(sc->seed, OG_RNG_STRATEGY, n->id)))
          return OG_ENOMEM;
      }
      taken = taken + k < count ? taken + k : count;
    }
    first += count;
  }
  if (sc->verification.protocol == OG_PROTO_TEE) /* whose enclave is compromised */
    for (size_t i = 0; i < e->n_nodes; i++)
      if (e->nodes[i].strat_rng)
        e->nodes[i].compromised =
            gsl_rng_uniform(e->nodes[i].strat_rng) < sc->verification.compromised;
  enum og_protocol pr = sc->verification.protocol;
  if (pr != OG_PROTO_SPOT_CHECK && pr != OG_PROTO_OPTIMISTIC && pr != OG_PROTO_REDUNDANCY)
    return OG_OK;
  if (!(e->check_rng = og_rng_new(sc->seed, OG_RNG_VERIFY, UINT64_MAX)))
    return OG_ENOMEM;
  for (size_t i = 0; i < e->n_nodes; i++)
    if (!(e->nodes[i].check_rng = og_rng_new(sc->seed, OG_RNG_VERIFY, i)))
      return OG_ENOMEM;
  return OG_OK;
}

int og__proto_always(const struct og_node *n)
{
  (void)n;
  return 1;
}

static void nothing(struct og_node *n, struct og_request *r)
{
  (void)n;
  (void)r;
}

/* No verification: every result is accepted. */
const struct og_protocol_type og_proto_none = {
  .name = "none",
  .can_cheat = og__proto_always,
  .served = nothing,
};

static const struct og_protocol_type *const types[] = {
  [OG_PROTO_NONE] = &og_proto_none,
  [OG_PROTO_SPOT_CHECK] = &og_proto_spot_check,
  [OG_PROTO_TEE] = &og_proto_tee,
  [OG_PROTO_ZKML] = &og_proto_zkml,
  [OG_PROTO_OPTIMISTIC] = &og_proto_optimistic,
  [OG_PROTO_REDUNDANCY] = &og_proto_redundancy,
};

int og__may_cheat(const struct og_node *n)
{
  return types[n->e->sc->verification.protocol]->can_cheat(n);
}

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

static void earn(struct og_node *n, double fee, double now)
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

void og__verify_after_serve(struct og_node *n, struct og_request *r)
{
  struct og_engine *e = n->e;
  n->cs.results++;
  earn(n, e->sc->models[r->model].fee, og__node_real_now(n));
  if (r->cheated && n->cs.cheats++ == 0)
    n->cs.first_cheat = og__node_real_now(n);
  types[e->sc->verification.protocol]->served(n, r);
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
