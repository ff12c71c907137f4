/* des-floor: the reference floor for ogsim's speed. A plain discrete-event
 * simulator, in one file with no SimGrid, of the model the scale benchmark
 * (scenarios/bench/scale-10k.yaml) runs in ogsim's fast network mode,
 * scaled to N nodes at 5 requests/s per node as scenarios/bench/scaling.sh
 * scales it. Same events as ogsim's event loop (docs/architecture.md,
 * "Event-driven nodes and the event path"): one timer per node and per
 * client in an indexed binary heap; a client event issues a request (or
 * times one out, or resends it); the gateway routes it by power of two
 * choices on requests in hand and puts it in the node's FIFO at once (a
 * node's clock runs its gateway route's latency behind real time, so every
 * arrival at the node is exact without an event of its own); a node event
 * starts a batch (full, or its head's window over), ends a service (results
 * out, load released at real time through a heap of releases), fails (queue
 * and batch back to the gateway) or comes back up. What ogsim does beyond
 * the model (ledger, verification hooks, time series, five doubles per
 * request) is not done here: one double per completed request is kept.
 *
 *   des-floor [--nodes N] [--requests R] [--seed S] [--rate-per-node X] [--mtbf S]
 *
 * (--mtbf: the failing class's (l4's) mean time between failures, 7200 s.)
 * Prints `key value` lines: the requests issued, the wall time of the event
 * loop and per request, the peak resident memory, the latency mean, p50
 * and p99 (exact: sorted, Hyndman-Fan type 7, as ogsim's report). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define NONE UINT32_MAX

/* ---- the scenario: scale-10k.yaml, every class's count scaled ---------- */

enum { N_REGIONS = 3, N_MODELS = 2, N_CLASSES = 3, N_CLIENTS = 3, GATEWAY_REGION = 0 };

struct region_cfg { double latency, bandwidth; }; /* s, B/s */
struct wan_cfg { double latency, bandwidth; };
struct model_cfg { double flops, weight_bytes, bytes, request_bytes, response_bytes, share; };
struct class_cfg {
  const char *name;
  double tenths;            /* share of the nodes, in tenths (count = N * tenths / 10) */
  double peak, efficiency, mem_bw; /* FLOP/s, 1, B/s */
  unsigned max_batch;
  double window, mtbf, mttr; /* s; mtbf 0: never fails */
  unsigned region;
};
struct client_cfg { unsigned region; double share; };

static const struct region_cfg regions[N_REGIONS] = {
  {500e-6, 10e9 / 8}, /* us-east */
  {500e-6, 10e9 / 8}, /* eu-west */
  {1e-3, 5e9 / 8},    /* ap-south */
};
static const struct wan_cfg wan[N_REGIONS][N_REGIONS] = {
  {{0, 0}, {40e-3, 10e9 / 8}, {110e-3, 5e9 / 8}},
  {{40e-3, 10e9 / 8}, {0, 0}, {120e-3, 5e9 / 8}},
  {{110e-3, 5e9 / 8}, {120e-3, 5e9 / 8}, {0, 0}},
};
static const struct model_cfg models[N_MODELS] = {
  {10e12, 16e9, 64e6, 8e3, 2e3, 0.3}, /* llama-8b */
  {2e9, 200e6, 0, 2e3, 256, 0.7},     /* classifier */
};
static struct class_cfg classes[N_CLASSES] = { /* --mtbf sets l4's */
  {"h100", 4, 989e12, 0.5, 3.35e12, 8, 2e-3, 0, 0, 0},
  {"l4", 4, 121e12, 0.5, 300e9, 4, 2e-3, 7200, 600, 1},
  {"a10", 2, 125e12, 0.5, 600e9, 4, 2e-3, 0, 0, 2},
};
static const struct client_cfg client_cfgs[N_CLIENTS] = {{0, 0.5}, {1, 0.3}, {2, 0.2}};
static const double timeout = 20, drain = 30;
static const unsigned max_retries = 1;

/* ---- random numbers ------------------------------------------------------ */

/* xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021), one stream per purpose and entity, seeded
 * through splitmix64 (Steele, Lea, Flood, OOPSLA 2014). */
struct rng { uint64_t s[4]; };

enum { P_ARRIVAL = 1, P_MIX, P_ROUTING, P_FAILURE };

static uint64_t splitmix(uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t purpose, uint64_t entity)
{
  uint64_t x = seed ^ (purpose << 56) ^ (entity * 0x2545f4914f6cdd1dULL);
  x = splitmix(&x) ^ entity;
  for (int i = 0; i < 4; i++)
    r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
  uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return out;
}

