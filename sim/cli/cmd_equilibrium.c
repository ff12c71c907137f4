/* ogsim equilibrium: the smallest spot-check rate at which honesty pays,
 * simulated by bisection, printed beside the closed form (or as JSON). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "equilibrium.h"

/* The search's options from the command line; 0, or an exit code. */
static int options(const struct og_cli_args *a, struct og_eq_opts *o)
{
  *o = (struct og_eq_opts){.scenario = a->pos.v[0], .sets = a->sets.v, .n_sets = a->sets.n,
                           .seed = a->seed.set ? &a->seed.v : NULL, .path = a->path,
                           .lo = a->lo > 0 ? a->lo : NAN, .hi = a->hi > 0 ? a->hi : NAN,
                           .tol = a->tol, .reps = a->reps};
  o->max_reps = a->max_reps ? a->max_reps : o->reps > 1 ? 4 * o->reps : 1;
  o->jobs = a->jobs ? a->jobs : (size_t)sysconf(_SC_NPROCESSORS_ONLN);
  if (o->max_reps < o->reps)
    o->max_reps = o->reps;
  if (!isnan(o->lo) && !isnan(o->hi) && !(o->lo < o->hi))
    return og_cli_usage_error(OG_CLI_EQUILIBRIUM, "--lo must be below --hi");
  return 0;
}

/* Decimals that show a rate to the tolerance tol (4 at least). */
static int digits(double tol)
{
  int d = (int)ceil(-log10(tol)) + 1;
  return d > 4 ? d : 4;
}

static void print_step(void *ud, const struct og_eq_step *s)
{
  const struct og_eq_opts *o = ud;
  printf("  p = %-*.*f  cheater - honest profit per result %+.4g", digits(o->tol) + 4,
         digits(o->tol), s->p, s->diff);
  if (s->n < 2)
    printf(" (%zu run: no confidence interval): %s\n", s->n,
           s->diff < 0 ? "honesty pays" : "cheating pays");
  else
    printf(" +- %.2g (95%%, %zu runs): %s\n", s->ci95, s->n,
           s->verdict < 0 ? "honesty pays" : s->verdict > 0 ? "cheating pays"
           : s->diff < 0 ? "honesty pays (not significant)" : "cheating pays (not significant)");
  fflush(stdout);
}

/* Why no threshold was found, and which option to change. */
static void print_stuck(const struct og_eq_opts *o, const struct og_eq_result *r)
{
  int d = digits(o->tol);
  if (r->stuck > 0 && r->hi >= 1)
    printf("no threshold: cheating pays even at p = 1: no sampling rate deters it here\n");
  else if (r->stuck > 0)
    printf("no threshold in [%.*f, %.*f]: cheating still pays at p = %.*f: raise --hi\n", d,
           r->lo, d, r->hi, d, r->hi);
  else
    printf("no threshold in [%.*f, %.*f]: honesty already pays at p = %.*f: the threshold is "
           "lower: give a lower --lo\n", d, r->lo, d, r->hi, d, r->lo);
}

static void print_result(const struct og_eq_opts *o, const struct og_eq_result *r)
{
  const struct og_eq_theory *t = &r->theory;
  int d = digits(o->tol);
  if (!r->found)
    print_stuck(o, r);
  else
    printf("simulated: honesty pays from p in (%.*f, %.*f]%s\n", d, r->lo, d, r->hi,
           o->reps < 2 ? " (1 run per step: no confidence interval)"
           : r->all_significant ? " (each step decided at 95% confidence)"
                                : " (some steps were within noise; see above)");
  if (o->reps < 2)
    printf("threshold's 95%% confidence interval: none with --reps 1\n");
  else
    printf("threshold's 95%% confidence interval: (%.*f, %.*f] (%s)\n", d,
           isnan(r->ci_lo) ? r->start_lo : r->ci_lo, d, isnan(r->ci_hi) ? r->hi : r->ci_hi,
           "from the highest rate where cheating paid and the lowest where honesty paid, "
           "each at 95%");
  printf("closed form (Proof-of-Sampling): p* = C/(R+S) = %.4g/(%.4g+%.4g) = %.*f\n", t->C,
         t->R, t->S, d, t->p_star);
  printf("  C: compute cost a cheated request saves; R: fee forfeited when caught; S: slash\n");
  if (t->n_why == 0)
    printf("the scenario has none of the effects the formula leaves out: the two should "
           "agree within the noise\n");
  else
    printf("why they may differ, in this scenario:\n");
  for (size_t i = 0; i < t->n_why; i++)
    printf("  - %s\n", t->why[i]);
}

static int equilibrium(const struct og_cli_args *a)
{
  char exe[PATH_MAX];
  struct og_eq_opts o;
  int rc = options(a, &o);
  if (rc != 0)
    return rc;
  if (og_cli_beside(NULL, exe, sizeof exe) != 0)
    return OG_EXIT_INTERNAL;
  o.exe = exe;
  o.run_task = a->exec_tasks ? NULL : og_cli_run_task;
  if (!a->json) {
    o.step = print_step;
    o.step_ud = &o;
    printf("equilibrium of %s: bisection on %s, %zu replicate%s per step (up to %zu)\n",
           o.scenario, o.path, o.reps, o.reps > 1 ? "s" : "", o.max_reps);
  }
  struct og_eq_result r;
  struct og_error err = {{0}};
  enum og_status st = og_eq_search(&o, &r, &err);
  if (st != OG_OK) {
    fprintf(stderr, "ogsim: equilibrium: %s\n", err.msg);
    return st == OG_EINVAL || st == OG_EIO ? OG_EXIT_USAGE : OG_EXIT_INTERNAL;
  }
  if (a->json)
    og_cli_print_eq_json(stdout, &o, &r);
  else
    print_result(&o, &r);
  return OG_EXIT_OK;
}

int og_cmd_equilibrium(int argc, char **argv)
{
  return og_cli_main(OG_CLI_EQUILIBRIUM, argc, argv, equilibrium);
}
