/* The engine's event loop, for network modes in which nothing a node or a
 * client does is a SimGrid activity (fast): nodes and clients are state
 * machines (og__node_advance, og__client_advance), each with one timer, and
 * this loop runs the earliest one, in time order (equal times: first set,
 * first out). No actor is started, so a node costs no stack and an event
 * no context switch, simcall or SimGrid activity. Nothing runs on SimGrid
 * meanwhile, so the loop's time is the clock (og__now reads it) and
 * SimGrid's clock is moved once, to where the run ends. A mode that puts
 * work on SimGrid while the loop runs (messages, weight transfers) must
 * move SimGrid's clock to each event again (simgrid_run_until), which cost
 * 5,100 instructions a request: more than half of the loop's.
 *
 * When nodes load weights (placement.preload false), the transfers are
 * SimGrid communications: the loop then runs in an actor, and while one is
 * open it waits for it before each event (og__transfers_wait, transfer.c):
 * one simcall per event then, none while no transfer is open.
 *
 * The end of the run is the one of the actor-driven modes (run_end.c): once
 * the last client is done, events go on while checks are open, up to the
 * hard stop; then the clock moves to the last response's arrival. */
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>

#include "engine_internal.h"
#include "flows.h"

enum og_status og__loop_init(struct og_engine *e)
{
  return og_timers_init(&e->timers, og__loop_net_owner(e) + (e->flows != NULL));
}

void og__loop_net_at(struct og_engine *e, double t)
{
  og_timers_set(&e->timers, og__loop_net_owner(e), t);
}

void og__loop_node_at(struct og_engine *e, const struct og_node *n, double t)
{
  og_timers_set(&e->timers, n->id, t);
}

void og__loop_node_sooner(struct og_engine *e, const struct og_node *n, double t)
{
  if (t < og_timers_get(&e->timers, n->id))
    og_timers_set(&e->timers, n->id, t);
}

void og__loop_client_at(struct og_engine *e, const struct og_client *c, double t)
{
  og_timers_set(&e->timers, (uint32_t)(e->n_nodes + c->id), t);
}

void og__loop_churn_at(struct og_engine *e, const struct og_churner *ch, double t)
{
  og_timers_set(&e->timers, (uint32_t)(e->n_nodes + e->n_clients + (size_t)(ch - e->churn)), t);
}

/* The clock moves to t. Nothing runs on SimGrid while the loop runs (no
 * actor, no activity), so SimGrid's clock is moved once, at the end
 * (og__now reads the loop's meanwhile): moving it to every event cost
 * 5,100 of the 9,000 instructions of a request. */
static void clock_to(struct og_engine *e, double t)
{
  if (t > e->loop_now)
    e->loop_now = t;
}

/* Run the earliest events up to time `end`; when `until_quiet`, only until
 * the last client is done and no check is open. */
static void run_events(struct og_engine *e, int until_quiet, double end)
{
  struct og_timers *tm = &e->timers;
  uint32_t who;
  double t;
  while (!e->oom && (!until_quiet || e->clients_running > 0 || e->checks_open > 0)) {
    int any = og_timers_peek(tm, &who, &t);
    if (e->xfers_open > 0 && og__transfers_wait(e, any && t < end ? t : end))
      continue; /* a load ended first, and was handled at its time */
    if (!any || t > end)
      break;
    clock_to(e, t);
    /* the next event's node, as the heap stands: its lines load while
     * this event runs (each a miss on a large network) */
    uint32_t next = og_timers_second(tm);
    if (next < e->n_nodes) {
      og__node_prefetch(&e->nodes[next]);
      og__serving_prefetch(e, next);
      og_prefetch(e->q_hint[next]); /* its queue's head: read first */
    }
    if (who < e->n_nodes)
      og_timers_set(tm, who, og__node_advance(&e->nodes[who], t));
    else if (who < e->n_nodes + e->n_clients)
      og_timers_set(tm, who, og__client_advance(&e->clients[who - e->n_nodes], t));
    else if (who < og__loop_autoscale_owner(e))
      og_timers_set(tm, who, og__churn_advance(&e->churn[who - e->n_nodes - e->n_clients], t));
    else if (who < og__loop_net_owner(e))
      og_timers_set(tm, who, og__autoscale_advance(e, t));
    else
      og_timers_set(tm, who, og__flows_advance(e, t));
  }
}

static void loop(struct og_engine *e)
{
  if (e->as)
    og__autoscale_start(e);
  else if (!e->sc->placement.preload)
    og__loads_start(e);
  for (size_t i = 0; i < e->n_nodes; i++)
    og__loop_node_at(e, &e->nodes[i], og__node_advance(&e->nodes[i], e->loop_now));
  for (size_t i = 0; i < e->n_clients; i++)
    og__loop_client_at(e, &e->clients[i], e->loop_now);
  for (size_t k = 0; k < e->n_churn; k++)
    og__loop_churn_at(e, &e->churn[k], e->churn[k].next_join);
  if (e->as)
    og_timers_set(&e->timers, og__loop_autoscale_owner(e), og__autoscale_advance(e, e->loop_now));
  /* clients are done by the hard stop; checks may stay open until then */
  run_events(e, 1, e->hard_stop);
  if (e->oom)
    return; /* reported by the caller */
  if (e->checks_open > 0)
    clock_to(e, e->hard_stop);
  /* nodes go on (failing, being repaired) until the last response arrives */
  double end = fmin(e->last_done, e->hard_stop);
  if (end > e->loop_now) {
    run_events(e, 0, end);
    clock_to(e, end);
  }
  og__run_end_count(e);
}

/* The loop in an actor, when weight transfers run on SimGrid meanwhile:
 * at the end SimGrid's clock goes where the run ended, and the loads still
 * open (daemons) end with it. Its stack is the actors' (og_run_stack_kib):
 * it runs the state machines that node and client actors run with it. */
static void loop_actor(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_engine *e = sg_actor_self_get_data();
  e->loop_now = og__now();
  og__now_follow(&e->loop_now);
  loop(e);
  og__now_follow(NULL);
  og__transfers_end(e);
  double sg = simgrid_get_clock();
  if (e->loop_now > sg)
    sg_actor_sleep_for(e->loop_now - sg);
}

void og__loop_run(struct og_engine *e)
{
  if (og_scenario_loads(e->sc)) {
    e->n_actors++;
    sg_actor_t a = sg_actor_init("loop", e->gw_host);
    sg_actor_set_data(a, e);
    sg_actor_start(a, loop_actor, 0, NULL);
    simgrid_run();
    return;
  }
  e->loop_now = og__now();
  og__now_follow(&e->loop_now);
  loop(e);
  og__now_follow(NULL);
  if (e->loop_now > og__now())
    simgrid_run_until(e->loop_now); /* SimGrid's clock where the run ended */
}