static double rng_uniform(struct rng *r)
{
  return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static double rng_exp(struct rng *r, double mean)
{
  return -mean * log1p(-rng_uniform(r));
}

/* Uniform in [0, n), n > 0: Lemire's multiply and reject ("Fast random
 * integer generation in an interval", ACM TOMACS 2019). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
  unsigned __int128 m = (unsigned __int128)rng_next(r) * n;
  if ((uint64_t)m < n) {
    uint64_t floor = -(uint64_t)n % n;
    while ((uint64_t)m < floor)
      m = (unsigned __int128)rng_next(r) * n;
  }
  return (uint32_t)(m >> 64);
}

/* ---- memory ---------------------------------------------------------------- */

/* A bench program, not a library: out of memory ends it. */
static void oom(size_t n, size_t size)
{
  fprintf(stderr, "des-floor: out of memory (%zu items of %zu B)\n", n, size);
  exit(2);
}

/* Room for `want` items of `size` in *v (capacity *cap, doubled as needed). */
static void grow(void *vp, size_t *cap, size_t want, size_t size)
{
  void **v = vp;
  if (want <= *cap)
    return;
  size_t c = *cap ? *cap : 16;
  while (c < want)
    c *= 2;
  void *p = realloc(*v, c * size);
  if (!p)
    oom(c, size);
  *v = p;
  *cap = c;
}

/* A FIFO of request indices (power-of-two capacity). */
struct ring {
  uint32_t *v;
  size_t head, len, cap;
};

static void ring_push(struct ring *q, uint32_t x)
{
  if (q->len == q->cap) {
    size_t old = q->cap;
    grow(&q->v, &q->cap, old + 1, sizeof *q->v);
    /* unwrap: the part before head goes after the old end */
    for (size_t i = 0; i < q->head; i++)
      q->v[old + i] = q->v[i];
  }
  q->v[(q->head + q->len++) & (q->cap - 1)] = x;
}

static uint32_t ring_pop(struct ring *q)
{
  uint32_t x = q->v[q->head];
  q->head = (q->head + 1) & (q->cap - 1);
  q->len--;
  return x;
}

/* ---- state ----------------------------------------------------------------- */

enum { PENDING, DONE, FAILED, UNFINISHED };
enum { WAIT_NONE, WAIT_IDLE, WAIT_SERVING };

struct req {
  double t_issue, deadline, t_ready; /* t_ready: node clock */
  uint32_t node, hop;                /* hop: routings; older queue entries are stale */
  uint32_t next_free;
  uint16_t refs;                     /* client FIFOs and node queue entries */
  uint8_t state, timeouts, failovers, model, client;
};

/* A node queue's (or batch's) entry: a request at one of its hops. */
struct qent {
  uint32_t req, hop, next;
};

/* 64 B: one cache line. */
struct node {
  double busy_t0, busy_t1;  /* the batch in service (node clock) */
  double next_fail, repair_at;
  double busy;              /* seconds served */
  uint32_t q_head, q_tail, q_len; /* FIFO of qents */
  uint32_t batch;           /* qents in service, linked */
  uint32_t served;
  uint8_t cls, batch_len, in_service, fails_in_service, down, wait;
};

struct release { double t; uint32_t node; };  /* load let go of at real time t */
struct slot { double t; uint32_t owner; };    /* timers: nodes, then clients */

struct client {
  struct rng arrivals, mix;
  double rate, act_delay, next_issue;
  struct ring pending, retries;
  uint64_t unresolved;
  int done;
};

struct class_rt {            /* a class, as the run uses it */
  struct class_cfg cfg;
  uint32_t first, count;
  double shift;              /* gateway -> node route's latency: node clock behind real */
  double delay[N_CLIENTS][N_MODELS]; /* node clock t_finish -> client's real time */
  double busy_in_window, down_in_window;
  uint64_t batches, failures, wasted;
};

struct sim {
  uint32_t n_nodes;
  double duration, hard_stop, now;
  struct class_rt cls[N_CLASSES];
  struct node *nodes;
  struct rng *fail_rng;      /* per node (touched for failing classes only) */
  struct client clients[N_CLIENTS];
  size_t clients_running;

  /* the router: up set, requests in hand, releases to apply */
  uint32_t *up, *up_pos, *load, n_up;
  struct rng route_rng;
  struct release *rel;
  size_t n_rel, cap_rel;

  /* timers: an indexed binary min-heap (time, then owner) */
  struct slot *heap;
  uint32_t *pos;
  size_t heap_len;

  struct req *reqs;
  size_t n_reqs, cap_reqs;
  uint32_t free_req;
  struct qent *qents;
  size_t n_qents, cap_qents;
  uint32_t free_qent;

  double *lat;               /* latency of each completed request */
  size_t n_lat, cap_lat;
  double last_done;
  uint64_t issued, failed, timeouts, failovers, unfinished, late;
};

/* ---- timers ---------------------------------------------------------------- */

static int before(struct slot a, struct slot b)
{
  return a.t < b.t || (a.t == b.t && a.owner < b.owner);
}

static void heap_put(struct sim *s, size_t i, struct slot x)
{
  s->heap[i] = x;
  s->pos[x.owner] = (uint32_t)i;
}

static void sift_up(struct sim *s, size_t i, struct slot x)
{
  while (i > 0 && before(x, s->heap[(i - 1) / 2])) {
    heap_put(s, i, s->heap[(i - 1) / 2]);
    i = (i - 1) / 2;
  }
  heap_put(s, i, x);
}

static void sift_down(struct sim *s, size_t i, struct slot x)
{
  for (size_t c; (c = 2 * i + 1) < s->heap_len; i = c) {
    if (c + 1 < s->heap_len && before(s->heap[c + 1], s->heap[c]))
      c++;
    if (!before(s->heap[c], x))
      break;
    heap_put(s, i, s->heap[c]);
  }
  heap_put(s, i, x);
}

/* Owner's timer goes to t (INFINITY: cleared). */
static void timer_set(struct sim *s, uint32_t owner, double t)
{
  uint32_t i = s->pos[owner];
  if (isinf(t)) {
    if (i == NONE)
      return;
    s->pos[owner] = NONE;
    struct slot last = s->heap[--s->heap_len];
    if (i < s->heap_len) {
      sift_down(s, i, last);
      sift_up(s, s->pos[last.owner], last);
    }
    return;
  }
  struct slot x = {t, owner};
  if (i == NONE) {
    sift_up(s, s->heap_len++, x);
  } else if (before(x, s->heap[i])) {
    sift_up(s, i, x);
  } else {
    sift_down(s, i, x);
  }
}

/* ---- requests and queue entries ------------------------------------------- */

static uint32_t req_new(struct sim *s)
{
  uint32_t i = s->free_req;
  if (i != NONE) {
    s->free_req = s->reqs[i].next_free;
  } else {
    grow(&s->reqs, &s->cap_reqs, s->n_reqs + 1, sizeof *s->reqs);
    i = (uint32_t)s->n_reqs++;
  }
  s->reqs[i] = (struct req){.state = PENDING, .refs = 1, .t_ready = -1};
  return i;
}

static void req_unref(struct sim *s, uint32_t i)
{
  struct req *r = &s->reqs[i];
  if (--r->refs > 0)
    return;
  r->next_free = s->free_req;
  s->free_req = i;
}

static uint32_t qent_new(struct sim *s, uint32_t req, uint32_t hop)
{
  uint32_t i = s->free_qent;
  if (i != NONE) {
    s->free_qent = s->qents[i].next;
  } else {
    grow(&s->qents, &s->cap_qents, s->n_qents + 1, sizeof *s->qents);
    i = (uint32_t)s->n_qents++;
  }
  s->qents[i] = (struct qent){req, hop, NONE};
  return i;
}

static void qent_free(struct sim *s, uint32_t i)
{
  s->qents[i].next = s->free_qent;
  s->free_qent = i;
}

static int live(const struct sim *s, uint32_t e)
{
  const struct req *r = &s->reqs[s->qents[e].req];
  return s->qents[e].hop == r->hop && r->state == PENDING;
}

static uint32_t q_pop(struct sim *s, struct node *n)
{
  uint32_t e = n->q_head;
  n->q_head = s->qents[e].next;
  if (--n->q_len == 0)
    n->q_tail = NONE;
  return e;
}

/* ---- router ---------------------------------------------------------------- */

static void rel_push(struct sim *s, double t, uint32_t node)
{
  grow(&s->rel, &s->cap_rel, s->n_rel + 1, sizeof *s->rel);
  size_t i = s->n_rel++;
  struct release x = {t, node};
  for (; i > 0 && x.t < s->rel[(i - 1) / 2].t; i = (i - 1) / 2)
    s->rel[i] = s->rel[(i - 1) / 2];
  s->rel[i] = x;
}

/* Loads let go of by now come off. */
static void rel_apply(struct sim *s)
{
  while (s->n_rel > 0 && s->rel[0].t <= s->now) {
    s->load[s->rel[0].node]--;
    struct release x = s->rel[--s->n_rel];
    size_t i = 0;
    for (size_t c; (c = 2 * i + 1) < s->n_rel; i = c) {
      if (c + 1 < s->n_rel && s->rel[c + 1].t < s->rel[c].t)
        c++;
      if (!(s->rel[c].t < x.t))
        break;
      s->rel[i] = s->rel[c];
    }
    s->rel[i] = x;
  }
}

static void set_up(struct sim *s, uint32_t k, int up)
{
  if (up) {
    s->up_pos[k] = s->n_up;
    s->up[s->n_up++] = k;
  } else {
    uint32_t p = s->up_pos[k], last = s->up[--s->n_up];
    s->up[p] = last;
    s->up_pos[last] = p;
    s->up_pos[k] = NONE;
  }
}

/* ---- gateway and nodes ----------------------------------------------------- */

static void route(struct sim *s, uint32_t r);

static double shift_of(const struct sim *s, const struct node *n)
{
  return s->cls[n->cls].shift;
}

/* Node k no longer holds a request routed to it (at its real time now). */
static void release(struct sim *s, uint32_t k, uint32_t e)
{
  rel_push(s, s->now + shift_of(s, &s->nodes[k]), k);
  req_unref(s, s->qents[e].req);
  qent_free(s, e);
}

static void failover(struct sim *s, uint32_t r)
{
  s->reqs[r].hop++;
  s->reqs[r].failovers++;
  s->failovers++;
  route(s, r);
}

static void poke(struct sim *s, uint32_t k)
{
  s->nodes[k].wait = WAIT_NONE;
  timer_set(s, k, s->now);
}

static void enqueue(struct sim *s, uint32_t k, uint32_t r)
{
  struct node *n = &s->nodes[k];
  if (n->down) {
    rel_push(s, s->now + shift_of(s, n), k);
    failover(s, r);
    return;
  }
  s->reqs[r].refs++;
  s->reqs[r].t_ready = s->now;
  uint32_t e = qent_new(s, r, s->reqs[r].hop);
  if (n->q_len++ == 0)
    n->q_head = e;
  else
    s->qents[n->q_tail].next = e;
  n->q_tail = e;
  if (n->wait == WAIT_IDLE ||
      (n->wait == WAIT_SERVING && !n->in_service && n->q_len >= s->cls[n->cls].cfg.max_batch))
    poke(s, k);
}

/* Power of two choices on requests in hand (Mitzenmacher, IEEE TPDS 2001);
 * ties go to the first draw. With every node down the request waits for
 * its client's timeout. */
static void route(struct sim *s, uint32_t r)
{
  rel_apply(s);
  if (s->n_up == 0)
    return;
  uint32_t a = s->up[rng_below(&s->route_rng, s->n_up)];
  uint32_t b = s->up[rng_below(&s->route_rng, s->n_up)];
  uint32_t k = s->load[b] < s->load[a] ? b : a;
  s->reqs[r].node = k;
  s->load[k]++;
  enqueue(s, k, r);
}

static void client_resolved(struct sim *s, uint32_t ci)
{
  struct client *c = &s->clients[ci];
  if (--c->unresolved > 0 || !isinf(c->next_issue) || c->done)
    return;
  timer_set(s, s->n_nodes + ci, s->now);
}

/* The result reaches the client at t_done (real time): on time, the
 * request succeeds now (its client hears of it when it arrives). */
static void respond(struct sim *s, const struct class_rt *c, uint32_t ri, double t1)
{
  struct req *r = &s->reqs[ri];
  double t_done = t1 + c->delay[r->client][r->model];
  if (t_done > r->deadline) {
    s->late++;
    return;
  }
  r->state = DONE;
  if (r->t_issue < s->duration) {
    grow(&s->lat, &s->cap_lat, s->n_lat + 1, sizeof *s->lat);
    s->lat[s->n_lat++] = t_done - r->t_issue;
  }
  if (t_done > s->last_done)
    s->last_done = t_done;
  client_resolved(s, r->client);
}

/* Overlap of [t0, t1) (node clock) with the run's window [0, duration). */
static double in_window(const struct sim *s, const struct node *n, double t0, double t1)
{
  double a = fmax(t0 + shift_of(s, n), 0), b = fmin(t1 + shift_of(s, n), s->duration);
  return b > a ? b - a : 0;
}

static void finish(struct sim *s, uint32_t k)
{
  struct node *n = &s->nodes[k];
  struct class_rt *c = &s->cls[n->cls];
  for (uint32_t e = n->batch, next; e != NONE; e = next) {
    next = s->qents[e].next;
    if (live(s, e)) {
      n->served++;
      respond(s, c, s->qents[e].req, n->busy_t1);
    } else {
      c->wasted++;
    }
    release(s, k, e);
  }
  n->batch = NONE;
  n->batch_len = 0;
  c->batches++;
}

/* Fail at now: queue and batch go back to the gateway, down until repaired. */
static void go_down(struct sim *s, uint32_t k)
{
  struct node *n = &s->nodes[k];
  struct class_rt *c = &s->cls[n->cls];
  n->repair_at = s->now + rng_exp(&s->fail_rng[k], c->cfg.mttr);
  c->down_in_window += in_window(s, n, s->now, n->repair_at);
  n->down = 1;
  c->failures++;
  set_up(s, k, 0);
  for (uint32_t e = n->batch, next; e != NONE; e = next) {
    next = s->qents[e].next;
    if (live(s, e)) {
      c->wasted++;
      failover(s, s->qents[e].req);
    }
    release(s, k, e);
  }
  n->batch = NONE;
  n->batch_len = 0;
  while (n->q_len > 0) {
    uint32_t e = q_pop(s, n);
    if (live(s, e))
      failover(s, s->qents[e].req);
    release(s, k, e);
  }
}

static void come_up(struct sim *s, uint32_t k)
{
  struct node *n = &s->nodes[k];
  n->down = 0;
  set_up(s, k, 1);
  n->next_fail = n->repair_at + rng_exp(&s->fail_rng[k], s->cls[n->cls].cfg.mtbf);
}

static void end_service(struct sim *s, uint32_t k)
{
  struct node *n = &s->nodes[k];
  n->in_service = 0;
  n->busy += n->busy_t1 - n->busy_t0;
  s->cls[n->cls].busy_in_window += in_window(s, n, n->busy_t0, n->busy_t1);
  if (n->fails_in_service)
    go_down(s, k);
  else
    finish(s, k);
}

/* Up to max_batch consecutive live requests of the head's model, into
 * service for the roofline time of the batch. */
static void start_batch(struct sim *s, uint32_t k)
{
  struct node *n = &s->nodes[k];
  const struct class_cfg *c = &s->cls[n->cls].cfg;
  uint32_t model = NONE, tail = NONE;
  n->batch = NONE;
  n->batch_len = 0;
  while (n->q_len > 0 && n->batch_len < c->max_batch) {
    uint32_t e = n->q_head;
    if (!live(s, e)) {
      release(s, k, q_pop(s, n));
      continue;
    }
    uint32_t m = s->reqs[s->qents[e].req].model;
    if (model != NONE && m != model)
      break;
    model = m;
    q_pop(s, n);
    s->qents[e].next = NONE;
    if (tail == NONE)
      n->batch = e;
    else
      s->qents[tail].next = e;
    tail = e;
    n->batch_len++;
  }
  const struct model_cfg *md = &models[model];
  double b = n->batch_len;
  double compute = b * md->flops / (c->peak * c->efficiency);
  double memory = (md->weight_bytes + b * md->bytes) / c->mem_bw;
  double end = s->now + (compute > memory ? compute : memory);
  n->in_service = 1;
  n->busy_t0 = s->now;
  n->fails_in_service = end > n->next_fail;
  n->busy_t1 = n->fails_in_service ? n->next_fail : end;
}

static double settle(struct node *n, double t, int wait)
{
  n->wait = (uint8_t)wait;
  return t;
}

/* Node k at now (its clock): handle what is due; the time it next runs. */
static double node_advance(struct sim *s, uint32_t k)
{
  struct node *n = &s->nodes[k];
  const struct class_cfg *c = &s->cls[n->cls].cfg;
  double now = s->now;
  for (;;) {
    if (n->down) {
      if (now < n->repair_at)
        return settle(n, n->repair_at, WAIT_NONE);
      come_up(s, k);
    } else if (n->in_service) {
      if (now < n->busy_t1)
        return settle(n, n->busy_t1, WAIT_SERVING);
      end_service(s, k);
    } else if (now >= n->next_fail) {
      go_down(s, k);
    } else {
      while (n->q_len > 0 && !live(s, n->q_head))
        release(s, k, q_pop(s, n));
      if (n->q_len == 0)
        return settle(n, n->next_fail, WAIT_IDLE);
      double window_end = s->reqs[s->qents[n->q_head].req].t_ready + c->window;
      if (n->q_len < c->max_batch && now < window_end)
        return settle(n, fmin(window_end, n->next_fail), WAIT_SERVING);
      start_batch(s, k);
    }
  }
}

/* ---- clients --------------------------------------------------------------- */

static void issue(struct sim *s, uint32_t ci)
{
  struct client *c = &s->clients[ci];
  uint32_t ri = req_new(s);
  struct req *r = &s->reqs[ri];
  r->client = (uint8_t)ci;
  double u = rng_uniform(&c->mix), acc = 0;
  r->model = N_MODELS - 1;
  for (unsigned m = 0; m < N_MODELS - 1; m++)
    if (u < (acc += models[m].share)) {
      r->model = (uint8_t)m;
      break;
    }
  r->t_issue = c->next_issue;
  r->deadline = r->t_issue + timeout;
  s->issued++;
  c->unresolved++;
  r->refs++;
  ring_push(&c->pending, ri);
  route(s, ri);
  req_unref(s, ri); /* the creator's reference */
  double t = c->next_issue + rng_exp(&c->arrivals, 1 / c->rate);
  c->next_issue = t < s->duration ? t : INFINITY;
}

static void give_up(struct sim *s, uint32_t ri, int status)
{
  struct req *r = &s->reqs[ri];
  r->state = (uint8_t)status;
  if (status == FAILED)
    s->failed++;
  else
    s->unfinished++;
  client_resolved(s, r->client);
}

static void timed_out(struct sim *s, struct client *c, uint32_t ri)
{
  struct req *r = &s->reqs[ri];
  s->timeouts++;
  if (++r->timeouts > max_retries) {
    give_up(s, ri, FAILED);
    return;
  }
  r->hop++; /* copies still queued at a node are now stale */
  r->deadline = s->now + timeout;
  r->refs += 2;
  ring_push(&c->pending, ri);
  ring_push(&c->retries, ri);
}

/* Client ci at now: timeouts, resends, issues due; the time of its next. */
static double client_step(struct sim *s, uint32_t ci)
{
  struct client *c = &s->clients[ci];
  double now = s->now;
  while (c->pending.len > 0) {
    uint32_t ri = c->pending.v[c->pending.head];
    if (s->reqs[ri].state == PENDING && s->reqs[ri].deadline > now)
      break;
    if (s->reqs[ri].state == PENDING)
      timed_out(s, c, ri);
    req_unref(s, ring_pop(&c->pending));
  }
  /* a resend acts at the gateway act_delay after its timeout */
  while (c->retries.len > 0 &&
         s->reqs[c->retries.v[c->retries.head]].deadline - timeout + c->act_delay <= now) {
    uint32_t ri = ring_pop(&c->retries);
    if (s->reqs[ri].state == PENDING)
      route(s, ri);
    req_unref(s, ri);
  }
  while (c->next_issue + c->act_delay <= now)
    issue(s, ci);
  double next = c->next_issue + c->act_delay;
  if (c->retries.len > 0)
    next = fmin(next, s->reqs[c->retries.v[c->retries.head]].deadline - timeout + c->act_delay);
  if (c->pending.len > 0)
    next = fmin(next, s->reqs[c->pending.v[c->pending.head]].deadline);
  return next;
}

static double client_advance(struct sim *s, uint32_t ci)
{
  struct client *c = &s->clients[ci];
  double next = client_step(s, ci);
  if (!isinf(next) && !(isinf(c->next_issue) && c->unresolved == 0) && s->now < s->hard_stop)
    return fmin(next, s->hard_stop);
  c->done = 1;
  s->clients_running--;
  while (c->pending.len > 0) { /* the hard stop: what is left is counted */
    uint32_t ri = ring_pop(&c->pending);
    if (s->reqs[ri].state == PENDING)
      give_up(s, ri, UNFINISHED);
    req_unref(s, ri);
  }
  while (c->retries.len > 0)
    req_unref(s, ring_pop(&c->retries));
  return INFINITY;
}

/* ---- the run --------------------------------------------------------------- */

/* Latency and bandwidth of the route between hosts of regions a and b: each
 * host's link carries half its region's latency (ogsim's generated
 * platform, sim/engine/platform.c), a WAN link joins two regions. */
static struct region_cfg path(unsigned a, unsigned b)
{
  if (a == b)
    return regions[a];
  struct region_cfg p = {regions[a].latency / 2 + wan[a][b].latency + regions[b].latency / 2,
                         fmin(fmin(regions[a].bandwidth, wan[a][b].bandwidth), regions[b].bandwidth)};
  return p;
}

static void setup_classes(struct sim *s, uint32_t n_nodes)
{
  uint32_t first = 0;
  for (unsigned i = 0; i < N_CLASSES; i++) {
    struct class_rt *c = &s->cls[i];
    c->cfg = classes[i];
    c->first = first;
    c->count = (uint32_t)((uint64_t)n_nodes * (uint64_t)c->cfg.tenths / 10);
    first += c->count;
    struct region_cfg gw = path(GATEWAY_REGION, c->cfg.region);
    c->shift = gw.latency;
    for (unsigned k = 0; k < N_CLIENTS; k++) {
      struct region_cfg to_gw = path(client_cfgs[k].region, GATEWAY_REGION);
      struct region_cfg back = path(c->cfg.region, client_cfgs[k].region);
      for (unsigned m = 0; m < N_MODELS; m++)
        c->delay[k][m] = c->shift + models[m].request_bytes / to_gw.bandwidth +
                         models[m].request_bytes / gw.bandwidth + back.latency +
                         models[m].response_bytes / back.bandwidth;
    }
  }
  s->n_nodes = first;
}

static void *alloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size);
  if (!p)
    oom(n, size);
  return p;
}

