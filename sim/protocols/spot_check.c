/* Spot-checking (Proof-of-Sampling style: Zhang et al., "Proof of Sampling:
 * A Nash Equilibrium-Based Verification Protocol for Decentralized
 * Systems", 2024): each served result is checked with probability `rate`,
 * drawn from the serving node's own stream; a validator drawn uniformly
 * among the other up nodes re-executes it on its own simulated capacity
 * (the check waits in its queue like any request); an exact comparison
 * flags every bad result and no honest one, unless the validator colludes
 * with the suspect. Optionally the rate adapts to each node's reputation,
 * validators are drawn by stake (validators.c), and a mismatch goes to a
 * re-validation vote (revalidation.c) before it counts. */
#include <math.h>

#include "protocol.h"

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
double og__kind_copies_sampled(const struct og_verification *v)
{
  return 1 + v->rate;
}

const struct og_protocol_kind og_kind_spot_check = {
  .traits = OG_PT_SAMPLES | OG_PT_VALIDATORS,
  .net_modes = OG_NET_MODES_ALL,
  .overhead = 1,
  .copies = og__kind_copies_sampled,
};

#else /* the engine's half */
static void served(struct og_node *n, struct og_request *r)
{
  og__send_check(n, r, INFINITY);
}

const struct og_protocol_type og_proto_spot_check = {
  .served = served,
  .check_done = og__verify_finish,
};
#endif
