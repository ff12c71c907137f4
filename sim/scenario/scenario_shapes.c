/* Token distributions of the models' requests (prompt_tokens and
 * output_tokens given as a mapping): checked, their parameters derived, a
 * histogram's file read; the model is costed at the distribution's mean. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "grow.h"
#include "rng.h"
#include "scenario_internal.h"

/* z of the standard normal's 90th percentile. */
#define Z90 1.2815515655446004

static yaml_node_t *shape_node(struct og_parse *p, yaml_node_t *root, size_t i, const char *key)
{
  return og__conf_get(p, og__conf_nth(p, og__conf_get(p, root, "models"), i), key);
}

static enum og_status fail_shape(struct og_parse *p, yaml_node_t *node, size_t i,
                                 const char *key, const char *msg)
{
  snprintf(p->path, sizeof p->path, "models[%zu].%s", i, key);
  return og__conf_fail(p, node, "%s", msg);
}

const char *og__lognormal_params(double mean, double sd, double median, double p90,
                                 double *mu, double *sigma)
{
  int by_mean = !isnan(mean) || !isnan(sd), by_median = !isnan(median) || !isnan(p90);
  if (by_mean && by_median)
    return "give either mean and sd or median and p90, not both";
  if (by_mean && (isnan(mean) || isnan(sd)))
    return "a lognormal by mean needs both mean and sd";
  if (by_median && (isnan(median) || isnan(p90)))
    return "a lognormal by median needs both median and p90";
  if (!by_mean && !by_median)
    return "a lognormal needs mean and sd, or median and p90";
  if (by_mean) {
    double cv = sd / mean;
    *sigma = sqrt(log1p(cv * cv));
    *mu = log(mean) - 0.5 * *sigma * *sigma;
    return NULL;
  }
  if (!(p90 > median))
    return "p90 must be greater than median";
  *mu = log(median);
  *sigma = (log(p90) - *mu) / Z90;
  return NULL;
}

/* Lognormal by (mean, sd) or (median, p90): mu and sigma of the log. */
static const char *lognormal(struct og_shape *s)
{
  const char *why = og__lognormal_params(s->mean, s->sd, s->median, s->p90, &s->mu, &s->sigma);
  if (!why)
    s->expect = exp(s->mu + 0.5 * s->sigma * s->sigma);
  return why;
}

/* The histogram's rows: tokens and weight (or count). */
static enum og_status read_histogram(struct og_shape *s, struct og_error *err)
{
  struct og_csv csv;
  enum og_status st = og__csv_open(&csv, s->file, err);
  if (st != OG_OK)
    return st;
  double *w = NULL, sum = 0, tw = 0;
  size_t cap = 0, cap_t = 0;
  long ct = og__csv_column(&csv, "tokens"), cw = og__csv_column(&csv, "weight");
  if (cw < 0)
    cw = og__csv_column(&csv, "count");
  if (ct < 0 || cw < 0)
    st = og_error_set(err, OG_EINVAL, "%s:1: no column '%s' (expected columns tokens,weight "
                      "or tokens,count)", s->file, ct < 0 ? "tokens" : "weight");
  for (int more = 1; st == OG_OK;) {
    if ((st = og__csv_next(&csv, &more, err)) != OG_OK || !more)
      break;
    uint64_t t;
    double x;
    if ((st = og__csv_count(&csv, ct, 1u << 20, &t, err)) != OG_OK ||
        (st = og__csv_number(&csv, cw, &x, err)) != OG_OK)
      break;
    if (t == 0 || x < 0) {
      st = og_error_set(err, OG_EINVAL, "%s:%zu: %s", s->file, csv.line,
                        t == 0 ? "tokens must be >= 1" : "a weight must be >= 0");
      break;
    }
    if (og_grow((void **)&s->tokens, &cap_t, s->n + 1, sizeof *s->tokens, 64) ||
        og_grow((void **)&w, &cap, s->n + 1, sizeof *w, 64)) {
      st = og_error_set(err, OG_ENOMEM, "out of memory");
      break;
    }
    s->tokens[s->n] = (size_t)t;
    w[s->n++] = x;
    sum += x;
    tw += x * (double)t;
  }
  if (st == OG_OK && !(sum > 0))
    st = og_error_set(err, OG_EINVAL, "%s: no row has a weight > 0", s->file);
  if (st == OG_OK)
    st = og_alias_new(w, s->n, &s->alias, err);
  if (st == OG_OK)
    s->expect = tw / sum;
  free(w);
  og__csv_close(&csv);
  return st;
}

