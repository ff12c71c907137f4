/* Totals over a scenario's lists that each value alone cannot break: the
 * number of nodes (the engine numbers them in 32 bits), the network's
 * stake (the stake-weighted draws divide by it), the shares the dishonest
 * groups take of a class. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "scenario_internal.h"

/* Nodes one run can hold: node and class indices are 32-bit in the engine. */
#define MAX_NODES ((size_t)INT32_MAX)

static enum og_status fail_in(struct og_parse *p, yaml_node_t *root, const char *list, size_t i,
                              const char *key, const char *fmt, double a, double b)
{
  yaml_node_t *item = og__conf_nth(p, og__conf_get(p, root, list), i);
  yaml_node_t *at = og__conf_get(p, item, key);
  snprintf(p->path, sizeof p->path, "%s[%zu].%s", list, i, key);
  return og__conf_fail(p, at ? at : item ? item : root, fmt, a, b);
}

static enum og_status nodes(struct og_parse *p, yaml_node_t *root)
{
  const struct og_scenario *sc = p->sc;
  size_t n = 0;
  for (size_t i = 0; i < sc->n_classes; i++) {
    if (sc->classes[i].count > MAX_NODES - n)
      return fail_in(p, root, "node_classes", i, "count",
                     "the classes up to this one hold %.0f nodes, more than the %.0f one run "
                     "can hold", (double)n + (double)sc->classes[i].count, (double)MAX_NODES);
    n += sc->classes[i].count;
  }
  return OG_OK;
}

/* Stake-weighted draws (routing, validators) scale each node's stake by the
 * number of nodes over the total: count x stake summed over the classes,
 * times the nodes, must be a finite number. */
static enum og_status stakes(struct og_parse *p, yaml_node_t *root)
{
  const struct og_scenario *sc = p->sc;
  double total = 0, n = (double)og_scenario_node_count(sc);
  size_t big = 0;
  for (size_t i = 0; i < sc->n_classes; i++) {
    total += (double)sc->classes[i].count * sc->classes[i].stake;
    if (sc->classes[i].stake > sc->classes[big].stake)
      big = i;
  }
  if (isfinite(total * n))
    return OG_OK;
  return fail_in(p, root, "node_classes", big, "stake",
                 "stakes too large: count x stake summed over the classes (%g), times the %.0f "
                 "nodes, must stay below 1.8e308; give smaller stakes", total, n);
}

/* Groups by share of a class's nodes, or of one stake (a class's, or the
 * whole network's, at index n_classes), take at most all of it. */
static enum og_status dishonest(struct og_parse *p, yaml_node_t *root)
{
  const struct og_scenario *sc = p->sc;
  size_t n = sc->n_classes + 1;
  double *sum = calloc(2 * n, sizeof *sum); /* by nodes, then by stake */
  if (!sum)
    return og_error_set(p->err, OG_ENOMEM, "out of memory");
  size_t i = 0;
  int by_nodes = 0;
  double over = 0;
  for (; i < sc->n_dishonest && !(over > 1 + 1e-9); i++) {
    const struct og_dishonest *d = &sc->dishonest[i];
    size_t c = d->cls == SIZE_MAX ? sc->n_classes : d->cls;
    by_nodes = !isnan(d->share);
    double *s = &sum[by_nodes ? c : n + c];
    over = *s += by_nodes ? d->share : d->stake_share;
  }
  free(sum);
  if (!(over > 1 + 1e-9))
    return OG_OK;
  return fail_in(p, root, "dishonest", i - 1, by_nodes ? "share" : "stake_share",
                 by_nodes ? "the groups of this class so far take %g of its nodes, more than "
                            "all of them (%g)"
                          : "the groups on this stake so far take %g of it, more than all of "
                            "it (%g)", over, 1.0);
}

enum og_status og__scn_totals(struct og_parse *p, yaml_node_t *root)
{
  enum og_status st = nodes(p, root);
  if (st == OG_OK)
    st = stakes(p, root);
  return st ? st : dishonest(p, root);
}
