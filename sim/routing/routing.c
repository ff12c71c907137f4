/* The router shared by all routing policies: up-node set, per-node load,
 * the pools of nodes each model is routed to, and the table from scenario
 * routing kind to policy descriptor. */
#include "routing.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "rng.h"

#define OG_ROUTE_ENTRY(E, name) [OG_ROUTE_##E] = &og_route_##name,
static const struct og_routing_type *const types[OG_ROUTE_COUNT] = {
  OG_ROUTING_LIST(OG_ROUTE_ENTRY)
};
#undef OG_ROUTE_ENTRY

/* A new pool at the end of r->pools with no members; NULL when out of
 * memory. Pointers into r->pools are stale after it. */
static struct og_pool *pool_add(struct og_router *r)
{
  if (og_grow((void **)&r->pools, &r->cap_pools, r->n_pools + 1, sizeof *r->pools, 4))
    return NULL;
  struct og_pool *p = &r->pools[r->n_pools];
  *p = (struct og_pool){0};
  p->up = malloc((r->n ? r->n : 1) * sizeof *p->up);
  p->pos = malloc((r->n ? r->n : 1) * sizeof *p->pos);
  if (!p->up || !p->pos) {
    free(p->up);
    free(p->pos);
    return NULL;
  }
  for (size_t i = 0; i < r->n; i++)
    p->pos[i] = OG_POOL_OUT;
  r->n_pools++;
  return p;
}

static void pool_join(struct og_router *r, struct og_pool *p, size_t node)
{
  p->members++;
  if (r->pools[0].pos[node] < OG_POOL_DOWN || p == &r->pools[0]) {
    p->pos[node] = (uint32_t)p->n_up;
    p->up[p->n_up++] = (uint32_t)node;
  } else {
    p->pos[node] = OG_POOL_DOWN;
  }
}

static void pool_up(struct og_pool *p, size_t node, int up)
{
  if (up) {
    p->pos[node] = (uint32_t)p->n_up;
    p->up[p->n_up++] = (uint32_t)node;
  } else {
    uint32_t pos = p->pos[node];
    uint32_t last = p->up[--p->n_up];
    p->up[pos] = last;
    p->pos[last] = pos;
    p->pos[node] = OG_POOL_DOWN;
  }
}

static void pool_leave(struct og_pool *p, size_t node)
{
  if (p->pos[node] < OG_POOL_DOWN)
    pool_up(p, node, 0);
  p->pos[node] = OG_POOL_OUT;
  p->members--;
}

static enum og_status policy_init(struct og_router *r, struct og_pool *p)
{
  p->policy = NULL;
  p->indexed = 1; /* a failed init may hold part of an index: fini frees it */
  return r->type->init ? r->type->init(r, p) : OG_OK;
}

/* Whether the pool's index exists is its own flag, not `models`: a pool
 * whose last model moves away has models 0 and still an index to free. */
static void policy_fini(struct og_router *r, struct og_pool *p)
{
  if (r->type->fini && p->indexed)
    r->type->fini(r, p);
  p->indexed = 0;
  p->policy = NULL;
}

/* Group g's hosting of each model is one row; models whose rows agree on
 * every group that has nodes share a pool. */
static int same_hosts(const struct og_router_hosts *h, const unsigned char *present, size_t a,
                      size_t b)
{
  for (size_t g = 0; g < h->n_groups; g++)
    if (present[g] && h->has[g * h->n_models + a] != h->has[g * h->n_models + b])
      return 0;
  return 1;
}

static int hosted_everywhere(const struct og_router_hosts *h, const unsigned char *present,
                             size_t m)
{
  for (size_t g = 0; g < h->n_groups; g++)
    if (present[g] && !h->has[g * h->n_models + m])
      return 0;
  return 1;
}

static enum og_status make_pools(struct og_router *r, const struct og_router_hosts *h)
{
  unsigned char *present = h ? calloc(h->n_groups ? h->n_groups : 1, 1) : NULL;
  if (h && !present)
    return OG_ENOMEM;
  for (size_t i = 0; h && i < r->n; i++)
    present[h->node_group[i]] = 1;
  enum og_status st = OG_OK;
  for (size_t m = 0; m < r->n_models && st == OG_OK; m++) {
    size_t pool = 0;
    if (h && !hosted_everywhere(h, present, m)) {
      size_t k = 0;
      while (k < m && (r->pool_of[k] == 0 || !same_hosts(h, present, k, m)))
        k++;
      if (k < m) {
        pool = r->pool_of[k];
      } else if (!pool_add(r)) {
        st = OG_ENOMEM;
      } else {
        pool = r->n_pools - 1;
        for (size_t i = 0; i < r->n; i++)
          if (h->has[h->node_group[i] * h->n_models + m])
            pool_join(r, &r->pools[pool], i);
      }
    }
    r->pool_of[m] = (uint32_t)pool;
    r->pools[pool].models++;
  }
  free(present);
  for (size_t k = 0; k < r->n_pools && st == OG_OK; k++)
    if (r->pools[k].models > 0)
      st = policy_init(r, &r->pools[k]);
  return st;
}

