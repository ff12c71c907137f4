/* Storage tiers and loading (`storage:`, `placement.preload`): at most one
 * global tier, and a tier for every region with nodes when they load
 * (docs/loading.md). */
#include <stdint.h>
#include <stdio.h>

#include "scenario_internal.h"

size_t og_scenario_tier_of(const struct og_scenario *sc, size_t r)
{
  size_t global = SIZE_MAX;
  for (size_t i = 0; i < sc->n_storage; i++) {
    if (sc->storage[i].region == r)
      return i;
    if (sc->storage[i].region == SIZE_MAX && global == SIZE_MAX)
      global = i;
  }
  return global;
}

static enum og_status fail(struct og_parse *p, yaml_node_t *at, const char *path,
                           const char *msg, const char *arg)
{
  snprintf(p->path, sizeof p->path, "%s", path);
  return og__conf_fail(p, at, msg, arg);
}

static yaml_node_t *tier_key(struct og_parse *p, yaml_node_t *root, size_t i, const char *key)
{
  yaml_node_t *t = og__conf_nth(p, og__conf_get(p, root, "storage"), i);
  yaml_node_t *k = og__conf_get(p, t, key);
  return k ? k : t;
}

/* Two tiers of one region (or two global ones) would leave the choice of
 * tier to the order of the list. */
static enum og_status tiers_distinct(struct og_parse *p, yaml_node_t *root)
{
  const struct og_scenario *sc = p->sc;
  char path[64];
  for (size_t i = 0; i < sc->n_storage; i++)
    for (size_t j = 0; j < i; j++) {
      if (sc->storage[i].region != sc->storage[j].region)
        continue;
      snprintf(path, sizeof path, "storage[%zu].region", i);
      return fail(p, tier_key(p, root, i, "region"), path,
                  sc->storage[i].region == SIZE_MAX
                      ? "at most one storage tier is global (has no region); '%s' is a second"
                      : "a region has one storage tier at most; '%s' is a second",
                  sc->storage[i].name);
    }
  return OG_OK;
}

enum og_status og__scn_storage(struct og_parse *p, yaml_node_t *root)
{
  const struct og_scenario *sc = p->sc;
  enum og_status st = tiers_distinct(p, root);
  if (st != OG_OK || !og_scenario_loads(sc))
    return st;
  yaml_node_t *pl = og__conf_get(p, root, "placement");
  int demand = sc->placement.policy == OG_PLACEMENT_DEMAND;
  yaml_node_t *at = og__conf_get(p, pl, demand ? "policy" : "preload");
  if (sc->n_storage == 0)
    return fail(p, at ? at : root, demand ? "placement.policy" : "placement.preload", "%s",
                demand ?
                "demand placement loads models from storage at run time, and the scenario has "
                "no storage tier (storage: [{name, region, bandwidth, latency}])" :
                "nodes load their models (placement.preload: false) from storage, and the "
                "scenario has no storage tier (storage: [{name, region, bandwidth, latency}])");
  char path[64];
  for (size_t k = 0; k < sc->n_classes; k++) {
    const struct og_node_class *c = &sc->classes[k];
    if (og_scenario_tier_of(sc, c->region) != SIZE_MAX)
      continue;
    snprintf(path, sizeof path, "node_classes[%zu].region", k);
    yaml_node_t *cl = og__conf_nth(p, og__conf_get(p, root, "node_classes"), k);
    yaml_node_t *rg = og__conf_get(p, cl, "region");
    return fail(p, rg ? rg : cl, path,
                "region '%s' has no storage tier to load models from, and no tier is global "
                "(a tier without a region)", sc->regions[c->region].name);
  }
  return OG_OK;
}
