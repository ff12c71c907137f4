/* Placement policies: which models each node hosts (docs/hosting.md). A
 * policy is a descriptor, og_place_NAME in sim/hosting/NAME.c, listed in
 * placement_list.h; `placement.policy` picks one. The scenario loader runs
 * its check, the engine its initial placement (no SimGrid here). */
#ifndef OG_PLACEMENT_H
#define OG_PLACEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "status.h"

struct og_placement_type {
  /* The scenario checked against the policy (min_replicas, ...), given each
   * model's replicas: 0 if it passes; else the model at fault in *model and
   * a message in msg (its '%s' stands for the model's name). NULL: nothing
   * to check. */
  int (*check)(const struct og_scenario *sc, const size_t *replicas, size_t *model, char *msg,
               size_t len);
  /* The host group (index into the class's groups) of each of class cls's
   * nodes at the start, group[0..count). */
  OG_MUST_CHECK enum og_status (*initial)(const struct og_scenario *sc, size_t cls,
                                          uint32_t *group);
};

#define OG_PLACE_DECLARE(E, name) extern const struct og_placement_type og_place_##name;
OG_PLACEMENT_LIST(OG_PLACE_DECLARE)
#undef OG_PLACE_DECLARE

const struct og_placement_type *og_placement_type(enum og_placement_kind k);

/* Whether host group g holds model m (binary search of its models). */
int og_host_group_has(const struct og_host_group *g, size_t m);
/* The first group of class c holding model m that has nodes, or NULL. */
const struct og_host_group *og_class_group_of(const struct og_node_class *c, size_t m);
/* Nodes of class c hosting model m at the start. */
size_t og_class_replicas(const struct og_node_class *c, size_t m);
/* Every model's replicas in one pass over the host groups: an array of
 * n_models counts owned by the caller (free), or NULL when out of memory. */
size_t *og_replicas_new(const struct og_scenario *sc);

/* Host groups over the whole scenario: class c's group j is global group
 * og_placement_group_base(sc, c) + j; there are og_placement_n_groups. */
size_t og_placement_group_base(const struct og_scenario *sc, size_t cls);
size_t og_placement_n_groups(const struct og_scenario *sc);

/* The global host group of every node (node ids as the engine numbers
 * them: class 0's nodes first) at the start, by the scenario's policy.
 * group has og_scenario_node_count(sc) entries. OG_ENOMEM. */
OG_MUST_CHECK enum og_status og_placement_nodes(const struct og_scenario *sc, uint32_t *group);

/* Demand placement's target: the replicas offered `work` (s of service
 * per s, summed over the model's requests) wants at busy share `target` of
 * each, ceil(work / target), clamped to [min, max] (max 0: no bound). */
size_t og_demand_want(double work, double target, size_t min, size_t max);

#endif
