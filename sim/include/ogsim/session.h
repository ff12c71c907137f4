/* How long a node that joins stays online (churn, docs/churn.md): draws
 * from a node class's session law. */
#ifndef OG_SESSION_H
#define OG_SESSION_H

#include <gsl/gsl_rng.h>

#include "scenario.h"

/* A session's length (s), drawn from the law. */
double og_session_draw(const struct og_session *s, gsl_rng *r);

/* What is left of a session under way in a network that has run for long
 * (the stationary residual life, density (1 - F(x)) / mean): the draw for
 * the nodes online at t = 0. */
double og_session_residual(const struct og_session *s, gsl_rng *r);

#endif
