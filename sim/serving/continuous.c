/* The continuous serving engine: iteration-level batching as LLM servers
 * do it (Orca, OSDI'22; vLLM, SOSP'23), with paged KV-cache memory and,
 * as an option, chunked prefill (Sarathi-Serve, OSDI'24).
 *
 * At each iteration boundary the node admits waiting requests (first come,
 * first served) while it has room for another sequence (max_num_seqs) and
 * KV-cache blocks for the prompt. An iteration is one forward pass of one
 * model over its running sequences: a sequence does its prefill (the
 * first output token comes out of it), then one decode step per further
 * output token, then leaves. Without chunked prefill, an iteration with
 * newly admitted prompts prefills only them (up to max_batched_tokens;
 * decodes wait, as vLLM's default scheduler); with it, every iteration
 * carries every decode plus prefill chunks up to the token budget. When
 * decode growth finds no free block, the newest sequence is preempted: its
 * blocks are freed and it waits at the head of the queue to be recomputed
 * (prefill of its prompt and the tokens it had produced; vLLM's default).
 *
 * A node keeps one queue per model. Models take iterations in turn (round
 * robin over the models with work); a model that is not an LLM (output
 * tokens 0: a classifier) takes a whole batch of up to max_batch requests
 * in one forward pass, charged the static roofline (og_batch_seconds).
 *
 * Events, not tokens: while one model has work and its running sequences
 * are all decoding, every iteration has the same sequences and each one's
 * context grows by one token, so the iteration's compute and memory times
 * are linear in the iteration's index and the time of k iterations is a
 * sum of two arithmetic series (split where the two lines cross). The node
 * plans such a run up to the next completion or the point where the KV
 * cache would overflow, and wakes only then, or when an arrival or another
 * model's request needs the next boundary, or a request routed to it times
 * out (the run is cut there); a run still under way when the run ends
 * counts what it finished (run_end). A prefill after which nothing can
 * change goes on into the run after it with no event (plan_head). The class
 * key `iterations: each` plans one iteration at a time instead: the
 * reference the closed form is tested against. Costs are in
 * og_iter_seconds (sim/scenario/estimate.c); docs/serving.md has the model
 * and its sources. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "grow.h"
#include "metrics.h"
#include "prefetch.h"
#include "rng.h"
#include "serving.h"

struct seq {
  struct og_qentry en;
  uint32_t p0;     /* prompt tokens */
  uint32_t out;    /* output tokens to produce */
  uint32_t gen;    /* produced so far */
  uint32_t pre;    /* tokens to prefill: p0 + gen at admission (recompute) */
  uint32_t done;   /* of them, prefilled */
  uint32_t chunk;  /* prefill tokens in the iteration under way */
  uint32_t blocks; /* KV blocks held */
  uint32_t check;  /* a validator's re-execution */
  double w;        /* cost weight: 1, a cheated request its cost factor */
};

/* One model's requests on the node. */
struct mstate {
  struct seq *run;  /* admitted, in admission order */
  size_t n_run, cap_run;
  struct seq *run_in; /* its first room, in the node's state (NULL: none) */
  struct seq *wait; /* ring: waiting, preempted ones at the head */
  size_t w_head, w_len, w_cap;
};

/* With up to MS_INLINE models, their queues and the first RUN_INLINE
 * running sequences of each live in the node's engine state itself: an
 * event then finds the state, its model's queue and the first sequences
 * in one block, where separate allocations cost a cache miss each (the
 * engine's hot spot on a 10k-node bench). */
#define MS_INLINE 2
#define RUN_INLINE 4

enum plan { PLAN_NONE, PLAN_ONE, PLAN_RUN, PLAN_PASS };

/* A run that another model's pass interrupts is held, not applied: its
 * sequences keep their state of t_sync, and after the pass it resumes
 * where it stopped, later by the pass's length (a pause). Up to
 * PAUSES_HELD pauses are kept per run; at the next one it is applied and
 * planned afresh, as any run that ends. */
#define PAUSES_HELD 4

/* Laid out by cache line (the state is line-aligned): what an arrival
 * reads in the first (its flags a byte each, so that they fit), what
 * cutting a run reads and writes in the second. */
struct cstate {
  uint8_t plan;        /* enum plan: what is under way from t_sync */
  uint8_t room;        /* PLAN_RUN: its model's running set has room for more */
  uint8_t head;        /* PLAN_RUN: a prefill iteration ends at t_sync, where
                          the run starts (plan_head): its sequences are
                          already past it, its accounting is not */
  uint8_t held;        /* a run is held while the pass under way runs */
  uint32_t plan_model;
  size_t plan_k;       /* PLAN_RUN: iterations planned, counted from t_sync */
  double plan_end;
  double t_sync;       /* the running state holds at this time */
  struct mstate *ms;   /* per model: ms_in, or from the node's first request */
  uint32_t k_acc;      /* PLAN_RUN: of its iterations, those accounted at pauses */
  uint32_t rr;         /* next model in turn */
  uint32_t block_tokens; /* the class's, kept here: one cache line less per event */
  uint8_t saturated;   /* requests wait for room while it is under way */
  uint8_t purge;       /* a request timed out: let stale waiting ones go at
                          the next boundary */
  double shift;        /* PLAN_RUN: seconds of pauses since t_sync */
  struct og_iter_run run; /* PLAN_RUN: the iterations' costs */
  double verify;       /* share of the rest that its protocol's declared cost takes */
  const struct og_verification *plan_vf; /* the planned model's protocol block
                                            (with run and verify: what a cut
                                            reads and writes, in this line) */
  double checks;       /* share of the work under way that re-executes results */
  double seqs, tokens; /* of the iteration(s) under way: sequences, tokens each */
  double kv_free;      /* bytes of the KV pool free */
  double kv_pool;
  double wait_from;    /* PLAN_RUN, not saturated: requests wait for room from
                          this boundary on (an arrival it had no room for);
                          INFINITY: none */
  size_t batch_cap;    /* room in n->batch (delivery) */
  double t_acc;        /* PLAN_RUN, k_acc > 0: when its iterations since resumed */
  size_t plan_kmax;    /* PLAN_RUN: iterations before a completion or a full KV pool */
  /* the run's pauses (n_pause of them in pause_k and pause_shift) */
  size_t n_pause;
  union {
    struct {
      /* the held run (plan_k and room stay its own: a pass sets neither):
       * its model, t_sync, checks and end */
      uint32_t h_model;
      double h_t0, h_checks, h_end;
      /* from iteration pause_k[i] on, the run is later by pause_shift[i]
       * (cumulative) */
      uint32_t pause_k[PAUSES_HELD];
      double pause_shift[PAUSES_HELD];
    };
    struct {
      /* the head (a run neither held nor paused while it lasts): the
       * prefill's start, its shares of compute and memory, checks, verify
       * share, sequences and tokens, and the sequences it prefills that
       * had done nothing before it */
      double hd_t0, hd_compute, hd_memory, hd_checks, hd_verify, hd_seqs, hd_tokens;
      uint32_t hd_fresh;
    };
  };
  /* each model's queue in a line of its own (an mstate is one line): the
   * first thing a boundary reads after the state's first line */
  _Alignas(64) struct mstate ms_in[MS_INLINE];
  struct seq run_in[MS_INLINE][RUN_INLINE];
};

#define CS(n) ((struct cstate *)(n)->serving_state)

/* Model mi has requests running or waiting on the node. */
static int has_work(const struct cstate *s, size_t mi)
{
  return s->ms[mi].n_run || s->ms[mi].w_len;
}

static const struct og_node_class *cls_of(const struct og_node *n)
{
  return &n->e->sc->classes[n->cls];
}

