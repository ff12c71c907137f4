/* Verification protocols: one descriptor per protocol behind one small
 * interface; the node actor calls through it and never names a protocol. */
#ifndef OG_PROTOCOL_H
#define OG_PROTOCOL_H

#include "engine_internal.h"

struct og_protocol_type {
  const char *name;
  /* Whether dishonest node n can cheat at all under block v (TEE: only if
   * its enclave is compromised). */
  int (*can_cheat)(const struct og_node *n, const struct og_verification *v);
  /* Node n has just served client request r (r->cheated is set). */
  void (*served)(struct og_node *n, struct og_request *r);
};

extern const struct og_protocol_type og_proto_none;
extern const struct og_protocol_type og_proto_spot_check;
extern const struct og_protocol_type og_proto_tee;
extern const struct og_protocol_type og_proto_zkml;
extern const struct og_protocol_type og_proto_optimistic;
extern const struct og_protocol_type og_proto_redundancy;

/* Spot-check machinery shared with the optimistic protocol: maybe (rate)
 * send r for re-execution by a validator; a check finishing after
 * `deadline` (real time) finds nothing. */
void og__send_check(struct og_node *n, struct og_request *r, double deadline);

/* Hand `validator` a re-execution of the result of `of` (a client request,
 * or a check whose result is re-executed again) served by node `suspect`;
 * `bad` if that result was cheated; rv: the vote it is cast in, or NULL.
 * -1 when out of memory. */
int og__check_enqueue(struct og_engine *e, uint32_t validator, const struct og_request *of,
                      uint32_t suspect, int bad, double deadline, struct og_revote *rv);

/* The verdict on the suspect of `check` (failed or passed), given at real
 * time `when`: counted, reputation updated, invalidation rule applied, and
 * a detection (slash, ejection or jail) when it says so. */
void og__verdict(struct og_engine *e, struct og_node *validator, const struct og_request *check,
                 int fail, double when);

/* Re-validation (revalidation.c): start a vote of the model's
 * `revalidation` validators on the failed `check` by validator v (0), or
 * -1 when no other validator is up (the first check then decides); cast one
 * voter's finding. */
int og__revote_start(struct og_engine *e, struct og_node *v, const struct og_request *check);
void og__revote_cast(struct og_engine *e, struct og_node *voter, struct og_revote *rv, int fail);

/* can_cheat of protocols that do not restrict cheating. */
int og__proto_always(const struct og_node *n, const struct og_verification *v);


#endif
