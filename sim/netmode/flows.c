/* The network's events in the event loop: analytic deliveries and flows.
 *
 * A flow is one message as SimGrid's CM02 model moves it (engine.c
 * configures CM02 with bandwidth and latency factors 1, TCP-gamma 0, no
 * cross traffic): it waits out its route's latency using no bandwidth,
 * then shares every link of its route with the other flows by weighted
 * max-min fairness, the weight of a flow being 1 / its route's latency
 * (SimGrid's "sharing penalty"; with weight-S set, plus weight-S / the
 * bandwidth of each link), until its bytes are through. The rates are
 * solved again, by progressive filling as SimGrid's lmm solver does,
 * whenever a flow leaves its latency phase or ends; between those times
 * every rate is constant, so each flow's end is known in closed form.
 * tests/run/flows.sh checks the ends against SimGrid's own (the exact
 * network mode) on random sets of flows.
 *
 * Links are SimGrid's, read from its routes (sg_host_get_route): a shared
 * link's capacity is split, a fat pipe's (non-shared) bounds each flow
 * alone. Routes are looked up once per host pair. */
#include <math.h>
#include <simgrid/host.h>
#include <simgrid/link.h>
#include <stdlib.h>
#include <xbt/config.h>
#include <xbt/dynar.h>

#include "flows.h"
#include "grow.h"

struct link {
  sg_link_t sg;
  double cap;       /* B/s */
  int shared;       /* 0: a fat pipe */
  double remaining; /* solver: capacity not yet given out */
  double usage;     /* solver: sum (shared) or max (fat pipe) of 1 / penalty of unfixed flows */
  int touched;      /* solver: in this solve's list */
};

struct route {
  const void *from, *to;
  uint32_t *link;
  uint32_t n;
  double latency; /* s */
  double pen;     /* CM02's sharing penalty */
};

struct flow {
  double rem;      /* B left, as of the flows' t_upd */
  double t_active; /* its latency is over: it takes bandwidth from then */
  double rate;     /* B/s while active */
  double t_end;    /* when its bytes are through at the current rates */
  uint32_t route;
  int active, fixed;
  og_msg_fn fn;
  struct og_request *r;
  uint32_t a, b;
};

struct delivery {
  double t;
  uint64_t seq;
  og_msg_fn fn;
  struct og_request *r;
  uint32_t a, b;
};

struct og_flows {
  struct link *links;
  size_t n_links, cap_links;
  const void **lkey; /* open addressing: sg_link_t -> index + 1 in lval */
  uint32_t *lval;
  size_t lcap;
  struct route *routes;
  size_t n_routes, cap_routes;
  uint32_t *rslot;   /* open addressing: (from, to) -> route index + 1 */
  size_t rcap;
  struct flow *fl;   /* open flows, in the order they started */
  size_t n_fl, cap_fl;
  struct delivery *dq; /* min-heap by (t, seq) */
  size_t n_dq, cap_dq;
  uint64_t seq, started;
  double t_upd;      /* the flows' rem hold at this time */
  double weight_s;   /* SimGrid's network/weight-S */
  uint32_t *touched; /* solver scratch: links of active flows */
  size_t cap_touched;
  struct flow *done; /* flows ended in this advance */
  size_t cap_done;
  int advancing;     /* inside og__flows_advance: the loop sets the timer after */
};

