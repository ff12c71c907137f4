/* The inference-node actor: a FIFO queue, batching (max batch, batching
 * window), roofline service time, and failures with repair.
 *
 * In the fast network mode a node's clock runs `to_gateway.latency` behind
 * real time: a request routed at gateway time t is in the node's queue at
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
#include "rng.h"
#include "routing.h"

static int q_push(struct og_node *n, struct og_qentry en)
{
  if (og_ring_room((void **)&n->q, &n->q_head, n->q_len, &n->q_cap, sizeof *n->q, 8))
    return -1;
  n->q[(n->q_head + n->q_len) % n->q_cap] = en;
  n->q_len++;
  return 0;
}

static struct og_qentry q_pop(struct og_node *n)
{
  struct og_qentry en = n->q[n->q_head];
  n->q_head = (n->q_head + 1) % n->q_cap;
  n->q_len--;
  return en;
}

static int entry_live(struct og_qentry en)
{
  return en.hop == en.req->hop && en.req->state == OG_REQ_PENDING;
}

/* The node lets go of a request: stale, finished or handed elsewhere. */
static void release(struct og_node *n, struct og_request *r)
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
  const struct og_node_class *c = &n->e->sc->classes[n->cls];
  if (w == OG_WAIT_IDLE) {
    n->wait = OG_WAIT_NONE;
    sg_actor_resume(n->actor);
  } else if (w == OG_WAIT_IDLE_TIMED || (w == OG_WAIT_WINDOW && n->q_len >= c->max_batch)) {
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
    release(n, r);
    return;
  }
  if (n->q_len > n->st.max_queue)
    n->st.max_queue = n->q_len;
  wake(n);
}

/* Service time of a batch of b requests of model m on the node's class:
 * roofline, the larger of compute time and memory time. */
static double batch_time(const struct og_node *n, const struct og_model *m, double b)
{
  const struct og_node_class *c = &n->e->sc->classes[n->cls];
  if (b <= 0)
    return 0; /* every request of the batch skipped (lazy cheats) */
  double compute = b * m->flops / (c->peak_flops * c->efficiency * m->efficiency) *
                   m->verification.overhead; /* enclave or proving */
  double memory = c->mem_bw > 0 ? (m->weight_bytes + b * m->bytes) / c->mem_bw : 0;
  double t = compute > memory ? compute : memory;
  if (m->service == OG_SERVICE_EXPONENTIAL)
    t *= og_rng_exponential(n->rng, 1.0);
  return t;
}

/* Take up to max_batch live requests of the head's model off the queue. */
static void take_batch(struct og_node *n)
{
  const struct og_node_class *c = &n->e->sc->classes[n->cls];
  n->batch_len = 0;
  uint32_t model = UINT32_MAX;
  while (n->q_len > 0 && n->batch_len < c->max_batch) {
    struct og_qentry en = n->q[n->q_head];
    if (!entry_live(en)) {
      q_pop(n);
      release(n, en.req);
      continue;
    }
    if (model != UINT32_MAX && en.req->model != model)
      break;
    model = en.req->model;
    n->batch[n->batch_len++] = q_pop(n);
  }
}

/* Decide, per client request, whether a dishonest node cheats on it, and
 * return the batch's honest-equivalent size (a cheated request weighs its
 * strategy's cost factor). Checks are always computed honestly. */
static double decide(struct og_node *n)
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
  struct og_engine *e = n->e;
  n->st.served++;
  if (e->sc->net_mode == OG_NET_EXACT) {
    og__send(e, e->clients[r->client].mbox, r, e->sc->models[r->model].response_bytes);
    return;
  }
  double t_done = og__response_time(n, r);
  r->verify_delay = og__verify_delay(e, r);
  og__proto_result(n, r, t_done);
}

/* What the protocol adds to r's latency: the check at the client, and the
 * part of its batch's time due to the compute overhead (enclave, proving).
 * Redundancy adds its wait for the slowest copy when the vote is held. */
double og__verify_delay(const struct og_engine *e, const struct og_request *r)
{
  const struct og_verification *v = og__vf(e, r->model);
  return v->latency + (r->t_finish - r->t_start) * (1 - 1 / v->overhead);
}

/* Fast mode: latencies before the node are in the clocks; transfer times
 * (bytes / bandwidth) of the request's two hops and the whole response hop
 * are added here, and the protocol's check at the client. */
double og__response_time(const struct og_node *n, const struct og_request *r)
{
  const struct og_engine *e = n->e;
  const struct og_model *m = &e->sc->models[r->model];
  const struct og_client *cl = &e->clients[r->client];
  return r->t_finish + n->to_gateway.latency + m->request_bytes / cl->to_gateway.bandwidth +
         m->request_bytes / n->to_gateway.bandwidth +
         og__route_delay(n->to_client[r->client], m->response_bytes) +
         og__vf(e, r->model)->latency;
}

