/* Weight transfers as SimGrid communications (docs/loading.md): each load
 * is a daemon actor on the node's host that sends the model's bytes from
 * its storage tier's host (sg_host_sendto), so loads at once share the
 * storage links and the WAN by SimGrid's flow model, then waits out the
 * copy to GPU memory.
 *
 * The event loop (loop.c) runs in an actor of its own when the scenario
 * loads. While no transfer is open it never calls SimGrid, as without
 * loading. While some are, before an event at time t it waits on `done`
 * until t at the latest (og__transfers_wait): a load that ends sooner, at
 * t_ready, is handled then, in time order with the loop's events. With the
 * actor driver the load's actor makes the model ready itself.
 *
 * The wait costs a simcall per event, so the loop skips it for events
 * before a horizon no load can end before. SimGrid shares bandwidth
 * max-min fairly (CM02, equal weights, TCP-gamma 0: engine.c), so a flow
 * j gets at least m_j = min over its shared links l of C_l / n_l (n_l the
 * open loads through l), and a flow i at most r_i = min over its links of
 * C_l - sum of m_j of the others through l, as long as the set of open
 * loads stays the same. With r_i, the bytes left at least fall by r_i a
 * second, and the load cannot end before t + rem / r_i + its GPU copy.
 * The bound is exact when the loads share one bottleneck evenly (the
 * common case: many nodes behind one storage link, or each behind its own
 * NIC); where it is loose, the loop waits at every event after it until
 * the load ends, as without it. A load that ends before a time the loop
 * went past unsynced would be a broken bound: the run fails (ESIM) rather
 * than go on out of order. */
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/link.h>
#include <simgrid/semaphore.h>
#include <xbt/config.h>
#include <xbt/dynar.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine_internal.h"
#include "grow.h"
#include "rng.h"

enum og_status og__transfer_setup(struct og_engine *e, struct og_error *err)
{
  const struct og_scenario *sc = e->sc;
  if (!og_scenario_loads(sc))
    return OG_OK;
  enum og_platform_naming nm = sc->platform_file ? OG_PLATFORM_NAMES : OG_PLATFORM_IDS;
  e->tier_host = calloc(sc->n_storage ? sc->n_storage : 1, sizeof *e->tier_host);
  e->xfer_done = sg_sem_init(0);
  /* The horizon's bound assumes what engine.c configures: CM02 without
   * the RTT correction (weight-S 0), no TCP window (gamma 0), no cross
   * traffic. A user's --sg options may change that: then the loop waits
   * on SimGrid at every event while loads are in flight (exact, slower),
   * as it does with OGSIM_XFER_SYNC=1. */
  e->xfer_unbounded = getenv("OGSIM_XFER_SYNC") != NULL ||
                      sg_cfg_get_double("network/weight-S") != 0 ||
                      sg_cfg_get_double("network/TCP-gamma") != 0 ||
                      sg_cfg_get_boolean("network/crosstraffic");
  if (sc->placement.peer_fetch && !(e->peer_rng = og_rng_new(sc->seed, OG_RNG_PEER, 0)))
    return OG_ENOMEM;
  if (!e->tier_host)
    return OG_ENOMEM;
  for (size_t i = 0; i < sc->n_storage; i++) {
    char name[512];
    int len = og__platform_host_name(sc, nm, OG_HOST_STORAGE, i, 0, name, sizeof name);
    if (len >= (int)sizeof name)
      return og_error_set(err, OG_EINVAL, "storage tier %zu: name too long for a host", i);
    if (!(e->tier_host[i] = sg_host_by_name(name)))
      return og_error_set(err, OG_EINVAL, "platform has no host named '%s' (storage tier '%s')",
                          name, sc->storage[i].name);
  }
  for (size_t i = 0; i < e->n_nodes; i++) {
    struct og_node *n = &e->nodes[i];
    n->model_state = calloc(sc->n_models ? sc->n_models : 1, 1);
    if (!n->model_state)
      return OG_ENOMEM;
    for (uint32_t k = 0; sc->placement.preload && k < sc->n_models; k++)
      if (og__node_hosts(n, k)) /* in memory at t = 0; a node that joins starts empty */
        n->model_state[k] = OG_MODEL_READY;
  }
  return OG_OK;
}

