/* The inference-node actor: what every serving engine shares (the queue,
 * wake-ups, failures with repair, the delivery of results); the class's
 * serving engine (sim/serving) decides what to do with the queue.
 *
 * When the network mode shifts clocks (fast) a node's clock runs
 * `to_gateway.latency` behind real time: a request routed at gateway time t is in the node's queue at
 * node time t, which is real time t + latency. All of a node's arrivals come
 * from the gateway over the same route, so the shift is exact for its queue;
 * results are shifted back when recorded. */
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/semaphore.h>
#include <stdlib.h>

#include "engine_internal.h"
#include "grow.h"
#include "netmode.h"
#include "rng.h"
#include "routing.h"
#include "serving.h"

static int q_push(struct og_node *n, struct og_qentry en)
{
  if (og_ring_room((void **)&n->q, &n->q_head, n->q_len, &n->q_cap, sizeof *n->q, 8))
    return -1;
  n->q[(n->q_head + n->q_len) % n->q_cap] = en;
  n->q_len++;
  return 0;
}

void og__node_release(struct og_node *n, struct og_request *r)
{
  og__node_release_load(n);
  og__request_unref(n->e, r);
}

void og__node_release_load(struct og_node *n)
{
  if (og_router_release(n->e->router, n->id, og__node_real_now(n)) != OG_OK)
    n->e->oom = 1;
}

static void wake(struct og_node *n)
{
  enum og_node_wait w = n->wait;
  if (w == OG_WAIT_IDLE) {
    n->wait = OG_WAIT_NONE;
    sg_actor_resume(n->actor);
  } else if (w == OG_WAIT_IDLE_TIMED ||
             (w == OG_WAIT_SERVING && (!n->serving->wake || n->serving->wake(n)))) {
    n->wait = OG_WAIT_NONE;
    sg_sem_release(n->wake);
  }
}

void og__node_enqueue(struct og_engine *e, struct og_node *n, struct og_request *r)
{
  if (n->down) { /* arrived while the node was down: the gateway resends */
    og__node_release_load(n);
    og__gateway_failover(e, r);
    return;
  }
  r->refs++;
  r->t_ready = og__now();
  if (q_push(n, (struct og_qentry){r, r->hop}) != 0) {
    e->oom = 1; /* reported at the end of the run */
    og__node_release(n, r);
    return;
  }
  if (n->q_len > n->st.max_queue)
    n->st.max_queue = n->q_len;
  wake(n);
}

/* Checks are always computed honestly. */
double og__node_decide(struct og_node *n)
{
  double b = 0;
  for (size_t i = 0; i < n->batch_len; i++) {
    struct og_request *r = n->batch[i].req;
    int wary = n->cheat && n->cheat->adaptive && n->cs.caught >= 0; /* caught once: honest */
    r->cheated = n->cheat && !wary && r->kind != OG_KIND_CHECK && og__may_cheat(n, r->model) &&
                 gsl_rng_uniform(n->strat_rng) < n->cheat->q;
    b += r->cheated ? n->cheat->cost_factor : 1.0;
    n->checking = r->kind == OG_KIND_CHECK;
  }
  return b;
}

static void account_busy(struct og_node *n, double t0, double t1)
{
  double shift = og__node_clock_shift(n);
  n->cs.busy_all += t1 - t0;
  if (n->checking)
    n->cs.busy_checks += t1 - t0;
  n->st.busy += og_metrics_window_overlap(n->e->m, t0 + shift, t1 + shift);
  og_metrics_busy(n->e->m, n->cls, t0 + shift, t1 + shift);
}

static void compute(struct og_node *n, double seconds)
{
  if (seconds > 0)
    sg_actor_execute(seconds * sg_host_get_speed(n->host));
}

/* Deliver a finished request's result toward its client. */
static void deliver(struct og_node *n, struct og_request *r)
{
  n->st.served++;
  n->e->net->respond(n, r);
}

/* What the protocol adds to r's latency: the check at the client, and the
 * part of its batch's time due to the compute overhead (enclave, proving).
 * Redundancy adds its wait for the slowest copy when the vote is held. */
