/* The scenario schema: one row per key, with its type, unit, range and
 * default. docs/scenario.md is the user's view of these tables. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "protocol_kind.h"
#include "scenario_internal.h"

#define NUM(k, T, m, u, r, l, h, d, req) \
  {.key = k, .type = OG_F_NUM, .off = offsetof(T, m), .unit = u, .range = r, .lo = l, .hi = h, \
   .def = d, .required = req}
#define COUNT(k, T, m, l, h, d, req) \
  {.key = k, .type = OG_F_COUNT, .off = offsetof(T, m), .range = OG_R_GE_LE, .lo = l, .hi = h, \
   .def = d, .required = req}
#define STR(k, T, m, req) {.key = k, .type = OG_F_STR, .off = offsetof(T, m), .required = req}
#define NAME(k, T, m, req) {.key = k, .type = OG_F_NAME, .off = offsetof(T, m), .required = req}
#define ENUM(k, T, m, n, d) \
  {.key = k, .type = OG_F_ENUM, .off = offsetof(T, m), .names = n, .def = d}
#define REF(k, T, m, t, req) \
  {.key = k, .type = OG_F_REF, .off = offsetof(T, m), .ref = t, .ref_what = WHAT_##t, \
   .required = req}
#define LIST(k, T, m, n, s, req) \
  {.key = k, .type = OG_F_LIST, .off = offsetof(T, m), .off2 = offsetof(T, n), .sub = &s, \
   .required = req}
#define SCHEMA(w, f, T) OG_SCHEMA(w, f, T)

typedef struct og_scenario SC;
typedef struct og_region RG;
typedef struct og_wan_link WL;
typedef struct og_model MD;
typedef struct og_node_class NC;
typedef struct og_workload WK;
typedef struct og_mmpp_state MS;
typedef struct og_client_region CR;
typedef struct og_mix_entry MX;

#define OG_NAME_ENTRY(E, name, ...) [OG_NET_##E] = #name,
#define OG_TRAITS_ENTRY(E, name, traits) [OG_NET_##E] = traits,
const char *const og_net_mode_names[OG_NET_MODE_COUNT + 1] = {OG_NET_MODE_LIST(OG_NAME_ENTRY)};
const unsigned og_net_mode_traits[OG_NET_MODE_COUNT] = {OG_NET_MODE_LIST(OG_TRAITS_ENTRY)};
#undef OG_NAME_ENTRY
#undef OG_TRAITS_ENTRY
#define OG_NAME_ENTRY(E, name) [OG_SERVING_##E] = #name,
const char *const og_serving_names[OG_SERVING_COUNT + 1] = {OG_SERVING_LIST(OG_NAME_ENTRY)};
#undef OG_NAME_ENTRY
#define NAME_OF(E, name) #name,
static const char *const arrivals[] = {OG_ARRIVAL_LIST(NAME_OF) NULL};
static const char *const routings[] = {OG_ROUTING_LIST(NAME_OF) NULL};
#undef NAME_OF
const char *const og_quantile_mode_names[] = {"exact", "sketch", NULL};
static const char *const services[] = {"deterministic", "exponential", NULL};
static const char *const devices[] = {"gpu", "cpu", NULL};
static const char *const iteration_modes[] = {"closed_form", "each", NULL};

static const struct og_field wan_f[] = {
  {.key = "between", .type = OG_F_PAIR, .off = offsetof(WL, a), .off2 = offsetof(WL, b),
   .ref = OG_REF_REGION, .ref_what = "region", .required = 1},
  NUM("latency", WL, latency, OG_UNIT_DURATION, OG_R_GE, 0, 0, NULL, 1),
  NUM("bandwidth", WL, bandwidth, OG_UNIT_BANDWIDTH, OG_R_GT, 0, 0, NULL, 0),
};
static const struct og_schema wan_s = SCHEMA("wan link", wan_f, WL);

static const struct og_field net_f[] = {
  ENUM("mode", SC, net_mode, og_net_mode_names, "hybrid"),
  NUM("flow_threshold", SC, flow_threshold, OG_UNIT_SIZE, OG_R_GE, 0, 0, "64kB", 0),
  STR("platform", SC, platform_file, 0),
  NUM("wan_latency", SC, wan_latency, OG_UNIT_DURATION, OG_R_GE, 0, 0, "50ms", 0),
  NUM("wan_bandwidth", SC, wan_bandwidth, OG_UNIT_BANDWIDTH, OG_R_GT, 0, 0, "1Gbps", 0),
  LIST("wan", SC, wan, n_wan, wan_s, 0),
};
static const struct og_schema net_s = SCHEMA("network", net_f, SC);

static const struct og_field region_f[] = {
  NAME("name", RG, name, 1),
  NUM("latency", RG, latency, OG_UNIT_DURATION, OG_R_GE, 0, 0, "500us", 0),
  NUM("bandwidth", RG, bandwidth, OG_UNIT_BANDWIDTH, OG_R_GT, 0, 0, "10Gbps", 0),
};
static const struct og_schema region_s = SCHEMA("region", region_f, RG);

static const char *const cheats[] = {"honest", "fp16", "int8", "skip_layers", "substitute",
                                     "lazy", NULL};
static const char *const on_detect[] = {"keep", "eject", "jail", NULL};
static const char *const validators[] = {"uniform", "stake", NULL};
static const char *const invalidations[] = {"first_mismatch", "statistical", NULL};
static const char *const compares[] = {"exact", "tolerance", NULL};
static const char *const settlements[] = {"per_request", "batch", NULL};
static const char *const while_loadings[] = {"elsewhere", "wait", NULL}; /* og_while_loading */

