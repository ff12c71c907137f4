/* zkML: every result carries a proof of the computation, produced at
 * `overhead` times the compute and checked by the client in `latency`. A
 * cheated result cannot carry a valid proof: every cheat is detected
 * (certainly, and at once). */
#include "protocol.h"

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
  .name = "zkml",
  .can_cheat = og__proto_always,
  .served = served,
};
