/* Power-of-two-choices routing: sample two up nodes uniformly, send to the
 * one with fewer requests in hand (Mitzenmacher, "The Power of Two Choices in
 * Randomized Load Balancing", IEEE TPDS 2001). Ties go to the first draw. */
#include "routing.h"

static size_t pick(struct og_router *r, struct og_pool *p)
{
  size_t a = og__router_random_up(r, p);
  size_t b = og__router_random_up(r, p);
  return r->load[b] < r->load[a] ? b : a;
}

const struct og_routing_type og_route_power_of_two = {
  .pick = pick,
};
