/* A validated scenario: the plain-C description of one simulated network.
 * The loader (scenario_load.c) knows nothing of SimGrid; the engine turns
 * this struct into a platform and actors. All quantities are SI base units:
 * seconds, bytes, bytes per second, FLOP, FLOP/s, currency units per second. */
#ifndef OG_SCENARIO_H
#define OG_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "arrival_list.h"
#include "net_mode_list.h"
#include "placement_list.h"
#include "protocol_list.h"
#include "routing_list.h"
#include "serving_list.h"
#include "status.h"

struct og_alias;

#define OG_ARRIVAL_ENUM(E, name) OG_ARRIVAL_##E,
enum og_arrival_kind { OG_ARRIVAL_LIST(OG_ARRIVAL_ENUM) OG_ARRIVAL_COUNT };
#undef OG_ARRIVAL_ENUM
#define OG_ROUTE_ENUM(E, name) OG_ROUTE_##E,
enum og_routing_kind { OG_ROUTING_LIST(OG_ROUTE_ENUM) OG_ROUTE_COUNT };
#undef OG_ROUTE_ENUM
#define OG_NET_MODE_ENUM(E, name, traits) OG_NET_##E,
enum og_net_mode { OG_NET_MODE_LIST(OG_NET_MODE_ENUM) OG_NET_MODE_COUNT };
#undef OG_NET_MODE_ENUM

/* What the loader and the estimate know of a network mode. */
enum og_net_mode_trait {
  OG_NMT_MESSAGES = 1u << 0, /* every hop is a SimGrid communication: a mailbox
                                and a receiver actor per node and client */
};

/* Names (NULL-terminated, as enum keys of the schema take them) and
 * traits of the network modes, indexed by enum og_net_mode. */
extern const char *const og_net_mode_names[OG_NET_MODE_COUNT + 1];
extern const unsigned og_net_mode_traits[OG_NET_MODE_COUNT];

#define OG_PLACEMENT_ENUM(E, name) OG_PLACEMENT_##E,
enum og_placement_kind { OG_PLACEMENT_LIST(OG_PLACEMENT_ENUM) OG_PLACEMENT_COUNT };
#undef OG_PLACEMENT_ENUM

/* Names of the placement policies, indexed by enum og_placement_kind. */
extern const char *const og_placement_names[OG_PLACEMENT_COUNT + 1];

#define OG_SERVING_ENUM(E, name) OG_SERVING_##E,
enum og_serving { OG_SERVING_LIST(OG_SERVING_ENUM) OG_SERVING_COUNT };
#undef OG_SERVING_ENUM

/* Names of the serving engines, indexed by enum og_serving. */
extern const char *const og_serving_names[OG_SERVING_COUNT + 1];
enum og_service_dist { OG_SERVICE_DETERMINISTIC, OG_SERVICE_EXPONENTIAL };

struct og_region {
  char *name;
  double latency;   /* s, between two hosts of the region */
  double bandwidth; /* B/s, of each host's link into the region */
};

/* WAN link between two regions (indices into og_scenario.regions). */
struct og_wan_link {
  size_t a, b;
  double latency;   /* s */
  double bandwidth; /* B/s */
};

/* Defaults of the continuous engine's efficiencies (docs/serving.md gives
 * their sources and the comparison with published figures). */
#define OG_DEFAULT_COMPUTE_EFFICIENCY "0.6"
#define OG_DEFAULT_MEMORY_EFFICIENCY "0.75"
#define OG_DEFAULT_ITERATION_OVERHEAD "1ms"
#define OG_DEFAULT_PREFILL_LAYER_OVERHEAD "100us"
/* Host to GPU memory when a model loads: PCIe 4.0 x16 (31.5 GB/s per
 * direction, nominal) at the ~25 GB/s pinned copies reach (docs/loading.md). */
#define OG_DEFAULT_LOAD_BANDWIDTH "25GB/s"

/* Churn (docs/churn.md): how long a node stays online once it joins. */
enum og_session_dist { OG_SESSION_EXPONENTIAL, OG_SESSION_WEIBULL, OG_SESSION_LOGNORMAL };

struct og_session {
  int dist;              /* enum og_session_dist */
  double mean;           /* s; every law has it once loaded (NAN: not given) */
  double shape, scale;   /* weibull: k and lambda (s) */
  double sd, median, p90;/* lognormal by mean and sd, or median and p90 (s) */
  double mu, sigma;      /* lognormal: mean and sd of the log */
};