static void setup(struct sim *s, uint32_t n_nodes, double requests, double rate_per_node,
                  uint64_t seed)
{
  setup_classes(s, n_nodes);
  uint32_t n = s->n_nodes;
  double rate = rate_per_node * n;
  s->duration = requests / rate;
  s->hard_stop = s->duration + drain + timeout * (1.0 + max_retries);
  s->nodes = alloc(n, sizeof *s->nodes);
  s->fail_rng = malloc((n ? n : 1) * sizeof *s->fail_rng); /* untouched unless failing */
  s->up = alloc(n, sizeof *s->up);
  s->up_pos = alloc(n, sizeof *s->up_pos);
  s->load = alloc(n, sizeof *s->load);
  s->heap = alloc((size_t)n + N_CLIENTS, sizeof *s->heap);
  s->pos = alloc((size_t)n + N_CLIENTS, sizeof *s->pos);
  if (!s->fail_rng)
    oom(n, sizeof *s->fail_rng);
  for (unsigned i = 0; i < N_CLASSES; i++)
    for (uint32_t k = s->cls[i].first; k < s->cls[i].first + s->cls[i].count; k++) {
      struct node *nd = &s->nodes[k];
      *nd = (struct node){.cls = (uint8_t)i, .q_head = NONE, .q_tail = NONE, .batch = NONE,
                          .next_fail = INFINITY};
      if (classes[i].mtbf > 0) {
        rng_seed(&s->fail_rng[k], seed, P_FAILURE, k);
        nd->next_fail = rng_exp(&s->fail_rng[k], classes[i].mtbf);
      }
    }
  for (uint32_t k = 0; k < n; k++) {
    s->up[k] = s->up_pos[k] = k;
    s->pos[k] = NONE;
  }
  s->n_up = n;
  rng_seed(&s->route_rng, seed, P_ROUTING, 0);
  for (unsigned i = 0; i < N_CLIENTS; i++) {
    struct client *c = &s->clients[i];
    s->pos[n + i] = NONE;
    rng_seed(&c->arrivals, seed, P_ARRIVAL, i);
    rng_seed(&c->mix, seed, P_MIX, i);
    c->rate = rate * client_cfgs[i].share;
    c->act_delay = path(client_cfgs[i].region, GATEWAY_REGION).latency;
    c->next_issue = rng_exp(&c->arrivals, 1 / c->rate);
    if (c->next_issue >= s->duration)
      c->next_issue = INFINITY;
  }
  s->clients_running = N_CLIENTS;
  s->free_req = s->free_qent = NONE;
}

