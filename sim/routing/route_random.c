/* Uniform random routing: every up node equally likely (as the OpenGradient
 * SDK picks a TEE node). */
#include "routing.h"

static size_t pick(struct og_router *r, struct og_pool *p)
{
  return og__router_random_up(r, p);
}

const struct og_routing_type og_route_random = {
  .pick = pick,
};
