/* Trusted execution: inference runs in an enclave whose attestation the
 * client checks (`latency` added to each response, `overhead` on compute).
 * A dishonest node can only cheat if its enclave is compromised, which each
 * dishonest node's is with probability `compromised`; then nothing catches
 * it (a compromised enclave attests anything). */
#include "protocol.h"

static int can_cheat(const struct og_node *n, const struct og_verification *v)
{
  return n->enclave_draw < v->compromised;
}

static void served(struct og_node *n, struct og_request *r)
{
  (void)n;
  (void)r; /* attestation passes; a compromised enclave's lie goes unseen */
}

const struct og_protocol_type og_proto_tee = {
  .name = "tee",
  .can_cheat = can_cheat,
  .served = served,
};