/* A class whose nodes join and leave: its `count` is its slots (machines
 * that may be online at once); joins are a Poisson process into a free
 * slot (refused when none is: an Erlang loss system). */
/* Names of the session laws, indexed by enum og_session_dist (NULL-terminated). */
extern const char *const og_session_names[];

struct og_churn {
  int on;                /* the class has a churn block */
  double join_rate;      /* 1/s */
  double initial_read;   /* `initial` as written (NAN: not given, then count) */
  size_t initial;        /* slots online at t = 0 */
  struct og_session session;
};

/* Models that some nodes of a class host, and how many of its nodes host
 * exactly them (docs/hosting.md). A class's groups partition its nodes. */
struct og_host_group {
  size_t *models;   /* indices into og_scenario.models, ascending */
  size_t n_models;
  size_t count;     /* nodes of the class hosting exactly these models */
  int shared;       /* models is og_scenario.requested (not owned) */
};

/* What a class's `hosts` key said (scenario_hosts.c). */
enum og_hosts_form { OG_HOSTS_DEFAULT, OG_HOSTS_LIST, OG_HOSTS_SHARES };

struct og_node_class {
  char *name;
  size_t region;       /* index into og_scenario.regions */
  size_t count;        /* nodes of this class */
  double peak_flops;   /* FLOP/s */
  double mem_bw;       /* B/s */
  double memory;       /* B */
  double cost_per_s;   /* currency per second of wall-clock ownership */
  double efficiency;   /* achieved share of peak, (0, 1] */
  size_t max_batch;    /* >= 1 */
  double batch_window; /* s to wait for a batch to fill; 0 = start at once */
  enum og_serving serving; /* what its nodes do with their queues */
  double mtbf;         /* s, mean time between failures; 0 = never fails */
  double mttr;         /* s, mean time to repair */
  double stake;        /* stake of each node, for stake-weighted routing */
  /* The continuous engine (iteration-level batching; docs/serving.md). The
   * class's peak, mem_bandwidth and memory are per GPU. */
  size_t gpus;           /* GPUs per node (a model runs on tensor_parallel of them) */
  int cpu;               /* device: cpu: compute efficiency from the calibration
                            (efficiency x the model's), not compute_efficiency */
  double compute_efficiency; /* achieved share of peak FLOP/s on large GEMMs */
  double memory_efficiency;  /* achieved share of memory bandwidth in decode */
  double iteration_overhead; /* s of scheduling and launch per iteration */
  double prefill_layer_overhead; /* s per layer more for an iteration with prefill
                                    (kernels launched one by one, not a CUDA graph) */
  double kv_memory;      /* share of memory for weights and the KV cache */
  size_t block_tokens;   /* tokens per KV-cache block (paged) */
  size_t max_num_seqs;   /* sequences running at once */
  size_t max_batched_tokens; /* tokens per iteration (prefill + decode) */
  int chunked_prefill;   /* prefills split into chunks sharing iterations with decodes */
  double nvlink_bandwidth; /* B/s per direction between the node's GPUs */
  double nvlink_latency;   /* s per all-reduce step */
  int per_iteration;     /* iterations: each: step one iteration at a time (the
                            reference for the closed-form runs of decodes) */
  double load_bandwidth; /* B/s from host memory to GPU memory when a model loads
                            (docs/loading.md) */
  /* Churn and failures of a share (docs/churn.md). */
  double fail_share;     /* share of its nodes that fail with mtbf/mttr (seeded choice) */
  struct og_churn churn;
  /* hosts: which models its nodes hold (docs/hosting.md). groups[0..n_groups)
   * partition the class's nodes; with shares, groups[i] is the i-th model
   * of the mapping and a last group of no model holds the nodes left over. */
  int hosts_form;        /* enum og_hosts_form */
  double *host_shares;   /* shares: each group's share of the class (n_groups) */
  struct og_host_group *groups;
  size_t n_groups;
};

#define OG_PROTO_ENUM(E, name) OG_PROTO_##E,
enum og_protocol { OG_PROTOCOL_LIST(OG_PROTO_ENUM) OG_PROTO_COUNT };
#undef OG_PROTO_ENUM

