/* Checks that span several keys, defaults that depend on other keys, and
 * resolution of region and model names into indices. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform_file.h"
#include "estimate.h"
#include "scenario_internal.h"
#include "wan_pairs.h"

/* Fail at root[key] (or root[key][i][sub]) with path set accordingly. */
static enum og_status fail_at(struct og_parse *p, yaml_node_t *root, const char *path,
                              yaml_node_t *node, const char *msg, const char *arg)
{
  snprintf(p->path, sizeof p->path, "%s", path);
  (void)root;
  return og__conf_fail(p, node ? node : root, msg, arg);
}

/* The first link that joins two regions an earlier one joins already
 * (SIZE_MAX: none), by sorting rather than comparing every pair. */
static enum og_status first_repeat(struct og_parse *p, size_t *first)
{
  const struct og_scenario *sc = p->sc;
  struct og_wan_key *k = og_wan_sorted(sc);
  if (!k)
    return og_error_set(p->err, OG_ENOMEM, "out of memory");
  *first = SIZE_MAX;
  for (size_t i = 1; i < sc->n_wan; i++)
    if (k[i].lo == k[i - 1].lo && k[i].hi == k[i - 1].hi && k[i].idx < *first)
      *first = k[i].idx;
  free(k);
  return OG_OK;
}

static enum og_status check_wan(struct og_parse *p, yaml_node_t *root)
{
  struct og_scenario *sc = p->sc;
  yaml_node_t *wan = og__conf_get(p, og__conf_get(p, root, "network"), "wan");
  char path[96];
  size_t repeat = SIZE_MAX;
  enum og_status st = first_repeat(p, &repeat);
  if (st != OG_OK)
    return st;
  for (size_t i = 0; i < sc->n_wan; i++) {
    struct og_wan_link *w = &sc->wan[i];
    snprintf(path, sizeof path, "network.wan[%zu].between", i);
    yaml_node_t *at = og__conf_get(p, og__conf_nth(p, wan, i), "between");
    if (w->a == w->b)
      return fail_at(p, root, path, at, "a WAN link joins two different regions, got '%s' twice",
                     sc->regions[w->a].name);
    if (i == repeat)
      return fail_at(p, root, path, at, "a second link between %s", "the same two regions");
    if (isnan(w->bandwidth))
      w->bandwidth = sc->wan_bandwidth;
  }
  return OG_OK;
}

static enum og_status check_arrivals(struct og_parse *p, yaml_node_t *root)
{
  struct og_workload *w = &p->sc->workload;
  yaml_node_t *wn = og__conf_get(p, root, "workload");
  yaml_node_t *tn = og__conf_get(p, wn, "trace");
  if (w->arrival == OG_ARRIVAL_TRACE) {
    if (!tn)
      return fail_at(p, root, "workload", wn, "missing required key '%s' (trace arrivals)",
                     "trace");
    if (!isnan(w->rate) || w->n_mmpp)
      return fail_at(p, root, isnan(w->rate) ? "workload.mmpp" : "workload.rate",
                     og__conf_get(p, wn, isnan(w->rate) ? "mmpp" : "rate"), "%s",
                     "a rate given with trace arrivals: the trace's times set the rate (scale "
                     "it with trace.speedup or trace.rate_scale)");
    return OG_OK;
  }
  if (tn)
    return fail_at(p, root, "workload.trace", tn, "%s",
                   "a trace given without trace arrivals (set arrival: trace)");
  if (w->arrival == OG_ARRIVAL_POISSON) {
    if (isnan(w->rate))
      return fail_at(p, root, "workload", wn, "missing required key '%s' (poisson arrivals)",
                     "rate");
    if (w->n_mmpp)
      return fail_at(p, root, "workload.mmpp", og__conf_get(p, wn, "mmpp"), "%s",
                     "mmpp states given with poisson arrivals (set arrival: mmpp)");
    return OG_OK;
  }
  if (!isnan(w->rate))
    return fail_at(p, root, "workload.rate", og__conf_get(p, wn, "rate"), "%s",
                   "a single rate with mmpp arrivals: give each state's rate under mmpp");
  if (w->n_mmpp < 2)
    return fail_at(p, root, w->n_mmpp ? "workload.mmpp" : "workload",
                   w->n_mmpp ? og__conf_get(p, wn, "mmpp") : wn, "%s",
                   "mmpp arrivals need at least 2 states (rate, dwell)");
  double any = 0;
  for (size_t i = 0; i < w->n_mmpp; i++)
    any += w->mmpp[i].rate;
  if (!isfinite(any))
    return fail_at(p, root, "workload.mmpp", og__conf_get(p, wn, "mmpp"), "%s",
                   "the states' rates add up to more than the largest number (1.8e308)");
  if (!(any > 0))
    return fail_at(p, root, "workload.mmpp", og__conf_get(p, wn, "mmpp"), "%s",
                   "every mmpp state has rate 0: no request would ever arrive");
  return OG_OK;
}