static uint64_t mix(uint64_t x)
{
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

/* ---- links and routes ------------------------------------------------- */

static int link_rehash(struct og_flows *w)
{
  size_t cap = w->lcap ? 2 * w->lcap : 64;
  const void **k = calloc(cap, sizeof *k);
  uint32_t *v = calloc(cap, sizeof *v);
  if (!k || !v) {
    free(k);
    free(v);
    return -1;
  }
  for (size_t i = 0; i < w->lcap; i++)
    if (w->lkey[i]) {
      size_t j = mix((uint64_t)(uintptr_t)w->lkey[i]) & (cap - 1);
      while (k[j])
        j = (j + 1) & (cap - 1);
      k[j] = w->lkey[i];
      v[j] = w->lval[i];
    }
  free(w->lkey);
  free(w->lval);
  w->lkey = k;
  w->lval = v;
  w->lcap = cap;
  return 0;
}

/* The index of SimGrid link l, registered on first sight; UINT32_MAX when
 * out of memory. */
static uint32_t link_id(struct og_flows *w, sg_link_t l)
{
  if (2 * (w->n_links + 1) > w->lcap && link_rehash(w) != 0)
    return UINT32_MAX;
  size_t j = mix((uint64_t)(uintptr_t)l) & (w->lcap - 1);
  while (w->lkey[j]) {
    if (w->lkey[j] == l)
      return w->lval[j] - 1;
    j = (j + 1) & (w->lcap - 1);
  }
  if (og_grow((void **)&w->links, &w->cap_links, w->n_links + 1, sizeof *w->links, 16))
    return UINT32_MAX;
  w->links[w->n_links] = (struct link){.sg = l, .cap = sg_link_get_bandwidth(l),
                                       .shared = sg_link_is_shared(l)};
  w->lkey[j] = l;
  w->lval[j] = (uint32_t)++w->n_links;
  return (uint32_t)(w->n_links - 1);
}

static size_t rhash(const void *from, const void *to, size_t cap)
{
  return mix((uint64_t)(uintptr_t)from * 31 + (uint64_t)(uintptr_t)to) & (cap - 1);
}

static int route_rehash(struct og_flows *w)
{
  size_t cap = w->rcap ? 2 * w->rcap : 64;
  uint32_t *s = calloc(cap, sizeof *s);
  if (!s)
    return -1;
  for (size_t i = 0; i < w->n_routes; i++) {
    size_t j = rhash(w->routes[i].from, w->routes[i].to, cap);
    while (s[j])
      j = (j + 1) & (cap - 1);
    s[j] = (uint32_t)(i + 1);
  }
  free(w->rslot);
  w->rslot = s;
  w->rcap = cap;
  return 0;
}

/* The route from `from` to `to`, looked up in SimGrid on first use;
 * UINT32_MAX when out of memory. */
static uint32_t route_id(struct og_flows *w, sg_host_t from, sg_host_t to)
{
  if (2 * (w->n_routes + 1) > w->rcap && route_rehash(w) != 0)
    return UINT32_MAX;
  size_t j = rhash(from, to, w->rcap);
  while (w->rslot[j]) {
    const struct route *rt = &w->routes[w->rslot[j] - 1];
    if (rt->from == from && rt->to == to)
      return w->rslot[j] - 1;
    j = (j + 1) & (w->rcap - 1);
  }
  if (og_grow((void **)&w->routes, &w->cap_routes, w->n_routes + 1, sizeof *w->routes, 16))
    return UINT32_MAX;
  xbt_dynar_t d = xbt_dynar_new(sizeof(sg_link_t), NULL);
  sg_host_get_route(from, to, d);
  size_t n = xbt_dynar_length(d);
  struct route rt = {.from = from, .to = to, .link = malloc((n ? n : 1) * sizeof *rt.link),
                     .latency = sg_host_get_route_latency(from, to)};
  if (!rt.link) {
    xbt_dynar_free(&d);
    return UINT32_MAX;
  }
  double pen = rt.latency;
  for (size_t i = 0; i < n; i++) {
    sg_link_t l = xbt_dynar_get_as(d, i, sg_link_t);
    uint32_t id = link_id(w, l);
    if (id == UINT32_MAX) {
      free(rt.link);
      xbt_dynar_free(&d);
      return UINT32_MAX;
    }
    rt.link[rt.n++] = id;
    if (w->weight_s > 0)
      pen += w->weight_s / w->links[id].cap;
  }
  xbt_dynar_free(&d);
  /* SimGrid gives a route without latency the penalty 1 and keeps it */
  rt.pen = rt.latency > 0 ? pen : 1;
  w->routes[w->n_routes] = rt;
  w->rslot[j] = (uint32_t)++w->n_routes;
  return (uint32_t)(w->n_routes - 1);
}

/* ---- set-up ------------------------------------------------------------ */

enum og_status og__flows_init(struct og_engine *e)
{
  e->flows = calloc(1, sizeof *e->flows);
  if (!e->flows)
    return OG_ENOMEM;
  e->flows->weight_s = sg_cfg_get_double("network/weight-S");
  e->flows->t_upd = 0;
  return OG_OK;
}

void og__flows_free(struct og_engine *e)
{
  struct og_flows *w = e->flows;
  if (!w)
    return;
  for (size_t i = 0; i < w->n_routes; i++)
    free(w->routes[i].link);
  free(w->routes);
  free(w->rslot);
  free(w->links);
  free(w->lkey);
  free(w->lval);
  free(w->fl);
  free(w->dq);
  free(w->touched);
  free(w->done);
  free(w);
  e->flows = NULL;
}

uint64_t og__flows_started(const struct og_engine *e)
{
  return e->flows ? e->flows->started : 0;
}

/* ---- the deliveries' heap ---------------------------------------------- */

static int dq_before(const struct delivery *a, const struct delivery *b)
{
  return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void dq_push(struct og_flows *w, struct delivery d)
{
  size_t i = w->n_dq++;
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!dq_before(&d, &w->dq[p]))
      break;
    w->dq[i] = w->dq[p];
    i = p;
  }
  w->dq[i] = d;
}

