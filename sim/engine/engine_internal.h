/* Shared state of one simulation run: the engine, its requests, nodes,
 * clients and the interfaces between them. Private to sim/. */
#ifndef OG_ENGINE_INTERNAL_H
#define OG_ENGINE_INTERNAL_H

#include <gsl/gsl_rng.h>
#include <simgrid/forward.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "engine.h"
#include "estimate.h"
#include "grow.h"
#include "ledger.h"
#include "metrics.h"
#include "prefetch.h"
#include "arrival.h"
#include "scenario.h"
#include "timers.h"
#include "verdicts.h"

struct og_engine;
struct og_net;

/* Simulated time now: SimGrid's clock, or the event loop's while it runs
 * with nothing on SimGrid (og__now_follow(&e->loop_now); NULL: SimGrid's
 * again). */
double og__now(void);
void og__now_follow(const double *clock);

/* ---- requests -------------------------------------------------------- */

enum og_req_state { OG_REQ_PENDING, OG_REQ_DONE, OG_REQ_FAILED };
enum og_req_kind { OG_KIND_CLIENT, OG_KIND_CHECK, OG_KIND_REPLICA };

/* One client request, alive from issue until resolved and unreferenced.
 * `hop` counts routings (first, retries after timeout or node failure); a
 * queue entry carrying an older hop is stale and is dropped. */
struct og_request {
  /* The first cache line holds what the node side reads and writes: the
   * serving engine takes it in, admits it, marks its first token and
   * finishes it, each time long after the last touch for an LLM request
   * (seconds), so each line more is a miss. Slabs are line-aligned and a
   * request is three 64-byte lines. */
  _Alignas(64) uint32_t model; /* index into scenario->models */
  uint32_t hop;
  uint16_t refs;    /* holders: client deadline queue, node queues */
  uint8_t state;    /* enum og_req_state */
  uint8_t kind;     /* OG_KIND_CLIENT; OG_KIND_CHECK: a validator's re-execution;
                       OG_KIND_REPLICA: a copy of `orig` another node computes */
  uint8_t cheated;  /* the node serving it cheated (a bad result) */
  uint8_t timeouts; /* attempts that timed out */
  uint8_t failovers;/* re-routings caused by node failures */
  uint8_t suspect_bad; /* check: the result being re-executed was bad */
  uint32_t prompt_tokens, output_tokens; /* its shape (0, 0: not an LLM request) */
  double t_ready;   /* node may start it (node's clock) */
  double t_start;   /* node starts the batch holding it (node's clock) */
  double t_first;   /* node produces its first output token (node's clock;
                       t_finish when the engine does not stream tokens) */
  double t_finish;  /* node finishes that batch (node's clock) */
  uint32_t node;    /* node of the latest hop */
  uint32_t client;  /* index into engine->clients */

  uint64_t id;
  uint32_t client_host; /* index into that client's hosts: where it leaves from
                           and its result goes back to */
  uint32_t suspect; /* check: the node whose result is re-executed */
  uint32_t copy_hop;/* replica: the hop of `orig` it was made for */
  double req_bytes, resp_bytes; /* B of its request and response messages */
  struct og_request *orig; /* replica: the client request it is a copy of */
  uint64_t of;      /* check: id of the request whose result is re-executed */
  double verify_delay; /* s its verification protocol added to its latency */
  void *proto;             /* its protocol's state (freed by its request_free hook) */
  struct og_revote *revote;/* check cast in a re-validation vote, or NULL */
  double t_issue;   /* client sends the first attempt (real time) */
  double t_attempt; /* client sends the latest attempt (real time) */
  double deadline;  /* t_attempt + timeout */
  struct og_request *next_free;
  uint64_t pend_at; /* client request: its place in its client's deadline
                       queue, counted from the queue's first push */
};

/* Requests per slab of the pool (a free slot has refs 0): those of a 2 MiB
 * huge page (bigmem.h). */
enum { OG_REQ_SLAB = ((size_t)2 << 20) / sizeof(struct og_request) };

struct og_request *og__request_new(struct og_engine *e);
/* A request the engine makes from `of` (a check, a copy): of `kind`, of
 * of's model and client, for node `node`; NULL when out of memory (e->oom
 * is set). Then og__request_hand gives it to r->node's queue at once,
 * counting its load, and drops the maker's reference. */
struct og_request *og__request_derived(struct og_engine *e, const struct og_request *of,
                                       int kind, size_t node);
void og__request_hand(struct og_engine *e, struct og_request *r);
void og__request_unref(struct og_engine *e, struct og_request *r);

/* ---- network ------------------------------------------------------------ */

/* Delay of one message over a route: latency + bytes / bandwidth. */
struct og_route {
  double latency;   /* s */
  double bandwidth; /* B/s */
};

static inline double og__route_delay(struct og_route r, double bytes)
{
  return r.latency + bytes / r.bandwidth;
}