static void finish_batch(struct og_node *n, double t0, double t1)
{
  if (n->e->nets[n->batch[0].req->model])
    og__node_run_outputs(n);
  for (size_t i = 0; i < n->batch_len; i++) {
    struct og_qentry en = n->batch[i];
    if (entry_live(en) && en.req->kind == OG_KIND_CHECK) {
      og__proto_check_done(n, en.req);
    } else if (entry_live(en) && og__proto_withholds(n, en.req)) {
      en.req->state = en.req->kind == OG_KIND_REPLICA ? OG_REQ_DONE : en.req->state;
      og__proto_result(n, en.req, INFINITY);
    } else if (entry_live(en) && en.req->kind == OG_KIND_REPLICA) {
      en.req->t_start = t0;
      en.req->t_finish = t1;
      en.req->state = OG_REQ_DONE;
      og__verify_after_serve(n, en.req);
      og__proto_result(n, en.req, og__response_time(n, en.req));
    } else if (entry_live(en)) {
      en.req->t_start = t0;
      en.req->t_finish = t1;
      deliver(n, en.req);
      og__verify_after_serve(n, en.req);
    } else {
      n->st.wasted++;
    }
    release(n, en.req);
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
    if (entry_live(n->batch[i])) {
      n->st.wasted++;
      og__gateway_failover(e, n->batch[i].req);
    }
    release(n, n->batch[i].req);
  }
  n->batch_len = 0;
  while (n->q_len > 0) {
    struct og_qentry en = q_pop(n);
    if (entry_live(en))
      og__gateway_failover(e, en.req);
    release(n, en.req);
  }
  sg_actor_sleep_until(repair);
  double shift = og__node_clock_shift(n);
  n->st.down += og_metrics_window_overlap(e->m, now + shift, repair + shift);
  n->down = 0;
  if (!n->ejected && !n->jailed)
    og_router_set_up(e->router, n->id, 1);
  n->next_fail = repair + og_rng_exponential(n->fail_rng, c->mtbf);
}

static void run_batch(struct og_node *n)
{
  take_batch(n);
  if (n->batch_len == 0)
    return;
  const struct og_model *m = &n->e->sc->models[n->batch[0].req->model];
  double t0 = og__now();
  double d = batch_time(n, m, decide(n));
  if (t0 + d > n->next_fail) { /* the node fails in the middle of the batch */
    compute(n, n->next_fail - t0);
    account_busy(n, t0, og__now());
    go_down(n);
    return;
  }
  compute(n, d);
  double t1 = og__now();
  account_busy(n, t0, t1);
  finish_batch(n, t0, t1);
}

/* Block until there is work, or until `until` (node clock) at the latest.
 * Suspending is the cheapest wait, but SimGrid suspends the actor's
 * detached sends with it, so in the exact network mode (responses are
 * detached sends) an idle node waits on its semaphore instead. */
static void wait_work(struct og_node *n, double until, enum og_node_wait how)
{
  double now = og__now();
  if (how == OG_WAIT_IDLE && isinf(until) && n->e->sc->net_mode == OG_NET_FAST) {
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
  while (n->q_len > 0 && !entry_live(n->q[n->q_head])) {
    struct og_qentry en = q_pop(n);
    release(n, en.req);
  }
}

void og__node_actor(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_node *n = sg_actor_self_get_data();
  const struct og_node_class *c = &n->e->sc->classes[n->cls];
  for (;;) {
    double now = og__now();
    if (now >= n->next_fail) {
      go_down(n);
      continue;
    }
    drop_stale_head(n);
    if (n->q_len == 0) {
      wait_work(n, n->next_fail, OG_WAIT_IDLE);
      continue;
    }
    double window_end = n->q[n->q_head].req->t_ready + c->batch_window;
    if (n->q_len < c->max_batch && now < window_end) {
      wait_work(n, fmin(window_end, n->next_fail), OG_WAIT_WINDOW);
      continue;
    }
    run_batch(n);
  }
}

static void on_request(void *ctx, struct og_msg *msg)
{
  struct og_node *n = ctx;
  struct og_request *r = msg->req;
  if (msg->hop == r->hop && r->state == OG_REQ_PENDING)
    og__node_enqueue(n->e, n, r);
  else
    og__node_release_load(n);
  og__request_unref(n->e, r);
}

/* Exact network mode: receives requests sent to the node's mailbox. */
void og__node_receiver_actor(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_node *n = sg_actor_self_get_data();
  og__receive_loop(n->e, n->mbox, OG_RX_NARROW, on_request, n);
}
