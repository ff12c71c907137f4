/* Scenario checks for fraud studies: dishonest groups (by share of nodes or
 * of stake), the verification block and each model's own block (which
 * protocol runs for a model's requests), defaults that depend on the
 * protocol. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "protocol_kind.h"
#include "scenario_internal.h"

static enum og_status fail_in(struct og_parse *p, yaml_node_t *node, const char *path,
                              const char *msg)
{
  snprintf(p->path, sizeof p->path, "%s", path);
  return og__conf_fail(p, node, "%s", msg);
}

/* Default cost of a cheated request, as a share of the honest compute:
 * nothing for lazy, half for skip_layers, a quarter for a half-width
 * substitute (FLOPs scale with width squared), the same FLOPs for rounding
 * (fp16/int8 save memory traffic, which this factor does not model). */
static enum og_status check_group(struct og_parse *p, yaml_node_t *gnode, size_t i,
                                  struct og_dishonest *d)
{
  static const double cost[] = {1, 1, 1, 0.5, 0.25, 0};
  char path[64];
  snprintf(path, sizeof path, "dishonest[%zu]", i);
  if ((int)d->strategy == 0)
    return fail_in(p, og__conf_get(p, gnode, "strategy"), path, "'honest' is not a way to cheat");
  if (isnan(d->share) == isnan(d->stake_share))
    return fail_in(p, gnode, path, "give exactly one of 'share' (of a class's nodes) and "
                                   "'stake_share' (of the stake)");
  if (!isnan(d->share) && d->cls == SIZE_MAX)
    return fail_in(p, gnode, path, "'share' is a share of one class's nodes: name the 'class'");
  if (isnan(d->cost_factor))
    d->cost_factor = cost[d->strategy];
  return OG_OK;
}

/* One verification block (the scenario's, or a model's own at `path`):
 * what every block must satisfy, then its protocol's own check, then the
 * protocol's defaults where the block gives none. */
static enum og_status check_block(struct og_parse *p, yaml_node_t *vnode, const char *path,
                                  struct og_verification *v)
{
  const struct og_scenario *sc = p->sc;
  const struct og_protocol_kind *k = og_protocol_kind(v->protocol);
  const char *name = og_protocol_names[v->protocol], *key = "protocol", *why = NULL;
  char at[160], msg[160];
  int sampling = (k->traits & OG_PT_SAMPLES) != 0;
  if (sampling && !(v->rate > 0))
    key = "rate", why = msg, snprintf(msg, sizeof msg, "%s re-executes a share of results: "
                                      "it needs a rate > 0", name);
  else if (!(k->net_modes & OG_NET_MODE_BIT(sc->net_mode)) &&
           !(sc->net_mode == OG_NET_HYBRID && (k->net_modes & OG_NET_MODE_BIT(OG_NET_FAST))))
    /* hybrid without flows is the fast mode: og__scn_net decides once the
     * message sizes are known */
    why = msg, snprintf(msg, sizeof msg, "%s does not run in the %s network mode (for now)", name,
                        og_net_mode_names[sc->net_mode]);
  else if (k->check)
    why = k->check(v, sc, &key);
  if (!why && v->revalidation > 0 && !sampling)
    key = "revalidation", why = "a re-validation vote follows a failed re-execution: "
                                "spot_check or optimistic only";
  else if (!why && v->revalidation > 0 && v->revalidation + 2 > og_scenario_node_count(sc))
    key = "revalidation", why = "needs that many validators besides the suspect and the first "
                                "validator";
  if (why) {
    snprintf(at, sizeof at, "%s.%s", path, key);
    return fail_in(p, og__conf_get(p, vnode, key), at, why);
  }
  if (isnan(v->overhead))
    v->overhead = k->overhead;
  if (isnan(v->iteration_cost))
    v->iteration_cost = k->iteration_cost;
  if (isnan(v->latency))
    v->latency = k->latency;
  return OG_OK;
}

/* The largest message a request can carry: over the models' sizes (a
 * lognormal without max: unbounded) and a trace's size columns. */
