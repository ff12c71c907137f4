/* The table from a node class's serving engine to its hooks, from the one
 * list (serving_list.h), and each node's engine state. */
#include <stdlib.h>
#include <string.h>

#include "serving.h"

#define OG_SERVING_ENTRY(E, name) [OG_SERVING_##E] = &og_serving_##name,
static const struct og_serving_type *const types[OG_SERVING_COUNT] = {
  OG_SERVING_LIST(OG_SERVING_ENTRY)
};
#undef OG_SERVING_ENTRY

#define OG_LINE 64 /* bytes in a cache line */

enum og_status og__node_serving_setup(struct og_node *n)
{
  const struct og_serving_type *t = types[n->e->sc->classes[n->cls].serving];
  n->serving = t;
  if (t->node_state) { /* on a cache line of its own: engines lay it out by line */
    size_t size = (t->node_state + OG_LINE - 1) / OG_LINE * OG_LINE;
    if (!(n->serving_state = aligned_alloc(OG_LINE, size)))
      return OG_ENOMEM;
    memset(n->serving_state, 0, size);
  }
  return t->node_setup ? t->node_setup(n) : OG_OK;
}

void og__node_serving_free(struct og_node *n)
{
  if (n->serving && n->serving->node_free)
    n->serving->node_free(n);
  free(n->serving_state);
  n->serving_state = NULL;
}
