/* Least-loaded routing: send to an up node with the fewest requests in hand,
 * ties broken uniformly at random. Nodes sit in buckets by load so a pick
 * and a load change cost O(1) amortised, not a scan of every node. */
#include <stdlib.h>

#include "grow.h"
#include "rng.h"
#include "routing.h"

struct bucket {
  size_t *v;
  size_t len, cap;
};

struct buckets {
  struct bucket *b; /* b[load] */
  size_t n_b;
  size_t *pos;      /* position of each node in its bucket, SIZE_MAX if absent */
  size_t min;       /* lowest load with a non-empty bucket (if any node is up) */
};

static int bucket_push(struct buckets *s, uint32_t load, size_t node)
{
  if (load >= s->n_b) {
    size_t n = s->n_b ? s->n_b : 16;
    while (n <= load)
      n *= 2;
    struct bucket *nb = realloc(s->b, n * sizeof *nb);
    if (!nb)
      return -1;
    for (size_t i = s->n_b; i < n; i++)
      nb[i] = (struct bucket){0};
    s->b = nb;
    s->n_b = n;
  }
  struct bucket *b = &s->b[load];
  if (og_grow((void **)&b->v, &b->cap, b->len + 1, sizeof *b->v, 8))
    return -1;
  s->pos[node] = b->len;
  b->v[b->len++] = node;
  if (load < s->min)
    s->min = load;
  return 0;
}

static void bucket_remove(struct buckets *s, uint32_t load, size_t node)
{
  struct bucket *b = &s->b[load];
  size_t p = s->pos[node];
  size_t last = b->v[--b->len];
  b->v[p] = last;
  s->pos[last] = p;
  s->pos[node] = SIZE_MAX;
}

/* Over the pool's up members, in id order. */
static enum og_status init(struct og_router *r, struct og_pool *p)
{
  struct buckets *s = calloc(1, sizeof *s);
  if (!s)
    return OG_ENOMEM;
  p->policy = s;
  s->pos = malloc((r->n ? r->n : 1) * sizeof *s->pos);
  if (!s->pos)
    return OG_ENOMEM;
  s->min = SIZE_MAX;
  for (size_t i = 0; i < r->n; i++) {
    s->pos[i] = SIZE_MAX;
    if (p->pos[i] < OG_POOL_DOWN && bucket_push(s, r->load[i], i) != 0)
      return OG_ENOMEM;
  }
  return OG_OK;
}

static void fini(struct og_router *r, struct og_pool *p)
{
  (void)r;
  struct buckets *s = p->policy;
  if (!s)
    return;
  for (size_t i = 0; i < s->n_b; i++)
    free(s->b[i].v);
  free(s->b);
  free(s->pos);
  free(s);
}

static size_t pick(struct og_router *r, struct og_pool *p)
{
  struct buckets *s = p->policy;
  while (s->b[s->min].len == 0)
    s->min++;
  struct bucket *b = &s->b[s->min];
  return b->v[og_rng_index(r->rng, b->len)];
}

/* Allocation failure while moving a node between buckets cannot be reported
 * through the router's void interface; it leaves the node out of the index
 * (never picked) rather than corrupting it. Buckets grow rarely. */
static void load_changed(struct og_router *r, struct og_pool *p, size_t node, uint32_t old)
{
  struct buckets *s = p->policy;
  if (s->pos[node] == SIZE_MAX)
    return;
  bucket_remove(s, old, node);
  (void)bucket_push(s, r->load[node], node);
}

static void up_changed(struct og_router *r, struct og_pool *p, size_t node)
{
  struct buckets *s = p->policy;
  if (p->pos[node] < OG_POOL_DOWN) {
    (void)bucket_push(s, r->load[node], node);
  } else if (s->pos[node] != SIZE_MAX) {
    bucket_remove(s, r->load[node], node);
  }
}

const struct og_routing_type og_route_least_loaded = {
  .pick = pick,
  .init = init,
  .fini = fini,
  .load_changed = load_changed,
  .up_changed = up_changed,
};
