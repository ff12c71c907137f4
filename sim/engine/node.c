/* The inference node: what every serving engine shares (the queue, failures
 * with repair, jail, the delivery of results) as a state machine that runs
 * only when something happens to the node. og__node_advance takes the node
 * to a given time and says when it next needs to run; a driver calls it:
 * the engine's event loop (sim/engine/loop.c) in network modes without
 * messages, or the node's own actor (og__node_actor) in modes whose
 * results are SimGrid communications sent from the node's host. The
 * class's serving engine (sim/serving) decides what to do with the queue.
 *
 * Why one state machine is the actor it replaces: a node has no state
 * between its events that anything reads (its queue changes only by
 * arrivals, its service and repair end at times fixed when they start),
 * so running it at its events only, in time order, goes through the same
 * states at the same times; see docs/architecture.md, "Event-driven nodes".
 *
 * When the network mode shifts clocks (fast) a node's clock runs
 * `to_gateway.latency` behind real time: a request routed at gateway time t is in the node's queue at
 * node time t, which is real time t + latency. All of a node's arrivals come
 * from the gateway over the same route, so the shift is exact for its queue;
 * results are shifted back when recorded. */
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/semaphore.h>
#include <stddef.h>
#include <stdlib.h>

#include "engine_internal.h"
#include "estimate.h"
#include "grow.h"
#include "netmode.h"
#include "prefetch.h"
#include "rng.h"
#include "routing.h"
#include "serving.h"

static int q_push(struct og_node *n, struct og_qentry en)
{
  if (og_ring_room((void **)&n->q, &n->q_head, n->q_len, &n->q_cap, sizeof *n->q, 8))
    return -1;
  n->q[og_ring_at(n->q_head, n->q_len, n->q_cap)] = en;
  n->q_len++;
  return 0;
}

void og__node_release(struct og_node *n, struct og_request *r)
{
  og__in_hand(n, r->model, -1);
  og__node_release_load(n);
  og__request_unref(n->e, r);
}

void og__node_release_load(struct og_node *n)
{
  if (og_router_release(n->e->router, n->id, og__node_real_now(n)) != OG_OK)
    n->e->oom = 1;
}

/* Have n's driver run it now (its event, or its actor, comes next at the
 * current time). */
void og__node_poke(struct og_node *n)
{
  struct og_engine *e = n->e;
  n->wait = OG_WAIT_NONE; /* one poke is enough until it has run */
  if (e->loop)
    og__loop_node_at(e, n, e->loop_now);
  else
    sg_sem_release(n->wake);
}

void og__node_enqueue(struct og_engine *e, struct og_node *n, struct og_request *r)
{
  if (n->down) { /* arrived while the node was down: the gateway resends */
    og__in_hand(n, r->model, -1);
    og__node_release_load(n);
    og__gateway_failover(e, r);
    return;
  }
  if (!og__node_model_ready(n, r->model)) { /* it waits for its model (node_load.c) */
    og__node_park(n, r);
    return;
  }
  r->refs++;
  r->t_ready = og__now();
  r->t_first = -1; /* a first token from an earlier hop does not count */
  if (q_push(n, (struct og_qentry){r, r->hop}) != 0) {
    e->oom = 1; /* reported at the end of the run */
    og__node_release(n, r);
    return;
  }
  if (n->q_len == 1)
    e->q_hint[n->id] = r;
  if (n->q_len > n->st.max_queue)
    n->st.max_queue = n->q_len;
  if (n->wait == OG_WAIT_SERVING && n->serving->arrived && e->loop) {
    /* the engine takes the arrival in without a run of the node */
    double t = n->serving->arrived(n, r->t_ready);
    if (isnan(t))
      og__node_poke(n);
    else
      og__loop_node_sooner(e, n, t);
    return;
  }
  if (n->wait == OG_WAIT_IDLE ||
      (n->wait == OG_WAIT_SERVING && (!n->serving->wake || n->serving->wake(n))))
    og__node_poke(n);
}

