/* The engine's side of the protocol interface: the table from a model's
 * protocol to its hooks, the default behaviour where a hook is NULL, and
 * what every served result goes through (ledger.c keeps the money). */
#include <math.h>
#include <stdlib.h>

#include "protocol.h"
#include "rng.h"

#define OG_PROTO_ENTRY(E, name) [OG_PROTO_##E] = &og_proto_##name,
static const struct og_protocol_type *const types[OG_PROTO_COUNT] = {
  OG_PROTOCOL_LIST(OG_PROTO_ENTRY)
};
#undef OG_PROTO_ENTRY

const struct og_protocol_type *og__proto(const struct og_engine *e, uint32_t model)
{
  return types[og__vf(e, model)->protocol];
}

void *og__proto_node_state(const struct og_node *n, enum og_protocol p)
{
  unsigned char *s = n->e->proto_state[p];
  return s ? s + n->id * types[p]->node_state : NULL;
}

void **og__proto_run(struct og_engine *e, enum og_protocol p)
{
  return &e->proto_run[p];
}

gsl_rng *og__proto_rng_new(const struct og_engine *e, enum og_protocol p, uint32_t node)
{
  return og_rng_new(e->sc->seed, OG_RNG_PROTOCOL, (uint64_t)p << 32 | node);
}

static int used(const struct og_scenario *sc, enum og_protocol p)
{
  for (size_t i = 0; i < sc->n_models; i++)
    if (sc->models[i].verification.protocol == p)
      return 1;
  return 0;
}

/* The check streams (validator choice, which results are checked) and the
 * stake table, set up once for every protocol that draws validators. */
static enum og_status validators_setup(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  if (!(e->check_rng = og_rng_new(sc->seed, OG_RNG_VERIFY, UINT64_MAX)))
    return OG_ENOMEM;
  for (size_t i = 0; i < e->n_nodes; i++)
    if (!(e->nodes[i].check_rng = og_rng_new(sc->seed, OG_RNG_VERIFY, i)))
      return OG_ENOMEM;
  return og__validators_init(e);
}

enum og_status og__protocols_setup(struct og_engine *e)
{
  enum og_status st = OG_OK;
  int validators = 0;
  for (int p = 0; p < OG_PROTO_COUNT && st == OG_OK; p++) {
    if (!used(e->sc, p))
      continue;
    validators |= (og_protocol_kind(p)->traits & OG_PT_VALIDATORS) != 0;
    size_t sz = types[p]->node_state;
    if (sz && !(e->proto_state[p] = calloc(e->n_nodes ? e->n_nodes : 1, sz)))
      return OG_ENOMEM;
    if (types[p]->setup)
      st = types[p]->setup(e);
  }
  return st == OG_OK && validators ? validators_setup(e) : st;
}

static char proof_carried;

void og__proto_carry_proof(struct og_request *r, double bytes)
{
  if (r->proto == &proof_carried)
    return;
  r->resp_bytes += bytes;
  r->proto = &proof_carried;
}

void og__protocols_finish(struct og_engine *e)
{
  for (int p = 0; p < OG_PROTO_COUNT; p++)
    if (types[p]->finish && used(e->sc, p))
      types[p]->finish(e);
}

void og__protocols_free(struct og_engine *e)
{
  for (int p = 0; p < OG_PROTO_COUNT; p++) {
    if (types[p]->teardown && used(e->sc, p))
      types[p]->teardown(e);
    free(e->proto_state[p]);
    e->proto_state[p] = NULL;
  }
}

int og__may_cheat(const struct og_node *n, uint32_t model)
{
  const struct og_verification *v = og__vf(n->e, model);
  const struct og_protocol_type *t = types[v->protocol];
  return !t->can_cheat || t->can_cheat(n, v);
}

void og__verify_after_serve(struct og_node *n, struct og_request *r)
{
  struct og_engine *e = n->e;
  n->cs.results++;
  og__ledger_earn(n, e->sc->models[r->model].fee, og__node_real_now(n));
  if (r->cheated && n->cs.cheats++ == 0)
    n->cs.first_cheat = og__node_real_now(n);
  const struct og_protocol_type *t = og__proto(e, r->model);
  if (t->served)
    t->served(n, r);
}

int og__proto_withholds(struct og_node *n, const struct og_request *r)
{
  const struct og_protocol_type *t = og__proto(n->e, r->model);
  return t->withholds && t->withholds(n, r);
}

void og__proto_result(struct og_node *n, struct og_request *r, double t_done)
{
  const struct og_protocol_type *t = og__proto(n->e, r->model);
  if (t->result)
    t->result(n, r, t_done);
  else if (r->kind == OG_KIND_CLIENT && t_done <= r->deadline)
    og__request_succeed(n->e, r, t_done);
}

void og__proto_check_done(struct og_node *v, struct og_request *check)
{
  const struct og_protocol_type *t = og__proto(v->e, check->model);
  if (t->check_done)
    t->check_done(v, check);
}

void og__proto_request_free(struct og_engine *e, struct og_request *r)
{
  if (!r->proto)
    return;
  const struct og_protocol_type *t = og__proto(e, r->model);
  if (t->request_free)
    t->request_free(r);
  r->proto = NULL;
}
