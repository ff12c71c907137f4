/* A node's models: absent, loading or ready (docs/loading.md). A request of
 * a model that is not ready waits at the node, out of its queue, so no
 * serving engine sees it; the node's other models are served meanwhile.
 * When the model is ready the waiting requests enter the queue, in the
 * order they arrived, as arrivals at that time. */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "grow.h"
#include "serving.h"

/* placement.peer_fetch: an up node other than n that holds `model` ready,
 * drawn uniformly among those of n's region, else among all; UINT32_MAX
 * when none does (the load takes the storage tier). O(nodes) a load:
 * loads are few. */
static uint32_t pick_peer(struct og_engine *e, const struct og_node *n, uint32_t model)
{
  const struct og_scenario *sc = e->sc;
  size_t region = sc->classes[n->cls].region;
  for (int pass = 0; pass < 2; pass++) {
    size_t count = 0;
    for (size_t i = 0; i < e->n_nodes; i++) {
      const struct og_node *p = &e->nodes[i];
      count += p != n && !p->down && p->model_state[model] == OG_MODEL_READY &&
               (pass || sc->classes[p->cls].region == region);
    }
    if (!count)
      continue;
    size_t k = (size_t)gsl_rng_uniform_int(e->peer_rng, count);
    for (size_t i = 0; i < e->n_nodes; i++) {
      const struct og_node *p = &e->nodes[i];
      if (p != n && !p->down && p->model_state[model] == OG_MODEL_READY &&
          (pass || sc->classes[p->cls].region == region) && k-- == 0)
        return p->id;
    }
  }
  return UINT32_MAX;
}

void og__node_load(struct og_node *n, uint32_t model)
{
  struct og_engine *e = n->e;
  if (!n->model_state || n->model_state[model] != OG_MODEL_ABSENT)
    return;
  struct og_load *L = malloc(sizeof *L);
  if (!L || og_grow((void **)&e->loads, &e->cap_loads, e->n_loads + 1, sizeof *e->loads, 16)) {
    free(L);
    e->oom = 1;
    return;
  }
  e->loads[e->n_loads++] = L;
  const struct og_model *m = &e->sc->models[model];
  *L = (struct og_load){.e = e, .node = n->id, .model = model,
                        .tier = (uint32_t)og_scenario_tier_of(e->sc, e->sc->classes[n->cls].region),
                        .bytes = m->param_bytes, .t_start = og__now(), .t_moved = NAN,
                        .t_ready = NAN};
  L->peer = e->sc->placement.peer_fetch ? pick_peer(e, n, model) : UINT32_MAX;
  L->src = L->peer != UINT32_MAX ? e->nodes[L->peer].host : e->tier_host[L->tier];
  n->model_state[model] = OG_MODEL_LOADING;
  L->next_open = n->open_loads;
  n->open_loads = L;
  og__transfer_start(e, L);
}

void og__node_joined(struct og_node *n)
{
  if (!n->model_state)
    return; /* no loading: its models are there at once */
  /* a new node, empty (a slot offline at t = 0 was set up preloaded) */
  memset(n->model_state, OG_MODEL_ABSENT, n->e->sc->n_models);
  for (uint32_t k = 0; k < n->e->sc->n_models; k++)
    if (og__node_hosts(n, k))
      og__node_load(n, k);
}

/* L is no longer under way at its node. */
static void unlink_open(struct og_node *n, const struct og_load *L)
{
  for (struct og_load **p = &n->open_loads; *p; p = &(*p)->next_open)
    if (*p == L) {
      *p = L->next_open;
      return;
    }
}

/* n left: the loads fetching from it whose bytes were still moving stop,
 * and their nodes start again from another holder or the tier. */
static void refetch_from(struct og_node *n)
{
  struct og_engine *e = n->e;
  size_t k = e->n_loads; /* the loads restarted here come after */
  for (size_t i = 0; i < k; i++) {
    struct og_load *L = e->loads[i];
    if (L->peer != n->id || L->cancelled || !L->actor || !isnan(L->t_moved))
      continue;
    struct og_node *d = &e->nodes[L->node];
    L->cancelled = 1;
    og__transfer_cancel(e, L);
    og_metrics_load_stopped(e->m);
    unlink_open(d, L);
    d->model_state[L->model] = OG_MODEL_ABSENT;
    og__node_load(d, L->model);
  }
}