void og__transfer_free(struct og_engine *e)
{
  for (size_t i = 0; e->nodes && i < e->n_nodes; i++) {
    free(e->nodes[i].model_state);
    free(e->nodes[i].parked);
  }
  for (size_t i = 0; i < e->n_loads; i++) {
    free(e->loads[i]->links);
    free(e->loads[i]->link_bw);
    free(e->loads[i]);
  }
  free(e->loads);
  free(e->xopen);
  free(e->done);
  free(e->tier_host);
  if (e->peer_rng)
    gsl_rng_free(e->peer_rng);
  if (e->xfer_done)
    sg_sem_destroy(e->xfer_done);
}

/* The event loop's queue of ended transfers (a ring, in the order they
 * ended). */
static int done_push(struct og_engine *e, struct og_load *L)
{
  if (og_ring_room((void **)&e->done, &e->done_head, e->n_done, &e->cap_done, sizeof *e->done,
                   8))
    return -1;
  e->done[og_ring_at(e->done_head, e->n_done++, e->cap_done)] = L;
  return 0;
}

static struct og_load *done_pop(struct og_engine *e)
{
  struct og_load *L = e->done[e->done_head];
  e->done_head = og_ring_at(e->done_head, 1, e->cap_done);
  e->n_done--;
  return L;
}

/* One load: the transfer, then the copy to GPU memory, ready at exactly
 * t_moved + bytes / load_bandwidth. */
static void transfer_actor(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_load *L = sg_actor_self_get_data();
  struct og_engine *e = L->e;
  struct og_node *n = &e->nodes[L->node];
  sg_host_sendto(L->src, n->host, L->bytes);
  L->t_moved = simgrid_get_clock();
  L->t_ready = L->t_moved + L->bytes / e->sc->classes[n->cls].load_bandwidth;
  if (e->loop) { /* the flow is over: the loop's bounds of the others change */
    if (done_push(e, L) != 0)
      e->oom = 1;
    sg_sem_release(e->xfer_done);
  }
  double now = simgrid_get_clock();
  if (L->t_ready > now)
    sg_actor_sleep_for(L->t_ready - now);
  L->actor = NULL;
  if (!e->loop) {
    og__load_ready(e, L);
    return;
  }
  if (done_push(e, L) != 0)
    e->oom = 1;
  sg_sem_release(e->xfer_done);
}

/* The shared links of L's route and their bandwidths. */
static int route_of(struct og_engine *e, struct og_load *L)
{
  xbt_dynar_t d = xbt_dynar_new(sizeof(sg_link_t), NULL);
  sg_host_get_route(L->src, e->nodes[L->node].host, d);
  size_t n = xbt_dynar_length(d);
  L->links = malloc((n ? n : 1) * sizeof *L->links);
  L->link_bw = malloc((n ? n : 1) * sizeof *L->link_bw);
  if (!L->links || !L->link_bw) {
    xbt_dynar_free(&d);
    return -1;
  }
  L->n_links = 0;
  for (size_t i = 0; i < n; i++) {
    sg_link_t l = xbt_dynar_get_as(d, i, sg_link_t);
    if (!sg_link_is_shared(l))
      continue; /* a fat pipe: every flow at its full bandwidth */
    L->links[L->n_links] = l;
    L->link_bw[L->n_links++] = sg_link_get_bandwidth(l);
  }
  xbt_dynar_free(&d);
  return 0;
}

/* Sum of 1 / penalty over the flows through link l (transfers under
 * way, in their latency phase or not). */
