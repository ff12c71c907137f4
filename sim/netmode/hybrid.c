/* The hybrid network mode (the default; docs/network.md): a message of at
 * least network.flow_threshold bytes is a flow that shares the platform's
 * links with the other flows (flows.c, SimGrid's CM02 sharing); a smaller
 * one arrives after latency + bytes / bandwidth of its route, as in the
 * fast mode. When no message of the scenario can reach the threshold the
 * engine runs the fast mode itself (engine.c), bit for bit.
 *
 * Unlike the fast mode, nothing is folded into clocks: nodes and clients
 * run in real time and every hop is an event of the loop (flows.c), so
 * flows of every hop share the links at the times they really cross them.
 * The hops and their checks are the exact mode's (exact.c): a message for
 * an attempt that was superseded (a retry) or for a request resolved
 * meanwhile is dropped on arrival. */
#include "flows.h"
#include "netmode.h"

static int is_flow(const struct og_engine *e, double bytes)
{
  return bytes >= e->sc->flow_threshold;
}

static int analytic(const struct og_engine *e, double bytes)
{
  return !is_flow(e, bytes);
}

/* ---- arrivals: the exact mode's (netmode.c) -------------------------- */

static void at_gateway(struct og_engine *e, struct og_request *r, uint32_t hop, uint32_t unused)
{
  (void)unused;
  og__arrive_gateway(e, r, hop);
}

static void at_node(struct og_engine *e, struct og_request *r, uint32_t hop, uint32_t node)
{
  og__arrive_node(e, &e->nodes[node], r, hop);
}

static void at_client(struct og_engine *e, struct og_request *r, uint32_t hop, uint32_t node)
{
  og__arrive_client(e, r, hop, node, e->loop_now);
}

/* ---- hops --------------------------------------------------------------- */

/* From a client (a first attempt or a retry). */
static void to_gateway(struct og_engine *e, struct og_request *r)
{
  const struct og_client *c = &e->clients[r->client];
  double b = og__req_bytes(e, r);
  if (is_flow(e, b))
    og__flow_start(e, c->hosts[r->client_host].host, e->gw_host, b, at_gateway, r, r->hop, 0);
  else
    og__net_deliver_at(e, e->loop_now + og__route_delay(c->to_gateway, b), at_gateway, r, r->hop, 0);
}

/* From the node that lost r (r->node) back to the gateway. */
static void failover(struct og_engine *e, struct og_request *r)
{
  const struct og_node *n = &e->nodes[r->node];
  double b = og__req_bytes(e, r);
  if (is_flow(e, b))
    og__flow_start(e, n->host, e->gw_host, b, at_gateway, r, r->hop, 0);
  else /* the gateway -> node route's figures: the same links back */
    og__net_deliver_at(e, e->loop_now + og__route_delay(n->to_gateway, b), at_gateway, r, r->hop, 0);
}

static void to_node(struct og_engine *e, struct og_node *n, struct og_request *r)
{
  double b = og__req_bytes(e, r);
  if (is_flow(e, b))
    og__flow_start(e, e->gw_host, n->host, b, at_node, r, r->hop, n->id);
  else
    og__net_deliver_at(e, e->loop_now + og__route_delay(n->to_gateway, b), at_node, r, r->hop, n->id);
}

static void respond(struct og_node *n, struct og_request *r)
{
  struct og_engine *e = n->e;
  double b = og__resp_bytes(e, r);
  if (is_flow(e, b)) {
    og__flow_start(e, n->host, e->clients[r->client].hosts[r->client_host].host, b, at_client, r,
                   r->hop, n->id);
    return;
  }
  /* nothing can change before it arrives: resolved now, at its arrival */
  r->verify_delay = og__verify_delay(e, r);
  og__proto_result(n, r, e->loop_now + og__route_delay(n->to_client[r->client], b) +
                              og__vf(e, r->model)->latency);
}

const struct og_net_mode_type og_net_hybrid = {
  .event_loop = 1,
  .analytic = analytic,
  .to_gateway = to_gateway,
  .failover = failover,
  .to_node = to_node,
  .respond = respond,
};