void og__node_unload(struct og_node *n)
{
  if (!n->model_state)
    return;
  for (struct og_load *L = n->open_loads; L; L = L->next_open) {
    L->cancelled = 1;
    og__transfer_cancel(n->e, L);
    og_metrics_load_stopped(n->e->m);
  }
  n->open_loads = NULL;
  if (n->e->as)
    og__autoscale_node_left(n);
  memset(n->model_state, OG_MODEL_ABSENT, n->e->sc->n_models);
  if (n->e->sc->placement.peer_fetch)
    refetch_from(n);
}


void og__loads_start(struct og_engine *e)
{
  for (size_t i = 0; i < e->n_nodes; i++)
    for (uint32_t k = 0; k < e->sc->n_models; k++)
      if (og__node_hosts(&e->nodes[i], k))
        og__node_load(&e->nodes[i], k);
}

void og__node_park(struct og_node *n, struct og_request *r)
{
  if (og_grow((void **)&n->parked, &n->cap_parked, n->n_parked + 1, sizeof *n->parked, 8)) {
    n->e->oom = 1; /* reported at the end of the run */
    og__in_hand(n, r->model, -1);
    og__node_release_load(n);
    return;
  }
  r->refs++;
  r->t_ready = og__now(); /* arrival at the node, until it may start */
  r->t_first = -1;
  n->parked[n->n_parked++] = (struct og_qentry){r, r->hop};
}

void og__node_park_failover(struct og_node *n)
{
  for (size_t i = 0; i < n->n_parked; i++) {
    struct og_qentry en = n->parked[i];
    if (og__entry_live(en))
      og__gateway_failover(n->e, en.req);
    og__node_release(n, en.req);
  }
  n->n_parked = 0;
}

/* The requests of `model` that waited at n enter its queue now, as
 * arrivals (in the order they came); the others keep waiting. */
static void unpark(struct og_node *n, uint32_t model, double now)
{
  struct og_engine *e = n->e;
  size_t keep = 0, n_mine = 0;
  for (size_t i = 0; i < n->n_parked; i++)
    n_mine += n->parked[i].req->model == model;
  struct og_qentry *mine = malloc((n_mine ? n_mine : 1) * sizeof *mine);
  if (!mine) {
    e->oom = 1;
    return;
  }
  n_mine = 0;
  for (size_t i = 0; i < n->n_parked; i++) {
    struct og_qentry en = n->parked[i];
    if (en.req->model == model)
      mine[n_mine++] = en;
    else
      n->parked[keep++] = en;
  }
  n->n_parked = keep;
  for (size_t i = 0; i < n_mine; i++) {
    struct og_request *r = mine[i].req;
    if (!og__entry_live(mine[i])) {
      og__node_release(n, r);
      continue;
    }
    og_metrics_load_delay(e->m, now - r->t_ready);
    og__node_enqueue(e, n, r); /* the queue's reference */
    og__request_unref(e, r);   /* the waiting one's */
  }
  free(mine);
}

void og__load_ready(struct og_engine *e, struct og_load *L)
{
  struct og_node *n = &e->nodes[L->node];
  const struct og_scenario *sc = e->sc;
  if (L->cancelled)
    return; /* its node left meanwhile (a new node may hold the slot now) */
  unlink_open(n, L);
  double shift = og__node_clock_shift(n);
  n->model_state[L->model] = OG_MODEL_READY;
  if (e->as)
    og__autoscale_ready(e, L);
  size_t region = sc->classes[n->cls].region;
  struct og_load_record rec = {
    .node = L->node, .model = L->model, .tier = L->tier, .bytes = L->bytes,
    .peer = L->peer != UINT32_MAX ? (int64_t)L->peer : -1,
    .wan = L->peer != UINT32_MAX
               ? sc->classes[e->nodes[L->peer].cls].region != region
               : sc->storage[L->tier].region != region &&
                     !(sc->storage[L->tier].region == SIZE_MAX && sc->gateway_region == region),
    .t_start = L->t_start + shift, .t_moved = L->t_moved + shift, .t_ready = L->t_ready + shift};
  if (og_metrics_load(e->m, &rec) != OG_OK)
    e->oom = 1;
  unpark(n, L->model, og__now());
}
