/* The fast network mode: no messages. Latencies before a node are folded
 * into the clocks (a client acts for the gateway at gateway time, a node's
 * clock runs its gateway route's latency behind real time: see node.c), and
 * a result's arrival at its client is computed when the node finishes. */
#include "netmode.h"

/* Latencies before the node are in the clocks; transfer times (bytes /
 * bandwidth) of the request's two hops and the whole response hop are added
 * here, and the protocol's check at the client. */
double og__response_time(const struct og_node *n, const struct og_request *r)
{
  const struct og_engine *e = n->e;
  const struct og_client *cl = &e->clients[r->client];
  return r->t_finish + n->to_gateway.latency + r->req_bytes / cl->to_gateway.bandwidth +
         r->req_bytes / n->to_gateway.bandwidth +
         og__route_delay(n->to_client[r->client], r->resp_bytes) +
         og__vf(e, r->model)->latency;
}

static int analytic(const struct og_engine *e, double bytes)
{
  (void)e;
  (void)bytes;
  return 1; /* every message */
}

static void respond(struct og_node *n, struct og_request *r)
{
  double t_done = og__response_time(n, r);
  r->verify_delay = og__verify_delay(n->e, r);
  og__proto_result(n, r, t_done);
}

const struct og_net_mode_type og_net_fast = {
  .shifted_clocks = 1,
  .event_loop = 1,
  .analytic = analytic,
  .to_gateway = og__gateway_route,
  .to_node = og__node_enqueue,
  .respond = respond,
};