/* Bytes of r's request (client -> gateway -> node) and of its response. */
static inline double og__req_bytes(const struct og_engine *e, const struct og_request *r);
static inline double og__resp_bytes(const struct og_engine *e, const struct og_request *r);

/* A mailbox that messages arrive at, in network modes with messages: its
 * host, and the receives posted on it that no send has matched yet (the
 * mode posts more before a send would find none: sim/netmode/exact.c).
 * Its receivers hand each message to on_msg(ctx, message). */
struct og_rx {
  sg_mailbox_t mbox;
  sg_host_t host;
  size_t free;
  size_t width;     /* receives its next receiver to run posts */
  size_t receivers; /* receiver actors started */
  void (*on_msg)(void *ctx, void *msg);
  void *ctx;
  struct og_engine *e;
};

/* ---- platform ------------------------------------------------------ */

enum og_host_role { OG_HOST_GATEWAY, OG_HOST_CLIENT, OG_HOST_NODE, OG_HOST_STORAGE };

/* The host name of the gateway, client a's host b, node b (node b of class a in
 * OG_PLATFORM_NAMES; the global index b in OG_PLATFORM_IDS), or storage
 * tier a, snprintf-style: the length it needs. */
int og__platform_host_name(const struct og_scenario *sc, enum og_platform_naming nm,
                           enum og_host_role role, size_t a, size_t b, char *buf, size_t len);

/* Load the scenario's platform into SimGrid: its own file, or the generated
 * one (through a temporary file that no run leaves behind), with a host per
 * node when `node_hosts`, else only the routes' (OG_PLATFORM_ROUTES). */
OG_MUST_CHECK enum og_status og__platform_load(const struct og_scenario *sc, int node_hosts,
                                               struct og_error *err);

/* Try SimGrid's options (argv as simgrid_init takes it; the caller's from
 * argv[first]) and the user's platform file (or NULL) in a forked child:
 * OG_EINVAL, with SimGrid's error in err, when SimGrid would abort. */
OG_MUST_CHECK enum og_status og__simgrid_check(int argc, char **argv, int first,
                                               const char *platform, struct og_error *err);

/* ---- nodes -------------------------------------------------------------- */

struct og_qentry {
  struct og_request *req;
  uint32_t hop;
};

/* What a node waits for between its runs, so that whoever hands it work
 * knows whether to poke it: nothing an arrival changes (down, or already
 * poked), work (its queue is empty), or its serving engine (a service
 * under way, a batching window: the engine's `wake` decides). */
enum og_node_wait { OG_WAIT_NONE, OG_WAIT_IDLE, OG_WAIT_SERVING };

struct og_serving_type;
struct og_net_mode_type;

struct og_node {
  /* What an event reads or writes comes first, in as few cache lines as it
   * fits: a run of 10,000 nodes touches them in random order, and each line
   * more is a cache miss per event (the 10k-node benches' main cost). */
  uint32_t id;
  uint32_t cls;          /* index into scenario->classes */
  struct og_engine *e;
  struct og_qentry *q;   /* FIFO ring of waiting requests */
  size_t q_head, q_len, q_cap;
  struct og_qentry *batch; /* requests in service (room for max_batch) */
  size_t batch_len;
  int busy;              /* the batch is in service from busy_t0 to busy_t1 */
  int busy_fails;        /* ...and the node fails at busy_t1 (next_fail) */
  double busy_t0, busy_t1;
  const struct og_serving_type *serving; /* its class's serving engine */
  void *serving_state;   /* that engine's per-node state, or NULL */
  int engaged;           /* the engine holds requests outside q (it is called
                            even when q is empty) */
  enum og_node_wait wait;
  int down;
  int jailed;            /* caught and excluded until its jail time is served */
  /* Churn (churn.c): a node of a churning class is online from its join
   * to its session's end, then absent (down, off the router) until a new
   * node joins into its slot. */
  int absent;            /* left: its slot is free */
  int checking;          /* the batch in progress re-executes others' results (or
                            computes redundant copies) */
  double next_fail;      /* node clock; INFINITY if the class never fails */
  double leave_at;       /* node clock: its session ends; INFINITY: never */
  double clock_shift;    /* real time minus node time: to_gateway.latency
                            when the network mode shifts clocks, else 0 */
  struct og_route *to_client; /* node -> client host, per client (engine's
                                 route_store: shared by a region's nodes in a
                                 generated platform) */
  const struct og_dishonest *cheat; /* NULL: honest */
  gsl_rng *strat_rng;    /* cheating decisions */
  double verifying;      /* share of its time its protocol's declared cost takes */
  double share_compute;  /* the work under way: its roofline's compute and memory */
  double share_memory;   /* times per second of it (og__node_busy) */
  /* Loading (node_load.c), when the scenario loads weights: per model,
   * enum og_model_state (NULL: every model ready, placement.preload). */
  uint8_t *model_state;
  /* Demand placement (autoscale.c): per model the requests of it in hand
   * here and when one was last routed here (LRU). NULL under other
   * policies. */
  uint32_t *in_hand;
  double *last_used;
  struct og_node_stats st;
  struct og_account acct; /* its money (copied into cs at the end) */
  struct og_cheat_stats cs; /* its hot fields first (metrics.h) */