static double *share_at(char *list, size_t size, size_t i)
{
  return (double *)(list + i * size + sizeof(size_t));
}

/* Each region or model at most once (refs are indices below n_refs). */
static enum og_status once_each(struct og_parse *p, yaml_node_t *root, const char *key,
                                const char *list, size_t n, size_t size, size_t n_refs,
                                const char *what)
{
  unsigned char *seen = calloc(n_refs ? n_refs : 1, 1);
  if (!seen)
    return og_error_set(p->err, OG_ENOMEM, "out of memory");
  size_t i = 0;
  for (; i < n; i++) {
    size_t ref = *(const size_t *)(list + i * size);
    if (seen[ref])
      break;
    seen[ref] = 1;
  }
  free(seen);
  if (i == n)
    return OG_OK;
  char path[96];
  snprintf(path, sizeof path, "workload.%s[%zu]", key, i);
  return fail_at(p, root, path,
                 og__conf_nth(p, og__conf_get(p, og__conf_get(p, root, "workload"), key), i),
                 "the same %s appears twice", what);
}

/* Default (every region / model, equal shares), uniqueness, normalisation. */
static enum og_status shares(struct og_parse *p, yaml_node_t *root, const char *key, char **list,
                             size_t *n, size_t size, size_t n_default, const char *what)
{
  if (*n == 0) {
    if (!(*list = calloc(n_default, size)))
      return og_error_set(p->err, OG_ENOMEM, "out of memory");
    *n = n_default;
    for (size_t i = 0; i < n_default; i++) {
      *(size_t *)(*list + i * size) = i;
      *share_at(*list, size, i) = 1;
    }
  }
  enum og_status st = once_each(p, root, key, *list, *n, size, n_default, what);
  if (st != OG_OK)
    return st;
  double total = 0;
  for (size_t i = 0; i < *n; i++)
    total += *share_at(*list, size, i);
  char path[96];
  snprintf(path, sizeof path, "workload.%s", key);
  if (!isfinite(total))
    return fail_at(p, root, path, og__conf_get(p, og__conf_get(p, root, "workload"), key),
                   "the shares add up to more than the largest number (%s): they are relative "
                   "weights, give smaller ones", "1.8e308");
  for (size_t i = 0; i < *n; i++)
    *share_at(*list, size, i) /= total;
  return OG_OK;
}

static enum og_status check_platform(struct og_parse *p, yaml_node_t *root)
{
  struct og_scenario *sc = p->sc;
  if (!sc->platform_file)
    return OG_OK;
  if (og__conf_resolve_path(p, &sc->platform_file) != OG_OK)
    return OG_ENOMEM;
  char why[1024];
  if (access(sc->platform_file, R_OK) != 0)
    snprintf(why, sizeof why, "cannot read platform file '%s'", sc->platform_file);
  else if (og_platform_file_check(sc->platform_file, why, sizeof why) == 0)
    return OG_OK;
  yaml_node_t *at = og__conf_get(p, og__conf_get(p, root, "network"), "platform");
  return fail_at(p, root, "network.platform", at, "%s", why);
}

