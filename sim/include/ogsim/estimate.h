/* A run's memory and work estimated from its scenario before anything is
 * built, so that a run which cannot fit this machine is refused at once
 * instead of growing for minutes and failing.
 *
 * The model (constants measured on the 2-core machine of the design card,
 * SimGrid 3.32, glibc; peak RSS from /usr/bin/time -v of `ogsim run` on
 * two sizes each, the difference divided by the difference in count):
 *  - process and libraries: 48 MB (a 1,000-node run peaks at 61 MB);
 *  - per node run by the event loop (fast mode, generated platform): 1.2
 *    kB (ogsim's node, its RNG streams, timer, router and metrics entries,
 *    its rows of the results; scale-10k.yaml scaled to 100,000 and
 *    1,000,000 nodes, 0.01 s: 162 MB and 1.13 GB peak, 1.16 kB a node);
 *  - per node of a continuous-engine class, 808 B more (its engine's
 *    state, with room for two models' queues and four running sequences
 *    each: scale-10k-llm.yaml scaled to 100,000 nodes, 0.1 s, peaked at
 *    256,536 kB continuous and 177,644 kB static);
 *  - per node that is an actor or a host of the user's platform: 5.2 kB
 *    of state (SimGrid host, link, actor, ogsim node, RNG streams) plus
 *    each actor's stack: resident in full when 16 KiB
 *    stacks have no guard pages (over OG_GUARDED_ACTORS_MAX actors), half
 *    of it when they have (touched pages only): 30,000 nodes 13.0 kB each,
 *    40,000-100,000 nodes 21.5-21.9 kB each with 16 KiB stacks; of the
 *    256 KiB stacks of runs with real forward passes, at most 32 KiB when
 *    guarded (12,000 nodes peaked at 213 MB) and 0.6 of it when not
 *    (48,000 nodes: 6.96 GB, 145 kB each); the exact
 *    network mode adds a receiver actor and its posted receives per node
 *    (20,000 nodes: 52.6 kB each, 15 kB above two actors' stacks);
 *  - per node and client region with a user's platform file: 16 B (the
 *    node's route to the client; a generated platform's nodes share their
 *    region's);
 *  - per request issued (rate x duration): 74 B of completed-request
 *    records of each completed one, kept for exact percentiles (1,000
 *    nodes, 100k/s, 2 s vs 10 s) up to OG_QUANTILES_EXACT_MAX of them (none
 *    with output.quantiles: sketch; the sketches' few kB are left out),
 *    150 B more with the per-request trace (output.requests);
 *  - per request in flight: 170 B (10 nodes saturated at 100k/s, 180k vs
 *    540k unresolved); in flight at once: the rate above the nodes'
 *    capacity (roofline of a full batch, times the verification work)
 *    times how long a request is held (timeout x (1 + max_retries), at
 *    most the run's length);
 *  - when nodes load weights (docs/loading.md): every node is a SimGrid
 *    host (5.2 kB, as above), and each load running at once is an actor
 *    with its stack (resident as above) and 1.2 kB of state (actor, its
 *    communication, ogsim's load and its /loads record): scale-10k.yaml
 *    with preload false and three 100 GB/s tiers (20,000 loads at t = 0)
 *    at 3,000 and 10,000 nodes, 4 s: 169.5 and 340.9 MB peak against
 *    68.1 and 80.8 MB preloaded, 22.7 kB a node with two loads. Loads at
 *    once: every node's models at t = 0 with preload false, plus a
 *    churning class's join rate x the models a node hosts x a load's time
 *    alone (Little's law). Requests wait for them: with preload false none
 *    is served until the slowest tier has moved its bytes (its bytes over
 *    its bandwidth), so the requests issued meanwhile (up to the hold
 *    time) are in flight at once;
 *  - per time-series bin: 32 B + 8 B per class;
 *  - generated platform: the world zone's full routing table (8 B per
 *    region pair) and 1 kB per WAN link and route (1,000 regions all joined: 528 MB,
 *    about 830 B per link); its XML (written to a
 *    temporary file) about 280 B per host (a node is a host only where
 *    nodes are actors; else one per region) and 200 B per WAN link. */
#ifndef OG_ESTIMATE_H
#define OG_ESTIMATE_H

#include <stddef.h>

#include "scenario.h"
#include "status.h"

/* Actors above which stacks go without guard pages: each guarded stack
 * costs two memory mappings, and Linux allows 65,530 per process. */
#define OG_GUARDED_ACTORS_MAX 30000