static double inv_pen_on(const struct og_engine *e, sg_link_t l)
{
  double s = 0;
  for (size_t j = 0; j < e->n_xopen; j++)
    for (size_t k = 0; !e->xopen[j]->moved_seen && k < e->xopen[j]->n_links; k++)
      if (e->xopen[j]->links[k] == l)
        s += 1 / e->xopen[j]->pen;
  return s;
}

/* The least rate weighted max-min fairness gives L: on its bottleneck
 * link l it has the largest rate x penalty, so C_l <= rate x pen x (sum of
 * 1 / pen over l), whichever link that is (INFINITY: fat pipes only). */
static double least_rate(const struct og_engine *e, const struct og_load *L)
{
  double m = INFINITY;
  for (size_t k = 0; k < L->n_links; k++)
    m = fmin(m, L->link_bw[k] / (L->pen * inv_pen_on(e, L->links[k])));
  return m;
}

/* Above this many loads in flight at once the horizon is given up (see
 * rebound): a cold-start storm moves thousands at once, and there the
 * transfers, not the wait, are the run's cost. */
#define BOUND_MAX_LOADS 64

/* The set of open loads changed at `now` (or one left its latency phase):
 * each one's bytes left brought to now at its old bound, its new bound,
 * and the horizon. A flow's least rate counts every transfer under way
 * (those in their latency phase too: a lower least); a flow's most rate
 * takes off the others' least only for those past their latency phase
 * (before it they use no bandwidth). O(loads^2 x links) a change: loads
 * are few. */
static void rebound(struct og_engine *e, double now)
{
  size_t n = e->n_xopen;
  if (n > BOUND_MAX_LOADS) {
    /* a storm: bounds would cost O(loads^2) a change; wait at every
     * event instead, and forget what the bounds knew (a flow's bytes left
     * are not tracked meanwhile, so none is known any more) */
    for (size_t i = 0; i < n; i++)
      e->xopen[i]->rem_lo = 0;
    e->xfer_horizon = -INFINITY;
    e->xfer_tighten_at = INFINITY;
    return;
  }
  double *least = malloc((n ? n : 1) * sizeof *least);
  if (!least) {
    e->xfer_horizon = -INFINITY; /* no bound: wait at every event */
    return;
  }
  e->xfer_tighten_at = INFINITY;
  for (size_t i = 0; i < n; i++) {
    struct og_load *L = e->xopen[i];
    if (L->moved_seen)
      continue;
    if (isfinite(L->rate_hi))
      L->rem_lo -= L->rate_hi * (now - L->t_upd);
    L->t_upd = now;
    least[i] = least_rate(e, L);
    if (now < L->t_active + 1e-9)
      e->xfer_tighten_at = fmin(e->xfer_tighten_at, L->t_active + 2e-9);
  }
  e->xfer_horizon = INFINITY;
  for (size_t i = 0; i < n; i++) {
    struct og_load *L = e->xopen[i];
    double d; /* from now to its next signal: the transfer's end, or the copy's */
    if (L->moved_seen) {
      d = L->t_ready - now;
    } else {
      double r = INFINITY;
      for (size_t k = 0; k < L->n_links; k++) {
        double c = L->link_bw[k];
        for (size_t j = 0; j < n; j++) {
          const struct og_load *J = e->xopen[j];
          if (j == i || J->moved_seen || now < J->t_active + 1e-9)
            continue;
          for (size_t q = 0; q < J->n_links; q++)
            if (J->links[q] == L->links[k])
              c -= least[j];
        }
        r = fmin(r, c);
      }
      L->rate_hi = fmax(r, least[i]);
      d = L->rem_lo > 0 ? L->rem_lo / L->rate_hi : 0;
    }
    /* less a margin for SimGrid's own rounding (surf/precision, 1e-5) */
    L->t_lo = now + d * (1 - 1e-6) - 2e-5;
    e->xfer_horizon = fmin(e->xfer_horizon, L->t_lo);
  }
  free(least);
}

