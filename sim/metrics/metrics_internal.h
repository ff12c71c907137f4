/* State of the metrics module, shared by metrics.c (collection) and
 * metrics_output.c (summary and tables). */
#ifndef OG_METRICS_INTERNAL_H
#define OG_METRICS_INTERNAL_H

#include <stdarg.h>

#include "metrics.h"
#include "stats.h"
#include "sketch.h"
#include "summary.h"

struct og_metrics {
  const struct og_scenario *sc;
  size_t n_nodes;
  uint32_t *node_class;
  double t0, t1;   /* measurement window [warmup, duration) */
  double dt;       /* time-series bin width */
  double bins_max; /* bins a run may grow to (their bytes stay far from SIZE_MAX) */
  size_t n_bins;   /* bins allocated (zeroed); grown as later times come */
  int oom;         /* an allocation failed: og_metrics_finish says so */

  uint64_t issued, issued_window, completed, completed_window, failed, unfinished;
  uint64_t timeouts, failovers, resolved;
  uint64_t checks, detections, late_checks, disputes, bad_accepted, revotes, overturned;
  uint64_t checks_unfinished, bad_pending; /* open at the hard stop */
  double verify_delay_sum; /* over completed requests */
  double dispute_cost;
  uint64_t settle_txs, settled;
  double settle_delay_sum;

  /* every completed request: latency, response and issue times, queueing
   * delay and service time */
  struct og_dvec lat, lat_done, lat_issue, qdelay, service;
  size_t exact_max;  /* past this many, the sketches below take over */

  /* Sketch mode (metrics_sketch.c): the vectors above freed, latency and
   * queueing delay of requests issued in the window in sketches, with
   * sums and the largest latency; latency of completions by time-series
   * bin in one sketch per bin. */
  int sketch;
  struct og_metrics_sk {
    struct og_sketch lat, qdelay;
    double lat_sum, lat_max, qdelay_sum, service_sum;
    struct og_sketch *bin;
    size_t n_bin, cap_bin;
  } sk;

  /* per model (metrics_models.c): counts in the window; with more than
   * one model, the model of each kept latency sample (exact mode, beside
   * m->lat) or a latency sketch and sum per model (sketch mode) */
  struct og_metrics_mod {
    uint64_t *issued, *done, *failed, *timeouts; /* [model] */
    uint32_t *of;      /* [i]: model of m->lat.v[i] */
    size_t cap_of;
    struct og_sketch *sk; /* [model], requests issued in the window */
    double *sk_sum;
    struct og_mod_q {
      double mean, p50, p95, p99;
    } *q;              /* [model], og__metrics_models_summary */
  } mod;

  /* LLM token metrics (metrics_tokens.c) */
  struct og_metrics_tok {
    int llm;           /* the mix has a model with output tokens: the token entries
                          and tables are written (NaN, 0 while none completed) */
    int has_slo;       /* the scenario gives an SLO bound */
    size_t n_groups;   /* 1 (all) + models + regions: see og__tok_group */
    struct og_tok_count {
      uint64_t done, good;             /* LLM requests completed in the window, within SLO */
      double in_tokens, out_tokens;    /* their tokens */
    } *count;          /* [n_groups] */
    double in_all, out_all; /* tokens of every completed LLM request (the cost basis) */
    double *service;   /* [model] s of service of its completed requests */
    double *out_model; /* [model] output tokens of its completed requests */
    /* exact mode: one per completed LLM request, in order of completion */
    struct og_tok_rec {
      double gen;      /* t_finish - t_first: first token to last, s */
      uint32_t out;    /* output tokens (> 0) */
      uint32_t key;    /* model x n_regions + region of its client */
      size_t at;       /* its latency sample: m->lat.v[at], m->lat_issue.v[at] */
    } *rec;
    size_t n_rec, cap_rec;
    /* sketch mode: [group x OG_TOK_N + metric], with sums for the means */
    struct og_sketch *sk;
    double *sk_sum;
    /* og_metrics_finish: [group x OG_TOK_N + metric] */
    struct og_tok_q {
      double mean, p50, p95, p99;
    } *q;
  } tok;

