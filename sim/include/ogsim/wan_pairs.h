/* The region pairs a generated platform joins by a WAN link: only those the
 * engine routes between (clients' and nodes' regions to the gateway's,
 * nodes' regions to clients' regions), not every pair. */
#ifndef OG_WAN_PAIRS_H
#define OG_WAN_PAIRS_H

#include <stddef.h>

#include "scenario.h"
#include "status.h"

struct og_wan_key {
  size_t lo, hi, idx; /* regions of scenario.wan[idx], lo < hi */
};

/* The scenario's WAN entries as keys sorted by (lo, hi, idx): a new array
 * of sc->n_wan keys owned by the caller (free), or NULL when out of memory. */
struct og_wan_key *og_wan_sorted(const struct og_scenario *sc);

struct og_wan_pairs {
  size_t n_regions;
  unsigned char *role;    /* per region: nodes, clients, gateway bits */
  size_t *peers[3];       /* sorted regions: [0] active, [1] client or gateway,
                             [2] node or gateway */
  size_t n_peers[3];
  struct og_wan_key *order; /* scenario.wan sorted by (lo, hi, idx) */
};

/* Build the pair plan of a scenario. OG_ENOMEM (pairs left empty, free it
 * anyway). Free with og_wan_pairs_fini. */
OG_MUST_CHECK enum og_status og_wan_pairs_init(struct og_wan_pairs *p,
                                               const struct og_scenario *sc);
void og_wan_pairs_fini(struct og_wan_pairs *p);

/* The regions b > a that region a is joined to, ascending: their count,
 * and *list pointing at the first. */
size_t og_wan_pairs_of(const struct og_wan_pairs *p, size_t a, const size_t **list);

/* Number of pairs joined. */
double og_wan_pairs_count(const struct og_wan_pairs *p);

/* The scenario's wan entry for regions a and b, or NULL (defaults). */
const struct og_wan_link *og_wan_pairs_link(const struct og_wan_pairs *p,
                                            const struct og_scenario *sc, size_t a, size_t b);

#endif
