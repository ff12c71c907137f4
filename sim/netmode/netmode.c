/* The table from a scenario's network mode to its hooks, from the one list
 * (net_mode_list.h). */
#include "netmode.h"

#define OG_NET_ENTRY(E, name, traits) [OG_NET_##E] = &og_net_##name,
static const struct og_net_mode_type *const types[OG_NET_MODE_COUNT] = {
  OG_NET_MODE_LIST(OG_NET_ENTRY)
};
#undef OG_NET_ENTRY

const struct og_net_mode_type *og__net_mode(enum og_net_mode m)
{
  return types[m];
}