  /* loading (metrics_loads.c): every finished load, and the wait of each
   * request that waited at a node for its model */
  struct og_metrics_loads {
    struct og_load_record *rec;
    size_t n, cap;
    struct og_dvec delay;
    uint64_t stopped; /* loads whose node left before they ended */
  } loads;
  /* demand placement (metrics_demand.c): replicas per model over time,
   * cold-start waits, evictions, time to reach a target */
  struct og_metrics_demand {
    int on;
    struct og_replica_change {
      double t;
      uint32_t model, ready, loading;
    } *ch;
    size_t n_ch, cap_ch;
    struct og_dvec cold_wait;
    uint64_t cold, evictions, dropped;
    double *tt_sum;    /* [model] sum of times to target */
    uint64_t *tt_n;    /* [model] scale-ups that reached their target */
  } demand;
  /* churn (metrics_churn.c), once a class churns; failures once one can fail */
  struct og_metrics_churn {
    int on;
    uint64_t joins, leaves, refused;
    double *start;     /* [class] nodes online at t = 0 */
    double *delta;     /* [bin x class] joins - leaves in the bin */
    double *part;      /* [bin x class] their node-seconds online to the bin's end */
    uint64_t *bin_joins, *bin_leaves;
    size_t n_bins;
    /* node failures (mtbf) and repairs by bin, once a class can fail */
    uint64_t *bin_failures, *bin_recoveries;
    size_t n_fail_bins;
  } ch;

  /* link accounting (metrics_links.c) */
  struct og_metrics_links {
    struct og_link_record *rec; /* owned copies */
    size_t n, cap;
    size_t *order;     /* rec by load, most loaded first (og_metrics_finish) */
    uint64_t flows;
    char *warnings;    /* one per line */
    size_t wlen, wcap;
  } links;
  char *notes;         /* og_metrics_warn's, one per line */
  size_t nlen, ncap;
  char *load_warn;     /* the overload warning of the finish (og__metrics_load_warning) */
  size_t lwlen, lwcap;
  char *all_warnings;  /* notes, the overload warning, then the links' (og_metrics_finish) */
  double prover_busy, prover_busy_window, provers, prover_price; /* og_metrics_provers */

  uint64_t *bin_issued, *bin_completed, *bin_timeouts;
  double *bin_lat_sum;
  double *bin_busy;   /* [bin][class] busy node-seconds */
  double *class_busy; /* busy node-seconds in the window */
  uint64_t *hosting;  /* [class][model] nodes hosting it at the end (og_metrics_hosting) */
  double *mem_used;   /* [class] bytes held, summed over its nodes */

  struct og_output_rec {
    uint64_t id;
    uint32_t node, model;
    double distance;
  } *outputs;
  size_t n_outputs, cap_outputs;

  struct og_req_record *trace;
  size_t n_trace, cap_trace;

  /* summary values by entry (summary.def): one, or n_classes for a
   * per-class entry (owned, NULL until set) */
  double sum[OG_N_SUM];
  unsigned char has[OG_N_SUM]; /* set since og_metrics_finish began (optional entries) */
  double *sum_class[OG_N_SUM];

  /* outputs of og_metrics_finish, all growable */
  struct og_scalar *summary;
  size_t n_summary, cap_summary;
  struct og_table *tables;
  size_t n_tables, cap_tables;
  struct og_metrics_cols {
    struct og_column *v;
    size_t cap;
  } *cols;            /* per table: its column array (tables[k].cols) */
  size_t cap_cols;
  void **owned;       /* column storage and names to free */
  size_t n_owned, cap_owned;
};

void og__metrics_outputs_free(struct og_metrics *m);
/* Set summary entry `id` (og__metrics_set_class: its value for class c);
 * m->summary is built from the values in declaration order. A failed
 * allocation sets m->oom. */
void og__metrics_set(struct og_metrics *m, enum og_sum_id id, double v);
void og__metrics_set_class(struct og_metrics *m, enum og_sum_id id, size_t c, double v);
/* Operating cost of node i busy for `busy` seconds (its class's cost_per_s). */
static inline double og__metrics_node_cost(const struct og_metrics *m, size_t i, double busy)
{
  return m->sc->classes[m->node_class[i]].cost_per_s * busy;
}
/* Fraud detection (metrics_fraud.c): the summary's cheating scalars, and
 * the /strategies table (honest nodes, then one row per dishonest group). */
void og__metrics_cheating(struct og_metrics *m, const struct og_cheat_stats *cs,
                          const int *dishonest);
OG_MUST_CHECK enum og_status og__metrics_strategies(struct og_metrics *m,
                                                    const struct og_cheat_stats *cs,
                                                    const int *dishonest);
/* Kaplan-Meier catch estimates (metrics_catch.c): every cheater that
 * cheated, those not caught by sim_end censored. */
void og__metrics_catch_km(struct og_metrics *m, const struct og_cheat_stats *cs,
                          const int *dishonest, double sim_end);
