/* Token counts and message sizes of a request drawn from its model's
 * distributions (scenario_shapes.c derived their parameters). */
#include <gsl/gsl_randist.h>
#include <math.h>

#include "arrival.h"
#include "rng.h"

uint32_t og_shape_draw(const struct og_shape *s, gsl_rng *r)
{
  double x;
  switch (s->dist) {
  case OG_SHAPE_UNIFORM:
    return (uint32_t)s->min + (uint32_t)og_rng_index(r, (size_t)(s->max - s->min) + 1);
  case OG_SHAPE_LOGNORMAL:
    x = nearbyint(exp(s->mu + s->sigma * gsl_ran_gaussian_ziggurat(r, 1.0)));
    return (uint32_t)fmin(fmax(x, s->min), s->max);
  case OG_SHAPE_HISTOGRAM:
    return (uint32_t)s->values[og_alias_sample(s->alias, r)];
  default:
    return (uint32_t)s->value;
  }
}

double og_shape_draw_size(const struct og_shape *s, gsl_rng *r)
{
  switch (s->dist) {
  case OG_SHAPE_UNIFORM:
    return s->min + (s->max - s->min) * gsl_rng_uniform(r);
  case OG_SHAPE_LOGNORMAL:
    return fmin(fmax(exp(s->mu + s->sigma * gsl_ran_gaussian_ziggurat(r, 1.0)), s->min), s->max);
  case OG_SHAPE_HISTOGRAM:
    return s->values[og_alias_sample(s->alias, r)];
  default:
    return s->value;
  }
}