/* Run the earliest timer's owner while there is one due by `end` and,
 * when `while_clients`, a client still running. */
static void run_events(struct sim *s, double end, int while_clients)
{
  while (s->heap_len > 0 && s->heap[0].t <= end && (!while_clients || s->clients_running > 0)) {
    uint32_t who = s->heap[0].owner;
    s->now = s->heap[0].t;
    double t = who < s->n_nodes ? node_advance(s, who) : client_advance(s, who - s->n_nodes);
    timer_set(s, who, t);
  }
}

static void run(struct sim *s)
{
  for (uint32_t k = 0; k < s->n_nodes; k++)
    timer_set(s, k, node_advance(s, k));
  for (uint32_t i = 0; i < N_CLIENTS; i++)
    timer_set(s, s->n_nodes + i, 0);
  run_events(s, s->hard_stop, 1);
  /* nodes go on (failing, being repaired) until the last response arrives */
  run_events(s, fmin(s->last_done, s->hard_stop), 0);
}

static void sim_free(struct sim *s)
{
  free(s->nodes);
  free(s->fail_rng);
  free(s->up);
  free(s->up_pos);
  free(s->load);
  free(s->heap);
  free(s->pos);
  free(s->rel);
  free(s->reqs);
  free(s->qents);
  free(s->lat);
  for (unsigned i = 0; i < N_CLIENTS; i++) {
    free(s->clients[i].pending.v);
    free(s->clients[i].retries.v);
  }
}

