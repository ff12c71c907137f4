/* Network modes: the interface between the engine and each mode's file.
 * The engine moves requests between client, gateway and nodes through the
 * hooks and never names a mode; a mode is one file plus one line in
 * net_mode_list.h. */
#ifndef OG_NETMODE_H
#define OG_NETMODE_H

#include "engine_internal.h"

/* The engine's half of a network mode. A NULL hook does nothing. */
struct og_net_mode_type {
  /* Nodes' clocks run their gateway route's latency behind real time, and a
   * client acts for the gateway at gateway time (fast mode, see node.c). */
  int shifted_clocks;
  /* Nodes and clients are state machines run by the engine's event loop
   * (loop.c), with no actor: nothing they do is a SimGrid activity. Else
   * each node and client is an actor (results sent from the node's host). */
  int event_loop;
  /* At set-up, after node n's (client c's) actor is started, and after all
   * of them: the mode's own actors and what they need (mailboxes). */
  void (*start_node)(struct og_engine *e, struct og_node *n);
  void (*start_client)(struct og_engine *e, struct og_client *c);
  void (*start)(struct og_engine *e);
  /* Request r (first attempt, retry, or resent after a node failure) goes
   * to the gateway, from its client or from the node that lost it. */
  void (*to_gateway)(struct og_engine *e, struct og_request *r);
  /* The node r->node lost r (it failed): r goes back to the gateway. NULL:
   * to_gateway. */
  void (*failover)(struct og_engine *e, struct og_request *r);
  /* The gateway routed r to node n. */
  void (*to_node)(struct og_engine *e, struct og_node *n, struct og_request *r);
  /* Whether a message of `bytes` is timed as an analytic delay (no
   * contention), for the link accounting's warnings. Required. */
  int (*analytic)(const struct og_engine *e, double bytes);
  /* Node n finished client request r (r->t_start, t_finish set): its
   * result goes back to the client, which resolves r on arrival. */
  void (*respond)(struct og_node *n, struct og_request *r);
};

#define OG_NET_DECLARE(E, name, traits) extern const struct og_net_mode_type og_net_##name;
OG_NET_MODE_LIST(OG_NET_DECLARE)
#undef OG_NET_DECLARE

/* Link accounting (netstat.c): set up and free; count a message leaving a
 * client for the gateway, the gateway for node n, node r->node for the
 * gateway (failover), a node for its client (the engine calls these
 * beside the hooks above, in every mode); at the end, spread the counts
 * over the platform's links into the metrics (og_metrics_links). */
OG_MUST_CHECK enum og_status og__netstat_init(struct og_engine *e);
void og__netstat_free(struct og_engine *e);
void og__netstat_c2g(struct og_engine *e, const struct og_request *r);
void og__netstat_g2n(struct og_engine *e, const struct og_node *n, const struct og_request *r);
void og__netstat_n2g(struct og_engine *e, const struct og_request *r);
void og__netstat_n2c(const struct og_node *n, const struct og_request *r);
OG_MUST_CHECK enum og_status og__netstat_finish(struct og_engine *e);

/* A message of attempt `hop` of r arrives (modes with messages): at the
 * gateway, which routes it; at node n, which queues it; at its client at
 * `now`, the result of node `node`, resolved after the client's check.
 * A message of a superseded attempt (a retry) or of a request resolved
 * meanwhile is dropped. Each drops the message's reference to r. */
void og__arrive_gateway(struct og_engine *e, struct og_request *r, uint32_t hop);
void og__arrive_node(struct og_engine *e, struct og_node *n, struct og_request *r, uint32_t hop);
void og__arrive_client(struct og_engine *e, struct og_request *r, uint32_t hop, uint32_t node,
                       double now);

/* The hooks of network mode m. */
const struct og_net_mode_type *og__net_mode(enum og_net_mode m);

#endif