typedef struct og_dishonest DH;
static const struct og_field dishonest_f[] = {
  REF("class", DH, cls, OG_REF_CLASS, 0),
  NUM("share", DH, share, OG_UNIT_NUMBER, OG_R_GE_LE, 0, 1, NULL, 0),
  NUM("stake_share", DH, stake_share, OG_UNIT_NUMBER, OG_R_GE_LE, 0, 1, NULL, 0),
  ENUM("strategy", DH, strategy, cheats, "lazy"),
  NUM("q", DH, q, OG_UNIT_NUMBER, OG_R_GE_LE, 0, 1, "1", 0),
  NUM("cost_factor", DH, cost_factor, OG_UNIT_NUMBER, OG_R_GE_LE, 0, 1, NULL, 0),
  {.key = "colludes", .type = OG_F_BOOL, .off = offsetof(DH, colludes), .def = "false"},
  {.key = "adaptive", .type = OG_F_BOOL, .off = offsetof(DH, adaptive), .def = "false"},
};
static const struct og_schema dishonest_s = SCHEMA("dishonest group", dishonest_f, DH);

typedef struct og_verification VF;
static const struct og_field verification_f[] = {
  ENUM("protocol", VF, protocol, og_protocol_names, "none"),
  NUM("rate", VF, rate, OG_UNIT_NUMBER, OG_R_GE_LE, 0, 1, "0", 0),
  ENUM("on_detect", VF, on_detect, on_detect, "eject"),
  NUM("jail", VF, jail, OG_UNIT_DURATION, OG_R_GT, 0, 0, "1h", 0),
  ENUM("validator", VF, by_stake, validators, "uniform"),
  COUNT("revalidation", VF, revalidation, 0, 99, "0", 0),
  NUM("overhead", VF, overhead, OG_UNIT_NUMBER, OG_R_GE, 1, 0, NULL, 0),
  NUM("iteration_cost", VF, iteration_cost, OG_UNIT_DURATION, OG_R_GE, 0, 0, NULL, 0),
  NUM("latency", VF, latency, OG_UNIT_DURATION, OG_R_GE, 0, 0, NULL, 0),
  {.key = "adaptive", .type = OG_F_BOOL, .off = offsetof(VF, adaptive), .def = "false"},
  NUM("rate_min", VF, rate_min, OG_UNIT_NUMBER, OG_R_GE_LE, 0, 1, "0.01", 0),
  COUNT("reputation", VF, reputation, 1, 1000000, "100", 0),
  NUM("fp_rate", VF, fp_rate, OG_UNIT_NUMBER, OG_R_GE_LE, 0, 0.5, "0", 0),
  NUM("fn_rate", VF, fn_rate, OG_UNIT_NUMBER, OG_R_GE_LT, 0, 1, "0", 0),
  ENUM("invalidation", VF, statistical, invalidations, "first_mismatch"),
  ENUM("compare", VF, tolerance_compare, compares, "exact"),
  NUM("tolerance", VF, tolerance, OG_UNIT_NUMBER, OG_R_GE, 0, 0, "1e-3", 0),
};
/* The keys of the block's protocol (its kind's own schema), and which
 * protocol has a key the block's lacks. */
