/* The honest equilibrium: the smallest spot-check sampling rate at which a
 * dishonest node's profit per result falls below an honest node's, found by
 * bisection over simulations (replications at each step, common random
 * numbers across steps), next to the closed-form threshold of the
 * Proof-of-Sampling analysis, p* = C / (R + S). */
#ifndef OG_EQUILIBRIUM_H
#define OG_EQUILIBRIUM_H

#include "scenario.h"
#include "sweep_exec.h"
#include "theory.h"

/* One simulated rate: the cheater's minus the honest node's profit per
 * result over the replicates (mean, 95% half-width). */
struct og_eq_step {
  double p;
  size_t n;
  double diff, ci95;
  int verdict;      /* -1 honesty pays, +1 cheating pays (each at 95%), 0 unresolved */
};

struct og_eq_opts {
  const char *scenario;          /* scenario file */
  const char *const *sets;       /* --set overrides (may be NULL/0) */
  size_t n_sets;
  const uint64_t *seed;          /* seed override, or NULL */
  const char *path;              /* the rate's scenario path ["verification.rate"] */
  double lo, hi;                 /* bracket searched; NaN: from the closed form, p* / 4 and
                                    min(1, 4 p*) (0.001 and 1 when p* is unknown), widened
                                    (lo / 4, hi x 4, up to OG_EQ_WIDEN times) until it
                                    brackets the threshold */
  double tol;                    /* stop when hi - lo <= tol [0.01] */
  size_t reps;                   /* replications per step [8]; 1: no confidence interval */
  size_t max_reps;               /* an unresolved step is re-run with up to this many [32] */
  const char *exe;               /* the ogsim binary */
  int (*run_task)(int argc, char **argv); /* tasks in forked children (sweep_exec.h); NULL: exec */
  size_t jobs;                   /* task processes at once */
  /* Called after each step; may be NULL. */
  void (*step)(void *ud, const struct og_eq_step *s);
  void *step_ud;
};

#define OG_EQ_MAX_STEPS 48
#define OG_EQ_WIDEN 6

struct og_eq_result {
  struct og_eq_step steps[OG_EQ_MAX_STEPS];
  size_t n_steps;
  double lo, hi;    /* the threshold lies in (lo, hi] */
  double start_lo, start_hi; /* the bracket before widening */
  int found;        /* 0: see `stuck` */
  int stuck;        /* not found: +1 cheating pays at hi, -1 honesty already pays at lo */
  /* From the steps decided at 95%: the threshold lies above ci_lo, the
   * highest rate where cheating paid, and at or below ci_hi, the lowest
   * where honesty paid; NaN on a side without such a step. */
  double ci_lo, ci_hi;
  int all_significant; /* every step that moved the bracket was decided at 95% */
  struct og_eq_theory theory;
};

/* Search. Library code: prints nothing; err says what failed. */
OG_MUST_CHECK enum og_status og_eq_search(const struct og_eq_opts *o, struct og_eq_result *r,
                                          struct og_error *err);

#endif
