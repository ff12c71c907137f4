/* The closed form of the Proof-of-Sampling analysis (Zhang et al., "Proof
 * of Sampling", 2024) for a scenario: with no collusion a cheater's
 * expected gain per request is C - p (1 - f) (R + S), f the checks'
 * fn_rate, which changes sign at p* = C / ((1 - f)(R + S)); and what the
 * scenario has that the formula leaves out.
 * Plain C over the scenario struct. */
#ifndef OG_THEORY_H
#define OG_THEORY_H

#include "scenario.h"

/* The closed form for the scenario's first dishonest group: C, the compute
 * cost a cheated request saves (class cost x service time at batch 1 x
 * (1 - cost_factor), over the model mix); R, the fee forfeited when caught
 * (mix mean); S, the slash per detection (slash x stake). */
struct og_eq_theory {
  double C, R, S, p_star;   /* p_star = C / ((1 - fn_rate)(R + S)); NaN when R + S = 0 */
  const char *why[12];      /* what the scenario has that the formula leaves out */
  size_t n_why;
};

/* The closed form and the caveats for a loaded scenario. */
void og_eq_theory(const struct og_scenario *sc, struct og_eq_theory *t);

#endif