void og__node_timed_out(struct og_engine *e, struct og_request *r)
{
  if (r->t_ready < 0 || r->node >= e->n_nodes) /* never routed */
    return;
  struct og_node *n = &e->nodes[r->node];
  if (n->down || !n->serving->stale)
    return;
  double t = n->serving->stale(n, r, og__now());
  if (isinf(t))
    return;
  if (e->loop)
    og__loop_node_sooner(e, n, t);
  else
    og__node_poke(n); /* its step at now cuts as this did */
}

/* Checks are always computed honestly. */
double og__node_decide_one(struct og_node *n, struct og_request *r)
{
  int wary = n->cheat && n->cheat->adaptive && n->cs.caught >= 0; /* caught once: honest */
  r->cheated = n->cheat && !wary && r->kind != OG_KIND_CHECK && og__may_cheat(n, r->model) &&
               gsl_rng_uniform(n->strat_rng) < n->cheat->q;
  return r->cheated ? n->cheat->cost_factor : 1.0;
}

double og__node_decide(struct og_node *n)
{
  double b = 0;
  for (size_t i = 0; i < n->batch_len; i++) {
    struct og_request *r = n->batch[i].req;
    b += og__node_decide_one(n, r);
    n->checking = r->kind == OG_KIND_CHECK || r->kind == OG_KIND_REPLICA;
  }
  return b;
}

double og__node_busy(struct og_node *n, double t0, double t1, double checks, double verify)
{
  double shift = og__node_clock_shift(n);
  n->cs.busy_all += t1 - t0;
  n->cs.busy_checks += (t1 - t0) * checks;
  n->cs.busy_verify += (t1 - t0) * (1 - checks) * verify;
  double in = og_metrics_busy(n->e->m, n->cls, t0 + shift, t1 + shift);
  n->st.busy += in;
  n->st.busy_compute += in * n->share_compute;
  n->st.busy_memory += in * n->share_memory;
  return in;
}

/* Deliver a finished request's result toward its client. */
static void deliver(struct og_node *n, struct og_request *r)
{
  n->st.served++;
  og__netstat_n2c(n, r);
  n->e->net->respond(n, r);
}

/* What the protocol adds to r's latency: the check at the client, and the
 * part of its service its declared serving cost took (an enclave: each of
 * its iterations, a prefill and one per later output token, took
 * overhead x + iteration_cost). Redundancy adds its wait for the slowest
 * copy, zkML its proving, in their result hooks. */
double og__verify_delay(const struct og_engine *e, const struct og_request *r)
{
  const struct og_verification *v = og__vf(e, r->model);
  double service = r->t_finish - r->t_start;
  double iters = r->output_tokens > 1 ? (double)r->output_tokens : 1;
  return v->latency + service * og_verify_share(v, service, iters);
}

void og__node_finish(struct og_node *n, double t0, double t1)
{
  for (size_t i = 0; i < n->batch_len; i++) /* each one a miss: load them together */
    og_prefetch(n->batch[i].req);
  if (n->e->nets[n->batch[0].req->model])
    og__node_run_outputs(n);
  for (size_t i = 0; i < n->batch_len; i++) {
    struct og_qentry en = n->batch[i];
    if (og__entry_live(en) && en.req->kind == OG_KIND_CHECK) {
      og__proto_check_done(n, en.req);
    } else if (og__entry_live(en) && og__proto_withholds(n, en.req)) {
      if (en.req->kind == OG_KIND_REPLICA)
        en.req->state = OG_REQ_DONE;
      og__proto_result(n, en.req, INFINITY); /* held back: it never arrives */
    } else if (og__entry_live(en) && en.req->kind == OG_KIND_REPLICA) {
      if (t0 >= 0)
        en.req->t_start = t0;
      en.req->t_finish = t1;
      if (en.req->t_first < 0)
        en.req->t_first = t1;
      en.req->state = OG_REQ_DONE;
      og__verify_after_serve(n, en.req);
      og__proto_result(n, en.req, og__response_time(n, en.req));
    } else if (og__entry_live(en)) {
      if (t0 >= 0)
        en.req->t_start = t0;
      en.req->t_finish = t1;
      if (en.req->t_first < 0)
        en.req->t_first = t1;
      deliver(n, en.req);
      og__verify_after_serve(n, en.req);
    } else {
      n->st.wasted++;
    }
    og__node_release(n, en.req);
  }
  n->batch_len = 0;
  n->st.batches++;
}