static const struct og_schema *protocol_params(const void *base)
{
  return og_protocol_kind(((const VF *)base)->protocol)->params;
}

static const char *protocol_owner(const void *base, const char *key, char *buf, size_t len)
{
  for (int p = 0; p < OG_PROTO_COUNT; p++) {
    const struct og_schema *s = og_protocol_kind(p)->params;
    for (size_t i = 0; s && i < s->n_fields; i++)
      if (!strcmp(s->fields[i].key, key)) {
        snprintf(buf, len, "protocol '%s', not '%s'", og_protocol_names[p],
                 og_protocol_names[((const VF *)base)->protocol]);
        return buf;
      }
  }
  return NULL;
}

static const struct og_schema verification_s = {
  .what = "verification", .fields = verification_f,
  .n_fields = sizeof verification_f / sizeof verification_f[0], .size = sizeof(VF),
  .variant = protocol_params, .variant_owner = protocol_owner,
};

/* A token count's or a message size's distribution: `dist` picks the keys
 * that follow, of counts (tokens) or of sizes with a unit (bytes). */
typedef struct og_shape SH;
#define TOKENS(k, m, d, req) \
  {.key = k, .type = OG_F_COUNT_F64, .off = offsetof(SH, m), .range = OG_R_GE_LE, .lo = 1, \
   .hi = 1 << 20, .def = d, .required = req}
#define BYTES(k, m, r, d, req) NUM(k, SH, m, OG_UNIT_SIZE, r, 0, 0, d, req)
static const char *const dists[] = {"fixed", "uniform", "lognormal", "histogram", NULL};
static const struct og_field shape_f[] = {
  {.key = "dist", .type = OG_F_ENUM, .off = offsetof(SH, dist), .names = dists, .required = 1},
};
static const struct og_field fixed_f[] = {
  TOKENS("value", value, NULL, 1),
};
static const struct og_field uniform_f[] = {
  TOKENS("min", min, NULL, 1),
  TOKENS("max", max, NULL, 1),
};
static const struct og_field lognormal_f[] = {
  NUM("mean", SH, mean, OG_UNIT_NUMBER, OG_R_GT, 0, 0, NULL, 0),
  NUM("sd", SH, sd, OG_UNIT_NUMBER, OG_R_GE, 0, 0, NULL, 0),
  NUM("median", SH, median, OG_UNIT_NUMBER, OG_R_GT, 0, 0, NULL, 0),
  NUM("p90", SH, p90, OG_UNIT_NUMBER, OG_R_GT, 0, 0, NULL, 0),
  TOKENS("min", min, "1", 0),
  TOKENS("max", max, "131072", 0),
};
static const struct og_field histogram_f[] = {
  STR("file", SH, file, 1),
};
static const struct og_field size_fixed_f[] = {
  BYTES("value", value, OG_R_GE, NULL, 1),
};
static const struct og_field size_uniform_f[] = {
  BYTES("min", min, OG_R_GE, NULL, 1),
  BYTES("max", max, OG_R_GE, NULL, 1),
};
static const struct og_field size_lognormal_f[] = {
  BYTES("mean", mean, OG_R_GT, NULL, 0),
  BYTES("sd", sd, OG_R_GE, NULL, 0),
  BYTES("median", median, OG_R_GT, NULL, 0),
  BYTES("p90", p90, OG_R_GT, NULL, 0),
  BYTES("min", min, OG_R_GE, "0", 0),
  BYTES("max", max, OG_R_GE, NULL, 0),
};
static const struct og_schema dist_s[] = {
  SCHEMA("fixed distribution", fixed_f, SH),
  SCHEMA("uniform distribution", uniform_f, SH),
  SCHEMA("lognormal distribution", lognormal_f, SH),
  SCHEMA("histogram distribution", histogram_f, SH),
};
static const struct og_schema size_dist_s[] = {
  SCHEMA("fixed distribution", size_fixed_f, SH),
  SCHEMA("uniform distribution", size_uniform_f, SH),
  SCHEMA("lognormal distribution", size_lognormal_f, SH),
  SCHEMA("histogram distribution", histogram_f, SH),
};

