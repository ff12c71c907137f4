/* Which models each node class hosts (`hosts:`), checked against the
 * workload, the placement policy and the nodes' memory (docs/hosting.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "placement.h"
#include "scenario_internal.h"

static yaml_node_t *class_key(struct og_parse *p, yaml_node_t *root, size_t k, const char *key)
{
  return og__conf_get(p, og__conf_nth(p, og__conf_get(p, root, "node_classes"), k), key);
}

static enum og_status fail_class(struct og_parse *p, yaml_node_t *root, size_t k,
                                 const char *key, yaml_node_t *at, const char *msg,
                                 const char *arg)
{
  snprintf(p->path, sizeof p->path, "node_classes[%zu].%s", k, key);
  return og__conf_fail(p, at ? at : class_key(p, root, k, key), msg, arg);
}

static enum og_status oom(struct og_parse *p)
{
  return og_error_set(p->err, OG_ENOMEM, "out of memory");
}

/* The models the workload requests: the mix's and the trace's rows'. */
static void requested(const struct og_scenario *sc, unsigned char *req)
{
  for (size_t i = 0; i < sc->workload.n_mix; i++)
    req[sc->workload.mix[i].model] = 1;
  const struct og_trace *t = &sc->workload.trace;
  for (size_t i = 0; t->model && i < t->n_rows; i++)
    if (t->model[i] != OG_TRACE_NO_MODEL)
      req[t->model[i]] = 1;
}

static int cmp_size(const void *a, const void *b)
{
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return (x > y) - (x < y);
}

/* A model named by a scalar of the hosts key, or an error there. */
static enum og_status model_at(struct og_parse *p, yaml_node_t *root, size_t k, yaml_node_t *v,
                               unsigned char *seen, size_t *m)
{
  if (v->type != YAML_SCALAR_NODE)
    return fail_class(p, root, k, "hosts", v, "%s", "expected a model name");
  const char *name = (const char *)v->data.scalar.value;
  long i = og_scenario_find_model(p->sc, name);
  if (i < 0)
    return fail_class(p, root, k, "hosts", v, "no model '%s' in the scenario", name);
  if (seen[i])
    return fail_class(p, root, k, "hosts", v, "model '%s' named twice", name);
  seen[i] = 1;
  *m = (size_t)i;
  return OG_OK;
}

/* hosts: [a, b]: one group of the whole class. */
static enum og_status read_list(struct og_parse *p, yaml_node_t *root, size_t k, yaml_node_t *h,
                                unsigned char *seen, struct og_host_group *g)
{
  size_t n = (size_t)(h->data.sequence.items.top - h->data.sequence.items.start);
  if (!(g->models = malloc((n ? n : 1) * sizeof *g->models)))
    return oom(p);
  for (yaml_node_item_t *it = h->data.sequence.items.start; it < h->data.sequence.items.top;
       it++) {
    enum og_status st = model_at(p, root, k, yaml_document_get_node(&p->doc, *it), seen,
                                 &g->models[g->n_models]);
    if (st != OG_OK)
      return st;
    g->n_models++;
  }
  qsort(g->models, g->n_models, sizeof *g->models, cmp_size);
  return OG_OK;
}

/* Nodes per share: floor(share x count), the nodes left over to the
 * largest remainders (ties: earlier in the mapping) until the shares'
 * total, rounded, is placed (Hamilton's method). */
static void share_counts(struct og_node_class *c, size_t n)
{
  double total = 0, *rem = c->host_shares + n; /* scratch after the shares */
  size_t placed = 0;
  for (size_t j = 0; j < n; j++) {
    double x = c->host_shares[j] * (double)c->count;
    c->groups[j].count = (size_t)floor(x);
    rem[j] = x - floor(x);
    placed += c->groups[j].count;
    total += c->host_shares[j];
  }
  size_t want = (size_t)floor(total * (double)c->count + 0.5);
  want = want > c->count ? c->count : want;
  for (; placed < want; placed++) {
    size_t best = 0;
    for (size_t j = 1; j < n; j++)
      best = rem[j] > rem[best] ? j : best;
    c->groups[best].count++;
    rem[best] = -1;
  }
  c->groups[n].count = c->count - placed;
}

/* hosts: {a: 0.5, b: 0.25}: a group per model, and one of no model. */
static enum og_status read_shares(struct og_parse *p, yaml_node_t *root, size_t k,
                                  yaml_node_t *h, unsigned char *seen)
{
  struct og_node_class *c = &p->sc->classes[k];
  size_t n = (size_t)(h->data.mapping.pairs.top - h->data.mapping.pairs.start);
  c->groups = calloc(n + 1, sizeof *c->groups);
  c->host_shares = calloc(2 * n + 1, sizeof *c->host_shares);
  if (!c->groups || !c->host_shares)
    return oom(p);
  c->n_groups = n + 1;
  double sum = 0;
  for (size_t j = 0; j < n; j++) {
    yaml_node_pair_t *pr = h->data.mapping.pairs.start + j;
    yaml_node_t *v = yaml_document_get_node(&p->doc, pr->value);
    struct og_host_group *g = &c->groups[j];
    if (!(g->models = malloc(sizeof *g->models)))
      return oom(p);
    enum og_status st = model_at(p, root, k, yaml_document_get_node(&p->doc, pr->key), seen,
                                 g->models);
    if (st != OG_OK)
      return st;
    g->n_models = 1;
    const char *why = NULL;
    double s = NAN;
    if (v->type != YAML_SCALAR_NODE ||
        og_units_parse((const char *)v->data.scalar.value, OG_UNIT_NUMBER, &s, &why) != OG_OK ||
        !(s > 0 && s <= 1))
      return fail_class(p, root, k, "hosts", v, "a model's share of the class is a number in "
                        "(0, 1], got '%s'", v->type == YAML_SCALAR_NODE ?
                        (const char *)v->data.scalar.value : "a collection");
    c->host_shares[j] = s;
    sum += s;
  }
  if (sum > 1 + 1e-9) {
    char msg[160];
    snprintf(msg, sizeof msg, "the shares of the class sum to %.6g: a node hosts one model of "
             "a mapping, so they sum to at most 1 (a list hosts %%s)", sum);
    return fail_class(p, root, k, "hosts", h, msg, "every model it names on every node");
  }
  share_counts(c, n);
  return OG_OK;
}

