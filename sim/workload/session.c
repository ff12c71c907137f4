/* Session lengths of churning nodes: a fresh session, or the residual of
 * one under way (docs/churn.md gives the laws and their sources). */
#include <gsl/gsl_randist.h>
#include <math.h>

#include "rng.h"
#include "session.h"

double og_session_draw(const struct og_session *s, gsl_rng *r)
{
  switch (s->dist) {
  case OG_SESSION_WEIBULL:
    return gsl_ran_weibull(r, s->scale, s->shape);
  case OG_SESSION_LOGNORMAL:
    return gsl_ran_lognormal(r, s->mu, s->sigma);
  default:
    return og_rng_exponential(r, s->mean);
  }
}

/* The residual life R of a renewal process in equilibrium is U x L, with L
 * the length-biased law (density x f(x) / mean) and U uniform on [0, 1)
 * (Cox, Renewal Theory, 1962, ch. 5). Length-biased: an exponential's
 * residual is the exponential itself (memoryless); a lognormal (mu, sigma)
 * becomes lognormal (mu + sigma^2, sigma); a Weibull (scale, k) becomes
 * scale x G^(1/k) with G ~ Gamma(1 + 1/k, 1). */
double og_session_residual(const struct og_session *s, gsl_rng *r)
{
  double biased;
  switch (s->dist) {
  case OG_SESSION_WEIBULL:
    biased = s->scale * pow(gsl_ran_gamma(r, 1 + 1 / s->shape, 1.0), 1 / s->shape);
    break;
  case OG_SESSION_LOGNORMAL:
    biased = gsl_ran_lognormal(r, s->mu + s->sigma * s->sigma, s->sigma);
    break;
  default:
    return og_rng_exponential(r, s->mean);
  }
  return gsl_rng_uniform(r) * biased;
}
