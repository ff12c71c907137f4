/* zkML: every result carries a zero-knowledge proof of the computation,
 * made by a pool of `provers` (their own simulated capacity and price,
 * FIFO in the order results are handed to them; 0, the default: as many
 * as needed, every proof starting when its result is ready) in
 * max(proving_floor, FLOPs of the request / proving_rate), and checked by
 * the client in `latency`. The serving node is not slowed; the result
 * leaves with its proof, so the client waits for the pool too. A cheated
 * result cannot carry a valid proof: every cheat is detected (certainly,
 * and at once).
 *
 * Defaults (docs/verification.md): proving_rate 5.9e10 FLOP/s, from zkLLM
 * (Sun, Li, Zhang, CCS 2024: LLaMA-2-13B, a 2,048-token inference of
 * 2 x 13e9 x 2,048 = 5.3e13 FLOP, proved in under 15 minutes on a GPU, a
 * proof under 200 kB); proving_floor 1 s (setup and commitments of any
 * proof: our assumption); latency (proof check) 1 s, our assumption at
 * the scale zkLLM and NanoZK (Wang 2026: GPT-2 proofs of 6.9 kB checked in
 * 23 ms) report; provers at 2.5/h (an H100's price in the presets).
 * The model-size range they cover: up to 13e9 parameters (zkLLM's
 * largest); a larger model is a warning. The proof, `proof_bytes` (200 kB:
 * zkLLM's "under 200 kB"), travels with the response. */
#include <math.h>
#include <stdlib.h>

#include "protocol.h"

struct zkml_params {
  double proving_rate;  /* FLOP/s of inference proven per second, per prover */
  double proving_floor; /* s: the least a proof takes */
  size_t provers;       /* the pool's provers; 0: as many as needed */
  double prover_cost;   /* currency/s per prover, busy or not */
  double max_params;    /* parameters the defaults' sources cover */
  double proof_bytes;   /* B of proof carried on each response */
};
OG_PARAMS_FIT(struct zkml_params);

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
static const struct og_field fields[] = {
  {.key = "proving_rate", .type = OG_F_NUM, .off = OG_PARAM_OFF(struct zkml_params, proving_rate),
   .unit = OG_UNIT_FLOPS, .range = OG_R_GT, .def = "5.9e10"},
  {.key = "proving_floor", .type = OG_F_NUM,
   .off = OG_PARAM_OFF(struct zkml_params, proving_floor), .unit = OG_UNIT_DURATION,
   .range = OG_R_GE, .def = "1s"},
  {.key = "provers", .type = OG_F_COUNT, .off = OG_PARAM_OFF(struct zkml_params, provers),
   .lo = 0, .hi = 1e7, .def = "0"},
  {.key = "prover_cost", .type = OG_F_NUM, .off = OG_PARAM_OFF(struct zkml_params, prover_cost),
   .unit = OG_UNIT_MONEY_RATE, .range = OG_R_GE, .def = "2.5/h"},
  {.key = "max_params", .type = OG_F_NUM, .off = OG_PARAM_OFF(struct zkml_params, max_params),
   .unit = OG_UNIT_NUMBER, .range = OG_R_GT, .def = "13e9"},
  {.key = "proof_bytes", .type = OG_F_NUM, .off = OG_PARAM_OFF(struct zkml_params, proof_bytes),
   .unit = OG_UNIT_SIZE, .range = OG_R_GE, .def = "200kB"},
};
static const struct og_schema params = OG_SCHEMA("zkml", fields, struct og_verification);

const struct og_protocol_kind og_kind_zkml = {
  .net_modes = OG_NET_MODES_ALL,
  .overhead = 1,
  .latency = 1,
  .params = &params,
};

#else /* the engine's half */
/* The prover pool: when each prover is next free (a min-heap), and the
 * seconds they proved. */
struct pool {
  double *free_at;
  size_t n;
  double busy, busy_window;
};

static const struct zkml_params *params_of(const struct og_engine *e, uint32_t model)
{
  return OG_PROTOCOL_PARAMS(struct zkml_params, og__vf(e, model));
}

/* FLOPs of inference a proof of r covers. */
static double proof_flops(const struct og_model *m, const struct og_request *r)
{
  if (!m->llm)
    return m->flops;
  double tokens = (double)r->prompt_tokens + (double)r->output_tokens;
  return m->tok_flops * tokens + m->head_flops * (double)r->output_tokens;
}

static void sift_down(double *h, size_t n, size_t i)
{
  double x = h[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n)
      break;
    if (c + 1 < n && h[c + 1] < h[c])
      c++;
    if (!(h[c] < x))
      break;
    h[i] = h[c];
    i = c;
  }
  h[i] = x;
}