/* The profit gap of cheaters over honest nodes of their classes, the
 * compute a cheat saved and the threshold it gives (metrics_gap.c); a
 * failed allocation sets m->oom. */
void og__metrics_profit_gap(struct og_metrics *m, const struct og_cheat_stats *cs,
                            const int *dishonest);
/* Storage owned by m's outputs (freed with them); NULL when out of memory. */
void *og__metrics_own(struct og_metrics *m, size_t bytes);
/* Node-seconds online within the window, per class (metrics_churn.c):
 * count x window for a class that does not churn, its nodes' online
 * seconds in the window summed for one that does; owned by m's outputs,
 * NULL when out of memory. What utilisation_<class> divides busy by. */
double *og__metrics_class_online(struct og_metrics *m, const struct og_node_stats *ns);
/* A table being added to m's outputs (metrics_tables.c): og__metrics_col
 * adds a column and returns its storage (n_rows values of the type), or
 * NULL and sets oom. */
struct og_table_builder {
  struct og_metrics *m;
  size_t k;   /* index of the table in m->tables */
  int oom;
};
struct og_table_builder og__metrics_table(struct og_metrics *m, const char *name, size_t rows,
                                          int compound);
/* desc: one line on what a value is (docs/results.md lists them). A unit
 * of OG_MONEY is written as the scenario's economics.currency. */
void *og__metrics_col(struct og_table_builder *b, const char *name, const char *unit,
                      const char *desc, enum og_coltype type);
/* Name the codes of the column b added last: code i is labels[i] (n of
 * them, owned by the caller for as long as m's outputs). */
void og__metrics_labels(struct og_table_builder *b, const char *const *labels, size_t n);
/* Where a unit is OG_MONEY, the scenario's currency; else unit. */
const char *og__metrics_unit(const struct og_metrics *m, const char *unit);

/* Sketch mode (metrics_sketch.c): og__metrics_sketch_start moves the
 * samples kept so far into the sketches and frees them; _record counts one
 * completed request (completion bin b); _summary sets the latency entries;
 * _bin_p99 fills the time series' 99th percentiles of nb bins. */
OG_MUST_CHECK enum og_status og__metrics_sketch_start(struct og_metrics *m);
OG_MUST_CHECK enum og_status og__metrics_sketch_record(struct og_metrics *m,
                                                       const struct og_req_record *rec,
                                                       size_t b);
void og__metrics_sketch_summary(struct og_metrics *m);
void og__metrics_sketch_bin_p99(const struct og_metrics *m, size_t nb, double *out);
void og__metrics_sketch_free(struct og_metrics *m);
/* A set of n sketches and their samples' sums (for the means), as the
 * token and per-model figures keep them: made at the first sample (*sk
 * NULL until then); add v to sketch i; free the set. */
OG_MUST_CHECK enum og_status og__sketch_set_add(struct og_sketch **sk, double **sum, size_t n,
                                                size_t i, double v);
void og__sketch_set_free(struct og_sketch **sk, double **sum, size_t n);

/* Per-model counts and latency (metrics_models.c): _new allocates; _keep
 * notes the model of the sample m->lat just took (exact mode); _sketch_start
 * moves the kept samples into per-model sketches (before m->lat is freed);
 * _sketch_add counts one completion issued in the window (sketch mode);
 * _summary sets the per-model entries (after the overall latency ones);
 * _table adds /models. Single-model scenarios keep nothing: their one row
 * is the overall figures. */
OG_MUST_CHECK enum og_status og__metrics_models_new(struct og_metrics *m);
OG_MUST_CHECK enum og_status og__metrics_models_keep(struct og_metrics *m, uint32_t model);
OG_MUST_CHECK enum og_status og__metrics_models_sketch_start(struct og_metrics *m);
OG_MUST_CHECK enum og_status og__metrics_models_sketch_add(struct og_metrics *m, uint32_t model,
                                                           double lat);
void og__metrics_models_summary(struct og_metrics *m);
OG_MUST_CHECK enum og_status og__metrics_models_table(struct og_metrics *m);
void og__metrics_models_free(struct og_metrics *m);

/* LLM token metrics (metrics_tokens.c, metrics_tokens_out.c): TTFT, TPOT
 * and end-to-end latency of LLM requests, by group: 0 all, 1 + model,
 * 1 + n_models + region of the client. */