  /* The rest is read seldom. og__node_advance prefetches everything
   * before `host`: keep it the first field after the hot ones. */
  sg_host_t host;
  sg_sem_t wake;         /* its actor blocks on it (modes without the event loop) */
  struct og_rx rx;       /* requests arrive here (network modes with messages) */
  gsl_rng *rng;          /* service-time draws */
  gsl_rng *fail_rng;     /* failure and repair times */
  double jail_until;     /* node clock: when the jail time is served */
  double down_since, repair_at; /* node clock, while down */
  struct og_route to_gateway; /* gateway -> node */
  struct og_load *open_loads; /* its loads under way (og_load.next_open) */
  struct og_qentry *parked; /* requests of models still loading, in arrival order */
  size_t n_parked, cap_parked;
  gsl_rng *check_rng;    /* which of its results are spot-checked */
  int ejected;           /* caught and removed from the network */
  int fails;             /* its class's failures apply to it (fail_share) */
  uint64_t passed;       /* spot checks passed since last caught (reputation) */
  struct og_stat_hist hist; /* checks since last invalidation (statistical) */
  double online_since;   /* node clock: its session began (0: online from the start) */
  struct og_host_group *hosted; /* demand placement: the models it holds now */
};

/* The work n starts is t seconds whose roofline parts are p: the shares
 * og__node_busy counts as compute and memory time. */
static inline void og__node_shares(struct og_node *n, const struct og_roofline_parts *p, double t)
{
  n->share_compute = t > 0 ? p->compute / t : 0;
  n->share_memory = t > 0 ? p->memory / t : 0;
}

/* A request of `model` was routed to n (+1) or n let go of it (-1):
 * demand placement's per-model count (nothing under other policies). */
static inline void og__in_hand(struct og_node *n, uint32_t model, int delta)
{
  if (n->in_hand) {
    n->in_hand[model] += (uint32_t)delta;
    if (delta > 0)
      n->last_used[model] = og__now();
  }
}

/* Hand a request to a node's queue at the current time (gateway side).
 * Wakes the node if it waits for work. Takes a reference. */
void og__node_enqueue(struct og_engine *e, struct og_node *n, struct og_request *r);
/* r timed out at its client: the node it was last routed to learns it
 * (og_serving_type.stale), when it is up. */
void og__node_timed_out(struct og_engine *e, struct og_request *r);
/* The protocol hooks (protocol.c): node n served r (fees, cheating
 * counted, the protocol's `served`); n's result for r reaches the client
 * at real time t_done; a check finished at validator v; r's protocol
 * state is freed. */
void og__verify_after_serve(struct og_node *n, struct og_request *r);
void og__proto_result(struct og_node *n, struct og_request *r, double t_done);
/* Whether n holds back its result for r (it is then neither served nor
 * delivered: the result hook sees t_done = INFINITY). */
int og__proto_withholds(struct og_node *n, const struct og_request *r);
void og__proto_check_done(struct og_node *v, struct og_request *check);
void og__proto_request_free(struct og_engine *e, struct og_request *r);
/* Run every used protocol's setup hook and per-node state; their finish
 * hooks (the run has ended: report to the metrics); free them. */
OG_MUST_CHECK enum og_status og__protocols_setup(struct og_engine *e);
void og__protocols_finish(struct og_engine *e);
void og__protocols_free(struct og_engine *e);
/* Latency the verification protocol adds to r (check, overhead). */
double og__verify_delay(const struct og_engine *e, const struct og_request *r);
/* Real time at which node n's result for r reaches r's client, in the fast
 * network mode (sim/netmode/fast.c). */
double og__response_time(const struct og_node *n, const struct og_request *r);

/* The ledger fed by the engine (sanction.c). Node n earned `fee` at real
 * time `now` (settles with its block). */
void og__ledger_earn(struct og_node *n, double fee, double now);
/* A bad result of `suspect` was found (by `validator`, or NULL when a proof
 * check found it): the fee is forfeited, the stake slashed, the finder
 * paid, the suspect ejected or jailed if the scenario says so. */
void og__detect(struct og_engine *e, struct og_node *validator, struct og_node *suspect,
                uint32_t model, double when);
/* Close the last block at the end of the run: unsettled fees settle, the
 * last batch is posted, accounts go to the nodes' records; the settlement
 * goes to metrics. */
void og__settle_all(struct og_engine *e);

