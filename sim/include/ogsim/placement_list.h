/* Every placement policy, one line each: X(ENUM_SUFFIX, name). The name is
 * what a scenario's `placement.policy` takes; the policy's file is
 * sim/hosting/NAME.c, defining og_place_NAME (docs/hosting.md). */
#ifndef OG_PLACEMENT_LIST_H
#define OG_PLACEMENT_LIST_H

#define OG_PLACEMENT_LIST(X) \
  X(STATIC, static) \
  X(DEMAND, demand)

#endif