static const struct og_schema *dist_keys(const void *base)
{
  return &dist_s[((const SH *)base)->dist];
}

static const struct og_schema *size_dist_keys(const void *base)
{
  return &size_dist_s[((const SH *)base)->dist];
}

/* Which of the four variants in set has key (written into buf), or NULL. */
static const char *owner_in(const struct og_schema *set, const void *base, const char *key,
                            char *buf, size_t len)
{
  for (size_t d = 0; d < sizeof dist_s / sizeof dist_s[0]; d++)
    for (size_t i = 0; i < set[d].n_fields; i++)
      if (!strcmp(set[d].fields[i].key, key)) {
        snprintf(buf, len, "dist '%s', not '%s'", dists[d], dists[((const SH *)base)->dist]);
        return buf;
      }
  return NULL;
}

static const char *dist_owner(const void *base, const char *key, char *buf, size_t len)
{
  return owner_in(dist_s, base, key, buf, len);
}

static const char *size_dist_owner(const void *base, const char *key, char *buf, size_t len)
{
  return owner_in(size_dist_s, base, key, buf, len);
}

static const struct og_schema shape_s = {
  .what = "token distribution", .fields = shape_f, .n_fields = 1, .size = sizeof(SH),
  .variant = dist_keys, .variant_owner = dist_owner,
};
static const struct og_schema size_shape_s = {
  .what = "size distribution", .fields = shape_f, .n_fields = 1, .size = sizeof(SH),
  .variant = size_dist_keys, .variant_owner = size_dist_owner,
};

#define SHAPE(k, m, shape) \
  {.key = k, .type = OG_F_COUNT_MAP, .off = offsetof(MD, m), .off2 = offsetof(MD, shape), \
   .range = OG_R_GE_LE, .lo = 1, .hi = 1 << 20, .sub = &shape_s}
#define SIZE_SHAPE(k, m, shape) \
  {.key = k, .type = OG_F_NUM_MAP, .off = offsetof(MD, m), .off2 = offsetof(MD, shape), \
   .unit = OG_UNIT_SIZE, .range = OG_R_GE, .def = "1kB", .sub = &size_shape_s}

/* slo: the scenario's, and a model's own (metrics_tokens.c uses them). */
typedef struct og_slo SL;
static const struct og_field slo_f[] = {
  NUM("ttft", SL, ttft, OG_UNIT_DURATION, OG_R_GT, 0, 0, NULL, 0),
  NUM("tpot", SL, tpot, OG_UNIT_DURATION, OG_R_GT, 0, 0, NULL, 0),
};
static const struct og_schema slo_s = SCHEMA("slo", slo_f, SL);

static const struct og_field model_f[] = {
  NAME("name", MD, name, 1),
  NAME("zoo", MD, zoo, 0),
  SHAPE("prompt_tokens", prompt_tokens, prompt),
  SHAPE("output_tokens", output_tokens, output),
  NUM("flops", MD, flops, OG_UNIT_FLOP, OG_R_GT, 0, 0, NULL, 0),
  NUM("weight_bytes", MD, weight_bytes, OG_UNIT_SIZE, OG_R_GE, 0, 0, NULL, 0),
  NUM("bytes", MD, bytes, OG_UNIT_SIZE, OG_R_GE, 0, 0, NULL, 0),
  SIZE_SHAPE("request_bytes", request_bytes, request_size),
  SIZE_SHAPE("response_bytes", response_bytes, response_size),
  ENUM("service", MD, service, services, "deterministic"),
  NUM("run_share", MD, run_share, OG_UNIT_NUMBER, OG_R_GE_LE, 0, 1, "0", 0),
  NUM("fee", MD, fee, OG_UNIT_NUMBER, OG_R_GE, 0, 0, "0", 0),
  COUNT("tensor_parallel", MD, tensor_parallel, 1, 64, "1", 0),
  COUNT("dtype_bytes", MD, dtype_bytes, 1, 8, NULL, 0),
  {.key = "verification", .type = OG_F_MAP, .off = offsetof(MD, verification),
   .sub = &verification_s},
  {.key = "slo", .type = OG_F_MAP, .off = offsetof(MD, slo), .sub = &slo_s},
  COUNT("min_replicas", MD, min_replicas, 0, 10000000, "0", 0),
  COUNT("max_replicas", MD, max_replicas, 1, 10000000, NULL, 0),
};
static const struct og_schema model_s = SCHEMA("model", model_f, MD);

