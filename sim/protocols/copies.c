/* Copies of a client request computed by other nodes, for the protocols
 * that have several nodes answer each request (redundancy's copies, a
 * quorum's committee). A copy holds a reference to its request. */
#include "protocol.h"

int og__copy_send(struct og_engine *e, struct og_request *r, size_t node)
{
  struct og_request *c = og__request_derived(e, r, OG_KIND_REPLICA, node);
  if (!c)
    return -1;
  c->orig = r;
  c->copy_hop = r->hop;
  c->deadline = r->deadline;
  r->refs++;
  og__request_hand(e, c);
  return 0;
}
