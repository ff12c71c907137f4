/* Every verification protocol, one line each: X(ENUM_SUFFIX, name). The
 * name is what a scenario's `protocol:` key takes, and the protocol's one
 * file is sim/protocols/NAME.c (the build reads it from this list), which
 * defines og_kind_NAME (struct og_protocol_kind: what the scenario loader
 * needs) and og_proto_NAME (struct og_protocol_type: the engine's hooks). */
#ifndef OG_PROTOCOL_LIST_H
#define OG_PROTOCOL_LIST_H

#define OG_PROTOCOL_LIST(X) \
  X(NONE, none) \
  X(SPOT_CHECK, spot_check) \
  X(TEE, tee) \
  X(ZKML, zkml) \
  X(OPTIMISTIC, optimistic) \
  X(REDUNDANCY, redundancy) \
  X(QUORUM, quorum) \
  X(TOPLOC, toploc)

#endif