/* churn: a session law (`dist` picks the keys that follow) and the joins. */
typedef struct og_session SE;
typedef struct og_churn CH;
const char *const og_session_names[] = {"exponential", "weibull", "lognormal", NULL};
static const struct og_field session_f[] = {
  {.key = "dist", .type = OG_F_ENUM, .off = offsetof(SE, dist), .names = og_session_names,
   .required = 1},
};
static const struct og_field session_exp_f[] = {
  NUM("mean", SE, mean, OG_UNIT_DURATION, OG_R_GT, 0, 0, NULL, 1),
};
static const struct og_field session_weibull_f[] = {
  NUM("shape", SE, shape, OG_UNIT_NUMBER, OG_R_GT, 0, 0, NULL, 1),
  NUM("mean", SE, mean, OG_UNIT_DURATION, OG_R_GT, 0, 0, NULL, 0),
  NUM("scale", SE, scale, OG_UNIT_DURATION, OG_R_GT, 0, 0, NULL, 0),
};
static const struct og_field session_lognormal_f[] = {
  NUM("mean", SE, mean, OG_UNIT_DURATION, OG_R_GT, 0, 0, NULL, 0),
  NUM("sd", SE, sd, OG_UNIT_DURATION, OG_R_GE, 0, 0, NULL, 0),
  NUM("median", SE, median, OG_UNIT_DURATION, OG_R_GT, 0, 0, NULL, 0),
  NUM("p90", SE, p90, OG_UNIT_DURATION, OG_R_GT, 0, 0, NULL, 0),
};
static const struct og_schema session_dist_s[] = {
  SCHEMA("exponential session", session_exp_f, SE),
  SCHEMA("weibull session", session_weibull_f, SE),
  SCHEMA("lognormal session", session_lognormal_f, SE),
};

static const struct og_schema *session_keys(const void *base)
{
  return &session_dist_s[((const SE *)base)->dist];
}

static const char *session_owner(const void *base, const char *key, char *buf, size_t len)
{
  for (size_t d = 0; d < sizeof session_dist_s / sizeof session_dist_s[0]; d++)
    for (size_t i = 0; i < session_dist_s[d].n_fields; i++)
      if (!strcmp(session_dist_s[d].fields[i].key, key)) {
        snprintf(buf, len, "dist '%s', not '%s'", og_session_names[d],
                 og_session_names[((const SE *)base)->dist]);
        return buf;
      }
  return NULL;
}

static const struct og_schema session_s = {
  .what = "session", .fields = session_f, .n_fields = 1, .size = sizeof(SE),
  .variant = session_keys, .variant_owner = session_owner,
};

static const struct og_field churn_f[] = {
  NUM("join_rate", CH, join_rate, OG_UNIT_RATE, OG_R_GE, 0, 0, NULL, 1),
  {.key = "session", .type = OG_F_MAP, .off = offsetof(CH, session), .sub = &session_s,
   .required = 1},
  NUM("initial", CH, initial_read, OG_UNIT_NUMBER, OG_R_GE, 0, 0, NULL, 0),
};
static const struct og_schema churn_s = SCHEMA("churn", churn_f, CH);

