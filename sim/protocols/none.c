/* No verification: every result is accepted as it is. */
#include "protocol.h"

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
const struct og_protocol_kind og_kind_none = {
  .net_modes = OG_NET_MODES_ALL,
  .overhead = 1,
};

#else /* the engine's half */
const struct og_protocol_type og_proto_none = {0};
#endif
