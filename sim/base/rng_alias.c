/* Alias tables for O(1) weighted draws (Walker's method, Vose's O(n)
 * construction: Vose, IEEE TSE 17(9), 1991). */
#include "rng.h"

#include <math.h>
#include <stdlib.h>

struct og_alias {
  size_t n;
  double *prob; /* probability of keeping column i rather than its alias */
  size_t *alias;
};

void og_alias_free(struct og_alias *a)
{
  if (!a)
    return;
  free(a->prob);
  free(a->alias);
  free(a);
}

/* The sum of the weights, or an error if one is negative, NaN or infinite,
 * if all are 0, or if the sum times n overflows. */
static enum og_status weights_total(const double *w, size_t n, double *total,
                                    struct og_error *err)
{
  *total = 0;
  for (size_t i = 0; i < n; i++) {
    if (!(w[i] >= 0) || isinf(w[i]))
      return og_error_set(err, OG_EINVAL, "alias table: weight %zu is %g (weights must be "
                          "finite and >= 0)", i, w[i]);
    *total += w[i];
  }
  if (!isfinite(*total * (double)n))
    return og_error_set(err, OG_EINVAL, "alias table: the %zu weights add up to %g, too large "
                        "(their sum times their number must stay below 1.8e308)", n, *total);
  if (!(*total > 0))
    return og_error_set(err, OG_EINVAL, "alias table: all %zu weights are 0", n);
  return OG_OK;
}

/* Vose 1991, section III: scale the weights to mean 1, keep the small (< 1)
 * and large columns in two worklists sharing one array (small from the
 * front, large from the back), and top up each small column from a large
 * one. Columns left over by rounding keep probability 1. */
static void build(struct og_alias *a, const double *w, double total, size_t *work)
{
  size_t n = a->n, ns = 0, nl = n;
  for (size_t i = 0; i < n; i++) {
    a->prob[i] = w[i] * (double)n / total;
    if (a->prob[i] < 1)
      work[ns++] = i;
    else
      work[--nl] = i;
  }
  while (ns > 0 && nl < n) {
    size_t s = work[--ns], l = work[nl];
    a->alias[s] = l;
    a->prob[l] -= 1 - a->prob[s];
    if (a->prob[l] < 1) {
      nl++;
      work[ns++] = l;
    }
  }
  while (nl < n)
    a->prob[work[nl++]] = 1;
  while (ns > 0)
    a->prob[work[--ns]] = 1;
}

enum og_status og_alias_new(const double *weights, size_t n, struct og_alias **out,
                            struct og_error *err)
{
  if (!out)
    return og_error_set(err, OG_EINVAL, "alias table: no place given for the table");
  *out = NULL;
  if (n == 0 || !weights)
    return og_error_set(err, OG_EINVAL, "alias table: no weights");
  double total;
  enum og_status st = weights_total(weights, n, &total, err);
  if (st != OG_OK)
    return st;
  struct og_alias *a = calloc(1, sizeof *a);
  size_t *work = malloc(n * sizeof *work);
  if (!a || !work)
    goto fail;
  a->n = n;
  a->prob = malloc(n * sizeof *a->prob);
  a->alias = malloc(n * sizeof *a->alias);
  if (!a->prob || !a->alias)
    goto fail;
  for (size_t i = 0; i < n; i++)
    a->alias[i] = i;
  build(a, weights, total, work);
  free(work);
  *out = a;
  return OG_OK;
fail:
  free(work);
  og_alias_free(a);
  return og_error_set(err, OG_ENOMEM, "alias table: out of memory (%zu weights)", n);
}

size_t og_alias_sample(const struct og_alias *a, gsl_rng *r)
{
  size_t i = og_rng_index(r, a->n);
  return gsl_rng_uniform(r) < a->prob[i] ? i : a->alias[i];
}
