/* Churn: nodes of a class join and leave (docs/churn.md). A class's
 * `count` is its slots; new nodes join as a Poisson process at join_rate
 * into a free slot (a join that finds none is refused: an Erlang loss
 * system), each stays online for a session drawn from the class's law,
 * then leaves (node.c: its requests are routed again, as a failure's).
 * The joins of a class are a state machine like a node's: the event loop
 * runs it at its timer, or its own actor does. All its draws (join times,
 * slots, sessions) come from one stream per class, in its own order, so
 * both drivers give the same numbers. Also here: which nodes of a class
 * fail (fail_share). */
#include <math.h>
#include <simgrid/actor.h>
#include <stdlib.h>

#include "engine_internal.h"
#include "rng.h"
#include "routing.h"
#include "session.h"

/* Stream entities of the fail_share choice, apart from the classes' joins. */
#define FAIL_SHARE_ENTITY ((uint64_t)1 << 40)

static size_t class_first(const struct og_scenario *sc, size_t cls)
{
  size_t first = 0;
  for (size_t c = 0; c < cls; c++)
    first += sc->classes[c].count;
  return first;
}

/* ids[0..n) in a seeded random order (Fisher-Yates). */
static void shuffle(uint32_t *ids, size_t n, gsl_rng *r)
{
  for (size_t i = n; i > 1; i--) {
    size_t j = og_rng_index(r, i);
    uint32_t t = ids[i - 1];
    ids[i - 1] = ids[j];
    ids[j] = t;
  }
}

/* Only round(fail_share x count) nodes of the class fail, a seeded choice;
 * the others never do (their first failure, drawn already, is dropped). */
static enum og_status fail_share(struct og_engine *e, size_t cls, uint32_t *ids)
{
  const struct og_node_class *c = &e->sc->classes[cls];
  size_t first = class_first(e->sc, cls), k = (size_t)llround(c->fail_share * (double)c->count);
  if (c->fail_share >= 1)
    return OG_OK;
  gsl_rng *r = og_rng_new(e->sc->seed, OG_RNG_CHURN, FAIL_SHARE_ENTITY + cls);
  if (!r)
    return OG_ENOMEM;
  for (size_t i = 0; i < c->count; i++)
    ids[i] = (uint32_t)(first + i);
  shuffle(ids, c->count, r);
  for (size_t i = k; i < c->count; i++) {
    e->nodes[ids[i]].fails = 0;
    e->nodes[ids[i]].next_fail = INFINITY;
  }
  gsl_rng_free(r);
  return OG_OK;
}

static double next_gap(struct og_churner *ch)
{
  double rate = ch->e->sc->classes[ch->cls].churn.join_rate;
  return rate > 0 ? og_rng_exponential(ch->rng, 1 / rate) : INFINITY;
}

/* The class's slots in a seeded order: the first `initial` online, each
 * with the residual of a session under way (a network that has run for
 * long); the others absent, free for joins. */
static enum og_status one_class(struct og_engine *e, struct og_churner *ch, size_t cls)
{
  const struct og_node_class *c = &e->sc->classes[cls];
  size_t first = class_first(e->sc, cls);
  ch->e = e;
  ch->cls = (uint32_t)cls;
  ch->rng = og_rng_new(e->sc->seed, OG_RNG_CHURN, cls);
  ch->free = malloc(c->count * sizeof *ch->free);
  if (!ch->rng || !ch->free)
    return OG_ENOMEM;
  for (size_t i = 0; i < c->count; i++)
    ch->free[i] = (uint32_t)(first + i);
  shuffle(ch->free, c->count, ch->rng);
  for (size_t i = 0; i < c->churn.initial; i++)
    e->nodes[ch->free[i]].leave_at = og_session_residual(&c->churn.session, ch->rng);
  for (size_t i = c->churn.initial; i < c->count; i++) {
    struct og_node *n = &e->nodes[ch->free[i]];
    n->absent = n->down = 1;
    n->next_fail = INFINITY;
    og_router_set_up(e->router, n->id, 0);
    ch->free[ch->n_free++] = n->id;
  }
  og_metrics_churn_start(e->m, ch->cls, c->churn.initial);
  ch->next_join = next_gap(ch);
  return OG_OK;
}

enum og_status og__churn_setup(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  size_t most = 1;
  for (size_t c = 0; c < sc->n_classes; c++) {
    e->n_churn += sc->classes[c].churn.on;
    most = sc->classes[c].count > most ? sc->classes[c].count : most;
  }
  uint32_t *ids = malloc(most * sizeof *ids);
  e->churn = calloc(e->n_churn ? e->n_churn : 1, sizeof *e->churn);
  e->churn_of = calloc(sc->n_classes ? sc->n_classes : 1, sizeof *e->churn_of);
  enum og_status st = ids && e->churn && e->churn_of ? OG_OK : OG_ENOMEM;
  for (size_t c = 0, k = 0; c < sc->n_classes && st == OG_OK; c++) {
    st = fail_share(e, c, ids);
    if (st == OG_OK && sc->classes[c].churn.on) {
      e->churn_of[c] = &e->churn[k];
      st = one_class(e, &e->churn[k++], c);
    }
  }
  free(ids);
  return st;
}

void og__churn_free(struct og_engine *e)
{
  for (size_t k = 0; e->churn && k < e->n_churn; k++) {
    if (e->churn[k].rng)
      gsl_rng_free(e->churn[k].rng);
    free(e->churn[k].free);
  }
  free(e->churn);
  free(e->churn_of);
}

/* A join at `now`: a new node in a free slot drawn at random, or refused. */
static void join(struct og_churner *ch, double now)
{
  struct og_engine *e = ch->e;
  if (ch->n_free == 0) {
    og_metrics_churn_refused(e->m, ch->cls);
    return;
  }
  size_t i = og_rng_index(ch->rng, ch->n_free);
  struct og_node *n = &e->nodes[ch->free[i]];
  ch->free[i] = ch->free[--ch->n_free];
  og__node_join(n, now, og_session_draw(&e->sc->classes[ch->cls].churn.session, ch->rng));
}

double og__churn_advance(struct og_churner *ch, double now)
{
  if (now >= ch->next_join) {
    join(ch, ch->next_join);
    ch->next_join += next_gap(ch);
  }
  return ch->next_join;
}

void og__churn_slot_free(struct og_node *n)
{
  struct og_churner *ch = n->e->churn_of[n->cls];
  ch->free[ch->n_free++] = n->id; /* room for every slot of the class */
}

/* With node actors: the joins of one class, on the gateway's host. */
void og__churn_actor(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_churner *ch = sg_actor_self_get_data();
  double t = og__churn_advance(ch, og__now());
  while (!ch->e->ending && isfinite(t)) {
    sg_actor_sleep_until(t);
    t = og__churn_advance(ch, t);
  }
}

void og__churn_close(struct og_engine *e, double end)
{
  for (size_t i = 0; i < e->n_nodes; i++) {
    struct og_node *n = &e->nodes[i];
    if (n->absent || end <= n->online_since)
      continue;
    double shift = og__node_clock_shift(n);
    n->st.online += end - n->online_since;
    n->st.online_window +=
        og_metrics_window_overlap(e->m, n->online_since + shift, end + shift);
  }
}
