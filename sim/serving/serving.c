/* The table from a node class's serving engine to its hooks, from the one
 * list (serving_list.h), and each node's engine state. */
#include <stdlib.h>

#include "serving.h"

#define OG_SERVING_ENTRY(E, name) [OG_SERVING_##E] = &og_serving_##name,
static const struct og_serving_type *const types[OG_SERVING_COUNT] = {
  OG_SERVING_LIST(OG_SERVING_ENTRY)
};
#undef OG_SERVING_ENTRY

enum og_status og__node_serving_setup(struct og_node *n)
{
  const struct og_serving_type *t = types[n->e->sc->classes[n->cls].serving];
  n->serving = t;
  if (t->node_state && !(n->serving_state = calloc(1, t->node_state)))
    return OG_ENOMEM;
  return t->node_setup ? t->node_setup(n) : OG_OK;
}

void og__node_serving_free(struct og_node *n)
{
  if (n->serving && n->serving->node_free)
    n->serving->node_free(n);
  free(n->serving_state);
  n->serving_state = NULL;
}