/* What the estimate is computed from (og_estimate_input). */
struct og_estimate_in {
  double nodes, clients, regions, classes;
  double actors;        /* SimGrid actors (nodes x2 in the exact mode, none
                           in the event loop) */
  double stack_bytes;   /* of each actor */
  int exact;            /* exact network mode */
  double wan_links;     /* in the generated platform (0: the user's own) */
  double rate;          /* mean requests/s over the run */
  double duration, drain;
  double hold;          /* s a request can stay unresolved */
  double capacity;      /* requests/s the nodes can serve */
  double ts_interval;
  int trace;            /* per-request trace kept */
  int generated;        /* the platform is generated (not the user's file) */
  int node_hosts;       /* every node is a SimGrid host (actors, or the user's
                           platform); else the event loop's nodes share their
                           region's host */
  double exact_max;     /* completed requests whose records are kept at most */
  double continuous_share; /* of the nodes, those of continuous-engine classes */
  double loads;         /* weight loads running at once (each an actor) */
  double load_wait;     /* s requests wait at t = 0 for the loads (preload false) */
};

/* The estimate: counts, and bytes of memory per part. */
struct og_estimate {
  double requests, in_flight, ts_rows, platform_xml;
  double base_mem, node_mem, request_mem, trace_mem, in_flight_mem, ts_mem, platform_mem;
  double load_mem;
  double total_mem;
};

/* SimGrid actors of a run, and the stack size each gets (KiB): 256 when
 * nodes run real forward passes (OpenBLAS), else 16. */
double og_run_actors(const struct og_scenario *sc);
size_t og_run_stack_kib(const struct og_scenario *sc);

/* The batching serving engine's roofline, which it charges (sim/serving/
 * batch.c) and the estimate and `ogsim validate`'s pre-flight figures use:
 * seconds for a batch of b requests of model m on class c, the larger of
 * compute time and memory time (its protocol's compute overhead included); the node-requests
 * one client request of m costs (its protocol's copies); requests/s class
 * cls serves at full batches with the workload's mix; the mean offered
 * rate (an MMPP's weighted by its dwell times). */
double og_batch_seconds(const struct og_node_class *c, const struct og_model *m, double b);

/* The two sides of a pass's roofline: the seconds it would take on compute
 * alone and on memory traffic alone (its protocol's overhead included; the
 * fixed per-iteration costs, launch overheads and all-reduces in neither).
 * A pass takes at least the larger; utilisation by resource (summary's
 * compute_utilisation_, memory_bw_utilisation_) sums them. */
struct og_roofline_parts {
  double compute, memory;
};
/* og_batch_seconds(c, m, b), its parts into p. */
double og_batch_cost(const struct og_node_class *c, const struct og_model *m, double b,
                     struct og_roofline_parts *p);

/* The share of t seconds of `iters` iterations (or passes) under block v
 * that its declared serving cost takes: t = overhead x t0 + iters x
 * iteration_cost, so t - t0 of t. */
static inline double og_verify_share(const struct og_verification *v, double t, double iters)
{
  if (!(t > 0) || (v->overhead == 1 && v->iteration_cost == 0))
    return 0;
  double t0 = (t - iters * v->iteration_cost) / v->overhead;
  return t0 > 0 ? (t - t0) / t : 1;
}

/* The continuous engine's iteration (sim/serving/continuous.c; its
 * pre-flight figures in `validate` use it too): what one iteration of an
 * LLM model computes, each token weighted by its cost (1; a cheated one
 * its strategy's cost factor), and what it costs on a class. */
struct og_iter_work {
  double tokens;   /* prefill and decode tokens through the layers */
  double logits;   /* of them, tokens producing logits: decodes, and each
                      prompt whose prefill ends in the iteration */
  double attended; /* positions attended, summed over the tokens */
  double kv_read;  /* KV-cache tokens read (decodes' and later chunks' context) */
  int eager;       /* it carries prefill tokens: its kernels are launched one by
                      one (servers replay CUDA graphs for decode-only batches) */
  double moved;    /* tokens moved by the tensor-parallel all-reduces (unweighted) */
};
struct og_iter_rates {
  double flops;    /* FLOP/s reached (peak x efficiency x GPUs), verification
                      compute overhead included */
  double bytes;    /* B/s reached (0: memory not modelled) */
  double fixed;    /* s per iteration: overhead, all-reduce latencies */
  double eager;    /* s more for an iteration with prefill tokens */
  double comm;     /* s per token moved by the all-reduces */
};
void og_iter_rates(const struct og_node_class *c, const struct og_model *m,
                   struct og_iter_rates *r);
/* Seconds of one iteration: the larger of its compute and memory times,
 * plus the fixed part and the all-reduce traffic. */
double og_iter_seconds(const struct og_model *m, const struct og_iter_rates *r,
                       const struct og_iter_work *w);
/* og_iter_seconds, its parts into p. */
double og_iter_cost(const struct og_model *m, const struct og_iter_rates *r,
                    const struct og_iter_work *w, struct og_roofline_parts *p);
/* A run of decode iterations whose sequences do not change: iteration k
 * (from 0) takes max(c0 + c1 k, m0 + m1 k) + fixed seconds, its compute
 * and memory times growing with the context. Set from the run's first
 * iteration (w: one decode token per sequence); the seconds of its first
 * k iterations, in closed form (two arithmetic series, split where the
 * lines cross). */