static struct delivery dq_pop(struct og_flows *w)
{
  struct delivery top = w->dq[0], last = w->dq[--w->n_dq];
  size_t i = 0, n = w->n_dq;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n)
      break;
    if (c + 1 < n && dq_before(&w->dq[c + 1], &w->dq[c]))
      c++;
    if (!dq_before(&w->dq[c], &last))
      break;
    w->dq[i] = w->dq[c];
    i = c;
  }
  if (n)
    w->dq[i] = last;
  return top;
}

/* ---- the solver -------------------------------------------------------- */

/* Bytes of the active flows brought to time t at their rates. */
static void bring_to(struct og_flows *w, double t)
{
  if (t <= w->t_upd)
    return;
  for (size_t i = 0; i < w->n_fl; i++) {
    struct flow *f = &w->fl[i];
    if (f->active) {
      f->rem -= f->rate * (t - w->t_upd);
      if (f->rem < 0)
        f->rem = 0;
    }
  }
  w->t_upd = t;
}

/* Weighted max-min rates of the active flows (progressive filling): the
 * link with the least remaining capacity per unit of weight among the
 * unfixed flows through it fixes them at that share x their weight;
 * repeat. Then every flow's end at those rates. 0, or -1 out of memory. */
static int solve(struct og_flows *w)
{
  size_t nt = 0, unfixed = 0;
  for (size_t i = 0; i < w->n_fl; i++) {
    struct flow *f = &w->fl[i];
    if (!f->active)
      continue;
    const struct route *rt = &w->routes[f->route];
    f->fixed = 0;
    f->rate = INFINITY;
    unfixed++;
    for (uint32_t k = 0; k < rt->n; k++) {
      struct link *l = &w->links[rt->link[k]];
      if (!l->touched) {
        if (og_grow((void **)&w->touched, &w->cap_touched, nt + 1, sizeof *w->touched, 16))
          return -1;
        w->touched[nt++] = rt->link[k];
        l->touched = 1;
        l->remaining = l->cap;
        l->usage = 0;
      }
      if (l->shared)
        l->usage += 1 / rt->pen;
      else if (l->usage < 1 / rt->pen)
        l->usage = 1 / rt->pen;
    }
    if (rt->n == 0) { /* no link: through at once */
      f->rate = INFINITY;
      f->fixed = 1;
      unfixed--;
    }
  }
  while (unfixed > 0) {
    double rho = INFINITY;
    for (size_t k = 0; k < nt; k++) {
      const struct link *l = &w->links[w->touched[k]];
      if (l->usage > 0 && l->remaining / l->usage < rho)
        rho = l->remaining / l->usage;
    }
    if (!isfinite(rho))
      break;
    /* fix every unfixed flow through a link at that share */
    size_t before = unfixed;
    for (size_t i = 0; i < w->n_fl; i++) {
      struct flow *f = &w->fl[i];
      if (!f->active || f->fixed)
        continue;
      const struct route *rt = &w->routes[f->route];
      int sat = 0;
      for (uint32_t k = 0; k < rt->n && !sat; k++) {
        const struct link *l = &w->links[rt->link[k]];
        sat = l->usage > 0 && l->remaining / l->usage <= rho * (1 + 1e-12);
      }
      if (sat) {
        f->rate = rho / rt->pen;
        f->fixed = 2; /* fixed in this round: its links are updated below */
        unfixed--;
      }
    }
    for (size_t i = 0; i < w->n_fl; i++) {
      struct flow *f = &w->fl[i];
      if (!f->active || f->fixed != 2)
        continue;
      f->fixed = 1;
      const struct route *rt = &w->routes[f->route];
      for (uint32_t k = 0; k < rt->n; k++) {
        struct link *l = &w->links[rt->link[k]];
        if (l->shared) {
          l->remaining -= f->rate;
          l->usage -= 1 / rt->pen;
          if (l->usage < 1e-12 / rt->pen)
            l->usage = 0;
        }
      }
    }
    /* a fat pipe's usage is the largest weight among its unfixed flows */
    for (size_t k = 0; k < nt; k++)
      if (!w->links[w->touched[k]].shared)
        w->links[w->touched[k]].usage = 0;
    for (size_t i = 0; i < w->n_fl; i++) {
      const struct flow *f = &w->fl[i];
      if (!f->active || f->fixed)
        continue;
      const struct route *rt = &w->routes[f->route];
      for (uint32_t k = 0; k < rt->n; k++) {
        struct link *l = &w->links[rt->link[k]];
        if (!l->shared && l->usage < 1 / rt->pen)
          l->usage = 1 / rt->pen;
      }
    }
    if (unfixed == before)
      break; /* cannot happen: the least share's link fixes its flows */
  }
  for (size_t k = 0; k < nt; k++)
    w->links[w->touched[k]].touched = 0;
  for (size_t i = 0; i < w->n_fl; i++) {
    struct flow *f = &w->fl[i];
    if (f->active)
      f->t_end = f->rate > 0 ? w->t_upd + f->rem / f->rate : INFINITY;
  }
  return 0;
}

