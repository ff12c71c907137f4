/* Every network mode, one line each: X(ENUM_SUFFIX, name, traits). The name
 * is what a scenario's `network.mode` key takes; the traits (enum
 * og_net_mode_trait) are what the loader and the pre-run estimate know of
 * it. The mode's one file is sim/netmode/NAME.c, which defines
 * og_net_NAME (struct og_net_mode_type: the engine's hooks). */
#ifndef OG_NET_MODE_LIST_H
#define OG_NET_MODE_LIST_H

#define OG_NET_MODE_LIST(X) \
  X(FAST, fast, 0) \
  X(EXACT, exact, OG_NMT_MESSAGES) \
  X(HYBRID, hybrid, 0)

#endif