enum { OG_TOK_TTFT, OG_TOK_TPOT, OG_TOK_E2E, OG_TOK_N };
OG_MUST_CHECK enum og_status og__metrics_tok_new(struct og_metrics *m);
void og__metrics_tok_free(struct og_metrics *m);
/* The SLO bounds (s) of a model's requests: its own, else the scenario's;
 * 0 where neither gives one. */
void og__metrics_slo(const struct og_metrics *m, uint32_t model, double *ttft, double *tpot);
/* Count one completed request (after m->lat has it, in exact mode). */
OG_MUST_CHECK enum og_status og__metrics_tok_record(struct og_metrics *m,
                                                    const struct og_req_record *rec);
/* Move the kept samples into sketches (before m->lat is freed). */
OG_MUST_CHECK enum og_status og__metrics_tok_sketch_start(struct og_metrics *m);
/* m->tok.q from the samples or sketches; OG_ENOMEM when out of memory. */
OG_MUST_CHECK enum og_status og__metrics_tok_quantiles(struct og_metrics *m);
/* The token and iteration entries of the summary (compute: the nodes'
 * operating cost), and the /tokens_by_model and /tokens_by_region tables. */
void og__metrics_tok_summary(struct og_metrics *m, double compute);
void og__metrics_iter_summary(struct og_metrics *m, const struct og_node_stats *ns);
OG_MUST_CHECK enum og_status og__metrics_tok_tables(struct og_metrics *m, double compute);

/* Loading (metrics_loads.c): the summary's entries (when the scenario
 * loads) and the /loads table; free what was kept. */
void og__metrics_loads_summary(struct og_metrics *m);
OG_MUST_CHECK enum og_status og__metrics_loads_table(struct og_metrics *m);
void og__metrics_loads_free(struct og_metrics *m);

/* Time-series columns arr[0..k) (widths in bytes per bin) grown from
 * *bins bins so that bins [0, need) exist, new ones zeroed, by a quarter
 * at least (*bins updated): 0, or -1 (and m->oom) when out of memory. */
int og__metrics_bins_grow(struct og_metrics *m, size_t *bins, size_t need, void **const *arr,
                          const size_t *width, size_t k);
/* Churn (metrics_churn.c): the summary's online, join and provisioned-cost
 * entries (extra: rewards, disputes and settlement, as in
 * cost_per_1000_requests); the time series' columns (nb rows); free. */
void og__metrics_churn_summary(struct og_metrics *m, const struct og_node_stats *ns,
                               double extra);
OG_MUST_CHECK enum og_status og__metrics_churn_columns(struct og_metrics *m,
                                                       struct og_table_builder *b, size_t nb);
void og__metrics_churn_free(struct og_metrics *m);

/* Demand placement (metrics_demand.c): summary entries, the time series'
 * replicas columns (nb rows), free. */
void og__metrics_demand_summary(struct og_metrics *m);
OG_MUST_CHECK enum og_status og__metrics_demand_columns(struct og_metrics *m,
                                                        struct og_table_builder *b, size_t nb);
void og__metrics_demand_free(struct og_metrics *m);

/* Link accounting (metrics_links.c): summary entries and warnings (after
 * the latency entries), the busiest links' descriptions (after the
 * summary is emitted), the /links and /link_timeseries tables, free. */
void og__metrics_links_summary(struct og_metrics *m);
void og__metrics_links_label(struct og_metrics *m);
OG_MUST_CHECK enum og_status og__metrics_links_tables(struct og_metrics *m);
void og__metrics_links_free(struct og_metrics *m);

/* Warnings (metrics_warn.c): append a formatted line to (*buf, *len, *cap)
 * (-1 out of memory); og_metrics_warn's notes and `more` (len bytes)
 * joined into og_metrics_warnings' text; free. */
int og__metrics_vappend(char **buf, size_t *len, size_t *cap, const char *fmt, va_list ap);
void og__metrics_warnings_join(struct og_metrics *m, const char *more, size_t len);
void og__metrics_warnings_free(struct og_metrics *m);
/* After the nodes' summary: the overload warning, naming the node classes
 * busy nearly all their online time (or, continuous ones, whose requests
 * waited for room most of it), and saying so when the fleet's utilisation
 * is lower. Kept for og__metrics_warnings_join. */
void og__metrics_load_warning(struct og_metrics *m);

/* Build m->tables from the collected data (metrics_tables.c). */
OG_MUST_CHECK enum og_status og__metrics_tables(struct og_metrics *m,
                                                const struct og_node_stats *ns,
                                                const struct og_cheat_stats *cs,
                                                const int *dishonest);

#endif
