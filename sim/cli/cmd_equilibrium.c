/* ogsim equilibrium: the smallest spot-check rate at which honesty pays,
 * simulated by bisection, printed beside the closed form (or as JSON). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "equilibrium.h"

struct eq_cli {
  struct og_eq_opts o;
  const char **sets;
  unsigned long long seed;
  int has_seed, json;
  double reps, jobs, max_reps;
};

static int bad(const char *what, const char *arg)
{
  fprintf(stderr, "ogsim: equilibrium: %s%s%s\n(try 'ogsim equilibrium --help')\n", what,
          arg ? ": " : "", arg ? arg : "");
  return OG_EXIT_USAGE;
}

/* v in [lo, hi] (an integer when `whole`) into *out; -1 when not. */
static int number(const char *v, double lo, double hi, int whole, double *out)
{
  char *end;
  errno = 0;
  double x = v ? strtod(v, &end) : NAN;
  if (!v || errno || *end || !(x >= lo && x <= hi) || (whole && x != floor(x)))
    return -1;
  *out = x;
  return 0;
}

/* The option a's value v: 0 ok, -1 bad or missing, -2 not an option. */
static int value_option(struct eq_cli *c, const char *a, const char *v)
{
  const struct {
    const char *name;
    double *at, lo, hi;
    int whole;
  } nums[] = {{"--lo", &c->o.lo, 1e-9, 1, 0},   {"--hi", &c->o.hi, 1e-9, 1, 0},
              {"--tol", &c->o.tol, 1e-9, 1, 0}, {"--reps", &c->reps, 1, 100000, 1},
              {"-j", &c->jobs, 1, 100000, 1},   {"--max-reps", &c->max_reps, 1, 100000, 1}};
  char *end;
  for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
    if (!strcmp(a, nums[i].name))
      return number(v, nums[i].lo, nums[i].hi, nums[i].whole, nums[i].at);
  if (!strcmp(a, "--set") && v)
    return c->sets[c->o.n_sets++] = v, 0;
  if (!strcmp(a, "--path") && v)
    return c->o.path = v, 0;
  if (!strcmp(a, "--seed")) {
    errno = 0;
    c->seed = v && *v && *v != '-' ? strtoull(v, &end, 10) : 0;
    c->has_seed = 1;
    return !v || !*v || *v == '-' || errno || *end ? -1 : 0;
  }
  return -2;
}

static int parse(int argc, char **argv, struct eq_cli *c)
{
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int rc = !strcmp(a, "--json") ? (c->json = 1, 1) : value_option(c, a, argv[i + 1]);
    if (rc == 0)
      i++;
    else if (rc == -1)
      return bad("bad or missing value for", a);
    else if (rc == -2 && a[0] == '-')
      return bad("unknown option", a);
    else if (rc == -2 && c->o.scenario)
      return bad("more than one scenario file given", a);
    else if (rc == -2)
      c->o.scenario = a;
  }
  c->o.reps = (size_t)c->reps;
  c->o.max_reps = c->max_reps > 0 ? (size_t)c->max_reps : c->o.reps > 1 ? 4 * c->o.reps : 1;
  c->o.jobs = c->jobs > 0 ? (size_t)c->jobs : (size_t)sysconf(_SC_NPROCESSORS_ONLN);
  if (c->o.max_reps < c->o.reps)
    c->o.max_reps = c->o.reps;
  if (!isnan(c->o.lo) && !isnan(c->o.hi) && !(c->o.lo < c->o.hi))
    return bad("--lo must be below --hi", NULL);
  return c->o.scenario ? 0 : bad("no scenario file given", NULL);
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

int og_cmd_equilibrium(int argc, char **argv)
{
  char exe[PATH_MAX];
  struct eq_cli c = {.o = {.path = "verification.rate", .lo = NAN, .hi = NAN, .tol = 0.01,
                           .exe = exe, .step = print_step},
                     .reps = 8};
  c.o.step_ud = &c.o;
  if (!(c.sets = calloc((size_t)argc + 1, sizeof *c.sets)))
    return OG_EXIT_INTERNAL;
  c.o.sets = c.sets;
  int rc = parse(argc, argv, &c);
  if (rc == 0 && og_cli_beside(NULL, exe, sizeof exe) != 0)
    rc = OG_EXIT_INTERNAL;
  if (rc != 0) {
    free(c.sets);
    return rc;
  }
  uint64_t s64 = c.seed;
  c.o.seed = c.has_seed ? &s64 : NULL;
  if (c.json)
    c.o.step = NULL;
  else
    printf("equilibrium of %s: bisection on %s, %zu replicate%s per step (up to %zu)\n",
           c.o.scenario, c.o.path, c.o.reps, c.o.reps > 1 ? "s" : "", c.o.max_reps);
  struct og_eq_result r;
  struct og_error err = {{0}};
  enum og_status st = og_eq_search(&c.o, &r, &err);
  free(c.sets);
  if (st != OG_OK) {
    fprintf(stderr, "ogsim: equilibrium: %s\n", err.msg);
    return st == OG_EINVAL || st == OG_EIO ? OG_EXIT_USAGE : OG_EXIT_INTERNAL;
  }
  if (c.json)
    og_cli_print_eq_json(stdout, &c.o, &r);
  else
    print_result(&c.o, &r);
  return OG_EXIT_OK;
}
