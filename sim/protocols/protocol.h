/* Verification protocols: the interface between the engine and each
 * protocol's file. The engine calls through the hooks and never names a
 * protocol; a protocol is one file plus one line in protocol_list.h. */
#ifndef OG_PROTOCOL_H
#define OG_PROTOCOL_H

#include "conf.h"
#include "protocol_kind.h"

/* In the SimGrid-free build of the protocols' kinds (the scenario loader's
 * half) OG_PROTOCOL_ENGINE is 0 and a protocol file's engine half, after
 * `#if OG_PROTOCOL_ENGINE`, is left out. */
#ifndef OG_PROTOCOL_ENGINE
#define OG_PROTOCOL_ENGINE 1
#endif

/* Offset of member m of a protocol's own parameter struct T inside its
 * verification block (the `off` of its schema rows). */
#define OG_PARAM_OFF(T, m) (offsetof(struct og_verification, params) + offsetof(T, m))
#define OG_PARAMS_FIT(T) \
  _Static_assert(sizeof(T) <= OG_PROTOCOL_PARAMS_MAX, #T " is larger than OG_PROTOCOL_PARAMS_MAX")

#define OG_KIND_DECLARE(E, name) extern const struct og_protocol_kind og_kind_##name;
OG_PROTOCOL_LIST(OG_KIND_DECLARE)
#undef OG_KIND_DECLARE

/* The pre-run estimate's copies of a protocol that checks a share `rate`
 * of results by re-execution: each request once, its checks at `rate`
 * (spot-check; TOPLOC, whose prefill-only check it counts whole). */
double og__kind_copies_sampled(const struct og_verification *v);

#if OG_PROTOCOL_ENGINE
#include "engine_internal.h"

/* The engine's half of a protocol: a hook at each point of a request's
 * life where a protocol can act. A NULL hook is the default behaviour. */
struct og_protocol_type {
  /* Once per run, after the cheaters are known, when a model uses it:
   * draw its per-node state (state: node_state bytes per node, zeroed). */
  enum og_status (*setup)(struct og_engine *e);
  size_t node_state;
  /* When the run has ended, before the metrics are computed: report what
   * it kept (its own capacity's time and cost) to the metrics. */
  void (*finish)(struct og_engine *e);
  /* At the end of the run: free what setup kept in *og__proto_run. */
  void (*teardown)(struct og_engine *e);
  /* Whether dishonest node n can cheat at all under block v (NULL: yes). */
  int (*can_cheat)(const struct og_node *n, const struct og_verification *v);
  /* Client request r is to be routed (first attempt or retry); NULL: to
   * the node the routing policy picks. */
  void (*dispatch)(struct og_engine *e, struct og_request *r);
  /* r was routed to node `primary` (default dispatch). */
  void (*routed)(struct og_engine *e, struct og_request *r, uint32_t primary);
  /* Whether node n holds back its result for r (no fee, never arrives:
   * the result hook sees t_done = INFINITY). NULL: it delivers. */
  int (*withholds)(struct og_node *n, const struct og_request *r);
  /* Node n has just served r, a client request or a copy (r->cheated set). */
  void (*served)(struct og_node *n, struct og_request *r);
  /* n's result for r (a client request or a copy) reaches the client at
   * real time t_done. NULL: a client request succeeds if on time. */
  void (*result)(struct og_node *n, struct og_request *r, double t_done);
  /* A re-execution (OG_KIND_CHECK) finished at validator v. */
  void (*check_done)(struct og_node *v, struct og_request *check);
  /* Free r->proto, the protocol's state for request r. */
  void (*request_free)(struct og_request *r);
};

#define OG_PROTO_DECLARE(E, name) extern const struct og_protocol_type og_proto_##name;
OG_PROTOCOL_LIST(OG_PROTO_DECLARE)
#undef OG_PROTO_DECLARE

/* The engine's half of the protocol of a model's requests. */
const struct og_protocol_type *og__proto(const struct og_engine *e, uint32_t model);
/* Node n's state of protocol p (node_state bytes), or NULL; where
 * protocol p keeps its state for the whole run (set by its setup). */
void *og__proto_node_state(const struct og_node *n, enum og_protocol p);
void **og__proto_run(struct og_engine *e, enum og_protocol p);
/* A new generator of protocol p's own stream at node `node` (seed,
 * OG_RNG_PROTOCOL, p and node): every draw a protocol makes for a node
 * (TEE's enclave draw) comes from it, never from the node's strategy
 * stream (cheat decisions) nor from the check streams (validator picks,
 * sampling), so that turning a protocol on for a model moves no other
 * draw. Owned by the caller (gsl_rng_free); NULL when out of memory. */
gsl_rng *og__proto_rng_new(const struct og_engine *e, enum og_protocol p, uint32_t node);

/* Re-execution machinery (checks.c) of the protocols that sample results:
 * maybe (rate) send r for re-execution by a validator, a check finishing
 * after `deadline` (real time) finding nothing; a re-execution finished at
 * validator v (their check_done hook). */
void og__send_check(struct og_node *n, struct og_request *r, double deadline);
/* The same, checked by one prefill over r's prompt and output tokens
 * (toploc.c): the check has P + O prompt tokens and 1 output token; a
 * request that is not an LLM's is re-executed whole. Re-validation votes
 * on it are the same prefill. */
void og__send_prefill_check(struct og_node *n, struct og_request *r, double deadline);
void og__verify_finish(struct og_node *v, struct og_request *check);

/* A proof of `bytes` rides on r's response: added to its size once,
 * however often r is routed (protocol.c; r->proto marks it, so a protocol
 * that carries a proof keeps no other per-request state). */
void og__proto_carry_proof(struct og_request *r, double bytes);

/* Copies (copies.c): hand node `node` a copy (OG_KIND_REPLICA) of client
 * request r to compute; the copy's result comes to the protocol's result
 * hook. -1 when out of memory (e->oom is set). */
int og__copy_send(struct og_engine *e, struct og_request *r, size_t node);

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

#endif /* OG_PROTOCOL_ENGINE */

#endif
