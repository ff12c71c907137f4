/* Verification protocols: one descriptor per protocol behind one small
 * interface; the node actor calls through it and never names a protocol. */
#ifndef OG_PROTOCOL_H
#define OG_PROTOCOL_H

#include "engine_internal.h"

struct og_protocol_type {
  const char *name;
  /* Whether dishonest node n can cheat at all (TEE: only if compromised). */
  int (*can_cheat)(const struct og_node *n);
  /* Node n has just served client request r (r->cheated is set). */
  void (*served)(struct og_node *n, struct og_request *r);
};

extern const struct og_protocol_type og_proto_none;
extern const struct og_protocol_type og_proto_spot_check;
extern const struct og_protocol_type og_proto_tee;
extern const struct og_protocol_type og_proto_zkml;
extern const struct og_protocol_type og_proto_optimistic;
extern const struct og_protocol_type og_proto_redundancy;

/* Node n earned `fee` at real time `now` (settles with its block). */
void og__ledger_earn(struct og_node *n, double fee, double now);

/* A bad result of `suspect` was found (by `validator`, or NULL when a proof
 * check found it): the fee is forfeited, the stake slashed, the finder
 * paid, the suspect ejected if the scenario says so. */
void og__detect(struct og_engine *e, struct og_node *validator, struct og_node *suspect,
                uint32_t model, double when);

/* Spot-check machinery shared with the optimistic protocol: maybe (rate)
 * send r for re-execution by a validator; a check finishing after
 * `deadline` (real time) finds nothing. */
void og__send_check(struct og_node *n, struct og_request *r, double deadline);

/* can_cheat of protocols that do not restrict cheating. */
int og__proto_always(const struct og_node *n);


#endif
