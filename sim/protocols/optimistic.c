/* Optimistic verification (opML style: Conway et al., "opML: Optimistic
 * Machine Learning on Blockchain", 2024): results are accepted at once and
 * become final after a challenge window; watchers re-execute a share
 * (`rate`) of them, and a bad result is disputed (the node slashed, the
 * dispute costing `dispute_cost`) only if the watcher's re-execution ends
 * inside the window. Clients see results at once; finality comes a window
 * later. */
#include "protocol.h"

struct optimistic_params {
  double window;       /* s during which a result can be challenged */
  double dispute_cost; /* cost of settling one dispute */
};
OG_PARAMS_FIT(struct optimistic_params);

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
#define P(m) OG_PARAM_OFF(struct optimistic_params, m)
static const struct og_field fields[] = {
  {.key = "window", .type = OG_F_NUM, .off = P(window), .unit = OG_UNIT_DURATION,
   .range = OG_R_GT, .def = "10min"},
  {.key = "dispute_cost", .type = OG_F_NUM, .off = P(dispute_cost), .unit = OG_UNIT_NUMBER,
   .range = OG_R_GE, .def = "0"},
};
static const struct og_schema params = OG_SCHEMA("optimistic", fields, struct og_verification);

static double dispute_cost(const struct og_verification *v)
{
  return OG_PROTOCOL_PARAMS(struct optimistic_params, v)->dispute_cost;
}

const struct og_protocol_kind og_kind_optimistic = {
  .traits = OG_PT_SAMPLES | OG_PT_VALIDATORS,
  .net_modes = OG_NET_MODES_ALL,
  .overhead = 1,
  .params = &params,
  .dispute_cost = dispute_cost,
};

#else /* the engine's half */
static void served(struct og_node *n, struct og_request *r)
{
  const struct og_verification *v = og__vf(n->e, r->model);
  og__send_check(n, r, og__node_real_now(n) + OG_PROTOCOL_PARAMS(struct optimistic_params, v)->window);
}

const struct og_protocol_type og_proto_optimistic = {
  .served = served,
  .check_done = og__verify_finish,
};
#endif