/* Whether dishonest node n can cheat on a request of `model` under its protocol. */
int og__may_cheat(const struct og_node *n, uint32_t model);
/* Mark the dishonest nodes (dishonest.c; engine set-up). */
OG_MUST_CHECK enum og_status og__assign_dishonest(struct og_engine *e);
/* Validator choice (validators.c): the stake table when a block draws by
 * stake; a validator of a request of `model` among the up nodes that host
 * it (og_router_pool) not in not[0..n_not), or -1 when there is none. */
OG_MUST_CHECK enum og_status og__validators_init(struct og_engine *e);
long og__validator_pick(struct og_engine *e, uint32_t model, const struct og_verification *v,
                        const uint32_t *not, size_t n_not);
/* The picks under it, for any protocol that draws nodes: the stake table
 * over all nodes (built once, e->stake_alias); an up member of pool p that
 * skip(ctx, node) does not rule out, by stake (alias draws, redrawn on a
 * node that is down, outside p or ruled out; after 64 misses a scan of p:
 * -1 when none is left) or uniformly (one must be left). Both draw from
 * e->check_rng. With every node hosting every model, p is the up set of
 * all nodes and the draws are those before placement. */
struct og_pool;
typedef int (*og__skip_fn)(const void *ctx, size_t node);
OG_MUST_CHECK enum og_status og__stake_table(struct og_engine *e);
long og__pick_by_stake(struct og_engine *e, const struct og_pool *p, og__skip_fn skip,
                       const void *ctx);
size_t og__pick_uniform(struct og_engine *e, const struct og_pool *p, og__skip_fn skip,
                        const void *ctx);
/* Re-validation votes (revalidation.c), all freed at the end of the run. */
void og__revotes_free(struct og_engine *e);
/* At the hard stop: 1 the first time it is asked about vote rv, else 0 (an
 * open vote's result counts once however many of its checks are open). */
int og__revote_mark_once(struct og_revote *rv);

/* Verification work still open (run_end.c): a check was handed to a
 * validator; one finished, or was dropped unfinished (the wait for the
 * end of the run is released when none is left). */
void og__check_opened(struct og_engine *e);
void og__check_closed(struct og_engine *e);
/* The last client out: wait for messages in flight, open checks and the
 * last response, up to the hard stop; count what is still open then. */
void og__run_end_wait(struct og_engine *e);
/* Then, with node actors: every node returns from its actor by itself. */
void og__nodes_release(struct og_engine *e);
/* Checks still open at the end, and the bad results they owed, counted. */
void og__run_end_count(struct og_engine *e);

/* Runnable models of the scenario (node_outputs.c). */
OG_MUST_CHECK enum og_status og__engine_nets(struct og_engine *e, struct og_error *err);
void og__engine_nets_free(struct og_engine *e);
double og__check_distance(struct og_engine *e, uint32_t model, uint64_t of, int bad,
                          const struct og_node *suspect);
/* Compute the sampled requests of n's finished batch for real. */
void og__node_run_outputs(struct og_node *n);

/* The node no longer holds one of the requests routed to it. */
void og__node_release_load(struct og_node *n);
/* Node n's state machine (node.c): take it to `now` (node clock, not before
 * its last run), handling what is due; the time it must run next (INFINITY:
 * when poked). Its drivers: the event loop, or its actor. */
double og__node_advance(struct og_node *n, double now);
/* Start loading n's hot lines (everything before `host`). */
static inline void og__node_prefetch(const struct og_node *n)
{
  for (size_t b = 0; b < offsetof(struct og_node, host); b += 64)
    og_prefetch((const char *)n + b);
}
void og__node_actor(int argc, char **argv);
/* Have n's driver run it at the current time. */
void og__node_poke(struct og_node *n);
/* n goes to jail for `seconds` from now (off the router until then). */
void og__node_jail(struct og_node *n, double seconds);
/* Attach n's serving engine (its class's) and its per-node state; free it. */
OG_MUST_CHECK enum og_status og__node_serving_setup(struct og_node *n);
void og__node_serving_free(struct og_node *n);
/* The slab of the nodes' engine states (before any node's set-up), and its
 * release (after every node's). */
OG_MUST_CHECK enum og_status og__serving_setup(struct og_engine *e);
void og__serving_free(struct og_engine *e);
/* The run has ended: each node's engine counts the work it finished by
 * now but holds in closed form (og_serving_type.run_end). */
void og__serving_run_end(struct og_engine *e);

/* ---- loading (node_load.c, transfer.c; docs/loading.md) --------------- */

enum og_model_state { OG_MODEL_ABSENT, OG_MODEL_LOADING, OG_MODEL_READY };

/* One load of a model's weights by a node: a SimGrid transfer from its
 * storage tier to its host, then the copy to GPU memory. Times are on the
 * node's clock. */
