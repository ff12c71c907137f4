/* The table from a node class's serving engine to its hooks, from the one
 * list (serving_list.h), and each node's engine state. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "serving.h"

#define OG_SERVING_ENTRY(E, name) [OG_SERVING_##E] = &og_serving_##name,
static const struct og_serving_type *const types[OG_SERVING_COUNT] = {
  OG_SERVING_LIST(OG_SERVING_ENTRY)
};
#undef OG_SERVING_ENTRY

#define OG_LINE 64 /* bytes in a cache line */

/* A state's bytes: whole cache lines, since engines lay theirs out by line. */
static size_t state_bytes(const struct og_serving_type *t)
{
  return (t->node_state + OG_LINE - 1) / OG_LINE * OG_LINE;
}

enum og_status og__serving_setup(struct og_engine *e)
{
  size_t stride = 0;
  for (size_t c = 0; c < e->sc->n_classes; c++) {
    size_t b = state_bytes(types[e->sc->classes[c].serving]);
    stride = b > stride ? b : stride;
  }
  e->serving_stride = stride;
  if (!stride || !e->n_nodes)
    return OG_OK;
  if (e->n_nodes > SIZE_MAX / stride || !(e->serving_slab = og_big_calloc(e->n_nodes * stride)))
    return OG_ENOMEM;
  return OG_OK;
}

void og__serving_free(struct og_engine *e)
{
  og_big_free(e->serving_slab, e->n_nodes * e->serving_stride);
  e->serving_slab = NULL;
}

enum og_status og__node_serving_setup(struct og_node *n)
{
  const struct og_serving_type *t = types[n->e->sc->classes[n->cls].serving];
  n->serving = t;
  if (t->node_state) /* zeroed, line-aligned: its slot in the slab */
    n->serving_state = n->e->serving_slab + (size_t)n->id * n->e->serving_stride;
  return t->node_setup ? t->node_setup(n) : OG_OK;
}

void og__node_serving_free(struct og_node *n)
{
  if (n->serving && n->serving->node_free && n->serving_state)
    n->serving->node_free(n);
  n->serving_state = NULL;
}

void og__serving_run_end(struct og_engine *e)
{
  double now = og__now();
  for (size_t i = 0; i < e->n_nodes; i++) {
    struct og_node *n = &e->nodes[i];
    if (n->serving && n->serving->run_end && n->serving_state)
      n->serving->run_end(n, now);
  }
}
