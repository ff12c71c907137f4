/* Uniform random routing: every up node equally likely (as the OpenGradient
 * SDK picks a TEE node). */
#include "routing.h"

static size_t pick(struct og_router *r)
{
  return og__router_random_up(r);
}

const struct og_routing_type og_route_random = {
  .pick = pick,
};
