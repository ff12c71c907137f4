/* Gateway routing policies: one descriptor per policy behind one interface.
 * The router keeps what every policy may look at: which nodes are up and how
 * many requests each has in hand (routed to it and not yet finished). */
#ifndef OG_ROUTING_H
#define OG_ROUTING_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "status.h"

struct og_router;

/* A policy's descriptor, og_route_NAME (routing_list.h lists them). */
struct og_routing_type {
  /* Pick an up node; called only when at least one node is up. */
  size_t (*pick)(struct og_router *r);
  /* Optional hooks to keep a policy's own index current. */
  OG_MUST_CHECK enum og_status (*init)(struct og_router *r);
  void (*fini)(struct og_router *r);
  void (*load_changed)(struct og_router *r, size_t node, uint32_t old_load);
  void (*up_changed)(struct og_router *r, size_t node);
};

struct og_router {
  const struct og_routing_type *type;
  size_t n;
  uint32_t *load;   /* requests in hand per node */
  double *stake;    /* per node */
  size_t *up;       /* ids of up nodes, in any order */
  size_t *up_pos;   /* position of each node in `up`, or SIZE_MAX if down */
  size_t n_up;
  gsl_rng *rng;
  void *policy;     /* the policy's own state */
  /* Releases due in the future (see og_router_release): a binary min-heap
   * ordered by (time, sequence). */
  struct og_release *rel;
  size_t n_rel, cap_rel;
  uint64_t rel_seq;
};

struct og_release {
  double t;
  uint64_t seq;
  size_t node;
};

#define OG_ROUTE_DECLARE(E, name) extern const struct og_routing_type og_route_##name;
OG_ROUTING_LIST(OG_ROUTE_DECLARE)
#undef OG_ROUTE_DECLARE

/* A router over n nodes of the given classes, all up. */
OG_MUST_CHECK enum og_status og_router_new(const struct og_scenario *sc, size_t n,
                                           const uint32_t *node_class, struct og_router **out);
void og_router_free(struct og_router *r);

/* Node to send the next request to at time `now`, or -1 when every node is
 * down. Releases due by `now` are applied first. */
long og_router_pick(struct og_router *r, double now);
void og_router_load_add(struct og_router *r, size_t node, int delta);
/* The node lets go of one request at time t (>= the current time): its load
 * drops then. In the fast network mode a node's clock runs behind real
 * time, so the gateway learns of a finish later than the node's actor
 * runs it. OG_ENOMEM leaves the load as it was. */
OG_MUST_CHECK enum og_status og_router_release(struct og_router *r, size_t node, double t);
void og_router_set_up(struct og_router *r, size_t node, int up);

/* What the rest of the engine may read of the router: whether a node is
 * up, how many are, and the i-th of them (0 <= i < og_router_n_up, in no
 * particular order; valid until the next change of the up set). */
static inline int og_router_is_up(const struct og_router *r, size_t node)
{
  return r->up_pos[node] != SIZE_MAX;
}

static inline size_t og_router_n_up(const struct og_router *r)
{
  return r->n_up;
}

static inline size_t og_router_up_at(const struct og_router *r, size_t i)
{
  return r->up[i];
}

/* A uniformly chosen up node (n_up > 0). */
size_t og__router_random_up(struct og_router *r);

#endif