static double max_message(const struct og_scenario *sc)
{
  double mx = 0;
  for (size_t i = 0; i < sc->n_models; i++) {
    const struct og_shape *s[2] = {&sc->models[i].request_size, &sc->models[i].response_size};
    for (int k = 0; k < 2; k++) {
      double x = s[k]->value;
      if (s[k]->dist == OG_SHAPE_UNIFORM)
        x = s[k]->max;
      else if (s[k]->dist == OG_SHAPE_LOGNORMAL)
        x = isnan(s[k]->max) ? INFINITY : s[k]->max;
      else if (s[k]->dist == OG_SHAPE_HISTOGRAM)
        for (size_t j = 0; j < s[k]->n; j++)
          x = j ? fmax(x, s[k]->values[j]) : s[k]->values[j];
      mx = fmax(mx, x);
    }
  }
  const struct og_trace *t = &sc->workload.trace;
  for (size_t j = 0; j < t->n_rows; j++) {
    if (t->request_bytes && !isnan(t->request_bytes[j]))
      mx = fmax(mx, t->request_bytes[j]);
    if (t->response_bytes && !isnan(t->response_bytes[j]))
      mx = fmax(mx, t->response_bytes[j]);
  }
  return mx;
}

/* A protocol block the hybrid mode with flows cannot run (its replicas'
 * answers are timed the fast mode's way). */
static enum og_status net_block(struct og_parse *p, yaml_node_t *vnode, const char *path,
                                const struct og_verification *v)
{
  const struct og_protocol_kind *k = og_protocol_kind(v->protocol);
  if (k->net_modes & OG_NET_MODE_BIT(OG_NET_HYBRID))
    return OG_OK;
  char at[160], msg[320];
  snprintf(at, sizeof at, "%s.protocol", path);
  snprintf(msg, sizeof msg, "%s does not run in the hybrid network mode once messages are flows "
           "(the scenario's reach network.flow_threshold): set network.mode: fast, or a "
           "flow_threshold above the largest message", og_protocol_names[v->protocol]);
  return fail_in(p, og__conf_get(p, vnode, "protocol"), at, msg);
}

enum og_status og__scn_net(struct og_parse *p, yaml_node_t *root)
{
  struct og_scenario *sc = p->sc;
  sc->max_message = max_message(sc);
  if (!og_scenario_flows(sc))
    return OG_OK;
  enum og_status st = net_block(p, og__conf_get(p, root, "verification"), "verification",
                                &sc->verification);
  yaml_node_t *models = og__conf_get(p, root, "models");
  for (size_t i = 0; st == OG_OK && i < sc->n_models; i++) {
    char path[96];
    snprintf(path, sizeof path, "models[%zu].verification", i);
    if (sc->models[i].own_verification)
      st = net_block(p, og__conf_get(p, og__conf_nth(p, models, i), "verification"), path,
                     &sc->models[i].verification);
  }
  return st;
}

enum og_status og__scn_fraud(struct og_parse *p, yaml_node_t *root)
{
  struct og_scenario *sc = p->sc;
  enum og_status st;
  yaml_node_t *groups = og__conf_get(p, root, "dishonest");
  for (size_t i = 0; i < sc->n_dishonest; i++)
    if ((st = check_group(p, og__conf_nth(p, groups, i), i, &sc->dishonest[i])) != OG_OK)
      return st;
  if ((st = check_block(p, og__conf_get(p, root, "verification"), "verification",
                        &sc->verification)) != OG_OK)
    return st;
  yaml_node_t *models = og__conf_get(p, root, "models");
  for (size_t i = 0; i < sc->n_models; i++) {
    struct og_model *m = &sc->models[i];
    yaml_node_t *own = og__conf_get(p, og__conf_nth(p, models, i), "verification");
    char path[96];
    snprintf(path, sizeof path, "models[%zu].verification", i);
    m->own_verification = own != NULL;
    if (!own)
      m->verification = sc->verification;
    else if ((st = check_block(p, own, path, &m->verification)) != OG_OK)
      return st;
  }
  return OG_OK;
}
