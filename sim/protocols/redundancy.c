/* k-way redundancy: each request is computed by `copies` distinct nodes
 * (the routed one and k-1 drawn uniformly among the other up nodes), and
 * the client takes the majority result once all k have answered. Honest
 * results agree; cheats agree with each other only among colluding nodes
 * (one coalition), otherwise each is its own garbage. An honest majority
 * accepts the right result and every disagreeing (cheating) node is caught;
 * a colluding majority passes a bad result unseen; with no majority (a tie,
 * or scattered cheats) the request fails and nobody is slashed. */
#include <stdlib.h>

#include "protocol.h"

#define MAX_COPIES 7

struct redundancy_params {
  size_t copies; /* nodes computing each request */
};
OG_PARAMS_FIT(struct redundancy_params);

#define COPIES(v) (OG_PROTOCOL_PARAMS(struct redundancy_params, v)->copies)

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
static const struct og_field fields[] = {
  {.key = "copies", .type = OG_F_COUNT, .off = OG_PARAM_OFF(struct redundancy_params, copies),
   .range = OG_R_GE_LE, .lo = 2, .hi = MAX_COPIES, .def = "3"},
};
static const struct og_schema params = OG_SCHEMA("redundancy", fields, struct og_verification);

static const char *check(const struct og_verification *v, const struct og_scenario *sc,
                         const char **key)
{
  *key = "copies";
  return COPIES(v) > og_scenario_node_count(sc) ? "more copies than nodes" : NULL;
}

static double copies(const struct og_verification *v)
{
  return (double)COPIES(v);
}

const struct og_protocol_kind og_kind_redundancy = {
  .traits = OG_PT_VALIDATORS,
  .net_modes = OG_NET_MODE_BIT(OG_NET_FAST),
  .overhead = 1,
  .params = &params,
  .check = check,
  .copies = copies,
};

#else /* the engine's half */
#include "routing.h"
#include "verdicts.h"

struct og_vote {
  uint32_t node[MAX_COPIES];
  uint8_t bad[MAX_COPIES];
  uint8_t n, left;
  double t;  /* real time the last result reaches the client */
  double t_primary; /* real time the routed copy's result arrives */
};

static void vote_free(struct og_request *r)
{
  free(r->proto);
}

static int taken(const void *ctx, size_t node)
{
  const struct og_vote *v = ctx;
  for (size_t i = 0; i < v->left; i++)
    if (v->node[i] == node)
      return 1;
  return 0;
}

/* All copies' nodes are chosen, and the vote sized, before any copy is
 * handed over: handing a copy to an idle node can run it at once (a lazy
 * cheat takes no time), and its result must find the vote complete. */
static void routed(struct og_engine *e, struct og_request *r, uint32_t primary)
{
  const struct og_pool *p = og_router_pool(e->router, r->model);
  size_t k = COPIES(og__vf(e, r->model));
  if (!r->proto && !(r->proto = malloc(sizeof(struct og_vote)))) {
    e->oom = 1;
    return;
  }
  struct og_vote *v = r->proto;
  *v = (struct og_vote){.left = 1};
  v->node[0] = primary;
  size_t up = p->n_up, want = k - 1 < up - 1 ? k - 1 : up - 1;
  for (size_t i = 0; i < want; i++)
    v->node[v->left++] = (uint32_t)og__pick_uniform(e, p, taken, v);
  v->n = v->left;
  for (size_t i = 1; i < v->n; i++)
    og__copy_send(e, r, v->node[i]);
}

static void decide(struct og_engine *e, struct og_request *r)
{
  struct og_vote *v = r->proto;
  uint8_t colludes[MAX_COPIES];
  unsigned caught = 0;
  for (size_t i = 0; i < v->n; i++) {
    const struct og_node *n = &e->nodes[v->node[i]];
    colludes[i] = n->cheat && n->cheat->colludes;
    caught += v->bad[i] != 0;
  }
  switch (og__vote_outcome(v->n, v->bad, colludes)) {
  case OG_VOTE_HONEST:
    og_metrics_vote(e->m, 0, caught);
    for (size_t i = 0; i < v->n; i++)
      if (v->bad[i])
        og__detect(e, NULL, &e->nodes[v->node[i]], r->model, v->t);
    break;
  case OG_VOTE_COLLUDED:
    og_metrics_vote(e->m, 1, 0);
    break;
  case OG_VOTE_NONE:
    og_metrics_vote(e->m, 0, 0);
    og__request_fail(e, r, v->t); /* no majority: the request fails */
    return;
  }
  r->verify_delay = v->t - v->t_primary; /* the wait for the slowest copy */
  if (v->t <= r->deadline)
    og__request_succeed(e, r, v->t);
}

static void count(struct og_node *n, struct og_request *r, int cheated, double t_done)
{
  struct og_vote *v = r->proto;
  if (!v || r->state != OG_REQ_PENDING || v->left == 0)
    return;
  for (size_t i = 0; i < v->n; i++)
    if (v->node[i] == n->id) {
      v->bad[i] = (uint8_t)(cheated != 0);
      if (i == 0)
        v->t_primary = t_done;
      break;
    }
  v->t = t_done > v->t ? t_done : v->t;
  if (--v->left == 0)
    decide(n->e, r);
}

/* A result of the routed node (r itself) or of a copy; a copy made for an
 * earlier hop of r (before a retry) no longer counts. */
static void result(struct og_node *n, struct og_request *r, double t_done)
{
  if (r->kind == OG_KIND_CLIENT)
    count(n, r, r->cheated, t_done);
  else if (r->orig->hop == r->copy_hop)
    count(n, r->orig, r->cheated, t_done);
}

const struct og_protocol_type og_proto_redundancy = {
  .routed = routed,
  .result = result,
  .request_free = vote_free,
};
#endif