/* ---- output ---------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Quantile p of sorted x[0..n) (Hyndman and Fan 1996, type 7). */
static double quantile(const double *x, size_t n, double p)
{
  if (n == 0)
    return NAN;
  double h = (double)(n - 1) * p;
  size_t lo = (size_t)h;
  return lo + 1 < n ? x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]) : x[lo];
}

static double wall_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void report(struct sim *s, double loop_wall)
{
  double sum = 0;
  for (size_t i = 0; i < s->n_lat; i++)
    sum += s->lat[i];
  qsort(s->lat, s->n_lat, sizeof *s->lat, cmp_double);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("nodes %u\nduration_s %.9g\nrequests %llu\ncompleted %zu\nfailed %llu\n"
         "unfinished %llu\ntimeouts %llu\nlate_results %llu\nfailovers %llu\n",
         s->n_nodes, s->duration, (unsigned long long)s->issued, s->n_lat,
         (unsigned long long)s->failed, (unsigned long long)s->unfinished,
         (unsigned long long)s->timeouts, (unsigned long long)s->late,
         (unsigned long long)s->failovers);
  uint64_t failures = 0;
  for (unsigned i = 0; i < N_CLASSES; i++)
    failures += s->cls[i].failures;
  printf("node_failures %llu\n", (unsigned long long)failures);
  for (unsigned i = 0; i < N_CLASSES; i++)
    printf("utilisation_%s %.6f\n", classes[i].name,
           s->cls[i].count ? s->cls[i].busy_in_window / (s->cls[i].count * s->duration) : 0.0);
  printf("loop_wall_s %.6f\nns_per_request %.1f\npeak_rss_mib %.1f\n", loop_wall,
         s->issued ? loop_wall / (double)s->issued * 1e9 : 0.0, ru.ru_maxrss / 1024.0);
  printf("latency_mean_s %.9g\nlatency_p50_s %.9g\nlatency_p99_s %.9g\n",
         s->n_lat ? sum / (double)s->n_lat : NAN, quantile(s->lat, s->n_lat, 0.5),
         quantile(s->lat, s->n_lat, 0.99));
}