static const struct og_field class_f[] = {
  NAME("name", NC, name, 1),
  REF("region", NC, region, OG_REF_REGION, 1),
  COUNT("count", NC, count, 1, 10000000, NULL, 1),
  NUM("peak", NC, peak_flops, OG_UNIT_FLOPS, OG_R_GT, 0, 0, NULL, 1),
  NUM("mem_bandwidth", NC, mem_bw, OG_UNIT_BANDWIDTH, OG_R_GE, 0, 0, "0", 0),
  NUM("memory", NC, memory, OG_UNIT_SIZE, OG_R_GE, 0, 0, "0", 0),
  NUM("cost", NC, cost_per_s, OG_UNIT_MONEY_RATE, OG_R_GE, 0, 0, "0", 0),
  NUM("efficiency", NC, efficiency, OG_UNIT_NUMBER, OG_R_GT_LE, 0, 1, "1", 0),
  COUNT("max_batch", NC, max_batch, 1, 65536, "1", 0),
  NUM("batch_window", NC, batch_window, OG_UNIT_DURATION, OG_R_GE, 0, 0, "0", 0),
  ENUM("serving", NC, serving, og_serving_names, "batch"),
  NUM("mtbf", NC, mtbf, OG_UNIT_DURATION, OG_R_GE, 0, 0, "0", 0),
  NUM("mttr", NC, mttr, OG_UNIT_DURATION, OG_R_GT, 0, 0, "5min", 0),
  NUM("stake", NC, stake, OG_UNIT_NUMBER, OG_R_GT, 0, 0, "1", 0),
  COUNT("gpus", NC, gpus, 1, 64, "1", 0),
  ENUM("device", NC, cpu, devices, "gpu"),
  NUM("compute_efficiency", NC, compute_efficiency, OG_UNIT_NUMBER, OG_R_GT_LE, 0, 1,
      OG_DEFAULT_COMPUTE_EFFICIENCY, 0),
  NUM("memory_efficiency", NC, memory_efficiency, OG_UNIT_NUMBER, OG_R_GT_LE, 0, 1,
      OG_DEFAULT_MEMORY_EFFICIENCY, 0),
  NUM("iteration_overhead", NC, iteration_overhead, OG_UNIT_DURATION, OG_R_GE, 0, 0,
      OG_DEFAULT_ITERATION_OVERHEAD, 0),
  NUM("prefill_layer_overhead", NC, prefill_layer_overhead, OG_UNIT_DURATION, OG_R_GE, 0, 0,
      OG_DEFAULT_PREFILL_LAYER_OVERHEAD, 0),
  NUM("kv_memory", NC, kv_memory, OG_UNIT_NUMBER, OG_R_GT_LE, 0, 1, "0.9", 0),
  COUNT("block_tokens", NC, block_tokens, 1, 4096, "16", 0),
  COUNT("max_num_seqs", NC, max_num_seqs, 1, 1 << 20, "256", 0),
  COUNT("max_batched_tokens", NC, max_batched_tokens, 1, 1 << 26, "8192", 0),
  {.key = "chunked_prefill", .type = OG_F_BOOL, .off = offsetof(NC, chunked_prefill),
   .def = "false"},
  NUM("nvlink_bandwidth", NC, nvlink_bandwidth, OG_UNIT_BANDWIDTH, OG_R_GT, 0, 0, "450GB/s", 0),
  NUM("nvlink_latency", NC, nvlink_latency, OG_UNIT_DURATION, OG_R_GE, 0, 0, "8us", 0),
  ENUM("iterations", NC, per_iteration, iteration_modes, "closed_form"),
  NUM("load_bandwidth", NC, load_bandwidth, OG_UNIT_BANDWIDTH, OG_R_GT, 0, 0,
      OG_DEFAULT_LOAD_BANDWIDTH, 0),
  NUM("fail_share", NC, fail_share, OG_UNIT_NUMBER, OG_R_GE_LE, 0, 1, "1", 0),
  {.key = "churn", .type = OG_F_MAP, .off = offsetof(NC, churn), .sub = &churn_s},
  {.key = "hosts", .type = OG_F_RAW}, /* models or shares: read by scenario_hosts.c */
};
static const struct og_schema class_s = SCHEMA("node class", class_f, NC);

static const struct og_field mmpp_f[] = {
  NUM("rate", MS, rate, OG_UNIT_RATE, OG_R_GE, 0, 0, NULL, 1),
  NUM("dwell", MS, mean_dwell, OG_UNIT_DURATION, OG_R_GT, 0, 0, NULL, 1),
};
static const struct og_schema mmpp_s = SCHEMA("mmpp state", mmpp_f, MS);

