/* Demand placement's controller (docs/hosting.md, "Demand placement"):
 * every placement.interval it estimates each model's offered work (its
 * requests that reached the gateway in the last interval x the service
 * time of one at the best batch of the slowest class that may host it),
 * wants ceil(work / target_utilisation) replicas, and loads the model on
 * more nodes (most free memory first, evicting least recently used models
 * when memory is short) or, after scale_down of wanting fewer, drops idle
 * replicas. A request whose model has no replica at all waits at the
 * gateway while one loads at once (a cold start). */
#include <math.h>
#include <simgrid/actor.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "estimate.h"
#include "grow.h"
#include "placement.h"
#include "rng.h"
#include "routing.h"
#include "serving.h"

/* A request waiting at the gateway for a first replica of its model. */
struct gwait {
  struct og_request *req;
  uint32_t hop;
  double since;
};

struct gqueue {
  struct gwait *v;
  size_t n, cap;
};

struct og_autoscale {
  struct og_engine *e;
  size_t nm;
  double next;          /* the controller's next run */
  int flushing;         /* routing waiting requests: not new arrivals */
  uint64_t *arrived;    /* [model] first attempts at the gateway this interval */
  uint32_t *ready, *loading; /* [model] replicas */
  size_t *target;       /* [model] replicas wanted at the last run */
  double *below_since;  /* [model] since when it wants fewer (NAN: it does not) */
  double *target_set;   /* [model] a scale-up's start, until reached (NAN: none) */
  double *work;         /* [model] s of service per request (NAN: no class may host it) */
  size_t *allowed;      /* [model] nodes that may host it */
  struct gqueue *wait;  /* [model] requests waiting at the gateway */
  uint32_t *rank;       /* [node] seeded tie-break among equal free memory */
  size_t *models;       /* [node x model] the nodes' hosted groups' storage */
  struct og_host_group *groups; /* [node] */
  uint32_t *in_hand;    /* [node x model] */
  double *last_used;    /* [node x model] */
  uint32_t *cand;       /* scratch: candidate nodes */
  double *key;          /* scratch: [node] sort key */
};

static int may_host(const struct og_engine *e, const struct og_node *n, uint32_t m)
{
  return og_host_group_has(e->groups[e->node_group[n->id]], m);
}

/* Bytes a node of class c keeps for weights (and, continuous, the KV
 * cache); whether weights w fit it (continuous: with room for KV left). */
static double room_of(const struct og_node_class *c)
{
  if (c->memory <= 0)
    return INFINITY;
  double r = (double)c->gpus * c->memory;
  return c->serving == OG_SERVING_CONTINUOUS ? r * c->kv_memory : r;
}

static int fits(const struct og_node_class *c, double w)
{
  return c->serving == OG_SERVING_CONTINUOUS ? w < room_of(c) : w <= room_of(c);
}

static double held_bytes(const struct og_engine *e, const struct og_node *n)
{
  return og_group_weights(e->sc, n->hosted);
}

static void group_add(struct og_host_group *g, size_t m)
{
  size_t i = g->n_models;
  while (i > 0 && g->models[i - 1] > m) {
    g->models[i] = g->models[i - 1];
    i--;
  }
  g->models[i] = m;
  g->n_models++;
}

static void group_remove(struct og_host_group *g, size_t m)
{
  size_t k = 0;
  for (size_t i = 0; i < g->n_models; i++)
    if (g->models[i] != m)
      g->models[k++] = g->models[i];
  g->n_models = k;
}

/* n's hosted set changed: its serving engine's KV pool follows. */
static void hosted_changed(struct og_node *n)
{
  if (n->serving->hosted_changed)
    n->serving->hosted_changed(n);
}

static void record(struct og_autoscale *as, uint32_t m)
{
  og_metrics_replicas(as->e->m, m, og__now(), as->ready[m], as->loading[m]);
}

/* Whether the router sends m's requests to n: a ready replica; a loading
 * one under while_loading: wait, or under elsewhere while m has no ready
 * replica. */
static int routed(const struct og_autoscale *as, const struct og_node *n, uint32_t m)
{
  uint8_t s = n->model_state[m];
  if (s == OG_MODEL_READY)
    return 1;
  if (s != OG_MODEL_LOADING)
    return 0;
  return as->e->sc->placement.while_loading == OG_WHILE_LOADING_WAIT || as->ready[m] == 0;
}

