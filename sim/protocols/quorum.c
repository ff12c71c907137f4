/* Committee quorum, as the FRAIN chain simulation models AI requests on a
 * blockchain: each request goes to a committee of `committee` (k) nodes
 * drawn by stake-weighted sortition among the up nodes, without
 * replacement; every member computes it and commits its result, and the
 * client accepts a result once `quorum` (q) matching commitments are in.
 * Honest results match; cheats match only within the coalition of
 * colluding nodes, otherwise each is its own. A dishonest member withholds
 * its commitment (no result, no fee) with probability `withhold`, and lies
 * by its strategy otherwise. When no result can reach q any more the
 * request fails. Once every member is accounted for, the vote is counted
 * and, if the right result won, every member that committed another one
 * is caught. The latency runs until the q-th matching commitment: the
 * latest of the first q handled, which is later than the exact q-th arrival
 * only by the spread of the members' network delays. */
#include <math.h>
#include <stdlib.h>

#include "protocol.h"

struct quorum_params {
  size_t committee; /* k: members drawn per request */
  size_t quorum;    /* q: matching commitments that decide */
  double withhold;  /* probability a dishonest member withholds its commitment */
};
OG_PARAMS_FIT(struct quorum_params);

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
#define P(m) OG_PARAM_OFF(struct quorum_params, m)
static const struct og_field fields[] = {
  {.key = "committee", .type = OG_F_COUNT, .off = P(committee), .range = OG_R_GE_LE, .lo = 1,
   .hi = 1e9, .def = "5"},
  {.key = "quorum", .type = OG_F_COUNT, .off = P(quorum), .range = OG_R_GE_LE, .lo = 1, .hi = 1e9,
   .def = "3"},
  {.key = "withhold", .type = OG_F_NUM, .off = P(withhold), .unit = OG_UNIT_NUMBER,
   .range = OG_R_GE_LE, .lo = 0, .hi = 1, .def = "0"},
};
static const struct og_schema params = OG_SCHEMA("quorum", fields, struct og_verification);

static const char *check(const struct og_verification *v, const struct og_scenario *sc,
                         const char **key)
{
  const struct quorum_params *qp = OG_PROTOCOL_PARAMS(struct quorum_params, v);
  *key = "quorum";
  if (qp->quorum > qp->committee)
    return "a quorum larger than the committee is never reached";
  *key = "committee";
  return qp->committee > og_scenario_node_count(sc) ? "a committee larger than the network"
                                                    : NULL;
}

static double copies(const struct og_verification *v)
{
  return (double)OG_PROTOCOL_PARAMS(struct quorum_params, v)->committee;
}

const struct og_protocol_kind og_kind_quorum = {
  .traits = OG_PT_VALIDATORS,
  .net_modes = OG_NET_MODE_BIT(OG_NET_FAST),
  .overhead = 1,
  .params = &params,
  .check = check,
  .copies = copies,
};

#else /* the engine's half */
#include "routing.h"

enum outcome { OPEN, RIGHT, WRONG, NONE };

/* One request's committee, for the hop it was drawn for. */
struct vote {
  uint32_t hop;
  uint32_t left;          /* members yet to commit or withhold */
  uint32_t good, bad;     /* commitments of the right result, of the coalition's */
  uint32_t lone;          /* commitments of lone (non-colluding) cheats */
  enum outcome outcome;
  double t_good, t_bad, t_lone; /* latest arrival among each's commitments */
  double t_first;         /* first commitment's arrival */
  uint32_t *liars;        /* members that committed a wrong result */
  size_t n_liars, cap_liars;
};

/* For the run: the members being drawn; each dishonest node's withhold
 * draws, from quorum's own stream at the node (og__proto_rng_new), so that
 * they shift neither its cheat decisions nor the sampling of another
 * model's results at it (NULL for honest nodes). */
struct sortition {
  uint32_t *pick;
  size_t cap;
  uint64_t draw;          /* counts committees; a node's mark says it is drawn */
  gsl_rng **withhold;     /* per node */
  size_t n_nodes;
};

static const struct quorum_params *params_of(const struct og_engine *e, uint32_t model)
{
  return OG_PROTOCOL_PARAMS(struct quorum_params, og__vf(e, model));
}

static enum og_status setup(struct og_engine *e)
{
  struct sortition *s = calloc(1, sizeof *s);
  *og__proto_run(e, OG_PROTO_QUORUM) = s;
  if (!s || !(s->withhold = calloc(e->n_nodes ? e->n_nodes : 1, sizeof *s->withhold)))
    return OG_ENOMEM; /* teardown frees what is there */
  s->n_nodes = e->n_nodes;
  for (size_t i = 0; i < e->n_nodes; i++)
    if (e->nodes[i].cheat &&
        !(s->withhold[i] = og__proto_rng_new(e, OG_PROTO_QUORUM, e->nodes[i].id)))
      return OG_ENOMEM;
  return og__stake_table(e);
}

static void teardown(struct og_engine *e)
{
  struct sortition *s = *og__proto_run(e, OG_PROTO_QUORUM);
  if (!s)
    return;
  for (size_t i = 0; s->withhold && i < s->n_nodes; i++)
    if (s->withhold[i])
      gsl_rng_free(s->withhold[i]);
  free(s->withhold);
  free(s->pick);
  free(s);
}

static void vote_free(struct og_request *r)
{
  struct vote *v = r->proto;
  free(v->liars);
  free(v);
}

static uint64_t *mark_of(struct og_engine *e, size_t node)
{
  return og__proto_node_state(&e->nodes[node], OG_PROTO_QUORUM);
}

struct drawing {
  struct og_engine *e;
  uint64_t draw;
};