static const struct og_field client_f[] = {
  REF("region", CR, region, OG_REF_REGION, 1),
  NUM("share", CR, share, OG_UNIT_NUMBER, OG_R_GT, 0, 0, NULL, 1),
  COUNT("hosts", CR, hosts, 1, 1e9, "1", 0),
};
static const struct og_schema client_s = SCHEMA("client", client_f, CR);

static const struct og_field mix_f[] = {
  REF("model", MX, model, OG_REF_MODEL, 1),
  NUM("share", MX, share, OG_UNIT_NUMBER, OG_R_GT, 0, 0, NULL, 1),
};
static const struct og_schema mix_s = SCHEMA("mix entry", mix_f, MX);

typedef struct og_trace TR;
typedef struct og_trace_columns TC;
static const char *const trace_formats[] = {"azure", "burstgpt", "columns", NULL};
static const struct og_field columns_f[] = {
  STR("time", TC, time, 0),
  STR("prompt", TC, prompt, 0),
  STR("output", TC, output, 0),
  STR("model", TC, model, 0),
  STR("request_bytes", TC, request_bytes, 0),
  STR("response_bytes", TC, response_bytes, 0),
};
static const struct og_schema columns_s = SCHEMA("trace columns", columns_f, TC);

static const struct og_field trace_f[] = {
  STR("file", TR, file, 1),
  ENUM("format", TR, format, trace_formats, "azure"),
  {.key = "columns", .type = OG_F_MAP, .off = offsetof(TR, columns), .sub = &columns_s},
  NUM("speedup", TR, speedup, OG_UNIT_NUMBER, OG_R_GT, 0, 0, "1", 0),
  NUM("rate_scale", TR, rate_scale, OG_UNIT_NUMBER, OG_R_GT, 0, 0, "1", 0),
  {.key = "keep_failures", .type = OG_F_BOOL, .off = offsetof(TR, keep_failures),
   .def = "false"},
  {.key = "models", .type = OG_F_RAW}, /* trace name -> model: read by scenario_trace.c */
};
static const struct og_schema trace_s = SCHEMA("trace", trace_f, TR);

static const struct og_field workload_f[] = {
  ENUM("arrival", WK, arrival, arrivals, "poisson"),
  NUM("rate", WK, rate, OG_UNIT_RATE, OG_R_GT, 0, 0, NULL, 0),
  LIST("mmpp", WK, mmpp, n_mmpp, mmpp_s, 0),
  LIST("clients", WK, clients, n_clients, client_s, 0),
  LIST("mix", WK, mix, n_mix, mix_s, 0),
  {.key = "trace", .type = OG_F_MAP, .off = offsetof(WK, trace), .sub = &trace_s},
  NUM("timeout", WK, timeout, OG_UNIT_DURATION, OG_R_GT, 0, 0, "30s", 0),
  {.key = "max_retries", .type = OG_F_UINT, .off = offsetof(WK, max_retries),
   .range = OG_R_GE_LE, .lo = 0, .hi = 100, .def = "1"},
};
static const struct og_schema workload_s = SCHEMA("workload", workload_f, WK);

static const struct og_field gateway_f[] = {
  REF("region", SC, gateway_region, OG_REF_REGION, 0),
  ENUM("routing", SC, routing, routings, "random"),
};
static const struct og_schema gateway_s = SCHEMA("gateway", gateway_f, SC);

static const struct og_field output_f[] = {
  NUM("timeseries_interval", SC, ts_interval, OG_UNIT_DURATION, OG_R_GT, 0, 0, "1s", 0),
  {.key = "requests", .type = OG_F_BOOL, .off = offsetof(SC, trace_requests), .def = "false"},
  ENUM("quantiles", SC, quantiles, og_quantile_mode_names, "exact"),
};
static const struct og_schema output_s = SCHEMA("output", output_f, SC);

typedef struct og_placement PL;
static const struct og_field placement_f[] = {
  ENUM("policy", PL, policy, og_placement_names, "static"),
  {.key = "preload", .type = OG_F_BOOL, .off = offsetof(PL, preload), .def = "true"},
  {.key = "peer_fetch", .type = OG_F_BOOL, .off = offsetof(PL, peer_fetch), .def = "false"},
  NUM("interval", PL, interval, OG_UNIT_DURATION, OG_R_GT, 0, 0, "10s", 0),
  NUM("target_utilisation", PL, target_utilisation, OG_UNIT_NUMBER, OG_R_GT_LE, 0, 1, "0.7", 0),
  NUM("scale_down", PL, scale_down, OG_UNIT_DURATION, OG_R_GE, 0, 0, "60s", 0),
  ENUM("while_loading", PL, while_loading, while_loadings, "elsewhere"),
};
static const struct og_schema placement_s = SCHEMA("placement", placement_f, PL);