/* Bytes of a verification block a protocol's own parameters may take
 * (each protocol file checks its struct fits at compile time). */
#define OG_PROTOCOL_PARAMS_MAX 64

/* Money: the ledger's parameters (currency units). */
struct og_economics {
  double slash;            /* fraction of a node's stake taken per detection */
  double check_reward;     /* paid to a validator per check */
  double whistleblower;    /* share of a slashed amount paid to the validator */
  double block_time;       /* s between settlements; 0: each result settles at once */
  int batch_settlement;    /* results settle as a hash of a batch, one transaction per
                              batch, not one transaction per result */
  size_t batch_size;       /* batch: results per batch at most (0: a batch per block) */
  double tx_cost;          /* cost of one settlement transaction (gas) */
  char *currency;          /* unit of every money value written (NULL: "currency") */
};

enum og_on_detect { OG_DETECT_KEEP, OG_DETECT_EJECT, OG_DETECT_JAIL };

struct og_verification {
  enum og_protocol protocol;
  double rate;         /* spot-check: share of results re-executed */
  int on_detect;       /* enum og_on_detect */
  double overhead;     /* multiplier on every iteration (or pass) of its requests on the
                          serving node: compute, memory and fixed terms (tee: enclave) */
  double iteration_cost; /* s added to every such iteration (tee: encrypted CPU-GPU I/O) */
  double latency;      /* s added to each response at the client (proof check) */
  double jail;         /* on_detect jail: s a caught node is excluded for (an epoch) */
  int by_stake;        /* spot_check, optimistic: validators drawn by stake, not uniformly */
  size_t revalidation; /* spot_check: validators voting on a mismatch before it counts
                          (0: the first validator decides) */
  int adaptive;        /* spot_check: rate follows each node's reputation */
  double rate_min;     /* adaptive: rate at full reputation */
  size_t reputation;   /* adaptive: passed checks for full reputation */
  double fp_rate;      /* spot_check: chance an honest result fails a check (float noise
                          across hardware, or a loose tolerance) */
  double fn_rate;      /* re-execution checks: chance a bad result passes a check (a
                          comparison blind to the cheat); real outputs decide instead
                          under compare: tolerance */
  int statistical;     /* spot_check: invalidate on a test over the node's history,
                          not on the first failed check */
  int tolerance_compare; /* spot_check: compare real outputs of runnable zoo models
                            within `tolerance` instead of exactly */
  double tolerance;    /* relative L2 distance still accepted */
  /* The protocol's own keys (its file's struct: tee's `compromised`,
   * optimistic's `window` and `dispute_cost`, redundancy's `copies`, ...). */
  _Alignas(double) unsigned char params[OG_PROTOCOL_PARAMS_MAX];
};

/* How a model's requests draw a token count (prompt or output) or a message
 * size (request or response bytes): a fixed value, or a distribution given
 * as a mapping in place of the value. Token draws are integers >= 1
 * (og_shape_draw), size draws bytes >= 0, not rounded (og_shape_draw_size);
 * sim/workload/shape.c draws both. */
enum og_shape_dist { OG_SHAPE_FIXED, OG_SHAPE_UNIFORM, OG_SHAPE_LOGNORMAL, OG_SHAPE_HISTOGRAM };
#define OG_SHAPE_MAX_DEFAULT 131072 /* lognormal's default upper clamp of tokens */

struct og_shape {
  int dist;              /* enum og_shape_dist */
  int given;             /* a mapping was given (else: the model's number) */
  double value;          /* fixed: the count or size (0: the request has no tokens) */
  double min, max;       /* uniform: inclusive bounds; lognormal: clamps (sizes:
                            NAN, not given: 0 and no upper clamp) */
  double mean, sd;       /* lognormal by mean and sd (NAN: not given) */
  double median, p90;    /* lognormal by median and 90th percentile (NAN: not given) */
  char *file;            /* histogram: CSV tokens,weight (or count); sizes bytes,weight */
  double mu, sigma;      /* lognormal: mean and sd of the log */
  double *values;        /* histogram: the values (tokens or bytes), n of them */
  size_t n;
  struct og_alias *alias; /* histogram: their weights */
  double expect;         /* the distribution's mean (what the model is costed at) */
};

/* Service-level objectives of LLM requests (`slo:`): the bounds a request
 * meets to count in goodput. A bound not given (NAN; any value <= 0 too)
 * is no bound. */