struct og_load {
  struct og_engine *e;
  uint32_t node, model, tier;
  uint32_t peer;   /* the node it fetches from (placement.peer_fetch), or
                      UINT32_MAX: from its storage tier */
  sg_host_t src;   /* the host the weights come from */
  double bytes;
  double t_start;  /* the transfer starts */
  double t_moved;  /* its last byte arrives */
  double t_ready;  /* t_moved + bytes / load_bandwidth: the model serves */
  sg_actor_t actor;/* its actor, while it runs (NULL once it has ended) */
  struct og_load *next_open; /* the node's next load under way */
  /* Its transfer's bound (event loop): its route's shared links and their
   * bandwidths; at least rem_lo bytes remain at t_upd, moving at most at
   * rate_hi since; its end (with the GPU copy) not before t_lo. */
  sg_link_t *links;
  double *link_bw;
  size_t n_links;
  double rem_lo, t_upd, rate_hi, t_lo;
  int moved_seen;  /* the loop handled its transfer's end (the copy runs) */
  double pen;      /* its flow's sharing penalty in SimGrid (CM02: route latency) */
  double t_active; /* its latency phase over: it shares bandwidth from then */
  int cancelled;   /* its node left before it ended: it makes nothing ready */
};

/* Start loading `model` on n at the current time, unless it is loading or
 * ready already (or the scenario preloads): its requests wait at n until
 * it is ready. */
void og__node_load(struct og_node *n, uint32_t model);
/* Whether n can serve `model` now (its weights are in GPU memory). */
static inline int og__node_model_ready(const struct og_node *n, uint32_t model)
{
  return !n->model_state || n->model_state[model] == OG_MODEL_READY;
}
/* A node that joins a churning class starts empty: it loads the models it
 * hosts (when the scenario loads; else it is ready at once). One that
 * leaves drops its models and stops its loads under way. */
void og__node_joined(struct og_node *n);
void og__node_unload(struct og_node *n);
/* Keep r at n until its model is ready (og__node_enqueue's, for a model
 * not ready); takes a reference. */
void og__node_park(struct og_node *n, struct og_request *r);
/* n failed: the requests waiting for a model go back to the gateway. */
void og__node_park_failover(struct og_node *n);
/* Load L's model is ready on its node (at L->t_ready, now): its waiting
 * requests enter the node's queue. */
void og__load_ready(struct og_engine *e, struct og_load *L);
/* Every node starts loading the models it hosts (placement.preload false),
 * at the current time. */
void og__loads_start(struct og_engine *e);

/* The SimGrid side (transfer.c): storage hosts and node state at set-up,
 * freed with the run; a transfer started for L at the current time (the
 * loop's: SimGrid's clock is brought there first); in the event loop,
 * wait until `until` for a transfer to end, handling it (1) or not (0). */
OG_MUST_CHECK enum og_status og__transfer_setup(struct og_engine *e, struct og_error *err);
void og__transfer_free(struct og_engine *e);
void og__transfer_start(struct og_engine *e, struct og_load *L);
/* Stop L's transfer (its node left); one that has ended already but is
 * not yet handled is left to og__transfers_wait, which drops it. */
void og__transfer_cancel(struct og_engine *e, struct og_load *L);
int og__transfers_wait(struct og_engine *e, double until);
/* The run is over: the loads still under way are stopped (their actors
 * killed: SimGrid 3.32 crashes killing daemons at the end by itself). */
void og__transfers_end(struct og_engine *e);

/* ---- churn -------------------------------------------------------------- */

/* The joins of one churning node class (churn.c): a Poisson process at
 * join_rate into a free slot, refused when none is free. */
struct og_churner {
  struct og_engine *e;
  uint32_t cls;
  gsl_rng *rng;          /* join times, slots, sessions */
  double next_join;      /* clock; INFINITY: no more */
  uint32_t *free;        /* node ids of the free slots */
  size_t n_free;
};

/* Set up the classes' churn (slots online at t = 0 with the stationary
 * residual of their session law, the others free, the first joins drawn)
 * and fail_share (which nodes fail). After the nodes, router and metrics. */
OG_MUST_CHECK enum og_status og__churn_setup(struct og_engine *e);
void og__churn_free(struct og_engine *e);
/* Churner ch at time now: a join when one is due; the time of the next.
 * Its drivers: the event loop, or its actor (og__churn_actor). */
double og__churn_advance(struct og_churner *ch, double now);
void og__churn_actor(int argc, char **argv);
/* Node n left: its slot is free for the next join. */
void og__churn_slot_free(struct og_node *n);
/* The end of the run at `end`: the sessions still open counted into the
 * nodes' online time. */
void og__churn_close(struct og_engine *e, double end);
/* A new node joins into n's slot at `now` for `session` seconds (node.c):
 * queue empty, reputation and jail reset, stake the slot's. */
void og__node_join(struct og_node *n, double now, double session);

/* ---- demand placement (autoscale.c; docs/hosting.md) ------------------ */

