/* The table of protocol kinds and names the scenario loader reads, from
 * the one list (protocol_list.h). Part of the SimGrid-free build only. */
#include "protocol.h"

#define OG_KIND_ENTRY(E, name) [OG_PROTO_##E] = &og_kind_##name,
#define OG_NAME_ENTRY(E, name) [OG_PROTO_##E] = #name,
const struct og_protocol_kind *const og_protocol_kinds[OG_PROTO_COUNT] = {
  OG_PROTOCOL_LIST(OG_KIND_ENTRY)
};
const char *const og_protocol_names[OG_PROTO_COUNT + 1] = {OG_PROTOCOL_LIST(OG_NAME_ENTRY)};
#undef OG_KIND_ENTRY
#undef OG_NAME_ENTRY
