/* The table from a scenario's network mode to its hooks, from the one list
 * (net_mode_list.h). */
#include "netmode.h"

#define OG_NET_ENTRY(E, name, traits) [OG_NET_##E] = &og_net_##name,
static const struct og_net_mode_type *const types[OG_NET_MODE_COUNT] = {
  OG_NET_MODE_LIST(OG_NET_ENTRY)
};
#undef OG_NET_ENTRY

const struct og_net_mode_type *og__net_mode(enum og_net_mode m)
{
  return types[m];
}

void og__arrive_gateway(struct og_engine *e, struct og_request *r, uint32_t hop)
{
  if (hop == r->hop && r->state == OG_REQ_PENDING)
    og__gateway_route(e, r);
  og__request_unref(e, r);
}

void og__arrive_node(struct og_engine *e, struct og_node *n, struct og_request *r, uint32_t hop)
{
  if (hop == r->hop && r->state == OG_REQ_PENDING) {
    og__node_enqueue(e, n, r);
  } else { /* the gateway counted it in n's load when it routed it */
    og__in_hand(n, r->model, -1);
    og__node_release_load(n);
  }
  og__request_unref(e, r);
}

void og__arrive_client(struct og_engine *e, struct og_request *r, uint32_t hop, uint32_t node,
                       double now)
{
  double done = now + og__vf(e, r->model)->latency; /* the client's check */
  if (hop == r->hop && r->state == OG_REQ_PENDING) {
    r->verify_delay = og__verify_delay(e, r);
    og__proto_result(&e->nodes[node], r, done);
  }
  og__request_unref(e, r);
}
