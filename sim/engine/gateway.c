/* The gateway: routes each request (first attempts, retries after a timeout,
 * and resends after a node failure) to a node chosen by the routing policy
 * among the up nodes that host its model. Requests reach it, and leave it,
 * through the network mode's hooks. */
#include "netmode.h"
#include "protocol.h"
#include "routing.h"

void og__gateway_route(struct og_engine *e, struct og_request *r)
{
  const struct og_protocol_type *t = og__proto(e, r->model);
  if (t->dispatch && r->kind == OG_KIND_CLIENT) {
    t->dispatch(e, r);
    return;
  }
  if (e->as && r->kind == OG_KIND_CLIENT && r->timeouts == 0 && r->failovers == 0)
    og__autoscale_arrival(e, r->model);
  long k = og_router_pick(e->router, r->model, og__now());
  if (k < 0) {
    if (e->as && r->kind == OG_KIND_CLIENT)
      og__autoscale_park(e, r); /* no replica at all: a cold start */
    return; /* every node hosting its model is down: the client's timeout will retry */
  }
  og__arrival_prefetch(e, (size_t)k);
  struct og_node *n = &e->nodes[k];
  r->node = (uint32_t)k;
  og_router_load_add(e->router, (size_t)k, +1);
  og__in_hand(n, r->model, +1);
  if (t->routed && r->kind == OG_KIND_CLIENT)
    t->routed(e, r, (uint32_t)k);
  og__netstat_g2n(e, n, r);
  e->net->to_node(e, n, r);
}

void og__gateway_failover(struct og_engine *e, struct og_request *r)
{
  r->hop++;
  r->failovers++;
  og_metrics_failover(e->m, og__now());
  og__netstat_n2g(e, r);
  (e->net->failover ? e->net->failover : e->net->to_gateway)(e, r);
}