/* Every node class serves every model of the mix, so each model's weights
 * must fit each class's memory (when the class gives one). The hosting
 * issue's placement will ask this per hosted model; tensor parallelism,
 * which splits weights over GPUs, is not modelled yet. */
static yaml_node_t *class_key(struct og_parse *p, yaml_node_t *root, size_t k, const char *key)
{
  return og__conf_get(p, og__conf_nth(p, og__conf_get(p, root, "node_classes"), k), key);
}

/* The models a group hosts, by name ("a, b"), cut short to fit buf. */
static const char *group_names(const struct og_scenario *sc, const struct og_host_group *g,
                               char *buf, size_t len)
{
  size_t at = 0;
  buf[0] = 0;
  for (size_t i = 0; i < g->n_models && at < len; i++)
    at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "", sc->models[g->models[i]].name);
  return buf;
}

/* Each hosted model fits a node of its class on its tensor-parallel GPUs;
 * a continuous class has GPUs for it. */
static enum og_status check_model_fits(struct og_parse *p, yaml_node_t *root, size_t k,
                                       const struct og_model *m)
{
  const struct og_node_class *c = &p->sc->classes[k];
  char path[64], mem[32], w[32], msg[512];
  if (c->serving == OG_SERVING_CONTINUOUS && m->tensor_parallel > c->gpus) {
    snprintf(path, sizeof path, "node_classes[%zu].gpus", k);
    snprintf(msg, sizeof msg, "node class '%%s' has %zu GPU(s) and model '%s' runs on %zu "
             "(tensor_parallel): give the class more GPUs", c->gpus, m->name,
             m->tensor_parallel);
    return fail_at(p, root, path, class_key(p, root, k, "gpus"), msg, c->name);
  }
  if (c->cpu && isnan(m->efficiency)) {
    snprintf(path, sizeof path, "node_classes[%zu].device", k);
    snprintf(msg, sizeof msg, "node class '%%s' is a CPU class and the calibration file has "
             "no row for model '%s' (zoo '%s'): run ogsim calibrate", m->name, m->zoo);
    return fail_at(p, root, path, class_key(p, root, k, "device"), msg, c->name);
  }
  double room = c->memory * (double)m->tensor_parallel;
  if (c->memory <= 0 || m->param_bytes <= room)
    return OG_OK;
  og_units_format(room, OG_UNIT_SIZE, mem, sizeof mem);
  og_units_format(m->param_bytes, OG_UNIT_SIZE, w, sizeof w);
  snprintf(path, sizeof path, "node_classes[%zu].memory", k);
  snprintf(msg, sizeof msg, "node class '%%s' has %s of memory for model '%s' (%s of "
           "weights), which its nodes host: give the class more memory, the model more GPUs "
           "(tensor_parallel) or host it elsewhere (hosts:)", mem, m->name, w);
  return fail_at(p, root, path, class_key(p, root, k, "memory"), msg, c->name);
}

/* A node's memory holds the weights of the models it hosts and, on a
 * continuous class, leaves room for the KV cache (docs/hosting.md). */
static enum og_status check_group_fits(struct og_parse *p, yaml_node_t *root, size_t k,
                                       const struct og_host_group *g)
{
  const struct og_scenario *sc = p->sc;
  const struct og_node_class *c = &sc->classes[k];
  char path[64], mem[32], w[32], names[160], msg[640];
  double weights = og_group_weights(sc, g);
  int cont = c->serving == OG_SERVING_CONTINUOUS;
  double room = (double)c->gpus * c->memory * (cont ? c->kv_memory : 1);
  if (c->memory <= 0 || (cont ? weights < room : weights <= room))
    return OG_OK;
  og_units_format(room, OG_UNIT_SIZE, mem, sizeof mem);
  og_units_format(weights, OG_UNIT_SIZE, w, sizeof w);
  group_names(sc, g, names, sizeof names);
  snprintf(path, sizeof path, "node_classes[%zu].memory", k);
  if (cont)
    snprintf(msg, sizeof msg, "node class '%%s' keeps %s (memory x gpus x kv_memory) for "
             "weights and KV cache, and the weights of the models its nodes host (%s: %s) "
             "leave no room for the KV cache: host fewer models (hosts:) or give the class "
             "more memory", mem, names, w);
  else
    snprintf(msg, sizeof msg, "node class '%%s' has %s of memory (memory x gpus) and its "
             "nodes host %s, %s of weights: host fewer models (hosts:) or give the class "
             "more memory", mem, names, w);
  return fail_at(p, root, path, class_key(p, root, k, "memory"), msg, c->name);
}