static double block_bytes(const struct og_node *n, const struct og_model *m)
{
  return (double)CS(n)->block_tokens * m->kv_token_bytes;
}

/* Blocks holding `tokens` tokens: an integer ceiling, which is the double
 * one's value (token counts are far below 2^53) without a libm call; for
 * a power of two (vLLM's sizes, and the default) a shift, not a 64-bit
 * division (block_tokens is at least 1). */
static uint32_t blocks_for(const struct og_node *n, uint64_t tokens)
{
  uint64_t bt = CS(n)->block_tokens;
  if ((bt & (bt - 1)) == 0)
    return (uint32_t)((tokens + bt - 1) >> __builtin_ctzll(bt));
  return (uint32_t)((tokens + bt - 1) / bt);
}

static enum og_status setup(struct og_node *n)
{
  struct cstate *s = CS(n);
  s->kv_pool = s->kv_free = og_kv_pool(n->e->sc, cls_of(n), og__node_group(n));
  s->batch_cap = cls_of(n)->max_batch;
  s->block_tokens = cls_of(n)->block_tokens;
  s->plan_end = s->wait_from = INFINITY;
  if (n->e->sc->n_models <= MS_INLINE) {
    s->ms = s->ms_in;
    for (size_t i = 0; i < n->e->sc->n_models; i++) {
      s->ms_in[i].run = s->ms_in[i].run_in = s->run_in[i];
      s->ms_in[i].cap_run = RUN_INLINE;
    }
  }
  return OG_OK;
}

static void node_free(struct og_node *n)
{
  struct cstate *s = CS(n);
  if (!s || !s->ms)
    return;
  for (size_t i = 0; i < n->e->sc->n_models; i++) {
    if (s->ms[i].run != s->ms[i].run_in)
      free(s->ms[i].run);
    free(s->ms[i].wait);
  }
  if (s->ms != s->ms_in)
    free(s->ms);
}

/* Room for one more running sequence of q: doubling, out of the node
 * state's first room onto the heap. Returns 0, or -1 when out of memory. */
static int run_room(struct mstate *q)
{
  if (q->n_run < q->cap_run)
    return 0;
  size_t cap = q->cap_run ? 2 * q->cap_run : 4;
  struct seq *r = q->run == q->run_in ? malloc(cap * sizeof *r) : realloc(q->run, cap * sizeof *r);
  if (!r)
    return -1;
  if (q->run == q->run_in && q->n_run)
    memcpy(r, q->run, q->n_run * sizeof *r);
  q->run = r;
  q->cap_run = cap;
  return 0;
}

/* ---- queues ------------------------------------------------------------ */

static int wait_push(struct mstate *q, struct seq sq, int front)
{
  if (og_ring_room((void **)&q->wait, &q->w_head, q->w_len, &q->w_cap, sizeof *q->wait, 4))
    return -1;
  if (front) {
    q->w_head = og_ring_at(q->w_head, q->w_cap - 1, q->w_cap);
    q->wait[q->w_head] = sq;
  } else {
    q->wait[og_ring_at(q->w_head, q->w_len, q->w_cap)] = sq;
  }
  q->w_len++;
  return 0;
}

static struct seq wait_pop(struct mstate *q)
{
  struct seq sq = q->wait[q->w_head];
  q->w_head = og_ring_at(q->w_head, 1, q->w_cap);
  q->w_len--;
  return sq;
}

static int engaged(const struct og_node *n)
{
  const struct cstate *s = CS(n);
  if (!s->ms)
    return 0;
  for (size_t i = 0; i < n->e->sc->n_models; i++)
    if (has_work(s, i))
      return 1;
  return 0;
}

/* Move the node's arrivals to their models' queues. */
static void take_arrivals(struct og_node *n)
{
  struct cstate *s = CS(n);
  struct og_engine *e = n->e;
  if (!s->ms && n->q_len && !(s->ms = calloc(e->sc->n_models, sizeof *s->ms))) {
    e->oom = 1;
    return;
  }
  while (n->q_len > 0) {
    struct og_qentry en = og__node_q_pop(n);
    if (!og__entry_live(en)) {
      og__node_release(n, en.req);
      continue;
    }
    const struct og_model *m = &e->sc->models[en.req->model];
    struct seq sq = {.en = en, .p0 = en.req->prompt_tokens, .out = en.req->output_tokens,
                     .check = en.req->kind == OG_KIND_CHECK || en.req->kind == OG_KIND_REPLICA,
                     .w = 1};
    if (m->llm && sq.out == 0)
      sq.out = 1;
    sq.pre = sq.p0;
    if (wait_push(&s->ms[en.req->model], sq, 0) != 0) {
      e->oom = 1;
      og__node_release(n, en.req);
    }
  }
}

/* A sequence leaves the node unfinished (stale, or the node failed): work
 * done on it is wasted; a live one goes back to the gateway on failover. */
static void drop(struct og_node *n, struct seq *sq, int failover)
{
  if (sq->gen > 0 || sq->done > 0)
    n->st.wasted++;
  if (failover && og__entry_live(sq->en))
    og__gateway_failover(n->e, sq->en.req);
  og__node_release(n, sq->en.req);
}

/* Let every stale request waiting on n go (n's queue, its models'
 * queues), keeping the order of the rest: what admission does to a stale
 * head, for all of them. */
static void purge(struct og_node *n)
{
  struct cstate *s = CS(n);
  s->purge = 0;
  size_t kept = 0, len = n->q_len;
  for (size_t i = 0; i < len; i++) {
    struct og_qentry en = n->q[og_ring_at(n->q_head, i, n->q_cap)];
    if (!og__entry_live(en)) {
      og__node_release(n, en.req);
      continue;
    }
    n->q[og_ring_at(n->q_head, kept++, n->q_cap)] = en;
  }
  n->q_len = kept;
  if (!kept)
    n->e->q_hint[n->id] = NULL;
  for (size_t m = 0; s->ms && m < n->e->sc->n_models; m++) {
    struct mstate *q = &s->ms[m];
    size_t w = 0, wl = q->w_len;
    for (size_t i = 0; i < wl; i++) {
      struct seq sq = q->wait[og_ring_at(q->w_head, i, q->w_cap)];
      if (!og__entry_live(sq.en)) {
        drop(n, &sq, 0);
        continue;
      }
      q->wait[og_ring_at(q->w_head, w++, q->w_cap)] = sq;
    }
    q->w_len = w;
  }
}

/* A decoding sequence holds room for its context and the next token
 * (bb: the model's block_bytes). */
static void grow_blocks(struct og_node *n, double bb, struct seq *sq)
{
  uint32_t b = blocks_for(n, (uint64_t)sq->p0 + sq->gen);
  if (b > sq->blocks) {
    CS(n)->kv_free -= (b - sq->blocks) * bb;
    sq->blocks = b;
  }
}

static void free_blocks(struct og_node *n, const struct og_model *m, struct seq *sq)
{
  CS(n)->kv_free += sq->blocks * block_bytes(n, m);
  sq->blocks = 0;
}

/* Deliver the finished requests in n->batch at t. */
static void deliver(struct og_node *n, double t)
{
  if (n->batch_len) {
    og__node_finish(n, -1, t);
    n->st.batches--; /* a delivery, not a batch: iterations count the work */
  }
  n->batch_len = 0;
}

static int batch_add(struct og_node *n, struct og_qentry en)
{
  if (og_grow((void **)&n->batch, &CS(n)->batch_cap, n->batch_len + 1, sizeof *n->batch, 8))
    return -1;
  n->batch[n->batch_len++] = en;
  return 0;
}

/* ---- admission --------------------------------------------------------- */

/* Admit model mi's waiting requests at `now` while they fit; requests
 * whose prompt alone exceeds the whole pool fail. */
