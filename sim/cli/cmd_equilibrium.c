/* ogsim equilibrium: the smallest spot-check rate at which honesty pays,
 * simulated by bisection, printed beside the closed form. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "equilibrium.h"

static int bad(const char *what, const char *arg)
{
  fprintf(stderr, "ogsim: equilibrium: %s%s%s\n(try 'ogsim --help')\n", what, arg ? ": " : "",
          arg ? arg : "");
  return OG_EXIT_USAGE;
}

static int number(const char *s, double lo, double hi, double *out)
{
  char *end;
  errno = 0;
  double v = s ? strtod(s, &end) : NAN;
  if (!s || errno || *end || !(v >= lo && v <= hi))
    return -1;
  *out = v;
  return 0;
}

static int parse(int argc, char **argv, struct og_eq_opts *o, const char **sets,
                 unsigned long long *seed, int *has_seed)
{
  double reps = 8, jobs = 0, max_reps = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    int ok = 1;
    if (!strcmp(a, "--set") && v)
      sets[o->n_sets++] = argv[++i];
    else if (!strcmp(a, "--seed") && v && *v != '-') {
      char *end;
      *seed = strtoull(argv[++i], &end, 10);
      ok = !*end;
      *has_seed = 1;
    } else if (!strcmp(a, "--path") && v)
      o->path = argv[++i];
    else if (!strcmp(a, "--lo") || !strcmp(a, "--hi") || !strcmp(a, "--tol"))
      ok = number(v, 1e-9, 1, !strcmp(a, "--lo") ? &o->lo : !strcmp(a, "--hi") ? &o->hi
                                                                               : &o->tol) == 0,
      i++;
    else if (!strcmp(a, "--reps") || !strcmp(a, "--max-reps") || !strcmp(a, "-j"))
      ok = number(v, 2, 100000, !strcmp(a, "--reps") ? &reps : !strcmp(a, "-j") ? &jobs
                                                                                 : &max_reps) == 0,
      i++;
    else if (a[0] == '-')
      return bad("unknown option or missing value", a);
    else if (o->scenario)
      return bad("more than one scenario file given", a);
    else
      o->scenario = a;
    if (!ok)
      return bad("bad value for", a);
  }
  o->reps = (size_t)reps;
  o->max_reps = max_reps > 0 ? (size_t)max_reps : 4 * o->reps;
  o->jobs = jobs > 0 ? (size_t)jobs : (size_t)sysconf(_SC_NPROCESSORS_ONLN);
  if (!(o->lo < o->hi))
    return bad("--lo must be below --hi", NULL);
  return o->scenario ? 0 : bad("no scenario file given", NULL);
}

static void print_step(void *ud, const struct og_eq_step *s)
{
  (void)ud;
  printf("  p = %-8.5f  cheater - honest profit per result %+.4g +- %.2g (95%%, %zu runs): %s\n",
         s->p, s->diff, s->ci95, s->n,
         s->verdict < 0 ? "honesty pays" : s->verdict > 0 ? "cheating pays"
         : s->diff < 0 ? "honesty pays (not significant)" : "cheating pays (not significant)");
  fflush(stdout);
}

static void print_result(const struct og_eq_opts *o, const struct og_eq_result *r)
{
  const struct og_eq_theory *t = &r->theory;
  if (!r->found)
    printf("no threshold in [%g, %g]: %s at both ends\n", o->lo, o->hi,
           r->steps[0].diff < 0 ? "honesty already pays" : "cheating pays");
  else
    printf("simulated: honesty pays from p in (%.4f, %.4f]%s\n", r->lo, r->hi,
           r->all_significant ? " (each step decided at 95% confidence)"
                              : " (some steps were within noise; see above)");
  printf("closed form (Proof-of-Sampling): p* = C/(R+S) = %.4g/(%.4g+%.4g) = %.4f\n", t->C,
         t->R, t->S, t->p_star);
  printf("  C: compute cost a cheated request saves; R: fee forfeited when caught; S: slash\n");
  if (t->n_why == 0)
    printf("the scenario has none of the effects the formula leaves out: the two should "
           "agree within the noise\n");
  else
    printf("why they may differ, in this scenario:\n");
  for (size_t i = 0; i < t->n_why; i++)
    printf("  - %s\n", t->why[i]);
}

int og_cmd_equilibrium(int argc, char **argv)
{
  const char **sets = calloc((size_t)argc + 1, sizeof *sets);
  char exe[PATH_MAX];
  unsigned long long seed = 0;
  int has_seed = 0;
  struct og_eq_opts o = {.path = "verification.rate", .lo = 0.001, .hi = 1, .tol = 0.01,
                         .sets = sets, .exe = exe, .step = print_step};
  int rc = sets ? parse(argc, argv, &o, sets, &seed, &has_seed) : OG_EXIT_INTERNAL;
  if (rc != 0 || og_cli_beside(NULL, exe, sizeof exe) != 0) {
    free(sets);
    return rc < 0 ? OG_EXIT_OK : rc ? rc : OG_EXIT_INTERNAL;
  }
  uint64_t s64 = seed;
  o.seed = has_seed ? &s64 : NULL;
  printf("equilibrium of %s: bisection on %s in [%g, %g], %zu replicates per step (up to %zu)\n",
         o.scenario, o.path, o.lo, o.hi, o.reps, o.max_reps);
  struct og_eq_result r;
  struct og_error err = {{0}};
  enum og_status st = og_eq_search(&o, &r, &err);
  free(sets);
  if (st != OG_OK) {
    fprintf(stderr, "ogsim: equilibrium: %s\n", err.msg);
    return st == OG_EINVAL || st == OG_EIO ? OG_EXIT_USAGE : OG_EXIT_INTERNAL;
  }
  print_result(&o, &r);
  return OG_EXIT_OK;
}
