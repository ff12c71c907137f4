/* Region pairs joined by WAN links in a generated platform, in ascending
 * (a, b) order, and the scenario's wan entry of a pair by binary search. */
#include <stdlib.h>

#include "wan_pairs.h"

enum { ROLE_NODES = 1, ROLE_CLIENTS = 2, ROLE_GATEWAY = 4 };

/* The set of peers of a region by its role: who it sends to or hears from. */
static int peer_set(unsigned char role)
{
  if ((role & ROLE_GATEWAY) || (role & (ROLE_NODES | ROLE_CLIENTS)) == (ROLE_NODES | ROLE_CLIENTS))
    return 0;
  if (role & ROLE_NODES)
    return 1;
  return role & ROLE_CLIENTS ? 2 : -1;
}

static int in_set(int set, unsigned char role)
{
  static const unsigned char want[3] = {ROLE_NODES | ROLE_CLIENTS | ROLE_GATEWAY,
                                        ROLE_CLIENTS | ROLE_GATEWAY, ROLE_NODES | ROLE_GATEWAY};
  return (role & want[set]) != 0;
}

static int by_pair(const void *x, const void *y)
{
  const struct og_wan_key *a = x, *b = y;
  if (a->lo != b->lo)
    return a->lo < b->lo ? -1 : 1;
  if (a->hi != b->hi)
    return a->hi < b->hi ? -1 : 1;
  return a->idx < b->idx ? -1 : 1;
}

struct og_wan_key *og_wan_sorted(const struct og_scenario *sc)
{
  struct og_wan_key *k = malloc((sc->n_wan ? sc->n_wan : 1) * sizeof *k);
  if (!k)
    return NULL;
  for (size_t i = 0; i < sc->n_wan; i++) {
    const struct og_wan_link *w = &sc->wan[i];
    k[i] = (struct og_wan_key){w->a < w->b ? w->a : w->b, w->a < w->b ? w->b : w->a, i};
  }
  qsort(k, sc->n_wan, sizeof *k, by_pair);
  return k;
}

enum og_status og_wan_pairs_init(struct og_wan_pairs *p, const struct og_scenario *sc)
{
  size_t n = sc->n_regions;
  *p = (struct og_wan_pairs){.n_regions = n};
  p->role = calloc(n ? n : 1, 1);
  for (int s = 0; s < 3; s++)
    p->peers[s] = malloc((n ? n : 1) * sizeof *p->peers[s]);
  if (!p->role || !p->peers[0] || !p->peers[1] || !p->peers[2])
    return OG_ENOMEM;
  for (size_t k = 0; k < sc->n_classes; k++)
    if (sc->classes[k].count > 0)
      p->role[sc->classes[k].region] |= ROLE_NODES;
  for (size_t c = 0; c < sc->workload.n_clients; c++)
    p->role[sc->workload.clients[c].region] |= ROLE_CLIENTS;
  if (sc->gateway_region < n)
    p->role[sc->gateway_region] |= ROLE_GATEWAY;
  for (size_t r = 0; r < n; r++)
    for (int s = 0; s < 3; s++)
      if (in_set(s, p->role[r]))
        p->peers[s][p->n_peers[s]++] = r;
  p->order = og_wan_sorted(sc);
  return p->order ? OG_OK : OG_ENOMEM;
}

void og_wan_pairs_fini(struct og_wan_pairs *p)
{
  free(p->role);
  for (int s = 0; s < 3; s++)
    free(p->peers[s]);
  free(p->order);
  *p = (struct og_wan_pairs){0};
}

size_t og_wan_pairs_of(const struct og_wan_pairs *p, size_t a, const size_t **list)
{
  int s = a < p->n_regions ? peer_set(p->role[a]) : -1;
  if (s < 0) {
    *list = NULL;
    return 0;
  }
  const size_t *v = p->peers[s];
  size_t l = 0, h = p->n_peers[s];
  while (l < h) {
    size_t m = l + (h - l) / 2;
    if (v[m] <= a)
      l = m + 1;
    else
      h = m;
  }
  *list = v + l;
  return p->n_peers[s] - l;
}

double og_wan_pairs_count(const struct og_wan_pairs *p)
{
  double n = 0;
  const size_t *list;
  for (size_t a = 0; a < p->n_regions; a++)
    n += (double)og_wan_pairs_of(p, a, &list);
  return n;
}

/* The first entry listed for the pair, as a linear scan in file order finds. */
const struct og_wan_link *og_wan_pairs_link(const struct og_wan_pairs *p,
                                            const struct og_scenario *sc, size_t a, size_t b)
{
  size_t x = a < b ? a : b, y = a < b ? b : a, l = 0, h = sc->n_wan;
  while (l < h) {
    size_t m = l + (h - l) / 2;
    const struct og_wan_key *k = &p->order[m];
    if (k->lo < x || (k->lo == x && k->hi < y))
      l = m + 1;
    else
      h = m;
  }
  if (l < sc->n_wan && p->order[l].lo == x && p->order[l].hi == y)
    return &sc->wan[p->order[l].idx];
  return NULL;
}
