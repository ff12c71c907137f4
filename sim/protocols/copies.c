/* Copies of a client request computed by other nodes, for the protocols
 * that have several nodes answer each request (redundancy's copies, a
 * quorum's committee). A copy holds a reference to its request. */
#include "protocol.h"
#include "routing.h"

int og__copy_send(struct og_engine *e, struct og_request *r, size_t node)
{
  struct og_request *c = og__request_new(e);
  if (!c) {
    e->oom = 1;
    return -1;
  }
  c->kind = OG_KIND_REPLICA;
  c->model = r->model;
  c->client = r->client;
  c->orig = r;
  c->copy_hop = r->hop;
  c->deadline = r->deadline;
  c->node = (uint32_t)node;
  r->refs++;
  og_router_load_add(e->router, node, +1);
  og__node_enqueue(e, &e->nodes[node], c);
  og__request_unref(e, c);
  return 0;
}