static int usage(const char *why)
{
  fprintf(stderr, "des-floor: %s\nusage: des-floor [--nodes N] [--requests R] [--seed S] "
                  "[--rate-per-node X] [--mtbf S]\n", why);
  return 2;
}

int main(int argc, char **argv)
{
  double nodes = 10000, requests = 1e6, rate_per_node = 5, seed = 1, mtbf = classes[1].mtbf;
  for (int i = 1; i < argc; i++) {
    double *to = !strcmp(argv[i], "--nodes")           ? &nodes
                 : !strcmp(argv[i], "--requests")      ? &requests
                 : !strcmp(argv[i], "--seed")          ? &seed
                 : !strcmp(argv[i], "--rate-per-node") ? &rate_per_node
                 : !strcmp(argv[i], "--mtbf")          ? &mtbf
                                                       : NULL;
    char *end;
    if (!to || i + 1 >= argc)
      return usage(to ? "an option without its value" : "unknown option");
    *to = strtod(argv[++i], &end);
    if (*end || !(*to >= 0) || isinf(*to))
      return usage("a value is not a finite number >= 0");
  }
  if (nodes < 10 || nodes > 4e9 || requests < 1 || rate_per_node <= 0 || seed != floor(seed) ||
      mtbf <= 0)
    return usage("need --nodes in [10, 4e9], --requests >= 1, --rate-per-node > 0, "
                 "an integer --seed, --mtbf > 0");
  classes[1].mtbf = mtbf;
  struct sim s = {0};
  setup(&s, (uint32_t)nodes, requests, rate_per_node, (uint64_t)seed);
  double t0 = wall_now();
  run(&s);
  double loop_wall = wall_now() - t0;
  report(&s, loop_wall);
  sim_free(&s);
  return 0;
}
