/* Optimistic verification (opML style: Conway et al., "opML: Optimistic
 * Machine Learning on Blockchain", 2024): results are accepted at once and
 * become final after a challenge window; watchers re-execute a share
 * (`rate`) of them, and a bad result is disputed (the node slashed, the
 * dispute costing `dispute_cost`) only if the watcher's re-execution ends
 * inside the window. Clients see results at once; finality comes a window
 * later. */
#include "protocol.h"

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
const struct og_protocol_kind og_kind_optimistic = {
  .traits = OG_PT_SAMPLES | OG_PT_VALIDATORS,
  .net_modes = OG_NET_MODES_ALL,
  .overhead = 1,
};

#else /* the engine's half */
static void served(struct og_node *n, struct og_request *r)
{
  og__send_check(n, r, og__node_real_now(n) + og__vf(n->e, r->model)->window);
}

const struct og_protocol_type og_proto_optimistic = {
  .served = served,
  .check_done = og__verify_finish,
};
#endif