struct og_slo {
  double ttft; /* s, time to first token */
  double tpot; /* s, time per output token after the first */
};

/* Per-request cost of a model until the model zoo replaces it. A batch of b
 * requests on a class takes max(b*flops / (peak*eff), (weight_bytes +
 * b*bytes) / mem_bw) seconds (roofline). */
struct og_model {
  char *name;
  char *zoo;             /* zoo architecture the costs come from, or NULL */
  char *zoo_path;        /* its file */
  size_t prompt_tokens, output_tokens; /* zoo decoders: request shape (0: the zoo's);
                                          with a distribution, its mean rounded */
  struct og_shape prompt, output; /* what each request draws: fixed prompt_tokens /
                                     output_tokens, or a distribution; fixed 0
                                     for models that are not zoo decoders */
  int decoder;           /* a zoo decoder (an LLM): its requests have tokens */
  double efficiency;     /* share of peak reached on this model's shapes when
                            compute-bound (calibration; 1 without a zoo model) */
  double flops;          /* FLOP per request */
  double weight_bytes;   /* B read once per batch */
  double bytes;          /* B read per request in a batch */
  double request_bytes;  /* B sent client -> gateway -> node; with a
                            distribution, its mean */
  double response_bytes; /* B sent node -> client; with a distribution, its mean */
  struct og_shape request_size, response_size; /* what each request draws: fixed
                                                  at the bytes above, or a
                                                  distribution */
  enum og_service_dist service; /* deterministic, or exponential with that mean */
  double run_share;      /* share of requests whose output is computed for real
                            (runnable zoo models only) */
  double fee;            /* paid to the serving node per delivered result */
  struct og_verification verification; /* protocol for this model's requests: its own
                                          `verification:` block, else the scenario's */
  int own_verification;  /* the model has its own block */
  /* Decoders (zoo kind decoder): the iteration cost's coefficients. */
  int llm;               /* served token by token by the continuous engine */
  size_t tensor_parallel;/* GPUs one replica runs on */
  size_t dtype_bytes;    /* bytes per weight (0: the zoo's) */
  double tok_flops;      /* FLOP per token through the layers' matrices */
  double head_flops;     /* FLOP per token that produces logits (LM head) */
  double attn_flops;     /* FLOP per token per position it attends over */
  double kv_token_bytes; /* B of KV cache per token of context */
  double param_bytes;    /* B of weights held in memory */
  double read_bytes;     /* B of weights read per iteration (the embedding
                            table is gathered, not read) */
  double hidden, layers; /* for the tensor-parallel all-reduces */
  struct og_slo slo;     /* its own bounds; a bound it does not give is the scenario's */
  size_t min_replicas;   /* nodes that host it at least (placement) */
  size_t max_replicas;   /* at most; 0: no bound */
};

/* A storage tier (`storage:`) that serves model weights: a host joined to
 * its region by a link of its bandwidth and latency (docs/loading.md). */
struct og_storage_tier {
  char *name;
  size_t region;    /* index into og_scenario.regions; SIZE_MAX: global (in the
                       gateway's region, serving regions without a tier) */
  double bandwidth; /* B/s of its link */
  double latency;   /* s of its link */
};

struct og_client_region {
  size_t region; /* index into og_scenario.regions */
  double share;  /* share of the arrival rate; shares sum to 1 after loading */
  size_t hosts;  /* hosts its requests leave from, in turn (>= 1) */
};

struct og_mix_entry {
  size_t model;  /* index into og_scenario.models */
  double share;  /* shares sum to 1 after loading */
};

/* One state of a Markov-modulated Poisson process. */
struct og_mmpp_state {
  double rate;       /* requests/s while in this state */
  double mean_dwell; /* s, mean (exponential) time spent in the state */
};

/* A trace replayed as the arrivals (workload.arrival: trace): its rows,
 * read and checked when the scenario loads (scenario_trace.c). */
enum og_trace_format { OG_TRACE_AZURE, OG_TRACE_BURSTGPT, OG_TRACE_COLUMNS };
#define OG_TRACE_NO_MODEL UINT32_MAX

struct og_trace_columns {
  char *time, *prompt, *output, *model; /* header names (NULL: the format's, or none) */
  char *request_bytes, *response_bytes;
};

