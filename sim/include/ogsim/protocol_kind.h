/* What the scenario loader, the pre-run estimate and the metrics know of a
 * verification protocol: its traits, defaults, own keys and checks. The
 * engine's half (its hooks) is struct og_protocol_type (sim/protocols/
 * protocol.h); both live in the protocol's one file. No SimGrid here. */
#ifndef OG_PROTOCOL_KIND_H
#define OG_PROTOCOL_KIND_H

#include <stddef.h>

#include "scenario.h"

struct og_schema;

enum og_protocol_trait {
  OG_PT_SAMPLES = 1u << 0,    /* validators re-execute a share `rate` of results
                                 (needs rate > 0; allows re-validation votes) */
  OG_PT_VALIDATORS = 1u << 1, /* draws validators or committee members (the check
                                 streams and the stake table are set up) */
};

/* Network modes a protocol runs in, as a bit set of 1 << enum og_net_mode. */
#define OG_NET_MODE_BIT(m) (1u << (m))
#define OG_NET_MODES_ALL ((1u << OG_NET_MODE_COUNT) - 1)

struct og_protocol_kind {
  unsigned traits;          /* enum og_protocol_trait bits */
  unsigned net_modes;       /* OG_NET_MODE_BIT of each network mode it runs in */
  /* Its declared costs (docs/verification.md), defaults of the block's keys:
   * on the serving node every iteration (or pass) of a request under it
   * takes overhead x its time + iteration_cost; the client adds latency to
   * each response. Validators' re-executions, copies and provers are its
   * hooks' (they run on simulated capacity). */
  double overhead;          /* default multiplier on the serving node's iterations */
  double iteration_cost;    /* default s added to each of them */
  double latency;           /* default s added to each response (proof check) */
  /* Its own keys of the verification block, written into
   * og_verification.params (NULL: none). */
  const struct og_schema *params;
  /* A check of a loaded block against the scenario (NULL: none): a message,
   * with *key the key it is about, or NULL when the block is fine. */
  const char *(*check)(const struct og_verification *v, const struct og_scenario *sc,
                       const char **key);
  /* Nodes computing each request on average, for the pre-run estimate
   * (NULL: 1). */
  double (*copies)(const struct og_verification *v);
  /* What settling one dispute (a detection by re-execution) costs (NULL:
   * nothing). */
  double (*dispute_cost)(const struct og_verification *v);
};

/* The kinds and names, indexed by enum og_protocol (names NULL-terminated,
 * as enum keys of the schema take them). */
extern const struct og_protocol_kind *const og_protocol_kinds[OG_PROTO_COUNT];
extern const char *const og_protocol_names[OG_PROTO_COUNT + 1];

static inline const struct og_protocol_kind *og_protocol_kind(enum og_protocol p)
{
  return og_protocol_kinds[p];
}

/* The protocol's own parameters inside its block, as its file's struct. */
#define OG_PROTOCOL_PARAMS(T, v) ((const T *)(const void *)(v)->params)

#endif