static void admit(struct og_node *n, uint32_t mi, double now)
{
  struct cstate *s = CS(n);
  struct mstate *q = &s->ms[mi];
  const struct og_node_class *c = cls_of(n);
  const struct og_model *m = &n->e->sc->models[mi];
  double bb = block_bytes(n, m), budget = (double)c->max_batched_tokens;
  while (q->w_len > 0 && q->n_run < c->max_num_seqs) {
    struct seq *sq = &q->wait[q->w_head];
    if (!og__entry_live(sq->en)) {
      struct seq d = wait_pop(q);
      drop(n, &d, 0);
      continue;
    }
    uint32_t need = blocks_for(n, (uint64_t)sq->pre + 1);
    if (need * bb > s->kv_pool) { /* can never fit: fail it */
      struct seq d = wait_pop(q);
      n->st.wasted++;
      og__request_fail(n->e, d.en.req, now + og__node_clock_shift(n));
      og__node_release(n, d.en.req);
      continue;
    }
    if (need * bb > s->kv_free)
      break;
    /* without chunking a prompt is prefilled whole, so the budget bounds
     * the prompts admitted together (one larger than it goes alone) */
    if (!c->chunked_prefill && (double)sq->pre > budget &&
        budget < (double)c->max_batched_tokens)
      break;
    if (run_room(q) != 0) {
      n->e->oom = 1;
      break;
    }
    struct seq a = wait_pop(q);
    if (a.gen == 0) {
      a.w = m->llm ? og__node_decide_one(n, a.en.req) : 1;
      a.en.req->t_start = now;
      if (a.w == 0) { /* a cheat that computes nothing answers at once */
        if (batch_add(n, a.en) != 0) {
          n->e->oom = 1;
          og__node_release(n, a.en.req);
        }
        continue;
      }
    }
    a.blocks = need;
    s->kv_free -= need * bb;
    budget -= a.pre;
    q->run[q->n_run++] = a;
  }
  deliver(n, now);
}

/* ---- plans ------------------------------------------------------------- */

/* Iterations of the planned run finished by `dt` after it started: a
 * search between k times the first's and k times the last's time
 * (iterations only get longer). */
