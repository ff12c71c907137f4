/* The gateway: routes each request (first attempts, retries after a timeout,
 * and resends after a node failure) to a node chosen by the routing policy.
 * In the exact network mode it is an actor receiving from its mailbox. */
#include <simgrid/actor.h>

#include "engine_internal.h"
#include "protocol.h"
#include "routing.h"

void og__gateway_route(struct og_engine *e, struct og_request *r)
{
  const struct og_protocol_type *t = og__proto(e, r->model);
  if (t->dispatch && r->kind == OG_KIND_CLIENT) {
    t->dispatch(e, r);
    return;
  }
  long k = og_router_pick(e->router, og__now());
  if (k < 0)
    return; /* every node is down: the client's timeout will retry */
  struct og_node *n = &e->nodes[k];
  r->node = (uint32_t)k;
  og_router_load_add(e->router, (size_t)k, +1);
  if (t->routed && r->kind == OG_KIND_CLIENT)
    t->routed(e, r, (uint32_t)k);
  if (e->sc->net_mode == OG_NET_FAST)
    og__node_enqueue(e, n, r);
  else
    og__send(e, n->mbox, r, e->sc->models[r->model].request_bytes);
}

void og__gateway_failover(struct og_engine *e, struct og_request *r)
{
  r->hop++;
  r->failovers++;
  og_metrics_failover(e->m, og__now());
  if (e->sc->net_mode == OG_NET_FAST)
    og__gateway_route(e, r);
  else
    og__send(e, e->gw_mbox, r, e->sc->models[r->model].request_bytes);
}

static void on_request(void *ctx, struct og_msg *msg)
{
  struct og_engine *e = ctx;
  struct og_request *r = msg->req;
  if (msg->hop == r->hop && r->state == OG_REQ_PENDING)
    og__gateway_route(e, r);
  og__request_unref(e, r);
}

void og__gateway_actor(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_engine *e = sg_actor_self_get_data();
  og__receive_loop(e, e->gw_mbox, OG_RX_WIDE, on_request, e);
}
