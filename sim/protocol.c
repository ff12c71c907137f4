/* What every protocol shares: which nodes are dishonest (and, under TEE,
 * compromised), the table from the scenario's protocol to its descriptor,
 * and what follows each served result (ledger.c keeps the money). Dishonest nodes
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

void og__verify_after_serve(struct og_node *n, struct og_request *r)
{
  struct og_engine *e = n->e;
  n->cs.results++;
  og__ledger_earn(n, e->sc->models[r->model].fee, og__node_real_now(n));
  if (r->cheated && n->cs.cheats++ == 0)
    n->cs.first_cheat = og__node_real_now(n);
  types[e->sc->verification.protocol]->served(n, r);
}