static void sync_node(struct og_autoscale *as, struct og_node *n, uint32_t m)
{
  if (og_router_set_host(as->e->router, n->id, m, routed(as, n, m)) != OG_OK)
    as->e->oom = 1;
}

/* m's ready replicas went from none to some or back: under elsewhere its
 * loading replicas leave the router or join it. */
static void sync_loading(struct og_autoscale *as, uint32_t m)
{
  struct og_engine *e = as->e;
  if (e->sc->placement.while_loading != OG_WHILE_LOADING_ELSEWHERE)
    return;
  for (size_t i = 0; i < e->n_nodes; i++)
    if (e->nodes[i].model_state[m] == OG_MODEL_LOADING)
      sync_node(as, &e->nodes[i], m);
}

static void reached(struct og_autoscale *as, uint32_t m)
{
  if (!isnan(as->target_set[m]) && as->ready[m] >= as->target[m]) {
    og_metrics_time_to_target(as->e->m, m, og__now() - as->target_set[m]);
    as->target_set[m] = NAN;
  }
}

static void start_load(struct og_autoscale *as, struct og_node *n, uint32_t m)
{
  group_add(n->hosted, m);
  hosted_changed(n);
  as->loading[m]++;
  og__node_load(n, m);
  sync_node(as, n, m);
  record(as, m);
}

/* Drop n's ready replica of m (an eviction, or fewer wanted). */
static void drop(struct og_autoscale *as, struct og_node *n, uint32_t m, int evicted)
{
  n->model_state[m] = OG_MODEL_ABSENT;
  sync_node(as, n, m);
  group_remove(n->hosted, m);
  hosted_changed(n);
  as->ready[m]--;
  if (as->ready[m] == 0)
    sync_loading(as, m);
  record(as, m);
  og_metrics_eviction(as->e->m, evicted);
}

/* Candidates in cand[0..k) by key, larger first (desc) or smaller first,
 * ties by the seeded rank. */
static struct og_autoscale *sort_as;
static int sort_desc;

static int cmp_cand(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  double kx = sort_as->key[x], ky = sort_as->key[y];
  if (kx != ky)
    return (sort_desc ? kx < ky : kx > ky) ? 1 : -1;
  return (sort_as->rank[x] > sort_as->rank[y]) - (sort_as->rank[x] < sort_as->rank[y]);
}

static void sort_cand(struct og_autoscale *as, size_t k, int desc)
{
  sort_as = as;
  sort_desc = desc;
  qsort(as->cand, k, sizeof *as->cand, cmp_cand);
}

/* Whether a model j of n may be evicted: ready, no request of it in hand
 * here, and above its own min_replicas. */
static int evictable(const struct og_autoscale *as, const struct og_node *n, uint32_t j)
{
  const struct og_model *md = &as->e->sc->models[j];
  return n->model_state[j] == OG_MODEL_READY && n->in_hand[j] == 0 &&
         as->ready[j] + as->loading[j] > md->min_replicas;
}

/* Make room for m on n by evicting its least recently used evictable
 * models, if that is enough: 1 when m fits then. */
static int make_room(struct og_autoscale *as, struct og_node *n, uint32_t m)
{
  const struct og_scenario *sc = as->e->sc;
  const struct og_node_class *c = &sc->classes[n->cls];
  double w = held_bytes(as->e, n) + sc->models[m].param_bytes;
  uint32_t lru[n->hosted->n_models + 1];
  size_t k = 0;
  for (size_t i = 0; i < n->hosted->n_models; i++)
    if (evictable(as, n, (uint32_t)n->hosted->models[i]))
      lru[k++] = (uint32_t)n->hosted->models[i];
  for (size_t i = 1; i < k; i++) /* insertion sort by last use, oldest first */
    for (size_t j = i; j > 0 && n->last_used[lru[j]] < n->last_used[lru[j - 1]]; j--) {
      uint32_t t = lru[j];
      lru[j] = lru[j - 1];
      lru[j - 1] = t;
    }
  size_t need = 0;
  while (!fits(c, w) && need < k)
    w -= sc->models[lru[need++]].param_bytes;
  if (!fits(c, w))
    return 0;
  for (size_t i = 0; i < need; i++)
    drop(as, n, lru[i], 1);
  return 1;
}

/* Load m on up to k more nodes: up nodes that may host it and do not hold
 * it, most free memory first. The number started. */