static enum og_status check_memory(struct og_parse *p, yaml_node_t *root)
{
  const struct og_scenario *sc = p->sc;
  enum og_status st = OG_OK;
  for (size_t k = 0; k < sc->n_classes && st == OG_OK; k++) {
    const struct og_node_class *c = &sc->classes[k];
    for (size_t j = 0; j < c->n_groups && st == OG_OK; j++) {
      const struct og_host_group *g = &c->groups[j];
      if (g->count == 0)
        continue;
      for (size_t i = 0; i < g->n_models && st == OG_OK; i++) {
        st = check_model_fits(p, root, k, &sc->models[g->models[i]]);
        /* demand placement: the models a node may host need not fit at
         * once, each must fit alone */
        struct og_host_group one = {.models = &g->models[i], .n_models = 1, .count = 1};
        if (st == OG_OK && sc->placement.policy == OG_PLACEMENT_DEMAND)
          st = check_group_fits(p, root, k, &one);
      }
      if (st == OG_OK && sc->placement.policy != OG_PLACEMENT_DEMAND)
        st = check_group_fits(p, root, k, g);
    }
  }
  return st;
}

enum og_status og__scn_finish(struct og_parse *p, yaml_node_t *root)
{
  struct og_scenario *sc = p->sc;
  struct og_workload *w = &sc->workload;
  enum og_status st;
  if ((st = og__scn_names(p, root)) || (st = check_wan(p, root)) ||
      (st = check_arrivals(p, root)))
    return st;
  if (sc->warmup >= sc->duration) {
    char d[64], msg[128];
    og_units_format(sc->duration, OG_UNIT_DURATION, d, sizeof d);
    snprintf(msg, sizeof msg, "must be less than duration (%s), got %%s", d);
    char wtext[64];
    og_units_format(sc->warmup, OG_UNIT_DURATION, wtext, sizeof wtext);
    return fail_at(p, root, "warmup", og__conf_get(p, root, "warmup"), msg, wtext);
  }
  if ((st = shares(p, root, "clients", (char **)&w->clients, &w->n_clients, sizeof *w->clients,
                   sc->n_regions, "region")) ||
      (st = shares(p, root, "mix", (char **)&w->mix, &w->n_mix, sizeof *w->mix, sc->n_models,
                   "model")))
    return st;
  for (size_t i = 0; i < w->n_clients; i++)
    if (w->clients[i].hosts == 0) /* a default entry: no schema default applied */
      w->clients[i].hosts = 1;
  if (sc->gateway_region == SIZE_MAX)
    sc->gateway_region = 0;
  if ((st = og__scn_fraud(p, root)) != OG_OK || (st = og__scn_totals(p, root)) != OG_OK ||
      (st = og__scn_storage(p, root)) != OG_OK || (st = og__scn_churn(p, root)) != OG_OK)
    return st;
  if ((st = check_platform(p, root)) != OG_OK || (st = og__scn_shapes(p, root)) != OG_OK ||
      (st = og__scn_models(p, root)) != OG_OK || (st = og__scn_shapes_final(p, root)) != OG_OK ||
      (st = og__scn_trace(p, root)) != OG_OK || (st = og__scn_net(p, root)) != OG_OK ||
      (st = og__scn_hosts(p, root)) != OG_OK)
    return st;
  return check_memory(p, root);
}
