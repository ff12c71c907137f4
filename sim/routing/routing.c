/* The router shared by all routing policies: up-node set, per-node load, and
 * the table from scenario routing kind to policy descriptor. */
#include "routing.h"

#include <stdlib.h>

#include "grow.h"
#include "rng.h"

#define OG_ROUTE_ENTRY(E, name) [OG_ROUTE_##E] = &og_route_##name,
static const struct og_routing_type *const types[OG_ROUTE_COUNT] = {
  OG_ROUTING_LIST(OG_ROUTE_ENTRY)
};
#undef OG_ROUTE_ENTRY

enum og_status og_router_new(const struct og_scenario *sc, size_t n, const uint32_t *node_class,
                             struct og_router **out)
{
  struct og_router *r = calloc(1, sizeof *r);
  *out = NULL;
  if (!r)
    return OG_ENOMEM;
  r->type = types[sc->routing];
  r->n = n;
  r->load = calloc(n ? n : 1, sizeof *r->load);
  r->stake = malloc((n ? n : 1) * sizeof *r->stake);
  r->up = malloc((n ? n : 1) * sizeof *r->up);
  r->up_pos = malloc((n ? n : 1) * sizeof *r->up_pos);
  r->rng = og_rng_new(sc->seed, OG_RNG_ROUTING, 0);
  if (!r->load || !r->stake || !r->up || !r->up_pos || !r->rng)
    goto fail;
  for (size_t i = 0; i < n; i++) {
    r->stake[i] = sc->classes[node_class[i]].stake;
    r->up[i] = i;
    r->up_pos[i] = i;
  }
  r->n_up = n;
  if (r->type->init && r->type->init(r) != OG_OK)
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
  if (r->type->fini)
    r->type->fini(r);
  if (r->rng)
    gsl_rng_free(r->rng);
  free(r->load);
  free(r->stake);
  free(r->up);
  free(r->up_pos);
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

long og_router_pick(struct og_router *r, double now)
{
  while (r->n_rel > 0 && r->rel[0].t <= now) {
    og_router_load_add(r, r->rel[0].node, -1);
    rel_pop(r);
  }
  if (r->n_up == 0)
    return -1;
  return (long)r->type->pick(r);
}

void og_router_load_add(struct og_router *r, size_t node, int delta)
{
  uint32_t old = r->load[node];
  r->load[node] = (uint32_t)((int64_t)old + delta);
  if (r->type->load_changed)
    r->type->load_changed(r, node, old);
}

void og_router_set_up(struct og_router *r, size_t node, int up)
{
  if (up == og_router_is_up(r, node))
    return;
  if (up) {
    r->up_pos[node] = r->n_up;
    r->up[r->n_up++] = node;
  } else {
    size_t pos = r->up_pos[node];
    size_t last = r->up[--r->n_up];
    r->up[pos] = last;
    r->up_pos[last] = pos;
    r->up_pos[node] = SIZE_MAX;
  }
  if (r->type->up_changed)
    r->type->up_changed(r, node);
}

size_t og__router_random_up(struct og_router *r)
{
  return r->up[og_rng_index(r->rng, r->n_up)];
}