/* Everything n holds goes back to the gateway: the batch in service (lost
 * work), what its serving engine keeps, its queue. */
static void hand_back(struct og_node *n)
{
  struct og_engine *e = n->e;
  for (size_t i = 0; i < n->batch_len; i++) {
    if (og__entry_live(n->batch[i])) {
      n->st.wasted++;
      og__gateway_failover(e, n->batch[i].req);
    }
    og__node_release(n, n->batch[i].req);
  }
  n->batch_len = 0;
  if (n->serving->failed)
    n->serving->failed(n);
  while (n->q_len > 0) {
    struct og_qentry en = og__node_q_pop(n);
    if (og__entry_live(en))
      og__gateway_failover(e, en.req);
    og__node_release(n, en.req);
  }
  og__node_park_failover(n);
}

/* Fail at `now`: queued and in-service requests go back to the gateway,
 * the node is down until repaired. */
static void go_down(struct og_node *n, double now)
{
  struct og_engine *e = n->e;
  const struct og_node_class *c = &e->sc->classes[n->cls];
  n->repair_at = now + og_rng_exponential(n->fail_rng, c->mttr);
  n->down_since = now;
  n->down = 1;
  n->st.failures++;
  og_metrics_node_down(e->m, now + og__node_clock_shift(n), 1);
  og_router_set_up(e->router, n->id, 0);
  hand_back(n);
}

/* Its session is over at `now`: it leaves as a failing node goes down
 * (what it holds is routed again), and its slot is free for a new node. */
static void leave(struct og_node *n, double now)
{
  struct og_engine *e = n->e;
  double shift = og__node_clock_shift(n);
  if (n->down) /* left during a repair */
    n->st.down += og_metrics_window_overlap(e->m, n->down_since + shift, now + shift);
  n->down_since = now; /* the engine's work under way stops here (failed) */
  n->st.online += now - n->online_since;
  n->st.online_window += og_metrics_window_overlap(e->m, n->online_since + shift, now + shift);
  n->down = n->absent = 1;
  n->jailed = 0;
  n->leave_at = n->next_fail = INFINITY;
  og_router_set_up(e->router, n->id, 0);
  hand_back(n);
  og__node_unload(n); /* the next node in its slot starts empty */
  og_metrics_churn(e->m, n->cls, now + shift, -1);
  og__churn_slot_free(n);
}

void og__node_join(struct og_node *n, double now, double session)
{
  struct og_engine *e = n->e;
  double mtbf = e->sc->classes[n->cls].mtbf;
  n->absent = n->down = n->jailed = n->ejected = 0;
  n->passed = 0;
  n->hist = (struct og_stat_hist){0};
  n->online_since = now;
  n->leave_at = now + session;
  n->next_fail = n->fails && mtbf > 0 ? now + og_rng_exponential(n->fail_rng, mtbf) : INFINITY;
  og_router_set_up(e->router, n->id, 1);
  og_metrics_churn(e->m, n->cls, now + og__node_clock_shift(n), +1);
  og__node_joined(n);
  og__node_poke(n);
}

/* When the node next stops: it fails, or its session ends. */
static double next_stop(const struct og_node *n)
{
  return fmin(n->next_fail, n->leave_at);
}

/* It fails, or leaves, at `now` (whichever is due first). */
static void stop(struct og_node *n, double now)
{
  if (n->leave_at <= n->next_fail)
    leave(n, now);
  else
    go_down(n, now);
}

/* Repaired: back on the router unless sanctioned meanwhile, and the next
 * failure drawn. */
static void come_up(struct og_node *n)
{
  struct og_engine *e = n->e;
  double shift = og__node_clock_shift(n);
  n->st.down += og_metrics_window_overlap(e->m, n->down_since + shift, n->repair_at + shift);
  og_metrics_node_down(e->m, n->repair_at + shift, 0);
  n->down = 0;
  if (!n->ejected && !n->jailed)
    og_router_set_up(e->router, n->id, 1);
  n->next_fail = n->repair_at + og_rng_exponential(n->fail_rng, e->sc->classes[n->cls].mtbf);
}