/* ---- the loop's side ---------------------------------------------------- */

static double next_event(const struct og_flows *w)
{
  double t = w->n_dq ? w->dq[0].t : INFINITY;
  for (size_t i = 0; i < w->n_fl; i++) {
    const struct flow *f = &w->fl[i];
    double u = f->active ? f->t_end : f->t_active;
    if (u < t)
      t = u;
  }
  return t;
}

static void rearm(struct og_engine *e)
{
  if (!e->flows->advancing)
    og__loop_net_at(e, next_event(e->flows));
}

void og__net_deliver_at(struct og_engine *e, double t, og_msg_fn fn, struct og_request *r,
                        uint32_t a, uint32_t b)
{
  struct og_flows *w = e->flows;
  if (og_grow((void **)&w->dq, &w->cap_dq, w->n_dq + 1, sizeof *w->dq, 64)) {
    e->oom = 1;
    return;
  }
  r->refs++;
  e->in_flight++;
  dq_push(w, (struct delivery){t, w->seq++, fn, r, a, b});
  rearm(e);
}

void og__flow_start(struct og_engine *e, sg_host_t from, sg_host_t to, double bytes, og_msg_fn fn,
                    struct og_request *r, uint32_t a, uint32_t b)
{
  struct og_flows *w = e->flows;
  double now = e->loop_now;
  uint32_t rt = route_id(w, from, to);
  if (rt == UINT32_MAX ||
      og_grow((void **)&w->fl, &w->cap_fl, w->n_fl + 1, sizeof *w->fl, 16)) {
    e->oom = 1;
    return;
  }
  r->refs++;
  e->in_flight++;
  w->started++;
  bring_to(w, now);
  w->fl[w->n_fl++] = (struct flow){.rem = bytes, .t_active = now + w->routes[rt].latency,
                                   .t_end = INFINITY, .route = rt, .fn = fn, .r = r, .a = a,
                                   .b = b};
  rearm(e);
}

double og__flows_advance(struct og_engine *e, double now)
{
  struct og_flows *w = e->flows;
  w->advancing = 1;
  for (;;) {
    /* flows first: those through by now leave, those past their latency
     * join, and the rates are solved again once */
    bring_to(w, now);
    size_t nd = 0, kept = 0;
    int changed = 0;
    for (size_t i = 0; i < w->n_fl; i++) {
      struct flow f = w->fl[i];
      if (f.active && f.t_end <= now) {
        if (og_grow((void **)&w->done, &w->cap_done, nd + 1, sizeof *w->done, 16)) {
          e->oom = 1;
          break;
        }
        w->done[nd++] = f;
        changed = 1;
        continue;
      }
      if (!f.active && f.t_active <= now) {
        f.active = 1;
        f.rate = 0;
        changed = 1;
      }
      w->fl[kept++] = f;
    }
    if (e->oom)
      break;
    w->n_fl = kept;
    if (changed && solve(w) != 0) {
      e->oom = 1;
      break;
    }
    for (size_t i = 0; i < nd; i++) {
      const struct flow *f = &w->done[i];
      e->in_flight--;
      f->fn(e, f->r, f->a, f->b);
    }
    if (w->n_dq && w->dq[0].t <= now) {
      struct delivery d = dq_pop(w);
      e->in_flight--;
      d.fn(e, d.r, d.a, d.b);
      continue;
    }
    if (nd == 0)
      break;
  }
  w->advancing = 0;
  return next_event(w);
}
