/* Metrics of one run: fed events by the actors, turned into summary scalars,
 * time series and tables at the end. Knows nothing of SimGrid. */
#ifndef OG_METRICS_H
#define OG_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "results_io.h"
#include "scenario.h"
#include "status.h"

/* Per-node counters, kept by the node actor and read at the end. */
struct og_node_stats {
  uint64_t served;    /* requests whose result the node delivered */
  uint64_t batches;
  uint64_t wasted;    /* requests computed for nothing (stale, lost to a failure) */
  uint64_t failures;
  double busy;        /* s computing, within the measurement window */
  double busy_compute; /* of it, s its passes would take on compute alone, */
  double busy_memory;  /* and on memory traffic alone (og_roofline_parts) */
  uint64_t passes;    /* batches started with work to compute (static engine; a
                         model that is not an LLM on the continuous engine) */
  double pass_seqs;   /* requests they computed (clients', copies, checks) */
  double down;        /* s down, within the measurement window */
  uint64_t max_queue;
  /* engines that run iterations (continuous): over the whole run */
  uint64_t iterations;   /* forward passes */
  uint64_t preemptions;  /* sequences evicted for KV memory, recomputed later */
  double iter_seqs;      /* sequences summed over iterations */
  double iter_tokens;    /* tokens (prefill + decode) summed over iterations */
  double kv_used;        /* s x share of KV memory in use, within the window */
  double saturated;      /* s with requests waiting for room, within the window */
  /* online (churn): every node is online from t = 0 unless its class churns */
  double online;         /* s online over the whole run (provisioned cost basis) */
  double online_window;  /* s online within the window */
};

/* Latency percentiles are exact (every sample kept and sorted) while at most
 * this many requests have completed: 2^22, about 4.2 million, 65-75 B each
 * while the run goes (latency, issue and response times, queueing delay,
 * service time), 270-300 MiB, and 32 B more each at the end for the sorted
 * copies. Past it, or from the start with output.quantiles: sketch, they
 * come from DDSketches of relative error OG_SKETCH_ALPHA (sketch.h) and the
 * samples are freed: memory then grows with the span of latencies, not
 * with the number of requests. Every bench scenario stays under it. */
#define OG_METRICS_EXACT_MAX OG_QUANTILES_EXACT_MAX

enum { OG_REC_OK = 0, OG_REC_FAILED = 1, OG_REC_UNFINISHED = 2 };

/* Per-node cheating record, kept by the node and read at the end. */
struct og_cheat_stats {
  /* written at every pass of a node: first, in one cache line with results */
  double busy_all;         /* s computing over the whole run (operating cost basis) */
  double busy_checks;      /* s of it re-executing others' results or computing
                              redundant copies */
  double busy_verify;      /* s of it its protocols' declared serving cost took
                              (overhead, iteration_cost: an enclave) */
  uint64_t results;        /* client results delivered */
  uint64_t cheats;         /* bad results served */
  uint64_t checked;        /* of its results re-executed by validators */
  int64_t cheats_before_check; /* undetected cheats before its first checked cheat; -1: none */
  double first_cheat;      /* s, real time; -1 if never */
  double caught;           /* s, real time of the first detection; -1 if never */
  /* ledger */
  double revenue;          /* fees of delivered results, less forfeited ones */
  double rewards;          /* validator pay: per check, and whistleblower shares */
  double slashed;          /* stake taken on detections */
  uint64_t approved_bad;   /* as a colluding validator, bad results it let through */
  uint64_t false_fails;    /* its honest results that failed a check */
  uint64_t invalidated;    /* times it was declared invalid */
  uint64_t slipped;        /* its bad results that passed a tolerance comparison */
  double forfeited;        /* unsettled fees lost when it was ejected */
  uint64_t results_to_catch; /* results it had delivered when first caught */
  uint64_t jailings;       /* times it was jailed */
};

/* What is known of a request when it is resolved. Times are real (client)
 * time except t_ready/t_start/t_finish, which are on the node's clock. */
struct og_req_record {
  uint64_t id;
  uint32_t client, model, node;
  uint32_t attempts;     /* 1 + retries after timeouts */
  uint32_t failovers;    /* re-routings after node failures */
  int status;            /* OG_REC_OK, OG_REC_FAILED (retries exhausted), OG_REC_UNFINISHED */
  double t_issue, t_ready, t_start, t_finish, t_done;
  double t_first;        /* node produced its first output token (real time);
                            t_finish when its engine does not stream tokens */
  uint32_t prompt_tokens, output_tokens; /* its shape (0, 0: not an LLM request) */
  double request_bytes, response_bytes; /* B of its request and response messages */
  double verify_delay;   /* s of the latency the verification protocol added */
};

