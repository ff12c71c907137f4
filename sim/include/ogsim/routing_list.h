/* Every gateway routing policy, one line each: X(ENUM_SUFFIX, name). The
 * name is what a scenario's `routing:` key takes; the policy's file is
 * sim/routing/route_NAME.c, defining og_route_NAME. */
#ifndef OG_ROUTING_LIST_H
#define OG_ROUTING_LIST_H

#define OG_ROUTING_LIST(X) \
  X(RANDOM, random) \
  X(LEAST_LOADED, least_loaded) \
  X(POWER_OF_TWO, power_of_two) \
  X(STAKE_WEIGHTED, stake_weighted)

#endif