/* The controller: state set up after the router and the nodes' model
 * states (its initial replicas in the router, preloaded ones ready); its
 * first loads at the start of the run; one run at `now` (the time of the
 * next); its actor for the actor driver; freed with the run. */
OG_MUST_CHECK enum og_status og__autoscale_setup(struct og_engine *e);
void og__autoscale_start(struct og_engine *e);
double og__autoscale_advance(struct og_engine *e, double now);
void og__autoscale_actor(int argc, char **argv);
void og__autoscale_free(struct og_engine *e);
/* A client request of `model` reached the gateway (the offered load). */
void og__autoscale_arrival(struct og_engine *e, uint32_t model);
/* No replica of r's model could take r: it waits at the gateway (a cold
 * start asks for a replica at once); routed when one is ready. */
void og__autoscale_park(struct og_engine *e, struct og_request *r);
/* L's model is ready at its node; node n left (its models are gone). */
void og__autoscale_ready(struct og_engine *e, const struct og_load *L);
void og__autoscale_node_left(struct og_node *n);

/* ---- clients ------------------------------------------------------------ */

struct og_arrival;

/* FIFO of request pointers (deadline order is issue order). */
struct og_reqfifo {
  struct og_request **v;
  size_t head, len, cap;
  uint64_t base;     /* deadline queue: entries taken off its head so far */
  uint64_t *gone;    /* deadline queue: a bit per slot of v, set when the
                        request there was resolved and let go (client.c);
                        NULL in other queues */
};

/* One of a client's hosts (workload.clients[].hosts): the client's
 * requests go to its hosts in turn, leave from theirs and their results
 * come back to it. */
struct og_client_host {
  sg_host_t host;
  struct og_rx rx;           /* results arrive here (modes with messages) */
  struct og_reqfifo out;     /* requests its sender actor is to send (modes
                                with messages; every host but the first,
                                whose sender is the client's own actor) */
  sg_sem_t out_ready;        /* released per request put in `out` */
};

struct og_client {
  uint32_t id;
  size_t region;
  sg_host_t host;            /* its first host: its actor runs there */
  struct og_client_host *hosts;
  size_t n_hosts;
  size_t next_host;          /* the host of its next new request */
  sg_actor_t actor;          /* its actor (NULL in the event loop) */
  struct og_engine *e;
  struct og_arrival *arrival;
  gsl_rng *mix_rng;
  gsl_rng *shape_rng;        /* token counts drawn from the models' distributions */
  gsl_rng *size_rng;         /* message sizes drawn from the models' distributions */
  struct og_route to_gateway;
  double act_delay;          /* s from sending an attempt to acting on it for the
                                gateway: to_gateway.latency when the network
                                mode shifts clocks, else 0 */
  double next_issue;         /* time of the next new request, INFINITY after the end */
  struct og_reqfifo pending; /* every unresolved request, by deadline */
  struct og_reqfifo retries; /* attempts to resend, by resend time */
  uint64_t unresolved;       /* issued and not yet resolved */
  sg_sem_t idle;             /* released when the last one resolves after issuing ended */
  int waiting;               /* blocked on `idle` */
  int done;                  /* finished: counted out of clients_running */
};

/* Client c's state machine: handle what is due at `now`; the time of its
 * next event, or INFINITY once it is done (issuing over and every request
 * resolved, or the hard stop: what is left is abandoned). Its drivers: the
 * event loop, or its actor. */
double og__client_advance(struct og_client *c, double now);
void og__client_actor(int argc, char **argv);
void og__client_fifo_free(struct og_reqfifo *f);
/* The same for a client's deadline queue (its ring from og_big_malloc,
 * its bits). */
void og__client_pend_free(struct og_reqfifo *f);
/* c's request r was resolved: its deadline queue lets it go (wakes c
 * when it was the last). */
void og__client_resolved(struct og_client *c, struct og_request *r);

/* The slot in c's deadline queue at r's place, or SIZE_MAX when the queue
 * no longer reaches it (whether r is there is the caller's check). */
static inline size_t og__pend_slot(const struct og_client *c, const struct og_request *r)
{
  const struct og_reqfifo *f = &c->pending;
  uint64_t at = r->pend_at - f->base;
  if (r->pend_at < f->base || at >= f->len)
    return SIZE_MAX;
  return og_ring_at(f->head, (size_t)at, f->cap);
}

/* Start loading the word of the deadline queue's bits that holds c's
 * request r's (resolving it sets that bit, after recording it). */
static inline void og__client_prefetch(const struct og_client *c, const struct og_request *r)
{
  size_t i = og__pend_slot(c, r);
  if (i != SIZE_MAX)
    og_prefetch(&c->pending.gone[i / 64]);
}

/* ---- gateway ------------------------------------------------------------ */

struct og_router;

