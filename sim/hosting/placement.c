/* The placement policies' table, and the host groups of a whole scenario
 * numbered across its classes. */
#include "placement.h"

#include <stdlib.h>
#include <string.h>

#define OG_PLACE_ENTRY(E, name) [OG_PLACEMENT_##E] = &og_place_##name,
static const struct og_placement_type *const types[OG_PLACEMENT_COUNT] = {
  OG_PLACEMENT_LIST(OG_PLACE_ENTRY)
};
#undef OG_PLACE_ENTRY

#define OG_NAME_ENTRY(E, name) [OG_PLACEMENT_##E] = #name,
const char *const og_placement_names[OG_PLACEMENT_COUNT + 1] = {OG_PLACEMENT_LIST(OG_NAME_ENTRY)};
#undef OG_NAME_ENTRY

const struct og_placement_type *og_placement_type(enum og_placement_kind k)
{
  return types[k];
}

int og_host_group_has(const struct og_host_group *g, size_t m)
{
  size_t lo = 0, hi = g->n_models;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (g->models[mid] == m)
      return 1;
    if (g->models[mid] < m)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

const struct og_host_group *og_class_group_of(const struct og_node_class *c, size_t m)
{
  for (size_t j = 0; j < c->n_groups; j++)
    if (c->groups[j].count > 0 && og_host_group_has(&c->groups[j], m))
      return &c->groups[j];
  return NULL;
}

size_t og_class_replicas(const struct og_node_class *c, size_t m)
{
  size_t n = 0;
  for (size_t j = 0; j < c->n_groups; j++)
    n += og_host_group_has(&c->groups[j], m) ? c->groups[j].count : 0;
  return n;
}

size_t *og_replicas_new(const struct og_scenario *sc)
{
  size_t *n = calloc(sc->n_models ? sc->n_models : 1, sizeof *n);
  for (size_t c = 0; n && c < sc->n_classes; c++)
    for (size_t j = 0; j < sc->classes[c].n_groups; j++) {
      const struct og_host_group *g = &sc->classes[c].groups[j];
      for (size_t i = 0; i < g->n_models; i++)
        n[g->models[i]] += g->count;
    }
  return n;
}

size_t og_placement_group_base(const struct og_scenario *sc, size_t cls)
{
  size_t g = 0;
  for (size_t c = 0; c < cls; c++)
    g += sc->classes[c].n_groups;
  return g;
}

size_t og_placement_n_groups(const struct og_scenario *sc)
{
  return og_placement_group_base(sc, sc->n_classes);
}

enum og_status og_placement_nodes(const struct og_scenario *sc, uint32_t *group)
{
  const struct og_placement_type *t = types[sc->placement.policy];
  size_t k = 0, base = 0;
  for (size_t c = 0; c < sc->n_classes; c++) {
    enum og_status st = t->initial(sc, c, group + k);
    if (st != OG_OK)
      return st;
    for (size_t i = 0; i < sc->classes[c].count; i++)
      group[k + i] += (uint32_t)base;
    k += sc->classes[c].count;
    base += sc->classes[c].n_groups;
  }
  return OG_OK;
}