typedef struct og_economics EC;
static const struct og_field economics_f[] = {
  NUM("slash", EC, slash, OG_UNIT_NUMBER, OG_R_GE_LE, 0, 1, "0", 0),
  NUM("check_reward", EC, check_reward, OG_UNIT_NUMBER, OG_R_GE, 0, 0, "0", 0),
  NUM("whistleblower", EC, whistleblower, OG_UNIT_NUMBER, OG_R_GE_LE, 0, 1, "0", 0),
  NUM("block_time", EC, block_time, OG_UNIT_DURATION, OG_R_GE, 0, 0, "0", 0),
  ENUM("settlement", EC, batch_settlement, settlements, "per_request"),
  COUNT("batch_size", EC, batch_size, 0, 1000000000, "0", 0),
  NUM("tx_cost", EC, tx_cost, OG_UNIT_NUMBER, OG_R_GE, 0, 0, "0", 0),
  STR("currency", EC, currency, 0),
};
static const struct og_schema economics_s = SCHEMA("economics", economics_f, EC);

/* Storage and loading (docs/loading.md). */
typedef struct og_storage_tier ST;
static const struct og_field storage_f[] = {
  NAME("name", ST, name, 1),
  REF("region", ST, region, OG_REF_REGION, 0),
  NUM("bandwidth", ST, bandwidth, OG_UNIT_BANDWIDTH, OG_R_GT, 0, 0, NULL, 1),
  NUM("latency", ST, latency, OG_UNIT_DURATION, OG_R_GE, 0, 0, "0s", 0),
};
static const struct og_schema storage_s = SCHEMA("storage tier", storage_f, ST);

static const struct og_field top_f[] = {
  NAME("name", SC, name, 0),
  {.key = "seed", .type = OG_F_U64, .off = offsetof(SC, seed), .def = "1"},
  NUM("duration", SC, duration, OG_UNIT_DURATION, OG_R_GT, 0, 0, NULL, 1),
  NUM("warmup", SC, warmup, OG_UNIT_DURATION, OG_R_GE, 0, 0, "0", 0),
  NUM("drain", SC, drain, OG_UNIT_DURATION, OG_R_GE, 0, 0, "60s", 0),
  {.key = "network", .type = OG_F_MAP, .off = 0, .sub = &net_s},
  LIST("regions", SC, regions, n_regions, region_s, 1),
  LIST("models", SC, models, n_models, model_s, 1),
  LIST("node_classes", SC, classes, n_classes, class_s, 1),
  STR("calibration", SC, calibration, 0),
  {.key = "workload", .type = OG_F_MAP, .off = offsetof(SC, workload), .sub = &workload_s,
   .required = 1},
  {.key = "gateway", .type = OG_F_MAP, .off = 0, .sub = &gateway_s},
  {.key = "output", .type = OG_F_MAP, .off = 0, .sub = &output_s},
  LIST("dishonest", SC, dishonest, n_dishonest, dishonest_s, 0),
  {.key = "verification", .type = OG_F_MAP, .off = offsetof(SC, verification),
   .sub = &verification_s},
  {.key = "economics", .type = OG_F_MAP, .off = offsetof(SC, economics), .sub = &economics_s},
  {.key = "slo", .type = OG_F_MAP, .off = offsetof(SC, slo), .sub = &slo_s},
  LIST("storage", SC, storage, n_storage, storage_s, 0),
  {.key = "placement", .type = OG_F_MAP, .off = offsetof(SC, placement), .sub = &placement_s},
};

const struct og_schema og__scenario_schema = SCHEMA("scenario", top_f, SC);

const char *og_scenario_cheat_name(enum og_cheat c)
{
  return (size_t)c < sizeof cheats / sizeof cheats[0] - 1 ? cheats[c] : "?";
}