struct og_iter_run {
  double c0, c1, m0, m1, fixed;
  double kx; /* iterations before the lines cross (at least 0) */
};
void og_iter_run_set(const struct og_model *m, const struct og_iter_rates *r,
                     const struct og_iter_work *w, struct og_iter_run *run);

/* Sum over k in [k0, k1) of a + b k. */
static inline double og_line_sum(double a, double b, double k0, double k1)
{
  double n = k1 - k0;
  return n > 0 ? n * a + b * (k0 + k1 - 1) * n / 2 : 0;
}

/* Seconds of the first k iterations of a run. Inline: the continuous
 * engine calls it for every probe of a run's search and every KV block a
 * run's sequences take on; no libm calls (fmin is one). */
static inline double og_iter_run_seconds(const struct og_iter_run *run, double k)
{
  double t;
  if (run->c1 == run->m1) {
    t = og_line_sum(run->c0 > run->m0 ? run->c0 : run->m0, run->c1, 0, k);
  } else {
    double kx = run->kx < k ? run->kx : k;
    if (run->c1 > run->m1) /* memory-bound first, then compute-bound */
      t = og_line_sum(run->m0, run->m1, 0, kx) + og_line_sum(run->c0, run->c1, kx, k);
    else
      t = og_line_sum(run->c0, run->c1, 0, kx) + og_line_sum(run->m0, run->m1, kx, k);
  }
  return t + k * run->fixed;
}
/* Those of the first k iterations: the two arithmetic series summed apart. */
void og_iter_run_parts(const struct og_iter_run *run, double k, struct og_roofline_parts *p);
/* A static batch of b requests of model m (b: their summed cost weights),
 * padded to `prompt` and `output` tokens: one prefill iteration, then
 * output - 1 decode iterations of the whole batch (LLM models). */
double og_static_llm_seconds(const struct og_node_class *c, const struct og_model *m, double b,
                             double prompt, double output);
/* og_static_llm_seconds, its parts into p. */
double og_static_llm_cost(const struct og_node_class *c, const struct og_model *m, double b,
                          double prompt, double output, struct og_roofline_parts *p);
/* Bytes of weights a node hosting group g's models holds. */
double og_group_weights(const struct og_scenario *sc, const struct og_host_group *g);
/* Bytes of the KV cache pool of a node of class c hosting group g's
 * models: its GPUs' memory share kv_memory, less those models' weights
 * (INFINITY when the class's memory is not given). */
double og_kv_pool(const struct og_scenario *sc, const struct og_node_class *c,
                  const struct og_host_group *g);
double og_request_copies(const struct og_model *m);
/* The batch a node of class c hosting group g runs model m at when loaded:
 * max_batch for the static engine and for models that are not LLMs; for
 * the continuous engine max_num_seqs, or fewer when the KV pool holds fewer
 * sequences of m's mean shape at their mean context (prompt + output / 2). */
double og_best_batch(const struct og_scenario *sc, const struct og_node_class *c,
                     const struct og_host_group *g, const struct og_model *m);
/* Node-seconds one request of m costs there at its best batch (copies of
 * its protocol included). */
double og_request_work(const struct og_scenario *sc, const struct og_node_class *c,
                       const struct og_host_group *g, const struct og_model *m);
/* Erlang's loss formula B(c, a): the share of arrivals refused by c
 * servers offered a erlangs (recursively, B(0) = 1, B(k) = a B(k-1) /
 * (k + a B(k-1)); docs/churn.md). */
double og_erlang_b(size_t c, double a);
/* Nodes of class c online on average: its count, or for a churning class
 * the mean of its loss system, a (1 - B(count, a)) with a = join_rate x
 * mean session (docs/churn.md); and that over count (1 without churn). */
double og_class_online(const struct og_node_class *c);
double og_class_online_share(const struct og_node_class *c);
/* Requests/s class cls serves of the mix: each host group of its nodes
 * the mix's models it hosts, in the mix's proportions among them; a
 * churning class with the nodes online on average, not its slots. */
double og_class_capacity(const struct og_scenario *sc, size_t cls);
double og_offered_rate(const struct og_scenario *sc);

/* The inputs of a scenario's estimate. OG_ENOMEM (counting WAN links). */
OG_MUST_CHECK enum og_status og_estimate_input(const struct og_scenario *sc,
                                               struct og_estimate_in *in);

/* The model's arithmetic (pure). */
void og_estimate_compute(const struct og_estimate_in *in, struct og_estimate *out);

/* Bytes of memory this machine has: physical memory, or a smaller cgroup
 * limit. */
double og_machine_memory(void);

/* OG_OK when the estimate fits `mem` bytes; else OG_EINVAL, and err names
 * the estimate, the machine's memory and the keys to change. */
OG_MUST_CHECK enum og_status og_estimate_check(const struct og_estimate *e, double mem,
                                               struct og_error *err);

/* One line for people: "about 1.2 GB of memory (...), 3e+06 requests". */
void og_estimate_format(const struct og_estimate *e, char *buf, size_t len);

#endif