struct og_trace {
  char *file;            /* CSV, relative to the scenario file */
  int format;            /* enum og_trace_format */
  struct og_trace_columns columns;
  double speedup;        /* inter-arrival times divided by this */
  double rate_scale;     /* rows thinned (< 1) or replicated (> 1) */
  int keep_failures;     /* issue rows with 0 output tokens (default: skip them) */
  /* The rows kept, in time order: time (s after the first row, before
   * speedup), token counts, scenario model (OG_TRACE_NO_MODEL: the mix),
   * message sizes in bytes (NULL: no such column; NAN: the row's cell is
   * empty; either way the model's sizes decide). */
  double *t;
  uint32_t *prompt, *output, *model;
  double *request_bytes, *response_bytes;
  size_t n_rows;
  int has_prompt, has_output; /* the trace gives them (else the model's shape) */
  size_t skipped;        /* rows with 0 output tokens left out */
};

struct og_workload {
  enum og_arrival_kind arrival;
  double rate; /* requests/s, whole network (poisson) */
  struct og_mmpp_state *mmpp; /* states (mmpp), cycled in order */
  size_t n_mmpp;
  struct og_client_region *clients;
  size_t n_clients;
  struct og_mix_entry *mix;
  size_t n_mix;
  double timeout;     /* s a client waits before giving up on an attempt */
  unsigned max_retries; /* attempts after the first, on timeout */
  struct og_trace trace; /* arrival trace: the rows */
};

/* How a dishonest node computes a request when it cheats (values match
 * enum og_exec_variant from models/net.h, less honest). */
enum og_cheat {
  OG_CHEAT_FP16 = 1, OG_CHEAT_INT8, OG_CHEAT_SKIP, OG_CHEAT_SUBSTITUTE, OG_CHEAT_LAZY,
};

/* Nodes that cheat: a share of one class's nodes, or a share of the stake
 * of one class (or, with no class, of the whole network). */
struct og_dishonest {
  size_t cls;          /* index into og_scenario.classes; SIZE_MAX: every class */
  double share;        /* of the class's nodes, in [0, 1]; NAN when stake_share is given */
  double stake_share;  /* of the class's (or network's) stake, in [0, 1]; NAN: by nodes */
  enum og_cheat strategy;
  double q;            /* probability of cheating on each request */
  double cost_factor;  /* compute of a cheated request / honest compute */
  int colludes;        /* as a validator, approves other dishonest nodes' results */
  int adaptive;        /* stops cheating once caught */
};

/* placement: where models live (docs/hosting.md). */
struct og_placement {
  int policy;          /* enum og_placement_kind */
  int preload;         /* weights in GPU memory at t = 0 (default); 0: every node
                          loads its models from storage at t = 0 (docs/loading.md) */
  int peer_fetch;      /* a load takes the weights from an up node that holds the
                          model (its region's first), else from storage */
  /* The demand policy's controller (docs/hosting.md, "Demand placement"). */
  double interval;     /* s between its runs */
  double target_utilisation; /* busy share of a replica it aims at, (0, 1] */
  double scale_down;   /* s of wanting fewer replicas before it drops some */
  int while_loading;   /* enum og_while_loading */
};

/* Where requests of a model go while some of its replicas load. */
enum og_while_loading { OG_WHILE_LOADING_ELSEWHERE, OG_WHILE_LOADING_WAIT };

struct og_scenario {
  char *path;          /* file it was loaded from */
  char *text;          /* full text of the file, as read */
  char *overrides;     /* "--set" assignments applied, one per line; "" if none */
  char *name;
  uint64_t seed;
  double duration;     /* s during which clients issue requests */
  double warmup;       /* s at the start excluded from latency/throughput */
  double drain;        /* s after duration the run may go on to finish work */

  enum og_net_mode net_mode;
  double flow_threshold; /* B: hybrid mode, messages this large are flows */
  double max_message;    /* B: the largest message a request can carry (INFINITY:
                            unbounded); the loader sets it */
  char *platform_file; /* user's SimGrid platform, or NULL to generate one */
  double wan_latency;   /* s, default for region pairs without a wan entry */
  double wan_bandwidth; /* B/s, likewise */

  struct og_region *regions;
  size_t n_regions;
  struct og_wan_link *wan;
  size_t n_wan;
  struct og_node_class *classes;
  size_t n_classes;
  struct og_model *models;
  size_t n_models;
  struct og_workload workload;