static size_t scale_up(struct og_autoscale *as, uint32_t m, size_t k)
{
  struct og_engine *e = as->e;
  size_t nc = 0, placed = 0;
  for (size_t i = 0; i < e->n_nodes; i++) {
    struct og_node *n = &e->nodes[i];
    if (n->down || n->absent || n->model_state[m] != OG_MODEL_ABSENT || !may_host(e, n, m))
      continue;
    as->key[i] = room_of(&e->sc->classes[n->cls]) - held_bytes(e, n);
    as->cand[nc++] = (uint32_t)i;
  }
  sort_cand(as, nc, 1);
  double w = e->sc->models[m].param_bytes;
  for (size_t i = 0; i < nc && placed < k; i++) {
    struct og_node *n = &e->nodes[as->cand[i]];
    const struct og_node_class *c = &e->sc->classes[n->cls];
    if (fits(c, held_bytes(e, n) + w) || make_room(as, n, m)) {
      start_load(as, n, m);
      placed++;
    }
  }
  return placed;
}

/* Drop up to k idle ready replicas of m, least loaded node first. */
static void scale_down(struct og_autoscale *as, uint32_t m, size_t k)
{
  struct og_engine *e = as->e;
  size_t nc = 0;
  for (size_t i = 0; i < e->n_nodes; i++) {
    struct og_node *n = &e->nodes[i];
    if (n->model_state[m] != OG_MODEL_READY || n->in_hand[m] != 0)
      continue;
    as->key[i] = e->router->load[i];
    as->cand[nc++] = (uint32_t)i;
  }
  sort_cand(as, nc, 0);
  for (size_t i = 0; i < nc && i < k; i++)
    drop(as, &e->nodes[as->cand[i]], m, 0);
}

static size_t max_of(const struct og_autoscale *as, uint32_t m)
{
  size_t mx = as->e->sc->models[m].max_replicas;
  return mx && mx < as->allowed[m] ? mx : as->allowed[m];
}

/* One model at a run of the controller at `now`. */
static void control(struct og_autoscale *as, uint32_t m, double now)
{
  const struct og_scenario *sc = as->e->sc;
  const struct og_placement *pl = &sc->placement;
  double rate = (double)as->arrived[m] / pl->interval;
  as->arrived[m] = 0;
  if (isnan(as->work[m]))
    return;
  size_t min = sc->models[m].min_replicas;
  size_t want = og_demand_want(rate * as->work[m], pl->target_utilisation, min, max_of(as, m));
  size_t have = as->ready[m] + as->loading[m];
  as->target[m] = want;
  if (want > have) {
    as->below_since[m] = NAN;
    if (scale_up(as, m, want - have) > 0 && isnan(as->target_set[m]))
      as->target_set[m] = now;
  } else if (want < have) {
    if (isnan(as->below_since[m]))
      as->below_since[m] = now;
    if (now - as->below_since[m] >= pl->scale_down - 1e-9)
      scale_down(as, m, have - want);
  } else {
    as->below_since[m] = NAN;
  }
  reached(as, m);
}

double og__autoscale_advance(struct og_engine *e, double now)
{
  struct og_autoscale *as = e->as;
  if (now < as->next)
    return as->next;
  for (uint32_t m = 0; m < as->nm; m++)
    control(as, m, now);
  as->next = now + e->sc->placement.interval;
  return as->next;
}

void og__autoscale_actor(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_engine *e = sg_actor_self_get_data();
  double t = e->as->next;
  while (!e->ending && isfinite(t)) {
    sg_actor_sleep_until(t);
    t = og__autoscale_advance(e, t);
  }
}

void og__autoscale_arrival(struct og_engine *e, uint32_t model)
{
  if (!e->as->flushing)
    e->as->arrived[model]++;
}

void og__autoscale_park(struct og_engine *e, struct og_request *r)
{
  struct og_autoscale *as = e->as;
  uint32_t m = r->model;
  if (as->ready[m] + as->loading[m] > 0)
    return; /* its replicas are down: the client's timeout retries it, as without demand */
  struct gqueue *q = &as->wait[m];
  if (og_grow((void **)&q->v, &q->cap, q->n + 1, sizeof *q->v, 8)) {
    e->oom = 1;
    return;
  }
  r->refs++;
  q->v[q->n++] = (struct gwait){r, r->hop, og__now()};
  if (as->target[m] < 1)
    as->target[m] = 1;
  if (scale_up(as, m, 1) > 0 && isnan(as->target_set[m]))
    as->target_set[m] = og__now();
}

