/* Distributions of the models' requests, token counts (prompt_tokens and
 * output_tokens) and message sizes (request_bytes and response_bytes) given
 * as a mapping: checked, their parameters derived, a histogram's file read;
 * the model is costed, and its single size figure taken, at the mean. */
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

/* One histogram value of the current row: a token count >= 1, or a size
 * in bytes >= 0. */
static enum og_status histogram_value(struct og_csv *csv, long col, int bytes, double *out,
                                      struct og_error *err)
{
  if (bytes)
    return og__csv_bytes(csv, col, out, err);
  uint64_t t;
  enum og_status st = og__csv_count(csv, col, 1u << 20, &t, err);
  if (st == OG_OK && t == 0)
    st = og_error_set(err, OG_EINVAL, "%s:%zu: tokens must be >= 1", csv->path, csv->line);
  *out = (double)t;
  return st;
}

/* The histogram's rows: value (tokens, or bytes for sizes) and weight (or
 * count). */
static enum og_status read_histogram(struct og_shape *s, int bytes, struct og_error *err)
{
  struct og_csv csv;
  enum og_status st = og__csv_open(&csv, s->file, err);
  if (st != OG_OK)
    return st;
  const char *name = bytes ? "bytes" : "tokens";
  double *w = NULL, sum = 0, tw = 0;
  size_t cap = 0, cap_v = 0;
  long cv = og__csv_column(&csv, name), cw = og__csv_column(&csv, "weight");
  if (cw < 0)
    cw = og__csv_column(&csv, "count");
  if (cv < 0 || cw < 0)
    st = og_error_set(err, OG_EINVAL, "%s:1: no column '%s' (expected columns %s,weight "
                      "or %s,count)", s->file, cv < 0 ? name : "weight", name, name);
  for (int more = 1; st == OG_OK;) {
    if ((st = og__csv_next(&csv, &more, err)) != OG_OK || !more)
      break;
    double v, x;
    if ((st = histogram_value(&csv, cv, bytes, &v, err)) != OG_OK ||
        (st = og__csv_number(&csv, cw, &x, err)) != OG_OK)
      break;
    if (x < 0) {
      st = og_error_set(err, OG_EINVAL, "%s:%zu: a weight must be >= 0", s->file, csv.line);
      break;
    }
    if (og_grow((void **)&s->values, &cap_v, s->n + 1, sizeof *s->values, 64) ||
        og_grow((void **)&w, &cap, s->n + 1, sizeof *w, 64)) {
      st = og_error_set(err, OG_ENOMEM, "out of memory");
      break;
    }
    s->values[s->n] = v;
    w[s->n++] = x;
    sum += x;
    tw += x * v;
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

/* Check one given distribution (of token counts, or of sizes in bytes)
 * and derive what its draws need. */
static enum og_status one_shape(struct og_parse *p, yaml_node_t *node, size_t i,
                                const char *key, struct og_shape *s, int bytes)
{
  const char *why = NULL;
  switch (s->dist) {
  case OG_SHAPE_FIXED:
    s->expect = s->value;
    break;
  case OG_SHAPE_UNIFORM:
    if (s->min > s->max)
      why = "min must not exceed max";
    s->expect = 0.5 * (s->min + s->max);
    break;
  case OG_SHAPE_LOGNORMAL:
    if (isnan(s->max)) /* sizes: no upper clamp unless given */
      s->max = INFINITY;
    why = s->min > s->max ? "min must not exceed max" : lognormal(s);
    if (!why)
      s->expect = fmin(fmax(s->expect, s->min), s->max);
    break;
  default:
    if (og__conf_resolve_path(p, &s->file) != OG_OK)
      return og_error_set(p->err, OG_ENOMEM, "out of memory");
    return read_histogram(s, bytes, p->err);
  }
  return why ? fail_shape(p, node, i, key, why) : OG_OK;
}

/* Model i's request and response sizes: fixed at the number given (no
 * draw), or a distribution whose mean becomes the model's figure. */
static enum og_status sizes(struct og_parse *p, yaml_node_t *root, size_t i)
{
  static const char *const keys[2] = {"request_bytes", "response_bytes"};
  struct og_model *m = &p->sc->models[i];
  struct og_shape *sh[2] = {&m->request_size, &m->response_size};
  double *bytes[2] = {&m->request_bytes, &m->response_bytes};
  for (int k = 0; k < 2; k++) {
    yaml_node_t *node = shape_node(p, root, i, keys[k]);
    if (!node || node->type != YAML_MAPPING_NODE) {
      sh[k]->dist = OG_SHAPE_FIXED;
      sh[k]->value = sh[k]->expect = *bytes[k];
      continue;
    }
    sh[k]->given = 1;
    enum og_status st = one_shape(p, node, i, keys[k], sh[k], 1);
    if (st != OG_OK)
      return st;
    *bytes[k] = sh[k]->expect;
  }
  return OG_OK;
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
      enum og_status st = one_shape(p, node, i, keys[k], sh[k], 0);
      if (st != OG_OK)
        return st;
      *mean[k] = (size_t)fmax(1.0, llround(sh[k]->expect));
    }
    enum og_status st = sizes(p, root, i);
    if (st != OG_OK)
      return st;
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
        sh[k]->value = m->decoder ? (double)tokens[k] : 0;
        sh[k]->expect = sh[k]->value;
      }
    }
  }
  return OG_OK;
}

void og__scn_shape_free(struct og_shape *s)
{
  free(s->file);
  free(s->values);
  og_alias_free(s->alias);
}