double og__verify_delay(const struct og_engine *e, const struct og_request *r)
{
  const struct og_verification *v = og__vf(e, r->model);
  return v->latency + (r->t_finish - r->t_start) * (1 - 1 / v->overhead);
}

void og__node_finish(struct og_node *n, double t0, double t1)
{
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
      en.req->t_start = t0;
      en.req->t_finish = t1;
      en.req->state = OG_REQ_DONE;
      og__verify_after_serve(n, en.req);
      og__proto_result(n, en.req, og__response_time(n, en.req));
    } else if (og__entry_live(en)) {
      en.req->t_start = t0;
      en.req->t_finish = t1;
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

/* Fail now: queued and in-batch requests go back to the gateway, the node
 * is down until repaired, then draws its next failure time. */
static void go_down(struct og_node *n)
{
  struct og_engine *e = n->e;
  const struct og_node_class *c = &e->sc->classes[n->cls];
  double now = og__now();
  double repair = now + og_rng_exponential(n->fail_rng, c->mttr);
  n->down = 1;
  n->st.failures++;
  og_router_set_up(e->router, n->id, 0);
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
  sg_actor_sleep_until(repair);
  double shift = og__node_clock_shift(n);
  n->st.down += og_metrics_window_overlap(e->m, now + shift, repair + shift);
  n->down = 0;
  if (!n->ejected && !n->jailed)
    og_router_set_up(e->router, n->id, 1);
  n->next_fail = repair + og_rng_exponential(n->fail_rng, c->mtbf);
}

int og__node_busy(struct og_node *n, double seconds)
{
  double t0 = og__now();
  if (t0 + seconds > n->next_fail) { /* the node fails in the middle */
    compute(n, n->next_fail - t0);
    account_busy(n, t0, og__now());
    go_down(n);
    return -1;
  }
  compute(n, seconds);
  account_busy(n, t0, og__now());
  return 0;
}

/* Suspending is the cheapest wait, but SimGrid suspends the actor's
 * detached sends with it, so in a network mode that sends responses so
 * (exact) an idle node waits on its semaphore instead. */
void og__node_wait(struct og_node *n, double until, enum og_node_wait how)
{
  double now = og__now();
  if (how == OG_WAIT_IDLE && isinf(until) && n->e->net->idle_suspends) {
    n->wait = OG_WAIT_IDLE;
    sg_actor_suspend(n->actor);
  } else if (how == OG_WAIT_IDLE && isinf(until)) {
    n->wait = OG_WAIT_IDLE_TIMED;
    sg_sem_acquire(n->wake);
  } else if (until > now) {
    n->wait = how == OG_WAIT_IDLE ? OG_WAIT_IDLE_TIMED : how;
    sg_sem_acquire_timeout(n->wake, until - now);
  }
  n->wait = OG_WAIT_NONE;
}

static void drop_stale_head(struct og_node *n)
{
  while (n->q_len > 0 && !og__entry_live(n->q[n->q_head])) {
    struct og_qentry en = og__node_q_pop(n);
    og__node_release(n, en.req);
  }
}

void og__nodes_release(struct og_engine *e)
{
  e->ending = 1;
  for (size_t i = 0; i < e->n_nodes; i++) {
    struct og_node *n = &e->nodes[i];
    if (n->wait == OG_WAIT_IDLE)
      sg_actor_resume(n->actor);
    else if (n->wait != OG_WAIT_NONE)
      sg_sem_release(n->wake);
  }
  sg_actor_yield(); /* they run, see `ending` and return */
}

void og__node_actor(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_node *n = sg_actor_self_get_data();
  while (!n->e->ending) {
    double now = og__now();
    if (now >= n->next_fail) {
      go_down(n);
      continue;
    }
    drop_stale_head(n);
    if (n->q_len == 0 && n->batch_len == 0)
      og__node_wait(n, n->next_fail, OG_WAIT_IDLE);
    else
      n->serving->step(n, now);
  }
}
