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
#include "rng.h"
#include "routing.h"
#include "verdicts.h"

#define MAX_COPIES 8

struct og_vote {
  uint32_t node[MAX_COPIES];
  uint8_t bad[MAX_COPIES];
  uint8_t n, left;
  double t;  /* real time the last result reaches the client */
  double t_primary; /* real time the routed copy's result arrives */
};

void og__vote_free(struct og_vote *v)
{
  free(v);
}

static int taken(const struct og_vote *v, size_t node)
{
  for (size_t i = 0; i < v->left; i++)
    if (v->node[i] == node)
      return 1;
  return 0;
}

static void replica(struct og_engine *e, struct og_request *r, size_t node)
{
  struct og_request *c = og__request_new(e);
  if (!c) {
    e->oom = 1;
    return;
  }
  c->kind = OG_KIND_REPLICA;
  c->model = r->model;
  c->client = r->client;
  c->orig = r;
  c->suspect = r->hop;
  c->deadline = r->deadline;
  c->node = (uint32_t)node;
  r->refs++;
  og_router_load_add(e->router, node, +1);
  og__node_enqueue(e, &e->nodes[node], c);
  og__request_unref(e, c);
}

/* All copies' nodes are chosen, and the vote sized, before any copy is
 * handed over: handing a copy to an idle node can run it at once (a lazy
 * cheat takes no time), and its result must find the vote complete. */
void og__redundancy_dispatch(struct og_engine *e, struct og_request *r, uint32_t primary)
{
  struct og_router *rt = e->router;
  size_t k = og__vf(e, r->model)->copies;
  if (!r->vote && !(r->vote = malloc(sizeof *r->vote))) {
    e->oom = 1;
    return;
  }
  struct og_vote *v = r->vote;
  *v = (struct og_vote){.left = 1};
  v->node[0] = primary;
  size_t want = k - 1 < rt->n_up - 1 ? k - 1 : rt->n_up - 1;
  for (size_t i = 0; i < want; i++) {
    size_t c;
    do
      c = rt->up[og_rng_index(e->check_rng, rt->n_up)];
    while (taken(v, c));
    v->node[v->left++] = (uint32_t)c;
  }
  v->n = v->left;
  for (size_t i = 1; i < v->n; i++)
    replica(e, r, v->node[i]);
}

static void decide(struct og_engine *e, struct og_request *r)
{
  struct og_vote *v = r->vote;
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

void og__redundancy_result(struct og_node *n, struct og_request *r, int cheated, double t_done)
{
  struct og_vote *v = r->vote;
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

static void served(struct og_node *n, struct og_request *r)
{
  (void)n;
  (void)r; /* the vote happens when every copy is in */
}

const struct og_protocol_type og_proto_redundancy = {
  .name = "redundancy",
  .can_cheat = og__proto_always,
  .served = served,
};
