/* No verification: every result is accepted as it is. */
#include <math.h>

#include "protocol.h"

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
/* None verifies nothing, yet the engine applies a block's overhead,
 * iteration_cost and latency whatever its protocol: an explicit one left from another
 * protocol (a `--set` or a sweep's axis switching the protocol) would
 * still slow every response, so it is refused, not kept silently. None's
 * own values (overhead 1, iteration_cost 0, latency 0) change nothing and pass. */
static const char *check(const struct og_verification *v, const struct og_scenario *sc,
                         const char **key)
{
  (void)sc;
  if (!isnan(v->overhead) && v->overhead != 1) {
    *key = "overhead";
    return "protocol 'none' verifies nothing, yet this overhead would still slow every "
           "response: remove it (or set it to 1)";
  }
  if (!isnan(v->iteration_cost) && v->iteration_cost != 0) {
    *key = "iteration_cost";
    return "protocol 'none' verifies nothing, yet this iteration_cost would still slow every "
           "response: remove it (or set it to 0)";
  }
  if (!isnan(v->latency) && v->latency != 0) {
    *key = "latency";
    return "protocol 'none' verifies nothing, yet this latency would still slow every "
           "response: remove it (or set it to 0)";
  }
  return NULL;
}

const struct og_protocol_kind og_kind_none = {
  .net_modes = OG_NET_MODES_ALL,
  .overhead = 1,
  .check = check,
};

#else /* the engine's half */
const struct og_protocol_type og_proto_none = {0};
#endif
