/* Bisection for the honest equilibrium over simulated sampling rates, and
 * the closed form it is printed beside (Zhang et al., "Proof of Sampling",
 * 2024: with no collusion a cheater's expected gain per request is
 * C - p (R + S), which changes sign at p* = C / (R + S)). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "equilibrium.h"

/* Service time of one request of model m alone on class c (the roofline
 * of a batch of 1, with the protocol's compute overhead). */
static double alone(const struct og_model *m, const struct og_node_class *c)
{
  double compute = m->flops / (c->peak_flops * c->efficiency * m->efficiency) *
                   m->verification.overhead;
  double memory = c->mem_bw > 0 ? (m->weight_bytes + m->bytes) / c->mem_bw : 0;
  return compute > memory ? compute : memory;
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
  int batching = 0, failures = 0;
  for (size_t c = 0; c < sc->n_classes; c++)
    batching |= sc->classes[c].max_batch > 1, failures |= sc->classes[c].mtbf > 0;
  why(t, v->on_detect != OG_DETECT_KEEP, "a caught cheater is ejected or jailed and earns "
      "nothing after (the formula assumes it keeps serving)");
  why(t, batching, "batches share the weight reads, so a cheated request saves less than C "
      "computed at batch 1");
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
      save += sc->workload.mix[i].share * alone(m, &sc->classes[c]);
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
  t->p_star = t->R + t->S > 0 ? t->C / (t->R + t->S) : NAN;
  caveats(sc, d, t);
}

/* A one-point sweep file: the scenario at rate p, `reps` replicates with
 * common random numbers (the same arrivals and cheaters at every step). */
static enum og_status write_sweep(const char *file, const char *base, const char *path, double p,
                                  size_t reps, struct og_error *err)
{
  FILE *f = fopen(file, "w");
  if (!f)
    return og_error_set(err, OG_EIO, "%s: cannot write", file);
  fprintf(f, "base: \"%s\"\nreplications: %zu\ncommon_random_numbers: true\n"
             "axes: [{path: \"%s\", values: [%.17g]}]\n", base, reps, path, p);
  return fclose(f) == 0 ? OG_OK : og_error_set(err, OG_EIO, "%s: cannot write", file);
}

struct search {
  const struct og_eq_opts *o;
  char dir[64], base[PATH_MAX];
};

/* Simulate rate p with reps replicates into step s. */
static enum og_status simulate(struct search *x, double p, size_t reps, struct og_eq_step *s,
                               struct og_error *err)
{
  char file[128], out[128];
  snprintf(file, sizeof file, "%s/step.yaml", x->dir);
  snprintf(out, sizeof out, "%s/step", x->dir);
  struct og_sweep *sw = NULL;
  struct og_sweep_results *res = NULL;
  enum og_status st = write_sweep(file, x->base, x->o->path, p, reps, err);
  if (st == OG_OK)
    st = og_sweep_load(file, x->o->sets, x->o->n_sets, x->o->seed, &sw, err);
  if (st == OG_OK && (st = og_sweep_results_new(og_sweep_n_tasks(sw), &res)) != OG_OK)
    og_error_set(err, st, "out of memory");
  struct og_sweep_exec_opts eo = {.exe = x->o->exe, .jobs = x->o->jobs, .shard = {0, 1},
                                  .out = out};
  if (st == OG_OK)
    st = og_sweep_collect(sw, &eo, res, err);
  long ih = -1, id = -1;
  for (size_t i = 0; st == OG_OK && i < res->n_metrics; i++) {
    ih = !strcmp(res->names[i], "profit_per_result_honest") ? (long)i : ih;
    id = !strcmp(res->names[i], "profit_per_result_dishonest") ? (long)i : id;
  }
  double *diff = st == OG_OK ? calloc(reps, sizeof *diff) : NULL;
  if (st == OG_OK && (ih < 0 || id < 0 || !diff))
    st = og_error_set(err, OG_EINVAL, "the runs report no profit per result");
  for (size_t r = 0; st == OG_OK && r < reps; r++)
    diff[r] = res->values[r * res->n_metrics + (size_t)id] -
              res->values[r * res->n_metrics + (size_t)ih];
  if (st == OG_OK) {
    *s = (struct og_eq_step){.p = p};
    double sd;
    og_sweep_stats(diff, reps, 1, &s->diff, &sd, &s->ci95, &s->n);
    s->verdict = s->diff + s->ci95 < 0 ? -1 : s->diff - s->ci95 > 0 ? 1 : 0;
  }
  free(diff);
  og_sweep_results_free(res);
  og_sweep_free(sw);
  unlink(file);
  return st;
}

/* One step at p: re-run with more replicates while it is unresolved. */
static enum og_status step(struct search *x, struct og_eq_result *r, double p,
                           struct og_error *err)
{
  enum og_status st = OG_OK;
  struct og_eq_step s = {0};
  for (size_t reps = x->o->reps; st == OG_OK; reps *= 2) {
    st = simulate(x, p, reps, &s, err);
    if (st != OG_OK || s.verdict != 0 || 2 * reps > x->o->max_reps)
      break;
  }
  if (st == OG_OK && r->n_steps < OG_EQ_MAX_STEPS) {
    r->steps[r->n_steps++] = s;
    if (x->o->step)
      x->o->step(x->o->step_ud, &s);
  }
  return st;
}

/* The last step's sign: honesty pays when the mean difference is below 0. */
static int honest_pays(const struct og_eq_result *r)
{
  return r->steps[r->n_steps - 1].diff < 0;
}

enum og_status og_eq_search(const struct og_eq_opts *o, struct og_eq_result *r,
                            struct og_error *err)
{
  struct search x = {.o = o};
  struct og_scenario *sc = NULL;
  *r = (struct og_eq_result){.lo = o->lo, .hi = o->hi, .all_significant = 1};
  enum og_status st = og_scenario_load(o->scenario, o->sets, o->n_sets, o->seed, &sc, err);
  if (st != OG_OK)
    return st;
  og_eq_theory(sc, &r->theory);
  int none = sc->n_dishonest == 0;
  og_scenario_free(sc);
  if (none)
    return og_error_set(err, OG_EINVAL, "%s: no dishonest nodes: nothing to search",
                        o->scenario);
  snprintf(x.dir, sizeof x.dir, "/tmp/ogsim-eq-XXXXXX");
  if (!realpath(o->scenario, x.base) || !mkdtemp(x.dir))
    return og_error_set(err, OG_EIO, "%s: cannot resolve, or no temporary folder", o->scenario);
  if ((st = step(&x, r, o->hi, err)) == OG_OK && honest_pays(r) &&
      (st = step(&x, r, o->lo, err)) == OG_OK && !honest_pays(r)) {
    r->found = 1;
    while (st == OG_OK && r->hi - r->lo > o->tol && r->n_steps < OG_EQ_MAX_STEPS) {
      double mid = 0.5 * (r->lo + r->hi);
      if ((st = step(&x, r, mid, err)) != OG_OK)
        break;
      r->all_significant &= r->steps[r->n_steps - 1].verdict != 0;
      *(honest_pays(r) ? &r->hi : &r->lo) = mid;
    }
  }
  rmdir(x.dir);
  return st;
}
