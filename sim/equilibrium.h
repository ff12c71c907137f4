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
  double lo, hi;                 /* bracket searched [0.001, 1] */
  double tol;                    /* stop when hi - lo <= tol [0.01] */
  size_t reps;                   /* replications per step [8] */
  size_t max_reps;               /* an unresolved step is re-run with up to this many [32] */
  const char *exe;               /* the ogsim binary */
  size_t jobs;                   /* task processes at once */
  /* Called after each step; may be NULL. */
  void (*step)(void *ud, const struct og_eq_step *s);
  void *step_ud;
};

#define OG_EQ_MAX_STEPS 40

struct og_eq_result {
  struct og_eq_step steps[OG_EQ_MAX_STEPS];
  size_t n_steps;
  double lo, hi;    /* the threshold lies in (lo, hi] */
  int found;        /* 0: cheating pays at hi, or honesty already at lo */
  int all_significant; /* every step that moved the bracket was decided at 95% */
  struct og_eq_theory theory;
};

/* Search. Library code: prints nothing; err says what failed. */
OG_MUST_CHECK enum og_status og_eq_search(const struct og_eq_opts *o, struct og_eq_result *r,
                                          struct og_error *err);

#endif