struct og_metrics;

/* n_nodes nodes, node_class[i] their classes; copies what it needs. */
OG_MUST_CHECK enum og_status og_metrics_new(const struct og_scenario *sc, size_t n_nodes,
                                            const uint32_t *node_class, struct og_metrics **out);
/* For tests: switch to sketches after n completed requests instead of
 * OG_METRICS_EXACT_MAX; call before the first one. */
void og__metrics_exact_max(struct og_metrics *m, size_t n);
void og_metrics_free(struct og_metrics *m);

OG_MUST_CHECK enum og_status og_metrics_resolved(struct og_metrics *m,
                                                 const struct og_req_record *rec);
/* A request of model `model` issued at t; an attempt of one timed out at t. */
void og_metrics_issued(struct og_metrics *m, double t, uint32_t model);
void og_metrics_timeout(struct og_metrics *m, double t, uint32_t model);
void og_metrics_failover(struct og_metrics *m, double t);
void og_metrics_unfinished(struct og_metrics *m, uint64_t n);
/* Node `node` (class cls) computed during [t0, t1) (node clock shifted to
 * real time by the caller). Returns the part of it in the measurement
 * window (og_metrics_window_overlap). */
double og_metrics_busy(struct og_metrics *m, uint32_t cls, double t0, double t1);
/* Clip [t0, t1) to the measurement window [warmup, duration). */
double og_metrics_window_overlap(const struct og_metrics *m, double t0, double t1);
/* The measurement window [*t0, *t1): for a caller that clips many
 * intervals in a loop (the same clipping as og_metrics_window_overlap). */
void og_metrics_window(const struct og_metrics *m, double *t0, double *t1);

/* A request whose output was computed for real: its distance (relative L2)
 * to the output a verifier recomputes (the same request alone). */
OG_MUST_CHECK enum og_status og_metrics_output(struct og_metrics *m, uint64_t id, uint32_t node,
                                               uint32_t model, double distance);

/* A validator finished re-executing a result; `bad` if it was cheated. */
void og_metrics_check(struct og_metrics *m, int bad);
/* Redundancy: a vote held; `bad_accepted` when a colluding majority won
 * it; `caught` cheating copies it exposed. */
void og_metrics_vote(struct og_metrics *m, int bad_accepted, unsigned caught);
/* At the hard stop: `checks` re-executions still open, and `bad` bad
 * results whose verdict they (or their votes) still owed. */
void og_metrics_checks_unfinished(struct og_metrics *m, uint64_t checks, uint64_t bad);
/* A re-execution that ended after the challenge window (optimistic). */
void og_metrics_late_check(struct og_metrics *m);
/* A re-validation vote ended; `overturned` when it rejected the first
 * validator's mismatch. */
void og_metrics_revalidation(struct og_metrics *m, int overturned);
/* The run's settlement: transactions posted, summed delay from result to
 * its transaction, results settled. */
void og_metrics_settlement(struct og_metrics *m, uint64_t txs, double delay_sum,
                           uint64_t settled);
/* A dispute was settled at `cost`. */
void og_metrics_dispute(struct og_metrics *m, double cost);

/* A node finished loading a model (docs/loading.md): real times. */
struct og_load_record {
  uint32_t node, model, tier; /* tier: index into scenario->storage */
  int64_t peer;               /* the node the weights came from; -1: the tier */
  int wan;                    /* the weights crossed the WAN (else its region) */
  double bytes;
  double t_start, t_moved, t_ready; /* transfer starts, ends; model serves */
};
OG_MUST_CHECK enum og_status og_metrics_load(struct og_metrics *m,
                                             const struct og_load_record *rec);
/* A load stopped: its node left (churn) before it ended. */
void og_metrics_load_stopped(struct og_metrics *m);
/* Demand placement (docs/hosting.md): at time t (real) model has `ready`
 * replicas ready and `loading` loading; a request waited `wait` s at the
 * gateway for a replica (a cold start); a model was evicted (dropped) from
 * a node; a scale-up of model reached its target `dt` s after it was set. */