/* A replica of m is ready: the requests that waited at the gateway for
 * one are routed now, in the order they came. */
static void flush(struct og_autoscale *as, uint32_t m)
{
  struct og_engine *e = as->e;
  struct gqueue q = as->wait[m];
  as->wait[m] = (struct gqueue){0};
  as->flushing = 1;
  for (size_t i = 0; i < q.n; i++) {
    struct og_request *r = q.v[i].req;
    if (q.v[i].hop == r->hop && r->state == OG_REQ_PENDING) {
      og_metrics_cold_start(e->m, og__now() - q.v[i].since);
      og__gateway_route(e, r);
    }
    og__request_unref(e, r);
  }
  as->flushing = 0;
  free(q.v);
}

void og__autoscale_ready(struct og_engine *e, const struct og_load *L)
{
  struct og_autoscale *as = e->as;
  struct og_node *n = &e->nodes[L->node];
  uint32_t m = L->model;
  as->loading[m]--;
  as->ready[m]++;
  sync_node(as, n, m);
  if (as->ready[m] == 1)
    sync_loading(as, m);
  record(as, m);
  reached(as, m);
  flush(as, m);
}

void og__autoscale_node_left(struct og_node *n)
{
  struct og_autoscale *as = n->e->as;
  for (size_t i = 0; i < n->hosted->n_models; i++) {
    uint32_t m = (uint32_t)n->hosted->models[i];
    if (n->model_state[m] == OG_MODEL_READY)
      as->ready[m]--;
    else
      as->loading[m]--;
    if (og_router_set_host(n->e->router, n->id, m, 0) != OG_OK)
      n->e->oom = 1;
    if (as->ready[m] == 0)
      sync_loading(as, m);
    record(as, m);
  }
  n->hosted->n_models = 0;
  hosted_changed(n);
}

/* Service seconds of one request of m at the best batch of the slowest
 * class that may host it, hosting m alone (NAN: none may). */
static double work_of(const struct og_scenario *sc, uint32_t m)
{
  double w = NAN;
  size_t one = m;
  struct og_host_group alone = {.models = &one, .n_models = 1, .count = 1};
  for (size_t c = 0; c < sc->n_classes; c++)
    if (og_class_replicas(&sc->classes[c], m) > 0) {
      double x = og_request_work(sc, &sc->classes[c], &alone, &sc->models[m]);
      w = isnan(w) || x > w ? x : w;
    }
  return w;
}

/* Each model's first min_replicas, where scale-ups would put them; ready
 * at once when the scenario preloads, else loaded at the start. */
static void initial(struct og_autoscale *as)
{
  struct og_engine *e = as->e;
  for (uint32_t m = 0; m < as->nm; m++) {
    size_t want = e->sc->models[m].min_replicas;
    as->target[m] = want;
    size_t nc = 0;
    for (size_t i = 0; i < e->n_nodes; i++) {
      struct og_node *n = &e->nodes[i];
      if (n->absent || !may_host(e, n, m))
        continue;
      as->key[i] = room_of(&e->sc->classes[n->cls]) - held_bytes(e, n);
      as->cand[nc++] = (uint32_t)i;
    }
    sort_cand(as, nc, 1);
    double w = e->sc->models[m].param_bytes;
    for (size_t i = 0, placed = 0; i < nc && placed < want; i++) {
      struct og_node *n = &e->nodes[as->cand[i]];
      if (!fits(&e->sc->classes[n->cls], held_bytes(e, n) + w))
        continue;
      group_add(n->hosted, m);
      hosted_changed(n);
      placed++;
      if (e->sc->placement.preload)
        as->ready[m]++;
    }
  }
  for (size_t i = 0; i < e->n_nodes; i++)
    for (size_t j = 0; e->sc->placement.preload && j < e->nodes[i].hosted->n_models; j++) {
      uint32_t m = (uint32_t)e->nodes[i].hosted->models[j];
      e->nodes[i].model_state[m] = OG_MODEL_READY;
      sync_node(as, &e->nodes[i], m);
    }
  for (uint32_t m = 0; m < as->nm; m++)
    record(as, m);
}

