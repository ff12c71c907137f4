/* zkML: every result carries a proof of the computation, produced at
 * `overhead` times the compute and checked by the client in `latency`. A
 * cheated result cannot carry a valid proof: every cheat is detected
 * (certainly, and at once). Defaults: proving at 1000x the compute (the
 * 100-10,000x range DESIGN.md cites) and a 100 ms proof check. */
#include "protocol.h"

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
const struct og_protocol_kind og_kind_zkml = {
  .net_modes = OG_NET_MODES_ALL,
  .overhead = 1000,
  .latency = 0.1,
};

#else /* the engine's half */
static void served(struct og_node *n, struct og_request *r)
{
  og_metrics_check(n->e->m, r->cheated);
  n->cs.checked++;
  if (r->cheated && n->cs.cheats_before_check < 0)
    n->cs.cheats_before_check = (int64_t)n->cs.cheats - 1;
  if (r->cheated)
    og__detect(n->e, NULL, n, r->model, og__node_real_now(n));
}

const struct og_protocol_type og_proto_zkml = {
  .served = served,
};
#endif