void og_metrics_replicas(struct og_metrics *m, uint32_t model, double t, uint32_t ready,
                         uint32_t loading);
void og_metrics_cold_start(struct og_metrics *m, double wait);
void og_metrics_eviction(struct og_metrics *m, int evicted);
void og_metrics_time_to_target(struct og_metrics *m, uint32_t model, double dt);
/* A request waited `delay` s at a node for its model to load. */
void og_metrics_load_delay(struct og_metrics *m, double delay);

/* Churn: class cls has `online` nodes online at t = 0; a node of it joined
 * (delta +1) or left (-1) at real time t; a join was refused (no free slot). */
void og_metrics_churn_start(struct og_metrics *m, uint32_t cls, size_t online);
void og_metrics_churn(struct og_metrics *m, uint32_t cls, double t, int delta);
void og_metrics_churn_refused(struct og_metrics *m, uint32_t cls);
/* A node failed (down = 1) or was repaired (down = 0) at real time t: the
 * time series' failures and recoveries columns. */
void og_metrics_node_down(struct og_metrics *m, double t, int down);

uint64_t og_metrics_resolved_count(const struct og_metrics *m);

/* Where the models lived at the end of the run: hosting[c * n_models + m]
 * nodes of class c hosted model m; mem_used[c] bytes held (weights of the
 * hosted models, plus the KV reserve of a continuous class) summed over
 * class c's nodes. Copied; before og_metrics_finish. OG_ENOMEM. */
OG_MUST_CHECK enum og_status og_metrics_hosting(struct og_metrics *m, const uint64_t *hosting,
                                                const double *mem_used);

/* Bytes offered to one link, or to the NICs of one node class (docs/network.md,
 * "Link accounting"): every message whose route crosses it, in every
 * network mode, and every weight load. */
struct og_link_record {
  const char *name;    /* copied */
  const char *kind;    /* "nic_up", "nic_down", "wan", "link"; copied */
  const char *cls;     /* node NICs of this class (count of them), else NULL */
  double capacity;     /* B/s of one link */
  size_t count;        /* links it sums: 1, or the class's nodes */
  double bytes, msgs;  /* offered over the run */
  double window_bytes; /* offered in the measurement window */
  double analytic_bytes, analytic_msgs; /* of them, carried as analytic delays */
  double analytic_bytes_sq; /* sum of their squared sizes (a byte's message's mean size:
                               analytic_bytes_sq / analytic_bytes) */
  double busiest_window_bytes; /* class rows: its busiest node's, in the window */
  int64_t busiest;     /* class rows: that node; else -1 */
  const double *bins;  /* bytes per time-series bin (n_bins of them); copied */
  size_t n_bins;
};
/* The links of the run, and the messages it carried as flows (before
 * og_metrics_finish). Copied. OG_ENOMEM. */
OG_MUST_CHECK enum og_status og_metrics_links(struct og_metrics *m,
                                              const struct og_link_record *links, size_t n,
                                              uint64_t flows);
/* A warning for the summary and the results file (printf-style), kept
 * through og_metrics_finish. */
void og_metrics_warn(struct og_metrics *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A pool of `n` provers (zkML) proved for `busy` s (`busy_window` of them
 * started in the window), at `price` currency/s each while busy. */
void og_metrics_provers(struct og_metrics *m, double busy, double busy_window, double n,
                        double price);

/* The warnings of the finished run (network bottlenecks, analytic delays
 * off), one per line, for the summary and the results file: "" if none.
 * Owned by m. */
const char *og_metrics_warnings(const struct og_metrics *m);

/* Compute the summary, time series and tables once the run has ended at
 * sim_end (hard_stop: the latest it could have ended). node_stats,
 * cheat_stats and dishonest have one entry per node; dishonest[i] is 0 for
 * an honest node, else 1 + its dishonest group. */
OG_MUST_CHECK enum og_status og_metrics_finish(struct og_metrics *m,
                                               const struct og_node_stats *node_stats,
                                               const struct og_cheat_stats *cheat_stats,
                                               const int *dishonest, double sim_end,
                                               double hard_stop);
/* Results of og_metrics_finish; storage owned by m. */
const struct og_scalar *og_metrics_summary(const struct og_metrics *m, size_t *n);
const struct og_table *og_metrics_tables(const struct og_metrics *m, size_t *n);

#endif
