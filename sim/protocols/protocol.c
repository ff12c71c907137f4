/* What every protocol shares: the table from a model's protocol to its
 * descriptor, and what follows each served result (ledger.c keeps the
 * money; dishonest.c says which nodes cheat). */
#include <math.h>
#include <stdlib.h>


#include "protocol.h"
#include "rng.h"
#include "routing.h"

int og__proto_always(const struct og_node *n, const struct og_verification *v)
{
  (void)n;
  (void)v;
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

int og__may_cheat(const struct og_node *n, uint32_t model)
{
  const struct og_verification *v = og__vf(n->e, model);
  return types[v->protocol]->can_cheat(n, v);
}

void og__verify_after_serve(struct og_node *n, struct og_request *r)
{
  struct og_engine *e = n->e;
  n->cs.results++;
  og__ledger_earn(n, e->sc->models[r->model].fee, og__node_real_now(n));
  if (r->cheated && n->cs.cheats++ == 0)
    n->cs.first_cheat = og__node_real_now(n);
  types[og__vf(e, r->model)->protocol]->served(n, r);
}