/* Route a request (first attempt or retry) at the current time. */
void og__gateway_route(struct og_engine *e, struct og_request *r);
/* A node lost r (it failed, or r reached it while down): route it again. */
void og__gateway_failover(struct og_engine *e, struct og_request *r);

/* ---- the engine --------------------------------------------------------- */

struct og_engine {
  const struct og_scenario *sc;
  const struct og_run_opts *opts;
  const struct og_net_mode_type *net; /* the scenario's network mode */
  sg_host_t gw_host;
  struct og_rx gw_rx;     /* requests arrive here (network modes with messages) */

  struct og_node *nodes;
  size_t n_nodes;
  /* The serving engines' per-node states, node i's at i * serving_stride
   * (serving.c): an address known from the node's index alone, so that
   * it can be prefetched with the node's own lines, not after them. */
  char *serving_slab;
  size_t serving_stride;
  /* Per node: the request at the head of its queue when it last went from
   * empty to one, or NULL (a prefetch hint, read by the event loop for the
   * next event's node: a stale one costs a wasted prefetch, nothing more) */
  const struct og_request **q_hint;
  struct og_client *clients;
  size_t n_clients;
  struct og_router *router;
  uint32_t *node_group;   /* per node: its host group at the start (placement) */
  const struct og_host_group **groups; /* global host groups (placement.h) */
  size_t n_groups;
  struct og_route *route_store; /* the nodes' to_client arrays */
  struct og_alias *mix_alias; /* model mix, shared by the clients */
  struct og_net **nets;   /* per model: instantiated when run_share > 0 */
  gsl_rng *check_rng;     /* validator choice */
  struct og_alias *stake_alias; /* validators drawn by stake: over all nodes */
  struct og_revote *revotes; /* re-validation votes held (freed at the end) */
  unsigned char *proto_state[OG_PROTO_COUNT]; /* per protocol in use: its per-node state */
  void *proto_run[OG_PROTO_COUNT];            /* per protocol in use: its state for the run */
  struct og_ledger ledger;
  int oom;                /* an allocation failed inside an actor */
  size_t clients_running;
  uint64_t in_flight;     /* messages sent and not yet received (modes with messages) */
  uint64_t checks_open;   /* re-executions handed to validators, not yet finished */
  sg_sem_t quiet;         /* released when checks_open drops to 0 while waited on */
  int quiet_waiting;      /* the last client waits on `quiet` */

  double hard_stop;       /* duration + drain + timeout x (1 + max_retries) */
  int ending;             /* the last client is done: waiting nodes return */
  double last_done;       /* latest response time of a resolved request */
  double progress_next;   /* wall time of the next progress report */
  unsigned progress_ticks;
  uint64_t next_req_id;
  struct og_request *free_reqs; /* free list */
  struct og_request **req_slabs;
  size_t n_slabs, cap_slabs;
  size_t live_reqs;

  struct og_metrics *m;
  double wall_start;

  /* The event loop (loop.c), in network modes that use it (unless the
   * environment has OGSIM_ACTORS set: then nodes and clients are actors, a
   * developer's check that both drivers agree): one timer per node (owners
   * 0..n_nodes-1), per client (n_nodes + index) and per churning class
   * (n_nodes + n_clients + index). */
  struct og_churner *churn;   /* the churning classes' joins */
  size_t n_churn;
  struct og_churner **churn_of; /* [class]: its churner, or NULL */

  int loop;
  size_t n_actors;        /* actors started (/perf) */
  struct og_timers timers;
  double loop_now;        /* time of the event being handled */

  /* Loading (transfer.c), when the scenario loads weights. */
  sg_host_t *tier_host;   /* per storage tier */
  struct og_load **loads; /* every load started (owned) */
  size_t n_loads, cap_loads;
  struct og_load **done;  /* the event loop's: transfers ended, to handle */
  size_t done_head, n_done, cap_done;
  sg_sem_t xfer_done;     /* released by a transfer's actor when it ends */
  uint64_t xfers_open;    /* loads whose end the event loop has not handled */
  gsl_rng *peer_rng;      /* placement.peer_fetch: which holder a load takes */
  /* The event loop's horizon: no load can end before xfer_horizon (a
   * bound from the max-min fair shares of the open loads, transfer.c), so
   * events before it need no wait on SimGrid. */
  struct og_load **xopen; /* loads under way on SimGrid (the loop's) */
  size_t n_xopen, cap_xopen;
  double xfer_horizon;
  double xfer_tighten_at; /* a transfer leaves its latency phase: rebound */
  double xfer_unsynced_to;/* the latest event time run without waiting */
  int xfer_bound_broken;  /* a load ended before that: out of order (ESIM) */
  int xfer_unbounded;     /* no horizon: SimGrid's sharing is not the one it
                             assumes, or OGSIM_XFER_SYNC is set */