static enum og_status read_hosts(struct og_parse *p, yaml_node_t *root, size_t k)
{
  struct og_scenario *sc = p->sc;
  struct og_node_class *c = &sc->classes[k];
  yaml_node_t *h = class_key(p, root, k, "hosts");
  unsigned char *seen = calloc(sc->n_models ? sc->n_models : 1, 1);
  if (!seen)
    return oom(p);
  enum og_status st = OG_OK;
  if (h && h->type == YAML_MAPPING_NODE) {
    c->hosts_form = OG_HOSTS_SHARES;
    st = read_shares(p, root, k, h, seen);
  } else if (!(c->groups = calloc(1, sizeof *c->groups))) {
    st = oom(p);
  } else {
    c->n_groups = 1;
    c->groups[0].count = c->count;
    if (h && h->type == YAML_SEQUENCE_NODE) {
      c->hosts_form = OG_HOSTS_LIST;
      st = read_list(p, root, k, h, seen, &c->groups[0]);
    } else if (h) {
      st = fail_class(p, root, k, "hosts", h, "%s", "expected a list of models, like "
                      "[llama-8b, classifier], or a mapping of model: share of the class");
    } else { /* default: every model the workload requests (one list for all) */
      c->groups[0].models = sc->requested;
      c->groups[0].n_models = sc->n_requested;
      c->groups[0].shared = 1;
    }
  }
  free(seen);
  return st;
}

/* Demand placement keeps one replica of each model by default (one that
 * some node may host): min_replicas not given is 1 there. */
static void demand_defaults(struct og_parse *p, yaml_node_t *models, const size_t *allowed)
{
  for (size_t m = 0; m < p->sc->n_models; m++)
    if (!og__conf_get(p, og__conf_nth(p, models, m), "min_replicas") && allowed[m] > 0)
      p->sc->models[m].min_replicas = 1;
}

/* Every model the workload requests has nodes; min <= max replicas; the
 * policy's own check. */
static enum og_status check_replicas(struct og_parse *p, yaml_node_t *root,
                                     const unsigned char *req)
{
  const struct og_scenario *sc = p->sc;
  yaml_node_t *models = og__conf_get(p, root, "models");
  size_t *reps = og_replicas_new(sc);
  if (!reps)
    return oom(p);
  for (size_t m = 0; m < sc->n_models; m++) {
    const struct og_model *md = &sc->models[m];
    yaml_node_t *at = og__conf_nth(p, models, m);
    if (md->max_replicas && md->min_replicas > md->max_replicas) {
      char msg[128];
      snprintf(msg, sizeof msg, "must be at least min_replicas (%zu), got %%s", md->min_replicas);
      char got[32];
      snprintf(got, sizeof got, "%zu", md->max_replicas);
      snprintf(p->path, sizeof p->path, "models[%zu].max_replicas", m);
      yaml_node_t *k = og__conf_get(p, at, "max_replicas");
      free(reps);
      return og__conf_fail(p, k ? k : at, msg, got);
    }
    if (req[m] && reps[m] == 0) {
      free(reps);
      snprintf(p->path, sizeof p->path, "models[%zu]", m);
      return og__conf_fail(p, at, "the workload requests model '%s' and no node class hosts "
                           "it: add it to a class's hosts", md->name);
    }
  }
  const struct og_placement_type *t = og_placement_type(sc->placement.policy);
  if (sc->placement.policy == OG_PLACEMENT_DEMAND)
    demand_defaults(p, models, reps);
  size_t bad = 0;
  char msg[400];
  int failed = t->check && t->check(sc, reps, &bad, msg, sizeof msg);
  free(reps);
  if (failed) {
    snprintf(p->path, sizeof p->path, "models[%zu].min_replicas", bad);
    yaml_node_t *at = og__conf_nth(p, models, bad);
    yaml_node_t *k = og__conf_get(p, at, "min_replicas");
    return og__conf_fail(p, k ? k : at, msg, sc->models[bad].name);
  }
  return OG_OK;
}

enum og_status og__scn_hosts(struct og_parse *p, yaml_node_t *root)
{
  struct og_scenario *sc = p->sc;
  unsigned char *req = calloc(sc->n_models ? sc->n_models : 1, 1);
  if (!req)
    return oom(p);
  requested(sc, req);
  if (!(sc->requested = malloc((sc->n_models ? sc->n_models : 1) * sizeof *sc->requested))) {
    free(req);
    return oom(p);
  }
  for (size_t m = 0; m < sc->n_models; m++)
    if (req[m])
      sc->requested[sc->n_requested++] = m;
  enum og_status st = OG_OK;
  for (size_t k = 0; k < sc->n_classes && st == OG_OK; k++)
    st = read_hosts(p, root, k);
  if (st == OG_OK)
    st = check_replicas(p, root, req);
  free(req);
  return st;
}

void og__scn_hosts_free(struct og_node_class *c)
{
  for (size_t j = 0; c->groups && j < c->n_groups; j++)
    if (!c->groups[j].shared)
      free(c->groups[j].models);
  free(c->groups);
  free(c->host_shares);
}