void og__autoscale_start(struct og_engine *e)
{
  struct og_autoscale *as = e->as;
  if (e->sc->placement.preload)
    return;
  for (size_t i = 0; i < e->n_nodes; i++) {
    struct og_node *n = &e->nodes[i];
    for (size_t j = 0; j < n->hosted->n_models; j++) {
      uint32_t m = (uint32_t)n->hosted->models[j];
      as->loading[m]++;
      og__node_load(n, m);
      sync_node(as, n, m);
    }
  }
  for (uint32_t m = 0; m < as->nm; m++) {
    record(as, m);
    if (as->target[m] > 0)
      as->target_set[m] = og__now();
  }
}

static enum og_status alloc_state(struct og_autoscale *as)
{
  size_t nm = as->nm ? as->nm : 1, nn = as->e->n_nodes ? as->e->n_nodes : 1;
  as->arrived = calloc(nm, sizeof *as->arrived);
  as->ready = calloc(nm, sizeof *as->ready);
  as->loading = calloc(nm, sizeof *as->loading);
  as->target = calloc(nm, sizeof *as->target);
  as->below_since = malloc(nm * sizeof *as->below_since);
  as->target_set = malloc(nm * sizeof *as->target_set);
  as->work = malloc(nm * sizeof *as->work);
  as->allowed = calloc(nm, sizeof *as->allowed);
  as->wait = calloc(nm, sizeof *as->wait);
  as->rank = malloc(nn * sizeof *as->rank);
  as->models = malloc(nn * nm * sizeof *as->models);
  as->groups = calloc(nn, sizeof *as->groups);
  as->in_hand = calloc(nn * nm, sizeof *as->in_hand);
  as->last_used = calloc(nn * nm, sizeof *as->last_used);
  as->cand = malloc(nn * sizeof *as->cand);
  as->key = malloc(nn * sizeof *as->key);
  return as->arrived && as->ready && as->loading && as->target && as->below_since &&
         as->target_set && as->work && as->allowed && as->wait && as->rank && as->models &&
         as->groups && as->in_hand && as->last_used && as->cand && as->key ? OG_OK : OG_ENOMEM;
}

enum og_status og__autoscale_setup(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  if (sc->placement.policy != OG_PLACEMENT_DEMAND)
    return OG_OK;
  struct og_autoscale *as = calloc(1, sizeof *as);
  if (!as)
    return OG_ENOMEM;
  e->as = as;
  as->e = e;
  as->nm = sc->n_models;
  gsl_rng *rng = og_rng_new(sc->seed, OG_RNG_PLACEMENT, sc->n_classes);
  if (alloc_state(as) != OG_OK || !rng) {
    if (rng)
      gsl_rng_free(rng);
    return OG_ENOMEM;
  }
  for (size_t i = 0; i < e->n_nodes; i++) { /* a seeded permutation: ties spread */
    size_t j = og_rng_index(rng, i + 1);
    as->rank[i] = as->rank[j];
    as->rank[j] = (uint32_t)i;
  }
  gsl_rng_free(rng);
  for (uint32_t m = 0; m < as->nm; m++) {
    as->below_since[m] = as->target_set[m] = NAN;
    as->work[m] = work_of(sc, m);
  }
  for (size_t i = 0; i < e->n_nodes; i++) {
    struct og_node *n = &e->nodes[i];
    as->groups[i].models = as->models + i * as->nm;
    n->hosted = &as->groups[i];
    n->in_hand = as->in_hand + i * as->nm;
    n->last_used = as->last_used + i * as->nm;
    hosted_changed(n);
    for (uint32_t m = 0; m < as->nm; m++)
      as->allowed[m] += may_host(e, n, m);
  }
  initial(as);
  as->next = sc->placement.interval;
  return e->oom ? OG_ENOMEM : OG_OK;
}

void og__autoscale_free(struct og_engine *e)
{
  struct og_autoscale *as = e->as;
  if (!as)
    return;
  for (size_t m = 0; as->wait && m < as->nm; m++)
    free(as->wait[m].v); /* the requests go with the request pool */
  free(as->arrived);
  free(as->ready);
  free(as->loading);
  free(as->target);
  free(as->below_since);
  free(as->target_set);
  free(as->work);
  free(as->allowed);
  free(as->wait);
  free(as->rank);
  free(as->models);
  free(as->groups);
  free(as->in_hand);
  free(as->last_used);
  free(as->cand);
  free(as->key);
  free(as);
  e->as = NULL;
}