  size_t gateway_region;
  enum og_routing_kind routing;
  struct og_placement placement;
  size_t *requested;   /* models the workload requests (mix, trace), ascending:
                          what a class without `hosts` hosts */
  size_t n_requested;

  struct og_dishonest *dishonest;
  size_t n_dishonest;
  struct og_verification verification; /* the default; each model's copy is what runs */
  struct og_economics economics;
  struct og_slo slo;   /* bounds of every model's LLM requests, unless the model's own */

  char *calibration;   /* calibration file used for zoo models, or NULL */

  struct og_storage_tier *storage; /* where weights live (docs/loading.md) */
  size_t n_storage;

  double ts_interval;  /* s, width of a time-series bin */
  int trace_requests;  /* write /requests */
  int quantiles;       /* enum og_quantile_mode: how latency percentiles are kept */
};

/* output.quantiles: exact percentiles up to OG_QUANTILES_EXACT_MAX
 * completed requests, then a sketch (metrics.h); or the sketch from the
 * start. */
enum og_quantile_mode { OG_QUANTILES_EXACT, OG_QUANTILES_SKETCH };
#define OG_QUANTILES_EXACT_MAX ((size_t)1 << 22)
extern const char *const og_quantile_mode_names[]; /* "exact", "sketch", NULL */

/* Load and validate a scenario file, applying "path=value" overrides (may be
 * NULL/0) and, when seed_override is non-NULL, the seed. On success *out
 * owns a new scenario (free with og_scenario_free). On failure *out is NULL
 * and err holds "file:line:col: key.path: message". */
OG_MUST_CHECK enum og_status og_scenario_load(const char *path, const char *const *overrides,
                                              size_t n_overrides, const uint64_t *seed_override,
                                              struct og_scenario **out, struct og_error *err);

/* Same, from text in memory; name is used in messages in place of a path. */
OG_MUST_CHECK enum og_status og_scenario_parse(const char *text, size_t len, const char *name,
                                               const char *const *overrides, size_t n_overrides,
                                               const uint64_t *seed_override,
                                               struct og_scenario **out, struct og_error *err);

void og_scenario_free(struct og_scenario *sc);

/* Mean request rate of a trace's rows issued before `duration`: rows x
 * rate_scale over the span they cover after speedup (0 without rows). */
double og_trace_rate(const struct og_trace *t, double duration);

/* Whether some node class churns (nodes join and leave: docs/churn.md). */
static inline int og_scenario_churns(const struct og_scenario *sc)
{
  for (size_t i = 0; i < sc->n_classes; i++)
    if (sc->classes[i].churn.on)
      return 1;
  return 0;
}

/* Whether nodes load weights from storage during the run: every node at
 * t = 0 (placement.preload false), or the nodes that join a churning class
 * when the scenario has storage (they start empty). Then every node has a
 * host of its own in the platform. */
static inline int og_scenario_loads(const struct og_scenario *sc)
{
  return !sc->placement.preload || sc->placement.policy == OG_PLACEMENT_DEMAND || (sc->n_storage > 0 && og_scenario_churns(sc));
}

/* Whether the run has flows: the hybrid mode, and some message can reach
 * the flow threshold. Else the hybrid mode is the fast one. */
static inline int og_scenario_flows(const struct og_scenario *sc)
{
  return sc->net_mode == OG_NET_HYBRID && sc->max_message >= sc->flow_threshold;
}

/* The network mode a run uses: the hybrid mode without flows is the fast. */
static inline enum og_net_mode og_scenario_net_mode(const struct og_scenario *sc)
{
  return sc->net_mode == OG_NET_HYBRID && !og_scenario_flows(sc) ? OG_NET_FAST : sc->net_mode;
}

/* The storage tier that serves region r: its own, else the global one;
 * SIZE_MAX when none does. */
size_t og_scenario_tier_of(const struct og_scenario *sc, size_t r);

/* Total number of hosting nodes over all classes. */
size_t og_scenario_node_count(const struct og_scenario *sc);

/* Name of a cheating strategy as scenarios write it ("lazy", ...). */
const char *og_scenario_cheat_name(enum og_cheat c);

/* Index of the region, model or class with that name, or -1. */
long og_scenario_find_region(const struct og_scenario *sc, const char *name);
long og_scenario_find_model(const struct og_scenario *sc, const char *name);

#endif