static enum og_status setup(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  size_t n = 0;
  for (size_t i = 0; i < sc->n_models; i++) {
    const struct og_verification *v = &sc->models[i].verification;
    if (v->protocol != OG_PROTO_ZKML)
      continue;
    const struct zkml_params *p = OG_PROTOCOL_PARAMS(struct zkml_params, v);
    n = p->provers > n ? p->provers : n; /* one pool, the largest size asked */
    double params = sc->models[i].param_bytes /
                    (double)(sc->models[i].dtype_bytes ? sc->models[i].dtype_bytes : 1);
    if (sc->models[i].llm && params > p->max_params)
      og_metrics_warn(e->m, "WARNING: zkml: model %s has %.3g parameters, beyond the %.3g its "
                            "proving defaults come from (zkLLM's largest): its proving times "
                            "are an extrapolation (docs/verification.md)",
                      sc->models[i].name, params, p->max_params);
  }
  struct pool *pl = calloc(1, sizeof *pl);
  if (!pl || !(pl->free_at = calloc(n ? n : 1, sizeof *pl->free_at))) {
    free(pl);
    return OG_ENOMEM;
  }
  pl->n = n;
  *og__proto_run(e, OG_PROTO_ZKML) = pl;
  return OG_OK;
}

static void finish(struct og_engine *e)
{
  struct pool *pl = *og__proto_run(e, OG_PROTO_ZKML);
  const struct og_scenario *sc = e->sc;
  double price = 0;
  for (size_t i = 0; pl && i < sc->n_models; i++)
    if (sc->models[i].verification.protocol == OG_PROTO_ZKML)
      price = fmax(price, params_of(e, (uint32_t)i)->prover_cost);
  if (!pl)
    return;
  og_metrics_provers(e->m, pl->busy, pl->busy_window, (double)pl->n, price);
  double u = pl->busy_window / ((double)pl->n * (sc->duration - sc->warmup));
  if (pl->n > 0 && u > 0.95)
    og_metrics_warn(e->m, "WARNING: zkml: the %zu provers were offered %.0f%% of their time in "
                          "the window: proofs queue and latencies grow with the run's length; "
                          "add provers (verification.provers) or lower the rate",
                    pl->n, 100 * u);
}

static void teardown(struct og_engine *e)
{
  struct pool *pl = *og__proto_run(e, OG_PROTO_ZKML);
  if (!pl)
    return;
  free(pl->free_at);
  free(pl);
  *og__proto_run(e, OG_PROTO_ZKML) = NULL;
}

/* The proof rides on the response. */
static void routed(struct og_engine *e, struct og_request *r, uint32_t primary)
{
  (void)primary;
  og__proto_carry_proof(r, params_of(e, r->model)->proof_bytes);
}

static void served(struct og_node *n, struct og_request *r)
{
  og_metrics_check(n->e->m, r->cheated);
  n->cs.checked++;
  if (r->cheated && n->cs.cheats_before_check < 0)
    n->cs.cheats_before_check = (int64_t)n->cs.cheats - 1;
  if (r->cheated)
    og__detect(n->e, NULL, n, r->model, og__node_real_now(n));
}

/* The result is proved by the next free prover from the moment the node
 * finished it; it reaches the client that much later. */
static void result(struct og_node *n, struct og_request *r, double t_done)
{
  struct og_engine *e = n->e;
  if (r->kind != OG_KIND_CLIENT || !isfinite(t_done))
    return;
  struct pool *pl = *og__proto_run(e, OG_PROTO_ZKML);
  const struct zkml_params *p = params_of(e, r->model);
  double t = fmax(p->proving_floor, proof_flops(&e->sc->models[r->model], r) / p->proving_rate);
  double finished = r->t_finish + og__node_clock_shift(n), start = finished;
  if (p->provers > 0) { /* the next free of the pool */
    start = fmax(finished, pl->free_at[0]);
    pl->free_at[0] = start + t;
    sift_down(pl->free_at, pl->n, 0);
  }
  pl->busy += t;
  if (start >= e->sc->warmup && start < e->sc->duration)
    pl->busy_window += t;
  double wait = start + t - finished;
  r->verify_delay += wait;
  if (t_done + wait <= r->deadline)
    og__request_succeed(e, r, t_done + wait);
}

const struct og_protocol_type og_proto_zkml = {
  .setup = setup,
  .finish = finish,
  .teardown = teardown,
  .routed = routed,
  .served = served,
  .result = result,
};
#endif
