/* Node classes whose nodes join and leave (`churn:`), and the share of a
 * class that fails: checked, and the session law's parameters derived
 * (docs/churn.md). */
#include <math.h>
#include <stdio.h>

#include "scenario_internal.h"

static yaml_node_t *churn_key(struct og_parse *p, yaml_node_t *root, size_t k, const char *key)
{
  yaml_node_t *c = og__conf_get(p, og__conf_nth(p, og__conf_get(p, root, "node_classes"), k),
                                "churn");
  return key ? og__conf_get(p, c, key) : c;
}

static enum og_status fail_churn(struct og_parse *p, yaml_node_t *root, size_t k,
                                 const char *key, const char *msg)
{
  snprintf(p->path, sizeof p->path, "node_classes[%zu].churn.%s", k, key);
  yaml_node_t *at = churn_key(p, root, k, key);
  return og__conf_fail(p, at ? at : churn_key(p, root, k, NULL), "%s", msg);
}

/* The law's mean and what its draws need; NULL, or why not. */
static const char *session_law(struct og_session *s)
{
  switch (s->dist) {
  case OG_SESSION_WEIBULL: {
    double g = tgamma(1 + 1 / s->shape); /* mean = scale x Gamma(1 + 1/shape) */
    if (!isnan(s->mean) && !isnan(s->scale))
      return "give the weibull's mean or its scale, not both";
    if (isnan(s->mean) && isnan(s->scale))
      return "a weibull session needs shape and either mean or scale";
    if (isnan(s->scale))
      s->scale = s->mean / g;
    else
      s->mean = s->scale * g;
    return isfinite(s->mean) && s->scale > 0 ? NULL
                                             : "the weibull's shape is too small for a finite "
                                               "mean (give shape >= 0.01)";
  }
  case OG_SESSION_LOGNORMAL: {
    const char *why = og__lognormal_params(s->mean, s->sd, s->median, s->p90, &s->mu, &s->sigma);
    if (!why)
      s->mean = exp(s->mu + 0.5 * s->sigma * s->sigma);
    return why;
  }
  default:
    return NULL;
  }
}

static enum og_status one_class(struct og_parse *p, yaml_node_t *root, size_t k)
{
  struct og_node_class *c = &p->sc->classes[k];
  struct og_churn *ch = &c->churn;
  ch->on = !isnan(ch->join_rate);
  if (!ch->on)
    return OG_OK;
  double n = ch->initial_read;
  if (isnan(n))
    n = (double)c->count;
  char msg[160];
  if (n != floor(n)) {
    snprintf(msg, sizeof msg, "initial is a number of nodes, got %g", n);
    return fail_churn(p, root, k, "initial", msg);
  }
  if (n > (double)c->count) {
    snprintf(msg, sizeof msg, "initial (%.0f) exceeds the class's count (%zu slots): give "
             "count the most nodes that may be online at once", n, c->count);
    return fail_churn(p, root, k, "initial", msg);
  }
  ch->initial = (size_t)n;
  const char *why = session_law(&ch->session);
  return why ? fail_churn(p, root, k, "session", why) : OG_OK;
}

enum og_status og__scn_churn(struct og_parse *p, yaml_node_t *root)
{
  for (size_t k = 0; k < p->sc->n_classes; k++) {
    enum og_status st = one_class(p, root, k);
    if (st != OG_OK)
      return st;
  }
  return OG_OK;
}