static void xopen_remove(struct og_engine *e, const struct og_load *L)
{
  for (size_t i = 0; i < e->n_xopen; i++)
    if (e->xopen[i] == L) {
      e->xopen[i] = e->xopen[--e->n_xopen];
      return;
    }
}

void og__transfer_start(struct og_engine *e, struct og_load *L)
{
  if (e->loop) { /* SimGrid's clock to the loop's: nothing else runs meanwhile */
    double sg = simgrid_get_clock();
    if (e->loop_now > sg)
      sg_actor_sleep_for(e->loop_now - sg);
    e->xfers_open++;
    if (route_of(e, L) != 0 ||
        og_grow((void **)&e->xopen, &e->cap_xopen, e->n_xopen + 1, sizeof *e->xopen, 8)) {
      e->oom = 1;
    } else {
      double lat = sg_host_get_route_latency(L->src, e->nodes[L->node].host);
      L->pen = lat > 0 ? lat : 1; /* CM02's sharing penalty: the route's latency */
      L->t_active = e->loop_now + lat;
      L->rem_lo = L->bytes;
      L->rate_hi = INFINITY;
      e->xopen[e->n_xopen++] = L;
      rebound(e, e->loop_now);
    }
  }
  e->n_actors++;
  L->actor = sg_actor_init("load", e->nodes[L->node].host);
  sg_actor_set_data(L->actor, L);
  sg_actor_start(L->actor, transfer_actor, 0, NULL);
}

void og__transfer_cancel(struct og_engine *e, struct og_load *L)
{
  if (!L->actor)
    return;
  double sg = simgrid_get_clock();
  if (e->loop && e->loop_now > sg) /* SimGrid may lag the loop (the horizon): the flow stops now */
    sg_actor_sleep_for(e->loop_now - sg);
  sg_actor_kill(L->actor);
  L->actor = NULL;
  if (e->loop) {
    e->xfers_open--;
    xopen_remove(e, L);
    rebound(e, e->loop_now);
  }
}

void og__transfers_end(struct og_engine *e)
{
  for (size_t i = 0; i < e->n_loads; i++)
    if (e->loads[i]->actor) {
      sg_actor_kill(e->loads[i]->actor);
      e->loads[i]->actor = NULL;
    }
}

int og__transfers_wait(struct og_engine *e, double until)
{
  if (until >= e->xfer_tighten_at) /* a transfer left its latency phase */
    rebound(e, e->xfer_tighten_at);
  /* no load can end before `until` and none has ended unhandled (loads
   * that end together are handled one a call): SimGrid may stay behind */
  if (e->n_done == 0 && until < e->xfer_horizon && !e->xfer_unbounded) {
    e->xfer_unsynced_to = fmax(e->xfer_unsynced_to, until);
    return 0;
  }
  double now = simgrid_get_clock();
  if (now < until) {
    if (sg_sem_acquire_timeout(e->xfer_done, until - now) != 0)
      return 0; /* none ended before `until` */
  } else if (sg_sem_would_block(e->xfer_done)) {
    return 0;
  } else {
    sg_sem_acquire(e->xfer_done);
  }
  struct og_load *L = done_pop(e);
  if (!L->moved_seen) { /* its transfer ended: a flow less, the GPU copy's end known */
    L->moved_seen = 1;
    if (L->t_moved < e->xfer_unsynced_to)
      e->xfer_bound_broken = 1; /* the loop went past it unsynced */
    if (L->t_moved > e->loop_now)
      e->loop_now = L->t_moved;
    rebound(e, e->loop_now);
    return 1;
  }
  e->xfers_open--;
  if (L->t_ready < e->xfer_unsynced_to)
    e->xfer_bound_broken = 1;
  xopen_remove(e, L);
  if (L->t_ready > e->loop_now)
    e->loop_now = L->t_ready;
  og__load_ready(e, L);
  rebound(e, e->loop_now);
  return 1;
}