static size_t run_search(const struct cstate *s, double dt)
{
  const struct og_iter_run *r = &s->run;
  double k = (double)s->plan_k;
  double c = r->c0 + r->c1 * (k - 1), m = r->m0 + r->m1 * (k - 1); /* no libm calls */
  double first = (r->c0 > r->m0 ? r->c0 : r->m0) + r->fixed;
  double last = (c > m ? c : m) + r->fixed;
  size_t lo = 0, hi = s->plan_k;
  if (last > 0 && dt / last > 2)
    lo = (size_t)(dt / last - 1 < k ? dt / last - 1 : k); /* one below, for rounding */
  if (first > 0 && dt / first + 2 < k)
    hi = (size_t)(dt / first + 2);
  if (lo > hi || og_iter_run_seconds(r, (double)lo) > dt) /* rounding: the plain search */
    lo = 0;
  while (lo < hi) {
    size_t mid = lo + (hi - lo + 1) / 2;
    if (og_iter_run_seconds(r, (double)mid) <= dt)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

/* The k (real) whose first k iterations of times a + b j (j from 0) take
 * dt: the root of b/2 k^2 + (a - b/2) k = dt, in the form without
 * cancellation (b = 0 included). */
static double line_fits(double a, double b, double dt)
{
  double p = a - b / 2;
  return 2 * dt / (p + sqrt(p * p + 2 * b * dt));
}

/* Iterations of the planned run finished by `dt` after it started: the
 * most k (up to plan_k) with og_iter_run_seconds(k) <= dt. The time of k
 * iterations is two arithmetic series, so k is a quadratic's root, one
 * series' or, past the point kx where the lines cross, the other's; the
 * integer is then confirmed (or moved by one) on og_iter_run_seconds
 * itself, which is what the search compares, so the answer is the
 * search's (run_search, kept for what rounding leaves more than a few
 * steps off). Iterations only get longer, so the times only grow. */
static size_t run_done_by(const struct cstate *s, double dt)
{
  const struct og_iter_run *r = &s->run;
  size_t kmax = s->plan_k;
  if (!(dt > 0))
    return 0; /* the first iteration takes more than nothing */
  double x;
  if (r->c1 == r->m1) {
    x = line_fits((r->c0 > r->m0 ? r->c0 : r->m0) + r->fixed, r->c1, dt);
  } else {
    int mem_first = r->c1 > r->m1; /* og_iter_run_seconds' order */
    double a0 = mem_first ? r->m0 : r->c0, a1 = mem_first ? r->m1 : r->c1;
    double b0 = mem_first ? r->c0 : r->m0, b1 = mem_first ? r->c1 : r->m1;
    double tx = r->kx > 0 ? og_iter_run_seconds(r, r->kx) : 0; /* kx 0: the second line only */
    if (tx > dt)
      x = line_fits(a0 + r->fixed, a1, dt);
    else
      x = r->kx + line_fits(b0 + r->fixed + b1 * r->kx, b1, dt - tx);
  }
  size_t k = !(x > 0) ? 0 : x >= (double)kmax ? kmax : (size_t)x;
  for (int step = 0; step < 4; step++) {
    if (k > 0 && og_iter_run_seconds(r, (double)k) > dt)
      k--;
    else if (k < kmax && og_iter_run_seconds(r, (double)(k + 1)) <= dt)
      k++;
    else
      return k;
  }
  return run_search(s, dt);
}

/* KV blocks model mi's running sequences hold after k more decode steps. */
static double blocks_after(const struct og_node *n, const struct mstate *q, size_t k)
{
  uint64_t b = 0;
  for (size_t i = 0; i < q->n_run; i++) {
    const struct seq *sq = &q->run[i];
    uint32_t need = blocks_for(n, (uint64_t)sq->p0 + sq->gen + k);
    b += need > sq->blocks ? need : sq->blocks;
  }
  return (double)b;
}

/* Decode steps all of mi's running sequences can take before one of them
 * finishes or the pool runs out (at most `kmax`). */
static size_t kv_steps(const struct og_node *n, const struct mstate *q, size_t kmax,
                       double avail_blocks)
{
  if (blocks_after(n, q, kmax) <= avail_blocks)
    return kmax;
  size_t lo = 0, hi = kmax;
  while (lo < hi) {
    size_t mid = lo + (hi - lo + 1) / 2;
    if (blocks_after(n, q, mid) <= avail_blocks)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

static int others_have_work(const struct og_node *n, uint32_t mi)
{
  const struct cstate *s = CS(n);
  for (size_t i = 0; i < n->e->sc->n_models; i++)
    if (i != mi && has_work(s, i))
      return 1;
  return 0;
}

/* Preempt mi's newest running sequence: its blocks freed, back to the
 * head of the queue to be recomputed. */
static void preempt(struct og_node *n, uint32_t mi)
{
  struct mstate *q = &CS(n)->ms[mi];
  struct seq sq = q->run[--q->n_run];
  free_blocks(n, &n->e->sc->models[mi], &sq);
  sq.pre = sq.p0 + sq.gen;
  sq.done = sq.chunk = 0;
  n->st.preemptions++;
  if (wait_push(q, sq, 1) != 0) {
    n->e->oom = 1;
    drop(n, &sq, 1);
  }
}

/* Whether mi's decoding sequences have the blocks for one more step. */
static int decode_room(const struct og_node *n, uint32_t mi)
{
  const struct cstate *s = CS(n);
  const struct mstate *q = &s->ms[mi];
  double more = 0;
  for (size_t i = 0; i < q->n_run; i++) {
    const struct seq *sq = &q->run[i];
    if (sq->done == sq->pre) {
      double b = blocks_for(n, (uint64_t)sq->p0 + sq->gen + 1);
      more += b > sq->blocks ? b - sq->blocks : 0;
    }
  }
  return more * block_bytes(n, &n->e->sc->models[mi]) <= s->kv_free;
}

/* A model that is not an LLM: one pass over up to max_batch of its
 * waiting requests, charged the static roofline. 0: none was waiting. */
static int plan_pass(struct og_node *n, uint32_t mi)
{
  struct cstate *s = CS(n);
  struct mstate *q = &s->ms[mi];
  const struct og_node_class *c = cls_of(n);
  const struct og_model *m = &n->e->sc->models[mi];
  size_t b = 0;
  double w = 0, checks = 0;
  while (q->w_len > 0 && b < c->max_batch) {
    struct seq sq = wait_pop(q);
    if (!og__entry_live(sq.en)) {
      drop(n, &sq, 0);
      continue;
    }
    sq.w = og__node_decide_one(n, sq.en.req);
    sq.en.req->t_start = s->t_sync;
    w += sq.w;
    checks += sq.check;
    if (run_room(q) != 0) {
      n->e->oom = 1;
      drop(n, &sq, 1);
      continue;
    }
    q->run[q->n_run++] = sq;
    b++;
  }
  if (!b)
    return 0;
  struct og_roofline_parts parts = {0, 0};
  double t = w > 0 ? og_batch_cost(c, m, w, &parts) : 0; /* lazy cheats only: nothing computed */
  og__node_shares(n, &parts, t);
  if (m->service == OG_SERVICE_EXPONENTIAL && w > 0)
    t *= og_rng_exponential(n->rng, 1.0);
  s->plan = PLAN_PASS;
  s->plan_end = s->t_sync + t;
  s->plan_vf = &m->verification;
  s->verify = og_verify_share(s->plan_vf, t, 1);
  s->checks = checks / (double)b;
  s->seqs = s->tokens = (double)b;
  return 1;
}

/* One iteration of mi's pending prefills (and, chunked, every decode
 * under the token budget). */
static void plan_prefill(struct og_node *n, uint32_t mi, const struct og_iter_rates *r)
{
  struct cstate *s = CS(n);
  struct mstate *q = &s->ms[mi];
  const struct og_node_class *c = cls_of(n);
  struct og_iter_work w = {.eager = 1};
  double budget = (double)c->max_batched_tokens, seqs = 0, checks = 0, wsum = 0;
  for (size_t i = 0; c->chunked_prefill && i < q->n_run; i++)
    budget -= q->run[i].done == q->run[i].pre;
  for (size_t i = 0; i < q->n_run; i++) {
    struct seq *sq = &q->run[i];
    sq->chunk = 0;
    if (sq->done == sq->pre) {
      if (!c->chunked_prefill)
        continue;
      double ctx = (double)sq->p0 + sq->gen;
      w.tokens += sq->w;
      w.logits += sq->w;
      w.attended += sq->w * ctx;
      w.kv_read += sq->w * (ctx - 1);
      w.moved += 1;
    } else {
      double left = (double)(sq->pre - sq->done);
      double k = c->chunked_prefill ? fmin(left, fmax(budget, 0)) : left;
      if (k <= 0)
        continue;
      budget -= k;
      sq->chunk = (uint32_t)k;
      double s0 = (double)sq->done;
      w.tokens += sq->w * k;
      w.logits += sq->done + k == sq->pre ? sq->w : 0;
      w.attended += sq->w * (k * s0 + k * (k + 1) / 2);
      w.kv_read += sq->w * s0;
      w.moved += k;
    }
    seqs += 1;
    wsum += sq->w;
    checks += sq->check ? sq->w : 0;
  }
  s->plan = PLAN_ONE;
  struct og_roofline_parts parts;
  s->plan_end = s->t_sync + og_iter_cost(&n->e->sc->models[mi], r, &w, &parts);
  og__node_shares(n, &parts, s->plan_end - s->t_sync);
  s->plan_vf = &n->e->sc->models[mi].verification;
  s->verify = og_verify_share(s->plan_vf, s->plan_end - s->t_sync, 1);
  s->checks = wsum > 0 ? checks / wsum : 0;
  s->seqs = seqs;
  s->tokens = w.moved;
}

/* Every sequence of mi decodes: a run of iterations in closed form, up to
 * the first completion or the last step the KV pool allows (newest
 * sequences preempted until one fits). 0: nothing left to run. */
static int plan_run(struct og_node *n, uint32_t mi, const struct og_iter_rates *r)
{
  struct cstate *s = CS(n);
  struct mstate *q = &s->ms[mi];
  const struct og_node_class *c = cls_of(n);
  const struct og_model *m = &n->e->sc->models[mi];
  size_t kmax;
  double bb = block_bytes(n, m);
  for (;;) {
    double held = 0;
    kmax = SIZE_MAX;
    for (size_t i = 0; i < q->n_run; i++) {
      kmax = q->run[i].out - q->run[i].gen < kmax ? q->run[i].out - q->run[i].gen : kmax;
      held += q->run[i].blocks;
    }
    size_t k = kv_steps(n, q, kmax, held + floor(s->kv_free / bb + 1e-9));
    if (k > 0) {
      kmax = k;
      break;
    }
    if (q->n_run == 1) { /* its context outgrew the whole pool */
      struct seq sq = q->run[--q->n_run];
      free_blocks(n, m, &sq);
      n->st.wasted++;
      og__request_fail(n->e, sq.en.req, s->t_sync + og__node_clock_shift(n));
      og__node_release(n, sq.en.req);
      return 0;
    }
    preempt(n, mi);
  }
  s->plan_kmax = kmax;
  /* a stale request at the queue's head (a sequence preempted after its
   * client gave up) goes at the next boundary, and admission with it */
  if (c->per_iteration || others_have_work(n, mi) ||
      (q->w_len && !og__entry_live(q->wait[q->w_head].en)))
    kmax = 1;
  struct og_iter_work dw = {0};
  double checks = 0, wsum = 0;
  for (size_t i = 0; i < q->n_run; i++) {
    const struct seq *sq = &q->run[i];
    double ctx = (double)sq->p0 + sq->gen;
    wsum += sq->w;
    dw.attended += sq->w * ctx;
    dw.kv_read += sq->w * (ctx - 1);
    checks += sq->check ? sq->w : 0;
  }
  double nr = (double)q->n_run;
  dw.tokens = dw.logits = wsum;
  dw.moved = nr;
  og_iter_run_set(m, r, &dw, &s->run);
  s->plan = PLAN_RUN;
  s->room = q->n_run < c->max_num_seqs;
  s->k_acc = 0;
  s->shift = 0;
  s->n_pause = 0;
  s->plan_k = kmax;
  s->plan_end = s->t_sync + og_iter_run_seconds(&s->run, (double)kmax);
  s->plan_vf = &m->verification;
  s->verify = og_verify_share(s->plan_vf, s->plan_end - s->t_sync, (double)kmax);
  s->checks = wsum > 0 ? checks / wsum : 0;
  s->seqs = s->tokens = nr;
  return 1;
}

static int has_prefill(const struct mstate *q)
{
  for (size_t i = 0; i < q->n_run; i++)
    if (q->run[i].done < q->run[i].pre)
      return 1;
  return 0;
}

/* Plan model mi's next iteration(s) from t_sync. Returns 0 when it has
 * nothing it can run. */
static int plan(struct og_node *n, uint32_t mi)
{
  struct mstate *q = &CS(n)->ms[mi];
  const struct og_node_class *c = cls_of(n);
  const struct og_model *m = &n->e->sc->models[mi];
  if (!m->llm)
    return plan_pass(n, mi);
  admit(n, mi, CS(n)->t_sync);
  if (!q->n_run)
    return 0;
  struct og_iter_rates r;
  og_iter_rates(c, m, &r);
  int prefill = has_prefill(q);
  if (prefill && c->chunked_prefill) { /* decodes grow; a preempted prefill leaves */
    while (!decode_room(n, mi))
      preempt(n, mi);
    prefill = has_prefill(q);
  }
  if (!prefill)
    return plan_run(n, mi, &r);
  plan_prefill(n, mi, &r);
  return 1;
}

/* ---- applying what was planned ----------------------------------------- */

/* A run's compute and memory shares over its iterations [k0, k1): the two
 * series of og_iter_run_seconds summed apart. Other plans set theirs when
 * planned. */
static void run_shares(struct og_node *n, double k0, double k1)
{
  const struct cstate *s = CS(n);
  if (s->plan != PLAN_RUN)
    return;
  const struct og_iter_run *r = &s->run;
  struct og_roofline_parts parts = {og_line_sum(r->c0, r->c1, k0, k1),
                                    og_line_sum(r->m0, r->m1, k0, k1)};
  og__node_shares(n, &parts, og_iter_run_seconds(r, k1) - og_iter_run_seconds(r, k0));
}

/* `iters` iterations (a pass: one) of the plan under way done. */
static void count(struct og_node *n, double iters)
{
  const struct cstate *s = CS(n);
  n->st.batches += (uint64_t)iters;
  if (s->plan == PLAN_PASS) { /* a model that is not an LLM: a pass, not an iteration */
    n->st.passes++;
    n->st.pass_seqs += s->seqs;
    return;
  }
  n->st.iterations += (uint64_t)iters;
  n->st.iter_seqs += s->seqs * iters;
  n->st.iter_tokens += s->tokens * iters;
}

/* When the work not yet accounted started: t_sync, or for a run resumed
 * after a pause, its resumption. */
static double acc_start(const struct cstate *s)
{
  return s->k_acc ? s->t_acc : s->t_sync;
}

/* When iteration k of the run under way starts, k past its last pause
 * (the pauses so far make it later by `shift`). */
static double run_at(const struct cstate *s, size_t k)
{
  return s->t_sync + og_iter_run_seconds(&s->run, (double)k) + s->shift;
}

/* Iterations of the run under way finished by t (t past its last pause). */
static size_t run_done_at(const struct cstate *s, double t)
{
  return run_done_by(s, t - s->t_sync - s->shift);
}

/* Time t falls in the run's head: the prefill before it (plan_head). */
static int in_head(const struct cstate *s, double t)
{
  return s->head && t < s->t_sync;
}

/* The first boundary of the run under way after time t: the iteration
 * it ends (past its last pause), or 0, the run's start, in its head. */
static size_t boundary_after(const struct cstate *s, double t)
{
  if (in_head(s, t))
    return 0;
  size_t k = run_done_at(s, t) + 1;
  return k <= s->k_acc ? s->k_acc + 1 : k; /* rounding, just after a resumption */
}

/* The work under way computed until t1, from acc_start (a run: its
 * iterations from k_acc to `iters`); returns the seconds of it in the
 * measurement window. */
static double account(struct og_node *n, double t1, double iters)
{
  struct cstate *s = CS(n);
  double k0 = (double)s->k_acc;
  run_shares(n, k0, iters);
  double in = og__node_busy(n, acc_start(s), t1, s->checks, s->verify);
  count(n, iters - k0);
  return in;
}

/* The run under way was planned with room for none of the requests that
 * came since it started (its wake let them wait): the first of them, still
 * in n's queue, waits for room from the boundary after its arrival on, as
 * stepping the run one iteration at a time would find. */
static void note_wait(struct og_node *n)
{
  struct cstate *s = CS(n);
  /* a run with room was cut by its first arrival (wake, cut) to the
   * boundary after it, where nothing waited yet: only a full one can have
   * requests waiting inside it (and reading the first one's time is a
   * request's cache line) */
  if (s->plan != PLAN_RUN || s->saturated || s->room || !n->q_len)
    return;
  size_t k = boundary_after(s, n->q[n->q_head].req->t_ready);
  if (k < s->plan_k)
    s->wait_from = fmin(s->wait_from, run_at(s, k));
}

/* Share of the KV pool in use, and whether requests waited for room,
 * over `in` seconds of the window, the work under way ending at t1. */
static void account_kv(struct og_node *n, double in, double t1)
{
  struct cstate *s = CS(n);
  if (s->saturated) {
    n->st.saturated += in;
  } else if (s->wait_from < t1) {
    double t0 = fmax(s->wait_from, acc_start(s)), shift = og__node_clock_shift(n);
    n->st.saturated += og_metrics_window_overlap(n->e->m, t0 + shift, t1 + shift);
  }
  if (s->kv_pool > 0 && isfinite(s->kv_pool))
    n->st.kv_used += in * (1 - s->kv_free / s->kv_pool);
}

/* When iteration i of the plan under way (from 0) starts, node clock. */
static double iteration_start(const struct cstate *s, size_t i)
{
  double t0 = s->t_sync;
  if (s->plan == PLAN_RUN) {
    t0 += og_iter_run_seconds(&s->run, (double)i);
    for (size_t p = s->n_pause; p-- > 0;)
      if (s->pause_k[p] <= i) {
        t0 += s->pause_shift[p];
        break;
      }
  }
  return t0;
}

/* What kv_taken reads once for all of a plan's sequences: the block
 * size, the clock shift, the window's start and where each hold ends (the
 * plan's end t1 or the window's, whichever comes first). */
struct kv_span {
  uint64_t bt;
  double shift, w0, hi;
};

static void kv_span_at(const struct og_node *n, double t1, struct kv_span *k)
{
  double w1;
  k->bt = CS(n)->block_tokens;
  k->shift = og__node_clock_shift(n);
  og_metrics_window(n->e->m, &k->w0, &w1);
  k->hi = t1 + k->shift < w1 ? t1 + k->shift : w1;
}

/* Blocks decoding sequence sq takes on during the `iters` iterations of
 * the plan ending at k's t1, weighted by the seconds of the window each is
 * held: iteration i holds room for the token it writes, blocks_for(context
 * + i + 1), so it takes a block at the first iteration whose token starts
 * one, then every block_tokens iterations. account_kv counts the pool as
 * it was when the plan started; apply adds these. Each hold is clipped to
 * the window as og_metrics_window_overlap does. Inline, with the span
 * read once a plan: most sequences take no block, or one, between two
 * events, so the call was most of the cost. */
static inline double kv_taken(const struct cstate *s, const struct kv_span *k,
                              const struct seq *sq, size_t iters)
{
  uint64_t ctx = (uint64_t)sq->p0 + sq->gen, have = (uint64_t)sq->blocks * k->bt;
  uint64_t i = have > ctx ? have - ctx : 0;
  double held = 0;
  for (; i < iters; i += k->bt) {
    double t0 = iteration_start(s, (size_t)i) + k->shift;
    double lo = t0 > k->w0 ? t0 : k->w0;
    held += k->hi > lo ? k->hi - lo : 0.0;
  }
  return held;
}

/* Whether any iteration of the plan under way, ending at t1, holds KV
 * blocks inside the window: each starts at t_sync or later, so none does
 * when [t_sync, t1] misses it (a run in the drain), and kv_taken's walk
 * over every block each sequence takes on would add only zeros. */
static int kv_in_window(const struct og_node *n, double t1)
{
  double shift = og__node_clock_shift(n);
  return og_metrics_window_overlap(n->e->m, CS(n)->t_sync + shift, t1 + shift) > 0;
}

/* The plan's `iters` iterations ended by `t` (accounted): the sequences
 * move on, finished ones leave. */
static void advance(struct og_node *n, double t, double iters)
{
  struct cstate *s = CS(n);
  uint32_t mi = s->plan_model;
  struct mstate *q = &s->ms[mi];
  const struct og_model *m = &n->e->sc->models[mi];
  double bb = block_bytes(n, m);
  int chunked = cls_of(n)->chunked_prefill;
  int kv = m->llm && s->kv_pool > 0 && isfinite(s->kv_pool) && kv_in_window(n, t);
  struct kv_span ks;
  if (kv)
    kv_span_at(n, t, &ks);
  double taken = 0; /* block-seconds the decodes took on */
  n->batch_len = 0;
  size_t kept = 0;
  for (size_t i = 0; i < q->n_run; i++) {
    struct seq *sq = &q->run[i];
    if (s->plan == PLAN_PASS) {
      sq->gen = sq->out;
    } else if (s->plan == PLAN_RUN) {
      if (kv)
        taken += kv_taken(s, &ks, sq, (size_t)iters);
      sq->gen += (uint32_t)iters;
      grow_blocks(n, bb, sq);
    } else if (sq->chunk) {
      sq->done += sq->chunk;
      sq->chunk = 0;
      if (sq->done == sq->pre) { /* the prefill's token (not the request's
                                     when it went stale: retried elsewhere) */
        if (sq->gen == 0 && og__entry_live(sq->en))
          sq->en.req->t_first = t;
        sq->gen++;
      }
    } else if (sq->done == sq->pre && chunked) {
      if (kv)
        taken += kv_taken(s, &ks, sq, 1);
      sq->gen++;
      grow_blocks(n, bb, sq);
    }
    /* a request gone stale meanwhile (timed out, resolved elsewhere) runs
     * to its end, as a static batch's would, and counts wasted then
     * (og__node_finish): checking each one at every boundary would cost
     * a request's cache line per sequence per event */
    if (s->plan == PLAN_PASS || (sq->done == sq->pre && sq->gen >= sq->out)) {
      og_prefetch(sq->en.req); /* delivery reads it: cold since admission */
      if (m->llm)
        free_blocks(n, m, sq);
      if (batch_add(n, sq->en) != 0) {
        n->e->oom = 1;
        og__node_release(n, sq->en.req);
      }
      continue;
    }
    if (kept != i)
      q->run[kept] = *sq;
    kept++;
  }
  q->n_run = kept;
  if (taken > 0)
    n->st.kv_used += taken * bb / s->kv_pool;
  if (s->plan == PLAN_RUN) { /* its pauses with it (a held one's outlive the pass) */
    s->k_acc = 0;
    s->n_pause = 0;
  }
  s->t_sync = t;
  s->plan = PLAN_NONE;
  s->plan_end = INFINITY;
  deliver(n, t);
}

/* The KV blocks the planned run's sequences took on in its first `iters`
 * iterations, held until t (a run cut short by a failure). */
static void kv_grown(struct og_node *n, size_t iters, double t)
{
  struct cstate *s = CS(n);
  const struct og_model *m = &n->e->sc->models[s->plan_model];
  if (!iters || !m->llm || !(s->kv_pool > 0) || !isfinite(s->kv_pool) || !kv_in_window(n, t))
    return;
  const struct mstate *q = &s->ms[s->plan_model];
  struct kv_span ks;
  kv_span_at(n, t, &ks);
  double taken = 0;
  for (size_t i = 0; i < q->n_run; i++)
    taken += kv_taken(s, &ks, &q->run[i], iters);
  if (taken > 0)
    n->st.kv_used += taken * block_bytes(n, m) / s->kv_pool;
}

/* The plan ended at `t`: its work is accounted, its sequences move on. */
static void apply(struct og_node *n, double t, double iters)
{
  account_kv(n, account(n, t, iters), t);
  advance(n, t, iters);
}

/* The j-th of the nm models in turn from rr (j < nm). */
static uint32_t in_turn(const struct cstate *s, size_t nm, size_t j)
{
  return (uint32_t)(s->rr + j < nm ? s->rr + j : s->rr + j - nm); /* rr < nm */
}

/* The first model in turn with work (n_models when none has). */
static uint32_t next_in_turn(const struct og_node *n)
{
  const struct cstate *s = CS(n);
  size_t nm = n->e->sc->n_models;
  for (size_t j = 0; j < nm; j++)
    if (has_work(s, in_turn(s, nm, j)))
      return in_turn(s, nm, j);
  return (uint32_t)nm;
}

static void planned(struct og_node *n, uint32_t mi)
{
  struct cstate *s = CS(n);
  size_t nm = n->e->sc->n_models;
  s->plan_model = mi;
  s->rr = mi + 1 < nm ? mi + 1 : 0;
  s->saturated = 0;
  s->wait_from = INFINITY;
  for (size_t i = 0; i < nm; i++)
    s->saturated |= s->ms[i].w_len > 0;
}

/* The held run's sequences move on by its iterations, at `t` (the end of
 * the pass that held it): what applying it at the pause would have done,
 * its blocks taken since held as long as they were. */
static void unhold(struct og_node *n, double t)
{
  struct cstate *s = CS(n);
  s->held = 0;
  s->plan = PLAN_RUN;
  s->plan_model = s->h_model;
  s->t_sync = s->h_t0;
  advance(n, t, (double)s->plan_k);
}

/* A run cut before its end (an arrival of another model's request) stops
 * at its boundary for that model's pass when that model is next in turn
 * and is not an LLM: the run is accounted to here and held (its sequences
 * untouched), and the pass planned. Returns 1 when it is. The run's
 * sequences and plan are what applying and planning it afresh after the
 * pass would give (every sequence is decoding and none has finished, and
 * the pass touches no KV block), so resume takes it up again at no cost
 * per sequence; tests/run/continuous.sh holds it to the per-iteration
 * reference. */
static int pause_run(struct og_node *n)
{
  struct cstate *s = CS(n);
  /* (a run cut to none of its iterations, at its head's end, is planned
   * afresh: the prefill's boundary, where the pass comes in turn) */
  if (!s->plan_k || s->plan_k >= s->plan_kmax || s->n_pause == PAUSES_HELD ||
      cls_of(n)->per_iteration)
    return 0;
  uint32_t o = next_in_turn(n);
  if (o == s->plan_model || o >= n->e->sc->n_models || n->e->sc->models[o].llm)
    return 0;
  double t = s->plan_end;
  account_kv(n, account(n, t, (double)s->plan_k), t);
  s->held = 1;
  s->h_model = s->plan_model;
  s->h_t0 = s->t_sync;
  s->h_checks = s->checks;
  s->h_end = t;
  s->k_acc = 0;
  s->t_sync = t;
  s->plan = PLAN_NONE;
  s->plan_end = INFINITY;
  if (!plan_pass(n, o)) { /* its requests had all gone stale */
    unhold(n, t);
    return 0;
  }
  planned(n, o);
  return 1;
}

/* After the pass, the held run goes on when its model is next in turn and
 * has no request to admit (else it is unheld, and planning starts afresh). */
static int resumable(const struct og_node *n)
{
  const struct cstate *s = CS(n);
  return s->ms[s->h_model].w_len == 0 && next_in_turn(n) == s->h_model;
}

/* The held run goes on from t_sync: as planned afresh, to its first
 * completion or full pool, or for one iteration when another model has
 * work. */
static void resume(struct og_node *n)
{
  struct cstate *s = CS(n);
  uint32_t mi = s->h_model;
  double t = s->t_sync;
  double shift = s->shift + (t - s->h_end);
  size_t k = s->plan_k; /* where it stopped */
  s->pause_k[s->n_pause] = (uint32_t)k;
  s->pause_shift[s->n_pause++] = shift;
  s->held = 0;
  s->plan = PLAN_RUN;
  s->shift = shift;
  s->t_sync = s->h_t0;
  s->k_acc = (uint32_t)k;
  s->t_acc = t;
  s->plan_k = others_have_work(n, mi) ? k + 1 : s->plan_kmax;
  s->plan_end = run_at(s, s->plan_k);
  s->plan_vf = &n->e->sc->models[mi].verification;
  s->verify = og_verify_share(s->plan_vf, s->plan_end - t, (double)(s->plan_k - k));
  s->checks = s->h_checks;
  s->seqs = s->tokens = (double)s->ms[mi].n_run;
  planned(n, mi);
}

/* The next model in turn with something it can run plans it. */
static void choose_and_plan(struct og_node *n)
{
  struct cstate *s = CS(n);
  size_t nm = n->e->sc->n_models;
  for (size_t j = 0; j < nm; j++) {
    uint32_t mi = in_turn(s, nm, j);
    if (!has_work(s, mi))
      continue;
    if (plan(n, mi)) {
      planned(n, mi);
      return;
    }
  }
}

/* Events, not tokens, for a prefill too: a prefill iteration after which
 * nothing could change at its boundary (no other model with work, no
 * request waiting, none finishing with its first token, no preemption or
 * failure planning the run after it could meet) goes on into that run
 * with no event at the boundary. The prefill is applied to its sequences
 * now (advance, as at its end) and the run planned from its end, as the
 * boundary would; the run keeps the prefill's accounting as its head
 * (hd_*) until the node's next event (head_done), or a failure within it
 * loses it (failed). Until the prefill's end, the boundary is that end: an
 * arrival that matters (wake) or a timeout cuts the run to none of its
 * iterations (cut), and a request waiting for room waits from there
 * (note_wait). Each merged prefill saves an event: a third of an LLM
 * request's. */
static void plan_head(struct og_node *n)
{
  struct cstate *s = CS(n);
  const struct og_node_class *c = cls_of(n);
  uint32_t mi = s->plan_model;
  struct mstate *q = &s->ms[mi];
  const struct og_model *m = &n->e->sc->models[mi];
  if (s->plan != PLAN_ONE || c->per_iteration || c->chunked_prefill || s->purge || q->w_len ||
      others_have_work(n, mi))
    return;
  /* one new block a sequence a step: the run's first step fits */
  double bb = block_bytes(n, m);
  if (s->kv_pool > 0 && isfinite(s->kv_pool) && floor(s->kv_free / bb + 1e-9) < (double)q->n_run)
    return;
  uint32_t fresh = 0;
  for (size_t i = 0; i < q->n_run; i++) {
    const struct seq *sq = &q->run[i];
    if (!sq->chunk)
      continue;
    if (sq->gen + 1 >= sq->out) /* finishes with its first token */
      return;
    fresh += sq->gen == 0 && sq->done == 0;
  }
  double t0 = s->t_sync, compute = n->share_compute, memory = n->share_memory;
  double checks = s->checks, verify = s->verify, seqs = s->seqs, tokens = s->tokens;
  advance(n, s->plan_end, 1);
  struct og_iter_rates r;
  og_iter_rates(c, m, &r);
  plan_run(n, mi, &r); /* every sequence decodes, none finished: a run */
  planned(n, mi);
  s->head = 1;
  s->hd_t0 = t0;
  s->hd_compute = compute;
  s->hd_memory = memory;
  s->hd_checks = checks;
  s->hd_verify = verify;
  s->hd_seqs = seqs;
  s->hd_tokens = tokens;
  s->hd_fresh = fresh;
}

/* The head's prefill computed until t1: its busy time and KV use, as
 * account and account_kv of a prefill (nothing waited during it, see
 * plan_head). */
static void head_busy(struct og_node *n, double t1)
{
  struct cstate *s = CS(n);
  n->share_compute = s->hd_compute;
  n->share_memory = s->hd_memory;
  double in = og__node_busy(n, s->hd_t0, t1, s->hd_checks, s->hd_verify);
  if (s->kv_pool > 0 && isfinite(s->kv_pool))
    n->st.kv_used += in * (1 - s->kv_free / s->kv_pool);
}

/* The run's head ended (at t_sync): the prefill is accounted as the
 * boundary at its end would have. */
static void head_done(struct og_node *n)
{
  struct cstate *s = CS(n);
  s->head = 0;
  head_busy(n, s->t_sync);
  n->st.batches += 1;
  n->st.iterations += 1;
  n->st.iter_seqs += s->hd_seqs;
  n->st.iter_tokens += s->hd_tokens;
}

/* The first-token time the head gave its fresh sequences at its start
 * (plan_head) goes for r's (NULL: every one's) when it goes stale, or the
 * node fails, before the prefill's end: stepping, that end would find it
 * stale, or never come, and write none. A sequence the head prefilled has
 * made one token, at the head's end. */
static void head_unfirst(struct og_node *n, const struct og_request *r)
{
  struct cstate *s = CS(n);
  const struct mstate *q = &s->ms[s->plan_model];
  for (size_t i = 0; i < q->n_run; i++) {
    struct og_request *x = q->run[i].en.req;
    if ((!r || x == r) && q->run[i].gen == 1 && x->t_first == s->t_sync)
      x->t_first = -1;
  }
}

/* The run under way ends after its k-th iteration (k past its last pause,
 * below plan_k). */
static void cut_to(struct cstate *s, size_t k)
{
  s->plan_k = k;
  s->plan_end = run_at(s, k);
  s->verify = og_verify_share(s->plan_vf, s->plan_end - acc_start(s), (double)(k - s->k_acc));
}

/* Something needs the next boundary while a run is under way (an
 * arrival, a timeout): the run ends there. Returns its new end when that
 * is sooner, else INFINITY (nothing changed). */
static double cut(struct cstate *s, double now)
{
  if (s->plan != PLAN_RUN || (s->plan_k - s->k_acc <= 1 && !in_head(s, now)))
    return INFINITY;
  size_t k = boundary_after(s, now);
  if (k >= s->plan_k)
    return INFINITY;
  cut_to(s, k);
  return s->plan_end;
}

static double step(struct og_node *n, double now)
{
  struct cstate *s = CS(n);
  /* og__node_advance started the state's lines; start the model's
   * running sequences, read last, as soon as the state says where */
  if (s->ms) {
    const struct mstate *q = &s->ms[s->plan_model];
    og_prefetch(q);
    og_prefetch(q->run); /* all of them: a boundary walks them all */
    for (size_t b = 64; b < q->n_run * sizeof *q->run; b += 64)
      og_prefetch((const char *)q->run + b);
    for (size_t m = 0; m < MS_INLINE && m < n->e->sc->n_models; m++) {
      const struct mstate *w = &s->ms[m];
      if (w->w_cap) {
        og_prefetch(&w->wait[w->w_head]);
        og_prefetch(&w->wait[og_ring_at(w->w_head, w->w_len, w->w_cap)]);
      }
    }
    if (n->batch)
      og_prefetch(n->batch);
  }
  /* before its boundary (the actor driver runs a node when an arrival or
   * a timeout ends its run sooner) the run is cut, and arrivals wait in
   * n's queue for the boundary, as in the event loop */
  if (s->plan != PLAN_NONE && now < s->plan_end) {
    cut(s, now);
    n->engaged = 1;
    return s->plan_end;
  }
  note_wait(n);
  if (s->purge)
    purge(n);
  take_arrivals(n);
  if (s->head)
    head_done(n);
  /* a pass that pauses the run starts at its boundary: not when run late */
  if (s->plan == PLAN_RUN && now == s->plan_end && pause_run(n)) {
    n->engaged = 1;
    return s->plan_end;
  }
  if (s->plan != PLAN_NONE)
    apply(n, s->plan_end, s->plan == PLAN_RUN ? (double)s->plan_k : 1);
  if (s->held && !(now == s->t_sync && resumable(n))) /* run late: planned afresh */
    unhold(n, s->t_sync);
  if (s->t_sync < now) /* idle until now */
    s->t_sync = now;
  if (s->held) {
    resume(n);
    n->engaged = 1;
    return s->plan_end;
  }
  if (s->ms)
    choose_and_plan(n);
  plan_head(n);
  n->engaged = engaged(n);
  if (!n->q_len && s->plan == PLAN_RUN && s->plan_k == s->plan_kmax) {
    /* the run ends with a completion: its request, cold since admission,
     * is what the next step reads first (the loop prefetches the hint) */
    const struct mstate *q = &s->ms[s->plan_model];
    for (size_t i = 0; i < q->n_run; i++)
      if (q->run[i].out - q->run[i].gen == s->plan_k) {
        n->e->q_hint[n->id] = q->run[i].en.req;
        break;
      }
  }
  return s->plan == PLAN_NONE ? INFINITY : s->plan_end;
}

/* An arrival matters during a run of several iterations when the running
 * set has room for it, or it is another model's (whose turn comes at the
 * next boundary); and when nothing is planned. */
static int wake(const struct og_node *n)
{
  const struct cstate *s = CS(n);
  if (s->plan == PLAN_NONE)
    return 1;
  if (s->plan != PLAN_RUN)
    return 0;
  const struct og_qentry *tail = &n->q[og_ring_at(n->q_head, n->q_len - 1, n->q_cap)];
  if (s->plan_k - s->k_acc <= 1 && !(s->plan_k > 0 && in_head(s, tail->req->t_ready)))
    return 0;
  return tail->req->model != s->plan_model || s->room;
}

/* The loop's shortcut: what a run of step at `now` does with an arrival
 * that `wake` lets through, without moving it off n's queue (the next step
 * does, in order). */
static double arrived(struct og_node *n, double now)
{
  struct cstate *s = CS(n);
  if (s->plan == PLAN_NONE)
    return NAN;
  if (!wake(n))
    return INFINITY;
  return cut(s, now);
}

/* A request routed to n timed out: what is planned ends at its next
 * boundary, where stepping one iteration at a time lets it (and any other
 * stale request waiting) go, its load with it, and admits again. */
static double stale(struct og_node *n, struct og_request *r, double now)
{
  struct cstate *s = CS(n);
  if (in_head(s, now))
    head_unfirst(n, r);
  note_wait(n); /* it may be the first waiting, and go before the boundary */
  s->purge = 1;
  return cut(s, now);
}

/* The node failed (n->down_since): work under way is lost, every request
 * held goes back to the gateway. */
static void failed(struct og_node *n)
{
  struct cstate *s = CS(n);
  uint32_t unwasted = 0; /* sequences whose only work was a prefill lost now */
  int lost = 0;          /* the head: its prefill never ended */
  /* a failure at the prefill's end comes before its boundary (og__node_advance) */
  if (s->head && n->down_since > s->t_sync) {
    note_wait(n); /* while the head is known: a request that came in it waits from its end */
    head_done(n);
  } else if (s->head) { /* during the prefill: what its own plan's failure counts */
    head_unfirst(n, NULL);
    s->head = 0;
    if (n->down_since > s->hd_t0)
      head_busy(n, n->down_since);
    unwasted = s->hd_fresh;
    lost = 1;
  }
  double t = fmin(n->down_since, s->plan_end);
  /* a run's iterations finished by the failure (it came during the next
   * one): they count, with the blocks they took on held until then, as
   * when the run is stepped one iteration at a time */
  size_t done = s->plan == PLAN_RUN && t > s->t_sync ? run_done_at(s, t) : 0;
  if (s->plan != PLAN_NONE && n->down_since > acc_start(s)) {
    run_shares(n, (double)s->k_acc, (double)(done < s->plan_k ? done + 1 : s->plan_k));
    note_wait(n);
    account_kv(n, og__node_busy(n, acc_start(s), t, s->checks, s->verify), t);
  }
  /* the blocks of all of them, those before a pause too: a run resumed
   * takes its blocks on only when it ends */
  kv_grown(n, done > s->k_acc ? done : s->k_acc, t);
  if (done > s->k_acc)
    count(n, (double)(done - s->k_acc));
  if (s->held) /* the same for the run held while the pass ran */
    unhold(n, fmax(s->h_end, fmin(n->down_since, s->plan_end)));
  for (size_t i = 0; s->ms && i < n->e->sc->n_models; i++) {
    struct mstate *q = &s->ms[i];
    for (size_t j = 0; j < q->n_run; j++)
      drop(n, &q->run[j], 1);
    while (q->w_len) {
      struct seq sq = wait_pop(q);
      drop(n, &sq, 1);
    }
    q->n_run = 0;
  }
  n->st.wasted -= unwasted;
  if (lost) /* the node's state is of the prefill's start, as its own plan's */
    s->t_sync = s->hd_t0;
  s->kv_free = s->kv_pool;
  s->plan = PLAN_NONE;
  s->plan_end = INFINITY;
  s->held = 0;
  s->k_acc = 0;
  s->n_pause = 0;
  n->engaged = 0;
}

/* The run ended at `now` with n up: the iterations of the run under way
 * finished by then count, as the per-iteration reference counts each at
 * its end (the one under way at `now` does not); a run held for a pass
 * under way takes its blocks on until the pass began (the pass, as any
 * plan not ended, does not count). A run can outlast the run's end by
 * seconds: serving requests that timed out, or past the hard stop. */
static void run_end(struct og_node *n, double now)
{
  struct cstate *s = CS(n);
  if (s->head) { /* a prefill under way does not count, one ended does */
    if (in_head(s, now))
      return;
    note_wait(n); /* while the head is known: a request that came in it waits from its end */
    head_done(n);
  }
  if (s->held) {
    unhold(n, s->h_end);
    return;
  }
  if (s->plan != PLAN_RUN || !(now > acc_start(s)))
    return;
  size_t k = run_done_at(s, now);
  if (k >= s->plan_k) /* rounding: its end's event ran by now */
    k = s->plan_k - 1;
  if (k <= s->k_acc) { /* none since it resumed: the blocks of those before */
    if (s->k_acc)
      advance(n, acc_start(s), (double)s->k_acc);
    return;
  }
  cut_to(s, k);
  note_wait(n);
  apply(n, s->plan_end, (double)k);
}

/* Demand placement changed the models n holds: the KV pool is what their
 * weights leave. Blocks in use stay; a pool that shrank below them admits
 * nothing until enough sequences end. */
static void hosted_changed(struct og_node *n)
{
  struct cstate *s = CS(n);
  double pool = og_kv_pool(n->e->sc, cls_of(n), og__node_group(n));
  if (isfinite(pool) && isfinite(s->kv_pool))
    s->kv_free += pool - s->kv_pool;
  else
    s->kv_free = pool; /* memory not modelled */
  s->kv_pool = pool;
}

const struct og_serving_type og_serving_continuous = {
  .node_state = sizeof(struct cstate),
  .node_setup = setup,
  .node_free = node_free,
  .step = step,
  .wake = wake,
  .arrived = arrived,
  .failed = failed,
  .hosted_changed = hosted_changed,
  .run_end = run_end,
  .stale = stale,
  .own_queue = 1,
};