/* Check one given distribution and derive what its draws need. */
static enum og_status one_shape(struct og_parse *p, yaml_node_t *node, size_t i,
                                const char *key, struct og_shape *s)
{
  const char *why = NULL;
  switch (s->dist) {
  case OG_SHAPE_FIXED:
    s->expect = (double)s->value;
    break;
  case OG_SHAPE_UNIFORM:
    if (s->min > s->max)
      why = "min must not exceed max";
    s->expect = 0.5 * ((double)s->min + (double)s->max);
    break;
  case OG_SHAPE_LOGNORMAL:
    why = s->min > s->max ? "min must not exceed max" : lognormal(s);
    if (!why)
      s->expect = fmin(fmax(s->expect, (double)s->min), (double)s->max);
    break;
  default:
    if (og__conf_resolve_path(p, &s->file) != OG_OK)
      return og_error_set(p->err, OG_ENOMEM, "out of memory");
    return read_histogram(s, p->err);
  }
  return why ? fail_shape(p, node, i, key, why) : OG_OK;
}

enum og_status og__scn_shapes(struct og_parse *p, yaml_node_t *root)
{
  static const char *const keys[2] = {"prompt_tokens", "output_tokens"};
  for (size_t i = 0; i < p->sc->n_models; i++) {
    struct og_model *m = &p->sc->models[i];
    struct og_shape *sh[2] = {&m->prompt, &m->output};
    size_t *mean[2] = {&m->prompt_tokens, &m->output_tokens};
    for (int k = 0; k < 2; k++) {
      yaml_node_t *node = shape_node(p, root, i, keys[k]);
      if (!node || node->type != YAML_MAPPING_NODE)
        continue;
      sh[k]->given = 1;
      if (!m->zoo)
        return fail_shape(p, node, i, keys[k], "a token distribution needs a zoo decoder model "
                          "(an LLM); this model has no zoo architecture");
      enum og_status st = one_shape(p, node, i, keys[k], sh[k]);
      if (st != OG_OK)
        return st;
      *mean[k] = (size_t)fmax(1.0, llround(sh[k]->expect));
    }
  }
  return OG_OK;
}

enum og_status og__scn_shapes_final(struct og_parse *p, yaml_node_t *root)
{
  static const char *const keys[2] = {"prompt_tokens", "output_tokens"};
  for (size_t i = 0; i < p->sc->n_models; i++) {
    struct og_model *m = &p->sc->models[i];
    struct og_shape *sh[2] = {&m->prompt, &m->output};
    size_t tokens[2] = {m->prompt_tokens, m->output_tokens};
    for (int k = 0; k < 2; k++) {
      if (sh[k]->given && !m->decoder)
        return fail_shape(p, shape_node(p, root, i, keys[k]), i, keys[k],
                          "a token distribution needs a zoo decoder model (an LLM); this "
                          "model's zoo architecture is not a decoder");
      if (!sh[k]->given || sh[k]->dist == OG_SHAPE_FIXED) {
        sh[k]->dist = OG_SHAPE_FIXED;
        sh[k]->value = m->decoder ? tokens[k] : 0;
        sh[k]->expect = (double)sh[k]->value;
      }
    }
  }
  return OG_OK;
}

void og__scn_shape_free(struct og_shape *s)
{
  free(s->file);
  free(s->tokens);
  og_alias_free(s->alias);
}
