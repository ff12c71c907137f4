/* Real outputs in the simulation: for a sampled share of a runnable zoo
 * model's requests, the serving node runs the model for real on the batch
 * it serves, and a verifier's recomputation (the request alone) gives the
 * distance recorded in /outputs. Which requests are sampled depends only on
 * (seed, request id). */
#include <stdlib.h>

#include "engine_internal.h"
#include "net.h"
#include "rng.h"

static int sampled(const struct og_engine *e, const struct og_request *r)
{
  double share = e->sc->models[r->model].run_share;
  uint64_t x = og_rng_stream_seed(e->sc->seed, OG_RNG_VERIFY, r->id);
  return share > 0 && (double)(x >> 11) * 0x1.0p-53 < share;
}

enum og_status og__engine_nets(struct og_engine *e, struct og_error *err)
{
  const struct og_scenario *sc = e->sc;
  e->nets = calloc(sc->n_models, sizeof *e->nets);
  if (!e->nets)
    return OG_ENOMEM;
  for (size_t i = 0; i < sc->n_models; i++) {
    const struct og_model *m = &sc->models[i];
    int compare = m->verification.tolerance_compare && m->zoo_path;
    if (!(m->run_share > 0) && !compare)
      continue;
    struct og_arch *a = NULL;
    enum og_status st = og_arch_load(m->zoo_path, &a, err);
    if (st != OG_OK)
      return st;
    a->prompt_tokens = m->prompt_tokens;
    st = og_net_runnable(a) || m->run_share > 0
             ? og_net_new(a, og_rng_stream_seed(sc->seed, OG_RNG_WEIGHTS, i), &e->nets[i])
             : OG_OK; /* too big to run: its checks compare exactly */
    og_arch_free(a);
    if (st != OG_OK)
      return og_error_set(err, st, "cannot instantiate model '%s' to run it", m->name);
  }
  return OG_OK;
}

/* Relative distance between the suspect's output for request `of` (its
 * cheat variant when `bad`) and the validator's honest one; -1 when the
 * model cannot be run or memory runs out. */
double og__check_distance(struct og_engine *e, uint32_t model, uint64_t of, int bad,
                          const struct og_node *suspect)
{
  struct og_net *net = e->nets ? e->nets[model] : NULL;
  if (!net)
    return -1;
  size_t il = og_net_input_len(net), ol = og_net_output_len(net);
  float *in = malloc(il * sizeof *in), *a = malloc(ol * sizeof *a), *b = malloc(ol * sizeof *b);
  double d = -1;
  enum og_exec_variant v = bad && suspect->cheat ? (enum og_exec_variant)suspect->cheat->strategy
                                                 : OG_EXEC_HONEST;
  if (in && a && b) {
    og_net_input(net, e->sc->seed, of, in);
    if (og_net_forward(net, v, in, 1, a, of) == OG_OK &&
        og_net_forward(net, OG_EXEC_HONEST, in, 1, b, 0) == OG_OK)
      d = og_net_distance(a, b, ol);
  }
  free(in), free(a), free(b);
  return d;
}

void og__engine_nets_free(struct og_engine *e)
{
  for (size_t i = 0; e->nets && i < e->sc->n_models; i++)
    og_net_free(e->nets[i]);
  free(e->nets);
}

/* Run the sampled requests of the batch together, then each alone. */
void og__node_run_outputs(struct og_node *n)
{
  struct og_engine *e = n->e;
  struct og_request *pick[n->batch_len ? n->batch_len : 1];
  size_t k = 0;
  for (size_t i = 0; i < n->batch_len; i++)
    if (n->batch[i].hop == n->batch[i].req->hop && n->batch[i].req->kind == OG_KIND_CLIENT &&
        sampled(e, n->batch[i].req))
      pick[k++] = n->batch[i].req;
  if (k == 0)
    return;
  struct og_net *net = e->nets[pick[0]->model];
  size_t il = og_net_input_len(net), ol = og_net_output_len(net);
  float *in = malloc(k * il * sizeof *in), *out = malloc(k * ol * sizeof *out);
  float *ref = malloc(ol * sizeof *ref);
  int ok = in && out && ref;
  for (size_t i = 0; ok && i < k; i++)
    og_net_input(net, e->sc->seed, pick[i]->id, in + i * il);
  ok = ok && og_net_forward(net, OG_EXEC_HONEST, in, k, out, 0) == OG_OK;
  for (size_t i = 0; ok && i < k; i++) {
    /* alone in its batch, the node's pass is the verifier's pass */
    const float *mine = out + i * ol;
    if (k > 1)
      ok = og_net_forward(net, OG_EXEC_HONEST, in + i * il, 1, ref, 0) == OG_OK;
    ok = ok && og_metrics_output(e->m, pick[i]->id, n->id, pick[i]->model,
                                 og_net_distance(mine, k > 1 ? ref : mine, ol)) == OG_OK;
  }
  if (!ok)
    e->oom = 1;
  free(in), free(out), free(ref);
}
