/* The closed-form threshold of spot-checking for a scenario (theory.h). */
#include <math.h>
#include <stdint.h>

#include "estimate.h"
#include "placement.h"
#include "theory.h"

/* Node-seconds one request of model m costs on class c: alone (a batch of
 * 1, the Proof-of-Sampling analysis's honest computation), or, on the
 * continuous engine, its share of the class's best batch (an LLM alone
 * reads all the weights for every token; served, it shares them). */
static double cost_time(const struct og_scenario *sc, const struct og_model *m,
                        const struct og_node_class *c)
{
  const struct og_host_group *g = og_class_group_of(c, (size_t)(m - sc->models));
  if (!g)
    return 0; /* the class does not host it: it serves none of it */
  if (c->serving != OG_SERVING_CONTINUOUS)
    return og_batch_seconds(c, m, 1);
  double b = og_best_batch(sc, c, g, m);
  return og_batch_seconds(c, m, b) / b;
}

static void why(struct og_eq_theory *t, int cond, const char *text)
{
  if (cond && t->n_why < sizeof t->why / sizeof t->why[0])
    t->why[t->n_why++] = text;
}

static void caveats(const struct og_scenario *sc, const struct og_dishonest *d,
                    struct og_eq_theory *t)
{
  const struct og_verification *v = &sc->verification;
  int batching = 0, failures = 0, continuous = 0;
  for (size_t c = 0; c < sc->n_classes; c++) {
    int cont = sc->classes[c].serving == OG_SERVING_CONTINUOUS;
    batching |= !cont && sc->classes[c].max_batch > 1, failures |= sc->classes[c].mtbf > 0;
    continuous |= cont;
  }
  why(t, v->on_detect != OG_DETECT_KEEP, "a caught cheater is ejected or jailed and earns "
      "nothing after (the formula assumes it keeps serving)");
  why(t, batching, "batches share the weight reads, so a cheated request saves less than C "
      "computed at batch 1");
  why(t, continuous, "C is a request's share of its class's best batch (continuous engine); "
      "at lower load batches are smaller and a request costs more");
  why(t, d->colludes, "colluding validators approve their coalition's cheats");
  why(t, d->adaptive, "adaptive cheaters turn honest once caught");
  why(t, d->q < 1, "cheating on only q of the requests dilutes gains and losses per result");
  why(t, v->adaptive, "the check rate follows reputation, not the rate searched");
  why(t, v->revalidation > 0 || v->statistical, "a failed check does not always convict "
      "(re-validation vote, statistical invalidation)");
  why(t, v->fp_rate > 0, "honest nodes also fail checks (fp_rate) and pay for it");
  why(t, sc->economics.check_reward > 0 || sc->economics.whistleblower > 0,
      "validator rewards go to honest and dishonest validators alike, per check done");
  why(t, sc->economics.block_time > 0, "fees settle per block, and an excluded node "
      "forfeits its open block");
  why(t, failures, "node failures and timeouts drop results the formula counts");
}

void og_eq_theory(const struct og_scenario *sc, struct og_eq_theory *t)
{
  *t = (struct og_eq_theory){.C = NAN, .R = NAN, .S = NAN, .p_star = NAN};
  if (sc->n_dishonest == 0)
    return;
  const struct og_dishonest *d = &sc->dishonest[0];
  double C = 0, R = 0, S = 0, w_all = 0;
  for (size_t c = 0; c < sc->n_classes; c++) {
    double w = d->cls == SIZE_MAX ? (double)sc->classes[c].count : d->cls == c;
    if (w == 0)
      continue;
    double save = 0;
    for (size_t i = 0; i < sc->workload.n_mix; i++) {
      const struct og_model *m = &sc->models[sc->workload.mix[i].model];
      save += sc->workload.mix[i].share * cost_time(sc, m, &sc->classes[c]);
    }
    C += w * sc->classes[c].cost_per_s * save * (1 - d->cost_factor);
    S += w * sc->economics.slash * sc->classes[c].stake;
    w_all += w;
  }
  for (size_t i = 0; i < sc->workload.n_mix; i++)
    R += sc->workload.mix[i].share * sc->models[sc->workload.mix[i].model].fee;
  t->C = C / w_all;
  t->S = S / w_all;
  t->R = R;
  /* a check misses a bad result at fn_rate: what a cheat risks per check
   * is (1 - fn_rate) x (R + S) */
  double risk = (t->R + t->S) * (1 - sc->verification.fn_rate);
  t->p_star = risk > 0 ? t->C / risk : NAN;
  caveats(sc, d, t);
}