enum og_status og_router_new(const struct og_scenario *sc, size_t n, const uint32_t *node_class,
                             const struct og_router_hosts *hosts, struct og_router **out)
{
  struct og_router *r = calloc(1, sizeof *r);
  *out = NULL;
  if (!r)
    return OG_ENOMEM;
  r->type = types[sc->routing];
  r->n = n;
  r->n_models = sc->n_models;
  r->load = calloc(n ? n : 1, sizeof *r->load);
  r->stake = malloc((n ? n : 1) * sizeof *r->stake);
  r->pool_of = calloc(r->n_models ? r->n_models : 1, sizeof *r->pool_of);
  r->rng = og_rng_new(sc->seed, OG_RNG_ROUTING, 0);
  if (!r->load || !r->stake || !r->pool_of || !r->rng || !pool_add(r))
    goto fail;
  for (size_t i = 0; i < n; i++) {
    r->stake[i] = sc->classes[node_class[i]].stake;
    pool_join(r, &r->pools[0], i);
  }
  if (make_pools(r, hosts) != OG_OK)
    goto fail;
  *out = r;
  return OG_OK;
fail:
  og_router_free(r);
  return OG_ENOMEM;
}

void og_router_free(struct og_router *r)
{
  if (!r)
    return;
  for (size_t k = 0; k < r->n_pools; k++) {
    policy_fini(r, &r->pools[k]);
    free(r->pools[k].up);
    free(r->pools[k].pos);
  }
  if (r->rng)
    gsl_rng_free(r->rng);
  free(r->pools);
  free(r->pool_of);
  free(r->load);
  free(r->stake);
  free(r->rel);
  free(r);
}

static int rel_less(const struct og_release *a, const struct og_release *b)
{
  return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

enum og_status og_router_release(struct og_router *r, size_t node, double t)
{
  if (og_grow((void **)&r->rel, &r->cap_rel, r->n_rel + 1, sizeof *r->rel, 256))
    return OG_ENOMEM;
  size_t i = r->n_rel++;
  struct og_release x = {t, r->rel_seq++, node};
  while (i > 0 && rel_less(&x, &r->rel[(i - 1) / 2])) {
    r->rel[i] = r->rel[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  r->rel[i] = x;
  return OG_OK;
}

static void rel_pop(struct og_router *r)
{
  struct og_release x = r->rel[--r->n_rel];
  size_t i = 0, n = r->n_rel;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n)
      break;
    if (c + 1 < n && rel_less(&r->rel[c + 1], &r->rel[c]))
      c++;
    if (!rel_less(&r->rel[c], &x))
      break;
    r->rel[i] = r->rel[c];
    i = c;
  }
  if (n)
    r->rel[i] = x;
}

long og_router_pick(struct og_router *r, uint32_t model, double now)
{
  while (r->n_rel > 0 && r->rel[0].t <= now) {
    og_router_load_add(r, r->rel[0].node, -1);
    rel_pop(r);
  }
  struct og_pool *p = &r->pools[r->pool_of[model]];
  if (p->n_up == 0)
    return -1;
  return (long)r->type->pick(r, p);
}

void og_router_load_add(struct og_router *r, size_t node, int delta)
{
  uint32_t old = r->load[node];
  r->load[node] = (uint32_t)((int64_t)old + delta);
  if (!r->type->load_changed)
    return;
  for (size_t k = 0; k < r->n_pools; k++)
    if (r->pools[k].models > 0 && r->pools[k].pos[node] != OG_POOL_OUT)
      r->type->load_changed(r, &r->pools[k], node, old);
}

void og_router_set_up(struct og_router *r, size_t node, int up)
{
  if (up == og_router_is_up(r, node))
    return;
  for (size_t k = 0; k < r->n_pools; k++) {
    struct og_pool *p = &r->pools[k];
    if (p->pos[node] == OG_POOL_OUT)
      continue;
    pool_up(p, node, up);
    if (r->type->up_changed && p->models > 0)
      r->type->up_changed(r, p, node);
  }
}

/* A pool of its own for model m, with the members of the one it shares. */
static enum og_status own_pool(struct og_router *r, uint32_t m)
{
  size_t from = r->pool_of[m];
  if (from != 0 && r->pools[from].models == 1)
    return OG_OK;
  struct og_pool *p = pool_add(r);
  if (!p)
    return OG_ENOMEM;
  for (size_t i = 0; i < r->n; i++)
    if (r->pools[from].pos[i] != OG_POOL_OUT)
      pool_join(r, p, i);
  p->models = 1;
  if (policy_init(r, p) != OG_OK) {
    policy_fini(r, p);
    free(p->up);
    free(p->pos);
    r->n_pools--;
    return OG_ENOMEM;
  }
  if (--r->pools[from].models == 0)
    policy_fini(r, &r->pools[from]);
  r->pool_of[m] = (uint32_t)(r->n_pools - 1);
  return OG_OK;
}

enum og_status og_router_set_host(struct og_router *r, size_t node, uint32_t model, int hosts)
{
  if (hosts == og_router_hosts(r, node, model))
    return OG_OK;
  enum og_status st = own_pool(r, model);
  if (st != OG_OK)
    return st;
  struct og_pool *p = &r->pools[r->pool_of[model]];
  policy_fini(r, p); /* the policy's index is rebuilt over the new members */
  if (hosts)
    pool_join(r, p, node);
  else
    pool_leave(p, node);
  st = policy_init(r, p);
  if (st != OG_OK) { /* back as it was */
    policy_fini(r, p);
    if (hosts)
      pool_leave(p, node);
    else
      pool_join(r, p, node);
    if (policy_init(r, p) != OG_OK)
      policy_fini(r, p); /* left without an index: the caller stops the run */
    return OG_ENOMEM;
  }
  return OG_OK;
}

size_t og__router_random_up(struct og_router *r, const struct og_pool *p)
{
  return p->up[og_rng_index(r->rng, p->n_up)];
}
