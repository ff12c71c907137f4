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
 * actor driver the load's actor makes the model ready itself. */
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/semaphore.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine_internal.h"
#include "grow.h"

enum og_status og__transfer_setup(struct og_engine *e, struct og_error *err)
{
  const struct og_scenario *sc = e->sc;
  if (!og_scenario_loads(sc))
    return OG_OK;
  enum og_platform_naming nm = sc->platform_file ? OG_PLATFORM_NAMES : OG_PLATFORM_IDS;
  e->tier_host = calloc(sc->n_storage ? sc->n_storage : 1, sizeof *e->tier_host);
  e->xfer_done = sg_sem_init(0);
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
  for (size_t i = 0; i < e->n_loads; i++)
    free(e->loads[i]);
  free(e->loads);
  free(e->done);
  free(e->tier_host);
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
  e->done[(e->done_head + e->n_done++) % e->cap_done] = L;
  return 0;
}

static struct og_load *done_pop(struct og_engine *e)
{
  struct og_load *L = e->done[e->done_head];
  e->done_head = (e->done_head + 1) % e->cap_done;
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
  sg_host_sendto(e->tier_host[L->tier], n->host, L->bytes);
  L->t_moved = simgrid_get_clock();
  L->t_ready = L->t_moved + L->bytes / e->sc->classes[n->cls].load_bandwidth;
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

void og__transfer_start(struct og_engine *e, struct og_load *L)
{
  if (e->loop) { /* SimGrid's clock to the loop's: nothing else runs meanwhile */
    double sg = simgrid_get_clock();
    if (e->loop_now > sg)
      sg_actor_sleep_for(e->loop_now - sg);
    e->xfers_open++;
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
  sg_actor_kill(L->actor);
  L->actor = NULL;
  if (e->loop)
    e->xfers_open--;
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
  e->xfers_open--;
  if (L->t_ready > e->loop_now)
    e->loop_now = L->t_ready;
  og__load_ready(e, L);
  return 1;
}
