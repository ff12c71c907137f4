/* Bisection for the honest equilibrium over simulated sampling rates
 * (the closed form it is printed beside is in theory.c). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "equilibrium.h"

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
  struct og_sweep_exec_opts eo = {.exe = x->o->exe, .run_task = x->o->run_task, .jobs = x->o->jobs, .shard = {0, 1},
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

/* The starting bracket: the options', or around the closed form. */
static void start_bracket(const struct og_eq_opts *o, struct og_eq_result *r)
{
  double p = r->theory.p_star, known = isfinite(p) && p > 0 && p <= 1;
  r->hi = !isnan(o->hi) ? o->hi : known ? fmin(1, 4 * p) : 1;
  r->lo = !isnan(o->lo) ? o->lo : known ? p / 4 : 0.001;
  if (r->lo >= r->hi)
    r->lo = r->hi / 4;
  r->start_lo = r->lo;
  r->start_hi = r->hi;
}

/* Step at both ends, moving an end the options leave open outwards until
 * cheating pays at lo and honesty at hi; sets found or stuck. */
static enum og_status ends(struct search *x, struct og_eq_result *r, struct og_error *err)
{
  enum og_status st = step(x, r, r->hi, err);
  for (int k = 0; st == OG_OK && !honest_pays(r) && isnan(x->o->hi) && r->hi < 1 &&
                  k < OG_EQ_WIDEN; k++)
    st = step(x, r, r->hi = fmin(1, 4 * r->hi), err);
  if (st != OG_OK || !honest_pays(r)) {
    r->stuck = 1;
    return st;
  }
  st = step(x, r, r->lo, err);
  for (int k = 0; st == OG_OK && honest_pays(r) && isnan(x->o->lo) && r->lo > 1e-9 &&
                  k < OG_EQ_WIDEN; k++)
    st = step(x, r, r->lo = fmax(1e-9, r->lo / 4), err);
  r->found = st == OG_OK && !honest_pays(r);
  r->stuck = r->found ? 0 : -1;
  return st;
}

/* The confidence interval from the steps decided at 95%. */
static void interval(struct og_eq_result *r)
{
  r->ci_lo = r->ci_hi = NAN;
  for (size_t i = 0; i < r->n_steps; i++) {
    const struct og_eq_step *s = &r->steps[i];
    if (s->verdict > 0 && !(s->p <= r->ci_lo))
      r->ci_lo = s->p;
    if (s->verdict < 0 && !(s->p >= r->ci_hi))
      r->ci_hi = s->p;
  }
}

static enum og_status bisect(struct search *x, struct og_eq_result *r, struct og_error *err)
{
  enum og_status st = OG_OK;
  while (st == OG_OK && r->hi - r->lo > x->o->tol && r->n_steps < OG_EQ_MAX_STEPS) {
    double mid = 0.5 * (r->lo + r->hi);
    if ((st = step(x, r, mid, err)) != OG_OK)
      break;
    r->all_significant &= r->steps[r->n_steps - 1].verdict != 0;
    *(honest_pays(r) ? &r->hi : &r->lo) = mid;
  }
  return st;
}

enum og_status og_eq_search(const struct og_eq_opts *o, struct og_eq_result *r,
                            struct og_error *err)
{
  struct search x = {.o = o};
  struct og_scenario *sc = NULL;
  *r = (struct og_eq_result){.all_significant = 1};
  enum og_status st = og_scenario_load(o->scenario, o->sets, o->n_sets, o->seed, &sc, err);
  if (st != OG_OK)
    return st;
  og_eq_theory(sc, &r->theory);
  int none = sc->n_dishonest == 0;
  og_scenario_free(sc);
  if (none)
    return og_error_set(err, OG_EINVAL, "%s: no dishonest nodes: nothing to search",
                        o->scenario);
  start_bracket(o, r);
  snprintf(x.dir, sizeof x.dir, "/tmp/ogsim-eq-XXXXXX");
  if (!realpath(o->scenario, x.base) || !mkdtemp(x.dir))
    return og_error_set(err, OG_EIO, "%s: cannot resolve, or no temporary folder", o->scenario);
  st = ends(&x, r, err);
  if (st == OG_OK && r->found)
    st = bisect(&x, r, err);
  interval(r);
  rmdir(x.dir);
  return st;
}