/* The jail time is served: back on the router unless down or ejected. */
static void leave_jail(struct og_node *n)
{
  n->jailed = 0;
  if (!n->down && !n->ejected)
    og_router_set_up(n->e->router, n->id, 1);
}

void og__node_jail(struct og_node *n, double seconds)
{
  n->jailed = 1;
  n->jail_until = og__now() + seconds;
  og__node_poke(n); /* its next run may now come sooner */
}

void og__node_serve(struct og_node *n, double now, double seconds)
{
  n->busy = 1;
  n->busy_t0 = now;
  double end = next_stop(n);
  n->busy_fails = now + seconds > end; /* it fails (or leaves) in the middle */
  n->busy_t1 = n->busy_fails ? end : now + seconds;
}

/* The service under way ends at busy_t1: results out, or the node fails. */
static void end_service(struct og_node *n)
{
  double t0 = n->busy_t0, t1 = n->busy_t1;
  n->busy = 0;
  og__node_busy(n, t0, t1, n->checking, n->verifying);
  if (n->busy_fails)
    stop(n, t1);
  else
    og__node_finish(n, t0, t1);
}

static void drop_stale_head(struct og_node *n)
{
  while (n->q_len > 0 && !og__entry_live(n->q[n->q_head])) {
    struct og_qentry en = og__node_q_pop(n);
    og__node_release(n, en.req);
  }
}

/* The node waits from now until t (node clock) at the latest, in state w:
 * the time its driver must run it next. */
static double settle(struct og_node *n, double t, enum og_node_wait w)
{
  n->wait = w;
  return n->jailed ? fmin(t, n->jail_until) : t;
}

double og__node_advance(struct og_node *n, double now)
{
  /* its lines are read in turn below, each a miss on a large network:
   * start them all at once (engine_internal.h puts them first) */
  og__node_prefetch(n);
  /* its engine state (from its index, not its pointer) and its queue's head */
  og__serving_prefetch(n->e, n->id);
  if (n->q_len)
    og_prefetch(&n->q[n->q_head]);
  for (;;) {
    if (n->jailed && now >= n->jail_until)
      leave_jail(n);
    if (n->absent)
      return settle(n, INFINITY, OG_WAIT_NONE); /* until a join pokes it */
    if (n->down) {
      if (now >= n->leave_at) {
        leave(n, now);
        continue;
      }
      if (now < n->repair_at)
        return settle(n, fmin(n->repair_at, n->leave_at), OG_WAIT_NONE);
      come_up(n);
      continue;
    }
    if (n->busy && now >= n->busy_t1) {
      end_service(n);
      continue;
    }
    if (!n->busy && now >= next_stop(n)) {
      stop(n, now);
      continue;
    }
    if (!n->busy) {
      if (!n->serving->own_queue)
        drop_stale_head(n);
      if (n->q_len == 0 && !n->engaged)
        return settle(n, next_stop(n), OG_WAIT_IDLE);
    }
    int was_busy = n->busy;
    double t = n->serving->step(n, now);
    if (n->busy && !was_busy)
      continue; /* it started serving (maybe for no time at all) */
    if (n->busy)
      t = fmin(t, n->busy_t1);
    return settle(n, fmin(t, next_stop(n)), OG_WAIT_SERVING);
  }
}

/* In the modes without an event loop: a node is an actor that runs its
 * state machine, then blocks on its semaphore until the time it asked for
 * (the wait times out: it runs at exactly that time) or until poked. */
void og__node_actor(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_node *n = sg_actor_self_get_data();
  double now = og__now();
  while (!n->e->ending) {
    double t = og__node_advance(n, now), clock = og__now();
    if (isinf(t)) {
      sg_sem_acquire(n->wake);
      now = og__now();
    } else if (t > clock) {
      now = sg_sem_acquire_timeout(n->wake, t - clock) ? t : og__now();
    } else {
      now = t;
    }
  }
}

/* The end of a run with node actors: every node returns by itself. */
void og__nodes_release(struct og_engine *e)
{
  e->ending = 1;
  for (size_t i = 0; i < e->n_nodes; i++)
    sg_sem_release(e->nodes[i].wake);
  sg_actor_yield(); /* they run, see `ending` and return */
}