  struct og_autoscale *as;/* demand placement's controller, or NULL */
  struct og_flows *flows; /* the network's events in the loop (hybrid mode), or NULL */
  struct og_netstat *ns;  /* link accounting (sim/netmode/netstat.c) */
};

/* Start loading node i's engine state, all of it. */
static inline void og__serving_prefetch(const struct og_engine *e, size_t i)
{
  if (!e->serving_slab)
    return;
  const char *st = e->serving_slab + i * e->serving_stride;
  for (size_t b = 0; b < e->serving_stride; b += 64)
    og_prefetch(st + b);
}

/* Start loading what a request's arrival at node i reads: the node's
 * fields og__node_enqueue reads, its queue hint and the first two lines
 * of its engine state (the engines put what an arrival reads there). On
 * a large network each is a miss; started together when the request is
 * routed, they overlap, where the enqueue met them one after another. */
static inline void og__arrival_prefetch(const struct og_engine *e, size_t i)
{
  const struct og_node *n = &e->nodes[i];
  og_prefetch(&n->q);
  og_prefetch(&n->wait);
  og_prefetch(&n->model_state);
  og_prefetch(&n->st.max_queue);
  og_prefetch(&e->q_hint[i]);
  if (e->serving_slab) {
    const char *st = e->serving_slab + i * e->serving_stride;
    og_prefetch(st);
    if (e->serving_stride > 64)
      og_prefetch(st + 64);
  }
}

static inline double og__req_bytes(const struct og_engine *e, const struct og_request *r)
{
  (void)e;
  return r->req_bytes;
}

static inline double og__resp_bytes(const struct og_engine *e, const struct og_request *r)
{
  (void)e;
  return r->resp_bytes;
}

/* Whether every node has a host of its own in the platform: actors need
 * one, and so do weight loads and flows (their links); else the event loop
 * reads each region's routes off its first node's host. */
static inline int og__engine_node_hosts(const struct og_engine *e)
{
  return !e->loop || og_scenario_loads(e->sc) || og_scenario_flows(e->sc);
}

/* The event loop: nodes and clients as state machines run at their events,
 * in time order, on SimGrid's clock (loop.c). */
OG_MUST_CHECK enum og_status og__loop_init(struct og_engine *e);
void og__loop_run(struct og_engine *e);
/* The controller's timer (demand placement): the owner after the churners. */
static inline uint32_t og__loop_autoscale_owner(const struct og_engine *e)
{
  return (uint32_t)(e->n_nodes + e->n_clients + e->n_churn);
}
/* The network's timer (sim/netmode/flows.c): the owner after the controller's. */
static inline uint32_t og__loop_net_owner(const struct og_engine *e)
{
  return og__loop_autoscale_owner(e) + (e->as != NULL);
}
void og__loop_net_at(struct og_engine *e, double t);
/* Run node n (client c) at time t, instead of at the time it asked for. */
void og__loop_node_at(struct og_engine *e, const struct og_node *n, double t);
void og__loop_client_at(struct og_engine *e, const struct og_client *c, double t);
void og__loop_churn_at(struct og_engine *e, const struct og_churner *ch, double t);
/* Run node n at t if that is sooner than the time it is set to run. */
void og__loop_node_sooner(struct og_engine *e, const struct og_node *n, double t);

/* Resolve a request: success (t_done is the response's arrival time at the
 * client, real time) or failure. Records metrics. */
void og__request_succeed(struct og_engine *e, struct og_request *r, double t_done);
void og__request_fail(struct og_engine *e, struct og_request *r, double t);
/* Still unresolved when the run ends. */
void og__request_abandon(struct og_engine *e, struct og_request *r, double t);

void og__requests_free(struct og_engine *e);

/* Something happened: report progress when the wall clock says it is time
 * (cheap otherwise; nothing happens, nothing is reported). */
void og__progress_tick(struct og_engine *e);

/* Whether node n hosts model m now (routing.h: the router's pools). */
int og__node_hosts(const struct og_node *n, uint32_t model);
/* The models node n was placed with at the start (its KV pool's share). */
const struct og_host_group *og__node_group(const struct og_node *n);

/* Offset from node n's clock to real time (see node.c). */
static inline double og__node_clock_shift(const struct og_node *n)
{
  return n->clock_shift;
}

/* Start a daemon actor running fn(data) on host (*out: the actor, or NULL). */
void og__daemon_start(struct og_engine *e, sg_actor_t *out, const char *name, sg_host_t host,
                      void (*fn)(int, char **), void *data);

/* The verification protocol that runs for a model's requests: the model's
 * own block, else a copy of the scenario's. */
static inline const struct og_verification *og__vf(const struct og_engine *e, uint32_t model)
{
  return &e->sc->models[model].verification;
}

/* Real time now, as node n sees it. */
static inline double og__node_real_now(const struct og_node *n)
{
  return og__now() + og__node_clock_shift(n);
}

#endif