static int drawn(const void *ctx, size_t node)
{
  const struct drawing *d = ctx;
  return *mark_of(d->e, node) == d->draw;
}

/* k members by stake among the up nodes that host the model, without
 * replacement (all of them when k is not smaller): into s->pick; their
 * number. */
static size_t draw(struct og_engine *e, struct sortition *s, uint32_t model, size_t k)
{
  const struct og_pool *p = og_router_pool(e->router, model);
  struct drawing d = {e, ++s->draw};
  size_t n = 0;
  if (k >= p->n_up) {
    for (; n < p->n_up; n++)
      s->pick[n] = p->up[n];
    return n;
  }
  for (; n < k; n++) {
    long c = og__pick_by_stake(e, p, drawn, &d);
    *mark_of(e, (size_t)c) = d.draw;
    s->pick[n] = (uint32_t)c;
  }
  return n;
}

/* Every member is drawn before any is handed its copy: a copy handed to an
 * idle node can run at once, and its result must find the vote complete. */
static void dispatch(struct og_engine *e, struct og_request *r)
{
  struct sortition *s = *og__proto_run(e, OG_PROTO_QUORUM);
  size_t k = params_of(e, r->model)->committee;
  if (r->proto)
    vote_free(r);
  struct vote *v = r->proto = calloc(1, sizeof *v);
  uint32_t *pick = k > s->cap ? realloc(s->pick, k * sizeof *pick) : s->pick;
  if (!v || !pick) {
    e->oom = 1;
    return;
  }
  s->pick = pick;
  s->cap = k > s->cap ? k : s->cap;
  size_t n = draw(e, s, r->model, k);
  *v = (struct vote){.hop = r->hop, .left = (uint32_t)n, .t_first = INFINITY};
  if (n == 0)
    return; /* no node hosting the model is up: the client's timeout will retry */
  r->node = s->pick[0];
  for (size_t i = 0; i < n; i++)
    og__copy_send(e, r, s->pick[i]);
}

static int withholds(struct og_node *n, const struct og_request *r)
{
  double p = params_of(n->e, r->model)->withhold;
  if (!n->cheat || !(p > 0))
    return 0;
  struct sortition *s = *og__proto_run(n->e, OG_PROTO_QUORUM);
  return gsl_rng_uniform(s->withhold[n->id]) < p;
}

static void resolve(struct og_engine *e, struct og_request *r, struct vote *v, enum outcome o,
                    double t)
{
  v->outcome = o;
  if (o == NONE) {
    og__request_fail(e, r, t);
    return;
  }
  r->verify_delay = t - v->t_first; /* the wait for the q-th commitment */
  if (t <= r->deadline)
    og__request_succeed(e, r, t);
}

/* Whether a result has reached q, or none can any more. */
static void decide(struct og_engine *e, struct og_request *r, struct vote *v, double now)
{
  size_t q = params_of(e, r->model)->quorum;
  if (v->good >= q)
    resolve(e, r, v, RIGHT, v->t_good);
  else if (v->bad >= q)
    resolve(e, r, v, WRONG, v->t_bad);
  else if (q == 1 && v->lone)
    resolve(e, r, v, WRONG, v->t_lone);
  else if (v->good + v->left < q && v->bad + v->left < q)
    resolve(e, r, v, NONE, now);
}

/* Every member is accounted for: the vote counts, and if the right result
 * won, each member that committed another is caught. */
static void close_vote(struct og_engine *e, struct og_request *r, struct vote *v, double now)
{
  int right = v->outcome == RIGHT;
  og_metrics_vote(e->m, v->outcome == WRONG, right ? (unsigned)v->n_liars : 0);
  for (size_t i = 0; right && i < v->n_liars; i++)
    og__detect(e, NULL, &e->nodes[v->liars[i]], r->model, now);
}

static int add_liar(struct vote *v, uint32_t node)
{
  if (v->n_liars == v->cap_liars) {
    size_t cap = v->cap_liars ? 2 * v->cap_liars : 4;
    uint32_t *p = realloc(v->liars, cap * sizeof *p);
    if (!p)
      return -1;
    v->liars = p, v->cap_liars = cap;
  }
  v->liars[v->n_liars++] = node;
  return 0;
}

static void commit(struct og_node *n, struct vote *v, int cheated, double t)
{
  uint32_t *count = !cheated ? &v->good : n->cheat && n->cheat->colludes ? &v->bad : &v->lone;
  double *latest = count == &v->good ? &v->t_good : count == &v->bad ? &v->t_bad : &v->t_lone;
  ++*count;
  *latest = t > *latest ? t : *latest;
  v->t_first = t < v->t_first ? t : v->t_first;
  if (cheated && add_liar(v, n->id) != 0)
    n->e->oom = 1;
}

/* A member's copy: its commitment reaches the client at t_done (INFINITY:
 * withheld). Copies drawn for an earlier hop of r no longer count. */
static void result(struct og_node *n, struct og_request *c, double t_done)
{
  struct og_request *r = c->orig;
  struct vote *v = r ? r->proto : NULL;
  if (c->kind != OG_KIND_REPLICA || !v || v->hop != c->copy_hop || v->left == 0)
    return;
  double now = og__node_real_now(n);
  v->left--;
  if (t_done < INFINITY)
    commit(n, v, c->cheated, t_done);
  if (v->outcome == OPEN && r->state == OG_REQ_PENDING)
    decide(n->e, r, v, now);
  if (v->left == 0)
    close_vote(n->e, r, v, now);
}

const struct og_protocol_type og_proto_quorum = {
  .setup = setup,
  .node_state = sizeof(uint64_t),
  .teardown = teardown,
  .dispatch = dispatch,
  .withholds = withholds,
  .result = result,
  .request_free = vote_free,
};
#endif
