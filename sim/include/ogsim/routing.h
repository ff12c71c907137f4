/* Gateway routing policies: one descriptor per policy behind one interface.
 * The router keeps what every policy may look at: which nodes are up, how
 * many requests each has in hand (routed to it and not yet finished), and
 * which nodes host each model. Models hosted by the same nodes share a
 * pool; a policy chooses among the up nodes of the request's model's pool
 * and keeps its own index per pool (docs/hosting.md). */
#ifndef OG_ROUTING_H
#define OG_ROUTING_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "status.h"

struct og_router;

/* A set of nodes some models are routed to: its members (the nodes that
 * host those models) that are up, in any order. */
struct og_pool {
  uint32_t *up;     /* ids of its up members */
  uint32_t *pos;    /* per node: position in `up`, or OG_POOL_DOWN (a member,
                       down), or OG_POOL_OUT (not a member) */
  size_t n_up;
  size_t members;
  size_t models;    /* models routed through it (0: only the up set is kept) */
  void *policy;     /* the policy's own index over it (when models > 0) */
  int indexed;      /* the policy's init ran on it (its fini is due) */
};
#define OG_POOL_OUT UINT32_MAX
#define OG_POOL_DOWN (UINT32_MAX - 1)

/* A policy's descriptor, og_route_NAME (routing_list.h lists them). */
struct og_routing_type {
  /* Pick an up node of pool p; called only when it has one. */
  size_t (*pick)(struct og_router *r, struct og_pool *p);
  /* Optional hooks to keep a policy's own index of each routed pool
   * current: built over the pool's members and freed; a member's load
   * changed; a member went up or down. */
  OG_MUST_CHECK enum og_status (*init)(struct og_router *r, struct og_pool *p);
  void (*fini)(struct og_router *r, struct og_pool *p);
  void (*load_changed)(struct og_router *r, struct og_pool *p, size_t node, uint32_t old_load);
  void (*up_changed)(struct og_router *r, struct og_pool *p, size_t node);
};

struct og_router {
  const struct og_routing_type *type;
  size_t n;
  uint32_t *load;   /* requests in hand per node */
  double *stake;    /* per node */
  gsl_rng *rng;
  /* pools[0] holds every node (the up set the rest of the engine reads);
   * a model whose hosts are every node routes through it. */
  struct og_pool *pools;
  size_t n_pools, cap_pools;
  uint32_t *pool_of; /* per model: its pool */
  size_t n_models;
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

/* Which models each node hosts: node i is in group node_group[i], and
 * group g hosts model m when has[g * n_models + m]. */
struct og_router_hosts {
  size_t n_groups, n_models;
  const uint32_t *node_group;
  const unsigned char *has;
};

#define OG_ROUTE_DECLARE(E, name) extern const struct og_routing_type og_route_##name;
OG_ROUTING_LIST(OG_ROUTE_DECLARE)
#undef OG_ROUTE_DECLARE

/* A router over n nodes of the given classes, all up, for the scenario's
 * models: hosted as `hosts` says, or (NULL) every node hosting every model.
 * On success *out is owned by the caller (og_router_free); OG_ENOMEM. */
OG_MUST_CHECK enum og_status og_router_new(const struct og_scenario *sc, size_t n,
                                           const uint32_t *node_class,
                                           const struct og_router_hosts *hosts,
                                           struct og_router **out);
void og_router_free(struct og_router *r);

/* Node to send the next request of `model` to at time `now`, or -1 when no
 * node hosting it is up. Releases due by `now` are applied first. */
long og_router_pick(struct og_router *r, uint32_t model, double now);
void og_router_load_add(struct og_router *r, size_t node, int delta);
/* The node lets go of one request at time t (>= the current time): its load
 * drops then. In the fast network mode a node's clock runs behind real
 * time, so the gateway learns of a finish later than the node's actor
 * runs it. OG_ENOMEM leaves the load as it was. */
OG_MUST_CHECK enum og_status og_router_release(struct og_router *r, size_t node, double t);
void og_router_set_up(struct og_router *r, size_t node, int up);

/* Node `node` starts (hosts = 1) or stops (0) hosting `model` at run time
 * (a load done, a node joined or left, an eviction): the model gets a pool
 * of its own if it shared one. OG_ENOMEM leaves the router as it was. */
OG_MUST_CHECK enum og_status og_router_set_host(struct og_router *r, size_t node,
                                                uint32_t model, int hosts);

/* What the rest of the engine may read of the router: whether a node is
 * up, how many are, and the i-th of them (0 <= i < og_router_n_up, in no
 * particular order; valid until the next change of the up set). */
static inline int og_router_is_up(const struct og_router *r, size_t node)
{
  return r->pools[0].pos[node] < OG_POOL_DOWN;
}

static inline size_t og_router_n_up(const struct og_router *r)
{
  return r->pools[0].n_up;
}

static inline size_t og_router_up_at(const struct og_router *r, size_t i)
{
  return r->pools[0].up[i];
}

/* Whether node hosts model; the pool requests of model are routed to. */
static inline int og_router_hosts(const struct og_router *r, size_t node, uint32_t model)
{
  return r->pools[r->pool_of[model]].pos[node] != OG_POOL_OUT;
}

static inline const struct og_pool *og_router_pool(const struct og_router *r, uint32_t model)
{
  return &r->pools[r->pool_of[model]];
}

/* A uniformly chosen up node of pool p (p->n_up > 0). */
size_t og__router_random_up(struct og_router *r, const struct og_pool *p);

#endif
